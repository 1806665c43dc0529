// Field sets for managedFields (a simplified sigs.k8s.io/structured-merge-diff fieldpath.Set): the fields
// of an object as FieldsV1 paths (`f:spec`, `f:tags`, `k:{"name":"x"}`, `.` for a node that has children),
// as path lists, as FieldsV1 tries, and, for an update, as one tree that marks which leaves the write changed.

import { isPlainObject, sameStable, stableStringify } from './json.js'
import { memoize } from './recent.js'

/** Merge keys of associative lists by dotted path (from the kind's schema). */
export type ListKeys = Record<string, string>

/**
 * `f:<name>`, the same string each time: objects get these as keys again and again, and a string made
 * anew must be flattened and hashed on every use.
 */
export const fieldSegment = memoize((name: string) => `f:${name}`, 4096)

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
  const mk = Array.isArray(v) ? keys[dotted] : undefined
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
/**
 * Changed leaves of a write as a tree of path segments (only along changed paths), and the parts the walk
 * found equal in both objects (`same`: at paths without a list key, where both objects have the very
 * same fields below).
 */
export interface FieldSet {
  changed: boolean
  same: boolean
  kids: Map<string, FieldSet> | undefined
}

/** The changed leaves of a write: as a tree, and in the order the walk found them, with their paths. */
export interface Changes {
  root: FieldSet
  list: Array<{ node: FieldSet; path: string[] }>
}

const newNode = (): FieldSet => ({ changed: false, same: false, kids: undefined })

function kid(n: FieldSet, seg: string): FieldSet {
  let kids = n.kids
  if (!kids) n.kids = kids = new Map()
  let c = kids.get(seg)
  if (!c) kids.set(seg, (c = newNode()))
  return c
}

/**
 * The leaves of `newObj` (the paths `leaves` lists, in its order) for which
 * `valueAt(oldObj, p) !== valueAt(newObj, p)`, or every leaf without an old object. One walk of the new
 * object carrying what valueAt reaches at the same path in each object (inside a repeated list item, the
 * first item with that key, as valueAt finds it); a part where both are equal has no changed leaf and is
 * not entered.
 */
export function changedFields(newObj: unknown, oldObj: unknown, keys: ListKeys): Changes {
  const changes: Changes = { root: newNode(), list: [] }
  walkChanges(newObj, oldObj, newObj, oldObj === undefined, keys, [], changes, false, '', true)
  return changes
}

/** Record a changed leaf; a path met again (a repeated list item) is listed once, where first found. */
function record(changes: Changes, path: string[]): void {
  let node = changes.root
  for (const seg of path) node = kid(node, seg)
  if (node.changed) return
  node.changed = true
  changes.list.push({ node, path: path.slice() })
}

/** `plain`: no list key on the path, so oldAt and newAt are the objects' own parts at it (v is newAt). */
function walkChanges(v: unknown, oldAt: unknown, newAt: unknown, all: boolean, keys: ListKeys, path: string[], changes: Changes, topMeta: boolean, dotted: string, plain: boolean): void {
  const depth = path.length
  // Equal parts (and, for `.`, both present or both absent: null is present) have nothing changed below.
  if (!all && depth && (oldAt === undefined) === (newAt === undefined) && sameStable(oldAt, newAt)) {
    if (plain && oldAt !== undefined) {
      let node = changes.root
      for (const seg of path) node = kid(node, seg)
      node.same = true
    }
    return
  }
  if (isPlainObject(v)) {
    const fields: string[] = []
    for (const k of Object.keys(v)) {
      const x = v[k]
      if (x !== undefined && x !== null && !(topMeta && SKIP_META.has(k))) fields.push(k)
    }
    if (depth && fields.length && (all || (oldAt === undefined) !== (newAt === undefined))) {
      path.push('.')
      record(changes, path)
      path.pop()
    }
    const oldObj = isPlainObject(oldAt) ? oldAt : undefined
    const newObj = isPlainObject(newAt) ? newAt : undefined
    for (const k of fields) {
      if (depth === 0 && (k === 'kind' || k === 'apiVersion')) continue
      path.push(fieldSegment(k))
      walkChanges(v[k], oldObj?.[k], newObj?.[k], all, keys, path, changes, depth === 0 && k === 'metadata', depth ? `${dotted}.${k}` : k, plain)
      path.pop()
    }
    return
  }
  const mk = Array.isArray(v) ? keys[dotted] : undefined
  if (Array.isArray(v) && mk) {
    if (all || (oldAt === undefined) !== (newAt === undefined)) {
      path.push('.')
      record(changes, path)
      path.pop()
    }
    for (const item of v) {
      if (!isPlainObject(item)) continue
      const seg = `k:${JSON.stringify({ [mk]: item[mk] })}`
      const key = keyedLookup(item[mk])
      path.push(seg)
      walkChanges(item, keyedItem(oldAt, mk, key), keyedItem(newAt, mk, key), all, {}, path, changes, false, `${dotted}.${seg}`, false)
      path.pop()
    }
    return
  }
  // A leaf compares by value only (null and absent are equal here, unlike for `.`).
  if (depth && (all || !sameStable(oldAt, newAt))) record(changes, path)
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

/**
 * Where a path stands in the new object as `leaves` walks it: the values there (more than one below a
 * list key that several items share: `leaves` walks each of them), and what `leaves` carries along.
 */
interface Place {
  values: unknown[]
  depth: number
  topMeta: boolean
  dotted: string
  keys: ListKeys
}

/** A field `leaves` walks: present, not null, not skipped. */
function walked(v: Record<string, unknown>, k: string, at: Place): boolean {
  const x = v[k]
  if (x === undefined || x === null || !Object.prototype.hasOwnProperty.call(v, k)) return false
  if (at.topMeta && SKIP_META.has(k)) return false
  return !(at.depth === 0 && (k === 'kind' || k === 'apiVersion'))
}

/** The place one segment further down (no values: the path is not in the object). */
function down(at: Place, seg: string): Place {
  const values: unknown[] = []
  if (seg.startsWith('f:')) {
    const k = seg.slice(2)
    for (const v of at.values) if (isPlainObject(v) && walked(v, k, at)) values.push(v[k])
    return { values, depth: at.depth + 1, topMeta: at.depth === 0 && k === 'metadata', dotted: at.depth ? `${at.dotted}.${k}` : k, keys: at.keys }
  }
  if (seg.startsWith('k:')) {
    const mk = at.keys[at.dotted]
    if (mk) {
      for (const v of at.values) {
        if (!Array.isArray(v)) continue
        for (const item of v) if (isPlainObject(item) && `k:${JSON.stringify({ [mk]: item[mk] })}` === seg) values.push(item)
      }
    }
    return { values, depth: at.depth + 1, topMeta: false, dotted: `${at.dotted}.${seg}`, keys: {} }
  }
  return { values, depth: at.depth + 1, topMeta: false, dotted: at.dotted, keys: at.keys }
}

/** Whether the last segment `seg` below `at` is one of the leaves `leaves` lists. */
function isLeafAt(at: Place, seg: string): boolean {
  if (seg === '.') {
    // An object with fields (not the root), or an associative list.
    for (const v of at.values) {
      if (isPlainObject(v)) {
        if (at.depth > 0) for (const k in v) if (walked(v, k, at)) return true
      } else if (Array.isArray(v) && at.keys[at.dotted]) return true
    }
    return false
  }
  if (!seg.startsWith('f:')) return false // a list item itself is never a leaf, only its fields
  // A walked field whose value is neither an object nor an associative list.
  const k = seg.slice(2)
  for (const v of at.values) {
    if (!isPlainObject(v) || !walked(v, k, at)) continue
    const x = v[k]
    if (isPlainObject(x)) continue
    if (Array.isArray(x) && at.keys[at.depth ? `${at.dotted}.${k}` : k]) continue
    return true
  }
  return false
}

const rootPlace = (obj: unknown, keys: ListKeys): Place => ({ values: [obj], depth: 0, topMeta: false, dotted: '', keys })

/** Whether `path` is one of the leaves `leaves(obj)` lists. */
export function hasLeaf(obj: unknown, keys: ListKeys, path: string[]): boolean {
  if (!path.length) return false
  let at = rootPlace(obj, keys)
  for (let i = 0; i < path.length - 1 && at.values.length; i++) at = down(at, path[i]!)
  return at.values.length > 0 && isLeafAt(at, path[path.length - 1]!)
}

/** Count no leaf at or under `prefix` as changed (a field the write path resets). */
export function unmarkChanged(changes: Changes, prefix: string[]): void {
  const clear = (n: FieldSet) => {
    n.changed = false
    for (const c of n.kids?.values() ?? []) clear(c)
  }
  let n: FieldSet | undefined = changes.root
  for (const seg of prefix) n = n?.kids?.get(seg)
  if (n) clear(n)
}

/**
 * A fresh copy of a FieldsV1 trie keeping only its leaves (`.` or childless nodes) that are leaves of the
 * new object, minus, for another manager's entry (`mine` false), the changed ones other than `.` (taken
 * over); in the same key order. A node left without children goes.
 * `consistent`: every leaf of the trie is a leaf of the old object (it was filtered against that very
 * object when it was written, see managed-fields.ts). Then a part the walk found the same in both objects
 * keeps its leaves as they are, without looking them up.
 */
export function filterTrie(t: Trie | undefined, newObj: unknown, keys: ListKeys, changes: Changes, mine: boolean, consistent = false): Trie {
  return t ? filterAt(t, rootPlace(newObj, keys), changes.root, mine, consistent) : {}
}

function filterAt(t: Trie, at: Place, changed: FieldSet | undefined, mine: boolean, consistent: boolean): Trie {
  const out: Trie = {}
  for (const k in t) {
    if (!Object.prototype.hasOwnProperty.call(t, k)) continue
    const v = t[k]!
    const c = changed?.kids?.get(k)
    if (consistent && c?.same) {
      out[k] = copyTrie(v)
    } else if (k === '.' || !hasKeys(v)) {
      if (isLeafAt(at, k) && (mine || k === '.' || !c?.changed)) out[k] = {}
    } else {
      const next = down(at, k)
      if (!next.values.length) continue
      const sub = filterAt(v, next, c, mine, consistent)
      if (hasKeys(sub)) out[k] = sub
    }
  }
  return out
}

function copyTrie(t: Trie): Trie {
  const out: Trie = {}
  for (const k in t) if (Object.prototype.hasOwnProperty.call(t, k)) out[k] = copyTrie(t[k]!)
  return out
}

/** Whether a trie node has children (without listing them). */
export function hasKeys(t: Trie): boolean {
  for (const k in t) if (Object.prototype.hasOwnProperty.call(t, k)) return true
  return false
}

/** Add the changed leaves to a FieldsV1 trie, in the order the walk found them (as `trieOf` would). */
export function insertChanged(changes: Changes, into: Trie): void {
  for (const { node, path } of changes.list) {
    // A leaf a reset field covers is no longer changed.
    if (!node.changed) continue
    let t = into
    for (const seg of path) t = t[seg] ??= {}
  }
}
