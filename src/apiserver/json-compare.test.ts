import fc from 'fast-check'
import { test, expect } from 'vitest'
import { sameStable, sameJSON, stableStringify } from './json.js'
import { cloneObject } from './clone.js'
const v = fc.letrec((tie) => ({ v: fc.oneof({ depthSize: 'small' }, fc.constantFrom(null, undefined, 0, -0, 1, NaN, 'a', '', true, false), fc.array(tie('v'), { maxLength: 3 }), fc.dictionary(fc.constantFrom('a', 'b', 'c', '__proto__'), tie('v'), { maxKeys: 3 })) })).v
test('sameStable / sameJSON / cloneObject', () => {
  fc.assert(fc.property(v, v, (a, b) => {
    expect(sameStable(a, b)).toBe(stableStringify(a) === stableStringify(b))
    expect(sameJSON({ x: a }, { x: b })).toBe(JSON.stringify({ x: a }) === JSON.stringify({ x: b }))
    expect(sameJSON([a], [b])).toBe(JSON.stringify([a]) === JSON.stringify([b]))
    const c = cloneObject(a)
    expect(stableStringify(c)).toBe(stableStringify(a))
    expect(JSON.stringify(c)).toBe(JSON.stringify(a))
    expect(sameStable(a, cloneObject(a))).toBe(true)
  }), { numRuns: 50000 })
})
