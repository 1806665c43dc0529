// Request records (api.requests) and the parsed view of a request that fault matching and records share.
// Records compute their parsed fields on first read and keep only the URL, the method and the header list.

import { tappedBody } from '../apiserver/request-tap.js'
import { parseRequestInfo } from '../apiserver/request-info.js'
import type { MatchInput, RecordedRequest } from './instrument.js'
import type { Clock } from '../clock/clock.js'

/**
 * Header a door may put on the engine request of a WebSocket watch so that it is recorded (and matched)
 * as one: browsers drop `Upgrade` from Fetch requests (a forbidden header name), so the msw `ws.link`
 * door cannot pass that on.
 */
export const TRANSPORT_HEADER = 'x-openshift-image-fake-transport'

/** What recording and matching read of a request's headers. */
type HeaderSource = Pick<Headers, 'get' | 'forEach'>

function isWebSocket(headers: HeaderSource): boolean {
  if (headers.get(TRANSPORT_HEADER)?.toLowerCase() === 'websocket') return true
  const up = headers.get('upgrade')
  return !!up && up.split(',').some((v) => v.trim().toLowerCase() === 'websocket')
}

function stripBase(path: string, basePaths: string[]): string {
  for (const bp of basePaths) {
    if (path === bp || path.startsWith(`${bp}/`)) return path.slice(bp.length) || '/'
  }
  return path
}

export async function readBody(request: Request): Promise<unknown> {
  if (request.body === null || request.bodyUsed) return undefined
  let text: string
  try {
    text = await request.clone().text()
  } catch {
    return undefined
  }
  return parseBodyText(text, request.headers.get('content-type') ?? '')
}

function parseBodyText(text: string | undefined, ct: string): unknown {
  if (text === undefined || text === '') return undefined
  if (/json/i.test(ct) || /^\s*[{[]/.test(text)) {
    try {
      return JSON.parse(text) as unknown
    } catch {
      return text
    }
  }
  return text
}

/** The parsed parts of a request, for matching and for records. */
type Parsed = Omit<MatchInput, 'request' | 'method'>

function parseRequest(href: string, method: string, headers: HeaderSource, basePaths: string[]): Parsed {
  const url = new URL(href)
  const path = stripBase(url.pathname, basePaths)
  const info = parseRequestInfo(method, path, url.searchParams)
  return { url, path, info, watch: info.verb === 'watch', websocket: isWebSocket(headers) }
}

export function buildMatchInput(request: Request, basePaths: string[]): MatchInput {
  const method = request.method.toUpperCase()
  return { request, method, ...parseRequest(request.url, method, request.headers, basePaths) }
}

/**
 * A recorded request whose parsed fields are computed when first read. It keeps only the URL, the method
 * and the header list, not the request: records outlive requests, and whatever they hold is copied by
 * every garbage collection until it is trimmed.
 */
export class Recorded implements RecordedRequest {
  #body: unknown = undefined
  /** The body's text and content type, parsed when `body` is first read (most records never are). */
  #bodyText?: [string | undefined, string]
  status: number | undefined = undefined
  fault?: 'status' | 'delay' | 'dropWatch'
  durationMs?: number
  /** The fake's clock when the request arrived (set by the recorder). */
  startedAt = 0
  #parsed?: Parsed
  #query?: Record<string, string>
  #headers?: Record<string, string>

  constructor(
    readonly seq: number,
    readonly method: string,
    readonly url: string,
    private readonly source: HeaderSource,
    private readonly basePaths: string[],
    parsed?: Parsed,
  ) {
    this.#parsed = parsed
  }

  get body(): unknown {
    if (this.#bodyText) {
      this.#body = parseBodyText(...this.#bodyText)
      this.#bodyText = undefined
    }
    return this.#body
  }
  set body(v: unknown) {
    this.#body = v
    this.#bodyText = undefined
  }
  /** Whether a body was recorded (without parsing it). */
  get hasBody(): boolean {
    return this.#bodyText !== undefined || this.#body !== undefined
  }
  setBodyText(text: string | undefined, contentType: string): void {
    this.#body = undefined
    this.#bodyText = [text, contentType]
  }

  #p(): Parsed {
    return (this.#parsed ??= parseRequest(this.url, this.method, this.source, this.basePaths))
  }

  get path(): string {
    return this.#p().url.pathname
  }
  get query(): Record<string, string> {
    if (!this.#query) {
      const q: Record<string, string> = {}
      for (const [k, v] of this.#p().url.searchParams) if (!(k in q)) q[k] = v
      this.#query = q
    }
    return this.#query
  }
  get headers(): Record<string, string> {
    if (!this.#headers) {
      const h: Record<string, string> = {}
      this.source.forEach((v, k) => (h[k] = v))
      this.#headers = h
    }
    return this.#headers
  }
  get verb(): string {
    return this.#p().info.verb
  }
  get resource(): string {
    return this.#p().info.resource
  }
  get subresource(): string {
    return this.#p().info.subresource
  }
  get namespace(): string {
    return this.#p().info.namespace
  }
  get name(): string {
    return this.#p().info.name
  }
  get watch(): boolean {
    return this.#p().watch
  }
  get websocket(): boolean {
    return this.#p().websocket
  }

  /** A plain copy with every field (for logging and whole-object assertions). */
  toJSON(): RecordedRequest {
    const { seq, method, path, query, body, status, url, headers, verb, resource, subresource, namespace, name, watch, websocket, fault, startedAt, durationMs } = this
    return { seq, method, path, query, body, status, url, headers, verb, resource, subresource, namespace, name, watch, websocket, fault, startedAt, durationMs }
  }
}

/** Complete a request's record with what the engine answered. */
export function finish(rec: Recorded | undefined, request: Request, started: number, res: Response, clock: Clock): Response {
  if (rec) {
    // The engine hands over the body it read; no need to clone the request up front.
    if (request.body !== null && !rec.hasBody) rec.setBodyText(tappedBody(request), request.headers.get('content-type') ?? '')
    rec.status = res.status
    rec.durationMs = clock.now() - started
  }
  return res
}
