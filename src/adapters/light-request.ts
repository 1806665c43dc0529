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

class LightRequest {
  readonly headers: LightHeaders
  readonly body = null
  readonly bodyUsed = false
  constructor(
    readonly method: string,
    readonly url: string,
    req: http.IncomingMessage,
    private readonly makeSignal: () => AbortSignal,
  ) {
    this.headers = new LightHeaders(req.headers)
  }
  /** Made on first use (see request-tap.ts: requestSignal reads it). */
  get signal(): AbortSignal {
    return this.makeSignal()
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
