// Field sets for managedFields (a simplified sigs.k8s.io/structured-merge-diff fieldpath.Set): the fields
// of an object as FieldsV1 paths (`f:spec`, `f:tags`, `k:{"name":"x"}`, `.` for a node that has children),
// as path lists, as FieldsV1 tries, and, for an update, as one tree that marks which leaves the write changed.

import { isPlainObject, sameStable, stableStringify } from './json.js'

/** Merge keys of associative lists by dotted path (from the kind's schema). */
export type ListKeys = Record<string, string>

/** ObjectMeta fields managedFields never track. */
export const SKIP_META = new Set(['name', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields', 'selfLink', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generateName'])

export interface Trie {
  [k: string]: Trie
}

/**
 * Every field of `v` as a path (`f:spec`, `f:tags`, `k:{"name":"x"}`, … with `.` for a node that has
 * children), keyed by the path joined with U+0001, in document order. `joined` and `dotted` are `path`
 * already joined (by U+0001, and by `.` without the `f:` prefixes, the form ListKeys use).
 */
export function leaves(v: unknown, path: string[], keys: ListKeys, out: Map<string, string[]>, joined = '', dotted = ''): void {
  if (isPlainObject(v)) {
    const topMeta = path.length === 1 && path[0] === 'f:metadata'
    // null is not tracked (as structured-merge-diff does not track a field serialised as null).
    const fields: string[] = []
    for (const k of Object.keys(v)) {
      const x = v[k]
      if (x !== undefined && x !== null && !(topMeta && SKIP_META.has(k))) fields.push(k)
    }
    if (path.length && fields.length) out.set(`${joined}\u0001.`, [...path, '.'])
    for (const k of fields) {
      if (path.length === 0 && (k === 'kind' || k === 'apiVersion')) continue
      const seg = `f:${k}`
      leaves(v[k], [...path, seg], keys, out, path.length ? `${joined}\u0001${seg}` : seg, path.length ? `${dotted}.${k}` : k)
    }
    return
  }
  const mk = keys[dotted]
  if (Array.isArray(v) && mk) {
    out.set(`${joined}\u0001.`, [...path, '.'])
    for (const item of v) {
      if (!isPlainObject(item)) continue
      const seg = `k:${JSON.stringify({ [mk]: item[mk] })}`
      leaves(item, [...path, seg], {}, out, `${joined}\u0001${seg}`, `${dotted}.${seg}`)
    }
    return
  }
  if (path.length) out.set(joined, path)
}

export function trieOf(paths: Iterable<string[]>): Trie {
  const root: Trie = {}
  for (const p of paths) {
    let node = root
    for (const seg of p) node = node[seg] ??= {}
  }
  return root
}

export function pathsOf(t: Trie | undefined, prefix: string[] = [], out: Map<string, string[]> = new Map()): Map<string, string[]> {
  for (const [k, v] of Object.entries(t ?? {})) {
    const p = [...prefix, k]
    if (k === '.' || Object.keys(v).length === 0) out.set(p.join('\u0001'), p)
    else pathsOf(v, p, out)
  }
  return out
}

export function valueAt(obj: unknown, path: string[]): string {
  let cur: unknown = obj
  for (const seg of path) {
    // `.` marks the node itself: what matters is that it exists, not its (whole-subtree) value.
    if (seg === '.') return cur === undefined ? '<absent>' : '<present>'
    if (seg.startsWith('f:')) cur = isPlainObject(cur) ? cur[seg.slice(2)] : undefined
    else if (seg.startsWith('k:')) {
      const key = JSON.parse(seg.slice(2)) as Record<string, unknown>
      // Items that lack the merge key (e.g. Image.signatures keyed by `name`) produce `k:{}`.
      const first = Object.entries(key)[0]
      cur = Array.isArray(cur) && first ? cur.find((i) => isPlainObject(i) && i[first[0]] === first[1]) : undefined
    }
  }
  return stableStringify(cur)
}


/** The leaves of an object as a tree of path segments; each leaf knows whether the write changed it. */
export interface FieldSet {
  leaf: boolean
  changed: boolean
  kids: Map<string, FieldSet> | undefined
}

/** The set's root: also its changed leaves, in the order the walk found them, with their paths. */
export interface ChangedFieldSet extends FieldSet {
  changes: Array<{ node: FieldSet; path: string[] }>
}

const newNode = (): FieldSet => ({ leaf: false, changed: false, kids: undefined })

function kid(n: FieldSet, seg: string): FieldSet {
  let kids = n.kids
  if (!kids) n.kids = kids = new Map()
  let c = kids.get(seg)
  if (!c) kids.set(seg, (c = newNode()))
  return c
}

/**
 * The leaves of `newObj` (the paths `leaves` lists, in its order), each marked changed when
 * `valueAt(oldObj, p) !== valueAt(newObj, p)`, or every one without an old object. One walk of the new
 * object: it carries what valueAt reaches at the same path in each object (inside a repeated list item,
 * the first item with that key, as valueAt finds it).
 */
export function changedFieldSet(newObj: unknown, oldObj: unknown, keys: ListKeys): ChangedFieldSet {
  const root: ChangedFieldSet = { ...newNode(), changes: [] }
  walkChanges(newObj, oldObj, newObj, oldObj === undefined, keys, root, [], root, false, '')
  return root
}

/**
 * Mark `node` (at `path`) a leaf; a path met again (a repeated list item) keeps what its first visit found,
 * as in `leaves`. Changed leaves are listed in the order found: the set's own key order may differ (a node
 * is made when the walk enters it, even if no leaf turns up under it), and nothing depends on it.
 */
function mark(root: ChangedFieldSet, node: FieldSet, path: string[], differs: boolean): void {
  if (node.leaf) return
  node.leaf = true
  node.changed = differs
  if (differs) root.changes.push({ node, path: path.slice() })
}

function walkChanges(v: unknown, oldAt: unknown, newAt: unknown, all: boolean, keys: ListKeys, node: FieldSet, path: string[], root: ChangedFieldSet, topMeta: boolean, dotted: string): void {
  const depth = path.length
  if (isPlainObject(v)) {
    const fields: string[] = []
    for (const k of Object.keys(v)) {
      const x = v[k]
      if (x !== undefined && x !== null && !(topMeta && SKIP_META.has(k))) fields.push(k)
    }
    if (depth && fields.length) {
      path.push('.')
      mark(root, kid(node, '.'), path, all || (oldAt === undefined) !== (newAt === undefined))
      path.pop()
    }
    const oldObj = isPlainObject(oldAt) ? oldAt : undefined
    const newObj = isPlainObject(newAt) ? newAt : undefined
    for (const k of fields) {
      if (depth === 0 && (k === 'kind' || k === 'apiVersion')) continue
      const seg = `f:${k}`
      path.push(seg)
      walkChanges(v[k], oldObj?.[k], newObj?.[k], all, keys, kid(node, seg), path, root, depth === 0 && k === 'metadata', depth ? `${dotted}.${k}` : k)
      path.pop()
    }
    return
  }
  const mk = keys[dotted]
  if (Array.isArray(v) && mk) {
    path.push('.')
    mark(root, kid(node, '.'), path, all || (oldAt === undefined) !== (newAt === undefined))
    path.pop()
    for (const item of v) {
      if (!isPlainObject(item)) continue
      const seg = `k:${JSON.stringify({ [mk]: item[mk] })}`
      const key = keyedLookup(item[mk])
      path.push(seg)
      walkChanges(item, keyedItem(oldAt, mk, key), keyedItem(newAt, mk, key), all, {}, kid(node, seg), path, root, false, `${dotted}.${seg}`)
      path.pop()
    }
    return
  }
  if (depth) mark(root, node, path, all || !sameStable(oldAt, newAt))
}

const NO_KEY = Symbol('no key')

/** The value valueAt looks for after a `k:` segment made of `v` (its JSON round trip), or NO_KEY. */
function keyedLookup(v: unknown): unknown {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v
  if (typeof v === 'number') return Number.isFinite(v) ? v : null
  // undefined (`k:{}`), objects (a fresh parsed copy is never ===) and anything JSON leaves out find nothing.
  return NO_KEY
}

function keyedItem(list: unknown, mk: string, key: unknown): unknown {
  if (key === NO_KEY || !Array.isArray(list)) return undefined
  return list.find((i) => isPlainObject(i) && i[mk] === key)
}

function nodeAt(set: FieldSet, path: string[]): FieldSet | undefined {
  let n: FieldSet | undefined = set
  for (const seg of path) n = n?.kids?.get(seg)
  return n
}

/** Whether `path` is a leaf of the set. */
export function hasLeaf(set: FieldSet, path: string[]): boolean {
  return nodeAt(set, path)?.leaf === true
}

/** Count no leaf at or under `prefix` as changed (a field the write path resets). */
export function unmarkChanged(set: FieldSet, prefix: string[]): void {
  const clear = (n: FieldSet) => {
    n.changed = false
    for (const c of n.kids?.values() ?? []) clear(c)
  }
  const n = nodeAt(set, prefix)
  if (n) clear(n)
}

/**
 * A fresh copy of a FieldsV1 trie keeping only its leaves (`.` or childless nodes) that are leaves of the
 * object, minus, for another manager's entry (`mine` false), the changed ones other than `.` (taken over);
 * in the same key order. A node left without children goes.
 */
export function filterTrie(t: Trie | undefined, set: FieldSet | undefined, mine: boolean): Trie {
  const out: Trie = {}
  if (!t) return out
  for (const k of Object.keys(t)) {
    const v = t[k]!
    const n = set?.kids?.get(k)
    if (k === '.' || Object.keys(v).length === 0) {
      if (n?.leaf && (mine || !n.changed || k === '.')) out[k] = {}
    } else {
      const sub = filterTrie(v, n, mine)
      if (Object.keys(sub).length) out[k] = sub
    }
  }
  return out
}

/** Add the changed leaves to a FieldsV1 trie, in the order the walk found them (as `trieOf` would). */
export function insertChanged(set: ChangedFieldSet, into: Trie): void {
  for (const { node, path } of set.changes) {
    // A leaf a reset field covers is no longer changed.
    if (!node.changed) continue
    let t = into
    for (const seg of path) t = t[seg] ??= {}
  }
}
