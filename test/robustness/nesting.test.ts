// Findings 2 and 5 of issue 11: deeply nested bodies overflowed the stack (500 `Maximum call stack size
// exceeded` for JSON ≥ ~1900 levels) or aborted Node (YAML ~1000 levels: `RegExpCompiler Allocation failed`).
// Real limits: the encoding/json scanner allows 10000 levels (`invalid character '[' exceeded max depth`);
// go-yaml v2 allows 10000 flow levels (`yaml: line N: exceeded max depth of 10000`). Within them, what is deep
// can only be in a field the typed decoder drops, so the answer is the usual one (unknown field warning).

import { beforeAll, describe, expect, it } from 'vitest'
import { call, fakeApi, IS } from '../helpers.js'
import type { FakeImageApi } from '../../src/index.js'

let api: FakeImageApi
let n = 0
beforeAll(async () => {
  api = fakeApi()
  await call(api, 'POST', '/api/v1/namespaces', { metadata: { name: 'ns' } })
  await call(api, 'POST', IS, { metadata: { name: 'is' } })
})

const arrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`
const objects = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`
const UNKNOWN_X = '299 - "unknown field \\"spec.x\\""'

describe('JSON nesting', () => {
  it.each([150, 1900, 5000, 9997])('POST with %i levels inside an unknown field: 201 with the warning', async (depth) => {
    const r = await call(api, 'POST', IS, undefined, { raw: `{"metadata":{"name":"d${++n}"},"spec":{"x":${arrays(depth)}}}` })
    expect(r.status).toBe(201)
    expect(r.headers.get('warning')).toBe(UNKNOWN_X)
    expect(r.body.spec).toEqual({ lookupPolicy: { local: false } })
  })

  it('POST beyond 10000 levels: the scanner error, 400', async () => {
    const text = `{"metadata":{"name":"deep"},"spec":{"x":${arrays(10001)}}}`
    const r = await call(api, 'POST', IS, undefined, { raw: text })
    expect(r.status).toBe(400)
    expect(r.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `the object provided is unrecognized (must be of type ImageStream): couldn't get version/kind; json parse error: invalid character '[' exceeded max depth (${text.slice(0, 30)} ...)`,
      reason: 'BadRequest',
      code: 400,
    })
  })

  it('an invalid deep body gets the scanner text of its first error', async () => {
    const r = await call(api, 'POST', IS, undefined, { raw: `{"metadata":{"name":"bad"},"spec":{"x":${'['.repeat(3000)}}}` })
    expect(r.status).toBe(400)
    expect(r.body.message).toContain("json parse error: invalid character '}' looking for beginning of value (")
  })

  it.each(['merge-patch+json', 'strategic-merge-patch+json'])('%s with 9997 levels: 200 with the warning', async (type) => {
    const r = await call(api, 'PATCH', `${IS}/is`, undefined, { raw: `{"spec":{"x":${objects(9997)}}}`, contentType: `application/${type}` })
    expect(r.status).toBe(200)
    expect(r.headers.get('warning')).toBe(UNKNOWN_X)
  })

  it('JSON patch with a 9000-level value: 200 with the warning', async () => {
    const r = await call(api, 'PATCH', `${IS}/is`, undefined, { raw: `[{"op":"add","path":"/spec/x","value":${arrays(9000)}}]`, contentType: 'application/json-patch+json' })
    expect(r.status).toBe(200)
    expect(r.headers.get('warning')).toBe(UNKNOWN_X)
  })

  it('merge patch beyond 10000 levels: error decoding patch, 400', async () => {
    const r = await call(api, 'PATCH', `${IS}/is`, undefined, { raw: `{"spec":{"x":${objects(10001)}}}`, contentType: 'application/merge-patch+json' })
    expect(r.status).toBe(400)
    expect(r.body.message).toBe("error decoding patch: invalid character '{' exceeded max depth")
  })
})

describe('YAML nesting', () => {
  const yaml = (name: string, x: string) => `metadata:\n  name: ${name}\nspec:\n  x: ${x}\n`

  it('the same 1000-level YAML body twice: 201 then 409, the process survives', async () => {
    const body = yaml('y1000', arrays(1000))
    const first = await call(api, 'POST', IS, undefined, { raw: body, contentType: 'application/yaml' })
    expect(first.status).toBe(201)
    expect(first.headers.get('warning')).toBe(UNKNOWN_X)
    const second = await call(api, 'POST', IS, undefined, { raw: body, contentType: 'application/yaml' })
    expect(second.status).toBe(409)
  })

  it('9000 flow levels: accepted', async () => {
    const r = await call(api, 'POST', IS, undefined, { raw: yaml('y9000', `${'{a: '.repeat(9000)}1${'}'.repeat(9000)}`), contentType: 'application/yaml' })
    expect(r.status).toBe(201)
  })

  it('beyond 10000 flow levels: go-yaml max_flow_level, 400', async () => {
    const r = await call(api, 'POST', IS, undefined, { raw: yaml('y10001', arrays(10001)), contentType: 'application/yaml' })
    expect(r.status).toBe(400)
    expect(r.body.message).toBe(
      "the object provided is unrecognized (must be of type ImageStream): couldn't get version/kind; json parse error: error converting YAML to JSON: yaml: line 4: exceeded max depth of 10000",
    )
  })

  it('server-side apply (apply-patch+yaml) deep and too deep, also under Strict', async () => {
    const apply = (depth: number, q = '') =>
      call(api, 'PATCH', `${IS}/applied?fieldManager=m${q}`, undefined, {
        raw: `apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata:\n  name: applied\n  labels: ${'{a: '.repeat(depth)}1${'}'.repeat(depth)}\n`,
        contentType: 'application/apply-patch+yaml',
      })
    // Within the limit the body parses; labels nested as maps then fail typing: the real server's own 500
    // (structured-merge-diff's "failed to create typed patch object"), twice, and the process lives on.
    for (let i = 0; i < 2; i++) {
      const deep = await apply(1000)
      expect(deep.status).toBe(500)
      expect(deep.body.message).toMatch(/^failed to create typed patch object \(\/applied; image\.openshift\.io\/v1, Kind=ImageStream\): \.metadata\.labels\.a: expected string, got /)
    }
    const tooDeep = await apply(10001, '&fieldValidation=Strict')
    expect(tooDeep.status).toBe(400)
    expect(tooDeep.body.message).toContain('yaml: line 5: exceeded max depth of 10000')
  })

  it('block nesting beyond what the fake parses (100 levels) is refused, not a crash (the real server allows 10000)', async () => {
    const r = await call(api, 'POST', IS, undefined, { raw: `metadata:\n  name: blk\nspec:\n  x:\n    ${'- '.repeat(200)}x\n`, contentType: 'application/yaml' })
    expect(r.status).toBe(400)
    expect(r.body.message).toContain('yaml: line 5: exceeded max depth of 100')
  })
})
