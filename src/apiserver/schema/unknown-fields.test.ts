import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { imageSchemas } from '../../image/schema/index.js'
import type { OpenAPISchema, SchemaRegistry } from '../schema-types.js'
import {
  findDuplicateFields,
  findStrictFieldIssues,
  findUnknownFields,
  formatStrictFieldIssue,
  MAX_STRICT_ISSUES,
} from './unknown-fields.js'

const I = 'com.github.openshift.api.image.v1.'
const IS = imageSchemas[`${I}ImageStream`]
const IMG = imageSchemas[`${I}Image`]

const fullImageStream = {
  kind: 'ImageStream',
  apiVersion: 'image.openshift.io/v1',
  metadata: {
    name: 'ruby',
    namespace: 'openshift',
    uid: '0b1f8a5e-7c8a-4f0e-9a55-2b2d0e4a9c11',
    resourceVersion: '12345',
    generation: 3,
    creationTimestamp: '2024-05-01T10:00:00Z',
    labels: { app: 'ruby', 'samples.operator.openshift.io/managed': 'true' },
    annotations: { 'openshift.io/display-name': 'Ruby' },
    ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: 'u-1', controller: true, blockOwnerDeletion: false }],
    finalizers: ['example.com/keep'],
    managedFields: [
      {
        manager: 'kubectl',
        operation: 'Apply',
        apiVersion: 'image.openshift.io/v1',
        time: '2024-05-01T10:00:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:spec': { 'f:tags': { 'k:{"name":"latest"}': { '.': {}, 'f:from': {} } } } },
      },
    ],
  },
  spec: {
    lookupPolicy: { local: false },
    dockerImageRepository: 'quay.io/example/ruby',
    tags: [
      {
        name: 'latest',
        annotations: { description: 'Ruby latest', tags: 'builder,ruby' },
        from: { kind: 'ImageStreamTag', name: '3.1', namespace: 'openshift' },
        reference: false,
        generation: 2,
        importPolicy: { insecure: false, scheduled: true, importMode: 'Legacy' },
        referencePolicy: { type: 'Local' },
      },
      { name: '3.1', annotations: null, from: { kind: 'DockerImage', name: 'quay.io/example/ruby:3.1' }, generation: null, referencePolicy: { type: 'Source' } },
    ],
  },
  status: {
    dockerImageRepository: 'image-registry.openshift-image-registry.svc:5000/openshift/ruby',
    publicDockerImageRepository: 'registry.example.com/openshift/ruby',
    tags: [
      {
        tag: '3.1',
        items: [
          {
            created: '2024-05-01T10:00:01Z',
            dockerImageReference: 'quay.io/example/ruby@sha256:' + 'a'.repeat(64),
            image: 'sha256:' + 'a'.repeat(64),
            generation: 2,
          },
        ],
        conditions: [
          { type: 'ImportSuccess', status: 'False', lastTransitionTime: '2024-05-01T10:00:02Z', reason: 'NotFound', message: 'not found', generation: 2 },
        ],
      },
      { tag: 'latest', items: null },
    ],
  },
}

const fullImage = {
  kind: 'Image',
  apiVersion: 'image.openshift.io/v1',
  metadata: { name: 'sha256:' + 'b'.repeat(64), creationTimestamp: '2024-05-01T10:00:00Z', annotations: { 'image.openshift.io/dockerLayersOrder': 'ascending' } },
  dockerImageReference: 'quay.io/example/ruby@sha256:' + 'b'.repeat(64),
  dockerImageMetadata: {
    kind: 'DockerImage',
    apiVersion: 'image.openshift.io/1.0',
    Id: 'sha256:' + 'c'.repeat(64),
    Created: '2024-04-30T08:00:00Z',
    ContainerConfig: {},
    Config: { Env: ['PATH=/usr/bin'], Labels: { a: 'b' }, ExposedPorts: { '8080/tcp': {} } },
    Architecture: 'amd64',
    Size: 123456,
  },
  dockerImageMetadataVersion: '1.0',
  dockerImageManifest: '{"schemaVersion":2}',
  dockerImageManifestMediaType: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerImageConfig: '{"architecture":"amd64"}',
  dockerImageLayers: [{ name: 'sha256:' + 'd'.repeat(64), size: 1024, mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip' }],
  dockerImageManifests: [{ digest: 'sha256:' + 'e'.repeat(64), mediaType: 'application/vnd.oci.image.manifest.v1+json', manifestSize: 512, architecture: 'arm', os: 'linux', variant: 'v7' }],
  dockerImageSignatures: ['c2lnbmF0dXJl'],
  signatures: [
    {
      kind: 'ImageSignature',
      apiVersion: 'image.openshift.io/v1',
      metadata: { name: 'sha256:' + 'b'.repeat(64) + '@sig1' },
      type: 'atomic',
      content: 'c2lnbmF0dXJl',
      conditions: [{ type: 'Trusted', status: 'True', lastProbeTime: '2024-05-01T10:00:00Z', lastTransitionTime: '2024-05-01T10:00:00Z', reason: 'ok', message: 'verified' }],
      imageIdentity: 'registry.access.redhat.com/rhel7/rhel:7.2',
      signedClaims: { 'docker-reference': 'quay.io/example/ruby' },
      created: '2024-05-01T10:00:00Z',
      issuedBy: { organization: 'Red Hat', commonName: 'signer' },
      issuedTo: { organization: 'Example', commonName: 'ruby', publicKeyID: '0x685ebe62bf278440' },
    },
  ],
}

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T

describe('findUnknownFields', () => {
  it('reports nothing for full valid ImageStream and Image bodies', () => {
    expect(findUnknownFields(fullImageStream, IS, imageSchemas)).toEqual([])
    expect(findUnknownFields(fullImage, IMG, imageSchemas)).toEqual([])
    expect(findUnknownFields({ kind: 'ImageStreamList', apiVersion: 'image.openshift.io/v1', metadata: { resourceVersion: '1' }, items: [fullImageStream] }, imageSchemas[`${I}ImageStreamList`], imageSchemas)).toEqual([])
  })

  it('reports unknown fields with dotted paths and list indexes, in document order', () => {
    const body: any = clone(fullImageStream)
    body.metadata.foo = 1
    body.spec = { foo: 'x', ...body.spec }
    body.spec.tags[0].foo = true
    body.spec.tags[1].from.bar = 'y'
    body.status.tags[0].items[0].bar = 2
    body.status.tags[0].conditions[0].baz = 3
    body.zzz = {}
    expect(findUnknownFields(body, IS, imageSchemas)).toEqual([
      'metadata.foo',
      'spec.foo',
      'spec.tags[0].foo',
      'spec.tags[1].from.bar',
      'status.tags[0].items[0].bar',
      'status.tags[0].conditions[0].baz',
      'zzz',
    ])
  })

  it('does not look inside unknown fields, and matches keys case-sensitively', () => {
    expect(findUnknownFields({ spec: { foo: { bar: 1 }, Tags: [] } }, IS, imageSchemas)).toEqual(['spec.foo', 'spec.Tags'])
  })

  it('allows kind/apiVersion at the top level even when the schema omits them', () => {
    const s: OpenAPISchema = { type: 'object', properties: { spec: { type: 'object', properties: { a: { type: 'string' } } } } }
    expect(findUnknownFields({ kind: 'X', apiVersion: 'v1', spec: { a: 'x', kind: 'y' } }, s, {})).toEqual(['spec.kind'])
  })

  it('checks map values by their value schema', () => {
    const layers = {
      blobs: { 'sha256:aaa': { size: 1, mediaType: 'm', extra: 1 } },
      images: { 'sha256:bbb': { layers: ['sha256:aaa'], config: null, imageMissing: false, nope: [] } },
    }
    expect(findUnknownFields(layers, imageSchemas[`${I}ImageStreamLayers`], imageSchemas)).toEqual(['blobs.sha256:aaa.extra', 'images.sha256:bbb.nope'])
    // string-valued maps: a wrong-typed value is a type error, not an unknown field
    expect(findUnknownFields({ metadata: { labels: { a: { b: 1 } } } }, IS, imageSchemas)).toEqual([])
  })

  it('skips preserve-unknown-fields subtrees (dockerImageMetadata, fieldsV1)', () => {
    const img: any = clone(fullImage)
    img.dockerImageMetadata.anything = { deeply: { nested: true } }
    img.signatures[0].issuedTo.extra = 'x'
    expect(findUnknownFields(img, IMG, imageSchemas)).toEqual(['signatures[0].issuedTo.extra'])
  })

  it('descends into embedded images of other kinds', () => {
    const isi = {
      kind: 'ImageStreamImport',
      apiVersion: 'image.openshift.io/v1',
      metadata: { name: 'x' },
      spec: { import: true, images: [{ from: { kind: 'DockerImage', name: 'a/b' }, to: { name: 'latest', x: 1 }, importPolicy: {} }] },
      status: { images: [{ status: { metadata: {}, status: 'Success', code: 200, oops: 1 }, image: { metadata: { name: 'i' }, bad: 1 } }], import: { spec: { tags: [{ name: 'a', q: 1 }] } } },
    }
    expect(findUnknownFields(isi, imageSchemas[`${I}ImageStreamImport`], imageSchemas)).toEqual([
      'spec.images[0].to.x',
      'status.images[0].status.oops',
      'status.images[0].image.bad',
      'status.import.spec.tags[0].q',
    ])
  })

  it('ignores values whose JSON type does not match the schema', () => {
    expect(findUnknownFields({ spec: { tags: { foo: 1 }, lookupPolicy: [{ x: 1 }] } }, IS, imageSchemas)).toEqual([])
    expect(findUnknownFields('nope', IS, imageSchemas)).toEqual([])
    expect(findUnknownFields(null, IS, imageSchemas)).toEqual([])
  })

  it('caps the result at 100 paths', () => {
    const spec: Record<string, number> = {}
    for (let i = 0; i < 150; i++) spec[`f${i}`] = i
    expect(findUnknownFields({ spec }, IS, imageSchemas)).toHaveLength(MAX_STRICT_ISSUES)
  })
})

describe('findDuplicateFields', () => {
  it('reports duplicate keys with dotted paths', () => {
    const text = '{"kind":"ImageStream","metadata":{"name":"a","name":"b","labels":{"x":"1","x":"2"}},"spec":{"tags":[{"name":"a"},{"name":"b","name":"c"}]}}'
    expect(findDuplicateFields(text)).toEqual(['metadata.name', 'metadata.labels.x', 'spec.tags[1].name'])
    expect(findDuplicateFields(text, IS, imageSchemas)).toEqual(['metadata.name', 'metadata.labels.x', 'spec.tags[1].name'])
  })

  it('reports top-level duplicates and each path once', () => {
    expect(findDuplicateFields('{"kind":"A","kind":"B","kind":"C","apiVersion":"v1"}')).toEqual(['kind'])
    expect(findDuplicateFields('{"a":[{"b":1,"b":2},{"b":1,"b":2}]}')).toEqual(['a[0].b', 'a[1].b'])
  })

  it('handles whitespace, escapes and nesting', () => {
    const text = ' {\n  "meta\\u0064ata" : { "na\\"me": 1, "na\\"me" : [ 1, 2.5e3, true, null, "s\\n" ] },\n  "metadata": {}\n} '
    expect(findDuplicateFields(text)).toEqual(['metadata.na"me', 'metadata'])
  })

  it('returns nothing for valid bodies and for invalid JSON', () => {
    expect(findDuplicateFields(JSON.stringify(fullImageStream))).toEqual([])
    expect(findDuplicateFields(JSON.stringify(fullImage), IMG, imageSchemas)).toEqual([])
    expect(findDuplicateFields('{"a":1,"a":2')).toEqual([])
    expect(findDuplicateFields('{"a":1,"a":2} x')).toEqual([])
    expect(findDuplicateFields('{"a":tru,"a":1}')).toEqual([])
    expect(findDuplicateFields('')).toEqual([])
  })

  it('with a schema, does not look inside unknown fields or opaque subtrees', () => {
    const text = '{"spec":{"foo":{"x":1,"x":2}},"metadata":{"managedFields":[{"fieldsV1":{"f:a":{},"f:a":{}}}]}}'
    expect(findDuplicateFields(text)).toEqual(['spec.foo.x', 'metadata.managedFields[0].fieldsV1.f:a'])
    expect(findDuplicateFields(text, IS, imageSchemas)).toEqual([])
    const img = '{"dockerImageMetadata":{"Id":"a","Id":"b"},"dockerImageReference":"x","dockerImageReference":"y"}'
    expect(findDuplicateFields(img, IMG, imageSchemas)).toEqual(['dockerImageReference'])
  })
})

describe('findStrictFieldIssues', () => {
  it('lists unknown and duplicate fields together in document order', () => {
    const text = '{"kind":"ImageStream","apiVersion":"image.openshift.io/v1","metadata":{"name":"a","name":"b"},"spec":{"foo":1,"foo":2,"tags":[{"name":"x","bar":{}}]}}'
    const issues = findStrictFieldIssues(text, IS, imageSchemas)
    expect(issues.map(formatStrictFieldIssue)).toEqual([
      'duplicate field "metadata.name"',
      'unknown field "spec.foo"',
      'unknown field "spec.tags[0].bar"',
    ])
  })

  it('agrees with findUnknownFields on parsed bodies', () => {
    const body: any = clone(fullImageStream)
    body.spec.tags[0].importPolicy.nope = 1
    body.status.weird = [1]
    const text = JSON.stringify(body)
    expect(findStrictFieldIssues(text, IS, imageSchemas).map((i) => i.path)).toEqual(findUnknownFields(body, IS, imageSchemas))
  })

  it('quotes paths like Go strconv.Quote', () => {
    expect(formatStrictFieldIssue({ type: 'unknown field', path: 'spec.a"b\\c\n' })).toBe('unknown field "spec.a\\"b\\\\c\\n"')
    expect(formatStrictFieldIssue({ type: 'duplicate field', path: 'x\u0001' })).toBe('duplicate field "x\\x01"')
  })

  it('works with a registry whose refs do not resolve (treated as opaque)', () => {
    const reg: SchemaRegistry = { A: { type: 'object', properties: { b: { $ref: '#/components/schemas/Missing' } } } }
    expect(findUnknownFields({ b: { c: 1 }, d: 1 }, reg.A, reg)).toEqual(['d'])
    expect(findStrictFieldIssues('{"b":{"c":1,"c":2},"d":1}', reg.A, reg).map(formatStrictFieldIssue)).toEqual(['unknown field "d"'])
  })
})

describe('properties', () => {
  it('serialised JSON values never have duplicates, with or without a schema', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        expect(findDuplicateFields(text)).toEqual([])
        expect(findDuplicateFields(text, IS, imageSchemas)).toEqual([])
      }),
    )
  })

  it('the text scan and the object walk agree on unknown fields', () => {
    const tagArb = fc.dictionary(fc.constantFrom('name', 'from', 'reference', 'x', 'y'), fc.jsonValue(), { maxKeys: 4 })
    const bodyArb = fc.record({
      metadata: fc.dictionary(fc.constantFrom('name', 'labels', 'foo'), fc.jsonValue(), { maxKeys: 3 }),
      spec: fc.record({ tags: fc.array(tagArb, { maxLength: 3 }), bogus: fc.jsonValue() }, { requiredKeys: [] }),
    }, { requiredKeys: [] })
    fc.assert(
      fc.property(bodyArb, (body) => {
        const viaText = findStrictFieldIssues(JSON.stringify(body), IS, imageSchemas).map((i) => i.path)
        expect(viaText).toEqual(findUnknownFields(body, IS, imageSchemas))
      }),
    )
  })

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        findDuplicateFields(text)
        findStrictFieldIssues(text, IS, imageSchemas)
      }),
    )
  })
})
