// Image in canonical v1 wire form (openshift-apiserver pkg/image/apis/image/v1/conversion.go, defaults.go):
// dockerImageMetadata as an embedded `DockerImage` object (Id always, Created null when zero),
// dockerImageMetadataVersion "1.0", dockerImageLayers null when absent, other fields omitted when empty.
// fidelity: image.wire-form

import { normalizeMeta, normalizeTime } from '../../apiserver/meta.js'
import { isPlainObject } from '../../apiserver/json.js'
import { GROUP_VERSION, type Image, type ImageLayer, type ImageManifest, type ImageSignature } from '../types.js'

type Obj = Record<string, unknown>
const s = (v: unknown): string => (typeof v === 'string' ? v : '')

const META_ORDER = ['Parent', 'Comment', 'Created', 'Container', 'ContainerConfig', 'DockerVersion', 'Author', 'Config', 'Architecture', 'Size']

export function normalizeDockerImageMetadata(v: unknown): Record<string, unknown> {
  const m = isPlainObject(v) ? v : {}
  const out: Record<string, unknown> = { kind: 'DockerImage', apiVersion: 'image.openshift.io/1.0', Id: s(m.Id) }
  for (const k of META_ORDER) {
    if (k === 'Created') out.Created = normalizeTime(m.Created) ?? null
    else if (k === 'ContainerConfig') out.ContainerConfig = isPlainObject(m.ContainerConfig) ? m.ContainerConfig : {}
    else if (m[k] !== undefined && m[k] !== null && m[k] !== '' && m[k] !== 0) out[k] = m[k]
  }
  return out
}

function normalizeLayer(v: Obj): ImageLayer {
  return { name: s(v.name), size: typeof v.size === 'number' ? v.size : 0, mediaType: s(v.mediaType) }
}

function normalizeManifest(v: Obj): ImageManifest {
  const m: ImageManifest = {
    digest: s(v.digest),
    mediaType: s(v.mediaType),
    manifestSize: typeof v.manifestSize === 'number' ? v.manifestSize : 0,
    architecture: s(v.architecture),
    os: s(v.os),
  }
  if (s(v.variant)) m.variant = s(v.variant)
  return m
}

export function normalizeSignature(v: Obj, withTypeMeta = false): ImageSignature {
  const out: Record<string, unknown> = {}
  if (withTypeMeta) {
    out.kind = 'ImageSignature'
    out.apiVersion = GROUP_VERSION
  }
  out.metadata = normalizeMeta(v.metadata)
  out.type = s(v.type)
  out.content = s(v.content)
  if (Array.isArray(v.conditions) && v.conditions.length) {
    out.conditions = v.conditions.filter(isPlainObject).map((c) => {
      const o: Record<string, unknown> = { type: s(c.type), status: s(c.status) }
      for (const k of ['lastProbeTime', 'lastTransitionTime']) {
        const t = normalizeTime(c[k])
        if (t) o[k] = t
      }
      if (s(c.reason)) o.reason = s(c.reason)
      if (s(c.message)) o.message = s(c.message)
      return o
    })
  }
  if (s(v.imageIdentity)) out.imageIdentity = s(v.imageIdentity)
  if (isPlainObject(v.signedClaims) && Object.keys(v.signedClaims).length) out.signedClaims = v.signedClaims
  const created = normalizeTime(v.created)
  if (created) out.created = created
  if (isPlainObject(v.issuedBy)) out.issuedBy = v.issuedBy
  if (isPlainObject(v.issuedTo)) out.issuedTo = v.issuedTo
  return out as unknown as ImageSignature
}

export function normalizeImage(input: unknown): Image {
  const o = isPlainObject(input) ? input : {}
  const out: Image = { kind: 'Image', apiVersion: GROUP_VERSION, metadata: normalizeMeta(o.metadata) }
  delete out.metadata.namespace
  if (s(o.dockerImageReference)) out.dockerImageReference = s(o.dockerImageReference)
  out.dockerImageMetadata = normalizeDockerImageMetadata(o.dockerImageMetadata)
  out.dockerImageMetadataVersion = s(o.dockerImageMetadataVersion) || '1.0'
  if (s(o.dockerImageManifest)) out.dockerImageManifest = s(o.dockerImageManifest)
  out.dockerImageLayers = Array.isArray(o.dockerImageLayers) ? o.dockerImageLayers.filter(isPlainObject).map(normalizeLayer) : null
  if (Array.isArray(o.signatures) && o.signatures.length) out.signatures = o.signatures.filter(isPlainObject).map((x) => normalizeSignature(x))
  if (Array.isArray(o.dockerImageSignatures) && o.dockerImageSignatures.length) out.dockerImageSignatures = o.dockerImageSignatures.map(String)
  if (s(o.dockerImageManifestMediaType)) out.dockerImageManifestMediaType = s(o.dockerImageManifestMediaType)
  if (s(o.dockerImageConfig)) out.dockerImageConfig = s(o.dockerImageConfig)
  if (Array.isArray(o.dockerImageManifests) && o.dockerImageManifests.length) {
    out.dockerImageManifests = o.dockerImageManifests.filter(isPlainObject).map(normalizeManifest)
  }
  return out
}
