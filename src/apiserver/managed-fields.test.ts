import { describe, expect, it } from 'vitest'
import { fixtureSet, fixtureSetNames } from '../fixtures/sets.js'
import { flattenObjects } from '../seed.js'
import type { KubeObject, ManagedFieldsEntry } from '../image/types.js'
import { updateManagedFields, type ManagedFieldsInput } from './managed-fields.js'

// A create takes a one-walk path (createdEntries); an empty entry of another manager sends the same
// write through the general path (field sets per leaf), which drops that entry again. Both must agree.
function both(obj: KubeObject, extra: Partial<ManagedFieldsInput> = {}): [ManagedFieldsEntry[] | undefined, ManagedFieldsEntry[] | undefined] {
  const input: ManagedFieldsInput = { existing: undefined, oldObj: undefined, newObj: obj, manager: 'm', operation: 'Update', apiVersion: 'v1', time: '2026-01-01T00:00:00Z', ...extra }
  const other: ManagedFieldsEntry = { manager: 'other', operation: 'Update', apiVersion: 'v1', time: '2025-01-01T00:00:00Z', fieldsType: 'FieldsV1', fieldsV1: {} }
  return [updateManagedFields(input), updateManagedFields({ ...input, existing: [other] })]
}

describe('managedFields of a create: the one-walk path equals the general one', () => {
  it('for every object of every built-in fixture set (key order included)', () => {
    let n = 0
    for (const name of fixtureSetNames()) {
      for (const obj of flattenObjects(fixtureSet(name))) {
        const [fast, general] = both(obj, { resetFields: ['status'] })
        expect(JSON.stringify(fast)).toBe(JSON.stringify(general))
        n++
      }
    }
    expect(n).toBeGreaterThan(20)
  })

  it('for associative lists (duplicate and missing keys), nulls, empty objects, reset paths and subresources', () => {
    const obj = {
      kind: 'ImageStream',
      apiVersion: 'image.openshift.io/v1',
      metadata: {
        name: 'a',
        namespace: 'ns',
        uid: 'u',
        labels: { x: 'y' },
        annotations: {},
        ownerReferences: [
          { uid: '1', name: 'p', kind: 'K' },
          { uid: '1', apiVersion: 'v9', nested: { a: 1 } },
          { uid: '1', nested: { b: 2 } },
          { name: 'no-uid' },
          'not an object',
          {},
        ],
        finalizers: ['f'],
      },
      spec: { lookupPolicy: { local: false }, tags: [{ name: 't', from: null, annotations: null, importPolicy: {} }], empty: {} },
      status: { dockerImageRepository: 'r', tags: [{ tag: 't', items: [] }] },
    } as unknown as KubeObject
    for (const extra of [{}, { resetFields: ['status'] }, { resetFields: ['spec.tags', 'metadata.labels'] }, { resetFields: ['status.tags.x'] }, { subresource: 'status' }, { listKeys: { 'spec.tags': 'name' } }]) {
      const [fast, general] = both(obj, extra)
      expect(JSON.stringify(fast)).toBe(JSON.stringify(general))
    }
    expect(both({ kind: 'X', apiVersion: 'v1', metadata: { name: 'only-skipped' } } as KubeObject)[0]).toEqual([])
  })
})
