// Image and ImageSignature validation (ValidateImage, ValidateImageSignature), from openshift-apiserver
// pkg/image/apis/image/validation/validation.go.
// fidelity: image.validation

import { fe, type FieldError } from '../../apiserver/errors.js'
import { validateObjectMeta, validatePathSegmentName } from '../../apiserver/validation.js'
import { dockerImageReferenceError } from '../helpers/reference.js'
import { parseImageSignatureName } from '../helpers/names.js'
import type { Image, ImageSignature } from '../types.js'

const DIGEST_SUBSTRING = /[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}/
const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+"
const MEDIA_TYPE = new RegExp(`^${TOKEN}/${TOKEN}$`)

export function validateImageSignature(sig: ImageSignature, path: string): FieldError[] {
  const p = path ? `${path}.` : ''
  const errs = validateObjectMeta(sig.metadata, { namespaced: false, nameFn: validatePathSegmentName }, `${p}metadata`)
  if (sig.metadata.labels && Object.keys(sig.metadata.labels).length) errs.push(fe.forbidden(`${p}metadata.labels`, 'signature labels cannot be set'))
  if (sig.metadata.annotations && Object.keys(sig.metadata.annotations).length) {
    errs.push(fe.forbidden(`${p}metadata.annotations`, 'signature annotations cannot be set'))
  }
  if (!parseImageSignatureName(sig.metadata.name ?? '').ok) {
    errs.push(fe.invalid(`${p}metadata.name`, sig.metadata.name ?? '', 'name must be of format <imageName>@<signatureName>'))
  }
  if (!sig.type) errs.push(fe.required(`${p}type`))
  if (!sig.content) errs.push(fe.required(`${p}content`))
  const conds = sig.conditions ?? []
  const hasTrusted = conds.some((c) => c.type === 'Trusted')
  const hasForImage = conds.some((c) => c.type === 'ForImage')
  if (hasTrusted && !hasForImage) errs.push(fe.invalid(`${p}conditions`, conds, 'missing "ForImage" condition type'))
  if (!hasTrusted && hasForImage) errs.push(fe.invalid(`${p}conditions`, conds, 'missing "Trusted" condition type'))
  const trusted = [...conds].reverse().find((c) => c.type === 'Trusted')
  if (!trusted || trusted.status === 'Unknown') {
    const unset = 'must be unset for unknown signature state'
    if (sig.imageIdentity) errs.push(fe.invalid(`${p}imageIdentity`, sig.imageIdentity, unset))
    if (sig.signedClaims && Object.keys(sig.signedClaims).length) errs.push(fe.invalid(`${p}signedClaims`, sig.signedClaims, unset))
    if (sig.issuedBy) errs.push(fe.invalid(`${p}issuedBy`, sig.issuedBy, unset))
    if (sig.issuedTo) errs.push(fe.invalid(`${p}issuedTo`, sig.issuedTo, unset))
  }
  return errs
}

/** ValidateImage with an optional path prefix (`image.` for ImageStreamMapping). */
export function validateImage(image: Image, prefix = ''): FieldError[] {
  const errs = validateObjectMeta(image.metadata, { namespaced: false, nameFn: validatePathSegmentName }, `${prefix}metadata`)
  const ref = image.dockerImageReference ?? ''
  if (!ref) errs.push(fe.required(`${prefix}dockerImageReference`))
  else {
    const err = dockerImageReferenceError(ref)
    if (err) errs.push(fe.invalid(`${prefix}dockerImageReference`, ref, err))
  }
  ;(image.signatures ?? []).forEach((sig, i) => errs.push(...validateImageSignature(sig, `${prefix}signatures[${i}]`)))
  const manifests = image.dockerImageManifests ?? []
  manifests.forEach((m, i) => {
    const p = `${prefix}dockerImageManifests[${i}]`
    if (!DIGEST_SUBSTRING.test(m.digest)) errs.push(fe.invalid(`${p}.digest`, m.digest, 'digest does not conform with OCI image specification'))
    if (!MEDIA_TYPE.test(m.mediaType)) errs.push(fe.invalid(`${p}.mediaType`, m.mediaType, 'media type does not conform to RFC6838'))
    if (!m.architecture) errs.push(fe.required(`${p}.architecture`))
    if (!m.os) errs.push(fe.required(`${p}.os`))
    if (m.manifestSize < 0) errs.push(fe.invalid(`${p}.size`, m.manifestSize, 'manifest size cannot be negative'))
  })
  if (manifests.length && image.dockerImageLayers && image.dockerImageLayers.length) {
    errs.push(fe.invalid(`${prefix}dockerImageLayers`, image.dockerImageLayers, 'dockerImageLayers should not be set when dockerImageManifests is set'))
  }
  return errs
}
