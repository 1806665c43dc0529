// Browser-style watches over WebSocket through msw's `ws.link` handlers in `api.handlers` (k8s.io/apiserver
// handlers/watch.go WatchServer.HandleWS), exercised in Node through msw's WebSocket interception of the
// global `WebSocket` class.
//
// Node 20 has no global WebSocket: ./no-network-websocket.ts installs a stand-in for msw to wrap.

import './no-network-websocket.js'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { createMswWebSocketHandlers, type MswWebSocketOptions } from '../src/adapters/msw.js'
import { createFakeImageApi, type FakeImageApi } from '../src/index.js'
import { httpUrlOf, isWatchUrl, webSocketUrlPattern } from '../src/adapters/msw-ws.js'

const HTTP = 'http://fake.local'
const IS = '/apis/image.openshift.io/v1/namespaces/ns/imagestreams'
const CONSOLE = 'wss://console.example/api/kubernetes'

async function waitFor(cond: () => boolean, what: string, ms = 3000): Promise<void> {
  const t0 = Date.now()
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 5))
  }
}

async function call(api: FakeImageApi, method: string, path: string, body?: unknown): Promise<any> {
  const res = await api.fetch(new Request(HTTP + path, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined }))
  return res.json()
}
const stream = (name: string, labels?: Record<string, string>) => ({ apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name, labels }, spec: {} })

function openSocket(url: string, protocols?: string | string[]) {
  const sock = new WebSocket(url, protocols)
  const frames: string[] = []
  const events: string[] = []
  sock.addEventListener('open', () => events.push('open'))
  sock.addEventListener('error', () => events.push('error'))
  sock.addEventListener('message', (e) => {
    expect(typeof e.data).toBe('string') // text frames
    frames.push(e.data as string)
  })
  const closed = new Promise<{ code: number; reason: string; wasClean: boolean }>((resolve) =>
    sock.addEventListener('close', (e) => {
      events.push('close')
      const ce = e as CloseEvent
      resolve({ code: ce.code, reason: ce.reason, wasClean: ce.wasClean })
    }),
  )
  return { sock, frames, events, closed }
}

/** The same watch over HTTP: the first `n` lines, trailing newline included. */
async function httpLines(api: FakeImageApi, path: string, n: number): Promise<string[]> {
  const res = await api.fetch(new Request(HTTP + path))
  const reader = res.body!.getReader()
  const dec = new TextDecoder()
  let buf = ''
  const lines: string[] = []
  while (lines.length < n) {
    const { value, done } = await reader.read()
    if (done) break
    buf += dec.decode(value, { stream: true })
    let i
    while ((i = buf.indexOf('\n')) >= 0) {
      lines.push(buf.slice(0, i + 1))
      buf = buf.slice(i + 1)
    }
  }
  await reader.cancel()
  return lines
}

const b64 = (s: string) => Buffer.from(s).toString('base64').replace(/=/g, '_').replace(/\//g, '-')
const bearer = (t: string) => `base64url.bearer.authorization.k8s.io.${Buffer.from(t).toString('base64url')}`

describe('watch over WebSocket via msw ws.link (api.handlers)', () => {
  let api: FakeImageApi = createFakeImageApi({ basePaths: ['/api/kubernetes'] })
  const server = setupServer()
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
  afterAll(() => server.close())
  // Store listeners that are not watches (the import controller), counted when the fake was made.
  let others = 0
  const watchListeners = () => api.store.listenerCount - others
  const fresh = (opts: Parameters<typeof createFakeImageApi>[0] = { basePaths: ['/api/kubernetes'] }) => {
    api = createFakeImageApi(opts)
    others = api.store.listenerCount
    server.resetHandlers(...api.handlers)
    return api
  }
  afterEach(async () => {
    await api.reset()
    expect(api.server.watchers.size).toBe(0)
    expect(watchListeners()).toBe(0)
  })

  it('serves the console URL: one text frame per event, the same bytes as the HTTP line, close 1000 at the end', async () => {
    fresh()
    const a = await call(api, 'POST', IS, stream('a'))
    const rv = a.metadata.resourceVersion
    const path = `${IS}?watch=true&resourceVersion=${rv}`
    const ws = openSocket(`${CONSOLE}${path}`)
    await waitFor(() => ws.events.includes('open') && api.server.watchers.size === 1, 'the watch to open')
    const b = await call(api, 'POST', IS, stream('b', { app: 'x' }))
    await call(api, 'PUT', `${IS}/b`, { ...b, metadata: { ...b.metadata, labels: { app: 'y' } } })
    await call(api, 'DELETE', `${IS}/a`)
    await waitFor(() => ws.frames.length === 3, 'three frames')
    expect(ws.frames.map((f) => `${JSON.parse(f).type} ${JSON.parse(f).object.metadata.name}`)).toEqual(['ADDED b', 'MODIFIED b', 'DELETED a'])
    expect(ws.frames).toEqual(await httpLines(api, path, 3))
    expect(ws.frames.every((f) => f.endsWith('}\n') && f.indexOf('\n') === f.length - 1)).toBe(true)

    api.closeWatches()
    expect(await ws.closed).toEqual({ code: 1000, reason: '', wasClean: true })
    expect(ws.events).toEqual(['open', 'close'])
  })

  it('replays the current state without an RV; selectors and single-object watches work as over HTTP', async () => {
    fresh()
    await call(api, 'POST', IS, stream('a', { app: 'x' }))
    await call(api, 'POST', IS, stream('b'))
    const all = openSocket(`wss://anywhere.example${IS}?watch=true`)
    const sel = openSocket(`${CONSOLE}${IS}?watch=true&labelSelector=app%3Dx`)
    const one = openSocket(`${CONSOLE}${IS}?watch=true&fieldSelector=metadata.name%3Db`)
    const dep = openSocket(`${CONSOLE}/apis/image.openshift.io/v1/watch/namespaces/ns/imagestreams/b`)
    await waitFor(() => all.frames.length === 2 && sel.frames.length === 1 && one.frames.length === 1 && dep.frames.length === 1, 'initial frames')
    const names = (fs: string[]) => fs.map((f) => JSON.parse(f).object.metadata.name)
    expect(names(all.frames)).toEqual(['a', 'b'])
    expect(names(sel.frames)).toEqual(['a'])
    expect(names(one.frames)).toEqual(['b'])
    expect(names(dep.frames)).toEqual(['b'])
    expect(api.server.watchers.size).toBe(4)
  })

  it('releases the watcher when the browser closes the socket', async () => {
    fresh()
    const ws = openSocket(`${CONSOLE}${IS}?watch=true&resourceVersion=0`)
    await waitFor(() => ws.events.includes('open') && api.server.watchers.size === 1, 'the watch to open')
    ws.sock.close()
    await ws.closed
    await waitFor(() => api.server.watchers.size === 0 && watchListeners() === 0, 'the watcher to be released')
  })

  it('closes with 1000 when timeoutSeconds passes, and on ERROR 410 after the event', async () => {
    fresh({ basePaths: ['/api/kubernetes'], eventWindow: 2 })
    const t0 = Date.now()
    const timed = openSocket(`${CONSOLE}${IS}?watch=true&timeoutSeconds=1`)
    expect((await timed.closed).code).toBe(1000)
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900)

    for (const n of ['a', 'b', 'c', 'd']) await call(api, 'POST', IS, stream(n))
    const old = openSocket(`${CONSOLE}${IS}?watch=true&resourceVersion=1`)
    expect((await old.closed).code).toBe(1000)
    expect(old.frames).toHaveLength(1)
    expect(JSON.parse(old.frames[0]!)).toMatchObject({ type: 'ERROR', object: { kind: 'Status', reason: 'Expired', code: 410 } })
  })

  it('accepts impersonation and bearer subprotocols and turns them into headers', async () => {
    api = createFakeImageApi({ basePaths: ['/api/kubernetes'] })
    others = api.store.listenerCount
    const seen: Headers[] = []
    server.resetHandlers(...createMswWebSocketHandlers({ fetch: (r) => (seen.push(r.headers), api.fetch(r)) }, { basePaths: ['/api/kubernetes'] }))
    await call(api, 'POST', IS, stream('a'))
    const imp = openSocket(`${CONSOLE}${IS}?watch=true`, [`Impersonate-User.${b64('alice')}`, `Impersonate-Group.${b64('devs')}`])
    const tok = openSocket(`${CONSOLE}${IS}?watch=true`, [bearer('sha256~tok'), 'base64.binary.k8s.io'])
    await waitFor(() => imp.frames.length === 1 && tok.frames.length === 1, 'one frame each')
    expect(imp.events[0]).toBe('open')
    expect(tok.events[0]).toBe('open')
    const impH = seen.find((h) => h.has('impersonate-user'))!
    const tokH = seen.find((h) => h.has('authorization'))!
    expect([impH.get('impersonate-user'), impH.get('impersonate-group'), impH.get('authorization')]).toEqual(['alice', 'devs', null])
    expect([tokH.get('authorization'), tokH.get('sec-websocket-protocol')]).toEqual(['Bearer sha256~tok', 'base64.binary.k8s.io'])
  })

  it('refuses like a failed handshake (error + 1006) by default; errors:"frame" sends the Status and closes 1000', async () => {
    fresh()
    const cases: Array<[string, string | string[] | undefined, RegExp]> = [
      [`${CONSOLE}${IS}?watch=true`, [bearer('t')], /^HTTP 401/], // a token protocol alone
      [`${CONSOLE}${IS}?watch=true`, ['a.k8s.io', 'b.k8s.io'], /^HTTP 400/], // two protocols
      [`${CONSOLE}${IS}`, undefined, /not a watch request/], // a plain list
    ]
    for (const [url, protocols, reason] of cases) {
      const ws = openSocket(url, protocols)
      const c = await ws.closed
      expect(c.code).toBe(1006)
      expect(c.reason).toMatch(reason)
      expect(ws.events).toEqual(['error', 'close']) // refused before it opened
      expect(ws.frames).toEqual([])
    }
    // Engine errors are only known after the socket opened.
    const bad = openSocket(`${CONSOLE}${IS}?watch=true&resourceVersion=abc`)
    const c = await bad.closed
    expect([c.code, c.reason]).toEqual([1006, 'HTTP 500: resourceVersion: Invalid value: "abc": strconv.ParseUint: parsing "abc": invalid syntax'])
    expect(bad.events.slice(-2)).toEqual(['error', 'close'])

    const opts: MswWebSocketOptions = { basePaths: ['/api/kubernetes'], errors: 'frame' }
    server.resetHandlers(...createMswWebSocketHandlers(api, opts))
    const framed = openSocket(`${CONSOLE}${IS}?watch=true&resourceVersion=abc`)
    expect((await framed.closed).code).toBe(1000)
    expect(framed.events).toEqual(['open', 'close'])
    expect(framed.frames).toHaveLength(1)
    expect(JSON.parse(framed.frames[0]!)).toMatchObject({ kind: 'Status', code: 500 })
    const twoProtocols = openSocket(`${CONSOLE}${IS}?watch=true`, ['a.k8s.io', 'b.k8s.io'])
    expect((await twoProtocols.closed).code).toBe(1000)
    expect(JSON.parse(twoProtocols.frames[0]!)).toMatchObject({ kind: 'Status', code: 400, reason: 'BadRequest' })
  })

  it('matches ws(s) URLs of the API paths on any host, or only on the baseUrl host', async () => {
    const any = webSocketUrlPattern({ basePaths: ['/api/kubernetes'] })
    expect(any.test('wss://console.example/api/kubernetes/apis/image.openshift.io/v1/images')).toBe(true)
    expect(any.test('ws://localhost:9000/apis/image.openshift.io/v1/images')).toBe(true)
    expect(any.test('wss://console.example/static/app.js')).toBe(false)
    const only = webSocketUrlPattern({ baseUrl: 'https://api.cluster.example:6443/' })
    expect(only.test('wss://api.cluster.example:6443/apis/image.openshift.io/v1/images')).toBe(true)
    expect(only.test('ws://api.cluster.example:6443/apis/image.openshift.io/v1/images')).toBe(false)
    expect(only.test('wss://other.example:6443/apis/image.openshift.io/v1/images')).toBe(false)
    expect(webSocketUrlPattern({ baseUrl: 'http://localhost:9000' }).test('ws://localhost:9000/api/v1/namespaces')).toBe(true)

    const u = httpUrlOf('wss://console.example/api/kubernetes/apis/image.openshift.io/v1/images?watch=1&labelSelector=a%3Db')
    expect(u.href).toBe('https://console.example/api/kubernetes/apis/image.openshift.io/v1/images?watch=1&labelSelector=a%3Db')
    expect(isWatchUrl(u, ['/api/kubernetes'])).toBe(true)
    expect(isWatchUrl(new URL('https://x/apis/image.openshift.io/v1/watch/images/sha256:abc'))).toBe(true)
    expect(isWatchUrl(new URL('https://x/apis/image.openshift.io/v1/images?watch=false'))).toBe(false)

    // The handlers in api.handlers use the same patterns.
    const wsHandlers = createFakeImageApi({ baseUrl: 'https://api.cluster.example:6443' }).handlers.filter((h) => (h as { kind?: string }).kind === 'websocket') as unknown as Array<{ test(url: string): boolean }>
    expect(wsHandlers).toHaveLength(1)
    // msw loads on the first read of api.handlers; until then a handler answers only `kind` and `run`.
    await vi.waitUntil(() => typeof wsHandlers[0]!.test === 'function')
    expect(wsHandlers[0]!.test('wss://api.cluster.example:6443/apis/image.openshift.io/v1/namespaces/ns/imagestreams')).toBe(true)
    expect(wsHandlers[0]!.test('wss://elsewhere.example/apis/image.openshift.io/v1/namespaces/ns/imagestreams')).toBe(false)
  })
})
