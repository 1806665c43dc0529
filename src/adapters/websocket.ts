// Watch over WebSocket: the parts that do not depend on Node's http server, so that the same logic can
// serve a real socket (./node.ts) and, later, an msw `ws.link(...)` handler.
//
// What the real API server does (k8s.io/apiserver/pkg/endpoints/handlers/watch.go WatchServer.HandleWS,
// k8s.io/apimachinery/pkg/util/httpstream/wsstream/conn.go):
// * the handshake needs an `Origin` header (missing → a bare HTTP 403 from golang.org/x/net/websocket);
// * it accepts at most one subprotocol: one is echoed, none → none, two or more → a bare HTTP 400;
// * before that, the authenticator removes `base64url.bearer.authorization.k8s.io.<base64url(token)>`
//   (a token protocol alone, two token protocols or an undecodable token → 401);
// * every watch event is one text frame with exactly the bytes of the HTTP line (trailing `\n`
//   included), and the server closes with 1000 when the watch ends.
//
// The OpenShift console's backend additionally turns the browser's `Impersonate-User.<b64>` /
// `Impersonate-Group.<b64>` subprotocols into `Impersonate-*` headers (pkg/proxy/proxy.go,
// `decodeSubprotocol`: `_` → `=`, `-` → `/`, then standard base64; a decoding error → 400) and echoes
// such a protocol back to the browser. A browser talking to this fake directly gets the same treatment.
// fidelity: watch.websocket

export const BEARER_PROTOCOL_PREFIX = 'base64url.bearer.authorization.k8s.io.'
export const IMPERSONATE_USER_PROTOCOL_PREFIX = 'Impersonate-User.'
export const IMPERSONATE_GROUP_PROTOCOL_PREFIX = 'Impersonate-Group.'

/** Close codes used by {@link pumpWatchToSocket}. */
export const CLOSE_NORMAL = 1000
export const CLOSE_INTERNAL_ERROR = 1011

export type WatchSubprotocolResult =
  | {
      ok: true
      /** The single subprotocol to echo in the handshake response (absent → echo none). */
      protocol?: string
      /** Token from the bearer subprotocol; forward it as `Authorization: Bearer <token>`. */
      bearerToken?: string
      /** From `Impersonate-User.<b64>` (console convention). */
      impersonateUser?: string
      /** From `Impersonate-Group.<b64>` protocols (console convention), in order. */
      impersonateGroups?: string[]
    }
  | {
      ok: false
      /** 401: bearer-token protocol problems. 400: too many protocols or an undecodable impersonation protocol. */
      status: 400 | 401
      /** Why (for logs; the real 400 is bare and the real 401 carries the generic Unauthorized Status). */
      message: string
    }

/** Split `Sec-WebSocket-Protocol` header value(s) into trimmed, non-empty protocol names. */
export function parseSubprotocols(headerValue: string | readonly string[] | null | undefined): string[] {
  if (headerValue == null) return []
  const values = typeof headerValue === 'string' ? [headerValue] : headerValue
  const out: string[] = []
  for (const v of values) {
    for (const p of v.split(',')) {
      const t = p.trim()
      if (t) out.push(t)
    }
  }
  return out
}

const utf8Strict = new TextDecoder('utf-8', { fatal: true })

/** Standard base64 (validated by the caller) to bytes, with `atob`: this module also runs in browsers (no Buffer). */
function base64Bytes(std: string): Uint8Array {
  const bin = atob(std)
  const out = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i)
  return out
}

function decodeBearerToken(encoded: string): string | undefined {
  // Go's base64.RawURLEncoding: URL alphabet, no padding.
  if (!/^[A-Za-z0-9_-]*$/.test(encoded) || encoded.length % 4 === 1) return undefined
  try {
    const std = encoded.replace(/-/g, '+').replace(/_/g, '/')
    return utf8Strict.decode(base64Bytes(std + '='.repeat((4 - (std.length % 4)) % 4)))
  } catch {
    return undefined
  }
}

function decodeConsoleSubprotocol(encoded: string): string | undefined {
  const std = encoded.replace(/_/g, '=').replace(/-/g, '/')
  // Go's base64.StdEncoding: standard alphabet, padding required.
  if (std.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(std)) return undefined
  try {
    return new TextDecoder().decode(base64Bytes(std))
  } catch {
    return undefined
  }
}

/**
 * Decide the handshake outcome for a watch WebSocket from its `Sec-WebSocket-Protocol` header(s).
 *
 * Order: the bearer-token protocol is removed first (as the authenticator does, needing at least one
 * other protocol), then console impersonation protocols are removed, then the remaining protocols are
 * counted: 0 → none echoed (or the last impersonation protocol, as the console backend echoes it),
 * 1 → echoed, 2+ → 400.
 */
export function negotiateWatchSubprotocol(headerValue: string | readonly string[] | null | undefined): WatchSubprotocolResult {
  const all = parseSubprotocols(headerValue)

  // 1. Bearer token (k8s.io/apiserver/pkg/authentication/request/websocket).
  let bearerToken: string | undefined
  let sawToken = false
  const afterAuth: string[] = []
  for (const p of all) {
    if (!p.startsWith(BEARER_PROTOCOL_PREFIX)) {
      afterAuth.push(p)
      continue
    }
    if (sawToken) return { ok: false, status: 401, message: 'multiple base64.bearer.authorization tokens specified' }
    sawToken = true
    const token = decodeBearerToken(p.slice(BEARER_PROTOCOL_PREFIX.length))
    if (token === undefined) return { ok: false, status: 401, message: 'invalid base64.bearer.authorization token encoding' }
    if (token === '') afterAuth.push(p) // an empty token is "no token": the header is left as it was
    else bearerToken = token
  }
  if (bearerToken !== undefined && afterAuth.length === 0) {
    return { ok: false, status: 401, message: 'missing additional subprotocol' }
  }

  // 2. Console impersonation protocols.
  let impersonateUser: string | undefined
  const impersonateGroups: string[] = []
  let lastImpersonationProtocol: string | undefined
  const remaining: string[] = []
  for (const p of afterAuth) {
    if (p.startsWith(IMPERSONATE_USER_PROTOCOL_PREFIX)) {
      const v = decodeConsoleSubprotocol(p.slice(IMPERSONATE_USER_PROTOCOL_PREFIX.length))
      if (v === undefined) return { ok: false, status: 400, message: 'Error decoding Impersonate-User subprotocol' }
      impersonateUser = v
      lastImpersonationProtocol = p
    } else if (p.startsWith(IMPERSONATE_GROUP_PROTOCOL_PREFIX)) {
      const v = decodeConsoleSubprotocol(p.slice(IMPERSONATE_GROUP_PROTOCOL_PREFIX.length))
      if (v === undefined) return { ok: false, status: 400, message: 'Error decoding Impersonate-Group subprotocol' }
      impersonateGroups.push(v)
      lastImpersonationProtocol = p
    } else {
      remaining.push(p)
    }
  }

  // 3. golang.org/x/net/websocket: at most one protocol.
  if (remaining.length > 1) return { ok: false, status: 400, message: `at most one subprotocol is accepted, got ${remaining.length}` }

  const result: WatchSubprotocolResult = { ok: true }
  const protocol = remaining[0] ?? lastImpersonationProtocol
  if (protocol !== undefined) result.protocol = protocol
  if (bearerToken !== undefined) result.bearerToken = bearerToken
  if (impersonateUser !== undefined) result.impersonateUser = impersonateUser
  if (impersonateGroups.length) result.impersonateGroups = impersonateGroups
  return result
}

/**
 * Copy what the negotiation extracted into the headers of the request handed to the engine:
 * `Authorization: Bearer <token>` (only if no Authorization header is present), `Impersonate-User`,
 * `Impersonate-Group` (one value per group), and `Sec-WebSocket-Protocol` reduced to the echoed protocol.
 */
export function applyWatchSubprotocolHeaders(headers: Headers, result: Extract<WatchSubprotocolResult, { ok: true }>): Headers {
  if (result.bearerToken !== undefined && !headers.has('authorization')) headers.set('Authorization', `Bearer ${result.bearerToken}`)
  if (result.impersonateUser !== undefined) headers.set('Impersonate-User', result.impersonateUser)
  if (result.impersonateGroups) {
    headers.delete('Impersonate-Group')
    for (const g of result.impersonateGroups) headers.append('Impersonate-Group', g)
  }
  if (result.protocol !== undefined) headers.set('Sec-WebSocket-Protocol', result.protocol)
  else headers.delete('Sec-WebSocket-Protocol')
  // fidelity: watch.websocket-protobuf (not modelled)
  // Watch-over-WebSocket here is JSON text frames only (the real server would send binary protobuf
  // frames): protobuf clauses are dropped from Accept, leaving JSON when nothing else is left.
  const accept = headers.get('accept')
  if (accept && /vnd\.kubernetes\.protobuf/i.test(accept)) {
    const rest = accept.split(',').filter((c) => !/vnd\.kubernetes\.protobuf/i.test(c))
    headers.set('Accept', rest.join(',').trim() || 'application/json')
  }
  return headers
}

/** True when the request asks for a WebSocket upgrade (`Upgrade: websocket`, any case, GET). */
export function isWebSocketUpgrade(method: string, upgradeHeader: string | null | undefined): boolean {
  if (method.toUpperCase() !== 'GET' || !upgradeHeader) return false
  return upgradeHeader.split(',').some((v) => v.trim().toLowerCase() === 'websocket')
}

/**
 * The body the real server sends with a 401
 * (k8s.io/apiserver/pkg/endpoints/handlers/responsewriters/errors.go;
 * docs/fidelity.md#apiserver.authentication), newline-terminated like every JSON response.
 */
export const UNAUTHORIZED_STATUS_BODY =
  '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}\n'

export interface WatchPump {
  /** Stop pumping and cancel the response body (the engine releases the watch). No close() is called after this. */
  cancel(): void
  /** Settles when pumping has stopped (body ended, failed, or cancelled). Never rejects. */
  readonly done: Promise<void>
}

function toBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value
  if (typeof value === 'string') return new TextEncoder().encode(value)
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
  if (value instanceof ArrayBuffer) return new Uint8Array(value)
  return new TextEncoder().encode(String(value))
}

function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length)
  out.set(a, 0)
  out.set(b, a.length)
  return out
}

/**
 * Forward a watch response to a WebSocket.
 *
 * * Status 200: the body is split at `\n`; each line, trailing `\n` included, is passed to `send` as
 *   one text message (the same bytes as the HTTP line). A final line without `\n` is sent as is. When
 *   the body ends, `close(1000)`.
 * * Any other status: the whole body is sent as a single text message (if it is not empty), then
 *   `close(1000)`. This is for hosts that cannot refuse the handshake with an HTTP status (msw
 *   `ws.link`); ./node.ts answers non-200 watch responses on the handshake instead by default.
 * * A body that errors: `close(1011)`.
 *
 * `send`/`close` are never called after `cancel()`.
 */
export function pumpWatchToSocket(response: Response, send: (text: string) => void, close: (code: number) => void): WatchPump {
  let cancelled = false
  const body = response.body
  const reader = body ? body.getReader() : undefined
  const decoder = new TextDecoder()

  const run = async (): Promise<void> => {
    if (!reader) {
      close(CLOSE_NORMAL)
      return
    }
    if (response.status !== 200) {
      let all: Uint8Array = new Uint8Array(0)
      for (;;) {
        const { done, value } = await reader.read()
        if (cancelled) return
        if (done) break
        all = concatBytes(all, toBytes(value))
      }
      if (all.length) send(decoder.decode(all))
      if (!cancelled) close(CLOSE_NORMAL)
      return
    }
    let carry: Uint8Array | undefined
    for (;;) {
      const { done, value } = await reader.read()
      if (cancelled) return
      if (done) break
      const chunk = toBytes(value)
      let start = 0
      for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, start)) {
        let line = chunk.subarray(start, nl + 1)
        if (carry) {
          line = concatBytes(carry, line)
          carry = undefined
        }
        start = nl + 1
        send(decoder.decode(line))
        if (cancelled) return
      }
      if (start < chunk.length) {
        const rest = chunk.slice(start)
        carry = carry ? concatBytes(carry, rest) : rest
      }
    }
    if (carry?.length) send(decoder.decode(carry))
    if (!cancelled) close(CLOSE_NORMAL)
  }

  const done = run().catch(() => {
    if (!cancelled) {
      cancelled = true
      reader?.cancel().catch(() => {})
      close(CLOSE_INTERNAL_ERROR)
    }
  })

  return {
    cancel() {
      if (cancelled) return
      cancelled = true
      reader?.cancel().catch(() => {})
    },
    done,
  }
}
