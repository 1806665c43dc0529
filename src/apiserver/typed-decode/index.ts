// Typed decoding of request bodies and patch results: the JSON type of every field is checked against the
// Go type the real server decodes it into (derived from the kind's OpenAPI schema), with the decoder's own
// error text. See walk.ts (the decoders), go-types.ts (the Go types), messages.ts (the texts, with their
// upstream sources).
// fidelity: apiserver.typed-decoding

import type { OpenAPISchema, SchemaRegistry } from '../schema-types.js'
import { metaSchemas, META } from '../schema/meta-schemas.js'
import { goTypeOf, goTypeOfKind } from './go-types.js'
import { typeMetaErrorText } from './messages.js'
import { typedDecodeError, type DecoderModel } from './walk.js'
import { needsRawParse, parseRawJson, RawObject } from './raw-json.js'

export { cannotBeHandled } from './messages.js'
export type { DecoderModel } from './walk.js'

/**
 * SimpleMetaFactory.Interpret (k8s.io/apimachinery/pkg/runtime/serializer/json/meta.go) decodes apiVersion
 * and kind with encoding/json — case-insensitive key matching, the first type error wins — before anything else.
 */
export function typeMetaError(body: Record<string, unknown> | RawObject): string | undefined {
  if (body instanceof RawObject) {
    for (const [k, v] of body.entries) {
      const err = typeMetaField(k, v)
      if (err) return err
    }
    return undefined
  }
  for (const k in body) {
    if (k.length !== 10 && k.length !== 4) continue
    const err = typeMetaField(k, body[k])
    if (err) return err
  }
  return undefined
}

function typeMetaField(k: string, v: unknown): string | undefined {
  if (v === null || typeof v === 'string') return undefined
  const lower = k.toLowerCase()
  const field = lower === 'apiversion' ? 'apiVersion' : lower === 'kind' ? 'kind' : undefined
  return field ? typeMetaErrorText(field, v) : undefined
}

/**
 * What the typed decoder should walk for a JSON body: the JSON.parse result, or — when the text has repeated
 * keys or numbers JavaScript cannot tell apart (`2.0`, `1e3`, 2^63) — a parse that keeps them (raw-json.ts).
 */
export function typedView(text: string, parsed: Record<string, unknown>, hasDuplicates: boolean): Record<string, unknown> | RawObject {
  if (!needsRawParse(text, hasDuplicates)) return parsed
  const raw = parseRawJson(text)
  return raw instanceof RawObject ? raw : parsed
}

/** The error decoding `body` into the kind described by `schema` reports first, or undefined. */
/** `shadow`: an object known to decode whose subtrees `body` may share (see JsonWalk.value). */
export function typedBodyError(body: unknown, schema: OpenAPISchema, registry: SchemaRegistry, model: DecoderModel = 'json', shadow?: unknown): string | undefined {
  return typedDecodeError(body, goTypeOfKind(schema, registry), model, shadow)
}

const DELETE_OPTIONS_REF = { $ref: `#/components/schemas/${META}DeleteOptions` }

/**
 * A DELETE body (metav1.DeleteOptions): k8s.io/apiserver/pkg/endpoints/handlers/delete.go decodes it with the
 * meta codecs and answers `errors.NewBadRequest(err.Error())` — the decoder's text, unwrapped.
 */
export function deleteOptionsTypeError(body: Record<string, unknown>): string | undefined {
  return typeMetaError(body) ?? typedDecodeError(body, goTypeOf(DELETE_OPTIONS_REF, metaSchemas))
}
