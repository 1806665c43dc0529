// encoding/json's json.Unmarshal into Go structs, as the manifest and config parsers need it: field
// names match case-insensitively, null and absent are the zero value, a JSON value of the wrong kind is
// an UnmarshalTypeError. Every manifest parse error is a ManifestError.

import { isPlainObject } from '../../apiserver/json.js'

type Obj = Record<string, unknown>

export class ManifestError extends Error {}

/** The value of a struct field as encoding/json finds it: keys match case-insensitively, the last one wins. */
export function goField(o: Obj, name: string): unknown {
  let v: unknown
  const lower = name.toLowerCase()
  for (const [k, x] of Object.entries(o)) if (k.toLowerCase() === lower) v = x
  return v
}

function typeError(what: string, v: unknown): ManifestError {
  return new ManifestError(`json: cannot unmarshal ${jsonKind(v)} into Go value of type ${what}`)
}

function jsonKind(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'array'
  if (typeof v === 'object') return 'object'
  return typeof v === 'boolean' ? 'bool' : typeof v
}

export function goString(v: unknown, what = 'string'): string {
  if (v === undefined || v === null) return ''
  if (typeof v !== 'string') throw typeError(what, v)
  return v
}

export function goInt(v: unknown, what = 'int64'): number {
  if (v === undefined || v === null) return 0
  if (typeof v !== 'number' || !Number.isInteger(v)) throw typeError(what, v)
  return v
}

export function goBool(v: unknown): boolean {
  if (v === undefined || v === null) return false
  if (typeof v !== 'boolean') throw typeError('bool', v)
  return v
}

export function goStrings(v: unknown): string[] | undefined {
  if (v === undefined || v === null) return undefined
  if (!Array.isArray(v)) throw typeError('[]string', v)
  return v.map((x) => goString(x))
}

export function goObject(v: unknown, what: string): Obj | undefined {
  if (v === undefined || v === null) return undefined
  if (!isPlainObject(v)) throw typeError(what, v)
  return v
}

export function goTime(v: unknown): string | null {
  if (v === undefined || v === null) return null
  if (typeof v !== 'string') throw typeError('time.Time', v)
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(v)) {
    throw new ManifestError(`parsing time ${JSON.stringify(v)} as "2006-01-02T15:04:05Z07:00": cannot parse`)
  }
  const ms = Date.parse(v)
  if (Number.isNaN(ms)) throw new ManifestError(`parsing time ${JSON.stringify(v)}: out of range`)
  // metav1.Time marshals RFC 3339 seconds in UTC; the zero time is null.
  if (v.startsWith('0001-01-01T00:00:00')) return null
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z')
}

/** JSON syntax errors as ManifestErrors. */
export function parseJSON(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch (e) {
    throw new ManifestError(e instanceof Error ? e.message : String(e))
  }
}

/** A JSON array field (a Go slice): absent and null are empty. */
export function goSlice(v: unknown, what: string): unknown[] {
  if (v === undefined || v === null) return []
  if (!Array.isArray(v)) throw typeError(what, v)
  return v
}
