// Serve a FetchHandler through nock (14.x or 15.x) interceptors, in-process: Node's global fetch,
// http.ClientRequest users such as @kubernetes/client-node 1.x and openshift-rest-client (they use node:http,
// which nock intercepts).
//
// nock is NOT a dependency of this package: install it yourself to use this door
// (`npm install --save-dev nock@14`; nock 14 needs Node >= 20.12.1). It is loaded lazily, on the first
// call, with `require('nock')` (loading nock patches Node's http and fetch globally, so it is never
// loaded unless you use this function), or pass your own instance as `opts.nock`.
//
// How it works:
// * one persistent, optional interceptor per method (GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS) on
//   the origin of `baseUrl`, matching every path equal to or below the path of `baseUrl`;
// * the raw request body is taken from the scope's 'request' event (nock would otherwise hand the
//   reply function a JSON.parse'd body, and throw on malformed JSON);
// * nock 14 calls the reply function with (path, parsed body) and `this.req` (an http.ClientRequest-like
//   object with plain-object headers); nock 15 (Node >= 22) calls it with a Fetch `Request` (`this` is the
//   interceptor) and emits that Request in the 'request' event. Both are handled; with nock 15 the
//   Request's abort signal is passed on to the engine, so client aborts release watches for fetch and
//   http.ClientRequest clients alike.
// * the reply is [status, body, raw headers]. The body is always a Node `Readable` fed from the
//   Fetch response body reader, so watch events are delivered as they are produced.
//   When that Readable is destroyed — the client aborted (the mocked response is destroyed) or `done()`
//   — the reader is cancelled and the engine releases the watch. Warning headers are split into one
//   raw header per warning (see ./node-wire.ts `splitWarningHeader`).
// * `done()` removes exactly these interceptors, releases open streams and, if no nock interceptor
//   is left anywhere, clears nock's (then empty) per-origin table so requests to that origin reach
//   the real network again. It does not call `nock.restore()` unless this function activated nock.
//
// Limitations:
// * Client aborts are seen with Node's global fetch (the watch is released), but with nock 14 NOT with
//   http.ClientRequest clients (client-node 1.x, openshift-rest-client): @mswjs/interceptors keeps
//   reading the mocked body after the request is destroyed (@mswjs/interceptors' ClientRequest interceptor).
//   Such streams are released by `done()` or by the engine's `closeWatches()`. (nock 15 aborts the Request:
//   released.)
// * nock patches the CommonJS `http`/`https` module objects. Code that calls
//   `import { request } from 'node:http'` / `import * as http from 'node:http'` (ESM named bindings of a
//   builtin, not re-synced) may bypass it; `import http from 'node:http'` and `require('http')` are patched.
// * nock 14 does not intercept the `undici` package's own fetch/Agent (client-node 2.x): use ./node.ts
//   (nock 15 does: compat/node22/test/client-node2.test.ts).

import { createRequire } from 'node:module'
import { Readable } from 'node:stream'
import type Nock from 'nock'
import { nodeHeadersFromFetch } from './node-wire.js'
import type { FetchHandler } from './types.js'

export interface NockInterceptOptions {
  /** e.g. `https://api.example.test:6443` or `http://127.0.0.1:18099/api/kubernetes` (path prefix honoured). */
  baseUrl: string
  /** The nock module to use (default: `require('nock')` from this package's location). */
  nock?: typeof Nock
  /** Let requests under the origin that no interceptor matches go to the real network (nock's `allowUnmocked`). */
  allowUnmocked?: boolean
}

export interface NockInterception {
  /** Remove the interceptors and release open streams. Idempotent. */
  done(): void
  scope: Nock.Scope
  /** True once `done()` has been called (the interceptors are gone). */
  isDone(): boolean
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const
const DROP_REQUEST_HEADERS = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer'])

function loadNock(): typeof Nock {
  const require = createRequire(import.meta.url)
  try {
    return require('nock') as typeof Nock
  } catch (e) {
    throw new Error('openshift-image-fake: interceptWithNock() needs the "nock" package; install it (npm install --save-dev nock@14) or pass opts.nock', { cause: e })
  }
}

function isUtf8Representable(buf: Buffer): boolean {
  return Buffer.from(buf.toString('utf8'), 'utf8').equals(buf)
}

/** nock hands over non-UTF-8 request bodies hex-encoded. */
function decodeNockBody(body: string): string | Uint8Array {
  if (body.length >= 2 && body.length % 2 === 0 && /^[0-9a-f]+$/.test(body)) {
    const buf = Buffer.from(body, 'hex')
    if (!isUtf8Representable(buf)) return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength)
  }
  return body
}

function toBuffer(value: unknown): Buffer {
  if (Buffer.isBuffer(value)) return value
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength)
  if (typeof value === 'string') return Buffer.from(value)
  return Buffer.from(String(value))
}

/** A Readable fed from a web stream; destroying it cancels the reader. */
function readableFromBody(body: ReadableStream<Uint8Array>): Readable {
  const reader = body.getReader()
  const pull = async (r: Readable) => {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) {
        r.push(null)
        return
      }
      const b = toBuffer(value)
      if (b.length) {
        r.push(b)
        return
      }
    }
  }
  return new Readable({
    read() {
      pull(this).catch((e: unknown) => this.destroy(e instanceof Error ? e : new Error(String(e))))
    },
    destroy(err, cb) {
      reader.cancel().catch(() => {})
      cb(err)
    },
  })
}

type CapturedRequest = { headers: Record<string, unknown>; body: string }

/** nock 15 hands over Fetch Requests; nock 14 ClientRequest-like objects with plain-object headers. */
function isFetchRequest(value: unknown): value is Request {
  const r = value as Request | null
  return typeof r === 'object' && r !== null && typeof r.url === 'string' && typeof r.headers?.get === 'function'
}

export function interceptWithNock(api: FetchHandler, opts: NockInterceptOptions): NockInterception {
  const nock = opts.nock ?? loadNock()
  let activatedHere = false
  if (!nock.isActive()) {
    nock.activate()
    activatedHere = true
  }
  const base = new URL(opts.baseUrl)
  const origin = base.origin
  const prefix = base.pathname.replace(/\/+$/, '')
  const underBase = (path: string): boolean =>
    prefix === '' || path === prefix || path.startsWith(`${prefix}/`) || path.startsWith(`${prefix}?`)

  const scope = nock(origin, opts.allowUnmocked ? { allowUnmocked: true } : undefined).persist()
  const captured = new WeakMap<object, CapturedRequest>()
  const open = new Set<Readable>()
  let removed = false

  // Emitted by nock with the raw body (hex for non-UTF-8) just before the reply function runs.
  const onRequest = (req: { headers?: Record<string, unknown> } | Request, _interceptor: unknown, body?: string) => {
    if (isFetchRequest(req)) {
      // nock 15: the reply function gets this Request, unparsed.
      captured.set(req, { headers: Object.fromEntries(req.headers), body: body ?? '' })
      return
    }
    captured.set(req, { headers: { ...(req.headers ?? {}) }, body: body ?? '' })
    // Keep nock 14 from JSON.parse-ing the body for the reply function (it throws on malformed JSON).
    if (req.headers) delete req.headers['content-type']
  }
  scope.on('request', onRequest)

  // One declared parameter: nock treats reply functions of 2 (nock 15) or 3 (nock 14) as callback-style.
  // `this`: nock 14's ReplyFnContext (nock 15 exports no such type and passes no `req`).
  async function reply(this: { req: { method?: string; headers: Record<string, unknown> } }, uriOrRequest: string | Request): Promise<Nock.ReplyFnResult> {
    const fetchRequest = isFetchRequest(uriOrRequest) ? uriOrRequest : undefined
    const req = fetchRequest ?? this.req
    const uri = fetchRequest ? ((u) => u.pathname + u.search)(new URL(fetchRequest.url)) : (uriOrRequest as string)
    const cap = captured.get(req) ?? { headers: fetchRequest ? Object.fromEntries(fetchRequest.headers) : (req.headers as Record<string, unknown>), body: '' }
    const method = String(req.method ?? 'GET').toUpperCase()
    const headers = new Headers()
    for (const [name, value] of Object.entries(cap.headers)) {
      if (value == null || DROP_REQUEST_HEADERS.has(name.toLowerCase())) continue
      for (const one of Array.isArray(value) ? value : [value]) {
        try {
          headers.append(name, String(one))
        } catch {
          // a value Fetch refuses: drop it
        }
      }
    }
    const ac = new AbortController()
    fetchRequest?.signal?.addEventListener('abort', () => ac.abort(), { once: true })
    const init: RequestInit = { method, headers, signal: ac.signal }
    if (method !== 'GET' && method !== 'HEAD' && cap.body !== '') init.body = decodeNockBody(cap.body) as BodyInit
    const response = await api.fetch(new Request(origin + uri, init))
    const rawHeaders: string[] = []
    for (const [k, v] of nodeHeadersFromFetch(response.headers)) {
      for (const one of Array.isArray(v) ? v : [v]) rawHeaders.push(k, one)
    }
    if (!response.body || method === 'HEAD' || removed) {
      response.body?.cancel().catch(() => {})
      return [response.status, '', rawHeaders]
    }
    const readable = readableFromBody(response.body)
    open.add(readable)
    readable.once('close', () => {
      open.delete(readable)
      ac.abort()
    })
    // nock 14: the client aborted (nock destroys the mocked IncomingMessage): release the engine's stream.
    // (nock 15: the Request's abort signal, forwarded above, does it — fetch aborts and destroyed
    // http.ClientRequests both abort it.)
    if (!fetchRequest) {
      ;(req as unknown as NodeJS.EventEmitter).once('response', (msg: NodeJS.EventEmitter) => {
        msg.once('close', () => readable.destroy())
      })
    }
    return [response.status, readable as unknown as Nock.ReplyBody, rawHeaders]
  }

  const interceptors = METHODS.map((method) => {
    const ic = scope.intercept(underBase, method)
    ic.optionally()
    ic.reply(reply)
    return ic
  })

  return {
    scope,
    isDone: () => removed,
    done() {
      if (removed) return
      removed = true
      scope.persist(false)
      for (const ic of interceptors) nock.removeInterceptor(ic)
      scope.off('request', onRequest)
      for (const r of [...open]) r.destroy()
      if (nock.activeMocks().length === 0) {
        // Only empty per-origin entries are left; without this nock would answer "No match" for the origin.
        nock.cleanAll()
        if (activatedHere) nock.restore()
      }
    },
  }
}
