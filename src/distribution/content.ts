// Where the bytes of a repository's manifests and blobs come from (openshift/image-registry
// pkg/imagestream GetImageOfImageStream, imagestreamhasblob): a repository `<ns>/<stream>` holds the
// images its ImageStream's tag history names (and the children of manifest lists among them). An
// image's bytes are local when the registry holds them — pushed into its storage, or an image marked
// `image.openshift.io/manifestBlobStored` (fixture images: their bytes are rebuilt, see reconstruct.ts)
// or named under the internal registry — and are otherwise pulled through from the registry the
// image's `dockerImageReference` names (pullthrough.ts).

import { layerContent, rememberedBlob } from '../fixtures/blob-content.js'
import { MANIFEST_BLOB_STORED } from '../image/image/strategy.js'
import { tryParseDockerImageReference } from '../image/helpers/reference.js'
import type { Image, ImageStream } from '../image/types.js'
import { objectKey } from '../store/store.js'
import type { RegistryDeps } from './deps.js'
import { imageBytes } from './reconstruct.js'

export function getStream(deps: RegistryDeps, namespace: string, name: string): ImageStream | undefined {
  return deps.store.get('imagestreams', objectKey(namespace, name)) as ImageStream | undefined
}

export function getImage(deps: RegistryDeps, name: string): Image | undefined {
  return deps.store.get('images', name) as Image | undefined
}

/** Tag → newest image of every status tag with history (imagestream Tags()). */
export function streamTags(stream: ImageStream): Map<string, string> {
  const out = new Map<string, string>()
  for (const t of stream.status?.tags ?? []) {
    const img = t.items?.[0]?.image
    if (img) out.set(t.tag, img)
  }
  return out
}

/** Every image the stream's history names, with the children of manifest lists among them. */
export function streamImages(deps: RegistryDeps, stream: ImageStream): Image[] {
  const names = new Set<string>()
  for (const t of stream.status?.tags ?? []) for (const it of t.items ?? []) if (it.image) names.add(it.image)
  const out: Image[] = []
  const seen = new Set<string>()
  const add = (name: string, depth: number) => {
    if (seen.has(name)) return
    seen.add(name)
    const img = getImage(deps, name)
    if (!img) return
    out.push(img)
    if (depth === 0) for (const m of img.dockerImageManifests ?? []) add(m.digest, 1)
  }
  for (const n of names) add(n, 0)
  return out
}

/** GetImageOfImageStream: the image `digest` when the stream names it (or a list it names has it as a child). */
export function imageOfStream(deps: RegistryDeps, stream: ImageStream, digest: string): Image | undefined {
  return streamImages(deps, stream).find((i) => i.metadata.name === digest)
}

/** Does the registry hold this image's bytes itself (no pull-through)? */
export function isLocal(deps: RegistryDeps, image: Image): boolean {
  if (deps.storage.blobs.has(image.metadata.name ?? '')) return true
  if (image.metadata.annotations?.[MANIFEST_BLOB_STORED] === 'true') return true
  const ref = image.dockerImageReference ? tryParseDockerImageReference(image.dockerImageReference) : undefined
  return !ref || !ref.registry || ref.registry === deps.internalHost
}

/** The local manifest bytes of `image`, if the registry has them. */
export function localManifest(deps: RegistryDeps, image: Image): { bytes: Uint8Array; mediaType: string } | undefined {
  const name = image.metadata.name ?? ''
  const mediaType = image.dockerImageManifestMediaType ?? ''
  const stored = deps.storage.blobs.get(name)
  if (stored) return { bytes: stored, mediaType: mediaTypeOf(stored) || mediaType }
  const rebuilt = imageBytes(image)
  if (rebuilt) return { bytes: rebuilt.manifest, mediaType: rebuilt.mediaType }
  const remembered = rememberedBlob(name)
  return remembered ? { bytes: remembered, mediaType: mediaTypeOf(remembered) || mediaType } : undefined
}

/** The local bytes of blob `digest` of `image` (its config or one of its layers). */
export function localBlob(deps: RegistryDeps, image: Image, digest: string): Uint8Array | undefined {
  const stored = deps.storage.blobs.get(digest)
  if (stored) return stored
  const layer = image.dockerImageLayers?.find((l) => l.name === digest)
  if (layer) return layerContent(digest, layer.size)
  if ((image.dockerImageMetadata as { Id?: unknown } | undefined)?.Id === digest) {
    const rebuilt = imageBytes(image)
    if (rebuilt?.config?.digest === digest) return rebuilt.config.bytes
    return rememberedBlob(digest)
  }
  return undefined
}

/** Is `digest` the config or a layer of `image`? */
export function imageHasBlob(image: Image, digest: string): boolean {
  if ((image.dockerImageMetadata as { Id?: unknown } | undefined)?.Id === digest) return true
  return !!image.dockerImageLayers?.some((l) => l.name === digest)
}

/** A stored manifest's own `mediaType` field. */
export function mediaTypeOf(bytes: Uint8Array): string {
  try {
    const o = JSON.parse(new TextDecoder().decode(bytes)) as { mediaType?: unknown }
    return typeof o.mediaType === 'string' ? o.mediaType : ''
  } catch {
    return ''
  }
}
