// WATCH (APIMACHINERY §5): newline-delimited {"type","object"} events streamed from the store's event
// log, for every transport (HTTP chunked body, msw, WebSocket via ../adapters/websocket.ts).
//
// Starting point (§5.3):
// * RV "" / "0", no sendInitialEvents → synthetic ADDED for every matching object (storage-key order),
//   then changes. As on 1.34 servers (WatchList default), with allowWatchBookmarks=true the initial
//   ADDED events are followed by a BOOKMARK annotated `k8s.io/initial-events-end: "true"`.
// * RV N, no sendInitialEvents → every change with RV > N, from the event log; an N older than the log
//   → HTTP 200, one ERROR 410 Expired event, end of stream (§5.4). An N newer than the store → the
//   watch stays open and delivers changes after N once the store gets there.
// * sendInitialEvents=true (+ resourceVersionMatch=NotOlderThan, validated in options.ts) → ADDED for the
//   current state (at least as new as N), the initial-events-end bookmark if allowWatchBookmarks, then
//   changes. An N newer than the store: wait up to `tooLargeResourceVersionWaitMs` (3 s, the watch
//   cache's block timeout) for the store to get there, else ERROR 504 Timeout with cause
//   ResourceVersionTooLarge and end of stream.
// * sendInitialEvents=false → no initial state; changes after N, or after "now" when RV is unset.
// * Non-numeric RV → 500 `strconv.ParseUint` error before the stream starts.
//
// Events: selector transitions become ADDED / DELETED (old state, new RV); Table watches carry
// columnDefinitions only on the first event (BOOKMARK included, as the real watch encoder transforms
// bookmarks too); PartialObjectMetadata watches carry PartialObjectMetadata objects; an
// `as=PartialObjectMetadataList` watch gets plain objects (the real server fails that per-event
// transform, logs it and sends the object untransformed); ERROR Status objects are never transformed.
// application/yaml has no stream serializer → 406 before the stream starts.
//
// Lifetime: the stream ends at `timeoutSeconds` (default: random in [min, 2·min) of
// `minRequestTimeoutMs`, 30–60 min like the real MinRequestTimeout; negative → at once), on
// `stop()` (api.reset()/closeWatches()), when the request's signal aborts, when the body is cancelled,
// and when a client that stopped reading has more than `maxQueuedBytes` queued (the real server also
// drops unresponsive watchers; the client sees a normal end of stream and re-watches from its last
// RV, so nothing is lost). Every timer is unref'd and cleared, the store subscription and the abort
// listener are removed, and the session leaves the registry, whichever way the watch ends.
//
// Bookmarks (allowWatchBookmarks=true): every `bookmarkIntervalMs` and ~2 s before the timeout, with
// the store's RV (never below the requested RV). Deviation, on by default (`immediateBookmark`): when a
// watch would otherwise start silent (RV given and no backlog, or sendInitialEvents=false), one
// BOOKMARK is sent at once, so clients that resolve fetch() only on the first body chunk (msw 3) get
// their response immediately. Clients must ignore everything in a bookmark but the RV, so this is
// harmless. A watch that can send nothing at start (RV given, nothing newer, bookmarks not allowed;
// or an empty initial state without bookmarks) stays silent until the first change.

import type { KubeObject } from '../image/types.js'
import type { StoreEvent } from '../store/store.js'
import { errors } from './errors.js'
import { goJSON } from './json.js'
import type { Negotiated } from './negotiation.js'
import { includeObjectPolicy, partialObjectMetadata, toTable } from './response.js'
import type { ListOptions, RequestContext, TableConvertor, WatchSource } from './types.js'

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR'
  object: unknown
}

export interface WatchSettings {
  /** Interval of periodic BOOKMARK events when allowWatchBookmarks is set (0 = none). */
  bookmarkIntervalMs: number
  /** Default lifetime when the client gives no timeoutSeconds: random in [min, 2·min). */
  minRequestTimeoutMs: number
  /**
   * Send one BOOKMARK at once when allowWatchBookmarks is set and the watch would otherwise start
   * silent (default true). Not what the real server does; see the header of watch.ts.
   */
  immediateBookmark?: boolean
  /** How long a sendInitialEvents=true watch waits for an RV newer than the store (default 3000). */
  tooLargeResourceVersionWaitMs?: number
  /** End a watch whose reader lets more than this many bytes pile up (default 64 MiB, 0 = never). */
  maxQueuedBytes?: number
}

export const DEFAULT_TOO_LARGE_RV_WAIT_MS = 3000
export const DEFAULT_MAX_QUEUED_BYTES = 64 * 1024 * 1024
/** The real server sends the last bookmark about this long before a watch times out. */
const PRE_TIMEOUT_BOOKMARK_MS = 2000
/** setTimeout's limit; longer delays would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1

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
  /**
   * Start streaming. `send` gets chunks of complete lines (each a JSON event plus `\n`; events that
   * happen together — the initial state, one store commit — come in one chunk). `close` is called once
   * when the watch ends on the server's side (timeout, ERROR, stop()).
   */
  start(send: (chunk: string) => void, close: () => void): void
  /** End the watch and release everything it holds (idempotent). */
  stop(): void
  /** True once stopped. */
  readonly stopped: boolean
  /** Bytes a transport may let pile up unread before it ends the watch (0 = no limit). */
  readonly maxQueuedBytes: number
}

const MAX_UINT64 = 18446744073709551615n

/** The watch's resourceVersion: undefined for "" and "0", else the number; errors like ParseUint. */
export function watchRV(opts: ListOptions): number | undefined {
  const rv = opts.resourceVersion ?? ''
  if (rv === '' || rv === '0') return undefined
  if (!/^\d+$/.test(rv)) {
    throw errors.unknown(`resourceVersion: Invalid value: "${rv}": strconv.ParseUint: parsing ${JSON.stringify(rv)}: invalid syntax`)
  }
  if (BigInt(rv) > MAX_UINT64) {
    throw errors.unknown(`resourceVersion: Invalid value: "${rv}": strconv.ParseUint: parsing ${JSON.stringify(rv)}: value out of range`)
  }
  return Number(rv)
}

type Timer = ReturnType<typeof setTimeout>

function unref(t: Timer): Timer {
  const u = (t as { unref?: () => void }).unref
  if (typeof u === 'function') u.call(t)
  return t
}

/** JSON of decorated store objects, by identity: many watchers serialise the same object once. */
const objectJSON = new WeakMap<object, string>()
function cachedJSON(obj: object): string {
  let s = objectJSON.get(obj)
  if (s === undefined) {
    s = goJSON(obj)
    objectJSON.set(obj, s)
  }
  return s
}

/** "Stopped matching" DELETED objects (old state, new RV), shared by the watchers of one event. */
const leftSelection = new WeakMap<StoreEvent, KubeObject>()
function leftSelectionObject(e: StoreEvent): KubeObject {
  let o = leftSelection.get(e)
  if (!o) {
    o = { ...e.prev!, metadata: { ...e.prev!.metadata, resourceVersion: String(e.rv) } }
    leftSelection.set(e, o)
  }
  return o
}

function statusObject(code: number, reason: string, message: string, details?: Record<string, unknown>): Record<string, unknown> {
  const s: Record<string, unknown> = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason }
  if (details) s.details = details
  s.code = code
  return s
}

export function createWatchSession(
  ctx: RequestContext,
  target: WatchTarget,
  opts: ListOptions,
  neg: Negotiated,
  settings: WatchSettings,
  registry: Set<WatchSession>,
): WatchSession {
  // Everything that can fail the request fails here, before a 200 is committed.
  const startRV = watchRV(opts)
  if (neg.mediaType !== 'application/json') {
    throw errors.notAcceptable('only the following media types are accepted: application/json;stream=watch, application/vnd.kubernetes.protobuf;stream=watch')
  }
  if (neg.target === 'Table') includeObjectPolicy(ctx)

  const store = ctx.store
  const source = target.source
  const ns = target.namespaced ? ctx.info.namespace : ''
  const nameScope = ctx.info.name
  const sendInitial = opts.sendInitialEvents ?? startRV === undefined
  const bookmarks = opts.allowWatchBookmarks
  const maxQueuedBytes = settings.maxQueuedBytes ?? DEFAULT_MAX_QUEUED_BYTES
  const inScope = (o: KubeObject) => (!ns || o.metadata.namespace === ns) && (!nameScope || o.metadata.name === nameScope)
  const matches = (o: KubeObject) => inScope(o) && source.matches(o, opts)

  // ---- rendering -------------------------------------------------------------------------------
  let firstTable = true
  const transform = (obj: KubeObject): unknown => {
    if (neg.target === 'Table') {
      try {
        const t = toTable([obj], target.table, ctx, neg, { resourceVersion: obj.metadata.resourceVersion ?? '' }, firstTable)
        firstTable = false
        return t
      } catch {
        // The real encoder logs a failed transform and sends the object as it is.
        return obj
      }
    }
    if (neg.target === 'PartialObjectMetadata') return partialObjectMetadata(obj, neg.targetVersion)
    return obj
  }
  const eventLine = (type: 'ADDED' | 'MODIFIED' | 'DELETED', stored: KubeObject): string => {
    const obj = source.decorate(stored, ctx)
    if (neg.target === 'Table' || neg.target === 'PartialObjectMetadata') return `${goJSON({ type, object: transform(obj) })}\n`
    return `{"type":"${type}","object":${cachedJSON(obj)}}\n`
  }
  const bookmarkLine = (rv: number, initialEventsEnd = false): string => {
    const obj = target.emptyObject()
    obj.metadata = { resourceVersion: String(rv) }
    if (initialEventsEnd) obj.metadata.annotations = { 'k8s.io/initial-events-end': 'true' }
    return `${goJSON({ type: 'BOOKMARK', object: transform(obj) })}\n`
  }
  const errorLine = (status: Record<string, unknown>): string => `${goJSON({ type: 'ERROR', object: status })}\n`
  const translate = (e: StoreEvent): string | undefined => {
    if (e.resource !== source.resource) return undefined
    if (e.type === 'ADDED') return matches(e.object) ? eventLine('ADDED', e.object) : undefined
    const was = e.prev ? matches(e.prev) : false
    if (e.type === 'DELETED') return was ? eventLine('DELETED', e.object) : undefined
    const is = matches(e.object)
    if (is) return eventLine(was ? 'MODIFIED' : 'ADDED', e.object)
    if (was) return eventLine('DELETED', leftSelectionObject(e))
    return undefined
  }
  const currentBookmarkRV = () => Math.max(store.resourceVersion, startRV ?? 0)

  // ---- state -----------------------------------------------------------------------------------
  let stopped = false
  let closeFn: (() => void) | undefined
  let sendFn: ((chunk: string) => void) | undefined
  let unsubscribe: (() => void) | undefined
  const timers = new Set<Timer>()
  const later = (fn: () => void, ms: number): void => {
    const t = unref(
      setTimeout(() => {
        timers.delete(t)
        if (!stopped) fn()
      }, Math.min(Math.max(0, ms), MAX_TIMER_MS)),
    )
    timers.add(t)
  }
  /** Events with an RV at or below this were already covered (initial state, requested RV). */
  let floorRV = startRV ?? 0
  /** While true, a sendInitialEvents watch waits for the store to reach startRV. */
  let waitingForRV = false

  const emit = (lines: string[]) => {
    if (lines.length && !stopped) sendFn!(lines.length === 1 ? lines[0]! : lines.join(''))
  }
  const end = () => session.stop()

  const sendInitialState = (out: string[]) => {
    for (const o of store.list(source.resource, ns || undefined)) if (matches(o)) out.push(eventLine('ADDED', o))
    floorRV = Math.max(floorRV, store.resourceVersion)
    if (bookmarks) out.push(bookmarkLine(currentBookmarkRV(), true))
  }

  const onEvents = (events: StoreEvent[]) => {
    if (stopped) return
    try {
      const out: string[] = []
      if (waitingForRV) {
        if (store.resourceVersion < startRV!) return
        waitingForRV = false
        sendInitialState(out) // covers these events
      } else {
        for (const e of events) {
          if (e.rv <= floorRV) continue
          const line = translate(e)
          if (line) out.push(line)
        }
      }
      emit(out)
    } catch {
      // Never let one watcher break the commit that notifies it; end it instead (the client re-watches).
      end()
    }
  }

  const session: WatchSession = {
    get stopped() {
      return stopped
    },
    maxQueuedBytes,
    start(send, close) {
      if (stopped) {
        close()
        return
      }
      sendFn = send
      closeFn = close
      registry.add(session)
      const out: string[] = []
      if (sendInitial) {
        if (startRV !== undefined && startRV > store.resourceVersion) {
          waitingForRV = true
          const wait = settings.tooLargeResourceVersionWaitMs ?? DEFAULT_TOO_LARGE_RV_WAIT_MS
          later(() => {
            if (!waitingForRV) return
            emit([
              errorLine(
                statusObject(504, 'Timeout', `Timeout: Too large resource version: ${startRV}, current: ${store.resourceVersion}`, {
                  causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
                  retryAfterSeconds: 1,
                }),
              ),
            ])
            end()
          }, wait)
        } else {
          sendInitialState(out)
        }
      } else if (startRV !== undefined) {
        const backlog = store.eventsSince(startRV)
        if (!backlog) {
          emit([errorLine(statusObject(410, 'Expired', `too old resource version: ${startRV} (${store.oldestResourceVersion})`))])
          end()
          return
        }
        for (const e of backlog) {
          const line = translate(e)
          if (line) out.push(line)
        }
      } else {
        floorRV = store.resourceVersion
      }
      if (bookmarks && out.length === 0 && !waitingForRV && settings.immediateBookmark !== false) out.push(bookmarkLine(currentBookmarkRV()))
      unsubscribe = store.subscribe(onEvents)
      emit(out)

      // Lifetime and periodic bookmarks.
      let timeoutMs: number
      if (opts.timeoutSeconds !== undefined && opts.timeoutSeconds !== 0) timeoutMs = opts.timeoutSeconds * 1000
      else timeoutMs = settings.minRequestTimeoutMs * (1 + Math.random())
      if (timeoutMs <= 0) {
        end()
        return
      }
      const deadline = Date.now() + timeoutMs
      if (timeoutMs <= MAX_TIMER_MS) later(end, timeoutMs)
      if (bookmarks) {
        const tick = () => {
          if (!waitingForRV) emit([bookmarkLine(currentBookmarkRV())])
        }
        if (settings.bookmarkIntervalMs > 0) {
          const every = () => {
            tick()
            if (deadline - Date.now() > settings.bookmarkIntervalMs) later(every, settings.bookmarkIntervalMs)
          }
          if (timeoutMs > settings.bookmarkIntervalMs) later(every, settings.bookmarkIntervalMs)
        }
        if (timeoutMs > PRE_TIMEOUT_BOOKMARK_MS && timeoutMs <= MAX_TIMER_MS) later(tick, timeoutMs - PRE_TIMEOUT_BOOKMARK_MS)
      }
    },
    stop() {
      if (stopped) return
      stopped = true
      unsubscribe?.()
      unsubscribe = undefined
      for (const t of timers) clearTimeout(t)
      timers.clear()
      registry.delete(session)
      sendFn = undefined
      const close = closeFn
      closeFn = undefined
      close?.()
    },
  }
  return session
}

/** Bytes the body buffers before it reports backpressure (desiredSize = this − queued bytes). */
const HIGH_WATER_MARK = 64 * 1024

/**
 * Stream a watch session as a chunked HTTP body. The watch is released when the request's `signal`
 * aborts, when the body is cancelled, when the session ends (timeout, ERROR, stop()), and when the
 * reader lets more than `session.maxQueuedBytes` pile up.
 */
export function watchResponse(session: WatchSession, signal?: AbortSignal): Response {
  const enc = new TextEncoder()
  let closed = false
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined
  const detach = () => signal?.removeEventListener('abort', finish)
  function finish() {
    if (closed) return
    closed = true
    detach()
    session.stop()
    try {
      controller?.close()
    } catch {
      /* already closed or errored */
    }
  }
  const body = new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c
        if (signal?.aborted) {
          finish()
          return
        }
        signal?.addEventListener('abort', finish, { once: true })
        let sent = false
        session.start((chunk) => {
          if (closed) return
          sent = true
          c.enqueue(enc.encode(chunk))
          const limit = session.maxQueuedBytes
          if (limit > 0 && c.desiredSize !== null && HIGH_WATER_MARK - c.desiredSize > limit) finish()
        }, finish)
        // Nothing to say yet: an empty chunk still makes Node-side hosts (msw's http.ClientRequest
        // interceptor, ServerResponse) flush the status and headers at once, as the real server does.
        // Without it, client-node 1.4.0 under msw would not see its watch open until the first event.
        if (!sent && !closed) c.enqueue(new Uint8Array(0))
      },
      cancel() {
        closed = true
        detach()
        session.stop()
      },
    },
    { highWaterMark: HIGH_WATER_MARK, size: (chunk) => chunk.byteLength },
  )
  return new Response(body, {
    status: 200,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' },
  })
}
