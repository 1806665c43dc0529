// imagestreams/{name}/secrets (openshift-apiserver pkg/image/apiserver/registry/imagesecret/rest.go REST.Get):
// the namespace's pull secrets (types kubernetes.io/dockercfg and kubernetes.io/dockerconfigjson) that do not
// carry `openshift.io/image.excludeSecret: "true"`, as an image.openshift.io/v1 SecretList. The stream named in
// the URL is ignored (it need not exist); the query is a list query over the namespace's secrets.
// fidelity: imagestream.secrets

import { parseListOptions } from '../../apiserver/options.js'
import { listItem, listMetadata } from '../../apiserver/response.js'
import type { ListResult, RequestContext, Storage } from '../../apiserver/types.js'
import { GROUP_VERSION, type KubeObject } from '../types.js'

export const EXCLUDE_IMAGE_SECRET_ANNOTATION = 'openshift.io/image.excludeSecret'
export const PULL_SECRET_TYPES = new Set(['kubernetes.io/dockercfg', 'kubernetes.io/dockerconfigjson'])

/** Whether the secret is offered to image imports of its namespace. */
export function isImagePullSecret(secret: KubeObject): boolean {
  if (secret.metadata.annotations?.[EXCLUDE_IMAGE_SECRET_ANNOTATION] === 'true') return false
  return PULL_SECRET_TYPES.has(typeof secret.type === 'string' ? secret.type : '')
}

/**
 * `secrets()` returns the storage of the core secrets (its LIST applies the selectors, paging and field
 * label rules of a real secrets list); undefined when the core group is not installed.
 */
export function imageSecretsStorage(secrets: () => Storage | undefined): Storage {
  return {
    async get(ctx: RequestContext): Promise<KubeObject> {
      const opts = parseListOptions(ctx.query, false)
      const storage = secrets()
      const result: ListResult = storage?.list
        ? await storage.list(ctx, opts)
        : { items: [], resourceVersion: String(ctx.store.resourceVersion) }
      return {
        kind: 'SecretList',
        apiVersion: GROUP_VERSION,
        metadata: listMetadata(result),
        items: result.items.filter(isImagePullSecret).map(listItem),
      } as unknown as KubeObject
    },
  }
}
