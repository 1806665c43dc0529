// Typed decoding: walk a parsed JSON value against the Go type it is decoded into and find the error the
// real decoder reports first. Two decoders are modelled:
//
// * 'json' — sigs.k8s.io/json internal/golang/encoding/json/decode.go (Go's encoding/json, forked), used for
//   POST/PUT bodies (JSON, and YAML after YAMLToJSON) and for the results of JSON and merge patches
//   (k8s.io/apimachinery/pkg/runtime/serializer/json/json.go Serializer.Decode → kjson.UnmarshalStrict /
//   UnmarshalCaseSensitivePreserveInts). A type mismatch is *saved* (d.saveError keeps the first one) and
//   decoding goes on; an error returned by a field's own UnmarshalJSON (metav1.Time) stops decoding and wins.
//   null is accepted everywhere (the zero value). Unknown fields are skipped, never type checked.
// * 'unstructured' — k8s.io/apimachinery/pkg/runtime/converter.go fromUnstructured, which strategic merge
//   patches use (patch.go applyPatchToObject → FromUnstructuredWithValidation): the first error stops it.
//
// Values are visited in document (key) order. JavaScript numbers stand for JSON numbers: a literal such as
// `2.0` or `1e3` reaches us as an integer, and integers beyond 2^53 lose digits (the real decoder sees the text).

import { decodeBase64, Base64Error } from '../../core/base64.js'
import type { GoType } from './go-types.js'
import { rfc3339Error } from './go-time.js'
import { base64ErrorText, jsonWord, numberLiteral, unmarshalTypeErrorText } from './messages.js'
import { RawNumber, RawObject } from './raw-json.js'

export type DecoderModel = 'json' | 'unstructured'

const INT_RANGE = { 32: [-(2 ** 31), 2 ** 31 - 1], 64: [-(2 ** 63), 2 ** 63 - 1] } as const

function fitsInt(n: number, bits: 32 | 64): boolean {
  const [lo, hi] = INT_RANGE[bits]
  return Number.isInteger(n) && n >= lo && (bits === 64 ? n < 2 ** 63 : n <= hi)
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof RawNumber)
}

/** strconv.ParseInt/ParseUint on the literal text, within the Go type's range. */
function literalFitsInt(text: string, type: string, bits: 32 | 64): boolean {
  if (!/^-?\d+$/.test(text)) return false
  const n = BigInt(text)
  if (type === 'uint8') return n >= 0n && n <= 255n
  const lim = bits === 64 ? 2n ** 63n : 2n ** 31n
  return n >= -lim && n < lim
}

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k)

class Stop extends Error {
  constructor(readonly text: string) {
    super(text)
  }
}

/** encoding/json decodeState: the error context (innermost struct, field path) and the first saved error. */
class JsonWalk {
  private struct = ''
  private readonly path: string[] = []
  saved: string | undefined

  /** A struct field: known fields are decoded with the field's context, unknown ones skipped. */
  private field(t: Extract<GoType, { kind: 'struct' }>, k: string, x: unknown, shadow: unknown): void {
    const ft = t.fields().get(k)
    if (!ft) return
    const outerStruct = this.struct
    this.path.push(k)
    this.struct = t.name
    this.value(x, ft, shadow)
    this.path.pop()
    this.struct = outerStruct
  }

  private save(value: string, type: string): void {
    if (this.saved !== undefined) return
    this.saved = unmarshalTypeErrorText({ value, type, struct: this.struct, field: this.path.join('.'), inField: this.struct !== '' || this.path.length > 0 })
  }

  /**
   * `shadow` is what sits at the same path in an object known to decode (the stored object a merge patch
   * was applied to): a subtree that is that very object has nothing to report, and is not walked.
   */
  value(v: unknown, t: GoType, shadow?: unknown): void {
    if (v === null || v === undefined) return
    if (v === shadow && typeof v === 'object') return
    switch (t.kind) {
      case 'raw':
        return
      case 'time': {
        // metav1.Time.UnmarshalJSON: json.Unmarshal(b, &str) then time.Parse(time.RFC3339, str); its error is
        // returned (not saved) and gets the field context added by decodeState.addErrorContext.
        if (typeof v !== 'string') {
          throw new Stop(unmarshalTypeErrorText({ value: jsonWord(v), type: 'string', struct: this.struct, field: this.path.join('.'), inField: true }))
        }
        const err = rfc3339Error(v, t.micro)
        if (err) throw new Stop(err)
        return
      }
      case 'struct': {
        if (v instanceof RawObject) {
          for (const [k, x] of v.entries) this.field(t, k, x, undefined)
          return
        }
        if (!isObject(v)) return this.save(jsonWord(v), t.type)
        const sh = isObject(shadow) ? shadow : undefined
        for (const k in v) if (hasOwn(v, k)) this.field(t, k, v[k], sh?.[k])
        return
      }
      case 'map': {
        if (v instanceof RawObject) {
          for (const [, x] of v.entries) this.value(x, t.elem)
          return
        }
        if (!isObject(v)) return this.save(jsonWord(v), t.type)
        const sh = isObject(shadow) ? shadow : undefined
        for (const k in v) if (hasOwn(v, k)) this.value(v[k], t.elem, sh?.[k])
        return
      }
      case 'slice': {
        if (!Array.isArray(v)) return this.save(jsonWord(v), t.type)
        const sh = Array.isArray(shadow) ? shadow : undefined
        for (let i = 0; i < v.length; i++) this.value(v[i], t.elem, sh?.[i])
        return
      }
      case 'bytes': {
        if (typeof v === 'string') {
          try {
            decodeBase64(v)
          } catch (e) {
            if (!(e instanceof Base64Error)) throw e
            if (this.saved === undefined) this.saved = base64ErrorText(e.offset)
          }
          return
        }
        if (!Array.isArray(v)) return this.save(jsonWord(v), t.type)
        for (const item of v) this.value(item, UINT8)
        return
      }
      case 'string':
        if (typeof v !== 'string') this.save(jsonWord(v), t.type)
        return
      case 'bool':
        if (typeof v !== 'boolean') this.save(jsonWord(v), t.type)
        return
      case 'int':
        if (v instanceof RawNumber) {
          if (!literalFitsInt(v.text, t.type, t.bits)) this.save(`number ${v.text}`, t.type)
          return
        }
        if (typeof v !== 'number') return this.save(jsonWord(v), t.type)
        if (t.type === 'uint8' ? !(Number.isInteger(v) && v >= 0 && v <= 255) : !fitsInt(v, t.bits)) this.save(`number ${numberLiteral(v)}`, t.type)
        return
      case 'float':
        if (v instanceof RawNumber) {
          if (!Number.isFinite(v.value)) this.save(`number ${v.text}`, t.type)
          return
        }
        if (typeof v !== 'number') this.save(jsonWord(v), t.type)
        return
    }
  }
}

const UINT8: GoType = { kind: 'int', type: 'uint8', bits: 32 }

/** reflect.Kind / Type of a value of the unstructured map (PreserveInts: whole numbers are int64). */
function unstructuredKind(v: unknown): string {
  if (Array.isArray(v)) return 'slice'
  switch (typeof v) {
    case 'string':
      return 'string'
    case 'boolean':
      return 'bool'
    case 'number':
      return Number.isInteger(v) && Math.abs(v) < 2 ** 63 ? 'int64' : 'float64'
    default:
      return 'map'
  }
}

/** The kind of a Go type's reflect.Kind (a named string type is a `string`). */
function kindName(t: GoType): string {
  switch (t.kind) {
    case 'string':
      return 'string'
    case 'bool':
      return 'bool'
    case 'int':
      return t.type === 'uint8' ? 'uint8' : `int${t.bits}`
    case 'float':
      return 'float64'
    default:
      return t.type
  }
}

/** runtime.DefaultUnstructuredConverter.FromUnstructured: the first error, or undefined. */
function unstructured(v: unknown, t: GoType): string | undefined {
  if (v === null || v === undefined) return undefined
  const st = unstructuredKind(v)
  switch (t.kind) {
    case 'raw':
      return undefined
    case 'time':
      // TypeReflectCacheEntry.FromUnstructured: json.Marshal then metav1.Time.UnmarshalJSON.
      if (typeof v !== 'string') return unmarshalTypeErrorText({ value: jsonWord(v), type: 'string', struct: '', field: '', inField: false })
      return rfc3339Error(v, t.micro)
    case 'struct': {
      if (!isObject(v)) return `cannot restore struct from: ${st}`
      const fields = t.fields()
      for (const k in v) {
        const ft = hasOwn(v, k) ? fields.get(k) : undefined
        if (!ft) continue
        const err = unstructured(v[k], ft)
        if (err) return err
      }
      return undefined
    }
    case 'map': {
      if (!isObject(v)) return `cannot restore map from ${st}`
      for (const k in v) {
        if (!hasOwn(v, k)) continue
        const err = unstructured(v[k], t.elem)
        if (err) return err
      }
      return undefined
    }
    case 'bytes':
      if (typeof v === 'string') {
        try {
          decodeBase64(v)
        } catch (e) {
          if (e instanceof Base64Error) return `error decoding from json: ${base64ErrorText(e.offset)}`
          throw e
        }
        return undefined
      }
    // falls through: a list of numbers, or an error
    case 'slice': {
      if (!Array.isArray(v)) return `cannot restore slice from ${st}`
      const elem = t.kind === 'slice' ? t.elem : UINT8
      for (const item of v) {
        const err = unstructured(item, elem)
        if (err) return err
      }
      return undefined
    }
    default:
      return scalarFromUnstructured(v, st, t)
  }
}

/** The simple-type branch of fromUnstructured: assignable, or convertible within the same JSON group. */
function scalarFromUnstructured(v: unknown, st: string, t: GoType): string | undefined {
  const dk = kindName(t)
  const numeric = (k: string) => k.startsWith('int') || k.startsWith('uint') || k.startsWith('float')
  // reflect.ConvertibleTo between the source (string, bool, int64, float64, map, slice) and a scalar type.
  let convertible = false
  if (st === 'string') convertible = dk === 'string'
  else if (st === 'bool') convertible = dk === 'bool'
  else if (st === 'int64') convertible = numeric(dk) || dk === 'string'
  else if (st === 'float64') convertible = numeric(dk)
  if (!convertible) return `unrecognized type: ${dk}`
  if (st === 'int64' && dk === 'string') return `cannot convert int64 to ${t.type}`
  if (st === 'float64' && !dk.startsWith('float') && !Number.isInteger(v)) return `cannot convert float64 to ${t.type}`
  return undefined
}

/** The first error decoding `value` into `type` reports, or undefined when it decodes. */
export function typedDecodeError(value: unknown, type: GoType, model: DecoderModel = 'json', shadow?: unknown): string | undefined {
  if (model === 'unstructured') return unstructured(value, type)
  const w = new JsonWalk()
  try {
    w.value(value, type, shadow)
  } catch (e) {
    if (e instanceof Stop) return e.text
    throw e
  }
  return w.saved
}
