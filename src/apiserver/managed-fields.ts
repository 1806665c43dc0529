// managedFields bookkeeping (simplified structured-merge-diff): each write records, for its manager and
// operation, the set of fields it set or changed, as a FieldsV1 trie; fields it takes over are removed
// from other managers. Associative lists use `k:{...}` keys when a merge key is known.

import type { KubeObject, ManagedFieldsEntry } from '../image/types.js'
import { isPlainObject, stableStringify } from './json.js'

/** Merge keys of associative lists by dotted path (from the kind's schema). */
export type ListKeys = Record<string, string>

const DEFAULT_LIST_KEYS: ListKeys = { 'metadata.ownerReferences': 'uid' }
const SKIP_META = new Set(['name', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields', 'selfLink', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generateName'])

interface Trie {
  [k: string]: Trie
}

function leaves(v: unknown, path: string[], keys: ListKeys, out: Map<string, string[]>): void {
  if (isPlainObject(v)) {
    const entries = Object.entries(v).filter(([k, x]) => x !== undefined && !(path.length === 1 && path[0] === 'f:metadata' && SKIP_META.has(k)))
    if (path.length && entries.length) out.set([...path, '.'].join('\u0001'), [...path, '.'])
    for (const [k, x] of entries) {
      if (path.length === 0 && (k === 'kind' || k === 'apiVersion')) continue
      leaves(x, [...path, `f:${k}`], keys, out)
    }
    return
  }
  const dotted = path.map((p) => p.replace(/^f:/, '')).join('.')
  const mk = keys[dotted]
  if (Array.isArray(v) && mk) {
    out.set([...path, '.'].join('\u0001'), [...path, '.'])
    for (const item of v) {
      if (!isPlainObject(item)) continue
      const k = `k:${JSON.stringify({ [mk]: item[mk] })}`
      leaves(item, [...path, k], {}, out)
    }
    return
  }
  if (path.length) out.set(path.join('\u0001'), path)
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
}

export function updateManagedFields(input: ManagedFieldsInput): ManagedFieldsEntry[] | undefined {
  const keys = { ...DEFAULT_LIST_KEYS, ...input.listKeys }
  // A client may reset managedFields by sending [{}].
  let entries = (input.existing ?? []).filter((e) => e && e.manager !== undefined)
  const newLeaves = new Map<string, string[]>()
  leaves(input.newObj, [], keys, newLeaves)
  let changed: Map<string, string[]>
  if (!input.oldObj) changed = newLeaves
  else {
    changed = new Map()
    for (const [k, p] of newLeaves) if (valueAt(input.oldObj, p) !== valueAt(input.newObj, p)) changed.set(k, p)
  }
  // Other managers lose what this one took over; every manager loses fields that no longer exist.
  entries = entries
    .map((e) => {
      const mine = e.manager === input.manager && e.operation === input.operation && (e.subresource ?? '') === (input.subresource ?? '')
      const owned = pathsOf(e.fieldsV1 as Trie)
      for (const k of [...owned.keys()]) {
        if (!newLeaves.has(k) || (!mine && changed.has(k) && !k.endsWith('\u0001.'))) owned.delete(k)
      }
      return { ...e, fieldsV1: trieOf(owned.values()) }
    })
    .filter((e) => Object.keys(e.fieldsV1 ?? {}).length > 0 || e.manager === input.manager)
  let own = entries.find((e) => e.manager === input.manager && e.operation === input.operation && (e.subresource ?? '') === (input.subresource ?? ''))
  const mine = pathsOf(own?.fieldsV1 as Trie)
  for (const [k, p] of changed) mine.set(k, p)
  if (!own && mine.size === 0 && input.oldObj) return entries.length ? entries : undefined
  if (!own) {
    own = { manager: input.manager, operation: input.operation, apiVersion: input.apiVersion, time: input.time, fieldsType: 'FieldsV1', fieldsV1: {} }
    entries.push(own)
  }
  own.time = input.time
  own.apiVersion = input.apiVersion
  own.fieldsV1 = trieOf(mine.values())
  if (input.subresource) own.subresource = input.subresource
  entries = entries.filter((e) => Object.keys(e.fieldsV1 ?? {}).length > 0)
  entries.sort((a, b) =>
    a.operation !== b.operation ? (a.operation === 'Apply' ? -1 : 1) : (a.time ?? '') < (b.time ?? '') ? -1 : (a.time ?? '') > (b.time ?? '') ? 1 : (a.manager ?? '').localeCompare(b.manager ?? ''),
  )
  return entries.map(orderEntry)
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
