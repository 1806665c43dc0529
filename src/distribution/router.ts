// The integrated registry's routes (distribution registry/handlers/app.go dispatch), loaded by ./registry.ts
// with the first registry request: a fake nobody pushes to or pulls from never loads the registry's code.

import { getBlob } from './blobs.js'
import type { RegistryDeps } from './deps.js'
import { baseHeaders, regError } from './errors.js'
import { getManifest } from './manifests.js'
import { putManifest } from './push.js'
import { matchRoute, splitRepository } from './routes.js'
import { authorizeRegistry, tokenEndpoint } from './auth.js'
import { catalog, listTags } from './tags.js'
import { continueUpload, startUpload } from './uploads.js'

function notFound(): Response {
  // gorilla/mux NotFoundHandler
  return new Response('404 page not found\n', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
}

function ok(method: string, allowed: string[]): void {
  if (!allowed.includes(method)) throw regError('UNSUPPORTED')
}

export async function route(deps: RegistryDeps, request: Request): Promise<Response> {
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
