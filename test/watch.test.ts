import { describe, expect, it } from 'vitest'
import { BASE, call, fakeApi, IS, stream } from './helpers.js'
import type { FakeImageApi } from '../src/index.js'

interface Ev {
  type: string
  object: any
}

/** Open a watch and collect events until `until` returns true (or the stream ends). */
async function watch(api: FakeImageApi, path: string, until: (evs: Ev[]) => boolean, headers: Record<string, string> = {}) {
  const res = await api.fetch(new Request(BASE + path, { headers }))
  const events: Ev[] = []
  if (res.status !== 200) return { res, events, ended: true }
  const reader = res.body!.getReader()
  const dec = new TextDecoder()
  let buf = ''
  let ended = false
  while (!until(events)) {
    const { value, done } = await reader.read()
    if (done) {
      ended = true
      break
    }
    buf += dec.decode(value, { stream: true })
    let i
    while ((i = buf.indexOf('\n')) >= 0) {
      events.push(JSON.parse(buf.slice(0, i)))
      buf = buf.slice(i + 1)
    }
  }
  if (!ended) await reader.cancel()
  return { res, events, ended }
}

describe('watch', () => {
  it('replays current objects as ADDED without an RV, then streams changes in order', async () => {
    const api = fakeApi()
    await call(api, 'POST', IS, stream('a'))
    const p = watch(api, `${IS}?watch=true`, (e) => e.length >= 4)
    await new Promise((r) => setTimeout(r, 10))
    const b = (await call(api, 'POST', IS, stream('b'))).body
    await call(api, 'PUT', `${IS}/b`, { ...b, metadata: { ...b.metadata, labels: { x: 'y' } } })
    await call(api, 'DELETE', `${IS}/a`)
    const { res, events } = await p
    expect(res.headers.get('content-type')).toBe('application/json')
    expect(events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED a', 'ADDED b', 'MODIFIED b', 'DELETED a'])
    expect(events[0]!.object.kind).toBe('ImageStream')
    const rvs = events.slice(1).map((e) => Number(e.object.metadata.resourceVersion))
    expect([...rvs].sort((x, y) => x - y)).toEqual(rvs)
    expect(api.server.watchers.size).toBe(0)
  })

  it('from a specific RV sends exactly the later events (deprecated /watch/ path too)', async () => {
    const api = fakeApi()
    const a = (await call(api, 'POST', IS, stream('a'))).body
    const rv = a.metadata.resourceVersion
    await call(api, 'POST', IS, stream('b'))
    await call(api, 'POST', IS, stream('c'))
    const { events } = await watch(api, `${IS}?watch=1&resourceVersion=${rv}`, (e) => e.length >= 2)
    expect(events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED b', 'ADDED c'])
    const dep = await watch(api, `/apis/image.openshift.io/v1/watch/namespaces/ns/imagestreams?resourceVersion=${rv}`, (e) => e.length >= 2)
    expect(dep.events.map((e) => e.object.metadata.name)).toEqual(['b', 'c'])
    const single = await watch(api, `/apis/image.openshift.io/v1/watch/namespaces/ns/imagestreams/c?resourceVersion=${rv}`, (e) => e.length >= 1)
    expect(single.events.map((e) => e.object.metadata.name)).toEqual(['c'])
  })

  it('answers a too-old RV with 200 and one ERROR 410 event, then closes', async () => {
    const api = fakeApi()
    const a = (await call(api, 'POST', IS, stream('a'))).body
    await call(api, 'POST', IS, stream('b'))
    api.store.compact()
    const { res, events, ended } = await watch(api, `${IS}?watch=true&resourceVersion=${a.metadata.resourceVersion}`, () => false)
    expect(res.status).toBe(200)
    expect(ended).toBe(true)
    expect(events).toEqual([
      {
        type: 'ERROR',
        object: {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: `too old resource version: ${a.metadata.resourceVersion} (${api.store.oldestResourceVersion})`,
          reason: 'Expired',
          code: 410,
        },
      },
    ])
  })

  it('turns selector transitions into ADDED/DELETED', async () => {
    const api = fakeApi()
    const a = (await call(api, 'POST', IS, stream('a'))).body
    const p = watch(api, `${IS}?watch=true&labelSelector=app%3Dx&resourceVersion=${a.metadata.resourceVersion}`, (e) => e.length >= 2)
    await new Promise((r) => setTimeout(r, 10))
    const on = (await call(api, 'PUT', `${IS}/a`, { ...a, metadata: { ...a.metadata, labels: { app: 'x' } } })).body
    const off = (await call(api, 'PUT', `${IS}/a`, { ...on, metadata: { ...on.metadata, labels: { app: 'y' } } })).body
    const { events } = await p
    expect(events.map((e) => e.type)).toEqual(['ADDED', 'DELETED'])
    expect(events[1]!.object.metadata.labels).toEqual({ app: 'x' })
    expect(events[1]!.object.metadata.resourceVersion).toBe(off.metadata.resourceVersion)
  })

  it('sends the initial-events-end bookmark for sendInitialEvents with bookmarks', async () => {
    const api = fakeApi()
    await call(api, 'POST', IS, stream('a'))
    const { events } = await watch(api, `${IS}?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true`, (e) => e.length >= 2)
    expect(events[0]!.type).toBe('ADDED')
    expect(events[1]).toEqual({
      type: 'BOOKMARK',
      object: {
        kind: 'ImageStream',
        apiVersion: 'image.openshift.io/v1',
        metadata: { resourceVersion: String(api.store.resourceVersion), annotations: { 'k8s.io/initial-events-end': 'true' } },
        spec: { lookupPolicy: { local: false } },
        status: { dockerImageRepository: '' },
      },
    })
    const bad = await call(api, 'GET', `${IS}?watch=true&sendInitialEvents=true`)
    expect(bad.status).toBe(422)
    expect(bad.body.message).toBe('ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan')
  })

  it('closes at timeoutSeconds and releases the watcher; reset ends open watches', async () => {
    const api = fakeApi()
    const t0 = Date.now()
    const { ended } = await watch(api, `${IS}?watch=true&timeoutSeconds=1`, () => false)
    expect(ended).toBe(true)
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900)
    expect(api.server.watchers.size).toBe(0)
    const res = await api.fetch(new Request(`${BASE}${IS}?watch=true`))
    expect(api.server.watchers.size).toBe(1)
    await api.reset()
    expect(api.server.watchers.size).toBe(0)
    await res.body!.cancel()
  })

  it('abort via cancel releases the watcher', async () => {
    const api = fakeApi()
    const res = await api.fetch(new Request(`${BASE}${IS}?watch=true`))
    expect(api.server.watchers.size).toBe(1)
    await res.body!.cancel()
    expect(api.server.watchers.size).toBe(0)
  })
})
