// Typed decoding of a patch result, as k8s.io/apiserver/pkg/endpoints/handlers/patch.go does it:
// * JSON and merge patches (jsonPatcher.applyPatchToCurrentObject): the patched JSON document is decoded with
//   the codec (Interpret, then the typed decode); an error is 422 Invalid,
//   `field.Invalid(field.NewPath("patch"), string(patchedObjJS), err.Error())`. patchedObjJS is Go's
//   json.Marshal of the patched document: compact, keys sorted, HTML characters escaped.
// * strategic merge patches (applyPatchToObject): the patched map goes through
//   runtime.DefaultUnstructuredConverter.FromUnstructuredWithValidation; an error is 422 Invalid,
//   `field.Invalid(field.NewPath("patch"), fmt.Sprintf("%+v", patchMap), err.Error())` — the *patch*, not the result.

import type { FieldError } from '../errors.js'
import { fe } from '../errors.js'
import { stableStringify } from '../json.js'
import { goSprintV } from '../patch/go-fmt.js'
import type { OpenAPISchema, SchemaRegistry } from '../schema-types.js'
import { typeMetaError, typedBodyError } from './index.js'

export function patchedObjectTypeError(
  type: 'json' | 'merge' | 'strategic',
  patched: Record<string, unknown>,
  patchText: string,
  schema: OpenAPISchema | undefined,
  registry: SchemaRegistry,
  /** The object the patch was applied to (stored, so known to decode): subtrees the result shares are not walked. */
  original?: unknown,
): FieldError | undefined {
  if (type === 'strategic') {
    const err = schema ? typedBodyError(patched, schema, registry, 'unstructured') : undefined
    if (!err) return undefined
    let patchMap: unknown = {}
    try {
      patchMap = JSON.parse(patchText)
    } catch {
      // the patch was decoded already; keep {}
    }
    return fe.invalid('patch', goSprintV(patchMap), err)
  }
  const err = typeMetaError(patched) ?? (schema ? typedBodyError(patched, schema, registry, 'json', original) : undefined)
  if (!err) return undefined
  return fe.invalid('patch', goMarshal(patched), err)
}

const HTML: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' }

/** json.Marshal of a decoded document: sorted keys, HTML-safe escapes. */
function goMarshal(v: unknown): string {
  return stableStringify(v).replace(/[<>&\u2028\u2029]/g, (c) => HTML[c]!)
}

/**
 * Server-side apply: after the merge, the new object goes from unstructured to the versioned Go type
 * (k8s.io/apimachinery/pkg/util/managedfields/internal/structuredmerge.go Apply → toVersioned); what the
 * typed patch object let through (a fraction for an int64: structured-merge-diff only knows "numeric") fails
 * there, as a plain error (500): `failed to convert new object (<ns>/<name>; <gvk>) to proper version: <err>`.
 */
export function appliedObjectTypeError(merged: unknown, schema: OpenAPISchema | undefined, registry: SchemaRegistry, objectRef: string): string | undefined {
  const err = schema ? typedBodyError(merged, schema, registry, 'unstructured') : undefined
  return err ? `failed to convert new object (${objectRef}) to proper version: ${err}` : undefined
}
