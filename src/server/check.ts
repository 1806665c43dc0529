// A small validator for the `serve` configuration (config files and flags): each check returns the value
// (normalized) or throws a ConfigError naming the key path, e.g. `remoteRegistry.registries["quay.io"].httpOnly`.

export class ConfigError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(path ? `${path}: ${message}` : message)
  }
}

export type Check<T = unknown> = (value: unknown, path: string) => T

const show = (v: unknown): string => {
  if (v === undefined) return 'undefined'
  try {
    const s = JSON.stringify(v)
    return s.length > 60 ? `${s.slice(0, 57)}...` : s
  } catch {
    return String(v)
  }
}

export function isPlain(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false
  const proto = Object.getPrototypeOf(v) as unknown
  return proto === Object.prototype || proto === null
}

/** `quay.io` → `["quay.io"]`, `port` → `.port`. */
export function keyPath(base: string, key: string): string {
  if (/^[A-Za-z_$][\w$]*$/.test(key)) return base ? `${base}.${key}` : key
  return `${base}[${JSON.stringify(key)}]`
}

export const str: Check<string> = (v, p) => {
  if (typeof v !== 'string') throw new ConfigError(p, `must be a string, not ${show(v)}`)
  return v
}

export const nonEmptyStr: Check<string> = (v, p) => {
  if (str(v, p) === '') throw new ConfigError(p, 'must not be empty')
  return v as string
}

export const bool: Check<boolean> = (v, p) => {
  if (typeof v !== 'boolean') throw new ConfigError(p, `must be true or false, not ${show(v)}`)
  return v
}

export function int(min: number, max = Number.MAX_SAFE_INTEGER): Check<number> {
  return (v, p) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      throw new ConfigError(p, `must be a whole number ${max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `between ${min} and ${max}`}, not ${show(v)}`)
    }
    return v
  }
}

export function arrayOf<T>(item: Check<T>): Check<T[]> {
  return (v, p) => {
    if (!Array.isArray(v)) throw new ConfigError(p, `must be a list, not ${show(v)}`)
    return v.map((x, i) => item(x, `${p}[${i}]`))
  }
}

export function recordOf<T>(item: Check<T>): Check<Record<string, T>> {
  return (v, p) => {
    if (!isPlain(v)) throw new ConfigError(p, `must be an object (a map), not ${show(v)}`)
    const out: Record<string, T> = {}
    for (const [k, x] of Object.entries(v)) out[k] = item(x, keyPath(p, k))
    return out
  }
}

export function oneOf<T extends string>(...values: T[]): Check<T> {
  return (v, p) => {
    if (!values.includes(v as T)) throw new ConfigError(p, `must be one of ${values.map((x) => JSON.stringify(x)).join(', ')}, not ${show(v)}`)
    return v as T
  }
}

/** An object with known keys only: an unknown key is refused, naming it. */
export function shape<T>(fields: Record<string, Check>, extra?: (out: Record<string, unknown>, path: string) => void): Check<T> {
  return (v, p) => {
    if (!isPlain(v)) throw new ConfigError(p, `must be an object, not ${show(v)}`)
    const out: Record<string, unknown> = {}
    for (const [k, x] of Object.entries(v)) {
      const check = Object.hasOwn(fields, k) ? fields[k] : undefined
      if (!check) {
        const known = Object.keys(fields)
        throw new ConfigError(keyPath(p, k), `unknown key${known.length ? ` (known: ${known.join(', ')})` : ''}`)
      }
      if (x === undefined) continue
      out[k] = check(x, keyPath(p, k))
    }
    extra?.(out, p)
    return out as T
  }
}

/** The first check that accepts the value wins; the error of `last` is reported otherwise. */
export function either<A, B>(a: Check<A>, last: Check<B>): Check<A | B> {
  return (v, p) => {
    try {
      return a(v, p)
    } catch {
      return last(v, p)
    }
  }
}

/** A value or a list of them (a list is checked item by item). */
export function oneOrMany<T>(item: Check<T>): Check<T | T[]> {
  return (v, p) => (Array.isArray(v) ? arrayOf(item)(v, p) : item(v, p))
}
