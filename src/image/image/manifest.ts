// The image strategy's manifest handling (imageStrategy.PrepareForCreate/PrepareForUpdate), ported from
// openshift-apiserver's image strategy and pkg/image/apiserver/internal/imageutil. The parts live beside it:
// media-types.ts and digest.ts (the vocabulary), unmarshal.ts (json.Unmarshal rules), docker-config.ts (the
// config blob → dockerImageMetadata), manifest-parse.ts (raw manifests and manifest lists), image-metadata.ts
// (InternalImageWithMetadata) and manifest-verify.ts (ManifestMatchesImage, ImageConfigMatchesImage).
// Operates on the v1 wire form of an Image.
// fidelity: image.manifest-metadata

import type { Image } from '../types.js'
import { ManifestError } from './unmarshal.js'
import { imageWithMetadata } from './image-metadata.js'
import { parseManifestList } from './manifest-parse.js'
import { imageConfigMatchesImage, manifestMatchesImage } from './manifest-verify.js'

/**
 * The image strategy's PrepareForCreate manifest handling (imageutil InternalImageWithMetadata): metadata from
 * the raw manifest (errors ignored) and, for manifest lists, `dockerImageManifests` rebuilt from the list
 * entries.
 */
export function prepareImageManifest(image: Image, now: string): void {
  try {
    imageWithMetadata(image, now)
  } catch (e) {
    if (!(e instanceof ManifestError)) throw e
  }
  const text = image.dockerImageManifest ?? ''
  if (text.length === 0) return
  const entries = parseManifestList(image.dockerImageManifestMediaType ?? '', text)
  if (!entries) return
  if (entries.length) image.dockerImageManifests = entries
  else delete image.dockerImageManifests
}

/**
 * The manifest part of the image strategy's PrepareForUpdate (ManifestMatchesImage, ImageConfigMatchesImage):
 * a changed manifest is kept only when cleared or when it hashes to the image name; a changed config only when
 * cleared or when it is the manifest's config blob; then the metadata parsing runs again (errors ignored).
 */
export function prepareImageManifestUpdate(image: Image, old: Image, now: string): void {
  if ((image.dockerImageManifest ?? '') !== (old.dockerImageManifest ?? '')) {
    const next = image.dockerImageManifest ?? ''
    const ok = next.length === 0 || manifestMatchesImage(old, next)
    if (!ok) image.dockerImageManifest = old.dockerImageManifest
  }
  if ((image.dockerImageConfig ?? '') !== (old.dockerImageConfig ?? '')) {
    const next = image.dockerImageConfig ?? ''
    const ok = next.length === 0 || imageConfigMatchesImage(image, next)
    if (!ok) image.dockerImageConfig = old.dockerImageConfig
  }
  if (!image.dockerImageManifest) delete image.dockerImageManifest
  if (!image.dockerImageConfig) delete image.dockerImageConfig
  try {
    imageWithMetadata(image, now)
  } catch (e) {
    if (!(e instanceof ManifestError)) throw e
  }
}
