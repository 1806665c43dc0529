// Serve a FetchHandler on a real socket with node:http (or node:https), including watch streams and
// watch-over-WebSocket (the `ws` package). For kubectl, @kubernetes/client-node 2.x and anything else
// that cannot be intercepted in-process (client-node 2.x on Node 22, kubectl, other processes).
//
// The request/response conversion is in ./node-wire.ts.
//
// WebSocket (k8s.io/apiserver/pkg/endpoints/handlers/watch.go WatchServer.HandleWS): see ./websocket.ts for
// the subprotocol rules. Handshake order: bearer subprotocol problems → 401 (JSON Unauthorized Status); a
// missing or unparsable Origin → bare 403; two or more protocols (after removing token/impersonation
// protocols) or an undecodable impersonation protocol → bare 400; a bad Sec-WebSocket-Key/Version → bare 400;
// then the handler is called with the same URL and headers (plus Authorization/Impersonate-* from the
// subprotocols). A 200 response with a body completes the handshake and each line becomes one text frame;
// close 1000 when the body ends. A non-200 response is, by default (`webSocketErrors: 'handshake'`), written
// as a plain HTTP response instead of completing the handshake — what the real server does, since its watch
// handler fails before upgrading (a browser sees the socket fail, close code 1006). With `webSocketErrors:
// 'frame'` the handshake completes, the body is sent as one text frame and the socket is closed with 1000.
// Simplification: the real server runs the watch handler (and its 4xx errors) before the Origin and
// protocol checks; here those checks come first, so a request that is wrong in both ways gets 403/400.
// Requests with an `Upgrade` header other than `websocket` (e.g. curl's `h2c`) are served as plain HTTP.
//
// Before anything else the door checks the Host header as Go's net/http does (400 `malformed Host header`)
// and the DNS-rebinding / WebSocket-Origin guard (403; ./host-guard.ts, docs/security.md).

import * as http from 'node:http'
import * as https from 'node:https'
import type { AddressInfo, Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import { releaseSignal } from '../apiserver/request-tap.js'
import { acceptsLightRequests, lightRequest, releaseLightRequest } from './light-request.js'
import type { WebSocket, WebSocketServer } from 'ws'
import type { FetchHandler } from './types.js'
import { corsPolicy } from './cors.js'
import { forbiddenStatusBody, hostHeaderValues, hostPolicy, hostRefusedMessage, originRefusedMessage } from './host-guard.js'
import { delay, headersFromNode, internalErrorBody, nodeHeadersFromFetch, toFetchRequest, writeFetchResponse, type Tracked } from './node-wire.js'
import {
  applyWatchSubprotocolHeaders,
  CLOSE_NORMAL,
  isWebSocketUpgrade,
  negotiateWatchSubprotocol,
  pumpWatchToSocket,
  UNAUTHORIZED_STATUS_BODY,
} from './websocket.js'

export interface ListenOptions {
  /** Default 0 (a free port). */
  port?: number
  /** Default '127.0.0.1'. */
  host?: string
  /** Serve https with this certificate and key (PEM). */
  tls?: { cert: string | Buffer; key: string | Buffer }
  /**
   * How a watch WebSocket is answered when the handler's response is not 200:
   * 'handshake' (default, like the real server) — as a plain HTTP response, no upgrade;
   * 'frame' — complete the handshake, send the body as one text frame, close with 1000.
   */
  webSocketErrors?: 'handshake' | 'frame'
  /**
   * How long close() waits (ms) for open watches to end after `closeWatches()` / being ended, before it
   * cuts them (sockets destroyed). Default 1000.
   */
  closeGraceMs?: number
  /**
   * Host names served besides `localhost`/`*.localhost`, IP addresses and the bind address (a guard against
   * DNS rebinding: other `Host` headers get 403). `['*']` serves any name. See docs/security.md.
   */
  hostAliases?: string[]
  /**
   * Browser origins (`http://localhost:5173`; `*` for any) allowed to call the server across origins
   * (CORS, see ./cors.ts: their preflight OPTIONS requests are answered here and every response to them
   * carries the Access-Control-Allow-* headers), and whose pages may open WebSocket watches besides
   * localhost, loopback addresses, the bind address and the host aliases (others get 403). See
   * docs/security.md and docs/cli.md.
   */
  corsOrigins?: string[]
}

interface Refusal {
  status: number
  reason: string
  contentType: string
  body: Buffer
}

export interface ListeningServer {
  /** e.g. `http://127.0.0.1:43127` (no trailing slash). */
  url: string
  /** End open watches gracefully (HTTP streams ended, WebSockets closed with 1000), then close the server. */
  close(): Promise<void>
  server: http.Server
}

/** golang.org/x/net/websocket's default handshake: the Origin header must be present and parse as a URL, else 403. */
function isValidOrigin(origin: string | undefined): boolean {
  if (!origin) return false
  try {
    new URL(origin)
    return true
  } catch {
    return false
  }
}

/** Write the door's own refusal on a plain HTTP exchange; the connection closes after it. */
function writeRefusal(res: http.ServerResponse, r: Refusal): void {
  res.shouldKeepAlive = false
  res.writeHead(r.status, r.reason, { 'Content-Type': r.contentType, ...(r.status === 403 ? { 'Cache-Control': 'no-cache, private' } : {}), 'Content-Length': String(r.body.length), Connection: 'close' })
  res.end(r.body)
}

function writeBareStatus(socket: Duplex, status: number): void {
  socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? ''}\r\n\r\n`)
}

function writeRawResponse(socket: Duplex, status: number, headers: Array<[string, string | string[]]>, body: Buffer): void {
  let head = `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? ''}\r\n`
  for (const [k, v] of headers) {
    if (k === 'Content-Length') continue
    for (const one of Array.isArray(v) ? v : [v]) head += `${k}: ${one}\r\n`
  }
  head += `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n`
  socket.end(Buffer.concat([Buffer.from(head, 'latin1'), body]))
}

/**
 * Serve `api` on a real socket. Resolves once listening.
 */
export async function listen(api: FetchHandler, opts: ListenOptions = {}): Promise<ListeningServer> {
  const host = opts.host ?? '127.0.0.1'
  const port = opts.port ?? 0
  const scheme = opts.tls ? 'https' : 'http'
  const webSocketErrors = opts.webSocketErrors ?? 'handshake'
  const graceMs = opts.closeGraceMs ?? 1000

  const active = new Set<Tracked>()
  const track = (t: Tracked) => {
    active.add(t)
    return () => {
      active.delete(t)
    }
  }
  let closing = false
  let listeningOrigin = ''
  const lightOk = acceptsLightRequests(api)
  const cors = corsPolicy(opts.corsOrigins)
  const policy = hostPolicy(host, { hostAliases: opts.hostAliases, corsOrigins: opts.corsOrigins })

  const originFor = (req: http.IncomingMessage) => {
    const h = req.headers.host
    if (!h) return listeningOrigin
    // A Host Go accepts but a URL cannot hold (e.g. `[::1`, served only with hostAliases ['*']).
    return URL.canParse(`${scheme}://${h}`) ? `${scheme}://${h}` : listeningOrigin
  }

  /** The door's own refusal of a request (bad Host syntax, Host not served), or undefined. */
  const refusal = (req: http.IncomingMessage): Refusal | undefined => {
    const syntax = policy.hostSyntaxError(hostHeaderValues(req.rawHeaders))
    if (syntax) {
      const text = `400 Bad Request: ${syntax}` // net/http: the reason phrase and the body carry the cause
      return { status: 400, reason: `Bad Request: ${syntax}`, contentType: 'text/plain; charset=utf-8', body: Buffer.from(text) }
    }
    if (!policy.hostAllowed(req.headers.host)) {
      return { status: 403, reason: 'Forbidden', contentType: 'application/json', body: Buffer.from(forbiddenStatusBody(hostRefusedMessage(req.headers.host ?? ''))) }
    }
    return undefined
  }

  const handleHttp = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    // The abort signal (and its 'close' listener) is made only if the engine asks for it (watches,
    // delayed faults): most requests never look.
    let ac: AbortController | undefined
    const lazySignal = () => {
      if (!ac) {
        const c = (ac = new AbortController())
        if (res.closed) {
          if (!res.writableFinished) c.abort()
        } else {
          res.once('close', () => {
            if (!res.writableFinished) c.abort()
          })
        }
      }
      return ac.signal
    }
    if (closing) res.setHeader('Connection', 'close')
    const refused = refusal(req)
    if (refused !== undefined) {
      writeRefusal(res, refused)
      return
    }
    if (cors) {
      const allowed = cors.headersFor(req.headers.origin, req.headers['access-control-request-headers'] as string | undefined)
      if (allowed) {
        for (const [k, v] of allowed) res.setHeader(k, v)
        if (req.method === 'OPTIONS') {
          // A preflight: answered here, like the real server's CORS filter (204, no body).
          res.statusCode = 204
          res.end()
          return
        }
      }
    }
    let request: Request
    try {
      const target = req.url ?? '/'
      const light = lightOk ? lightRequest(req, target.startsWith('/') ? originFor(req) + target : new URL(target, originFor(req)).href, lazySignal) : undefined
      request = light ?? toFetchRequest(req, originFor(req), lazySignal)
    } catch {
      res.statusCode = 400
      res.setHeader('Content-Type', 'text/plain; charset=utf-8')
      res.end('400 Bad Request\n')
      return
    }
    let response: Response
    try {
      response = await api.fetch(request)
    } catch (e) {
      if (res.destroyed) return
      res.statusCode = 500
      res.setHeader('Content-Type', 'application/json')
      res.end(internalErrorBody(e instanceof Error ? e.message : String(e)))
      return
    }
    if (res.destroyed) {
      response.body?.cancel().catch(() => {})
      return
    }
    await writeFetchResponse(res, response, req.method === 'HEAD', track)
    // Recorded requests outlive the exchange: let go of what ties them to this socket.
    releaseLightRequest(request)
    releaseSignal(request)
  }

  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
    handleHttp(req, res).catch(() => {
      if (!res.destroyed) res.destroy()
    })
  }

  // `ws` is loaded with the first WebSocket watch (a server that never gets one does not load it).
  let wss: WebSocketServer | undefined
  const webSocketServer = async (): Promise<WebSocketServer> =>
    (wss ??= new (await import('ws')).WebSocketServer({ noServer: true, perMessageDeflate: false, clientTracking: false }))

  const handleUpgrade = async (req: http.IncomingMessage, socket: Duplex, head: Buffer): Promise<void> => {
    socket.on('error', () => {})
    if (!isWebSocketUpgrade(req.method ?? 'GET', req.headers.upgrade)) {
      // Not a WebSocket (e.g. `Upgrade: h2c`): ignore the Upgrade header and answer over HTTP/1.1.
      const res = new http.ServerResponse(req)
      res.shouldKeepAlive = false
      res.assignSocket(socket as Socket)
      res.once('finish', () => {
        res.detachSocket(socket as Socket)
        socket.end()
      })
      onRequest(req, res)
      return
    }
    if (closing) {
      writeBareStatus(socket, 503)
      return
    }
    const refused = refusal(req)
    if (refused !== undefined) {
      const head = `HTTP/1.1 ${refused.status} ${refused.reason}\r\nContent-Type: ${refused.contentType}\r\nContent-Length: ${refused.body.length}\r\nConnection: close\r\n\r\n`
      socket.end(Buffer.concat([Buffer.from(head, 'latin1'), refused.body]))
      return
    }
    const negotiation = negotiateWatchSubprotocol(req.headers['sec-websocket-protocol'])
    // Same order as the real server: authentication (401), then x/net/websocket's Origin check (403),
    // then its protocol count (400).
    if (!negotiation.ok && negotiation.status === 401) {
      writeRawResponse(socket, 401, [['Content-Type', 'application/json'], ['Cache-Control', 'no-cache, private']], Buffer.from(UNAUTHORIZED_STATUS_BODY))
      return
    }
    if (!isValidOrigin(req.headers.origin)) {
      writeBareStatus(socket, 403)
      return
    }
    if (!policy.originAllowed(req.headers.origin!, req.headers.host)) {
      const body = Buffer.from(forbiddenStatusBody(originRefusedMessage(req.headers.origin!)))
      writeRawResponse(socket, 403, [['Content-Type', 'application/json'], ['Cache-Control', 'no-cache, private']], body)
      return
    }
    if (!negotiation.ok) {
      writeBareStatus(socket, 400)
      return
    }
    const key = req.headers['sec-websocket-key']
    const version = req.headers['sec-websocket-version']
    if (typeof key !== 'string' || !/^[+/0-9A-Za-z]{22}==$/.test(key.trim()) || (version !== '13' && version !== '8')) {
      writeBareStatus(socket, 400)
      return
    }

    const ac = new AbortController()
    let upgraded = false
    let pendingResponse: Response | undefined
    const onEarlyClose = () => {
      if (upgraded) return
      ac.abort()
      pendingResponse?.body?.cancel().catch(() => {})
    }
    socket.once('close', onEarlyClose)
    let request: Request
    try {
      const headers = applyWatchSubprotocolHeaders(headersFromNode(req), negotiation)
      request = toFetchRequest(req, originFor(req), ac.signal, headers)
    } catch {
      writeBareStatus(socket, 400)
      return
    }
    let response: Response
    try {
      response = await api.fetch(request)
    } catch (e) {
      writeRawResponse(socket, 500, [['Content-Type', 'application/json']], Buffer.from(internalErrorBody(e instanceof Error ? e.message : String(e))))
      return
    }
    if (socket.destroyed || ac.signal.aborted) {
      response.body?.cancel().catch(() => {})
      return
    }
    pendingResponse = response
    const streaming = response.status === 200 && response.body !== null
    if (!streaming && webSocketErrors === 'handshake') {
      const body = Buffer.from(await response.arrayBuffer().catch(() => new ArrayBuffer(0)))
      writeRawResponse(socket, response.status, nodeHeadersFromFetch(response.headers), body)
      return
    }
    if (closing) {
      response.body?.cancel().catch(() => {})
      writeBareStatus(socket, 503)
      return
    }

    const sockets = await webSocketServer()
    if (socket.destroyed || ac.signal.aborted || closing) {
      response.body?.cancel().catch(() => {})
      if (closing && !socket.destroyed) writeBareStatus(socket, 503)
      return
    }

    // Let `ws` complete the handshake with exactly the protocol we chose.
    if (negotiation.protocol !== undefined) req.headers['sec-websocket-protocol'] = negotiation.protocol
    else delete req.headers['sec-websocket-protocol']

    sockets.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      upgraded = true
      socket.off('close', onEarlyClose)
      ws.on('error', () => {})
      const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()))
      const pump = pumpWatchToSocket(
        response,
        (text) => ws.send(text),
        (code) => ws.close(code),
      )
      const untrack = track({
        stop: () => {
          pump.cancel()
          ws.close(CLOSE_NORMAL)
        },
        kill: () => {
          pump.cancel()
          ws.terminate()
        },
        done: closed,
      })
      ws.once('close', () => {
        pump.cancel()
        ac.abort()
        untrack()
      })
    })
  }

  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => onRequest(req, res)
  const server: http.Server = opts.tls
    ? (https.createServer({ cert: opts.tls.cert, key: opts.tls.key }, handler) as unknown as http.Server)
    : http.createServer(handler)
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    handleUpgrade(req, socket, head).catch(() => socket.destroy())
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const addr = server.address() as AddressInfo
  let addrHost = addr.address
  if (addrHost === '0.0.0.0') addrHost = '127.0.0.1'
  else if (addrHost === '::') addrHost = '::1'
  const url = `${scheme}://${addr.family === 'IPv6' || addrHost.includes(':') ? `[${addrHost}]` : addrHost}:${addr.port}`
  listeningOrigin = url

  let closePromise: Promise<void> | undefined
  const waitActive = async (ms: number) => {
    if (active.size === 0) return
    await Promise.race([Promise.all([...active].map((t) => t.done)), delay(ms)])
  }

  return {
    url,
    server,
    close() {
      if (closePromise) return closePromise
      closing = true
      closePromise = (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()))
        server.closeIdleConnections()
        if (api.closeWatches) {
          try {
            api.closeWatches()
          } catch {
            // ignore: the streams are ended below anyway
          }
          await waitActive(Math.min(100, graceMs))
        }
        for (const t of [...active]) t.stop()
        await waitActive(graceMs)
        for (const t of [...active]) t.kill()
        server.closeAllConnections()
        wss?.close()
        await closed
      })()
      return closePromise
    },
  }
}
