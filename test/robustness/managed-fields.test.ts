// Finding 5 of issue 11: `metadata.managedFields: [{ "manager": 5 }]` was a 500 `manager is not iterable`.
// The real server fails decoding the body into metav1.ObjectMeta (UnmarshalTypeError from encoding/json).

import { beforeAll, describe, expect, it } from 'vitest'
import { call, fakeApi, IS } from '../helpers.js'
import type { FakeImageApi } from '../../src/index.js'

let api: FakeImageApi
beforeAll(async () => {
  api = fakeApi()
  await call(api, 'POST', '/api/v1/namespaces', { metadata: { name: 'ns' } })
  await call(api, 'POST', IS, { metadata: { name: 'is' } })
})

const cannot = (what: string) => `ImageStream in version "v1" cannot be handled as a ImageStream: json: cannot unmarshal ${what}`

describe('wrongly typed managedFields', () => {
  it.each([
    [[{ manager: 5 }], cannot('number into Go struct field ManagedFieldsEntry.metadata.managedFields.manager of type string')],
    [[{ operation: true }], cannot('bool into Go struct field ManagedFieldsEntry.metadata.managedFields.operation of type v1.ManagedFieldsOperationType')],
    [[{ manager: 'm', fieldsV1: 'x' }], cannot('string into Go struct field ManagedFieldsEntry.metadata.managedFields.fieldsV1 of type v1.FieldsV1')],
    // metav1.Time's UnmarshalJSON fails inside the struct walk; sigs.k8s.io/json adds the field context
    // (addErrorContext), so the message names ManagedFieldsEntry.time like any other field.
    [[{ time: 1 }], cannot('number into Go struct field ManagedFieldsEntry.metadata.managedFields.time of type string')],
    [[5], cannot('number into Go struct field ObjectMeta.metadata.managedFields of type v1.ManagedFieldsEntry')],
    ['x', cannot('string into Go struct field ObjectMeta.metadata.managedFields of type []v1.ManagedFieldsEntry')],
  ])('POST managedFields %j: 400 %s', async (managedFields, message) => {
    const r = await call(api, 'POST', IS, { metadata: { name: 'mf', managedFields } })
    expect(r.status).toBe(400)
    expect(r.body).toMatchObject({ reason: 'BadRequest', code: 400, message })
  })

  it('PUT answers the same decode error', async () => {
    const cur = (await call(api, 'GET', `${IS}/is`)).body
    const r = await call(api, 'PUT', `${IS}/is`, { ...cur, metadata: { ...cur.metadata, managedFields: [{ manager: 5 }] } })
    expect(r.status).toBe(400)
    expect(r.body.message).toBe(cannot('number into Go struct field ManagedFieldsEntry.metadata.managedFields.manager of type string'))
  })

  it('a merge patch producing one: 422 on field patch with the decoder text (runtime.DecodeInto of the patched object)', async () => {
    const r = await call(api, 'PATCH', `${IS}/is`, { metadata: { managedFields: [{ manager: 5 }] } }, { contentType: 'application/merge-patch+json' })
    expect(r.status).toBe(422)
    expect(r.body.details.causes).toEqual([
      { reason: 'FieldValueInvalid', message: expect.stringContaining(': json: cannot unmarshal number into Go struct field ManagedFieldsEntry.metadata.managedFields.manager of type string'), field: 'patch' },
    ])
  })
})
