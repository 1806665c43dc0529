// The integrated registry's front door (distribution registry/handlers/app.go dispatch): one Fetch
// handler for the OCI distribution API v2 under /v2/. `api.fetch` hands it every request whose host is
// the internal registry hostname, and every /v2 request on the API's own origin (so `listen()` serves
// the registry on the same port). Errors are the spec's bodies (errors.ts); every response carries
// `Docker-Distribution-API-Version: registry/2.0`.
// fidelity: registry.integrated
// fidelity: registry.not-modelled (signatures, schema 1, deletion, mirroring)

import type { RegistryDeps } from './deps.js'
import { errorResponse, regError, RegistryApiError } from './errors.js'
import { TOKEN_PATH } from './routes.js'

export interface IntegratedRegistry {
  /** Does `url` address the registry (internal registry host, or a /v2 path)? Cheap: no URL parsing. */
  matches(url: string): boolean
  handle(request: Request): Promise<Response>
  /** Empty the registry's storage (pushed blobs and manifests, uploads). */
  reset(): void
}

let router: Promise<typeof import('./router.js')> | undefined

export function createIntegratedRegistry(deps: RegistryDeps): IntegratedRegistry {
  const host = deps.internalHost
  return {
    matches(url: string): boolean {
      const start = url.indexOf('//')
      if (start < 0) return false
      const hostStart = start + 2
      let pathStart = url.indexOf('/', hostStart)
      if (pathStart < 0) pathStart = url.length
      if (host && pathStart - hostStart === host.length && url.startsWith(host, hostStart)) return true
      if (url.startsWith(TOKEN_PATH, pathStart)) return url.length === pathStart + TOKEN_PATH.length || url.charCodeAt(pathStart + TOKEN_PATH.length) === 63
      if (!url.startsWith('/v2', pathStart)) return false
      const next = url.charCodeAt(pathStart + 3)
      return Number.isNaN(next) || next === 47 /* / */ || next === 63 /* ? */
    },
    async handle(request: Request): Promise<Response> {
      try {
        const { route } = await (router ??= import('./router.js'))
        return await route(deps, request)
      } catch (e) {
        const head = request.method.toUpperCase() === 'HEAD'
        if (e instanceof RegistryApiError) return errorResponse(e, head)
        if (Array.isArray(e) && e.every((x) => x instanceof RegistryApiError)) return errorResponse(e as RegistryApiError[], head)
        return errorResponse(regError('UNKNOWN', e instanceof Error ? e.message : String(e)), head)
      }
    },
    reset: () => deps.storage.reset(),
  }
}
