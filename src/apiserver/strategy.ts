// A resource strategy: the named lifecycle hooks a stored kind contributes to the generic store
// (k8s.io/apiserver/pkg/registry/rest RESTCreateStrategy / RESTUpdateStrategy).

import type { KubeObject } from '../image/types.js'
import type { FieldError } from './errors.js'
import type { RequestContext, TableConvertor, Transaction } from './types.js'

export interface StrategyContext {
  ctx: RequestContext
  /** Reads (and, for internal updates, writes) go through the request's transaction. */
  tx: Transaction
}

export interface Strategy {
  group: string
  version: string
  resource: string
  kind: string
  namespaced: boolean
  /** Canonical v1 wire form: defaults applied, fields in Go order, lists sorted. Returns a new object. */
  normalize(obj: KubeObject): KubeObject
  /** Name validation used for metadata.name (and, in prefix mode, generateName). */
  validateName(name: string, prefix: boolean): string[]
  prepareForCreate(obj: KubeObject, sc: StrategyContext): void
  /** Full create validation (the image group validates ObjectMeta itself, with its own name rules). */
  validate(obj: KubeObject, sc: StrategyContext): FieldError[]
  /** `old` is the stored object: read it, never change it. */
  prepareForUpdate(obj: KubeObject, old: Readonly<KubeObject>, sc: StrategyContext): void
  validateUpdate(obj: KubeObject, old: Readonly<KubeObject>, sc: StrategyContext): FieldError[]
  /** Computed fields added on every read through the main resource. Must not mutate its input. */
  decorate?(obj: KubeObject, ctx: RequestContext): KubeObject
  /** Fields a field selector can use, computed from the stored object. */
  fieldSet(obj: KubeObject): Record<string, string>
  /** Field-selector keys accepted (others → 400). */
  selectableFields: string[]
  /** The 400 message for an unsupported field-selector key (core kinds: `field label not supported: <key>`). */
  fieldSelectorError?: (field: string) => string
  /** Whether an update that leaves a terminating object without finalizers deletes it (default true). */
  shouldDeleteDuringUpdate?(obj: KubeObject): boolean
  allowUnconditionalUpdate: boolean
  /** Strategy-specific errors that must be reported before the generic ones (e.g. wrapped internal errors). */
  table?: TableConvertor
  /** Whether DELETE may add garbage-collector finalizers (images: no). */
  gcFinalizers?: boolean
  /** Merge keys of associative lists by dotted path (for managedFields), e.g. `spec.tags` → `name`. */
  listKeys?: Record<string, string>
  /**
   * Fields (dotted paths) this write path resets whatever the client sends (rest.ResetFieldsStrategy), e.g.
   * the main resource's `status`: nobody owns them through this path.
   */
  resetFields?: string[]
  /** Zero value of the kind, for watch BOOKMARK events. */
  emptyObject?(): KubeObject
}

export function metaFieldSet(obj: KubeObject, namespaced: boolean): Record<string, string> {
  const f: Record<string, string> = { 'metadata.name': obj.metadata.name ?? '' }
  f['metadata.namespace'] = namespaced ? (obj.metadata.namespace ?? '') : ''
  return f
}
