// ImageTag (openshift-apiserver pkg/image/apiserver/registry/imagetag/rest.go): `<stream>:<tag>` — the full
// view of one tag: spec tag, status history, latest image. Ported from openshift-apiserver
// pkg/image/apiserver/registry/imagetag (rest.go, strategy.go) and the ImageTag rules of
// pkg/image/apis/image/validation.
// fidelity: imagetag.rest

import { fe, type FieldError } from '../../apiserver/errors.js'
import { isPlainObject } from '../../apiserver/json.js'
import { validateObjectMetaUpdate } from '../../apiserver/validation.js'
import { normalizeImage } from '../image/normalize.js'
import { normalizeNamedTagEventList, normalizeTagReference } from '../imagestream/normalize.js'
import { validateTagReference } from '../imagestream/validation.js'
import { compareStrings, joinImageStreamTag, splitImageStreamTag } from '../helpers/names.js'
import { findStatusTag, resolveReferenceForTagEvent, setSpecTag } from '../helpers/tag-events.js'
import { GROUP_VERSION, type Image, type ImageStream, type KubeObject, type NamedTagEventList, type TagReference } from '../types.js'
import { imageTagTable } from './printers.js'
import { copySpecTag, decodeMeta, embeddedImage, objectField, onlyChanged, validateViewMeta, withoutManagedFields, type TagViewKind } from './views-common.js'

export interface ImageTagObject extends KubeObject {
  spec: TagReference | null
  status: NamedTagEventList | null
  image: Record<string, unknown> | null
}

/**
 * newITag: metadata is the stream's whole ObjectMeta renamed to `<stream>:<tag>`; spec and status are
 * copies (or null); image is the loaded Image of the latest event (or null). Not found iff neither
 * spec nor status exists (unless `allowEmpty`).
 */
export function buildImageTag(stream: ImageStream, tag: string, image: Image | undefined, allowEmpty: boolean, now: string): ImageTagObject | undefined {
  const spec = copySpecTag(stream, tag)
  const list = findStatusTag(stream, tag)
  if (!allowEmpty && !spec && !list) return undefined
  let status: NamedTagEventList | null = null
  if (list) {
    status = { tag, items: list.items ? structuredClone(list.items) : null }
    if (list.conditions?.length) status.conditions = structuredClone(list.conditions)
  }
  const event = list?.items?.[0]
  return {
    kind: 'ImageTag',
    apiVersion: GROUP_VERSION,
    metadata: { ...structuredClone(stream.metadata), name: joinImageStreamTag(stream.metadata.name ?? '', tag) },
    spec,
    status,
    image: image && event ? embeddedImage(image, now, resolveReferenceForTagEvent(stream, tag, event)) : null,
  }
}

/** v1 decoding of an ImageTag body (TagReference defaults applied to `spec`). */
export function normalizeImageTag(raw: unknown): ImageTagObject {
  const o = isPlainObject(raw) ? raw : {}
  const spec = objectField(o, 'spec')
  const status = objectField(o, 'status')
  const img = objectField(o, 'image')
  let image: Record<string, unknown> | null = null
  if (img) {
    image = normalizeImage(img) as Record<string, unknown>
    delete image.kind
    delete image.apiVersion
  }
  return {
    kind: 'ImageTag',
    apiVersion: GROUP_VERSION,
    metadata: decodeMeta(o),
    spec: spec ? normalizeTagReference(spec) : null,
    status: status ? normalizeNamedTagEventList(status) : null,
    image,
  }
}

/** Status as Semantic.DeepEqual compares it (nil and empty lists are equal). */
function comparableStatus(s: NamedTagEventList | null): unknown {
  if (!s) return null
  return { tag: s.tag, items: s.items?.length ? s.items : null, conditions: s.conditions?.length ? s.conditions : null }
}

function validateSpec(obj: ImageTagObject): FieldError[] {
  const errs: FieldError[] = []
  if (!obj.spec) return errs
  const split = splitImageStreamTag(obj.metadata.name ?? '')
  if (!split.ok || obj.spec.name !== split.tag) errs.push(fe.invalid('spec.name', obj.spec.name, 'must match image tag name'))
  errs.push(...validateTagReference('spec', obj.spec))
  return errs
}

export const imageTagKind: TagViewKind = {
  resource: 'imagetags',
  kind: 'ImageTag',
  alreadyExistsResource: 'imagetags',
  badNameMessage: 'ImageTags must be retrieved with <name>:<tag>',
  build: buildImageTag,
  // every tag in spec ∪ status, sorted by name
  listTags(stream) {
    const names = new Set<string>()
    for (const t of stream.spec.tags ?? []) names.add(t.name)
    for (const t of stream.status.tags ?? []) names.add(t.tag)
    return [...names].sort(compareStrings)
  },
  imageRequired: false,
  normalize: normalizeImageTag,
  defaultLabels: false,
  prepareForCreate(o) {
    const obj = o as ImageTagObject
    if (obj.spec && !obj.spec.name) obj.spec.name = splitImageStreamTag(obj.metadata.name ?? '').tag
    obj.status = null
    obj.image = null
  },
  validateCreate(o) {
    const obj = o as ImageTagObject
    const errs = validateViewMeta(obj.metadata)
    if (!obj.spec) errs.push(fe.required('spec', 'spec is a required field during creation'))
    else errs.push(...validateSpec(obj))
    return errs
  },
  prepareForUpdate(o, old) {
    // status is deliberately not copied: clients must send it unchanged
    ;(o as ImageTagObject).image = structuredClone((old as ImageTagObject).image)
  },
  validateUpdate(o, old) {
    const obj = o as ImageTagObject
    const prev = old as ImageTagObject
    const meta = (m: KubeObject['metadata']) => withoutManagedFields(decodeMeta({ metadata: m }))
    return [
      ...validateObjectMetaUpdate(obj.metadata, prev.metadata),
      ...validateSpec(obj),
      // only spec may change: the whole ObjectMeta must equal the stream's, and the status its status tag
      ...onlyChanged('metadata', meta(obj.metadata), meta(prev.metadata), 'spec'),
      ...onlyChanged('status', comparableStatus(obj.status), comparableStatus(prev.status), 'spec'),
    ]
  },
  specTagOf: (o) => (o as ImageTagObject).spec,
  applyUpdate(stream, tag, o) {
    const obj = o as ImageTagObject
    if (obj.spec) {
      setSpecTag(stream, { ...structuredClone(obj.spec), name: tag })
    } else if (stream.spec.tags) {
      // `spec: null` removes the spec tag (the status history stays)
      stream.spec.tags = stream.spec.tags.filter((t) => t.name !== tag)
      if (!stream.spec.tags.length) delete stream.spec.tags
    }
  },
  table: imageTagTable,
}
