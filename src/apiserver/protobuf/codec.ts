// The protobuf serializer as the engine uses it: objects (JSON form) to enveloped bytes for responses, and
// request bodies to the JSON form the rest of the decode path checks (kind/apiVersion, typed checks).
// fidelity: apiserver.protobuf

import { errors } from '../errors.js'
import { decodeEnvelope, encodeEnvelope, EnvelopeError, frame, goProtoError } from './envelope.js'
import { decodeMessage, encodeMessage } from './objects.js'
import { messageFor, metaMessage, PROTOBUF } from './schema.js'

export { PROTOBUF, servesProtobuf } from './schema.js'

type Plain = Record<string, unknown>

/** The kind an endpoint decodes (decode.ts Expect). */
interface Expected {
  group: string
  version: string
  kind: string
}

/** Whether `value` (an object with kind/apiVersion) can be written as protobuf. */
export function canEncodeProtobuf(value: unknown): boolean {
  const v = value as Plain | null
  return !!v && typeof v.apiVersion === 'string' && typeof v.kind === 'string' && messageFor(v.apiVersion, v.kind) !== undefined
}

/**
 * Encodings by object identity. Stored (decorated) objects are never mutated — the JSON encodings are cached
 * the same way (response.ts) — so a GET or a watch event of the same stored object reuses its bytes.
 */
const encoded = new WeakMap<object, Uint8Array>()

/** The protobuf serializer's output for an object: magic + Unknown{typeMeta, raw}. */
export function encodeProtobuf(value: Plain): Uint8Array {
  let bytes = encoded.get(value)
  if (bytes) return bytes
  const apiVersion = value.apiVersion as string
  const kind = value.kind as string
  const type = messageFor(apiVersion, kind)
  if (!type) throw errors.notAcceptable(`object ${kind} does not implement the protobuf marshalling interface and cannot be encoded to a protobuf message`)
  bytes = encodeEnvelope(apiVersion, kind, encodeMessage(type, value))
  encoded.set(value, bytes)
  return bytes
}

/** summarizeData (k8s.io/apiserver/pkg/endpoints/handlers/rest.go): the body's first 30 bytes, hex unless JSON. */
function summarize(data: Uint8Array): string {
  if (data.length === 0) return '<empty>'
  const head = data.subarray(0, 30)
  const more = data.length > 30 ? ' ...' : ''
  if (data[0] === 0x7b) return `${new TextDecoder().decode(head)}${more}`
  return `${Array.from(head, (b) => b.toString(16).padStart(2, '0')).join('')}${more}`
}

function gvOf(group: string, version: string): string {
  return group ? `${group}/${version}` : version
}

/**
 * Decode a protobuf request body into the JSON form of the object it holds, with the kind and apiVersion it
 * names (defaulted from the endpoint's, copyKindDefaults). Envelope failures are the handler's
 * transformDecodeError without a kind ("the object provided is unrecognized …"), failures of the object's
 * own message the one with ("<Kind> in version … cannot be handled as a …"). A kind the scheme does not have
 * is left to the caller's kind checks (they word "no kind … is registered").
 */
export function decodeProtobufBody(data: Uint8Array, expect: Expected): Plain {
  let env
  try {
    env = decodeEnvelope(data)
  } catch (e) {
    if (!(e instanceof EnvelopeError)) throw e
    throw errors.badRequest(`the object provided is unrecognized (must be of type ${expect.kind}): ${e.message} (${summarize(data)})`)
  }
  const kind = env.kind || expect.kind
  const apiVersion = env.apiVersion || gvOf(expect.group, expect.version)
  const type = messageFor(apiVersion, kind)
  if (!type) return { kind, apiVersion, metadata: {} }
  let obj: Plain
  try {
    obj = decodeMessage(type, env.raw)
  } catch (e) {
    const version = apiVersion.includes('/') ? apiVersion.slice(apiVersion.indexOf('/') + 1) : apiVersion
    throw errors.badRequest(`${kind} in version "${version}" cannot be handled as a ${expect.kind}: ${goProtoError(e)}`)
  }
  return { kind, apiVersion, ...obj }
}

/**
 * A protobuf DeleteOptions body in its JSON form. The delete handler (k8s.io/apiserver/pkg/endpoints/handlers/
 * delete.go) passes a decoding failure to scope.err as it is: a plain error, so a 500 with its text.
 */
export function decodeProtobufDeleteOptions(data: Uint8Array): Plain {
  try {
    const env = decodeEnvelope(data)
    return decodeMessage(metaMessage('DeleteOptions'), env.raw)
  } catch (e) {
    throw errors.unknown(e instanceof EnvelopeError ? e.message : goProtoError(e))
  }
}

/**
 * One frame of a protobuf watch stream: the WatchEvent encoded by the RawSerializer (no magic, no envelope)
 * with the object as the protobuf serializer writes it in its RawExtension, behind a 4-byte big-endian
 * length (codec_factory.go StreamSerializer: protoRawSerializer + LengthDelimitedFramer;
 * k8s.io/apiserver/pkg/endpoints/handlers/watch.go: the embedded encoder is the negotiated serializer).
 */
export function protobufWatchFrame(type: string, object: Plain): Uint8Array {
  const t = metaMessage('WatchEvent')
  return frame(t.encode(t.fromObject({ type, object: { raw: encodeProtobuf(object) } })).finish())
}
