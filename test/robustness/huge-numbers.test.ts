// Finding 1 of issue 11: a patch body holding a number longer than 400 characters looped forever.
// The real server decodes patch bodies with sigs.k8s.io/json into interface{}: a number float64 cannot hold
// is decodeState.convertNumber's UnmarshalTypeError; a number in range is just a float64.

import { beforeEach, describe, expect, it } from 'vitest'
import { call, fakeApi, IS, stream } from '../helpers.js'
import type { FakeImageApi } from '../../src/index.js'

const huge = '1'.repeat(401) // 1.1e400: beyond float64
const big = '9'.repeat(300) // 1e300: a float64

let api: FakeImageApi
beforeEach(async () => {
  api = fakeApi()
  await call(api, 'POST', '/api/v1/namespaces', { metadata: { name: 'ns' } })
  expect((await call(api, 'POST', IS, stream('is'))).status).toBe(201)
})

const patch = (body: string, type: string, query = '') => call(api, 'PATCH', `${IS}/is${query}`, undefined, { raw: body, contentType: `application/${type}` })

describe('huge numbers in patch bodies', () => {
  it('merge patch: 400 error decoding patch (float64 range), answered at once', async () => {
    const r = await patch(`{"a":${huge}}`, 'merge-patch+json')
    expect(r.status).toBe(400)
    expect(r.body).toMatchObject({ reason: 'BadRequest', message: `error decoding patch: json: cannot unmarshal number ${huge} into Go value of type float64` })
  })

  it('strategic merge patch: 400 with the decoder text', async () => {
    const r = await patch(`{"metadata":{"x":[${huge}]}}`, 'strategic-merge-patch+json')
    expect(r.status).toBe(400)
    expect(r.body.message).toBe(`json: cannot unmarshal number ${huge} into Go value of type float64`)
  })

  it('JSON patch: the op struct field is named', async () => {
    const r = await patch(`[{"op":"add","path":"/metadata/x","value":{"a":-${huge}e5}}]`, 'json-patch+json')
    expect(r.status).toBe(400)
    expect(r.body.message).toBe(`error decoding patch: json: cannot unmarshal number -${huge}e5 into Go struct field jsonPatchOp.value of type float64`)
  })

  it('a number in float64 range is accepted (unknown field: dropped with a warning)', async () => {
    const r = await patch(`{"metadata":{"annotations":{"a":"b"}},"x":${big}}`, 'merge-patch+json')
    expect(r.status).toBe(200)
    expect(r.headers.get('warning')).toBe('299 - "unknown field \\"x\\""')
    expect(r.body.metadata.annotations).toEqual({ a: 'b' })
  })

  it('fieldValidation=Ignore: merge patch keeps the raw number (never decoded), the unknown field is dropped', async () => {
    const r = await patch(`{"x":${huge}}`, 'merge-patch+json', '?fieldValidation=Ignore')
    expect(r.status).toBe(200)
    expect(r.body.x).toBeUndefined()
  })

  it('numbers of any length in the raw tree of a JSON patch test op do not hang', async () => {
    const r = await patch(`[{"op":"test","path":"/metadata/generation","value":${huge}}]`, 'json-patch+json', '?fieldValidation=Ignore')
    expect(r.status).toBe(422)
  })
})
