// JSON decoding with the error texts of Go's encoding/json as forked in sigs.k8s.io/json (the
// decoder the apiserver uses for patch bodies):
//   * syntax errors come from a byte-for-byte port of the scanner (scanner.go), e.g.
//     `invalid character 'x' looking for beginning of value`, `unexpected end of JSON input`;
//   * type errors (`json: cannot unmarshal array into Go value of type map[string]interface {}`)
//     are produced by the callers with `goTypeError`;
//   * strict decoding (kjson.UnmarshalStrict) reports duplicate keys as `duplicate field "a.b[0].c"`.
// Numbers are JavaScript numbers (integers beyond 2^53 lose precision, unlike Go's PreserveInts). A number
// outside float64's range (e.g. 401 digits) is what decodeState.convertNumber refuses with an
// UnmarshalTypeError, `json: cannot unmarshal number 1111… into Go value of type float64`: it is reported
// in `numberError` and each caller decides (a raw-message decode, e.g. MergePatch under Ignore, never sees it).

import { jsonDepth, MAX_JSON_DEPTH } from '../body-depth.js'
import { goJsonSyntaxError, isSpace } from './go-json-scanner.js'

export { goJsonSyntaxError, quoteChar } from './go-json-scanner.js'

export class GoJsonError extends Error {
  /** true for scanner (syntax) errors, false for type errors. */
  readonly syntax: boolean
  constructor(message: string, syntax: boolean) {
    super(message)
    this.syntax = syntax
  }
}

export interface GoDecoded {
  value: unknown
  /** kjson strict errors in document order, e.g. `duplicate field "metadata.name"`, `unknown field "[0].foo"`. */
  strictErrors: string[]
  /**
   * The first number float64 cannot hold, as decodeState.convertNumber reports it when the value lands in an
   * interface{} (`json: cannot unmarshal number 1e400 into Go value of type float64`; inside a field of a
   * top-level-array struct `… into Go struct field <struct>.<field> of type float64`).
   */
  numberError?: string
}

export interface DecodeOptions {
  /** Elements of the top-level array are Go structs with exactly these JSON fields (others are unknown). */
  topLevelArrayStructFields?: readonly string[]
  /** Go name of that struct, for number errors inside its fields (e.g. `jsonPatchOp`). */
  topLevelArrayStructName?: string
}

// A JSON number token (the scanner has already checked the syntax); sticky, so no slicing and no length cap.
const NUMBER_OR_LITERAL = /true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
const RAW_SCALAR = /[^\s,\]}]+/y

const MAX_STRICT_ERRORS = 100

const UTF8 = new TextEncoder()

/**
 * The Go scanner's syntax error for `text`, or undefined. Text that JSON.parse accepts within the scanner's
 * nesting limit is text the scanner accepts (both follow the RFC 8259 grammar), and the native parser
 * checks it many times faster than the ported byte-by-byte state machine, which then only runs to word an
 * error.
 */
function syntaxError(text: string): string | undefined {
  if (jsonDepth(text) <= MAX_JSON_DEPTH) {
    try {
      JSON.parse(text)
      return undefined
    } catch {
      // worded below
    }
  }
  return goJsonSyntaxError(UTF8.encode(text))
}

/**
 * Decode `text` like sigs.k8s.io/json: syntax check first (throws GoJsonError with Go's text), then
 * build the value while recording strict (duplicate / unknown field) errors.
 */
export function decodeGoJson(text: string, opts: DecodeOptions = {}): GoDecoded {
  const syntax = syntaxError(text)
  if (syntax) throw new GoJsonError(syntax, true)
  const strict: string[] = []
  let numberError: string | undefined
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
    let escaped = false
    i++
    while (text[i] !== '"') {
      if (text[i] === '\\') {
        escaped = true
        i += 2
      } else i++
    }
    i++
    // Without escapes the text between the quotes is the string (the scanner has checked it).
    return escaped ? (JSON.parse(text.slice(start, i)) as string) : text.slice(start + 1, i - 1)
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
    // An unknown struct field's value is skipped by Go (decodeState.skip), so its numbers are never converted.
    NUMBER_OR_LITERAL.lastIndex = i
    const m = NUMBER_OR_LITERAL.exec(text)![0]
    i += m.length
    // A checked JSON literal or number: Number() reads a JSON number as JSON.parse does.
    const v: unknown = m === 'true' ? true : m === 'false' ? false : m === 'null' ? null : Number(m)
    if (record && numberError === undefined && typeof v === 'number' && !Number.isFinite(v)) {
      const field = depth >= 2 && opts.topLevelArrayStructFields ? fieldOf(stack) : undefined
      numberError = field && opts.topLevelArrayStructName
        ? `json: cannot unmarshal number ${m} into Go struct field ${opts.topLevelArrayStructName}.${field} of type float64`
        : `json: cannot unmarshal number ${m} into Go value of type float64`
    }
    return v
  }
  const v = value([], true, 0)
  return numberError === undefined ? { value: v, strictErrors: strict } : { value: v, strictErrors: strict, numberError }
}

/** The struct field a value of a top-level array element sits under (`[`, `0`, `]`, `.`, `value`, …). */
function fieldOf(stack: string[]): string | undefined {
  return stack[0] === '[' && stack[3] === '.' ? stack[4] : undefined
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
    RAW_SCALAR.lastIndex = i
    const m = RAW_SCALAR.exec(text)![0]
    i += m.length
    return m
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
  if (d.numberError) throw new GoJsonError(d.numberError, false)
  return d
}
