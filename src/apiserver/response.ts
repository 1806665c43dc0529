// Writing responses: objects, lists, Tables, PartialObjectMetadata and Status errors, as JSON or YAML.
// fidelity: apiserver.tables

import { yamlLib } from './yaml-codec.js'
import type { KubeObject } from '../image/types.js'
import { errors, isStatusError, StatusError, type StatusBody } from './errors.js'
import { goJSON } from './json.js'
import { bytesResponse } from './fixed-body.js'
import { PROTOBUF } from './protobuf/served.js'
import { protobufCodec } from './protobuf/lazy.js'
import type { Negotiated } from './negotiation.js'
import type { ListResult, RequestContext, TableConvertor } from './types.js'
import { warningHeaderValues } from './warning-header.js'

const bytesCache = new WeakMap<object, Uint8Array>()
const encoder = new TextEncoder()

/**
 * UTF-8 bytes of a text. The JSON the engine writes is nearly always ASCII: then the bytes are as many as
 * the characters, and encoding into an array made here is about twice as fast as encode() (which has the
 * runtime make the buffer). Any other text takes encode().
 */
export function utf8(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length)
  return encoder.encodeInto(text, bytes).read === text.length ? bytes : encoder.encode(text)
}

/**
 * The body of `value` as the negotiated media type. Compact JSON of an object comes as bytes cached by
 * identity (shared: copy before handing out) unless `cache` is false (a write's answer: the object is new,
 * and its bytes are made for this one response).
 */
export function encode(value: unknown, neg: Pick<Negotiated, 'mediaType' | 'pretty'>, cache = true): string | Uint8Array {
  if (neg.mediaType === 'application/json' && !neg.pretty && value && typeof value === 'object' && !Array.isArray(value)) {
    if (!cache) return `${goJSON(value)}\n`
    let b = bytesCache.get(value)
    if (!b) {
      // Only the bytes are kept: the text would double what a served object holds on to.
      b = utf8(`${goJSON(value)}\n`)
      bytesCache.set(value, b)
    }
    return b
  }
  // sigs.k8s.io/yaml goes through a generic map, so YAML keys come out sorted.
  if (neg.mediaType === 'application/yaml') return yamlLib().stringify(sortKeysDeep(value), { lineWidth: 0 })
  return neg.pretty ? goJSON(value, true) : `${goJSON(value)}\n`
}

function sortKeysDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeysDeep)
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {}
    for (const k of Object.keys(v).sort()) out[k] = sortKeysDeep((v as Record<string, unknown>)[k])
    return out
  }
  return v
}

/** `cache`: see encode(). */
export function respond(status: number, value: unknown, neg: Pick<Negotiated, 'mediaType' | 'pretty'>, ctx?: RequestContext, headers: Record<string, string> = {}, cache = true): Response {
  if (neg.mediaType === PROTOBUF) {
    const { canEncodeProtobuf, encodeProtobuf } = protobufCodec()
    // A body of a kind without a message (a storage answering another kind than its endpoint's) goes as JSON;
    // clients decode by the response Content-Type.
    if (canEncodeProtobuf(value)) return respondRaw(status, encodeProtobuf(value as Record<string, unknown>), neg, ctx, headers, true)
    neg = { mediaType: 'application/json', pretty: false }
  }
  const body = encode(value, neg, cache)
  // Bytes made for this response alone are handed over as they are; cached ones are copied when read.
  return typeof body === 'string' ? respondRaw(status, utf8(body), neg, ctx, headers, true) : respondRaw(status, body, neg, ctx, headers)
}

/** `owned`: the bytes are this response's alone (see bytesResponse). */
export function respondRaw(status: number, body: Uint8Array, neg: Pick<Negotiated, 'mediaType'>, ctx?: RequestContext, headers?: Record<string, string>, owned = false): Response {
  const lines: Array<[string, string]> = [
    ['Content-Type', neg.mediaType],
    ['Cache-Control', 'no-cache, private'],
  ]
  if (headers) for (const k in headers) lines.push([k, headers[k]!])
  if (ctx?.warnings.length) for (const w of warningHeaderValues(ctx.warnings)) lines.push(['Warning', w])
  return bytesResponse(body, status, lines, owned)
}

const itemBytes = new WeakMap<object, Uint8Array>()

/** The compact encoding of an immutable object as bytes, cached by identity. */
export function cachedBytes(obj: object): Uint8Array {
  let b = itemBytes.get(obj)
  if (!b) {
    b = utf8(goJSON(obj))
    itemBytes.set(obj, b)
  }
  return b
}

/** Concatenate byte parts into one buffer (one part is returned as it is). */
export function concatBytes(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!
  let n = 0
  for (const p of parts) n += p.byteLength
  const out = new Uint8Array(n)
  let off = 0
  for (const p of parts) {
    out.set(p, off)
    off += p.byteLength
  }
  return out
}


export function errorResponse(e: unknown, neg?: Pick<Negotiated, 'mediaType' | 'pretty'>, ctx?: RequestContext): Response {
  const se: StatusError = isStatusError(e)
    ? e
    : errors.internal(e instanceof Error ? e.message : String(e))
  if (!isStatusError(e) && typeof console !== 'undefined') console.error('openshift-image-fake: internal error', e)
  return respond(se.code, se.body, neg ?? { mediaType: 'application/json', pretty: false }, ctx, se.headers)
}

export function statusSuccess(body: Record<string, unknown>): StatusBody {
  return body as unknown as StatusBody
}

const itemCache = new WeakMap<KubeObject, KubeObject>()

/** Strip kind/apiVersion from list items, as the real server's typed lists serialise (memoised). */
export function listItem(obj: KubeObject): KubeObject {
  let item = itemCache.get(obj)
  if (!item) {
    const { kind: _k, apiVersion: _a, ...rest } = obj
    item = rest as KubeObject
    itemCache.set(obj, item)
  }
  return item
}

export function partialObjectMetadata(obj: KubeObject, version = 'v1'): KubeObject {
  return { kind: 'PartialObjectMetadata', apiVersion: `meta.k8s.io/${version}`, metadata: obj.metadata }
}

const DEFAULT_TABLE: TableConvertor = {
  columns: [
    {
      name: 'Name',
      type: 'string',
      format: 'name',
      description: 'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names',
      priority: 0,
    },
    {
      name: 'Created At',
      type: 'date',
      format: '',
      description: 'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata',
      priority: 0,
    },
  ],
  cells: (obj) => [obj.metadata.name ?? '', obj.metadata.creationTimestamp ?? null],
}

export function includeObjectPolicy(ctx: RequestContext): 'Metadata' | 'Object' | 'None' {
  const v = ctx.query.get('includeObject') ?? ''
  if (v === '' || v === 'Metadata') return 'Metadata'
  if (v === 'Object' || v === 'None') return v
  throw errors.badRequest(`Unable to convert to Table as requested: includeObject: Invalid value: "${v}": must be 'Metadata', 'Object', 'None', or empty`)
}

export function toTable(
  objs: KubeObject[],
  convertor: TableConvertor | undefined,
  ctx: RequestContext,
  neg: Negotiated,
  listMeta: Record<string, unknown>,
  withColumns = true,
): Record<string, unknown> {
  const conv = convertor ?? DEFAULT_TABLE
  const policy = includeObjectPolicy(ctx)
  const version = neg.targetVersion ?? 'v1'
  return {
    kind: 'Table',
    apiVersion: `meta.k8s.io/${version}`,
    metadata: listMeta,
    columnDefinitions: withColumns ? conv.columns : null,
    rows: objs.map((o) => {
      const row: Record<string, unknown> = { cells: conv.cells(o, ctx) }
      if (policy === 'Metadata') row.object = partialObjectMetadata(o, version)
      else if (policy === 'Object') row.object = o
      return row
    }),
  }
}

export function listMetadata(r: ListResult): Record<string, unknown> {
  const m: Record<string, unknown> = { resourceVersion: r.resourceVersion }
  if (r.continue) m.continue = r.continue
  if (r.remainingItemCount !== undefined) m.remainingItemCount = r.remainingItemCount
  return m
}
