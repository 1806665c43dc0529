import { describe, expect, it } from 'vitest'
import { call, dockerTag, fakeApi, IS, stream } from './helpers.js'

const REGISTRY = 'image-registry.openshift-image-registry.svc:5000'

describe('ImageStream create', () => {
  it('creates with 201, server-set metadata, generation 1, recomputed status', async () => {
    const api = fakeApi()
    const r = await call(api, 'POST', IS, {
      ...stream('ruby', [dockerTag('latest', 'quay.io/x/ruby:3', { generation: 7 })]),
      status: { dockerImageRepository: 'bogus', tags: [{ tag: 'x', items: [] }] },
    })
    expect(r.status).toBe(201)
    expect(r.body.kind).toBe('ImageStream')
    expect(r.body.apiVersion).toBe('image.openshift.io/v1')
    const m = r.body.metadata
    expect(m.name).toBe('ruby')
    expect(m.namespace).toBe('ns')
    expect(m.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(m.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    expect(m.resourceVersion).toMatch(/^\d+$/)
    expect(m.generation).toBe(1)
    expect(r.body.spec.tags[0]).toEqual({
      name: 'latest',
      annotations: null,
      from: { kind: 'DockerImage', name: 'quay.io/x/ruby:3' },
      generation: 1,
      importPolicy: { importMode: 'Legacy' },
      referencePolicy: { type: 'Source' },
    })
    // Client status discarded; the DockerImage tag waits for an import, so no status tags.
    expect(r.body.status).toEqual({ dockerImageRepository: `${REGISTRY}/ns/ruby` })
  })

  it('rejects a duplicate with 409 AlreadyExists', async () => {
    const api = fakeApi()
    expect((await call(api, 'POST', IS, stream('a'))).status).toBe(201)
    const r = await call(api, 'POST', IS, stream('a'))
    expect(r.status).toBe(409)
    expect(r.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'imagestreams.image.openshift.io "a" already exists',
      reason: 'AlreadyExists',
      details: { name: 'a', group: 'image.openshift.io', kind: 'imagestreams' },
      code: 409,
    })
  })

  it('validates the name with the repository-component regex', async () => {
    const api = fakeApi()
    const r = await call(api, 'POST', IS, stream('Bad_Name'))
    expect(r.status).toBe(422)
    expect(r.body.message).toBe(
      'ImageStream.image.openshift.io "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": must match "[a-z0-9]+(?:[._-][a-z0-9]+)*"',
    )
    expect(r.body.details).toEqual({
      name: 'Bad_Name',
      group: 'image.openshift.io',
      kind: 'ImageStream',
      causes: [{ reason: 'FieldValueInvalid', message: 'Invalid value: "Bad_Name": must match "[a-z0-9]+(?:[._-][a-z0-9]+)*"', field: 'metadata.name' }],
    })
  })

  it('QUIRK: applies the regex to generateName, so "foo-" is rejected and "foo" works', async () => {
    const api = fakeApi()
    const bad = await call(api, 'POST', IS, { kind: 'ImageStream', apiVersion: 'image.openshift.io/v1', metadata: { generateName: 'foo-' } })
    expect(bad.status).toBe(422)
    expect(bad.body.message).toContain('metadata.generateName: Invalid value: "foo-": must match "[a-z0-9]+(?:[._-][a-z0-9]+)*"')
    const ok = await call(api, 'POST', IS, { kind: 'ImageStream', apiVersion: 'image.openshift.io/v1', metadata: { generateName: 'foo' } })
    expect(ok.status).toBe(201)
    expect(ok.body.metadata.name).toMatch(/^foo[bcdfghjklmnpqrstvwxz2456789]{5}$/)
  })

  it('requires a name or generateName', async () => {
    const r = await call(fakeApi(), 'POST', IS, { kind: 'ImageStream', apiVersion: 'image.openshift.io/v1', metadata: {} })
    expect(r.status).toBe(422)
    expect(r.body.message).toBe('ImageStream.image.openshift.io "" is invalid: metadata.name: Required value: name or generateName is required')
  })

  it('rejects a namespace/name longer than 255 characters', async () => {
    const api = fakeApi()
    const ns = 'n'.repeat(63)
    const path = `/apis/image.openshift.io/v1/namespaces/${ns}/imagestreams`
    expect((await call(api, 'POST', path, stream('a'.repeat(191)))).status).toBe(201)
    const r = await call(api, 'POST', path, stream('b'.repeat(192)))
    expect(r.status).toBe(422)
    expect(r.body.message).toBe(
      `ImageStream.image.openshift.io "${'b'.repeat(192)}" is invalid: metadata.name: Invalid value: "${'b'.repeat(192)}": 'namespace/name' cannot be longer than 255 characters`,
    )
  })

  it('reports tag-reference errors with their field paths', async () => {
    const r = await call(fakeApi(), 'POST', IS, stream('x', [{ name: 't', from: { kind: 'Foo', name: 'a' } }, { name: 'u', from: { kind: 'DockerImage', name: 'abc@badid' } }, { name: 'v', from: { kind: 'DockerImage', name: 'x/y' }, referencePolicy: { type: 'Bad' } }]))
    expect(r.status).toBe(422)
    const fields = r.body.details.causes.map((c: any) => `${c.field}|${c.message}`)
    expect(fields).toContain(`spec.tags[t].from.kind|Required value: valid values are 'DockerImage', 'ImageStreamImage', 'ImageStreamTag'`)
    expect(fields).toContain('spec.tags[u].from.name|Invalid value: "abc@badid": invalid reference format')
    expect(fields).toContain('spec.tags[v].referencePolicy.type|Invalid value: "Bad": valid values are "Source", "Local"')
  })

  it('wraps tag-resolution errors as one InternalError cause listed first', async () => {
    const r = await call(fakeApi(), 'POST', IS, stream('foo', [{ name: 't1', from: { kind: 'ImageStreamTag', name: 'other:tag' } }]))
    expect(r.status).toBe(422)
    expect(r.body.message).toBe(
      'ImageStream.image.openshift.io "foo" is invalid: : Internal error: imagestreams "foo" is invalid: spec.tags[t1].from.name: Not found: "other:tag"',
    )
    expect(r.body.details.causes[0]).toEqual({
      reason: 'InternalError',
      message: 'Internal error: imagestreams "foo" is invalid: spec.tags[t1].from.name: Not found: "other:tag"',
    })
  })

  it('400 when the body namespace differs from the URL', async () => {
    const r = await call(fakeApi(), 'POST', IS, { ...stream('a'), metadata: { name: 'a', namespace: 'other' } })
    expect(r.status).toBe(400)
    expect(r.body.message).toBe('the namespace of the provided object does not match the namespace sent on the request')
    expect(r.body.reason).toBe('BadRequest')
  })

  it('500 with no reason when a create body carries a resourceVersion', async () => {
    const r = await call(fakeApi(), 'POST', IS, { ...stream('a'), metadata: { name: 'a', resourceVersion: '5' } })
    expect(r.status).toBe(500)
    expect(r.body.message).toBe('resourceVersion should not be set on objects to be created')
    expect(r.body.reason).toBeUndefined()
  })

  it('dryRun=All validates and answers without storing (no RV)', async () => {
    const api = fakeApi()
    const r = await call(api, 'POST', `${IS}?dryRun=All`, stream('dry'))
    expect(r.status).toBe(201)
    expect(r.body.metadata.uid).toBeTruthy()
    expect(r.body.metadata.resourceVersion).toBeUndefined()
    expect((await call(api, 'GET', `${IS}/dry`)).status).toBe(404)
    const bad = await call(api, 'POST', `${IS}?dryRun=Foo`, stream('dry'))
    expect(bad.status).toBe(422)
    expect(bad.body.message).toBe('CreateOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: ["Foo"]: supported values: "All"')
  })

  it('resolves ImageStreamTag spec tags that point at other streams at create time', async () => {
    const api = fakeApi()
    await api.seed([
      {
        kind: 'ImageStream',
        apiVersion: 'image.openshift.io/v1',
        metadata: { name: 'src', namespace: 'ns' },
        spec: {},
        status: { dockerImageRepository: '', tags: [{ tag: 'v1', items: [{ created: '2026-01-01T00:00:00Z', dockerImageReference: `${REGISTRY}/ns/src@sha256:${'1'.repeat(64)}`, image: `sha256:${'1'.repeat(64)}`, generation: 1 }] }] },
      },
    ])
    const r = await call(api, 'POST', IS, stream('dst', [{ name: 'latest', from: { kind: 'ImageStreamTag', name: 'src:v1' } }]))
    expect(r.status).toBe(201)
    expect(r.body.status.tags).toEqual([
      {
        tag: 'latest',
        // not a reference tag: the internal-registry pull spec is rewritten to this stream
        items: [{ created: '2026-01-01T00:00:00Z', dockerImageReference: `${REGISTRY}/ns/dst@sha256:${'1'.repeat(64)}`, image: `sha256:${'1'.repeat(64)}`, generation: 1 }],
      },
    ])
  })
})

describe('ImageStream get/list', () => {
  it('404 NotFound with the exact body', async () => {
    const r = await call(fakeApi(), 'GET', `${IS}/nope`)
    expect(r.status).toBe(404)
    expect(r.text).toBe(
      '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"imagestreams.image.openshift.io \\"nope\\" not found","reason":"NotFound","details":{"name":"nope","group":"image.openshift.io","kind":"imagestreams"},"code":404}\n',
    )
  })

  it('lists in key order with list RV, items without kind/apiVersion', async () => {
    const api = fakeApi()
    for (const n of ['b', 'a', 'c']) await call(api, 'POST', IS, stream(n))
    await call(api, 'POST', '/apis/image.openshift.io/v1/namespaces/a-b/imagestreams', stream('z'))
    const r = await call(api, 'GET', IS)
    expect(r.status).toBe(200)
    expect(r.body.kind).toBe('ImageStreamList')
    expect(r.body.items.map((i: any) => i.metadata.name)).toEqual(['a', 'b', 'c'])
    expect(r.body.items[0].kind).toBeUndefined()
    expect(Number(r.body.metadata.resourceVersion)).toBe(api.store.resourceVersion)
    const all = await call(api, 'GET', '/apis/image.openshift.io/v1/imagestreams')
    // `a-b/…` sorts before `ns/…`
    expect(all.body.items.map((i: any) => `${i.metadata.namespace}/${i.metadata.name}`)).toEqual(['a-b/z', 'ns/a', 'ns/b', 'ns/c'])
    const empty = await call(api, 'GET', '/apis/image.openshift.io/v1/namespaces/none/imagestreams')
    expect(empty.body.items).toEqual([])
  })

  it('pages with limit/continue on a constant snapshot, and 410s an expired token', async () => {
    const api = fakeApi()
    for (const n of ['a', 'b', 'c', 'd']) await call(api, 'POST', IS, stream(n))
    const p1 = await call(api, 'GET', `${IS}?limit=2`)
    expect(p1.body.items.map((i: any) => i.metadata.name)).toEqual(['a', 'b'])
    expect(p1.body.metadata.remainingItemCount).toBe(2)
    const tok = JSON.parse(Buffer.from(p1.body.metadata.continue, 'base64url').toString())
    expect(tok).toEqual({ v: 'meta.k8s.io/v1', rv: Number(p1.body.metadata.resourceVersion), start: 'b\u0000' })
    // a write between pages is not seen by the next page
    await call(api, 'DELETE', `${IS}/c`)
    await call(api, 'POST', IS, stream('bb'))
    const p2 = await call(api, 'GET', `${IS}?limit=2&continue=${p1.body.metadata.continue}`)
    expect(p2.body.items.map((i: any) => i.metadata.name)).toEqual(['c', 'd'])
    expect(p2.body.metadata.resourceVersion).toBe(p1.body.metadata.resourceVersion)
    expect(p2.body.metadata.continue).toBeUndefined()
    api.store.compact()
    const gone = await call(api, 'GET', `${IS}?limit=2&continue=${p1.body.metadata.continue}`)
    expect(gone.status).toBe(410)
    expect(gone.body.reason).toBe('Expired')
    expect(gone.body.message).toMatch(/^The provided continue parameter is too old/)
    expect(gone.body.metadata.continue).toBeTruthy()
    const bad = await call(api, 'GET', `${IS}?continue=%%%`)
    expect(bad.status).toBe(400)
    expect(bad.body.message).toMatch(/^invalid continue token: /)
    const both = await call(api, 'GET', `${IS}?continue=${p1.body.metadata.continue}&resourceVersion=5`)
    expect(both.body.message).toBe('specifying resource version is not allowed when using continue')
  })

  it('filters with label and field selectors, with the real errors', async () => {
    const api = fakeApi()
    await call(api, 'POST', IS, { ...stream('a'), metadata: { name: 'a', labels: { app: 'x', tier: 'web' } } })
    await call(api, 'POST', IS, { ...stream('b'), metadata: { name: 'b', labels: { app: 'y' } } })
    await call(api, 'POST', IS, stream('c'))
    const names = async (q: string) => (await call(api, 'GET', `${IS}?${q}`)).body.items.map((i: any) => i.metadata.name)
    expect(await names('labelSelector=app%3Dx')).toEqual(['a'])
    expect(await names('labelSelector=app!%3Dx')).toEqual(['b', 'c'])
    expect(await names('labelSelector=app%20in%20(x,y)')).toEqual(['a', 'b'])
    expect(await names('labelSelector=app%20notin%20(x)')).toEqual(['b', 'c'])
    expect(await names('labelSelector=app')).toEqual(['a', 'b'])
    expect(await names('labelSelector=!app')).toEqual(['c'])
    expect(await names('fieldSelector=metadata.name%3Db')).toEqual(['b'])
    expect(await names(`fieldSelector=status.dockerImageRepository%3D${REGISTRY}/ns/c`)).toEqual(['c'])
    const bad = await call(api, 'GET', `${IS}?labelSelector=foo%20in%20bar`)
    expect(bad.status).toBe(400)
    expect(bad.body.message).toBe("unable to parse requirement: found 'bar' expected: '('")
    const badField = await call(api, 'GET', `${IS}?fieldSelector=spec.foo%3Dx`)
    expect(badField.status).toBe(400)
    expect(badField.body.message).toBe('"spec.foo" is not a known field selector: only "metadata.name", "metadata.namespace"')
  })
})

describe('ImageStream update', () => {
  async function created(api = fakeApi()) {
    const r = await call(api, 'POST', IS, stream('s', [dockerTag('a', 'quay.io/x/a:1'), dockerTag('b', 'quay.io/x/b:1')]))
    return { api, obj: r.body }
  }

  it('needs a resourceVersion (422) and rejects a stale one (409)', async () => {
    const { api, obj } = await created()
    const noRV = structuredClone(obj)
    delete noRV.metadata.resourceVersion
    const r = await call(api, 'PUT', `${IS}/s`, noRV)
    expect(r.status).toBe(422)
    expect(r.body.message).toBe('imagestreams.image.openshift.io "s" is invalid: metadata.resourceVersion: Invalid value: 0: must be specified for an update')
    expect(r.body.details.kind).toBe('imagestreams')
    const stale = { ...obj, metadata: { ...obj.metadata, resourceVersion: '1' } }
    await call(api, 'PUT', `${IS}/s`, { ...obj, metadata: { ...obj.metadata, labels: { a: 'b' } } })
    const c = await call(api, 'PUT', `${IS}/s`, stale)
    expect(c.status).toBe(409)
    expect(c.body.message).toBe(
      'Operation cannot be fulfilled on imagestreams.image.openshift.io "s": the object has been modified; please apply your changes to the latest version and try again',
    )
    expect(c.body.reason).toBe('Conflict')
  })

  it('400 when the body name differs from the URL; 404 for a missing object', async () => {
    const { api, obj } = await created()
    const r = await call(api, 'PUT', `${IS}/s`, { ...obj, metadata: { ...obj.metadata, name: 'y' } })
    expect(r.status).toBe(400)
    expect(r.body.message).toBe('the name of the object (y) does not match the name on the URL (s)')
    const m = await call(api, 'PUT', `${IS}/zz`, { ...obj, metadata: { ...obj.metadata, name: 'zz' } })
    expect(m.status).toBe(404)
  })

  it('generation rules: add a tag, reset to 0, other values ignored, annotation-only change', async () => {
    const { api, obj } = await created()
    let cur = obj
    const put = async (mut: (o: any) => void) => {
      const next = structuredClone(cur)
      mut(next)
      const r = await call(api, 'PUT', `${IS}/s`, next)
      expect(r.status).toBe(200)
      cur = r.body
      return r.body
    }
    let s = await put((o) => o.spec.tags.push(dockerTag('c', 'quay.io/x/c:1')))
    expect(s.metadata.generation).toBe(2)
    expect(s.spec.tags.map((t: any) => [t.name, t.generation])).toEqual([['a', 1], ['b', 1], ['c', 2]])
    s = await put((o) => (o.spec.tags[0].generation = 0))
    expect(s.metadata.generation).toBe(3)
    expect(s.spec.tags.map((t: any) => [t.name, t.generation])).toEqual([['a', 3], ['b', 1], ['c', 2]])
    s = await put((o) => (o.spec.tags[1].generation = 42))
    expect(s.metadata.generation).toBe(3)
    expect(s.spec.tags[1].generation).toBe(1)
    s = await put((o) => (o.spec.tags[1].annotations = { note: 'x' }))
    expect(s.metadata.generation).toBe(4)
    expect(s.spec.tags[1].generation).toBe(1)
    s = await put((o) => (o.metadata.labels = { l: 'v' }))
    expect(s.metadata.generation).toBe(4)
  })

  it('ignores a client status on the main resource and does not write no-op updates', async () => {
    const { api, obj } = await created()
    const r = await call(api, 'PUT', `${IS}/s`, { ...obj, status: { dockerImageRepository: 'x', tags: [{ tag: 'a', items: [] }] } })
    expect(r.status).toBe(200)
    expect(r.body.status).toEqual(obj.status)
    expect(r.body.metadata.resourceVersion).toBe(obj.metadata.resourceVersion)
  })

  it('makes uid a precondition on PUT and creationTimestamp sticky', async () => {
    const { api, obj } = await created()
    const r = await call(api, 'PUT', `${IS}/s`, { ...obj, metadata: { ...obj.metadata, uid: 'other' } })
    expect(r.status).toBe(409)
    expect(r.body.message).toBe(
      `Operation cannot be fulfilled on imagestreams.image.openshift.io "s": StorageError: invalid object, Code: 4, Key: /openshift.io/imagestreams/ns/s, ResourceVersion: 0, AdditionalErrorMsg: Precondition failed: UID in precondition: other, UID in object meta: ${obj.metadata.uid}`,
    )
    const t = await call(api, 'PUT', `${IS}/s`, { ...obj, metadata: { ...obj.metadata, creationTimestamp: '2001-01-01T00:00:00.123Z', labels: { a: 'b' } } })
    expect(t.status).toBe(200)
    expect(t.body.metadata.creationTimestamp).toBe(obj.metadata.creationTimestamp)
  })
})

describe('ImageStream /status', () => {
  it('keeps spec tags from storage, persists lookupPolicy (QUIRK), fills observed generations', async () => {
    const api = fakeApi()
    const obj = (await call(api, 'POST', IS, stream('s', [dockerTag('a', 'quay.io/x/a:1')]))).body
    const body = structuredClone(obj)
    body.spec.tags = []
    body.spec.lookupPolicy = { local: true }
    body.status.tags = [{ tag: 'a', items: [{ created: '2026-01-01T00:00:00Z', dockerImageReference: 'quay.io/x/a@sha256:' + 'd'.repeat(64), image: 'sha256:' + 'd'.repeat(64), generation: 0 }] }]
    const r = await call(api, 'PUT', `${IS}/s/status`, body)
    expect(r.status).toBe(200)
    expect(r.body.spec.tags.map((t: any) => t.name)).toEqual(['a'])
    expect(r.body.spec.lookupPolicy).toEqual({ local: true })
    expect(r.body.metadata.generation).toBe(1)
    expect(r.body.status.tags[0].items[0].generation).toBe(1)
    const bad = structuredClone(r.body)
    bad.status.tags[0].items.unshift({ created: '2026-01-02T00:00:00Z', dockerImageReference: '', image: 'x', generation: 1 })
    const e = await call(api, 'PUT', `${IS}/s/status`, bad)
    expect(e.status).toBe(422)
    expect(e.body.message).toBe(
      'ImageStream.image.openshift.io "s" is invalid: status.tags[a].items[0].dockerImageReference: Invalid value: "": repository name must have at least one component',
    )
    expect((await call(api, 'POST', `${IS}/s/status`, body)).status).toBe(405)
  })
})

describe('ImageStream delete', () => {
  it('returns the Success Status with uid, then 404', async () => {
    const api = fakeApi()
    const obj = (await call(api, 'POST', IS, stream('d'))).body
    const r = await call(api, 'DELETE', `${IS}/d`)
    expect(r.status).toBe(200)
    expect(r.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: { name: 'd', group: 'image.openshift.io', kind: 'imagestreams', uid: obj.metadata.uid },
    })
    expect((await call(api, 'GET', `${IS}/d`)).status).toBe(404)
    expect((await call(api, 'DELETE', `${IS}/d`)).status).toBe(404)
  })

  it('checks preconditions with the Kind-as-resource message', async () => {
    const api = fakeApi()
    const obj = (await call(api, 'POST', IS, stream('d'))).body
    const r = await call(api, 'DELETE', `${IS}/d`, { preconditions: { uid: 'x' } })
    expect(r.status).toBe(409)
    expect(r.body.message).toBe(
      `Operation cannot be fulfilled on ImageStream.image.openshift.io "d": the UID in the precondition (x) does not match the UID in record (${obj.metadata.uid}). The object might have been deleted and then recreated`,
    )
    const rv = await call(api, 'DELETE', `${IS}/d`, { preconditions: { resourceVersion: '999' } })
    expect(rv.body.message).toBe(
      `Operation cannot be fulfilled on ImageStream.image.openshift.io "d": the ResourceVersion in the precondition (999) does not match the ResourceVersion in record (${obj.metadata.resourceVersion}). The object might have been modified`,
    )
  })

  it('holds an object with finalizers: deletionTimestamp set, 200 with the object; removing the finalizer deletes', async () => {
    const api = fakeApi()
    await call(api, 'POST', IS, { ...stream('f'), metadata: { name: 'f', finalizers: ['example.com/hold'] } })
    const r = await call(api, 'DELETE', `${IS}/f`, { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' })
    expect(r.status).toBe(200)
    expect(r.body.kind).toBe('ImageStream')
    expect(r.body.metadata.deletionTimestamp).toBeTruthy()
    expect(r.body.metadata.deletionGracePeriodSeconds).toBe(0)
    expect(r.body.metadata.generation).toBe(2)
    const again = await call(api, 'POST', IS, stream('f'))
    expect(again.status).toBe(409)
    expect(again.body.message).toBe('object is being deleted: imagestreams.image.openshift.io "f" already exists')
    const cur = (await call(api, 'GET', `${IS}/f`)).body
    const add = await call(api, 'PUT', `${IS}/f`, { ...cur, metadata: { ...cur.metadata, finalizers: ['example.com/hold', 'x.io/new'] } })
    expect(add.status).toBe(422)
    expect(add.body.message).toContain('metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"x.io/new"}')
    const done = await call(api, 'PUT', `${IS}/f`, { ...cur, metadata: { ...cur.metadata, finalizers: [] } })
    expect(done.status).toBe(200)
    expect((await call(api, 'GET', `${IS}/f`)).status).toBe(404)
  })

  it('deletecollection returns the deleted items as a list', async () => {
    const api = fakeApi()
    await call(api, 'POST', IS, { ...stream('a'), metadata: { name: 'a', labels: { x: '1' } } })
    await call(api, 'POST', IS, stream('b'))
    const r = await call(api, 'DELETE', `${IS}?labelSelector=x%3D1`)
    expect(r.status).toBe(200)
    expect(r.body.kind).toBe('ImageStreamList')
    expect(r.body.items.map((i: any) => i.metadata.name)).toEqual(['a'])
    expect((await call(api, 'GET', IS)).body.items.map((i: any) => i.metadata.name)).toEqual(['b'])
  })

  it('validates propagationPolicy', async () => {
    const api = fakeApi()
    await call(api, 'POST', IS, stream('a'))
    const r = await call(api, 'DELETE', `${IS}/a?propagationPolicy=x`)
    expect(r.status).toBe(422)
    expect(r.body.message).toBe('DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "x": supported values: "Foreground", "Background", "Orphan", "nil"')
  })
})

describe('wire form', () => {
  it('writes ObjectMeta fields in Go order (resourceVersion after uid)', async () => {
    const api = fakeApi()
    const r = await call(api, 'POST', IS, { ...stream('o'), metadata: { name: 'o', labels: { a: 'b' } } })
    expect(Object.keys(r.body.metadata)).toEqual(['name', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'labels', 'managedFields'])
    expect(Object.keys(r.body)).toEqual(['kind', 'apiVersion', 'metadata', 'spec', 'status'])
  })
})
