// OpenAPI v3 schemas for the Kubernetes types the image API refers to: meta/v1 (ObjectMeta, ListMeta,
// Status, DeleteOptions, Patch, …), runtime.RawExtension and the few core/v1 kinds the fake serves
// (Secret, Namespace). Field sets follow Kubernetes 1.30 (OpenShift 4.17). Also exports the small
// builder helpers the image.openshift.io schema files use.

import type { OpenAPISchema, SchemaRegistry } from '../schema-types.js'

export const META = 'io.k8s.apimachinery.pkg.apis.meta.v1.'
export const CORE = 'io.k8s.api.core.v1.'
export const RUNTIME = 'io.k8s.apimachinery.pkg.runtime.'
export const IMAGE = 'com.github.openshift.api.image.v1.'

type Ext = Omit<OpenAPISchema, '$ref'>

/** `$ref` to a definition; with a description or extensions it is wrapped in `allOf` as k8s publishes v3. */
export function ref(name: string, description?: string, extra?: Ext): OpenAPISchema {
  const target: OpenAPISchema = { $ref: `#/components/schemas/${name}` }
  if (description === undefined && !extra) return target
  const out: OpenAPISchema = { allOf: [target] }
  if (description !== undefined) out.description = description
  return { ...out, ...extra }
}

export const str = (description?: string, extra?: Ext): OpenAPISchema => ({ type: 'string', ...(description ? { description } : {}), ...extra })
export const bool = (description?: string): OpenAPISchema => ({ type: 'boolean', ...(description ? { description } : {}) })
export const int64 = (description?: string): OpenAPISchema => ({ type: 'integer', format: 'int64', ...(description ? { description } : {}) })
export const int32 = (description?: string): OpenAPISchema => ({ type: 'integer', format: 'int32', ...(description ? { description } : {}) })
export const strMap = (description?: string): OpenAPISchema => ({
  type: 'object',
  ...(description ? { description } : {}),
  additionalProperties: { type: 'string' },
})
export const strList = (description?: string, extra?: Ext): OpenAPISchema => ({
  type: 'array',
  ...(description ? { description } : {}),
  items: { type: 'string' },
  ...extra,
})
/** An array of `$ref` items. */
export const listOf = (name: string, description?: string, extra?: Ext): OpenAPISchema => ({
  type: 'array',
  ...(description ? { description } : {}),
  items: ref(name),
  ...extra,
})
/** A map whose values are `$ref` items. */
export const mapOf = (name: string, description?: string): OpenAPISchema => ({
  type: 'object',
  ...(description ? { description } : {}),
  additionalProperties: ref(name),
})

export function gvk(group: string, kind: string, version = 'v1'): Array<{ group: string; version: string; kind: string }> {
  return [{ group, version, kind }]
}

const API_VERSION_DESC =
  'APIVersion names the versioned schema of this representation of an object; servers convert recognised versions and may reject unknown ones.'
const KIND_DESC =
  'Kind is the REST resource this object represents, in CamelCase. Servers may infer it from the endpoint; it cannot be updated.'

/** `apiVersion` and `kind` (inline TypeMeta). */
export function typeMeta(): Record<string, OpenAPISchema> {
  return { apiVersion: str(API_VERSION_DESC), kind: str(KIND_DESC) }
}

/** `apiVersion`, `kind` and `metadata` (ObjectMeta) as every top-level kind carries them. */
export function objectHeader(metadataDesc = "Standard object's metadata."): Record<string, OpenAPISchema> {
  return { ...typeMeta(), metadata: ref(`${META}ObjectMeta`, metadataDesc, { default: {} }) }
}

/** A `<Kind>List` schema: apiVersion, kind, metadata (ListMeta), items (required). */
export function listSchema(itemName: string, description: string, group: string, kind: string, itemsDesc?: string): OpenAPISchema {
  return {
    type: 'object',
    description,
    required: ['items'],
    properties: {
      ...typeMeta(),
      items: listOf(itemName, itemsDesc ?? `Items is a list of ${itemName.split('.').pop()} objects.`),
      metadata: ref(`${META}ListMeta`, "Standard list metadata.", { default: {} }),
    },
    'x-kubernetes-group-version-kind': gvk(group, kind),
  }
}

const time = (description: string): OpenAPISchema => ref(`${META}Time`, description)

const conditionProps = (): Record<string, OpenAPISchema> => ({
  lastTransitionTime: time('Last time the condition moved from one status to another.'),
  message: str('Human-readable details about the last transition.'),
  reason: str('Short machine-readable reason for the last transition.'),
  status: str('Status of the condition: True, False or Unknown.'),
  type: str('Type of the condition.'),
})

const objectMeta: OpenAPISchema = {
  type: 'object',
  description: 'ObjectMeta is the metadata every persisted resource carries, including the objects users create.',
  properties: {
    annotations: strMap('Unstructured key/value data set by external tools; not queryable.'),
    creationTimestamp: time('Server time at which the object was created (RFC3339, UTC). Read-only; clients may not set it.'),
    deletionGracePeriodSeconds: int64('Seconds the object is allowed to terminate gracefully before removal. Only set together with deletionTimestamp. Read-only.'),
    deletionTimestamp: time('Time after which the object will be deleted, set by the server when graceful deletion is requested. Read-only.'),
    finalizers: strList('Identifiers that must be removed (in any order) before the object is deleted from the registry.', {
      'x-kubernetes-list-type': 'set',
      'x-kubernetes-patch-strategy': 'merge',
    }),
    generateName: str('Optional prefix the server uses to generate a unique name when name is not provided.'),
    generation: int64('Sequence number of a specific generation of the desired state. Populated by the system. Read-only.'),
    labels: strMap('Map of string keys and values used to organise and select objects.'),
    managedFields: listOf(`${META}ManagedFieldsEntry`, 'Maps workflow id and version to the fields it manages; internal housekeeping, normally not set by users.', {
      'x-kubernetes-list-type': 'atomic',
    }),
    name: str('Name, unique within a namespace. Required on create unless generateName is used; cannot be updated.'),
    namespace: str('The namespace the object belongs to; an empty namespace is equivalent to "default". Cannot be updated.'),
    ownerReferences: listOf(`${META}OwnerReference`, 'Objects this object depends on. If all of them are deleted, this object is garbage collected.', {
      'x-kubernetes-list-map-keys': ['uid'],
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-patch-merge-key': 'uid',
      'x-kubernetes-patch-strategy': 'merge',
    }),
    resourceVersion: str('Opaque internal version of the object, used for optimistic concurrency, change detection and watches. Read-only.'),
    selfLink: str('Deprecated; no longer populated.'),
    uid: str('Unique identifier of this object over time, generated by the server on create. Read-only.'),
  },
}

const schemas: SchemaRegistry = {
  [`${META}ObjectMeta`]: objectMeta,
  [`${META}ListMeta`]: {
    type: 'object',
    description: 'ListMeta describes metadata that synthetic resources such as lists must have.',
    properties: {
      continue: str('Set when the list was truncated by a limit; pass it back to fetch the next page. Expires after a while.'),
      remainingItemCount: int64('Number of items left after this page when paging with a label/field selector-free limit; may be an estimate.'),
      resourceVersion: str('Identifies the server-internal version of this list; usable as a watch starting point. Read-only.'),
      selfLink: str('Deprecated; no longer populated.'),
    },
  },
  [`${META}OwnerReference`]: {
    type: 'object',
    description: 'OwnerReference identifies an owning object, which must be in the same namespace or cluster-scoped.',
    required: ['apiVersion', 'kind', 'name', 'uid'],
    properties: {
      apiVersion: str('API version of the referent.'),
      blockOwnerDeletion: bool('If true and the owner has the foregroundDeletion finalizer, the owner cannot be removed until this reference is.'),
      controller: bool('If true, this reference points to the managing controller.'),
      kind: str('Kind of the referent.'),
      name: str('Name of the referent.'),
      uid: str('UID of the referent.'),
    },
    'x-kubernetes-map-type': 'atomic',
  },
  [`${META}ManagedFieldsEntry`]: {
    type: 'object',
    description: 'ManagedFieldsEntry records the workflow id, version and set of fields a manager owns.',
    properties: {
      apiVersion: str('Version of the resource this field set applies to.'),
      fieldsType: str('Format of the fields field; only "FieldsV1" is defined.'),
      fieldsV1: ref(`${META}FieldsV1`, 'The field set in FieldsV1 format.'),
      manager: str('Identifier of the workflow managing these fields.'),
      operation: str('Kind of operation that produced this entry: Apply or Update.'),
      subresource: str('Subresource used to update the object, empty for the main resource.'),
      time: time('Timestamp of the last change to the owned field set.'),
    },
  },
  [`${META}FieldsV1`]: {
    type: 'object',
    description: 'FieldsV1 stores a set of fields in a trie-like JSON structure.',
    'x-kubernetes-preserve-unknown-fields': true,
  },
  [`${META}Time`]: {
    type: 'string',
    format: 'date-time',
    description: 'Time serialised as an RFC 3339 string with second precision.',
  },
  [`${META}Status`]: {
    type: 'object',
    description: 'Status is the return value for calls that do not return other objects.',
    properties: {
      ...typeMeta(),
      code: int32('Suggested HTTP return code for this status, 0 if not set.'),
      details: ref(`${META}StatusDetails`, 'Extended data associated with the reason; depends on the reason.'),
      message: str('Human-readable description of the status of this operation.'),
      metadata: ref(`${META}ListMeta`, 'Standard list metadata.', { default: {} }),
      reason: str('Machine-readable description of why the operation is in the Failure status.'),
      status: str('Status of the operation: "Success" or "Failure".'),
    },
    'x-kubernetes-group-version-kind': gvk('', 'Status'),
  },
  [`${META}StatusDetails`]: {
    type: 'object',
    description: 'StatusDetails is a set of extra properties a server may set in a Status response.',
    properties: {
      causes: listOf(`${META}StatusCause`, 'Extended information about the error.', { 'x-kubernetes-list-type': 'atomic' }),
      group: str('Group of the resource associated with the status.'),
      kind: str('Kind of the resource associated with the status.'),
      name: str('Name attribute of the resource associated with the status, if there is one.'),
      retryAfterSeconds: int32('Seconds the client should wait before retrying, if the operation can be retried.'),
      uid: str('UID of the resource, if there is one.'),
    },
  },
  [`${META}StatusCause`]: {
    type: 'object',
    description: 'StatusCause gives more information about a failure, possibly tied to a field.',
    properties: {
      field: str('Field of the resource that caused the error, if any, e.g. "spec.tags[0].name".'),
      message: str('Human-readable description of the cause.'),
      reason: str('Machine-readable description of the cause.'),
    },
  },
  [`${META}DeleteOptions`]: {
    type: 'object',
    description: 'DeleteOptions may be provided when deleting an API object.',
    properties: {
      ...typeMeta(),
      dryRun: strList('When present, the deletion is not persisted. Only "All" is valid.', { 'x-kubernetes-list-type': 'atomic' }),
      gracePeriodSeconds: int64('Seconds before the object is deleted; 0 deletes immediately.'),
      orphanDependents: bool('Deprecated, use propagationPolicy. Whether dependents are orphaned.'),
      preconditions: ref(`${META}Preconditions`, 'Must be fulfilled before the deletion is carried out.'),
      propagationPolicy: str('Whether and how garbage collection is performed: Orphan, Background or Foreground.'),
    },
    'x-kubernetes-group-version-kind': [
      { group: '', version: 'v1', kind: 'DeleteOptions' },
      { group: 'image.openshift.io', version: 'v1', kind: 'DeleteOptions' },
    ],
  },
  [`${META}Preconditions`]: {
    type: 'object',
    description: 'Preconditions must be fulfilled before an operation is carried out.',
    properties: {
      resourceVersion: str('Target resourceVersion.'),
      uid: str('Target UID.'),
    },
  },
  [`${META}Patch`]: {
    type: 'object',
    description: 'Patch names and types the body of a PATCH request.',
    'x-kubernetes-preserve-unknown-fields': true,
  },
  [`${RUNTIME}RawExtension`]: {
    type: 'object',
    description: 'RawExtension holds an embedded object of arbitrary content.',
    'x-kubernetes-preserve-unknown-fields': true,
  },
  [`${CORE}Secret`]: {
    type: 'object',
    description: 'Secret holds secret data of a certain type; values are base64-encoded in data.',
    properties: {
      ...typeMeta(),
      data: {
        type: 'object',
        description: 'Secret data; keys are alphanumerics, "-", "_" or "."; values are base64-encoded bytes.',
        additionalProperties: { type: 'string', format: 'byte' },
      },
      immutable: bool('If true, data cannot be updated after creation (only the metadata can).'),
      metadata: ref(`${META}ObjectMeta`, "Standard object's metadata.", { default: {} }),
      stringData: strMap('Write-only convenience field: plain strings merged into data on write.'),
      type: str('Used to facilitate programmatic handling of secret data.'),
    },
    'x-kubernetes-group-version-kind': gvk('', 'Secret'),
  },
  [`${CORE}SecretList`]: listSchema(`${CORE}Secret`, 'SecretList is a list of Secret.', '', 'SecretList'),
  [`${CORE}Namespace`]: {
    type: 'object',
    description: 'Namespace provides a scope for names.',
    properties: {
      ...objectHeader(),
      spec: ref(`${CORE}NamespaceSpec`, 'Behaviour of the Namespace.', { default: {} }),
      status: ref(`${CORE}NamespaceStatus`, 'Current observed status of the Namespace.', { default: {} }),
    },
    'x-kubernetes-group-version-kind': gvk('', 'Namespace'),
  },
  [`${CORE}NamespaceList`]: listSchema(`${CORE}Namespace`, 'NamespaceList is a list of Namespaces.', '', 'NamespaceList'),
  [`${CORE}NamespaceSpec`]: {
    type: 'object',
    description: 'NamespaceSpec describes the attributes of a Namespace.',
    properties: {
      finalizers: strList('Opaque values that must be empty for the namespace to be removed from storage.', { 'x-kubernetes-list-type': 'atomic' }),
    },
  },
  [`${CORE}NamespaceStatus`]: {
    type: 'object',
    description: 'NamespaceStatus is information about the current status of a Namespace.',
    properties: {
      conditions: listOf(`${CORE}NamespaceCondition`, "The latest observations of the namespace's state.", {
        'x-kubernetes-list-map-keys': ['type'],
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-patch-merge-key': 'type',
        'x-kubernetes-patch-strategy': 'merge',
      }),
      phase: { type: 'string', description: 'Current lifecycle phase of the namespace.', enum: ['Active', 'Terminating'] },
    },
  },
  [`${CORE}NamespaceCondition`]: {
    type: 'object',
    description: 'NamespaceCondition contains details about the state of a namespace.',
    required: ['type', 'status'],
    properties: conditionProps(),
  },
}

export const metaSchemas: SchemaRegistry = schemas
