// Non-resource endpoints (k8s.io/apiserver/pkg/endpoints/discovery, docs/fidelity.md#apiserver.discovery):
// /version, health checks, discovery (legacy and aggregated v2/v2beta1) and OpenAPI (/openapi/v2,
// /openapi/v3[/…], see openapi.ts).
// fidelity: apiserver.discovery

import { errors } from './errors.js'
import { goJSON } from './json.js'
import { isPrettyDefault } from './negotiation.js'
import { sha256Hex, storageVersionHash } from './openapi-hash.js'
import { etagMatches, groupVersionsOf, memo, parseAcceptHeader, serveOpenAPI, type GroupVersionResources } from './openapi.js'
import type { SchemaRegistry } from './schema-types.js'
import type { RequestContext, ResourceDef } from './types.js'

export interface DiscoveryInfo {
  resources: ResourceDef[]
  /** The schema registry (components.schemas) the OpenAPI documents are built from. */
  schemas?: SchemaRegistry
}

export const VERSION_INFO = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.10+openshift-image-fake',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2026-01-01T00:00:00Z',
  goVersion: 'go1.23.0',
  compiler: 'gc',
  platform: 'linux/amd64',
}

function isPretty(ctx: RequestContext): boolean {
  return ctx.query.get('pretty') !== null ? ctx.query.get('pretty') !== 'false' : isPrettyDefault(ctx.userAgent)
}

function json(ctx: RequestContext, value: unknown, status = 200, extra: Record<string, string> = {}): Response {
  return new Response(isPretty(ctx) ? goJSON(value, true) : `${goJSON(value)}\n`, {
    status,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', ...extra },
  })
}

function notFoundText(): Response {
  return new Response('404 page not found\n', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
}

type GroupVersion = GroupVersionResources

function groupVersions(info: DiscoveryInfo): GroupVersion[] {
  return groupVersionsOf(info.resources)
}

/** The verbs a resource's storage serves, sorted, as discovery lists them. */
export function verbsOf(def: { storage: ResourceDef['storage'] }): string[] {
  const s = def.storage
  const v: string[] = []
  if (s.create) v.push('create')
  if (s.delete) v.push('delete')
  if (s.deleteCollection) v.push('deletecollection')
  if (s.get) v.push('get')
  if (s.list) v.push('list')
  if (s.update && s.patchable !== false) v.push('patch')
  if (s.update) v.push('update')
  if (s.watch) v.push('watch')
  return v.sort()
}

/**
 * The storageVersionHash discovery publishes for a resource: `def.storageVersionHash` when set (an empty
 * string opts out), otherwise computed for watchable (store-backed) resources only, as the real server
 * publishes it only for etcd-backed storage: base64(sha256("<group>/<version>/<Kind>")[:8]).
 */
export function storageVersionHashOf(def: ResourceDef): string | undefined {
  if (def.storageVersionHash !== undefined) return def.storageVersionHash || undefined
  return def.storage.watch ? storageVersionHash(def.group, def.version, def.kind) : undefined
}

function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

export function apiResourceList(gv: GroupVersion): Record<string, unknown> {
  const resources: Record<string, unknown>[] = []
  for (const r of gv.resources) {
    const e: Record<string, unknown> = { name: r.resource, singularName: r.singular, namespaced: r.namespaced, kind: r.kind, verbs: verbsOf(r) }
    if (r.shortNames?.length) e.shortNames = r.shortNames
    if (r.categories?.length) e.categories = r.categories
    const hash = storageVersionHashOf(r)
    if (hash) e.storageVersionHash = hash
    resources.push(e)
    for (const [name, sub] of Object.entries(r.subresources ?? {})) {
      resources.push({ name: `${r.resource}/${name}`, singularName: '', namespaced: r.namespaced, kind: sub.kind, verbs: verbsOf(sub) })
    }
  }
  resources.sort((a, b) => byName(a.name as string, b.name as string))
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: gv.group ? `${gv.group}/${gv.version}` : gv.version, resources }
}

// ---------------------------------------------------------------------------------------------------
// Aggregated discovery (apidiscovery.k8s.io v2 / v2beta1,
// k8s.io/apiserver/pkg/endpoints/discovery/aggregated/handler.go)

export type AggregatedVersion = 'v2' | 'v2beta1'

/**
 * Which discovery document an Accept header asks for: the first clause (by q, then header order) naming
 * `application/json;g=apidiscovery.k8s.io;v=v2|v2beta1;as=APIGroupDiscoveryList` selects that version,
 * a plain JSON/wildcard clause the legacy document (undefined); clauses with other conversion parameters
 * are skipped, as the apiserver's negotiation does.
 */
export function negotiateDiscovery(accept: string | null): AggregatedVersion | undefined {
  for (const c of parseAcceptHeader(accept)) {
    if (c.type !== 'application/json' && c.type !== 'application/*' && c.type !== '*/*') continue
    const { g, v, as } = c.params
    if (g === undefined && v === undefined && as === undefined) return undefined
    if (g === 'apidiscovery.k8s.io' && as === 'APIGroupDiscoveryList' && (v === 'v2' || v === 'v2beta1')) return v
  }
  return undefined
}

/** Content-Type of an aggregated discovery response (client-go decides by it). */
export function aggregatedContentType(v: AggregatedVersion): string {
  return `application/json;g=apidiscovery.k8s.io;v=${v};as=APIGroupDiscoveryList`
}

function resourceDiscovery(r: ResourceDef): Record<string, unknown> {
  const e: Record<string, unknown> = {
    resource: r.resource,
    responseKind: { group: '', version: '', kind: r.kind },
    scope: r.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: r.singular,
    verbs: verbsOf(r),
  }
  if (r.shortNames?.length) e.shortNames = r.shortNames
  if (r.categories?.length) e.categories = r.categories
  const subs = Object.entries(r.subresources ?? {}).sort(([a], [b]) => byName(a, b))
  if (subs.length) {
    e.subresources = subs.map(([name, sub]) => ({
      subresource: name,
      responseKind: { group: '', version: '', kind: sub.kind },
      verbs: verbsOf(sub),
    }))
  }
  return e
}

/**
 * The APIGroupDiscoveryList for `/api` (core = true: the legacy core group) or `/apis` (every named
 * group). Versions are listed in registration order (the first is the preferred one), resources by name.
 */
export function aggregatedDiscovery(info: DiscoveryInfo, core: boolean, v: AggregatedVersion = 'v2'): Record<string, unknown> {
  const groups = new Map<string, GroupVersion[]>()
  for (const gv of groupVersions(info)) {
    if (!gv.group !== core) continue
    groups.set(gv.group, [...(groups.get(gv.group) ?? []), gv])
  }
  const items = [...groups].map(([name, gvs]) => ({
    metadata: name ? { name } : {},
    versions: gvs.map((gv) => ({
      version: gv.version,
      resources: [...gv.resources].sort((a, b) => byName(a.resource, b.resource)).map(resourceDiscovery),
      freshness: 'Current',
    })),
  }))
  return { kind: 'APIGroupDiscoveryList', apiVersion: `apidiscovery.k8s.io/${v}`, metadata: {}, items }
}

function serveAggregated(ctx: RequestContext, info: DiscoveryInfo, core: boolean, v: AggregatedVersion): Response {
  const { doc, hash } = memo(info, `aggregated:${core ? 'api' : 'apis'}:${v}`, () => {
    const doc = aggregatedDiscovery(info, core, v)
    return { doc, hash: sha256Hex(goJSON(doc)) }
  })
  const headers: Record<string, string> = {
    'Content-Type': aggregatedContentType(v),
    ETag: `"${hash}"`,
    Vary: 'Accept',
    'Cache-Control': 'public',
  }
  if (etagMatches(ctx.request.headers.get('if-none-match'), hash)) {
    delete headers['Content-Type']
    return new Response(null, { status: 304, headers })
  }
  return new Response(isPretty(ctx) ? goJSON(doc, true) : `${goJSON(doc)}\n`, { status: 200, headers })
}

// ---------------------------------------------------------------------------------------------------

export function serveNonResource(ctx: RequestContext, path: string, info: DiscoveryInfo): Response {
  const method = ctx.request.method
  if (method !== 'GET' && method !== 'HEAD') {
    if (['/version', '/api', '/apis'].includes(path)) throw errors.methodNotAllowed()
    return notFoundText()
  }
  const p = path.replace(/\/+$/, '') || '/'
  if (p === '/version') return json(ctx, VERSION_INFO)
  if (p === '/healthz' || p === '/livez' || p === '/readyz') {
    return new Response('ok', { headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
  }
  if (p === '/openapi' || p.startsWith('/openapi/')) {
    return serveOpenAPI(ctx, p, info, VERSION_INFO.gitVersion) ?? notFoundText()
  }
  const gvs = groupVersions(info)
  if (p === '/api' || p === '/apis') {
    const aggregated = negotiateDiscovery(ctx.request.headers.get('accept'))
    if (aggregated) return serveAggregated(ctx, info, p === '/api', aggregated)
  }
  if (p === '/api') {
    const host = ctx.url.host
    return json(
      ctx,
      {
        kind: 'APIVersions',
        versions: gvs.filter((g) => !g.group).map((g) => g.version),
        serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: host }],
      },
      200,
      { Vary: 'Accept' },
    )
  }
  if (p === '/apis') {
    const groups = new Map<string, string[]>()
    for (const g of gvs) if (g.group) groups.set(g.group, [...(groups.get(g.group) ?? []), g.version])
    return json(
      ctx,
      {
        kind: 'APIGroupList',
        apiVersion: 'v1',
        groups: [...groups].map(([name, versions]) => ({
          name,
          versions: versions.map((v) => ({ groupVersion: `${name}/${v}`, version: v })),
          preferredVersion: { groupVersion: `${name}/${versions[0]}`, version: versions[0] },
        })),
      },
      200,
      { Vary: 'Accept' },
    )
  }
  const m = /^\/apis\/([^/]+)$/.exec(p)
  if (m) {
    const versions = gvs.filter((g) => g.group === m[1]).map((g) => g.version)
    if (!versions.length) return notFoundText()
    return json(ctx, {
      kind: 'APIGroup',
      apiVersion: 'v1',
      name: m[1],
      versions: versions.map((v) => ({ groupVersion: `${m[1]}/${v}`, version: v })),
      preferredVersion: { groupVersion: `${m[1]}/${versions[0]}`, version: versions[0] },
    })
  }
  const gvMatch = /^\/apis\/([^/]+)\/([^/]+)$/.exec(p) ?? (/^\/api\/([^/]+)$/.exec(p) ? [p, '', p.split('/')[2]!] : null)
  if (gvMatch) {
    const gv = gvs.find((g) => g.group === gvMatch[1] && g.version === gvMatch[2])
    if (!gv) return notFoundText()
    return json(ctx, apiResourceList(gv))
  }
  return notFoundText()
}
