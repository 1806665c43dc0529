// InternalImageWithMetadata (pkg/image/apiserver/internal/imageutil): the layers, manifest media type
// and `dockerImageMetadata` of an Image filled from its raw manifest and config (openshift-apiserver
// pkg/image/apiserver/internal/imageutil/helpers.go InternalImageWithMetadata). Operates on the v1 wire form
// of an Image.

import { isPlainObject } from '../../apiserver/json.js'
import type { DockerImageMetadata, Image, ImageLayer } from '../types.js'
import { byteLength } from './digest.js'
import { dockerImageFromConfig } from './docker-config.js'
import { goField, goInt, ManifestError, parseJSON } from './unmarshal.js'
import { parseDockerImageManifest, type ParsedManifest } from './manifest-parse.js'
import {
  MEDIA_TYPE_MANIFEST_LIST,
  MEDIA_TYPE_OCI_INDEX,
  MEDIA_TYPE_OCI_MANIFEST,
  MEDIA_TYPE_SCHEMA1,
  MEDIA_TYPE_SCHEMA1_LAYER,
  MEDIA_TYPE_SCHEMA1_SIGNED,
  MEDIA_TYPE_SCHEMA2,
} from './media-types.js'

export const DOCKER_LAYERS_ORDER = 'image.openshift.io/dockerLayersOrder'
export const LAYERS_ORDER_ASCENDING = 'ascending'
export const LAYERS_ORDER_DESCENDING = 'descending'

function metadataOf(image: Image): DockerImageMetadata {
  const m = image.dockerImageMetadata
  if (isPlainObject(m)) return m as unknown as DockerImageMetadata
  const fresh: DockerImageMetadata = { kind: 'DockerImage', apiVersion: '1.0', Id: '', Created: null }
  image.dockerImageMetadata = fresh
  return fresh
}

function setAnnotation(image: Image, key: string, value: string): void {
  image.metadata.annotations = { ...(image.metadata.annotations ?? {}), [key]: value }
}

/** reorderImageLayers: bring layers into ascending order and mark them so. */
export function reorderImageLayers(image: Image): void {
  const layers = image.dockerImageLayers
  if (!layers || layers.length === 0) return
  let order = image.metadata.annotations?.[DOCKER_LAYERS_ORDER]
  if (order === undefined) {
    switch (image.dockerImageManifestMediaType ?? '') {
      case MEDIA_TYPE_SCHEMA1:
      case MEDIA_TYPE_SCHEMA1_SIGNED:
        order = LAYERS_ORDER_ASCENDING
        break
      case MEDIA_TYPE_SCHEMA2:
      case MEDIA_TYPE_OCI_MANIFEST:
        order = LAYERS_ORDER_DESCENDING
        break
      default:
        return
    }
  }
  if (order === LAYERS_ORDER_DESCENDING) layers.reverse()
  setAnnotation(image, DOCKER_LAYERS_ORDER, LAYERS_ORDER_ASCENDING)
}

function fillImageLayers(image: Image, manifest: ParsedManifest): void {
  if (image.dockerImageLayers && image.dockerImageLayers.length !== 0) return
  const ref = image.dockerImageReference ?? ''
  switch (manifest.schemaVersion) {
    case 1: {
      if (manifest.history.length !== manifest.fsLayers.length) {
        throw new ManifestError(
          `the image ${image.metadata.name ?? ''} (${ref}) has mismatched history and fslayer cardinality (${manifest.history.length} != ${manifest.fsLayers.length})`,
        )
      }
      const layers: ImageLayer[] = new Array(manifest.fsLayers.length)
      manifest.history.forEach((h, i) => {
        let size = 0
        try {
          const v = JSON.parse(h) as unknown
          size = isPlainObject(v) ? goInt(goField(v, 'size')) : 0
        } catch {
          size = 0
        }
        // schema 1 lists the youngest layer first; Images store the oldest first.
        layers[manifest.history.length - 1 - i] = { name: manifest.fsLayers[i]!, size, mediaType: MEDIA_TYPE_SCHEMA1_LAYER }
      })
      image.dockerImageLayers = layers
      break
    }
    case 2:
      image.dockerImageLayers = manifest.layers.map((l) => ({ name: l.digest, size: l.size, mediaType: l.mediaType }))
      break
    default:
      throw new ManifestError(`unrecognized container image manifest schema ${manifest.schemaVersion} for "${image.metadata.name ?? ''}" (${ref})`)
  }
  setAnnotation(image, DOCKER_LAYERS_ORDER, LAYERS_ORDER_ASCENDING)
}

/**
 * InternalImageWithMetadata: parse `dockerImageManifest` (and `dockerImageConfig`) and fill the layers,
 * the manifest media type and `dockerImageMetadata`. Mutates `image`; throws ManifestError on parse
 * errors (callers on the Image write paths ignore them, as the real server does). `now` is the time a
 * manifest list's metadata gets as `Created`.
 */
export function imageWithMetadata(image: Image, now: string): void {
  const manifestText = image.dockerImageManifest ?? ''
  if (manifestText.length === 0) return
  reorderImageLayers(image)
  const meta = metadataOf(image)
  if (image.dockerImageLayers && image.dockerImageLayers.length > 0 && (meta.Size ?? 0) > 0 && (image.dockerImageManifestMediaType ?? '').length > 0) {
    return
  }
  const manifest = parseDockerImageManifest(manifestText)
  if (manifest.mediaType === MEDIA_TYPE_MANIFEST_LIST || manifest.mediaType === MEDIA_TYPE_OCI_INDEX) {
    meta.Id = image.metadata.name ?? ''
    meta.Created = now
    return
  }
  fillImageLayers(image, manifest)
  let next: DockerImageMetadata
  switch (manifest.schemaVersion) {
    case 1: {
      image.dockerImageManifestMediaType = MEDIA_TYPE_SCHEMA1
      if (manifest.history.length === 0) {
        throw new ManifestError(`the image ${image.metadata.name ?? ''} (${image.dockerImageReference ?? ''}) has a schema 1 manifest, but it doesn't have history`)
      }
      next = dockerImageFromConfig(parseJSON(manifest.history[0]!))
      break
    }
    case 2: {
      if (manifest.mediaType !== '') image.dockerImageManifestMediaType = manifest.mediaType
      else if (!image.dockerImageManifestMediaType) image.dockerImageManifestMediaType = MEDIA_TYPE_SCHEMA2
      const configText = image.dockerImageConfig ?? ''
      if (configText.length === 0) {
        throw new ManifestError(`dockerImageConfig must not be empty for manifest type "${image.dockerImageManifestMediaType}"`)
      }
      let config: unknown
      try {
        config = JSON.parse(configText)
      } catch (e) {
        throw new ManifestError(`failed to parse dockerImageConfig: ${e instanceof Error ? e.message : String(e)}`)
      }
      next = dockerImageFromConfig(config)
      next.Id = manifest.config.digest
      break
    }
    default:
      throw new ManifestError(`unrecognized container image manifest schema ${manifest.schemaVersion} for "${image.metadata.name ?? ''}" (${image.dockerImageReference ?? ''})`)
  }
  const seen = new Set<string>()
  let size = 0
  if (manifest.schemaVersion === 2) {
    seen.add(manifest.config.digest)
    size = byteLength(image.dockerImageConfig ?? '')
  }
  for (const layer of image.dockerImageLayers ?? []) {
    if (seen.has(layer.name)) continue
    seen.add(layer.name)
    size += layer.size
  }
  next.Size = size
  image.dockerImageMetadata = next
}
