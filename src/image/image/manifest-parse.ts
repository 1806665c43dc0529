// json.Unmarshal of raw manifests: dockerapi10.DockerImageManifest (schema 1 and 2, OCI) and the
// entries of manifest lists / OCI indexes.

import type { ImageManifest } from '../types.js'
import { goField, goInt, goObject, goSlice, goString, ManifestError, parseJSON } from './unmarshal.js'
import { baseMediaType, MEDIA_TYPE_MANIFEST_LIST, MEDIA_TYPE_OCI_INDEX } from './media-types.js'

export interface Descriptor {
  mediaType: string
  size: number
  digest: string
}

export interface ParsedManifest {
  schemaVersion: number
  mediaType: string
  fsLayers: string[]
  history: string[]
  layers: Descriptor[]
  config: Descriptor
}

function descriptor(v: unknown): Descriptor {
  const o = goObject(v, 'docker10.Descriptor') ?? {}
  return { mediaType: goString(goField(o, 'mediaType')), size: goInt(goField(o, 'size')), digest: goString(goField(o, 'digest')) }
}

/** json.Unmarshal into dockerapi10.DockerImageManifest. */
export function parseDockerImageManifest(text: string): ParsedManifest {
  const raw = parseJSON(text)
  const o = goObject(raw, 'docker10.DockerImageManifest') ?? {}
  return {
    schemaVersion: goInt(goField(o, 'schemaVersion'), 'int'),
    mediaType: goString(goField(o, 'mediaType')),
    fsLayers: goSlice(goField(o, 'fsLayers'), '[]docker10.DockerFSLayer').map((l) => goString(goField(goObject(l, 'docker10.DockerFSLayer') ?? {}, 'blobSum'))),
    history: goSlice(goField(o, 'history'), '[]docker10.DockerHistory').map((h) => goString(goField(goObject(h, 'docker10.DockerHistory') ?? {}, 'v1Compatibility'))),
    layers: goSlice(goField(o, 'layers'), '[]docker10.Descriptor').map(descriptor),
    config: descriptor(goField(o, 'config')),
  }
}

/**
 * distribution.UnmarshalManifest(mediaType, manifest) for the two list kinds: the entries of a manifest
 * list / OCI index, or undefined when `mediaType` is not a list type or the payload does not parse as one.
 */
export function parseManifestList(mediaType: string, text: string): ImageManifest[] | undefined {
  const mt = baseMediaType(mediaType)
  if (mt !== MEDIA_TYPE_MANIFEST_LIST && mt !== MEDIA_TYPE_OCI_INDEX) return undefined
  try {
    const raw = parseJSON(text)
    const o = goObject(raw, 'manifestlist.DeserializedManifestList') ?? {}
    const payloadType = goString(goField(o, 'mediaType'))
    if (mt === MEDIA_TYPE_MANIFEST_LIST && payloadType !== MEDIA_TYPE_MANIFEST_LIST) return undefined
    if (mt === MEDIA_TYPE_OCI_INDEX) {
      // validateIndex: an index must not look like a manifest.
      if (goField(o, 'config') !== undefined || goField(o, 'layers') !== undefined) return undefined
      if (payloadType !== '' && payloadType !== MEDIA_TYPE_OCI_INDEX) return undefined
    }
    return goSlice(goField(o, 'manifests'), '[]manifestlist.ManifestDescriptor').map((d) => {
      const e = goObject(d, 'manifestlist.ManifestDescriptor') ?? {}
      const p = goObject(goField(e, 'platform'), 'manifestlist.PlatformSpec') ?? {}
      const m: ImageManifest = {
        digest: goString(goField(e, 'digest')),
        mediaType: goString(goField(e, 'mediaType')),
        manifestSize: goInt(goField(e, 'size')),
        architecture: goString(goField(p, 'architecture')),
        os: goString(goField(p, 'os')),
      }
      const variant = goString(goField(p, 'variant'))
      if (variant) m.variant = variant
      return m
    })
  } catch (e) {
    if (e instanceof ManifestError) return undefined
    throw e
  }
}
