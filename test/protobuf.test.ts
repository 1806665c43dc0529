// Protobuf on the wire (k8s.io/apimachinery/pkg/runtime/serializer/protobuf): request and response bodies in
// the `k8s\0` + runtime.Unknown envelope, negotiated as the real server does. Every message here is built
// and read with protobufjs from the vendored .proto text (test/protobuf-helpers.ts), not by the fake's codec.

import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { call, fakeApi, IMAGES, IS, image } from './helpers.js'
import { CORE, envelope, IMAGE, MAGIC, META, PB, pbCall, rawJSON, type, unwrap } from './protobuf-helpers.js'

const NS = '/api/v1/namespaces'
const SECRETS = '/api/v1/namespaces/ns/secrets'
const PB_JSON = `${PB}, application/json`

async function withNamespace() {
  const api = fakeApi()
  expect((await call(api, 'POST', NS, { kind: 'Namespace', apiVersion: 'v1', metadata: { name: 'ns' } })).status).toBe(201)
  return api
}

describe('protobuf request and response bodies', () => {
  it('creates a Namespace from a protobuf body and answers in protobuf (typeMeta in the envelope, times as seconds, FieldsV1 as JSON bytes)', async () => {
    const api = fakeApi()
    const body = envelope('v1', 'Namespace', `${CORE}.Namespace`, { metadata: { name: 'team', labels: { tier: 'web' } } })
    const r = await pbCall(api, 'POST', NS, body, { 'content-type': PB, accept: PB_JSON, 'user-agent': 'kubectl/v1.32.0' })
    expect(r.status).toBe(201)
    expect(r.contentType).toBe(PB)
    const got = unwrap(r.bytes, `${CORE}.Namespace`)
    expect([got.apiVersion, got.kind]).toEqual(['v1', 'Namespace'])
    // gogo's Marshal writes the empty contentEncoding and contentType; so does the fake
    expect(got.unknown).toEqual({ contentEncoding: '', contentType: '' })
    const { metadata, spec, status } = got.object
    expect(metadata.name).toBe('team')
    expect(metadata.labels).toEqual({ tier: 'web', 'kubernetes.io/metadata.name': 'team' })
    expect(spec).toEqual({ finalizers: ['kubernetes'] })
    expect(status).toEqual({ phase: 'Active' })
    // Time is whole seconds (Time.ProtoTime writes no nanos), equal to the JSON creationTimestamp
    const json = await call(api, 'GET', `${NS}/team`)
    expect(metadata.creationTimestamp).toEqual({ seconds: Date.parse(json.body.metadata.creationTimestamp) / 1000 })
    expect(metadata.resourceVersion).toBe(json.body.metadata.resourceVersion)
    expect(metadata.managedFields).toHaveLength(1)
    expect(metadata.managedFields[0]).toMatchObject({ manager: 'kubectl', operation: 'Update', apiVersion: 'v1', fieldsType: 'FieldsV1' })
    expect(rawJSON(metadata.managedFields[0].fieldsV1.Raw)).toEqual(json.body.metadata.managedFields[0].fieldsV1)
  })

  it('a Secret’s bytes round-trip: protobuf bytes in, base64 in JSON, the same bytes out', async () => {
    const api = await withNamespace()
    const config = '{"auths":{"quay.io":{"auth":"cm9ib3Q6cHc="}}}'
    const body = envelope('v1', 'Secret', `${CORE}.Secret`, {
      metadata: { name: 'pull', namespace: 'ns' },
      type: 'kubernetes.io/dockerconfigjson',
      data: { '.dockerconfigjson': new TextEncoder().encode(config) },
    })
    const r = await pbCall(api, 'POST', SECRETS, body, { 'content-type': PB, accept: PB })
    expect(r.status).toBe(201)
    const json = await call(api, 'GET', `${SECRETS}/pull`)
    expect(json.body.type).toBe('kubernetes.io/dockerconfigjson')
    expect(json.body.data['.dockerconfigjson']).toBe(Buffer.from(config).toString('base64'))
    const back = unwrap((await pbCall(api, 'GET', `${SECRETS}/pull`, undefined, { accept: PB })).bytes, `${CORE}.Secret`)
    expect(Buffer.from(back.object.data['.dockerconfigjson'], 'base64').toString()).toBe(config)
  })

  it('request records show a protobuf body in its JSON form', async () => {
    const api = fakeApi()
    const body = envelope('v1', 'Namespace', `${CORE}.Namespace`, { metadata: { name: 'rec', labels: { a: 'b' } } })
    await pbCall(api, 'POST', NS, body, { 'content-type': PB })
    const rec = api.requests.find((r) => r.method === 'POST')!
    expect(rec.body).toEqual({ kind: 'Namespace', apiVersion: 'v1', metadata: { name: 'rec', labels: { a: 'b' } } })
  })

  it('updates with a protobuf PUT', async () => {
    const api = await withNamespace()
    const current = unwrap((await pbCall(api, 'GET', `${NS}/ns`, undefined, { accept: PB })).bytes, `${CORE}.Namespace`).object
    current.metadata.labels.extra = 'yes'
    const r = await pbCall(api, 'PUT', `${NS}/ns`, envelope('v1', 'Namespace', `${CORE}.Namespace`, current), { 'content-type': PB, accept: PB })
    expect(r.status).toBe(200)
    expect(unwrap(r.bytes, `${CORE}.Namespace`).object.metadata.labels.extra).toBe('yes')
    expect((await call(api, 'GET', `${NS}/ns`)).body.metadata.labels.extra).toBe('yes')
  })

  it('lists are NamespaceList/SecretList messages with the list metadata', async () => {
    const api = await withNamespace()
    await call(api, 'POST', SECRETS, { kind: 'Secret', apiVersion: 'v1', metadata: { name: 'a' }, stringData: { k: 'v' } })
    const r = await pbCall(api, 'GET', SECRETS, undefined, { accept: PB_JSON })
    expect(r.contentType).toBe(PB)
    const list = unwrap(r.bytes, `${CORE}.SecretList`)
    expect([list.apiVersion, list.kind]).toEqual(['v1', 'SecretList'])
    expect(list.object.metadata.resourceVersion).toMatch(/^[1-9]\d*$/)
    expect(list.object.items.map((s: any) => [s.metadata.name, Buffer.from(s.data.k, 'base64').toString()])).toEqual([['a', 'v']])
    // the same list again is the same bytes; after a write it is the new list
    expect((await pbCall(api, 'GET', SECRETS, undefined, { accept: PB })).bytes).toEqual(r.bytes)
    await call(api, 'POST', SECRETS, { kind: 'Secret', apiVersion: 'v1', metadata: { name: 'b' } })
    const again = unwrap((await pbCall(api, 'GET', SECRETS, undefined, { accept: PB })).bytes, `${CORE}.SecretList`)
    expect(again.object.items.map((s: any) => s.metadata.name)).toEqual(['a', 'b'])
    expect(Number(again.object.metadata.resourceVersion)).toBeGreaterThan(Number(list.object.metadata.resourceVersion))
    const nsList = unwrap((await pbCall(api, 'GET', NS, undefined, { accept: PB })).bytes, `${CORE}.NamespaceList`)
    expect(nsList.kind).toBe('NamespaceList')
    expect(nsList.object.items.map((n: any) => n.metadata.name)).toContain('ns')
  })

  it('errors are protobuf Status messages when protobuf was negotiated (NotFound, AlreadyExists, Invalid with causes)', async () => {
    const api = await withNamespace()
    const missing = await pbCall(api, 'GET', `${SECRETS}/nope`, undefined, { accept: PB_JSON })
    expect(missing.status).toBe(404)
    expect(missing.contentType).toBe(PB)
    const st = unwrap(missing.bytes, `${META}.Status`)
    expect([st.apiVersion, st.kind]).toEqual(['v1', 'Status'])
    expect(st.object).toEqual({ metadata: {}, status: 'Failure', message: 'secrets "nope" not found', reason: 'NotFound', details: { name: 'nope', kind: 'secrets' }, code: 404 })

    const dup = await pbCall(api, 'POST', NS, envelope('v1', 'Namespace', `${CORE}.Namespace`, { metadata: { name: 'ns' } }), { 'content-type': PB, accept: PB })
    expect(dup.status).toBe(409)
    expect(unwrap(dup.bytes, `${META}.Status`).object).toMatchObject({ reason: 'AlreadyExists', message: 'namespaces "ns" already exists', code: 409 })

    const bad = await pbCall(api, 'POST', NS, envelope('v1', 'Namespace', `${CORE}.Namespace`, { metadata: { name: 'Bad_Name' } }), { 'content-type': PB, accept: PB })
    expect(bad.status).toBe(422)
    const invalid = unwrap(bad.bytes, `${META}.Status`).object
    const asJson = await call(api, 'POST', NS, { kind: 'Namespace', apiVersion: 'v1', metadata: { name: 'Bad_Name' } })
    expect(invalid).toEqual({ ...asJson.body, kind: undefined, apiVersion: undefined, metadata: {} })
    expect(invalid.details.causes[0].field).toBe('metadata.name')
  })

  it('image.openshift.io kinds are served as protobuf too (openshift-apiserver installs them with the protobuf-capable codecs)', async () => {
    const api = await withNamespace()
    const is = envelope('image.openshift.io/v1', 'ImageStream', `${IMAGE}.ImageStream`, {
      metadata: { name: 'app' },
      spec: { tags: [{ name: 'latest', from: { kind: 'DockerImage', name: 'quay.io/x/app:1' }, referencePolicy: { type: 'Source' } }] },
    })
    const r = await pbCall(api, 'POST', IS, is, { 'content-type': PB, accept: PB })
    expect(r.status).toBe(201)
    const created = unwrap(r.bytes, `${IMAGE}.ImageStream`)
    expect([created.apiVersion, created.kind]).toEqual(['image.openshift.io/v1', 'ImageStream'])
    expect(created.object.spec.tags[0]).toMatchObject({ name: 'latest', from: { kind: 'DockerImage', name: 'quay.io/x/app:1' } })
    expect(created.object.status.dockerImageRepository).toBe('image-registry.openshift-image-registry.svc:5000/ns/app')
    const listed = unwrap((await pbCall(api, 'GET', IS, undefined, { accept: PB })).bytes, `${IMAGE}.ImageStreamList`)
    expect(listed.object.items.map((s: any) => s.metadata.name)).toEqual(['app'])

    // Image.dockerImageMetadata is a RawExtension: the JSON document as bytes
    const digest = `sha256:${'d'.repeat(64)}`
    expect((await call(api, 'POST', IMAGES, image(digest, `quay.io/x/y@${digest}`, { dockerImageMetadata: { kind: 'DockerImage', apiVersion: '1.0', Id: 'abc', Architecture: 'amd64' } }))).status).toBe(201)
    const img = unwrap((await pbCall(api, 'GET', `${IMAGES}/${digest}`, undefined, { accept: PB })).bytes, `${IMAGE}.Image`)
    expect(img.object.dockerImageReference).toBe(`quay.io/x/y@${digest}`)
    const asJson = await call(api, 'GET', `${IMAGES}/${digest}`)
    expect(rawJSON(img.object.dockerImageMetadata.raw)).toEqual(asJson.body.dockerImageMetadata)
    expect(asJson.body.dockerImageMetadata).toMatchObject({ kind: 'DockerImage', Id: 'abc', Architecture: 'amd64' })
  })

  it('access reviews: a SelfSubjectReview in protobuf both ways; user extras are ExtraValue messages ({items}), arrays in JSON', async () => {
    const api = fakeApi({ auth: { tokens: { t: { user: 'alice', uid: 'u-1', extra: { scopes: ['a', 'b'] } } } } })
    const body = envelope('authentication.k8s.io/v1', 'SelfSubjectReview', 'k8s.io.api.authentication.v1.SelfSubjectReview', { metadata: {} })
    const r = await pbCall(api, 'POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', body, { authorization: 'Bearer t', 'content-type': PB, accept: PB_JSON })
    expect(r.status).toBe(201)
    expect(r.contentType).toBe(PB)
    const got = unwrap(r.bytes, 'k8s.io.api.authentication.v1.SelfSubjectReview')
    expect([got.apiVersion, got.kind]).toEqual(['authentication.k8s.io/v1', 'SelfSubjectReview'])
    expect(got.object.status.userInfo).toEqual({ username: 'alice', uid: 'u-1', groups: ['system:authenticated'], extra: { scopes: { items: ['a', 'b'] } } })
    const json = await pbCall(api, 'POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', body, { authorization: 'Bearer t', 'content-type': PB, accept: 'application/json' })
    expect(JSON.parse(json.text).status.userInfo.extra).toEqual({ scopes: ['a', 'b'] })
  })

  it('DELETE takes protobuf DeleteOptions (preconditions, dryRun)', async () => {
    const api = await withNamespace()
    await call(api, 'POST', SECRETS, { kind: 'Secret', apiVersion: 'v1', metadata: { name: 's' } })
    const opts = (o: Record<string, unknown>) => envelope('meta.k8s.io/v1', 'DeleteOptions', `${META}.DeleteOptions`, o)
    const dry = await pbCall(api, 'DELETE', `${SECRETS}/s`, opts({ dryRun: ['All'] }), { 'content-type': PB, accept: PB_JSON })
    expect(dry.status).toBe(200)
    expect((await call(api, 'GET', `${SECRETS}/s`)).status).toBe(200)
    const wrong = await pbCall(api, 'DELETE', `${SECRETS}/s`, opts({ preconditions: { uid: 'not-the-uid' } }), { 'content-type': PB, accept: PB_JSON })
    expect(wrong.status).toBe(409)
    expect(unwrap(wrong.bytes, `${META}.Status`).object.message).toMatch(/^Operation cannot be fulfilled on Secret "s": the UID in the precondition \(not-the-uid\) does not match the UID in record /)
    // a body that is not protobuf: the decoder's error as it is (delete.go hands it to scope.err: a 500)
    const garbage = await pbCall(api, 'DELETE', `${SECRETS}/s`, new Uint8Array([1, 2, 3, 4, 5]), { 'content-type': PB })
    expect(garbage.status).toBe(500)
    expect(JSON.parse(garbage.text)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]',
      code: 500,
    })
    const gone = await pbCall(api, 'DELETE', `${SECRETS}/s`, opts({ gracePeriodSeconds: 0 }), { 'content-type': PB, accept: PB_JSON })
    expect(gone.status).toBe(200)
    expect((await call(api, 'GET', `${SECRETS}/s`)).status).toBe(404)
  })
})

describe('protobuf negotiation', () => {
  const accepts = async (accept: string, path = NS) => {
    const api = await withNamespace()
    const r = await pbCall(api, 'GET', path, undefined, { accept })
    return { status: r.status, contentType: r.contentType, bytes: r.bytes, text: r.text }
  }

  it('the first servable Accept clause wins; q values order them', async () => {
    expect((await accepts(PB_JSON)).contentType).toBe(PB)
    expect((await accepts(`application/json, ${PB}`)).contentType).toBe('application/json')
    expect((await accepts(`${PB};q=0.5, application/json`)).contentType).toBe('application/json')
    expect((await accepts('*/*')).contentType).toBe('application/json')
    expect((await accepts(PB, IS)).contentType).toBe(PB)
  })

  it('Table is never protobuf: a protobuf Table clause is skipped, alone it is a 406', async () => {
    const skipped = await accepts(`${PB};as=Table;v=v1;g=meta.k8s.io, application/json`)
    expect(skipped.contentType).toBe('application/json')
    expect(JSON.parse(skipped.text).kind).toBe('NamespaceList')
    const alone = await accepts(`${PB};as=Table;v=v1;g=meta.k8s.io`)
    expect(alone.status).toBe(406)
    expect(JSON.parse(alone.text)).toMatchObject({
      reason: 'NotAcceptable',
      message: 'only the following media types are accepted: application/json, application/yaml, application/vnd.kubernetes.protobuf',
    })
  })

  it('PartialObjectMetadataList is served as protobuf (the metadata client asks for it first)', async () => {
    const r = await accepts(`${PB};as=PartialObjectMetadataList;v=v1;g=meta.k8s.io, application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io, application/json`)
    expect(r.contentType).toBe(PB)
    const list = unwrap(r.bytes, `${META}.PartialObjectMetadataList`)
    expect([list.apiVersion, list.kind]).toEqual(['meta.k8s.io/v1', 'PartialObjectMetadataList'])
    expect(list.object.items.map((i: any) => i.metadata.name)).toContain('ns')
  })

  it('watches stream length-prefixed WatchEvent frames (raw), each object enveloped, as ;stream=watch', async () => {
    const api = await withNamespace()
    const rv = (await call(api, 'GET', SECRETS)).body.metadata.resourceVersion
    const abort = new AbortController()
    const r = await api.fetch(new Request(`http://fake.local${SECRETS}?watch=1&resourceVersion=${rv}&allowWatchBookmarks=true`, { headers: { accept: PB_JSON }, signal: abort.signal }))
    expect(r.status).toBe(200)
    expect(r.headers.get('content-type')).toBe('application/vnd.kubernetes.protobuf;stream=watch')
    const reader = r.body!.getReader()
    let buf = new Uint8Array(0)
    const frames: Uint8Array[] = []
    const readFrames = async (n: number) => {
      while (frames.length < n) {
        const { value, done } = await reader.read()
        if (done) throw new Error('stream ended')
        buf = new Uint8Array([...buf, ...value!])
        while (buf.length >= 4) {
          const len = new DataView(buf.buffer, buf.byteOffset).getUint32(0, false)
          if (buf.length < 4 + len) break
          frames.push(buf.slice(4, 4 + len))
          buf = buf.slice(4 + len)
        }
      }
    }
    await call(api, 'POST', SECRETS, { kind: 'Secret', apiVersion: 'v1', metadata: { name: 'w' }, stringData: { a: 'b' } })
    await readFrames(2) // the immediate bookmark, then ADDED
    const watchEvent = type(`${META}.WatchEvent`)
    const events = frames.map((f) => watchEvent.toObject(watchEvent.decode(f), { defaults: false }) as { type: string; object: { raw: Uint8Array } })
    expect(events.map((e) => e.type)).toEqual(['BOOKMARK', 'ADDED'])
    // the WatchEvent itself has no magic (RawSerializer); its object does (the protobuf serializer)
    expect(Array.from(frames[1]!.subarray(0, 4))).not.toEqual(MAGIC)
    const bookmark = unwrap(events[0]!.object.raw, `${CORE}.Secret`)
    expect([bookmark.apiVersion, bookmark.kind, bookmark.object.metadata.resourceVersion]).toEqual(['v1', 'Secret', rv])
    const added = unwrap(events[1]!.object.raw, `${CORE}.Secret`)
    expect([added.apiVersion, added.kind, added.object.metadata.name]).toEqual(['v1', 'Secret', 'w'])
    expect(Buffer.from(added.object.data.a, 'base64').toString()).toBe('b')
    abort.abort()
    await reader.cancel().catch(() => {})
  })

  it('a watch with only a Table clause for protobuf is refused; PartialObjectMetadata watches may be protobuf', async () => {
    const api = await withNamespace()
    const table = await pbCall(api, 'GET', `${NS}?watch=1`, undefined, { accept: `${PB};as=Table;v=v1;g=meta.k8s.io` })
    expect(table.status).toBe(406)
    const abort = new AbortController()
    const r = await api.fetch(new Request(`http://fake.local${NS}?watch=1&fieldSelector=metadata.name%3Dns`, { headers: { accept: `${PB};as=PartialObjectMetadata;v=v1;g=meta.k8s.io` }, signal: abort.signal }))
    expect(r.headers.get('content-type')).toBe('application/vnd.kubernetes.protobuf;stream=watch')
    const reader = r.body!.getReader()
    let bytes = new Uint8Array(0)
    while (bytes.length < 4 || bytes.length < 4 + new DataView(bytes.buffer).getUint32(0, false)) bytes = new Uint8Array([...bytes, ...(await reader.read()).value!])
    const watchEvent = type(`${META}.WatchEvent`)
    const ev = watchEvent.toObject(watchEvent.decode(bytes.subarray(4)), { defaults: false }) as { type: string; object: { raw: Uint8Array } }
    const pom = unwrap(ev.object.raw, `${META}.PartialObjectMetadata`)
    expect([ev.type, pom.apiVersion, pom.kind, pom.object.metadata.name]).toEqual(['ADDED', 'meta.k8s.io/v1', 'PartialObjectMetadata', 'ns'])
    abort.abort()
    await reader.cancel().catch(() => {})
  })
})

describe('protobuf request decoding errors', () => {
  const post = async (body: Uint8Array | string, contentType = PB, path = NS) => {
    const api = await withNamespace()
    const r = await pbCall(api, 'POST', path, body, { 'content-type': contentType })
    return { status: r.status, body: JSON.parse(r.text) }
  }

  it('415 lists exactly the media types the endpoint decodes', async () => {
    for (const path of [NS, SECRETS, IS]) {
      const r = await post('x', 'text/plain', path)
      expect(r.status).toBe(415)
      expect(r.body).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf',
        reason: 'UnsupportedMediaType',
        code: 415,
      })
    }
  })

  it('envelope failures are "the object provided is unrecognized" with the Serializer.Decode wording', async () => {
    const bad = async (body: Uint8Array) => (await post(body)).body.message
    expect(await bad(new Uint8Array([1, 2, 3, 4, 5]))).toBe(
      'the object provided is unrecognized (must be of type Namespace): provided data does not appear to be a protobuf message, expected prefix [107 56 115 0] (0102030405)',
    )
    expect(await bad(new Uint8Array(0))).toBe('the object provided is unrecognized (must be of type Namespace): empty data (<empty>)')
    expect(await bad(new Uint8Array(MAGIC))).toBe('the object provided is unrecognized (must be of type Namespace): empty body (6b387300)')
    expect(await bad(new Uint8Array([...MAGIC, 0x0a, 0x10, 0x0a]))).toBe(
      'the object provided is unrecognized (must be of type Namespace): unexpected EOF (6b3873000a100a)',
    )
  })

  it('a body of the wrong kind gets the same message as in JSON', async () => {
    const secret = envelope('v1', 'Secret', `${CORE}.Secret`, { metadata: { name: 'x' } })
    const pb = await post(secret)
    const json = await post(JSON.stringify({ kind: 'Secret', apiVersion: 'v1', metadata: { name: 'x' } }), 'application/json')
    expect(pb.status).toBe(400)
    expect(pb.body).toEqual(json.body)
    const unknownKind = await post(envelope('v1', 'Gadget', `${CORE}.Namespace`, { metadata: { name: 'x' } }))
    expect(unknownKind.body.message).toBe(
      'Gadget in version "v1" cannot be handled as a Namespace: no kind "Gadget" is registered for version "v1" in scheme "k8s.io/kubernetes/pkg/api/legacyscheme/scheme.go:30"',
    )
  })

  it('a truncated object inside a good envelope is "<Kind> in version … cannot be handled as a …: unexpected EOF"', async () => {
    const unknown = type('k8s.io.apimachinery.pkg.runtime.Unknown')
    const raw = new Uint8Array([0x0a, 0x20, 0x0a]) // metadata: a 32-byte message with 1 byte present
    const body = unknown.encode(unknown.fromObject({ typeMeta: { apiVersion: 'v1', kind: 'Namespace' }, raw })).finish()
    const r = await post(new Uint8Array([...MAGIC, ...body]))
    expect(r.status).toBe(400)
    expect(r.body.message).toBe('Namespace in version "v1" cannot be handled as a Namespace: unexpected EOF')
  })
})

describe('protobuf round trip of every stored object', () => {
  it('GET as protobuf, PUT the same bytes back: a no-op (same resourceVersion, same JSON)', async () => {
    const { loadFixtures } = await import('../src/node.js')
    const { createFakeImageApi } = await import('../src/index.js')
    const api = createFakeImageApi({ fixtures: await loadFixtures('default') })
    const collections = ['/api/v1/namespaces', '/api/v1/namespaces/demo/secrets', '/apis/image.openshift.io/v1/namespaces/demo/imagestreams', '/apis/image.openshift.io/v1/images']
    let checked = 0
    for (const collection of collections) {
      const list = await call(api, 'GET', collection)
      for (const item of list.body.items) {
        const path = `${collection}/${item.metadata.name}`
        const before = await call(api, 'GET', path)
        const pb = await pbCall(api, 'GET', path, undefined, { accept: PB })
        expect(pb.contentType).toBe(PB)
        const put = await pbCall(api, 'PUT', path, pb.bytes, { 'content-type': PB, accept: 'application/json' })
        expect(put.status, `${path}: ${put.text}`).toBe(200)
        const after = JSON.parse(put.text)
        expect(after.metadata.resourceVersion, path).toBe(before.body.metadata.resourceVersion)
        expect(after, path).toEqual(before.body)
        checked++
      }
    }
    expect(checked).toBeGreaterThan(10)
  })
})

describe('vendored definitions', () => {
  it('descriptors.ts and message-names.ts are what scripts/protobuf/gen-descriptors.mjs makes of the vendored .proto files', () => {
    const cwd = fileURLToPath(new URL('..', import.meta.url))
    expect(() => execFileSync(process.execPath, ['scripts/protobuf/gen-descriptors.mjs', '--check'], { cwd, stdio: 'pipe' })).not.toThrow()
  })

  it('message-names.ts lists every message of descriptors.ts (what served.ts reads instead of the descriptors)', async () => {
    const { descriptors } = await import('../src/apiserver/protobuf/descriptors.js')
    const { MESSAGE_NAMES } = await import('../src/apiserver/protobuf/message-names.js')
    const walked: string[] = []
    const walk = (ns: Record<string, unknown>, prefix: string) => {
      for (const [name, v] of Object.entries((ns.nested ?? {}) as Record<string, Record<string, unknown>>)) {
        const full = prefix ? `${prefix}.${name}` : name
        if (v.fields) walked.push(full)
        else walk(v, full)
      }
    }
    walk(descriptors, '')
    expect(walked.length).toBeGreaterThan(50)
    expect([...MESSAGE_NAMES]).toEqual(walked)
  })
})

describe('protobuf through the doors (bytes survive the wire)', () => {
  async function roundTrip(base: string) {
    const body = envelope('v1', 'Namespace', `${CORE}.Namespace`, { metadata: { name: 'door', annotations: { note: 'é ✓ \u0000 binary-safe' } } })
    const created = await fetch(`${base}${NS}`, { method: 'POST', headers: { 'content-type': PB, accept: PB }, body: new Uint8Array(body) })
    expect(created.status).toBe(201)
    expect(created.headers.get('content-type')).toBe(PB)
    const got = unwrap(new Uint8Array(await created.arrayBuffer()), `${CORE}.Namespace`)
    expect(got.object.metadata.annotations).toEqual({ note: 'é ✓ \u0000 binary-safe' })
  }

  it('listen() on 127.0.0.1', async () => {
    const { listen } = await import('../src/node.js')
    const server = await listen(fakeApi(), { port: 0 })
    try {
      await roundTrip(server.url)
    } finally {
      await server.close()
    }
  })

  it('nock', async () => {
    const nock = (await import('nock')).default
    const { interceptWithNock } = await import('../src/nock.js')
    const base = 'http://127.0.0.1:9' // the discard port: nothing is sent there, nock answers
    const nocked = interceptWithNock(fakeApi(), { baseUrl: base, nock })
    try {
      await roundTrip(base)
    } finally {
      nocked.done()
    }
  })
})
