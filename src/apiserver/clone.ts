// Copies of stored and decoded objects. Both are plain JSON data (objects, arrays, strings, numbers,
// booleans, null), which a recursive copy clones several times faster than structuredClone (V8's
// serialiser round trip). Anything else a caller may hand the in-process API (a Date, a typed array, a
// Map) goes through structuredClone as before, so the result is the same as structuredClone's.

const OBJECT_PROTO = Object.prototype

/** structuredClone for JSON-shaped data, without the serialiser round trip. */
export function cloneObject<T>(v: T): T {
  if (typeof v !== 'object' || v === null) {
    // structuredClone refuses functions and symbols (DataCloneError): keep that.
    return typeof v === 'function' || typeof v === 'symbol' ? structuredClone(v) : v
  }
  if (Array.isArray(v)) {
    const n = v.length
    const out = new Array(n)
    for (let i = 0; i < n; i++) {
      // A hole stays a hole (structuredClone keeps sparse arrays sparse).
      if (i in v) out[i] = cloneObject(v[i])
    }
    return out as T
  }
  const proto = Object.getPrototypeOf(v)
  if (proto !== OBJECT_PROTO && proto !== null) return structuredClone(v)
  const out: Record<string, unknown> = {}
  for (const k in v) {
    if (!Object.prototype.hasOwnProperty.call(v, k)) continue
    const c = cloneObject((v as Record<string, unknown>)[k])
    // An own "__proto__" key (JSON.parse makes one) stays an own data property.
    if (k === '__proto__') Object.defineProperty(out, k, { value: c, enumerable: true, writable: true, configurable: true })
    else out[k] = c
  }
  return out as T
}
