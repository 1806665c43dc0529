// A parse of JSON text that keeps what JSON.parse loses and Go's decoder sees: every occurrence of a repeated
// key (encoding/json decodes each one, so a wrongly typed first occurrence is still an error) and the literal
// text of numbers (`2.0` and `1e3` are not integers to strconv.ParseInt; 2^63 is out of range even though a
// JavaScript number rounds it). Only used when the text has such numbers or repeated keys; the input has
// already passed JSON.parse, so it is well-formed.

export class RawObject {
  constructor(readonly entries: Array<[string, unknown]>) {}
}

export class RawNumber {
  constructor(
    readonly text: string,
    readonly value: number,
  ) {}
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y

/** Worth the slower parse: a number that is not a plain small integer, or a repeated key. */
export function needsRawParse(text: string, hasDuplicates: boolean): boolean {
  return hasDuplicates || /\d[.eE]|\d{16}/.test(text)
}

/**
 * Parse `text` (valid JSON) into plain values, RawObject and RawNumber. Returns undefined when the nesting is
 * too deep for a recursive parse or the text is not JSON after all (the caller then uses the JSON.parse result).
 */
export function parseRawJson(text: string): unknown {
  let pos = 0
  const ws = () => {
    while (pos < text.length) {
      const c = text.charCodeAt(pos)
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) pos++
      else break
    }
  }
  const str = (): string => {
    const start = pos
    let escaped = false
    pos++
    for (;;) {
      const c = text.charCodeAt(pos)
      if (c === 0x22) break
      if (c === 0x5c) {
        escaped = true
        pos += 2
      } else pos++
    }
    pos++
    const raw = text.slice(start, pos)
    return escaped ? (JSON.parse(raw) as string) : raw.slice(1, -1)
  }
  const value = (depth: number): unknown => {
    if (depth > 2000) throw new RangeError('too deep')
    ws()
    const c = text[pos]
    if (c === '{') {
      pos++
      const entries: Array<[string, unknown]> = []
      ws()
      if (text[pos] === '}') {
        pos++
        return new RawObject(entries)
      }
      for (;;) {
        ws()
        const k = str()
        ws()
        pos++ // :
        entries.push([k, value(depth + 1)])
        ws()
        if (text[pos++] === '}') return new RawObject(entries)
      }
    }
    if (c === '[') {
      pos++
      const items: unknown[] = []
      ws()
      if (text[pos] === ']') {
        pos++
        return items
      }
      for (;;) {
        items.push(value(depth + 1))
        ws()
        if (text[pos++] === ']') return items
      }
    }
    if (c === '"') return str()
    if (text.startsWith('true', pos)) return (pos += 4), true
    if (text.startsWith('false', pos)) return (pos += 5), false
    if (text.startsWith('null', pos)) return (pos += 4), null
    NUMBER.lastIndex = pos
    const m = NUMBER.exec(text)![0]
    pos += m.length
    return new RawNumber(m, Number(m))
  }
  try {
    return value(0)
  } catch {
    return undefined // too deep, or not the JSON it was said to be: the caller keeps the JSON.parse result
  }
}
