import { describe, expect, it } from 'vitest'
import { deepJsonSyntaxError, foldDeepJson, foldDeepYaml, jsonDepth, yamlDepth, yamlDepthError } from './body-depth.js'

describe('JSON depth', () => {
  it('counts nesting outside strings only', () => {
    expect(jsonDepth('{"a":[1,{"b":"[[[{{"}]}')).toBe(3)
    expect(jsonDepth('"\\"[["')).toBe(0)
  })

  it('folds what is deeper than the limit to empty containers of the same kind, keeping the text valid', () => {
    expect(foldDeepJson('{"a":[[["x",{"y":"]"}]],[1]],"b":{"c":{"d":{}}}}', 2)).toBe('{"a":[[],[]],"b":{"c":{}}}')
    const deep = `{"k":${'['.repeat(500)}"s]"${']'.repeat(500)}}`
    const folded = foldDeepJson(deep)
    expect(jsonDepth(folded)).toBe(101) // the empty container stands at level 101
    expect(() => JSON.parse(folded)).not.toThrow()
  })

  it('leaves invalid or too-deep texts alone (their parsers report them)', () => {
    const invalid = `${'['.repeat(200)}}`
    expect(foldDeepJson(invalid)).toBe(invalid)
    expect(deepJsonSyntaxError(invalid)).toBe("invalid character '}' looking for beginning of value")
    const tooDeep = '['.repeat(10001) + ']'.repeat(10001)
    expect(foldDeepJson(tooDeep)).toBe(tooDeep)
    expect(deepJsonSyntaxError(tooDeep)).toBe("invalid character '[' exceeded max depth")
    expect(deepJsonSyntaxError('[[1]]')).toBeUndefined()
  })
})

describe('YAML depth', () => {
  it('flow levels skip quoted scalars and comments; block levels follow indentation and compact indicators', () => {
    expect(yamlDepth(`a: ['[[', "{{", [x]] # [[[\nb:\n  c:\n    - - d\n`)).toMatchObject({ flow: 2, block: 4 })
  })

  it('go-yaml limits: 10000 flow levels; the fake parses 100 block levels', () => {
    expect(yamlDepthError(`a: ${'['.repeat(10001)}`)).toBe('yaml: exceeded max depth of 10000')
    expect(yamlDepthError(`a:\n  b: ${'{'.repeat(10001)}`)).toBe('yaml: line 2: exceeded max depth of 10000')
    expect(yamlDepthError(`a:\n${'- '.repeat(101)}x`)).toBe('yaml: line 2: exceeded max depth of 100')
    expect(yamlDepthError(`a: ${'['.repeat(10000)}${']'.repeat(10000)}`)).toBeUndefined()
  })

  it('folds deep flow collections', () => {
    expect(foldDeepYaml("a: [[['x]', {b: [1]}]], c]", 2)).toBe('a: [[[]], c]')
  })
})
