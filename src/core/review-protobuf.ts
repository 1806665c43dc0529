// Protobuf request bodies of the access reviews. kubectl (`auth can-i`, `auth can-i --list`,
// `auth whoami`) sends them only as `application/vnd.kubernetes.protobuf`: the `k8s\0` magic, then a
// runtime.Unknown envelope (k8s.io/apimachinery/pkg/runtime/serializer/protobuf/protobuf.go) whose `raw`
// holds the message (k8s.io/api/authorization/v1/generated.proto, authentication/v1/generated.proto).
// A minimal reader for just these messages' string fields; the general protobuf codec replaces it.

import { errors } from '../apiserver/errors.js'
import type { KubeObject } from '../image/types.js'

type Fields = Map<number, Uint8Array[]>

const MAGIC = [0x6b, 0x38, 0x73, 0x00]
const utf8 = new TextDecoder()

function malformed(): Error {
  return errors.badRequest('the object provided is unrecognized (must be a protobuf message): invalid protobuf body')
}

/** Length-delimited fields of a message by number (varint and fixed fields are skipped). */
function readFields(b: Uint8Array): Fields {
  const out: Fields = new Map()
  let i = 0
  const varint = (): number => {
    let v = 0
    let shift = 0
    for (;;) {
      if (i >= b.length || shift > 49) throw malformed()
      const c = b[i++]!
      v += (c & 0x7f) * 2 ** shift
      if (c < 0x80) return v
      shift += 7
    }
  }
  while (i < b.length) {
    const tag = varint()
    const field = Math.floor(tag / 8)
    switch (tag & 7) {
      case 0:
        varint()
        break
      case 1:
        i += 8
        break
      case 5:
        i += 4
        break
      case 2: {
        const len = varint()
        if (i + len > b.length) throw malformed()
        const list = out.get(field) ?? []
        list.push(b.subarray(i, i + len))
        out.set(field, list)
        i += len
        break
      }
      default:
        throw malformed()
    }
    if (i > b.length) throw malformed()
  }
  return out
}

function one(f: Fields, n: number): Uint8Array | undefined {
  const l = f.get(n)
  return l?.[l.length - 1]
}

function str(f: Fields, n: number): string | undefined {
  const v = one(f, n)
  return v === undefined ? undefined : utf8.decode(v)
}

/** Set `key` when the field holds a non-empty string (JSON omitempty). */
function put(out: Record<string, unknown>, key: string, f: Fields, n: number): void {
  const v = str(f, n)
  if (v) out[key] = v
}

/** The envelope's typeMeta and the message fields. */
function unwrap(bytes: Uint8Array): { apiVersion: string; kind: string; msg: Fields } {
  if (bytes.length < 4 || MAGIC.some((m, i) => bytes[i] !== m)) throw malformed()
  const env = readFields(bytes.subarray(4))
  const tm = readFields(one(env, 1) ?? new Uint8Array(0))
  return { apiVersion: str(tm, 1) ?? '', kind: str(tm, 2) ?? '', msg: readFields(one(env, 2) ?? new Uint8Array(0)) }
}

function meta(msg: Fields): Record<string, unknown> {
  const m = readFields(one(msg, 1) ?? new Uint8Array(0))
  const out: Record<string, unknown> = {}
  put(out, 'name', m, 1)
  put(out, 'generateName', m, 2)
  put(out, 'namespace', m, 3)
  return out
}

function header(bytes: Uint8Array): { obj: KubeObject; msg: Fields } {
  const { apiVersion, kind, msg } = unwrap(bytes)
  const obj = { metadata: meta(msg) } as KubeObject
  if (kind) obj.kind = kind
  if (apiVersion) obj.apiVersion = apiVersion
  return { obj, msg }
}

/** SelfSubjectAccessReview: spec.resourceAttributes (namespace … name) or spec.nonResourceAttributes (path, verb). */
export function decodeSelfSubjectAccessReview(bytes: Uint8Array): KubeObject {
  const { obj, msg } = header(bytes)
  const spec = readFields(one(msg, 2) ?? new Uint8Array(0))
  const out: Record<string, unknown> = {}
  const ra = one(spec, 1)
  if (ra) {
    const f = readFields(ra)
    const r: Record<string, unknown> = {}
    ;['namespace', 'verb', 'group', 'version', 'resource', 'subresource', 'name'].forEach((k, i) => put(r, k, f, i + 1))
    out.resourceAttributes = r
  }
  const na = one(spec, 2)
  if (na) {
    const f = readFields(na)
    const r: Record<string, unknown> = {}
    put(r, 'path', f, 1)
    put(r, 'verb', f, 2)
    out.nonResourceAttributes = r
  }
  return { ...obj, spec: out } as KubeObject
}

/** SelfSubjectRulesReview: spec.namespace. */
export function decodeSelfSubjectRulesReview(bytes: Uint8Array): KubeObject {
  const { obj, msg } = header(bytes)
  const spec = readFields(one(msg, 2) ?? new Uint8Array(0))
  const out: Record<string, unknown> = {}
  put(out, 'namespace', spec, 1)
  return { ...obj, spec: out } as KubeObject
}

/** SelfSubjectReview: nothing but metadata. */
export function decodeSelfSubjectReview(bytes: Uint8Array): KubeObject {
  return header(bytes).obj
}
