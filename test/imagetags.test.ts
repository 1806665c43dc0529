import { describe, expect, it } from 'vitest'
import { imageTagCells } from '../src/image/views/printers.js'
import type { KubeObject } from '../src/image/types.js'
import { call, DIGEST_A, DIGEST_B, ev, fakeApi, image, IS, PARSEABLE_CONFIG, PARSEABLE_MANIFEST, TABLE_ACCEPT } from './helpers.js'

const ITAGS = '/apis/image.openshift.io/v1/namespaces/ns/imagetags'
const TABLE = TABLE_ACCEPT

const MANIFEST = PARSEABLE_MANIFEST
const CONFIG = PARSEABLE_CONFIG

function appStream() {
  return {
    kind: 'ImageStream',
    apiVersion: 'image.openshift.io/v1',
    metadata: { name: 'app', namespace: 'ns', labels: { a: 'b' }, annotations: { blue: 'green' } },
    spec: { tags: [{ name: 'spec-only', from: { kind: 'DockerImage', name: 'quay.io/a/app:1' } }, { name: 'v1', from: { kind: 'DockerImage', name: 'quay.io/a/app:v1' } }] },
    status: {
      dockerImageRepository: '',
      tags: [
        { tag: 'pushed', items: [ev(DIGEST_B, `quay.io/a/app@${DIGEST_B}`)] },
        { tag: 'v1', items: [ev(DIGEST_A, `quay.io/a/app@${DIGEST_A}`, 1), ev(DIGEST_B, `quay.io/a/app@${DIGEST_B}`, 1)] },
      ],
    },
  }
}

async function seeded() {
  const api = fakeApi()
  await api.seed([image(DIGEST_A, `quay.io/elsewhere@${DIGEST_A}`, { dockerImageManifest: MANIFEST, dockerImageConfig: CONFIG }), appStream()])
  return api
}

const getStream = async (api: ReturnType<typeof fakeApi>, name = 'app') => (await call(api, 'GET', `${IS}/${name}`)).body

describe('ImageTag GET', () => {
  it('metadata is the stream ObjectMeta renamed; spec, whole status and the latest image', async () => {
    const api = await seeded()
    const s = await getStream(api)
    const r = await call(api, 'GET', `${ITAGS}/app:v1`)
    expect(r.status).toBe(200)
    expect(Object.keys(r.body)).toEqual(['kind', 'apiVersion', 'metadata', 'spec', 'status', 'image'])
    expect(r.body.metadata).toEqual({ ...s.metadata, name: 'app:v1' })
    expect(r.body.metadata.generation).toBe(1)
    expect(r.body.spec).toEqual({ name: 'v1', annotations: null, from: { kind: 'DockerImage', name: 'quay.io/a/app:v1' }, generation: 1, importPolicy: { importMode: 'Legacy' }, referencePolicy: { type: 'Source' } })
    expect(r.body.status).toEqual({ tag: 'v1', items: appStream().status.tags[1]!.items })
    expect(r.body.image.metadata.name).toBe(DIGEST_A)
    expect(r.body.image.dockerImageReference).toBe(`quay.io/a/app@${DIGEST_A}`)
    expect(r.body.image.dockerImageManifest).toBeUndefined()
  })

  it('spec-only tag: status null, image null; missing Image tolerated', async () => {
    const api = await seeded()
    const so = await call(api, 'GET', `${ITAGS}/app:spec-only`)
    expect(so.status).toBe(200)
    expect(so.body.status).toBeNull()
    expect(so.body.image).toBeNull()
    const pushed = await call(api, 'GET', `${ITAGS}/app:pushed`)
    expect(pushed.status).toBe(200)
    expect(pushed.body.spec).toBeNull()
    expect(pushed.body.image).toBeNull() // DIGEST_B has no Image object
  })

  it('404 when neither spec nor status exists; 404 stream; 400 name', async () => {
    const api = await seeded()
    const r = await call(api, 'GET', `${ITAGS}/app:none`)
    expect(r.status).toBe(404)
    expect(r.body.message).toBe('imagetags.image.openshift.io "app:none" not found')
    expect(r.body.details.kind).toBe('imagetags')
    expect((await call(api, 'GET', `${ITAGS}/x:y`)).body.message).toBe('imagestreams.image.openshift.io "x" not found')
    const bad = await call(api, 'GET', `${ITAGS}/app`)
    expect(bad.status).toBe(400)
    expect(bad.body.message).toBe('ImageTags must be retrieved with <name>:<tag>')
  })
})

describe('ImageTag LIST', () => {
  it('one per tag in spec ∪ status, sorted, images not loaded; selectors as for istags', async () => {
    const api = await seeded()
    const r = await call(api, 'GET', ITAGS)
    expect(r.body.kind).toBe('ImageTagList')
    expect(r.body.metadata).toEqual({})
    expect(r.body.items.map((i: any) => i.metadata.name)).toEqual(['app:pushed', 'app:spec-only', 'app:v1'])
    expect(r.body.items.every((i: any) => i.image === null)).toBe(true)
    expect((await call(api, 'GET', `${ITAGS}?labelSelector=a%3Db`)).body.items).toHaveLength(3)
    expect((await call(api, 'GET', `${ITAGS}?labelSelector=a%3Dc`)).body.items).toEqual([])
    expect((await call(api, 'GET', `${ITAGS}?fieldSelector=metadata.name%3Dapp%3Av1`)).body.items).toEqual([])
    expect((await call(api, 'GET', '/apis/image.openshift.io/v1/imagetags')).body.items).toHaveLength(3)
    const w = await call(api, 'GET', `${ITAGS}?watch=1`)
    expect(w.status).toBe(405)
    expect(w.body.message).toBe('watch is not supported on resources of kind "imagetags.image.openshift.io"')
  })
})

describe('ImageTag CREATE', () => {
  it('the reference example: stream with labels/annotations, no tags', async () => {
    const api = fakeApi()
    await api.seed([{ kind: 'ImageStream', apiVersion: 'image.openshift.io/v1', metadata: { name: 'test', namespace: 'default', labels: { a: 'b' }, annotations: { blue: 'green' } }, spec: {} }])
    const s0 = (await call(api, 'GET', '/apis/image.openshift.io/v1/namespaces/default/imagestreams/test')).body
    const r = await call(api, 'POST', '/apis/image.openshift.io/v1/namespaces/default/imagetags', {
      kind: 'ImageTag',
      apiVersion: 'image.openshift.io/v1',
      metadata: { name: 'test:tag' },
      spec: { from: { kind: 'DockerImage', name: 'foo/bar/baz' } },
    })
    expect(r.status).toBe(201)
    const s = (await call(api, 'GET', '/apis/image.openshift.io/v1/namespaces/default/imagestreams/test')).body
    expect(r.body.metadata).toMatchObject({ name: 'test:tag', namespace: 'default', uid: s0.metadata.uid, resourceVersion: s.metadata.resourceVersion, generation: 2, labels: { a: 'b' }, annotations: { blue: 'green' } })
    expect(r.body.spec).toEqual({ name: 'tag', annotations: null, from: { kind: 'DockerImage', name: 'foo/bar/baz' }, generation: 2, importPolicy: { importMode: 'Legacy' }, referencePolicy: { type: 'Source' } })
    expect(r.body.status).toBeNull()
    expect(r.body.image).toBeNull()
  })

  it('creates a missing stream', async () => {
    const api = fakeApi()
    const r = await call(api, 'POST', ITAGS, { kind: 'ImageTag', apiVersion: 'image.openshift.io/v1', metadata: { name: 'n:t' }, spec: { from: { kind: 'DockerImage', name: 'a/b' } } })
    expect(r.status).toBe(201)
    expect(r.body.metadata.generation).toBe(1)
    expect(r.body.spec.generation).toBe(1)
  })

  it('validation: spec required, spec.name must match, prefix spec.', async () => {
    const api = fakeApi()
    const none = await call(api, 'POST', ITAGS, { kind: 'ImageTag', apiVersion: 'image.openshift.io/v1', metadata: { name: 'n:t' } })
    expect(none.status).toBe(422)
    expect(none.body.message).toBe('ImageTag.image.openshift.io "n:t" is invalid: spec: Required value: spec is a required field during creation')
    const mismatch = await call(api, 'POST', ITAGS, { kind: 'ImageTag', apiVersion: 'image.openshift.io/v1', metadata: { name: 'n:t' }, spec: { name: 'u', from: { kind: 'Nope', name: 'x' } } })
    expect(mismatch.body.message).toBe(
      `ImageTag.image.openshift.io "n:t" is invalid: [spec.name: Invalid value: "u": must match image tag name, spec.from.kind: Required value: valid values are 'DockerImage', 'ImageStreamImage', 'ImageStreamTag']`,
    )
    const noColon = await call(api, 'POST', ITAGS, { kind: 'ImageTag', apiVersion: 'image.openshift.io/v1', metadata: { name: 'plain' }, spec: {} })
    expect(noColon.body.message).toBe('ImageTag.image.openshift.io "plain" is invalid: spec.name: Invalid value: "latest": must match image tag name')
  })

  it('409 AlreadyExists names the plural resource', async () => {
    const api = await seeded()
    const r = await call(api, 'POST', ITAGS, { kind: 'ImageTag', apiVersion: 'image.openshift.io/v1', metadata: { name: 'app:v1' }, spec: {} })
    expect(r.status).toBe(409)
    expect(r.body.message).toBe('imagetags.image.openshift.io "app:v1" already exists')
    // status-only tags can get a spec tag
    expect((await call(api, 'POST', ITAGS, { kind: 'ImageTag', apiVersion: 'image.openshift.io/v1', metadata: { name: 'app:pushed' }, spec: {} })).status).toBe(201)
  })
})

describe('ImageTag UPDATE', () => {
  it('spec: null deletes the spec tag and keeps the status (200)', async () => {
    const api = await seeded()
    const got = (await call(api, 'GET', `${ITAGS}/app:v1`)).body
    const r = await call(api, 'PUT', `${ITAGS}/app:v1`, { ...got, spec: null })
    expect(r.status).toBe(200)
    expect(r.body.spec).toBeNull()
    expect(r.body.status.items).toHaveLength(2)
    const s = await getStream(api)
    expect(s.spec.tags.map((t: any) => t.name)).toEqual(['spec-only'])
    expect(s.status.tags.map((t: any) => t.tag)).toEqual(['pushed', 'v1'])
    expect(s.metadata.generation).toBe(2)
  })

  it('a new spec on a status-only tag answers 201; name forced; blind write allowed', async () => {
    const api = await seeded()
    const got = (await call(api, 'GET', `${ITAGS}/app:pushed`)).body
    const { resourceVersion: _rv, ...meta } = got.metadata
    const r = await call(api, 'PUT', `${ITAGS}/app:pushed`, { ...got, metadata: meta, spec: { name: 'pushed', from: { kind: 'ImageStreamTag', name: 'v1' } } })
    expect(r.status).toBe(201)
    expect(r.body.spec.from).toEqual({ kind: 'ImageStreamTag', name: 'v1' })
    // resolved from v1 by the internal update
    expect(r.body.status.items[0].image).toBe(DIGEST_A)
    expect(r.body.image.metadata.name).toBe(DIGEST_A)
  })

  it('only spec may change: metadata and status must be sent unchanged', async () => {
    const api = await seeded()
    const got = (await call(api, 'GET', `${ITAGS}/app:v1`)).body
    const labels = await call(api, 'PUT', `${ITAGS}/app:v1`, { ...got, metadata: { ...got.metadata, labels: {} } })
    expect(labels.status).toBe(422)
    expect(labels.body.message).toBe('ImageTag.image.openshift.io "app:v1" is invalid: metadata: Invalid value: "": may not update fields other than spec')
    const status = await call(api, 'PUT', `${ITAGS}/app:v1`, { ...got, status: null })
    expect(status.body.message).toBe('ImageTag.image.openshift.io "app:v1" is invalid: status: Invalid value: "": may not update fields other than spec')
    const name = await call(api, 'PUT', `${ITAGS}/app:v1`, { ...got, spec: { ...got.spec, name: '' } })
    expect(name.body.message).toBe('ImageTag.image.openshift.io "app:v1" is invalid: spec.name: Invalid value: "": must match image tag name')
    // managedFields, omitted uid/creationTimestamp/generation are not differences
    const { uid: _u, creationTimestamp: _c, generation: _g, managedFields: _m, ...rest } = got.metadata
    const ok = await call(api, 'PUT', `${ITAGS}/app:v1`, { ...got, metadata: rest, spec: { ...got.spec, reference: true } })
    expect(ok.status).toBe(200)
    expect(ok.body.spec.reference).toBe(true)
  })

  it('409 another caller; 404 when the stream is missing and an RV is given; create mode otherwise', async () => {
    const api = await seeded()
    const got = (await call(api, 'GET', `${ITAGS}/app:v1`)).body
    const c = await call(api, 'PUT', `${ITAGS}/app:v1`, { ...got, metadata: { ...got.metadata, resourceVersion: '1' } })
    expect(c.status).toBe(409)
    expect(c.body.message).toBe(`Operation cannot be fulfilled on imagetags.image.openshift.io "app:v1": another caller has updated the resource version to ${got.metadata.resourceVersion}`)
    const nf = await call(api, 'PUT', `${ITAGS}/new:t`, { kind: 'ImageTag', apiVersion: 'image.openshift.io/v1', metadata: { name: 'new:t', resourceVersion: '3' }, spec: {} })
    expect(nf.status).toBe(404)
    expect(nf.body.message).toBe('imagetags.image.openshift.io "new:t" not found')
    const cr = await call(api, 'PUT', `${ITAGS}/new:t`, { kind: 'ImageTag', apiVersion: 'image.openshift.io/v1', metadata: { name: 'new:t' }, spec: { from: { kind: 'DockerImage', name: 'a/b' } } })
    expect(cr.status).toBe(201)
    expect(cr.body.metadata.generation).toBe(1)
    const inv = await call(api, 'PUT', `${ITAGS}/new2:t`, { kind: 'ImageTag', apiVersion: 'image.openshift.io/v1', metadata: { name: 'new2:t' }, spec: null })
    expect(inv.status).toBe(422)
    expect(inv.body.message).toBe('ImageTag.image.openshift.io "new2:t" is invalid: spec: Required value: spec is a required field during creation')
  })

  it('merge patch on the synthetic old object', async () => {
    const api = await seeded()
    const r = await call(api, 'PATCH', `${ITAGS}/app:spec-only`, { spec: { referencePolicy: { type: 'Local' } } }, { contentType: 'application/merge-patch+json' })
    expect(r.status).toBe(200)
    expect(r.body.spec.referencePolicy).toEqual({ type: 'Local' })
    const d = await call(api, 'PATCH', `${ITAGS}/app:spec-only`, { spec: null }, { contentType: 'application/merge-patch+json' })
    expect(d.status).toBe(200)
    expect((await getStream(api)).spec.tags.map((t: any) => t.name)).toEqual(['v1'])
  })
})

describe('ImageTag DELETE', () => {
  it('removes spec and status; 404 afterwards with the imagetags resource', async () => {
    const api = await seeded()
    const r = await call(api, 'DELETE', `${ITAGS}/app:v1`)
    expect(r.status).toBe(200)
    expect(r.body).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success' })
    const again = await call(api, 'DELETE', `${ITAGS}/app:v1`)
    expect(again.body.message).toBe('imagetags.image.openshift.io "app:v1" not found')
    const pre = await call(api, 'DELETE', `${ITAGS}/app:pushed`, { preconditions: { uid: 'x' } })
    expect(pre.body.message).toBe('Operation cannot be fulfilled on imagetags.image.openshift.io "app:pushed": the UID precondition was not met')
  })
})

// The rows of openshift-apiserver's pkg/image/printers/internalversion/printer_test.go TestImageTag.
describe('ImageTag printer', () => {
  const NOW = Date.parse('2026-03-01T12:00:00Z')
  const ago = (h: number) => new Date(NOW - h * 3600_000).toISOString()
  const itag = (name: string, spec?: Record<string, unknown>, status?: Record<string, unknown>): KubeObject =>
    ({ metadata: { name, namespace: 'test' }, spec: spec ? { importPolicy: {}, generation: null, ...spec } : null, status: status ? { items: null, ...status } : null }) as KubeObject
  const isi = (name: string, ns?: string) => ({ kind: 'ImageStreamImage', name, ...(ns ? { namespace: ns } : {}) })
  const rows: [KubeObject, unknown[]][] = [
    [itag('foo:0'), ['foo:0', '', '', null, '']],
    [itag('foo:1', { name: '1' }), ['foo:1', '', '', null, '']],
    [itag('foo:2', { name: '2', from: {} }), ['foo:2', 'Tag', 'InvalidRefKind', null, '']],
    [itag('foo:3', { name: '3', reference: true, from: { kind: 'DockerImage', name: 'a/b:c' } }), ['foo:3', 'Ref', 'a/b:c', null, '']],
    [itag('foo:4', { name: '4', from: { kind: 'ImageStreamTag', name: 'b:c' } }), ['foo:4', 'Tag', 'istag/b:c', null, '']],
    [itag('foo:4a', { name: '4a', from: isi('sha256:0000000000', 'a') }), ['foo:4a', 'Tag', 'InvalidRefName', null, '']],
    [itag('foo:5', { name: '5', importPolicy: { scheduled: true }, from: { kind: 'ImageStreamTag', name: 'b:c', namespace: 'a' } }), ['foo:5', 'Scheduled', 'istag a/b:c', null, '']],
    [itag('foo:6', { name: '6', from: isi('a@sha256:0000000000', 'a') }), ['foo:6', 'Tag', 'image/sha256:0000000000', null, '']],
    [
      itag('foo:7', { name: '7', from: isi('a@sha256:0000000000', 'a') }, { conditions: [{ type: 'ImportSuccess', status: 'False', reason: 'AbjectFailure', lastTransitionTime: ago(2) }] }),
      ['foo:7', 'Tag', 'ImportFailed (AbjectFailure)', null, '2 hours ago'],
    ],
    [itag('foo:8', { name: '8', from: isi('a@sha256:0000000000', 'a') }, { conditions: [{ type: 'ImportSuccess', reason: 'WithoutCondition' }] }), ['foo:8', 'Tag', 'image/sha256:0000000000', null, '']],
    [
      itag('foo:9', { name: '9', from: isi('a@sha256:0000000000', 'a'), generation: 2 }, { items: [{ image: 'sha256:0000000000', generation: 1, created: null }], conditions: [{ type: 'ImportSuccess', reason: 'AbjectFailure' }] }),
      ['foo:9', 'Tag', 'Importing', 1, ''],
    ],
    [
      itag(
        'foo:10',
        { name: '10', from: isi('a@sha256:0000000000', 'a'), generation: 2 },
        {
          items: [
            { image: 'sha256:0000000000', generation: 2, created: ago(48) },
            { dockerImageReference: 'old/image:nowhere', generation: 1, created: ago(72) },
          ],
          conditions: [{ type: 'ImportSuccess', reason: 'AbjectFailure' }],
        },
      ),
      ['foo:10', 'Tag', 'image/sha256:0000000000', 2, '2 days ago'],
    ],
    [itag('foo:11', undefined, { items: [{ image: 'sha256:0000000000', generation: 2, created: ago(48) }] }), ['foo:11', 'Push', 'image/sha256:0000000000', 1, '2 days ago']],
    [
      itag(
        'foo:12',
        { name: '12', from: isi('a@sha256:0000000001', 'a'), generation: 3 },
        {
          items: [
            { image: 'sha256:0000000002', generation: 4, created: ago(48) },
            { image: 'sha256:0000000001', generation: 3, created: ago(72) },
          ],
        },
      ),
      ['foo:12', 'Push', 'image/sha256:0000000002', 2, '2 days ago'],
    ],
    [itag('foo:13', undefined, { items: [{ dockerImageReference: 'a/b:c', generation: 2, created: ago(48) }] }), ['foo:13', 'Push', 'a/b:c', 1, '2 days ago']],
    [
      itag('foo:14', { name: '14', from: { kind: 'ImageStreamTag', name: 'other' }, generation: 1 }, { items: [{ image: 'sha256:0000000002', generation: 2, created: ago(48) }] }),
      ['foo:14', 'Track', 'image/sha256:0000000002', 1, '2 days ago'],
    ],
  ]
  it.each(rows)('%# row', (obj, cells) => {
    expect(imageTagCells(obj, NOW)).toEqual(cells)
  })

  it('is served as a Table', async () => {
    const api = await seeded()
    const r = await call(api, 'GET', ITAGS, undefined, { headers: { accept: TABLE } })
    expect(r.body.columnDefinitions.map((c: any) => [c.name, c.type])).toEqual([
      ['Name', 'string'],
      ['Spec', 'string'],
      ['Status', 'string'],
      ['History', 'number'],
      ['Updated', 'string'],
    ])
    expect(r.body.rows.map((x: any) => x.cells.slice(0, 4))).toEqual([
      ['app:pushed', 'Push', `image/${DIGEST_B}`, 1],
      ['app:spec-only', 'Tag', 'quay.io/a/app:1', null],
      ['app:v1', 'Tag', `image/${DIGEST_A}`, 2],
    ])
    expect(r.body.rows[0].cells[4]).toMatch(/ ago$/)
  })
})
