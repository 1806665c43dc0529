// Pushing to the integrated registry through api.fetch: blob uploads (monolithic, chunked, mount),
// manifest PUT by tag (the stream is created, the Image recorded through the ImageStreamMapping rules,
// watchers see it) and by digest (an Image only), and the failures that write nothing.

import { describe, expect, it } from 'vitest'
import { watchUntil } from '../watch-helpers.js'
import { createFakeImageApi, type FakeImageApi, type Image, type ImageStream } from '../../src/index.js'
import { errorBody, reg, REGISTRY, sha256, SCHEMA2, stageImage, uploadBlob } from './support.js'

const API = 'http://fake.local/apis/image.openshift.io/v1'

async function fresh(): Promise<FakeImageApi> {
  const api = createFakeImageApi({ fixtures: 'default', importController: false })
  await api.ready
  return api
}

async function get(api: FakeImageApi, path: string): Promise<{ status: number; body: any }> {
  const r = await api.fetch(new Request(API + path))
  return { status: r.status, body: await r.json() }
}

describe('blob uploads', () => {
  it('chunked: POST (202, Location, Range 0-0, UUID), PATCH chunks (Range grows), PUT ?digest= commits (201)', async () => {
    const api = await fresh()
    const start = await reg(api, 'POST', '/v2/demo/frontend/blobs/uploads/')
    expect(start.status).toBe(202)
    const uuid = start.headers.get('docker-upload-uuid')!
    expect(start.headers.get('location')).toBe(`${REGISTRY}/v2/demo/frontend/blobs/uploads/${uuid}`)
    expect(start.headers.get('range')).toBe('0-0')
    const loc = start.headers.get('location')!
    const a = await reg(api, 'PATCH', loc, 'hello ', { 'content-type': 'application/octet-stream', 'content-range': '0-5' })
    expect(a.status).toBe(202)
    expect(a.headers.get('range')).toBe('0-5')
    const bad = await reg(api, 'PATCH', loc, 'x', { 'content-range': '0-0' })
    expect(bad.status).toBe(416)
    expect(bad.json).toEqual(errorBody('RANGE_INVALID', 'invalid content range'))
    const b = await reg(api, 'PATCH', loc, 'world')
    expect(b.headers.get('range')).toBe('0-10')
    const status = await reg(api, 'GET', loc)
    expect(status.status).toBe(204)
    expect(status.headers.get('range')).toBe('0-10')
    const digest = sha256('hello world!')
    const done = await reg(api, 'PUT', `${loc}?digest=${digest}`, '!')
    expect(done.status).toBe(201)
    expect(done.headers.get('location')).toBe(`${REGISTRY}/v2/demo/frontend/blobs/${digest}`)
    expect(done.headers.get('docker-content-digest')).toBe(digest)
    const blob = await reg(api, 'GET', `/v2/demo/frontend/blobs/${digest}`)
    expect(blob.text).toBe('hello world!')
    // The upload is gone once committed.
    expect((await reg(api, 'GET', loc)).json).toEqual(errorBody('BLOB_UPLOAD_UNKNOWN', 'blob upload unknown to registry'))
  })

  it('a digest that does not match the content is DIGEST_INVALID, and nothing is stored', async () => {
    const api = await fresh()
    const wrong = sha256('other')
    const mono = await reg(api, 'POST', `/v2/demo/frontend/blobs/uploads/?digest=${wrong}`, 'content')
    expect(mono.status).toBe(400)
    expect(mono.json.errors[0].code).toBe('DIGEST_INVALID')
    expect(mono.json.errors[0].message).toBe('provided digest did not match uploaded content')
    expect((await reg(api, 'GET', `/v2/demo/frontend/blobs/${wrong}`)).status).toBe(404)
    expect((await reg(api, 'GET', `/v2/demo/frontend/blobs/${sha256('content')}`)).status).toBe(404)
    const start = await reg(api, 'POST', '/v2/demo/frontend/blobs/uploads/')
    const put = await reg(api, 'PUT', `${start.headers.get('location')}?digest=${wrong}`, 'content')
    expect(put.status).toBe(400)
    expect(put.json.errors[0].code).toBe('DIGEST_INVALID')
  })

  it('cross-repository mount: 201 when the source repository has the blob, else a new upload (202)', async () => {
    const api = await fresh()
    const layer = (await get(api, '/namespaces/demo/imagestreamtags/frontend:latest')).body.image.dockerImageLayers[0].name
    const m = await reg(api, 'POST', `/v2/demo/mounted/blobs/uploads/?mount=${layer}&from=demo/frontend`)
    expect(m.status).toBe(201)
    expect(m.headers.get('location')).toBe(`${REGISTRY}/v2/demo/mounted/blobs/${layer}`)
    expect(m.headers.get('docker-content-digest')).toBe(layer)
    expect(sha256((await reg(api, 'GET', `/v2/demo/mounted/blobs/${layer}`)).bytes)).toBe(layer)
    const miss = await reg(api, 'POST', `/v2/demo/mounted/blobs/uploads/?mount=${sha256('nope')}&from=demo/frontend`)
    expect(miss.status).toBe(202)
    expect(miss.headers.get('docker-upload-uuid')).toBeTruthy()
  })
})

describe('manifest PUT', () => {
  it('by tag into a new stream: 201; the stream is created, the Image recorded (managed), the tag moved, watchers see it', async () => {
    const api = await fresh()
    const staged = await stageImage(api, 'demo/pushed', { layers: ['layer one', 'layer two'], labels: { team: 'a' } })
    const events = watchUntil(api, API + '/namespaces/demo/imagestreams?watch=true&resourceVersion=' + api.store.resourceVersion, (e) =>
      e.some((x) => x.object?.status?.tags?.some((t: { tag: string }) => t.tag === '1.0')),
    )
    const put = await reg(api, 'PUT', '/v2/demo/pushed/manifests/1.0', staged.manifest, { 'content-type': SCHEMA2 })
    expect(put.status).toBe(201)
    expect(put.headers.get('docker-content-digest')).toBe(staged.digest)
    expect(put.headers.get('location')).toBe(`${REGISTRY}/v2/demo/pushed/manifests/${staged.digest}`)

    const seen = await events
    expect(seen.map((e) => e.type)).toEqual(['ADDED', 'MODIFIED'])
    const istag = await get(api, '/namespaces/demo/imagestreamtags/pushed:1.0')
    expect(istag.status).toBe(200)
    const image = istag.body.image as Image
    expect(image.metadata.name).toBe(staged.digest)
    expect(image.metadata.annotations).toMatchObject({ 'openshift.io/image.managed': 'true', 'image.openshift.io/manifestBlobStored': 'true' })
    expect(image.dockerImageReference).toBe(`image-registry.openshift-image-registry.svc:5000/demo/pushed@${staged.digest}`)
    expect(image.dockerImageLayers!.map((l) => l.name)).toEqual(staged.layerDigests)
    expect(image.dockerImageMetadata).toMatchObject({ Id: staged.configDigest, Architecture: 'amd64', Config: { Cmd: ['/bin/app'], Labels: { team: 'a' } } })
    const stream = (await get(api, '/namespaces/demo/imagestreams/pushed')).body as ImageStream
    expect(stream.status.tags!.map((t) => [t.tag, t.items![0]!.image])).toEqual([['1.0', staged.digest]])
    // Pull it back by tag and by digest.
    const back = await reg(api, 'GET', '/v2/demo/pushed/manifests/1.0')
    expect(back.text).toBe(staged.manifest)
    expect(back.headers.get('content-type')).toBe(SCHEMA2)
    expect((await reg(api, 'GET', `/v2/demo/pushed/manifests/${staged.digest}`)).text).toBe(staged.manifest)
    expect((await reg(api, 'GET', `/v2/demo/pushed/blobs/${staged.configDigest}`)).text).toBe(staged.config)
  })

  it('a second push to the tag adds history (newest first)', async () => {
    const api = await fresh()
    const one = await stageImage(api, 'demo/frontend', { layers: ['a'] })
    const two = await stageImage(api, 'demo/frontend', { layers: ['b'] })
    const old = ((await get(api, '/namespaces/demo/imagestreams/frontend')).body as ImageStream).status.tags!.find((t) => t.tag === 'latest')!.items!.length
    expect((await reg(api, 'PUT', '/v2/demo/frontend/manifests/latest', one.manifest, { 'content-type': SCHEMA2 })).status).toBe(201)
    expect((await reg(api, 'PUT', '/v2/demo/frontend/manifests/latest', two.manifest, { 'content-type': SCHEMA2 })).status).toBe(201)
    const items = ((await get(api, '/namespaces/demo/imagestreams/frontend')).body as ImageStream).status.tags!.find((t) => t.tag === 'latest')!.items!
    expect(items.length).toBe(old + 2)
    expect(items.slice(0, 2).map((i) => i.image)).toEqual([two.digest, one.digest])
  })

  it('by digest: an Image only (no stream, no tag); a digest that is not the manifest\'s is DIGEST_INVALID', async () => {
    const api = await fresh()
    const staged = await stageImage(api, 'demo/bydigest', { layers: ['x'] })
    const put = await reg(api, 'PUT', `/v2/demo/bydigest/manifests/${staged.digest}`, staged.manifest, { 'content-type': SCHEMA2 })
    expect(put.status).toBe(201)
    expect((await get(api, `/images/${staged.digest}`)).status).toBe(200)
    expect((await get(api, '/namespaces/demo/imagestreams/bydigest')).status).toBe(404)
    const wrong = sha256('nope')
    const bad = await reg(api, 'PUT', `/v2/demo/bydigest/manifests/${wrong}`, staged.manifest, { 'content-type': SCHEMA2 })
    expect(bad.status).toBe(400)
    expect(bad.json.errors[0].code).toBe('DIGEST_INVALID')
  })

  it('unknown blobs: 400 MANIFEST_BLOB_UNKNOWN for each, and nothing is written (no stream, no image, no event)', async () => {
    const api = await fresh()
    const staged = await stageImage(api, 'demo/partial', { layers: ['kept'] })
    const doc = JSON.parse(staged.manifest)
    const missing = sha256('never uploaded')
    doc.layers.push({ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', size: 14, digest: missing })
    const rv = api.store.resourceVersion
    const r = await reg(api, 'PUT', '/v2/demo/partial/manifests/1.0', JSON.stringify(doc), { 'content-type': SCHEMA2 })
    expect(r.status).toBe(400)
    expect(r.json).toEqual(errorBody('MANIFEST_BLOB_UNKNOWN', 'blob unknown to registry', missing))
    expect(api.store.resourceVersion).toBe(rv)
    expect((await get(api, '/namespaces/demo/imagestreams/partial')).status).toBe(404)
  })

  it('bad manifests are MANIFEST_INVALID: not JSON, unsupported media type, mediaType that disagrees with Content-Type', async () => {
    const api = await fresh()
    const staged = await stageImage(api, 'demo/bad', { layers: ['l'] })
    const notJson = await reg(api, 'PUT', '/v2/demo/bad/manifests/1', '{nope', { 'content-type': SCHEMA2 })
    expect(notJson.status).toBe(400)
    expect(notJson.json.errors[0]).toMatchObject({ code: 'MANIFEST_INVALID', message: 'manifest invalid' })
    const ct = await reg(api, 'PUT', '/v2/demo/bad/manifests/1', staged.manifest, { 'content-type': 'text/plain' })
    expect(ct.json).toEqual(errorBody('MANIFEST_INVALID', 'manifest invalid', 'unsupported manifest media type and no default available: text/plain'))
    const oci = await reg(api, 'PUT', '/v2/demo/bad/manifests/1', staged.manifest, { 'content-type': 'application/vnd.oci.image.manifest.v1+json' })
    expect(oci.json).toEqual(
      errorBody('MANIFEST_INVALID', 'manifest invalid', `mediaType in manifest should be 'application/vnd.oci.image.manifest.v1+json' not '${SCHEMA2}'`),
    )
    expect((await get(api, '/namespaces/demo/imagestreams/bad')).status).toBe(404)
  })

  it('a manifest list: children pushed by digest first, then the list by tag', async () => {
    const api = await fresh()
    const a = await stageImage(api, 'demo/multi', { layers: ['amd'] })
    const b = await stageImage(api, 'demo/multi', { layers: ['arm'] })
    for (const c of [a, b]) expect((await reg(api, 'PUT', `/v2/demo/multi/manifests/${c.digest}`, c.manifest, { 'content-type': SCHEMA2 })).status).toBe(201)
    const listType = 'application/vnd.docker.distribution.manifest.list.v2+json'
    const list = JSON.stringify({
      schemaVersion: 2,
      mediaType: listType,
      manifests: [
        { mediaType: SCHEMA2, size: Buffer.byteLength(a.manifest), digest: a.digest, platform: { architecture: 'amd64', os: 'linux' } },
        { mediaType: SCHEMA2, size: Buffer.byteLength(b.manifest), digest: b.digest, platform: { architecture: 'arm64', os: 'linux', variant: 'v8' } },
      ],
    })
    const missingChild = JSON.parse(list)
    missingChild.manifests[1].digest = sha256('absent')
    const bad = await reg(api, 'PUT', '/v2/demo/multi/manifests/latest', JSON.stringify(missingChild), { 'content-type': listType })
    expect(bad.json).toEqual(errorBody('MANIFEST_BLOB_UNKNOWN', 'blob unknown to registry', sha256('absent')))
    const put = await reg(api, 'PUT', '/v2/demo/multi/manifests/latest', list, { 'content-type': listType })
    expect(put.status).toBe(201)
    const image = (await get(api, '/namespaces/demo/imagestreamtags/multi:latest')).body.image as Image
    expect(image.metadata.name).toBe(sha256(list))
    expect(image.dockerImageManifestMediaType).toBe(listType)
    expect(image.dockerImageManifests!.map((m) => [m.digest, m.architecture])).toEqual([
      [a.digest, 'amd64'],
      [b.digest, 'arm64'],
    ])
    const back = await reg(api, 'GET', '/v2/demo/multi/manifests/latest')
    expect(back.text).toBe(list)
    expect(back.headers.get('content-type')).toBe(listType)
  })

  it('the API refuses the write (namespace missing with requireNamespace): 403 DENIED, nothing written', async () => {
    const api = createFakeImageApi({ requireNamespace: true, importController: false })
    const staged = await stageImage(api, 'ghost/app', { layers: ['l'] })
    const rv = api.store.resourceVersion
    const r = await reg(api, 'PUT', '/v2/ghost/app/manifests/1.0', staged.manifest, { 'content-type': SCHEMA2 })
    expect(r.status).toBe(403)
    expect(r.json).toEqual(errorBody('DENIED', 'requested access to the resource is denied'))
    expect(api.store.resourceVersion).toBe(rv)
    expect((await reg(api, 'GET', `/v2/ghost/app/manifests/${staged.digest}`)).status).toBe(404)
  })

  it('api.reset() empties the registry storage', async () => {
    const api = await fresh()
    const d = await uploadBlob(api, 'demo/frontend', 'to be forgotten')
    await api.reset()
    expect((await reg(api, 'GET', `/v2/demo/frontend/blobs/${d}`)).status).toBe(404)
  })
})
