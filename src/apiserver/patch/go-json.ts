// JSON decoding with the error texts of Go's encoding/json as forked in sigs.k8s.io/json (the
// decoder the apiserver uses for patch bodies):
//   * syntax errors come from a byte-for-byte port of the scanner (scanner.go), e.g.
//     `invalid character 'x' looking for beginning of value`, `unexpected end of JSON input`;
//   * type errors (`json: cannot unmarshal array into Go value of type map[string]interface {}`)
//     are produced by the callers with `goTypeError`;
//   * strict decoding (kjson.UnmarshalStrict) reports duplicate keys as `duplicate field "a.b[0].c"`.
// Numbers are JavaScript numbers (integers beyond 2^53 lose precision, unlike Go's PreserveInts).

export class GoJsonError extends Error {
  /** true for scanner (syntax) errors, false for type errors. */
  readonly syntax: boolean
  constructor(message: string, syntax: boolean) {
    super(message)
    this.syntax = syntax
  }
}

const MAX_NESTING_DEPTH = 10000

/** Go's quoteChar(c byte): the byte as a rune, quoted with single quotes. */
export function quoteChar(c: number): string {
  if (c === 0x27) return `'\\''`
  if (c === 0x22) return `'"'`
  const named: Record<number, string> = { 7: '\\a', 8: '\\b', 12: '\\f', 10: '\\n', 13: '\\r', 9: '\\t', 11: '\\v', 0x5c: '\\\\' }
  if (named[c]) return `'${named[c]}'`
  if (c < 0x20 || c === 0x7f) return `'\\x${c.toString(16).padStart(2, '0')}'`
  // strconv.Quote of runes U+0080..U+00FF: non-printable ones (C1 controls, NBSP, soft hyphen) are \u-escaped.
  if ((c >= 0x80 && c <= 0xa0) || c === 0xad) return `'\\u${c.toString(16).padStart(4, '0')}'`
  return `'${String.fromCharCode(c)}'`
}

const enum Parse {
  ObjectKey,
  ObjectValue,
  ArrayValue,
}

type Step = (c: number) => boolean // false = error

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46)
}

/** checkValid: returns Go's syntax error message, or undefined when `bytes` is one valid JSON value. */
export function goJsonSyntaxError(bytes: Uint8Array): string | undefined {
  const stack: Parse[] = []
  let err: string | undefined
  let endTop = false
  const fail = (c: number, context: string): boolean => {
    err = `invalid character ${quoteChar(c)} ${context}`
    step = () => false
    return false
  }
  const push = (c: number, p: Parse): boolean => {
    stack.push(p)
    return stack.length <= MAX_NESTING_DEPTH ? true : fail(c, 'exceeded max depth')
  }
  const pop = (): void => {
    stack.pop()
    if (stack.length === 0) {
      step = endTopState
      endTop = true
    } else step = endValue
  }
  const endTopState: Step = (c) => {
    if (!isSpace(c)) fail(c, 'after top-level value')
    return true // scanEnd: Go reports the error only on the next step / eof
  }
  const endValue: Step = (c) => {
    const n = stack.length
    if (n === 0) {
      step = endTopState
      endTop = true
      return endTopState(c)
    }
    if (isSpace(c)) {
      step = endValue
      return true
    }
    switch (stack[n - 1]) {
      case Parse.ObjectKey:
        if (c === 0x3a) {
          stack[n - 1] = Parse.ObjectValue
          step = beginValue
          return true
        }
        return fail(c, 'after object key')
      case Parse.ObjectValue:
        if (c === 0x2c) {
          stack[n - 1] = Parse.ObjectKey
          step = beginString
          return true
        }
        if (c === 0x7d) {
          pop()
          return true
        }
        return fail(c, 'after object key:value pair')
      default:
        if (c === 0x2c) {
          step = beginValue
          return true
        }
        if (c === 0x5d) {
          pop()
          return true
        }
        return fail(c, 'after array element')
    }
  }
  const literal = (expect: string, name: string, idx: number): Step => (c) => {
    if (c === expect.charCodeAt(idx)) {
      step = idx + 1 === expect.length ? endValue : literal(expect, name, idx + 1)
      return true
    }
    return fail(c, `in literal ${name} (expecting '${expect[idx]}')`)
  }
  const inString: Step = (c) => {
    if (c === 0x22) {
      step = endValue
      return true
    }
    if (c === 0x5c) {
      step = inStringEsc
      return true
    }
    if (c < 0x20) return fail(c, 'in string literal')
    return true
  }
  const escU = (left: number): Step => (c) => {
    if (isHex(c)) {
      step = left === 1 ? inString : escU(left - 1)
      return true
    }
    return fail(c, 'in \\u hexadecimal character escape')
  }
  const inStringEsc: Step = (c) => {
    if ([0x62, 0x66, 0x6e, 0x72, 0x74, 0x5c, 0x2f, 0x22].includes(c)) {
      step = inString
      return true
    }
    if (c === 0x75) {
      step = escU(4)
      return true
    }
    return fail(c, 'in string escape code')
  }
  const isDigit = (c: number) => c >= 0x30 && c <= 0x39
  const state0: Step = (c) => {
    if (c === 0x2e) {
      step = stateDot
      return true
    }
    if (c === 0x65 || c === 0x45) {
      step = stateE
      return true
    }
    return endValue(c)
  }
  const state1: Step = (c) => {
    if (isDigit(c)) return true
    return state0(c)
  }
  const stateNeg: Step = (c) => {
    if (c === 0x30) {
      step = state0
      return true
    }
    if (c >= 0x31 && c <= 0x39) {
      step = state1
      return true
    }
    return fail(c, 'in numeric literal')
  }
  const stateDot: Step = (c) => {
    if (isDigit(c)) {
      step = stateDot0
      return true
    }
    return fail(c, 'after decimal point in numeric literal')
  }
  const stateDot0: Step = (c) => {
    if (isDigit(c)) return true
    if (c === 0x65 || c === 0x45) {
      step = stateE
      return true
    }
    return endValue(c)
  }
  const stateESign: Step = (c) => {
    if (isDigit(c)) {
      step = stateE0
      return true
    }
    return fail(c, 'in exponent of numeric literal')
  }
  const stateE: Step = (c) => {
    if (c === 0x2b || c === 0x2d) {
      step = stateESign
      return true
    }
    return stateESign(c)
  }
  const stateE0: Step = (c) => (isDigit(c) ? true : endValue(c))
  const beginValue: Step = (c) => {
    if (isSpace(c)) return true
    switch (c) {
      case 0x7b:
        step = beginStringOrEmpty
        return push(c, Parse.ObjectKey)
      case 0x5b:
        step = beginValueOrEmpty
        return push(c, Parse.ArrayValue)
      case 0x22:
        step = inString
        return true
      case 0x2d:
        step = stateNeg
        return true
      case 0x30:
        step = state0
        return true
      case 0x74:
        step = literal('true', 'true', 1)
        return true
      case 0x66:
        step = literal('false', 'false', 1)
        return true
      case 0x6e:
        step = literal('null', 'null', 1)
        return true
    }
    if (c >= 0x31 && c <= 0x39) {
      step = state1
      return true
    }
    return fail(c, 'looking for beginning of value')
  }
  const beginValueOrEmpty: Step = (c) => {
    if (isSpace(c)) return true
    if (c === 0x5d) return endValue(c)
    return beginValue(c)
  }
  const beginString: Step = (c) => {
    if (isSpace(c)) return true
    if (c === 0x22) {
      step = inString
      return true
    }
    return fail(c, 'looking for beginning of object key string')
  }
  const beginStringOrEmpty: Step = (c) => {
    if (isSpace(c)) return true
    if (c === 0x7d) {
      stack[stack.length - 1] = Parse.ObjectValue
      return endValue(c)
    }
    return beginString(c)
  }
  let step: Step = beginValue
  for (const c of bytes) {
    if (!step(c) || err) return err
  }
  // eof()
  if (err) return err
  if (endTop) return undefined
  step(0x20)
  if (err) return err
  if (endTop) return undefined
  return 'unexpected end of JSON input'
}

export interface GoDecoded {
  value: unknown
  /** kjson strict errors in document order, e.g. `duplicate field "metadata.name"`, `unknown field "[0].foo"`. */
  strictErrors: string[]
}

export interface DecodeOptions {
  /** Elements of the top-level array are Go structs with exactly these JSON fields (others are unknown). */
  topLevelArrayStructFields?: readonly string[]
}

const MAX_STRICT_ERRORS = 100

/**
 * Decode `text` like sigs.k8s.io/json: syntax check first (throws GoJsonError with Go's text), then
 * build the value while recording strict (duplicate / unknown field) errors.
 */
export function decodeGoJson(text: string, opts: DecodeOptions = {}): GoDecoded {
  const syntax = goJsonSyntaxError(new TextEncoder().encode(text))
  if (syntax) throw new GoJsonError(syntax, true)
  const strict: string[] = []
  const seen = new Set<string>()
  const report = (kind: string, stack: string[], field: string) => {
    const path = stack.length ? `${stack.join('')}.${field}` : field
    const msg = `${kind} ${goStrconvQuote(path)}`
    if (strict.length >= MAX_STRICT_ERRORS || seen.has(msg)) return
    seen.add(msg)
    strict.push(msg)
  }
  let i = 0
  const ws = () => {
    while (i < text.length && isSpace(text.charCodeAt(i))) i++
  }
  const readString = (): string => {
    const start = i
    i++
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1
    i++
    return JSON.parse(text.slice(start, i)) as string
  }
  // `record`: whether strict errors are tracked below this point (unknown struct fields are skipped unrecorded).
  const value = (stack: string[], record: boolean, depth: number): unknown => {
    ws()
    const c = text[i]
    if (c === '{') {
      i++
      const obj: Record<string, unknown> = {}
      const known = depth === 1 && opts.topLevelArrayStructFields ? opts.topLevelArrayStructFields : undefined
      ws()
      if (text[i] === '}') {
        i++
        return obj
      }
      for (;;) {
        ws()
        const key = readString()
        ws()
        i++ // ':'
        let recordChild = record
        if (record) {
          if (known && !known.includes(key)) {
            report('unknown field', stack, key)
            recordChild = false
          } else if (Object.prototype.hasOwnProperty.call(obj, key)) report('duplicate field', stack, key)
        }
        const child = value(record ? pushKey(stack, key) : stack, recordChild, depth + 1)
        setKey(obj, key, child)
        ws()
        if (text[i++] === '}') return obj
      }
    }
    if (c === '[') {
      i++
      const arr: unknown[] = []
      ws()
      if (text[i] === ']') {
        i++
        return arr
      }
      for (;;) {
        arr.push(value(record ? [...stack, '[', String(arr.length), ']'] : stack, record, depth + 1))
        ws()
        if (text[i++] === ']') return arr
      }
    }
    if (c === '"') return readString()
    const m = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 400))!
    i += m[0].length
    return JSON.parse(m[0])
  }
  const v = value([], true, 0)
  return { value: v, strictErrors: strict }
}

function pushKey(stack: string[], key: string): string[] {
  return stack.length ? [...stack, '.', key] : [key]
}

/**
 * A second view of an already valid document in which every scalar is replaced by its token text
 * (`"a\u003c"`, `1.0`, `true`, `null`): what evanphx/json-patch compares in `test` operations.
 */
export function decodeRawTree(text: string): unknown {
  let i = 0
  const ws = () => {
    while (i < text.length && isSpace(text.charCodeAt(i))) i++
  }
  const str = (): string => {
    const start = i
    i++
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1
    i++
    return text.slice(start, i)
  }
  const value = (): unknown => {
    ws()
    const c = text[i]
    if (c === '{') {
      i++
      const obj: Record<string, unknown> = {}
      ws()
      if (text[i] === '}') {
        i++
        return obj
      }
      for (;;) {
        ws()
        const key = JSON.parse(str()) as string
        ws()
        i++
        setKey(obj, key, value())
        ws()
        if (text[i++] === '}') return obj
      }
    }
    if (c === '[') {
      i++
      const arr: unknown[] = []
      ws()
      if (text[i] === ']') {
        i++
        return arr
      }
      for (;;) {
        arr.push(value())
        ws()
        if (text[i++] === ']') return arr
      }
    }
    if (c === '"') return str()
    const m = /^[^\s,\]}]+/.exec(text.slice(i, i + 400))!
    i += m[0].length
    return m[0]
  }
  return value()
}

/** Assign an own property (also for "__proto__"). */
export function setKey(obj: Record<string, unknown>, key: string, v: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value: v, enumerable: true, writable: true, configurable: true })
  else obj[key] = v
}

/** strconv.Quote (ASCII-printable passthrough, Go escapes for the rest that matter here). */
export function goStrconvQuote(s: string): string {
  let out = '"'
  for (const ch of s) {
    const c = ch.codePointAt(0)!
    if (ch === '"' || ch === '\\') out += '\\' + ch
    else if (c === 7) out += '\\a'
    else if (c === 8) out += '\\b'
    else if (c === 12) out += '\\f'
    else if (c === 10) out += '\\n'
    else if (c === 13) out += '\\r'
    else if (c === 9) out += '\\t'
    else if (c === 11) out += '\\v'
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0')
    else if ((c >= 0x80 && c <= 0xa0) || c === 0xad) out += '\\u' + c.toString(16).padStart(4, '0')
    else out += ch
  }
  return out + '"'
}

/** The JSON kind word Go uses in UnmarshalTypeError ("object", "array", "string", "number", "bool"). */
export function jsonKindWord(v: unknown): string {
  if (Array.isArray(v)) return 'array'
  if (v === null) return 'null'
  switch (typeof v) {
    case 'object':
      return 'object'
    case 'string':
      return 'string'
    case 'number':
      return 'number'
    case 'boolean':
      return 'bool'
    default:
      return 'null'
  }
}

/** UnmarshalTypeError.Error(). */
export function goTypeError(v: unknown, goType: string, structField?: { struct: string; field: string }): string {
  if (structField) return `json: cannot unmarshal ${jsonKindWord(v)} into Go struct field ${structField.struct}.${structField.field} of type ${goType}`
  return `json: cannot unmarshal ${jsonKindWord(v)} into Go value of type ${goType}`
}

export function isJsonObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** Decode a body that Go unmarshals into map[string]interface{} (merge / strategic patches). */
export function decodeGoJsonMap(text: string): GoDecoded {
  const d = decodeGoJson(text)
  if (d.value !== null && !isJsonObject(d.value)) throw new GoJsonError(goTypeError(d.value, 'map[string]interface {}'), false)
  return d
}
