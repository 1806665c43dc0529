// application/json-patch+json (RFC 6902) as the apiserver applies it (apiserver
// pkg/endpoints/handlers/patch.go, jsonPatcher.applyJSPatch) with gopkg.in/evanphx/json-patch.v4
// semantics. Mutations are done with fast-json-patch on canonicalised pointers; the v4 quirks are
// reproduced around it:
//   * the first path segment is ignored (`"a/b"` means `/b`); paths "" only work for replace/test;
//   * negative array indices count from the end (`/tags/-1`); indices go through strconv.Atoi
//     (`+1`, `01` are accepted);
//   * `replace` of a missing object key adds it; `copy` from a missing object key copies null;
//   * an op without `value` adds/replaces null; `test` of a missing or null member passes when
//     the value is absent or null;
//   * `test` compares scalars by their JSON text (the stored object encoded as Go does, HTML
//     characters escaped, against the token in the patch), so `1.0` ≠ `1` and `"a&b"` never matches.
// Errors: unreadable body → 400 (decoder text); >10000 ops → 413; any failing op → the generic 422.
// fidelity: apiserver.json-patch

import jsonpatch from 'fast-json-patch'
import { errors } from '../errors.js'
import { fieldValidationOf, hasOwn, type PatchOptions, type PatchOutcome } from './common.js'
import { cloneObject } from '../clone.js'
import { decodeGoJson, decodeRawTree, GoJsonError, goTypeError, isJsonObject, setKey } from './go-json.js'

/** Byte lengths of copied values (the accumulated-copy limit counts bytes); TextEncoder works in browsers too. */
const UTF8 = new TextEncoder()

export const MAX_JSON_PATCH_OPERATIONS = 10000
/** jsonpatch.AccumulatedCopySizeLimit as the apiserver sets it (JSONPatchMaxCopyBytes). */
export const MAX_JSON_PATCH_COPY_BYTES = 3 * 1024 * 1024

const OP_FIELDS = ['op', 'path', 'from', 'value'] as const

class OpFailed extends Error {}

/** Apply an RFC 6902 patch body to `original` (not mutated) and return the result. */
export function applyJsonPatch(original: unknown, patchBody: string, opts?: PatchOptions): unknown {
  return applyJsonPatchWithWarnings(original, patchBody, opts).object
}

export function applyJsonPatchWithWarnings(original: unknown, patchBody: string, opts?: PatchOptions): PatchOutcome {
  const ops = decodeJsonPatch(patchBody, opts)
  const doc: Doc = { root: cloneObject(original), copied: 0 }
  let raw: unknown[] | undefined
  const rawOps = () => (raw ??= decodeRawTree(patchBody) as unknown[])
  try {
    ops.ops.forEach((op, i) => applyOp(doc, op, () => (rawOps()[i] as Record<string, unknown>).value))
  } catch (e) {
    if (e instanceof OpFailed || e instanceof jsonpatch.JsonPatchError || e instanceof TypeError || e instanceof RangeError) {
      throw errors.patchRejected()
    }
    throw e
  }
  return { object: doc.root, strictErrors: ops.strictErrors }
}

interface Decoded {
  ops: unknown[]
  strictErrors: string[]
}

/** handlers.applyJSPatch up to (not including) Apply: the decode checks and the operation limit. */
export function decodeJsonPatch(patchBody: string, opts?: PatchOptions): Decoded {
  const validation = fieldValidationOf(opts)
  let strictErrors: string[] = []
  let value: unknown
  if (validation === 'Warn' || validation === 'Strict') {
    // kjson.UnmarshalStrict(patchBytes, &[]jsonPatchOp{})
    try {
      const d = decodeGoJson(patchBody, { topLevelArrayStructFields: OP_FIELDS, topLevelArrayStructName: 'jsonPatchOp' })
      value = d.value
      strictErrors = d.strictErrors.map((e) => `json patch ${e}`)
      const typeErr = strictOpsTypeError(value) ?? d.numberError
      if (typeErr) throw errors.badRequest(`error decoding patch: ${typeErr}`)
    } catch (e) {
      if (e instanceof GoJsonError) throw errors.badRequest(`error decoding patch: ${e.message}`)
      throw e
    }
  } else {
    try {
      value = decodeGoJson(patchBody).value
    } catch (e) {
      if (e instanceof GoJsonError) throw errors.badRequest(e.message)
      throw e
    }
  }
  // jsonpatch.DecodePatch: json.Unmarshal into Patch ([]Operation, Operation = map[string]*json.RawMessage)
  if (value !== null && !Array.isArray(value)) throw errors.badRequest(goTypeError(value, 'jsonpatch.Patch'))
  const ops = (value ?? []) as unknown[]
  for (const op of ops) {
    if (op !== null && !isJsonObject(op)) throw errors.badRequest(goTypeError(op, 'jsonpatch.Operation'))
  }
  if (ops.length > MAX_JSON_PATCH_OPERATIONS) {
    throw errors.tooLarge(`The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${ops.length}`)
  }
  return { ops, strictErrors }
}

/** The first UnmarshalTypeError decoding into []handlers.jsonPatchOp, in document order. */
function strictOpsTypeError(v: unknown): string | undefined {
  if (v === null) return undefined
  if (!Array.isArray(v)) return goTypeError(v, '[]handlers.jsonPatchOp')
  for (const op of v) {
    if (op === null) continue
    if (!isJsonObject(op)) return goTypeError(op, 'handlers.jsonPatchOp')
    for (const [k, fv] of Object.entries(op)) {
      if ((k === 'op' || k === 'path' || k === 'from') && fv !== null && typeof fv !== 'string') {
        return goTypeError(fv, 'string', { struct: 'jsonPatchOp', field: k })
      }
    }
  }
  return undefined
}

// ---------------------------------------------------------------------------------------------
// Operation application (evanphx/json-patch v4 Patch.ApplyIndent)

type Container = { kind: 'object'; obj: Record<string, unknown>; pointer: string } | { kind: 'array'; arr: unknown[]; pointer: string }

interface Doc {
  root: unknown
  /** bytes added by copy operations so far */
  copied: number
}

function fail(): never {
  throw new OpFailed()
}

/** strconv.Atoi: optional sign, decimal digits, int64 range. */
function atoi(s: string): number {
  if (!/^[+-]?\d+$/.test(s)) fail()
  const n = Number(s)
  if (!Number.isSafeInteger(n)) fail()
  return n
}

function decodeKey(k: string): string {
  return k.replace(/~1/g, '/').replace(/~0/g, '~')
}

function child(pointer: string, key: string | number): string {
  return `${pointer}/${jsonpatch.escapePathComponent(String(key))}`
}

function asContainer(v: unknown, pointer: string): Container | undefined {
  if (Array.isArray(v)) return { kind: 'array', arr: v, pointer }
  if (isJsonObject(v)) return { kind: 'object', obj: v, pointer }
  return undefined
}

/** container.get: object members may be absent (undefined, no error); array indices must exist. */
function getIn(c: Container, key: string): { value: unknown; pointer: string } {
  if (c.kind === 'object') return { value: hasOwn(c.obj, key) ? c.obj[key] : undefined, pointer: child(c.pointer, key) }
  let idx = atoi(key)
  if (idx < 0) {
    if (idx < -c.arr.length) fail()
    idx += c.arr.length
  }
  if (idx >= c.arr.length) fail()
  return { value: c.arr[idx], pointer: child(c.pointer, idx) }
}

/** findObject: the container holding the last segment of `path`, and that (decoded) segment. */
function findObject(doc: Doc, path: string): { con: Container; key: string } | undefined {
  const split = path.split('/')
  if (split.length < 2) return undefined
  let con = asContainer(doc.root, '')
  if (!con) return undefined
  for (const part of split.slice(1, -1)) {
    let next: { value: unknown; pointer: string }
    try {
      next = getIn(con, decodeKey(part))
    } catch {
      return undefined
    }
    const c = asContainer(next.value, next.pointer)
    if (!c) return undefined
    con = c
  }
  return { con, key: decodeKey(split[split.length - 1]!) }
}

/** fast-json-patch refuses "__proto__" members; they are plain data here, as in Go. */
function setMember(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') setKey(obj, key, value)
  else jsonpatch.applyOperation(obj, { op: 'add', path: child('', key), value }, false, true)
}

function addIn(c: Container, key: string, value: unknown): void {
  if (c.kind === 'object') {
    setMember(c.obj, key, value)
    return
  }
  let pointerKey: string
  if (key === '-') pointerKey = '-'
  else {
    let idx = atoi(key)
    const size = c.arr.length + 1
    if (idx >= size) fail()
    if (idx < 0) {
      if (idx < -size) fail()
      idx += size
    }
    pointerKey = String(idx)
  }
  jsonpatch.applyOperation(c.arr, { op: 'add', path: `/${pointerKey}`, value }, false, true)
}

function removeIn(c: Container, key: string): unknown {
  if (c.kind === 'object') {
    if (!hasOwn(c.obj, key)) fail()
    const v = c.obj[key]
    if (key === '__proto__') delete c.obj[key]
    else jsonpatch.applyOperation(c.obj, { op: 'remove', path: child('', key) }, false, true)
    return v
  }
  let idx = atoi(key)
  if (idx >= c.arr.length) fail()
  if (idx < 0) {
    if (idx < -c.arr.length) fail()
    idx += c.arr.length
  }
  const v = c.arr[idx]
  jsonpatch.applyOperation(c.arr, { op: 'remove', path: `/${idx}` }, false, true)
  return v
}

function setIn(c: Container, key: string, value: unknown): void {
  if (c.kind === 'object') {
    setMember(c.obj, key, value)
    return
  }
  let idx = atoi(key)
  if (idx < 0) idx += c.arr.length
  jsonpatch.applyOperation(c.arr, { op: 'replace', path: `/${idx}`, value }, false, true)
}

function stringField(op: Record<string, unknown>, name: string): string {
  const v = op[name]
  if (v === undefined || v === null || typeof v !== 'string') fail()
  return v
}

/** op.value(): absent → undefined; JSON null and absent both become null in the document. */
function opValue(op: Record<string, unknown>): unknown {
  return hasOwn(op, 'value') ? op.value : undefined
}

function applyOp(doc: Doc, rawOp: unknown, rawValue: () => unknown): void {
  if (!isJsonObject(rawOp)) fail() // Kind() of a nil Operation is "unknown"
  const op = rawOp
  const kind = typeof op.op === 'string' ? op.op : 'unknown'
  switch (kind) {
    case 'add': {
      const found = findObject(doc, stringField(op, 'path'))
      if (!found) fail()
      addIn(found.con, found.key, cloneObject(opValue(op) ?? null))
      return
    }
    case 'remove': {
      const found = findObject(doc, stringField(op, 'path'))
      if (!found) fail()
      removeIn(found.con, found.key)
      return
    }
    case 'replace': {
      const path = stringField(op, 'path')
      const value = opValue(op)
      if (path === '') {
        if (!Array.isArray(value) && !isJsonObject(value)) fail()
        doc.root = cloneObject(value)
        return
      }
      const found = findObject(doc, path)
      if (!found) fail()
      getIn(found.con, found.key)
      setIn(found.con, found.key, cloneObject(value ?? null))
      return
    }
    case 'move': {
      const from = findObject(doc, stringField(op, 'from'))
      if (!from) fail()
      const val = getIn(from.con, from.key).value
      removeIn(from.con, from.key)
      const to = findObject(doc, stringField(op, 'path'))
      if (!to) fail()
      addIn(to.con, to.key, val ?? null)
      return
    }
    case 'copy': {
      const from = findObject(doc, stringField(op, 'from'))
      if (!from) fail()
      const val = getIn(from.con, from.key).value
      const to = findObject(doc, stringField(op, 'path'))
      if (!to) fail()
      if (val !== undefined && val !== null) {
        doc.copied += UTF8.encode(goJSON(val)).byteLength
        if (doc.copied > MAX_JSON_PATCH_COPY_BYTES) fail()
      }
      addIn(to.con, to.key, cloneObject(val ?? null))
      return
    }
    case 'test': {
      const path = stringField(op, 'path')
      const has = hasOwn(op, 'value')
      if (path === '') {
        if (!has || !rawEqual(doc.root, rawValue())) fail()
        return
      }
      const found = findObject(doc, path)
      if (!found) fail()
      const val = getIn(found.con, found.key).value
      if (val === undefined || val === null) {
        if (!has || op.value === null) return
        fail()
      }
      if (!has || !rawEqual(val, rawValue())) fail()
      return
    }
    default:
      fail() // Unexpected kind
  }
}

/** Go's json.Marshal text (HTML-sensitive characters escaped). */
function goJSON(v: unknown): string {
  return JSON.stringify(v).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

/** lazyNode.equal(doc node, patch node): structural for objects/arrays, token text for scalars. */
function rawEqual(docValue: unknown, raw: unknown): boolean {
  if (isJsonObject(docValue)) {
    if (!isJsonObject(raw)) return false
    const keys = Object.keys(docValue)
    if (keys.length !== Object.keys(raw).length) return false
    for (const k of keys) {
      if (!hasOwn(raw, k)) return false
      const a = docValue[k]
      const b = raw[k]
      if ((a === null) !== (b === 'null')) return false
      if (a === null) continue
      if (!rawEqual(a, b)) return false
    }
    return true
  }
  if (Array.isArray(docValue)) {
    if (!Array.isArray(raw) || raw.length !== docValue.length) return false
    return docValue.every((v, i) => (v === null ? raw[i] === 'null' : rawEqual(v, raw[i])))
  }
  if (typeof raw !== 'string') return false
  return goJSON(docValue) === raw
}

