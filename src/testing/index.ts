// `openshift-image-fake/testing`: vitest helpers. Kept out of the root entry so that it never pulls in
// vitest (the root entry also runs in browsers and Storybook).
//
//   import { useFakeImageApi } from 'openshift-image-fake/testing'
//
//   const api = useFakeImageApi({ fixtures: 'openshift-samples' })        // msw setupServer, by default
//
//   it('lists the builder images', async () => {
//     const res = await fetch(api.url('/apis/image.openshift.io/v1/namespaces/openshift/imagestreams'))
//     expect(res.status).toBe(200)
//     expect(api.requests.at(-1)).toMatchObject({ method: 'GET', verb: 'list', status: 200 })
//   })
//
// It registers beforeAll (seed, start the door), afterEach (back to the seeded state: store, recorded
// requests, injected faults, open watches, msw runtime handlers) and afterAll (stop the door), so call it
// at module or describe level, not inside a test.

import { afterAll, afterEach, beforeAll } from 'vitest'
import type { SetupServer } from 'msw/node'
import { createFakeImageApi, type FakeImageApi, type FakeImageApiOptions } from '../index.js'
import type { StoreSnapshot } from '../store/store.js'
import type { RecordedRequest } from './instrument.js'
import { realSleep, realTimer, wallNow } from '../clock/native.js'

export { fixtureSet, fixtureSetNames, fixtureSetFiles, hasFixtureSet, FixtureSetError } from '../fixtures/sets.js'
export { parseFixtureYaml } from '../fixtures/parse-yaml.js'
export { FIXTURE_SET_NAMES, type FixtureSetName } from '../fixtures/set-names.js'
export type { RecordedRequest, FaultSpec, InjectedFault, RequestMatch, MatchInput, DropWatchOptions } from './instrument.js'
export type { GroupName, HttpMethod, ResourceName, SubresourceName, Verb } from './names.js'
import type { HttpMethod, ResourceName, SubresourceName, Verb } from './names.js'
import type { KubeObject } from '../image/types.js'

/** The API server URL the helpers use when none is given. */
export const DEFAULT_TEST_BASE_URL = 'https://api.cluster.example:6443'

export type Door = 'msw' | 'nock' | 'server' | 'none'

export interface UseFakeImageApiOptions extends FakeImageApiOptions {
  /**
   * How requests reach the fake:
   * * 'msw' (default): msw `setupServer(...api.handlers)` — Node's fetch, client-node 1.x, openshift-rest-client;
   * * 'nock': nock 14 interceptors on `baseUrl` (install nock yourself);
   * * 'server': a real HTTP server on 127.0.0.1 (kubectl, client-node 2.x under msw); `baseUrl` is its URL;
   * * 'none': nothing is intercepted — call `api.fetch` yourself, or hand `api.handlers` to your own msw.
   */
  via?: Door
  /** Origin (and path) the API is served at (default https://api.cluster.example:6443; ignored by 'server'). */
  baseUrl?: string
  /** msw's onUnhandledRequest (msw 3: onUnhandledFrame; default 'error'). */
  onUnhandledRequest?: 'error' | 'warn' | 'bypass'
  /**
   * After each test: 'restore' (default) brings the store back to the seeded fixtures; 'reset' empties
   * it; 'keep' leaves the data alone. Recorded requests, injected faults and open watches are always
   * cleared (and msw handlers added with `api.msw.use()` removed).
   */
  betweenTests?: 'restore' | 'reset' | 'keep'
}

export interface TestFakeImageApi extends FakeImageApi {
  /** Where the fake answers: the `baseUrl` option, or the server's URL with via 'server' (known from beforeAll on). */
  readonly baseUrl: string
  /** `baseUrl` + path. */
  url(path: string): string
  /** The msw server (via 'msw'), e.g. for `api.msw.use(...)` in one test. */
  readonly msw: SetupServer | undefined
  /** Recorded requests that match (every given field must be equal; `path` may be a RegExp). */
  requestsMatching(match: RequestFilter): RecordedRequest[]
  /** Resolve with the first recorded request that matches, waiting up to `timeoutMs` (default 2000) for it. */
  waitForRequest(match: RequestFilter, timeoutMs?: number): Promise<RecordedRequest>
}

export type RequestFilter =
  | ((r: RecordedRequest) => boolean)
  | {
      method?: HttpMethod
      verb?: Verb
      resource?: ResourceName
      subresource?: SubresourceName
      namespace?: string
      name?: string
      watch?: boolean
      websocket?: boolean
      status?: number
      path?: string | RegExp
    }

function filterFn(match: RequestFilter): (r: RecordedRequest) => boolean {
  if (typeof match === 'function') return match
  return (r) =>
    Object.entries(match).every(([k, want]) => {
      const got = (r as unknown as Record<string, unknown>)[k]
      if (k === 'path' && want instanceof RegExp) return want.test(r.path)
      if (k === 'method' && typeof want === 'string') return want.toUpperCase() === r.method
      return got === want
    })
}

/**
 * A fake image API for the tests of one file (or describe block), wired into vitest's hooks. Pass options
 * (as for `createFakeImageApi`, plus `via`, `baseUrl`, `betweenTests`), or an api you created yourself.
 */
export function useFakeImageApi(options: UseFakeImageApiOptions | FakeImageApi = {}): TestFakeImageApi {
  const given = isApi(options) ? options : undefined
  const opts: UseFakeImageApiOptions = given ? {} : (options as UseFakeImageApiOptions)
  const via: Door = opts.via ?? 'msw'
  let baseUrl = (opts.baseUrl ?? DEFAULT_TEST_BASE_URL).replace(/\/+$/, '')
  const api = given ?? createFakeImageApi({ ...opts, baseUrl: via === 'server' ? undefined : baseUrl })

  let seeded: StoreSnapshot | undefined
  let msw: SetupServer | undefined
  let stop: (() => Promise<void> | void) | undefined

  const extras = {
    baseUrl: { get: () => baseUrl, enumerable: true },
    url: { value: (path: string) => `${baseUrl}${path.startsWith('/') ? '' : '/'}${path}`, enumerable: true },
    msw: { get: () => msw, enumerable: true },
    requestsMatching: { value: (match: RequestFilter) => api.requests.filter(filterFn(match)), enumerable: true },
    waitForRequest: {
      value: async (match: RequestFilter, timeoutMs = 2000) => {
        const f = filterFn(match)
        // Real time (not the fake's clock, nor the runner's fake timers): this is the test's own patience.
        const deadline = wallNow() + timeoutMs
        for (;;) {
          const hit = api.requests.find(f)
          if (hit) return hit
          if (wallNow() > deadline) {
            const seen = api.requests.map((r) => `${r.method} ${r.path}${r.status ? ` → ${r.status}` : ''}`).join('\n  ')
            throw new Error(`waitForRequest: no matching request within ${timeoutMs} ms; requests seen:\n  ${seen || '(none)'}`)
          }
          await realSleep(10)
        }
      },
      enumerable: true,
    },
  } satisfies PropertyDescriptorMap
  const fake = Object.defineProperties(api, extras) as TestFakeImageApi

  beforeAll(async () => {
    await api.ready
    seeded = api.snapshot()
    if (via === 'msw') {
      const { setupServer } = await import('msw/node')
      const server = setupServer(...api.handlers)
      const mode = opts.onUnhandledRequest ?? 'error'
      // msw 2 reads onUnhandledRequest; msw 3 renamed it onUnhandledFrame and ignores the old name.
      server.listen({ onUnhandledRequest: mode, onUnhandledFrame: mode } as Parameters<typeof server.listen>[0])
      msw = server
      stop = () => msw?.close()
    } else if (via === 'nock') {
      const { interceptWithNock } = await import('../adapters/nock.js')
      const n = interceptWithNock(api, { baseUrl })
      stop = () => n.done()
    } else if (via === 'server') {
      const { listen } = await import('../adapters/node.js')
      const server = await listen(api, { port: 0, host: '127.0.0.1' })
      baseUrl = server.url
      stop = () => server.close()
    }
  })

  afterEach(async () => {
    msw?.resetHandlers()
    const mode = opts.betweenTests ?? 'restore'
    if (mode === 'keep') {
      const snap = api.snapshot()
      await api.reset()
      await api.restore(snap)
    } else {
      await api.reset()
      if (mode === 'restore' && seeded) await api.restore(seeded)
    }
  })

  afterAll(async () => {
    api.closeWatches()
    await stop?.()
    stop = undefined
    msw = undefined
  })

  return fake
}

function isApi(v: unknown): v is FakeImageApi {
  return !!v && typeof v === 'object' && typeof (v as FakeImageApi).fetch === 'function' && typeof (v as FakeImageApi).seed === 'function'
}

/**
 * One watch event. `T` is the object type the caller expects (`readWatchEvents<ImageStream>(res)`);
 * ERROR events carry a `Status` instead, BOOKMARKs an object with only metadata.resourceVersion.
 */
export interface WatchEvent<T = KubeObject> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR'
  object: T
}

/**
 * Read events from a watch Response (newline-delimited JSON) until `count` events (BOOKMARKs are skipped
 * unless `bookmarks` is true) or the stream ends, then cancel the body (which releases the watch). Rejects
 * after `timeoutMs` (default 5000) with the events seen so far in the message.
 */
export async function readWatchEvents<T = KubeObject>(
  response: Response,
  opts: { count?: number; timeoutMs?: number; bookmarks?: boolean } = {},
): Promise<Array<WatchEvent<T>>> {
  if (!response.body) throw new Error(`readWatchEvents: the response has no body (status ${response.status})`)
  const count = opts.count ?? Infinity
  const reader = response.body.getReader()
  const decoder = new TextDecoder()
  const events: Array<WatchEvent<T>> = []
  let buf = ''
  let cancel: (() => void) | undefined
  const timeout = new Promise<never>((_, reject) => {
    cancel = realTimer(
      () => reject(new Error(`readWatchEvents: ${events.length} of ${count} events within ${opts.timeoutMs ?? 5000} ms: ${events.map((e) => e.type).join(', ') || '(none)'}`)),
      opts.timeoutMs ?? 5000,
    )
  })
  try {
    while (events.length < count) {
      const { done, value } = await Promise.race([reader.read(), timeout])
      if (done) break
      buf += decoder.decode(value, { stream: true })
      let nl: number
      while ((nl = buf.indexOf('\n')) >= 0 && events.length < count) {
        const line = buf.slice(0, nl).trim()
        buf = buf.slice(nl + 1)
        if (!line) continue
        const ev = JSON.parse(line) as WatchEvent<T>
        if (ev.type === 'BOOKMARK' && !opts.bookmarks) continue
        events.push(ev)
      }
    }
    return events
  } finally {
    cancel?.()
    reader.cancel().catch(() => {})
  }
}
