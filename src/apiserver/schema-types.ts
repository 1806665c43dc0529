// OpenAPI v3 schema objects as the engine uses them: one schema source drives unknown-field detection
// (fieldValidation), strategic-merge-patch list strategies, server-side apply and the /openapi/v3 documents.

export interface OpenAPISchema {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean'
  format?: string
  description?: string
  properties?: Record<string, OpenAPISchema>
  required?: string[]
  items?: OpenAPISchema
  additionalProperties?: OpenAPISchema | boolean
  $ref?: string // '#/components/schemas/<name>'
  allOf?: OpenAPISchema[]
  default?: unknown
  enum?: unknown[]
  nullable?: boolean
  'x-kubernetes-patch-strategy'?: string // 'merge' | 'replace' | 'retainKeys' | 'merge,retainKeys'
  'x-kubernetes-patch-merge-key'?: string
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map'
  'x-kubernetes-list-map-keys'?: string[]
  'x-kubernetes-map-type'?: 'atomic' | 'granular'
  'x-kubernetes-int-or-string'?: boolean
  'x-kubernetes-preserve-unknown-fields'?: boolean
  'x-kubernetes-embedded-resource'?: boolean
  'x-kubernetes-group-version-kind'?: Array<{ group: string; version: string; kind: string }>
  [ext: `x-${string}`]: unknown
}

/** components.schemas: definition name → schema. */
export type SchemaRegistry = Record<string, OpenAPISchema>

/** Follow `$ref` (and a single-element `allOf: [{$ref}]`, as k8s publishes it) to the concrete schema. */
export function resolveSchema(
  registry: SchemaRegistry,
  s: OpenAPISchema | undefined,
  /** Sees every schema on the way (e.g. to notice x-kubernetes-preserve-unknown-fields on a wrapper). */
  visit?: (step: OpenAPISchema) => void,
): OpenAPISchema | undefined {
  let cur = s
  for (let i = 0; cur && i < 32; i++) {
    visit?.(cur)
    if (cur.$ref) {
      const name = cur.$ref.replace(/^#\/components\/schemas\//, '').replace(/^#\/definitions\//, '')
      cur = registry[name]
      continue
    }
    if (cur.allOf && cur.allOf.length === 1 && !cur.properties && !cur.type) {
      cur = cur.allOf[0]
      continue
    }
    return cur
  }
  return cur
}
