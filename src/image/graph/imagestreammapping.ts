// ImageStreamMapping (openshift-apiserver pkg/image/apiserver/registry/imagestreammapping/rest.go
// REST.Create): create-only. Records that an Image is now tagged in a stream, as the registry does on push:
// the Image is created (an existing one is left untouched), a tag event is added to `status.tags[tag]` with
// history collapse (imageutil AddTagEventToImageStream), spec tags tracking that tag follow
// (UpdateTrackingTags), and the stream is written through the /status rules (imagestream StatusStrategy).
// Everything happens in one transaction: a failure anywhere leaves nothing behind.
// fidelity: imagestreammapping.create

import { errors, fe, isStatusError, statusBody, type FieldError } from '../../apiserver/errors.js'
import { generateName } from '../../apiserver/generic-store.js'
import { isPlainObject } from '../../apiserver/json.js'
import { normalizeMeta } from '../../apiserver/meta.js'
import type { RequestContext, Storage, Transaction, WriteOptions } from '../../apiserver/types.js'
import { nameIsDNSLabel, validateObjectMeta, validatePathSegmentName } from '../../apiserver/validation.js'
import { objectKey } from '../../store/store.js'
import { addTagEventToImageStream, updateTrackingTags } from '../helpers/tag-events.js'
import { DEFAULT_IMAGE_TAG } from '../helpers/names.js'
import { exact, tryParseDockerImageReference } from '../helpers/reference.js'
import { normalizeImage } from '../image/normalize.js'
import { validateImage } from '../image/validation.js'
import type { ImageGroup } from '../install.js'
import { decorateImageStream, type ImageGroupConfig } from '../imagestream/strategy.js'
import { GROUP, type Image, type ImageStream, type KubeObject, type ObjectMeta, type TagEvent } from '../types.js'

/** Annotation on an Image: the registry manages it, so an existing image is re-pointed at this stream. */
export const MANAGED_BY_OPENSHIFT_ANNOTATION = 'openshift.io/image.managed'

export interface ImageStreamMapping {
  metadata: ObjectMeta
  image: Image
  tag: string
}

/** The mapping in internal form; the embedded image keeps a body namespace so validation can reject it. */
export function normalizeMapping(input: unknown): ImageStreamMapping {
  const o = isPlainObject(input) ? input : {}
  const rawImage = isPlainObject(o.image) ? o.image : {}
  const image = normalizeImage(rawImage)
  const imageNs = isPlainObject(rawImage.metadata) && typeof rawImage.metadata.namespace === 'string' ? rawImage.metadata.namespace : ''
  if (imageNs) image.metadata.namespace = imageNs
  return { metadata: normalizeMeta(o.metadata), image, tag: typeof o.tag === 'string' ? o.tag : '' }
}

/** ValidateImageStreamMapping (v1 has no dockerImageRepository, so only the name identifies the stream). */
export function validateImageStreamMapping(m: ImageStreamMapping): FieldError[] {
  const errs = validateObjectMeta(m.metadata, { namespaced: true, nameFn: validatePathSegmentName })
  if (!m.metadata.name) errs.push(fe.required('name'), fe.required('dockerImageRepository'))
  const reasons = nameIsDNSLabel(m.metadata.namespace ?? '', false)
  if (reasons.length) errs.push(fe.invalid('metadata.namespace', m.metadata.namespace ?? '', reasons.join(', ')))
  if (!m.tag) errs.push(fe.required('tag'))
  errs.push(...validateImage(m.image, 'image.'))
  return errs
}

function isAlreadyExists(e: unknown): boolean {
  return isStatusError(e) && e.code === 409 && e.body.reason === 'AlreadyExists'
}

/** Create the mapping inside `tx`. */
export function createMappingIn(
  tx: Transaction,
  ctx: RequestContext,
  input: KubeObject,
  opts: WriteOptions,
  group: ImageGroup,
  cfg: ImageGroupConfig,
): void {
  const mapping = normalizeMapping(input)
  const meta = mapping.metadata
  // rest.FillObjectMetaSystemFields + BeforeCreate
  meta.uid = ctx.random.uid()
  meta.creationTimestamp = ctx.now
  const ns = ctx.info.namespace
  if (!meta.namespace) meta.namespace = ns
  else if (ns && meta.namespace !== ns) {
    throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request')
  }
  ctx.admitCreate?.(ctx, tx, { metadata: meta } as KubeObject, { group: GROUP, resource: 'imagestreammappings' })
  delete meta.deletionTimestamp
  delete meta.deletionGracePeriodSeconds
  // PrepareForCreate
  const image = mapping.image
  if (!image.dockerImageReference && cfg.internalRegistryHostname) {
    image.dockerImageReference = exact({
      registry: cfg.internalRegistryHostname,
      namespace: meta.namespace ?? '',
      name: meta.name ?? '',
      tag: '',
      id: image.metadata.name ?? '',
    })
  }
  delete image.signatures
  if (meta.generateName && !meta.name) meta.name = generateName(meta.generateName, ctx.random)
  const errs = validateImageStreamMapping(mapping)
  if (errs.length) throw errors.invalid(GROUP, 'ImageStreamMapping', meta.name ?? '', errs)

  const name = meta.name!
  const stored = tx.get('imagestreams', objectKey(meta.namespace, name)) as ImageStream | undefined
  if (!stored) throw errors.notFound(GROUP, 'imagestreams', name)
  const stream = decorateImageStream(stored, cfg)
  const tag = mapping.tag || DEFAULT_IMAGE_TAG

  let existed = false
  try {
    // An internal create (imageRegistry.CreateImage): not through the field manager.
    group.images.createIn(tx, ctx, image, { ...opts, registryWrite: true })
  } catch (e) {
    if (!isAlreadyExists(e)) throw e
    existed = true
  }

  let ref = image.dockerImageReference ?? ''
  if (existed && image.metadata.annotations?.[MANAGED_BY_OPENSHIFT_ANNOTATION] === 'true') {
    // The image is managed by the registry and most likely tagged elsewhere: make the reference local.
    const spec = stream.status.dockerImageRepository || stream.spec.dockerImageRepository || ''
    const parsed = spec ? tryParseDockerImageReference(spec) : undefined
    if (parsed) ref = exact({ ...parsed, id: image.metadata.name ?? '' })
  }
  const next: TagEvent = { created: ctx.now, dockerImageReference: ref, image: image.metadata.name ?? '', generation: stream.metadata.generation ?? 0 }

  // Nothing to write when the event collapses into the current one unchanged.
  if (!addTagEventToImageStream(structuredClone(stream), tag, next)) return
  // UpdateImageStreamStatus is an internal storage call: not through the field manager.
  group.imageStreamStatus.updateIn(
    tx,
    ctx,
    name,
    (old) => {
      const s = decorateImageStream(old!, cfg)
      addTagEventToImageStream(s, tag, next)
      updateTrackingTags(s, tag, next)
      return s
    },
    { ...opts, registryWrite: true },
  )
}

export function imageStreamMappingStorage(group: ImageGroup, cfg: ImageGroupConfig): Storage {
  return {
    async create(ctx, input, opts) {
      return ctx.store.transaction(async (tx) => {
        tx.dryRun = opts.dryRun
        createMappingIn(tx, ctx, input, opts, group, cfg)
        // A Status result gets the create code (201) filled in by the handler.
        return statusBody({ status: 'Success', code: 201 }) as unknown as KubeObject
      })
    },
  }
}
