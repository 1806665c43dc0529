import { describe, expect, it } from 'vitest'
import { call, DIGEST_A, DIGEST_B, fakeApi, image, IMAGES } from './helpers.js'

describe('Image', () => {
  it('creates with v1 defaults and drops a body namespace', async () => {
    const api = fakeApi()
    const r = await call(api, 'POST', IMAGES, { ...image(DIGEST_A), metadata: { name: DIGEST_A, namespace: 'x' } })
    expect(r.status).toBe(201)
    expect(r.body.metadata.namespace).toBeUndefined()
    expect(r.body.metadata.generation).toBeUndefined()
    expect(r.body.dockerImageMetadataVersion).toBe('1.0')
    expect(r.body.dockerImageMetadata).toEqual({ kind: 'DockerImage', apiVersion: 'image.openshift.io/1.0', Id: '', Created: null, ContainerConfig: {} })
    expect(r.body.dockerImageLayers).toBeNull()
  })

  it('accepts any path-segment name and rejects bad ones', async () => {
    const api = fakeApi()
    expect((await call(api, 'POST', IMAGES, image('foo', 'x/y:1'))).status).toBe(201)
    const r = await call(api, 'POST', IMAGES, image('a%b', 'x/y:1'))
    expect(r.status).toBe(422)
    expect(r.body.message).toBe(`Image.image.openshift.io "a%b" is invalid: metadata.name: Invalid value: "a%b": may not contain '%'`)
  })

  it('validates dockerImageReference and manifests', async () => {
    const api = fakeApi()
    const r = await call(api, 'POST', IMAGES, { ...image('x', ''), dockerImageReference: '' })
    expect(r.status).toBe(422)
    expect(r.body.message).toBe('Image.image.openshift.io "x" is invalid: dockerImageReference: Required value')
    const m = await call(api, 'POST', IMAGES, {
      ...image('y', 'x/y:1'),
      dockerImageManifests: [{ digest: 'abc', mediaType: 'foobar', manifestSize: -2, architecture: '', os: '' }],
    })
    expect(m.status).toBe(422)
    expect(m.body.details.causes.map((c: any) => `${c.field}: ${c.message}`)).toEqual([
      'dockerImageManifests[0].digest: Invalid value: "abc": digest does not conform with OCI image specification',
      'dockerImageManifests[0].mediaType: Invalid value: "foobar": media type does not conform to RFC6838',
      'dockerImageManifests[0].architecture: Required value',
      'dockerImageManifests[0].os: Required value',
      'dockerImageManifests[0].size: Invalid value: -2: manifest size cannot be negative',
    ])
  })

  it('update silently resets server-owned metadata and needs a resourceVersion', async () => {
    const api = fakeApi()
    const created = (
      await call(api, 'POST', IMAGES, {
        ...image(DIGEST_A),
        dockerImageMetadata: { Id: 'cfg', Architecture: 'amd64', Size: 10 },
        dockerImageLayers: [{ name: DIGEST_B, size: 10, mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip' }],
      })
    ).body
    const upd = structuredClone(created)
    upd.dockerImageMetadata = { Id: 'other' }
    upd.dockerImageLayers = []
    upd.dockerImageReference = 'quay.io/other/y@' + DIGEST_A
    upd.metadata.labels = { a: 'b' }
    const r = await call(api, 'PUT', `${IMAGES}/${DIGEST_A}`, upd)
    expect(r.status).toBe(200)
    expect(r.body.dockerImageMetadata.Id).toBe('cfg')
    expect(r.body.dockerImageLayers).toEqual(created.dockerImageLayers)
    expect(r.body.dockerImageReference).toBe('quay.io/other/y@' + DIGEST_A)
    delete upd.metadata.resourceVersion
    const e = await call(api, 'PUT', `${IMAGES}/${DIGEST_A}`, upd)
    expect(e.status).toBe(422)
    expect(e.body.message).toBe(`images.image.openshift.io "${DIGEST_A}" is invalid: metadata.resourceVersion: Invalid value: 0: must be specified for an update`)
  })

  it('drops manifest blobs when manifestBlobStored and managed-signature annotations', async () => {
    const api = fakeApi()
    const r = await call(api, 'POST', IMAGES, {
      ...image(DIGEST_A),
      metadata: { name: DIGEST_A, annotations: { 'image.openshift.io/manifestBlobStored': 'true' } },
      dockerImageManifest: '{}',
      dockerImageConfig: '{}',
    })
    expect(r.body.dockerImageManifest).toBeUndefined()
    expect(r.body.dockerImageConfig).toBeUndefined()
  })

  it('field selectors: metadata.name only; metadata.namespace matches nothing', async () => {
    const api = fakeApi()
    await call(api, 'POST', IMAGES, image(DIGEST_A))
    await call(api, 'POST', IMAGES, image(DIGEST_B))
    const byName = await call(api, 'GET', `${IMAGES}?fieldSelector=metadata.name%3D${DIGEST_B}`)
    expect(byName.body.items.map((i: any) => i.metadata.name)).toEqual([DIGEST_B])
    const byNs = await call(api, 'GET', `${IMAGES}?fieldSelector=metadata.namespace%3Dx`)
    expect(byNs.body.items).toEqual([])
    const bad = await call(api, 'GET', `${IMAGES}?fieldSelector=dockerImageReference%3Dx`)
    expect(bad.status).toBe(400)
    expect(bad.body.message).toBe('"dockerImageReference" is not a known field selector: only "metadata.name", "metadata.namespace"')
  })

  it('routes: namespaced image paths do not exist; unknown resources 404; unregistered verbs 405', async () => {
    const api = fakeApi()
    const r = await call(api, 'GET', '/apis/image.openshift.io/v1/namespaces/ns/images')
    expect(r.status).toBe(404)
    expect(r.body.message).toBe('the server could not find the requested resource')
    expect(r.body.details).toEqual({})
    const f = await call(api, 'GET', '/apis/image.openshift.io/v1/namespaces/ns/foos')
    expect(f.status).toBe(404)
    const g = await call(api, 'GET', '/apis/nosuch.io/v1/things')
    expect(g.status).toBe(404)
    expect(g.text).toBe('404 page not found\n')
    const m = await call(api, 'POST', `${IMAGES}/${DIGEST_A}`, image(DIGEST_A))
    expect(m.status).toBe(405)
    expect(m.body.message).toBe('the server does not allow this method on the requested resource')
    expect(m.headers.get('allow')).toBe('GET, PUT, PATCH, DELETE')
  })
})
