// core/v1 Namespace (k8s pkg/registry/core/namespace): cluster-scoped; created Active with the
// `kubernetes` finalizer and the `kubernetes.io/metadata.name` label; spec and status only change
// through /finalize and /status. DELETE follows the real two-phase lifecycle: the first DELETE marks the
// namespace Terminating (deletionTimestamp set, returned with 200), then the fake's built-in namespace
// controller — which runs at once, in the same transaction — deletes the namespace's content and its
// `kubernetes` finalizer; a namespace with no other finalizers is then gone. Other spec/metadata
// finalizers keep it Terminating (and creates in it are refused with 403 NamespaceTerminating) until
// they are removed.
// fidelity: core.namespaces

import { errors, fe, type FieldError } from '../apiserver/errors.js'
import { GenericStore } from '../apiserver/generic-store.js'
import { isPlainObject } from '../apiserver/json.js'
import { normalizeMeta, normalizeTime } from '../apiserver/meta.js'
import type { Strategy } from '../apiserver/strategy.js'
import type { DeleteOptions, DeleteResult, RequestContext, Storage, Transaction } from '../apiserver/types.js'
import { nameIsDNSLabel } from '../apiserver/validation.js'
import type { KubeObject } from '../image/types.js'
import { IMMORTAL_NAMESPACES } from './admission.js'
import { age, AGE_COLUMN, NAME_COLUMN } from './printers.js'
import { fieldLabelNotSupported } from './secrets.js'
import { validateCoreObjectMeta, validateCoreObjectMetaUpdate, validateFinalizerName } from './validation.js'

export const FINALIZER_KUBERNETES = 'kubernetes'
export const LABEL_METADATA_NAME = 'kubernetes.io/metadata.name'

export interface NamespaceCondition {
  type: string
  status: string
  lastTransitionTime?: string
  reason?: string
  message?: string
}

export interface Namespace extends KubeObject {
  spec: { finalizers?: string[] }
  status: { phase?: string; conditions?: NamespaceCondition[] }
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '')

/** Canonical v1 form with the defaults (status.phase Active, the metadata.name label). */
export function normalizeNamespace(input: unknown): Namespace {
  const o = isPlainObject(input) ? input : {}
  const meta = normalizeMeta(o.metadata)
  if (meta.name) meta.labels = sortLabels({ ...meta.labels, [LABEL_METADATA_NAME]: meta.name })
  const spec = isPlainObject(o.spec) ? o.spec : {}
  const status = isPlainObject(o.status) ? o.status : {}
  const out: Namespace = { kind: 'Namespace', apiVersion: 'v1', metadata: meta, spec: {}, status: {} }
  if (Array.isArray(spec.finalizers) && spec.finalizers.length) out.spec.finalizers = spec.finalizers.map(String)
  out.status.phase = str(status.phase) || 'Active'
  if (Array.isArray(status.conditions) && status.conditions.length) {
    out.status.conditions = status.conditions.filter(isPlainObject).map((c) => {
      const r: NamespaceCondition = { type: str(c.type), status: str(c.status) }
      const t = normalizeTime(c.lastTransitionTime)
      if (t) r.lastTransitionTime = t
      if (str(c.reason)) r.reason = str(c.reason)
      if (str(c.message)) r.message = str(c.message)
      return r
    })
  }
  return out
}

function sortLabels(m: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const k of Object.keys(m).sort()) out[k] = m[k]!
  return out
}

/** ValidateNamespace (create; also part of update) */
export function validateNamespace(ns: Namespace): FieldError[] {
  const errs = validateCoreObjectMeta(ns.metadata, false, nameIsDNSLabel)
  for (const f of ns.spec.finalizers ?? []) errs.push(...validateFinalizerName(f, 'spec.finalizers'))
  return errs
}

const NAMESPACE_FIELDS = ['metadata.name', 'status.phase']

function baseStrategy(): Omit<Strategy, 'prepareForCreate' | 'prepareForUpdate' | 'validateUpdate'> {
  return {
    group: '',
    version: 'v1',
    resource: 'namespaces',
    kind: 'Namespace',
    namespaced: false,
    normalize: normalizeNamespace,
    validateName: nameIsDNSLabel,
    validate: (obj) => validateNamespace(obj as Namespace),
    fieldSet: (obj) => ({ 'metadata.name': obj.metadata.name ?? '', 'status.phase': (obj as Namespace).status?.phase ?? '', name: obj.metadata.name ?? '' }),
    selectableFields: NAMESPACE_FIELDS,
    fieldSelectorError: fieldLabelNotSupported,
    allowUnconditionalUpdate: true,
    // ShouldDeleteNamespaceDuringUpdate: remaining spec finalizers keep a terminating namespace.
    shouldDeleteDuringUpdate: (obj) => !((obj as Namespace).spec?.finalizers ?? []).length,
    table: {
      columns: [NAME_COLUMN, { name: 'Status', type: 'string', format: '', description: 'The status of the namespace', priority: 0 }, AGE_COLUMN],
      cells: (obj, ctx) => [obj.metadata.name ?? '', (obj as Namespace).status?.phase ?? '', age(obj.metadata.creationTimestamp, ctx.nowMs)],
    },
    emptyObject: () => ({ kind: 'Namespace', apiVersion: 'v1', metadata: {}, spec: {}, status: {} }),
  }
}

export function namespaceStrategy(): Strategy {
  return {
    ...baseStrategy(),
    prepareForCreate(obj) {
      const ns = obj as Namespace
      ns.status = { phase: 'Active' }
      const fin = ns.spec.finalizers ?? []
      if (!fin.includes(FINALIZER_KUBERNETES)) ns.spec.finalizers = [...fin, FINALIZER_KUBERNETES]
    },
    prepareForUpdate(obj, old) {
      const ns = obj as Namespace
      const o = old as Namespace
      ns.spec = { ...ns.spec, finalizers: o.spec.finalizers ? [...o.spec.finalizers] : undefined }
      if (!ns.spec.finalizers) delete ns.spec.finalizers
      ns.status = structuredClone(o.status)
    },
    validateUpdate: (obj, old) => [...validateNamespace(obj as Namespace), ...validateCoreObjectMetaUpdate(obj.metadata, old.metadata)],
  }
}

/** namespaces/status: spec from storage; the phase must agree with deletionTimestamp. */
export function namespaceStatusStrategy(): Strategy {
  return {
    ...baseStrategy(),
    prepareForCreate() {},
    prepareForUpdate(obj, old) {
      ;(obj as Namespace).spec = structuredClone((old as Namespace).spec)
    },
    validateUpdate(obj, old) {
      const ns = obj as Namespace
      const errs = validateCoreObjectMetaUpdate(ns.metadata, old.metadata)
      const phase = ns.status.phase ?? ''
      if (!ns.metadata.deletionTimestamp) {
        if (phase !== 'Active') errs.push(fe.invalid('status.Phase', phase, "may only be 'Active' if `deletionTimestamp` is empty"))
      } else if (phase !== 'Terminating') {
        errs.push(fe.invalid('status.Phase', phase, "may only be 'Terminating' if `deletionTimestamp` is not empty"))
      }
      return errs
    },
  }
}

/** namespaces/finalize: only spec.finalizers change. */
export function namespaceFinalizeStrategy(): Strategy {
  return {
    ...baseStrategy(),
    prepareForCreate() {},
    prepareForUpdate(obj, old) {
      ;(obj as Namespace).status = structuredClone((old as Namespace).status)
    },
    validateUpdate(obj, old) {
      const ns = obj as Namespace
      const errs = validateCoreObjectMetaUpdate(ns.metadata, old.metadata)
      ;(ns.spec.finalizers ?? []).forEach((f, i) => errs.push(...validateFinalizerName(f, `spec.finalizers[${i}]`)))
      return errs
    },
  }
}

/**
 * The namespace storage: the generic store plus the lifecycle DELETE. `namespacedResources()` names the
 * store resources whose objects live in namespaces (the content the namespace controller removes).
 */
export class NamespaceStorage implements Storage {
  readonly store: GenericStore
  readonly get: GenericStore['get']
  readonly list: GenericStore['list']
  readonly create: GenericStore['create']
  readonly update: GenericStore['update']
  readonly watch: GenericStore['watch']
  readonly table: GenericStore['table']

  constructor(private readonly namespacedResources: () => string[]) {
    const store = new GenericStore(namespaceStrategy())
    this.store = store
    this.get = store.get.bind(store)
    this.list = store.list.bind(store)
    this.create = store.create.bind(store)
    this.update = store.update.bind(store)
    this.watch = store.watch
    this.table = store.table
  }

  async delete(ctx: RequestContext, name: string, opts: DeleteOptions): Promise<DeleteResult> {
    // NamespaceLifecycle admission runs before the storage.
    if (IMMORTAL_NAMESPACES.has(name)) throw errors.forbidden('', 'namespaces', name, 'this namespace may not be deleted')
    return ctx.store.transaction(async (tx) => {
      tx.dryRun = opts.dryRun
      return this.deleteIn(tx, ctx, name, opts)
    })
  }

  deleteIn(tx: Transaction, ctx: RequestContext, name: string, opts: DeleteOptions): DeleteResult {
    const existing = tx.get('namespaces', name) as Namespace | undefined
    if (!existing) throw this.store.notFound(name)
    const pre = opts.preconditions
    if (pre?.uid && pre.uid !== existing.metadata.uid) {
      throw errors.conflict('', 'namespaces', name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${existing.metadata.uid}`)
    }
    if (pre?.resourceVersion && pre.resourceVersion !== existing.metadata.resourceVersion) {
      throw errors.conflict(
        '',
        'namespaces',
        name,
        `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${existing.metadata.resourceVersion}`,
      )
    }
    if (!existing.metadata.deletionTimestamp) {
      // Upon the first DELETE the namespace switches to Terminating and is returned as it is then.
      const next = structuredClone(existing)
      next.metadata.deletionTimestamp = ctx.now
      next.status = { ...next.status, phase: 'Terminating' }
      if (opts.orphanDependents === false && next.metadata.finalizers) {
        next.metadata.finalizers = next.metadata.finalizers.filter((f) => f !== 'orphan')
        if (!next.metadata.finalizers.length) delete next.metadata.finalizers
      }
      const stored = tx.put('namespaces', normalizeNamespace(next))
      const response = this.store.decorate(structuredClone(stored), ctx)
      this.runController(tx, ctx, name)
      return { object: response }
    }
    // Already terminating: let the controller try again, then apply the final-deletion rules.
    if (this.runController(tx, ctx, name)) {
      return { object: this.store.decorate(existing, ctx) }
    }
    const current = tx.get('namespaces', name) as Namespace
    if ((current.spec.finalizers ?? []).length) {
      throw errors.conflict(
        '',
        'namespaces',
        name,
        'The system is ensuring all content is removed from this namespace.  Upon completion, this namespace will automatically be purged by the system.',
      )
    }
    const r = this.store.deleteIn(tx, ctx, name, opts)
    // ReturnDeletedObject: the final delete answers with the namespace, not a Status.
    if (r.status) return { object: this.store.decorate(current, ctx) }
    return { object: r.object ? this.store.decorate(r.object, ctx) : undefined }
  }

  /**
   * The namespace controller, run at once: delete every namespaced object (objects with finalizers are
   * marked for deletion and keep the namespace's `kubernetes` finalizer), then drop that finalizer, and
   * remove the namespace when no finalizers are left. Returns true when the namespace is gone.
   */
  runController(tx: Transaction, ctx: RequestContext, name: string): boolean {
    let contentLeft = false
    for (const resource of this.namespacedResources()) {
      for (const obj of tx.list(resource, name)) {
        if ((obj.metadata.finalizers ?? []).length) {
          contentLeft = true
          if (!obj.metadata.deletionTimestamp) {
            const next = structuredClone(obj)
            next.metadata.deletionTimestamp = ctx.now
            next.metadata.deletionGracePeriodSeconds = 0
            if (next.metadata.generation) next.metadata.generation += 1
            tx.put(resource, next)
          }
          continue
        }
        tx.delete(resource, obj)
      }
    }
    const ns = tx.get('namespaces', name) as Namespace | undefined
    if (!ns || contentLeft) return !ns
    const finalizers = (ns.spec.finalizers ?? []).filter((f) => f !== FINALIZER_KUBERNETES)
    if (finalizers.length === (ns.spec.finalizers ?? []).length) {
      if (finalizers.length || (ns.metadata.finalizers ?? []).length) return false
    }
    if (!finalizers.length && !(ns.metadata.finalizers ?? []).length) {
      tx.delete('namespaces', ns)
      return true
    }
    const next = structuredClone(ns)
    if (finalizers.length) next.spec.finalizers = finalizers
    else delete next.spec.finalizers
    tx.put('namespaces', normalizeNamespace(next))
    return false
  }
}
