// Standard base64 as Go's encoding/json treats []byte fields (base64.StdEncoding): padding required,
// '\r' and '\n' ignored, errors reported as `illegal base64 data at input byte N` (CorruptInputError).
// Browser-safe (no Buffer).

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const DECODE = new Int16Array(256).fill(-1)
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i

const encoder = new TextEncoder()

/** UTF-8 bytes of a string. */
export function utf8(s: string): Uint8Array {
  return encoder.encode(s)
}

/** base64.StdEncoding.EncodeToString */
export function encodeBase64(input: Uint8Array | string): string {
  const bytes = typeof input === 'string' ? utf8(input) : input
  let out = ''
  let i = 0
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!
  }
  const rest = bytes.length - i
  if (rest === 1) {
    const n = bytes[i]! << 16
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]! + '=='
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8)
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + '='
  }
  return out
}

export class Base64Error extends Error {
  constructor(readonly offset: number) {
    super(`illegal base64 data at input byte ${offset}`)
  }
}

const isNL = (c: number) => c === 0x0a || c === 0x0d

/** base64.StdEncoding.DecodeString (a port of decodeQuantum); throws Base64Error. */
export function decodeBase64(s: string): Uint8Array {
  const src: number[] = []
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c > 0x7f) {
      // Non-ASCII: Go sees the UTF-8 bytes; the first one is already illegal.
      for (const b of utf8(s[i]!)) src.push(b)
    } else src.push(c)
  }
  const out: number[] = []
  let si = 0
  while (true) {
    const dbuf = [0, 0, 0, 0]
    let dlen = 4
    let j = 0
    let err: number | undefined
    for (; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return Uint8Array.from(out)
        throw new Base64Error(si - j)
      }
      const inp = src[si]!
      si++
      const v = DECODE[inp]!
      if (v >= 0) {
        dbuf[j] = v
        continue
      }
      if (isNL(inp)) {
        j--
        continue
      }
      if (inp !== 0x3d) throw new Base64Error(si - 1)
      // padding
      if (j === 0 || j === 1) throw new Base64Error(si - 1)
      if (j === 2) {
        while (si < src.length && isNL(src[si]!)) si++
        if (si === src.length) throw new Base64Error(src.length)
        if (src[si] !== 0x3d) throw new Base64Error(si - 1)
        si++
      }
      while (si < src.length && isNL(src[si]!)) si++
      if (si < src.length) err = si
      dlen = j
      break
    }
    const val = (dbuf[0]! << 18) | (dbuf[1]! << 12) | (dbuf[2]! << 6) | dbuf[3]!
    const b = [(val >> 16) & 0xff, (val >> 8) & 0xff, val & 0xff]
    // Go (non-strict) does not check the discarded bits.
    for (let k = 0; k < dlen - 1; k++) out.push(b[k]!)
    if (err !== undefined) throw new Base64Error(err)
    if (dlen < 4) return Uint8Array.from(out)
  }
}
