// The msw door's HTTP handler: every Kubernetes API request goes to the engine. Made with the msw module it
// is given (./msw.ts passes the one it imports; ./msw-lazy.ts the one it loads), so this file loads no msw.

import type * as Msw from 'msw'
import type { RequestHandler } from 'msw'

export interface EngineLike {
  fetch(request: Request): Promise<Response>
}

/** Paths the fake answers: the API groups, discovery, OpenAPI, /version and health checks. */
const API_PATH = '(?:/api|/apis|/version|/openapi|/healthz|/livez|/readyz)(?:/.*)?'

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/**
 * msw handlers for the fake. With a `baseUrl` only that origin (and path prefix) is matched; without
 * one, API paths on any origin are (so a browser app's own assets are left alone).
 */
export function mswHttpHandlersWith(
  msw: Pick<typeof Msw, 'http'>,
  api: EngineLike,
  opts: { baseUrl?: string; basePaths?: string[]; registryHost?: string } = {},
): RequestHandler[] {
  const prefixes = ['', ...(opts.basePaths ?? []).map(escapeRegExp)]
  const base = opts.baseUrl ? escapeRegExp(opts.baseUrl.replace(/\/+$/, '')) : 'https?://[^/]+'
  const pattern = new RegExp(`^${base}(?:${prefixes.join('|')})${API_PATH}$`)
  const handlers = [msw.http.all(pattern, ({ request }) => api.fetch(request))]
  // The integrated registry: everything on the internal registry host, and /v2 on the API's origin
  // when it is known (on any origin /v2 may well be an app's own API).
  const registry: string[] = []
  if (opts.registryHost) registry.push(`https?://${escapeRegExp(opts.registryHost)}/.*`)
  if (opts.baseUrl) registry.push(`${escapeRegExp(new URL(opts.baseUrl).origin)}/v2(?:[/?].*)?`)
  if (registry.length) handlers.push(msw.http.all(new RegExp(`^(?:${registry.join('|')})$`), ({ request }) => api.fetch(request)))
  return handlers
}

