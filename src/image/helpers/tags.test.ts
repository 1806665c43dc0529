import { describe, expect, it } from 'vitest'
import { compareSemver, parseSemver, prioritizeTags } from './tags.js'

describe('prioritizeTags', () => {
  it.each([
    // the example of library-go imageutil PrioritizeTags
    [
      ['v1', 'other', 'v2', '3', '3.1', 'abc'],
      ['3.1', '3', 'abc', 'other', 'v1', 'v2'],
    ],
    // library-go TestPrioritizeTags
    [
      ['other', 'latest', 'v5.5', '5.2.3', '5.5', 'v5.3.6-bother', '5.3.6-abba', '5.6'],
      ['latest', '5.6', '5.5', 'v5.5', 'v5.3.6-bother', '5.3.6-abba', '5.2.3', 'other'],
    ],
    [
      ['1.1-beta1', '1.2-rc1', '1.1-rc1', '1.1-beta2', '1.2-beta1', '1.2-alpha1', '1.2-beta4', 'latest'],
      ['latest', '1.2-rc1', '1.2-beta4', '1.2-beta1', '1.2-alpha1', '1.1-rc1', '1.1-beta2', '1.1-beta1'],
    ],
    [
      ['7.1', 'v7.1', '7.1.0'],
      ['7.1', 'v7.1', '7.1.0'],
    ],
    [
      ['7.1.0', 'v7.1', '7.1'],
      ['7.1', 'v7.1', '7.1.0'],
    ],
    // leading zeros are not semver; numeric prerelease sorts below alphanumeric
    [
      ['01.2', '1.2.3-1', '1.2.3-a', '1.2.3', 'V1.0', '10.0', '9.0'],
      ['10.0', '9.0', '1.2.3', '1.2.3-a', '1.2.3-1', '01.2', 'V1.0'],
    ],
  ])('%j', (input, want) => {
    const before = [...input]
    expect(prioritizeTags(input)).toEqual(want)
    expect(input).toEqual(before)
  })
})

describe('semver', () => {
  it('parses strictly', () => {
    expect(parseSemver('1.2.3')).toMatchObject({ major: 1n, minor: 2n, patch: 3n })
    expect(parseSemver('1.2.3-rc.1+build.5')?.pre).toHaveLength(2)
    for (const bad of ['', '1', '1.2', '01.2.3', '1.2.3.4', '1.2.3-', '1.2.3-01', '1.2.3+', '1..3', 'a.b.c', '1.2.3-a_b', '18446744073709551616.0.0']) {
      expect(parseSemver(bad), bad).toBeUndefined()
    }
    expect(parseSemver('18446744073709551615.0.0')?.major).toBe(18446744073709551615n)
  })
  it('compares', () => {
    const c = (a: string, b: string) => compareSemver(parseSemver(a)!, parseSemver(b)!)
    expect(c('1.0.0', '1.0.0-rc1')).toBe(1)
    expect(c('1.0.0-rc.1', '1.0.0-rc.1.1')).toBe(-1)
    expect(c('1.0.0-2', '1.0.0-10')).toBe(-1)
    expect(c('1.0.0+a', '1.0.0+b')).toBe(0)
    expect(c('2.0.0', '10.0.0')).toBe(-1)
  })
})
