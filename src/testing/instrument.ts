// Request recording and fault injection, wrapped around the engine's `fetch` so that every door (msw
// in Node or in the browser, msw WebSockets, nock, the node:http server) records and suffers the same.
// Browser-safe: no Node built-ins, no vitest (the root entry imports this file).
//
//   api.requests                                   // [{ method, path, query, body, status, … }], cleared by api.reset()
//   api.inject({ match: { verb: 'list', resource: 'imagestreams' }, status: 429, retryAfter: 2, times: 1 })
//   api.inject({ match: { method: 'GET' }, delay: 300 })
//   api.inject({ match: { resource: 'imagestreams' }, delay: Infinity })   // a request that never answers (a timeout)
//   api.inject({ match: { resource: 'imagestreams' }, dropWatch: { afterEvents: 2 } })
//
// Faults are tried newest first (like msw's `server.use`); the first active one whose `match` fits is
// applied, and it counts one hit. `times` limits the hits (then the fault is inert); api.reset() removes
// every fault and releases requests parked by `delay`.

import { requestSignal } from '../apiserver/request-tap.js'
import type { RequestInfo } from '../apiserver/request-info.js'
import { buildMatchInput, finish, readBody, Recorded } from './records.js'
import { realClock, type Clock, type TimerHandle } from '../clock/clock.js'
import { dropWatchStream, faultResponse, MAX_TIMER_MS } from './faults.js'
export { dropWatchStream, faultResponse } from './faults.js'
import type { GroupName, HttpMethod, ResourceName, SubresourceName, Verb } from './names.js'
export type { GroupName, HttpMethod, ResourceName, SubresourceName, Verb } from './names.js'

// ---- recording -----------------------------------------------------------------------------------

export interface RecordedRequest {
  /** Sequence number (1, 2, …; starts again at 1 after `api.reset()`, so a test sees only its own). */
  seq: number
  method: string
  /** URL path as requested, including a base path such as `/api/kubernetes`. */
  path: string
  /** Query parameters (the first value of a repeated one). */
  query: Record<string, string>
  /** Request body: parsed JSON for JSON bodies (and protobuf ones, in their JSON form), the text for others (YAML), undefined when there is none. */
  body: unknown
  /** Response status; undefined while the request is pending, or when it never got one (aborted while delayed). */
  status: number | undefined
  /** The full URL. */
  url: string
  /** Request headers, lower-cased names. */
  headers: Record<string, string>
  /** The request info the engine sees (verb, resource, namespace, name, subresource…), base path removed. */
  verb: string
  resource: string
  subresource: string
  namespace: string
  name: string
  /**
   * A watch (`?watch=true`, `/watch/` paths); `websocket` when it arrived as a WebSocket (an `Upgrade:
   * websocket` request, or one a door marked with the `x-openshift-image-fake-transport: websocket` header).
   */
  watch: boolean
  websocket: boolean
  /** Set when an injected fault changed this request: what it did. */
  fault?: 'status' | 'delay' | 'dropWatch'
  /** The fake's clock (`api.clock.now()`) when the request arrived. */
  startedAt: number
  /** Milliseconds until the response (headers) was ready. */
  durationMs?: number
}

// ---- fault injection -----------------------------------------------------------------------------

/** Which requests a fault applies to; every given field must match. */
export interface RequestMatch {
  /** HTTP method(s), any case. */
  method?: HttpMethod | HttpMethod[]
  /** The path without a base path: an exact string, or a RegExp tested against it. */
  path?: string | RegExp
  /** Kubernetes verb(s): get, list, watch, create, update, patch, delete, deletecollection. */
  verb?: Verb | Verb[]
  /** Resource(s), e.g. `imagestreams`, `images`, `imagestreamtags`. */
  resource?: ResourceName | ResourceName[]
  /** Subresource, e.g. `status` (an empty string matches "no subresource"). */
  subresource?: SubresourceName
  /** API group (`image.openshift.io`; `''` for the core group). */
  group?: GroupName
  namespace?: string
  name?: string
  /** Query parameters: a string must equal the value, a RegExp must match it, `true` means present. */
  query?: Record<string, string | RegExp | true>
  /** true: watches only; false: everything but watches. */
  watch?: boolean
  /** true: WebSocket watches only; false: everything but WebSocket requests. */
  websocket?: boolean
}

/** What a match function gets. */
export interface MatchInput {
  request: Request
  url: URL
  method: string
  /** The path without a base path. */
  path: string
  info: RequestInfo
  watch: boolean
  websocket: boolean
}

export interface DropWatchOptions {
  /** End the stream after this many events (lines) have been delivered. */
  afterEvents?: number
  /** End the stream this many milliseconds after the response started. */
  afterMs?: number
  /** 'end' (default): a clean end of stream (WebSocket close 1000). 'error': the body fails like a broken connection (WebSocket close 1011). */
  mode?: 'end' | 'error'
}

export interface FaultSpec {
  /** Which requests (default: every request). A function gets the parsed request. */
  match?: RequestMatch | ((input: MatchInput) => boolean)
  /**
   * Answer with this HTTP status and a Kubernetes `Status` body like the real server's (429
   * TooManyRequests with Retry-After, 500 InternalError, 503, 504 Timeout, 401, 403 Forbidden, 404
   * NotFound, 409 Conflict…). The engine is not called: nothing is written.
   */
  status?: number
  /** The Status `message` (defaults follow the real server's texts). */
  message?: string
  /** Seconds for `Retry-After` and `details.retryAfterSeconds` (default 1 for 429, none otherwise). */
  retryAfter?: number
  /** A replacement body (an object is sent as JSON) instead of the Status object. */
  body?: unknown
  /** Extra response headers for `status` answers. */
  headers?: Record<string, string>
  /**
   * Wait this many milliseconds first (then answer with `status`, or pass the request on). `Infinity`:
   * never answer — the request hangs until the client aborts it or `api.reset()` (a timeout).
   */
  delay?: number
  /**
   * Watches only: start the watch normally, then end its stream. `true`: deliver what the watch has
   * ready at once (initial ADDED events, a bookmark) and end.
   */
  dropWatch?: boolean | DropWatchOptions
  /** Apply at most this many times (default: no limit). */
  times?: number
}

export interface InjectedFault {
  /** How many requests this fault has changed so far. */
  readonly hits: number
  /** False once removed, or when `times` is used up. */
  readonly active: boolean
  remove(): void
}

export interface InstrumentOptions {
  /** Path prefixes the API is also served under (removed before matching). */
  basePaths?: string[]
  /** How many requests `requests` keeps (oldest dropped first; default 1000; 0 turns recording off). */
  recordLimit?: number
  /** The clock of `delay`s and records' times (default: the host's). */
  clock?: Clock
}

export interface Instrumentation {
  /** The wrapped engine fetch. */
  fetch(request: Request): Promise<Response>
  /** Recorded requests, oldest first (a live array: do not modify it). */
  readonly requests: readonly RecordedRequest[]
  inject(spec: FaultSpec): InjectedFault
  /** Forget recorded requests. */
  clearRequests(): void
  /** Remove every fault and release requests parked by `delay`. */
  clearFaults(): void
}

interface FaultEntry {
  spec: FaultSpec
  hits: number
  removed: boolean
}

const DEFAULT_RECORD_LIMIT = 1000

/** Thrown into a request parked by `delay` when it is released by reset (and when the client aborts). */
function abortError(message: string): Error {
  if (typeof DOMException === 'function') return new DOMException(message, 'AbortError')
  const e = new Error(message)
  e.name = 'AbortError'
  return e
}

const asList = (v: string | string[]): string[] => (Array.isArray(v) ? v : [v])

function matches(m: RequestMatch, input: MatchInput): boolean {
  const { info } = input
  if (m.method !== undefined && !asList(m.method).some((x) => x.toUpperCase() === input.method)) return false
  if (m.path !== undefined && !(typeof m.path === 'string' ? m.path === input.path : m.path.test(input.path))) return false
  if (m.verb !== undefined && !asList(m.verb).includes(info.verb)) return false
  if (m.resource !== undefined && !asList(m.resource).includes(info.resource)) return false
  if (m.subresource !== undefined && m.subresource !== info.subresource) return false
  if (m.group !== undefined && m.group !== info.apiGroup) return false
  if (m.namespace !== undefined && m.namespace !== info.namespace) return false
  if (m.name !== undefined && m.name !== info.name) return false
  if (m.watch !== undefined && m.watch !== input.watch) return false
  if (m.websocket !== undefined && m.websocket !== input.websocket) return false
  if (m.query) {
    for (const [k, want] of Object.entries(m.query)) {
      const got = input.url.searchParams.get(k)
      if (got === null) return false
      if (want === true) continue
      if (typeof want === 'string' ? got !== want : !want.test(got)) return false
    }
  }
  return true
}

/** Wrap an engine fetch with request recording and fault injection. */
export function instrument(engineFetch: (request: Request) => Promise<Response>, options: InstrumentOptions = {}): Instrumentation {
  const basePaths = options.basePaths ?? []
  const limit = options.recordLimit ?? DEFAULT_RECORD_LIMIT
  const clock = options.clock ?? realClock
  const requests: RecordedRequest[] = []
  let seq = 0
  let faults: FaultEntry[] = []
  /** Requests parked by a `delay`: releasing rejects them. */
  const parked = new Set<(e: Error) => void>()

  const sleep = (ms: number, signal: AbortSignal | null): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      let timer: TimerHandle | undefined
      const done = () => {
        if (timer !== undefined) clock.clearTimeout(timer)
        signal?.removeEventListener('abort', onAbort)
        parked.delete(release)
      }
      const release = (e: Error) => {
        done()
        reject(e)
      }
      const onAbort = () => release(abortError('the request was aborted while delayed by an injected fault'))
      if (signal?.aborted) return onAbort()
      signal?.addEventListener('abort', onAbort, { once: true })
      parked.add(release)
      if (Number.isFinite(ms)) {
        timer = clock.setTimeout(
          () => {
            done()
            resolve()
          },
          Math.min(Math.max(0, ms), MAX_TIMER_MS),
        )
      }
    })

  const pick = (input: MatchInput): FaultEntry | undefined => {
    for (let i = faults.length - 1; i >= 0; i--) {
      const f = faults[i]!
      if (f.removed) continue
      if (f.spec.times !== undefined && f.hits >= f.spec.times) continue
      if (f.spec.dropWatch && !input.watch) continue
      const m = f.spec.match
      if (m === undefined || (typeof m === 'function' ? m(input) : matches(m, input))) return f
    }
    return undefined
  }

  const record = (request: Request, input: MatchInput | undefined): Recorded | undefined => {
    if (limit <= 0) return undefined
    const rec = new Recorded(++seq, input?.method ?? request.method.toUpperCase(), request.url, request.headers, basePaths, input)
    rec.startedAt = clock.now()
    requests.push(rec)
    // Trim in batches (and on read): a splice of 1000 entries per request is a measurable cost.
    if (requests.length > limit * 2) requests.splice(0, requests.length - limit)
    return rec
  }

  const faulted = async (request: Request, input: MatchInput, fault: FaultEntry, rec: Recorded | undefined, started: number): Promise<Response> => {
    fault.hits++
    const spec = fault.spec
    if (rec) rec.fault = spec.status !== undefined ? 'status' : spec.dropWatch ? 'dropWatch' : 'delay'
    if (rec && request.body !== null && spec.status !== undefined) rec.body = await readBody(request)
    if (spec.delay !== undefined && spec.delay > 0) await sleep(spec.delay, requestSignal(request))
    if (spec.status !== undefined) return finish(rec, request, started, faultResponse(spec, input.info), clock)
    const res = await engineFetch(request)
    if (spec.dropWatch && input.watch) return finish(rec, request, started, dropWatchStream(res, spec.dropWatch, clock), clock)
    return finish(rec, request, started, res, clock)
  }

  const fetch = async (request: Request): Promise<Response> => {
    // Parsing the request for recording is deferred: most records are read by nobody, so a record
    // computes its fields on first access. Matching parses at once, but only while faults are injected.
    const input = faults.length ? buildMatchInput(request, basePaths) : undefined
    const fault = input ? pick(input) : undefined
    const rec = record(request, input)
    const started = clock.now()
    if (fault) return faulted(request, input!, fault, rec, started)
    return finish(rec, request, started, await engineFetch(request), clock)
  }

  return {
    fetch,
    get requests() {
      if (requests.length > limit) requests.splice(0, requests.length - limit)
      return requests
    },
    inject(spec: FaultSpec): InjectedFault {
      if (spec.status !== undefined && (!Number.isInteger(spec.status) || spec.status < 100 || spec.status > 599)) {
        throw new TypeError(`inject: status must be an HTTP status code (100-599), not ${JSON.stringify(spec.status)}`)
      }
      if (spec.delay !== undefined && (typeof spec.delay !== 'number' || Number.isNaN(spec.delay) || spec.delay < 0)) {
        throw new TypeError(`inject: delay must be a number of milliseconds (or Infinity), not ${JSON.stringify(spec.delay)}`)
      }
      if (spec.status === undefined && spec.delay === undefined && !spec.dropWatch) {
        throw new TypeError('inject: give at least one of status, delay or dropWatch')
      }
      if (spec.status !== undefined && spec.dropWatch) throw new TypeError('inject: status and dropWatch cannot be combined (a failed watch never streams)')
      const entry: FaultEntry = { spec, hits: 0, removed: false }
      faults.push(entry)
      return {
        get hits() {
          return entry.hits
        },
        get active() {
          return !entry.removed && (spec.times === undefined || entry.hits < spec.times)
        },
        remove() {
          entry.removed = true
          faults = faults.filter((f) => f !== entry)
        },
      }
    },
    clearRequests() {
      requests.length = 0
      // Numbers restart with the records: a test (useFakeImageApi resets after each) sees only its own.
      seq = 0
    },
    clearFaults() {
      for (const f of faults) f.removed = true
      faults = []
      for (const release of [...parked]) release(abortError('released by api.reset(): the request was delayed by an injected fault'))
    },
  }
}
