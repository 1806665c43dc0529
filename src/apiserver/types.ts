// The contract between the generic engine and the resources registered with it (like k8s rest.Storage).

import type { KubeObject } from '../image/types.js'
import type { Store, StoreReader, Transaction } from '../store/store.js'
import type { RequestInfo } from './request-info.js'
import type { LabelSelector } from './selectors/labels.js'
import type { FieldSelector } from './selectors/fields.js'
import type { OpenAPISchema } from './schema-types.js'
import type { Clock } from '../clock/clock.js'
import type { Random } from '../clock/random.js'
import type { UserInfo } from './auth/types.js'

export interface RequestContext {
  request: Request
  url: URL
  info: RequestInfo
  query: URLSearchParams
  /** Request time, RFC 3339 seconds. */
  now: string
  nowMs: number
  userAgent: string
  /** Warning header texts collected while serving. */
  warnings: string[]
  signal?: AbortSignal
  store: Store
  /** Admission run before a namespaced object is created (NamespaceLifecycle; installed by the core group). */
  admitCreate?: CreateAdmission
  /** The fake's clock (timers of watches, waits) and identity source (uids, generated names). */
  clock: Clock
  random: Random
  /** Who the request runs as (after authentication and impersonation; `system:anonymous` when auth is off). */
  user?: UserInfo
  /**
   * An update or apply that creates the object must also be allowed to `create` it (the handlers'
   * `withAuthorization` create validation): storages call this before creating on update. Throws 403.
   */
  authorizeCreate?: () => void
  /** Strict mode (docs/fidelity.md#strict-mode): approximated and not-modelled rules answer 501. */
  strict?: boolean
  /** Requests are authorized by an RBAC policy (false or absent: every request is allowed). */
  authorizing?: boolean
}

/**
 * A create admission check (k8s mutating admission, which runs before the strategy): throws to reject.
 * `resource` is the storage's resource; the check may prefer the request's own resource.
 */
export type CreateAdmission = (
  ctx: RequestContext,
  reader: StoreReader,
  obj: KubeObject,
  resource: { group: string; resource: string },
) => void

export interface ListOptions {
  labelSelector?: LabelSelector
  fieldSelector?: FieldSelector
  limit: number
  continue?: string
  resourceVersion?: string
  resourceVersionMatch?: string
  watch: boolean
  allowWatchBookmarks: boolean
  sendInitialEvents?: boolean
  timeoutSeconds?: number
}

export interface ListResult {
  items: KubeObject[]
  resourceVersion: string
  continue?: string
  remainingItemCount?: number
}

export interface WriteOptions {
  dryRun: boolean
  fieldManager: string
  /** 'Update' for PUT/POST/non-apply PATCH, 'Apply' for server-side apply. */
  operation: 'Update' | 'Apply'
  /** PUT bodies that carry metadata.uid make it a storage precondition. */
  uidPrecondition?: string
  /** Seeding: keep a given uid and creationTimestamp. */
  seed?: boolean
  /** Server-side apply: the applied configuration (its fields are what the applier owns). */
  applied?: KubeObject
  /** Server-side apply: take over conflicting fields. */
  force?: boolean
  /**
   * A registry write made by another resource's REST (an ImageStreamTag, mapping or import writing the
   * stream, an internal image create): it bypasses the REST handler and its field manager, so the object's
   * managedFields stay as they are (as given, on create).
   */
  registryWrite?: boolean
}

export interface DeleteOptions extends WriteOptions {
  preconditions?: { uid?: string; resourceVersion?: string }
  propagationPolicy?: 'Foreground' | 'Background' | 'Orphan'
  orphanDependents?: boolean
  gracePeriodSeconds?: number
}

/**
 * How an update computes the new object from the current one: PUT returns its body, PATCH applies its
 * patch. `old` is undefined when the object does not exist (only apply may then create).
 */
export type UpdateTransform = ((old: KubeObject | undefined) => KubeObject) & {
  /**
   * Set when the transform only reads `old` (PATCH builds the patched object as a copy, PUT returns its
   * body): the store then hands it the stored object as reads serve it, without a private copy.
   */
  readsOnly?: boolean
}

/** Mark a transform that never changes the object it is given (see UpdateTransform.readsOnly). */
export function readsOnly(fn: (old: KubeObject | undefined) => KubeObject): UpdateTransform {
  return Object.assign(fn, { readsOnly: true })
}

export interface UpdateResult {
  object: KubeObject
  created: boolean
}

/** Result of a delete: either the Status the server answers with, or the object (finalizers pending). */
export interface DeleteResult {
  object?: KubeObject
  status?: Record<string, unknown>
  code?: number
}

export interface TableColumn {
  name: string
  type: string
  format: string
  description: string
  priority: number
}

export interface TableConvertor {
  columns: TableColumn[]
  cells(obj: KubeObject, ctx: RequestContext): unknown[]
}

export interface Storage {
  get?(ctx: RequestContext, name: string): Promise<KubeObject> | KubeObject
  list?(ctx: RequestContext, opts: ListOptions): Promise<ListResult> | ListResult
  create?(ctx: RequestContext, obj: KubeObject, opts: WriteOptions): Promise<KubeObject>
  update?(ctx: RequestContext, name: string, transform: UpdateTransform, opts: WriteOptions): Promise<UpdateResult>
  delete?(ctx: RequestContext, name: string, opts: DeleteOptions): Promise<DeleteResult>
  deleteCollection?(ctx: RequestContext, list: ListOptions, opts: DeleteOptions): Promise<ListResult>
  /** Watchable stored kinds: which store resource to follow, and how to match/decorate events. */
  watch?: WatchSource
  /** Create-on-update is allowed for PUT (virtual resources such as imagestreamtags). */
  allowCreateOnUpdate?: boolean
  /** Whether PATCH applies (some subresources are get-only). */
  patchable?: boolean
  /** Merge keys of associative lists by dotted path, for managedFields and server-side apply. */
  listKeys?: Record<string, string>
  table?: TableConvertor
}

export interface WatchSource {
  resource: string
  /** Does the (decorated) object match the selectors? */
  matches(obj: KubeObject, opts: ListOptions): boolean
  decorate(obj: KubeObject, ctx: RequestContext): KubeObject
  /** Zero-value object of the kind, for BOOKMARK events. */
  emptyObject?: () => KubeObject
  /** Field-selector keys accepted (others → 400). */
  selectableFields?: string[]
  /** The 400 message for an unsupported field-selector key (default: the meta/v1 fallback conversion's). */
  fieldSelectorError?: (field: string) => string
}

export interface ResourceDef {
  group: string
  version: string
  /** Plural resource name. */
  resource: string
  kind: string
  listKind: string
  singular: string
  namespaced: boolean
  shortNames?: string[]
  categories?: string[]
  storageVersionHash?: string
  storage: Storage
  /** Subresources by name (`status`, `layers`, ...). */
  subresources?: Record<string, SubresourceDef>
  /** OpenAPI schema of the kind (drives fieldValidation, strategic merge patch and apply). */
  schema?: OpenAPISchema
  /** Kind served by a subresource (discovery), defaults to `kind`. */
}

export interface SubresourceDef {
  kind: string
  storage: Storage
  schema?: OpenAPISchema
}

export type { Transaction, Store }
