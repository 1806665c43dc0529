// Shared machinery of the tag views (imagestreamtag/rest.go, imagetag/rest.go): both are virtual objects computed
// from one ImageStream (+ the Image of the tag's latest event) and written back into that stream through
// the internal ImageStream strategy (imagestream/strategy.go InternalStrategy). The request flows (get, list,
// create, update on a synthetic old object, delete) are identical for both kinds and live here; each kind
// contributes its object shape, strategy hooks and messages through a `TagViewKind`.
//
// Ported from openshift-apiserver pkg/image/apiserver/registry/{imagestreamtag,imagetag}/rest.go and the
// k8s rest.BeforeCreate / rest.BeforeUpdate helpers they call.
// fidelity: imagestreamtag.list

import { errors, fe, type FieldError } from '../../apiserver/errors.js'
import { isPlainObject, sortedMap, stableStringify } from '../../apiserver/json.js'
import { normalizeMeta } from '../../apiserver/meta.js'
import type {
  DeleteOptions,
  DeleteResult,
  ListOptions,
  ListResult,
  RequestContext,
  Storage,
  TableConvertor,
  UpdateResult,
  UpdateTransform,
  WriteOptions,
} from '../../apiserver/types.js'
import { validateObjectMeta, validateObjectMetaUpdate, validatePathSegmentName } from '../../apiserver/validation.js'
import { objectKey, type StoreReader, type Transaction } from '../../store/store.js'
import { normalizeImage } from '../image/normalize.js'
import { ManifestError } from '../image/unmarshal.js'
import { imageWithMetadata } from '../image/image-metadata.js'
import type { ImageGroup } from '../install.js'
import { findSpecTag, findStatusTag, latestTaggedImage, setSpecTag } from '../helpers/tag-events.js'
import { joinImageStreamTag, parseImageStreamTagName, splitImageStreamTag } from '../helpers/names.js'
import { GROUP, type Image, type ImageStream, type KubeObject, type ObjectMeta, type TagReference } from '../types.js'
import { fidelityGate } from '../../apiserver/fidelity.js'

// ---------------------------------------------------------------------------------------------------
// Small object helpers

/** Go's zero time.Time as RFC 3339 (what a null metav1.Time means to the printers). */
export const GO_ZERO_TIME = '0001-01-01T00:00:00Z'

/** Two string maps are equal with nil == empty (Semantic.DeepEqual). */
export function mapsEqual(a: Record<string, string> | null | undefined, b: Record<string, string> | null | undefined): boolean {
  return stableStringify(a ?? {}) === stableStringify(b ?? {})
}

/** ObjectMeta without managedFields (the real field manager's handling of virtual kinds is not emulated). */
export function withoutManagedFields(meta: ObjectMeta): ObjectMeta {
  const { managedFields: _m, ...rest } = meta
  return rest
}

/**
 * An Image as embedded in a view: its metadata parsed from the raw manifest (InternalImageWithMetadata —
 * a manifest list gets `Created: now`), raw manifest and config cleared, no kind/apiVersion. `ref`
 * replaces dockerImageReference when given. A manifest that does not parse fails the request with a
 * plain 500, as the real views return that error.
 */
export function embeddedImage(image: Image, now: string, ref?: string, extraAnnotations?: Record<string, string> | null): Record<string, unknown> {
  const parsed = normalizeImage(structuredClone(image))
  try {
    imageWithMetadata(parsed, now)
  } catch (e) {
    if (e instanceof ManifestError) throw errors.unknown(e.message)
    throw e
  }
  const img = normalizeImage(parsed) as Record<string, unknown>
  delete img.kind
  delete img.apiVersion
  delete img.dockerImageManifest
  delete img.dockerImageConfig
  const meta = img.metadata as ObjectMeta
  if (extraAnnotations) meta.annotations = sortedMap({ ...(meta.annotations ?? {}), ...extraAnnotations })
  if (meta.annotations && !Object.keys(meta.annotations).length) delete meta.annotations
  if (ref === undefined) return img
  const { metadata, dockerImageReference: _r, ...rest } = img
  return { metadata, ...(ref ? { dockerImageReference: ref } : {}), ...rest }
}

/**
 * The Image a view shows when the Image object is not loaded: `{metadata: {name}}` plus the resolved
 * reference, in v1 form (an empty DockerImage metadata, `creationTimestamp: null` as Go prints a zero time).
 */
export function nameOnlyImage(name: string, ref: string): Record<string, unknown> {
  const img = normalizeImage({ dockerImageReference: ref }) as Record<string, unknown>
  delete img.kind
  delete img.apiVersion
  img.metadata = name ? { name, creationTimestamp: null } : { creationTimestamp: null }
  return img
}

/**
 * View metadata in ObjectMeta field order. `creationTimestamp` is printed as null when unset (a zero
 * metav1.Time), like the real server does for views built from events without a time.
 */
export function viewMeta(fields: {
  name: string
  namespace?: string
  uid?: string
  resourceVersion?: string
  creationTimestamp?: string | null
  labels?: Record<string, string> | null
  annotations?: Record<string, string> | null
}): ObjectMeta {
  const m: ObjectMeta = { name: fields.name }
  if (fields.namespace) m.namespace = fields.namespace
  if (fields.uid) m.uid = fields.uid
  if (fields.resourceVersion) m.resourceVersion = fields.resourceVersion
  m.creationTimestamp = fields.creationTimestamp || null
  if (fields.labels && Object.keys(fields.labels).length) m.labels = sortedMap(fields.labels)
  if (fields.annotations && Object.keys(fields.annotations).length) m.annotations = sortedMap(fields.annotations)
  return m
}

/** A copy of a spec tag as views show it (`tag` / `spec`). */
export function copySpecTag(stream: ImageStream, tag: string): TagReference | null {
  const ref = findSpecTag(stream, tag)
  return ref ? structuredClone({ ...ref, name: tag }) : null
}

// ---------------------------------------------------------------------------------------------------
// Streams and images

/** A fresh, unsaved stream for "create mode" (rest.FillObjectMetaSystemFields: uid and creationTimestamp). */
export function syntheticStream(ctx: RequestContext, name: string): ImageStream {
  return {
    kind: 'ImageStream',
    apiVersion: `${GROUP}/v1`,
    metadata: { name, namespace: ctx.info.namespace, uid: ctx.random.uid(), creationTimestamp: ctx.now },
    spec: { lookupPolicy: { local: false } },
    status: { dockerImageRepository: '' },
  }
}

/** The Image named by the tag's latest event, or undefined (no event, no image name, or no Image object). */
export function latestImage(reader: StoreReader, stream: ImageStream, tag: string): Image | undefined {
  const event = latestTaggedImage(stream, tag)
  if (!event || !event.image) return undefined
  return reader.get('images', event.image) as Image | undefined
}

/** Does a view object match the list's label selector (stream labels) and field selector (name/namespace)? */
export function viewMatches(obj: KubeObject, opts: ListOptions): boolean {
  if (opts.labelSelector && !opts.labelSelector.empty && !opts.labelSelector.matches(obj.metadata.labels)) return false
  if (opts.fieldSelector && !opts.fieldSelector.empty) {
    const fields = { 'metadata.name': obj.metadata.name ?? '', 'metadata.namespace': obj.metadata.namespace ?? '' }
    if (!opts.fieldSelector.matches(fields)) return false
  }
  return true
}

// ---------------------------------------------------------------------------------------------------
// The per-kind contract

export interface TagViewKind {
  /** Plural resource (`imagestreamtags`), used in NotFound / Conflict messages. */
  resource: string
  kind: string
  /** The resource named in the AlreadyExists error of create (`imagestreamtag` — singular! — or `imagetags`). */
  alreadyExistsResource: string
  /** 400 message for a name that is not `<stream>:<tag>`. */
  badNameMessage: string
  /** Build the view; undefined means "not found" (only when `allowEmpty` is false). `now`: see embeddedImage. */
  build(stream: ImageStream, tag: string, image: Image | undefined, allowEmpty: boolean, now: string): KubeObject | undefined
  /** Tags a LIST emits for one stream, in order. */
  listTags(stream: ImageStream): string[]
  /** GET: must the Image object exist? (ISTag: 404 when the tag has no image or the Image is missing.) */
  imageRequired: boolean
  /** v1 decoding of a request body (defaults applied). */
  normalize(raw: unknown): KubeObject
  /** ISTag only: labels of the stream are assumed when the body has none. */
  defaultLabels: boolean
  prepareForCreate(obj: KubeObject): void
  validateCreate(obj: KubeObject): FieldError[]
  prepareForUpdate(obj: KubeObject, old: KubeObject): void
  validateUpdate(obj: KubeObject, old: KubeObject): FieldError[]
  /** The spec tag a POST adds (null: none). */
  specTagOf(obj: KubeObject): TagReference | null
  /** Write the view's spec tag into the stream on update; may throw (e.g. ISTag's "not a spec tag"). */
  applyUpdate(stream: ImageStream, tag: string, obj: KubeObject, exists: boolean): void
  table: TableConvertor
}

// ---------------------------------------------------------------------------------------------------
// The storage

/** rest.Storage for a tag view (get, list, create, update incl. create-on-update, delete; no watch). */
export class TagViewStorage implements Storage {
  readonly table: TableConvertor
  readonly allowCreateOnUpdate = true

  constructor(
    private readonly kind: TagViewKind,
    private readonly group: ImageGroup,
  ) {
    this.table = kind.table
  }

  private nameAndTag(id: string): { name: string; tag: string } {
    const p = parseImageStreamTagName(id)
    if (!p.ok) throw errors.badRequest(this.kind.badNameMessage)
    return { name: p.name, tag: p.tag }
  }

  /** The stream as read through the main resource (decorated), inside a transaction. */
  private readStream(tx: StoreReader, ctx: RequestContext, name: string): ImageStream | undefined {
    const s = tx.get('imagestreams', objectKey(ctx.info.namespace, name))
    // a private copy: the stored object must never be mutated outside a committed write
    return s ? (this.group.imageStreams.decorate(structuredClone(s), ctx) as ImageStream) : undefined
  }

  get(ctx: RequestContext, id: string): KubeObject {
    const { name, tag } = this.nameAndTag(id)
    const stream = this.group.imageStreams.get(ctx, name) as ImageStream
    let image: Image | undefined
    const event = latestTaggedImage(stream, tag)
    if (event && event.image) {
      image = ctx.store.get('images', event.image) as Image | undefined
      if (!image && this.kind.imageRequired) throw errors.notFound(GROUP, 'images', event.image)
    } else if (this.kind.imageRequired) {
      throw errors.notFound(GROUP, this.kind.resource, joinImageStreamTag(stream.metadata.name ?? '', tag))
    }
    const obj = this.kind.build(stream, tag, image, false, ctx.now)
    if (!obj) throw errors.notFound(GROUP, this.kind.resource, joinImageStreamTag(stream.metadata.name ?? '', tag))
    return obj
  }

  /**
   * LIST: the streams are listed with the same options (so selectors, limit and resourceVersion apply to
   * the streams — QUIRK: `metadata.name=<s>:<t>` therefore matches nothing), then every view is filtered
   * again. The real list carries an empty ListMeta (no resourceVersion, no continue).
   */
  list(ctx: RequestContext, opts: ListOptions): ListResult {
    const streams = this.group.imageStreams.list(ctx, opts).items as ImageStream[]
    const items: KubeObject[] = []
    for (const s of streams) {
      for (const tag of this.kind.listTags(s)) {
        const obj = this.kind.build(s, tag, undefined, false, ctx.now)
        if (obj && viewMatches(obj, opts)) items.push(obj)
      }
    }
    // fidelity: imagestreamtag.list-null-items — openshift-apiserver's imagestreamtag/imagetag REST.List
    // appends to a nil slice, so an empty list is `items: null` on the wire; the fake writes `[]`.
    if (!items.length) fidelityGate(ctx, 'imagestreamtag.list-null-items', `an empty ${this.kind.kind}List`)
    return { items, resourceVersion: undefined as unknown as string }
  }

  async create(ctx: RequestContext, input: KubeObject, opts: WriteOptions): Promise<KubeObject> {
    const obj = this.kind.normalize(input)
    const meta = obj.metadata
    // rest.FillObjectMetaSystemFields + rest.BeforeCreate
    meta.uid = ctx.random.uid()
    meta.creationTimestamp = ctx.now
    if (meta.generateName && !meta.name) throw errors.internal('metadata.name was not generated')
    ensureNamespace(obj, ctx)
    delete meta.deletionTimestamp
    delete meta.deletionGracePeriodSeconds
    this.kind.prepareForCreate(obj)
    const errs = this.kind.validateCreate(obj)
    if (errs.length) throw errors.invalid(GROUP, this.kind.kind, meta.name ?? '', errs)
    const istag = meta.name ?? ''
    const split = splitImageStreamTag(istag)
    if (!split.ok) throw errors.unknown(`"${istag}" must be of the form <stream_name>:<tag>`)
    const { written, image } = await ctx.store.transaction(async (tx) => {
      tx.dryRun = opts.dryRun
      let stream = this.readStream(tx, ctx, split.name)
      const create = !stream
      stream ??= { kind: 'ImageStream', metadata: { name: split.name, namespace: ctx.info.namespace }, spec: {}, status: { dockerImageRepository: '' } }
      if (findSpecTag(stream, split.tag)) throw errors.alreadyExists(GROUP, this.kind.alreadyExistsResource, istag)
      const ref = this.kind.specTagOf(obj)
      if (ref) setSpecTag(stream, { ...structuredClone(ref), name: split.tag })
      const written = this.writeStream(tx, ctx, stream, create, opts)
      return { written, image: latestImage(tx, written, split.tag) }
    })
    // built after the commit: like the real server, a failure here does not undo the write
    return this.kind.build(written, split.tag, image, true, ctx.now)!
  }

  async update(ctx: RequestContext, id: string, transform: UpdateTransform, opts: WriteOptions): Promise<UpdateResult> {
    const { name, tag } = this.nameAndTag(id)
    const { written, image, exists } = await ctx.store.transaction(async (tx) => {
      tx.dryRun = opts.dryRun
      let stream = this.readStream(tx, ctx, name)
      const create = !stream
      stream ??= syntheticStream(ctx, name)
      // the synthetic old object, to which the PUT body / PATCH applies
      const old = this.kind.build(stream, tag, undefined, true, ctx.now)!
      const raw = transform(structuredClone(old))
      const obj = this.kind.normalize(raw)
      const meta = obj.metadata
      checkResourceVersion(this.kind.resource, id, obj, stream, create)
      if (this.kind.defaultLabels && Object.keys(stream.metadata.labels ?? {}).length && !Object.keys(meta.labels ?? {}).length) {
        meta.labels = structuredClone(stream.metadata.labels)
      }
      delete meta.managedFields
      ensureNamespace(obj, ctx)
      if (create) {
        meta.uid = ctx.random.uid()
        meta.creationTimestamp = ctx.now
        delete meta.deletionTimestamp
        delete meta.deletionGracePeriodSeconds
        this.kind.prepareForCreate(obj)
        const errs = this.kind.validateCreate(obj)
        if (errs.length) throw errors.invalid(GROUP, this.kind.kind, meta.name ?? '', errs)
      } else {
        beforeUpdate(obj, old)
        this.kind.prepareForUpdate(obj, old)
        if (!meta.uid) meta.uid = old.metadata.uid
        if (old.metadata.creationTimestamp) meta.creationTimestamp = old.metadata.creationTimestamp
        const errs = [
          ...validateObjectMeta(meta, { namespaced: true, nameFn: validatePathSegmentName }),
          ...validateObjectMetaUpdate(meta, old.metadata),
          ...this.kind.validateUpdate(obj, old),
        ]
        if (errs.length) throw errors.invalid(GROUP, this.kind.kind, meta.name ?? '', errs)
      }
      const exists = !!findSpecTag(stream, tag)
      if (!exists) ctx.authorizeCreate?.()
      const next = structuredClone(stream)
      this.kind.applyUpdate(next, tag, obj, exists)
      const written = this.writeStream(tx, ctx, next, create, opts)
      return { written, image: latestImage(tx, written, tag), exists }
    })
    // built after the commit: like the real server, a failure here does not undo the write
    return { object: this.kind.build(written, tag, image, true, ctx.now)!, created: !exists }
  }

  async delete(ctx: RequestContext, id: string, opts: DeleteOptions): Promise<DeleteResult> {
    const { name, tag } = this.nameAndTag(id)
    return ctx.store.transaction(async (tx) => {
      tx.dryRun = opts.dryRun
      const stream = this.readStream(tx, ctx, name)
      if (!stream) throw errors.notFound(GROUP, 'imagestreams', name)
      const uid = opts.preconditions?.uid
      if (uid && uid !== stream.metadata.uid) {
        throw errors.conflict(GROUP, this.kind.resource, id, 'the UID precondition was not met')
      }
      const next = structuredClone(stream)
      let found = false
      if (findStatusTag(next, tag)) {
        next.status.tags = next.status.tags!.filter((t) => t.tag !== tag)
        if (!next.status.tags.length) delete next.status.tags
        found = true
      }
      if (findSpecTag(next, tag)) {
        next.spec.tags = next.spec.tags!.filter((t) => t.name !== tag)
        if (!next.spec.tags.length) delete next.spec.tags
        found = true
      }
      if (!found) throw errors.notFound(GROUP, this.kind.resource, id)
      this.writeStream(tx, ctx, next, false, opts)
      return { status: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success' }, code: 200 }
    })
  }

  /**
   * Write the stream in the request's transaction: a new stream through the main resource's create
   * (status reset, generation 1), an existing one through the internal update (status kept, generation
   * and tag-generation rules, tag resolution, tracking tags). Returns the stored stream, decorated.
   */
  private writeStream(tx: Transaction, ctx: RequestContext, stream: ImageStream, create: boolean, opts: WriteOptions): ImageStream {
    // The registry writes of the real server bypass the handlers: no UID precondition, no apply semantics.
    const wopts: WriteOptions = { dryRun: opts.dryRun, fieldManager: opts.fieldManager, operation: 'Update', registryWrite: true }
    if (create) {
      const s = structuredClone(stream)
      delete s.metadata.uid
      delete s.metadata.creationTimestamp
      delete s.metadata.resourceVersion
      const stored = this.group.imageStreams.createIn(tx, ctx, s, wopts)
      return this.group.imageStreams.decorate(stored, ctx) as ImageStream
    }
    const r = this.group.imageStreamsInternal.updateIn(tx, ctx, stream.metadata.name ?? '', () => structuredClone(stream), wopts)
    return this.group.imageStreamsInternal.decorate(r.object, ctx) as ImageStream
  }
}

/** rest.EnsureObjectNamespaceMatchesRequestNamespace */
function ensureNamespace(obj: KubeObject, ctx: RequestContext): void {
  const ns = obj.metadata.namespace ?? ''
  if (!ns) obj.metadata.namespace = ctx.info.namespace
  else if (ns !== ctx.info.namespace) {
    throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request')
  }
}

/** The parts of rest.BeforeUpdate that run before PrepareForUpdate. */
function beforeUpdate(obj: KubeObject, old: KubeObject): void {
  if (old.metadata.generation) obj.metadata.generation = old.metadata.generation
  else delete obj.metadata.generation
  if (old.metadata.deletionTimestamp) obj.metadata.deletionTimestamp = old.metadata.deletionTimestamp
  if (old.metadata.deletionGracePeriodSeconds !== undefined && obj.metadata.deletionGracePeriodSeconds === undefined) {
    obj.metadata.deletionGracePeriodSeconds = old.metadata.deletionGracePeriodSeconds
  }
}

/**
 * The view's resourceVersion is the stream's: an empty one is a blind write (it takes the stream's RV);
 * a given one needs the stream to exist (404) and to be at that version (409 "another caller").
 */
export function checkResourceVersion(resource: string, id: string, obj: KubeObject, stream: ImageStream, create: boolean): void {
  const rv = obj.metadata.resourceVersion ?? ''
  const streamRV = create ? '' : (stream.metadata.resourceVersion ?? '')
  if (!rv) {
    if (streamRV) obj.metadata.resourceVersion = streamRV
    else delete obj.metadata.resourceVersion
    return
  }
  if (!streamRV) throw errors.notFound(GROUP, resource, id)
  if (rv !== streamRV) {
    throw errors.conflict(GROUP, resource, obj.metadata.name ?? id, `another caller has updated the resource version to ${streamRV}`)
  }
}

// ---------------------------------------------------------------------------------------------------
// Shared decoding / validation pieces

/** The ObjectMeta of a decoded view body (kept `null` creationTimestamp out; Go field order). */
export function decodeMeta(raw: Record<string, unknown>): ObjectMeta {
  return normalizeMeta(raw.metadata)
}

/** `raw[key]` when it is a JSON object. */
export function objectField(raw: unknown, key: string): Record<string, unknown> | undefined {
  if (!isPlainObject(raw)) return undefined
  const v = raw[key]
  return isPlainObject(v) ? v : undefined
}

/** Create validation shared by both kinds: ObjectMeta with path-segment names (namespaced). */
export function validateViewMeta(meta: ObjectMeta): FieldError[] {
  return validateObjectMeta(meta, { namespaced: true, nameFn: validatePathSegmentName })
}

/** `field: Invalid value: "": may not update fields other than <what>` when a and b differ. */
export function onlyChanged(path: string, a: unknown, b: unknown, what: string): FieldError[] {
  return stableStringify(a) === stableStringify(b) ? [] : [fe.invalid(path, '', `may not update fields other than ${what}`)]
}
