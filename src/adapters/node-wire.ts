// The HTTP wire for the Node server door (./node.ts): Node requests to Fetch requests, and Fetch
// responses (or the engine's complete responses, apiserver/fixed-body.ts) to Node responses.
//
// Request → Fetch `Request`: method, full URL (scheme from the server, host from the Host header,
// path and query as sent), every raw header line (repeated headers are appended, so Fetch joins them
// with ", "), and for non-GET/HEAD requests that carry a body, the body as a stream (`duplex: 'half'`).
// The request's abort signal (requestSignal(request), see apiserver/request-tap.ts) aborts when the client
// goes away before the response is finished.
//
// Fetch `Response` → wire: status, headers, body.
// * Header names are written in Go's canonical form (`Content-Type`, `Warning`), as the real server does.
// * `Warning`: Fetch `Headers` joins repeated values into one "a, b" string. The joined value is split
//   back into one header line per warning by parsing RFC 7234 warning values
//   (`<3-digit code> <agent> "<quoted text, \" escapes>"[ "<date>"]`, separated by commas); the commas
//   inside the quoted text are therefore safe. If the value does not parse as a list of warnings it is
//   written unchanged as one line. `Set-Cookie` uses `Headers.getSetCookie()`.
// * Hop-by-hop headers (Connection, Keep-Alive, Transfer-Encoding, Upgrade, …) from the handler are dropped.
// * Body: whatever the body stream yields without waiting (within one macrotask) is collected; if the
//   stream has already ended, the response is sent with a Content-Length. Otherwise (watches) the headers
//   are flushed at once and every chunk is written as soon as it is produced (chunked encoding).
// * When the client disconnects, the request signal aborts and the body reader is cancelled, so the
//   engine releases the watch.

import type * as http from 'node:http'
import { Readable } from 'node:stream'
import { fixedPartsOf } from '../apiserver/fixed-body.js'
import { attachSignal } from '../apiserver/request-tap.js'
import { onNextMacrotask, realSleep } from '../clock/native.js'

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer'])

/** `content-type` → `Content-Type` (Go's textproto canonical form). */
const canonicalNames = new Map<string, string>()

export function canonicalHeaderName(name: string): string {
  let c = canonicalNames.get(name)
  if (c === undefined) {
    c = name.toLowerCase().replace(/(^|-)([a-z])/g, (_m, dash: string, ch: string) => dash + ch.toUpperCase())
    if (canonicalNames.size < 1000) canonicalNames.set(name, c)
  }
  return c
}

/**
 * Split a `Warning` header value that Fetch `Headers` joined with ", " back into the individual warning
 * values (`299 - "text"`). Commas inside the quoted text are kept. A value that is not a well-formed
 * list of warnings is returned unchanged as a single element.
 */
export function splitWarningHeader(value: string): string[] {
  const out: string[] = []
  const head = /(\d{3}) ([^\s"]+) "/y
  const n = value.length
  let i = 0
  for (;;) {
    while (i < n && (value[i] === ' ' || value[i] === '\t' || value[i] === ',')) i++
    if (i >= n) break
    const start = i
    head.lastIndex = i
    const m = head.exec(value)
    if (!m) return [value]
    i = head.lastIndex
    // quoted text
    while (i < n && value[i] !== '"') i += value[i] === '\\' ? 2 : 1
    if (i >= n) return [value]
    i++ // closing quote
    // optional warn-date: SP quoted-string
    if (value.startsWith(' "', i)) {
      const close = value.indexOf('"', i + 2)
      if (close < 0) return [value]
      i = close + 1
    }
    let j = i
    while (j < n && (value[j] === ' ' || value[j] === '\t')) j++
    if (j < n && value[j] !== ',') return [value]
    out.push(value.slice(start, i))
    i = j
  }
  return out.length ? out : [value]
}

/** Fetch response headers → Node header entries (canonical names, Warning/Set-Cookie as separate values, hop-by-hop removed). */
export function nodeHeadersFromFetch(headers: Headers): Array<[string, string | string[]]> {
  const out: Array<[string, string | string[]]> = []
  for (const [name, value] of headers) {
    if (HOP_BY_HOP.has(name) || name === 'set-cookie') continue
    if (name === 'warning') out.push(['Warning', splitWarningHeader(value)])
    else out.push([canonicalHeaderName(name), value])
  }
  const cookies = headers.getSetCookie()
  if (cookies.length) out.push(['Set-Cookie', cookies])
  return out
}

/** Build a Fetch `Request` from a Node request. `origin` is e.g. `http://127.0.0.1:8080`. */
export function toFetchRequest(req: http.IncomingMessage, origin: string, signal?: AbortSignal | (() => AbortSignal), headers?: Headers): Request {
  const target = req.url ?? '/'
  const url = target.startsWith('/') ? new URL(origin + target) : new URL(target, origin)
  const h = headers ?? headersFromNode(req)
  const method = req.method ?? 'GET'
  const init: RequestInit & { duplex?: 'half' } = { method, headers: h }
  const te = req.headers['transfer-encoding']
  const cl = req.headers['content-length']
  if (method !== 'GET' && method !== 'HEAD' && (te !== undefined || (cl !== undefined && cl !== '0'))) {
    init.body = Readable.toWeb(req) as unknown as ReadableStream<Uint8Array>
    init.duplex = 'half'
  }
  const request = new Request(url, init)
  // Carried beside the request (see request-tap.ts): `new Request({ signal })` costs more than the rest
  // of a GET. The engine and the instrumentation read it with requestSignal().
  return signal ? attachSignal(request, signal) : request
}

export function headersFromNode(req: http.IncomingMessage): Headers {
  const h = new Headers()
  const raw = req.rawHeaders
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!
    if (name.startsWith(':')) continue
    try {
      h.append(name, raw[i + 1]!)
    } catch {
      // a header value Fetch refuses: drop it
    }
  }
  return h
}

export function internalErrorBody(message: string): string {
  return `${JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'InternalError', code: 500 })}\n`
}

const NOT_YET = Symbol('not yet')

/** Resolve with the promise's value if it settles before the next macrotask, else with NOT_YET. */
function settledSoon<T>(p: Promise<T>): Promise<T | typeof NOT_YET> {
  return new Promise((resolve, reject) => {
    const cancel = onNextMacrotask(() => resolve(NOT_YET))
    p.then(
      (v) => {
        cancel()
        resolve(v)
      },
      (e: unknown) => {
        cancel()
        reject(e)
      },
    )
  })
}

function toBuffer(value: unknown): Buffer {
  if (Buffer.isBuffer(value)) return value
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength)
  if (typeof value === 'string') return Buffer.from(value)
  if (ArrayBuffer.isView(value)) return Buffer.from(value.buffer, value.byteOffset, value.byteLength)
  if (value instanceof ArrayBuffer) return Buffer.from(value)
  return Buffer.from(String(value))
}

function writeChunk(res: http.ServerResponse, chunk: Buffer): Promise<void> {
  if (res.write(chunk)) return Promise.resolve()
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done)
      res.off('close', done)
      resolve()
    }
    res.on('drain', done)
    res.on('close', done)
  })
}

export interface Tracked {
  /** End gracefully (HTTP: finish the chunked response; WebSocket: close 1000). */
  stop(): void
  /** Cut (destroy the socket). */
  kill(): void
  done: Promise<void>
}

/** A real-time wait that does not hold the process open (a closing server's grace period). */
export function delay(ms: number): Promise<void> {
  return realSleep(ms, true)
}

export async function writeFetchResponse(res: http.ServerResponse, response: Response, isHead: boolean, track: (t: Tracked) => () => void): Promise<void> {
  const fixed = fixedPartsOf(response)
  if (fixed && !isHead && !res.headersSent) {
    // The engine built this body in full: one writeHead and one write, no stream pumping.
    const flat: string[] = []
    let hasLength = false
    if (fixed.lines) {
      for (const [k, v] of fixed.lines) {
        // The engine's own lines: wire spelling, never hop-by-hop.
        if (k === 'Content-Length') hasLength = true
        flat.push(k, v)
      }
    } else {
      for (const [k, v] of nodeHeadersFromFetch(response.headers)) {
        if (k === 'Content-Length') hasLength = true
        if (Array.isArray(v)) for (const x of v) flat.push(k, x)
        else flat.push(k, v)
      }
    }
    for (const name of res.getHeaderNames()) flat.push(canonicalHeaderName(name), String(res.getHeader(name)))
    if (!hasLength) flat.push('Content-Length', String(fixed.bytes.byteLength))
    res.writeHead(fixed.status, response.statusText || undefined, flat)
    res.end(Buffer.from(fixed.bytes.buffer, fixed.bytes.byteOffset, fixed.bytes.byteLength))
    return
  }
  res.statusCode = response.status
  if (response.statusText) res.statusMessage = response.statusText
  for (const [k, v] of nodeHeadersFromFetch(response.headers)) res.setHeader(k, v)
  const status = response.status
  const body = response.body
  if (isHead || !body || status === 204 || status === 304 || (status >= 100 && status < 200)) {
    body?.cancel().catch(() => {})
    res.end()
    return
  }
  const reader = body.getReader()
  const cancel = () => {
    reader.cancel().catch(() => {})
  }
  // The client went away (or the response finished; cancelling a finished reader is a no-op).
  res.once('close', cancel)
  const closed = new Promise<void>((resolve) => {
    if (res.closed) resolve()
    else res.once('close', () => resolve())
  })
  const untrack = track({
    stop: cancel, // the read loop sees `done` and ends the response normally
    kill: () => {
      cancel()
      res.destroy()
    },
    done: closed,
  })
  try {
    const buffered: Buffer[] = []
    let size = 0
    let ended = false
    let pending: Promise<ReadableStreamReadResult<Uint8Array>> | undefined = reader.read()
    while (size < 1 << 20) {
      const r = await settledSoon(pending)
      if (r === NOT_YET) break
      pending = undefined
      if (r.done) {
        ended = true
        break
      }
      const b = toBuffer(r.value)
      buffered.push(b)
      size += b.length
      pending = reader.read()
    }
    if (res.destroyed) return
    if (ended) {
      if (!res.hasHeader('content-length')) res.setHeader('Content-Length', size)
      res.end(buffered.length === 1 ? buffered[0] : Buffer.concat(buffered))
      return
    }
    res.flushHeaders()
    for (const b of buffered) await writeChunk(res, b)
    for (;;) {
      const r = await (pending ?? reader.read())
      pending = undefined
      if (r.done || res.destroyed) break
      await writeChunk(res, toBuffer(r.value))
    }
    if (!res.destroyed) res.end()
  } catch (e) {
    cancel()
    if (!res.headersSent) {
      res.statusCode = 500
      res.setHeader('Content-Type', 'application/json')
      res.end(internalErrorBody(e instanceof Error ? e.message : String(e)))
    } else {
      res.destroy(e instanceof Error ? e : new Error(String(e)))
    }
  } finally {
    res.off('close', cancel)
    untrack()
  }
}
