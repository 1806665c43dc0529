import { afterEach, vi } from 'vitest'
import { createFakeImageApi, type FakeImageApi, type FakeImageApiOptions } from '../src/index.js'

/**
 * Fakes made through `trackedFakes().fake()` are reset after each test; `released(api)` counts open
 * watches and the store listeners beyond those the fake started with (the import controller's).
 */
export function trackedFakes(onReset?: (api: FakeImageApi, otherListeners: number) => void) {
  const apis: FakeImageApi[] = []
  const otherListeners = new WeakMap<FakeImageApi, number>()
  const fake = (opts: FakeImageApiOptions = {}): FakeImageApi => {
    const api = createFakeImageApi(opts)
    otherListeners.set(api, api.store.listenerCount)
    apis.push(api)
    return api
  }
  afterEach(async () => {
    vi.useRealTimers()
    for (const api of apis.splice(0)) {
      await api.reset()
      onReset?.(api, otherListeners.get(api) ?? 0)
    }
  })
  const released = (api: FakeImageApi) => ({ watchers: api.server.watchers.size, listeners: api.store.listenerCount - (otherListeners.get(api) ?? 0) })
  return { fake, released, otherListeners }
}

/** Poll `cond` every 2 ms until it holds; fail after `ms`. */
export async function until(cond: () => boolean, what = 'condition', ms = 3000): Promise<void> {
  const t0 = Date.now()
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 2))
  }
}

/**
 * Open a watch (`url`, through `api.fetch`) and collect its events until `done(events)` holds or the stream
 * ends; the watch is then cancelled. Events are the parsed JSON lines.
 */
export async function watchUntil<E = any>(api: FakeImageApi, url: string, done: (events: E[]) => boolean): Promise<E[]> {
  const res = await api.fetch(new Request(url))
  if (res.status !== 200) throw new Error(`watch ${url}: ${res.status} ${await res.text()}`)
  const reader = res.body!.getReader()
  const dec = new TextDecoder()
  const events: E[] = []
  let buf = ''
  while (!done(events)) {
    const { value, done: ended } = await reader.read()
    if (ended) break
    buf += dec.decode(value, { stream: true })
    let i
    while ((i = buf.indexOf('\n')) >= 0) {
      events.push(JSON.parse(buf.slice(0, i)) as E)
      buf = buf.slice(i + 1)
    }
  }
  await reader.cancel()
  return events
}
