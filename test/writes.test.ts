import { describe, expect, it } from 'vitest'
import { call, dockerTag, fakeApi, IS, stream } from './helpers.js'

async function withStream() {
  const api = fakeApi()
  const obj = (await call(api, 'POST', IS, stream('s', [dockerTag('latest', 'quay.io/x/y:1'), dockerTag('v2', 'quay.io/x/y:2')]))).body
  return { api, obj }
}

describe('PATCH', () => {
  it('strategic merge patch merges spec.tags by name and honours $patch: delete', async () => {
    const { api } = await withStream()
    const r = await call(api, 'PATCH', `${IS}/s`, { spec: { tags: [{ name: 'latest', from: { kind: 'DockerImage', name: 'quay.io/x/y:3' } }] } }, { contentType: 'application/strategic-merge-patch+json' })
    expect(r.status).toBe(200)
    expect(r.body.spec.tags.map((t: any) => `${t.name}=${t.from.name}`)).toEqual(['latest=quay.io/x/y:3', 'v2=quay.io/x/y:2'])
    expect(r.body.metadata.generation).toBe(2)
    const d = await call(api, 'PATCH', `${IS}/s`, { spec: { tags: [{ $patch: 'delete', name: 'latest' }] } }, { contentType: 'application/strategic-merge-patch+json' })
    expect(d.body.spec.tags.map((t: any) => t.name)).toEqual(['v2'])
    const order = await call(
      api,
      'PATCH',
      `${IS}/s`,
      { spec: { $setElementOrder: undefined, '$setElementOrder/tags': [{ name: 'v2' }, { name: 'v3' }], tags: [{ name: 'v3', from: { kind: 'DockerImage', name: 'quay.io/x/y:4' } }] } },
      { contentType: 'application/strategic-merge-patch+json' },
    )
    expect(order.status).toBe(200)
    expect(order.body.spec.tags.map((t: any) => t.name)).toEqual(['v2', 'v3'])
  })

  it('merge patch replaces lists wholesale; null deletes', async () => {
    const { api } = await withStream()
    const r = await call(api, 'PATCH', `${IS}/s`, { metadata: { labels: { a: 'b' } }, spec: { tags: [{ name: 'only', from: { kind: 'DockerImage', name: 'x/y:1' } }] } }, { contentType: 'application/merge-patch+json' })
    expect(r.status).toBe(200)
    expect(r.body.spec.tags.map((t: any) => t.name)).toEqual(['only'])
    expect(r.body.metadata.labels).toEqual({ a: 'b' })
    const n = await call(api, 'PATCH', `${IS}/s`, { metadata: { labels: null } }, { contentType: 'application/merge-patch+json' })
    expect(n.body.metadata.labels).toBeUndefined()
  })

  it('JSON patch applies ops; a failed op is the generic 422 and writes nothing', async () => {
    const { api, obj } = await withStream()
    const r = await call(api, 'PATCH', `${IS}/s`, [{ op: 'add', path: '/metadata/annotations', value: { 'a/b': 'c' } }], { contentType: 'application/json-patch+json' })
    expect(r.status).toBe(200)
    expect(r.body.metadata.annotations).toEqual({ 'a/b': 'c' })
    const f = await call(api, 'PATCH', `${IS}/s`, [{ op: 'test', path: '/metadata/name', value: 'other' }], { contentType: 'application/json-patch+json' })
    expect(f.status).toBe(422)
    expect(f.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'the server rejected our request due to an error in our request',
      reason: 'Invalid',
      details: {},
      code: 422,
    })
    expect((await call(api, 'GET', `${IS}/s`)).body.metadata.resourceVersion).toBe(r.body.metadata.resourceVersion)
    void obj
  })

  it('stale resourceVersion in a patch → 409; null → 422; name change → 400', async () => {
    const { api, obj } = await withStream()
    await call(api, 'PATCH', `${IS}/s`, { metadata: { labels: { x: 'y' } } }, { contentType: 'application/merge-patch+json' })
    const c = await call(api, 'PATCH', `${IS}/s`, { metadata: { resourceVersion: obj.metadata.resourceVersion, labels: { x: 'z' } } }, { contentType: 'application/merge-patch+json' })
    expect(c.status).toBe(409)
    expect(c.body.reason).toBe('Conflict')
    const n = await call(api, 'PATCH', `${IS}/s`, { metadata: { resourceVersion: null } }, { contentType: 'application/merge-patch+json' })
    expect(n.status).toBe(422)
    expect(n.body.message).toBe('imagestreams.image.openshift.io "s" is invalid: metadata.resourceVersion: Invalid value: 0: must be specified for an update')
    const nm = await call(api, 'PATCH', `${IS}/s`, { metadata: { name: 'other' } }, { contentType: 'application/merge-patch+json' })
    expect(nm.status).toBe(400)
    expect(nm.body.message).toBe('the name of the object (other) does not match the name on the URL (s)')
    const uid = await call(api, 'PATCH', `${IS}/s`, { metadata: { uid: 'x' } }, { contentType: 'application/merge-patch+json' })
    expect(uid.status).toBe(422)
    expect(uid.body.message).toBe('ImageStream.image.openshift.io "s" is invalid: metadata.uid: Invalid value: "x": field is immutable')
  })

  it('415 for other content types; 404 for a missing object', async () => {
    const { api } = await withStream()
    const r = await call(api, 'PATCH', `${IS}/s`, { metadata: {} }, { contentType: 'application/json' })
    expect(r.status).toBe(415)
    expect(r.body).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: '415: Unsupported Media Type', reason: 'UnsupportedMediaType', details: {}, code: 415 })
    expect((await call(api, 'PATCH', `${IS}/nope`, {}, { contentType: 'application/merge-patch+json' })).status).toBe(404)
  })

  it('server-side apply creates when absent (201), merges otherwise, and needs fieldManager', async () => {
    const api = fakeApi()
    const body = { apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name: 'ssa' }, spec: { tags: [dockerTag('a', 'x/y:1')] } }
    const noMgr = await call(api, 'PATCH', `${IS}/ssa`, body, { contentType: 'application/apply-patch+yaml' })
    expect(noMgr.status).toBe(422)
    expect(noMgr.body.message).toBe('PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch')
    const c = await call(api, 'PATCH', `${IS}/ssa?fieldManager=me`, body, { contentType: 'application/apply-patch+yaml' })
    expect(c.status).toBe(201)
    expect(c.body.metadata.managedFields[0].manager).toBe('me')
    expect(c.body.metadata.managedFields[0].operation).toBe('Apply')
    const u = await call(api, 'PATCH', `${IS}/ssa?fieldManager=me`, { ...body, spec: { tags: [dockerTag('b', 'x/y:2')] } }, { contentType: 'application/apply-patch+yaml' })
    expect(u.status).toBe(200)
    expect(u.body.spec.tags.map((t: any) => t.name)).toContain('b')
    const wrong = await call(api, 'PATCH', `${IS}/ssa?fieldManager=me`, { ...body, kind: 'Image' }, { contentType: 'application/apply-patch+yaml' })
    expect(wrong.status).toBe(400)
    expect(wrong.body.message).toBe('invalid object type: image.openshift.io/v1, Kind=Image')
    const force = await call(api, 'PATCH', `${IS}/ssa?force=true`, {}, { contentType: 'application/merge-patch+json' })
    expect(force.status).toBe(422)
    expect(force.body.message).toBe('PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch')
  })
})

describe('bodies and fieldValidation', () => {
  it('Warn (default) drops unknown fields and reports them as Warning headers', async () => {
    const api = fakeApi()
    const r = await call(api, 'POST', IS, { ...stream('w'), spec: { foo: 1, tags: [{ name: 'a', bar: 2, from: { kind: 'DockerImage', name: 'x/y:1' } }] } })
    expect(r.status).toBe(201)
    expect(r.headers.get('warning')).toBe('299 - "unknown field \\"spec.foo\\"", 299 - "unknown field \\"spec.tags[0].bar\\""')
    expect(r.body.spec.foo).toBeUndefined()
  })

  it('Strict rejects unknown and duplicate fields with 400 on POST', async () => {
    const api = fakeApi()
    const r = await call(api, 'POST', `${IS}?fieldValidation=Strict`, undefined, {
      raw: '{"kind":"ImageStream","apiVersion":"image.openshift.io/v1","metadata":{"name":"a","name":"b"},"spec":{"foo":1}}',
    })
    expect(r.status).toBe(400)
    expect(r.body.message).toBe('ImageStream in version "v1" cannot be handled as a ImageStream: strict decoding error: unknown field "spec.foo", duplicate field "metadata.name"')
    const bad = await call(api, 'POST', `${IS}?fieldValidation=foo`, stream('x'))
    expect(bad.status).toBe(422)
    expect(bad.body.message).toBe('CreateOptions.meta.k8s.io "" is invalid: fieldValidation: Unsupported value: "foo": supported values: "", "Ignore", "Strict", "Warn"')
  })

  it('Strict PATCH with an unknown field is a 422 on the patch', async () => {
    const api = fakeApi()
    await call(api, 'POST', IS, stream('p'))
    const r = await call(api, 'PATCH', `${IS}/p?fieldValidation=Strict`, { spec: { foo: 1 } }, { contentType: 'application/merge-patch+json' })
    expect(r.status).toBe(422)
    expect(r.body.message).toMatch(/^ "" is invalid: patch: Invalid value: ".*": strict decoding error: unknown field "spec.foo"$/)
    expect(r.body.details.causes[0].field).toBe('patch')
  })

  it('accepts YAML bodies and answers YAML on request', async () => {
    const api = fakeApi()
    const yaml = 'apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata:\n  name: y\nspec:\n  tags:\n  - name: latest\n    from:\n      kind: DockerImage\n      name: quay.io/a/b:1\n'
    const r = await call(api, 'POST', IS, undefined, { raw: yaml, contentType: 'application/yaml' })
    expect(r.status).toBe(201)
    const y = await api.fetch(new Request(`http://x${IS}/y`, { headers: { accept: 'application/yaml' } }))
    expect(y.headers.get('content-type')).toBe('application/yaml')
    expect(await y.text()).toMatch(/^apiVersion: image.openshift.io\/v1\nkind: ImageStream\n/)
  })

  it('malformed JSON → 400, unknown media type → 415, over 3 MiB → 413, wrong kind/apiVersion → 400', async () => {
    const api = fakeApi()
    const m = await call(api, 'POST', IS, undefined, { raw: '{"kind":' })
    expect(m.status).toBe(400)
    expect(m.body.message).toMatch(/^the object provided is unrecognized \(must be of type ImageStream\): couldn't get version\/kind; json parse error: unexpected end of JSON input/)
    const u = await call(api, 'POST', IS, undefined, { raw: '{}', contentType: 'text/plain' })
    expect(u.status).toBe(415)
    expect(u.body.message).toBe('the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf')
    const big = await call(api, 'POST', IS, undefined, { raw: JSON.stringify({ ...stream('big'), metadata: { name: 'big', annotations: { a: 'x'.repeat(3 * 1024 * 1024) } } }) })
    expect(big.status).toBe(413)
    expect(big.body.message).toBe('Request entity too large: limit is 3145728')
    const v = await call(api, 'POST', IS, { ...stream('v'), apiVersion: 'v1' })
    expect(v.status).toBe(400)
    expect(v.body.message).toBe('the API version in the data (v1) does not match the expected API version (image.openshift.io/v1)')
    const k = await call(api, 'POST', IS, { ...stream('k'), kind: 'Image' })
    expect(k.body.message).toBe('Image in version "v1" cannot be handled as a ImageStream: converting (v1.Image) to (image.ImageStream): unknown conversion')
    const f = await call(api, 'POST', IS, { ...stream('k'), kind: 'Foo' })
    expect(f.body.message).toBe('Foo in version "v1" cannot be handled as a ImageStream: no kind "Foo" is registered for version "image.openshift.io/v1" in scheme "k8s.io/kubernetes/pkg/api/legacyscheme/scheme.go:30"')
  })

  it('pretty output for curl user agents; compact JSON with a newline otherwise', async () => {
    const api = fakeApi()
    await call(api, 'POST', IS, stream('p'))
    const plain = await call(api, 'GET', `${IS}/p`)
    expect(plain.text.endsWith('}\n')).toBe(true)
    expect(plain.text).not.toContain('\n  ')
    const curl = await call(api, 'GET', `${IS}/p`, undefined, { headers: { 'user-agent': 'curl/8.0' } })
    expect(curl.text).toMatch(/^\{\n {2}"kind": "ImageStream"/)
    expect(curl.text.endsWith('}')).toBe(true)
  })

  it('serves a Table for the kubectl Accept with PartialObjectMetadata rows', async () => {
    const api = fakeApi()
    await call(api, 'POST', IS, stream('t'))
    const accept = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json'
    const r = await call(api, 'GET', IS, undefined, { headers: { accept } })
    expect(r.body.kind).toBe('Table')
    expect(r.body.apiVersion).toBe('meta.k8s.io/v1')
    expect(r.body.columnDefinitions.map((c: any) => c.name)).toEqual(['Name', 'Image Repository', 'Tags', 'Updated'])
    expect(r.body.rows[0].cells).toEqual(['t', 'image-registry.openshift-image-registry.svc:5000/ns/t', '', ''])
    expect(r.body.rows[0].object.kind).toBe('PartialObjectMetadata')
    expect(r.body.rows[0].object.metadata.name).toBe('t')
    const pom = await call(api, 'GET', IS, undefined, { headers: { accept: 'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io' } })
    expect(pom.body.kind).toBe('PartialObjectMetadataList')
    expect(pom.body.items[0].kind).toBe('PartialObjectMetadata')
    const na = await call(api, 'GET', IS, undefined, { headers: { accept: 'text/html' } })
    expect(na.status).toBe(406)
  })
})

describe('all-or-nothing under concurrency', () => {
  it('concurrent creates of one name: exactly one wins; RVs are unique and increasing', async () => {
    const api = fakeApi()
    const results = await Promise.all(Array.from({ length: 20 }, () => call(api, 'POST', IS, stream('race'))))
    expect(results.filter((r) => r.status === 201)).toHaveLength(1)
    expect(results.filter((r) => r.status === 409)).toHaveLength(19)
    const many = await Promise.all(Array.from({ length: 20 }, (_, i) => call(api, 'POST', IS, stream(`n${i}`))))
    const rvs = many.map((r) => Number(r.body.metadata.resourceVersion))
    expect(new Set(rvs).size).toBe(20)
  })

  it('a rejected write changes nothing (no RV bump, no event)', async () => {
    const api = fakeApi()
    await call(api, 'POST', IS, stream('a'))
    const rv = api.store.resourceVersion
    await call(api, 'POST', IS, stream('Bad'))
    await call(api, 'PATCH', `${IS}/a`, [{ op: 'test', path: '/x', value: 1 }], { contentType: 'application/json-patch+json' })
    expect(api.store.resourceVersion).toBe(rv)
    expect(api.store.eventsSince(rv)).toEqual([])
  })
})
