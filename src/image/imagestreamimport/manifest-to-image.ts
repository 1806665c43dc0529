// importer/image.go (schema2OrOCIToImage, manifestListToImage): an Image from a fetched manifest,
// checked against the digest it was asked for.

import { digestOf } from '../image/digest.js'
import { dockerImageFromConfig } from '../image/docker-config.js'
import type { Image } from '../types.js'
import type { DecodedManifest } from './decode-manifest.js'
import { errText } from './registry-errors.js'
import type { ImportError } from './status.js'

/** The registry client's content check: does the manifest hash to the digest it was fetched by (if any)? */
function integrityError(mediaType: string, requested: string, computed: string): Error | undefined {
  if (!requested || computed === requested) return undefined
  return new Error(
    `content integrity error: the manifest retrieved (media type: ${mediaType}) with digest ${requested} does not match the digest calculated from the content ${computed}`,
  )
}

/** schema2OrOCIToImage */
export function schema2OrOCIToImage(manifest: Extract<DecodedManifest, { kind: 'schema2' | 'oci' }>, config: string, d: string): { image?: Image; err?: ImportError } {
  let parsed: unknown
  try {
    parsed = JSON.parse(config)
  } catch (e) {
    return { err: new Error(errText(e)) }
  }
  const payloadDigest = digestOf(manifest.payload)
  const mismatch = integrityError(manifest.mediaType, d, payloadDigest)
  if (mismatch) return { err: mismatch }
  let metadata
  try {
    metadata = dockerImageFromConfig(parsed)
  } catch (e) {
    return { err: new Error(errText(e)) }
  }
  metadata.Id = payloadDigest
  const image: Image = {
    metadata: { name: payloadDigest },
    dockerImageMetadata: metadata,
    dockerImageMetadataVersion: '1.0',
    dockerImageManifest: manifest.payload,
    dockerImageLayers: null,
    dockerImageManifestMediaType: manifest.mediaType,
    dockerImageConfig: config,
  }
  return { image }
}

/** manifestListToImage: the list itself (PreserveOriginal): its digest, a creation time and the entries. */
export function manifestListToImage(manifest: Extract<DecodedManifest, { kind: 'list' }>, d: string, now: string): { image?: Image; err?: ImportError } {
  const digest = digestOf(manifest.payload)
  const mismatch = integrityError(manifest.mediaType, d, digest)
  if (mismatch) return { err: mismatch }
  const image: Image = {
    metadata: { name: digest },
    dockerImageMetadata: { kind: 'DockerImage', apiVersion: '1.0', Id: digest, Created: now },
    dockerImageLayers: null,
    dockerImageManifestMediaType: manifest.mediaType,
  }
  if (manifest.manifests.length) image.dockerImageManifests = manifest.manifests
  return { image }
}
