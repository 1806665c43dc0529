// Server-side apply field ownership (k8s.io/apimachinery/pkg/util/managedfields/internal,
// sigs.k8s.io/structured-merge-diff): the applier owns what it applies, omitted fields it applied before are
// pruned unless another manager owns them, changing another manager's field is a 409 conflict unless
// force=true, which takes the field over.

import { describe, expect, it } from 'vitest'
import { call, dockerTag, fakeApi, IS } from './helpers.js'

const APPLY = { contentType: 'application/apply-patch+yaml' }
const intent = (spec: Record<string, unknown>, metadata: Record<string, unknown> = {}) => ({
  apiVersion: 'image.openshift.io/v1',
  kind: 'ImageStream',
  metadata: { name: 's', ...metadata },
  spec,
})
const tagNames = (obj: any) => obj.spec.tags.map((t: any) => `${t.name}=${t.from.name}`)
const owned = (obj: any, manager: string, operation: string) => obj.metadata.managedFields.find((m: any) => m.manager === manager && m.operation === operation)?.fieldsV1

/** Another manager's write: a merge patch by `kubectl-edit` (manager from the User-Agent). */
const editAs = (api: ReturnType<typeof fakeApi>, patch: unknown, agent = 'kubectl-edit/v1.32.0') =>
  call(api, 'PATCH', `${IS}/s`, patch, { contentType: 'application/merge-patch+json', headers: { 'user-agent': agent } })

describe('server-side apply ownership', () => {
  it('prunes what the applier applied before and omits now; owns exactly its applied fields', async () => {
    const api = fakeApi()
    const first = await call(api, 'PATCH', `${IS}/s?fieldManager=me`, intent({ tags: [dockerTag('a', 'x/y:1'), dockerTag('b', 'x/y:2')] }, { labels: { keep: '1', drop: '1' } }), APPLY)
    expect(first.status).toBe(201)
    expect(owned(first.body, 'me', 'Apply')).toEqual({
      'f:metadata': { '.': {}, 'f:labels': { '.': {}, 'f:drop': {}, 'f:keep': {} } },
      'f:spec': { '.': {}, 'f:tags': { '.': {}, 'k:{"name":"a"}': { '.': {}, 'f:from': { '.': {}, 'f:kind': {}, 'f:name': {} }, 'f:name': {} }, 'k:{"name":"b"}': { '.': {}, 'f:from': { '.': {}, 'f:kind': {}, 'f:name': {} }, 'f:name': {} } } },
    })
    const second = await call(api, 'PATCH', `${IS}/s?fieldManager=me`, intent({ tags: [dockerTag('b', 'x/y:2')] }, { labels: { keep: '1' } }), APPLY)
    expect(second.status).toBe(200)
    expect(tagNames(second.body)).toEqual(['b=x/y:2'])
    expect(second.body.metadata.labels).toEqual({ keep: '1' })
    expect(Object.keys(owned(second.body, 'me', 'Apply')['f:spec']['f:tags'])).toEqual(['.', 'k:{"name":"b"}'])
  })

  it('keeps an omitted field that another manager also owns', async () => {
    const api = fakeApi()
    await call(api, 'PATCH', `${IS}/s?fieldManager=me`, intent({ tags: [dockerTag('a', 'x/y:1')] }, { labels: { shared: '1' } }), APPLY)
    // The same value from another manager: shared ownership, no conflict.
    const other = await call(api, 'PATCH', `${IS}/s?fieldManager=other`, intent({}, { labels: { shared: '1' } }), APPLY)
    expect(other.status).toBe(200)
    const r = await call(api, 'PATCH', `${IS}/s?fieldManager=me`, intent({ tags: [dockerTag('a', 'x/y:1')] }), APPLY)
    expect(r.status).toBe(200)
    expect(r.body.metadata.labels).toEqual({ shared: '1' })
    expect(owned(r.body, 'other', 'Apply')).toEqual({ 'f:metadata': { '.': {}, 'f:labels': { '.': {}, 'f:shared': {} } } })
  })

  it('changing a field another manager owns is a 409 with the conflict as a cause; nothing is written', async () => {
    const api = fakeApi()
    await call(api, 'PATCH', `${IS}/s?fieldManager=me`, intent({ tags: [dockerTag('latest', 'x/y:1')] }), APPLY)
    const edit = await editAs(api, { spec: { tags: [dockerTag('latest', 'x/y:edited')] } })
    expect(edit.status).toBe(200)
    const before = edit.body.metadata.resourceVersion
    const r = await call(api, 'PATCH', `${IS}/s?fieldManager=me`, intent({ tags: [dockerTag('latest', 'x/y:2')] }), APPLY)
    expect(r.status).toBe(409)
    expect(r.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Apply failed with 1 conflict: conflict with "kubectl-edit" using image.openshift.io/v1: .spec.tags[name="latest"].from.name',
      reason: 'Conflict',
      details: { causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "kubectl-edit" using image.openshift.io/v1', field: '.spec.tags[name="latest"].from.name' }] },
      code: 409,
    })
    const now = await call(api, 'GET', `${IS}/s`)
    expect(now.body.metadata.resourceVersion).toBe(before)
    expect(tagNames(now.body)).toEqual(['latest=x/y:edited'])
    // Applying the value that is already there is no conflict.
    expect((await call(api, 'PATCH', `${IS}/s?fieldManager=me`, intent({ tags: [dockerTag('latest', 'x/y:edited')] }), APPLY)).status).toBe(200)
  })

  it('force=true takes the conflicting fields over from the other manager', async () => {
    const api = fakeApi()
    await call(api, 'PATCH', `${IS}/s?fieldManager=me`, intent({ tags: [dockerTag('latest', 'x/y:1')] }, { labels: { app: 'a' } }), APPLY)
    await editAs(api, { metadata: { labels: { app: 'b', tier: 'web' } }, spec: { tags: [dockerTag('latest', 'x/y:edited')] } })
    const r = await call(api, 'PATCH', `${IS}/s?fieldManager=me&force=true`, intent({ tags: [dockerTag('latest', 'x/y:2')] }, { labels: { app: 'c' } }), APPLY)
    expect(r.status).toBe(200)
    expect(tagNames(r.body)).toEqual(['latest=x/y:2'])
    expect(r.body.metadata.labels).toEqual({ app: 'c', tier: 'web' })
    const edit = owned(r.body, 'kubectl-edit', 'Update')
    expect(edit['f:metadata']['f:labels']).toEqual({ 'f:tier': {} })
    expect(edit['f:spec']).toBeUndefined()
  })

  it('several conflicts: counted, grouped by manager (sorted), one line per field', async () => {
    const api = fakeApi()
    await call(api, 'PATCH', `${IS}/s?fieldManager=me`, intent({ lookupPolicy: { local: false } }, { labels: { a: '1', b: '1' } }), APPLY)
    await editAs(api, { metadata: { labels: { b: '2' } } }, 'zeta/1.0')
    await editAs(api, { metadata: { labels: { a: '2' } }, spec: { lookupPolicy: { local: true } } }, 'alpha/1.0')
    const r = await call(api, 'PATCH', `${IS}/s?fieldManager=me`, intent({ lookupPolicy: { local: false } }, { labels: { a: '3', b: '3' } }), APPLY)
    expect(r.status).toBe(409)
    expect(r.body.message).toBe(
      'Apply failed with 3 conflicts: conflicts with "alpha" using image.openshift.io/v1:\n- .metadata.labels.a\n- .spec.lookupPolicy.local\nconflicts with "zeta" using image.openshift.io/v1:\n- .metadata.labels.b',
    )
    expect(r.body.details.causes.map((c: any) => c.field)).toEqual(['.metadata.labels.a', '.spec.lookupPolicy.local', '.metadata.labels.b'])
  })

  it('a dry-run apply reports conflicts the same way', async () => {
    const api = fakeApi()
    await call(api, 'PATCH', `${IS}/s?fieldManager=me`, intent({}, { labels: { a: '1' } }), APPLY)
    await editAs(api, { metadata: { labels: { a: '2' } } })
    const r = await call(api, 'PATCH', `${IS}/s?fieldManager=me&dryRun=All`, intent({}, { labels: { a: '3' } }), APPLY)
    expect(r.status).toBe(409)
    expect(r.body.details.causes).toEqual([{ reason: 'FieldManagerConflict', message: 'conflict with "kubectl-edit" using image.openshift.io/v1', field: '.metadata.labels.a' }])
  })
})

describe('server-side apply on /status', () => {
  const statusIntent = (image: string) => ({
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStream',
    metadata: { name: 's' },
    status: { tags: [{ tag: 'x', items: [{ created: '2026-01-01T00:00:00Z', dockerImageReference: `quay.io/a/b@${image}`, image, generation: 1 }] }] },
  })
  const D1 = `sha256:${'1'.repeat(64)}`
  const D2 = `sha256:${'2'.repeat(64)}`
  const D3 = `sha256:${'3'.repeat(64)}`

  it('the applier of a subresource is its own manager; another status writer is a conflict "with subresource"', async () => {
    const api = fakeApi()
    expect((await call(api, 'POST', IS, { apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name: 's' } })).status).toBe(201)
    const first = await call(api, 'PATCH', `${IS}/s/status?fieldManager=ctl`, statusIntent(D1), APPLY)
    expect(first.status).toBe(200)
    const again = await call(api, 'PATCH', `${IS}/s/status?fieldManager=ctl`, statusIntent(D2), APPLY)
    expect(again.status).toBe(200)
    expect(again.body.status.tags[0].items[0].image).toBe(D2)
    expect(again.body.metadata.managedFields.find((m: any) => m.manager === 'ctl')).toMatchObject({ operation: 'Apply', subresource: 'status' })
    const other = await call(api, 'PATCH', `${IS}/s/status`, { status: statusIntent(D3).status }, { contentType: 'application/merge-patch+json', headers: { 'user-agent': 'other/1.0' } })
    expect(other.status).toBe(200)
    const r = await call(api, 'PATCH', `${IS}/s/status?fieldManager=ctl`, statusIntent(D1), APPLY)
    expect(r.status).toBe(409)
    expect(r.body.message).toBe('Apply failed with 1 conflict: conflict with "other" with subresource "status" using image.openshift.io/v1: .status.tags[tag="x"].items')
  })
})

describe('managedFields of Update writes', () => {
  it('a create owns what it sent (after defaulting): not the status the strategy resets, not null fields', async () => {
    const api = fakeApi()
    const r = await call(api, 'POST', IS, intent({ tags: [dockerTag('latest', 'quay.io/a/b:1')] }, { labels: { app: 'a' } }), { headers: { 'user-agent': 'kubectl-create/v1.32.0' } })
    expect(r.status).toBe(201)
    expect(r.body.spec.tags[0].annotations).toBeNull()
    const entry = r.body.metadata.managedFields[0]
    expect(entry).toMatchObject({ manager: 'kubectl-create', operation: 'Update', apiVersion: 'image.openshift.io/v1', fieldsType: 'FieldsV1' })
    expect(Object.keys(entry.fieldsV1)).toEqual(['f:metadata', 'f:spec'])
    const tag = entry.fieldsV1['f:spec']['f:tags']['k:{"name":"latest"}']
    expect(tag['f:from']).toEqual({ '.': {}, 'f:kind': {}, 'f:name': {} })
    expect(tag['f:annotations']).toBeUndefined()
    expect(entry.fieldsV1['f:spec']['f:lookupPolicy']).toEqual({ '.': {}, 'f:local': {} })
  })

  it('a /status write does not own the spec fields it resets (tags); lookupPolicy persists there (QUIRK) and is owned', async () => {
    const api = fakeApi()
    await call(api, 'POST', IS, intent({ tags: [dockerTag('latest', 'quay.io/a/b:1')] }))
    const patch = { metadata: { labels: { c: 'd' } }, spec: { lookupPolicy: { local: true }, tags: [dockerTag('other', 'quay.io/a/b:2')] }, status: { tags: [{ tag: 'x', items: [] }] } }
    const r = await call(api, 'PATCH', `${IS}/s/status`, patch, { contentType: 'application/merge-patch+json', headers: { 'user-agent': 'ctl/1.0' } })
    expect(r.status).toBe(200)
    expect(r.body.spec.lookupPolicy.local).toBe(true)
    expect(tagNames(r.body)).toEqual(['latest=quay.io/a/b:1'])
    const entry = r.body.metadata.managedFields.find((m: any) => m.manager === 'ctl')
    expect(entry.subresource).toBe('status')
    expect(Object.keys(entry.fieldsV1).sort()).toEqual(['f:metadata', 'f:spec', 'f:status'])
    expect(entry.fieldsV1['f:spec']).toEqual({ 'f:lookupPolicy': { 'f:local': {} } })
  })
})

describe('server-side apply: typing the applied configuration', () => {
  it('a field the schema does not declare is the real 500 (no reason), whatever fieldValidation says; nothing is written', async () => {
    const api = fakeApi()
    for (const q of ['', '&fieldValidation=Strict', '&fieldValidation=Ignore']) {
      const r = await call(api, 'PATCH', `${IS}/s?fieldManager=me${q}`, intent({ foo: 1, tags: [dockerTag('a', 'x/y:1')] }, { namespace: 'ns' }), APPLY)
      expect(r.status).toBe(500)
      expect(r.body).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'failed to create typed patch object (ns/s; image.openshift.io/v1, Kind=ImageStream): .spec.foo: field not declared in schema',
        code: 500,
      })
    }
    expect((await call(api, 'GET', `${IS}/s`)).status).toBe(404)
  })
})

describe('server-side apply: strict YAML', () => {
  it('duplicate keys with fieldValidation=Strict are the 400 "error strict decoding YAML"', async () => {
    const api = fakeApi()
    const yaml = 'apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata:\n  name: s\n  labels: {a: "1"}\n  labels: {b: "2"}\nspec: {}\n'
    const strict = await call(api, 'PATCH', `${IS}/s?fieldManager=me&fieldValidation=Strict`, undefined, { ...APPLY, raw: yaml })
    expect(strict.status).toBe(400)
    expect(strict.body.reason).toBe('BadRequest')
    expect(strict.body.message).toBe('error strict decoding YAML: error converting YAML to JSON: yaml: unmarshal errors:\n  line 6: key "labels" already set in map')
    // Otherwise the last one wins.
    const lax = await call(api, 'PATCH', `${IS}/s?fieldManager=me&fieldValidation=Ignore`, undefined, { ...APPLY, raw: yaml })
    expect(lax.status).toBe(201)
    expect(lax.body.metadata.labels).toEqual({ b: '2' })
  })
})
