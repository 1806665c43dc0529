// The registry's access controller and token endpoint (openshift/image-registry
// pkg/dockerregistry/server/auth.go, token.go), over the fake's authentication and RBAC (docs/auth.md).
// Off (anonymous, everything allowed) unless `auth` is configured. Then:
//  * a request without an `Authorization` header is 401 UNAUTHORIZED with
//    `WWW-Authenticate: Bearer realm="<scheme>://<host>/openshift/token"` (the challenge real clients
//    answer by fetching a token); `Bearer anonymous` is the anonymous user;
//  * `Basic` credentials carry an API token as the password (the user name is ignored: `docker login -u
//    any -p <token>`), `Bearer` the token itself; a token the API does not know, or access the policy does
//    not grant, is 401 UNAUTHORIZED with `WWW-Authenticate: Basic realm=openshift,error="access denied"`;
//  * pulls need `get` on `imagestreams/layers` of the repository's stream, pushes (POST/PUT/PATCH) `get`
//    and `update`, upload cancels `update`, the catalog `list` on `imagestreams` cluster-wide;
//  * GET /openshift/token answers `{"token","access_token"}`: `anonymous` without credentials, the
//    password of valid Basic credentials, 401 for bad ones.
// The API writes of a push run as the registry's service account (privileged here; on a cluster it holds
// `system:registry`), except creating a missing stream, which runs as the pushing user.

import { ANONYMOUS, ALL_AUTHENTICATED, PRIVILEGED_GROUP, type Attributes, type UserInfo } from '../apiserver/auth/types.js'
import type { RegistryDeps } from './deps.js'
import { baseHeaders, errorResponse, regError } from './errors.js'
import type { Route } from './routes.js'

export const REGISTRY_SERVICE_ACCOUNT: UserInfo = Object.freeze({
  name: 'system:serviceaccount:openshift-image-registry:registry',
  groups: ['system:serviceaccounts', 'system:serviceaccounts:openshift-image-registry', ALL_AUTHENTICATED, PRIVILEGED_GROUP],
}) as UserInfo

const REALM = 'openshift'
const ANONYMOUS_TOKEN = 'anonymous'

/** auth.Access: JSON as distribution serves it in an UNAUTHORIZED detail. */
interface Access {
  Type: string
  Class: string
  Name: string
  Action: string
}

/** The access records distribution's app.go asks for, per route and method. */
export function accessRecords(route: Route, method: string): Access[] {
  if (route.kind === 'base' || route.kind === 'token') return []
  if (route.kind === 'catalog') return [{ Type: 'registry', Class: '', Name: 'catalog', Action: '*' }]
  const repo = (a: string): Access => ({ Type: 'repository', Class: '', Name: route.repo, Action: a })
  if (method === 'GET' || method === 'HEAD') return [repo('pull')]
  if (method === 'DELETE') return [repo('delete')]
  return [repo('pull'), repo('push')]
}

function tokenOf(headers: Headers): { token: string } | { error: 'required' | 'invalid' } {
  const parts = (headers.get('authorization') ?? '').split(' ')
  if (parts.length < 2) return { error: 'required' }
  const scheme = parts[0]!.toLowerCase()
  const value = parts.slice(1).join(' ')
  if (scheme === 'bearer') return { token: value === ANONYMOUS_TOKEN ? '' : value }
  if (scheme === 'basic') {
    let decoded = ''
    try {
      decoded = atob(value)
    } catch {
      return { error: 'invalid' }
    }
    const i = decoded.indexOf(':')
    const password = i >= 0 ? decoded.slice(i + 1) : ''
    return password ? { token: password } : { error: 'invalid' }
  }
  return { error: 'required' }
}

function challenge(kind: 'bearer' | 'basic', url: URL, message: string, records: Access[], head: boolean): Response {
  const header = kind === 'bearer' ? `Bearer realm="${url.origin}/openshift/token"` : `Basic realm=${REALM},error="${message}"`
  return errorResponse(regError('UNAUTHORIZED', records.length ? records : undefined), head, { 'WWW-Authenticate': header })
}

/** Who the API says the token belongs to (undefined: unknown token, or anonymous not allowed). */
function userOf(deps: RegistryDeps, token: string): UserInfo | undefined {
  try {
    return deps.server.auth.authenticate(new Headers(token ? { authorization: `Bearer ${token}` } : {}))
  } catch {
    return undefined
  }
}

function layersAttributes(user: UserInfo, repo: string, verb: string): Attributes {
  const [namespace, name] = repo.split('/')
  return { user, verb, resourceRequest: true, apiGroup: 'image.openshift.io', apiVersion: 'v1', namespace, resource: 'imagestreams', subresource: 'layers', name }
}

/** May `user` pull from `repo` (a mount's source)? */
export function mayPull(deps: RegistryDeps, user: UserInfo, repo: string): boolean {
  return !deps.server.auth.enabled || deps.server.auth.authorize(layersAttributes(user, repo, 'get')).allowed
}

/**
 * AccessController.Authorized: the user the request runs as, or the challenge response. With the fake's
 * authentication off, everyone is anonymous and allowed.
 */
export function authorizeRegistry(deps: RegistryDeps, request: Request, url: URL, route: Route): UserInfo | Response {
  const auth = deps.server.auth
  if (!auth.enabled) return ANONYMOUS
  const head = request.method.toUpperCase() === 'HEAD'
  const records = accessRecords(route, request.method.toUpperCase())
  const t = tokenOf(request.headers)
  if ('error' in t) return t.error === 'required' ? challenge('bearer', url, 'authorization header required', records, head) : challenge('basic', url, 'failed to decode credentials', records, head)
  const user = userOf(deps, t.token)
  if (!user) return records.length || t.token ? challenge('basic', url, 'access denied', records, head) : ANONYMOUS
  for (const r of records) {
    let attrs: Attributes
    if (r.Type === 'registry') {
      attrs = { user, verb: 'list', resourceRequest: true, apiGroup: 'image.openshift.io', apiVersion: 'v1', resource: 'imagestreams', namespace: '' }
    } else {
      attrs = layersAttributes(user, r.Name, r.Action === 'pull' ? 'get' : 'update')
    }
    if (!auth.authorize(attrs).allowed) return challenge('basic', url, 'access denied', records, head)
  }
  return user
}

/** GET /openshift/token (token.go). */
export function tokenEndpoint(deps: RegistryDeps, request: Request): Response {
  const json = (status: number, body?: unknown) =>
    new Response(body === undefined ? null : JSON.stringify(body) + '\n', { status, headers: baseHeaders({ 'Content-Type': 'application/json' }) })
  if (!request.headers.get('authorization')) return json(200, { token: ANONYMOUS_TOKEN, access_token: ANONYMOUS_TOKEN })
  const t = tokenOf(request.headers)
  if ('error' in t || !(request.headers.get('authorization') ?? '').toLowerCase().startsWith('basic ')) return json(401)
  if (deps.server.auth.enabled && !userOf(deps, t.token)) return json(401)
  return json(200, { token: t.token, access_token: t.token })
}
