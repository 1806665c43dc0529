// Request recording, fault injection and the vitest helpers of `openshift-image-fake/testing`.

import { describe, expect, it, vi } from 'vitest'
import { createFakeImageApi, type FakeImageApi } from '../src/index.js'
import { DEFAULT_TEST_BASE_URL, readWatchEvents, useFakeImageApi } from '../src/testing/index.js'
import { until } from './watch-helpers.js'

const BASE = 'http://fake.local'
const IS = '/apis/image.openshift.io/v1/namespaces/ns/imagestreams'
const isBody = (name: string) => ({ apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name } })

function req(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Request {
  return new Request(BASE + path, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  })
}

async function post(api: FakeImageApi, name: string): Promise<Response> {
  return api.fetch(req('POST', IS, isBody(name)))
}

describe('api.requests', () => {
  it('records method, path, query, body and status of every request, oldest first', async () => {
    const api = createFakeImageApi()
    await post(api, 'ruby')
    await api.fetch(req('GET', `${IS}?limit=1&labelSelector=app%3Dx`))
    await api.fetch(req('GET', `${IS}/missing`))
    await api.fetch(req('PATCH', `${IS}/ruby`, { metadata: { labels: { a: 'b' } } }, { 'content-type': 'application/merge-patch+json' }))
    expect(api.requests.map((r) => [r.method, r.path, r.status])).toEqual([
      ['POST', IS, 201],
      ['GET', IS, 200],
      ['GET', `${IS}/missing`, 404],
      ['PATCH', `${IS}/ruby`, 200],
    ])
    const [create, list, get, patch] = api.requests
    expect(create!.body).toEqual(isBody('ruby'))
    expect(create).toMatchObject({ verb: 'create', resource: 'imagestreams', namespace: 'ns', name: '', watch: false, websocket: false })
    expect(list!.query).toEqual({ limit: '1', labelSelector: 'app=x' })
    expect(list!.verb).toBe('list')
    expect(list!.body).toBeUndefined()
    expect(get).toMatchObject({ verb: 'get', name: 'missing' })
    expect(patch!.body).toEqual({ metadata: { labels: { a: 'b' } } })
    expect(patch!.headers['content-type']).toBe('application/merge-patch+json')
    expect(api.requests.every((r) => r.durationMs! >= 0 && r.fault === undefined)).toBe(true)
    expect(api.requests.map((r) => r.seq)).toEqual([1, 2, 3, 4])
  })

  it('keeps YAML bodies as text, and the engine still gets the body', async () => {
    const api = createFakeImageApi()
    const yaml = 'apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata:\n  name: y\n'
    const res = await api.fetch(req('POST', IS, yaml, { 'content-type': 'application/yaml' }))
    expect(res.status).toBe(201)
    expect(api.requests[0]!.body).toBe(yaml)
  })

  it('records watches (with the status once the stream starts) and base-path requests', async () => {
    const api = createFakeImageApi({ basePaths: ['/api/kubernetes'] })
    const res = await api.fetch(req('GET', `/api/kubernetes${IS}?watch=true&fieldSelector=metadata.name%3Druby`))
    expect(res.status).toBe(200)
    await res.body!.cancel()
    expect(api.requests[0]).toMatchObject({ path: `/api/kubernetes${IS}`, verb: 'watch', watch: true, name: 'ruby', status: 200 })
    expect(api.requests[0]!.query.fieldSelector).toBe('metadata.name=ruby')
  })

  it('marks WebSocket watches (Upgrade header, or the transport header a door sets) and matches them', async () => {
    const api = createFakeImageApi()
    api.inject({ match: { websocket: true }, status: 503 })
    const ws = await api.fetch(req('GET', `${IS}?watch=true`, undefined, { 'x-openshift-image-fake-transport': 'websocket' }))
    const http = await api.fetch(req('GET', `${IS}?watch=true`))
    expect([ws.status, http.status]).toEqual([503, 200])
    await http.body!.cancel()
    expect(api.requests.map((r) => r.websocket)).toEqual([true, false])
  })

  it('is emptied by reset() and keeps the last 1000', async () => {
    const api = createFakeImageApi()
    for (let i = 0; i < 1005; i++) await api.fetch(req('GET', '/version'))
    expect(api.requests.length).toBe(1000)
    expect(api.requests[0]!.seq).toBe(6)
    await api.reset()
    expect(api.requests).toEqual([])
    // Numbers restart with the records: after a reset (between tests) a test sees only its own.
    await api.fetch(req('GET', '/version'))
    expect(api.requests.map((r) => r.seq)).toEqual([1])
  })
})

describe('api.inject', () => {
  it('429 with Retry-After, the real TooManyRequests Status, and nothing written', async () => {
    const api = createFakeImageApi()
    const fault = api.inject({ match: { method: 'POST', resource: 'imagestreams' }, status: 429, retryAfter: 3 })
    const res = await post(api, 'a')
    expect(res.status).toBe(429)
    expect(res.headers.get('retry-after')).toBe('3')
    expect(await res.json()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Too many requests, please try again later.',
      reason: 'TooManyRequests',
      details: { retryAfterSeconds: 3 },
      code: 429,
    })
    expect((await api.fetch(req('GET', IS))).status).toBe(200) // not matched
    expect(api.db.imagestreams!.findMany()).toEqual([])
    expect(fault.hits).toBe(1)
    expect(api.requests.map((r) => [r.status, r.fault])).toEqual([
      [429, 'status'],
      [200, undefined],
    ])
  })

  it('times: the fault stops after n hits (a retry then succeeds)', async () => {
    const api = createFakeImageApi()
    const fault = api.inject({ match: { verb: 'create' }, status: 500, times: 2 })
    expect((await post(api, 'a')).status).toBe(500)
    const second = await post(api, 'a')
    expect(await second.json()).toMatchObject({ reason: 'InternalError', message: 'Internal error occurred: injected fault', details: { causes: [{ message: 'injected fault' }] } })
    expect(fault.active).toBe(false)
    expect((await post(api, 'a')).status).toBe(201)
    expect(fault.hits).toBe(2)
  })

  it('status answers follow the real server per code', async () => {
    const api = createFakeImageApi()
    api.inject({ match: { name: 'x', verb: 'get' }, status: 403 })
    api.inject({ match: { verb: 'list' }, status: 504 })
    api.inject({ match: { verb: 'update' }, status: 409 })
    api.inject({ match: { verb: 'delete' }, status: 500, message: 'etcdserver: request timed out' })
    api.inject({ match: { path: '/version' }, status: 401 })
    const forbidden = await (await api.fetch(req('GET', `${IS}/x`))).json()
    expect(forbidden).toMatchObject({
      reason: 'Forbidden',
      code: 403,
      message: 'imagestreams.image.openshift.io "x" is forbidden: User "system:anonymous" cannot get resource "imagestreams" in API group "image.openshift.io" in the namespace "ns"',
      details: { name: 'x', group: 'image.openshift.io', kind: 'imagestreams' },
    })
    expect(await (await api.fetch(req('GET', IS))).json()).toMatchObject({ reason: 'Timeout', code: 504, message: 'Timeout: request did not complete within requested timeout - context deadline exceeded' })
    expect(await (await api.fetch(req('PUT', `${IS}/y`, isBody('y')))).json()).toMatchObject({
      reason: 'Conflict',
      message: 'Operation cannot be fulfilled on imagestreams.image.openshift.io "y": the object has been modified; please apply your changes to the latest version and try again',
    })
    expect(await (await api.fetch(req('DELETE', `${IS}/y`))).json()).toMatchObject({ reason: 'InternalError', message: 'Internal error occurred: etcdserver: request timed out' })
    expect(await (await api.fetch(req('GET', '/version'))).text()).toBe('{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}\n')
  })

  it('custom bodies and headers, match functions, RegExp paths, query matches', async () => {
    const api = createFakeImageApi()
    api.inject({ match: ({ url }) => url.searchParams.has('boom'), status: 502, body: 'Bad Gateway', headers: { 'x-proxy': 'console' } })
    api.inject({ match: { path: /\/imagestreams\/a$/, query: { pretty: 'true' } }, status: 418 })
    const bad = await api.fetch(req('GET', `${IS}?boom=1`))
    expect([bad.status, await bad.text(), bad.headers.get('x-proxy')]).toEqual([502, 'Bad Gateway', 'console'])
    expect((await api.fetch(req('GET', `${IS}/a?pretty=true`))).status).toBe(418)
    expect((await api.fetch(req('GET', `${IS}/a`))).status).toBe(404)
  })

  it('newest fault first; remove() takes one away', async () => {
    const api = createFakeImageApi()
    const older = api.inject({ status: 500 })
    const newer = api.inject({ status: 503 })
    expect((await api.fetch(req('GET', IS))).status).toBe(503)
    newer.remove()
    expect(newer.active).toBe(false)
    expect((await api.fetch(req('GET', IS))).status).toBe(500)
    older.remove()
    expect((await api.fetch(req('GET', IS))).status).toBe(200)
  })

  it('delay holds the request, then passes it on (or answers the status)', async () => {
    // On the virtual clock the delay is exact and costs no real time.
    const api = createFakeImageApi({ clock: 'virtual' })
    api.inject({ match: { verb: 'list' }, delay: 120 })
    let status = 0
    const list = api.fetch(req('GET', IS)).then((r) => (status = r.status))
    await api.clock.advance(119)
    expect(status).toBe(0)
    await api.clock.advance(1)
    await list
    expect(status).toBe(200)
    api.inject({ match: { verb: 'get' }, delay: 60, status: 504 })
    const get = api.fetch(req('GET', `${IS}/x`)).then((r) => (status = r.status))
    await api.clock.advance(59)
    expect(status).toBe(200)
    await api.clock.advance(1)
    await get
    expect(status).toBe(504)
    expect(api.requests.map((r) => [r.fault, r.durationMs])).toEqual([
      ['delay', 120],
      ['status', 60],
    ])
  })

  it('delay: Infinity never answers: the client aborts (a timeout), or reset() releases it', async () => {
    const api = createFakeImageApi()
    api.inject({ match: { verb: 'list' }, delay: Infinity })
    const pending = api.fetch(req('GET', IS).clone())
    const ac = new AbortController()
    const aborted = api.fetch(new Request(BASE + IS, { signal: ac.signal }))
    setTimeout(() => ac.abort(), 30)
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' })
    await api.reset()
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' })
    expect((await api.fetch(req('GET', IS))).status).toBe(200) // the fault went with reset()
  })

  it('dropWatch: true delivers the initial events, then ends the stream; the client re-watches', async () => {
    const api = createFakeImageApi()
    await post(api, 'a')
    await post(api, 'b')
    api.inject({ match: { resource: 'imagestreams' }, dropWatch: true, times: 1 })
    const first = await api.fetch(req('GET', `${IS}?watch=true`))
    expect(first.status).toBe(200)
    const events = await readWatchEvents(first, { timeoutMs: 1000 }) // ends by itself
    expect(events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED a', 'ADDED b'])
    expect(api.server.watchers.size).toBe(0)
    // lists are not affected by a dropWatch fault, and the second watch is not dropped (times: 1)
    expect((await api.fetch(req('GET', IS))).status).toBe(200)
    const rv = events[1]!.object.metadata.resourceVersion
    const second = await api.fetch(req('GET', `${IS}?watch=true&resourceVersion=${rv}`))
    setTimeout(() => void post(api, 'c'), 20)
    expect((await readWatchEvents(second, { count: 1 })).map((e) => e.object.metadata.name)).toEqual(['c'])
  })

  it('dropWatch afterEvents cuts exactly after n events; mode error breaks the body', async () => {
    const api = createFakeImageApi()
    for (const n of ['a', 'b', 'c']) await post(api, n)
    api.inject({ dropWatch: { afterEvents: 2 }, times: 1 })
    expect((await readWatchEvents(await api.fetch(req('GET', `${IS}?watch=true`)))).map((e) => e.object.metadata.name)).toEqual(['a', 'b'])
    api.inject({ dropWatch: { afterMs: 30, mode: 'error' } })
    const res = await api.fetch(req('GET', `${IS}?watch=true`))
    const reader = res.body!.getReader()
    await reader.read() // the initial events
    await expect(reader.read()).rejects.toThrow(/injected dropWatch/)
    await until(() => api.server.watchers.size === 0, 'the dropped watch to be released')
  })

  it('rejects nonsense', () => {
    const api = createFakeImageApi()
    expect(() => api.inject({ status: 42 })).toThrow(/status must be an HTTP status code/)
    expect(() => api.inject({ delay: -1 })).toThrow(/delay must be/)
    expect(() => api.inject({ match: { verb: 'get' } })).toThrow(/at least one of status, delay or dropWatch/)
    expect(() => api.inject({ status: 500, dropWatch: true })).toThrow(/cannot be combined/)
  })
})

describe('useFakeImageApi (msw, default)', () => {
  const api = useFakeImageApi({ fixtures: 'import-failures' })
  const url = api.url('/apis/image.openshift.io/v1/namespaces/team-a/imagestreams')

  it('serves the fixture set through msw at the default base URL', async () => {
    expect(api.baseUrl).toBe(DEFAULT_TEST_BASE_URL)
    const list = await (await fetch(url)).json()
    expect(list.items.length).toBe(6)
    const del = await fetch(`${url}/ok-app`, { method: 'DELETE' })
    expect(del.status).toBe(200)
    await api.waitForRequest({ method: 'delete', name: 'ok-app', status: 200 })
    expect(api.requestsMatching({ verb: 'list' }).length).toBe(1)
    api.inject({ match: { verb: 'list' }, status: 503 })
    expect((await fetch(url)).status).toBe(503)
  })

  it('between tests the store is back to the fixtures, requests and faults are gone', async () => {
    expect(api.requests).toEqual([])
    const list = await (await fetch(url)).json()
    expect(list.items.map((i: any) => i.metadata.name)).toContain('ok-app')
  })

  it('waitForRequest fails listing what it saw', async () => {
    await fetch(api.url('/version'))
    await expect(api.waitForRequest({ verb: 'watch' }, 50)).rejects.toThrow(/no matching request within 50 ms; requests seen:\n {2}GET \/version → 200/)
  })

  it('msw.use adds a one-test handler, removed afterwards', async () => {
    const { http, HttpResponse } = await import('msw')
    api.msw!.use(http.get(api.url('/version'), () => HttpResponse.json({ major: '9' })))
    expect((await (await fetch(api.url('/version'))).json()).major).toBe('9')
  })

  it('… and it is gone in the next test', async () => {
    expect((await (await fetch(api.url('/version'))).json()).major).toBe('1')
  })
})

describe('useFakeImageApi via nock', () => {
  const api = useFakeImageApi({ via: 'nock', baseUrl: 'https://nock.cluster.example:6443' })
  it('records and injects for nock-intercepted requests too', async () => {
    api.inject({ match: { verb: 'create' }, status: 429, times: 1 })
    const url = api.url(IS)
    const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(isBody('n')) }
    const first = await fetch(url, init)
    expect([first.status, first.headers.get('retry-after')]).toEqual([429, '1'])
    expect((await fetch(url, init)).status).toBe(201)
    expect(api.requests.map((r) => [r.method, r.status, r.body])).toEqual([
      ['POST', 429, isBody('n')],
      ['POST', 201, isBody('n')],
    ])
  })
})

describe('useFakeImageApi via a real server, betweenTests reset', () => {
  const api = useFakeImageApi({ via: 'server', fixtures: 'empty-project', betweenTests: 'reset' })
  it('serves on 127.0.0.1 with recording and delays', async () => {
    expect(api.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    api.inject({ match: { path: '/version' }, delay: 50 })
    const t = performance.now()
    expect((await fetch(api.url('/version'))).status).toBe(200)
    expect(performance.now() - t).toBeGreaterThanOrEqual(45)
    expect((await fetch(api.url('/api/v1/namespaces/my-project'))).status).toBe(200)
    expect(api.requests.map((r) => r.path)).toEqual(['/version', '/api/v1/namespaces/my-project'])
  })
  it('betweenTests: reset empties the store', async () => {
    expect((await fetch(api.url('/api/v1/namespaces/my-project'))).status).toBe(404)
  })
})

describe("docs/testing.md's re-watch check", () => {
  const api = useFakeImageApi({ via: 'none', fixtures: 'openshift-samples' })
  const streams = '/apis/image.openshift.io/v1/namespaces/openshift/imagestreams'
  const watchOnce = async () => {
    const res = await api.fetch(new Request(api.url(`${streams}?watch=true`)))
    await readWatchEvents(res, { timeoutMs: 2000 })
  }
  const check = () => vi.waitFor(() => expect(api.requestsMatching({ verb: 'watch' })).toHaveLength(2), { timeout: 300 })

  it('fails for a client that lists and watches but never re-watches (even after other tests made requests)', async () => {
    api.inject({ match: { verb: 'watch' }, dropWatch: true, times: 1 })
    await api.fetch(new Request(api.url(streams)))
    await api.fetch(new Request(api.url(streams)))
    await watchOnce()
    await expect(check()).rejects.toThrow()
    expect(api.requests.map((r) => r.seq)).toEqual([1, 2, 3])
  })

  it('passes for a client that watches again after the drop', async () => {
    api.inject({ match: { verb: 'watch' }, dropWatch: true, times: 1 })
    await watchOnce()
    const again = await api.fetch(new Request(api.url(`${streams}?watch=true`)))
    await again.body?.cancel()
    await check()
    expect(api.requests[0]!.seq).toBe(1)
  })
})
