// JSON ↔ protobuf object mapping, driven by the vendored message definitions: an object as the fake keeps
// it (the JSON form) becomes the message the real server's generated Marshal writes, and a decoded message
// becomes the plain object Go's encoding/json would produce from the same Go struct.
//
// The k8s generated.proto field names are the JSON names. The types whose JSON form is not their message
// form are mapped by name: meta/v1 Time and MicroTime (RFC 3339 strings ↔ {seconds, nanos}; Time at
// second precision, k8s.io/apimachinery/pkg/apis/meta/v1/time_proto.go, micro_time_proto.go), FieldsV1
// ({Raw: JSON bytes}, fields_proto.go) and runtime.RawExtension ({raw: JSON bytes}); and the
// `ExtraValue` messages ({items}) of a Go `type ExtraValue []string`, whose JSON form is the array itself.

import protobuf from 'protobufjs/light.js'
import { goJSON } from '../json.js'
import type { MessageType } from './schema.js'

const TIME = '.k8s.io.apimachinery.pkg.apis.meta.v1.Time'
const MICRO_TIME = '.k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime'
const FIELDS_V1 = '.k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1'
const RAW_EXTENSION = '.k8s.io.apimachinery.pkg.runtime.RawExtension'
const EXTRA_VALUES = new Set(['.k8s.io.api.authentication.v1.ExtraValue', '.k8s.io.api.authorization.v1.ExtraValue'])

const utf8 = new TextEncoder()
const fromUtf8 = new TextDecoder()

type Plain = Record<string, unknown>

function isObject(v: unknown): v is Plain {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

// ---- JSON → message -------------------------------------------------------------------------------------

/** Time writes whole seconds only (Time.ProtoTime leaves Nanos out); MicroTime keeps the microseconds. */
function timeToProto(v: unknown, micro: boolean): Plain | undefined {
  if (typeof v !== 'string' || !v) return undefined
  const ms = Date.parse(v)
  if (Number.isNaN(ms)) return undefined
  const seconds = Math.floor(ms / 1000)
  if (!micro) return { seconds }
  const frac = /\.(\d+)/.exec(v)?.[1] ?? ''
  return { seconds, nanos: Number(frac.padEnd(9, '0').slice(0, 6)) * 1000 }
}

function rawJSON(v: unknown): Uint8Array {
  return utf8.encode(goJSON(v))
}

function valueToProto(field: protobuf.Field, v: unknown): unknown {
  const t = field.resolvedType
  if (t instanceof protobuf.Type) {
    switch (t.fullName) {
      case TIME:
        return timeToProto(v, false)
      case MICRO_TIME:
        return timeToProto(v, true)
      case FIELDS_V1:
        return { Raw: rawJSON(v) }
      case RAW_EXTENSION:
        return { raw: rawJSON(v) }
    }
    if (EXTRA_VALUES.has(t.fullName)) return Array.isArray(v) ? { items: v.map(String) } : undefined
    return isObject(v) ? messageToProto(t, v) : undefined
  }
  return v
}

function messageToProto(type: MessageType, obj: Plain): Plain {
  const out: Plain = {}
  for (const field of type.fieldsArray) {
    const v = obj[field.name]
    if (v === undefined || v === null) continue
    if (field.map) {
      if (!isObject(v)) continue
      const m: Plain = {}
      for (const k of Object.keys(v)) if (v[k] !== null && v[k] !== undefined) m[k] = valueToProto(field, v[k])
      out[field.name] = m
    } else if (field.repeated) {
      if (Array.isArray(v)) out[field.name] = v.map((x) => valueToProto(field, x)).filter((x) => x !== undefined)
    } else {
      const p = valueToProto(field, v)
      if (p !== undefined) out[field.name] = p
    }
  }
  return out
}

/** The protobuf encoding (no envelope) of a JSON-form object as a message of `type`. */
export function encodeMessage(type: MessageType, obj: Plain): Uint8Array {
  const items = type.fields.items
  if (items?.repeated && items.resolvedType instanceof protobuf.Type && Array.isArray(obj.items) && type.fields.metadata) return encodeList(type, obj)
  return type.encode(type.fromObject(messageToProto(type, obj))).finish()
}

/** Item encodings by identity: list items are memoised views of immutable stored objects (response.ts listItem). */
const itemBytes = new WeakMap<object, Uint8Array>()

/** The last list written per list message, with what it was made of (as handlers.ts does for JSON lists). */
const lastList = new WeakMap<MessageType, { head: Uint8Array; items: readonly unknown[]; bytes: Uint8Array }>()

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/**
 * A `<Kind>List` ({metadata = 1, items = 2}), written field by field with protobufjs's Writer as its generated
 * encoder writes embedded messages (tag, length, bytes): each item is encoded once and its bytes reused, and
 * the same list twice (same metadata, the same stored objects) is the same bytes.
 */
function encodeList(type: MessageType, obj: Plain): Uint8Array {
  const items = type.fields.items!
  const itemType = items.resolvedType as MessageType
  const list = obj.items as Plain[]
  const head = protobuf.Writer.create()
  for (const field of type.fieldsArray) {
    const v = obj[field.name]
    if (field === items || !(field.resolvedType instanceof protobuf.Type) || !isObject(v)) continue
    const t = field.resolvedType
    head.uint32(((field.id << 3) | 2) >>> 0).bytes(t.encode(t.fromObject(messageToProto(t, v))).finish())
  }
  const headBytes = head.finish()
  const last = lastList.get(type)
  if (last && sameBytes(last.head, headBytes) && last.items.length === list.length && last.items.every((o, i) => o === list[i])) return last.bytes
  const out = protobuf.Writer.create()
  for (const item of list) {
    let b = itemBytes.get(item)
    if (!b) {
      b = itemType.encode(itemType.fromObject(messageToProto(itemType, item))).finish()
      itemBytes.set(item, b)
    }
    out.uint32(((items.id << 3) | 2) >>> 0).bytes(b)
  }
  const body = out.finish()
  const bytes = new Uint8Array(headBytes.length + body.length)
  bytes.set(headBytes)
  bytes.set(body, headBytes.length)
  lastList.set(type, { head: headBytes, items: list, bytes })
  return bytes
}

// ---- message → JSON -------------------------------------------------------------------------------------

/**
 * Pointer fields (`*int64`, `*bool`, `*string`) whose zero value means something (every one of the vendored
 * messages' Go types: k8s.io/api core/v1, apimachinery meta/v1, openshift/api image/v1 types.go). Go's generated Marshal writes
 * every non-pointer field, zero or not, so on the wire a zero is "unset" unless the field is a pointer.
 */
const POINTER_FIELDS = new Set([
  'DeleteOptions.gracePeriodSeconds',
  'DeleteOptions.orphanDependents',
  'DeleteOptions.propagationPolicy',
  'DeleteOptions.ignoreStoreReadErrorWithClusterBreakingPotential',
  'Preconditions.uid',
  'Preconditions.resourceVersion',
  'ObjectMeta.deletionGracePeriodSeconds',
  'ListMeta.remainingItemCount',
  'OwnerReference.controller',
  'OwnerReference.blockOwnerDeletion',
  'Secret.immutable',
  'TagReference.generation',
  'ImageBlobReferences.config',
  'ImageLayerData.size',
])

function isZero(v: unknown): boolean {
  return v === '' || v === 0 || v === false || (Array.isArray(v) && v.length === 0) || (isObject(v) && Object.keys(v).length === 0)
}

function timeFromProto(v: Plain, micro: boolean): string | undefined {
  const seconds = Number(v.seconds ?? 0)
  const nanos = Number(v.nanos ?? 0)
  if (!seconds && !nanos) return undefined // the zero time: null in JSON, omitted here
  const iso = new Date(seconds * 1000).toISOString().slice(0, 19)
  return micro ? `${iso}.${String(Math.floor(nanos / 1000)).padStart(6, '0')}Z` : `${iso}Z`
}

function rawFromProto(b64: unknown): unknown {
  if (typeof b64 !== 'string' || !b64) return undefined
  const bytes = new Uint8Array(protobuf.util.base64.length(b64))
  protobuf.util.base64.decode(b64, bytes, 0)
  return JSON.parse(fromUtf8.decode(bytes)) as unknown
}

function valueFromProto(field: protobuf.Field, v: unknown): unknown {
  const t = field.resolvedType
  if (t instanceof protobuf.Type && isObject(v)) {
    switch (t.fullName) {
      case TIME:
        return timeFromProto(v, false)
      case MICRO_TIME:
        return timeFromProto(v, true)
      case FIELDS_V1:
        return rawFromProto(v.Raw)
      case RAW_EXTENSION:
        return rawFromProto(v.raw)
    }
    if (EXTRA_VALUES.has(t.fullName)) return Array.isArray(v.items) ? v.items : []
    return messageFromProto(t, v)
  }
  return v
}

function messageFromProto(type: MessageType, msg: Plain): Plain {
  const out: Plain = {}
  for (const field of type.fieldsArray) {
    const v = msg[field.name]
    if (v === undefined || v === null) continue
    let value: unknown
    if (field.map && isObject(v)) {
      const m: Plain = {}
      for (const k of Object.keys(v)) m[k] = valueFromProto(field, v[k])
      value = m
    } else if (field.repeated && Array.isArray(v)) value = v.map((x) => valueFromProto(field, x))
    else value = valueFromProto(field, v)
    if (value === undefined) continue
    const isMessage = field.resolvedType instanceof protobuf.Type && !field.map && !field.repeated
    if (!isMessage && isZero(value) && !POINTER_FIELDS.has(`${type.name}.${field.name}`)) continue
    out[field.name] = value
  }
  return out
}

/** Decode the protobuf encoding (no envelope) of a message of `type` into its JSON form. */
export function decodeMessage(type: MessageType, bytes: Uint8Array): Plain {
  const msg = type.toObject(type.decode(bytes), { longs: Number, bytes: String, defaults: false })
  return messageFromProto(type, msg)
}
