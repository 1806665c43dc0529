// ImageStream in canonical v1 wire form (openshift-apiserver pkg/image/apis/image/v1/conversion.go,
// defaults.go): spec.tags de-duplicated (last wins) and sorted by name, status.tags sorted by tag, v1 defaults
// (referencePolicy Source, importMode Legacy), annotations/generation null when unset, empty lists omitted.
// Unknown fields are dropped here.

import { normalizeMeta, normalizeTime } from '../../apiserver/meta.js'
import { isPlainObject, sortedMap } from '../../apiserver/json.js'
import { compareStrings } from '../helpers/names.js'
import {
  GROUP_VERSION,
  type ImageStream,
  type NamedTagEventList,
  type ObjectReference,
  type TagEvent,
  type TagEventCondition,
  type TagImportPolicy,
  type TagReference,
} from '../types.js'

type Obj = Record<string, unknown>

const s = (v: unknown): string => (typeof v === 'string' ? v : '')
const n = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? Math.trunc(v) : 0)

export function normalizeObjectReference(v: unknown): ObjectReference | undefined {
  if (!isPlainObject(v)) return undefined
  const o: ObjectReference = {}
  for (const k of ['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion', 'fieldPath'] as const) {
    if (typeof v[k] === 'string' && v[k]) o[k] = v[k] as string
  }
  return o
}

export function normalizeImportPolicy(v: unknown): TagImportPolicy {
  const p = isPlainObject(v) ? v : {}
  const o: TagImportPolicy = {}
  if (p.insecure === true) o.insecure = true
  if (p.scheduled === true) o.scheduled = true
  o.importMode = s(p.importMode) || 'Legacy'
  return o
}

export function normalizeReferencePolicy(v: unknown): { type: string } {
  return { type: s(isPlainObject(v) ? v.type : '') || 'Source' }
}

export function normalizeTagReference(v: Obj, nameOverride?: string): TagReference {
  const annotations = isPlainObject(v.annotations) && Object.keys(v.annotations).length ? sortedMap(v.annotations as Record<string, string>)! : null
  const t: TagReference = { name: nameOverride ?? s(v.name), annotations } as TagReference
  const from = normalizeObjectReference(v.from)
  if (from) t.from = from
  if (v.reference === true) t.reference = true
  t.generation = typeof v.generation === 'number' ? Math.trunc(v.generation) : null
  t.importPolicy = normalizeImportPolicy(v.importPolicy)
  t.referencePolicy = normalizeReferencePolicy(v.referencePolicy)
  return t
}

export function normalizeTagEvent(v: unknown): TagEvent {
  const e = isPlainObject(v) ? v : {}
  return {
    created: normalizeTime(e.created) ?? (null as unknown as string),
    dockerImageReference: s(e.dockerImageReference),
    image: s(e.image),
    generation: n(e.generation),
  }
}

export function normalizeCondition(v: unknown): TagEventCondition {
  const c = isPlainObject(v) ? v : {}
  const o: TagEventCondition = { type: s(c.type), status: s(c.status) } as TagEventCondition
  const t = normalizeTime(c.lastTransitionTime)
  if (t) o.lastTransitionTime = t
  if (s(c.reason)) o.reason = s(c.reason)
  if (s(c.message)) o.message = s(c.message)
  o.generation = n(c.generation)
  return o
}

export function normalizeNamedTagEventList(v: Obj): NamedTagEventList {
  const l: NamedTagEventList = { tag: s(v.tag), items: Array.isArray(v.items) ? v.items.map(normalizeTagEvent) : null }
  if (Array.isArray(v.conditions) && v.conditions.length) l.conditions = v.conditions.map(normalizeCondition)
  return l
}

function dedupeSorted<T>(items: T[], key: (t: T) => string): T[] {
  const m = new Map<string, T>()
  for (const i of items) m.set(key(i), i)
  return [...m.values()].sort((a, b) => compareStrings(key(a), key(b)))
}

export function normalizeImageStream(input: unknown): ImageStream {
  const o = isPlainObject(input) ? input : {}
  const spec = isPlainObject(o.spec) ? o.spec : {}
  const status = isPlainObject(o.status) ? o.status : {}
  const lookup = isPlainObject(spec.lookupPolicy) ? spec.lookupPolicy : {}
  const out: ImageStream = {
    kind: 'ImageStream',
    apiVersion: GROUP_VERSION,
    metadata: normalizeMeta(o.metadata),
    spec: { lookupPolicy: { local: lookup.local === true } },
    status: { dockerImageRepository: s(status.dockerImageRepository) },
  }
  if (s(spec.dockerImageRepository)) out.spec.dockerImageRepository = s(spec.dockerImageRepository)
  if (Array.isArray(spec.tags) && spec.tags.length) {
    out.spec.tags = dedupeSorted(spec.tags.filter(isPlainObject).map((t) => normalizeTagReference(t)), (t) => t.name)
  }
  if (s(status.publicDockerImageRepository)) out.status.publicDockerImageRepository = s(status.publicDockerImageRepository)
  if (Array.isArray(status.tags) && status.tags.length) {
    out.status.tags = dedupeSorted(status.tags.filter(isPlainObject).map(normalizeNamedTagEventList), (t) => t.tag)
  }
  return out
}
