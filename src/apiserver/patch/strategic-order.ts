// List helpers of strategicpatch (patch.go): element ordering ($setElementOrder, patch order, live
// order), partitioning, element-type checks and the mergepatch error texts. Values follow Go's
// interface{} comparison (`==`): scalars by value, maps by identity.

import { hasOwn } from './common.js'
import { goKindOf, goSprintS, goSprintV, goTypeName, type GoKind } from './go-fmt.js'
import { sliceStable } from './go-sort.js'
import { ERR_NO_LIST_OF_LISTS, SmpError } from './strategic-meta.js'

export type JMap = Record<string, unknown>

export const DIRECTIVE_MARKER = '$patch'
export const DELETE_DIRECTIVE = 'delete'
export const SET_ELEMENT_ORDER_PREFIX = '$setElementOrder'

export function isMap(v: unknown): v is JMap {
  return goKindOf(v) === 'map'
}

/** mergepatch.ErrBadArgType(expected, actual). */
export function errBadArgType(expected: 'map' | 'slice', actual: unknown): SmpError {
  const exp = expected === 'map' ? 'map[string]interface {}' : '[]interface {}'
  return new SmpError(`expected a ${exp}, but received a ${goTypeName(actual)}`)
}

/** mergepatch.ErrNoMergeKey(m, k). */
export function errNoMergeKey(m: JMap, key: string): SmpError {
  return new SmpError(`map: ${goSprintV(m)} does not contain declared merge key: ${key}`)
}

/** mergepatch.ErrBadPatchType(t, m). */
export function errBadPatchType(t: unknown, m: JMap): SmpError {
  return new SmpError(`unknown patch type: ${goSprintS(t)} in map: ${goSprintV(m)}`)
}

export function containsDirectiveMarker(item: unknown): boolean {
  return isMap(item) && hasOwn(item, DIRECTIVE_MARKER)
}

/** `typedItem[mergeKey]` with Go's zero value (nil) for absent keys and non-maps. */
function mergeKeyValue(item: unknown, mergeKey: string): unknown {
  return isMap(item) && hasOwn(item, mergeKey) ? item[mergeKey] : null
}

/** index(l, valToLookUp, mergeKey, kind): position by merge-key value (maps) or value, or -1. */
export function index(l: unknown[], val: unknown, mergeKey: string, kind: GoKind): number {
  const get = kind === 'map' ? (x: unknown) => mergeKeyValue(x, mergeKey) : (x: unknown) => x
  const want = get(val)
  for (let i = 0; i < l.length; i++) if (get(l[i]) === want) return i
  return -1
}

export function findMapInSliceBasedOnKeyValue(m: unknown[], key: string, value: unknown): { map: JMap; index: number } | undefined {
  for (let k = 0; k < m.length; k++) {
    const v = m[k]
    if (!isMap(v)) throw new SmpError(`value for key ${k} is not a map`)
    if (hasOwn(v, key) && v[key] === value) return { map: v, index: k }
  }
  return undefined
}

export function validateMergeKeyInLists(mergeKey: string, ...lists: unknown[][]): void {
  for (const list of lists) {
    for (const item of list) {
      if (!isMap(item)) throw errBadArgType('map', item)
      if (!hasOwn(item, mergeKey)) throw errNoMergeKey(item, mergeKey)
    }
  }
}

/** extractToDeleteItems: [items to keep, items carrying `$patch: delete`]. */
export function extractToDeleteItems(l: unknown[]): [unknown[], unknown[]] {
  const nonDelete: unknown[] = []
  const toDelete: unknown[] = []
  for (const v of l) {
    if (!isMap(v)) throw errBadArgType('map', v)
    if (hasOwn(v, DIRECTIVE_MARKER) && v[DIRECTIVE_MARKER] === DELETE_DIRECTIVE) toDelete.push(v)
    else nonDelete.push(v)
  }
  return [nonDelete, toDelete]
}

function normalizeSliceOrder(toSort: unknown[], order: unknown[], mergeKey: string, kind: GoKind): unknown[] {
  let toDelete: unknown[] = []
  let items = toSort
  if (kind === 'map') {
    validateMergeKeyInLists(mergeKey, items, order)
    ;[items, toDelete] = extractToDeleteItems(items)
  }
  items = [...items]
  sliceStable(items, (i, j) => {
    const ii = index(order, items[i], mergeKey, kind)
    if (ii >= 0) {
      const ij = index(order, items[j], mergeKey, kind)
      if (ij >= 0) return ii < ij
    }
    return true
  })
  return [...items, ...toDelete]
}

/**
 * normalizeElementOrder: sort the patch items by `patchOrder`, the server-only items by
 * `serverOrder`, then interleave them (mergeSortedSlice).
 */
export function normalizeElementOrder(
  patch: unknown[],
  serverOnly: unknown[],
  patchOrder: unknown[],
  serverOrder: unknown[],
  mergeKey: string,
  kind: GoKind,
): unknown[] {
  const p = normalizeSliceOrder(patch, patchOrder, mergeKey, kind)
  const s = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind)
  return mergeSortedSlice(s, p, serverOrder, mergeKey, kind)
}

function mergeSortedSlice(left: unknown[], right: unknown[], serverOrder: unknown[], mergeKey: string, kind: GoKind): unknown[] {
  const less = (l: unknown, r: unknown): [boolean, boolean] => {
    const li = index(serverOrder, l, mergeKey, kind)
    const ri = index(serverOrder, r, mergeKey, kind)
    return li >= 0 && ri >= 0 ? [li < ri, true] : [false, false]
  }
  const size = left.length + right.length
  const s: unknown[] = []
  let i = 0
  let j = 0
  for (let k = 0; k < size; k++) {
    if (i >= left.length && j < right.length) s.push(right[j++])
    else if (j >= right.length && i < left.length) s.push(left[i++])
    else {
      const [isLess, foundBoth] = less(left[i], right[j])
      if (foundBoth && isLess) s.push(left[i++])
      else s.push(right[j++])
    }
  }
  return s
}

export function partitionPrimitivesByPresentInList(original: unknown[], partitionBy: unknown[]): [unknown[], unknown[]] {
  const inPatch = new Set(partitionBy)
  const patch: unknown[] = []
  const serverOnly: unknown[] = []
  for (const v of original) (inPatch.has(v) ? patch : serverOnly).push(v)
  return [patch, serverOnly]
}

export function partitionMapsByPresentInList(original: unknown[], partitionBy: unknown[], mergeKey: string): [unknown[], unknown[]] {
  const patch: unknown[] = []
  const serverOnly: unknown[] = []
  for (const v of original) {
    if (!isMap(v)) throw errBadArgType('map', v)
    if (!hasOwn(v, mergeKey)) throw errNoMergeKey(v, mergeKey)
    ;(findMapInSliceBasedOnKeyValue(partitionBy, mergeKey, v[mergeKey]) ? patch : serverOnly).push(v)
  }
  return [patch, serverOnly]
}

/** sliceElementType: the common Go type of all elements; lists of lists are refused (422). */
export function sliceElementType(...slices: unknown[][]): GoKind {
  let prev: GoKind | undefined
  for (const s of slices) {
    for (const v of s) {
      const cur = goKindOf(v)
      if (prev === undefined) {
        prev = cur
        if (prev === 'slice') throw new SmpError(ERR_NO_LIST_OF_LISTS, 'invalid')
      } else if (prev !== cur) {
        throw new SmpError(`list element types are not identical: ${goSprintV(slices)}`)
      }
    }
  }
  if (prev === undefined) throw new SmpError('no elements in any of the given slices')
  return prev
}

/** deduplicateScalars: Go's in-place "swap with last" deduplication (order changes as in Go). */
export function deduplicateScalars(input: unknown[]): unknown[] {
  let s = [...input]
  let length = s.length - 1
  for (let i = 0; i < length; i++) {
    for (let j = i + 1; j <= length; j++) {
      if (s[i] === s[j]) {
        s[j] = s[length]
        s = s.slice(0, length)
        length--
        j--
      }
    }
  }
  return s
}

export function deleteFromSlice(current: unknown[], toDelete: unknown[]): unknown[] {
  const del = new Set(toDelete)
  return current.filter((v) => !del.has(v))
}

function mergeKeyValueEqual(left: unknown, right: unknown, mergeKey: string): boolean {
  if (!mergeKey) return left === right
  if (!isMap(left)) throw errBadArgType('map', left)
  if (!isMap(right)) throw errBadArgType('map', right)
  if (!hasOwn(left, mergeKey)) throw errNoMergeKey(left, mergeKey)
  if (!hasOwn(right, mergeKey)) throw errNoMergeKey(right, mergeKey)
  return left[mergeKey] === right[mergeKey]
}

/**
 * validatePatchWithSetOrderList: the relative order of the patch items must agree with the
 * $setElementOrder list (deletions ignored).
 */
export function validatePatchWithSetOrderList(patchList: unknown[], setOrderList: unknown[], mergeKey: string): void {
  if (setOrderList.length === 0 || patchList.length === 0) return
  const nonDelete = mergeKey ? extractToDeleteItems(patchList)[0] : patchList
  let patchIndex = 0
  let setOrderIndex = 0
  while (patchIndex < nonDelete.length && setOrderIndex < setOrderList.length) {
    if (containsDirectiveMarker(nonDelete[patchIndex])) {
      patchIndex++
      continue
    }
    if (mergeKeyValueEqual(nonDelete[patchIndex], setOrderList[setOrderIndex], mergeKey)) patchIndex++
    setOrderIndex++
  }
  if (patchIndex < nonDelete.length && setOrderIndex >= setOrderList.length) {
    throw new SmpError(
      `The order in patch list:\n${goSprintV(patchList)}\n doesn't match ${SET_ELEMENT_ORDER_PREFIX} list:\n${goSprintV(setOrderList)}\n`,
    )
  }
}
