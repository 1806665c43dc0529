import { describe, expect, it } from 'vitest'
import { statusOf } from './test-support.js'
import { applyJsonPatch, applyJsonPatchWithWarnings } from './json-patch.js'


const REJECTED = {
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message: 'the server rejected our request due to an error in our request',
  reason: 'Invalid',
  details: {},
  code: 422,
}

const stream = () => ({
  kind: 'ImageStream',
  apiVersion: 'image.openshift.io/v1',
  metadata: { name: 'x', labels: { 'a/b': '1', 'c~d': '2' } },
  spec: { tags: [{ name: 'latest' }, { name: 'v1' }] },
})

const apply = (doc: unknown, ops: unknown) => applyJsonPatch(doc, JSON.stringify(ops))

describe('applyJsonPatch: RFC 6902 operations', () => {
  it('add / remove / replace / move / copy / test', () => {
    const out = apply(stream(), [
      { op: 'test', path: '/metadata/name', value: 'x' },
      { op: 'add', path: '/spec/tags/1', value: { name: 'v0' } },
      { op: 'add', path: '/spec/tags/-', value: { name: 'v2' } },
      { op: 'replace', path: '/spec/tags/0/name', value: 'stable' },
      { op: 'remove', path: '/spec/tags/2' },
      { op: 'copy', from: '/spec/tags/0', path: '/spec/tags/-' },
      { op: 'move', from: '/metadata/labels/c~0d', path: '/metadata/labels/moved' },
      { op: 'add', path: '/metadata/annotations', value: { 'x/y': 'z' } },
      { op: 'remove', path: '/metadata/labels/a~1b' },
    ])
    expect(out).toEqual({
      kind: 'ImageStream',
      apiVersion: 'image.openshift.io/v1',
      metadata: { name: 'x', labels: { moved: '2' }, annotations: { 'x/y': 'z' } },
      spec: { tags: [{ name: 'stable' }, { name: 'v0' }, { name: 'v2' }, { name: 'stable' }] },
    })
  })

  it('never mutates the original (nor shares values with it)', () => {
    const original = stream()
    const snapshot = JSON.stringify(original)
    const out = apply(original, [{ op: 'replace', path: '/spec/tags/0/name', value: 'z' }]) as ReturnType<typeof stream>
    expect(JSON.stringify(original)).toBe(snapshot)
    expect(out.metadata).not.toBe(original.metadata)
  })

  it('an empty or null patch returns an equal copy', () => {
    expect(applyJsonPatch(stream(), '[]')).toEqual(stream())
    expect(applyJsonPatch(stream(), 'null')).toEqual(stream())
  })

  // evanphx/json-patch v4 (patch_test.go Cases) behaviour the apiserver inherits
  it.each([
    [{ foo: ['bar', 'baz'] }, [{ op: 'add', path: '/foo/-1', value: 'qux' }], { foo: ['bar', 'baz', 'qux'] }],
    [{ foo: ['bar', 'qux', 'baz'] }, [{ op: 'remove', path: '/foo/-1' }], { foo: ['bar', 'qux'] }],
    [{ foo: ['bar', 'qux', 'baz'] }, [{ op: 'replace', path: '/foo/-1', value: 'bum' }], { foo: ['bar', 'qux', 'bum'] }],
    [{ foo: 1, baz: [{ qux: 'hello' }] }, [{ op: 'copy', from: '/baz/0', path: '/boo' }], { foo: 1, baz: [{ qux: 'hello' }], boo: { qux: 'hello' } }],
    [{ foo: { bar: 'baz', waldo: 'fred' }, qux: { corge: 'grault' } }, [{ op: 'move', from: '/foo/waldo', path: '/qux/thud' }], { foo: { bar: 'baz' }, qux: { corge: 'grault', thud: 'fred' } }],
    [{ foo: ['all', 'grass', 'cows', 'eat'] }, [{ op: 'move', from: '/foo/1', path: '/foo/3' }], { foo: ['all', 'cows', 'eat', 'grass'] }],
    [{ foo: 'bar' }, [{ op: 'add', path: '/child', value: { grandchild: {} } }], { foo: 'bar', child: { grandchild: {} } }],
    [{ foo: 'bar' }, [{ op: 'add', path: '/baz', value: null }], { foo: 'bar', baz: null }],
  ])('%j + %j', (doc, ops, want) => {
    expect(apply(doc, ops)).toEqual(want)
  })
})

describe('applyJsonPatch: evanphx/json-patch v4 quirks', () => {
  it('replace of a missing object member adds it', () => {
    expect(apply({ a: {} }, [{ op: 'replace', path: '/a/b', value: 1 }])).toEqual({ a: { b: 1 } })
  })
  it('an op without value adds null; copy from a missing member copies null', () => {
    expect(apply({}, [{ op: 'add', path: '/a' }])).toEqual({ a: null })
    expect(apply({ x: {} }, [{ op: 'copy', from: '/x/missing', path: '/y' }])).toEqual({ x: {}, y: null })
  })
  it('the first path segment is ignored; "01" and "+1" are array indices', () => {
    expect(apply({ a: 1 }, [{ op: 'replace', path: 'whatever/a', value: 2 }])).toEqual({ a: 2 })
    expect(apply({ l: [0, 1, 2] }, [{ op: 'remove', path: '/l/01' }, { op: 'remove', path: '/l/+1' }])).toEqual({ l: [0] })
  })
  it('test: missing or null members match an absent or null value', () => {
    expect(apply({ baz: 'qux' }, [{ op: 'test', path: '/foo', value: null }])).toEqual({ baz: 'qux' })
    expect(apply({ foo: null }, [{ op: 'test', path: '/foo', value: null }])).toEqual({ foo: null })
    expect(apply({ foo: null }, [{ op: 'test', path: '/foo' }])).toEqual({ foo: null })
    expect(apply({ a: { b: [1, { c: 'd' }] } }, [{ op: 'test', path: '', value: { a: { b: [1, { c: 'd' }] } } }])).toEqual({
      a: { b: [1, { c: 'd' }] },
    })
  })
  it('test compares scalars by their JSON text (Go encoding of the stored value)', () => {
    expect(statusOf(() => applyJsonPatch({ n: 1 }, '[{"op":"test","path":"/n","value":1.0}]')).body).toEqual(REJECTED)
    expect(statusOf(() => apply({ s: 'a&b' }, [{ op: 'test', path: '/s', value: 'a&b' }])).code).toBe(422)
    expect(applyJsonPatch({ s: 'a&b' }, '[{"op":"test","path":"/s","value":"a\\u0026b"}]')).toEqual({ s: 'a&b' })
  })
  it('"__proto__" is an ordinary member name', () => {
    const out = applyJsonPatch({}, '[{"op":"add","path":"/__proto__","value":{"polluted":true}},{"op":"add","path":"/__proto__/x","value":1}]')
    expect(Object.keys(out as object)).toEqual(['__proto__'])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(JSON.stringify(out)).toBe('{"__proto__":{"polluted":true,"x":1}}')
  })
  it('replace at the root swaps the whole document', () => {
    expect(apply({ a: 1 }, [{ op: 'replace', path: '', value: { b: 2 } }])).toEqual({ b: 2 })
  })
})

describe('applyJsonPatch: failing operations → generic 422', () => {
  // evanphx/json-patch v4 patch_test.go BadCases and TestCases that must fail
  it.each([
    [{ foo: 'bar' }, [{ op: 'add', path: '/baz/bat', value: 'qux' }]],
    [{ a: { b: { d: 1 } } }, [{ op: 'remove', path: '/a/b/c' }]],
    [{ a: { b: { d: 1 } } }, [{ op: 'move', from: '/a/b/c', path: '/a/b/e' }]],
    [{ a: { b: [1] } }, [{ op: 'remove', path: '/a/b/1' }]],
    [{ foo: 'bar' }, [{ op: 'add', pathz: '/baz', value: 'qux' }]],
    [{ foo: 'bar' }, [{ op: 'add', path: '', value: 'qux' }]],
    [{ foo: ['bar', 'baz'] }, [{ op: 'replace', path: '/foo/2', value: 'bum' }]],
    [{ foo: ['bar', 'baz'] }, [{ op: 'add', path: '/foo/-4', value: 'bum' }]],
    [{ name: { foo: 'bat' } }, [{ op: 'replace', path: '/foo/bar', value: 'baz' }]],
    [{ foo: [] }, [{ op: 'remove', path: '/foo/-' }]],
    [{ foo: ['bar'] }, [{ op: 'remove', path: '/foo/-2' }]],
    [{}, [{ op: null, path: '' }]],
    [{}, [{ op: 'add', path: null }]],
    [{}, [{ op: 'copy', from: null }]],
    [{ foo: ['bar'] }, [{ op: 'copy', path: '/foo/6666666666', from: '/' }]],
    [{ foo: ['all', 'grass', 'cows', 'eat'] }, [{ op: 'move', from: '/foo/1', path: '/foo/4' }]],
    [{ baz: 'qux' }, [{ op: 'test', path: '/baz', value: 'bar' }]],
    [{ baz: 'qux' }, [{ op: 'test', path: '/foo', value: 42 }]],
    [{ foo: {} }, [{ op: 'test', path: '/foo', value: null }]],
    [{ foo: [] }, [{ op: 'test', path: '/foo' }]],
    [{}, [{ op: 'frobnicate', path: '/a' }]],
    [{}, [null]],
  ])('%j + %j', (doc, ops) => {
    const e = statusOf(() => apply(doc, ops))
    expect(e.code).toBe(422)
    expect(e.body).toEqual(REJECTED)
  })

  it('nothing of a partially applied patch leaks into the original', () => {
    const original = stream()
    expect(() => apply(original, [{ op: 'remove', path: '/spec' }, { op: 'test', path: '/x', value: 1 }])).toThrow()
    expect(original).toEqual(stream())
  })
})

describe('applyJsonPatch: body errors', () => {
  it('not JSON → 400 with the decoder text (default fieldValidation=Warn decodes strictly)', () => {
    const e = statusOf(() => applyJsonPatch({}, '{x'))
    expect(e.code).toBe(400)
    expect(e.body.reason).toBe('BadRequest')
    expect(e.body.message).toBe("error decoding patch: invalid character 'x' looking for beginning of object key string")
    expect(statusOf(() => applyJsonPatch({}, '')).body.message).toBe('error decoding patch: unexpected end of JSON input')
  })
  it('an object instead of an array', () => {
    expect(statusOf(() => applyJsonPatch({}, '{"op":"add"}')).body.message).toBe(
      'error decoding patch: json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp',
    )
    // without the strict pre-decode only jsonpatch.DecodePatch speaks (client-node's classic mistake)
    expect(statusOf(() => applyJsonPatch({}, '{"op":"add"}', { fieldValidation: 'Ignore' })).body.message).toBe(
      'json: cannot unmarshal object into Go value of type jsonpatch.Patch',
    )
    expect(statusOf(() => applyJsonPatch({}, '[1]', { fieldValidation: 'Ignore' })).body.message).toBe(
      'json: cannot unmarshal number into Go value of type jsonpatch.Operation',
    )
    expect(statusOf(() => applyJsonPatch({}, '{x', { fieldValidation: 'Ignore' })).body.message).toBe(
      "invalid character 'x' looking for beginning of object key string",
    )
  })
  it('badly typed operation fields', () => {
    expect(statusOf(() => applyJsonPatch({}, '[{"op":1,"path":"/a"}]')).body.message).toBe(
      'error decoding patch: json: cannot unmarshal number into Go struct field jsonPatchOp.op of type string',
    )
    expect(statusOf(() => applyJsonPatch({}, '["add"]', { fieldValidation: 'Strict' })).body.message).toBe(
      'error decoding patch: json: cannot unmarshal string into Go value of type handlers.jsonPatchOp',
    )
  })
  it('more than 10000 operations → 413', () => {
    const ops = JSON.stringify(Array.from({ length: 10001 }, () => ({ op: 'test', path: '/a', value: 1 })))
    const e = statusOf(() => applyJsonPatch({ a: 1 }, ops))
    expect(e.code).toBe(413)
    expect(e.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001',
      reason: 'RequestEntityTooLarge',
      code: 413,
    })
    const ok = JSON.stringify(Array.from({ length: 10000 }, () => ({ op: 'test', path: '/a', value: 1 })))
    expect(applyJsonPatch({ a: 1 }, ok)).toEqual({ a: 1 })
  })
})

describe('applyJsonPatchWithWarnings', () => {
  it('reports unknown and duplicate operation fields as strict errors', () => {
    const out = applyJsonPatchWithWarnings({}, '[{"op":"add","path":"/a","value":1,"extra":true},{"op":"add","op":"add","path":"/b","value":2}]')
    expect(out.object).toEqual({ a: 1, b: 2 })
    expect(out.strictErrors).toEqual(['json patch unknown field "[0].extra"', 'json patch duplicate field "[1].op"'])
    expect(applyJsonPatchWithWarnings({}, '[{"op":"add","path":"/a","x":1}]', { fieldValidation: 'Ignore' }).strictErrors).toEqual([])
  })
})
