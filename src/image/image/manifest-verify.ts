// ManifestMatchesImage / ImageConfigMatchesImage (pkg/image/apiserver/internal/imageutil): does a
// manifest hash to an Image's name, is a config the blob its manifest names? Used when an update
// changes the raw manifest or config.

import { isPlainObject } from '../../apiserver/json.js'
import type { Image } from '../types.js'
import { verifyDigest } from './digest.js'
import { parseDockerImageManifest } from './manifest-parse.js'
import { MEDIA_TYPE_OCI_MANIFEST, MEDIA_TYPE_SCHEMA1, MEDIA_TYPE_SCHEMA2 } from './media-types.js'

const encoder = new TextEncoder()

/** libtrust.ParsePrettySignature(...).Payload(): the canonical bytes of a signed schema 1 manifest. */
export function schema1Canonical(text: string): string | undefined {
  let o: unknown
  try {
    o = JSON.parse(text)
  } catch {
    return undefined
  }
  if (!isPlainObject(o) || !Array.isArray(o.signatures) || o.signatures.length === 0) return undefined
  let formatLength: number | undefined
  let formatTail: string | undefined
  for (const sig of o.signatures) {
    if (!isPlainObject(sig) || typeof sig.protected !== 'string') return undefined
    const header = base64UrlDecode(sig.protected)
    if (header === undefined) return undefined
    let h: unknown
    try {
      h = JSON.parse(header)
    } catch {
      return undefined
    }
    if (!isPlainObject(h) || typeof h.formatLength !== 'number' || typeof h.formatTail !== 'string') return undefined
    const tail = base64UrlDecode(h.formatTail)
    if (tail === undefined) return undefined
    if (formatLength !== undefined && (formatLength !== h.formatLength || formatTail !== tail)) return undefined
    formatLength = h.formatLength
    formatTail = tail
  }
  const bytes = encoder.encode(text)
  if (formatLength === undefined || formatLength > bytes.length) return undefined
  return new TextDecoder().decode(bytes.slice(0, formatLength)) + formatTail
}

function base64UrlDecode(s: string): string | undefined {
  try {
    const std = s.replace(/-/g, '+').replace(/_/g, '/')
    const padded = std + '='.repeat((4 - (std.length % 4)) % 4)
    const bin = atob(padded)
    const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0))
    return new TextDecoder().decode(bytes)
  } catch {
    return undefined
  }
}

function schema2MediaTypeOK(text: string, want: 'schema2' | 'oci'): boolean {
  let o: unknown
  try {
    o = JSON.parse(text)
  } catch {
    return false
  }
  if (!isPlainObject(o)) return false
  const mt = typeof o.mediaType === 'string' ? o.mediaType : ''
  if (want === 'schema2') return mt === MEDIA_TYPE_SCHEMA2
  return mt === '' || mt === MEDIA_TYPE_OCI_MANIFEST
}

/** ManifestMatchesImage: does `manifest` hash to the image's name (a digest)? */
export function manifestMatchesImage(image: Image, manifest: string): boolean {
  const name = image.metadata.name ?? ''
  if (!/^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]+$/.test(name)) return false
  let canonical: string | undefined
  switch (image.dockerImageManifestMediaType ?? '') {
    case MEDIA_TYPE_OCI_MANIFEST:
      canonical = schema2MediaTypeOK(manifest, 'oci') ? manifest : undefined
      break
    case MEDIA_TYPE_SCHEMA2:
      canonical = schema2MediaTypeOK(manifest, 'schema2') ? manifest : undefined
      break
    case MEDIA_TYPE_SCHEMA1:
    case '':
      canonical = schema1Canonical(manifest)
      break
    default:
      return false
  }
  return canonical !== undefined && verifyDigest(name, canonical)
}

/** ImageConfigMatchesImage: is `config` the blob the image's manifest names as its config? */
export function imageConfigMatchesImage(image: Image, config: string): boolean {
  const mt = image.dockerImageManifestMediaType ?? ''
  if (mt !== MEDIA_TYPE_SCHEMA2 && mt !== MEDIA_TYPE_OCI_MANIFEST) return false
  const text = image.dockerImageManifest ?? ''
  if (!schema2MediaTypeOK(text, mt === MEDIA_TYPE_SCHEMA2 ? 'schema2' : 'oci')) return false
  try {
    const m = parseDockerImageManifest(text)
    return verifyDigest(m.config.digest, config)
  } catch {
    return false
  }
}
