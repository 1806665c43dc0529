// application/strategic-merge-patch+json: a port of k8s.io/apimachinery/pkg/util/strategicpatch
// (StrategicMergeMapPatch with MergeParallelList and IgnoreUnmatchedNulls, as the apiserver calls it)
// with the patch metadata read from OpenAPI extensions (strategic-meta.ts):
//   * maps merge recursively, `null` deletes; lists are replaced unless the field has
//     x-kubernetes-patch-strategy `merge` (maps merged by x-kubernetes-patch-merge-key, scalars as a
//     set); `replace` replaces; `retainKeys` (alone or `merge,retainKeys`) honours `$retainKeys`;
//   * directives: `$patch: replace|delete` on a map, `{"$patch":"delete","<key>":…}` and
//     `{"$patch":"replace"}` inside merged lists, `$setElementOrder/<list>`,
//     `$deleteFromPrimitiveList/<list>`, `$retainKeys`;
//   * errors as handlers.interpretStrategicMergePatchError renders them: the mergepatch format errors
//     → 400 (`invalid patch format of setElementOrder list`, …), lists of lists → generic 422, every
//     other failure (unknown `$patch` value, missing merge key, `unable to find api field in struct …`,
//     order mismatch, `merging lists cannot yet be specified in the patch`) → 500 with the Go error
//     text and no reason, which is what the apiserver answers for a plain Go error.
// Go slice aliasing is reproduced where it is observable: deleting items from a merged list and
// appending new ones reuses the live list's storage, which $setElementOrder then sorts against.
// fidelity: apiserver.strategic-merge-patch

import { errors } from '../errors.js'
import type { OpenAPISchema, SchemaRegistry } from '../schema-types.js'
import { fieldValidationOf, hasOwn, type PatchOptions, type PatchOutcome } from './common.js'
import { cloneObject } from '../clone.js'
import { goKindOf, goSprintV } from './go-fmt.js'
import { decodeGoJsonMap, GoJsonError, goTypeError, setKey } from './go-json.js'
import {
  ERR_BAD_PATCH_FORMAT_FOR_PRIMITIVE_LIST,
  ERR_BAD_PATCH_FORMAT_FOR_RETAIN_KEYS,
  ERR_BAD_PATCH_FORMAT_FOR_SET_ELEMENT_ORDER_LIST,
  SchemaLookup,
  SmpError,
} from './strategic-meta.js'
import {
  DELETE_DIRECTIVE,
  DIRECTIVE_MARKER,
  SET_ELEMENT_ORDER_PREFIX,
  deduplicateScalars,
  deleteFromSlice,
  errBadArgType,
  errBadPatchType,
  errNoMergeKey,
  findMapInSliceBasedOnKeyValue,
  isMap,
  normalizeElementOrder,
  partitionMapsByPresentInList,
  partitionPrimitivesByPresentInList,
  sliceElementType,
  validatePatchWithSetOrderList,
  type JMap,
} from './strategic-order.js'

export { objectMetaPatchSchema } from './object-meta.js'

const REPLACE_DIRECTIVE = 'replace'
const MERGE_DIRECTIVE = 'merge'
const RETAIN_KEYS_STRATEGY = 'retainKeys'
const DELETE_FROM_PRIMITIVE_LIST_PREFIX = '$deleteFromPrimitiveList'
const RETAIN_KEYS_DIRECTIVE = '$retainKeys'

/**
 * Apply a decoded strategic merge patch to `original` (neither is mutated). `schema` is the OpenAPI
 * schema of the kind (e.g. registry['com.github.openshift.api.image.v1.ImageStream']).
 */
export function applyStrategicMergePatch(original: unknown, patch: unknown, schema: OpenAPISchema, registry: SchemaRegistry): unknown {
  if (patch !== null && !isMap(patch)) throw errors.badRequest(goTypeError(patch, 'map[string]interface {}'))
  const doc = cloneObject(original)
  const base: JMap = isMap(doc) ? doc : {}
  if (patch === null) return base // a nil patch map changes nothing
  try {
    return mergeMap(base, cloneObject(patch), SchemaLookup.root(schema, registry))
  } catch (e) {
    if (e instanceof SmpError) throw interpretStrategicMergePatchError(e)
    throw e
  }
}

/** Parse a strategic merge patch body (400 with Go's JSON error text) and apply it. */
export function applyStrategicMergePatchBody(
  original: unknown,
  body: string,
  schema: OpenAPISchema,
  registry: SchemaRegistry,
  opts?: PatchOptions,
): unknown {
  return applyStrategicMergePatchBodyWithWarnings(original, body, schema, registry, opts).object
}

export function applyStrategicMergePatchBodyWithWarnings(
  original: unknown,
  body: string,
  schema: OpenAPISchema,
  registry: SchemaRegistry,
  opts?: PatchOptions,
): PatchOutcome {
  let patch: unknown
  let strictErrors: string[] = []
  try {
    // kjson.UnmarshalStrict / UnmarshalCaseSensitivePreserveInts into map[string]interface{}
    const d = decodeGoJsonMap(body)
    patch = d.value
    if (fieldValidationOf(opts) !== 'Ignore') strictErrors = d.strictErrors
  } catch (e) {
    if (e instanceof GoJsonError) throw errors.badRequest(e.message)
    throw e
  }
  return { object: applyStrategicMergePatch(original, patch, schema, registry), strictErrors }
}

function interpretStrategicMergePatchError(e: SmpError) {
  switch (e.kind) {
    case 'badRequest':
      return errors.badRequest(e.message)
    case 'invalid':
      return errors.patchRejected()
    default:
      return errors.unknown(e.message)
  }
}

function bad(message: string): SmpError {
  return new SmpError(message, 'badRequest')
}

// ---------------------------------------------------------------------------------------------

function mergeMap(original: JMap, patch: JMap, schema: SchemaLookup): JMap {
  if (hasOwn(patch, DIRECTIVE_MARKER)) return handleDirectiveInMergeMap(patch[DIRECTIVE_MARKER], patch)
  applyRetainKeysDirective(original, patch)
  mergePatchIntoOriginal(original, patch, schema)

  for (const key of Object.keys(patch)) {
    if (!hasOwn(patch, key)) continue
    const patchV = patch[key]
    let k = key
    let isDeleteList = false
    if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX)) {
      k = extractKey(key, DELETE_FROM_PRIMITIVE_LIST_PREFIX)
      isDeleteList = true
    }
    if (patchV === null) {
      delete original[k]
      continue // IgnoreUnmatchedNulls
    }
    if (!hasOwn(original, k) || goKindOf(original[k]) !== goKindOf(patchV)) {
      if (!isDeleteList) {
        discardNullValuesFromPatch(patchV)
        const [v, keep] = removeDirectives(patchV)
        if (keep) setKey(original, k, v)
        else delete original[k]
      }
      continue
    }
    const cur = original[k]
    if (isMap(cur)) {
      const { sub, meta } = schema.lookupStruct(k)
      const [, strategy] = extractRetainKeysPatchStrategy(meta.strategies)
      setKey(original, k, mergeMapHandler(cur, patchV as JMap, sub, strategy))
    } else if (Array.isArray(cur)) {
      const { sub, meta } = schema.lookupSlice(k)
      const [, strategy] = extractRetainKeysPatchStrategy(meta.strategies)
      setKey(original, k, mergeSliceHandler(cur, patchV as unknown[], sub, strategy, meta.mergeKey, isDeleteList))
    } else {
      const [v, keep] = removeDirectives(patchV)
      if (keep) setKey(original, k, v)
      else delete original[k]
    }
  }
  return original
}

function handleDirectiveInMergeMap(directive: unknown, patch: JMap): JMap {
  if (directive === REPLACE_DIRECTIVE) {
    delete patch[DIRECTIVE_MARKER]
    return patch
  }
  if (directive === DELETE_DIRECTIVE) return {}
  throw errBadPatchType(directive, patch)
}

function extractKey(s: string, prefix: string): string {
  const slash = s.indexOf('/')
  if (slash < 0 || s.slice(0, slash) !== prefix) {
    throw bad(prefix === DELETE_FROM_PRIMITIVE_LIST_PREFIX ? ERR_BAD_PATCH_FORMAT_FOR_PRIMITIVE_LIST : ERR_BAD_PATCH_FORMAT_FOR_SET_ELEMENT_ORDER_LIST)
  }
  return s.slice(slash + 1)
}

function extractRetainKeysPatchStrategy(strategies: string[]): [boolean, string] {
  switch (strategies.length) {
    case 0:
      return [false, '']
    case 1:
      return strategies[0] === RETAIN_KEYS_STRATEGY ? [true, ''] : [false, strategies[0]!]
    case 2:
      if (strategies[0] === RETAIN_KEYS_STRATEGY) return [true, strategies[1]!]
      if (strategies[1] === RETAIN_KEYS_STRATEGY) return [true, strategies[0]!]
  }
  throw new SmpError(`unexpected patch strategy: ${goSprintV(strategies)}`)
}

function applyRetainKeysDirective(original: JMap, patch: JMap): void {
  if (!hasOwn(patch, RETAIN_KEYS_DIRECTIVE)) return
  const retainKeys = patch[RETAIN_KEYS_DIRECTIVE]
  delete patch[RETAIN_KEYS_DIRECTIVE]
  if (!Array.isArray(retainKeys)) throw bad(ERR_BAD_PATCH_FORMAT_FOR_RETAIN_KEYS)
  const keep = new Set<unknown>(retainKeys)
  for (const k of Object.keys(patch)) {
    if (patch[k] === null || k.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX) || k.startsWith(SET_ELEMENT_ORDER_PREFIX)) continue
    if (!keep.has(k)) throw bad(ERR_BAD_PATCH_FORMAT_FOR_RETAIN_KEYS)
  }
  for (const k of Object.keys(original)) if (!keep.has(k)) delete original[k]
}

/** Process `$setElementOrder/<list>` directives together with their lists (then removed from patch). */
function mergePatchIntoOriginal(original: JMap, patch: JMap, schema: SchemaLookup): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ELEMENT_ORDER_PREFIX) || !hasOwn(patch, key)) continue
    const setOrder = patch[key]
    delete patch[key]
    if (!Array.isArray(setOrder)) throw errBadArgType('slice', setOrder)
    const originalKey = extractKey(key, SET_ELEMENT_ORDER_PREFIX)
    const foundOriginal = hasOwn(original, originalKey)
    const foundPatch = hasOwn(patch, originalKey)
    const originalList = original[originalKey]
    const patchList = patch[originalKey]
    if (foundOriginal && !Array.isArray(originalList)) throw errBadArgType('slice', originalList)
    if (foundPatch && !Array.isArray(patchList)) throw errBadArgType('slice', patchList)
    // Go keeps a slice header of the live list: in-place changes made while merging stay visible.
    const originalFieldValue = (foundOriginal ? originalList : []) as unknown[]
    const patchFieldValue = (foundPatch ? patchList : []) as unknown[]
    const { sub, meta } = schema.lookupSlice(originalKey)
    const [, strategy] = extractRetainKeysPatchStrategy(meta.strategies)
    validatePatchWithSetOrderList(patchFieldValue, setOrder, meta.mergeKey)

    let merged: unknown[]
    if (foundOriginal && !foundPatch) merged = originalFieldValue
    else if (!foundOriginal && foundPatch) merged = removeDirectives(patchFieldValue)[0] as unknown[]
    else if (foundOriginal && foundPatch) merged = mergeSliceHandler(originalFieldValue, patchFieldValue, sub, strategy, meta.mergeKey, false)
    else continue

    const [patchItems, serverOnly] = meta.mergeKey
      ? partitionMapsByPresentInList(merged, setOrder, meta.mergeKey)
      : partitionPrimitivesByPresentInList(merged, setOrder)
    const kind = sliceElementType(originalFieldValue, patchFieldValue)
    setKey(original, originalKey, normalizeElementOrder(patchItems, serverOnly, setOrder, originalFieldValue, meta.mergeKey, kind))
    delete patch[originalKey]
  }
}

/** Remove `$patch` maps (recursively); returns [value, keep]. Mutates maps in place, as Go does. */
function removeDirectives(obj: unknown): [unknown, boolean] {
  if (isMap(obj)) {
    if (hasOwn(obj, DIRECTIVE_MARKER)) return [null, false]
    for (const k of Object.keys(obj)) {
      const [v, keep] = removeDirectives(obj[k])
      if (keep) obj[k] = v
      else delete obj[k]
    }
    return [obj, true]
  }
  if (Array.isArray(obj)) {
    const res: unknown[] = []
    for (const v of obj) {
      const [nv, keep] = removeDirectives(v)
      if (keep) res.push(nv)
    }
    return [res, true]
  }
  return [obj, true]
}

function discardNullValuesFromPatch(v: unknown): void {
  if (isMap(v)) {
    for (const k of Object.keys(v)) {
      if (v[k] === null) delete v[k]
      else discardNullValuesFromPatch(v[k])
    }
  } else if (Array.isArray(v)) {
    for (const x of v) discardNullValuesFromPatch(x)
  }
}

function mergeMapHandler(original: JMap, patch: JMap, schema: SchemaLookup, strategy: string): JMap {
  return strategy !== REPLACE_DIRECTIVE ? mergeMap(original, patch, schema) : patch
}

function mergeSliceHandler(original: unknown[], patch: unknown[], schema: SchemaLookup, strategy: string, mergeKey: string, isDeleteList: boolean): unknown[] {
  // Delete lists are handled the same way regardless of the field's patch strategy.
  if (strategy === MERGE_DIRECTIVE || isDeleteList) return mergeSlice(original, patch, schema, mergeKey, isDeleteList)
  return patch
}

/** A Go slice header over a shared backing array. */
interface GoSlice {
  b: unknown[]
  len: number
  cap: number
}

const view = (s: GoSlice): unknown[] => s.b.slice(0, s.len)

function mergeSlice(original: unknown[], patch: unknown[], schema: SchemaLookup, mergeKey: string, isDeleteList: boolean): unknown[] {
  if (original.length === 0 && patch.length === 0) return original
  const kind = sliceElementType(original, patch)
  let merged: unknown[]
  let serverOrder = original
  let patchOrder = patch
  if (kind !== 'map') {
    if (isDeleteList) return deleteFromSlice(original, patch)
    merged = deduplicateScalars([...original, ...patch])
  } else {
    if (!mergeKey) throw new SmpError(`cannot merge lists without merge key for ${schema.kindName()}`)
    const [orig, rest] = mergeSliceWithSpecialElements({ b: original, len: original.length, cap: original.length }, patch, mergeKey)
    serverOrder = view(orig)
    patchOrder = rest
    merged = mergeSliceWithoutSpecialElements(orig, rest, mergeKey, schema)
  }
  const [patchItems, serverOnly] = mergeKey
    ? partitionMapsByPresentInList(merged, patchOrder, mergeKey)
    : partitionPrimitivesByPresentInList(merged, patchOrder)
  return normalizeElementOrder(patchItems, serverOnly, patchOrder, serverOrder, mergeKey, kind)
}

function mergeSliceWithSpecialElements(original: GoSlice, patch: unknown[], mergeKey: string): [GoSlice, unknown[]] {
  const rest: unknown[] = []
  let replace = false
  for (const v of patch) {
    const typedV = v as JMap
    if (!hasOwn(typedV, DIRECTIVE_MARKER)) {
      rest.push(v)
      continue
    }
    const patchType = typedV[DIRECTIVE_MARKER]
    if (patchType === DELETE_DIRECTIVE) {
      if (!hasOwn(typedV, mergeKey)) throw errNoMergeKey(typedV, mergeKey)
      deleteMatchingEntries(original, mergeKey, typedV[mergeKey])
    } else if (patchType === REPLACE_DIRECTIVE) {
      replace = true // keep iterating to prune the other $patch elements
    } else if (patchType === MERGE_DIRECTIVE) {
      throw new SmpError('merging lists cannot yet be specified in the patch')
    } else {
      throw errBadPatchType(patchType, typedV)
    }
  }
  if (replace) return [{ b: rest, len: rest.length, cap: rest.length }, []]
  return [original, rest]
}

/** `original = append(original[:k], original[k+1:]...)` for every match, in the shared storage. */
function deleteMatchingEntries(s: GoSlice, mergeKey: string, value: unknown): void {
  for (;;) {
    const found = findMapInSliceBasedOnKeyValue(view(s), mergeKey, value)
    if (!found) return
    for (let i = found.index; i < s.len - 1; i++) s.b[i] = s.b[i + 1]
    s.len--
  }
}

function mergeSliceWithoutSpecialElements(original: GoSlice, patch: unknown[], mergeKey: string, schema: SchemaLookup): unknown[] {
  const s = { ...original }
  for (const v of patch) {
    const typedV = v as JMap
    if (!hasOwn(typedV, mergeKey)) throw errNoMergeKey(typedV, mergeKey)
    const found = findMapInSliceBasedOnKeyValue(view(s), mergeKey, typedV[mergeKey])
    if (found) {
      s.b[found.index] = mergeMap(found.map, typedV, schema)
    } else if (s.len < s.cap) {
      s.b[s.len++] = v // append within capacity: writes into the live list's storage
    } else {
      s.b = [...view(s), v] // reallocation: no longer shared
      s.len = s.b.length
      s.cap = Infinity
    }
  }
  return view(s)
}
