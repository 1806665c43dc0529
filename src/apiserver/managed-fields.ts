// managedFields bookkeeping (simplified structured-merge-diff): each write records, for its manager and
// operation, the set of fields it set or changed, as a FieldsV1 trie; fields it takes over are removed
// from other managers. Associative lists use `k:{...}` keys when a merge key is known.
// Server-side apply (sigs.k8s.io/structured-merge-diff merge.Updater.Apply): the applier owns exactly the
// fields of its applied configuration; fields it applied last time and omits now are removed from the
// object unless another manager owns them (prune); fields of other managers whose value the apply changes
// are conflicts (409) unless `force`, which moves them to the applier.
// fidelity: apiserver.managed-fields

import type { KubeObject, ManagedFieldsEntry } from '../image/types.js'
import { goQuote } from './errors.js'
import { isPlainObject, sameStable, stableStringify } from './json.js'
import { managedFieldsEntries } from './managed-fields-type.js'

/** Merge keys of associative lists by dotted path (from the kind's schema). */
export type ListKeys = Record<string, string>

const DEFAULT_LIST_KEYS: ListKeys = { 'metadata.ownerReferences': 'uid' }
const SKIP_META = new Set(['name', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields', 'selfLink', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generateName'])

interface Trie {
  [k: string]: Trie
}

/**
 * Every field of `v` as a path (`f:spec`, `f:tags`, `k:{"name":"x"}`, … with `.` for a node that has
 * children), keyed by the path joined with U+0001, in document order. `joined` and `dotted` are `path`
 * already joined (by U+0001, and by `.` without the `f:` prefixes, the form ListKeys use).
 */
function leaves(v: unknown, path: string[], keys: ListKeys, out: Map<string, string[]>, joined = '', dotted = ''): void {
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

/**
 * `leaves(v)` and, in the same walk, the leaves whose value differs between the old and the new object:
 * those for which `valueAt(old, p) !== valueAt(newObj, p)`. `oldAt` and `newAt` are what valueAt reaches
 * at `path` in each object (so inside a repeated list item, `newAt` is the first item with that key, as
 * valueAt finds it). Both maps get their keys in the order `leaves` gives them.
 */
function changedLeaves(
  v: unknown,
  oldAt: unknown,
  newAt: unknown,
  path: string[],
  keys: ListKeys,
  out: Map<string, string[]>,
  changed: Map<string, string[]>,
  joined = '',
  dotted = '',
): void {
  const add = (k: string, p: string[], differs: boolean) => {
    if (out.has(k)) return
    out.set(k, p)
    if (differs) changed.set(k, p)
  }
  if (isPlainObject(v)) {
    const topMeta = path.length === 1 && path[0] === 'f:metadata'
    const fields: string[] = []
    for (const k of Object.keys(v)) {
      const x = v[k]
      if (x !== undefined && x !== null && !(topMeta && SKIP_META.has(k))) fields.push(k)
    }
    if (path.length && fields.length) add(`${joined}\u0001.`, [...path, '.'], (oldAt === undefined) !== (newAt === undefined))
    const oldObj = isPlainObject(oldAt) ? oldAt : undefined
    const newObj = isPlainObject(newAt) ? newAt : undefined
    for (const k of fields) {
      if (path.length === 0 && (k === 'kind' || k === 'apiVersion')) continue
      const seg = `f:${k}`
      changedLeaves(v[k], oldObj?.[k], newObj?.[k], [...path, seg], keys, out, changed, path.length ? `${joined}\u0001${seg}` : seg, path.length ? `${dotted}.${k}` : k)
    }
    return
  }
  const mk = keys[dotted]
  if (Array.isArray(v) && mk) {
    add(`${joined}\u0001.`, [...path, '.'], (oldAt === undefined) !== (newAt === undefined))
    for (const item of v) {
      if (!isPlainObject(item)) continue
      const seg = `k:${JSON.stringify({ [mk]: item[mk] })}`
      const key = keyedLookup(item[mk])
      changedLeaves(item, keyedItem(oldAt, mk, key), keyedItem(newAt, mk, key), [...path, seg], {}, out, changed, `${joined}\u0001${seg}`, `${dotted}.${seg}`)
    }
    return
  }
  if (path.length) add(joined, path, !sameStable(oldAt, newAt))
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

function trieOf(paths: Iterable<string[]>): Trie {
  const root: Trie = {}
  for (const p of paths) {
    let node = root
    for (const seg of p) node = node[seg] ??= {}
  }
  return root
}

function pathsOf(t: Trie | undefined, prefix: string[] = [], out: Map<string, string[]> = new Map()): Map<string, string[]> {
  for (const [k, v] of Object.entries(t ?? {})) {
    const p = [...prefix, k]
    if (k === '.' || Object.keys(v).length === 0) out.set(p.join('\u0001'), p)
    else pathsOf(v, p, out)
  }
  return out
}

/**
 * `trieOf([...pathsOf(t)].filter(keep))` without the paths: a fresh trie with the leaves (`.` or childless
 * nodes) whose joined path `keep` accepts, in the same key order; a node left without children goes.
 */
function filterTrie(t: Trie | undefined, joined: string, keep: (joined: string) => boolean): Trie {
  const out: Trie = {}
  if (!t) return out
  for (const k of Object.keys(t)) {
    const v = t[k]!
    const j = joined ? `${joined}\u0001${k}` : k
    if (k === '.' || Object.keys(v).length === 0) {
      if (keep(j)) out[k] = {}
    } else {
      const sub = filterTrie(v, j, keep)
      if (Object.keys(sub).length) out[k] = sub
    }
  }
  return out
}

function valueAt(obj: unknown, path: string[]): string {
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

export interface ManagedFieldsInput {
  existing: ManagedFieldsEntry[] | undefined
  oldObj: KubeObject | undefined
  newObj: KubeObject
  manager: string
  operation: 'Update' | 'Apply'
  apiVersion: string
  time: string
  subresource?: string
  listKeys?: ListKeys
  /** Server-side apply: the applied configuration, whose fields the applier owns (and only those). */
  applied?: KubeObject
  /** Fields (dotted paths) the write path resets (the strategy's resetFields): not owned through it. */
  resetFields?: string[]
}

export function updateManagedFields(input: ManagedFieldsInput): ManagedFieldsEntry[] | undefined {
  const keys = { ...DEFAULT_LIST_KEYS, ...input.listKeys }
  // A client may reset managedFields by sending [{}].
  let entries = managedFieldsEntries<ManagedFieldsEntry>(input.existing)
  if (!input.oldObj && !input.applied && entries.length === 0) return createdEntries(input, keys)
  const newLeaves = new Map<string, string[]>()
  let changed: Map<string, string[]>
  if (!input.oldObj) {
    leaves(input.newObj, [], keys, newLeaves)
    changed = new Map(newLeaves)
  } else {
    changed = new Map()
    changedLeaves(input.newObj, input.oldObj, input.newObj, [], keys, newLeaves, changed)
  }
  const reset = (input.resetFields ?? []).map((f) => f.split('.').map((s) => `f:${s}`))
  const isReset = (p: string[]) => reset.some((r) => r.every((seg, i) => p[i] === seg))
  if (reset.length) for (const [k, p] of changed) if (isReset(p)) changed.delete(k)
  // Other managers lose what this one took over; every manager loses fields that no longer exist.
  entries = entries
    .map((e) => {
      const mine = e.manager === input.manager && e.operation === input.operation && (e.subresource ?? '') === (input.subresource ?? '')
      const keep = (k: string) => newLeaves.has(k) && (mine || !changed.has(k) || k.endsWith('\u0001.'))
      return { ...e, fieldsV1: filterTrie(e.fieldsV1 as Trie | undefined, '', keep) }
    })
    .filter((e) => Object.keys(e.fieldsV1 ?? {}).length > 0 || e.manager === input.manager)
  let own = entries.find((e) => e.manager === input.manager && e.operation === input.operation && (e.subresource ?? '') === (input.subresource ?? ''))
  // The writer's fields: what it applied (apply), or what it owned plus what this write changed.
  let mine: Trie
  if (input.applied) {
    const paths = new Map<string, string[]>()
    const applied = new Map<string, string[]>()
    leaves(input.applied, [], keys, applied)
    for (const [k, p] of applied) if (newLeaves.has(k) && !isReset(p)) paths.set(k, p)
    mine = trieOf(paths.values())
  } else {
    // filterTrie made own's trie a fresh copy: adding to it in place is `trieOf(pathsOf(own) + changed)`.
    mine = (own?.fieldsV1 as Trie | undefined) ?? {}
    for (const p of changed.values()) {
      let node = mine
      for (const seg of p) node = node[seg] ??= {}
    }
  }
  if (!own && Object.keys(mine).length === 0 && input.oldObj) return entries.length ? entries : undefined
  if (!own) {
    own = { manager: input.manager, operation: input.operation, apiVersion: input.apiVersion, time: input.time, fieldsType: 'FieldsV1', fieldsV1: {} }
    entries.push(own)
  }
  own.time = input.time
  own.apiVersion = input.apiVersion
  own.fieldsV1 = mine
  if (input.subresource) own.subresource = input.subresource
  entries = entries.filter((e) => Object.keys(e.fieldsV1 ?? {}).length > 0)
  entries.sort((a, b) =>
    a.operation !== b.operation ? (a.operation === 'Apply' ? -1 : 1) : (a.time ?? '') < (b.time ?? '') ? -1 : (a.time ?? '') > (b.time ?? '') ? 1 : (a.manager ?? '').localeCompare(b.manager ?? ''),
  )
  return entries.map(orderEntry)
}

/**
 * The entries of a create (or a seed) with no managedFields yet and no applied configuration: the writer
 * owns every field of the object but the reset ones. The same result as the general path below (every
 * leaf changed, no other manager), built in one walk of the object instead of through field paths.
 */
function createdEntries(input: ManagedFieldsInput, keys: ListKeys): ManagedFieldsEntry[] {
  const trie: Trie = {}
  fillFields(input.newObj, keys, trie, 0, false, '')
  for (const f of input.resetFields ?? []) {
    const segs = f.split('.').map((s) => `f:${s}`)
    let node: Trie | undefined = trie
    for (let i = 0; node && i < segs.length - 1; i++) node = node[segs[i]!]
    if (node) delete node[segs[segs.length - 1]!]
  }
  if (Object.keys(trie).length === 0) return []
  const own: ManagedFieldsEntry = { manager: input.manager, operation: input.operation, apiVersion: input.apiVersion, time: input.time, fieldsType: 'FieldsV1', fieldsV1: trie }
  if (input.subresource) own.subresource = input.subresource
  return [orderEntry(own)]
}

/** `trieOf(leaves(v))` in one walk, in the same key order; true when `node` got anything. */
function fillFields(v: unknown, keys: ListKeys, node: Trie, depth: number, topMeta: boolean, dotted: string): boolean {
  if (isPlainObject(v)) {
    const fields: string[] = []
    for (const k of Object.keys(v)) {
      const x = v[k]
      if (x !== undefined && x !== null && !(topMeta && SKIP_META.has(k))) fields.push(k)
    }
    if (depth && fields.length) node['.'] = {}
    for (const k of fields) {
      if (depth === 0 && (k === 'kind' || k === 'apiVersion')) continue
      const child: Trie = {}
      if (fillFields(v[k], keys, child, depth + 1, depth === 0 && k === 'metadata', depth ? `${dotted}.${k}` : k)) node[`f:${k}`] = child
    }
    return depth > 0 && fields.length > 0 ? true : Object.keys(node).length > 0
  }
  const mk = keys[dotted]
  if (Array.isArray(v) && mk) {
    node['.'] = {}
    for (const item of v) {
      if (!isPlainObject(item)) continue
      const seg = `k:${JSON.stringify({ [mk]: item[mk] })}`
      const child: Trie = {}
      if (!fillFields(item, {}, child, depth + 1, false, `${dotted}.${seg}`)) continue
      const existing = node[seg]
      if (existing) mergeTrie(existing, child)
      else node[seg] = child
    }
    return true
  }
  return depth > 0
}

function mergeTrie(into: Trie, from: Trie): void {
  for (const [k, v] of Object.entries(from)) {
    const existing = into[k]
    if (existing) mergeTrie(existing, v)
    else into[k] = v
  }
}

function orderEntry(e: ManagedFieldsEntry): ManagedFieldsEntry {
  const o: ManagedFieldsEntry = {}
  o.manager = e.manager
  o.operation = e.operation
  o.apiVersion = e.apiVersion
  o.time = e.time
  o.fieldsType = 'FieldsV1'
  o.fieldsV1 = e.fieldsV1
  if (e.subresource) o.subresource = e.subresource
  return o
}

/** Manager name from a User-Agent: up to the first `/`, printable characters only, max 128. */
export function managerFromUserAgent(ua: string | null): string {
  const s = (ua ?? '').split('/')[0]!.replace(/[^\x20-\x7e]/g, '')
  return s.slice(0, 128)
}

// ---------------------------------------------------------------------------------------------------
// Server-side apply: prune and conflicts

export interface ApplyOwnershipInput {
  /** The live object (with its managedFields). */
  live: KubeObject
  /** The live object with the applied configuration merged in (mutated: pruned fields are removed). */
  merged: KubeObject
  applied: KubeObject
  manager: string
  /** The subresource applied to (`status`), if any: the applier is the Apply entry of the same one. */
  subresource?: string
  force: boolean
  listKeys?: ListKeys
}

export interface FieldConflict {
  /** `"kubectl-edit" using image.openshift.io/v1` (printManager). */
  manager: string
  /** `.spec.tags[name="latest"].from.name` (fieldpath.Path.String()). */
  field: string
}

const isApplier = (e: ManagedFieldsEntry, manager: string, subresource = '') => e.manager === manager && e.operation === 'Apply' && (e.subresource ?? '') === subresource

/**
 * Prune what the applier applied last time and omits now (unless another manager owns it), then find the
 * fields of other managers whose value changes. Returns the conflicts (the caller refuses them unless forced).
 */
export function applyOwnership(input: ApplyOwnershipInput): FieldConflict[] {
  const keys = { ...DEFAULT_LIST_KEYS, ...input.listKeys }
  const entries = managedFieldsEntries<ManagedFieldsEntry>(input.live.metadata.managedFields)
  const applied = new Map<string, string[]>()
  leaves(input.applied, [], keys, applied)
  const last = entries.find((e) => isApplier(e, input.manager, input.subresource))
  if (last) {
    // Everything any manager still owns (the applier's new set included) stays.
    const kept: string[][] = [...applied.values()]
    for (const e of entries) if (!isApplier(e, input.manager, input.subresource)) kept.push(...pathsOf(e.fieldsV1 as Trie).values())
    const keptKeys = new Set(kept.map((p) => p.join('\u0001')))
    const keptPrefixes = new Set<string>()
    for (const p of kept) for (let i = 1; i < p.length; i++) keptPrefixes.add(p.slice(0, i).join('\u0001'))
    const gone = [...pathsOf(last.fieldsV1 as Trie).values()].filter((p) => !keptKeys.has(p.join('\u0001')))
    // Deepest first, so that a removed item's fields go before the item.
    gone.sort((a, b) => b.length - a.length)
    for (const p of gone) {
      const node = p[p.length - 1] === '.' ? p.slice(0, -1) : p
      // metadata itself is never pruned (only fields inside it: labels, annotations, …).
      if (node.length === 0 || (node.length === 1 && node[0] === 'f:metadata')) continue
      if (!keptPrefixes.has(node.join('\u0001'))) removeAt(input.merged, node)
    }
  }
  if (input.force) return []
  const newLeaves = new Map<string, string[]>()
  leaves(input.merged, [], keys, newLeaves)
  const conflicts: Array<FieldConflict & { sortKey: string }> = []
  for (const e of entries) {
    if (isApplier(e, input.manager, input.subresource)) continue
    for (const [k, p] of pathsOf(e.fieldsV1 as Trie)) {
      if (p[p.length - 1] === '.') continue
      if (!newLeaves.has(k) || valueAt(input.live, p) === valueAt(input.merged, p)) continue
      conflicts.push({ manager: printManager(e), field: fieldPathString(p), sortKey: `${e.manager}\u0000${e.operation}\u0000${e.subresource ?? ''}` })
    }
  }
  conflicts.sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0))
  return conflicts.map(({ manager, field }) => ({ manager, field }))
}

/** The 409 message (k8s.io/apiserver fieldmanager getConflictMessage). */
export function conflictMessage(conflicts: FieldConflict[]): string {
  if (conflicts.length === 1) return `Apply failed with 1 conflict: conflict with ${conflicts[0]!.manager}: ${conflicts[0]!.field}`
  const byManager = new Map<string, string[]>()
  for (const c of conflicts) byManager.set(c.manager, [...(byManager.get(c.manager) ?? []), c.field])
  const lines: string[] = []
  for (const [m, fields] of byManager) {
    lines.push(`conflicts with ${m}:`)
    for (const f of fields) lines.push(`- ${f}`)
  }
  return `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`
}

function printManager(e: ManagedFieldsEntry): string {
  let s = goQuote(e.manager ?? '')
  if (e.subresource) s += ` with subresource ${goQuote(e.subresource)}`
  if (e.operation === 'Update') s += ` using ${e.apiVersion ?? ''}`
  return s
}

/** FieldsV1 path → structured-merge-diff path text: `.spec.tags[name="latest"].from.name`. */
function fieldPathString(p: string[]): string {
  let out = ''
  for (const seg of p) {
    if (seg.startsWith('f:')) out += `.${seg.slice(2)}`
    else if (seg.startsWith('k:')) {
      const key = JSON.parse(seg.slice(2)) as Record<string, unknown>
      out += `[${Object.entries(key)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(',')}]`
    } else if (seg.startsWith('v:')) out += `[=${seg.slice(2)}]`
    else if (seg.startsWith('i:')) out += `[${seg.slice(2)}]`
  }
  return out
}

/** Remove the field or associative-list item at a FieldsV1 path. */
function removeAt(obj: unknown, path: string[]): void {
  let cur: unknown = obj
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!
    const last = i === path.length - 1
    if (seg.startsWith('f:')) {
      if (!isPlainObject(cur)) return
      if (last) {
        delete cur[seg.slice(2)]
        return
      }
      cur = cur[seg.slice(2)]
    } else if (seg.startsWith('k:')) {
      if (!Array.isArray(cur)) return
      const first = Object.entries(JSON.parse(seg.slice(2)) as Record<string, unknown>)[0]
      const idx = first ? cur.findIndex((x) => isPlainObject(x) && x[first[0]] === first[1]) : -1
      if (idx < 0) return
      if (last) {
        cur.splice(idx, 1)
        return
      }
      cur = cur[idx]
    } else return
  }
}
