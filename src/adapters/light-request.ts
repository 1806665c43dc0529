// A body-less request (GET, HEAD, DELETE without a body) as the engine reads it, without building a Fetch
// `Request`: undici allocates an AbortController and a header list for every Request, which costs more
// than the engine's own work for a GET. Used by the Node server only for handlers that declare they
// accept it (`acceptsLightRequests`); the engine reads method, url, headers.get/forEach and body.

import type http from 'node:http'
import { ACCEPTS_LIGHT_REQUESTS } from '../apiserver/request-tap.js'

class LightHeaders {
  constructor(private readonly h: http.IncomingHttpHeaders) {}
  get(name: string): string | null {
    const v = this.h[name.toLowerCase()]
    if (v === undefined) return null
    return Array.isArray(v) ? v.join(', ') : v
  }
  has(name: string): boolean {
    return this.h[name.toLowerCase()] !== undefined
  }
  forEach(cb: (value: string, key: string, parent: LightHeaders) => void): void {
    for (const k of Object.keys(this.h).sort()) {
      const v = this.get(k)
      if (v !== null) cb(v, k, this)
    }
  }
  *entries(): IterableIterator<[string, string]> {
    for (const k of Object.keys(this.h).sort()) {
      const v = this.get(k)
      if (v !== null) yield [k, v]
    }
  }
  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries()
  }
}

/** The signal of a request that ended before anybody asked: it never aborts. */
const NEVER = new AbortController().signal

class LightRequest {
  readonly headers: LightHeaders
  readonly body = null
  readonly bodyUsed = false
  #signal: AbortSignal | undefined
  #makeSignal: (() => AbortSignal) | undefined
  constructor(
    readonly method: string,
    readonly url: string,
    req: http.IncomingMessage,
    makeSignal: () => AbortSignal,
  ) {
    this.headers = new LightHeaders(req.headers)
    this.#makeSignal = makeSignal
  }
  /** Made on first use (see request-tap.ts: requestSignal reads it). */
  get signal(): AbortSignal {
    if (!this.#signal) {
      this.#signal = this.#makeSignal ? this.#makeSignal() : NEVER
      this.#makeSignal = undefined
    }
    return this.#signal
  }
  /**
   * The response is finished: drop the signal maker (it holds the Node request and response, and recorded
   * requests are kept around — api.requests).
   */
  release(): void {
    this.#makeSignal = undefined
  }
  async arrayBuffer(): Promise<ArrayBuffer> {
    return new ArrayBuffer(0)
  }
  async text(): Promise<string> {
    return ''
  }
  clone(): LightRequest {
    return this
  }
}

/** See LightRequest.release; a no-op for other requests. */
export function releaseLightRequest(request: Request): void {
  if (request instanceof LightRequest) request.release()
}

export function acceptsLightRequests(handler: object): boolean {
  return (handler as Record<symbol, unknown>)[ACCEPTS_LIGHT_REQUESTS] === true
}

/** A light request for body-less methods, or undefined when a real Request is needed. */
export function lightRequest(req: http.IncomingMessage, url: string, signal: () => AbortSignal): Request | undefined {
  const method = req.method ?? 'GET'
  const hasBody = req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0')
  if (hasBody || (method !== 'GET' && method !== 'HEAD' && method !== 'DELETE')) return undefined
  return new LightRequest(method, url, req, signal) as unknown as Request
}
