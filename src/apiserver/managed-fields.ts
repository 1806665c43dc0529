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
import { isPlainObject } from './json.js'
import { managedFieldsEntries } from './managed-fields-type.js'
import { changedFields, fieldSegment, filterTrie, hasKeys, hasLeaf, insertChanged, leaves, pathsOf, SKIP_META, trieOf, unmarkChanged, valueAt, type ListKeys, type Trie } from './field-sets.js'

export type { ListKeys } from './field-sets.js'

const DEFAULT_LIST_KEYS: ListKeys = { 'metadata.ownerReferences': 'uid' }

// A kind's list keys and reset fields are fixed objects: their merged / split forms are made once.
const mergedKeys = new WeakMap<ListKeys, ListKeys>()
const splitResets = new WeakMap<string[], string[][]>()

function listKeysOf(listKeys: ListKeys | undefined): ListKeys {
  if (!listKeys) return DEFAULT_LIST_KEYS
  let keys = mergedKeys.get(listKeys)
  if (!keys) mergedKeys.set(listKeys, (keys = { ...DEFAULT_LIST_KEYS, ...listKeys }))
  return keys
}

function resetPaths(fields: string[] | undefined): string[][] {
  if (!fields) return []
  let paths = splitResets.get(fields)
  if (!paths) splitResets.set(fields, (paths = fields.map((f) => f.split('.').map((s) => `f:${s}`))))
  return paths
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

/**
 * The object each managedFields list written by this module was computed for (its tries hold only leaves
 * of that object). An update whose old object is that very object, and whose entries are that very list,
 * may keep the parts of the tries the write left the same without checking them (filterTrie's
 * `consistent`). Stored objects are never changed in place; a list that travels to another object (a
 * registry write keeps managedFields as given) or that a client changed (a new list) does not match.
 */
const computedFor = new WeakMap<object, object>()

export function updateManagedFields(input: ManagedFieldsInput): ManagedFieldsEntry[] | undefined {
  const out = computeManagedFields(input)
  if (out) computedFor.set(out, input.newObj)
  return out
}

function computeManagedFields(input: ManagedFieldsInput): ManagedFieldsEntry[] | undefined {
  const keys = listKeysOf(input.listKeys)
  // A client may reset managedFields by sending [{}].
  let entries = managedFieldsEntries<ManagedFieldsEntry>(input.existing)
  if (!input.oldObj && !input.applied && entries.length === 0) return createdEntries(input, keys)
  // Every leaf of the new object, each marked with whether this write changed it (all of them without an
  // old object).
  const changes = changedFields(input.newObj, input.oldObj, keys)
  const reset = resetPaths(input.resetFields)
  const isReset = (p: string[]) => reset.some((r) => r.every((seg, i) => p[i] === seg))
  for (const r of reset) unmarkChanged(changes, r)
  // Other managers lose what this one took over; every manager loses fields that no longer exist.
  const consistent = !!input.oldObj && Array.isArray(input.existing) && computedFor.get(input.existing) === input.oldObj
  entries = entries
    .map((e) => {
      const mine = e.manager === input.manager && e.operation === input.operation && (e.subresource ?? '') === (input.subresource ?? '')
      return { ...e, fieldsV1: filterTrie(e.fieldsV1 as Trie | undefined, input.newObj, keys, changes, mine, consistent) }
    })
    .filter((e) => hasFields(e) || e.manager === input.manager)
  let own = entries.find((e) => e.manager === input.manager && e.operation === input.operation && (e.subresource ?? '') === (input.subresource ?? ''))
  // The writer's fields: what it applied (apply), or what it owned plus what this write changed.
  let mine: Trie
  if (input.applied) {
    const paths = new Map<string, string[]>()
    const applied = new Map<string, string[]>()
    leaves(input.applied, [], keys, applied)
    for (const [k, p] of applied) if (hasLeaf(input.newObj, keys, p) && !isReset(p)) paths.set(k, p)
    mine = trieOf(paths.values())
  } else {
    // filterTrie made own's trie a fresh copy: adding to it in place is `trieOf(pathsOf(own) + changed)`.
    mine = (own?.fieldsV1 as Trie | undefined) ?? {}
    insertChanged(changes, mine)
  }
  if (!own && !hasKeys(mine) && input.oldObj) return entries.length ? entries : undefined
  if (!own) {
    own = { manager: input.manager, operation: input.operation, apiVersion: input.apiVersion, time: input.time, fieldsType: 'FieldsV1', fieldsV1: {} }
    entries.push(own)
  }
  own.time = input.time
  own.apiVersion = input.apiVersion
  own.fieldsV1 = mine
  if (input.subresource) own.subresource = input.subresource
  entries = entries.filter(hasFields)
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
  if (!hasKeys(trie)) return []
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
      if (fillFields(v[k], keys, child, depth + 1, depth === 0 && k === 'metadata', depth ? `${dotted}.${k}` : k)) node[fieldSegment(k)] = child
    }
    return depth > 0 && fields.length > 0 ? true : Object.keys(node).length > 0
  }
  const mk = Array.isArray(v) ? keys[dotted] : undefined
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

function hasFields(e: ManagedFieldsEntry): boolean {
  return !!e.fieldsV1 && hasKeys(e.fieldsV1 as Trie)
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
