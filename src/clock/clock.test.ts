import { describe, expect, it } from 'vitest'
import { createClock, realClock, VirtualClock } from './clock.js'
import { NAME_ALPHABET, seededRandom } from './random.js'

describe('VirtualClock', () => {
  it('runs due timers in due order (ties in the order set), each at its own time, and skips cleared ones', async () => {
    const c = new VirtualClock('2026-01-01T00:00:00Z')
    const t0 = c.now()
    const seen: string[] = []
    c.setTimeout((n: string) => seen.push(`${n}@${c.now() - t0}`), 20, 'b')
    c.setTimeout((n: string) => seen.push(`${n}@${c.now() - t0}`), 10, 'a')
    c.setTimeout((n: string) => seen.push(`${n}@${c.now() - t0}`), 20, 'c')
    const gone = c.setTimeout(() => seen.push('cleared'), 5)
    c.clearTimeout(gone)
    // a timer set by a timer runs in the same advance when it falls due
    c.setTimeout(() => c.setTimeout(() => seen.push(`nested@${c.now() - t0}`), 5), 12)
    await c.advance(19)
    expect(seen).toEqual(['a@10', 'nested@17'])
    await c.advance(1)
    expect(seen).toEqual(['a@10', 'nested@17', 'b@20', 'c@20'])
    expect(c.now() - t0).toBe(20)
    expect(c.pending).toBe(0)
  })

  it('advance() calls made together add up; advance waits for quiesce hooks', async () => {
    const c = new VirtualClock(0)
    let work: Promise<void> | undefined
    let done = false
    c.onQuiesce(() => work)
    c.setTimeout(() => {
      work = Promise.resolve().then(() => {
        done = true
        work = undefined
      })
    }, 5)
    await Promise.all([c.advance(3), c.advance(3)])
    expect(c.now()).toBe(6)
    expect(done).toBe(true)
  })

  it('createClock: real by default, virtual from a start', () => {
    expect(createClock(undefined).clock).toBe(realClock)
    expect(createClock({ start: 5 }).api.now()).toBe(5)
    expect(createClock('virtual').api.now()).toBe(Date.parse('2026-01-01T00:00:00Z'))
  })
})

describe('seededRandom', () => {
  it('is a pure function of the seed; uids have the RFC 4122 v4 layout; suffixes use the apimachinery alphabet', () => {
    const a = seededRandom('x')
    const b = seededRandom('x')
    const seqA = [a.uid(), a.nameSuffix(5), a.float()]
    expect([b.uid(), b.nameSuffix(5), b.float()]).toEqual(seqA)
    expect(seededRandom('y').uid()).not.toBe(seqA[0])
    expect(seqA[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    const chars = new Set(Array.from({ length: 200 }, () => a.nameSuffix(5)).join(''))
    expect([...chars].every((ch) => NAME_ALPHABET.includes(ch))).toBe(true)
    expect(chars.size).toBe(NAME_ALPHABET.length)
    const f = Array.from({ length: 1000 }, () => a.float())
    expect(f.every((x) => x >= 0 && x < 1)).toBe(true)
  })
})
