// The integrated registry's front door (distribution registry/handlers/app.go dispatch): one Fetch
// handler for the OCI distribution API v2 under /v2/. `api.fetch` hands it every request whose host is
// the internal registry hostname, and every /v2 request on the API's own origin (so `listen()` serves
// the registry on the same port). Errors are the spec's bodies (errors.ts); every response carries
// `Docker-Distribution-API-Version: registry/2.0`.
// fidelity: registry.integrated
// fidelity: registry.not-modelled (signatures, schema 1, deletion, mirroring)

import { getBlob } from './blobs.js'
import type { RegistryDeps } from './deps.js'
import { baseHeaders, errorResponse, regError, RegistryApiError } from './errors.js'
import { getManifest } from './manifests.js'
import { putManifest } from './push.js'
import { matchRoute, splitRepository, TOKEN_PATH } from './routes.js'
import { authorizeRegistry, tokenEndpoint } from './auth.js'
import { catalog, listTags } from './tags.js'
import { continueUpload, startUpload } from './uploads.js'

export interface IntegratedRegistry {
  /** Does `url` address the registry (internal registry host, or a /v2 path)? Cheap: no URL parsing. */
  matches(url: string): boolean
  handle(request: Request): Promise<Response>
  /** Empty the registry's storage (pushed blobs and manifests, uploads). */
  reset(): void
}

function notFound(): Response {
  // gorilla/mux NotFoundHandler
  return new Response('404 page not found\n', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
}

function ok(method: string, allowed: string[]): void {
  if (!allowed.includes(method)) throw regError('UNSUPPORTED')
}

async function route(deps: RegistryDeps, request: Request): Promise<Response> {
  const url = new URL(request.url)
  const r = matchRoute(url.pathname)
  if (!r) return notFound()
  const method = request.method.toUpperCase()
  const head = method === 'HEAD'
  if (r.kind === 'token') {
    ok(method, ['GET'])
    return tokenEndpoint(deps, request)
  }
  const user = authorizeRegistry(deps, request, url, r)
  if (user instanceof Response) return user
  if (r.kind === 'base') {
    ok(method, ['GET', 'HEAD'])
    return new Response(head ? null : '{}', { status: 200, headers: baseHeaders({ 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': '2' }) })
  }
  if (r.kind === 'catalog') {
    ok(method, ['GET'])
    return catalog(deps, url)
  }
  const repo = r.repo
  const parts = splitRepository(repo)
  if (!parts) throw regError('NAME_INVALID', { name: repo })
  const { namespace: ns, name } = parts
  switch (r.kind) {
    case 'tags':
      ok(method, ['GET'])
      return listTags(deps, repo, ns, name, url)
    case 'manifest':
      ok(method, ['GET', 'HEAD', 'PUT', 'DELETE'])
      if (method === 'PUT') return putManifest(deps, request, url, repo, ns, name, r.reference, user)
      // manifestService.Delete of an image a stream refers to: ErrUnsupported.
      if (method === 'DELETE') throw regError('UNSUPPORTED')
      return getManifest(deps, repo, ns, name, r.reference, request.headers.get('accept') ?? '', head)
    case 'blob':
      ok(method, ['GET', 'HEAD', 'DELETE'])
      if (method === 'DELETE') throw regError('UNSUPPORTED')
      return getBlob(deps, repo, ns, name, r.digest, head, request.headers.get('range'))
    case 'uploads':
      ok(method, ['POST'])
      return startUpload(deps, request, url, repo, user)
    case 'upload':
      ok(method, ['GET', 'PATCH', 'PUT', 'DELETE'])
      return continueUpload(deps, request, url, repo, r.uuid)
  }
}

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
