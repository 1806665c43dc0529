// CORS for listen(): lets a browser app served from another origin (a dev server on localhost:5173) call
// the fake directly, lists, writes and watches (streamed HTTP; WebSockets are not subject to CORS — the
// browser sends Origin and listen() checks it as the real server does).
//
// Modelled on the real apiserver's filter, k8s.io/apiserver/pkg/server/filters/cors.go (WithCORS, used
// with `--cors-allowed-origins` by k8s.io/apiserver/pkg/server/config.go DefaultBuildHandlerChain): for a
// request whose Origin is allowed it sets Access-Control-Allow-Origin to that origin, Allow-Methods,
// Allow-Headers, Expose-Headers and Allow-Credentials: true, and answers a preflight OPTIONS itself with
// 204; a request from any other origin (or with no Origin) goes on untouched, so the browser blocks it.
// Differences, on purpose: upstream allows only Content-Type, Content-Length, Accept-Encoding,
// X-CSRF-Token, Authorization, X-Requested-With, If-Modified-Since and exposes only Date; here the headers
// Kubernetes clients send (Accept, Impersonate-*, Audit-ID …) are allowed too and Warning, Audit-Id,
// Retry-After … are exposed, so a browser client sees what a Node client sees; origins are exact strings
// (or `*` for any) rather than regular expressions; `Vary: Origin` is added for caches.
// fidelity: apiserver.cors

export const CORS_ALLOW_METHODS = 'POST, GET, OPTIONS, PUT, DELETE, PATCH'

export const CORS_ALLOW_HEADERS = [
  // upstream's defaults
  'Content-Type',
  'Content-Length',
  'Accept-Encoding',
  'X-CSRF-Token',
  'Authorization',
  'X-Requested-With',
  'If-Modified-Since',
  // what Kubernetes clients send
  'Accept',
  'Impersonate-User',
  'Impersonate-Group',
  'Impersonate-Uid',
  'Audit-ID',
  'X-Remote-User',
  'X-Remote-Group',
].join(', ')

export const CORS_EXPOSE_HEADERS = [
  'Date',
  'Warning',
  'Audit-Id',
  'Retry-After',
  'Content-Type',
  'Content-Length',
  'X-Kubernetes-PF-FlowSchema-UID',
  'X-Kubernetes-PF-PriorityLevel-UID',
].join(', ')

export interface CorsPolicy {
  /** The CORS headers for a request with this Origin (undefined: not allowed, add nothing). */
  headersFor(origin: string | undefined, requestHeaders?: string): Array<[string, string]> | undefined
}

/** The policy for `origins` (exact `scheme://host[:port]` strings; `*` allows any); undefined when the list is empty. */
export function corsPolicy(origins: readonly string[] | undefined): CorsPolicy | undefined {
  if (!origins?.length) return undefined
  const any = origins.includes('*')
  const allowed = new Set(origins.map((o) => o.replace(/\/$/, '').toLowerCase()))
  return {
    headersFor(origin, requestHeaders) {
      if (!origin || origin === 'null') return undefined
      if (!any && !allowed.has(origin.toLowerCase())) return undefined
      // Impersonate-Extra-<key> headers cannot be listed in advance: a preflight asking for them gets them.
      const extra = (requestHeaders ?? '')
        .split(',')
        .map((h) => h.trim())
        .filter((h) => /^impersonate-extra-[!#$%&'*+.^_`|~0-9a-z-]+$/i.test(h))
      return [
        ['Access-Control-Allow-Origin', origin],
        ['Access-Control-Allow-Methods', CORS_ALLOW_METHODS],
        ['Access-Control-Allow-Headers', extra.length ? `${CORS_ALLOW_HEADERS}, ${extra.join(', ')}` : CORS_ALLOW_HEADERS],
        ['Access-Control-Expose-Headers', CORS_EXPOSE_HEADERS],
        ['Access-Control-Allow-Credentials', 'true'],
        ['Vary', 'Origin'],
      ]
    },
  }
}
