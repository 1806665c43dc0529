// ObjectMeta in its canonical wire form: Go field order, empty values omitted, maps sorted,
// timestamps at second precision (fractional seconds are accepted on input and dropped).

import type { ObjectMeta } from '../image/types.js'
import { isPlainObject, sortedMap, textOf } from './json.js'
import { memoize } from './recent.js'

export function normalizeTime(t: unknown): string | undefined {
  if (typeof t !== 'string' || !t) return undefined
  return normalizedTime(t)
}

// Writes see the same few timestamps over and over (the clock's now, stored creation times).
const normalizedTime = memoize((t: string): string => {
  const ms = Date.parse(t)
  return Number.isNaN(ms) ? t : new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z')
})

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined
}

function strMap(v: unknown): Record<string, string> | undefined {
  if (!isPlainObject(v)) return undefined
  const out: Record<string, string> = {}
  for (const [k, x] of Object.entries(v)) out[k] = textOf(x)
  return Object.keys(out).length ? sortedMap(out) : undefined
}

export function normalizeMeta(input: unknown): ObjectMeta {
  const m = isPlainObject(input) ? input : {}
  const out: ObjectMeta = {}
  const set = <K extends keyof ObjectMeta>(k: K, v: ObjectMeta[K] | undefined) => {
    if (v !== undefined) out[k] = v
  }
  set('name', str(m.name))
  set('generateName', str(m.generateName))
  set('namespace', str(m.namespace))
  set('uid', str(m.uid))
  set('resourceVersion', str(m.resourceVersion))
  set('generation', typeof m.generation === 'number' && m.generation !== 0 ? m.generation : undefined)
  set('creationTimestamp', normalizeTime(m.creationTimestamp))
  set('deletionTimestamp', normalizeTime(m.deletionTimestamp))
  set('deletionGracePeriodSeconds', typeof m.deletionGracePeriodSeconds === 'number' ? m.deletionGracePeriodSeconds : undefined)
  set('labels', strMap(m.labels))
  set('annotations', strMap(m.annotations))
  if (Array.isArray(m.ownerReferences) && m.ownerReferences.length) {
    set(
      'ownerReferences',
      m.ownerReferences.filter(isPlainObject).map((r) => {
        const o: Record<string, unknown> = { apiVersion: r.apiVersion ?? '', kind: r.kind ?? '', name: r.name ?? '', uid: r.uid ?? '' }
        if (typeof r.controller === 'boolean') o.controller = r.controller
        if (typeof r.blockOwnerDeletion === 'boolean') o.blockOwnerDeletion = r.blockOwnerDeletion
        return o as never
      }),
    )
  }
  if (Array.isArray(m.finalizers) && m.finalizers.length) set('finalizers', m.finalizers.map(textOf))
  if (Array.isArray(m.managedFields) && m.managedFields.length) set('managedFields', m.managedFields as ObjectMeta['managedFields'])
  return out
}
