// Who may talk to a listening fake: the `Host` header's syntax (as Go's net/http checks it) and the
// DNS-rebinding / cross-site WebSocket guard.
//
// Syntax (net/http server.go readRequest, httpguts.ValidHostHeader): a Host with a byte outside
// `0-9 a-z A-Z ! $ % & ' ( ) * + , - . : ; = [ ] _ ~` is answered `400 Bad Request: malformed Host header`
// (two Host headers: `too many Host headers`), before any handler runs.
//
// Guard (not in the real server, which authenticates every request instead; the fake has no
// authentication by default): a web page on another site can reach 127.0.0.1 from the visitor's browser in
// two ways, and both are closed —
//   * DNS rebinding: the page's own name is re-pointed at 127.0.0.1, so its requests carry `Host: evil.example`.
//     Only these Host names are served: `localhost` and `*.localhost`, IP literals (a page served from an IP
//     address is not a rebinding), the address the server is bound to, and the configured host aliases
//     (`listen(api, { hostAliases })`, CLI `--host-alias`; `'*'` allows any name). Others get 403.
//   * WebSocket watches, which browsers open cross-origin without CORS: the `Origin` must name localhost,
//     `*.localhost`, a loopback address, the bind address, a host alias, the very host the request was sent
//     to, or be listed in `corsOrigins` (`'*'` allows any origin). Others get 403.
// Plain HTTP requests need no Origin check: the fake sends no CORS headers, so another site's page cannot
// read the answers (and cannot send JSON or YAML bodies without a preflight).
// fidelity: doors.host-guard

import { isIP } from 'node:net'

export interface HostPolicyOptions {
  /** Host names served besides localhost, IP literals and the bind address; `'*'` serves any name. */
  hostAliases?: readonly string[]
  /** Origins (e.g. `https://app.example.com:8443`) whose pages may open WebSocket watches; `'*'` for any. */
  corsOrigins?: readonly string[]
}

export interface HostPolicy {
  /** The Go net/http syntax error text for these Host header values, or undefined. */
  hostSyntaxError(values: readonly string[]): string | undefined
  /** Whether a request with this Host header value is served. */
  hostAllowed(host: string | undefined): boolean
  /** Whether a WebSocket upgrade from this Origin (to a request with this Host) is accepted. */
  originAllowed(origin: string, host: string | undefined): boolean
}

const VALID_HOST_BYTE = /^[0-9A-Za-z!$%&'()*+,\-.:;=[\]_~]*$/

/** The lower-cased name or address of a Host header value (port, IPv6 brackets, final dot removed), or undefined. */
export function hostnameOf(host: string): string | undefined {
  try {
    const h = new URL(`http://${host}/`).hostname.toLowerCase()
    if (h.startsWith('[') && h.endsWith(']')) return h.slice(1, -1)
    return h.endsWith('.') ? h.slice(0, -1) : h // `localhost.` is the same name, fully qualified
  } catch {
    return undefined
  }
}

function isLoopbackAddress(h: string): boolean {
  if (isIP(h) === 4) return h.startsWith('127.')
  return h === '::1' || h === '::ffff:7f00:1' || /^::ffff:127\./.test(h)
}

const isLocalhostName = (h: string) => h === 'localhost' || h.endsWith('.localhost')
const WILDCARD_BIND = new Set(['0.0.0.0', '::', ''])

export function hostPolicy(bindHost: string, opts: HostPolicyOptions = {}): HostPolicy {
  const aliases = new Set<string>()
  let anyHost = false
  for (const a of opts.hostAliases ?? []) {
    if (a === '*') anyHost = true
    else aliases.add(hostnameOf(a) ?? a.toLowerCase())
  }
  const bind = WILDCARD_BIND.has(bindHost) ? undefined : (hostnameOf(bindHost.includes(':') && !bindHost.startsWith('[') ? `[${bindHost}]` : bindHost) ?? bindHost)
  const cors = new Set((opts.corsOrigins ?? []).map((o) => (o === '*' ? o : (safeOrigin(o) ?? o))))
  const named = (h: string) => isLocalhostName(h) || h === bind || aliases.has(h)
  return {
    hostSyntaxError(values) {
      if (values.length > 1) return 'too many Host headers'
      if (values.length === 1 && !VALID_HOST_BYTE.test(values[0]!)) return 'malformed Host header'
      return undefined
    },
    hostAllowed(host) {
      if (anyHost || host === undefined) return true // HTTP/1.0 without Host: nothing to rebind
      const h = hostnameOf(host)
      if (h === undefined) return false
      return isIP(h) !== 0 || named(h)
    },
    originAllowed(origin, host) {
      if (cors.has('*')) return true
      const o = safeOrigin(origin)
      if (o === undefined) return false
      if (cors.has(o)) return true
      const h = hostnameOf(new URL(o).host)
      if (h === undefined) return false
      if (isLoopbackAddress(h) || named(h)) return true
      return host !== undefined && hostnameOf(host) === h
    },
  }
}

function safeOrigin(o: string): string | undefined {
  try {
    const u = new URL(o)
    return u.origin === 'null' ? undefined : u.origin
  } catch {
    return undefined
  }
}

/** The 403 Status body a refused Host gets. */
export function hostRefusedMessage(host: string): string {
  const name = hostnameOf(host) ?? host
  return `the Host ${JSON.stringify(host)} is not served: openshift-image-fake answers only requests addressed to localhost, an IP address, the address it is bound to, or a configured host alias (a guard against DNS rebinding; the fake has no authentication). To serve this name, start it with --host-alias ${name} or listen(api, { hostAliases: [${JSON.stringify(name)}] })`
}

/** The 403 Status body a refused WebSocket Origin gets. */
export function originRefusedMessage(origin: string): string {
  return `WebSocket connections from the origin ${JSON.stringify(origin)} are not accepted: openshift-image-fake accepts watches from pages on localhost, a loopback address, the bind address, a host alias or a configured CORS origin (a guard against cross-site WebSocket reads; the fake has no authentication). To accept this origin, use listen(api, { corsOrigins: [${JSON.stringify(origin)}] })`
}

export function forbiddenStatusBody(message: string): string {
  return JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'Forbidden', code: 403 })
}

/** The Host header values exactly as sent (Node keeps only the first in `req.headers.host`). */
export function hostHeaderValues(rawHeaders: readonly string[]): string[] {
  const out: string[] = []
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) if (rawHeaders[i]!.toLowerCase() === 'host') out.push(rawHeaders[i + 1]!)
  return out
}
