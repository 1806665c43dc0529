// The Go types the real server decodes request bodies into, derived from the OpenAPI schemas the fake serves
// (one schema source): a `$ref` to a definition is a Go struct named after it (`v1.ImageStreamSpec`), an
// array is a slice (`[]v1.TagReference`), `additionalProperties` a map (`map[string]string`), `format: byte`
// a `[]uint8` (base64 in JSON), `int64`/`int32`/`boolean`/`string` the Go scalars. metav1.Time has its own
// UnmarshalJSON; runtime.RawExtension, metav1.FieldsV1 and preserve-unknown-fields subtrees take any value.
//
// The schemas do not say which string fields are *named* Go types (`type SecretType string` …); the Go type
// name appears in the decoder's message, so NAMED_TYPES lists them, from the upstream type definitions:
// github.com/openshift/api image/v1/types.go, k8s.io/api core/v1/types.go,
// k8s.io/apimachinery/pkg/apis/meta/v1/types.go (all three packages are named `v1`), k8s.io/apimachinery/pkg/types.

import { resolveSchema, type OpenAPISchema, type SchemaRegistry } from '../schema-types.js'

export type GoType =
  | { kind: 'struct'; type: string; name: string; fields(): ReadonlyMap<string, GoType> }
  | { kind: 'slice'; type: string; elem: GoType }
  | { kind: 'map'; type: string; elem: GoType }
  | { kind: 'string'; type: string }
  | { kind: 'bool'; type: string }
  | { kind: 'int'; type: string; bits: 32 | 64 }
  | { kind: 'float'; type: string }
  /** []byte: a base64 string (or an array of numbers) in JSON. */
  | { kind: 'bytes'; type: '[]uint8' }
  /** metav1.Time / MicroTime: UnmarshalJSON decodes a string and parses it as RFC 3339 (MicroTime: 6 fraction digits). */
  | { kind: 'time'; type: 'v1.Time' | 'v1.MicroTime'; micro: boolean }
  /** RawExtension, FieldsV1, free-form objects: every JSON value is accepted. */
  | { kind: 'raw'; type: string }

/** `<Struct>.<jsonField>` → Go type of a named string type (or of its slice element: `[]<type>`). */
export const NAMED_TYPES: Readonly<Record<string, string>> = {
  // k8s.io/apimachinery/pkg/apis/meta/v1 and k8s.io/apimachinery/pkg/types
  'ObjectMeta.uid': 'types.UID',
  'OwnerReference.uid': 'types.UID',
  'ManagedFieldsEntry.operation': 'v1.ManagedFieldsOperationType',
  'Preconditions.uid': 'types.UID',
  'DeleteOptions.propagationPolicy': 'v1.DeletionPropagation',
  'Status.reason': 'v1.StatusReason',
  'StatusDetails.uid': 'types.UID',
  'StatusCause.reason': 'v1.CauseType',
  // k8s.io/api/core/v1
  'ObjectReference.uid': 'types.UID',
  'Secret.type': 'v1.SecretType',
  'NamespaceSpec.finalizers': 'v1.FinalizerName',
  'NamespaceStatus.phase': 'v1.NamespacePhase',
  'NamespaceCondition.type': 'v1.NamespaceConditionType',
  'NamespaceCondition.status': 'v1.ConditionStatus',
  // github.com/openshift/api/image/v1
  'SignatureCondition.type': 'v1.SignatureConditionType',
  'SignatureCondition.status': 'v1.ConditionStatus',
  'TagImportPolicy.importMode': 'v1.ImportModeType',
  'TagReferencePolicy.type': 'v1.TagReferencePolicyType',
  'TagEventCondition.type': 'v1.TagEventConditionType',
  'TagEventCondition.status': 'v1.ConditionStatus',
}

const RAW: GoType = { kind: 'raw', type: 'runtime.RawExtension' }
const TIME: GoType = { kind: 'time', type: 'v1.Time', micro: false }
const MICRO_TIME: GoType = { kind: 'time', type: 'v1.MicroTime', micro: true }
const BYTES: GoType = { kind: 'bytes', type: '[]uint8' }

function defName(s: OpenAPISchema | undefined): string | undefined {
  const r = s?.$ref ?? (s?.allOf?.length === 1 ? s.allOf[0]?.$ref : undefined)
  return r?.replace(/^#\/components\/schemas\//, '').replace(/^#\/definitions\//, '')
}

const shortName = (def: string): string => def.slice(def.lastIndexOf('.') + 1)

const structCache = new WeakMap<SchemaRegistry, Map<string, GoType>>()
const kindCache = new WeakMap<OpenAPISchema, GoType>()

/** The Go type of a top-level kind's schema (its struct name is the kind). */
export function goTypeOfKind(schema: OpenAPISchema, registry: SchemaRegistry): GoType {
  let t = kindCache.get(schema)
  if (!t) {
    const kind = schema['x-kubernetes-group-version-kind']?.[0]?.kind ?? 'Object'
    t = structType(kind, schema, registry)
    kindCache.set(schema, t)
  }
  return t
}

function structType(name: string, schema: OpenAPISchema, registry: SchemaRegistry): GoType {
  let fields: Map<string, GoType> | undefined
  return {
    kind: 'struct',
    type: `v1.${name}`,
    name,
    fields() {
      if (!fields) {
        fields = new Map()
        for (const [k, p] of Object.entries(schema.properties ?? {})) fields.set(k, goTypeOf(p, registry, `${name}.${k}`))
      }
      return fields
    },
  }
}

function structByDef(def: string, registry: SchemaRegistry): GoType | undefined {
  let byDef = structCache.get(registry)
  if (!byDef) structCache.set(registry, (byDef = new Map()))
  let t = byDef.get(def)
  if (!t) {
    const s = registry[def]
    if (!s) return undefined
    t = structType(shortName(def), s, registry)
    byDef.set(def, t)
  }
  return t
}

/** The Go type of a schema met at `<Struct>.<field>` (the key of NAMED_TYPES). */
export function goTypeOf(s: OpenAPISchema | undefined, registry: SchemaRegistry, at = ''): GoType {
  let preserve = false
  const r = resolveSchema(registry, s, (step) => {
    if (step['x-kubernetes-preserve-unknown-fields'] === true) preserve = true
  })
  if (!r || preserve || r['x-kubernetes-int-or-string']) return RAW
  const def = defName(s)
  if (def) {
    const short = shortName(def)
    if (short === 'Time') return TIME
    if (short === 'MicroTime') return MICRO_TIME
    if (short === 'RawExtension' || short === 'FieldsV1') return RAW
    if (r.properties) return structByDef(def, registry) ?? RAW
  }
  const named = NAMED_TYPES[at]
  switch (r.type) {
    case 'string':
      if (r.format === 'byte') return BYTES
      if (r.format === 'date-time') return TIME
      return { kind: 'string', type: named ?? 'string' }
    case 'boolean':
      return { kind: 'bool', type: 'bool' }
    case 'integer':
      return r.format === 'int32' ? { kind: 'int', type: 'int32', bits: 32 } : { kind: 'int', type: 'int64', bits: 64 }
    case 'number':
      return { kind: 'float', type: 'float64' }
    case 'array': {
      const elem = named ? ({ kind: 'string', type: named } as GoType) : goTypeOf(r.items, registry)
      return { kind: 'slice', type: `[]${elem.type}`, elem }
    }
    default:
      break
  }
  if (r.properties) return structType('Object', r, registry)
  if (r.additionalProperties && typeof r.additionalProperties === 'object') {
    const elem = goTypeOf(r.additionalProperties, registry)
    return { kind: 'map', type: `map[string]${elem.type}`, elem }
  }
  return RAW
}
