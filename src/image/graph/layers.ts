// imagestreams/{name}/layers (openshift-apiserver pkg/image/apiserver/registry/imagestream/etcd/etcd.go
// LayersREST.Get): the blobs and per-image blob references of every image any status-tag history item of the
// stream refers to, including the sub-manifests of manifest lists and images that no longer exist
// (`imageMissing`).
// fidelity: imagestream.layers

import { errors, fe, type FieldError } from '../../apiserver/errors.js'
import type { GenericStore } from '../../apiserver/generic-store.js'
import type { RequestContext, Storage } from '../../apiserver/types.js'
import type { StoreReader } from '../../store/store.js'
import { compareStrings } from '../helpers/names.js'
import { GROUP, GROUP_VERSION, type Image, type ImageStream, type KubeObject } from '../types.js'

export const MEDIA_TYPE_SCHEMA2_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json'
export const MEDIA_TYPE_SCHEMA2_CONFIG = 'application/vnd.docker.container.image.v1+json'
export const MEDIA_TYPE_OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json'
export const MEDIA_TYPE_OCI_CONFIG = 'application/vnd.oci.image.config.v1+json'

export interface ImageLayerData {
  size: number | null
  mediaType: string
}

export interface ImageBlobReferences {
  imageMissing: boolean
  layers: string[] | null
  config: string | null
  manifests?: string[]
}

export interface ImageStreamLayers extends KubeObject {
  blobs: Record<string, ImageLayerData>
  images: Record<string, ImageBlobReferences>
}

/** configFromImage: schema2 and OCI images have a config blob, named by dockerImageMetadata.Id. */
function configOf(image: Image): { name: string; mediaType: string } | undefined {
  const mt = image.dockerImageManifestMediaType
  if (mt !== MEDIA_TYPE_SCHEMA2_MANIFEST && mt !== MEDIA_TYPE_OCI_MANIFEST) return undefined
  const id = (image.dockerImageMetadata as { Id?: unknown } | undefined)?.Id
  return { name: typeof id === 'string' ? id : '', mediaType: mt === MEDIA_TYPE_OCI_MANIFEST ? MEDIA_TYPE_OCI_CONFIG : MEDIA_TYPE_SCHEMA2_CONFIG }
}

/** Build the blobs/images maps for a stream (addImageStreamLayersFromCache). */
export function collectLayers(stream: ImageStream, reader: StoreReader): Pick<ImageStreamLayers, 'blobs' | 'images'> {
  const blobs = new Map<string, ImageLayerData>()
  const images = new Map<string, ImageBlobReferences>()
  const add = (name: string): void => {
    const image = reader.get('images', name) as Image | undefined
    if (!image) {
      if (!images.has(name)) images.set(name, { imageMissing: true, layers: null, config: null })
      return
    }
    if (images.has(name)) return
    const layers: string[] = []
    for (const layer of image.dockerImageLayers ?? []) {
      layers.push(layer.name)
      if (!blobs.has(layer.name)) blobs.set(layer.name, { size: layer.size, mediaType: layer.mediaType })
    }
    const ref: ImageBlobReferences = { imageMissing: false, layers: layers.length ? layers : null, config: null }
    const config = configOf(image)
    if (config) {
      ref.config = config.name
      if (!blobs.has(config.name)) blobs.set(config.name, { size: null, mediaType: config.mediaType })
    }
    const manifests = (image.dockerImageManifests ?? []).map((m) => m.digest)
    if (manifests.length) ref.manifests = manifests
    // The manifest itself is always a blob.
    if (!blobs.has(name)) blobs.set(name, { size: null, mediaType: image.dockerImageManifestMediaType || MEDIA_TYPE_SCHEMA2_MANIFEST })
    images.set(name, ref)
    for (const child of manifests) add(child)
  }
  for (const list of stream.status?.tags ?? []) {
    for (const item of list.items ?? []) if (item.image) add(item.image)
  }
  return { blobs: sortedRecord(blobs), images: sortedRecord(images) }
}

function sortedRecord<T>(m: Map<string, T>): Record<string, T> {
  const out: Record<string, T> = {}
  for (const k of [...m.keys()].sort(compareStrings)) out[k] = m.get(k)!
  return out
}

/** ValidateImageStreamLayers (images in name order; the real server walks a map). */
export function validateImageStreamLayers(images: Record<string, ImageBlobReferences>): FieldError[] {
  const errs: FieldError[] = []
  for (const [name, ibr] of Object.entries(images)) {
    const p = `images[${name}]`
    const layers = ibr.layers ?? []
    const manifests = ibr.manifests ?? []
    if (ibr.imageMissing) {
      if (layers.length) errs.push(fe.invalid(`${p}.layers`, layers, 'layers must be empty if image is missing'))
      if (ibr.config !== null) errs.push(fe.invalid(`${p}.config`, ibr.config, 'config must be null if image is missing'))
      if (manifests.length) errs.push(fe.invalid(`${p}.manifest`, manifests, 'manifests must be empty if image is missing'))
    } else if (!manifests.length) {
      layers.forEach((l, i) => {
        if (!l) errs.push(fe.invalid(`${p}.layers[${i}]`, l, 'layer cannot be empty'))
      })
      if (ibr.config === '') errs.push(fe.invalid(`${p}.config`, ibr.config, 'config cannot be an empty string'))
    } else {
      if (layers.length) errs.push(fe.invalid(`${p}.layers`, layers, 'layers must be empty if manifests are present'))
      if (ibr.config !== null) errs.push(fe.invalid(`${p}.config`, ibr.config, 'config must be null if manifests are present'))
      manifests.forEach((m, i) => {
        if (!m) errs.push(fe.invalid(`${p}.manifests[${i}]`, m, 'manifest cannot be empty'))
      })
    }
  }
  return errs
}

export function layersStorage(imageStreams: GenericStore): Storage {
  return {
    get(ctx: RequestContext, name: string): KubeObject {
      const stream = imageStreams.get(ctx, name) as ImageStream
      const { blobs, images } = collectLayers(stream, ctx.store)
      const errs = validateImageStreamLayers(images)
      // QUIRK (kept): the error names neither a kind nor an object: `.image.openshift.io "" is invalid: ...`.
      if (errs.length) throw errors.invalid(GROUP, '', '', errs)
      const out: ImageStreamLayers = { kind: 'ImageStreamLayers', apiVersion: GROUP_VERSION, metadata: structuredClone(stream.metadata), blobs, images }
      return out
    },
  }
}
