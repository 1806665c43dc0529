import { describe, expect, it } from 'vitest'
import { call, fakeApi, IS, stream } from './helpers.js'

describe('store: resourceVersions, snapshots, api.db', () => {
  it('lists an exact past snapshot with resourceVersionMatch=Exact, 410 once compacted', async () => {
    const api = fakeApi({ watch: { tooLargeResourceVersionWaitMs: 100 } })
    await call(api, 'POST', IS, stream('a'))
    const rv = api.store.resourceVersion
    await call(api, 'POST', IS, stream('b'))
    await call(api, 'DELETE', `${IS}/a`)
    const past = await call(api, 'GET', `${IS}?resourceVersion=${rv}&resourceVersionMatch=Exact`)
    expect(past.body.metadata.resourceVersion).toBe(String(rv))
    expect(past.body.items.map((i: any) => i.metadata.name)).toEqual(['a'])
    const now = await call(api, 'GET', `${IS}?resourceVersion=${rv}&resourceVersionMatch=NotOlderThan`)
    expect(now.body.items.map((i: any) => i.metadata.name)).toEqual(['b'])
    // After waiting tooLargeResourceVersionWaitMs (3 s by default, like the real cache; see the next test).
    const future = await call(api, 'GET', `${IS}?resourceVersion=999&resourceVersionMatch=NotOlderThan`)
    expect(future.status).toBe(504)
    expect(future.body.message).toBe(`Timeout: Too large resource version: 999, current: ${api.store.resourceVersion}`)
    expect(future.body.details).toEqual({ causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }], retryAfterSeconds: 1 })
    expect(future.headers.get('retry-after')).toBe('1')
    api.store.compact()
    const gone = await call(api, 'GET', `${IS}?resourceVersion=${rv}&resourceVersionMatch=Exact`)
    expect(gone.status).toBe(410)
    expect(gone.body.message).toBe(`too old resource version: ${rv} (${api.store.oldestResourceVersion})`)
    const noRV = await call(api, 'GET', `${IS}?resourceVersionMatch=Exact`)
    expect(noRV.status).toBe(422)
    expect(noRV.body.message).toBe('ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided')
  })

  it('a LIST at a resourceVersion the store reaches while it waits is answered at that version', async () => {
    const api = fakeApi({ watch: { tooLargeResourceVersionWaitMs: 5000 } })
    await call(api, 'POST', IS, stream('a'))
    const next = api.store.resourceVersion + 1
    const pending = call(api, 'GET', `${IS}?resourceVersion=${next}`)
    await new Promise((r) => setTimeout(r, 20))
    await call(api, 'POST', IS, stream('b'))
    const r = await pending
    expect(r.status).toBe(200)
    expect(r.body.metadata.resourceVersion).toBe(String(next))
    expect(r.body.items.map((i: any) => i.metadata.name)).toEqual(['a', 'b'])
  })

  it('one global clock across kinds; snapshot/restore/reset', async () => {
    const api = fakeApi()
    const a = await call(api, 'POST', IS, stream('a'))
    const img = await call(api, 'POST', '/apis/image.openshift.io/v1/images', { kind: 'Image', apiVersion: 'image.openshift.io/v1', metadata: { name: 'i' }, dockerImageReference: 'x/y:1' })
    expect(Number(img.body.metadata.resourceVersion)).toBe(Number(a.body.metadata.resourceVersion) + 1)
    const snap = api.snapshot()
    await call(api, 'DELETE', `${IS}/a`)
    await api.restore(snap)
    expect((await call(api, 'GET', `${IS}/a`)).body.metadata.uid).toBe(a.body.metadata.uid)
    const after = await call(api, 'POST', IS, stream('b'))
    expect(Number(after.body.metadata.resourceVersion)).toBeGreaterThan(Number(img.body.metadata.resourceVersion))
    await api.reset()
    expect((await call(api, 'GET', IS)).body.items).toEqual([])
    expect(api.db.imagestreams!.findMany()).toEqual([])
  })

  it('api.db answers @msw/data queries on stored objects', async () => {
    const api = fakeApi()
    await call(api, 'POST', IS, { ...stream('web'), metadata: { name: 'web', labels: { tier: 'front' } } })
    await call(api, 'POST', IS, stream('db'))
    await call(api, 'POST', IS, { ...stream('api'), metadata: { name: 'api', labels: { tier: 'back' } } })
    const found = api.db.imagestreams.findMany((q) => q.where({ metadata: { labels: { tier: 'front' } } }))
    expect(found.map((r) => r.metadata.name)).toEqual(['web'])
    expect(api.db.imagestreams.findFirst((q) => q.where({ metadata: { name: 'db' } }))?.metadata.namespace).toBe('ns')
    // A leaf predicate gets the (defined) value.
    expect(api.db.imagestreams.findMany((q) => q.where({ metadata: { name: (n) => n.startsWith('a') } })).map((r) => r.metadata.name)).toEqual(['api'])
  })

  it('api.db follows later writes through a collection held across them; its records are copies', async () => {
    const api = fakeApi()
    const streams = api.db.imagestreams
    expect(streams.count()).toBe(0)
    await call(api, 'POST', IS, stream('a'))
    await call(api, 'POST', IS, stream('b'))
    expect(streams.findMany().map((r) => r.metadata.name)).toEqual(['a', 'b'])
    await call(api, 'PATCH', `${IS}/a`, { metadata: { labels: { x: 'y' } } }, { contentType: 'application/merge-patch+json' })
    expect(streams.findFirst((q) => q.where({ metadata: { name: 'a' } }))?.metadata.labels).toEqual({ x: 'y' })
    // a record is a copy: changing it changes nothing in the fake
    streams.findFirst((q) => q.where({ metadata: { name: 'b' } }))!.metadata.name = 'changed'
    expect((await call(api, 'GET', `${IS}/b`)).status).toBe(200)
    expect(streams.findMany().map((r) => r.metadata.name)).toEqual(['a', 'b'])
    await call(api, 'DELETE', `${IS}/b`)
    expect(streams.findMany().map((r) => r.metadata.name)).toEqual(['a'])
    const snap = api.snapshot()
    await api.reset()
    expect(streams.count()).toBe(0)
    await api.restore(snap)
    expect(streams.findMany().map((r) => r.metadata.name)).toEqual(['a'])
  })

  it('seed validates and is all-or-nothing, naming the bad object and field', async () => {
    const api = fakeApi()
    await expect(
      api.seed([
        { kind: 'ImageStream', apiVersion: 'image.openshift.io/v1', metadata: { name: 'ok', namespace: 'ns' } },
        { kind: 'ImageStream', apiVersion: 'image.openshift.io/v1', metadata: { name: 'Bad', namespace: 'ns' } },
      ]),
    ).rejects.toThrow('cannot seed ImageStream ns/Bad: ImageStream.image.openshift.io "Bad" is invalid: metadata.name: Invalid value: "Bad"')
    expect((await call(api, 'GET', IS)).body.items).toEqual([])
  })
})
