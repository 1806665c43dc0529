// The verb handlers (k8s.io/apiserver/pkg/endpoints/handlers): get, list, create, update, patch, delete,
// deletecollection. Each turns a request into Storage calls and writes the response.

import type { KubeObject } from '../image/types.js'
import { errors } from './errors.js'
import { checkTypeMeta, decodeObject, mediaTypeOf, parseBody, readBody, readBodyBytes, yamlDuplicates, type Expect } from './decode.js'
import { PROTOBUF } from './protobuf/served.js'
import { protobufCodec } from './protobuf/lazy.js'
import { tapBody } from './request-tap.js'
import { isPlainObject, textOf } from './json.js'
import type { Negotiated } from './negotiation.js'
import { parseDeleteOptions, parseListOptions, parseWriteOptions, type ParsedWriteOptions } from './options.js'
import { applyJsonPatchWithWarnings } from './patch/json-patch.js'
import { applyMergePatchWithWarnings } from './patch/merge-patch.js'
import { applyStrategicMergePatchBodyWithWarnings } from './patch/strategic.js'
import { applyServerSideApply, validateApplyIntent } from './patch/apply.js'
import { applyOwnership, conflictMessage } from './managed-fields.js'
import { waitForListResourceVersion } from './list.js'
import { cachedBytes, concatBytes, listItem, listMetadata, partialObjectMetadata, respond, respondRaw, toTable } from './response.js'
import { goJSON } from './json.js'

const TEXT = new TextEncoder()
const COMMA = TEXT.encode(',')
const CLOSE = TEXT.encode(']}\n')
import type { SchemaRegistry, OpenAPISchema } from './schema-types.js'
import { findUnknownFields } from './schema/unknown-fields.js'
import { appliedObjectTypeError, patchedObjectTypeError } from './typed-decode/patch.js'
import { readsOnly, type ListResult, type RequestContext, type Storage, type TableConvertor } from './types.js'
import { cloneObject } from './clone.js'
import { goStrconvQuote } from './patch/go-json.js'
import { managedFieldsTypeError } from './managed-fields-type.js'

export interface Endpoint {
  group: string
  version: string
  kind: string
  listKind: string
  resource: string
  storage: Storage
  schema?: OpenAPISchema
  registry: SchemaRegistry
  knownKinds: Set<string>
  table?: TableConvertor
  /** How long a LIST at a resourceVersion the store has not reached waits for it (ms). */
  tooLargeResourceVersionWaitMs?: number
}

function expectOf(ep: Endpoint): Expect {
  return { group: ep.group, version: ep.version, kind: ep.kind, knownKinds: ep.knownKinds }
}

function gvOf(ep: Endpoint): string {
  return ep.group ? `${ep.group}/${ep.version}` : ep.version
}

/** `write`: the answer to a write (its object is new: its bytes are not kept for later reads). */
export function writeObject(ctx: RequestContext, ep: Endpoint, neg: Negotiated, status: number, obj: KubeObject, write = false): Response {
  if (neg.target === 'Table') {
    return respond(status, toTable([obj], ep.table, ctx, neg, { resourceVersion: obj.metadata.resourceVersion ?? '' }), neg, ctx)
  }
  if (neg.target === 'PartialObjectMetadata') return respond(status, partialObjectMetadata(obj, neg.targetVersion), neg, ctx)
  return respond(status, obj, neg, ctx, {}, !write)
}

/** The last JSON list body written per endpoint, with what it was made of. */
const lastList = new WeakMap<Endpoint, { head: string; items: readonly KubeObject[]; bytes: Uint8Array }>()

function sameItems(a: readonly KubeObject[], b: readonly KubeObject[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

export function writeList(ctx: RequestContext, ep: Endpoint, neg: Negotiated, result: ListResult): Response {
  const meta = listMetadata(result)
  if (neg.target === 'Table') return respond(200, toTable(result.items, ep.table, ctx, neg, meta), neg, ctx)
  if (neg.target === 'PartialObjectMetadataList') {
    const v = neg.targetVersion ?? 'v1'
    return respond(
      200,
      { kind: 'PartialObjectMetadataList', apiVersion: `meta.k8s.io/${v}`, metadata: meta, items: result.items.map((o) => partialObjectMetadata(o, v)) },
      neg,
      ctx,
    )
  }
  if (neg.mediaType === 'application/json' && !neg.pretty) {
    // Assemble from the cached encodings of the (immutable) items; the same list twice (same metadata,
    // the same stored objects) is the same bytes — what a client polling an unchanged list gets.
    const head = goJSON({ kind: ep.listKind, apiVersion: gvOf(ep), metadata: meta })
    const last = lastList.get(ep)
    if (last && last.head === head && sameItems(last.items, result.items)) return respondRaw(200, last.bytes, neg, ctx)
    const parts: Uint8Array[] = [TEXT.encode(`${head.slice(0, -1)},"items":[`)]
    result.items.forEach((o, i) => {
      if (i) parts.push(COMMA)
      parts.push(cachedBytes(listItem(o)))
    })
    parts.push(CLOSE)
    const bytes = concatBytes(parts)
    lastList.set(ep, { head, items: result.items, bytes })
    return respondRaw(200, bytes, neg, ctx)
  }
  return respond(200, { kind: ep.listKind, apiVersion: gvOf(ep), metadata: meta, items: result.items.map(listItem) }, neg, ctx)
}

export async function handleGet(ctx: RequestContext, ep: Endpoint, neg: Negotiated, name: string): Promise<Response> {
  if (ctx.query.has('export') && ctx.query.get('export') !== 'false') {
    throw errors.badRequest('the export parameter, deprecated since v1.14, is no longer supported')
  }
  const obj = await ep.storage.get!(ctx, name)
  return writeObject(ctx, ep, neg, 200, obj)
}

export async function handleList(ctx: RequestContext, ep: Endpoint, neg: Negotiated): Promise<Response> {
  const opts = parseListOptions(ctx.query, false)
  if (ctx.info.name && opts.fieldSelector) {
    const n = opts.fieldSelector.requiresExactMatch('metadata.name')
    if (n !== undefined && n !== ctx.info.name) throw errors.badRequest('fieldSelector metadata.name doesn\'t match requested name')
  }
  await waitForListResourceVersion(ctx.store, opts, ep.tooLargeResourceVersionWaitMs ?? 0, ctx.clock, ctx.signal)
  const result = await ep.storage.list!(ctx, opts)
  return writeList(ctx, ep, neg, result)
}

async function readObject(ctx: RequestContext, ep: Endpoint, opts: ParsedWriteOptions): Promise<KubeObject> {
  const contentType = ctx.request.headers.get('content-type')
  const bytes = mediaTypeOf(contentType) === PROTOBUF ? await readBodyBytes(ctx.request) : undefined
  const obj = decodeObject({
    text: bytes ? '' : await readBody(ctx.request),
    bytes,
    contentType,
    expect: expectOf(ep),
    fieldValidation: opts.fieldValidation,
    schema: ep.schema,
    registry: ep.registry,
    warnings: ctx.warnings,
  })
  if (bytes) tapBody(ctx.request, goJSON(obj)) // request records show a protobuf body in its JSON form
  return obj
}

export async function handleCreate(ctx: RequestContext, ep: Endpoint, neg: Negotiated): Promise<Response> {
  const opts = parseWriteOptions('POST', ctx.query, ctx.userAgent)
  const obj = await readObject(ctx, ep, opts)
  const created = await ep.storage.create!(ctx, obj, opts)
  if (isStatusObject(created)) return respond((created as { code?: number }).code ?? 201, created, neg, ctx)
  return writeObject(ctx, ep, neg, 201, created, true)
}

function isStatusObject(o: KubeObject): boolean {
  return o.kind === 'Status' && o.apiVersion === 'v1'
}

/** rest.checkName: the object's name and namespace must agree with the URL. */
export function checkName(obj: KubeObject, name: string, namespace: string): void {
  const objName = textOf(obj.metadata?.name)
  if (objName !== name) throw errors.badRequest(`the name of the object (${objName}) does not match the name on the URL (${name})`)
  const objNs = textOf(obj.metadata?.namespace)
  if (namespace && objNs && objNs !== namespace) {
    throw errors.badRequest(`the namespace of the object (${objNs}) does not match the namespace on the request (${namespace})`)
  }
}

export async function handleUpdate(ctx: RequestContext, ep: Endpoint, neg: Negotiated, name: string): Promise<Response> {
  const opts = parseWriteOptions('PUT', ctx.query, ctx.userAgent)
  const obj = await readObject(ctx, ep, opts)
  checkName(obj, name, ctx.info.namespace)
  const uid = obj.metadata.uid
  const result = await ep.storage.update!(ctx, name, readsOnly(() => cloneObject(obj)), { ...opts, uidPrecondition: uid })
  return writeObject(ctx, ep, neg, result.created ? 201 : 200, result.object, true)
}

const PATCH_TYPES: Record<string, 'json' | 'merge' | 'strategic' | 'apply'> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
}

function applyIntent(text: string, ep: Endpoint, opts: ParsedWriteOptions): KubeObject {
  if (opts.fieldValidation === 'Strict') {
    // sigs.k8s.io/yaml UnmarshalStrict, wrapped by the apply patcher.
    const dups = yamlDuplicates(text)
    if (dups.length) throw errors.badRequest(`error strict decoding YAML: error converting YAML to JSON: yaml: unmarshal errors:\n${dups.map((d) => `  ${d}`).join('\n')}`)
  }
  const intent = parseBody(text, 'application/yaml', ep.kind)
  if (!isPlainObject(intent)) throw errors.badRequest(`invalid object type: /, Kind=`)
  const apiVersion = typeof intent.apiVersion === 'string' ? intent.apiVersion : ''
  const kind = typeof intent.kind === 'string' ? intent.kind : ''
  if (apiVersion !== gvOf(ep) || kind !== ep.kind) {
    const slash = apiVersion.indexOf('/')
    const g = slash >= 0 ? apiVersion.slice(0, slash) : ''
    const v = slash >= 0 ? apiVersion.slice(slash + 1) : apiVersion
    throw errors.badRequest(`invalid object type: ${g}/${v}, Kind=${kind}`)
  }
  if (isPlainObject(intent.metadata) && intent.metadata.managedFields !== undefined) {
    throw errors.badRequest('metadata.managedFields must be nil')
  }
  // A wrongly typed metadata is left for the typed patch object to refuse.
  if (intent.metadata === undefined || intent.metadata === null) intent.metadata = {}
  return intent as KubeObject
}

export async function handlePatch(ctx: RequestContext, ep: Endpoint, neg: Negotiated, name: string): Promise<Response> {
  const type = PATCH_TYPES[mediaTypeOf(ctx.request.headers.get('content-type'))]
  if (!type) throw errors.unsupportedPatchType()
  const opts = parseWriteOptions('PATCH', ctx.query, ctx.userAgent, type === 'apply')
  const text = await readBody(ctx.request)
  const intent = type === 'apply' ? applyIntent(text, ep, opts) : undefined
  // `<namespace>/<name>; <group>/<version>, Kind=<Kind>` of the applied configuration (objectGVKNN).
  const objectRef = intent ? `${textOf(intent.metadata.namespace)}/${textOf(intent.metadata.name)}; ${ep.group}/${ep.version}, Kind=${ep.kind}` : undefined
  if (intent) {
    // Typing the applied configuration fails before anything else, whether the object exists or not.
    validateApplyIntent(intent, ep.schema, ep.registry, { objectRef })
    opts.applied = intent
  }
  // Every patch type builds the patched object as a copy; `old` is only read.
  const transform = readsOnly((old: KubeObject | undefined): KubeObject => {
    if (!old) {
      const created = structuredClone(intent!)
      const convErr = appliedObjectTypeError(created, ep.schema, ep.registry, objectRef!)
      if (convErr) throw errors.unknown(convErr)
      checkName(created, name, ctx.info.namespace)
      return created
    }
    const { kind: _k, apiVersion: _a, ...current } = old
    const base = { kind: ep.kind, apiVersion: gvOf(ep), ...current }
    const pOpts = { fieldValidation: opts.fieldValidation }
    let patched: unknown
    let strictErrors: string[] = []
    switch (type) {
      case 'json':
        ;({ object: patched, strictErrors } = applyJsonPatchWithWarnings(base, text, pOpts))
        break
      case 'merge':
        ;({ object: patched, strictErrors } = applyMergePatchWithWarnings(base, text, pOpts))
        break
      case 'strategic':
        ;({ object: patched, strictErrors } = applyStrategicMergePatchBodyWithWarnings(base, text, ep.schema ?? {}, ep.registry, pOpts))
        break
      case 'apply': {
        const merged = applyServerSideApply(base, structuredClone(intent), ep.schema ?? {}, ep.registry, { objectRef }) as KubeObject
        const convErr = appliedObjectTypeError(merged, ep.schema, ep.registry, objectRef!)
        if (convErr) throw errors.unknown(convErr)
        const conflicts = applyOwnership({ live: old, merged, applied: intent!, manager: opts.fieldManager, subresource: ctx.info.subresource || undefined, force: opts.force, listKeys: ep.storage.listKeys })
        if (conflicts.length) throw errors.applyConflict(conflictMessage(conflicts), conflicts)
        patched = merged
        break
      }
    }
    if (!isPlainObject(patched)) {
      throw errors.invalid('', '', '', [{ type: 'FieldValueInvalid', field: 'patch', badValue: JSON.stringify(patched), detail: 'json: cannot unmarshal into Go value of the object type' }])
    }
    if (type !== 'apply') {
      // The patched object is decoded like a body; a type error is 422 (field "patch") and trumps strict errors.
      // Subtrees a merge patch left alone are the stored object's own, which decodes.
      const typeErr = patchedObjectTypeError(type, patched, text, ep.schema, ep.registry, base)
      if (typeErr) throw errors.invalid('', '', '', [typeErr])
    }
    checkTypeMeta(patched, expectOf(ep))
    // runtime.DecodeInto of the patched JSON fails on a wrongly typed managedFields: 422 on field `patch`.
    // (Entries the result shares with the stored object decode: they were checked when written.)
    const mfShared = isPlainObject(patched.metadata) && isPlainObject(base.metadata) && patched.metadata.managedFields === base.metadata.managedFields
    const mfError = mfShared ? undefined : managedFieldsTypeError(patched.metadata)
    if (mfError) throw errors.invalid('', '', '', [{ type: 'FieldValueInvalid', field: 'patch', badValue: JSON.stringify(patched), detail: mfError }])
    if (opts.fieldValidation !== 'Ignore') {
      const problems = [...strictErrors]
      if (ep.schema) for (const p of findUnknownFields(patched, ep.schema, ep.registry, base)) problems.push(`unknown field ${goStrconvQuote(p)}`)
      if (problems.length && opts.fieldValidation === 'Strict') {
        // The real server reports the patched object (Go map rendering) and the strict decoding errors.
        throw errors.invalid('', '', '', [{ type: 'FieldValueInvalid', field: 'patch', badValue: JSON.stringify(patched), detail: `strict decoding error: ${problems.join(', ')}` }])
      }
      for (const u of problems) if (!ctx.warnings.includes(u)) ctx.warnings.push(u)
    }
    if (!isPlainObject(patched.metadata)) patched.metadata = {}
    checkName(patched as KubeObject, name, ctx.info.namespace)
    return patched as KubeObject
  })
  const result = await ep.storage.update!(ctx, name, transform, opts)
  return writeObject(ctx, ep, neg, result.created ? 201 : 200, result.object, true)
}

/** A DeleteOptions body as JSON text (a protobuf one is decoded first: the meta codecs accept both). */
async function readDeleteOptionsText(request: Request): Promise<string> {
  if (mediaTypeOf(request.headers.get('content-type')) !== PROTOBUF) return readBody(request)
  const bytes = await readBodyBytes(request)
  const text = bytes.length ? goJSON(protobufCodec().decodeProtobufDeleteOptions(bytes)) : ''
  tapBody(request, text)
  return text
}

export async function handleDelete(ctx: RequestContext, ep: Endpoint, neg: Negotiated, name: string): Promise<Response> {
  const text = await readDeleteOptionsText(ctx.request)
  const opts = parseDeleteOptions(text, ctx.query, ctx.userAgent)
  const r = await ep.storage.delete!(ctx, name, opts)
  if (r.object) return writeObject(ctx, ep, neg, 200, r.object)
  return respond(r.code ?? 200, r.status, neg, ctx)
}

export async function handleDeleteCollection(ctx: RequestContext, ep: Endpoint, neg: Negotiated): Promise<Response> {
  const listOpts = parseListOptions(ctx.query, false)
  const text = await readDeleteOptionsText(ctx.request)
  const opts = parseDeleteOptions(text, ctx.query, ctx.userAgent)
  const result = await ep.storage.deleteCollection!(ctx, listOpts, opts)
  return writeList(ctx, ep, neg, result)
}
