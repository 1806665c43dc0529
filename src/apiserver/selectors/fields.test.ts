// Expected values come from k8s.io/apimachinery v0.34.1 pkg/fields/selector{,_test}.go,
// runtime.DefaultMetaV1FieldSelectorConversion, k8s.io/apimachinery/pkg/fields/selector_test.go and
// openshift-apiserver pkg/image/apis/image/v1/conversion.go.
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { isStatusError } from '../errors.js'
import { checkFieldSelectorKeys, escapeFieldValue, parseFieldSelector, unescapeFieldValue } from './fields.js'

function failure(fn: () => unknown): { code: number; reason?: string; message?: string } {
  try {
    fn()
  } catch (e) {
    if (!isStatusError(e)) throw e
    return { code: e.code, reason: e.body.reason, message: e.body.message }
  }
  throw new Error('expected a StatusError')
}
const msg = (s: string) => failure(() => parseFieldSelector(s)).message

describe('parseFieldSelector', () => {
  it.each(['x=a,y=b,z=c', '', 'x!=a,y=b', 'x=a||y\\=b', 'x=a\\=\\=b'])('%j re-strings identically', (s) => {
    expect(parseFieldSelector(s).toString()).toBe(s)
  })

  it('normalises == to = and sorts the raw terms', () => {
    expect(parseFieldSelector('x=a,a=x').toString()).toBe('a=x,x=a')
    expect(parseFieldSelector('a=x,x=a').toString()).toBe('a=x,x=a')
    expect(parseFieldSelector('metadata.name==foo').toString()).toBe('metadata.name=foo')
    expect(parseFieldSelector('함=수,목=록').toString()).toBe('목=록,함=수')
    // Go compares bytes: U+FF5E (EF BD 9E) sorts before U+1F600 (F0 9F 98 80), unlike UTF-16 order
    expect(parseFieldSelector('a=😀,a=～').toString()).toBe('a=～,a=😀')
  })

  it('exposes requirements and empty', () => {
    expect(parseFieldSelector('b!=2,a==1').requirements).toEqual([
      { field: 'a', operator: '=', value: '1' },
      { field: 'b', operator: '!=', value: '2' },
    ])
    expect(parseFieldSelector('').empty).toBe(true)
    expect(parseFieldSelector(',,').empty).toBe(true)
    expect(parseFieldSelector('a=b,').toString()).toBe('a=b')
    expect(parseFieldSelector('a=').empty).toBe(false)
  })

  it('splits on unescaped commas only and unescapes values', () => {
    // raw terms sort bytewise: "k2=v2" < "k=\," because the byte 0x32 ("2") < 0x3D ("=")
    expect(parseFieldSelector('k=\\,,k2=v2').requirements).toEqual([
      { field: 'k2', operator: '=', value: 'v2' },
      { field: 'k', operator: '=', value: ',' },
    ])
    expect(parseFieldSelector('k=\\\\,k2=v2').requirements[1]).toEqual({ field: 'k', operator: '=', value: '\\' })
    expect(parseFieldSelector('k=\\\\\\,,k2=v2').requirements[1]).toEqual({ field: 'k', operator: '=', value: '\\,' })
  })

  it('rejects bad input with 400 and the exact Go text', () => {
    expect(failure(() => parseFieldSelector('foo'))).toEqual({
      code: 400,
      reason: 'BadRequest',
      message: "invalid selector: 'foo'; can't understand 'foo'",
    })
    expect(msg('x')).toBe("invalid selector: 'x'; can't understand 'x'")
    expect(msg('x in (a)')).toBe("invalid selector: 'x in (a)'; can't understand 'x in (a)'")
    expect(msg('x=a,b')).toBe("invalid selector: 'x=a,b'; can't understand 'b'")
    expect(msg('x in (a,b,c)')).toBe("invalid selector: 'x in (a,b,c)'; can't understand 'b'")
    expect(msg('z=1,a')).toBe("invalid selector: 'z=1,a'; can't understand 'a'")
    expect(msg('x=a||y=b')).toBe('invalid field selector: unescaped character in value: 61')
    expect(msg('x==a==b')).toBe('invalid field selector: unescaped character in value: 61')
    expect(msg('k=\\a')).toBe('invalid field selector: invalid escape sequence: \\a')
    expect(msg('k=\\')).toBe('invalid field selector: invalid escape sequence: \\')
    expect(msg('k=\\\\\\')).toBe('invalid field selector: invalid escape sequence: \\')
  })
})

describe('matching', () => {
  const yes: Array<[string, Record<string, string>]> = [
    ['', { x: 'y' }],
    ['x=y', { x: 'y' }],
    ['x=y,z=w', { x: 'y', z: 'w' }],
    ['x!=y,z!=w', { x: 'z', z: 'a' }],
    ['notin=in', { notin: 'in' }],
    ['foo=bar,baz=blah,complex=\\=value\\\\\\,\\\\', { foo: 'bar', baz: 'blah', complex: '=value\\,\\' }],
    ['x=', {}],
    ['x!=y', {}],
    ['toString=', {}],
  ]
  const no: Array<[string, Record<string, string>]> = [
    ['x=y', { x: 'z' }],
    ['x=y,z=w', { x: 'w', z: 'w' }],
    ['x!=y,z!=w', { x: 'z', z: 'w' }],
    ['foo=bar,foobar=bar,baz=blah', { foo: 'bar', baz: 'blah' }],
    ['x!=', {}],
    ['toString=x', {}],
  ]
  it.each(yes)('%j matches %j', (s, f) => expect(parseFieldSelector(s).matches(f)).toBe(true))
  it.each(no)('%j does not match %j', (s, f) => expect(parseFieldSelector(s).matches(f)).toBe(false))

  it('RequiresExactMatch (first = term on the field; != never)', () => {
    expect(parseFieldSelector('metadata.name=foo').requiresExactMatch('metadata.name')).toBe('foo')
    expect(parseFieldSelector('metadata.name=').requiresExactMatch('metadata.name')).toBe('')
    expect(parseFieldSelector('a=b').requiresExactMatch('metadata.name')).toBeUndefined()
    expect(parseFieldSelector('metadata.name!=foo').requiresExactMatch('metadata.name')).toBeUndefined()
    expect(parseFieldSelector('a=1,metadata.name==x').requiresExactMatch('metadata.name')).toBe('x')
    expect(parseFieldSelector('').requiresExactMatch('metadata.name')).toBeUndefined()
  })
})

describe('escapeFieldValue / unescapeFieldValue (TestEscapeValue)', () => {
  it.each([
    ['', ''],
    ['a', 'a'],
    ['=', '\\='],
    [',', '\\,'],
    ['\\', '\\\\'],
    ['\\=\\,\\', '\\\\\\=\\\\\\,\\\\'],
  ])('%j <-> %j', (raw, escaped) => {
    expect(escapeFieldValue(raw)).toBe(escaped)
    expect(unescapeFieldValue(escaped)).toBe(raw)
  })
})

describe('checkFieldSelectorKeys', () => {
  const meta = ['metadata.name', 'metadata.namespace']
  const stream = [...meta, 'spec.dockerImageRepository', 'status.dockerImageRepository']

  it('accepts allowed keys', () => {
    expect(() => checkFieldSelectorKeys(parseFieldSelector('metadata.name=a,metadata.namespace!=b'), meta)).not.toThrow()
    expect(() => checkFieldSelectorKeys(parseFieldSelector('status.dockerImageRepository=x'), stream)).not.toThrow()
    expect(() => checkFieldSelectorKeys(parseFieldSelector(''), [])).not.toThrow()
  })

  it('rejects others, naming only metadata.name/metadata.namespace', () => {
    expect(failure(() => checkFieldSelectorKeys(parseFieldSelector('spec.foo=x'), stream))).toEqual({
      code: 400,
      reason: 'BadRequest',
      message: '"spec.foo" is not a known field selector: only "metadata.name", "metadata.namespace"',
    })
    expect(failure(() => checkFieldSelectorKeys(parseFieldSelector('spec.dockerImageRepository=x'), meta)).message).toBe(
      '"spec.dockerImageRepository" is not a known field selector: only "metadata.name", "metadata.namespace"',
    )
    // terms are transformed in sorted order: "b=2" comes before "z=1"
    expect(failure(() => checkFieldSelectorKeys(parseFieldSelector('z=1,b=2'), meta)).message).toBe(
      '"b" is not a known field selector: only "metadata.name", "metadata.namespace"',
    )
    expect(failure(() => checkFieldSelectorKeys(parseFieldSelector('=foo'), meta)).message).toBe(
      '"" is not a known field selector: only "metadata.name", "metadata.namespace"',
    )
  })
})

describe('properties', () => {
  const field = fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9.]{0,10}$/)
  const term = fc.record({ field, operator: fc.constantFrom('=' as const, '!=' as const), value: fc.string({ unit: 'binary' }) })

  it('escape/unescape round-trips any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        expect(unescapeFieldValue(escapeFieldValue(s))).toBe(s)
      }),
    )
  })

  it('toString re-parses to the same requirements', () => {
    fc.assert(
      fc.property(fc.array(term, { maxLength: 5 }), (terms) => {
        const s = terms.map((t) => `${t.field}${t.operator}${escapeFieldValue(t.value)}`).join(',')
        const a = parseFieldSelector(s)
        const canon = (rs: ReadonlyArray<object>) => rs.map((r) => JSON.stringify(r)).sort()
        expect(canon(a.requirements)).toEqual(canon(terms))
        const b = parseFieldSelector(a.toString())
        expect(b.requirements).toEqual(a.requirements)
        expect(b.toString()).toBe(a.toString())
      }),
    )
  })

  it('a missing field reads as the empty string', () => {
    fc.assert(
      fc.property(field, fc.string(), (f, v) => {
        expect(parseFieldSelector(`${f}!=${escapeFieldValue(v)}`).matches({})).toBe(v !== '')
        expect(parseFieldSelector(`${f}=${escapeFieldValue(v)}`).matches({})).toBe(v === '')
      }),
    )
  })
})
