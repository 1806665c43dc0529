// The table of typed-decoding cases: body → the decoder's exact error text (or undefined when it decodes).
// Texts follow sigs.k8s.io/json internal/golang/encoding/json/decode.go (encoding/json's UnmarshalTypeError,
// Go ≥ 1.20 field paths), metav1.Time.UnmarshalJSON + time.Parse, and
// k8s.io/apimachinery/pkg/runtime/converter.go for strategic merge patches.

import { describe, expect, it } from 'vitest'
import { imageSchemas, schemaForKind } from '../../image/schema/index.js'
import { typeMetaError, typedBodyError } from './index.js'
import { rfc3339Error } from './go-time.js'
import { parseRawJson } from './raw-json.js'

const G = 'image.openshift.io'
const kind = (group: string, k: string) => schemaForKind(group, k)!
const json = (k: string, body: unknown, group = G) => typedBodyError(body, kind(group, k), imageSchemas)
const unstructured = (k: string, body: unknown, group = G) => typedBodyError(body, kind(group, k), imageSchemas, 'unstructured')
const U = 'json: cannot unmarshal'

describe('typed decoding (encoding/json as sigs.k8s.io/json forks it)', () => {
  const cases: Array<[string, string, unknown, string | undefined, string?]> = [
    // [kind, description, body, message]
    ['ImageStream', 'valid body', { metadata: { name: 'a', labels: { a: 'b' } }, spec: { tags: [{ name: 't', generation: 2, from: { kind: 'DockerImage', name: 'x' } }] } }, undefined],
    ['ImageStream', 'null everywhere is the zero value', { metadata: null, spec: { tags: null, lookupPolicy: { local: null } }, status: null }, undefined],
    ['ImageStream', 'unknown fields are skipped', { spec: { foo: 5, tags: [{ bar: [] }] } }, undefined],
    ['ImageStream', 'map value', { metadata: { labels: { a: 5 } } }, `${U} number into Go struct field ObjectMeta.metadata.labels of type string`],
    ['ImageStream', 'map given a string', { metadata: { annotations: 'x' } }, `${U} string into Go struct field ObjectMeta.metadata.annotations of type map[string]string`],
    ['ImageStream', 'nested struct given a string', { spec: 'x' }, `${U} string into Go struct field ImageStream.spec of type v1.ImageStreamSpec`],
    ['ImageStream', 'ObjectMeta given an array', { metadata: [] }, `${U} array into Go struct field ImageStream.metadata of type v1.ObjectMeta`],
    ['ImageStream', 'slice given a string', { spec: { tags: 'x' } }, `${U} string into Go struct field ImageStreamSpec.spec.tags of type []v1.TagReference`],
    ['ImageStream', 'slice item field (no index in the path)', { spec: { tags: [{ name: 'a' }, { name: 12 }] } }, `${U} number into Go struct field TagReference.spec.tags.name of type string`],
    ['ImageStream', 'slice item given a string', { spec: { tags: ['x'] } }, `${U} string into Go struct field ImageStreamSpec.spec.tags of type v1.TagReference`],
    ['ImageStream', 'bool given a string', { spec: { lookupPolicy: { local: 'true' } } }, `${U} string into Go struct field ImageLookupPolicy.spec.lookupPolicy.local of type bool`],
    ['ImageStream', 'int64 given a float', { spec: { tags: [{ name: 'a', generation: 1.5 }] } }, `${U} number 1.5 into Go struct field TagReference.spec.tags.generation of type int64`],
    ['ImageStream', 'int64 given a string', { metadata: { generation: '3' } }, `${U} string into Go struct field ObjectMeta.metadata.generation of type int64`],
    ['ImageStream', 'int64 overflow', { metadata: { generation: 2 ** 64 } }, `${U} number 18446744073709552000 into Go struct field ObjectMeta.metadata.generation of type int64`],
    ['ImageStream', '[]string given a string', { metadata: { finalizers: 'x' } }, `${U} string into Go struct field ObjectMeta.metadata.finalizers of type []string`],
    ['ImageStream', '[]string item given a number', { metadata: { finalizers: ['a', 1] } }, `${U} number into Go struct field ObjectMeta.metadata.finalizers of type string`],
    ['ImageStream', 'pointer struct (*ObjectReference) is named without the pointer', { spec: { tags: [{ from: 'x' }] } }, `${U} string into Go struct field TagReference.spec.tags.from of type v1.ObjectReference`],
    ['ImageStream', 'named string type', { spec: { tags: [{ referencePolicy: { type: 1 } }] } }, `${U} number into Go struct field TagReferencePolicy.spec.tags.referencePolicy.type of type v1.TagReferencePolicyType`],
    ['ImageStream', 'types.UID', { metadata: { uid: 1 } }, `${U} number into Go struct field ObjectMeta.metadata.uid of type types.UID`],
    ['ImageStream', 'TypeMeta fields belong to the kind struct', { kind: 'ImageStream', apiVersion: 'image.openshift.io/v1', status: { tags: [{ items: [{ generation: true }] }] } }, `${U} bool into Go struct field TagEvent.status.tags.items.generation of type int64`],
    ['ImageStream', 'the first saved error wins', { metadata: { labels: { a: 1 } }, spec: 'x' }, `${U} number into Go struct field ObjectMeta.metadata.labels of type string`],
    ['ImageStream', 'metav1.Time: a non-string', { metadata: { creationTimestamp: 5 } }, `${U} number into Go struct field ObjectMeta.metadata.creationTimestamp of type string`],
    ['ImageStream', 'metav1.Time errors are returned and beat an earlier saved error', { metadata: { labels: { a: 1 }, creationTimestamp: {} } }, `${U} object into Go struct field ObjectMeta.metadata.creationTimestamp of type string`],
    ['ImageStream', 'metav1.Time: not RFC 3339', { metadata: { creationTimestamp: '2024-01-01' } }, 'parsing time "2024-01-01" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "T"'],
    ['ImageStream', 'managedFields entry', { metadata: { managedFields: [{ manager: 5 }] } }, `${U} number into Go struct field ManagedFieldsEntry.metadata.managedFields.manager of type string`],
    ['ImageStream', 'managedFields fieldsV1 takes anything', { metadata: { managedFields: [{ fieldsV1: 'x' }] } }, undefined],
    ['Image', 'RawExtension takes anything', { dockerImageMetadata: 'x', dockerImageLayers: [{ size: 1 }] }, undefined],
    ['Image', '[][]byte item', { dockerImageSignatures: [5] }, `${U} number into Go struct field Image.dockerImageSignatures of type []uint8`],
    ['Image', '[][]byte base64', { dockerImageSignatures: ['a'] }, 'illegal base64 data at input byte 0'],
    ['Image', 'nested list of structs', { dockerImageLayers: [{ name: 'l', size: '1' }] }, `${U} string into Go struct field ImageLayer.dockerImageLayers.size of type int64`],
    ['Image', 'signatures inside an image', { signatures: [{ content: 1 }] }, `${U} number into Go struct field ImageSignature.signatures.content of type []uint8`],
    ['ImageSignature', '[]byte base64', { content: 'abc' }, 'illegal base64 data at input byte 0'],
    ['ImageSignature', '*metav1.Time', { created: 1 }, `${U} number into Go struct field ImageSignature.created of type string`],
    ['ImageSignature', 'inline SignatureGenericEntity: the outer struct names the field', { issuedBy: { commonName: 1 } }, `${U} number into Go struct field SignatureIssuer.issuedBy.commonName of type string`],
    ['ImageStreamTag', 'virtual kind', { tag: { name: 1 } }, `${U} number into Go struct field TagReference.tag.name of type string`],
    ['ImageTag', 'virtual kind', { spec: { importPolicy: { scheduled: 'yes' } } }, `${U} string into Go struct field TagImportPolicy.spec.importPolicy.scheduled of type bool`],
    ['ImageStreamMapping', 'virtual kind', { tag: 1 }, `${U} number into Go struct field ImageStreamMapping.tag of type string`],
    ['ImageStreamImport', 'virtual kind', { spec: { import: 'true' } }, `${U} string into Go struct field ImageStreamImportSpec.spec.import of type bool`],
    ['ImageStreamImport', 'deeper', { spec: { images: [{ to: { name: [] } }] } }, `${U} array into Go struct field LocalObjectReference.spec.images.to.name of type string`],
  ]
  it.each(cases)('%s: %s', (k, _d, body, message) => {
    expect(json(k, body)).toBe(message)
  })

  it.each([
    ['Secret', { data: { a: 5 } }, `${U} number into Go struct field Secret.data of type []uint8`],
    ['Secret', { data: { a: 'YQ=' } }, 'illegal base64 data at input byte 3'],
    ['Secret', { type: 5 }, `${U} number into Go struct field Secret.type of type v1.SecretType`],
    ['Secret', { immutable: 'true' }, `${U} string into Go struct field Secret.immutable of type bool`],
    ['Secret', { stringData: { a: 1 } }, `${U} number into Go struct field Secret.stringData of type string`],
    ['Namespace', { spec: { finalizers: [1] } }, `${U} number into Go struct field NamespaceSpec.spec.finalizers of type v1.FinalizerName`],
    ['Namespace', { spec: { finalizers: 'kubernetes' } }, `${U} string into Go struct field NamespaceSpec.spec.finalizers of type []v1.FinalizerName`],
    ['Namespace', { status: { phase: 1 } }, `${U} number into Go struct field NamespaceStatus.status.phase of type v1.NamespacePhase`],
  ])('core %s %j', (k, body, message) => {
    expect(json(k, body, '')).toBe(message)
  })

  it('apiVersion/kind are read first, case-insensitively, into an anonymous struct', () => {
    expect(typeMetaError({ apiVersion: 1.5 })).toBe(`couldn't get version/kind; json parse error: ${U} number into Go struct field .apiVersion of type string`)
    expect(typeMetaError({ KIND: [] })).toBe(`couldn't get version/kind; json parse error: ${U} array into Go struct field .kind of type string`)
    expect(typeMetaError({ apiVersion: null, kind: 'X' })).toBeUndefined()
  })
})

describe('the raw view: number literals and repeated keys as Go sees them', () => {
  const raw = (text: string) => json('ImageStream', parseRawJson(text))
  it.each([
    ['{"spec":{"tags":[{"name":"a","generation":2.0}]}}', `${U} number 2.0 into Go struct field TagReference.spec.tags.generation of type int64`],
    ['{"metadata":{"generation":1e3}}', `${U} number 1e3 into Go struct field ObjectMeta.metadata.generation of type int64`],
    ['{"metadata":{"generation":9223372036854775808}}', `${U} number 9223372036854775808 into Go struct field ObjectMeta.metadata.generation of type int64`],
    ['{"metadata":{"generation":9223372036854775807}}', undefined],
    ['{"metadata":{"generation":-9223372036854775808}}', undefined],
    ['{"metadata":{"labels":{"a":5}},"metadata":{"name":"x"}}', `${U} number into Go struct field ObjectMeta.metadata.labels of type string`],
    ['{"metadata":{"labels":{"a":5,"a":"x"}}}', `${U} number into Go struct field ObjectMeta.metadata.labels of type string`],
    ['{"metadata":{"name":"x","labels":{"b":"c"}},"spec":{"tags":[{"name":"t"}]}}', undefined],
  ])('%s', (text, message) => {
    expect(raw(text)).toBe(message)
  })
  it('a repeated apiVersion is read twice by the TypeMeta decode', () => {
    expect(typeMetaError(parseRawJson('{"apiVersion":5,"apiVersion":"v1"}') as never)).toBe(`couldn't get version/kind; json parse error: ${U} number into Go struct field .apiVersion of type string`)
  })
})

describe('typed decoding of strategic merge patch results (runtime.DefaultUnstructuredConverter)', () => {
  it.each([
    [{ metadata: { labels: { a: 5 } } }, 'cannot convert int64 to string'],
    [{ metadata: { labels: { a: 1.5 } } }, 'unrecognized type: string'],
    [{ metadata: { labels: { a: true } } }, 'unrecognized type: string'],
    [{ metadata: { generation: 1.5 } }, 'cannot convert float64 to int64'],
    [{ metadata: { generation: 'x' } }, 'unrecognized type: int64'],
    [{ spec: { lookupPolicy: { local: 1 } } }, 'unrecognized type: bool'],
    [{ spec: 'x' }, 'cannot restore struct from: string'],
    [{ spec: { tags: {} } }, 'cannot restore slice from map'],
    [{ metadata: { labels: [] } }, 'cannot restore map from slice'],
    [{ spec: { tags: [{ referencePolicy: { type: 1 } }] } }, 'cannot convert int64 to v1.TagReferencePolicyType'],
    [{ metadata: { creationTimestamp: 1 } }, `${U} number into Go value of type string`],
    [{ apiVersion: 5 }, 'cannot convert int64 to string'],
    [{ metadata: { generation: 2 } }, undefined],
  ])('%j → %s', (body, message) => {
    expect(unstructured('ImageStream', body)).toBe(message)
  })
  it('[]byte from a string is base64-decoded', () => {
    expect(unstructured('ImageSignature', { content: 'YQ=' })).toBe('error decoding from json: illegal base64 data at input byte 3')
  })
})

describe('time.Parse(time.RFC3339, …)', () => {
  it.each([
    ['2024-01-02T03:04:05Z', undefined],
    ['2024-01-02T03:04:05.123456789+02:00', undefined],
    ['', 'parsing time "" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "2006"'],
    ['x', 'parsing time "x" as "2006-01-02T15:04:05Z07:00": cannot parse "x" as "2006"'],
    ['2024-13-01T00:00:00Z', 'parsing time "2024-13-01T00:00:00Z": month out of range'],
    ['2024-02-30T00:00:00Z', 'parsing time "2024-02-30T00:00:00Z": day out of range'],
    ['2024-01-01T00:00:00', 'parsing time "2024-01-01T00:00:00" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "Z07:00"'],
    ['2024-01-01T00:00:00Zjunk', 'parsing time "2024-01-01T00:00:00Zjunk": extra text: "junk"'],
    ['2024-01-01T00:00:00+25:00', 'parsing time "2024-01-01T00:00:00+25:00": time zone offset hour out of range'],
    ['2024-01-01T00:00:00+24:00', undefined],
    ['+024-01-01T00:00:00Z', 'parsing time "+024-01-01T00:00:00Z" as "2006-01-02T15:04:05Z07:00": cannot parse "+024-01-01T00:00:00Z" as "2006"'],
    ['2024-01-01T24:00:00Z', 'parsing time "2024-01-01T24:00:00Z": hour out of range'],
    ['2024-1-01T00:00:00Z', 'parsing time "2024-1-01T00:00:00Z" as "2006-01-02T15:04:05Z07:00": cannot parse "1-01T00:00:00Z" as "01"'],
    ['2024-01-01T00:00:00.1234567891Z', undefined],
    ['2024-01-01 00:00:00Z', 'parsing time "2024-01-01 00:00:00Z" as "2006-01-02T15:04:05Z07:00": cannot parse " 00:00:00Z" as "T"'],
  ])('%j', (s, message) => {
    expect(rfc3339Error(s)).toBe(message)
  })
  it.each([
    ['2024-01-02T03:04:05.123456Z', undefined],
    ['2024-01-02T03:04:05Z', 'parsing time "2024-01-02T03:04:05Z" as "2006-01-02T15:04:05.000000Z07:00": cannot parse "Z" as ".000000"'],
    ['2024-01-02T03:04:05.123Z', 'parsing time "2024-01-02T03:04:05.123Z" as "2006-01-02T15:04:05.000000Z07:00": cannot parse ".123Z" as ".000000"'],
    ['2024-01-02T03:04:05.1234567Z', 'parsing time "2024-01-02T03:04:05.1234567Z" as "2006-01-02T15:04:05.000000Z07:00": cannot parse "7Z" as "Z07:00"'],
  ])('MicroTime %j', (s, message) => {
    expect(rfc3339Error(s, true)).toBe(message)
  })
})
