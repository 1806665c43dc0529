// The API engine: Fetch Request in, Fetch Response out. Routes like go-restful (404 for unknown paths,
// 405 for unregistered methods), negotiates, and dispatches to the verb handlers. Knows nothing of images.
// fidelity: apiserver.routing

import type { Store } from '../store/store.js'
import { errors } from './errors.js'
import {
  handleCreate,
  handleDelete,
  handleDeleteCollection,
  handleGet,
  handleList,
  handlePatch,
  handleUpdate,
  type Endpoint,
} from './handlers.js'
import { negotiate, type Negotiated } from './negotiation.js'
import { servesProtobuf } from './protobuf/served.js'
import { loadProtobuf, mayNeedProtobuf } from './protobuf/lazy.js'
import { parseListOptions } from './options.js'
import { checkFieldSelectorKeys } from './selectors/fields.js'
import { parseRequestInfo } from './request-info.js'
import { Context } from './context.js'
import { errorResponse } from './response.js'
import { loadYaml, mayNeedYaml } from './yaml-codec.js'
import type { SchemaRegistry } from './schema-types.js'
import type { CreateAdmission, RequestContext, ResourceDef, Storage, Transaction, WriteOptions } from './types.js'
import type { KubeObject } from '../image/types.js'
import type { UserInfo } from './auth/types.js'
import { createWatchSession, DEFAULT_TOO_LARGE_RV_WAIT_MS, watchResponse, type WatchSession, type WatchSettings } from './watch.js'
import { serveNonResource, type DiscoveryInfo } from './discovery.js'
import { realClock, type Clock } from '../clock/clock.js'
import { cryptoRandom, type Random } from '../clock/random.js'
import { Auth } from './auth/auth.js'

export interface ApiServerOptions {
  store: Store
  /** Schemas of every registered kind (components.schemas). */
  schemas?: SchemaRegistry
  watch?: Partial<WatchSettings>
  /** Path prefixes the API is also served under (e.g. the console's `/api/kubernetes`). */
  basePaths?: string[]
  /** The clock every timestamp and timer of the engine uses (default: the host's). */
  clock?: Clock
  /** Where uids and generated names come from (default: crypto). */
  random?: Random
  /** Authentication and authorization (off when absent). */
  auth?: Auth
  /** Strict mode: approximated and not-modelled rules answer 501 (docs/fidelity.md#strict-mode). */
  strict?: boolean
}

export type Seeder = (tx: Transaction, ctx: RequestContext, obj: KubeObject, opts: WriteOptions) => unknown

type Shape = 'collection' | 'allNamespaces' | 'item' | 'subresource'

export class ApiServer {
  readonly store: Store
  readonly schemas: SchemaRegistry
  readonly resources: ResourceDef[] = []
  readonly watchers = new Set<WatchSession>()
  /** How `api.seed` stores each kind (registered by the groups). */
  readonly seeders = new Map<string, Seeder>()
  /** Create admission put on every request context (the core group installs NamespaceLifecycle here). */
  admitCreate?: CreateAdmission
  readonly watchSettings: WatchSettings
  basePaths: string[]
  /** Authentication, impersonation and authorization, run before routing as the real filter chain does. */
  readonly auth: Auth
  private readonly byGV = new Map<string, Map<string, ResourceDef>>()
  /** Endpoints by resource and storage (built once: every request of a resource needs the same one). */
  private endpoints = new WeakMap<ResourceDef, Map<Storage, Endpoint>>()
  readonly clock: Clock
  readonly random: Random
  /** Strict mode (see ./fidelity.ts). */
  readonly strict: boolean

  constructor(options: ApiServerOptions) {
    this.store = options.store
    this.schemas = options.schemas ?? {}
    this.basePaths = options.basePaths ?? []
    this.clock = options.clock ?? realClock
    this.random = options.random ?? cryptoRandom
    this.auth = options.auth ?? new Auth()
    this.strict = options.strict ?? false
    // fidelity: watch.immediate-bookmark — strict mode turns the deviation off (the real server's behaviour).
    this.watchSettings = { bookmarkIntervalMs: 60_000, minRequestTimeoutMs: 30 * 60_000, ...(this.strict ? { immediateBookmark: false } : {}), ...options.watch }
  }

  register(def: ResourceDef): void {
    const gv = gvKey(def.group, def.version)
    let m = this.byGV.get(gv)
    if (!m) this.byGV.set(gv, (m = new Map()))
    m.set(def.resource, def)
    this.resources.push(def)
    this.endpoints = new WeakMap() // knownKinds changed
  }

  discoveryInfo(): DiscoveryInfo {
    return { resources: this.resources, schemas: this.schemas }
  }

  /** End every open watch (used by reset and by servers shutting down). */
  closeWatches(): void {
    for (const w of [...this.watchers]) w.stop()
  }

  /** A request context for work that does not come from a request (seeding, controllers). */
  syntheticContext(namespace = '', userAgent = 'openshift-image-fake'): RequestContext {
    const nowMs = this.clock.now()
    const url = new URL('http://openshift-image-fake.invalid/')
    return {
      request: new Request(url, { headers: { 'user-agent': userAgent } }),
      url,
      info: { ...parseRequestInfo('POST', '/', url.searchParams), namespace },
      query: url.searchParams,
      now: rfc3339(nowMs),
      nowMs,
      userAgent,
      warnings: [],
      store: this.store,
      admitCreate: this.admitCreate,
      clock: this.clock,
      random: this.random,
    }
  }

  /**
   * Serve a request. `as`: run it as this already authenticated user (authorization still applies) — for
   * the fake's other doors that call the API as their own client (the integrated registry, api.db).
   * `store` replaces the server's store for this request (api.db's batches pass a view that joins their
   * transaction).
   */
  async handle(request: Request, as?: UserInfo, store: Store = this.store): Promise<Response> {
    if (mayNeedYaml(request.headers)) await loadYaml()
    if (mayNeedProtobuf(request.headers)) await loadProtobuf()
    const url = new URL(request.url)
    let path = url.pathname
    for (const bp of this.basePaths) {
      if (path === bp || path.startsWith(`${bp}/`)) {
        path = path.slice(bp.length) || '/'
        break
      }
    }
    const info = parseRequestInfo(request.method, path, url.searchParams)
    const nowMs = this.clock.now()
    const ctx = new Context(request, url, info, url.searchParams, rfc3339(nowMs), nowMs, request.headers.get('user-agent') ?? '', store, this.admitCreate, this.clock, this.random)
    if (this.strict) ctx.strict = true
    if (this.auth.authorizes) ctx.authorizing = true
    let neg: Negotiated | undefined
    try {
      ctx.user = as ? this.auth.checkAs(as, info) : this.auth.check(request.headers, info)
      if (info.verb === 'update' || info.verb === 'patch') ctx.authorizeCreate = this.auth.createOnUpdateCheck(ctx.user, info)
      if (!info.isResourceRequest) return serveNonResource(ctx, path, this.discoveryInfo())
      const resources = this.byGV.get(gvKey(info.apiGroup, info.apiVersion))
      if (!resources) return new Response('404 page not found\n', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
      let def = resources.get(info.resource)
      // `/api/v1/namespaces/{name}` parses with the name as namespace.
      if (def && def.resource === 'namespaces' && !def.namespaced && info.parts[0] === 'namespaces') {
        ctx.info = { ...info, namespace: '' }
      } else if (def && !def.namespaced && info.namespace) def = undefined
      if (!def) throw errors.pathNotFound()
      const route = this.route(ctx, def)
      neg = negotiate({
        accept: request.headers.get('accept'),
        list: ctx.info.verb === 'list' || ctx.info.verb === 'deletecollection' || (ctx.info.verb === 'watch' && !ctx.info.name),
        watch: ctx.info.verb === 'watch',
        watchableRoute: route.shape === 'collection' || route.shape === 'allNamespaces',
        prettyParam: ctx.query.get('pretty'),
        userAgent: ctx.userAgent,
        protobuf: servesProtobuf(gvKey(def.group, def.version), route.kind, route.shape === 'item' || route.shape === 'subresource' ? undefined : def.listKind || undefined),
      })
      return await this.dispatch(ctx, def, route, neg)
    } catch (e) {
      return errorResponse(e, neg ?? { mediaType: 'application/json', pretty: false }, ctx)
    }
  }

  private route(ctx: RequestContext, def: ResourceDef): { shape: Shape; storage: Storage; kind: string } {
    const { info } = ctx
    const method = ctx.request.method === 'HEAD' ? 'GET' : ctx.request.method
    const parts = info.parts
    if (parts.length > 3) throw errors.pathNotFound()
    let shape: Shape
    if (parts.length === 1) shape = def.namespaced && !info.namespace ? 'allNamespaces' : 'collection'
    else if (parts.length === 2) shape = 'item'
    else shape = 'subresource'
    if (def.namespaced && !info.namespace && shape !== 'allNamespaces') throw errors.pathNotFound()
    let storage = def.storage
    let kind = def.kind
    if (shape === 'subresource') {
      const sub = def.subresources?.[info.subresource]
      if (!sub) throw errors.pathNotFound()
      storage = sub.storage
      kind = sub.kind
    }
    if (info.watchPath) {
      if (!storage.watch || shape === 'subresource' || method !== 'GET') throw errors.pathNotFound()
      return { shape, storage, kind }
    }
    const allowed: string[] = []
    if (shape === 'collection' || shape === 'allNamespaces') {
      if (storage.list) allowed.push('GET')
      if (shape === 'collection' && storage.create) allowed.push('POST')
      if (shape === 'collection' && storage.deleteCollection) allowed.push('DELETE')
    } else {
      if (storage.get) allowed.push('GET')
      if (storage.update) allowed.push('PUT')
      if (storage.update && storage.patchable !== false) allowed.push('PATCH')
      if (storage.delete) allowed.push('DELETE')
      // No POST on item paths: go-restful registers POST at the item path only for subresources (NamedCreater);
      // `GET .../imagestreammappings/{name}` is therefore a 404, not a 405
      // (k8s.io/apiserver/pkg/endpoints/installer.go registers no item route).
    }
    if (!allowed.length) throw errors.pathNotFound()
    if (!allowed.includes(method)) {
      const e = errors.methodNotAllowed()
      e.headers['Allow'] = allowed.join(', ')
      throw e
    }
    return { shape, storage, kind }
  }

  private endpoint(def: ResourceDef, storage: Storage, kind: string): Endpoint {
    let byStorage = this.endpoints.get(def)
    if (!byStorage) this.endpoints.set(def, (byStorage = new Map()))
    const ep = byStorage.get(storage)
    if (ep?.kind === kind) return ep
    const made = this.makeEndpoint(def, storage, kind)
    if (!ep) byStorage.set(storage, made)
    return made
  }

  private makeEndpoint(def: ResourceDef, storage: Storage, kind: string): Endpoint {
    const sub = kind !== def.kind || storage !== def.storage
    const schema = sub ? (Object.values(def.subresources ?? {}).find((s) => s.storage === storage)?.schema ?? def.schema) : def.schema
    return {
      group: def.group,
      version: def.version,
      kind,
      listKind: def.listKind,
      resource: def.resource,
      storage,
      schema,
      registry: this.schemas,
      knownKinds: new Set(this.resources.filter((r) => r.group === def.group).map((r) => r.kind)),
      table: storage.table,
      tooLargeResourceVersionWaitMs: this.watchSettings.tooLargeResourceVersionWaitMs ?? DEFAULT_TOO_LARGE_RV_WAIT_MS,
    }
  }

  private async dispatch(ctx: RequestContext, def: ResourceDef, route: { storage: Storage; kind: string }, neg: Negotiated): Promise<Response> {
    const ep = this.endpoint(def, route.storage, route.kind)
    const { info } = ctx
    switch (info.verb) {
      case 'get':
        return handleGet(ctx, ep, neg, info.name)
      case 'list':
        return handleList(ctx, ep, neg)
      case 'watch':
        return this.serveWatch(ctx, def, ep, neg)
      case 'create':
        return handleCreate(ctx, ep, neg)
      case 'update':
        return handleUpdate(ctx, ep, neg, info.name)
      case 'patch':
        return handlePatch(ctx, ep, neg, info.name)
      case 'delete':
        return handleDelete(ctx, ep, neg, info.name)
      case 'deletecollection':
        return handleDeleteCollection(ctx, ep, neg)
      default:
        throw errors.methodNotAllowed()
    }
  }

  private serveWatch(ctx: RequestContext, def: ResourceDef, ep: Endpoint, neg: Negotiated): Response {
    const source = ep.storage.watch
    if (!source) throw errors.watchNotSupported(def.group, def.resource)
    const opts = parseListOptions(ctx.query, true)
    if (opts.fieldSelector && source.selectableFields) checkFieldSelectorKeys(opts.fieldSelector, source.selectableFields, source.fieldSelectorError)
    if (ctx.info.watchPath && ctx.info.parts.length === 2 && opts.fieldSelector) {
      const n = opts.fieldSelector.requiresExactMatch('metadata.name')
      if (n !== undefined && n !== ctx.info.name) throw errors.badRequest("fieldSelector metadata.name doesn't match requested name")
    }
    const session = createWatchSession(
      ctx,
      {
        source,
        namespaced: def.namespaced,
        kind: def.kind,
        apiVersion: gvKey(def.group, def.version),
        table: ep.table,
        emptyObject: source.emptyObject ?? (() => ({ kind: def.kind, apiVersion: gvKey(def.group, def.version), metadata: {} })),
      },
      opts,
      neg,
      this.watchSettings,
      this.watchers,
    )
    return watchResponse(session, ctx.signal)
  }
}

let lastSecond = -1
let lastStamp = ''

/** RFC 3339 at second precision (cached: many requests share a second). */
export function rfc3339(ms: number): string {
  const sec = Math.floor(ms / 1000)
  if (sec !== lastSecond) {
    lastSecond = sec
    lastStamp = new Date(sec * 1000).toISOString().replace('.000Z', 'Z')
  }
  return lastStamp
}

function gvKey(group: string, version: string): string {
  return group ? `${group}/${version}` : version
}
