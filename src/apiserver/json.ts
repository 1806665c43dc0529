// JSON encoding as the Go apiserver writes it: HTML-sensitive characters escaped, one document plus a
// newline (compact) or 2-space indentation without a trailing newline (pretty).

const HTML_ESCAPES: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' }

const NEEDS_ESCAPE = /[<>&\u2028\u2029]/

export function goJSON(value: unknown, pretty = false): string {
  const s = pretty ? JSON.stringify(value, null, 2) : JSON.stringify(value)
  return NEEDS_ESCAPE.test(s) ? s.replace(/[<>&\u2028\u2029]/g, (c) => HTML_ESCAPES[c]!) : s
}

const compactCache = new WeakMap<object, string>()

/**
 * Compact encoding of an object that is never mutated after it is served (stored objects and their
 * memoised decorations), cached by identity: repeated reads cost a lookup.
 */
export function goJSONCached(value: object): string {
  let s = compactCache.get(value)
  if (s === undefined) {
    s = goJSON(value)
    compactCache.set(value, s)
  }
  return s
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
