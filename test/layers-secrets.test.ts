// imagestreams/{name}/layers (openshift-apiserver imagestream/etcd/etcd.go LayersREST) and
// imagestreams/{name}/secrets (imagesecret/rest.go).

import { describe, expect, it } from 'vitest'
import { MEDIA_TYPES } from '../src/fixtures/defaults.js'
import { buildImage } from '../src/fixtures/image.js'
import { manifestList } from '../src/fixtures/manifest-list.js'
import { imageStream } from '../src/fixtures/image-stream.js'
import { secret } from '../src/fixtures/core.js'
import { call, DIGEST_A, DIGEST_B, fakeApi, IS } from './helpers.js'

const SECRETS = '/api/v1/namespaces/ns/secrets'

describe('imagestreams/{name}/layers', () => {
  it('collects blobs and images from every history item of every tag, missing images included', async () => {
    const api = fakeApi()
    const a = buildImage({ repository: 'ns/s', layers: ['shared', 'a-top'] })
    const b = buildImage({ repository: 'ns/s', layers: ['shared', 'b-top'], mediaType: 'oci' })
    const missing = `sha256:${'9'.repeat(64)}`
    const stream = imageStream({
      name: 's',
      namespace: 'ns',
      tags: { latest: [b.image, a.image], old: [{ image: missing, dockerImageReference: `quay.io/x/y@${missing}` }] },
    })
    await api.seed([a.image, b.image, stream])
    const s = await call(api, 'GET', `${IS}/s`)
    const r = await call(api, 'GET', `${IS}/s/layers`)
    expect(r.status).toBe(200)
    expect(r.body.kind).toBe('ImageStreamLayers')
    expect(r.body.apiVersion).toBe('image.openshift.io/v1')
    expect(r.body.metadata).toEqual(s.body.metadata)
    const [shared, aTop] = a.layers
    const bTop = b.layers[1]!
    const blobs: Record<string, unknown> = {
      // first occurrence wins: b (items[0]) is scanned first, so the shared layer has b's OCI media type
      [shared!.digest]: { size: shared!.size, mediaType: MEDIA_TYPES.ociLayer },
      [aTop!.digest]: { size: aTop!.size, mediaType: MEDIA_TYPES.schema2Layer },
      [bTop.digest]: { size: bTop.size, mediaType: MEDIA_TYPES.ociLayer },
      [a.configDigest]: { size: null, mediaType: MEDIA_TYPES.schema2Config },
      [b.configDigest]: { size: null, mediaType: MEDIA_TYPES.ociConfig },
      [a.digest]: { size: null, mediaType: MEDIA_TYPES.schema2Manifest },
      [b.digest]: { size: null, mediaType: MEDIA_TYPES.ociManifest },
    }
    expect(r.body.blobs).toEqual(blobs)
    expect(Object.keys(r.body.blobs)).toEqual(Object.keys(blobs).sort())
    expect(r.body.images).toEqual({
      [a.digest]: { imageMissing: false, layers: [shared!.digest, aTop!.digest], config: a.configDigest },
      [b.digest]: { imageMissing: false, layers: [shared!.digest, bTop.digest], config: b.configDigest },
      [missing]: { imageMissing: true, layers: null, config: null },
    })
    // Field order of ImageBlobReferences: imageMissing, layers, config.
    expect(Object.keys(r.body.images[missing])).toEqual(['imageMissing', 'layers', 'config'])
  })

  it('walks manifest lists into their children', async () => {
    const api = fakeApi()
    const ml = manifestList({ repository: 'ns/multi', children: [{ arch: 'amd64', layers: ['amd64 layer'] }] })
    const [child] = ml.builds
    await api.seed([ml, imageStream({ name: 'multi', namespace: 'ns', tags: { latest: [ml.image] } })])
    const r = await call(api, 'GET', `${IS}/multi/layers`)
    expect(r.status).toBe(200)
    expect(r.body.images).toEqual({
      [ml.digest]: { imageMissing: false, layers: null, config: null, manifests: [child!.digest] },
      [child!.digest]: { imageMissing: false, layers: [child!.layers[0]!.digest], config: child!.configDigest },
    })
    expect(r.body.blobs[ml.digest]).toEqual({ size: null, mediaType: MEDIA_TYPES.schema2ManifestList })
    expect(r.body.blobs[child!.digest]).toEqual({ size: null, mediaType: MEDIA_TYPES.schema2Manifest })
  })

  it('an image without a manifest media type has no config and a schema2 manifest blob', async () => {
    const api = fakeApi()
    await api.seed([
      { kind: 'Image', apiVersion: 'image.openshift.io/v1', metadata: { name: DIGEST_A }, dockerImageReference: `q.io/a/b@${DIGEST_A}`, dockerImageLayers: [{ name: 'sha256:l1', size: 5, mediaType: 'x/y' }] },
      imageStream({ name: 's', namespace: 'ns', tags: { latest: [{ image: DIGEST_A, dockerImageReference: `q.io/a/b@${DIGEST_A}` }] } }),
    ])
    const r = await call(api, 'GET', `${IS}/s/layers`)
    expect(r.body.images).toEqual({ [DIGEST_A]: { imageMissing: false, layers: ['sha256:l1'], config: null } })
    expect(r.body.blobs).toEqual({ 'sha256:l1': { size: 5, mediaType: 'x/y' }, [DIGEST_A]: { size: null, mediaType: MEDIA_TYPES.schema2Manifest } })
  })

  it('an empty stream has empty maps; a missing stream is a 404', async () => {
    const api = fakeApi()
    await call(api, 'POST', IS, { metadata: { name: 'empty' } })
    const r = await call(api, 'GET', `${IS}/empty/layers`)
    expect(r.body.blobs).toEqual({})
    expect(r.body.images).toEqual({})
    const missing = await call(api, 'GET', `${IS}/nope/layers`)
    expect(missing.status).toBe(404)
    expect(missing.body.message).toBe('imagestreams.image.openshift.io "nope" not found')
  })

  it('QUIRK: an invalid result is a 422 with neither kind nor name', async () => {
    const api = fakeApi()
    // schema2 media type but no config id; an empty layer name
    await api.seed([
      {
        kind: 'Image',
        apiVersion: 'image.openshift.io/v1',
        metadata: { name: DIGEST_A },
        dockerImageReference: `q.io/a/b@${DIGEST_A}`,
        dockerImageManifestMediaType: MEDIA_TYPES.schema2Manifest,
        dockerImageLayers: [{ name: 'sha256:l1', size: 1, mediaType: 'x/y' }, { name: '', size: 1, mediaType: 'x/y' }],
      },
      imageStream({ name: 's', namespace: 'ns', tags: { latest: [{ image: DIGEST_A, dockerImageReference: `q.io/a/b@${DIGEST_A}` }] } }),
    ])
    const r = await call(api, 'GET', `${IS}/s/layers`)
    expect(r.status).toBe(422)
    expect(r.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `.image.openshift.io "" is invalid: [images[${DIGEST_A}].layers[1]: Invalid value: "": layer cannot be empty, images[${DIGEST_A}].config: Invalid value: "": config cannot be an empty string]`,
      reason: 'Invalid',
      details: {
        group: 'image.openshift.io',
        causes: [
          { reason: 'FieldValueInvalid', message: 'Invalid value: "": layer cannot be empty', field: `images[${DIGEST_A}].layers[1]` },
          { reason: 'FieldValueInvalid', message: 'Invalid value: "": config cannot be an empty string', field: `images[${DIGEST_A}].config` },
        ],
      },
      code: 422,
    })
  })

  it('layers are looked up in the request namespace', async () => {
    const api = fakeApi()
    await api.seed([imageStream({ name: 's', namespace: 'ns', tags: { t: [{ image: DIGEST_B, dockerImageReference: `q.io/a/b@${DIGEST_B}` }] } })])
    const other = await call(api, 'GET', '/apis/image.openshift.io/v1/namespaces/other/imagestreams/s/layers')
    expect(other.status).toBe(404)
  })

  it('is get-only (PUT/PATCH 405) and listed in discovery', async () => {
    const api = fakeApi()
    await call(api, 'POST', IS, { metadata: { name: 's' } })
    expect((await call(api, 'PUT', `${IS}/s/layers`, {})).status).toBe(405)
    expect((await call(api, 'PATCH', `${IS}/s/layers`, {}, { contentType: 'application/merge-patch+json' })).status).toBe(405)
    const disc = await call(api, 'GET', '/apis/image.openshift.io/v1')
    const names = disc.body.resources.map((r: { name: string }) => r.name)
    expect(names).toEqual(expect.arrayContaining(['imagestreams/layers', 'imagestreams/secrets']))
    expect(disc.body.resources.find((r: { name: string }) => r.name === 'imagestreams/layers')).toEqual({
      name: 'imagestreams/layers',
      singularName: '',
      namespaced: true,
      kind: 'ImageStreamLayers',
      verbs: ['get'],
    })
    expect(disc.body.resources.find((r: { name: string }) => r.name === 'imagestreams/secrets')).toEqual({
      name: 'imagestreams/secrets',
      singularName: '',
      namespaced: true,
      kind: 'SecretList',
      verbs: ['get'],
    })
  })
})

describe('imagestreams/{name}/secrets', () => {
  async function fiveSecrets() {
    const api = fakeApi()
    const pull = (name: string, type: 'dockercfg' | 'dockerconfigjson', extra: Record<string, unknown> = {}) => ({
      ...secret({ name, namespace: 'ns', type, registry: 'quay.io', username: 'u', password: 'p' }),
      ...extra,
    })
    await api.seed([
      pull('secret-1', 'dockercfg', { metadata: { name: 'secret-1', namespace: 'ns', labels: { team: 'a' } } }),
      pull('secret-2', 'dockercfg', { metadata: { name: 'secret-2', namespace: 'ns', annotations: { 'openshift.io/image.excludeSecret': 'true' } } }),
      { kind: 'Secret', apiVersion: 'v1', metadata: { name: 'secret-3', namespace: 'ns' }, type: 'Opaque', stringData: { a: 'b' } },
      { kind: 'Secret', apiVersion: 'v1', metadata: { name: 'secret-4', namespace: 'ns', annotations: { 'kubernetes.io/service-account.name': 'sa' } }, type: 'kubernetes.io/service-account-token' },
      pull('secret-5', 'dockerconfigjson', { metadata: { name: 'secret-5', namespace: 'ns', labels: { team: 'b' } } }),
      pull('elsewhere', 'dockerconfigjson', { metadata: { name: 'elsewhere', namespace: 'other' } }),
    ])
    return api
  }

  it('returns the pull secrets of the namespace that are not excluded, as an image.openshift.io/v1 SecretList', async () => {
    const api = await fiveSecrets()
    // the stream does not have to exist
    const r = await call(api, 'GET', `${IS}/does-not-exist/secrets`)
    expect(r.status).toBe(200)
    expect(r.body.kind).toBe('SecretList')
    expect(r.body.apiVersion).toBe('image.openshift.io/v1')
    expect(r.body.metadata).toEqual({ resourceVersion: expect.stringMatching(/^\d+$/) })
    expect(r.body.items.map((s: { metadata: { name: string } }) => s.metadata.name)).toEqual(['secret-1', 'secret-5'])
    // items are the stored secrets, without kind/apiVersion like any list item
    const stored = await call(api, 'GET', `${SECRETS}/secret-5`)
    const { kind: _k, apiVersion: _a, ...item } = stored.body
    expect(r.body.items[1]).toEqual(item)
  })

  it('applies the query as list options over the secrets', async () => {
    const api = await fiveSecrets()
    const byLabel = await call(api, 'GET', `${IS}/x/secrets?labelSelector=team%3Db`)
    expect(byLabel.body.items.map((s: { metadata: { name: string } }) => s.metadata.name)).toEqual(['secret-5'])
    const byType = await call(api, 'GET', `${IS}/x/secrets?fieldSelector=type%3Dkubernetes.io%2Fdockercfg`)
    expect(byType.body.items.map((s: { metadata: { name: string } }) => s.metadata.name)).toEqual(['secret-1'])
    // paging happens on the secrets list; filtering after it
    const page = await call(api, 'GET', `${IS}/x/secrets?limit=2`)
    expect(page.body.items.map((s: { metadata: { name: string } }) => s.metadata.name)).toEqual(['secret-1'])
    expect(page.body.metadata.continue).toEqual(expect.any(String))
    expect(page.body.metadata.remainingItemCount).toBe(3)
    const next = await call(api, 'GET', `${IS}/x/secrets?limit=2&continue=${encodeURIComponent(page.body.metadata.continue)}`)
    expect(next.body.items).toEqual([])
    const last = await call(api, 'GET', `${IS}/x/secrets?limit=2&continue=${encodeURIComponent(next.body.metadata.continue)}`)
    expect(last.body.items.map((s: { metadata: { name: string } }) => s.metadata.name)).toEqual(['secret-5'])
    const bad = await call(api, 'GET', `${IS}/x/secrets?fieldSelector=spec.foo%3D1`)
    expect(bad.status).toBe(400)
    expect(bad.body.message).toBe('field label not supported: spec.foo')
  })

  it('an empty namespace gives an empty item list', async () => {
    const r = await call(fakeApi(), 'GET', `${IS}/s/secrets`)
    expect(r.status).toBe(200)
    expect(r.body.items).toEqual([])
    expect(r.text).toContain('"items":[]')
  })
})
