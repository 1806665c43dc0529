// The generic registry store (k8s.io/apiserver/pkg/registry/generic/registry/store.go): create, get,
// list, update (PUT and PATCH), delete and deletecollection for a stored kind, driven by its Strategy.
// fidelity: apiserver.resource-version
// fidelity: apiserver.delete

import type { KubeObject } from '../image/types.js'
import { errors, fe, type FieldError } from './errors.js'
import { listSnapshot } from './list.js'
import { checkFieldSelectorKeys } from './selectors/fields.js'
import { validateObjectMeta, validateObjectMetaUpdate, validatePathSegmentName } from './validation.js'
import { keyOf, objectKey, type Transaction } from '../store/store.js'
import type { Strategy, StrategyContext } from './strategy.js'
import type {
  DeleteOptions,
  DeleteResult,
  ListOptions,
  ListResult,
  RequestContext,
  Storage,
  UpdateResult,
  UpdateTransform,
  WatchSource,
  WriteOptions,
} from './types.js'
import { updateManagedFields } from './managed-fields.js'
import { normalizeTime } from './meta.js'
import { withInfo } from './context.js'
import { cloneObject } from './clone.js'
import { sameJSON } from './json.js'
import { fidelityGate } from './fidelity.js'
import type { Random } from '../clock/random.js'

/** names.SimpleNameGenerator: the prefix (cut to 58 characters) and 5 random characters. */
export function generateName(prefix: string, random: Random): string {
  return prefix.slice(0, 58) + random.nameSuffix(5)
}

export interface GenericStoreOptions {
  /** Admission hook run on create (e.g. namespace existence). */
  admitCreate?: (obj: KubeObject, sc: StrategyContext) => void
}

export class GenericStore implements Storage {
  readonly watch: WatchSource
  readonly table
  get listKeys(): Record<string, string> | undefined {
    return this.strategy.listKeys
  }
  constructor(
    readonly strategy: Strategy,
    private readonly options: GenericStoreOptions = {},
  ) {
    this.table = strategy.table
    this.watch = {
      resource: strategy.resource,
      matches: (obj, opts) => this.matches(obj, opts),
      decorate: (obj, ctx) => this.decorate(obj, ctx),
      emptyObject: strategy.emptyObject,
      selectableFields: strategy.selectableFields,
      fieldSelectorError: strategy.fieldSelectorError,
    }
  }

  private get s(): Strategy {
    return this.strategy
  }

  key(ctx: RequestContext, name: string): string {
    return objectKey(this.s.namespaced ? ctx.info.namespace : undefined, name)
  }

  private readonly decorated = new WeakMap<KubeObject, KubeObject>()

  /**
   * The object as reads serve it (computed fields, type meta). Memoised per stored object, which is
   * never mutated; callers must not mutate the result either (clone first).
   */
  decorate(obj: KubeObject, ctx: RequestContext): KubeObject {
    let d = this.decorated.get(obj)
    if (!d) {
      d = withTypeMeta(this.s.decorate ? this.s.decorate(obj, ctx) : obj, this.s)
      this.decorated.set(obj, d)
    }
    return d
  }

  /** decorate() for a private copy the caller may change: not memoised. */
  private decorateCopy(obj: KubeObject, ctx: RequestContext): KubeObject {
    return withTypeMeta(this.s.decorate ? this.s.decorate(obj, ctx) : obj, this.s)
  }

  matches(obj: KubeObject, opts: ListOptions): boolean {
    if (opts.labelSelector && !opts.labelSelector.empty && !opts.labelSelector.matches(obj.metadata.labels)) return false
    if (opts.fieldSelector && !opts.fieldSelector.empty && !opts.fieldSelector.matches(this.s.fieldSet(obj))) return false
    return true
  }

  notFound(name: string) {
    return errors.notFound(this.s.group, this.s.resource, name)
  }

  get(ctx: RequestContext, name: string): KubeObject {
    const obj = ctx.store.get(this.s.resource, this.key(ctx, name))
    if (!obj) throw this.notFound(name)
    return this.decorate(obj, ctx)
  }

  list(ctx: RequestContext, opts: ListOptions): ListResult {
    if (opts.fieldSelector) checkFieldSelectorKeys(opts.fieldSelector, this.s.selectableFields, this.s.fieldSelectorError)
    const ns = this.s.namespaced ? ctx.info.namespace || undefined : undefined
    const res = listSnapshot(
      {
        store: ctx.store,
        resource: this.s.resource,
        namespace: ns,
        relativeKey: (o) => (ns ? (o.metadata.name ?? '') : keyOf(o)),
        matches: (o) => this.matches(o, opts),
        hasSelectors: !!((opts.labelSelector && !opts.labelSelector.empty) || (opts.fieldSelector && !opts.fieldSelector.empty)),
      },
      opts,
    )
    res.items = res.items.map((o) => this.decorate(o, ctx))
    return res
  }

  async create(ctx: RequestContext, input: KubeObject, opts: WriteOptions): Promise<KubeObject> {
    return ctx.store.transaction(async (tx) => {
      tx.dryRun = opts.dryRun
      const obj = this.createIn(tx, ctx, input, opts)
      return this.decorate(obj, ctx)
    })
  }

  /** Create inside an existing transaction (virtual resources compose this). Returns the stored object. */
  createIn(tx: Transaction, ctx: RequestContext, input: KubeObject, opts: WriteOptions): KubeObject {
    const sc: StrategyContext = { ctx, tx }
    const obj = this.s.normalize(cloneObject(input))
    const meta = obj.metadata
    if (meta.resourceVersion && !opts.dryRun) {
      throw errors.unknown('resourceVersion should not be set on objects to be created')
    }
    if (this.s.namespaced) {
      if (!meta.namespace) meta.namespace = ctx.info.namespace
      else if (ctx.info.namespace && meta.namespace !== ctx.info.namespace) {
        throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request')
      }
    } else delete meta.namespace
    // Admission (e.g. NamespaceLifecycle) runs before the strategy, as mutating admission does.
    if (this.s.namespaced) ctx.admitCreate?.(ctx, tx, obj, { group: this.s.group, resource: this.s.resource })
    delete meta.deletionTimestamp
    delete meta.deletionGracePeriodSeconds
    delete meta.selfLink
    delete meta.resourceVersion
    meta.generation = undefined
    this.s.prepareForCreate(obj, sc)
    // A seed is a restore: the object keeps the generation it was dumped with.
    const gen = opts.seed ? input.metadata?.generation : undefined
    if (typeof gen === 'number' && Number.isInteger(gen) && gen > 0) meta.generation = gen
    const wantGenerated = !!meta.generateName && !meta.name
    if (wantGenerated) meta.name = generateName(meta.generateName!, ctx.random)
    const keep = opts.seed ? { uid: input.metadata?.uid, created: input.metadata?.creationTimestamp } : {}
    meta.uid = keep.uid || ctx.random.uid()
    meta.creationTimestamp = keep.created ? normalizeTime(keep.created) : ctx.now
    this.invalidIf(meta.name ?? '', this.s.validate(obj, sc))
    this.invalidIf(
      meta.name ?? '',
      validateObjectMeta(meta, { namespaced: this.s.namespaced, nameFn: validatePathSegmentName }),
    )
    this.options.admitCreate?.(obj, sc)
    // generateName: retry on collisions like the real store (8 attempts), then give up.
    if (tx.get(this.s.resource, keyOf(obj))) {
      let tries = 0
      while (wantGenerated && tx.get(this.s.resource, keyOf(obj)) && tries < 8) {
        meta.name = generateName(meta.generateName!, ctx.random)
        tries++
      }
      const existing = tx.get(this.s.resource, keyOf(obj))
      if (existing) {
        if (wantGenerated) throw errors.generateNameConflict(this.s.group, this.s.resource, meta.name!)
        throw errors.alreadyExists(
          this.s.group,
          this.s.resource,
          meta.name!,
          existing.metadata.deletionTimestamp ? 'object is being deleted: ' : '',
        )
      }
    }
    const stored = this.s.normalize(obj)
    this.setManagedFields(ctx, opts, undefined, stored)
    tx.put(this.s.resource, stored)
    return stored
  }

  private setManagedFields(ctx: RequestContext, opts: WriteOptions, old: KubeObject | undefined, obj: KubeObject): void {
    if (opts.registryWrite) {
      // Not through the field manager: keep what the object carries.
      if (!obj.metadata.managedFields?.length) delete obj.metadata.managedFields
      return
    }
    obj.metadata.managedFields = this.managedFields(ctx, opts, old, obj)
  }

  private managedFields(ctx: RequestContext, opts: WriteOptions, old: KubeObject | undefined, obj: KubeObject) {
    return updateManagedFields({
      existing: obj.metadata.managedFields,
      oldObj: old,
      newObj: obj,
      manager: opts.fieldManager,
      operation: opts.operation,
      apiVersion: `${this.s.group ? `${this.s.group}/` : ''}${this.s.version}`,
      time: ctx.now,
      subresource: ctx.info.subresource || undefined,
      listKeys: this.s.listKeys,
      applied: opts.operation === 'Apply' ? opts.applied : undefined,
      resetFields: this.s.resetFields,
    })
  }

  private invalidIf(name: string, errs: FieldError[]): void {
    if (errs.length) throw errors.invalid(this.s.group, this.s.kind, name, errs)
  }

  async update(ctx: RequestContext, name: string, transform: UpdateTransform, opts: WriteOptions): Promise<UpdateResult> {
    return ctx.store.transaction(async (tx) => {
      tx.dryRun = opts.dryRun
      const r = this.updateIn(tx, ctx, name, transform, opts)
      return { object: this.decorate(r.object, ctx), created: r.created }
    })
  }

  /** Update inside an existing transaction. `transform` receives a private copy of the stored object. */
  updateIn(
    tx: Transaction,
    ctx: RequestContext,
    name: string,
    transform: UpdateTransform,
    opts: WriteOptions,
  ): UpdateResult {
    const key = this.key(ctx, name)
    const existing = tx.get(this.s.resource, key)
    if (!existing) {
      if (opts.operation === 'Apply') {
        const obj = transform(undefined)
        ctx.authorizeCreate?.()
        return { object: this.createIn(tx, ctx, obj, opts), created: true }
      }
      throw this.notFound(name)
    }
    const sc: StrategyContext = { ctx, tx }
    // Strategies read the old object and never change it (the suite runs with stored objects frozen), so
    // the stored one serves. A transform that may edit what it is given (virtual resources do) gets a
    // private copy.
    const oldCopy = existing
    const obj = this.s.normalize(transform(transform.readsOnly ? this.decorate(existing, ctx) : this.decorateCopy(cloneObject(existing), ctx)))
    const meta = obj.metadata
    if (opts.uidPrecondition && opts.uidPrecondition !== existing.metadata.uid) {
      throw errors.conflict(
        this.s.group,
        this.s.resource,
        name,
        `StorageError: invalid object, Code: 4, Key: ${storageKey(this.s, existing)}, ResourceVersion: 0, AdditionalErrorMsg: Precondition failed: UID in precondition: ${opts.uidPrecondition}, UID in object meta: ${existing.metadata.uid}`,
      )
    }
    const rv = meta.resourceVersion ?? ''
    if (!rv || rv === '0') {
      if (!this.s.allowUnconditionalUpdate) {
        throw errors.invalid(this.s.group, this.s.resource, name, [
          fe.invalid('metadata.resourceVersion', 0, 'must be specified for an update'),
        ])
      }
      // An unconditional update takes the stored object's resourceVersion (store.go doUnconditionalUpdate).
      meta.resourceVersion = existing.metadata.resourceVersion
    } else if (rv !== existing.metadata.resourceVersion) {
      throw errors.optimisticLock(this.s.group, this.s.resource, name)
    }
    if (this.s.namespaced) {
      if (!meta.namespace) meta.namespace = ctx.info.namespace
    } else delete meta.namespace
    // BeforeUpdate
    meta.generation = oldCopy.metadata.generation
    this.s.prepareForUpdate(obj, oldCopy, sc)
    if (!meta.uid) meta.uid = oldCopy.metadata.uid
    if (oldCopy.metadata.creationTimestamp) meta.creationTimestamp = oldCopy.metadata.creationTimestamp
    if (oldCopy.metadata.deletionTimestamp) meta.deletionTimestamp = oldCopy.metadata.deletionTimestamp
    if (oldCopy.metadata.deletionGracePeriodSeconds !== undefined && meta.deletionGracePeriodSeconds === undefined) {
      meta.deletionGracePeriodSeconds = oldCopy.metadata.deletionGracePeriodSeconds
    }
    delete meta.selfLink
    const errs = [
      ...validateObjectMetaUpdate(meta, oldCopy.metadata),
      ...this.s.validateUpdate(obj, oldCopy, sc),
    ]
    this.invalidIf(meta.name ?? name, errs)
    meta.resourceVersion = existing.metadata.resourceVersion
    const stored = this.s.normalize(obj)
    this.setManagedFields(ctx, opts, existing, stored)
    // No-op updates are not written: same RV, no watch event.
    if (sameIgnoringManagedFieldTimes(stored, existing)) return { object: existing, created: false }
    if (stored.metadata.deletionTimestamp && !(stored.metadata.finalizers ?? []).length && (this.s.shouldDeleteDuringUpdate?.(stored) ?? true)) {
      tx.delete(this.s.resource, stored)
      return { object: stored, created: false }
    }
    tx.put(this.s.resource, stored)
    return { object: stored, created: false }
  }

  async delete(ctx: RequestContext, name: string, opts: DeleteOptions): Promise<DeleteResult> {
    return ctx.store.transaction(async (tx) => {
      tx.dryRun = opts.dryRun
      const r = this.deleteIn(tx, ctx, name, opts)
      if (r.object) r.object = this.decorate(r.object, ctx)
      return r
    })
  }

  deleteIn(tx: Transaction, ctx: RequestContext, name: string, opts: DeleteOptions): DeleteResult {
    const existing = tx.get(this.s.resource, this.key(ctx, name))
    if (!existing) throw this.notFound(name)
    const pre = opts.preconditions
    if (pre?.uid && pre.uid !== existing.metadata.uid) {
      throw errors.conflict(
        this.s.group,
        this.s.kind,
        name,
        `the UID in the precondition (${pre.uid}) does not match the UID in record (${existing.metadata.uid}). The object might have been deleted and then recreated`,
      )
    }
    if (pre?.resourceVersion && pre.resourceVersion !== existing.metadata.resourceVersion) {
      throw errors.conflict(
        this.s.group,
        this.s.kind,
        name,
        `the ResourceVersion in the precondition (${pre.resourceVersion}) does not match the ResourceVersion in record (${existing.metadata.resourceVersion}). The object might have been modified`,
      )
    }
    // fidelity: delete.garbage-collection
    // There is no garbage collector and no dependents: Foreground/Orphan delete at once, as the real GC
    // would within moments for objects without dependents. Only user finalizers hold a deletion.
    // (Images and Events never get GC finalizers: their strategies' DefaultGarbageCollectionPolicy is
    // rest.Unsupported — openshift-apiserver imageStrategy, kubernetes eventStrategy — so for them this is exact.)
    if (this.s.gcFinalizers !== false && (opts.propagationPolicy === 'Foreground' || opts.propagationPolicy === 'Orphan' || opts.orphanDependents)) {
      fidelityGate(ctx, 'delete.garbage-collection', `DELETE with ${opts.propagationPolicy ? `propagationPolicy=${opts.propagationPolicy}` : 'orphanDependents=true'}`)
    }
    const finalizers = (existing.metadata.finalizers ?? []).filter((f) => f !== 'orphan' && f !== 'foregroundDeletion')
    if (finalizers.length) {
      if (existing.metadata.deletionTimestamp && sameStrings(finalizers, existing.metadata.finalizers ?? [])) {
        return { object: existing }
      }
      const next = cloneObject(existing)
      next.metadata.finalizers = finalizers
      if (!next.metadata.deletionTimestamp) {
        next.metadata.deletionTimestamp = ctx.now
        next.metadata.deletionGracePeriodSeconds = 0
        if (next.metadata.generation) next.metadata.generation += 1
      }
      return { object: tx.put(this.s.resource, this.s.normalize(next)) }
    }
    tx.delete(this.s.resource, existing)
    return {
      status: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Success',
        details: { name, ...(this.s.group ? { group: this.s.group } : {}), kind: this.s.resource, uid: existing.metadata.uid },
      },
    }
  }

  async deleteCollection(ctx: RequestContext, listOpts: ListOptions, opts: DeleteOptions): Promise<ListResult> {
    const listed = this.list(ctx, listOpts)
    await ctx.store.transaction(async (tx) => {
      tx.dryRun = opts.dryRun
      for (const item of listed.items) {
        const sub = withInfo(ctx, { ...ctx.info, namespace: item.metadata.namespace ?? '' })
        try {
          this.deleteIn(tx, sub, item.metadata.name!, opts)
        } catch (e) {
          if (!(e instanceof Error && 'code' in e && (e as { code: number }).code === 404)) throw e
        }
      }
    })
    return listed
  }
}

function storageKey(s: Strategy, obj: KubeObject): string {
  const prefix = s.group.endsWith('openshift.io') ? '/openshift.io' : ''
  return `${prefix}/${s.resource}/${keyOf(obj)}`
}

function sameStrings(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i])
}

/** Both sides are in canonical (normalised) form, so comparing their JSON is exact. */
function sameIgnoringManagedFieldTimes(a: KubeObject, b: KubeObject): boolean {
  const strip = (o: KubeObject) => ({ ...o, metadata: { ...o.metadata, managedFields: o.metadata.managedFields?.map((m) => ({ ...m, time: undefined })) } })
  return sameJSON(strip(a), strip(b))
}

export function withTypeMeta(obj: KubeObject, s: { group: string; version: string; kind: string }): KubeObject {
  const { kind: _k, apiVersion: _a, ...rest } = obj
  return { kind: s.kind, apiVersion: s.group ? `${s.group}/${s.version}` : s.version, ...rest } as KubeObject
}


