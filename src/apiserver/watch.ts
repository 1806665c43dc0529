// WATCH: newline-delimited {"type","object"} events streamed from the store's event log
// (APIMACHINERY §5): initial ADDED replay, resume from a resourceVersion, 410 as an ERROR event,
// selector transitions (ADDED/DELETED), bookmarks and timeouts.

import type { KubeObject } from '../image/types.js'
import type { StoreEvent } from '../store/store.js'
import { errors } from './errors.js'
import { goJSON } from './json.js'
import type { Negotiated } from './negotiation.js'
import { partialObjectMetadata, toTable } from './response.js'
import type { ListOptions, RequestContext, TableConvertor, WatchSource } from './types.js'

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR'
  object: unknown
}

export interface WatchSettings {
  /** Interval of periodic BOOKMARK events when allowWatchBookmarks is set. */
  bookmarkIntervalMs: number
  /** Default lifetime when the client gives no timeoutSeconds: random in [min, 2·min). */
  minRequestTimeoutMs: number
}

export interface WatchTarget {
  source: WatchSource
  namespaced: boolean
  kind: string
  apiVersion: string
  table?: TableConvertor
  /** Zero-value object of the kind for BOOKMARK events. */
  emptyObject: () => KubeObject
}

/** Everything a transport needs to stream one watch. */
export interface WatchSession {
  /** Lines (each one JSON event plus `\n`) as they happen. */
  start(send: (line: string) => void, close: () => void): void
  stop(): void
}

export function watchRV(opts: ListOptions): number | undefined {
  const rv = opts.resourceVersion ?? ''
  if (rv === '' || rv === '0') return undefined
  if (!/^\d+$/.test(rv)) {
    throw errors.unknown(`resourceVersion: Invalid value: "${rv}": strconv.ParseUint: parsing "${rv}": invalid syntax`)
  }
  return Number(rv)
}

export function createWatchSession(
  ctx: RequestContext,
  target: WatchTarget,
  opts: ListOptions,
  neg: Negotiated,
  settings: WatchSettings,
  registry: Set<WatchSession>,
): WatchSession {
  const startRV = watchRV(opts)
  const ns = target.namespaced ? ctx.info.namespace : ''
  const store = ctx.store
  const nameFromPath = ctx.info.name
  const inScope = (o: KubeObject) =>
    (!ns || o.metadata.namespace === ns) && (!nameFromPath || o.metadata.name === nameFromPath)
  const matches = (o: KubeObject) => inScope(o) && target.source.matches(o, opts)
  let firstTable = true
  const render = (type: WatchEvent['type'], obj: KubeObject): string => {
    let object: unknown = type === 'ERROR' ? obj : target.source.decorate(obj, ctx)
    if (type !== 'ERROR') {
      if (neg.target === 'Table') {
        object = toTable([object as KubeObject], target.table, ctx, neg, { resourceVersion: obj.metadata.resourceVersion ?? '' }, firstTable)
        firstTable = false
      } else if (neg.target === 'PartialObjectMetadata' || neg.target === 'PartialObjectMetadataList') {
        object = partialObjectMetadata(object as KubeObject, neg.targetVersion)
      }
    }
    return `${goJSON({ type, object })}\n`
  }
  const translate = (e: StoreEvent): string | undefined => {
    if (e.resource !== target.source.resource) return undefined
    const cur = e.type === 'DELETED' ? false : matches(e.object)
    const prev = e.prev ? matches(e.prev) : false
    if (e.type === 'ADDED') return cur ? render('ADDED', e.object) : undefined
    if (e.type === 'DELETED') return prev ? render('DELETED', e.object) : undefined
    if (cur && prev) return render('MODIFIED', e.object)
    if (cur) return render('ADDED', e.object)
    if (prev) {
      const last = { ...e.prev!, metadata: { ...e.prev!.metadata, resourceVersion: String(e.rv) } }
      return render('DELETED', last)
    }
    return undefined
  }
  const bookmark = (rv: number, initialEnd = false): string => {
    const obj = target.emptyObject()
    obj.metadata = { resourceVersion: String(rv) }
    if (initialEnd) obj.metadata.annotations = { 'k8s.io/initial-events-end': 'true' }
    return `${goJSON({ type: 'BOOKMARK', object: obj })}\n`
  }

  let unsubscribe: (() => void) | undefined
  const timers: ReturnType<typeof setTimeout>[] = []
  let closeFn: (() => void) | undefined
  let stopped = false
  const session: WatchSession = {
    start(send, close) {
      closeFn = close
      registry.add(session)
      let lastRV = store.resourceVersion
      const sendInitial = opts.sendInitialEvents ?? startRV === undefined
      if (startRV !== undefined && !opts.sendInitialEvents) {
        const backlog = store.eventsSince(startRV)
        if (!backlog) {
          send(
            render('ERROR', {
              kind: 'Status',
              apiVersion: 'v1',
              metadata: {},
              status: 'Failure',
              message: `too old resource version: ${startRV} (${store.oldestResourceVersion})`,
              reason: 'Expired',
              code: 410,
            } as unknown as KubeObject),
          )
          session.stop()
          close()
          return
        }
        for (const e of backlog) {
          const line = translate(e)
          if (line) send(line)
        }
      } else if (sendInitial) {
        const resource = target.source.resource
        for (const o of store.list(resource, ns || undefined)) if (matches(o)) send(render('ADDED', o))
        if (opts.allowWatchBookmarks && (opts.sendInitialEvents || opts.resourceVersionMatch === 'NotOlderThan' || startRV === undefined)) {
          send(bookmark(store.resourceVersion, true))
        }
      }
      unsubscribe = store.subscribe((events) => {
        for (const e of events) {
          if (startRV !== undefined && e.rv <= startRV) continue
          const line = translate(e)
          if (line) send(line)
          lastRV = e.rv
        }
      })
      const timeoutMs =
        opts.timeoutSeconds !== undefined && opts.timeoutSeconds > 0
          ? opts.timeoutSeconds * 1000
          : settings.minRequestTimeoutMs * (1 + Math.random())
      timers.push(
        setTimeout(() => {
          session.stop()
          close()
        }, timeoutMs),
      )
      if (opts.allowWatchBookmarks && settings.bookmarkIntervalMs > 0) {
        const tick = () => {
          if (stopped) return
          send(bookmark(Math.max(lastRV, store.resourceVersion)))
          timers.push(setTimeout(tick, settings.bookmarkIntervalMs))
        }
        timers.push(setTimeout(tick, Math.min(settings.bookmarkIntervalMs, Math.max(0, timeoutMs - 2000))))
      }
    },
    stop() {
      if (stopped) return
      stopped = true
      unsubscribe?.()
      for (const t of timers) clearTimeout(t)
      timers.length = 0
      registry.delete(session)
      closeFn?.()
    },
  }
  return session
}

/** Stream a watch session as a chunked HTTP body. */
export function watchResponse(session: WatchSession, signal?: AbortSignal): Response {
  const enc = new TextEncoder()
  let closed = false
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const close = () => {
        if (closed) return
        closed = true
        session.stop()
        try {
          controller.close()
        } catch {
          /* already closed */
        }
      }
      signal?.addEventListener('abort', close, { once: true })
      session.start((line) => {
        if (!closed) controller.enqueue(enc.encode(line))
      }, close)
    },
    cancel() {
      closed = true
      session.stop()
    },
  })
  return new Response(body, {
    status: 200,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' },
  })
}
