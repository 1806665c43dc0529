// Identity: uids and generateName suffixes. Random by default (crypto); with a `seed`, a seeded PRNG so
// that the same seed and the same operations give the same values in every run and process.

/** The alphabet of generateName suffixes: k8s.io/apimachinery/pkg/util/rand (no vowels, no 0/1/3). */
export const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789'

export interface Random {
  /** A new object uid (RFC 4122 version 4 layout). */
  uid(): string
  /** `n` characters from NAME_ALPHABET (names.SimpleNameGenerator uses 5). */
  nameSuffix(n: number): string
  /** A float in [0, 1). */
  float(): number
}

function uuidFromBytes(b: Uint8Array): string {
  b[6] = (b[6]! & 0x0f) | 0x40 // version 4
  b[8] = (b[8]! & 0x3f) | 0x80 // RFC 4122 variant
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

/** The default: crypto.randomUUID / getRandomValues, Math.random for jitter. */
export const cryptoRandom: Random = {
  uid: () => (typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : uuidFromBytes(crypto.getRandomValues(new Uint8Array(16)))),
  nameSuffix: (n) => {
    const bytes = crypto.getRandomValues(new Uint8Array(n))
    let s = ''
    for (const b of bytes) s += NAME_ALPHABET[b % NAME_ALPHABET.length]
    return s
  },
  float: () => Math.random(),
}

/** cyrb128: a string to four 32-bit seeds. */
function hashSeed(str: string): [number, number, number, number] {
  let h1 = 1779033703
  let h2 = 3144134277
  let h3 = 1013904242
  let h4 = 2773480762
  for (let i = 0; i < str.length; i++) {
    const k = str.charCodeAt(i)
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067)
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233)
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213)
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179)
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067)
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233)
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213)
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179)
  h1 ^= h2 ^ h3 ^ h4
  h2 ^= h1
  h3 ^= h1
  h4 ^= h1
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0]
}

/** sfc32 (Chris Doty-Humphrey's Small Fast Counting generator): 32 random bits per call. */
function sfc32(seed: [number, number, number, number]): () => number {
  let [a, b, c, d] = seed
  return () => {
    a |= 0
    b |= 0
    c |= 0
    d |= 0
    const t = (((a + b) | 0) + d) | 0
    d = (d + 1) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) | 0
    return t >>> 0
  }
}

/** A seeded Random: the same seed gives the same sequence everywhere. */
export function seededRandom(seed: string): Random {
  const next = sfc32(hashSeed(seed))
  for (let i = 0; i < 12; i++) next() // mix the state before the first value
  return {
    uid: () => {
      const b = new Uint8Array(16)
      for (let i = 0; i < 16; i += 4) {
        const v = next()
        b[i] = v >>> 24
        b[i + 1] = (v >>> 16) & 0xff
        b[i + 2] = (v >>> 8) & 0xff
        b[i + 3] = v & 0xff
      }
      return uuidFromBytes(b)
    },
    nameSuffix: (n) => {
      let s = ''
      for (let i = 0; i < n; i++) s += NAME_ALPHABET[next() % NAME_ALPHABET.length]
      return s
    },
    float: () => next() / 4294967296,
  }
}

export function createRandom(seed: string | undefined): Random {
  if (seed === undefined) return cryptoRandom
  if (typeof seed !== 'string') throw new TypeError(`seed: expected a string, not ${JSON.stringify(seed)}`)
  return seededRandom(seed)
}
