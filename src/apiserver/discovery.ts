// Non-resource endpoints: /version, health checks and legacy discovery (APIMACHINERY §8).

import { errors } from './errors.js'
import { goJSON } from './json.js'
import { isPrettyDefault } from './negotiation.js'
import type { RequestContext, ResourceDef } from './types.js'

export interface DiscoveryInfo {
  resources: ResourceDef[]
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

function json(ctx: RequestContext, value: unknown, status = 200): Response {
  const pretty = ctx.query.get('pretty') !== null ? ctx.query.get('pretty') !== 'false' : isPrettyDefault(ctx.userAgent)
  return new Response(pretty ? goJSON(value, true) : `${goJSON(value)}\n`, {
    status,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' },
  })
}

function notFoundText(): Response {
  return new Response('404 page not found\n', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
}

interface GroupVersion {
  group: string
  version: string
  resources: ResourceDef[]
}

function groupVersions(info: DiscoveryInfo): GroupVersion[] {
  const m = new Map<string, GroupVersion>()
  for (const r of info.resources) {
    const k = `${r.group}/${r.version}`
    if (!m.has(k)) m.set(k, { group: r.group, version: r.version, resources: [] })
    m.get(k)!.resources.push(r)
  }
  return [...m.values()]
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

export function apiResourceList(gv: GroupVersion): Record<string, unknown> {
  const resources: Record<string, unknown>[] = []
  for (const r of gv.resources) {
    const e: Record<string, unknown> = { name: r.resource, singularName: r.singular, namespaced: r.namespaced, kind: r.kind, verbs: verbsOf(r) }
    if (r.shortNames?.length) e.shortNames = r.shortNames
    if (r.categories?.length) e.categories = r.categories
    if (r.storageVersionHash) e.storageVersionHash = r.storageVersionHash
    resources.push(e)
    for (const [name, sub] of Object.entries(r.subresources ?? {})) {
      resources.push({ name: `${r.resource}/${name}`, singularName: '', namespaced: r.namespaced, kind: sub.kind, verbs: verbsOf(sub) })
    }
  }
  resources.sort((a, b) => ((a.name as string) < (b.name as string) ? -1 : 1))
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: gv.group ? `${gv.group}/${gv.version}` : gv.version, resources }
}

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
  const gvs = groupVersions(info)
  if (p === '/api') {
    const host = ctx.url.host
    return json(ctx, {
      kind: 'APIVersions',
      versions: gvs.some((g) => !g.group) ? ['v1'] : [],
      serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: host }],
    })
  }
  if (p === '/apis') {
    const groups = new Map<string, string[]>()
    for (const g of gvs) if (g.group) groups.set(g.group, [...(groups.get(g.group) ?? []), g.version])
    return json(ctx, {
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: [...groups].map(([name, versions]) => ({
        name,
        versions: versions.map((v) => ({ groupVersion: `${name}/${v}`, version: v })),
        preferredVersion: { groupVersion: `${name}/${versions[0]}`, version: versions[0] },
      })),
    })
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
