// Typed decoding of request bodies and patch results: the JSON type of every field is checked against the
// Go type the real server decodes it into (derived from the kind's OpenAPI schema), with the decoder's own
// error text. See walk.ts (the decoders), go-types.ts (the Go types), messages.ts (the texts, with their
// upstream sources).

import type { OpenAPISchema, SchemaRegistry } from '../schema-types.js'
import { metaSchemas, META } from '../schema/meta-schemas.js'
import { goTypeOf, goTypeOfKind } from './go-types.js'
import { typeMetaErrorText } from './messages.js'
import { typedDecodeError, type DecoderModel } from './walk.js'

export { cannotBeHandled } from './messages.js'
export type { DecoderModel } from './walk.js'

/**
 * SimpleMetaFactory.Interpret (k8s.io/apimachinery/pkg/runtime/serializer/json/meta.go) decodes apiVersion
 * and kind with encoding/json — case-insensitive key matching, the first type error wins — before anything else.
 */
export function typeMetaError(body: Record<string, unknown>): string | undefined {
  for (const k in body) {
    const lower = k.length === 10 || k.length === 4 ? k.toLowerCase() : ''
    const field = lower === 'apiversion' ? 'apiVersion' : lower === 'kind' ? 'kind' : undefined
    if (!field) continue
    const v = body[k]
    if (v !== null && typeof v !== 'string') return typeMetaErrorText(field, v)
  }
  return undefined
}

/** The error decoding `body` into the kind described by `schema` reports first, or undefined. */
export function typedBodyError(body: unknown, schema: OpenAPISchema, registry: SchemaRegistry, model: DecoderModel = 'json'): string | undefined {
  return typedDecodeError(body, goTypeOfKind(schema, registry), model)
}

const DELETE_OPTIONS_REF = { $ref: `#/components/schemas/${META}DeleteOptions` }

/**
 * A DELETE body (metav1.DeleteOptions): k8s.io/apiserver/pkg/endpoints/handlers/delete.go decodes it with the
 * meta codecs and answers `errors.NewBadRequest(err.Error())` — the decoder's text, unwrapped.
 */
export function deleteOptionsTypeError(body: Record<string, unknown>): string | undefined {
  return typeMetaError(body) ?? typedDecodeError(body, goTypeOf(DELETE_OPTIONS_REF, metaSchemas))
}
