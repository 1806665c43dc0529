// ImageStreamMapping (openshift-apiserver registry/imagestreammapping/rest.go): create only; Image created
// (AlreadyExists tolerated), tag event with history collapse, tracking tags, /status write rules, all in one
// transaction.

import { describe, expect, it } from 'vitest'
import { call, DIGEST_A, DIGEST_B, DIGEST_C, fakeApi, IMAGES, IS } from './helpers.js'
import type { FakeImageApi } from '../src/index.js'

const REGISTRY = 'image-registry.openshift-image-registry.svc:5000'
const ISM = '/apis/image.openshift.io/v1/namespaces/ns/imagestreammappings'

function mapping(stream: string, tag: string, image: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return { kind: 'ImageStreamMapping', apiVersion: 'image.openshift.io/v1', metadata: { name: stream }, tag, image, ...extra }
}

/** An Image body; `ref: null` leaves dockerImageReference out. */
function img(name: string | undefined, ref: string | null = `quay.io/x/y@${name}`, extra: Record<string, unknown> = {}) {
  const { metadata, ...rest } = extra as { metadata?: Record<string, unknown> }
  return { metadata: { ...(name ? { name } : {}), ...metadata }, ...(ref === null ? {} : { dockerImageReference: ref }), ...rest }
}

async function createStream(api: FakeImageApi, name: string, spec: Record<string, unknown> = {}) {
  const r = await call(api, 'POST', IS, { kind: 'ImageStream', apiVersion: 'image.openshift.io/v1', metadata: { name }, spec })
  expect(r.status).toBe(201)
  return r.body
}

describe('ImageStreamMapping create', () => {
  it('answers 201 with a Success Status, creates the Image and records the tag event', async () => {
    const api = fakeApi()
    await createStream(api, 's')
    const r = await call(api, 'POST', ISM, mapping('s', 'latest', img(DIGEST_A)))
    expect(r.status).toBe(201)
    expect(r.text).toBe('{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Success","code":201}\n')

    const image = await call(api, 'GET', `${IMAGES}/${DIGEST_A}`)
    expect(image.status).toBe(200)
    expect(image.body.dockerImageReference).toBe(`quay.io/x/y@${DIGEST_A}`)
    expect(image.body.metadata.uid).toMatch(/^[0-9a-f-]{36}$/)

    const s = await call(api, 'GET', `${IS}/s`)
    expect(s.body.status.tags).toHaveLength(1)
    const [list] = s.body.status.tags
    expect(list.tag).toBe('latest')
    expect(list.items).toHaveLength(1)
    expect(list.items[0]).toEqual({ created: expect.stringMatching(/Z$/), dockerImageReference: `quay.io/x/y@${DIGEST_A}`, image: DIGEST_A, generation: 1 })
    // Written through /status: spec and generation untouched.
    expect(s.body.metadata.generation).toBe(1)
    expect(s.body.spec).toEqual({ lookupPolicy: { local: false } })
  })

  it('defaults the reference to the internal registry path of the stream', async () => {
    const api = fakeApi()
    await createStream(api, 's')
    expect((await call(api, 'POST', ISM, mapping('s', 'v1', img(DIGEST_A, null)))).status).toBe(201)
    const image = await call(api, 'GET', `${IMAGES}/${DIGEST_A}`)
    expect(image.body.dockerImageReference).toBe(`${REGISTRY}/ns/s@${DIGEST_A}`)
    // a non-digest image name is joined with ':'
    expect((await call(api, 'POST', ISM, mapping('s', 'v2', img('plainname', null)))).status).toBe(201)
    expect((await call(api, 'GET', `${IMAGES}/plainname`)).body.dockerImageReference).toBe(`${REGISTRY}/ns/s:plainname`)
  })

  it('without an internal registry an empty reference is a validation error', async () => {
    const api = fakeApi({ internalRegistryHostname: null })
    await createStream(api, 's')
    const r = await call(api, 'POST', ISM, mapping('s', 'latest', img(DIGEST_A, null)))
    expect(r.status).toBe(422)
    expect(r.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'ImageStreamMapping.image.openshift.io "s" is invalid: image.dockerImageReference: Required value',
      reason: 'Invalid',
      details: {
        name: 's',
        group: 'image.openshift.io',
        kind: 'ImageStreamMapping',
        causes: [{ reason: 'FieldValueRequired', message: 'Required value', field: 'image.dockerImageReference' }],
      },
      code: 422,
    })
  })

  it('validates the mapping: tag, name, embedded image (paths prefixed with image.)', async () => {
    const api = fakeApi()
    await createStream(api, 's')
    const noTag = await call(api, 'POST', ISM, mapping('s', '', img(DIGEST_A)))
    expect(noTag.status).toBe(422)
    expect(noTag.body.message).toBe('ImageStreamMapping.image.openshift.io "s" is invalid: tag: Required value')

    const noName = await call(api, 'POST', ISM, { kind: 'ImageStreamMapping', apiVersion: 'image.openshift.io/v1', metadata: {}, tag: 'x', image: img(DIGEST_A) })
    expect(noName.status).toBe(422)
    expect(noName.body.message).toBe(
      'ImageStreamMapping.image.openshift.io "" is invalid: [metadata.name: Required value: name or generateName is required, name: Required value, dockerImageRepository: Required value]',
    )
    expect(noName.body.details.causes.map((c: { field: string }) => c.field)).toEqual(['metadata.name', 'name', 'dockerImageRepository'])

    const badImage = await call(api, 'POST', ISM, mapping('s', 'x', { metadata: { namespace: 'ns' }, dockerImageReference: '\\' }))
    expect(badImage.status).toBe(422)
    expect(badImage.body.message).toBe(
      'ImageStreamMapping.image.openshift.io "s" is invalid: [image.metadata.name: Required value: name or generateName is required, image.metadata.namespace: Forbidden: not allowed on this type, image.dockerImageReference: Invalid value: "\\\\": invalid reference format]',
    )
    // Nothing was written.
    expect((await call(api, 'GET', IMAGES)).body.items).toEqual([])
  })

  it('a missing stream is a 404 and no Image is created', async () => {
    const api = fakeApi()
    const r = await call(api, 'POST', ISM, mapping('nope', 'latest', img(DIGEST_A)))
    expect(r.status).toBe(404)
    expect(r.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'imagestreams.image.openshift.io "nope" not found',
      reason: 'NotFound',
      details: { name: 'nope', group: 'image.openshift.io', kind: 'imagestreams' },
      code: 404,
    })
    expect((await call(api, 'GET', `${IMAGES}/${DIGEST_A}`)).status).toBe(404)
  })

  it('rejects a body namespace that differs from the URL', async () => {
    const api = fakeApi()
    await createStream(api, 's')
    const r = await call(api, 'POST', ISM, { ...mapping('s', 'latest', img(DIGEST_A)), metadata: { name: 's', namespace: 'other' } })
    expect(r.status).toBe(400)
    expect(r.body.message).toBe('the namespace of the provided object does not match the namespace sent on the request')
  })

  it('tolerates an existing Image and leaves it untouched; the event uses the mapping reference', async () => {
    const api = fakeApi()
    await createStream(api, 's')
    await api.seed([{ kind: 'Image', apiVersion: 'image.openshift.io/v1', metadata: { name: DIGEST_A, labels: { keep: 'me' } }, dockerImageReference: `old.example/a/b@${DIGEST_A}` }])
    const before = await call(api, 'GET', `${IMAGES}/${DIGEST_A}`)
    const r = await call(api, 'POST', ISM, mapping('s', 'latest', img(DIGEST_A, `localhost:5000/somens/somerepo@${DIGEST_A}`)))
    expect(r.status).toBe(201)
    const after = await call(api, 'GET', `${IMAGES}/${DIGEST_A}`)
    expect(after.body).toEqual(before.body)
    const s = await call(api, 'GET', `${IS}/s`)
    expect(s.body.status.tags[0].items[0].dockerImageReference).toBe(`localhost:5000/somens/somerepo@${DIGEST_A}`)
  })

  it('openshift.io/image.managed on an existing image re-points the event at this stream', async () => {
    const api = fakeApi()
    await createStream(api, 'newrepo')
    await api.seed([{ kind: 'Image', apiVersion: 'image.openshift.io/v1', metadata: { name: DIGEST_A }, dockerImageReference: `x.example/a/b@${DIGEST_A}` }])
    const managed = img(DIGEST_A, `localhost:5000/somens/somerepo@${DIGEST_A}`, { metadata: { annotations: { 'openshift.io/image.managed': 'true' } } })
    expect((await call(api, 'POST', ISM, mapping('newrepo', 'latest', managed))).status).toBe(201)
    const s = await call(api, 'GET', `${IS}/newrepo`)
    expect(s.body.status.tags[0].items[0].dockerImageReference).toBe(`${REGISTRY}/ns/newrepo@${DIGEST_A}`)

    // A new image keeps its own reference even when managed.
    const fresh = img(DIGEST_B, `localhost:5000/somens/somerepo@${DIGEST_B}`, { metadata: { annotations: { 'openshift.io/image.managed': 'true' } } })
    expect((await call(api, 'POST', ISM, mapping('newrepo', 'other', fresh))).status).toBe(201)
    const s2 = await call(api, 'GET', `${IS}/newrepo`)
    expect(s2.body.status.tags.find((t: { tag: string }) => t.tag === 'other').items[0].dockerImageReference).toBe(`localhost:5000/somens/somerepo@${DIGEST_B}`)
  })

  it('without an internal registry a managed existing image uses spec.dockerImageRepository', async () => {
    const api = fakeApi({ internalRegistryHostname: null })
    await createStream(api, 's', { dockerImageRepository: 'localhost:5000/default/somerepo' })
    await api.seed([{ kind: 'Image', apiVersion: 'image.openshift.io/v1', metadata: { name: DIGEST_A }, dockerImageReference: `x.example/a/b@${DIGEST_A}` }])
    const managed = img(DIGEST_A, `localhost:5000/somens/somerepo@${DIGEST_A}`, { metadata: { annotations: { 'openshift.io/image.managed': 'true' } } })
    expect((await call(api, 'POST', ISM, mapping('s', 'latest', managed))).status).toBe(201)
    const s = await call(api, 'GET', `${IS}/s`)
    expect(s.body.status.tags[0].items[0].dockerImageReference).toBe(`localhost:5000/default/somerepo@${DIGEST_A}`)
  })

  it('collapses history: identical push is a no-op, new image prepends, same image new ref updates in place', async () => {
    const api = fakeApi()
    await createStream(api, 's')
    await call(api, 'POST', ISM, mapping('s', 'latest', img(DIGEST_A)))
    const first = await call(api, 'GET', `${IS}/s`)
    const rv = first.body.metadata.resourceVersion
    const created = first.body.status.tags[0].items[0].created

    expect((await call(api, 'POST', ISM, mapping('s', 'latest', img(DIGEST_A)))).status).toBe(201)
    expect((await call(api, 'GET', `${IS}/s`)).body.metadata.resourceVersion).toBe(rv)

    await call(api, 'POST', ISM, mapping('s', 'latest', img(DIGEST_B)))
    const second = await call(api, 'GET', `${IS}/s`)
    expect(second.body.status.tags[0].items.map((e: { image: string }) => e.image)).toEqual([DIGEST_B, DIGEST_A])

    // Same image (already exists), different reference: items[0] updated, created kept.
    await call(api, 'POST', ISM, mapping('s', 'latest', img(DIGEST_B, `other.example/x/y@${DIGEST_B}`)))
    const third = await call(api, 'GET', `${IS}/s`)
    expect(third.body.status.tags[0].items).toHaveLength(2)
    expect(third.body.status.tags[0].items[0]).toMatchObject({ image: DIGEST_B, dockerImageReference: `other.example/x/y@${DIGEST_B}` })
    expect(third.body.status.tags[0].items[0].created).toBe(second.body.status.tags[0].items[0].created)
    expect(third.body.status.tags[0].items[1].created).toBe(created)
  })

  it('updates tracking spec tags of the stream (same stream, name with and without stream prefix)', async () => {
    const api = fakeApi()
    await call(api, 'POST', '/apis/image.openshift.io/v1/namespaces/elsewhere/imagestreams', { metadata: { name: 'repo' } })
    await createStream(api, 'repo', {
      tags: [
        { name: 'tracking', from: { kind: 'ImageStreamTag', name: '2.0' } },
        { name: 'tracking2', from: { kind: 'ImageStreamTag', name: 'repo:2.0' } },
        { name: 'nontracking', from: { kind: 'ImageStreamTag', name: '1.0' } },
        { name: 'otherns', from: { kind: 'ImageStreamTag', namespace: 'elsewhere', name: 'repo:2.0' } },
      ],
    })
    const ref = `foo/bar@${DIGEST_C}`
    expect((await call(api, 'POST', ISM, mapping('repo', '2.0', img(DIGEST_C, ref)))).status).toBe(201)
    const s = await call(api, 'GET', `${IS}/repo`)
    const tags = Object.fromEntries(s.body.status.tags.map((t: { tag: string; items: unknown[] }) => [t.tag, t.items]))
    expect(Object.keys(tags).sort()).toEqual(['2.0', 'tracking', 'tracking2'])
    for (const t of ['2.0', 'tracking', 'tracking2']) expect(tags[t][0]).toMatchObject({ image: DIGEST_C, dockerImageReference: ref, generation: 1 })
  })

  it('event generation is the stream generation; the /status write keeps spec, generation and managedFields', async () => {
    const api = fakeApi()
    const created = await createStream(api, 's', { tags: [{ name: 'a', from: { kind: 'DockerImage', name: 'quay.io/a/b:1' } }] })
    const put = await call(api, 'PUT', `${IS}/s`, { ...created, spec: { tags: [...created.spec.tags, { name: 'b', from: { kind: 'DockerImage', name: 'quay.io/a/b:2' } }] } })
    expect(put.body.metadata.generation).toBe(2)
    await call(api, 'POST', ISM, mapping('s', 'pushed', img(DIGEST_A)), { headers: { 'user-agent': 'registry/1.0' } })
    const s = await call(api, 'GET', `${IS}/s`)
    expect(s.body.status.tags.find((t: { tag: string }) => t.tag === 'pushed').items[0].generation).toBe(2)
    expect(s.body.metadata.generation).toBe(2)
    expect(s.body.spec).toEqual(put.body.spec)
    expect(s.body.metadata.managedFields).toEqual(put.body.metadata.managedFields)
    // The Image created by the mapping has no managedFields (internal create).
    expect((await call(api, 'GET', `${IMAGES}/${DIGEST_A}`)).body.metadata.managedFields).toBeUndefined()
  })

  it('is all-or-nothing: a failing image create changes nothing; dryRun persists nothing', async () => {
    const api = fakeApi()
    await createStream(api, 's')
    const rv = (await call(api, 'GET', `${IS}/s`)).body.metadata.resourceVersion
    const bad = await call(api, 'POST', ISM, mapping('s', 'latest', img(DIGEST_A, null, { metadata: { resourceVersion: '5' } })))
    expect(bad.status).toBe(500)
    expect(bad.body.message).toBe('resourceVersion should not be set on objects to be created')
    const dry = await call(api, 'POST', `${ISM}?dryRun=All`, mapping('s', 'latest', img(DIGEST_B)))
    expect(dry.status).toBe(201)
    expect((await call(api, 'GET', `${IS}/s`)).body.metadata.resourceVersion).toBe(rv)
    expect((await call(api, 'GET', IMAGES)).body.items).toEqual([])
  })

  it('emits one ADDED image and one MODIFIED stream event per mapping', async () => {
    const api = fakeApi()
    await createStream(api, 's')
    const seen: string[] = []
    const unsubscribe = api.store.subscribe((events) => seen.push(events.map((e) => `${e.type} ${e.resource}`).join(',')))
    await call(api, 'POST', ISM, mapping('s', 'latest', img(DIGEST_A)))
    unsubscribe()
    expect(seen).toEqual(['ADDED images,MODIFIED imagestreams'])
  })

  it('routes: only POST on the collection (405 otherwise), no item path (404)', async () => {
    const api = fakeApi()
    const list = await call(api, 'GET', ISM)
    expect(list.status).toBe(405)
    expect(list.body.message).toBe('the server does not allow this method on the requested resource')
    expect((await call(api, 'GET', `${ISM}/s`)).status).toBe(404)
    expect((await call(api, 'GET', `${ISM}/s`)).body.message).toBe('the server could not find the requested resource')
    expect((await call(api, 'POST', `${ISM}/s`, mapping('s', 'latest', img(DIGEST_A)))).status).toBe(404)
  })

  it('with requireNamespace, a mapping in a missing namespace is refused by admission', async () => {
    const api = fakeApi({ requireNamespace: true })
    const r = await call(api, 'POST', ISM, mapping('s', 'latest', img(DIGEST_A)))
    expect(r.status).toBe(404)
    expect(r.body.message).toBe('namespaces "ns" not found')
    expect(r.body.details).toEqual({ name: 'ns', kind: 'namespaces' })
  })
})
