// The Kubernetes protobuf wire format (k8s.io/apimachinery/pkg/runtime/serializer/protobuf/protobuf.go):
// the 4-byte magic `k8s\0` followed by a runtime.Unknown {typeMeta, raw, contentEncoding, contentType}
// whose raw is the object's own message. Watch streams use the RawSerializer (no magic, no envelope) for
// the WatchEvent, framed by a 4-byte big-endian length (LengthDelimitedFramer); the event's object is a
// RawExtension holding the enveloped object.
// fidelity: apiserver.protobuf-decode-errors

import { metaMessage } from './schema.js'

/** protoEncodingPrefix: 0x6b 0x38 0x73 ("k8s") and the encoding style 0x00 (runtime.Unknown). */
export const MAGIC = new Uint8Array([0x6b, 0x38, 0x73, 0x00])

export interface Envelope {
  apiVersion: string
  kind: string
  raw: Uint8Array
}

/** Serializer.doEncode: the magic, then Unknown with typeMeta and raw (contentEncoding/contentType empty). */
export function encodeEnvelope(apiVersion: string, kind: string, raw: Uint8Array): Uint8Array {
  const unknown = metaMessage('Unknown')
  // gogo's Marshal writes the non-pointer string fields even when empty, so they are set explicitly.
  const msg = unknown.fromObject({ typeMeta: { apiVersion, kind }, raw, contentEncoding: '', contentType: '' })
  const body = unknown.encode(msg).finish()
  const out = new Uint8Array(MAGIC.length + body.length)
  out.set(MAGIC)
  out.set(body, MAGIC.length)
  return out
}

/** A decoding failure, worded as Go's decoder words it. */
export class EnvelopeError extends Error {}

/** Serializer.Decode up to the Unknown: the prefix checks and their messages, then the envelope. */
export function decodeEnvelope(data: Uint8Array): Envelope {
  if (data.length === 0) throw new EnvelopeError('empty data')
  if (data.length < MAGIC.length || MAGIC.some((b, i) => data[i] !== b)) {
    throw new EnvelopeError(`provided data does not appear to be a protobuf message, expected prefix [${MAGIC.join(' ')}]`)
  }
  if (data.length === MAGIC.length) throw new EnvelopeError('empty body')
  const unknown = metaMessage('Unknown')
  let msg: Record<string, unknown>
  try {
    msg = unknown.toObject(unknown.decode(data.subarray(MAGIC.length)), { defaults: false }) as Record<string, unknown>
  } catch (e) {
    throw new EnvelopeError(goProtoError(e))
  }
  const typeMeta = (msg.typeMeta ?? {}) as { apiVersion?: string; kind?: string }
  return { apiVersion: typeMeta.apiVersion ?? '', kind: typeMeta.kind ?? '', raw: (msg.raw as Uint8Array | undefined) ?? new Uint8Array(0) }
}

/**
 * gogo-generated Unmarshal's wording for the failures protobufjs reports: truncated input is
 * io.ErrUnexpectedEOF, anything else a "proto:" error (approximated: protobufjs does not say which field).
 */
export function goProtoError(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e)
  if (/index out of range/.test(msg)) return 'unexpected EOF'
  const wire = /invalid wire type (\d+)/.exec(msg)
  if (wire) return `proto: illegal wireType ${wire[1]}`
  return `proto: ${msg}`
}

/** LengthDelimitedFramer: one frame is a 4-byte big-endian length, then that many bytes. */
export function frame(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + bytes.length)
  new DataView(out.buffer).setUint32(0, bytes.length, false)
  out.set(bytes, 4)
  return out
}
