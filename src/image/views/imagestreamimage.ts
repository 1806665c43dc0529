// ImageStreamImage (SEMANTICS §7): `<stream>@<id>` — an Image referenced by the stream, looked up by full
// name or short digest. GET only. Ported from openshift-apiserver
// pkg/image/apiserver/registry/imagestreamimage/rest.go, which searches the stream's layers view
// (imagestream/etcd LayersREST): every image of every history item of every status tag, plus — recursively —
// the sub-manifests (`dockerImageManifests`) of manifest lists, whether or not their Image objects exist.

import { errors, fe, type FieldError } from '../../apiserver/errors.js'
import type { RequestContext, Storage } from '../../apiserver/types.js'
import type { StoreReader } from '../../store/store.js'
import { compareStrings, digestOrImageMatch, joinImageStreamImage, parseImageStreamImageName } from '../helpers/names.js'
import type { ImageGroup } from '../install.js'
import { GROUP, GROUP_VERSION, type Image, type ImageStream, type KubeObject } from '../types.js'
import { imageStreamImageTable } from './printers.js'
import { embeddedImage, viewMeta } from './views-common.js'

const SCHEMA2_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json'
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json'

/** What the layers view records per image (ImageBlobReferences). */
interface BlobReferences {
  imageMissing: boolean
  layers: string[]
  config: string | null
  manifests: string[]
}

/**
 * The images of the stream's layers view, keyed by name (addImageStreamLayersFromCache). Missing Image
 * objects are recorded with `imageMissing`.
 */
export function streamImages(reader: StoreReader, stream: ImageStream): Map<string, BlobReferences> {
  const out = new Map<string, BlobReferences>()
  const visit = (name: string): void => {
    if (out.has(name)) return
    const image = reader.get('images', name) as Image | undefined
    if (!image) {
      out.set(name, { imageMissing: true, layers: [], config: null, manifests: [] })
      return
    }
    const media = image.dockerImageManifestMediaType ?? ''
    const meta = (image.dockerImageMetadata ?? {}) as { Id?: string }
    const ref: BlobReferences = {
      imageMissing: false,
      layers: (image.dockerImageLayers ?? []).map((l) => l.name),
      config: media === SCHEMA2_MANIFEST || media === OCI_MANIFEST ? (meta.Id ?? '') : null,
      manifests: (image.dockerImageManifests ?? []).map((m) => m.digest),
    }
    out.set(name, ref)
    for (const child of ref.manifests) visit(child)
  }
  for (const list of stream.status.tags ?? []) {
    for (const item of list.items ?? []) if (item.image) visit(item.image)
  }
  return out
}

/** ValidateImageStreamLayers (images in name order; the real server iterates a map). */
export function validateStreamImages(images: Map<string, BlobReferences>): FieldError[] {
  const errs: FieldError[] = []
  for (const name of [...images.keys()].sort(compareStrings)) {
    const r = images.get(name)!
    const p = `images[${name}]`
    if (r.imageMissing) continue // the view never records layers/config/manifests for missing images
    if (r.manifests.length === 0) {
      r.layers.forEach((l, i) => {
        if (!l) errs.push(fe.invalid(`${p}.layers[${i}]`, l, 'layer cannot be empty'))
      })
      if (r.config === '') errs.push(fe.invalid(`${p}.config`, r.config, 'config cannot be an empty string'))
    } else {
      if (r.layers.length) errs.push(fe.invalid(`${p}.layers`, r.layers, 'layers must be empty if manifests are present'))
      if (r.config !== null) errs.push(fe.invalid(`${p}.config`, r.config, 'config must be null if manifests are present'))
      r.manifests.forEach((m, i) => {
        if (!m) errs.push(fe.invalid(`${p}.manifests[${i}]`, m, 'manifest cannot be empty'))
      })
    }
  }
  return errs
}

/**
 * The image `id` names among the stream's images. When several match a short id the real server takes
 * whichever its map iteration visits last (random); the fake takes the greatest name in byte order, so the
 * answer is deterministic.
 */
export function resolveStreamImage(images: Iterable<string>, id: string): string | undefined {
  let found: string | undefined
  for (const name of images) {
    if (digestOrImageMatch(name, id) && (found === undefined || compareStrings(name, found) > 0)) found = name
  }
  return found
}

export function imageStreamImageStorage(group: ImageGroup): Storage {
  return {
    table: imageStreamImageTable,
    get(ctx: RequestContext, input: string): KubeObject {
      const parsed = parseImageStreamImageName(input)
      if (!parsed.ok) throw errors.badRequest('ImageStreamImages must be retrieved with <name>@<id>')
      const { name, id } = parsed
      const stream = group.imageStreams.get(ctx, name) as ImageStream
      const images = streamImages(ctx.store, stream)
      const errs = validateStreamImages(images)
      // QUIRK (kept): the layers view reports its validation errors with an empty kind and name
      if (errs.length) throw errors.invalid(GROUP, '', '', errs)
      const imageName = resolveStreamImage(images.keys(), id)
      if (!imageName) throw errors.notFound(GROUP, 'imagestreamimage', input)
      const image = ctx.store.get('images', imageName) as Image | undefined
      if (!image) throw errors.notFound(GROUP, 'images', imageName)
      const meta = viewMeta({
        name: joinImageStreamImage(name, id),
        namespace: ctx.info.namespace,
        creationTimestamp: image.metadata.creationTimestamp,
        annotations: stream.metadata.annotations,
      })
      return { kind: 'ImageStreamImage', apiVersion: GROUP_VERSION, metadata: meta, image: embeddedImage(image) }
    },
  }
}
