// OpenAPI documents generated from the registered ResourceDefs and the schema registry
// (k8s.io/kube-openapi/pkg/handler3/handler.go; what kubectl and openshift-rest-client read):
//
//   GET /openapi/v3                      → {"paths":{"apis/<g>/<v>":{"serverRelativeURL":"/openapi/v3/apis/<g>/<v>?hash=<H>"}, "api/v1":…}}
//   GET /openapi/v3/apis/<g>/<v>, /openapi/v3/api/<v>
//                                        → OpenAPI 3.0 document of one group version (kubectl: validation
//                                          support, client-side apply patch type, explain)
//   GET /openapi/v2                      → protobuf Accept (kubectl): 200 with an empty body, i.e. an empty
//                                          document; JSON Accept (openshift-rest-client): Swagger 2.0 of
//                                          every served path, incl. the deprecated /watch/ paths.
//
// Paths and operations mirror exactly what the engine routes (server.ts `route`): an operation exists when
// the storage has the method behind it. Operation ids, tags, descriptions and extensions follow the
// apiserver's conventions (installer.go + endpoints/openapi GetOperationIDAndTags), e.g.
// `readImageOpenshiftIoV1NamespacedImageStream`, tag `imageOpenshiftIo_v1`,
// `x-kubernetes-action: watchlist` on `/apis/image.openshift.io/v1/watch/namespaces/{namespace}/imagestreams`.
//
// Documents are cached per (resources array, registered count, schema registry); they are rebuilt when a
// resource is registered later.
// fidelity: apiserver.openapi

import { goJSON } from './json.js'
import { sha256Hex } from './openapi-hash.js'
import type { OpenAPISchema, SchemaRegistry } from './schema-types.js'
import type { RequestContext, ResourceDef } from './types.js'
import { CODE_TEXT, METHOD_ORDER, PATCH_TYPES, PRODUCES, PRODUCES_STREAM, QUERY_PARAMS, REF_V2, REF_V3, Registry, buildPaths, collectRefs, type OpModel, type PathModel } from './openapi-model.js'
export { openAPITag } from './openapi-model.js'

export interface OpenAPISource {
  resources: ResourceDef[]
  /** components.schemas / definitions of every registered kind (definition name → schema). */
  schemas?: SchemaRegistry
}

export interface GroupVersionResources {
  group: string
  version: string
  resources: ResourceDef[]
}

/** Registered resources grouped by group version, in registration order. */
export function groupVersionsOf(resources: ResourceDef[]): GroupVersionResources[] {
  const m = new Map<string, GroupVersionResources>()
  for (const r of resources) {
    const k = `${r.group}/${r.version}`
    let gv = m.get(k)
    if (!gv) m.set(k, (gv = { group: r.group, version: r.version, resources: [] }))
    gv.resources.push(r)
  }
  return [...m.values()]
}

// ---------------------------------------------------------------------------------------------------
// Cache

interface CacheEntry {
  count: number
  schemas: SchemaRegistry | undefined
  values: Map<string, unknown>
}

const caches = new WeakMap<object, CacheEntry>()

/**
 * Memoise a value derived from the registered resources (and schemas). Invalidated when a resource is
 * registered (the array grows) or a different schema registry is passed.
 */
export function memo<T>(src: OpenAPISource, key: string, build: () => T): T {
  let c = caches.get(src.resources)
  if (!c || c.count !== src.resources.length || c.schemas !== src.schemas) {
    c = { count: src.resources.length, schemas: src.schemas, values: new Map() }
    caches.set(src.resources, c)
  }
  if (c.values.has(key)) return c.values.get(key) as T
  const v = build()
  c.values.set(key, v)
  return v
}

/** A serialised document with its hash (used for ETag and `?hash=`). */
export interface CachedDocument {
  doc: Record<string, unknown>
  body: string
  hash: string
}

function cachedDoc(src: OpenAPISource, key: string, build: () => Record<string, unknown>): CachedDocument {
  return memo(src, key, () => {
    const doc = build()
    const body = goJSON(doc)
    return { doc, body, hash: sha256Hex(body).toUpperCase() }
  })
}

function registryOf(src: OpenAPISource): Registry {
  return memo(src, 'registry', () => new Registry(src.schemas ?? {}))
}

// ---------------------------------------------------------------------------------------------------
// OpenAPI v3

const OBJECT_SCHEMA: OpenAPISchema = { type: 'object' }

function v3Schema(name: string | undefined): OpenAPISchema {
  return name ? { $ref: `${REF_V3}${name}` } : OBJECT_SCHEMA
}

function v3Param(name: string, where: 'query' | 'path', description?: string): Record<string, unknown> {
  const q = QUERY_PARAMS[name]
  return {
    name,
    in: where,
    description: description ?? q?.description ?? '',
    ...(where === 'path' ? { required: true } : {}),
    schema: { type: q?.type ?? 'string', uniqueItems: true },
  }
}

function v3Operation(op: OpModel): Record<string, unknown> {
  const o: Record<string, unknown> = { tags: [op.tag], description: op.description, operationId: op.operationId }
  if (op.query.length) o.parameters = op.query.map((n) => v3Param(n, 'query'))
  if (op.body) {
    const schema = v3Schema(op.body.schema)
    if (op.body.type === 'patch') {
      o.requestBody = { content: Object.fromEntries(PATCH_TYPES.map((t) => [t, { schema }])), required: true }
    } else {
      o.requestBody = { content: { '*/*': { schema } }, ...(op.body.type === 'object' ? { required: true } : {}) }
    }
  }
  const responses: Record<string, unknown> = {}
  for (const code of op.codes) {
    const schema = v3Schema(op.response)
    responses[code] = {
      description: CODE_TEXT[code] ?? '',
      content: Object.fromEntries((op.stream ? PRODUCES_STREAM : PRODUCES).map((t) => [t, { schema }])),
    }
  }
  responses['401'] = { description: 'Unauthorized' }
  o.responses = responses
  o['x-kubernetes-action'] = op.action
  o['x-kubernetes-group-version-kind'] = op.gvk
  if (op.placeholder) o['x-openshift-image-fake-placeholder'] = true
  return o
}

function v3PathItem(p: PathModel): Record<string, unknown> {
  const item: Record<string, unknown> = {}
  for (const m of METHOD_ORDER) {
    const op = p.ops.find((o) => o.method === m)
    if (op) item[m] = v3Operation(op)
  }
  item.parameters = [...p.params.map((x) => v3Param(x.name, 'path', x.description)), v3Param('pretty', 'query')]
  return item
}

/** The v3 document key of a group version: `apis/<group>/<version>` or `api/<version>`. */
export function openAPIV3Key(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`
}

function buildV3(src: OpenAPISource, gv: GroupVersionResources, infoVersion: string): Record<string, unknown> {
  const reg = registryOf(src)
  const models = buildPaths(gv, reg, true)
  const paths: Record<string, unknown> = {}
  for (const p of models) paths[p.path] = v3PathItem(p)
  const roots: string[] = []
  collectRefs(paths, roots)
  const schemas: Record<string, OpenAPISchema> = {}
  for (const name of reg.closure(roots)) schemas[name] = reg.get(name)!
  return {
    openapi: '3.0.0',
    info: { title: 'OpenShift API (with Kubernetes)', version: infoVersion },
    paths,
    components: {
      schemas,
      securitySchemes: { BearerToken: { type: 'apiKey', description: 'Bearer Token authentication', name: 'authorization', in: 'header' } },
    },
    security: [{ BearerToken: [] }],
  }
}

/** The OpenAPI v3 document of one group version (cached), or undefined when it is not served. */
export function openAPIV3Document(src: OpenAPISource, group: string, version: string, infoVersion = 'unversioned'): CachedDocument | undefined {
  const gv = groupVersionsOf(src.resources).find((g) => g.group === group && g.version === version)
  if (!gv) return undefined
  return cachedDoc(src, `v3:${openAPIV3Key(group, version)}:${infoVersion}`, () => buildV3(src, gv, infoVersion))
}

/** The /openapi/v3 index. `base` is prepended to serverRelativeURL (a path prefix the API is served under). */
export function openAPIV3Index(src: OpenAPISource, infoVersion = 'unversioned', base = ''): Record<string, unknown> {
  const paths: Record<string, unknown> = {}
  const keys = groupVersionsOf(src.resources).map((gv) => {
    const key = openAPIV3Key(gv.group, gv.version)
    const doc = openAPIV3Document(src, gv.group, gv.version, infoVersion)!
    return [key, { serverRelativeURL: `${base}/openapi/v3/${key}?hash=${doc.hash}` }] as const
  })
  for (const [k, v] of keys.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) paths[k] = v
  return { paths }
}

// ---------------------------------------------------------------------------------------------------
// Swagger 2.0

/** Convert a (v3-shaped) registry schema to Swagger 2.0: `#/definitions/` refs, `$ref`+description for
 * single-`allOf` wrappers, no `nullable`, int-or-string as `type: string, format: int-or-string`. */
export function toSwaggerSchema(s: OpenAPISchema): Record<string, unknown> {
  if (s.allOf && s.allOf.length === 1 && s.allOf[0]!.$ref && !s.type && !s.properties) {
    const out: Record<string, unknown> = { $ref: toV2Ref(s.allOf[0]!.$ref) }
    if (s.description !== undefined) out.description = s.description
    return out
  }
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(s)) {
    if (v === undefined || k === 'nullable') continue
    if (k === '$ref') out.$ref = toV2Ref(v as string)
    else if (k === 'properties') {
      out.properties = Object.fromEntries(Object.entries(v as Record<string, OpenAPISchema>).map(([pk, pv]) => [pk, toSwaggerSchema(pv)]))
    } else if (k === 'items' || (k === 'additionalProperties' && typeof v === 'object')) out[k] = toSwaggerSchema(v as OpenAPISchema)
    else if (k === 'allOf') out.allOf = (v as OpenAPISchema[]).map(toSwaggerSchema)
    else out[k] = v
  }
  if (s['x-kubernetes-int-or-string'] && !s.type) {
    out.type = 'string'
    out.format = 'int-or-string'
  }
  return out
}

function toV2Ref(ref: string): string {
  return ref.startsWith(REF_V3) ? REF_V2 + ref.slice(REF_V3.length) : ref
}

function v2Param(name: string, where: 'query' | 'path', description?: string): Record<string, unknown> {
  const q = QUERY_PARAMS[name]
  return {
    uniqueItems: true,
    type: q?.type ?? 'string',
    description: description ?? q?.description ?? '',
    name,
    in: where,
    ...(where === 'path' ? { required: true } : {}),
  }
}

function v2Schema(name: string | undefined): Record<string, unknown> {
  return name ? { $ref: `${REF_V2}${name}` } : { type: 'object' }
}

function v2Operation(op: OpModel): Record<string, unknown> {
  const params: Record<string, unknown>[] = []
  if (op.body) params.push({ name: 'body', in: 'body', ...(op.body.type !== 'delete' ? { required: true } : {}), schema: v2Schema(op.body.schema) })
  for (const n of op.query) params.push(v2Param(n, 'query'))
  const responses: Record<string, unknown> = {}
  for (const code of op.codes) responses[code] = { description: CODE_TEXT[code] ?? '', schema: v2Schema(op.response) }
  responses['401'] = { description: 'Unauthorized' }
  return {
    description: op.description,
    consumes: op.body?.type === 'patch' ? PATCH_TYPES : ['*/*'],
    produces: op.stream ? PRODUCES_STREAM : PRODUCES,
    schemes: ['https'],
    tags: [op.tag],
    operationId: op.operationId,
    ...(params.length ? { parameters: params } : {}),
    responses,
    'x-kubernetes-action': op.action,
    'x-kubernetes-group-version-kind': op.gvk,
  }
}

function buildV2(src: OpenAPISource, infoVersion: string): Record<string, unknown> {
  const reg = registryOf(src)
  const models = groupVersionsOf(src.resources)
    .flatMap((gv) => buildPaths(gv, reg, false))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  const paths: Record<string, unknown> = {}
  for (const p of models) {
    const item: Record<string, unknown> = {}
    for (const m of METHOD_ORDER) {
      const op = p.ops.find((o) => o.method === m)
      if (op) item[m] = v2Operation(op)
    }
    item.parameters = [...p.params.map((x) => v2Param(x.name, 'path', x.description)), v2Param('pretty', 'query')]
    paths[p.path] = item
  }
  // Every registered definition (as the real document does), plus whatever the paths need.
  const roots: string[] = Object.keys(src.schemas ?? {})
  collectRefs(paths, roots)
  const definitions: Record<string, unknown> = {}
  for (const name of reg.closure(roots)) definitions[name] = toSwaggerSchema(reg.get(name)!)
  return {
    swagger: '2.0',
    info: { title: 'OpenShift API (with Kubernetes)', version: infoVersion },
    paths,
    definitions,
    securityDefinitions: { BearerToken: { description: 'Bearer Token authentication', type: 'apiKey', name: 'authorization', in: 'header' } },
    security: [{ BearerToken: [] }],
  }
}

/** The Swagger 2.0 document of every served group version (cached). */
export function openAPIV2Document(src: OpenAPISource, infoVersion = 'unversioned'): CachedDocument {
  return cachedDoc(src, `v2:${infoVersion}`, () => buildV2(src, infoVersion))
}

// ---------------------------------------------------------------------------------------------------
// HTTP

/** Content-Type of the (empty) protobuf answer; Go's mime parser rejects the `@` form clients send. */
export const OPENAPI_V2_PROTOBUF = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf'

interface AcceptClause {
  type: string
  params: Record<string, string>
  q: number
}

/** Accept clauses, sorted by q (stable: header order otherwise). */
export function parseAcceptHeader(header: string | null): AcceptClause[] {
  const out: AcceptClause[] = []
  for (const raw of (header ?? '').split(',')) {
    const [mt, ...ps] = raw.split(';')
    const type = (mt ?? '').trim().toLowerCase()
    if (!type) continue
    const params: Record<string, string> = {}
    let q = 1
    for (const p of ps) {
      const eq = p.indexOf('=')
      if (eq < 0) continue
      const k = p.slice(0, eq).trim().toLowerCase()
      const v = p.slice(eq + 1).trim().replace(/^"|"$/g, '')
      if (k === 'q') q = Number(v)
      else params[k] = v
    }
    if (!(q > 0)) continue
    out.push({ type, params, q })
  }
  return out.map((c, i) => ({ c, i })).sort((a, b) => b.c.q - a.c.q || a.i - b.i).map((x) => x.c)
}

const JSON_TYPES = new Set(['application/json', 'application/*', '*/*'])

/** Does an If-None-Match header match the (unquoted) hash? */
export function etagMatches(ifNoneMatch: string | null, hash: string): boolean {
  if (!ifNoneMatch) return false
  return ifNoneMatch.split(',').some((t) => {
    const v = t.trim().replace(/^W\//, '').replace(/^"|"$/g, '')
    return v === '*' || v === hash
  })
}

function notFound(): Response {
  return new Response('404 page not found\n', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
}

function notAcceptable(): Response {
  return new Response('406 Not Acceptable\n', { status: 406, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
}

function serveDocument(ctx: RequestContext, d: CachedDocument, extra: Record<string, string>): Response {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', ETag: `"${d.hash}"`, ...extra }
  if (!headers['Cache-Control']) headers['Cache-Control'] = 'no-cache, private'
  if (etagMatches(ctx.request.headers.get('if-none-match'), d.hash)) {
    delete headers['Content-Type']
    return new Response(null, { status: 304, headers })
  }
  return new Response(ctx.request.method === 'HEAD' ? null : d.body, { status: 200, headers })
}

/**
 * Serve `/openapi/v2`, `/openapi/v3` and `/openapi/v3/<api|apis>/…` (GET/HEAD); undefined for other paths.
 * `path` is the request path with the server's base path removed and without a trailing slash.
 */
export function serveOpenAPI(ctx: RequestContext, path: string, src: OpenAPISource, infoVersion = 'unversioned'): Response | undefined {
  if (path === '/openapi/v2') {
    const clauses = parseAcceptHeader(ctx.request.headers.get('accept'))
    let format: 'json' | 'protobuf' | undefined = clauses.length ? undefined : 'json'
    for (const c of clauses) {
      if (JSON_TYPES.has(c.type)) format = 'json'
      else if (c.type === 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf' || c.type === OPENAPI_V2_PROTOBUF) format = 'protobuf'
      if (format) break
    }
    if (!format) return notAcceptable()
    if (format === 'protobuf') {
      // An empty protobuf message is an empty openapi_v2.Document: kubectl finds no schema for our kinds
      // and skips client-side validation (k8s.io/kubectl/pkg/validation/schema.go). kubectl cannot read JSON here.
      return new Response(new Uint8Array(0), {
        status: 200,
        headers: { 'Content-Type': OPENAPI_V2_PROTOBUF, 'Cache-Control': 'no-cache, private', Vary: 'Accept' },
      })
    }
    return serveDocument(ctx, openAPIV2Document(src, infoVersion), { Vary: 'Accept' })
  }
  if (path === '/openapi/v3') {
    const base = ctx.url.pathname.replace(/\/+$/, '').endsWith(path) ? ctx.url.pathname.replace(/\/+$/, '').slice(0, -path.length) : ''
    return new Response(goJSON(openAPIV3Index(src, infoVersion, base)), {
      status: 200,
      headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' },
    })
  }
  const m = /^\/openapi\/v3\/(?:apis\/([^/]+)\/([^/]+)|api\/([^/]+))$/.exec(path)
  if (!m) return path.startsWith('/openapi/') ? notFound() : undefined
  const group = m[1] ?? ''
  const version = m[2] ?? m[3]!
  const d = openAPIV3Document(src, group, version, infoVersion)
  if (!d) return notFound()
  const clauses = parseAcceptHeader(ctx.request.headers.get('accept'))
  if (clauses.length && !clauses.some((c) => JSON_TYPES.has(c.type))) return notAcceptable()
  const hash = ctx.query.get('hash')
  if (hash !== null && hash !== '') {
    if (hash !== d.hash) {
      // The real handler redirects a stale hash to the current document.
      return new Response(null, { status: 301, headers: { Location: `${ctx.url.pathname}?hash=${d.hash}`, 'Cache-Control': 'no-cache, private' } })
    }
    return serveDocument(ctx, d, {
      Vary: 'Accept',
      'Cache-Control': 'public, immutable',
      Expires: new Date(ctx.nowMs + 365 * 24 * 3600 * 1000).toUTCString(),
    })
  }
  return serveDocument(ctx, d, {})
}
