import { describe, expect, it } from 'vitest'
import { decodeGoJson, decodeGoJsonMap, decodeRawTree, goJsonSyntaxError } from './go-json.js'
import { goSprintS, goSprintV, goTypeName } from './go-fmt.js'

const syntax = (s: string) => goJsonSyntaxError(new TextEncoder().encode(s))

describe('goJsonSyntaxError (encoding/json scanner texts)', () => {
  // expected texts from Go's encoding/json decode_test.go / scanner_test.go (sigs.k8s.io/json fork)
  it.each([
    ['{"X": "foo", "Y"}', "invalid character '}' after object key"],
    ['[1, 2, 3+]', "invalid character '+' after array element"],
    ['{"X":12x}', "invalid character 'x' after object key:value pair"],
    ['[2, 3', 'unexpected end of JSON input'],
    ['{"F3": -}', "invalid character '}' in numeric literal"],
    ['\x01 42', "invalid character '\\x01' looking for beginning of value"],
    [' 42 \x01', "invalid character '\\x01' after top-level value"],
    [' false \x01', "invalid character '\\x01' after top-level value"],
    ['{"X": "foo" "Y": "bar"}', `invalid character '"' after object key:value pair`],
    ['1 false null :', "invalid character 'f' after top-level value"],
    ['nul#', "invalid character '#' in literal null (expecting 'l')"],
    // at EOF the scanner is fed one more space, so truncated literals report that space
    ['tru', "invalid character ' ' in literal true (expecting 'e')"],
    ['1.', "invalid character ' ' after decimal point in numeric literal"],
    ['"abc', 'unexpected end of JSON input'],
    ['', 'unexpected end of JSON input'],
    ['   ', 'unexpected end of JSON input'],
    ["'a'", "invalid character '\\'' looking for beginning of value"],
    ['{a:1}', "invalid character 'a' looking for beginning of object key string"],
    ['"\\x"', "invalid character 'x' in string escape code"],
    ['"\\u12G4"', "invalid character 'G' in \\u hexadecimal character escape"],
    ['"a\nb"', "invalid character '\\n' in string literal"],
    ['1.x', "invalid character 'x' after decimal point in numeric literal"],
    ['1eX', "invalid character 'X' in exponent of numeric literal"],
    ['<x>', "invalid character '<' looking for beginning of value"],
    ['[1,]', "invalid character ']' looking for beginning of value"],
    ['{"a":1,}', "invalid character '}' looking for beginning of object key string"],
    ['01', "invalid character '1' after top-level value"],
  ])('%j → %s', (input, msg) => {
    expect(syntax(input)).toBe(msg)
  })

  it('accepts valid documents', () => {
    for (const s of ['{}', '[]', 'null', '-0.5e+3', '"\\u00e9\\n"', ' {"a":[1,{"b":null}],"c":true} ']) expect(syntax(s)).toBeUndefined()
  })

  it('quotes non-ASCII bytes as Go does (byte as rune)', () => {
    expect(syntax('é')).toBe("invalid character 'Ã' looking for beginning of value")
  })
})

describe('decodeGoJson', () => {
  it('reports duplicate fields with kjson paths, last value wins', () => {
    const d = decodeGoJson('{"metadata":{"name":"a","name":"b"},"spec":{"tags":[{"name":"x","name":"y"}]},"a":1,"a":2}')
    expect(d.value).toEqual({ metadata: { name: 'b' }, spec: { tags: [{ name: 'y' }] }, a: 2 })
    expect(d.strictErrors).toEqual(['duplicate field "metadata.name"', 'duplicate field "spec.tags[0].name"', 'duplicate field "a"'])
  })

  it('reports unknown fields of struct elements of a top-level array without descending into them', () => {
    const d = decodeGoJson('[{"op":"add","foo":{"x":1,"x":2}},{"op":"test","op":"x","value":{"a":1,"a":2}}]', {
      topLevelArrayStructFields: ['op', 'path', 'from', 'value'],
    })
    expect(d.strictErrors).toEqual(['unknown field "[0].foo"', 'duplicate field "[1].op"', 'duplicate field "[1].value.a"'])
  })

  it('keeps "__proto__" as data', () => {
    const v = decodeGoJson('{"__proto__":{"x":1}}').value as Record<string, unknown>
    expect(Object.keys(v)).toEqual(['__proto__'])
    expect(({} as Record<string, unknown>).x).toBeUndefined()
  })

  it('decodeGoJsonMap refuses non-objects with the Go type error', () => {
    expect(() => decodeGoJsonMap('[1]')).toThrow('json: cannot unmarshal array into Go value of type map[string]interface {}')
    expect(() => decodeGoJsonMap('"s"')).toThrow('json: cannot unmarshal string into Go value of type map[string]interface {}')
    expect(() => decodeGoJsonMap('1')).toThrow('json: cannot unmarshal number into Go value of type map[string]interface {}')
    expect(() => decodeGoJsonMap('true')).toThrow('json: cannot unmarshal bool into Go value of type map[string]interface {}')
    expect(decodeGoJsonMap('null').value).toBeNull()
  })

  it('decodeRawTree keeps scalar tokens', () => {
    expect(decodeRawTree(' {"a": [1.0, "x\\u0026", true, null], "b": {}} ')).toEqual({ a: ['1.0', '"x\\u0026"', 'true', 'null'], b: {} })
  })
})

describe('go fmt renderings', () => {
  it('%v and %s of decoded values', () => {
    expect(goSprintV({ b: [1, 'x'], a: null, c: 1.5 })).toBe('map[a:<nil> b:[1 x] c:1.5]')
    expect(goSprintV(1234567.5)).toBe('1.2345675e+06')
    expect(goSprintS('merge')).toBe('merge')
    expect(goSprintS(1)).toBe('%!s(int64=1)')
    expect(goSprintS(true)).toBe('%!s(bool=true)')
    expect(goSprintS(null)).toBe('%!s(<nil>)')
    expect(goTypeName('x')).toBe('string')
    expect(goTypeName({})).toBe('map[string]interface {}')
    expect(goTypeName([])).toBe('[]interface {}')
    expect(goTypeName(2.5)).toBe('float64')
  })
})

describe('decodeGoJson syntax check (JSON.parse first, the ported scanner for the error text)', () => {
  it('accepts and refuses exactly what the scanner does, with its text', async () => {
    const fc = (await import('fast-check')).default
    const token = fc.constantFrom('{', '}', '[', ']', ':', ',', '"a"', '"\\u00e9"', '"\\x"', '1', '-0', '01', '1.', '1e5', '.5', 'true', 'nul', 'null', ' ', '\t', '\n', '\u00a0', '\ufeff', '"\u0001"', 'é')
    const text = fc.oneof(fc.array(token, { maxLength: 12 }).map((t) => t.join('')), fc.json())
    fc.assert(
      fc.property(text, (t) => {
        const expected = syntax(t)
        let got: string | undefined
        try {
          decodeGoJson(t)
        } catch (e) {
          got = (e as Error).message
        }
        expect(got).toBe(expected)
      }),
      { numRuns: 5000 },
    )
  })
})
