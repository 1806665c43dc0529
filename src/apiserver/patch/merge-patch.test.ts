import { describe, expect, it } from 'vitest'
import { statusOf } from './test-support.js'
import { applyMergePatch, applyMergePatchWithWarnings } from './merge-patch.js'


const merge = (doc: unknown, patch: unknown) => applyMergePatch(doc, JSON.stringify(patch))

describe('applyMergePatch: RFC 7386', () => {
  // RFC 7386 appendix A, as listed in evanphx/json-patch merge_test.go (object targets)
  it.each([
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [{ e: null }, { a: 1 }, { a: 1, e: null }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
    [{ title: null }, { title: { foo: 'bar' } }, { title: { foo: 'bar' } }],
    [{ person: { title: 'hello', age: 18 } }, { person: { title: 'goodbye' } }, { person: { title: 'goodbye', age: 18 } }],
    [{ array: ['one', 'two'] }, { array: [] }, { array: [] }],
    // arrays keep their null elements (TestMergePatchNilArray)
    [{ a: [{ b: 'c' }] }, { a: [null, 1] }, { a: [null, 1] }],
    [{ a: [] }, { a: ['b', null, null, 'a'] }, { a: ['b', null, null, 'a'] }],
  ])('%j + %j', (doc, patch, want) => {
    expect(merge(doc, patch)).toEqual(want)
  })

  it('lists are replaced wholesale (no strategic merging)', () => {
    const live = { spec: { tags: [{ name: 'latest' }, { name: 'v1' }] }, metadata: { labels: { a: '1', b: '2' } } }
    expect(merge(live, { spec: { tags: [{ name: 'v2' }] }, metadata: { labels: { a: null, c: '3' } } })).toEqual({
      spec: { tags: [{ name: 'v2' }] },
      metadata: { labels: { b: '2', c: '3' } },
    })
  })

  it('prunes nulls from new values, also inside arrays, but not when replacing an object with a non-object', () => {
    expect(merge({}, { a: [{ x: null, y: 1 }, null] })).toEqual({ a: [{ y: 1 }, null] })
    expect(merge({ a: 'str' }, { a: { x: null, y: 1 } })).toEqual({ a: { y: 1 } })
    expect(merge({ a: { k: 1 } }, { a: [{ x: null }] })).toEqual({ a: [{ x: null }] })
  })

  it('does not mutate its inputs: what the patch reaches is copied, the rest is shared', () => {
    const live = { a: { b: 1 }, c: [1], e: { f: 1 } }
    const out = merge(live, { a: { d: 2 }, e: null }) as { a: unknown; c: unknown }
    expect(live).toEqual({ a: { b: 1 }, c: [1], e: { f: 1 } })
    expect(out).toEqual({ a: { b: 1, d: 2 }, c: [1] })
    expect(out.a).not.toBe(live.a)
    expect(out.c).toBe(live.c)
  })
})

describe('applyMergePatch: body errors', () => {
  it('unparseable → 400; the strict decoder (default Warn) speaks first', () => {
    const e = statusOf(() => applyMergePatch({}, '{"a":'))
    expect(e.code).toBe(400)
    expect(e.body.reason).toBe('BadRequest')
    expect(e.body.message).toBe('error decoding patch: unexpected end of JSON input')
    expect(statusOf(() => applyMergePatch({}, '[1]')).body.message).toBe(
      'error decoding patch: json: cannot unmarshal array into Go value of type map[string]interface {}',
    )
  })
  it('`null` and (with fieldValidation=Ignore) syntax errors or scalars → "Invalid JSON Patch"', () => {
    expect(statusOf(() => applyMergePatch({}, 'null')).body.message).toBe('Invalid JSON Patch')
    expect(statusOf(() => applyMergePatch({}, '{"a":', { fieldValidation: 'Ignore' })).body.message).toBe('Invalid JSON Patch')
    expect(statusOf(() => applyMergePatch({}, '"bar"', { fieldValidation: 'Ignore' })).body.message).toBe('Invalid JSON Patch')
  })
  it('with fieldValidation=Ignore a top-level array replaces the document (the decode of the result fails later)', () => {
    expect(applyMergePatch({ a: 'b' }, '["c"]', { fieldValidation: 'Ignore' })).toEqual(['c'])
  })
  it('reports duplicate fields as strict errors', () => {
    const out = applyMergePatchWithWarnings({}, '{"metadata":{"labels":{"a":"1","a":"2"}}}')
    expect(out.object).toEqual({ metadata: { labels: { a: '2' } } })
    expect(out.strictErrors).toEqual(['duplicate field "metadata.labels.a"'])
  })
})
