// Pull-through: a tag whose image was imported from another registry is served by the integrated
// registry from that (fake remote) registry — manifest, config and layers — and fails as the real
// registry does (404 OPENSHIFT_PULLTHROUGH_MANIFEST) when the remote does.

import { describe, expect, it } from 'vitest'
import { buildImage, createFakeImageApi } from '../../src/index.js'
import { errorBody, reg, sha256 } from './support.js'

const APP = buildImage({ reference: 'quay.io/team/app', layers: ['remote base', 'remote app'], config: { Cmd: ['/app'] } })

async function imported() {
  const api = createFakeImageApi({
    importController: false,
    remoteRegistry: { defaults: false, registries: { 'quay.io': { repositories: { 'team/app': { tags: { '1.0': APP } } } } } },
  })
  const res = await api.fetch(
    new Request('http://fake.local/apis/image.openshift.io/v1/namespaces/ns/imagestreamimports', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        kind: 'ImageStreamImport',
        apiVersion: 'image.openshift.io/v1',
        metadata: { name: 'app' },
        spec: { import: true, images: [{ from: { kind: 'DockerImage', name: 'quay.io/team/app:1.0' }, to: { name: '1.0' }, referencePolicy: { type: 'Local' } }] },
      }),
    }),
  )
  expect(res.status).toBe(201)
  return api
}

describe('pull-through', () => {
  it('serves the imported image from its source registry: manifest bytes, config and layers', async () => {
    const api = await imported()
    const m = await reg(api, 'GET', '/v2/ns/app/manifests/1.0')
    expect(m.status).toBe(200)
    expect(m.text).toBe(APP.manifest)
    expect(m.headers.get('content-type')).toBe(APP.mediaType)
    expect(m.headers.get('docker-content-digest')).toBe(APP.digest)
    const cfg = await reg(api, 'GET', `/v2/ns/app/blobs/${APP.configDigest}`)
    expect(cfg.text).toBe(APP.config)
    for (const l of APP.layers) {
      const b = await reg(api, 'GET', `/v2/ns/app/blobs/${l.digest}`)
      expect(b.status).toBe(200)
      expect(sha256(b.bytes)).toBe(l.digest)
    }
  })

  it('a failing source registry: 404 OPENSHIFT_PULLTHROUGH_MANIFEST naming the reference and the error; blobs are BLOB_UNKNOWN', async () => {
    const api = await imported()
    api.registry.configureRepository('quay.io/team/app', { error: 'dial tcp 10.0.0.1:443: connect: connection refused' })
    const m = await reg(api, 'GET', '/v2/ns/app/manifests/1.0')
    expect(m.status).toBe(404)
    expect(m.json).toEqual({
      errors: [{ code: 'OPENSHIFT_PULLTHROUGH_MANIFEST', message: `unable to pull manifest from quay.io/team/app@${APP.digest}: dial tcp 10.0.0.1:443: connect: connection refused` }],
    })
    const layer = APP.layers[0]!.digest
    const b = await reg(api, 'GET', `/v2/ns/app/blobs/${layer}`)
    expect(b.status).toBe(404)
    expect(b.json).toEqual(errorBody('BLOB_UNKNOWN', 'blob unknown to registry', layer))
  })

  it('the source registry no longer has the manifest: OPENSHIFT_PULLTHROUGH_MANIFEST with its manifest unknown error', async () => {
    const api = createFakeImageApi({ importController: false, remoteRegistry: { defaults: false, registries: { 'quay.io': { repositories: { 'team/app': { tags: { '1.0': APP } } } } } } })
    // An image stream whose tag history names an image that the source registry does not serve.
    const other = buildImage({ reference: 'quay.io/team/app', layers: ['gone'] })
    await api.seed([
      other.image,
      {
        kind: 'ImageStream',
        apiVersion: 'image.openshift.io/v1',
        metadata: { name: 'gone', namespace: 'ns' },
        spec: {},
        status: { dockerImageRepository: '', tags: [{ tag: 'x', items: [{ created: '2024-01-01T00:00:00Z', dockerImageReference: other.reference, image: other.digest, generation: 1 }] }] },
      },
    ])
    const m = await reg(api, 'GET', '/v2/ns/gone/manifests/x')
    expect(m.status).toBe(404)
    expect(m.json.errors[0]).toEqual({ code: 'OPENSHIFT_PULLTHROUGH_MANIFEST', message: `unable to pull manifest from quay.io/team/app@${other.digest}: manifest unknown: manifest unknown` })
  })
})
