// `api.handlers` without loading msw up front. msw is imported
// the first time `api.handlers` is read, not when the root entry is: users who only call `api.fetch` or
// `listen()` never load it (it is most of the root entry's import time otherwise). The door's own code
// (./msw-http.ts, ./msw-ws.ts) is loaded with the root entry and made with the msw module loaded here.
//
// `setupServer(...api.handlers)` / `setupWorker(...)` take the array synchronously, so each element is a
// stand-in for one real msw handler: a Proxy that answers `kind` (all msw reads before the first request,
// to sort handlers by kind) and whose `run()` waits for msw to load, then builds the real handler and
// hands the request to it. Once built, every property, method and symbol read goes to the real handler
// (methods bound to it, so its private fields work), and `instanceof` sees its class: msw's `log()` and
// WebSocket `kConnect` calls after a match, `isUsed`, `info` for `listHandlers()` all behave as the real
// handler's. By the time a request arrives msw is nearly always loaded already (the user's own
// `import { setupServer } from 'msw/node'` loaded it), so the wait is one microtask.

import type { RequestHandler, WebSocketHandler } from 'msw'
import { mswHttpHandlersWith, type EngineLike } from './msw-http.js'
import { mswWebSocketHandlersWith } from './msw-ws.js'

export type MswHandler = RequestHandler | WebSocketHandler

export interface LazyMswOptions {
  baseUrl?: string
  basePaths?: string[]
  /** The internal registry's host: its requests (the integrated registry) get an HTTP handler of their own. */
  registryHost?: string
}

/** The real handlers, in the order of `lazyMswHandlers`' stand-ins. */
async function buildReal(api: EngineLike, opts: LazyMswOptions): Promise<MswHandler[]> {
  // Only msw itself is loaded here (the door's code is in this chunk): a bundler that already holds msw
  // for the app (Vite, Storybook) resolves this to the same module, with no chunk of ours in between.
  const msw = await import('msw')
  return [...mswHttpHandlersWith(msw, api, opts), ...mswWebSocketHandlersWith(msw, api, opts)]
}

/**
 * Kinds of the handlers `buildReal` returns: one http handler for every API path, one more for the
 * integrated registry when it has a host or origin to match (./msw-http.ts), one WebSocket handler.
 */
function kindsOf(opts: LazyMswOptions): string[] {
  return [...(opts.registryHost || opts.baseUrl ? ['request', 'request'] : ['request']), 'websocket']
}

export function lazyMswHandlers(api: EngineLike, opts: LazyMswOptions): MswHandler[] {
  let built: MswHandler[] | undefined
  let loading: Promise<MswHandler[]> | undefined
  const load = () =>
    (loading ??= buildReal(api, opts).then((real) => {
      built = real
      return real
    }))
  // Start loading now: by the first request it is done.
  load().catch(() => {})
  return kindsOf(opts).map((kind, i) => standIn(kind, () => built?.[i], async () => (await load())[i]!))
}

function standIn(kind: string, real: () => MswHandler | undefined, ready: () => Promise<MswHandler>): MswHandler {
  const early: Record<PropertyKey, unknown> = {}
  const bound = new Map<PropertyKey, { fn: unknown; bound: unknown }>()
  const lazyRun = async (...args: unknown[]) => {
    const h = await ready()
    // Writes made to the stand-in before msw loaded (e.g. isUsed) carry over.
    for (const k of Reflect.ownKeys(early)) Reflect.set(h, k, early[k])
    return (h.run as (...a: unknown[]) => unknown)(...args)
  }
  return new Proxy(early, {
    get(target, prop) {
      const h = real()
      if (!h) {
        if (prop === 'kind') return kind
        if (prop === 'run') return lazyRun
        return Reflect.get(target, prop)
      }
      const v = Reflect.get(h, prop, h)
      if (typeof v !== 'function') return v
      const b = bound.get(prop)
      if (b && b.fn === v) return b.bound
      const fresh = (v as (...a: unknown[]) => unknown).bind(h)
      bound.set(prop, { fn: v, bound: fresh })
      return fresh
    },
    set(target, prop, value) {
      const h = real()
      return h ? Reflect.set(h, prop, value) : Reflect.set(target, prop, value)
    },
    has(target, prop) {
      const h = real()
      return h ? prop in h : prop === 'kind' || prop === 'run' || prop in target
    },
    getPrototypeOf(target) {
      const h = real()
      return h ? Object.getPrototypeOf(h) : Reflect.getPrototypeOf(target)
    },
  }) as unknown as MswHandler
}
