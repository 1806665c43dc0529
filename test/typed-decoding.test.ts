// Typed decoding at the HTTP level: a wrongly typed field is refused with the real decoder's message for
// every kind and every write path (POST, PUT, /status, YAML, merge / JSON / strategic patches), and the
// refused write leaves the store untouched.

import { describe, expect, it } from 'vitest'
import { call, DIGEST_A, fakeApi, IS, IMAGES, stream } from './helpers.js'

const U = 'json: cannot unmarshal'
const V1 = '/apis/image.openshift.io/v1'
const NS = `${V1}/namespaces/ns`
const handled = (kind: string, err: string) => `${kind} in version "v1" cannot be handled as a ${kind}: ${err}`

async function seeded() {
  const api = fakeApi()
  expect((await call(api, 'POST', IS, stream('s', [{ name: 'latest', from: { kind: 'DockerImage', name: 'quay.io/a/b:1' } }]))).status).toBe(201)
  return api
}

function expectBadRequest(r: { status: number; body: any }, message: string) {
  expect({ status: r.status, reason: r.body?.reason, message: r.body?.message, code: r.body?.code, kind: r.body?.kind }).toEqual({
    status: 400,
    reason: 'BadRequest',
    message,
    code: 400,
    kind: 'Status',
  })
}

describe('POST bodies of every kind', () => {
  const cases: Array<[string, string, Record<string, unknown>, string]> = [
    ['ImageStream: map value', IS, { ...stream('x'), metadata: { name: 'x', labels: { a: 5 } } }, handled('ImageStream', `${U} number into Go struct field ObjectMeta.metadata.labels of type string`)],
    ['ImageStream: slice given a string', IS, { ...stream('x'), spec: { tags: 'x' } }, handled('ImageStream', `${U} string into Go struct field ImageStreamSpec.spec.tags of type []v1.TagReference`)],
    ['ImageStream: array item field', IS, stream('x', [{ name: 12 }]), handled('ImageStream', `${U} number into Go struct field TagReference.spec.tags.name of type string`)],
    ['ImageStream: int given a float', IS, stream('x', [{ name: 't', generation: 1.5 }]), handled('ImageStream', `${U} number 1.5 into Go struct field TagReference.spec.tags.generation of type int64`)],
    ['ImageStream: int given a string', IS, stream('x', [{ name: 't', generation: '1' }]), handled('ImageStream', `${U} string into Go struct field TagReference.spec.tags.generation of type int64`)],
    ['ImageStream: bool given a string', IS, { ...stream('x'), spec: { lookupPolicy: { local: 'true' } } }, handled('ImageStream', `${U} string into Go struct field ImageLookupPolicy.spec.lookupPolicy.local of type bool`)],
    ['ImageStream: []string given a string', IS, { ...stream('x'), metadata: { name: 'x', finalizers: 'a' } }, handled('ImageStream', `${U} string into Go struct field ObjectMeta.metadata.finalizers of type []string`)],
    ['ImageStream: nested struct given an array', IS, { ...stream('x'), spec: [] }, handled('ImageStream', `${U} array into Go struct field ImageStream.spec of type v1.ImageStreamSpec`)],
    ['ImageStream: time', IS, { ...stream('x'), metadata: { name: 'x', creationTimestamp: 'yesterday' } }, handled('ImageStream', 'parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"')],
    ['Image: layer size', IMAGES, { apiVersion: 'image.openshift.io/v1', kind: 'Image', metadata: { name: DIGEST_A }, dockerImageReference: `q/x@${DIGEST_A}`, dockerImageLayers: [{ name: 'l', size: '1', mediaType: 'm' }] }, handled('Image', `${U} string into Go struct field ImageLayer.dockerImageLayers.size of type int64`)],
    ['ImageSignature: content not base64', `${V1}/imagesignatures`, { apiVersion: 'image.openshift.io/v1', kind: 'ImageSignature', metadata: { name: `${DIGEST_A}@x` }, type: 'AtomicImageV1', content: '!!' }, handled('ImageSignature', 'illegal base64 data at input byte 0')],
    ['ImageSignature: bytes given a number', `${V1}/imagesignatures`, { apiVersion: 'image.openshift.io/v1', kind: 'ImageSignature', metadata: { name: `${DIGEST_A}@x` }, type: 'AtomicImageV1', content: 5 }, handled('ImageSignature', `${U} number into Go struct field ImageSignature.content of type []uint8`)],
    ['ImageStreamTag', `${NS}/imagestreamtags`, { apiVersion: 'image.openshift.io/v1', kind: 'ImageStreamTag', metadata: { name: 's:t' }, tag: { name: 't', from: 'x' } }, handled('ImageStreamTag', `${U} string into Go struct field TagReference.tag.from of type v1.ObjectReference`)],
    ['ImageTag', `${NS}/imagetags`, { apiVersion: 'image.openshift.io/v1', kind: 'ImageTag', metadata: { name: 's:t' }, spec: { name: 't', reference: 'yes' } }, handled('ImageTag', `${U} string into Go struct field TagReference.spec.reference of type bool`)],
    ['ImageStreamMapping', `${NS}/imagestreammappings`, { apiVersion: 'image.openshift.io/v1', kind: 'ImageStreamMapping', metadata: { name: 's' }, tag: 7, image: {} }, handled('ImageStreamMapping', `${U} number into Go struct field ImageStreamMapping.tag of type string`)],
    ['ImageStreamImport', `${NS}/imagestreamimports`, { apiVersion: 'image.openshift.io/v1', kind: 'ImageStreamImport', metadata: { name: 's' }, spec: { import: 'true', images: [] } }, handled('ImageStreamImport', `${U} string into Go struct field ImageStreamImportSpec.spec.import of type bool`)],
    ['Namespace', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n2' }, spec: { finalizers: 'kubernetes' } }, handled('Namespace', `${U} string into Go struct field NamespaceSpec.spec.finalizers of type []v1.FinalizerName`)],
    ['Secret: data value', '/api/v1/namespaces/ns/secrets', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' }, data: { a: true } }, handled('Secret', `${U} bool into Go struct field Secret.data of type []uint8`)],
    ['Secret: stringData value', '/api/v1/namespaces/ns/secrets', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' }, stringData: { a: 1 } }, handled('Secret', `${U} number into Go struct field Secret.stringData of type string`)],
    ['Secret: type', '/api/v1/namespaces/ns/secrets', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' }, type: ['Opaque'] }, handled('Secret', `${U} array into Go struct field Secret.type of type v1.SecretType`)],
  ]
  it.each(cases)('%s', async (_name, path, body, message) => {
    const api = await seeded()
    const before = JSON.stringify(api.snapshot())
    expectBadRequest(await call(api, 'POST', path, body), message)
    expect(JSON.stringify(api.snapshot())).toBe(before)
  })

  it('apiVersion/kind of the wrong type fail in the TypeMeta read, with the body summary', async () => {
    const api = fakeApi()
    expectBadRequest(
      await call(api, 'POST', IS, { apiVersion: 1.5, kind: 'ImageStream', metadata: { name: 'x' } }),
      `the object provided is unrecognized (must be of type ImageStream): couldn't get version/kind; json parse error: ${U} number into Go struct field .apiVersion of type string ({"apiVersion":1.5,"kind":"Imag ...)`,
    )
    expectBadRequest(
      await call(api, 'POST', IS, { kind: true, metadata: { name: 'x' } }),
      `the object provided is unrecognized (must be of type ImageStream): couldn't get version/kind; json parse error: ${U} bool into Go struct field .kind of type string ({"kind":true,"metadata":{"name ...)`,
    )
  })

  it('null is the zero value, not an error', async () => {
    const api = fakeApi()
    const r = await call(api, 'POST', IS, { apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name: 'x', labels: null, creationTimestamp: null }, spec: { tags: null } })
    expect(r.status).toBe(201)
  })

  it('a type error wins over unknown fields: 400 under Strict, no warnings under Warn', async () => {
    const api = fakeApi()
    const body = { ...stream('x'), spec: { foo: 1, tags: 'x' } }
    const msg = handled('ImageStream', `${U} string into Go struct field ImageStreamSpec.spec.tags of type []v1.TagReference`)
    expectBadRequest(await call(api, 'POST', `${IS}?fieldValidation=Strict`, body), msg)
    const warn = await call(api, 'POST', `${IS}?fieldValidation=Warn`, body)
    expectBadRequest(warn, msg)
    expect(warn.headers.get('warning')).toBeNull()
  })

  it('YAML bodies are decoded the same way', async () => {
    const api = fakeApi()
    const yaml = 'apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata:\n  name: y\n  labels:\n    a: 5\n'
    expectBadRequest(await call(api, 'POST', IS, undefined, { raw: yaml, contentType: 'application/yaml' }), handled('ImageStream', `${U} number into Go struct field ObjectMeta.metadata.labels of type string`))
  })
})

describe('PUT and subresources', () => {
  it('PUT of a wrongly typed object is 400 and changes nothing', async () => {
    const api = await seeded()
    const cur = (await call(api, 'GET', `${IS}/s`)).body
    const before = JSON.stringify(api.snapshot())
    expectBadRequest(
      await call(api, 'PUT', `${IS}/s`, { ...cur, spec: { ...cur.spec, tags: [{ ...cur.spec.tags[0], importPolicy: { scheduled: 1 } }] } }),
      handled('ImageStream', `${U} number into Go struct field TagImportPolicy.spec.tags.importPolicy.scheduled of type bool`),
    )
    expect(JSON.stringify(api.snapshot())).toBe(before)
  })

  it('PUT /status is decoded too', async () => {
    const api = await seeded()
    const cur = (await call(api, 'GET', `${IS}/s`)).body
    expectBadRequest(
      await call(api, 'PUT', `${IS}/s/status`, { ...cur, status: { dockerImageRepository: 5 } }),
      handled('ImageStream', `${U} number into Go struct field ImageStreamStatus.status.dockerImageRepository of type string`),
    )
  })

  it('PUT of a Namespace status', async () => {
    const api = fakeApi()
    expect((await call(api, 'POST', '/api/v1/namespaces', { metadata: { name: 'n1' } })).status).toBe(201)
    const cur = (await call(api, 'GET', '/api/v1/namespaces/n1')).body
    expectBadRequest(
      await call(api, 'PUT', '/api/v1/namespaces/n1/status', { ...cur, status: { phase: 1 } }),
      handled('Namespace', `${U} number into Go struct field NamespaceStatus.status.phase of type v1.NamespacePhase`),
    )
  })
})

describe('PATCH: the patched object is decoded', () => {
  const invalid = (r: { status: number; body: any }, badValue: string, detail: string) => {
    expect(r.status).toBe(422)
    expect(r.body.reason).toBe('Invalid')
    expect(r.body.details).toEqual({ causes: [{ reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(badValue)}: ${detail}`, field: 'patch' }] })
    expect(r.body.message).toBe(` "" is invalid: patch: Invalid value: ${JSON.stringify(badValue)}: ${detail}`)
  }

  it('merge patch: 422 with the patched document (sorted keys) and the decoder error', async () => {
    const api = await seeded()
    const before = JSON.stringify(api.snapshot())
    const r = await call(api, 'PATCH', `${IS}/s`, { metadata: { labels: { a: 5 } } }, { contentType: 'application/merge-patch+json' })
    expect(r.status).toBe(422)
    const cause = r.body.details.causes[0]
    expect(cause.field).toBe('patch')
    expect(cause.message).toMatch(/^Invalid value: "\{\\"apiVersion\\":\\"image.openshift.io\/v1\\",\\"kind\\":\\"ImageStream\\",\\"metadata\\":\{.*\\"labels\\":\{\\"a\\":5\}/)
    expect(cause.message.endsWith(`: ${U} number into Go struct field ObjectMeta.metadata.labels of type string`)).toBe(true)
    expect(JSON.stringify(api.snapshot())).toBe(before)
  })

  it('JSON patch: same', async () => {
    const api = await seeded()
    const r = await call(api, 'PATCH', `${IS}/s`, [{ op: 'replace', path: '/spec/tags/0/name', value: 3 }], { contentType: 'application/json-patch+json' })
    expect(r.status).toBe(422)
    expect(r.body.details.causes[0].message.endsWith(`: ${U} number into Go struct field TagReference.spec.tags.name of type string`)).toBe(true)
  })

  it('JSON patch that makes apiVersion a number fails in the TypeMeta read', async () => {
    const api = await seeded()
    const r = await call(api, 'PATCH', `${IS}/s`, [{ op: 'replace', path: '/apiVersion', value: 1 }], { contentType: 'application/json-patch+json' })
    expect(r.status).toBe(422)
    expect(r.body.details.causes[0].message.endsWith(`: couldn't get version/kind; json parse error: ${U} number into Go struct field .apiVersion of type string`)).toBe(true)
  })

  it('strategic merge patch: the unstructured converter message and the patch as a Go map', async () => {
    const api = await seeded()
    const before = JSON.stringify(api.snapshot())
    invalid(
      await call(api, 'PATCH', `${IS}/s`, { metadata: { labels: { a: 5 } } }, { contentType: 'application/strategic-merge-patch+json' }),
      'map[metadata:map[labels:map[a:5]]]',
      'cannot convert int64 to string',
    )
    invalid(await call(api, 'PATCH', `${IS}/s`, { spec: { lookupPolicy: 'x' } }, { contentType: 'application/strategic-merge-patch+json' }), 'map[spec:map[lookupPolicy:x]]', 'cannot restore struct from: string')
    invalid(
      await call(api, 'PATCH', `${IS}/s`, { spec: { tags: [{ name: 'latest', generation: 1.5 }] } }, { contentType: 'application/strategic-merge-patch+json' }),
      'map[spec:map[tags:[map[generation:1.5 name:latest]]]]',
      'cannot convert float64 to int64',
    )
    expect(JSON.stringify(api.snapshot())).toBe(before)
  })

  it('a well-typed patch still applies', async () => {
    const api = await seeded()
    const r = await call(api, 'PATCH', `${IS}/s`, { metadata: { labels: { a: '5' } } }, { contentType: 'application/merge-patch+json' })
    expect(r.status).toBe(200)
    expect(r.body.metadata.labels).toEqual({ a: '5' })
  })
})

describe('server-side apply: the typed patch object and the conversion to the Go type', () => {
  const apply = (api: ReturnType<typeof fakeApi>, yaml: string) => call(api, 'PATCH', `${IS}/ap?fieldManager=m`, undefined, { raw: yaml, contentType: 'application/apply-patch+yaml' })
  const doc = (extra: string) => `apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata:\n  name: ap\n${extra}`
  const REF = '/ap; image.openshift.io/v1, Kind=ImageStream'

  it.each([
    ['a map value', '  labels:\n    a: 5\n', `.metadata.labels.a: expected string, got &value.valueUnstructured{Value:5}`],
    ['a map value given a list', '  labels:\n    a: [1, "x"]\n', `.metadata.labels.a: expected string, got &value.valueUnstructured{Value:[]interface {}{1, "x"}}`],
    ['a bool', 'spec:\n  lookupPolicy:\n    local: "x"\n', '.spec.lookupPolicy.local: expected boolean, got &{x}'],
    ['a list', 'spec:\n  tags: x\n', '.spec.tags: expected list, got &{x}'],
    ['a struct', 'spec: 5\n', '.spec: expected map, got &{5}'],
    ['a number in an associative list item', 'spec:\n  tags:\n  - name: a\n    generation: x\n', '.spec.tags[name="a"].generation: expected numeric (int or float), got string'],
  ])('%s → 500 failed to create typed patch object', async (_n, extra, err) => {
    const api = fakeApi()
    const before = JSON.stringify(api.snapshot())
    const r = await apply(api, doc(extra))
    expect(r.status).toBe(500)
    expect(r.body.message).toBe(`failed to create typed patch object (${REF}): ${err}`)
    expect(JSON.stringify(api.snapshot())).toBe(before)
  })

  it('a fraction for an int64 passes structured-merge-diff ("numeric") and fails the conversion', async () => {
    const api = fakeApi()
    const r = await apply(api, doc('spec:\n  tags:\n  - name: a\n    generation: 1.5\n'))
    expect(r.status).toBe(500)
    expect(r.body.message).toBe(`failed to convert new object (${REF}) to proper version: cannot convert float64 to int64`)
  })

  it('a well-typed apply still works', async () => {
    const api = fakeApi()
    const r = await apply(api, doc('  labels:\n    a: "5"\n'))
    expect(r.status).toBe(201)
    expect(r.body.metadata.labels).toEqual({ a: '5' })
  })
})

describe('DELETE bodies (metav1.DeleteOptions): the decoder text as a plain 400', () => {
  it.each([
    [{ gracePeriodSeconds: '5' }, `${U} string into Go struct field DeleteOptions.gracePeriodSeconds of type int64`],
    [{ preconditions: { uid: 5 } }, `${U} number into Go struct field Preconditions.preconditions.uid of type types.UID`],
    [{ dryRun: 'All' }, `${U} string into Go struct field DeleteOptions.dryRun of type []string`],
    [{ propagationPolicy: 1 }, `${U} number into Go struct field DeleteOptions.propagationPolicy of type v1.DeletionPropagation`],
    [{ kind: 5 }, `couldn't get version/kind; json parse error: ${U} number into Go struct field .kind of type string`],
  ])('%j', async (body, message) => {
    const api = await seeded()
    const before = JSON.stringify(api.snapshot())
    expectBadRequest(await call(api, 'DELETE', `${IS}/s`, body), message)
    expectBadRequest(await call(api, 'DELETE', IS, body), message)
    expect(JSON.stringify(api.snapshot())).toBe(before)
  })
})

describe('what JSON.parse hides from a JavaScript decoder', () => {
  it.each([
    ['an integer field given 2.0', '{"apiVersion":"image.openshift.io/v1","kind":"ImageStream","metadata":{"name":"x","generation":2.0}}', `${U} number 2.0 into Go struct field ObjectMeta.metadata.generation of type int64`],
    ['an integer beyond int64', '{"apiVersion":"image.openshift.io/v1","kind":"ImageStream","metadata":{"name":"x"},"spec":{"tags":[{"name":"t","generation":9223372036854775808}]}}', `${U} number 9223372036854775808 into Go struct field TagReference.spec.tags.generation of type int64`],
    ['a wrongly typed first occurrence of a repeated key', '{"apiVersion":"image.openshift.io/v1","kind":"ImageStream","metadata":{"name":"x","labels":{"a":5}},"metadata":{"name":"x"}}', `${U} number into Go struct field ObjectMeta.metadata.labels of type string`],
  ])('%s', async (_n, raw, err) => {
    const api = fakeApi()
    for (const fv of ['Ignore', 'Warn', 'Strict']) expectBadRequest(await call(api, 'POST', `${IS}?fieldValidation=${fv}`, undefined, { raw }), handled('ImageStream', err))
  })

  it('2 (not 2.0) is an integer; a float-looking string elsewhere does not matter', async () => {
    const api = fakeApi()
    const raw = '{"apiVersion":"image.openshift.io/v1","kind":"ImageStream","metadata":{"name":"x","labels":{"v":"1.0"}},"spec":{"tags":[{"name":"1.5e3","generation":2}]}}'
    expect((await call(api, 'POST', IS, undefined, { raw })).status).toBe(201)
  })
})

describe('the body summary of TypeMeta errors (summarizeData)', () => {
  it('is hex for a body not starting with "{" (YAML), with " ..." past 30 bytes', async () => {
    const api = fakeApi()
    const yaml = 'apiVersion: 5\nkind: ImageStream\nmetadata:\n  name: y\n'
    const hex = Array.from(new TextEncoder().encode(yaml).subarray(0, 30), (b) => b.toString(16).padStart(2, '0')).join('')
    expectBadRequest(
      await call(api, 'POST', IS, undefined, { raw: yaml, contentType: 'application/yaml' }),
      `the object provided is unrecognized (must be of type ImageStream): couldn't get version/kind; json parse error: ${U} number into Go struct field .apiVersion of type string (${hex} ...)`,
    )
  })
})

describe('core Events and access reviews are decoded too', () => {
  it.each([
    ['Event: int32 given a string', '/api/v1/namespaces/ns/events', { apiVersion: 'v1', kind: 'Event', metadata: { name: 'e' }, involvedObject: { kind: 'ImageStream', name: 's' }, count: '1' }, handled('Event', `${U} string into Go struct field Event.count of type int32`)],
    ['Event: MicroTime needs six fraction digits', '/api/v1/namespaces/ns/events', { apiVersion: 'v1', kind: 'Event', metadata: { name: 'e' }, involvedObject: { kind: 'ImageStream', name: 's' }, eventTime: '2024-01-02T03:04:05Z' }, handled('Event', 'parsing time "2024-01-02T03:04:05Z" as "2006-01-02T15:04:05.000000Z07:00": cannot parse "Z" as ".000000"')],
    ['Event: nested reference', '/api/v1/namespaces/ns/events', { apiVersion: 'v1', kind: 'Event', metadata: { name: 'e' }, involvedObject: { kind: 5 } }, handled('Event', `${U} number into Go struct field ObjectReference.involvedObject.kind of type string`)],
    ['SelfSubjectAccessReview', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { verb: ['get'] } } }, handled('SelfSubjectAccessReview', `${U} array into Go struct field ResourceAttributes.spec.resourceAttributes.verb of type string`)],
    ['SelfSubjectRulesReview', '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews', { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', spec: { namespace: 1 } }, handled('SelfSubjectRulesReview', `${U} number into Go struct field SelfSubjectRulesReviewSpec.spec.namespace of type string`)],
  ])('%s', async (_n, path, body, message) => {
    const api = await seeded()
    const before = JSON.stringify(api.snapshot())
    expectBadRequest(await call(api, 'POST', path, body), message)
    expect(JSON.stringify(api.snapshot())).toBe(before)
  })
})
