// The model behind the OpenAPI documents: schema lookup in the registry (by identity, GVK or kind) and the
// route model shared by v2 and v3 — every path and operation the engine serves, with the apiserver's
// operation ids, tags, parameters and extensions. openapi.ts renders it.

import { META, RUNTIME, metaSchemas } from './schema/meta-schemas.js'
import type { OpenAPISchema, SchemaRegistry } from './schema-types.js'
import type { Storage } from './types.js'
import type { GroupVersionResources } from './openapi.js'

// ---------------------------------------------------------------------------------------------------
// Schema lookup

export const WATCH_EVENT = `${META}WatchEvent`
export const STATUS = `${META}Status`
export const DELETE_OPTIONS = `${META}DeleteOptions`
export const PATCH = `${META}Patch`

/** Definitions the documents need that a registry may not carry (meta/v1 ones come from metaSchemas). */
export const EXTRA_SCHEMAS: SchemaRegistry = {
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

export const REF_V3 = '#/components/schemas/'
export const REF_V2 = '#/definitions/'

export class Registry {
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

export function collectRefs(value: unknown, out: string[]): void {
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

// ---------------------------------------------------------------------------------------------------
// Route model (shared by v2 and v3)

export type Method = 'get' | 'put' | 'post' | 'delete' | 'patch'
export type Action = 'get' | 'list' | 'put' | 'patch' | 'post' | 'delete' | 'deletecollection' | 'watch' | 'watchlist'

export interface GVK {
  group: string
  version: string
  kind: string
}

export interface OpModel {
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

export interface PathModel {
  path: string
  params: Array<{ name: string; description: string }>
  ops: OpModel[]
}

export const LIST_PARAMS = [
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
export const WRITE_PARAMS = ['dryRun', 'fieldManager', 'fieldValidation']
export const PATCH_PARAMS = ['dryRun', 'fieldManager', 'fieldValidation', 'force']
export const DELETE_PARAMS = ['dryRun', 'gracePeriodSeconds', 'orphanDependents', 'propagationPolicy']
export const DELETE_COLLECTION_PARAMS = [
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

export const QUERY_PARAMS: Record<string, { type: 'string' | 'boolean' | 'integer'; description: string }> = {
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

export const PATCH_TYPES = ['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json']
export const PRODUCES = ['application/json', 'application/yaml']
export const PRODUCES_STREAM = ['application/json', 'application/yaml', 'application/json;stream=watch']

/** Port of the apiserver's ToValidOperationID. */
export function toValidOperationID(s: string, capitalizeFirst: boolean): string {
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

export function groupToken(group: string): string {
  return (group || 'core').replace(/\.k8s\.io$/, '')
}

/** The OpenAPI tag of a group version, e.g. `imageOpenshiftIo_v1`, `core_v1`. */
export function openAPITag(group: string, version: string): string {
  return `${toValidOperationID(groupToken(group), false)}_${toValidOperationID(version, false)}`
}

export function article(kind: string): string {
  if (!kind.endsWith('ss') && kind.endsWith('s')) return ''
  return /^[aeiou]/i.test(kind) ? 'an ' : 'a '
}

/** Build the paths of one group version. `placeholders` adds the v3-only PATCH placeholders. */
export function buildPaths(gv: GroupVersionResources, reg: Registry, placeholders: boolean): PathModel[] {
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

export const METHOD_ORDER: Method[] = ['get', 'put', 'post', 'delete', 'patch']

export const CODE_TEXT: Record<string, string> = { '200': 'OK', '201': 'Created', '202': 'Accepted', '401': 'Unauthorized', '405': 'MethodNotAllowed' }
