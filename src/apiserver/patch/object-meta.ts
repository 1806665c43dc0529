// The ObjectMeta patch metadata strategic merge patch relies on, as a SchemaRegistry fragment.
// In Kubernetes (k8s.io/apimachinery/pkg/apis/meta/v1/types.go):
//   finalizers      patchStrategy:"merge"                    → a set of strings (merge, dedupe,
//                                                              `$deleteFromPrimitiveList/finalizers`)
//   ownerReferences patchStrategy:"merge" patchMergeKey:"uid" → merged by uid
//   labels, annotations: map[string]string                   → merged as maps, null deletes a key
//   managedFields and everything else                         → atomic
// The full registry (src/apiserver/schema/meta-schemas.ts) carries the same extensions; this
// fragment is what the patch code needs and is enough for tests and for kinds built by hand.

import type { OpenAPISchema, SchemaRegistry } from '../schema-types.js'

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1.'

const str: OpenAPISchema = { type: 'string' }
const strMap: OpenAPISchema = { type: 'object', additionalProperties: { type: 'string' } }

export const objectMetaPatchSchema: SchemaRegistry = {
  [`${META}ObjectMeta`]: {
    type: 'object',
    properties: {
      annotations: strMap,
      creationTimestamp: { $ref: `#/components/schemas/${META}Time` },
      deletionGracePeriodSeconds: { type: 'integer', format: 'int64' },
      deletionTimestamp: { $ref: `#/components/schemas/${META}Time` },
      finalizers: {
        type: 'array',
        items: str,
        'x-kubernetes-list-type': 'set',
        'x-kubernetes-patch-strategy': 'merge',
      },
      generateName: str,
      generation: { type: 'integer', format: 'int64' },
      labels: strMap,
      managedFields: {
        type: 'array',
        items: { $ref: `#/components/schemas/${META}ManagedFieldsEntry` },
        'x-kubernetes-list-type': 'atomic',
      },
      name: str,
      namespace: str,
      ownerReferences: {
        type: 'array',
        items: { $ref: `#/components/schemas/${META}OwnerReference` },
        'x-kubernetes-list-map-keys': ['uid'],
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-patch-merge-key': 'uid',
        'x-kubernetes-patch-strategy': 'merge',
      },
      resourceVersion: str,
      selfLink: str,
      uid: str,
    },
  },
  [`${META}OwnerReference`]: {
    type: 'object',
    required: ['apiVersion', 'kind', 'name', 'uid'],
    properties: {
      apiVersion: str,
      blockOwnerDeletion: { type: 'boolean' },
      controller: { type: 'boolean' },
      kind: str,
      name: str,
      uid: str,
    },
    'x-kubernetes-map-type': 'atomic',
  },
  [`${META}ManagedFieldsEntry`]: {
    type: 'object',
    properties: {
      apiVersion: str,
      fieldsType: str,
      fieldsV1: { $ref: `#/components/schemas/${META}FieldsV1` },
      manager: str,
      operation: str,
      subresource: str,
      time: { $ref: `#/components/schemas/${META}Time` },
    },
  },
  [`${META}FieldsV1`]: { type: 'object' },
  [`${META}Time`]: { type: 'string', format: 'date-time' },
}
