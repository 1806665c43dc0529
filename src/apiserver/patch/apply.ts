// Server-side apply, simplified: the applied configuration (the intent) is merged onto the live
// object with structured-merge-diff's merge rules (typed/merge.go), the schema deciding the
// relationship of every list and map as kube-openapi's schemaconv does:
//   * lists: `x-kubernetes-list-type` map (keys `x-kubernetes-list-map-keys`) / set → associative;
//     without a list type, `x-kubernetes-patch-strategy` containing merge → associative by
//     `x-kubernetes-patch-merge-key`, or a set of scalars without a key; anything else is atomic;
//   * maps and structs merge key by key unless `x-kubernetes-map-type: atomic`;
//   * leaves and atomic values: the intent wins; empty-vs-empty keeps the intent's form;
//   * associative lists keep the live order with the intent's new items placed as SMD places them
//     (mergingWalker.visitListItems);
//   * an explicit null in the intent removes the field (what decoding the merged object does).
// Field ownership (prune and conflicts) is managed-fields.ts's applyOwnership, run on the merged object.
// Invalid intents (a keyed item without its key, duplicate keys, maps in a set) fail with 500 like the
// real "failed to create typed patch object" errors.
// fidelity: apiserver.server-side-apply

import { errors } from '../errors.js'
import { resolveSchema, type OpenAPISchema, type SchemaRegistry } from '../schema-types.js'
import { hasOwn } from './common.js'
import { cloneObject } from '../clone.js'
import { goStrconvQuote, isJsonObject, setKey } from './go-json.js'
import { goTypeOf } from '../typed-decode/go-types.js'
import { smdTypeMismatch } from '../typed-decode/smd.js'

export interface ApplyOptions {
  /** `<namespace>/<name>; <group>/<version>, Kind=<Kind>` for the "failed to create typed patch object (…)" texts. */
  objectRef?: string
}

type ListRel = { kind: 'atomic' } | { kind: 'set' } | { kind: 'map'; keys: string[] }

/** Merge `intent` onto `live` (undefined when the object is being created). Inputs are not mutated. */
export function applyServerSideApply(
  live: unknown | undefined,
  intent: unknown,
  schema: OpenAPISchema,
  registry: SchemaRegistry,
  opts: ApplyOptions = {},
): unknown {
  const rhs = cloneObject(intent)
  validateApplyIntent(rhs, schema, registry, opts)
  return merge(live === undefined ? undefined : cloneObject(live), rhs, schema, registry)
}

function listRelation(s: OpenAPISchema | undefined): ListRel {
  if (!s) return { kind: 'atomic' }
  const lt = s['x-kubernetes-list-type']
  if (lt === 'map') return { kind: 'map', keys: s['x-kubernetes-list-map-keys'] ?? [] }
  if (lt === 'set') return { kind: 'set' }
  if (lt === 'atomic') return { kind: 'atomic' }
  const strategy = s['x-kubernetes-patch-strategy']
  if (typeof strategy === 'string' && strategy.split(',').includes('merge')) {
    const key = s['x-kubernetes-patch-merge-key']
    return typeof key === 'string' && key ? { kind: 'map', keys: [key] } : { kind: 'set' }
  }
  return { kind: 'atomic' }
}

function fieldSchema(s: OpenAPISchema | undefined, key: string, registry: SchemaRegistry): OpenAPISchema | undefined {
  const r = resolveSchema(registry, s)
  if (!r) return undefined
  if (r.properties && hasOwn(r.properties, key)) return r.properties[key]
  return typeof r.additionalProperties === 'object' ? r.additionalProperties : undefined
}

function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null) return true
  if (Array.isArray(v)) return v.length === 0
  return isJsonObject(v) && Object.keys(v).length === 0
}

function merge(lhs: unknown, rhs: unknown, s: OpenAPISchema | undefined, registry: SchemaRegistry): unknown {
  if (rhs === undefined) return lhs
  if (rhs === null || lhs === undefined || lhs === null) return dropNulls(rhs)
  const r = resolveSchema(registry, s)
  if (isJsonObject(lhs) && isJsonObject(rhs)) {
    const atomic = (s?.['x-kubernetes-map-type'] ?? r?.['x-kubernetes-map-type']) === 'atomic'
    if (atomic || (isEmpty(lhs) && isEmpty(rhs))) return dropNulls(rhs)
    const out: Record<string, unknown> = {}
    for (const k of Object.keys(lhs)) {
      if (!hasOwn(rhs, k)) setKey(out, k, lhs[k])
    }
    for (const k of Object.keys(rhs)) {
      if (rhs[k] === null) continue
      setKey(out, k, merge(hasOwn(lhs, k) ? lhs[k] : undefined, rhs[k], fieldSchema(r, k, registry), registry))
    }
    // keep the live key order, new keys after
    const ordered: Record<string, unknown> = {}
    for (const k of [...Object.keys(lhs), ...Object.keys(rhs)]) if (hasOwn(out, k) && !hasOwn(ordered, k)) setKey(ordered, k, out[k])
    return ordered
  }
  if (Array.isArray(lhs) && Array.isArray(rhs)) {
    const rel = listRelation(s)
    if (rel.kind === 'atomic' || (lhs.length === 0 && rhs.length === 0)) return dropNulls(rhs)
    return mergeList(lhs, rhs, rel, r?.items, registry)
  }
  return dropNulls(rhs)
}

function dropNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(dropNulls)
  if (isJsonObject(v)) {
    for (const k of Object.keys(v)) {
      if (v[k] === null) delete v[k]
      else v[k] = dropNulls(v[k])
    }
  }
  return v
}

/** A canonical identity for an associative-list item (its key fields, or the value for sets). */
function pathElement(item: unknown, rel: ListRel): string | undefined {
  if (rel.kind === 'set') return isJsonObject(item) || Array.isArray(item) || item === null ? undefined : JSON.stringify(item)
  if (!isJsonObject(item) || rel.kind !== 'map') return undefined
  const present = rel.keys.filter((k) => hasOwn(item, k)).sort()
  if (present.length === 0) return undefined
  return JSON.stringify(present.map((k) => [k, item[k]]))
}

/** mergingWalker.visitListItems. */
function mergeList(lhs: unknown[], rhs: unknown[], rel: ListRel, itemSchema: OpenAPISchema | undefined, registry: SchemaRegistry): unknown[] {
  const lhsPEs: (string | undefined)[] = lhs.map((x) => pathElement(x, rel))
  const rhsPEs: (string | undefined)[] = rhs.map((x) => pathElement(x, rel))
  const observedLHS = new Map<string, unknown>()
  for (let i = 0; i < lhs.length; i++) {
    const pe = lhsPEs[i]
    if (pe === undefined) continue
    // duplicated live items are not merged with the new value
    observedLHS.set(pe, observedLHS.has(pe) ? undefined : lhs[i])
  }
  const observedRHS = new Map<string, unknown>()
  rhs.forEach((x, i) => observedRHS.set(rhsPEs[i]!, x))
  const sharedOrder = rhsPEs.filter((pe) => observedLHS.has(pe!))
  let nextShared = sharedOrder.shift()
  const mergedRHS = new Set<string>()
  const out: unknown[] = []
  // live items without an identity (invalid for the list type) stay where they are
  const lhsKeys = lhsPEs.map((pe, i) => pe ?? `\u0000live${i}`)
  const lhsItems = lhs
  const item = (pe: string, l: unknown) => merge(l ?? undefined, observedRHS.get(pe), itemSchema, registry)
  for (let lI = 0, rI = 0; lI < lhsKeys.length || rI < rhsPEs.length; ) {
    if (lI < lhsKeys.length && rI < rhsPEs.length) {
      const pe = lhsKeys[lI]!
      if (pe === rhsPEs[rI]) {
        mergedRHS.add(pe)
        out.push(item(pe, observedLHS.get(pe)))
        lI++
        rI++
        nextShared = sharedOrder.shift()
        continue
      }
      if (observedRHS.has(pe) && nextShared !== undefined && nextShared !== pe) {
        lI++
        continue
      }
    }
    if (lI < lhsKeys.length) {
      const pe = lhsKeys[lI]!
      if (!observedRHS.has(pe)) {
        out.push(lhsItems[lI])
        lI++
        continue
      } else if (mergedRHS.has(pe)) {
        lI++
      }
    }
    if (rI < rhsPEs.length) {
      const pe = rhsPEs[rI]!
      mergedRHS.add(pe)
      out.push(item(pe, observedLHS.get(pe)))
      rI++
      if (nextShared !== undefined && nextShared === pe) nextShared = sharedOrder.shift()
    }
  }
  return out
}

function keyString(item: Record<string, unknown>, keys: string[]): string {
  const present = keys.filter((k) => hasOwn(item, k)).sort()
  return `[${present.map((k) => `${k}=${typeof item[k] === 'string' ? goStrconvQuote(item[k] as string) : JSON.stringify(item[k])}`).join(',')}]`
}

/**
 * The checks structured-merge-diff makes when it types the applied configuration (typed.AsTyped): fields
 * the schema does not declare, and malformed associative lists. Every problem is collected; the error is
 * ValidationErrors.Error(): one `path: message`, or `errors:` and one indented line per problem.
 */
export function validateApplyIntent(intent: unknown, schema: OpenAPISchema | undefined, registry: SchemaRegistry, opts: ApplyOptions = {}): void {
  const problems: string[] = []
  walkIntent(intent, schema, registry, '', problems)
  if (!problems.length) return
  const prefix = opts.objectRef ? `failed to create typed patch object (${opts.objectRef}): ` : ''
  throw errors.unknown(`${prefix}${problems.length === 1 ? problems[0] : ['errors:', ...problems.map((p) => `  ${p}`)].join('\n')}`)
}

function walkIntent(v: unknown, s: OpenAPISchema | undefined, registry: SchemaRegistry, path: string, problems: string[]): void {
  const fail = (p: string, msg: string) => {
    problems.push(`${p}: ${msg}`)
  }
  const r = resolveSchema(registry, s)
  // validateScalar / mapValue / listValue: a value of the wrong kind stops the walk at this field.
  const mismatch = path ? smdTypeMismatch(v, goTypeOf(s, registry, '')) : undefined
  if (mismatch) return fail(path, mismatch)
  if (isJsonObject(v)) {
    for (const k of Object.keys(v).sort()) {
      const declared = !r || !r.properties || hasOwn(r.properties, k) || typeof r.additionalProperties === 'object' || r.additionalProperties === true || r['x-kubernetes-preserve-unknown-fields'] === true
      if (!declared) {
        fail(`${path}.${k}`, 'field not declared in schema')
        continue
      }
      walkIntent(v[k], fieldSchema(r, k, registry), registry, `${path}.${k}`, problems)
    }
    return
  }
  if (!Array.isArray(v)) return
  const rel = listRelation(s)
  const seen = new Set<string>()
  v.forEach((item, i) => {
    let itemPath = `${path}[${i}]`
    if (rel.kind === 'map') {
      if (item === null) return fail(path, `element ${i}: associative list with keys may not have a null element`)
      if (!isJsonObject(item)) return fail(path, `element ${i}: associative list with keys may not have non-map elements`)
      const obj = item as Record<string, unknown>
      if (!rel.keys.some((k) => hasOwn(obj, k))) {
        return fail(path, `element ${i}: associative list with keys has an element that omits all key fields [${rel.keys.map(goStrconvQuote).join(' ')}] (and doesn't have default values for any key fields)`)
      }
      const pe = pathElement(item, rel)!
      if (seen.has(pe)) return fail(path, `duplicate entries for key ${keyString(obj, rel.keys)}`)
      seen.add(pe)
      itemPath = `${path}${keyString(obj, rel.keys)}`
    } else if (rel.kind === 'set') {
      if (isJsonObject(item)) return fail(path, `element ${i}: associative list without keys has an element that's a map type`)
      if (Array.isArray(item)) return fail(path, `element ${i}: not supported: associative list with lists as elements`)
      if (item === null) return fail(path, `element ${i}: associative list without keys has an element that's an explicit null`)
      const pe = pathElement(item, rel)!
      if (seen.has(pe)) return fail(path, `duplicate entries for key [=${typeof item === 'string' ? goStrconvQuote(item) : JSON.stringify(item)}]`)
      seen.add(pe)
    }
    walkIntent(item, r?.items, registry, itemPath, problems)
  })
}
