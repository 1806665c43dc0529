// WATCH (k8s.io/apiserver/pkg/endpoints/handlers/watch.go, storage/cacher/cacher.go Cacher.Watch):
// newline-delimited {"type","object"} events streamed from the store's event log, for every transport (HTTP
// chunked body, msw, WebSocket via ../adapters/websocket.ts).
//
// Starting point (k8s.io/apiserver/pkg/storage/cacher/cacher.go Cacher.Watch):
// * RV "" / "0", no sendInitialEvents → synthetic ADDED for every matching object (storage-key order),
//   then changes. As on 1.34 servers (WatchList default), with allowWatchBookmarks=true the initial
//   ADDED events are followed by a BOOKMARK annotated `k8s.io/initial-events-end: "true"`.
// * RV N, no sendInitialEvents → every change with RV > N, from the event log; an N older than the log
//   → HTTP 200, one ERROR 410 Expired event, end of stream (cacher.go: errors.NewResourceExpired). An N newer
//   than the store → the watch stays open and delivers changes after N once the store gets there.
// * sendInitialEvents=true (+ resourceVersionMatch=NotOlderThan, validated in options.ts) → ADDED for the
//   current state (at least as new as N), the initial-events-end bookmark if allowWatchBookmarks, then
//   changes. An N newer than the store: wait up to `tooLargeResourceVersionWaitMs` (3 s, the watch
//   cache's block timeout) for the store to get there, else ERROR 504 Timeout with cause
//   ResourceVersionTooLarge and end of stream.
// * sendInitialEvents=false → no initial state; changes after N, or after "now" when RV is unset.
// * Non-numeric RV → 500 `strconv.ParseUint` error before the stream starts.
//
// Events: selector transitions become ADDED / DELETED (old state, new RV); how objects are rendered
// (Table, PartialObjectMetadata) is in watch-events.ts. application/yaml has no stream serializer → 406
// before the stream starts.
//
// Lifetime: the stream ends at `timeoutSeconds` (default: random in [min, 2·min) of
// `minRequestTimeoutMs`, 30–60 min like the real MinRequestTimeout; negative → at once), on
// `stop()` (api.reset()/closeWatches()), when the request's signal aborts, when the body is cancelled,
// and when a client that stopped reading has more than `maxQueuedBytes` queued (the real server also
// drops unresponsive watchers; the client sees a normal end of stream and re-watches from its last
// RV, so nothing is lost). Every timer is unref'd and cleared, the store subscription and the abort
// listener are removed, and the session leaves the registry, whichever way the watch ends. The HTTP
// body and its end are in watch-body.ts.
//
// Bookmarks (allowWatchBookmarks=true): every `bookmarkIntervalMs` and ~2 s before the timeout, with
// the store's RV (never below the requested RV). Deviation, on by default (`immediateBookmark`): when a
// watch would otherwise start silent (RV given and no backlog, or sendInitialEvents=false), one
// BOOKMARK is sent at once, so clients that resolve fetch() only on the first body chunk get their
// response immediately (msw 3.0.5 resolves without one: compat/node22 pins that with it turned off). Clients must ignore everything in a bookmark but the RV, so this is
// harmless. A watch that can send nothing at start (RV given, nothing newer, bookmarks not allowed;
// or an empty initial state without bookmarks) stays silent until the first change.
// fidelity: apiserver.watch
// fidelity: watch.immediate-bookmark

import type { KubeObject } from '../image/types.js'
import type { StoreEvent } from '../store/store.js'
import { errors } from './errors.js'
import type { Negotiated } from './negotiation.js'
import { PROTOBUF } from './protobuf/served.js'
import { includeObjectPolicy } from './response.js'
import type { ListOptions, RequestContext, TableConvertor, WatchSource } from './types.js'
import { leftSelectionObject, statusObject, WatchEncoder, type WatchChunk } from './watch-events.js'
import { unrefTimer, type Clock, type TimerHandle } from '../clock/clock.js'
import type { Random } from '../clock/random.js'

// The transport of a session as an HTTP body; exported here too, beside createWatchSession.
export { watchResponse } from './watch-body.js'

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
/** The host setTimeout's limit; longer delays would fire at once. */
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
   * Start streaming. `send` gets chunks of complete lines (each a JSON event plus `\n`, or for protobuf
   * watches bytes of complete length-prefixed frames; events that happen together — the initial state, one
   * store commit — come in one chunk). `close` is called once when the watch ends on the server's side
   * (timeout, ERROR, stop()).
   */
  start(send: (chunk: WatchChunk) => void, close: () => void): void
  /** End the watch and release everything it holds (idempotent). */
  stop(): void
  /** True once stopped. */
  readonly stopped: boolean
  /** Bytes a transport may let pile up unread before it ends the watch (0 = no limit). */
  readonly maxQueuedBytes: number
  /** The response Content-Type: `application/json`, or `<type>;stream=watch` for the others (handlers/watch.go). */
  readonly contentType: string
}

const encoder = new TextEncoder()

function joinChunks(lines: WatchChunk[]): WatchChunk {
  if (lines.every((l) => typeof l === 'string')) return lines.join('')
  const bytes = lines.map((l) => (typeof l === 'string' ? encoder.encode(l) : l))
  const out = new Uint8Array(bytes.reduce((n, b) => n + b.length, 0))
  let off = 0
  for (const b of bytes) {
    out.set(b, off)
    off += b.length
  }
  return out
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
  const n = Number(rv)
  return n === 0 ? undefined : n // "00" parses to 0, which means "any state" like "0"
}

type Timer = TimerHandle

/** Checks that fail the request before a 200 is committed; returns the parsed resourceVersion. */
function validateWatch(ctx: RequestContext, opts: ListOptions, neg: Negotiated): number | undefined {
  const startRV = watchRV(opts)
  if (neg.mediaType !== 'application/json' && neg.mediaType !== PROTOBUF) {
    throw errors.notAcceptable('only the following media types are accepted: application/json;stream=watch, application/vnd.kubernetes.protobuf;stream=watch')
  }
  if (neg.target === 'Table') includeObjectPolicy(ctx)
  return startRV
}

export function createWatchSession(
  ctx: RequestContext,
  target: WatchTarget,
  opts: ListOptions,
  neg: Negotiated,
  settings: WatchSettings,
  registry: Set<WatchSession>,
): WatchSession {
  return new Session(ctx, target, opts, neg, settings, registry, validateWatch(ctx, opts, neg))
}

type TimerKind = 'timeout' | 'bookmark' | 'preTimeoutBookmark' | 'tooLarge'

function onTimer(session: Session, kind: TimerKind): void {
  session.fire(kind)
}

/**
 * One watch. A class (methods on the prototype, timers without closures) rather than a bag of closures:
 * thousands of idle watchers are cheap.
 */
class Session implements WatchSession {
  readonly maxQueuedBytes: number
  readonly contentType: string
  private readonly store: RequestContext['store']
  private readonly clock: Clock
  private readonly random: Random
  private readonly source: WatchSource
  private readonly ns: string
  private readonly nameScope: string
  private readonly bookmarks: boolean
  private isStopped = false
  private sendFn: ((chunk: WatchChunk) => void) | undefined
  private closeFn: (() => void) | undefined
  private unsubscribe: (() => void) | undefined
  private timeoutTimer: Timer | undefined
  private bookmarkTimer: Timer | undefined
  private preTimeoutTimer: Timer | undefined
  private tooLargeTimer: Timer | undefined
  private deadline = 0
  /** Events with an RV at or below this were already covered (initial state, requested RV). */
  private floorRV: number
  /** While true, a sendInitialEvents watch waits for the store to reach startRV. */
  private waitingForRV = false
  private readonly encoder: WatchEncoder

  constructor(
    ctx: RequestContext,
    target: WatchTarget,
    private readonly opts: ListOptions,
    neg: Negotiated,
    private readonly settings: WatchSettings,
    private readonly registry: Set<WatchSession>,
    private readonly startRV: number | undefined,
  ) {
    this.store = ctx.store
    this.clock = ctx.clock
    this.random = ctx.random
    this.source = target.source
    this.ns = target.namespaced ? ctx.info.namespace : ''
    this.nameScope = ctx.info.name
    this.bookmarks = opts.allowWatchBookmarks
    this.maxQueuedBytes = settings.maxQueuedBytes ?? DEFAULT_MAX_QUEUED_BYTES
    this.floorRV = startRV ?? 0
    this.encoder = new WatchEncoder(ctx, target, neg)
    this.contentType = neg.mediaType === PROTOBUF ? `${PROTOBUF};stream=watch` : 'application/json'
  }

  get stopped(): boolean {
    return this.isStopped
  }

  // ---- matching ----------------------------------------------------------------------------------

  private matches(o: KubeObject): boolean {
    if (this.ns && o.metadata.namespace !== this.ns) return false
    if (this.nameScope && o.metadata.name !== this.nameScope) return false
    return this.source.matches(o, this.opts)
  }

  private translate(e: StoreEvent): WatchChunk | undefined {
    if (e.resource !== this.source.resource) return undefined
    if (e.type === 'ADDED') return this.matches(e.object) ? this.encoder.eventLine('ADDED', e.object) : undefined
    const was = e.prev ? this.matches(e.prev) : false
    if (e.type === 'DELETED') return was ? this.encoder.eventLine('DELETED', e.object) : undefined
    const is = this.matches(e.object)
    if (is) return this.encoder.eventLine(was ? 'MODIFIED' : 'ADDED', e.object)
    if (was) return this.encoder.eventLine('DELETED', leftSelectionObject(e))
    return undefined
  }

  private currentBookmarkRV(): number {
    return Math.max(this.store.resourceVersion, this.startRV ?? 0)
  }

  // ---- flow --------------------------------------------------------------------------------------

  private emit(lines: WatchChunk[]): void {
    if (lines.length && !this.isStopped) this.sendFn!(lines.length === 1 ? lines[0]! : joinChunks(lines))
  }

  private sendInitialState(out: WatchChunk[]): void {
    for (const o of this.store.list(this.source.resource, this.ns || undefined)) if (this.matches(o)) out.push(this.encoder.eventLine('ADDED', o))
    this.floorRV = Math.max(this.floorRV, this.store.resourceVersion)
    if (this.bookmarks) out.push(this.encoder.bookmarkLine(this.currentBookmarkRV(), true))
  }

  private onEvents(events: StoreEvent[]): void {
    if (this.isStopped) return
    try {
      const out: WatchChunk[] = []
      if (this.waitingForRV) {
        if (this.store.resourceVersion < this.startRV!) return
        this.waitingForRV = false
        if (this.tooLargeTimer) this.clock.clearTimeout(this.tooLargeTimer)
        this.tooLargeTimer = undefined
        this.sendInitialState(out) // covers these events
      } else {
        for (const e of events) {
          if (e.rv <= this.floorRV) continue
          const line = this.translate(e)
          if (line) out.push(line)
        }
      }
      this.emit(out)
    } catch {
      // Never let one watcher break the commit that notifies it; end it instead (the client re-watches).
      this.stop()
    }
  }

  private arm(kind: TimerKind, ms: number): Timer {
    return unrefTimer(this.clock.setTimeout(onTimer, Math.min(Math.max(0, ms), MAX_TIMER_MS), this, kind))
  }

  /** A timer fired (called by the module-level timer callback). */
  fire(kind: TimerKind): void {
    if (this.isStopped) return
    switch (kind) {
      case 'timeout':
        this.timeoutTimer = undefined
        this.stop()
        return
      case 'bookmark': {
        this.bookmarkTimer = undefined
        if (!this.waitingForRV) this.emit([this.encoder.bookmarkLine(this.currentBookmarkRV())])
        const every = this.settings.bookmarkIntervalMs
        if (this.deadline - this.clock.now() > every) this.bookmarkTimer = this.arm('bookmark', every)
        return
      }
      case 'preTimeoutBookmark':
        this.preTimeoutTimer = undefined
        if (!this.waitingForRV) this.emit([this.encoder.bookmarkLine(this.currentBookmarkRV())])
        return
      case 'tooLarge':
        this.tooLargeTimer = undefined
        if (!this.waitingForRV) return
        this.emit([
          this.encoder.errorLine(
            statusObject(504, 'Timeout', `Timeout: Too large resource version: ${this.startRV}, current: ${this.store.resourceVersion}`, {
              causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
              retryAfterSeconds: 1,
            }),
          ),
        ])
        this.stop()
    }
  }

  start(send: (chunk: WatchChunk) => void, close: () => void): void {
    if (this.isStopped) {
      close()
      return
    }
    this.sendFn = send
    this.closeFn = close
    this.registry.add(this)
    const { store, opts, startRV } = this
    const out: WatchChunk[] = []
    if (opts.sendInitialEvents ?? startRV === undefined) {
      if (startRV !== undefined && startRV > store.resourceVersion) {
        this.waitingForRV = true
        this.tooLargeTimer = this.arm('tooLarge', this.settings.tooLargeResourceVersionWaitMs ?? DEFAULT_TOO_LARGE_RV_WAIT_MS)
      } else {
        this.sendInitialState(out)
      }
    } else if (startRV !== undefined) {
      const backlog = store.eventsSince(startRV)
      if (!backlog) {
        this.emit([this.encoder.errorLine(statusObject(410, 'Expired', `too old resource version: ${startRV} (${store.oldestResourceVersion})`))])
        this.stop()
        return
      }
      for (const e of backlog) {
        const line = this.translate(e)
        if (line) out.push(line)
      }
    } else {
      this.floorRV = store.resourceVersion
    }
    if (this.bookmarks && out.length === 0 && !this.waitingForRV && this.settings.immediateBookmark !== false) {
      out.push(this.encoder.bookmarkLine(this.currentBookmarkRV()))
    }
    this.unsubscribe = store.subscribe((events) => this.onEvents(events))
    this.emit(out)

    // Lifetime and periodic bookmarks.
    const timeoutMs =
      opts.timeoutSeconds !== undefined && opts.timeoutSeconds !== 0 ? opts.timeoutSeconds * 1000 : this.settings.minRequestTimeoutMs * (1 + this.random.float())
    if (timeoutMs <= 0) {
      this.stop()
      return
    }
    this.deadline = this.clock.now() + timeoutMs
    if (timeoutMs <= MAX_TIMER_MS) this.timeoutTimer = this.arm('timeout', timeoutMs)
    if (this.bookmarks) {
      const every = this.settings.bookmarkIntervalMs
      if (every > 0 && timeoutMs > every) this.bookmarkTimer = this.arm('bookmark', every)
      if (timeoutMs > PRE_TIMEOUT_BOOKMARK_MS && timeoutMs <= MAX_TIMER_MS) this.preTimeoutTimer = this.arm('preTimeoutBookmark', timeoutMs - PRE_TIMEOUT_BOOKMARK_MS)
    }
  }

  stop(): void {
    if (this.isStopped) return
    this.isStopped = true
    this.unsubscribe?.()
    this.unsubscribe = undefined
    for (const t of [this.timeoutTimer, this.bookmarkTimer, this.preTimeoutTimer, this.tooLargeTimer]) if (t) this.clock.clearTimeout(t)
    this.timeoutTimer = this.bookmarkTimer = this.preTimeoutTimer = this.tooLargeTimer = undefined
    this.registry.delete(this)
    this.sendFn = undefined
    const close = this.closeFn
    this.closeFn = undefined
    close?.()
  }
}
