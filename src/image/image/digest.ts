// Content digests of manifests and blobs (godigest). Browser-safe: the synchronous sha256 of openapi-hash.

import { sha256Hex } from '../../apiserver/openapi-hash.js'

const encoder = new TextEncoder()

/** Byte length of a string as Go sees it (UTF-8). */
export function byteLength(s: string): number {
  return encoder.encode(s).length
}

/** `sha256:<hex>` of bytes or of a string's UTF-8 encoding (godigest.FromBytes). */
export function digestOf(content: string | Uint8Array): string {
  return `sha256:${sha256Hex(content)}`
}

/** Whether `content` hashes to `digest` (godigest Verifier). Only sha256 is verifiable here. */
export function verifyDigest(digest: string, content: string | Uint8Array): boolean {
  if (!/^sha256:[a-f0-9]{64}$/.test(digest)) return false
  return digestOf(content) === digest
}
