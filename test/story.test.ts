// A registry push story, through HTTP only: create a stream, push two images with ImageStreamMappings,
// follow `latest` with a spec tag, push again (tracking tags move on mappings), read /layers, sign and
// unsign an image, delete a tag.

import { describe, expect, it } from 'vitest'
import { MEDIA_TYPES } from '../src/fixtures/defaults.js'
import { buildImage } from '../src/fixtures/image.js'
import { call, fakeApi, IMAGES, IS } from './helpers.js'

const REGISTRY = 'image-registry.openshift-image-registry.svc:5000'
const ISM = '/apis/image.openshift.io/v1/namespaces/ns/imagestreammappings'
const ISTAGS = '/apis/image.openshift.io/v1/namespaces/ns/imagestreamtags'
const SIGS = '/apis/image.openshift.io/v1/imagesignatures'

type Event = { image: string; dockerImageReference: string; generation: number; created: string }
type StatusTag = { tag: string; items: Event[] }

/** What the registry sends on push: the image (no reference: the server fills in the internal one). */
function push(tag: string, built: ReturnType<typeof buildImage>) {
  const { dockerImageReference: _ref, ...image } = built.image
  return { kind: 'ImageStreamMapping', apiVersion: 'image.openshift.io/v1', metadata: { name: 'app' }, tag, image }
}

function statusTags(stream: { status: { tags?: StatusTag[] } }): Record<string, string[]> {
  return Object.fromEntries((stream.status.tags ?? []).map((t) => [t.tag, t.items.map((e) => e.image)]))
}

describe('story: push, track, layers, sign, untag', () => {
  it('behaves like a cluster with an integrated registry', async () => {
    const api = fakeApi()
    const [a, b, c] = ['v1', 'v2', 'v3'].map((v) => buildImage({ repository: 'ns/app', layers: ['base layer', `app ${v}`], config: { Cmd: ['/app'], Labels: { version: v } } }))

    // 1. the stream
    const created = await call(api, 'POST', IS, { kind: 'ImageStream', apiVersion: 'image.openshift.io/v1', metadata: { name: 'app' } })
    expect(created.status).toBe(201)
    expect(created.body.status).toEqual({ dockerImageRepository: `${REGISTRY}/ns/app` })

    // 2. two pushes to latest
    for (const img of [a!, b!]) {
      const r = await call(api, 'POST', ISM, push('latest', img), { headers: { 'user-agent': 'dockerregistry/v2' } })
      expect(r.status).toBe(201)
      expect(r.body).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 })
    }
    const afterPushes = (await call(api, 'GET', `${IS}/app`)).body
    expect(statusTags(afterPushes)).toEqual({ latest: [b!.digest, a!.digest] })
    expect(afterPushes.status.tags[0].items[0].dockerImageReference).toBe(`${REGISTRY}/ns/app@${b!.digest}`)
    const pushed = await call(api, 'GET', `${IMAGES}/${b!.digest}`)
    expect(pushed.body.dockerImageReference).toBe(`${REGISTRY}/ns/app@${b!.digest}`)
    expect(pushed.body.dockerImageLayers).toEqual(b!.image.dockerImageLayers)

    // 3. a spec tag that tracks latest (a main-resource PATCH resolves it at once)
    const patched = await call(
      api,
      'PATCH',
      `${IS}/app`,
      { spec: { tags: [{ name: 'stable', from: { kind: 'ImageStreamTag', name: 'latest' } }] } },
      { contentType: 'application/strategic-merge-patch+json' },
    )
    expect(patched.status).toBe(200)
    expect(patched.body.metadata.generation).toBe(2)
    expect(statusTags(patched.body)).toEqual({ latest: [b!.digest, a!.digest], stable: [b!.digest] })

    // 4. push again: the mapping moves latest and the tag that tracks it
    expect((await call(api, 'POST', ISM, push('latest', c!))).status).toBe(201)
    const afterTrack = (await call(api, 'GET', `${IS}/app`)).body
    expect(statusTags(afterTrack)).toEqual({ latest: [c!.digest, b!.digest, a!.digest], stable: [c!.digest, b!.digest] })
    const stableNow = afterTrack.status.tags.find((t: StatusTag) => t.tag === 'stable').items[0]
    expect(stableNow).toMatchObject({ image: c!.digest, dockerImageReference: `${REGISTRY}/ns/app@${c!.digest}`, generation: 2 })
    expect(afterTrack.spec).toEqual(patched.body.spec)

    // 5. /layers reflects every image of the history
    const layers = (await call(api, 'GET', `${IS}/app/layers`)).body
    expect(layers.kind).toBe('ImageStreamLayers')
    expect(Object.keys(layers.images)).toEqual([a!.digest, b!.digest, c!.digest].sort())
    for (const img of [a!, b!, c!]) {
      expect(layers.images[img.digest]).toEqual({ imageMissing: false, layers: img.layers.map((l) => l.digest), config: img.configDigest })
      expect(layers.blobs[img.digest]).toEqual({ size: null, mediaType: MEDIA_TYPES.schema2Manifest })
    }
    const shared = a!.layers[0]!.digest
    expect(b!.layers[0]!.digest).toBe(shared)
    expect(layers.blobs[shared]).toEqual({ size: 'base layer'.length, mediaType: MEDIA_TYPES.schema2Layer })
    expect(Object.keys(layers.blobs)).toHaveLength(1 + 3 + 3 + 3) // shared layer, 3 top layers, 3 configs, 3 manifests

    // 6. sign the current image, then remove the signature
    const imageRV = (await call(api, 'GET', `${IMAGES}/${c!.digest}`)).body.metadata.resourceVersion
    const sigName = `${c!.digest}@0123456789abcdef0123456789abcdef`
    const signed = await call(api, 'POST', SIGS, { kind: 'ImageSignature', apiVersion: 'image.openshift.io/v1', metadata: { name: sigName }, type: 'AtomicImageV1', content: btoa('signed') })
    expect(signed.status).toBe(201)
    const withSig = (await call(api, 'GET', `${IMAGES}/${c!.digest}`)).body
    expect(withSig.metadata.resourceVersion).not.toBe(imageRV)
    expect(withSig.signatures.map((s: { metadata: { name: string } }) => s.metadata.name)).toEqual([sigName])
    expect((await call(api, 'POST', SIGS, { metadata: { name: sigName }, type: 'AtomicImageV1', content: btoa('again') })).status).toBe(409)
    expect((await call(api, 'DELETE', `${SIGS}/${sigName}`)).status).toBe(200)
    expect((await call(api, 'GET', `${IMAGES}/${c!.digest}`)).body.signatures).toBeUndefined()

    // 7. delete the tracking tag
    const del = await call(api, 'DELETE', `${ISTAGS}/app:stable`)
    if (del.status === 404 && del.body?.message === 'the server could not find the requested resource') {
      // imagestreamtags not installed yet: remove the spec tag through the stream instead (its status
      // history stays: only an ImageStreamTag/ImageTag DELETE removes status tags, as imagestreamtag/rest.go
      // REST.Delete does).
      const stream = (await call(api, 'GET', `${IS}/app`)).body
      const r = await call(api, 'PUT', `${IS}/app`, { ...stream, spec: { ...stream.spec, tags: stream.spec.tags.filter((t: { name: string }) => t.name !== 'stable') } })
      expect(r.status).toBe(200)
      expect(r.body.spec.tags).toBeUndefined()
    } else {
      expect(del.status).toBe(200)
      expect(del.body).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success' })
      const after = (await call(api, 'GET', `${IS}/app`)).body
      expect(after.spec.tags).toBeUndefined()
      expect(statusTags(after)).toEqual({ latest: [c!.digest, b!.digest, a!.digest] })
      expect((await call(api, 'GET', `${ISTAGS}/app:stable`)).status).toBe(404)
      // the images stay
      expect((await call(api, 'GET', `${IMAGES}/${c!.digest}`)).status).toBe(200)
    }
  })
})
