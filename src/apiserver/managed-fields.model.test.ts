// updateManagedFields against its model: the field sets written out path by path (every leaf of the new
// object, valueAt on both objects for each, FieldsV1 tries taken apart into paths and rebuilt). The code
// under test gets the same answer from one walk that skips equal parts and filters tries in place; random
// write sequences (Update, Apply, a status subresource, reset fields, list items sharing a key, nulls,
// empty objects) must give byte-identical managedFields.

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { ManagedFieldsEntry } from '../image/types.js'
import { leaves, pathsOf, trieOf, valueAt, type ListKeys, type Trie } from './field-sets.js'
import { managedFieldsEntries } from './managed-fields-type.js'
import { updateManagedFields, type ManagedFieldsInput } from './managed-fields.js'

function model(input: ManagedFieldsInput): ManagedFieldsEntry[] | undefined {
  const keys: ListKeys = { 'metadata.ownerReferences': 'uid', ...input.listKeys }
  let entries = managedFieldsEntries<ManagedFieldsEntry>(input.existing)
  const newLeaves = new Map<string, string[]>()
  leaves(input.newObj, [], keys, newLeaves)
  const changed = new Map<string, string[]>()
  for (const [k, p] of newLeaves) if (!input.oldObj || valueAt(input.oldObj, p) !== valueAt(input.newObj, p)) changed.set(k, p)
  const reset = (input.resetFields ?? []).map((f) => f.split('.').map((s) => `f:${s}`))
  const isReset = (p: string[]) => reset.some((r) => r.every((seg, i) => p[i] === seg))
  for (const [k, p] of changed) if (isReset(p)) changed.delete(k)
  const isOwn = (e: ManagedFieldsEntry) => e.manager === input.manager && e.operation === input.operation && (e.subresource ?? '') === (input.subresource ?? '')
  entries = entries
    .map((e) => {
      const owned = pathsOf(e.fieldsV1 as Trie)
      for (const k of [...owned.keys()]) if (!newLeaves.has(k) || (!isOwn(e) && changed.has(k) && !k.endsWith('\u0001.'))) owned.delete(k)
      return { ...e, fieldsV1: trieOf(owned.values()) }
    })
    .filter((e) => Object.keys(e.fieldsV1 ?? {}).length > 0 || e.manager === input.manager)
  let own = entries.find(isOwn)
  const mine = new Map<string, string[]>()
  if (input.applied) {
    const applied = new Map<string, string[]>()
    leaves(input.applied, [], keys, applied)
    for (const [k, p] of applied) if (newLeaves.has(k) && !isReset(p)) mine.set(k, p)
  } else {
    for (const [k, p] of pathsOf(own?.fieldsV1 as Trie)) mine.set(k, p)
    for (const [k, p] of changed) mine.set(k, p)
  }
  if (!own && mine.size === 0 && input.oldObj) return entries.length ? entries : undefined
  if (!own) entries.push((own = { manager: input.manager, operation: input.operation, apiVersion: input.apiVersion, time: input.time, fieldsType: 'FieldsV1', fieldsV1: {} }))
  own.time = input.time
  own.apiVersion = input.apiVersion
  own.fieldsV1 = trieOf(mine.values())
  if (input.subresource) own.subresource = input.subresource
  entries = entries.filter((e) => Object.keys(e.fieldsV1 ?? {}).length > 0)
  entries.sort((a, b) =>
    a.operation !== b.operation ? (a.operation === 'Apply' ? -1 : 1) : (a.time ?? '') < (b.time ?? '') ? -1 : (a.time ?? '') > (b.time ?? '') ? 1 : (a.manager ?? '').localeCompare(b.manager ?? ''),
  )
  return entries.map(({ manager, operation, apiVersion, time, fieldsV1, subresource }) => ({ manager, operation, apiVersion, time, fieldsType: 'FieldsV1', fieldsV1, ...(subresource ? { subresource } : {}) }))
}

const listKeys = { 'spec.tags': 'name', 'a.l': 'k' }
const leaf = fc.oneof(fc.constantFrom(null, undefined, 0, 1, 'x', 'y', true), fc.array(fc.constantFrom(1, 'x'), { maxLength: 2 }), fc.constant({ n: 1 }), fc.constant({}), fc.constant({ n: null }))
const item = fc.record(
  {
    name: fc.constantFrom('a', 'b', undefined, 1, 'latest', null),
    k: fc.constantFrom('a', 'b'),
    from: fc.oneof(fc.record({ kind: fc.constantFrom('A', 'B'), name: leaf }, { requiredKeys: [] }), leaf),
    v: leaf,
    l: fc.array(fc.record({ k: fc.constantFrom('a', 'b'), z: leaf }, { requiredKeys: [] }), { maxLength: 2 }),
  },
  { requiredKeys: [] },
)
const list = fc.oneof(fc.array(fc.oneof(item, item, leaf), { maxLength: 4 }), leaf)
const meta = fc.record(
  {
    name: fc.constantFrom('n', undefined),
    uid: fc.constantFrom('u', undefined),
    labels: fc.oneof(fc.dictionary(fc.constantFrom('a', 'b', 'c'), fc.constantFrom('1', '2', null), { maxKeys: 3 }), leaf),
    ownerReferences: fc.array(fc.record({ uid: fc.constantFrom('1', '2'), name: leaf }, { requiredKeys: [] }), { maxLength: 2 }),
    annotations: leaf,
  },
  { requiredKeys: [] },
)
const obj = fc.record(
  {
    kind: fc.constantFrom('X', undefined),
    apiVersion: fc.constantFrom('v1', undefined),
    metadata: meta,
    spec: fc.oneof(fc.record({ tags: list, lookup: fc.record({ local: leaf }, { requiredKeys: [] }) }, { requiredKeys: [] }), leaf),
    status: fc.oneof(leaf, fc.record({ x: leaf, tags: list })),
    a: fc.oneof(fc.record({ l: list, m: leaf }, { requiredKeys: [] }), leaf),
  },
  { requiredKeys: ['metadata'] },
)
const step = fc.record({
  obj,
  manager: fc.constantFrom('m1', 'm2', 'm3'),
  op: fc.constantFrom<'Update' | 'Apply'>('Update', 'Update', 'Apply'),
  sub: fc.constantFrom(undefined, undefined, 'status'),
  reset: fc.constantFrom(undefined, ['status'], ['spec.tags', 'spec.x'], ['a.l']),
  applied: fc.option(obj, { nil: undefined }),
  time: fc.constantFrom('2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z'),
  /** Write the previous object again, with a label changed or not (what a patch of one field looks like). */
  again: fc.constantFrom(undefined, 'same', 'label'),
})

describe('updateManagedFields', () => {
  it('gives what its model gives, write after write', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 7 }), (steps) => {
        // As the store keeps it: the object last written, carrying the entries computed for it (the very
        // objects, so that what the code remembers about them applies).
        let stored: Record<string, any> | undefined
        for (const s of steps) {
          let newObj: Record<string, any> = structuredClone(s.obj)
          if (s.again && stored) {
            newObj = structuredClone(stored)
            if (s.again === 'label') newObj.metadata = { ...newObj.metadata, labels: { z: String(steps.length) } }
          }
          const input = { existing: stored?.metadata.managedFields, oldObj: stored, newObj, manager: s.manager, operation: s.op, apiVersion: 'v1', time: s.time, subresource: s.sub, listKeys, applied: s.op === 'Apply' ? s.applied : undefined, resetFields: s.reset } as unknown as ManagedFieldsInput
          const expected = model(structuredClone(input))
          const got = updateManagedFields(input)
          expect(JSON.stringify(got)).toBe(JSON.stringify(expected))
          newObj.metadata = { ...newObj.metadata, managedFields: got }
          stored = newObj
        }
      }),
      { numRuns: 3000 },
    )
  })
})
