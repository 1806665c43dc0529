// OpenAPI documents generated from the registered ResourceDefs and the schema registry
// (APIMACHINERY §8.6, CLIENTS §1 and §3):
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

import { goJSON } from './json.js'
import { sha256Hex } from './openapi-hash.js'
import { META, RUNTIME, metaSchemas } from './schema/meta-schemas.js'
import type { OpenAPISchema, SchemaRegistry } from './schema-types.js'
import type { RequestContext, ResourceDef, Storage } from './types.js'

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

// ---------------------------------------------------------------------------------------------------
// Schema lookup

const WATCH_EVENT = `${META}WatchEvent`
const STATUS = `${META}Status`
const DELETE_OPTIONS = `${META}DeleteOptions`
const PATCH = `${META}Patch`

/** Definitions the documents need that a registry may not carry (meta/v1 ones come from metaSchemas). */
const EXTRA_SCHEMAS: SchemaRegistry = {
  [WATCH_EVENT]: {
    type: 'object',
    description: 'Event represents a single event to a watched resource.',
    required: ['type', 'object'],
    properties: {
      object: {
        allOf: [{ $ref: `#/components/schemas/${RUNTIME}RawExtension` }],
        description: 'The object the event is about: for ADDED/MODIFIED its new state, for DELETED its last state, for BOOKMARK an object carrying only a resourceVersion, for ERROR a Status.',
      },
      type: { type: 'string', default: '', description: 'Event type: ADDED, MODIFIED, DELETED, BOOKMARK or ERROR.' },
    },
    'x-kubernetes-group-version-kind': [{ group: '', version: 'v1', kind: 'WatchEvent' }],
  },
}

const REF_V3 = '#/components/schemas/'
const REF_V2 = '#/definitions/'

class Registry {
  private readonly byIdentity = new Map<OpenAPISchema, string>()
  private readonly byGVK = new Map<string, string>()
  private readonly byKind = new Map<string, string>()

  constructor(private readonly schemas: SchemaRegistry) {
    for (const [name, s] of Object.entries(schemas)) {
      if (!this.byIdentity.has(s)) this.byIdentity.set(s, name)
      for (const g of s['x-kubernetes-group-version-kind'] ?? []) {
        const k = `${g.group}/${g.version}/${g.kind}`
        if (!this.byGVK.has(k)) this.byGVK.set(k, name)
        if (!this.byKind.has(g.kind)) this.byKind.set(g.kind, name)
      }
    }
  }

  get(name: string): OpenAPISchema | undefined {
    return this.schemas[name] ?? metaSchemas[name] ?? EXTRA_SCHEMAS[name]
  }

  /** Definition name of a kind: by schema identity, then by GVK, then by kind alone (any group). */
  nameFor(schema: OpenAPISchema | undefined, group: string, version: string, kind: string): string | undefined {
    if (schema) {
      const n = this.byIdentity.get(schema)
      if (n) return n
    }
    return this.byGVK.get(`${group}/${version}/${kind}`) ?? this.byKind.get(kind)
  }

  /** Every definition reachable from `roots` (names sorted). */
  closure(roots: Iterable<string>): string[] {
    const seen = new Set<string>()
    const queue = [...roots]
    while (queue.length) {
      const name = queue.pop()!
      if (seen.has(name)) continue
      const s = this.get(name)
      if (!s) continue
      seen.add(name)
      collectRefs(s, queue)
    }
    return [...seen].sort()
  }
}

function collectRefs(value: unknown, out: string[]): void {
  if (Array.isArray(value)) {
    for (const v of value) collectRefs(v, out)
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') {
        if (v.startsWith(REF_V3)) out.push(v.slice(REF_V3.length))
        else if (v.startsWith(REF_V2)) out.push(v.slice(REF_V2.length))
      } else collectRefs(v, out)
    }
  }
}

function registryOf(src: OpenAPISource): Registry {
  return memo(src, 'registry', () => new Registry(src.schemas ?? {}))
}

// ---------------------------------------------------------------------------------------------------
// Route model (shared by v2 and v3)

type Method = 'get' | 'put' | 'post' | 'delete' | 'patch'
type Action = 'get' | 'list' | 'put' | 'patch' | 'post' | 'delete' | 'deletecollection' | 'watch' | 'watchlist'

interface GVK {
  group: string
  version: string
  kind: string
}

interface OpModel {
  method: Method
  action: Action
  operationId: string
  tag: string
  description: string
  gvk: GVK
  body?: { type: 'object' | 'patch' | 'delete'; schema: string | undefined }
  /** Definition name of the 200 response (undefined: a generic object). */
  response: string | undefined
  codes: string[]
  query: string[]
  stream: boolean
  /** A PATCH operation published for a kind without a PATCH route (see placeholderPatches). */
  placeholder?: boolean
}

interface PathModel {
  path: string
  params: Array<{ name: string; description: string }>
  ops: OpModel[]
}

const LIST_PARAMS = [
  'allowWatchBookmarks',
  'continue',
  'fieldSelector',
  'labelSelector',
  'limit',
  'resourceVersion',
  'resourceVersionMatch',
  'sendInitialEvents',
  'timeoutSeconds',
  'watch',
]
const WRITE_PARAMS = ['dryRun', 'fieldManager', 'fieldValidation']
const PATCH_PARAMS = ['dryRun', 'fieldManager', 'fieldValidation', 'force']
const DELETE_PARAMS = ['dryRun', 'gracePeriodSeconds', 'orphanDependents', 'propagationPolicy']
const DELETE_COLLECTION_PARAMS = [
  'continue',
  'dryRun',
  'fieldSelector',
  'gracePeriodSeconds',
  'labelSelector',
  'limit',
  'orphanDependents',
  'propagationPolicy',
  'resourceVersion',
  'resourceVersionMatch',
  'sendInitialEvents',
  'timeoutSeconds',
]

const QUERY_PARAMS: Record<string, { type: 'string' | 'boolean' | 'integer'; description: string }> = {
  allowWatchBookmarks: { type: 'boolean', description: 'Ask for BOOKMARK watch events. Ignored for non-watch requests; servers may send bookmarks at their discretion.' },
  continue: { type: 'string', description: 'Continue token from a previous paged list response (metadata.continue); expired tokens give 410 Expired.' },
  dryRun: { type: 'string', description: 'When present, the change is validated but not persisted. The only valid value is "All".' },
  fieldManager: { type: 'string', description: 'Name of the actor making the change, recorded in managedFields. Required for apply patches.' },
  fieldSelector: { type: 'string', description: 'Restricts the returned objects by fields (e.g. metadata.name=x). Defaults to everything.' },
  fieldValidation: {
    type: 'string',
    description:
      'How to treat unknown or duplicate fields in the body: Ignore (drop silently), Warn (drop with a Warning header per field, the default) or Strict (fail with 400 BadRequest).',
  },
  force: { type: 'boolean', description: 'Apply patches only: take ownership of fields that conflict with other managers. Must be unset for other patch types.' },
  gracePeriodSeconds: { type: 'integer', description: 'Seconds before the object is deleted; 0 deletes immediately. Defaults to the type\'s default.' },
  labelSelector: { type: 'string', description: 'Restricts the returned objects by labels. Defaults to everything.' },
  limit: { type: 'integer', description: 'Maximum number of items to return; when more exist, metadata.continue is set for the next page.' },
  orphanDependents: { type: 'boolean', description: 'Deprecated, use propagationPolicy. Whether dependents are orphaned.' },
  pretty: { type: 'string', description: "If 'true', then the output is pretty printed." },
  propagationPolicy: { type: 'string', description: 'Whether and how garbage collection is performed: Orphan, Background or Foreground.' },
  resourceVersion: { type: 'string', description: 'Constrains the resource version the list is served at, or the starting point of a watch.' },
  resourceVersionMatch: { type: 'string', description: 'How resourceVersion applies to a list: NotOlderThan or Exact.' },
  sendInitialEvents: { type: 'boolean', description: 'Watch only: start with synthetic ADDED events for the current state, followed by a bookmark.' },
  timeoutSeconds: { type: 'integer', description: 'Timeout for the list/watch call, regardless of activity.' },
  watch: { type: 'boolean', description: 'Watch for changes to the described resources instead of listing them; see resourceVersion.' },
}

const PATCH_TYPES = ['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json']
const PRODUCES = ['application/json', 'application/yaml']
const PRODUCES_STREAM = ['application/json', 'application/yaml', 'application/json;stream=watch']

/** Port of the apiserver's ToValidOperationID. */
function toValidOperationID(s: string, capitalizeFirst: boolean): string {
  let out = ''
  let capitalize = capitalizeFirst
  let i = 0
  for (const ch of s) {
    const letter = /\p{L}/u.test(ch)
    if (letter || ch === '_' || (i !== 0 && /\p{Nd}/u.test(ch))) {
      if (capitalize) {
        out += ch.toUpperCase()
        capitalize = false
      } else out += ch
    } else capitalize = true
    i++
  }
  return out
}

function groupToken(group: string): string {
  return (group || 'core').replace(/\.k8s\.io$/, '')
}

/** The OpenAPI tag of a group version, e.g. `imageOpenshiftIo_v1`, `core_v1`. */
export function openAPITag(group: string, version: string): string {
  return `${toValidOperationID(groupToken(group), false)}_${toValidOperationID(version, false)}`
}

function article(kind: string): string {
  if (!kind.endsWith('ss') && kind.endsWith('s')) return ''
  return /^[aeiou]/i.test(kind) ? 'an ' : 'a '
}

/** Build the paths of one group version. `placeholders` adds the v3-only PATCH placeholders. */
function buildPaths(gv: GroupVersionResources, reg: Registry, placeholders: boolean): PathModel[] {
  const prefix = gv.group ? `/apis/${gv.group}/${gv.version}` : `/api/${gv.version}`
  const tag = openAPITag(gv.group, gv.version)
  const idPrefix = toValidOperationID(groupToken(gv.group), true) + toValidOperationID(gv.version, true)
  const paths = new Map<string, PathModel>()
  const pathOf = (path: string, params: PathModel['params']): PathModel => {
    let p = paths.get(path)
    if (!p) paths.set(path, (p = { path, params, ops: [] }))
    return p
  }
  const nsParam = { name: 'namespace', description: 'object name and auth scope, such as for teams and projects' }
  const patchedKinds = new Set<string>()

  for (const def of gv.resources) {
    const ns = def.namespaced
    const nsSeg = ns ? '/namespaces/{namespace}' : ''
    const s = def.storage
    const gvk: GVK = { group: def.group, version: def.version, kind: def.kind }
    const kindName = reg.nameFor(def.schema, def.group, def.version, def.kind)
    const listName = reg.nameFor(undefined, def.group, def.version, def.listKind)
    const nameParam = { name: 'name', description: `name of the ${def.kind}` }
    const collParams = ns ? [nsParam] : []
    const itemParams = ns ? [nameParam, nsParam] : [nameParam]

    const opId = (verb: string, o: { namespaced?: boolean; sub?: string; list?: boolean; allNs?: boolean; collection?: boolean } = {}) =>
      verb +
      idPrefix +
      (o.collection ? 'Collection' : '') +
      (o.namespaced ? 'Namespaced' : '') +
      def.kind +
      (o.sub ? toValidOperationID(o.sub, true) : '') +
      (o.list ? 'List' : '') +
      (o.allNs ? 'ForAllNamespaces' : '')

    // Collection: list, create, deletecollection.
    const coll = `${prefix}${nsSeg}/${def.resource}`
    const collOps: OpModel[] = []
    if (s.list) {
      collOps.push({
        method: 'get', action: 'list', operationId: opId('list', { namespaced: ns }), tag,
        description: `list or watch objects of kind ${def.kind}`, gvk, response: listName, codes: ['200'], query: LIST_PARAMS, stream: true,
      })
    }
    if (s.create) {
      collOps.push({
        method: 'post', action: 'post', operationId: opId('create', { namespaced: ns }), tag,
        description: `create ${article(def.kind)}${def.kind}`, gvk, body: { type: 'object', schema: kindName }, response: kindName,
        codes: ['200', '201', '202'], query: WRITE_PARAMS, stream: false,
      })
    }
    if (s.deleteCollection) {
      collOps.push({
        method: 'delete', action: 'deletecollection', operationId: opId('delete', { namespaced: ns, collection: true }), tag,
        description: `delete collection of ${def.kind}`, gvk, body: { type: 'delete', schema: DELETE_OPTIONS }, response: STATUS,
        codes: ['200'], query: DELETE_COLLECTION_PARAMS, stream: false,
      })
    }
    if (collOps.length) pathOf(coll, collParams).ops.push(...collOps)

    // All namespaces list.
    if (ns && s.list) {
      pathOf(`${prefix}/${def.resource}`, []).ops.push({
        method: 'get', action: 'list', operationId: opId('list', { allNs: true }), tag,
        description: `list or watch objects of kind ${def.kind}`, gvk, response: listName, codes: ['200'], query: LIST_PARAMS, stream: true,
      })
    }

    // Item and subresources.
    const itemOps = (st: Storage, sub: string | undefined, subGVK: GVK, name: string | undefined): OpModel[] => {
      const what = sub ? `${sub} of the specified ${def.kind}` : `the specified ${def.kind}`
      const ops: OpModel[] = []
      const o = { namespaced: ns, sub }
      if (st.get) {
        ops.push({ method: 'get', action: 'get', operationId: opId('read', o), tag, description: `read ${what}`, gvk: subGVK, response: name, codes: ['200'], query: [], stream: false })
      }
      if (st.update) {
        ops.push({
          method: 'put', action: 'put', operationId: opId('replace', o), tag, description: `replace ${what}`, gvk: subGVK,
          body: { type: 'object', schema: name }, response: name, codes: ['200', '201'], query: WRITE_PARAMS, stream: false,
        })
      }
      if (st.delete) {
        ops.push({
          method: 'delete', action: 'delete', operationId: opId('delete', o), tag,
          description: sub ? `delete ${what}` : `delete ${article(def.kind)}${def.kind}`, gvk: subGVK,
          body: { type: 'delete', schema: DELETE_OPTIONS }, response: STATUS, codes: ['200', '202'], query: DELETE_PARAMS, stream: false,
        })
      }
      if (st.update && st.patchable !== false) {
        ops.push({
          method: 'patch', action: 'patch', operationId: opId('patch', o), tag, description: `partially update ${what}`, gvk: subGVK,
          body: { type: 'patch', schema: PATCH }, response: name, codes: ['200', '201'], query: PATCH_PARAMS, stream: false,
        })
        patchedKinds.add(subGVK.kind)
      }
      return ops
    }
    const item = `${coll}/{name}`
    const ops = itemOps(s, undefined, gvk, kindName)
    if (ops.length) pathOf(item, itemParams).ops.push(...ops)
    for (const [subName, sub] of Object.entries(def.subresources ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const subGVK: GVK = { group: def.group, version: def.version, kind: sub.kind }
      const name = reg.nameFor(sub.schema, def.group, def.version, sub.kind)
      const subOps = itemOps(sub.storage, subName, subGVK, name)
      if (subOps.length) pathOf(`${item}/${subName}`, itemParams).ops.push(...subOps)
    }

    // Deprecated /watch/ paths.
    if (s.watch) {
      const watchDesc = `watch changes to an object of kind ${def.kind}. deprecated: use the 'watch' parameter with a list operation instead, filtered to a single item with the 'fieldSelector' parameter.`
      const watchListDesc = `watch individual changes to a list of ${def.kind}. deprecated: use the 'watch' parameter with a list operation instead.`
      const wl = (operationId: string): OpModel => ({
        method: 'get', action: 'watchlist', operationId, tag, description: watchListDesc, gvk, response: WATCH_EVENT, codes: ['200'], query: LIST_PARAMS, stream: true,
      })
      pathOf(`${prefix}/watch${nsSeg}/${def.resource}`, collParams).ops.push(wl(opId('watch', { namespaced: ns, list: true })))
      pathOf(`${prefix}/watch${nsSeg}/${def.resource}/{name}`, itemParams).ops.push({
        method: 'get', action: 'watch', operationId: opId('watch', { namespaced: ns }), tag, description: watchDesc, gvk, response: WATCH_EVENT,
        codes: ['200'], query: LIST_PARAMS, stream: true,
      })
      if (ns) pathOf(`${prefix}/watch/${def.resource}`, []).ops.push(wl(opId('watch', { list: true, allNs: true })))
    }
  }

  // kubectl `create/apply/replace -f` (default --validate=strict) first checks, in the v3 document of the
  // object's group version, for a PATCH operation carrying the object's GVK and a `fieldValidation` query
  // parameter; finding one it trusts server-side validation (it sends fieldValidation=Strict anyway).
  // Without one it falls back to /openapi/v2, which kubectl can only read as protobuf; our empty protobuf
  // answer then makes it skip validation for the kind. Kinds that can be created but have no PATCH route
  // (ImageStreamImport, ImageStreamMapping, ImageSignature) therefore get a *placeholder* PATCH operation
  // here, on their item path, marked `x-openshift-image-fake-placeholder: true` and documented as answering
  // 405. That keeps the decision in v3 and validation on the server (which implements Strict), instead of
  // silently skipping it. The placeholder is v3-only: the Swagger 2.0 document, which generic clients
  // (openshift-rest-client) turn into methods, lists only real routes.
  if (placeholders) {
    for (const def of gv.resources) {
      if (!def.storage.create || patchedKinds.has(def.kind)) continue
      patchedKinds.add(def.kind)
      const ns = def.namespaced
      const item = `${prefix}${ns ? '/namespaces/{namespace}' : ''}/${def.resource}/{name}`
      const nameParam = { name: 'name', description: `name of the ${def.kind}` }
      pathOf(item, ns ? [nameParam, nsParam] : [nameParam]).ops.push({
        method: 'patch',
        action: 'patch',
        operationId: `patch${idPrefix}${ns ? 'Namespaced' : ''}${def.kind}`,
        tag,
        description:
          `Placeholder: ${def.kind} has no PATCH route and the server answers 405 MethodNotAllowed. Published only so that ` +
          `kubectl sees server-side field validation (fieldValidation) for ${def.kind} when creating it from a file.`,
        gvk: { group: def.group, version: def.version, kind: def.kind },
        body: { type: 'patch', schema: PATCH },
        response: STATUS,
        codes: ['405'],
        query: PATCH_PARAMS,
        stream: false,
        placeholder: true,
      })
    }
  }
  return [...paths.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
}

const METHOD_ORDER: Method[] = ['get', 'put', 'post', 'delete', 'patch']

const CODE_TEXT: Record<string, string> = { '200': 'OK', '201': 'Created', '202': 'Accepted', '401': 'Unauthorized', '405': 'MethodNotAllowed' }

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
      // and skips client-side validation (CLIENTS §1 finding 3). kubectl cannot read JSON here.
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
