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
