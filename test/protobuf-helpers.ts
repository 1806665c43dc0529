// The test side of protobuf: messages parsed from the vendored .proto text with the full protobufjs (not the
// descriptors the fake loads), and the Kubernetes envelope built and read here, not by the code under test.

import { readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import protobuf from 'protobufjs'
import { BASE } from './helpers.js'
import type { FakeImageApi } from '../src/index.js'

const protoDir = fileURLToPath(new URL('../src/apiserver/protobuf/proto', import.meta.url))

function protoFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n)
    return statSync(p).isDirectory() ? protoFiles(p) : n.endsWith('.proto') ? [relative(protoDir, p)] : []
  })
}

const root = new protobuf.Root()
root.resolvePath = (_origin, target) => join(protoDir, target)
root.loadSync(protoFiles(protoDir), { keepCase: true })
root.resolveAll()

export const PB = 'application/vnd.kubernetes.protobuf'
export const CORE = 'k8s.io.api.core.v1'
export const META = 'k8s.io.apimachinery.pkg.apis.meta.v1'
export const IMAGE = 'github.com.openshift.api.image.v1'
export const MAGIC = [0x6b, 0x38, 0x73, 0x00]

export function type(name: string): protobuf.Type {
  return root.lookupType(name)
}

/** magic + runtime.Unknown{typeMeta, raw} around `obj` encoded as `message`. */
export function envelope(apiVersion: string, kind: string, message: string, obj: Record<string, unknown>): Uint8Array {
  const t = type(message)
  const err = t.verify(obj)
  if (err) throw new Error(`test message does not verify: ${err}`)
  const raw = t.encode(t.fromObject(obj)).finish()
  const unknown = type('k8s.io.apimachinery.pkg.runtime.Unknown')
  const body = unknown.encode(unknown.fromObject({ typeMeta: { apiVersion, kind }, raw })).finish()
  return new Uint8Array([...MAGIC, ...body])
}

export interface Unwrapped {
  apiVersion: string
  kind: string
  /** contentEncoding and contentType, as the envelope carries them. */
  unknown: Record<string, unknown>
  object: any
}

/** Check the magic, read the Unknown, decode its raw as `message` (defaults off: only what is on the wire). */
export function unwrap(bytes: Uint8Array, message: string): Unwrapped {
  if (MAGIC.some((b, i) => bytes[i] !== b)) throw new Error(`no k8s magic: ${Array.from(bytes.subarray(0, 8)).join(' ')}`)
  const unknown = type('k8s.io.apimachinery.pkg.runtime.Unknown')
  const u = unknown.toObject(unknown.decode(bytes.subarray(4)), { defaults: false }) as Record<string, any>
  const t = type(message)
  const object = t.toObject(t.decode(u.raw), { longs: Number, bytes: String, defaults: false })
  return { apiVersion: u.typeMeta?.apiVersion, kind: u.typeMeta?.kind, unknown: { contentEncoding: u.contentEncoding, contentType: u.contentType }, object }
}

export interface PbReply {
  status: number
  contentType: string | null
  bytes: Uint8Array
  text: string
}

export async function pbCall(
  api: FakeImageApi,
  method: string,
  path: string,
  body: Uint8Array | string | undefined,
  headers: Record<string, string> = {},
): Promise<PbReply> {
  const payload = body instanceof Uint8Array ? new Uint8Array(body) : body
  const res = await api.fetch(new Request(BASE + path, { method, headers, body: payload }))
  const bytes = new Uint8Array(await res.arrayBuffer())
  return { status: res.status, contentType: res.headers.get('content-type'), bytes, text: new TextDecoder().decode(bytes) }
}

/** JSON text of FieldsV1/RawExtension bytes as protobufjs gives them (base64). */
export function rawJSON(b64: string): unknown {
  return JSON.parse(Buffer.from(b64, 'base64').toString('utf8'))
}
