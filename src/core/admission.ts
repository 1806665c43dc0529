// NamespaceLifecycle (k8s.io/apiserver/pkg/admission/plugin/namespace/lifecycle): creates of namespaced
// objects in a namespace that is being terminated are refused with 403 NamespaceTerminating; with
// `requireNamespace`, creates in a namespace that does not exist are refused with 404
// `namespaces "<ns>" not found`. Deleting an immortal namespace is refused as well (see namespaces.ts).
// fidelity: core.namespace-lifecycle

import { errors } from '../apiserver/errors.js'
import type { CreateAdmission, RequestContext } from '../apiserver/types.js'
import type { KubeObject } from '../image/types.js'
import type { StoreReader } from '../store/store.js'

/** Namespaces NamespaceLifecycle never lets anyone delete. */
export const IMMORTAL_NAMESPACES = new Set(['default', 'kube-system', 'kube-public'])

export interface NamespaceLifecycleOptions {
  /** Refuse creates in namespaces that do not exist (a real cluster does; the fake does not by default). */
  requireNamespace?: boolean
}

/** Whether a stored Namespace is being terminated (phase Terminating, or a deletionTimestamp). */
export function isTerminating(ns: KubeObject): boolean {
  const status = ns.status as { phase?: string } | undefined
  return status?.phase === 'Terminating' || !!ns.metadata.deletionTimestamp
}

/**
 * The resource an admission error names: the request's own resource for create requests (what
 * `a.GetResource()` is in the real plugin, e.g. `imagestreammappings`), else the storage's.
 */
function requestResource(ctx: RequestContext, fallback: { group: string; resource: string }): { group: string; resource: string } {
  const info = ctx.info
  if (info.isResourceRequest && info.verb === 'create' && info.resource) return { group: info.apiGroup, resource: info.resource }
  return fallback
}

/** extractResourceName: the object name, else its generateName, else "Unknown". */
function admissionName(obj: KubeObject): string {
  return obj.metadata?.name || obj.metadata?.generateName || 'Unknown'
}

/** Check a create of `obj` in namespace `namespace`; throws the real plugin's errors. */
export function admitNamespacedCreate(
  opts: NamespaceLifecycleOptions,
  ctx: RequestContext,
  reader: StoreReader,
  obj: KubeObject,
  fallback: { group: string; resource: string },
): void {
  const namespace = ctx.info.namespace || obj.metadata?.namespace || ''
  if (!namespace) return
  const ns = reader.get('namespaces', namespace)
  if (!ns) {
    if (opts.requireNamespace) throw errors.notFound('', 'namespaces', namespace)
    return
  }
  if (!isTerminating(ns)) return
  const gr = requestResource(ctx, fallback)
  throw errors.forbidden(gr.group, gr.resource, admissionName(obj), `unable to create new content in namespace ${namespace} because it is being terminated`, [
    { reason: 'NamespaceTerminating', message: `namespace ${namespace} is being terminated`, field: 'metadata.namespace' },
  ])
}

export function namespaceLifecycle(opts: NamespaceLifecycleOptions): CreateAdmission {
  return (ctx, reader, obj, resource) => admitNamespacedCreate(opts, ctx, reader, obj, resource)
}
