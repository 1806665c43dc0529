// ImageStreamImage: `<stream>@<id>` — an Image referenced by the stream, looked up by full
// name or short digest. GET only. Ported from openshift-apiserver
// pkg/image/apiserver/registry/imagestreamimage/rest.go, which searches the stream's layers view
// (imagestream/etcd/etcd.go LayersREST, src/image/graph/layers.ts): every image of every history item of every
// status tag, plus — recursively — the sub-manifests (`dockerImageManifests`) of manifest lists, whether or
// not their Image objects exist.
// fidelity: imagestreamimage.get

import { errors } from '../../apiserver/errors.js'
import type { RequestContext, Storage } from '../../apiserver/types.js'
import { collectLayers, validateImageStreamLayers } from '../graph/layers.js'
import { compareStrings, digestOrImageMatch, joinImageStreamImage, parseImageStreamImageName } from '../helpers/names.js'
import type { ImageGroup } from '../install.js'
import { GROUP, GROUP_VERSION, type Image, type ImageStream, type KubeObject } from '../types.js'
import { imageStreamImageTable } from './printers.js'
import { embeddedImage, viewMeta } from './views-common.js'

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
      const { images } = collectLayers(stream, ctx.store)
      const errs = validateImageStreamLayers(images)
      // QUIRK (kept): the layers view reports its validation errors with an empty kind and name
      if (errs.length) throw errors.invalid(GROUP, '', '', errs)
      const imageName = resolveStreamImage(Object.keys(images), id)
      if (!imageName) throw errors.notFound(GROUP, 'imagestreamimage', input)
      const image = ctx.store.get('images', imageName) as Image | undefined
      if (!image) throw errors.notFound(GROUP, 'images', imageName)
      const meta = viewMeta({
        name: joinImageStreamImage(name, id),
        namespace: ctx.info.namespace,
        creationTimestamp: image.metadata.creationTimestamp,
        annotations: stream.metadata.annotations,
      })
      return { kind: 'ImageStreamImage', apiVersion: GROUP_VERSION, metadata: meta, image: embeddedImage(image, ctx.now) }
    },
  }
}
