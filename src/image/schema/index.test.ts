import { describe, expect, it } from 'vitest'
import { resolveSchema, type OpenAPISchema } from '../../apiserver/schema-types.js'
import { imageSchemas, schemaForKind, schemaNameForKind } from './index.js'

const I = 'com.github.openshift.api.image.v1.'
const META = 'io.k8s.apimachinery.pkg.apis.meta.v1.'

function collectRefs(s: unknown, out: string[]): void {
  if (Array.isArray(s)) s.forEach((x) => collectRefs(x, out))
  else if (s && typeof s === 'object') {
    for (const [k, v] of Object.entries(s)) {
      if (k === '$ref' && typeof v === 'string') out.push(v)
      else collectRefs(v, out)
    }
  }
}

/** The schema at a dotted property path (`[]` steps into items, `{}` into additionalProperties). */
function at(name: string, path: string): OpenAPISchema {
  let cur: OpenAPISchema | undefined = imageSchemas[name]
  for (const step of path.split('.')) {
    cur = resolveSchema(imageSchemas, cur)
    if (step === '[]') cur = cur?.items
    else if (step === '{}') cur = cur?.additionalProperties as OpenAPISchema
    else cur = cur?.properties?.[step]
    if (!cur) throw new Error(`no schema at ${name} ${path} (${step})`)
  }
  return cur!
}

describe('image.openshift.io/v1 schema registry', () => {
  it('every $ref points to an existing definition', () => {
    const refs: string[] = []
    collectRefs(imageSchemas, refs)
    expect(refs.length).toBeGreaterThan(50)
    const missing = refs.filter((r) => !r.startsWith('#/components/schemas/') || !imageSchemas[r.slice('#/components/schemas/'.length)])
    expect(missing).toEqual([])
  })

  it('contains the listed definitions under their real names', () => {
    const names = [
      'Image', 'ImageList', 'ImageLayer', 'ImageManifest', 'ImageSignature', 'SignatureCondition', 'SignatureIssuer',
      'SignatureSubject', 'ImageStream', 'ImageStreamList', 'ImageStreamSpec', 'ImageStreamStatus', 'TagReference',
      'TagImportPolicy', 'TagReferencePolicy', 'ImageLookupPolicy', 'NamedTagEventList', 'TagEvent', 'TagEventCondition',
      'ImageStreamTag', 'ImageStreamTagList', 'ImageTag', 'ImageTagList', 'ImageStreamImage', 'ImageStreamMapping',
      'ImageStreamImport', 'ImageStreamImportSpec', 'ImageStreamImportStatus', 'ImageImportSpec', 'ImageImportStatus',
      'RepositoryImportSpec', 'RepositoryImportStatus', 'ImageStreamLayers', 'ImageBlobReferences', 'ImageLayerData', 'SecretList',
    ].map((n) => I + n)
    const others = [
      'ObjectMeta', 'ListMeta', 'OwnerReference', 'ManagedFieldsEntry', 'Time', 'Status', 'DeleteOptions', 'Patch',
    ].map((n) => META + n)
    const core = ['Secret', 'SecretList', 'Namespace', 'NamespaceList', 'NamespaceSpec', 'NamespaceStatus', 'NamespaceCondition', 'ObjectReference', 'LocalObjectReference']
      .map((n) => `io.k8s.api.core.v1.${n}`)
    for (const n of [...names, ...others, ...core, 'io.k8s.apimachinery.pkg.runtime.RawExtension']) {
      expect(imageSchemas[n], n).toBeDefined()
    }
  })

  it('every object definition has a description and consistent required fields', () => {
    for (const [name, s] of Object.entries(imageSchemas)) {
      expect(s.description, name).toBeTruthy()
      for (const r of s.required ?? []) expect(s.properties?.[r], `${name}.${r}`).toBeDefined()
    }
  })

  it('top-level kinds carry x-kubernetes-group-version-kind', () => {
    const kinds = [
      'Image', 'ImageList', 'ImageSignature', 'ImageStream', 'ImageStreamList', 'ImageStreamTag', 'ImageStreamTagList',
      'ImageTag', 'ImageTagList', 'ImageStreamImage', 'ImageStreamMapping', 'ImageStreamImport', 'ImageStreamLayers', 'SecretList',
    ]
    for (const k of kinds) {
      expect(imageSchemas[I + k]['x-kubernetes-group-version-kind'], k).toEqual([{ group: 'image.openshift.io', version: 'v1', kind: k }])
    }
    expect(imageSchemas['io.k8s.api.core.v1.Secret']['x-kubernetes-group-version-kind']).toEqual([{ group: '', version: 'v1', kind: 'Secret' }])
    expect(imageSchemas[`${META}Status`]['x-kubernetes-group-version-kind']).toEqual([{ group: '', version: 'v1', kind: 'Status' }])
    // sub-structures carry none
    expect(imageSchemas[`${I}ImageStreamSpec`]['x-kubernetes-group-version-kind']).toBeUndefined()
    expect(imageSchemas[`${META}ObjectMeta`]['x-kubernetes-group-version-kind']).toBeUndefined()
  })

  it('list fields carry the patch strategies of openshift/api types.go', () => {
    expect(at(`${I}ImageStream`, 'spec.tags')).toMatchObject({ 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-patch-merge-key': 'name' })
    expect(at(`${I}ImageStream`, 'status.tags')).toMatchObject({ 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-patch-merge-key': 'tag' })
    expect(at(`${I}Image`, 'signatures')).toMatchObject({ 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-patch-merge-key': 'name' })
    expect(at(`${I}Image`, 'signatures.[].conditions')).toMatchObject({ 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-patch-merge-key': 'type' })
    expect(at(`${I}ImageSignature`, 'conditions')).toMatchObject({ 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-patch-merge-key': 'type' })
    expect(at(`${I}Image`, 'dockerImageMetadata')).toMatchObject({
      'x-kubernetes-patch-strategy': 'replace',
      'x-kubernetes-preserve-unknown-fields': true,
    })
    expect(at(`${I}ImageStream`, 'metadata.finalizers')).toMatchObject({ 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-list-type': 'set' })
    expect(at(`${I}ImageStream`, 'metadata.ownerReferences')).toMatchObject({
      'x-kubernetes-patch-strategy': 'merge',
      'x-kubernetes-patch-merge-key': 'uid',
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['uid'],
    })
    // atomic (no strategy) lists
    for (const [n, p] of [
      ['ImageStream', 'status.tags.[].items'],
      ['ImageStream', 'status.tags.[].conditions'],
      ['Image', 'dockerImageLayers'],
      ['Image', 'dockerImageManifests'],
      ['ImageStreamImport', 'spec.images'],
    ]) {
      const s = at(I + n, p)
      expect(s.type, `${n} ${p}`).toBe('array')
      expect(s['x-kubernetes-patch-strategy'], `${n} ${p}`).toBeUndefined()
    }
  })

  it('nested paths resolve to the right leaf types', () => {
    expect(at(`${I}ImageStream`, 'spec.tags.[].from.name').type).toBe('string')
    expect(at(`${I}ImageStream`, 'status.tags.[].items.[].generation')).toMatchObject({ type: 'integer', format: 'int64' })
    expect(resolveSchema(imageSchemas, at(`${I}ImageStream`, 'metadata.creationTimestamp'))).toMatchObject({ type: 'string', format: 'date-time' })
    expect(at(`${I}ImageStreamLayers`, 'blobs.{}.size').type).toBe('integer')
    expect(at(`${I}ImageStreamImport`, 'status.images.[].status.details.causes.[].field').type).toBe('string')
    expect(at(`${I}Image`, 'signatures.[].content')).toMatchObject({ type: 'string', format: 'byte' })
    expect(resolveSchema(imageSchemas, at(`${I}Image`, 'dockerImageMetadata'))?.['x-kubernetes-preserve-unknown-fields']).toBe(true)
  })

  it('schemaNameForKind maps group/kind to definition names', () => {
    expect(schemaNameForKind('image.openshift.io', 'ImageStream')).toBe(`${I}ImageStream`)
    expect(schemaNameForKind('image.openshift.io', 'ImageStreamImport')).toBe(`${I}ImageStreamImport`)
    expect(schemaNameForKind('image.openshift.io', 'SecretList')).toBe(`${I}SecretList`)
    expect(schemaNameForKind('', 'SecretList')).toBe('io.k8s.api.core.v1.SecretList')
    expect(schemaNameForKind('', 'Secret')).toBe('io.k8s.api.core.v1.Secret')
    expect(schemaNameForKind('', 'Namespace')).toBe('io.k8s.api.core.v1.Namespace')
    expect(schemaNameForKind('', 'Status')).toBe(`${META}Status`)
    expect(schemaNameForKind('image.openshift.io', 'DeleteOptions')).toBe(`${META}DeleteOptions`)
    expect(schemaNameForKind('image.openshift.io', 'Secret')).toBeUndefined()
    expect(schemaNameForKind('image.openshift.io', 'ImageStreamSpec')).toBeUndefined()
    expect(schemaNameForKind('apps', 'Deployment')).toBeUndefined()
    expect(schemaForKind('image.openshift.io', 'Image')).toBe(imageSchemas[`${I}Image`])
  })

  it('is plain JSON (serialisable into an OpenAPI document)', () => {
    expect(JSON.parse(JSON.stringify(imageSchemas))).toEqual(imageSchemas)
  })
})
