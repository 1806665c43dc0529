// Small hand-built OpenAPI schemas mirroring image.openshift.io/v1 (openshift/api image/v1/types.go
// struct tags) for the patch tests: ImageStream spec.tags merge by name, status.tags merge by tag,
// Image signatures merge by name, ImageSignature conditions merge by type, Image
// dockerImageMetadata replace, every other list atomic. Test-only.

import type { OpenAPISchema, SchemaRegistry } from '../schema-types.js'
import { objectMetaPatchSchema } from './object-meta.js'

const IMG = 'com.github.openshift.api.image.v1.'
const ref = (name: string): OpenAPISchema => ({ $ref: `#/components/schemas/${name}` })
const str: OpenAPISchema = { type: 'string' }
const int64: OpenAPISchema = { type: 'integer', format: 'int64' }
const bool: OpenAPISchema = { type: 'boolean' }
const strMap: OpenAPISchema = { type: 'object', additionalProperties: { type: 'string' } }
const header = {
  kind: str,
  apiVersion: str,
  metadata: { allOf: [ref('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta')], default: {} },
}

export const imageRegistry: SchemaRegistry = {
  ...objectMetaPatchSchema,
  [`${IMG}ImageStream`]: {
    type: 'object',
    properties: { ...header, spec: { allOf: [ref(`${IMG}ImageStreamSpec`)], default: {} }, status: { allOf: [ref(`${IMG}ImageStreamStatus`)], default: {} } },
    'x-kubernetes-group-version-kind': [{ group: 'image.openshift.io', version: 'v1', kind: 'ImageStream' }],
  },
  [`${IMG}ImageStreamSpec`]: {
    type: 'object',
    properties: {
      lookupPolicy: { allOf: [ref(`${IMG}ImageLookupPolicy`)], default: {} },
      dockerImageRepository: str,
      tags: { type: 'array', items: ref(`${IMG}TagReference`), 'x-kubernetes-patch-merge-key': 'name', 'x-kubernetes-patch-strategy': 'merge' },
    },
  },
  [`${IMG}ImageLookupPolicy`]: { type: 'object', required: ['local'], properties: { local: bool } },
  [`${IMG}TagReference`]: {
    type: 'object',
    required: ['name'],
    properties: {
      name: str,
      annotations: strMap,
      from: ref('io.k8s.api.core.v1.ObjectReference'),
      reference: bool,
      generation: int64,
      importPolicy: { allOf: [ref(`${IMG}TagImportPolicy`)], default: {} },
      referencePolicy: { allOf: [ref(`${IMG}TagReferencePolicy`)], default: {} },
    },
  },
  [`${IMG}TagImportPolicy`]: { type: 'object', properties: { insecure: bool, scheduled: bool, importMode: str } },
  [`${IMG}TagReferencePolicy`]: { type: 'object', required: ['type'], properties: { type: str } },
  'io.k8s.api.core.v1.ObjectReference': {
    type: 'object',
    properties: { kind: str, namespace: str, name: str, uid: str, apiVersion: str, resourceVersion: str, fieldPath: str },
    'x-kubernetes-map-type': 'atomic',
  },
  [`${IMG}ImageStreamStatus`]: {
    type: 'object',
    required: ['dockerImageRepository'],
    properties: {
      dockerImageRepository: str,
      publicDockerImageRepository: str,
      tags: { type: 'array', items: ref(`${IMG}NamedTagEventList`), 'x-kubernetes-patch-merge-key': 'tag', 'x-kubernetes-patch-strategy': 'merge' },
    },
  },
  [`${IMG}NamedTagEventList`]: {
    type: 'object',
    required: ['tag', 'items', 'conditions'],
    properties: {
      tag: str,
      items: { type: 'array', items: ref(`${IMG}TagEvent`) },
      conditions: { type: 'array', items: ref(`${IMG}TagEventCondition`) },
    },
  },
  [`${IMG}TagEvent`]: { type: 'object', properties: { created: str, dockerImageReference: str, image: str, generation: int64 } },
  [`${IMG}TagEventCondition`]: {
    type: 'object',
    properties: { type: str, status: str, lastTransitionTime: str, reason: str, message: str, generation: int64 },
  },
  [`${IMG}Image`]: {
    type: 'object',
    properties: {
      ...header,
      dockerImageReference: str,
      dockerImageMetadata: { allOf: [ref('io.k8s.apimachinery.pkg.runtime.RawExtension')], 'x-kubernetes-patch-strategy': 'replace' },
      dockerImageMetadataVersion: str,
      dockerImageManifest: str,
      dockerImageLayers: { type: 'array', items: ref(`${IMG}ImageLayer`) },
      signatures: { type: 'array', items: ref(`${IMG}ImageSignature`), 'x-kubernetes-patch-merge-key': 'name', 'x-kubernetes-patch-strategy': 'merge' },
      dockerImageSignatures: { type: 'array', items: { type: 'string', format: 'byte' } },
      dockerImageManifestMediaType: str,
      dockerImageConfig: str,
      dockerImageManifests: { type: 'array', items: ref(`${IMG}ImageManifest`) },
    },
    'x-kubernetes-group-version-kind': [{ group: 'image.openshift.io', version: 'v1', kind: 'Image' }],
  },
  [`${IMG}ImageLayer`]: { type: 'object', properties: { name: str, size: int64, mediaType: str } },
  [`${IMG}ImageManifest`]: { type: 'object', properties: { digest: str, mediaType: str, manifestSize: int64, architecture: str, os: str, variant: str } },
  [`${IMG}ImageSignature`]: {
    type: 'object',
    properties: {
      ...header,
      type: str,
      content: { type: 'string', format: 'byte' },
      conditions: { type: 'array', items: ref(`${IMG}SignatureCondition`), 'x-kubernetes-patch-merge-key': 'type', 'x-kubernetes-patch-strategy': 'merge' },
      imageIdentity: str,
      signedClaims: strMap,
      created: str,
    },
  },
  [`${IMG}SignatureCondition`]: {
    type: 'object',
    properties: { type: str, status: str, lastProbeTime: str, lastTransitionTime: str, reason: str, message: str },
  },
  'io.k8s.apimachinery.pkg.runtime.RawExtension': { type: 'object' },
}

export const imageStreamSchema = imageRegistry[`${IMG}ImageStream`]!
export const imageSchema = imageRegistry[`${IMG}Image`]!
