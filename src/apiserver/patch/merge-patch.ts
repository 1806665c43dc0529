// application/merge-patch+json (RFC 7386) as the apiserver applies it: handlers.applyJSPatch →
// jsonpatch.MergePatch from gopkg.in/evanphx/json-patch.v4 (merge.go), including its quirks:
//   * `null` deletes a member; objects merge recursively; anything else (arrays included) replaces;
//   * a value put where there was nothing (or null, or a non-object) has its object members that are
//     null pruned, recursively — also inside arrays — while arrays keep their null elements;
//   * a value replacing an existing object with a non-object is taken as is (no pruning);
//   * a top-level array patch (only reachable with fieldValidation=Ignore) replaces the whole document.
// Body errors (400): with Warn/Strict (the default) the strict decoder speaks first —
// `error decoding patch: invalid character …` / `error decoding patch: json: cannot unmarshal array
// into Go value of type map[string]interface {}`; a `null` body, and with Ignore any syntax error or
// scalar body, gives `Invalid JSON Patch` (jsonpatch.ErrBadJSONPatch).
// fidelity: apiserver.merge-patch

import { errors } from '../errors.js'
import { fieldValidationOf, hasOwn, type PatchOptions, type PatchOutcome } from './common.js'
import { cloneObject } from '../clone.js'
import { decodeGoJson, decodeGoJsonMap, GoJsonError, isJsonObject, setKey } from './go-json.js'

export const ERR_BAD_JSON_PATCH = 'Invalid JSON Patch'

/** Apply an RFC 7386 merge patch body to `original` (not mutated). */
export function applyMergePatch(original: unknown, patchBody: string, opts?: PatchOptions): unknown {
  return applyMergePatchWithWarnings(original, patchBody, opts).object
}

export function applyMergePatchWithWarnings(original: unknown, patchBody: string, opts?: PatchOptions): PatchOutcome {
  const validation = fieldValidationOf(opts)
  let patch: unknown
  let strictErrors: string[] = []
  if (validation === 'Warn' || validation === 'Strict') {
    try {
      const d = decodeGoJsonMap(patchBody) // kjson.UnmarshalStrict(patchBytes, &map[string]any{})
      patch = d.value
      strictErrors = d.strictErrors
    } catch (e) {
      if (e instanceof GoJsonError) throw errors.badRequest(`error decoding patch: ${e.message}`)
      throw e
    }
  } else {
    try {
      patch = decodeGoJson(patchBody).value
    } catch (e) {
      if (e instanceof GoJsonError) throw errors.badRequest(ERR_BAD_JSON_PATCH)
      throw e
    }
  }
  return { object: mergePatchValue(original, patch), strictErrors }
}

/**
 * jsonpatch.MergePatch on decoded values (doc must be a JSON object). `original` is not changed: the
 * objects the patch reaches are copied, the rest of the result is `original`'s own (callers treat the
 * result as read-only where it is shared, or copy it: the store normalises it into a new object).
 */
export function mergePatchValue(original: unknown, patch: unknown): unknown {
  if (patch === null) throw errors.badRequest(ERR_BAD_JSON_PATCH)
  const p = cloneObject(patch)
  if (Array.isArray(p)) return pruneNulls(p) // "not a doc, so we turn straight into the patch"
  if (!isJsonObject(p)) throw errors.badRequest(ERR_BAD_JSON_PATCH)
  if (!isJsonObject(original)) return pruneNulls(p)
  return mergeDocs(original, p)
}

/** A copy of `doc` with `patch` merged in (doc itself unchanged). */
function mergeDocs(doc: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const k of Object.keys(doc)) {
    // A member the patch deletes is left out rather than deleted afterwards.
    if (hasOwn(patch, k) && patch[k] === null) continue
    setKey(out, k, doc[k])
  }
  for (const k of Object.keys(patch)) {
    const v = patch[k]
    if (v === null) continue
    const cur = hasOwn(out, k) ? out[k] : null
    if (cur === null) setKey(out, k, pruneNulls(v))
    else setKey(out, k, merge(cur, v))
  }
  return out
}

function merge(cur: unknown, patch: unknown): unknown {
  if (!isJsonObject(cur)) return pruneNulls(patch)
  if (!isJsonObject(patch)) return patch
  return mergeDocs(cur, patch)
}

function pruneNulls<T>(v: T): T {
  if (Array.isArray(v)) {
    for (const x of v) if (x !== null) pruneNulls(x)
  } else if (isJsonObject(v)) {
    for (const k of Object.keys(v)) {
      if (v[k] === null) delete v[k]
      else pruneNulls(v[k])
    }
  }
  return v
}
