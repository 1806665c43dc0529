// The manifest and config bytes of an Image whose raw manifest is not stored (images seeded from
// fixtures carry `image.openshift.io/manifestBlobStored: "true"` and no `dockerImageManifest`, as on a
// cluster, where the registry keeps those bytes in its storage). Images made by the fixture builders
// are deterministic functions of what the Image records (config section, created, architecture, layers,
// manifest media type), so the builder run again gives the same bytes; the digests are checked, and an
// Image that was not built that way has no bytes here (the registry answers MANIFEST_UNKNOWN / BLOB_UNKNOWN).

import { utf8 } from '../core/base64.js'
import { buildImage, type ImageOptions } from '../fixtures/image.js'
import { MEDIA_TYPES } from '../fixtures/defaults.js'
import { digestOf } from '../image/image/digest.js'
import type { Image } from '../image/types.js'

export interface ImageBytes {
  manifest: Uint8Array
  mediaType: string
  /** Config blob (single-platform images). */
  config?: { digest: string; bytes: Uint8Array }
}

type Meta = { Id?: unknown; Created?: unknown; Architecture?: unknown; Author?: unknown; DockerVersion?: unknown; Config?: unknown; Os?: unknown }

/** Builder options that reproduce a single-platform Image (layers described by digest and size). */
export function optionsFromImage(image: Image, variant?: string): ImageOptions {
  const meta = (image.dockerImageMetadata ?? {}) as Meta
  const opts: ImageOptions = {
    mediaType: image.dockerImageManifestMediaType === MEDIA_TYPES.ociManifest ? 'oci' : 'schema2',
    layers: (image.dockerImageLayers ?? []).map((l) => ({ digest: l.name, size: l.size ?? 0, mediaType: l.mediaType })),
    config: (meta.Config && typeof meta.Config === 'object' ? meta.Config : {}) as ImageOptions['config'],
  }
  if (typeof meta.Created === 'string') opts.created = meta.Created
  if (typeof meta.Architecture === 'string' && meta.Architecture) opts.arch = meta.Architecture
  if (typeof meta.Os === 'string' && meta.Os) opts.os = meta.Os
  if (typeof meta.Author === 'string' && meta.Author) opts.author = meta.Author
  if (typeof meta.DockerVersion === 'string' && meta.DockerVersion) opts.dockerVersion = meta.DockerVersion
  if (variant) opts.variant = variant
  return opts
}

const VARIANTS = [undefined, 'v8', 'v7', 'v6', 'v5']

/** The manifest list / index JSON the builder writes for `image.dockerImageManifests`. */
function listManifest(image: Image): string {
  const doc = {
    schemaVersion: 2,
    mediaType: image.dockerImageManifestMediaType,
    manifests: (image.dockerImageManifests ?? []).map((m) => ({
      mediaType: m.mediaType,
      size: m.manifestSize,
      digest: m.digest,
      platform: { architecture: m.architecture, os: m.os, ...(m.variant ? { variant: m.variant } : {}) },
    })),
  }
  return JSON.stringify(doc, null, 3)
}

/** The bytes of `image` (stored manifest, or rebuilt and digest-checked), or undefined. */
export function imageBytes(image: Image): ImageBytes | undefined {
  const name = image.metadata.name ?? ''
  const mediaType = image.dockerImageManifestMediaType ?? ''
  if (image.dockerImageManifest) {
    const manifest = utf8(image.dockerImageManifest)
    if (digestOf(manifest) !== name) return undefined
    const out: ImageBytes = { manifest, mediaType }
    if (image.dockerImageConfig) {
      const bytes = utf8(image.dockerImageConfig)
      out.config = { digest: digestOf(bytes), bytes }
    }
    return out
  }
  if (image.dockerImageManifests?.length) {
    const text = listManifest(image)
    return digestOf(text) === name ? { manifest: utf8(text), mediaType } : undefined
  }
  if (mediaType !== MEDIA_TYPES.schema2Manifest && mediaType !== MEDIA_TYPES.ociManifest) return undefined
  for (const variant of VARIANTS) {
    const built = buildImage(optionsFromImage(image, variant))
    if (built.digest === name) return { manifest: utf8(built.manifest), mediaType, config: { digest: built.configDigest, bytes: utf8(built.config) } }
  }
  return undefined
}
