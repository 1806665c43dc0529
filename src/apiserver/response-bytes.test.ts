import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { utf8 } from './response.js'

describe('utf8', () => {
  it('is TextEncoder.encode for any text (ASCII, other characters, lone surrogates, empty)', () => {
    const enc = new TextEncoder()
    for (const s of ['', '{"a":1}\n', 'é', 'a\u2028b', '\ud800', 'x\ud83d\ude00y']) expect(utf8(s)).toEqual(enc.encode(s))
    fc.assert(fc.property(fc.string({ unit: "binary" }), (s) => {
        expect(utf8(s)).toEqual(enc.encode(s))
      }), { numRuns: 2000 })
  })
})
