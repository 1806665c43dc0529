// Watch lifetimes: every way a watch ends releases it — the registry entry (`server.watchers`), the store
// subscription (`store.listenerCount`), its timers (counted with fake timers) and the abort listener on
// the request's signal. Also: what reaches the fake when clients go away under msw 2,
// slow readers, and what a watch sends at once (msw 3 resolves fetch() only on the first chunk).

import * as k8s from '@kubernetes/client-node'
import { setupServer } from 'msw/node'
import { getEventListeners } from 'node:events'
import http from 'node:http'
import { describe, expect, it, vi } from 'vitest'
import { createFakeImageApi } from '../src/index.js'
import { BASE, call, IS, stream } from './helpers.js'
import { trackedFakes, until } from './watch-helpers.js'

const { fake, released, otherListeners } = trackedFakes()

const flush = () => vi.advanceTimersByTimeAsync(0)


/** Read `n` complete lines from a reader (or until the stream ends). */
async function readLines(reader: ReadableStreamDefaultReader<Uint8Array>, n: number, carry = { buf: '' }): Promise<{ lines: string[]; done: boolean }> {
  const dec = new TextDecoder()
  const lines: string[] = []
  while (lines.length < n) {
    let i
    while (lines.length < n && (i = carry.buf.indexOf('\n')) >= 0) {
      lines.push(carry.buf.slice(0, i))
      carry.buf = carry.buf.slice(i + 1)
    }
    if (lines.length >= n) break
    const { value, done } = await reader.read()
    if (done) return { lines, done: true }
    carry.buf += dec.decode(value, { stream: true })
  }
  return { lines, done: false }
}

// Watches of every kind: plain, bookmarks (periodic timers), short timeouts, Table, a watch-list waiting
// for a future RV (its own timer), a single-object watch.
const KINDS = [
  `${IS}?watch=true`,
  `${IS}?watch=true&allowWatchBookmarks=true&resourceVersion=0`,
  `${IS}?watch=true&timeoutSeconds=30&allowWatchBookmarks=true`,
  `${IS}?watch=true&resourceVersion=1`,
  `${IS}?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&resourceVersion=999&allowWatchBookmarks=true`,
  `${IS}?watch=true&fieldSelector=metadata.name%3Da`,
]

describe('releasing watchers', () => {
  it('an abort in the middle releases exactly the aborted watchers, with their timers and listeners', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    const api = fake({ watch: { bookmarkIntervalMs: 1000 } })
    await call(api, 'POST', IS, stream('a'))
    const open = []
    for (let i = 0; i < 30; i++) {
      const ac = new AbortController()
      const req = new Request(BASE + KINDS[i % KINDS.length]!, { signal: ac.signal })
      const res = await api.fetch(req)
      open.push({ ac, signal: req.signal, reader: res.body!.getReader(), carry: { buf: '' } })
    }
    expect(released(api)).toEqual({ watchers: 30, listeners: 30 })
    const timersWithAll = vi.getTimerCount()
    expect(timersWithAll).toBeGreaterThanOrEqual(30) // every watch holds at least its timeout
    // Traffic, some of it read.
    for (let i = 0; i < 5; i++) {
      const r = await call(api, 'PATCH', `${IS}/a`, { metadata: { labels: { i: String(i) } } }, { contentType: 'application/merge-patch+json' })
      expect(r.status).toBe(200)
    }
    await open[0]!.reader.read()
    // Abort every other watch in the middle of the stream.
    for (let i = 0; i < 30; i += 2) open[i]!.ac.abort()
    await flush()
    expect(released(api)).toEqual({ watchers: 15, listeners: 15 })
    expect(vi.getTimerCount()).toBeLessThan(timersWithAll)
    for (let i = 0; i < 30; i += 2) {
      // The aborted body ends cleanly after what was already queued.
      for (;;) if ((await open[i]!.reader.read()).done) break
    }
    // The others are untouched and still live.
    await call(api, 'DELETE', `${IS}/a`)
    const live = await readLines(open[1]!.reader, 8, open[1]!.carry)
    expect(live.lines.map((l) => JSON.parse(l).type)).toEqual(['ADDED', 'BOOKMARK', 'MODIFIED', 'MODIFIED', 'MODIFIED', 'MODIFIED', 'MODIFIED', 'DELETED'])
    for (let i = 1; i < 30; i += 2) open[i]!.ac.abort()
    await flush()
    expect(released(api)).toEqual({ watchers: 0, listeners: 0 })
    expect(vi.getTimerCount()).toBe(0)
    for (const o of open) expect(getEventListeners(o.signal, 'abort')).toHaveLength(0)
  })

  it('cancelling the body, the timeout, an ERROR event, closeWatches() and reset() each release everything', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    const api = fake({ eventWindow: 2, watch: { tooLargeResourceVersionWaitMs: 3000 } })
    for (const n of ['a', 'b', 'c', 'd']) await call(api, 'POST', IS, stream(n))
    const start = async (path: string) => {
      const ac = new AbortController()
      const req = new Request(BASE + path, { signal: ac.signal })
      const res = await api.fetch(req)
      // The engine listens on the request's own signal (ac.signal only has the Request's follower).
      return { ac, signal: req.signal, res }
    }

    const cancelled = await start(`${IS}?watch=true&allowWatchBookmarks=true`)
    await cancelled.res.body!.cancel()
    expect(released(api)).toEqual({ watchers: 0, listeners: 0 })
    expect(vi.getTimerCount()).toBe(0)
    expect(getEventListeners(cancelled.signal, 'abort')).toHaveLength(0)

    const timed = await start(`${IS}?watch=true&timeoutSeconds=5&allowWatchBookmarks=true`)
    await vi.advanceTimersByTimeAsync(5000)
    expect(released(api)).toEqual({ watchers: 0, listeners: 0 })
    expect(vi.getTimerCount()).toBe(0)
    expect(getEventListeners(timed.signal, 'abort')).toHaveLength(0)
    expect(await timed.res.text()).toContain('"BOOKMARK"')

    const expired = await start(`${IS}?watch=true&resourceVersion=1&allowWatchBookmarks=true`)
    expect(released(api)).toEqual({ watchers: 0, listeners: 0 }) // released as soon as the ERROR is queued
    expect(vi.getTimerCount()).toBe(0)
    expect(JSON.parse(await expired.res.text()).object.code).toBe(410)

    const tooLarge = await start(`${IS}?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&resourceVersion=99`)
    await vi.advanceTimersByTimeAsync(3000)
    expect(released(api)).toEqual({ watchers: 0, listeners: 0 })
    expect(JSON.parse(await tooLarge.res.text()).object.code).toBe(504)

    const open = []
    for (const k of KINDS) open.push(await start(k))
    expect(released(api).watchers).toBe(KINDS.length - 1) // `resourceVersion=1` is expired here: ended at once
    api.closeWatches()
    expect(released(api)).toEqual({ watchers: 0, listeners: 0 })
    expect(vi.getTimerCount()).toBe(0)
    for (const o of open) {
      expect(getEventListeners(o.signal, 'abort')).toHaveLength(0)
      await o.res.text() // each body ends
    }

    for (const k of KINDS) open.push(await start(k))
    await api.reset()
    expect(released(api)).toEqual({ watchers: 0, listeners: 0 })
    expect(vi.getTimerCount()).toBe(0)
  })

  it('a signal that is already aborted never registers a watcher', async () => {
    const api = fake()
    const ac = new AbortController()
    ac.abort()
    const res = await api.fetch(new Request(`${BASE}${IS}?watch=true`, { signal: ac.signal }))
    expect(await res.text()).toBe('')
    expect(released(api)).toEqual({ watchers: 0, listeners: 0 })
  })

  it('a reader that stops reading is dropped after maxQueuedBytes; it gets everything queued, then resumes from its last RV', async () => {
    const api = fake({ watch: { maxQueuedBytes: 20_000 } })
    const res = await api.fetch(new Request(`${BASE}${IS}?watch=true&resourceVersion=0`))
    for (let i = 0; i < 60; i++) await call(api, 'POST', IS, stream(`s${i}`))
    expect(released(api)).toEqual({ watchers: 0, listeners: 0 }) // dropped while nobody read
    const lines = (await res.text()).trim().split('\n').map((l) => JSON.parse(l))
    expect(lines.length).toBeGreaterThan(10)
    expect(lines.length).toBeLessThan(60)
    const last = lines[lines.length - 1].object.metadata.resourceVersion
    const again = await api.fetch(new Request(`${BASE}${IS}?watch=true&resourceVersion=${last}`))
    const reader = again.body!.getReader()
    const rest = await readLines(reader, 60 - lines.length)
    await reader.cancel()
    const names = [...lines, ...rest.lines.map((l) => JSON.parse(l))].map((e) => e.object.metadata.name)
    expect(names).toEqual(Array.from({ length: 60 }, (_, i) => `s${i}`))
  })
})

describe('clients going away under msw 2', () => {
  const server = setupServer()
  const api = createFakeImageApi({ baseUrl: 'http://127.0.0.1:18099' })
  otherListeners.set(api, api.store.listenerCount)
  const URL_ = `http://127.0.0.1:18099${IS}`

  it('global fetch: abort() reaches the fake through request.signal; a cancelled body is not reliably seen (msw tees mocked bodies)', async () => {
    server.resetHandlers(...api.handlers)
    server.listen({ onUnhandledRequest: 'error' })
    try {
      const ac = new AbortController()
      const res = await fetch(`${URL_}?watch=true&allowWatchBookmarks=true`, { signal: ac.signal })
      const reader = res.body!.getReader()
      expect(new TextDecoder().decode((await reader.read()).value)).toContain('BOOKMARK')
      expect(released(api)).toEqual({ watchers: 1, listeners: 1 })
      ac.abort()
      await until(() => api.server.watchers.size === 0)
      expect(released(api).listeners).toBe(0)
      // The mocked body just ends: msw 2 does not error it with an AbortError as a real fetch would.
      for (;;) if ((await reader.read()).done) break

      // msw 2.15 clones every mocked response for its life-cycle events and logs (a tee): cancelling the
      // client's branch reaches the fake only once msw is done with its own branch — usually never, but
      // a CI run under load saw it happen — and the cancel() promise itself may never settle (nor may
      // breaking out of a for-await loop, which awaits it). So abort the request, or end watches with
      // api.closeWatches(), which always releases them (docs/watching.md).
      const res2 = await fetch(`${URL_}?watch=true`)
      expect(api.server.watchers.size).toBe(1)
      void res2.body!.cancel()
      await new Promise((r) => setTimeout(r, 50))
      expect(api.server.watchers.size).toBeLessThanOrEqual(1)
      api.closeWatches()
      expect(released(api)).toEqual({ watchers: 0, listeners: 0 })
    } finally {
      server.close()
    }
  })

  it('http.ClientRequest (client-node 1.4.0 Watch): headers arrive at once, but an abort is invisible to the fake', async () => {
    server.resetHandlers(...api.handlers)
    server.listen({ onUnhandledRequest: 'error' })
    try {
      // The status line and headers come before any event (an empty first chunk makes msw flush them).
      const status = await new Promise<number>((resolve, reject) => {
        const req = http.get(`${URL_}?watch=true&resourceVersion=1`, (res) => {
          resolve(res.statusCode!)
          req.destroy()
        })
        req.on('error', (e) => (e.message === 'socket hang up' ? undefined : reject(e)))
      })
      expect(status).toBe(200)

      const kc = new k8s.KubeConfig()
      kc.loadFromOptions({
        clusters: [{ name: 'c', server: 'http://127.0.0.1:18099', skipTLSVerify: true }],
        users: [{ name: 'u' }],
        contexts: [{ name: 'c', cluster: 'c', user: 'u' }],
        currentContext: 'c',
      })
      const done: unknown[] = []
      const ctl = await new k8s.Watch(kc).watch(IS, { resourceVersion: '1' }, () => {}, (err) => done.push(err))
      expect(api.server.watchers.size).toBeGreaterThanOrEqual(1)
      const before = api.server.watchers.size
      ctl.abort()
      await until(() => done.length === 1)
      await new Promise((r) => setTimeout(r, 50))
      // msw's ClientRequest interceptor gives the handler no signal and keeps reading the mocked body,
      // so these watchers live until their timeout, closeWatches() or reset().
      expect(api.server.watchers.size).toBe(before)
      api.closeWatches()
      expect(released(api)).toEqual({ watchers: 0, listeners: 0 })
    } finally {
      server.close()
    }
  })
})

describe('what a watch sends at once (msw 3 resolves fetch() on the first chunk)', () => {
  it('initial events, or a bookmark when allowed, or else an empty chunk', async () => {
    const api = fake()
    const rv = (await call(api, 'POST', IS, stream('a'))).body.metadata.resourceVersion
    const first = async (path: string) => {
      const res = await api.fetch(new Request(BASE + path))
      const reader = res.body!.getReader()
      const { value } = await reader.read() // resolves without any write
      await reader.cancel()
      return new TextDecoder().decode(value)
    }
    expect(JSON.parse(await first(`${IS}?watch=true`)).type).toBe('ADDED')
    expect(JSON.parse(await first(`${IS}?watch=true&resourceVersion=${rv}&allowWatchBookmarks=true`)).type).toBe('BOOKMARK')
    expect(JSON.parse(await first(`${IS}?watch=true&sendInitialEvents=false&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true`)).type).toBe('BOOKMARK')
    // Nothing to say: RV given and no bookmarks (or an empty initial state without bookmarks).
    expect(await first(`${IS}?watch=true&resourceVersion=${rv}`)).toBe('')
    expect(await first(`/apis/image.openshift.io/v1/namespaces/empty/imagestreams?watch=true`)).toBe('')
    expect(released(api)).toEqual({ watchers: 0, listeners: 0 })
  })
})
