// The fake under the test runner's fake timers. With `clock: 'real'` (the default) the fake reads
// Date and the timer functions on every call, so `vi.useFakeTimers()` / `vi.setSystemTime()` /
// `vi.advanceTimersByTimeAsync()` drive its timestamps, its import controller and its watch timeouts —
// through api.fetch, through msw's setupServer, and through listen(). A virtual clock keeps working
// while the runner's timers are faked (it never waits on them).

import { setupServer } from 'msw/node'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createFakeImageApi, type FakeImageApi } from '../src/index.js'
import { listen } from '../src/node.js'
import { testRegistry, APP_1 } from './imports-helpers.js'

const T0 = '2027-03-04T05:06:07Z'
const NS = '/apis/image.openshift.io/v1/namespaces/ns'
const webStream = JSON.stringify({ apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name: 'web' }, spec: { tags: [{ name: 'app', from: { kind: 'DockerImage', name: 'quay.io/team/app:1' } }] } })
const post = { method: 'POST', headers: { 'content-type': 'application/json' }, body: webStream }

afterEach(() => {
  vi.useRealTimers()
})

/** The same checks whatever the door: stamps follow the runner's clock; its timers run the controller and end watches. */
async function exercise(api: FakeImageApi, fetchFn: (path: string, init?: RequestInit) => Promise<Response>) {
  const created = await fetchFn(`${NS}/imagestreams`, post)
  expect(created.status).toBe(201)
  expect(((await created.json()) as { metadata: { creationTimestamp: string } }).metadata.creationTimestamp).toBe(T0)
  expect(api.clock.now()).toBe(Date.parse(T0))

  const watch = await fetchFn(`${NS}/imagestreams?watch=true&timeoutSeconds=30&resourceVersion=0`)
  const reader = watch.body!.getReader()
  let text = ''
  let ended = false
  const pump = (async () => {
    const dec = new TextDecoder()
    for (;;) {
      const r = await reader.read()
      if (r.done) break
      text += dec.decode(r.value)
    }
    ended = true
  })()

  // The controller's 1 s quiet period runs on the runner's (fake) timers.
  await vi.advanceTimersByTimeAsync(999)
  expect(((await (await fetchFn(`${NS}/imagestreams/web`)).json()) as { status: { tags?: unknown } }).status.tags).toBeUndefined()
  await vi.advanceTimersByTimeAsync(1)
  await api.settle()
  const s = (await (await fetchFn(`${NS}/imagestreams/web`)).json()) as { metadata: { annotations: Record<string, string> }; status: { tags: Array<{ items: Array<{ image: string; created: string }> }> } }
  expect(s.status.tags[0]!.items[0]).toMatchObject({ image: APP_1.digest, created: '2027-03-04T05:06:08Z' })
  expect(s.metadata.annotations['openshift.io/image.dockerRepositoryCheck']).toBe('2027-03-04T05:06:08Z')

  // The watch saw the create and the import, and ends when the fake 30 s have passed.
  await vi.advanceTimersByTimeAsync(28_000)
  expect(ended).toBe(false)
  await vi.advanceTimersByTimeAsync(1_000)
  await pump
  expect(ended).toBe(true)
  expect(text.trim().split('\n').map((l) => (JSON.parse(l) as { type: string }).type)).toEqual(['ADDED', 'MODIFIED'])
}

describe("vi.useFakeTimers() with clock: 'real' (the default)", () => {
  it('api.fetch', async () => {
    vi.useFakeTimers({ now: new Date(T0) })
    const api = createFakeImageApi({ remoteRegistry: testRegistry() })
    await exercise(api, (path, init) => api.fetch(new Request(`http://fake.local${path}`, init)))
  })

  it("msw's setupServer and the global fetch", async () => {
    vi.useFakeTimers({ now: new Date(T0)})
    const api = createFakeImageApi({ baseUrl: 'https://api.timers.example:6443', remoteRegistry: testRegistry() })
    const server = setupServer(...api.handlers)
    server.listen({ onUnhandledRequest: 'error' })
    try {
      await exercise(api, (path, init) => fetch(`https://api.timers.example:6443${path}`, init))
    } finally {
      server.close()
    }
  })

  it('listen() and a real socket', async () => {
    vi.useFakeTimers({ now: new Date(T0)})
    const api = createFakeImageApi({ remoteRegistry: testRegistry() })
    const server = await listen(api)
    try {
      await exercise(api, (path, init) => fetch(`${server.url}${path}`, init))
    } finally {
      await server.close()
    }
  })
})

describe('a virtual clock under vi.useFakeTimers()', () => {
  it('keeps its own time and advances without the runner', async () => {
    vi.useFakeTimers({ now: new Date('2030-01-01T00:00:00Z') })
    const api = createFakeImageApi({ clock: 'virtual', remoteRegistry: testRegistry() })
    const res = await api.fetch(new Request(`http://fake.local${NS}/imagestreams`, post))
    expect(((await res.json()) as { metadata: { creationTimestamp: string } }).metadata.creationTimestamp).toBe('2026-01-01T00:00:00Z')
    await api.clock.advance(1000)
    const s = (await (await api.fetch(new Request(`http://fake.local${NS}/imagestreams/web`))).json()) as { status: { tags: Array<{ items: Array<{ created: string }> }> } }
    expect(s.status.tags[0]!.items[0]!.created).toBe('2026-01-01T00:00:01Z')
  })
})
