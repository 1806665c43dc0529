// ImageStream validation (ValidateImageStream), ported from openshift-apiserver
// pkg/image/apis/image/validation/validation.go. Map iteration is sorted by tag name here.
// fidelity: imagestream.validation

import { fe, type FieldError } from '../../apiserver/errors.js'
import { validateObjectMeta, validatePathSegmentName } from '../../apiserver/validation.js'
import { dockerImageReferenceError, tryParseDockerImageReference } from '../helpers/reference.js'
import type { ImageStream, TagReference } from '../types.js'

export const REPOSITORY_NAME_COMPONENT = '[a-z0-9]+(?:[._-][a-z0-9]+)*'
const COMPONENT_ANCHORED = new RegExp(`^${REPOSITORY_NAME_COMPONENT}$`)

/** ValidateImageStreamName: path-segment rules, then the repository-component regex (also for generateName). */
export function validateImageStreamName(name: string, prefix: boolean): string[] {
  const reasons = validatePathSegmentName(name, prefix)
  if (reasons.length) return reasons
  if (!COMPONENT_ANCHORED.test(name)) return [`must match "${REPOSITORY_NAME_COMPONENT}"`]
  return []
}

const IMPORT_MODES = ['', 'Legacy', 'PreserveOriginal']

/** validateTagReference with a path prefix such as `spec.tags[latest]` or `tag`. */
export function validateTagReference(path: string, ref: TagReference): FieldError[] {
  const errs: FieldError[] = []
  const from = ref.from
  if (from) {
    const name = from.name ?? ''
    if (!name) errs.push(fe.required(`${path}.from.name`))
    switch (from.kind) {
      case 'DockerImage': {
        const err = name ? dockerImageReferenceError(name) : null
        if (err) errs.push(fe.invalid(`${path}.from.name`, name, err))
        break
      }
      case 'ImageStreamImage':
      case 'ImageStreamTag':
        if (ref.importPolicy?.scheduled) {
          errs.push(fe.invalid(`${path}.importPolicy.scheduled`, true, 'only tags pointing to Docker repositories may be scheduled for background import'))
        }
        break
      default:
        errs.push(fe.required(`${path}.from.kind`, "valid values are 'DockerImage', 'ImageStreamImage', 'ImageStreamTag'"))
    }
  }
  const rp = ref.referencePolicy?.type ?? ''
  if (rp !== 'Source' && rp !== 'Local') errs.push(fe.invalid(`${path}.referencePolicy.type`, rp, 'valid values are "Source", "Local"'))
  const mode = ref.importPolicy?.importMode ?? ''
  if (!IMPORT_MODES.includes(mode)) {
    errs.push(fe.invalid(`${path}.importPolicy.importMode`, mode, "invalid import mode, valid modes are '', 'Legacy', 'PreserveOriginal'"))
  }
  return errs
}

/** ValidateImageStream (create and update share it). */
export function validateImageStream(stream: ImageStream): FieldError[] {
  const errs = validateObjectMeta(stream.metadata, { namespaced: true, nameFn: validateImageStreamName })
  const name = stream.metadata.name ?? ''
  const ns = stream.metadata.namespace ?? ''
  if (`${ns}/${name}`.length > 255) {
    errs.push(fe.invalid('metadata.name', name, "'namespace/name' cannot be longer than 255 characters"))
  }
  const repo = stream.spec.dockerImageRepository ?? ''
  if (repo) {
    const ref = tryParseDockerImageReference(repo)
    const err = dockerImageReferenceError(repo)
    if (err || !ref) errs.push(fe.invalid('spec.dockerImageRepository', repo, err ?? 'invalid reference format'))
    else {
      // Two independent checks in ValidateImageStream (openshift-apiserver pkg/image/apis/image/validation):
      // a repository with a tag and a digest gets both causes.
      if (ref.tag) errs.push(fe.invalid('spec.dockerImageRepository', repo, 'the repository name may not contain a tag'))
      if (ref.id) errs.push(fe.invalid('spec.dockerImageRepository', repo, 'the repository name may not contain an ID'))
    }
  }
  for (const t of stream.spec.tags ?? []) errs.push(...validateTagReference(`spec.tags[${t.name}]`, t))
  for (const list of stream.status.tags ?? []) {
    ;(list.items ?? []).forEach((e, i) => {
      const p = `status.tags[${list.tag}].items[${i}].dockerImageReference`
      if (!e.dockerImageReference) errs.push(fe.required(p))
      else {
        const err = dockerImageReferenceError(e.dockerImageReference)
        if (err) errs.push(fe.invalid(p, e.dockerImageReference, err))
      }
    })
  }
  return errs
}

/**
 * Status-update validation (ValidateImageStreamStatusUpdateWithWhitelister): only references new to the status
 * must parse.
 */
export function validateImageStreamStatusRefs(stream: ImageStream, old: ImageStream): FieldError[] {
  const known = new Set<string>()
  for (const l of old.status.tags ?? []) for (const e of l.items ?? []) known.add(e.dockerImageReference)
  const errs: FieldError[] = []
  for (const list of stream.status.tags ?? []) {
    ;(list.items ?? []).forEach((e, i) => {
      if (known.has(e.dockerImageReference)) return
      const err = dockerImageReferenceError(e.dockerImageReference)
      if (err) errs.push(fe.invalid(`status.tags[${list.tag}].items[${i}].dockerImageReference`, e.dockerImageReference, err))
    })
  }
  return errs
}
