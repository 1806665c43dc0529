// ImageStreamTag (openshift-apiserver pkg/image/apiserver/registry/imagestreamtag/rest.go): `<stream>:<tag>` —
// the image a tag currently points to, with the spec tag. Ported from openshift-apiserver
// pkg/image/apiserver/registry/imagestreamtag (rest.go, strategy.go) and the ImageStreamTag rules of
// pkg/image/apis/image/validation.
// fidelity: imagestreamtag.get
// fidelity: imagestreamtag.write

import { errors, fe, type FieldError } from '../../apiserver/errors.js'
import { isPlainObject, sortedMap } from '../../apiserver/json.js'
import { normalizeImage } from '../image/normalize.js'
import { normalizeCondition, normalizeTagReference } from '../imagestream/normalize.js'
import { validateTagReference } from '../imagestream/validation.js'
import { joinImageStreamTag, splitImageStreamTag } from '../helpers/names.js'
import { findSpecTag, findStatusTag, latestTaggedImage, resolveReferenceForTagEvent, setSpecTag } from '../helpers/tag-events.js'
import { GROUP_VERSION, type Image, type ImageStream, type KubeObject, type TagEvent, type TagReference } from '../types.js'
import { imageStreamTagTable } from './printers.js'
import {
  copySpecTag,
  decodeMeta,
  embeddedImage,
  mapsEqual,
  nameOnlyImage,
  objectField,
  onlyChanged,
  validateViewMeta,
  viewMeta,
  withoutManagedFields,
  type TagViewKind,
} from './views-common.js'
import { validateObjectMetaUpdate } from '../../apiserver/validation.js'

export interface ImageStreamTagObject extends KubeObject {
  tag: TagReference | null
  generation: number
  lookupPolicy: { local: boolean }
  conditions?: unknown[]
  image: Record<string, unknown>
}

/**
 * newISTag: the view of `tag` in `stream`. Without an event carrying an image this is "not found", unless
 * `allowEmpty` (write responses, the synthetic old object) — then an empty event dated at the stream's
 * creation is used. `image`, when loaded, gets the spec tag's annotations merged in.
 */
export function buildImageStreamTag(stream: ImageStream, tag: string, image: Image | undefined, allowEmpty: boolean, now: string): ImageStreamTagObject | undefined {
  let event: TagEvent | undefined = latestTaggedImage(stream, tag)
  if (!event || !event.image) {
    if (!allowEmpty) return undefined
    event = { created: stream.metadata.creationTimestamp ?? (null as unknown as string), dockerImageReference: '', image: '', generation: 0 }
  }
  const spec = copySpecTag(stream, tag)
  const ref = resolveReferenceForTagEvent(stream, tag, event)
  const obj: ImageStreamTagObject = {
    kind: 'ImageStreamTag',
    apiVersion: GROUP_VERSION,
    metadata: viewMeta({
      name: joinImageStreamTag(stream.metadata.name ?? '', tag),
      namespace: stream.metadata.namespace,
      uid: stream.metadata.uid,
      resourceVersion: stream.metadata.resourceVersion,
      creationTimestamp: event.created,
      labels: stream.metadata.labels,
      annotations: spec?.annotations,
    }),
    tag: spec,
    generation: event.generation,
    lookupPolicy: { local: stream.spec.lookupPolicy?.local === true },
    image: image ? embeddedImage(image, now, ref, spec ? (spec.annotations ?? {}) : undefined) : nameOnlyImage(event.image, ref),
  }
  const conditions = findStatusTag(stream, tag)?.conditions
  if (conditions?.length) {
    // conditions come before image in the v1 field order
    const { image: img, ...rest } = obj
    return { ...rest, conditions: structuredClone(conditions), image: img } as ImageStreamTagObject
  }
  return obj
}

/** v1 decoding of an ImageStreamTag body (TagReference defaults; a given `tag.annotations` map is kept, even empty). */
export function normalizeImageStreamTag(raw: unknown): ImageStreamTagObject {
  const o = isPlainObject(raw) ? raw : {}
  const tagRaw = objectField(o, 'tag')
  let tag: TagReference | null = null
  if (tagRaw) {
    tag = normalizeTagReference(tagRaw)
    if (isPlainObject(tagRaw.annotations)) tag.annotations = sortedMap(tagRaw.annotations as Record<string, string>) ?? {}
  }
  const lookup = objectField(o, 'lookupPolicy')
  const obj: ImageStreamTagObject = {
    kind: 'ImageStreamTag',
    apiVersion: GROUP_VERSION,
    metadata: decodeMeta(o),
    tag,
    generation: typeof o.generation === 'number' ? Math.trunc(o.generation) : 0,
    lookupPolicy: { local: lookup?.local === true },
    image: {},
  }
  if (Array.isArray(o.conditions) && o.conditions.length) obj.conditions = o.conditions.map(normalizeCondition)
  const img = objectField(o, 'image')
  if (img) {
    const n = normalizeImage(img) as Record<string, unknown>
    delete n.kind
    delete n.apiVersion
    obj.image = n
  }
  return obj
}

function validateTag(obj: ImageStreamTagObject): FieldError[] {
  const errs: FieldError[] = []
  if (!obj.tag) return errs
  errs.push(...validateTagReference('tag', obj.tag))
  if (obj.tag.annotations !== null && !mapsEqual(obj.tag.annotations, obj.metadata.annotations)) {
    errs.push(fe.invalid('tag.annotations', '<map>', 'tag annotations must not be provided or must be equal to the object meta annotations'))
  }
  return errs
}

export const imageStreamTagKind: TagViewKind = {
  resource: 'imagestreamtags',
  kind: 'ImageStreamTag',
  alreadyExistsResource: 'imagestreamtag',
  badNameMessage: 'ImageStreamTags must be retrieved with <name>:<tag>',
  build: buildImageStreamTag,
  // one per status tag whose latest event has an image; spec-only tags are not listed
  listTags: (stream) => (stream.status.tags ?? []).map((t) => t.tag),
  imageRequired: true,
  normalize: normalizeImageStreamTag,
  defaultLabels: true,
  prepareForCreate(o) {
    const obj = o as ImageStreamTagObject
    if (obj.tag && !obj.tag.name) obj.tag.name = splitImageStreamTag(obj.metadata.name ?? '').tag
    delete obj.conditions
    obj.image = {}
  },
  validateCreate(o) {
    const obj = o as ImageStreamTagObject
    return [...validateViewMeta(obj.metadata), ...validateTag(obj)]
  },
  prepareForUpdate(o, old) {
    const obj = o as ImageStreamTagObject
    const prev = old as ImageStreamTagObject
    // callers cannot be required to set both annotation locations when doing a GET and then update
    if (obj.tag) obj.tag.annotations = obj.metadata.annotations ? structuredClone(obj.metadata.annotations) : null
    delete obj.conditions
    if (prev.conditions) obj.conditions = structuredClone(prev.conditions)
    obj.image = structuredClone(prev.image)
  },
  validateUpdate(o, old) {
    const obj = o as ImageStreamTagObject
    const prev = old as ImageStreamTagObject
    const strip = (m: KubeObject['metadata']) => {
      const { annotations: _a, ...rest } = withoutManagedFields(decodeMeta({ metadata: m }))
      return rest
    }
    return [
      ...validateObjectMetaUpdate(obj.metadata, prev.metadata),
      ...validateTag(obj),
      // only the tag and annotations may change (lookupPolicy and generation are ignored)
      ...onlyChanged('metadata', { m: strip(obj.metadata), c: obj.conditions ?? null, i: obj.image }, { m: strip(prev.metadata), c: prev.conditions ?? null, i: prev.image }, 'metadata.annotations'),
    ]
  },
  specTagOf: (o) => (o as ImageStreamTagObject).tag,
  applyUpdate(stream, tag, o, exists) {
    const obj = o as ImageStreamTagObject
    if (!exists && !obj.tag) {
      throw errors.badRequest(`imagestreamtag ${tag} is not a spec tag in imagestream ${stream.metadata.namespace ?? ''}/${stream.metadata.name ?? ''}, cannot be updated`)
    }
    const ref = structuredClone(obj.tag ?? findSpecTag(stream, tag)!)
    ref.name = tag
    ref.annotations = obj.metadata.annotations ? structuredClone(obj.metadata.annotations) : null
    setSpecTag(stream, ref)
  },
  table: imageStreamTagTable,
}
