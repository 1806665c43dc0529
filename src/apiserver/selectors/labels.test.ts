// Expected values come from k8s.io/apimachinery v0.34.1 pkg/labels/selector{,_test}.go.
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { isStatusError } from '../errors.js'
import { parseLabelSelector } from './labels.js'

function parseError(s: string): { code: number; reason?: string; message?: string } {
  try {
    parseLabelSelector(s)
  } catch (e) {
    if (!isStatusError(e)) throw e
    return { code: e.code, reason: e.body.reason, message: e.body.message }
  }
  throw new Error(`expected ${JSON.stringify(s)} to fail`)
}
const msg = (s: string) => parseError(s).message

const QNAME_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
const OPS = 'in, notin, =, ==, !=, gt, lt'

describe('parseLabelSelector: good strings (TestSelectorParse)', () => {
  it.each(['x=a,y=b,z=c', '', 'x!=a,y=b', 'x=', 'x= ', 'x=,z= ', 'x= ,z= ', '!x', 'x>1', 'x>1,z<5'])('%j re-strings without spaces', (s) => {
    expect(parseLabelSelector(s).toString()).toBe(s.replaceAll(' ', ''))
  })

  it('is deterministic (sorted by key)', () => {
    expect(parseLabelSelector('x=a,a=x').toString()).toBe('a=x,x=a')
    expect(parseLabelSelector('a=x,x=a').toString()).toBe('a=x,x=a')
  })

  it('parses the TestSetSelectorParser cases', () => {
    const cases: Array<[string, Array<[string, string, string[]]>]> = [
      ['\rx', [['x', 'exists', []]]],
      ['this-is-a-dns.domain.com/key-with-dash', [['this-is-a-dns.domain.com/key-with-dash', 'exists', []]]],
      ['0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)', [['0.1.2.domain/99', 'notin', ['10.10.100.1', 'tick.tack.clock']]]],
      ['foo  in\t (abc)', [['foo', 'in', ['abc']]]],
      ['x notin\n (abc)', [['x', 'notin', ['abc']]]],
      ['x in (abc,)', [['x', 'in', ['', 'abc']]]],
      ['x in ()', [['x', 'in', ['']]]],
      [
        'x notin (abc,,def),bar,z in (),w',
        [
          ['bar', 'exists', []],
          ['w', 'exists', []],
          ['x', 'notin', ['', 'abc', 'def']],
          ['z', 'in', ['']],
        ],
      ],
      ['x notin ( )', [['x', 'notin', ['']]]],
      ['x notin (, a)', [['x', 'notin', ['', 'a']]]],
      ['a ', [['a', 'exists', []]]],
      ['a in (x,y,notin, z,in)', [['a', 'in', ['in', 'notin', 'x', 'y', 'z']]]],
      ['x=a,y!=b,z in (h,i,j)', [['x', '=', ['a']], ['y', '!=', ['b']], ['z', 'in', ['h', 'i', 'j']]]],
      ['x==a', [['x', '==', ['a']]]],
      ['notin=in', [['notin', '=', ['in']]]],
      ['x>1', [['x', 'gt', ['1']]]],
      ['x<7', [['x', 'lt', ['7']]]],
    ]
    for (const [s, want] of cases) {
      const got = parseLabelSelector(s).requirements.map((r) => [r.key, r.operator, [...r.values]])
      expect(got, s).toEqual(want)
    }
  })

  it('prints like Requirement.String (TestToString)', () => {
    expect(parseLabelSelector('x in (def,abc),y notin (jkl),z').toString()).toBe('x in (abc,def),y notin (jkl),z')
    expect(parseLabelSelector('x notin (abc,def),y!=jkl,!z').toString()).toBe('x notin (abc,def),y!=jkl,!z')
    expect(parseLabelSelector('x notin (abc),y in (jkl,mno),z notin ()').toString()).toBe('x notin (abc),y in (jkl,mno),z notin ()')
    expect(parseLabelSelector('x=abc,y==jkl,z!=a,z').toString()).toBe('x=abc,y==jkl,z!=a,z')
    expect(parseLabelSelector('x>2,y<8,z').toString()).toBe('x>2,y<8,z')
  })

  it('reports empty', () => {
    expect(parseLabelSelector('').empty).toBe(true)
    expect(parseLabelSelector('  ').empty).toBe(true)
    expect(parseLabelSelector('x').empty).toBe(false)
  })

  it('treats a NUL byte as end of input, like the byte-wise Go lexer', () => {
    expect(parseLabelSelector('a \0b').toString()).toBe('a')
    expect(msg('a\0b')).toBe(`unable to parse requirement: found 'b', expected: ${OPS}`)
  })
})

describe('parseLabelSelector: errors are 400 BadRequest with the parser text', () => {
  it('uses the Status shape', () => {
    expect(parseError('foo in bar')).toEqual({ code: 400, reason: 'BadRequest', message: "unable to parse requirement: found 'bar' expected: '('" })
  })

  it.each([
    ['a=b=c', "found '=', expected: ',' or 'end of string'"],
    ['x==a==b', "found '==', expected: ',' or 'end of string'"],
    ['!x=a', "found '=', expected: ',' or 'end of string'"],
    ['a=b,', "found '', expected: identifier after ','"],
    ['x,,y', "found ',', expected: identifier after ','"],
    [',x,y', "found ',', expected: !, identifier, or 'end of string'"],
    ['(', "found '(', expected: !, identifier, or 'end of string'"],
    ['a in (xyz),', "found '', expected: identifier after ','"],
    ['a in (xyz)b notin ()', "found 'b', expected: ',' or 'end of string'"],
    ['x nott in (y)', `unable to parse requirement: found 'nott', expected: ${OPS}`],
    ['a (', `unable to parse requirement: found '(', expected: ${OPS}`],
    ['x y', `unable to parse requirement: found 'y', expected: ${OPS}`],
    ['a in (xyz abc)', "unable to parse requirement: found 'abc', expected: ',' or ')'"],
    ['a notin(', "unable to parse requirement: found '', expected: ',', ')' or identifier"],
    ['a in (=)', "unable to parse requirement: found '=', expected: ',', ')' or identifier"],
    ['a in (x,=)', "unable to parse requirement: found '=', expected: ',', or identifier"],
    // v0.34.1 consumes the second comma of ",," so a following ")" is unexpected
    ['x in (a,,)', "unable to parse requirement: found ')', expected: ',', or identifier"],
    ['x=(', "unable to parse requirement: found '(', expected: identifier"],
    ['!=a', "found '!=', expected: !, identifier, or 'end of string'"],
    ['!', "unable to parse requirement: found '', expected: identifier"],
  ])('%j', (s, want) => {
    expect(msg(s)).toBe(want)
  })

  it('validates keys with the nil parser path', () => {
    expect(msg('-foo')).toBe(`unable to parse requirement: <nil>: Invalid value: "-foo": ${QNAME_MSG}`)
    expect(msg('a/b/c')).toBe(
      'unable to parse requirement: <nil>: Invalid value: "a/b/c": a qualified name must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyName\',  or \'my.name\',  or \'123-abc\', regex used for validation is \'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\') with an optional DNS subdomain prefix and \'/\' (e.g. \'example.com/MyName\')',
    )
    const long = 'a'.repeat(64)
    expect(msg(`${long}=x`)).toBe(`unable to parse requirement: <nil>: Invalid value: "${long}": name part must be no more than 63 characters`)
    expect(msg('/a')).toBe('unable to parse requirement: <nil>: Invalid value: "/a": prefix part must be non-empty')
  })

  it('validates values with the values[i][key] path', () => {
    const long = 'a'.repeat(64)
    expect(msg(`x=${long}`)).toBe(`unable to parse requirement: values[0][x]: Invalid value: "${long}": must be no more than 63 characters`)
    expect(msg('x=a_')).toBe(`unable to parse requirement: values[0][x]: Invalid value: "a_": ${LABEL_VALUE_MSG}`)
    // '|' is not special to the lexer: the value is "a||y"
    expect(msg('x=a||y=b')).toBe(`unable to parse requirement: values[0][x]: Invalid value: "a||y": ${LABEL_VALUE_MSG}`)
    expect(msg('x in (b,-a)')).toBe(`unable to parse requirement: values[0][x]: Invalid value: "-a": ${LABEL_VALUE_MSG}`)
  })

  it('requires integers for gt/lt and aggregates several errors', () => {
    expect(msg('x<a')).toBe(`unable to parse requirement: values[0]: Invalid value: "a": for 'Gt', 'Lt' operators, the value must be an integer`)
    expect(msg('x>')).toBe(`unable to parse requirement: values[0]: Invalid value: "": for 'Gt', 'Lt' operators, the value must be an integer`)
    expect(msg('x>99999999999999999999')).toBe(
      `unable to parse requirement: values[0]: Invalid value: "99999999999999999999": for 'Gt', 'Lt' operators, the value must be an integer`,
    )
    expect(msg('x>a_')).toBe(
      `unable to parse requirement: [values[0]: Invalid value: "a_": for 'Gt', 'Lt' operators, the value must be an integer, values[0][x]: Invalid value: "a_": ${LABEL_VALUE_MSG}]`,
    )
    expect(msg('x>-1')).toBe(`unable to parse requirement: values[0][x]: Invalid value: "-1": ${LABEL_VALUE_MSG}`)
  })
})

describe('matching (TestSelectorMatches, TestRequirementSelectorMatching)', () => {
  const yes: Array<[string, Record<string, string>]> = [
    ['', { x: 'y' }],
    ['x=y', { x: 'y' }],
    ['x=y,z=w', { x: 'y', z: 'w' }],
    ['x!=y,z!=w', { x: 'z', z: 'a' }],
    ['notin=in', { notin: 'in' }],
    ['x', { x: 'z' }],
    ['!x', { y: 'z' }],
    ['x>1', { x: '2' }],
    ['x<1', { x: '0' }],
    ['x in (foo),y notin (alpha)', { x: 'foo', y: 'baz' }],
    ['x notin (),y', { y: '' }],
    ['!x,y', { y: '' }],
    ['z>1', { z: '2' }],
    ['foo=bar,baz=blah', { foo: 'bar', baz: 'blah' }],
  ]
  const no: Array<[string, Record<string, string>]> = [
    ['x=z', {}],
    ['x=y', { x: 'z' }],
    ['x=y,z=w', { x: 'w', z: 'w' }],
    ['x!=y,z!=w', { x: 'z', z: 'w' }],
    ['x', { y: 'z' }],
    ['!x', { x: 'z' }],
    ['x>1', { x: '0' }],
    ['x<1', { x: '2' }],
    ['x in (foo),y in (alpha)', { x: 'foo', y: 'baz' }],
    ['x notin (),!y', { y: '' }],
    ['x in ()', { y: 'baz' }],
    ['z>1', { z: 'v2' }],
    ['foo=bar,foobar=bar,baz=blah', { foo: 'bar', baz: 'blah' }],
  ]
  it.each(yes)('%j matches %j', (s, l) => expect(parseLabelSelector(s).matches(l)).toBe(true))
  it.each(no)('%j does not match %j', (s, l) => expect(parseLabelSelector(s).matches(l)).toBe(false))

  it('treats undefined labels as the empty set and ignores inherited properties', () => {
    expect(parseLabelSelector('x!=a').matches(undefined)).toBe(true)
    expect(parseLabelSelector('x').matches(undefined)).toBe(false)
    expect(parseLabelSelector('toString').matches({})).toBe(false)
  })

  it('RequiresExactMatch', () => {
    expect(parseLabelSelector('key in (value)').requiresExactMatch('key')).toBe('value')
    expect(parseLabelSelector('key in (value,value2)').requiresExactMatch('key')).toBeUndefined()
    expect(parseLabelSelector('key==value').requiresExactMatch('key')).toBe('value')
    expect(parseLabelSelector('key!=value').requiresExactMatch('key')).toBeUndefined()
  })
})

describe('properties', () => {
  const key = fc.oneof(
    fc.stringMatching(/^[a-z0-9]([a-z0-9._-]{0,8}[a-z0-9])?$/),
    fc.tuple(fc.stringMatching(/^[a-z0-9]{1,5}(\.[a-z0-9]{1,5}){0,2}$/), fc.stringMatching(/^[A-Za-z0-9]{1,6}$/)).map(([p, n]) => `${p}/${n}`),
  )
  const nonEmptyValue = fc.stringMatching(/^[A-Za-z0-9]([A-Za-z0-9._-]{0,6}[A-Za-z0-9])?$/)
  const value = fc.oneof(nonEmptyValue, fc.constant(''))
  const ws = fc.constantFrom('', ' ', '  ', '\t')
  const req = fc.oneof(
    fc.tuple(key, fc.constantFrom('=', '==', '!='), value, ws).map(([k, op, v, w]) => `${k}${w}${op}${w}${v}`),
    // (v0.34.1 rejects ",," directly before ")", so lists are built from non-empty values, plus "()" and "(,v)")
    fc.tuple(key, fc.constantFrom('in', 'notin'), fc.array(nonEmptyValue, { maxLength: 4 }), fc.boolean(), ws).map(
      ([k, op, vs, lead, w]) => `${k} ${op}${w}(${w}${lead ? ',' : ''}${vs.join(`${w},`)})`,
    ),
    fc.tuple(key, fc.constantFrom('>', '<'), fc.bigInt({ min: 0n, max: (1n << 63n) - 1n })).map(([k, op, n]) => `${k}${op}${n}`),
    key,
    key.map((k) => `!${k}`),
  )
  const selector = fc.array(req, { maxLength: 5 }).map((rs) => rs.join(','))

  it('toString re-parses to the same selector', () => {
    fc.assert(
      fc.property(selector, (s) => {
        const a = parseLabelSelector(s)
        const b = parseLabelSelector(a.toString())
        expect(b.toString()).toBe(a.toString())
        expect(b.requirements).toEqual(a.requirements)
      }),
    )
  })

  it('!= and notin match objects without the key; = and in do not', () => {
    fc.assert(
      fc.property(key, value, fc.dictionary(key, value), (k, v, labels) => {
        const l = { ...labels }
        delete l[k]
        expect(parseLabelSelector(`${k}!=${v}`).matches(l)).toBe(true)
        expect(parseLabelSelector(`${k} notin (${v})`).matches(l)).toBe(true)
        expect(parseLabelSelector(`!${k}`).matches(l)).toBe(true)
        expect(parseLabelSelector(`${k}=${v}`).matches(l)).toBe(false)
        expect(parseLabelSelector(`${k} in (${v})`).matches(l)).toBe(false)
        expect(parseLabelSelector(k).matches(l)).toBe(false)
        expect(parseLabelSelector(`${k}>0`).matches(l)).toBe(false)
      }),
    )
  })

  it('= and != are complementary when the key is present', () => {
    fc.assert(
      fc.property(key, value, value, (k, v, actual) => {
        const l = { [k]: actual }
        expect(parseLabelSelector(`${k}=${v}`).matches(l)).toBe(actual === v)
        expect(parseLabelSelector(`${k}!=${v}`).matches(l)).toBe(actual !== v)
      }),
    )
  })

  it('gt/lt compare as 64-bit integers', () => {
    const i64 = fc.bigInt({ min: 0n, max: (1n << 63n) - 1n })
    fc.assert(
      fc.property(i64, i64, (n, actual) => {
        const l = { k: String(actual) }
        expect(parseLabelSelector(`k>${n}`).matches(l)).toBe(actual > n)
        expect(parseLabelSelector(`k<${n}`).matches(l)).toBe(actual < n)
      }),
    )
  })
})
