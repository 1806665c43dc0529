import { describe, expect, it } from 'vitest'
import { call, DIGEST_A, DIGEST_B, DIGEST_C, ev, fakeApi, image, IS, PARSEABLE_CONFIG, PARSEABLE_MANIFEST, TABLE_ACCEPT } from './helpers.js'

const REGISTRY = 'image-registry.openshift-image-registry.svc:5000'
const ISTAGS = '/apis/image.openshift.io/v1/namespaces/ns/imagestreamtags'
const ALL_ISTAGS = '/apis/image.openshift.io/v1/imagestreamtags'
const TABLE = TABLE_ACCEPT
const T2 = '2026-01-02T00:00:00Z'

const MANIFEST = PARSEABLE_MANIFEST
const CONFIG = PARSEABLE_CONFIG

/** A stream `ruby` with spec tags latest (Local policy, annotated) and old, status history for latest and pushed. */
function rubyStream(extra: Record<string, unknown> = {}) {
  return {
    kind: 'ImageStream',
    apiVersion: 'image.openshift.io/v1',
    metadata: { name: 'ruby', namespace: 'ns', labels: { app: 'ruby' }, annotations: { 'stream-note': 'x' } },
    spec: {
      lookupPolicy: { local: true },
      tags: [
        { name: 'latest', annotations: { color: 'blue' }, from: { kind: 'DockerImage', name: 'quay.io/x/ruby:3' }, referencePolicy: { type: 'Local' } },
        { name: 'old', from: { kind: 'DockerImage', name: 'quay.io/x/ruby:2' } },
      ],
    },
    status: {
      dockerImageRepository: '',
      tags: [
        { tag: 'latest', items: [ev(DIGEST_A, `quay.io/x/ruby@${DIGEST_A}`, 2, T2), ev(DIGEST_B, `quay.io/x/ruby@${DIGEST_B}`)] },
        { tag: 'pushed', items: [ev(DIGEST_C, `${REGISTRY}/ns/ruby@${DIGEST_C}`)] },
      ],
    },
    ...extra,
  }
}

async function seeded() {
  const api = fakeApi()
  await api.seed([
    image(DIGEST_A, `quay.io/other/place@${DIGEST_A}`, {
      metadata: { name: DIGEST_A, annotations: { own: 'yes', color: 'red' } },
      dockerImageManifest: MANIFEST,
      dockerImageConfig: CONFIG,
    }),
    image(DIGEST_B),
    image(DIGEST_C),
    rubyStream(),
  ])
  return api
}

async function getStream(api: ReturnType<typeof fakeApi>, name = 'ruby') {
  return (await call(api, 'GET', `${IS}/${name}`)).body
}

describe('ImageStreamTag GET', () => {
  it('builds the view from the stream, the latest event and the Image', async () => {
    const api = await seeded()
    const s = await getStream(api)
    const r = await call(api, 'GET', `${ISTAGS}/ruby:latest`)
    expect(r.status).toBe(200)
    const b = r.body
    expect(Object.keys(b)).toEqual(['kind', 'apiVersion', 'metadata', 'tag', 'generation', 'lookupPolicy', 'image'])
    expect(b.kind).toBe('ImageStreamTag')
    expect(b.metadata).toEqual({
      name: 'ruby:latest',
      namespace: 'ns',
      uid: s.metadata.uid,
      resourceVersion: s.metadata.resourceVersion,
      creationTimestamp: T2,
      labels: { app: 'ruby' },
      annotations: { color: 'blue' },
    })
    expect(b.tag).toEqual({
      name: 'latest',
      annotations: { color: 'blue' },
      from: { kind: 'DockerImage', name: 'quay.io/x/ruby:3' },
      generation: 1,
      importPolicy: { importMode: 'Legacy' },
      referencePolicy: { type: 'Local' },
    })
    expect(b.generation).toBe(2)
    expect(b.lookupPolicy).toEqual({ local: true })
    // Local reference policy: the pull spec goes through this stream in the internal registry
    expect(b.image.dockerImageReference).toBe(`${REGISTRY}/ns/ruby@${DIGEST_A}`)
    expect(b.image.metadata.name).toBe(DIGEST_A)
    // spec-tag annotations are merged into (and win over) the image's own
    expect(b.image.metadata.annotations).toEqual({ color: 'blue', 'image.openshift.io/dockerLayersOrder': 'ascending', own: 'yes' })
    // metadata parsed from the manifest at create time
    expect(b.image.dockerImageMetadata.Id).toBe('sha256:' + 'c0'.repeat(32))
    expect(b.image.dockerImageLayers).toEqual([{ name: 'sha256:' + '1a'.repeat(32), size: 100, mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip' }])
    expect(b.image.dockerImageManifest).toBeUndefined()
    expect(b.image.dockerImageConfig).toBeUndefined()
    expect(b.image.kind).toBeUndefined()
    expect(b.image.dockerImageMetadataVersion).toBe('1.0')
  })

  it('uses the event reference (not the Image object\'s) under the Source policy, and omits empty annotations', async () => {
    const api = await seeded()
    const r = await call(api, 'GET', `${ISTAGS}/ruby:pushed`)
    expect(r.status).toBe(200)
    expect(r.body.tag).toBeNull()
    expect(r.body.metadata.annotations).toBeUndefined()
    expect(r.body.image.dockerImageReference).toBe(`${REGISTRY}/ns/ruby@${DIGEST_C}`)
    expect(r.body.image.metadata.annotations).toBeUndefined()
  })

  it('reports tag conditions', async () => {
    const api = fakeApi()
    const cond = { type: 'ImportSuccess', status: 'False', lastTransitionTime: T2, reason: 'NotFound', message: 'nope', generation: 2 }
    await api.seed([image(DIGEST_A), { ...rubyStream(), status: { dockerImageRepository: '', tags: [{ tag: 'latest', items: [ev(DIGEST_A, `x/y@${DIGEST_A}`)], conditions: [cond] }] } }])
    const r = await call(api, 'GET', `${ISTAGS}/ruby:latest`)
    expect(Object.keys(r.body)).toEqual(['kind', 'apiVersion', 'metadata', 'tag', 'generation', 'lookupPolicy', 'conditions', 'image'])
    expect(r.body.conditions).toEqual([cond])
  })

  it.each(['ruby', 'ruby:a:b', 'ruby@sha256:abc', ':latest', 'ruby:'])('400 for the bad name %j', async (name) => {
    const r = await call(await seeded(), 'GET', `${ISTAGS}/${encodeURIComponent(name)}`)
    expect(r.status).toBe(400)
    expect(r.body.reason).toBe('BadRequest')
    expect(r.body.message).toBe('ImageStreamTags must be retrieved with <name>:<tag>')
  })

  it('404s: missing stream, tag without image, missing Image object', async () => {
    const api = await seeded()
    const s = await call(api, 'GET', `${ISTAGS}/nope:latest`)
    expect(s.status).toBe(404)
    expect(s.body.message).toBe('imagestreams.image.openshift.io "nope" not found')
    // spec-only tag: no event
    const t = await call(api, 'GET', `${ISTAGS}/ruby:old`)
    expect(t.status).toBe(404)
    expect(t.body.message).toBe('imagestreamtags.image.openshift.io "ruby:old" not found')
    expect(t.body.details).toEqual({ name: 'ruby:old', group: 'image.openshift.io', kind: 'imagestreamtags' })
    await call(api, 'DELETE', `/apis/image.openshift.io/v1/images/${DIGEST_C}`)
    const i = await call(api, 'GET', `${ISTAGS}/ruby:pushed`)
    expect(i.status).toBe(404)
    expect(i.body.message).toBe(`images.image.openshift.io "${DIGEST_C}" not found`)
  })

  it('an Image whose stored manifest does not parse fails the view with a plain 500', async () => {
    const api = fakeApi()
    await api.seed([image(DIGEST_A, `quay.io/a/b@${DIGEST_A}`, { dockerImageManifest: '{"x":1}' }), { ...rubyStream(), status: { dockerImageRepository: '', tags: [{ tag: 'latest', items: [ev(DIGEST_A, `x/y@${DIGEST_A}`)] }] } }])
    const r = await call(api, 'GET', `${ISTAGS}/ruby:latest`)
    expect(r.status).toBe(500)
    expect(r.body.reason).toBeUndefined()
    // the list does not load images
    expect((await call(api, 'GET', ISTAGS)).status).toBe(200)
  })

  it('a reference tag (event without image) is not found', async () => {
    const api = fakeApi()
    await api.seed([{ kind: 'ImageStream', apiVersion: 'image.openshift.io/v1', metadata: { name: 'r', namespace: 'ns' }, spec: { tags: [{ name: 'x', reference: true, from: { kind: 'DockerImage', name: 'quay.io/a/b:1' } }] } }])
    const r = await call(api, 'GET', `${ISTAGS}/r:x`)
    expect(r.status).toBe(404)
    expect(r.body.message).toBe('imagestreamtags.image.openshift.io "r:x" not found')
  })
})

describe('ImageStreamTag LIST', () => {
  it('lists status tags with images only, sorted, images not loaded, empty list metadata', async () => {
    const api = await seeded()
    const r = await call(api, 'GET', ISTAGS)
    expect(r.status).toBe(200)
    expect(r.body.kind).toBe('ImageStreamTagList')
    expect(r.body.metadata).toEqual({})
    expect(r.body.items.map((i: any) => i.metadata.name)).toEqual(['ruby:latest', 'ruby:pushed'])
    const latest = r.body.items[0]
    expect(latest.kind).toBeUndefined()
    // not loaded: name, resolved reference, empty metadata document (zero creationTimestamp prints as null)
    expect(latest.image).toEqual({
      metadata: { name: DIGEST_A, creationTimestamp: null },
      dockerImageReference: `${REGISTRY}/ns/ruby@${DIGEST_A}`,
      dockerImageMetadata: { kind: 'DockerImage', apiVersion: 'image.openshift.io/1.0', Id: '', Created: null, ContainerConfig: {} },
      dockerImageMetadataVersion: '1.0',
      dockerImageLayers: null,
    })
    expect(latest.tag.name).toBe('latest')
  })

  it('lists across namespaces in stream key order', async () => {
    const api = await seeded()
    await api.seed([image('sha256:' + 'd'.repeat(64)), { kind: 'ImageStream', apiVersion: 'image.openshift.io/v1', metadata: { name: 'z', namespace: 'a-ns' }, spec: {}, status: { dockerImageRepository: '', tags: [{ tag: 't', items: [ev('sha256:' + 'd'.repeat(64), 'x/y:1')] }] } }])
    const r = await call(api, 'GET', ALL_ISTAGS)
    expect(r.body.items.map((i: any) => `${i.metadata.namespace}/${i.metadata.name}`)).toEqual(['a-ns/z:t', 'ns/ruby:latest', 'ns/ruby:pushed'])
    const ns = await call(api, 'GET', '/apis/image.openshift.io/v1/namespaces/a-ns/imagestreamtags')
    expect(ns.body.items.map((i: any) => i.metadata.name)).toEqual(['z:t'])
  })

  it('label selectors use the stream labels', async () => {
    const api = await seeded()
    expect((await call(api, 'GET', `${ISTAGS}?labelSelector=app%3Druby`)).body.items).toHaveLength(2)
    expect((await call(api, 'GET', `${ISTAGS}?labelSelector=app%3Dother`)).body.items).toEqual([])
  })

  it('QUIRK: field selectors also filter the streams, so metadata.name=<s>:<t> matches nothing', async () => {
    const api = await seeded()
    const byName = await call(api, 'GET', `${ISTAGS}?fieldSelector=metadata.name%3Druby%3Alatest`)
    expect(byName.status).toBe(200)
    expect(byName.body.items).toEqual([])
    const byStreamName = await call(api, 'GET', `${ISTAGS}?fieldSelector=metadata.name%3Druby`)
    // the stream matches, but no tag is named "ruby"
    expect(byStreamName.body.items).toEqual([])
    const notName = await call(api, 'GET', `${ISTAGS}?fieldSelector=metadata.name!%3Druby%3Alatest`)
    expect(notName.body.items.map((i: any) => i.metadata.name)).toEqual(['ruby:pushed'])
    const byNs = await call(api, 'GET', `${ALL_ISTAGS}?fieldSelector=metadata.namespace%3Dns`)
    expect(byNs.body.items).toHaveLength(2)
    const bad = await call(api, 'GET', `${ISTAGS}?fieldSelector=tag%3Dx`)
    expect(bad.status).toBe(400)
    expect(bad.body.message).toBe('"tag" is not a known field selector: only "metadata.name", "metadata.namespace"')
  })
})

describe('ImageStreamTag CREATE', () => {
  const body = (name: string, tag: unknown, meta: Record<string, unknown> = {}) => ({ kind: 'ImageStreamTag', apiVersion: 'image.openshift.io/v1', metadata: { name, ...meta }, tag })

  it('writes the stream as a registry write: the field manager does not touch its managedFields', async () => {
    const api = fakeApi()
    const created = await call(api, 'POST', ISTAGS, body('new:v1', { from: { kind: 'DockerImage', name: 'quay.io/a/b:1' } }))
    expect(created.status).toBe(201)
    expect((await getStream(api, 'new')).metadata.managedFields).toBeUndefined()
    const mine = await call(api, 'POST', IS, { kind: 'ImageStream', apiVersion: 'image.openshift.io/v1', metadata: { name: 'mine' } }, { headers: { 'user-agent': 'kubectl-create/v1.32.0' } })
    const before = mine.body.metadata.managedFields
    expect(before.map((m: any) => m.manager)).toEqual(['kubectl-create'])
    expect((await call(api, 'POST', ISTAGS, body('mine:v1', { from: { kind: 'DockerImage', name: 'quay.io/a/b:1' } }), { headers: { 'user-agent': 'oc/4.17' } })).status).toBe(201)
    const after = await getStream(api, 'mine')
    expect(after.spec.tags.map((t: any) => t.name)).toEqual(['v1'])
    expect(after.metadata.managedFields).toEqual(before)
  })

  it('creates the stream when missing (main create: generation 1) and answers 201 with an empty event', async () => {
    const api = fakeApi()
    const r = await call(api, 'POST', ISTAGS, body('new:v1', { from: { kind: 'DockerImage', name: 'quay.io/a/b:1' } }, { annotations: { k: 'v' } }))
    expect(r.status).toBe(201)
    const s = await getStream(api, 'new')
    expect(s.metadata.generation).toBe(1)
    expect(s.spec.tags).toEqual([
      { name: 'v1', annotations: null, from: { kind: 'DockerImage', name: 'quay.io/a/b:1' }, generation: 1, importPolicy: { importMode: 'Legacy' }, referencePolicy: { type: 'Source' } },
    ])
    expect(r.body.metadata).toEqual({
      name: 'new:v1',
      namespace: 'ns',
      uid: s.metadata.uid,
      resourceVersion: s.metadata.resourceVersion,
      creationTimestamp: s.metadata.creationTimestamp,
    })
    expect(r.body.tag.name).toBe('v1')
    expect(r.body.generation).toBe(0)
    expect(r.body.image).toEqual({
      metadata: { creationTimestamp: null },
      dockerImageMetadata: { kind: 'DockerImage', apiVersion: 'image.openshift.io/1.0', Id: '', Created: null, ContainerConfig: {} },
      dockerImageMetadataVersion: '1.0',
      dockerImageLayers: null,
    })
  })

  it('adds to an existing stream through the internal update (status kept, generation+1, tag resolved)', async () => {
    const api = await seeded()
    const before = await getStream(api)
    const r = await call(api, 'POST', ISTAGS, body('ruby:copy', { from: { kind: 'ImageStreamTag', name: 'latest' } }))
    expect(r.status).toBe(201)
    const s = await getStream(api)
    expect(s.metadata.generation).toBe(before.metadata.generation + 1)
    expect(s.spec.tags.find((t: any) => t.name === 'copy').generation).toBe(s.metadata.generation)
    // status kept and the new tag resolved from `latest`
    expect(s.status.tags.map((t: any) => t.tag)).toEqual(['copy', 'latest', 'pushed'])
    expect(s.status.tags[0].items[0].image).toBe(DIGEST_A)
    // the response loads the image
    expect(r.body.image.metadata.name).toBe(DIGEST_A)
    expect(r.body.image.metadata.uid).toBeTruthy()
    expect(r.body.generation).toBe(s.metadata.generation)
    expect(r.body.metadata.resourceVersion).toBe(s.metadata.resourceVersion)
  })

  it('409 AlreadyExists with the singular resource when the spec tag exists; a status-only tag does not block', async () => {
    const api = await seeded()
    const r = await call(api, 'POST', ISTAGS, body('ruby:latest', { from: { kind: 'DockerImage', name: 'a/b:c' } }))
    expect(r.status).toBe(409)
    expect(r.body).toMatchObject({
      reason: 'AlreadyExists',
      message: 'imagestreamtag.image.openshift.io "ruby:latest" already exists',
      details: { name: 'ruby:latest', group: 'image.openshift.io', kind: 'imagestreamtag' },
    })
    const pushed = await call(api, 'POST', ISTAGS, body('ruby:pushed', { from: { kind: 'DockerImage', name: 'a/b:c' } }))
    expect(pushed.status).toBe(201)
  })

  it('500 (no reason) for a name without ":"; "stream:" means latest', async () => {
    const api = fakeApi()
    const r = await call(api, 'POST', ISTAGS, body('plain', { from: { kind: 'DockerImage', name: 'a/b:c' } }))
    expect(r.status).toBe(500)
    expect(r.body.message).toBe('"plain" must be of the form <stream_name>:<tag>')
    expect(r.body.reason).toBeUndefined()
    const l = await call(api, 'POST', ISTAGS, body('s:', { from: { kind: 'DockerImage', name: 'a/b:c' } }))
    expect(l.status).toBe(201)
    expect(l.body.metadata.name).toBe('s:latest')
    expect(l.body.tag.name).toBe('latest')
  })

  it('a null tag creates an empty stream', async () => {
    const api = fakeApi()
    const r = await call(api, 'POST', ISTAGS, body('empty:x', null))
    expect(r.status).toBe(201)
    expect(r.body.tag).toBeNull()
    const s = await getStream(api, 'empty')
    expect(s.spec.tags).toBeUndefined()
  })

  it('validates the tag reference with the "tag." prefix and the annotations rule (Kind ImageStreamTag)', async () => {
    const api = fakeApi()
    const r = await call(api, 'POST', ISTAGS, body('s:t', { from: { kind: 'Foo', name: '' }, referencePolicy: { type: 'Bad' } }))
    expect(r.status).toBe(422)
    expect(r.body.message).toBe(
      `ImageStreamTag.image.openshift.io "s:t" is invalid: [tag.from.name: Required value, tag.from.kind: Required value: valid values are 'DockerImage', 'ImageStreamImage', 'ImageStreamTag', tag.referencePolicy.type: Invalid value: "Bad": valid values are "Source", "Local"]`,
    )
    expect(r.body.details.kind).toBe('ImageStreamTag')
    const a = await call(api, 'POST', ISTAGS, body('s:t', { annotations: { a: 'b' } }, { annotations: { a: 'c' } }))
    expect(a.status).toBe(422)
    expect(a.body.message).toBe(
      'ImageStreamTag.image.openshift.io "s:t" is invalid: tag.annotations: Invalid value: "<map>": tag annotations must not be provided or must be equal to the object meta annotations',
    )
    const bad = await call(api, 'POST', ISTAGS, body('s:t', { from: { kind: 'DockerImage', name: 'abc@badid' } }))
    expect(bad.body.message).toBe('ImageStreamTag.image.openshift.io "s:t" is invalid: tag.from.name: Invalid value: "abc@badid": invalid reference format')
    // nothing was written
    expect((await call(api, 'GET', `${IS}/s`)).status).toBe(404)
  })

  it('over HTTP an empty tag is valid (v1 defaults) and creates a spec tag without from', async () => {
    const api = fakeApi()
    const r = await call(api, 'POST', ISTAGS, body('s:t', {}))
    expect(r.status).toBe(201)
    expect(r.body.tag).toEqual({ name: 't', annotations: null, generation: 1, importPolicy: { importMode: 'Legacy' }, referencePolicy: { type: 'Source' } })
  })

  it('400 when the body namespace differs from the URL', async () => {
    const r = await call(fakeApi(), 'POST', ISTAGS, body('s:t', {}, { namespace: 'other' }))
    expect(r.status).toBe(400)
    expect(r.body.message).toBe('the namespace of the provided object does not match the namespace sent on the request')
  })

  it('dryRun=All answers 201 and writes nothing', async () => {
    const api = await seeded()
    const rv = api.store.resourceVersion
    const r = await call(api, 'POST', `${ISTAGS}?dryRun=All`, body('ruby:dry', { from: { kind: 'DockerImage', name: 'a/b:c' } }))
    expect(r.status).toBe(201)
    expect(r.body.tag.name).toBe('dry')
    const n = await call(api, 'POST', `${ISTAGS}?dryRun=All`, body('fresh:dry', { from: { kind: 'DockerImage', name: 'a/b:c' } }))
    expect(n.status).toBe(201)
    expect(api.store.resourceVersion).toBe(rv)
    expect((await getStream(api)).spec.tags.map((t: any) => t.name)).toEqual(['latest', 'old'])
    expect((await call(api, 'GET', `${IS}/fresh`)).status).toBe(404)
  })
})

describe('ImageStreamTag UPDATE: PUT', () => {
  it('round-trips a GET: 200, the spec tag takes tag + metadata.annotations; no-op writes nothing', async () => {
    const api = await seeded()
    const got = (await call(api, 'GET', `${ISTAGS}/ruby:latest`)).body
    const rv = api.store.resourceVersion
    const same = await call(api, 'PUT', `${ISTAGS}/ruby:latest`, got)
    expect(same.status).toBe(200)
    expect(api.store.resourceVersion).toBe(rv)
    const edited = { ...got, metadata: { ...got.metadata, annotations: { color: 'green' } }, tag: { ...got.tag, from: { kind: 'DockerImage', name: 'quay.io/x/ruby:4' } } }
    const r = await call(api, 'PUT', `${ISTAGS}/ruby:latest`, edited)
    expect(r.status).toBe(200)
    const s = await getStream(api)
    const spec = s.spec.tags.find((t: any) => t.name === 'latest')
    expect(spec.annotations).toEqual({ color: 'green' })
    expect(spec.from.name).toBe('quay.io/x/ruby:4')
    expect(spec.generation).toBe(s.metadata.generation)
    expect(r.body.metadata.annotations).toEqual({ color: 'green' })
    expect(r.body.metadata.resourceVersion).toBe(s.metadata.resourceVersion)
  })

  it('blind PUT (no resourceVersion) creates a new spec tag with 201, the stream labels are assumed', async () => {
    const api = await seeded()
    const r = await call(api, 'PUT', `${ISTAGS}/ruby:new`, { kind: 'ImageStreamTag', apiVersion: 'image.openshift.io/v1', metadata: { name: 'ruby:new' }, tag: { from: { kind: 'ImageStreamTag', name: 'latest' } } })
    expect(r.status).toBe(201)
    expect(r.body.tag.name).toBe('new')
    expect(r.body.metadata.labels).toEqual({ app: 'ruby' })
    expect(r.body.image.metadata.name).toBe(DIGEST_A)
  })

  it('the tag name is forced to the tag part of the URL name', async () => {
    const api = await seeded()
    const r = await call(api, 'PUT', `${ISTAGS}/ruby:other`, { kind: 'ImageStreamTag', apiVersion: 'image.openshift.io/v1', metadata: { name: 'ruby:other' }, tag: { name: 'latest', from: { kind: 'DockerImage', name: 'a/b:c' } } })
    expect(r.status).toBe(201)
    const s = await getStream(api)
    expect(s.spec.tags.map((t: any) => t.name)).toEqual(['latest', 'old', 'other'])
    expect(s.spec.tags[0].from.name).toBe('quay.io/x/ruby:3')
  })

  it('409 "another caller" on a stale resourceVersion', async () => {
    const api = await seeded()
    const got = (await call(api, 'GET', `${ISTAGS}/ruby:latest`)).body
    const s = await getStream(api)
    const r = await call(api, 'PUT', `${ISTAGS}/ruby:latest`, { ...got, metadata: { ...got.metadata, resourceVersion: '1' } })
    expect(r.status).toBe(409)
    expect(r.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `Operation cannot be fulfilled on imagestreamtags.image.openshift.io "ruby:latest": another caller has updated the resource version to ${s.metadata.resourceVersion}`,
      reason: 'Conflict',
      details: { name: 'ruby:latest', group: 'image.openshift.io', kind: 'imagestreamtags' },
      code: 409,
    })
  })

  it('stream missing: with a resourceVersion 404, without one the stream is created (201)', async () => {
    const api = fakeApi()
    const b = { kind: 'ImageStreamTag', apiVersion: 'image.openshift.io/v1', metadata: { name: 'fresh:t' }, tag: { from: { kind: 'DockerImage', name: 'a/b:c' } } }
    const nf = await call(api, 'PUT', `${ISTAGS}/fresh:t`, { ...b, metadata: { name: 'fresh:t', resourceVersion: '5' } })
    expect(nf.status).toBe(404)
    expect(nf.body.message).toBe('imagestreamtags.image.openshift.io "fresh:t" not found')
    const r = await call(api, 'PUT', `${ISTAGS}/fresh:t`, b)
    expect(r.status).toBe(201)
    const s = await getStream(api, 'fresh')
    expect(s.metadata.generation).toBe(1)
    expect(r.body.metadata.uid).toBe(s.metadata.uid)
    // create-mode validation
    const inv = await call(api, 'PUT', `${ISTAGS}/other:t`, { ...b, metadata: { name: 'other:t' }, tag: { from: { kind: 'X', name: 'y' } } })
    expect(inv.status).toBe(422)
    expect(inv.body.message).toBe(`ImageStreamTag.image.openshift.io "other:t" is invalid: tag.from.kind: Required value: valid values are 'DockerImage', 'ImageStreamImage', 'ImageStreamTag'`)
  })

  it('400 when a non-spec tag is updated with tag: null', async () => {
    const api = await seeded()
    const got = (await call(api, 'GET', `${ISTAGS}/ruby:pushed`)).body
    expect(got.tag).toBeNull()
    const r = await call(api, 'PUT', `${ISTAGS}/ruby:pushed`, got)
    expect(r.status).toBe(400)
    expect(r.body.message).toBe('imagestreamtag pushed is not a spec tag in imagestream ns/ruby, cannot be updated')
  })

  it('only the tag and annotations may change', async () => {
    const api = await seeded()
    const got = (await call(api, 'GET', `${ISTAGS}/ruby:latest`)).body
    const r = await call(api, 'PUT', `${ISTAGS}/ruby:latest`, { ...got, metadata: { ...got.metadata, labels: { app: 'other' } } })
    expect(r.status).toBe(422)
    expect(r.body.message).toBe('ImageStreamTag.image.openshift.io "ruby:latest" is invalid: metadata: Invalid value: "": may not update fields other than metadata.annotations')
    // lookupPolicy, generation, conditions and image are ignored
    const ok = await call(api, 'PUT', `${ISTAGS}/ruby:latest`, { ...got, lookupPolicy: { local: false }, generation: 9, image: { metadata: { name: 'x' } }, conditions: [{ type: 'X', status: 'True' }] })
    expect(ok.status).toBe(200)
    expect(ok.body.lookupPolicy).toEqual({ local: true })
    const uid = await call(api, 'PUT', `${ISTAGS}/ruby:latest`, { ...got, metadata: { ...got.metadata, uid: 'other' } })
    expect(uid.status).toBe(422)
    expect(uid.body.message).toContain('metadata.uid: Invalid value: "other": field is immutable')
  })

  it('tag-reference errors on update', async () => {
    const api = await seeded()
    const got = (await call(api, 'GET', `${ISTAGS}/ruby:latest`)).body
    const r = await call(api, 'PUT', `${ISTAGS}/ruby:latest`, { ...got, tag: { ...got.tag, importPolicy: { importMode: 'Bogus' } } })
    expect(r.status).toBe(422)
    expect(r.body.message).toBe(`ImageStreamTag.image.openshift.io "ruby:latest" is invalid: tag.importPolicy.importMode: Invalid value: "Bogus": invalid import mode, valid modes are '', 'Legacy', 'PreserveOriginal'`)
  })

  it('400 when the body name differs from the URL', async () => {
    const api = await seeded()
    const got = (await call(api, 'GET', `${ISTAGS}/ruby:latest`)).body
    const r = await call(api, 'PUT', `${ISTAGS}/ruby:pushed`, got)
    expect(r.status).toBe(400)
    expect(r.body.message).toBe('the name of the object (ruby:latest) does not match the name on the URL (ruby:pushed)')
  })

  it('tracking tags follow an ISTag write (internal update)', async () => {
    const api = await seeded()
    await call(api, 'POST', ISTAGS, { kind: 'ImageStreamTag', apiVersion: 'image.openshift.io/v1', metadata: { name: 'ruby:track' }, tag: { from: { kind: 'ImageStreamTag', name: 'pushed' } } })
    let s = await getStream(api)
    expect(s.status.tags.find((t: any) => t.tag === 'track').items[0].image).toBe(DIGEST_C)
    // re-point `pushed` to latest's image: `track` follows it
    await call(api, 'PUT', `${ISTAGS}/ruby:pushed`, { kind: 'ImageStreamTag', apiVersion: 'image.openshift.io/v1', metadata: { name: 'ruby:pushed' }, tag: { from: { kind: 'ImageStreamImage', name: `ruby@${DIGEST_A.slice(7, 19)}` } } })
    s = await getStream(api)
    expect(s.status.tags.find((t: any) => t.tag === 'pushed').items[0].image).toBe(DIGEST_A)
    expect(s.status.tags.find((t: any) => t.tag === 'track').items[0].image).toBe(DIGEST_A)
  })

  it('dryRun PUT does not write', async () => {
    const api = await seeded()
    const rv = api.store.resourceVersion
    const r = await call(api, 'PUT', `${ISTAGS}/ruby:dry?dryRun=All`, { kind: 'ImageStreamTag', apiVersion: 'image.openshift.io/v1', metadata: { name: 'ruby:dry' }, tag: { from: { kind: 'DockerImage', name: 'a/b:c' } } })
    expect(r.status).toBe(201)
    expect(api.store.resourceVersion).toBe(rv)
    expect((await getStream(api)).spec.tags.map((t: any) => t.name)).toEqual(['latest', 'old'])
  })
})

describe('ImageStreamTag UPDATE: PATCH on the synthetic old object', () => {
  it('merge patch of the tag', async () => {
    const api = await seeded()
    const r = await call(api, 'PATCH', `${ISTAGS}/ruby:old`, { tag: { from: { name: 'quay.io/x/ruby:2.7' } } }, { contentType: 'application/merge-patch+json' })
    // `ruby:old` has no image: the synthetic old object still exists (empty event), and the spec tag existed → 200
    expect(r.status).toBe(200)
    expect(r.body.tag.from).toEqual({ kind: 'DockerImage', name: 'quay.io/x/ruby:2.7' })
    expect(r.body.generation).toBe(0)
  })

  it('strategic merge patch of annotations lands in the spec tag', async () => {
    const api = await seeded()
    const r = await call(api, 'PATCH', `${ISTAGS}/ruby:latest`, { metadata: { annotations: { extra: '1' } } }, { contentType: 'application/strategic-merge-patch+json' })
    expect(r.status).toBe(200)
    expect(r.body.metadata.annotations).toEqual({ color: 'blue', extra: '1' })
    const s = await getStream(api)
    expect(s.spec.tags[0].annotations).toEqual({ color: 'blue', extra: '1' })
  })

  it('json patch; a test op against the synthetic object', async () => {
    const api = await seeded()
    const r = await call(api, 'PATCH', `${ISTAGS}/ruby:latest`, [{ op: 'test', path: '/generation', value: 2 }, { op: 'replace', path: '/tag/reference', value: true }], { contentType: 'application/json-patch+json' })
    expect(r.status).toBe(200)
    expect(r.body.tag.reference).toBe(true)
  })

  it('patch creates a missing spec tag (201) and a missing stream', async () => {
    const api = fakeApi()
    const r = await call(api, 'PATCH', `${ISTAGS}/made:t`, { tag: { from: { kind: 'DockerImage', name: 'a/b:c' } } }, { contentType: 'application/merge-patch+json' })
    expect(r.status).toBe(201)
    expect((await getStream(api, 'made')).spec.tags[0].name).toBe('t')
  })

  it('server-side apply', async () => {
    const api = await seeded()
    const r = await call(
      api,
      'PATCH',
      `${ISTAGS}/ruby:applied?fieldManager=me`,
      { apiVersion: 'image.openshift.io/v1', kind: 'ImageStreamTag', metadata: { name: 'ruby:applied' }, tag: { from: { kind: 'DockerImage', name: 'a/b:c' } } },
      { contentType: 'application/apply-patch+yaml' },
    )
    expect(r.status).toBe(201)
    expect(r.body.tag.from.name).toBe('a/b:c')
  })
})

describe('ImageStreamTag DELETE', () => {
  it('removes spec and status tag, generation+1, answers a bare Success Status', async () => {
    const api = await seeded()
    const before = await getStream(api)
    const r = await call(api, 'DELETE', `${ISTAGS}/ruby:latest`)
    expect(r.status).toBe(200)
    expect(r.text).toBe('{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Success"}\n')
    const s = await getStream(api)
    expect(s.spec.tags.map((t: any) => t.name)).toEqual(['old'])
    expect(s.status.tags.map((t: any) => t.tag)).toEqual(['pushed'])
    expect(s.metadata.generation).toBe(before.metadata.generation + 1)
    // the image is not deleted
    expect((await call(api, 'GET', `/apis/image.openshift.io/v1/images/${DIGEST_A}`)).status).toBe(200)
    const again = await call(api, 'DELETE', `${ISTAGS}/ruby:latest`)
    expect(again.status).toBe(404)
    expect(again.body.message).toBe('imagestreamtags.image.openshift.io "ruby:latest" not found')
  })

  it('status-only tag: deleted without a generation bump', async () => {
    const api = await seeded()
    const before = await getStream(api)
    expect((await call(api, 'DELETE', `${ISTAGS}/ruby:pushed`)).status).toBe(200)
    expect((await getStream(api)).metadata.generation).toBe(before.metadata.generation)
  })

  it('UID precondition, missing stream, bad name, dryRun', async () => {
    const api = await seeded()
    const pre = await call(api, 'DELETE', `${ISTAGS}/ruby:latest`, { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { uid: 'nope' } })
    expect(pre.status).toBe(409)
    expect(pre.body.message).toBe('Operation cannot be fulfilled on imagestreamtags.image.openshift.io "ruby:latest": the UID precondition was not met')
    const s = await getStream(api)
    const ok = await call(api, 'DELETE', `${ISTAGS}/ruby:latest?dryRun=All`, { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { uid: s.metadata.uid }, dryRun: ['All'] })
    expect(ok.status).toBe(200)
    expect((await getStream(api)).spec.tags).toHaveLength(2)
    expect((await call(api, 'DELETE', `${ISTAGS}/nope:latest`)).body.message).toBe('imagestreams.image.openshift.io "nope" not found')
    expect((await call(api, 'DELETE', `${ISTAGS}/nope`)).body.message).toBe('ImageStreamTags must be retrieved with <name>:<tag>')
  })
})

describe('ImageStreamTag unsupported verbs and discovery', () => {
  it('watch → 405, deletecollection → 405, /watch path → 404', async () => {
    const api = await seeded()
    const w = await call(api, 'GET', `${ISTAGS}?watch=true`)
    expect(w.status).toBe(405)
    expect(w.body).toMatchObject({
      reason: 'MethodNotAllowed',
      message: 'watch is not supported on resources of kind "imagestreamtags.image.openshift.io"',
      details: { group: 'image.openshift.io', kind: 'imagestreamtags' },
    })
    const dc = await call(api, 'DELETE', ISTAGS)
    expect(dc.status).toBe(405)
    expect(dc.body.message).toBe('the server does not allow this method on the requested resource')
    expect((await call(api, 'GET', '/apis/image.openshift.io/v1/watch/namespaces/ns/imagestreamtags')).status).toBe(404)
  })

  it('is in discovery with its verbs and short name', async () => {
    const r = await call(fakeApi(), 'GET', '/apis/image.openshift.io/v1')
    const res = r.body.resources.find((x: any) => x.name === 'imagestreamtags')
    expect(res).toEqual({ name: 'imagestreamtags', singularName: 'imagestreamtag', namespaced: true, kind: 'ImageStreamTag', verbs: ['create', 'delete', 'get', 'list', 'patch', 'update'], shortNames: ['istag'] })
  })
})

describe('ImageStreamTag Table', () => {
  it('prints NAME, IMAGE REFERENCE, UPDATED and the wide IMAGE NAME', async () => {
    const api = fakeApi()
    const created = new Date(Date.now() - 3 * 3600_000).toISOString().replace(/\.\d+Z$/, 'Z')
    await api.seed([image(DIGEST_A), { kind: 'ImageStream', apiVersion: 'image.openshift.io/v1', metadata: { name: 's', namespace: 'ns' }, spec: {}, status: { dockerImageRepository: '', tags: [{ tag: 't', items: [ev(DIGEST_A, `quay.io/a/b@${DIGEST_A}`, 1, created)] }] } }])
    const r = await call(api, 'GET', ISTAGS, undefined, { headers: { accept: TABLE } })
    expect(r.body.kind).toBe('Table')
    expect(r.body.metadata).toEqual({})
    expect(r.body.columnDefinitions.map((c: any) => [c.name, c.priority])).toEqual([
      ['Name', 0],
      ['Image Reference', 0],
      ['Updated', 0],
      ['Image Name', 1],
    ])
    expect(r.body.rows[0].cells).toEqual(['s:t', `quay.io/a/b@${DIGEST_A}`, '3 hours ago', DIGEST_A])
    const one = await call(api, 'GET', `${ISTAGS}/s:t`, undefined, { headers: { accept: TABLE } })
    expect(one.body.rows).toHaveLength(1)
    expect(one.body.rows[0].object.kind).toBe('PartialObjectMetadata')
  })
})
