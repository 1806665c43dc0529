// The msw door for browser-style watches over WebSocket (k8s.io/apiserver/pkg/endpoints/handlers/watch.go
// WatchServer.HandleWS; docs/fidelity.md#watch.websocket): msw 2 WebSocket handlers (the `ws` API's
// `WebSocketHandler`, as `ws.link(…).addEventListener('connection', …)` returns) for
// `ws(s)://<host>/…?watch=…` on the API paths, also under the `basePaths` prefixes (the OpenShift console
// opens `wss://<console>/api/kubernetes/apis/image.openshift.io/v1/…?watch=true&…`).
//
// Each connection becomes one engine request (same path and query, http(s) scheme) whose watch body is
// pumped to the socket by ./websocket.ts: one text frame per event with exactly the bytes of the HTTP
// line (trailing `\n` included), close 1000 when the watch ends (timeout, ERROR 410, api.reset(),
// closeWatches()). When the browser closes the socket, the engine request is aborted and the watch is
// released at once. Subprotocols follow the real server and the console backend: a
// `base64url.bearer.authorization.k8s.io.<token>` protocol becomes `Authorization: Bearer`,
// `Impersonate-User.<b64>` / `Impersonate-Group.<b64>` become `Impersonate-*` headers, and at most one
// other protocol is accepted.
//
// Failures. A real server refuses the handshake with an HTTP status (bad subprotocols, 4xx/5xx from the
// watch handler, a URL that is not a watch), which a browser only sees as an `error` event and close
// code 1006 — the console then drops the socket (it reconnects on a clean close). By default
// (`errors: 'abnormal'`) the handler reproduces that: `error` on the socket, then close 1006 with
// `HTTP <status>: <message>` as the reason (a real browser gets an empty reason). With
// `errors: 'frame'` the response body (a Status) is sent as one text frame and the socket closed with
// 1000, like `listen({ webSocketErrors: 'frame' })`.
//
// Limits of msw 2's WebSocket interception (not of the fake):
// * msw only intercepts the global `WebSocket` class (browsers, Node ≥ 22; Node 20 only with
//   `--experimental-websocket` or a global WebSocket installed before `server.listen()`). Node clients
//   built on `http` upgrades (the `ws` package) are not served; use `listen()` (../adapters/node.ts).
// * Once any WebSocket handler is registered, msw 2 treats every WebSocket connection as mocked: a
//   socket no handler matches opens and stays idle instead of reaching the network. Apps that also need
//   real sockets (a dev server's hot reload, other backends) can leave these handlers out:
//   `api.handlers.filter((h) => h.kind !== 'websocket')`.
// * The connection opens before the engine has answered: refusals decided from the URL and the
//   subprotocols alone happen before `open` (like a refused handshake); errors that come from the engine
//   (404, 422, 500 …) arrive right after `open`.
// * Browser WebSockets carry no custom headers and msw shows none: there is no `Origin` check, and the
//   socket's `protocol` is always the client's first protocol (msw does not let the server pick).

import type * as Msw from 'msw'
import type { WebSocketHandler, WebSocketHandlerConnection } from 'msw'
import { parseRequestInfo } from '../apiserver/request-info.js'
import { applyWatchSubprotocolHeaders, CLOSE_NORMAL, negotiateWatchSubprotocol, pumpWatchToSocket, type WatchPump } from './websocket.js'

export interface EngineFetch {
  fetch(request: Request): Promise<Response>
}

export interface MswWebSocketOptions {
  /** Only sockets to this origin (and path prefix) are served; `http(s)` is mapped to `ws(s)`. Default: any host. */
  baseUrl?: string
  /** Extra path prefixes (the console's `/api/kubernetes`). */
  basePaths?: string[]
  /** How refused watches end: 'abnormal' (default, error + 1006) or 'frame' (Status frame + 1000). */
  errors?: 'abnormal' | 'frame'
}

/** Close code a browser reports when the handshake fails or the connection drops (never sent on the wire). */
export const CLOSE_ABNORMAL = 1006

/** What the handler needs of msw's client connection (msw's `WebSocketClientConnectionProtocol`). */
export interface WatchSocketClient {
  readonly url: URL
  send(data: string): void
  close(code?: number, reason?: string): void
  addEventListener(type: 'close', listener: () => void): void
  /** The intercepted WebSocket (present on msw's connection objects); gets the `error` event of a refusal. */
  readonly socket?: EventTarget
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** `https://host:6443/prefix/` → `wss://host:6443/prefix` (default ports dropped, as URL origins do). */
function webSocketBase(baseUrl: string): string {
  const u = new URL(baseUrl)
  const scheme = u.protocol === 'https:' || u.protocol === 'wss:' ? 'wss:' : 'ws:'
  return `${scheme}//${u.host}${u.pathname.replace(/\/+$/, '')}`
}

/** The regular expression msw matches against `origin + pathname` of each socket. */
export function webSocketUrlPattern(opts: Pick<MswWebSocketOptions, 'baseUrl' | 'basePaths'> = {}): RegExp {
  const prefixes = ['', ...(opts.basePaths ?? []).map((p) => escapeRegExp(p.replace(/\/+$/, '')))]
  const base = opts.baseUrl ? escapeRegExp(webSocketBase(opts.baseUrl)) : 'wss?://[^/]+'
  return new RegExp(`^${base}(?:${prefixes.join('|')})/(?:api|apis)(?:/.*)?$`)
}

/** The engine URL of a socket URL: `ws:` → `http:`, `wss:` → `https:`, same host, path and query. */
export function httpUrlOf(socketUrl: URL | string): URL {
  const u = new URL(String(socketUrl))
  const scheme = u.protocol === 'wss:' ? 'https:' : u.protocol === 'ws:' ? 'http:' : u.protocol
  return new URL(`${scheme}//${u.host}${u.pathname}${u.search}`)
}

/** Is this (http) URL a watch: `?watch=<not false>` on a collection, or a deprecated `/watch/` path? */
export function isWatchUrl(url: URL, basePaths: string[] = []): boolean {
  let path = url.pathname
  for (const bp of basePaths) {
    const p = bp.replace(/\/+$/, '')
    if (p && (path === p || path.startsWith(`${p}/`))) {
      path = path.slice(p.length) || '/'
      break
    }
  }
  return parseRequestInfo('GET', path, url.searchParams).verb === 'watch'
}

function truncateReason(reason: string): string {
  // A close reason is at most 123 bytes of UTF-8.
  const enc = new TextEncoder()
  if (enc.encode(reason).length <= 123) return reason
  let out = reason
  while (enc.encode(`${out}…`).length > 123) out = out.slice(0, -1)
  return `${out}…`
}

/** Status body for refusals decided before the engine is asked (errors: 'frame'). */
function refusalStatus(status: number, message: string): string {
  const reason = status === 401 ? 'Unauthorized' : status === 400 ? 'BadRequest' : 'InternalError'
  return `${JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code: status })}\n`
}

/**
 * Serve one intercepted WebSocket as a watch: the handler logic of {@link createMswWebSocketHandlers},
 * usable with any object shaped like msw's client connection. Resolves when the socket is done.
 */
export function serveWatchSocket(
  api: EngineFetch,
  client: WatchSocketClient,
  protocols: string | readonly string[] | undefined,
  opts: MswWebSocketOptions = {},
): Promise<void> {
  const errorMode = opts.errors ?? 'abnormal'
  let finished = false
  let clientGone = false
  let resolveDone!: () => void
  const done = new Promise<void>((r) => (resolveDone = r))
  const finish = () => {
    if (finished) return
    finished = true
    resolveDone()
  }
  // msw delivers frames sent while the socket is still CONNECTING only on `open`, and drops them if the
  // socket is closed first; frames are dispatched in a microtask. So: send once open, close a microtask
  // after the last send.
  const sock = client.socket as (EventTarget & { readyState?: number }) | undefined
  const opened: Promise<void> =
    sock && sock.readyState === 0
      ? new Promise<void>((resolve) => {
          const on = () => {
            sock.removeEventListener('open', on)
            sock.removeEventListener('close', on)
            resolve()
          }
          sock.addEventListener('open', on)
          sock.addEventListener('close', on)
        })
      : Promise.resolve()
  const closeSoon = (code: number) => {
    finish()
    queueMicrotask(() => client.close(code))
  }
  const refuse = (status: number, message: string, body?: string) => {
    if (finished) return
    if (errorMode === 'frame') {
      finish()
      void opened.then(() => {
        if (clientGone) return
        client.send(body ?? refusalStatus(status, message))
        queueMicrotask(() => client.close(CLOSE_NORMAL))
      })
      return
    }
    client.socket?.dispatchEvent(new Event('error'))
    client.close(CLOSE_ABNORMAL, truncateReason(`HTTP ${status}${message ? `: ${message}` : ''}`))
    finish()
  }

  // Decided from the URL and the subprotocols alone: refused before the socket opens.
  const negotiation = negotiateWatchSubprotocol(typeof protocols === 'string' ? protocols : protocols ? [...protocols] : undefined)
  if (!negotiation.ok) {
    refuse(negotiation.status, negotiation.message)
    return done
  }
  const url = httpUrlOf(client.url)
  if (errorMode === 'abnormal' && !isWatchUrl(url, opts.basePaths)) {
    // The real handler would answer such a GET without upgrading: the handshake fails. (With
    // errors: 'frame' the response is sent as frames instead, like listen({ webSocketErrors: 'frame' }).)
    refuse(200, 'not a watch request')
    return done
  }

  const ac = new AbortController()
  let pump: WatchPump | undefined
  client.addEventListener('close', () => {
    clientGone = true
    pump?.cancel()
    ac.abort()
    finish()
  })
  const headers = applyWatchSubprotocolHeaders(new Headers({ Accept: 'application/json' }), negotiation)
  api.fetch(new Request(url, { headers, signal: ac.signal })).then(
    async (response) => {
      if (clientGone || finished) {
        await response.body?.cancel().catch(() => {})
        return
      }
      if (errorMode === 'abnormal' && (response.status !== 200 || !response.body)) {
        const text = await response.text().catch(() => '')
        let message = ''
        try {
          message = String((JSON.parse(text) as { message?: unknown }).message ?? '')
        } catch {
          message = text.trim()
        }
        refuse(response.status, message, text)
        return
      }
      await opened
      if (clientGone) {
        await response.body?.cancel().catch(() => {})
        return
      }
      pump = pumpWatchToSocket(response, (text) => client.send(text), closeSoon)
      await pump.done
    },
    (e: unknown) => refuse(500, e instanceof Error ? e.message : String(e)),
  )
  return done
}

type Connection = Parameters<WebSocketHandler['run']>[0]
type Resolution = Parameters<WebSocketHandler['run']>[1]
type WatchHandlerClass = new (engine: EngineFetch, options: MswWebSocketOptions) => WebSocketHandler

/** The handler class, defined on the msw module it is given (the user's own msw: ./msw-lazy.ts loads it). */
const classes = new WeakMap<object, WatchHandlerClass>()

function watchHandlerClass(msw: typeof Msw): WatchHandlerClass {
  let c = classes.get(msw)
  if (c) return c
  /**
   * A `WebSocketHandler` (what `ws.link(…).addEventListener('connection', …)` returns) that serves watches.
   * Built directly rather than through `ws.link`, whose per-link client manager adds a listener to a
   * process-wide BroadcastChannel for every fake instance (and a Node `upgrade` sibling handler that
   * cannot serve `ws`-package clients anyway).
   */
  class WatchWebSocketHandler extends msw.WebSocketHandler {
    readonly #engine: EngineFetch
    readonly #options: MswWebSocketOptions
    constructor(engine: EngineFetch, options: MswWebSocketOptions) {
      super(webSocketUrlPattern(options))
      this.#engine = engine
      this.#options = options
    }

    override async run(connection: Connection, resolutionContext?: Resolution): Promise<WebSocketHandlerConnection | null> {
      if (!this.test(connection.client.url, resolutionContext)) return null
      void serveWatchSocket(this.#engine, connection.client as unknown as WatchSocketClient, connection.info.protocols, this.#options)
      return { ...connection, params: {} }
    }
  }
  c = WatchWebSocketHandler
  classes.set(msw, c)
  return c
}

/**
 * msw WebSocket handlers that serve watches over WebSocket from the engine, made with the given msw
 * module (./msw.ts passes the one it imports). Add them next to the http handlers (`api.handlers`
 * already contains them).
 */
export function mswWebSocketHandlersWith(msw: typeof Msw, api: EngineFetch, opts: MswWebSocketOptions = {}): WebSocketHandler[] {
  return [new (watchHandlerClass(msw))(api, opts)]
}
