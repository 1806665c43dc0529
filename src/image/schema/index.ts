// All OpenAPI v3 schemas of image.openshift.io/v1 plus the Kubernetes types they refer to, keyed by the
// definition names the real server publishes (components.schemas of /openapi/v3/apis/image.openshift.io/v1).

import type { OpenAPISchema, SchemaRegistry } from '../../apiserver/schema-types.js'
import { metaSchemas } from '../../apiserver/schema/meta-schemas.js'
import { coreRefSchemas } from './core-refs.js'
import { imageObjectSchemas } from './images.js'
import { imageStreamSchemas } from './imagestreams.js'
import { importSchemas } from './imports.js'
import { streamViewSchemas } from './stream-views.js'

export const imageSchemas: SchemaRegistry = {
  ...metaSchemas,
  ...coreRefSchemas,
  ...imageObjectSchemas,
  ...imageStreamSchemas,
  ...streamViewSchemas,
  ...importSchemas,
}

let byGroupKind: Map<string, string> | undefined

function index(): Map<string, string> {
  if (byGroupKind) return byGroupKind
  const m = new Map<string, string>()
  for (const [name, schema] of Object.entries(imageSchemas)) {
    for (const g of (schema as OpenAPISchema)['x-kubernetes-group-version-kind'] ?? []) {
      const key = `${g.group}/${g.kind}`
      if (!m.has(key)) m.set(key, name)
    }
  }
  byGroupKind = m
  return m
}

/**
 * Definition name for a kind, by its `x-kubernetes-group-version-kind` (version v1): e.g.
 * ('image.openshift.io', 'ImageStream') → 'com.github.openshift.api.image.v1.ImageStream',
 * ('', 'Secret') → 'io.k8s.api.core.v1.Secret'. `undefined` for unknown kinds.
 */
export function schemaNameForKind(group: string, kind: string): string | undefined {
  return index().get(`${group}/${kind}`)
}

/** The schema for a kind (see schemaNameForKind). */
export function schemaForKind(group: string, kind: string): OpenAPISchema | undefined {
  const name = schemaNameForKind(group, kind)
  return name ? imageSchemas[name] : undefined
}
