// Patch metadata lookup for strategic merge patch, driven by OpenAPI v3 schemas instead of Go struct
// tags. It mirrors strategicpatch.PatchMetaFromStruct (meta.go) and the forked
// encoding/json LookupPatchMetadataForStruct, which is what the apiserver uses for built-in types:
//   * strategies/merge key are read from the property schema (x-kubernetes-patch-strategy split on
//     ",", x-kubernetes-patch-merge-key), before `$ref`/`allOf` are followed;
//   * looking up a field of a struct that lacks it fails with
//     `unable to find api field in struct <Type> for the json field "<key>"` (exact name first, then
//     case-insensitively, as Go's JSON field matching does);
//   * looking up a field of a map fails with
//     `merging an object in json but data type is not struct, instead is: map`;
//   * a slice whose items are slices fails with `unexpected slice of slice`.
// Free-form objects (`type: object` without properties: RawExtension, FieldsV1;
// preserve-unknown-fields) behave as Go structs without JSON fields, so looking inside them fails as
// it does in Go. Deviation: where there is no schema information at all (`{}`, a $ref missing from
// the registry) the lookup succeeds with no metadata, so that a partial registry does not turn
// patches into 500s.

import type { OpenAPISchema, SchemaRegistry } from '../schema-types.js'
import { goStrconvQuote } from './go-json.js'

export interface PatchMeta {
  strategies: string[]
  mergeKey: string
}

/** How an apiserver error for an SMP failure is rendered (handlers.interpretStrategicMergePatchError). */
export type SmpErrorKind = 'badRequest' | 'invalid' | 'plain'

export class SmpError extends Error {
  readonly kind: SmpErrorKind
  constructor(message: string, kind: SmpErrorKind = 'plain') {
    super(message)
    this.kind = kind
  }
}

// mergepatch sentinel errors (k8s.io/apimachinery/pkg/util/mergepatch/errors.go)
export const ERR_BAD_PATCH_FORMAT_FOR_PRIMITIVE_LIST = 'invalid patch format of primitive list'
export const ERR_BAD_PATCH_FORMAT_FOR_RETAIN_KEYS = 'invalid patch format of retainKeys'
export const ERR_BAD_PATCH_FORMAT_FOR_SET_ELEMENT_ORDER_LIST = 'invalid patch format of setElementOrder list'
export const ERR_NO_LIST_OF_LISTS = 'lists of lists are not supported'

type GoTypeKind = 'struct' | 'map' | 'slice' | 'string' | 'int32' | 'int64' | 'float64' | 'bool' | 'unknown'

interface Named {
  schema: OpenAPISchema | undefined
  name: string
}

const REF_PREFIX = /^#\/(?:components\/schemas|definitions)\//

function refName(ref: string): string {
  return ref.replace(REF_PREFIX, '')
}

/** resolveSchema, remembering the Go type name (last segment of the last definition name followed). */
function resolveNamed(registry: SchemaRegistry, s: OpenAPISchema | undefined, name = ''): Named {
  let cur = s
  for (let i = 0; cur && i < 16; i++) {
    if (cur.$ref) {
      const def = refName(cur.$ref)
      name = def.split('.').pop() ?? def
      cur = registry[def]
      continue
    }
    if (cur.allOf && cur.allOf.length === 1 && !cur.properties && !cur.type) {
      cur = cur.allOf[0]
      continue
    }
    break
  }
  return { schema: cur, name }
}

function kindOf(s: OpenAPISchema | undefined): GoTypeKind {
  if (!s) return 'unknown'
  // a schema that says nothing at all (`{}`, description only) gives no type information
  if (!s.type && !s.properties && s.additionalProperties === undefined && !s['x-kubernetes-preserve-unknown-fields']) return 'unknown'
  if (s['x-kubernetes-preserve-unknown-fields']) return 'struct' // runtime.RawExtension and the like
  if (s.type === 'array') return 'slice'
  if (s.properties && Object.keys(s.properties).length > 0) return 'struct'
  if (s.additionalProperties !== undefined && s.additionalProperties !== false) return 'map'
  switch (s.type) {
    case 'string':
      return 'string'
    case 'integer':
      return s.format === 'int32' ? 'int32' : 'int64'
    case 'number':
      return 'float64'
    case 'boolean':
      return 'bool'
    default:
      return 'struct' // free-form objects are Go structs without JSON fields (RawExtension, FieldsV1)
  }
}

function patchMetaOf(prop: OpenAPISchema): PatchMeta {
  const strategy = prop['x-kubernetes-patch-strategy']
  const mergeKey = prop['x-kubernetes-patch-merge-key']
  return {
    strategies: typeof strategy === 'string' ? strategy.split(',') : [],
    mergeKey: typeof mergeKey === 'string' ? mergeKey : '',
  }
}

const NO_META: PatchMeta = { strategies: [], mergeKey: '' }

export class SchemaLookup {
  private readonly registry: SchemaRegistry
  readonly schema: OpenAPISchema | undefined
  readonly typeName: string

  constructor(registry: SchemaRegistry, schema: OpenAPISchema | undefined, typeName: string) {
    this.registry = registry
    this.schema = schema
    this.typeName = typeName
  }

  /** The lookup for a top-level kind; its Go name comes from the registry entry it is, or its GVK. */
  static root(schema: OpenAPISchema | undefined, registry: SchemaRegistry): SchemaLookup {
    let name = ''
    registry ??= {}
    for (const [def, s] of Object.entries(registry)) {
      if (s === schema) {
        name = def.split('.').pop() ?? def
        break
      }
    }
    const r = resolveNamed(registry, schema, name)
    if (!r.name) {
      const gvk = r.schema?.['x-kubernetes-group-version-kind']
      if (Array.isArray(gvk) && gvk[0]?.kind) r.name = gvk[0].kind
    }
    return new SchemaLookup(registry, r.schema, r.name)
  }

  private sub(s: OpenAPISchema | undefined): SchemaLookup {
    const r = resolveNamed(this.registry, s)
    return new SchemaLookup(this.registry, r.schema, r.name)
  }

  /** LookupPatchMetadataForStruct(key). */
  lookupStruct(key: string): { sub: SchemaLookup; meta: PatchMeta } {
    const kind = kindOf(this.schema)
    if (kind === 'unknown') return { sub: this.sub(undefined), meta: NO_META }
    if (kind !== 'struct') throw new SmpError(`merging an object in json but data type is not struct, instead is: ${kind}`)
    const props = this.schema!.properties ?? {}
    let prop = Object.prototype.hasOwnProperty.call(props, key) ? props[key] : undefined
    if (!prop) {
      const lower = key.toLowerCase()
      const k = Object.keys(props).find((p) => p.toLowerCase() === lower)
      if (k) prop = props[k]
    }
    if (!prop) throw new SmpError(`unable to find api field in struct ${this.typeName} for the json field ${goStrconvQuote(key)}`)
    return { sub: this.sub(prop), meta: patchMetaOf(prop) }
  }

  /** LookupPatchMetadataForSlice(key): the element type of the list field `key`. */
  lookupSlice(key: string): { sub: SchemaLookup; meta: PatchMeta } {
    const { sub, meta } = this.lookupStruct(key)
    const kind = kindOf(sub.schema)
    if (kind === 'slice') {
      const elem = this.sub(sub.schema!.items)
      if (kindOf(elem.schema) === 'slice') throw new SmpError('unexpected slice of slice')
      return { sub: elem, meta }
    }
    // A Go pointer to a struct is accepted as its own element type; anything else is not a slice.
    if (kind === 'unknown' || kind === 'struct') return { sub, meta }
    throw new SmpError('expected slice or array type, but got: struct')
  }

  /** PatchMetaFromStruct.Name(): the Go kind of this type. */
  kindName(): string {
    const k = kindOf(this.schema)
    return k === 'unknown' ? 'struct' : k
  }
}
