// JSON encoding as the Go apiserver writes it: HTML-sensitive characters escaped, one document plus a
// newline (compact) or 2-space indentation without a trailing newline (pretty).

const HTML_ESCAPES: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' }

const NEEDS_ESCAPE = /[<>&\u2028\u2029]/

export function goJSON(value: unknown, pretty = false): string {
  const s = pretty ? JSON.stringify(value, null, 2) : JSON.stringify(value)
  return NEEDS_ESCAPE.test(s) ? s.replace(/[<>&\u2028\u2029]/g, (c) => HTML_ESCAPES[c]!) : s
}

/** Deterministic serialisation with sorted keys (for equality checks). */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null'
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : stableStringify(v))).join(',')}]`
  const keys = Object.keys(value as object).filter((k) => (value as Record<string, unknown>)[k] !== undefined).sort()
  return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify((value as Record<string, unknown>)[k])}`).join(',')}}`
}

/** Sort the keys of a string map (labels, annotations) as Go's encoder does. */
export function sortedMap<T>(m: Record<string, T> | undefined | null): Record<string, T> | undefined {
  if (!m) return undefined
  const out: Record<string, T> = {}
  for (const k of Object.keys(m).sort()) out[k] = m[k]!
  return out
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/**
 * A decoded JSON value as text without ever throwing: strings as they are, other values as their JSON.
 * (`String(v)` throws for an object whose own `toString`/`valueOf` keys are not functions, e.g. a body's
 * `{"toString": 0}`.) Used where the fake still coerces values the typed decoder would refuse.
 */
export function textOf(v: unknown): string {
  if (typeof v === 'string') return v
  if (v === null || v === undefined) return ''
  if (typeof v === 'object') return JSON.stringify(v) ?? ''
  return String(v)
}

/**
 * `JSON.stringify(a) === JSON.stringify(b)` without building the two texts: key order counts, keys whose
 * value is undefined are skipped, undefined in an array reads as null. Values outside plain JSON (a Date,
 * a toJSON method) are compared through their JSON text.
 */
export function sameJSON(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    if (typeof a === 'number' || typeof b === 'number') return JSON.stringify(a ?? null) === JSON.stringify(b ?? null)
    return (a === undefined && b === null) || (a === null && b === undefined)
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false
    for (let i = 0; i < a.length; i++) if (!sameJSON(a[i], b[i])) return false
    return true
  }
  if (Array.isArray(b)) return false
  const pa = Object.getPrototypeOf(a)
  const pb = Object.getPrototypeOf(b)
  if ((pa !== Object.prototype && pa !== null) || (pb !== Object.prototype && pb !== null)) return JSON.stringify(a) === JSON.stringify(b)
  const ka = definedKeys(a as Record<string, unknown>)
  const kb = definedKeys(b as Record<string, unknown>)
  if (ka.length !== kb.length) return false
  for (let i = 0; i < ka.length; i++) {
    const k = ka[i]!
    if (k !== kb[i] || !sameJSON((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false
  }
  return true
}

function definedKeys(o: Record<string, unknown>): string[] {
  const out: string[] = []
  for (const k of Object.keys(o)) {
    const v = o[k]
    if (v !== undefined && typeof v !== 'function' && typeof v !== 'symbol') out.push(k)
  }
  return out
}

/** `stableStringify(a) === stableStringify(b)` (key order ignored), without building the texts. */
export function sameStable(a: unknown, b: unknown): boolean {
  if (a === b) return true
  const ao = typeof a === 'object' && a !== null
  const bo = typeof b === 'object' && b !== null
  if (!ao || !bo) return !ao && !bo && stableStringify(a) === stableStringify(b)
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false
    for (let i = 0; i < a.length; i++) if (!sameStable(a[i] === undefined ? null : a[i], b[i] === undefined ? null : b[i])) return false
    return true
  }
  const x = a as Record<string, unknown>
  const y = b as Record<string, unknown>
  const own = Object.prototype.hasOwnProperty
  // Count x's defined keys while comparing, then take y's away: the same set when nothing is left.
  let n = 0
  for (const k in x) {
    if (!own.call(x, k) || x[k] === undefined) continue
    n++
    if (!own.call(y, k) || y[k] === undefined || !sameStable(x[k], y[k])) return false
  }
  for (const k in y) if (own.call(y, k) && y[k] !== undefined) n--
  return n === 0
}
