// Go fmt renderings of decoded JSON values (map[string]interface{}, []interface{}, string, int64,
// float64, bool, nil), used to reproduce the texts of strategicpatch / mergepatch errors.
// Whole numbers are taken to be int64 (what the apiserver's PreserveInts decoding yields), others float64.

/** Go kind of a decoded JSON value (reflect.TypeOf(v)). */
export type GoKind = 'map' | 'slice' | 'string' | 'int64' | 'float64' | 'bool' | 'nil'

export function goKindOf(v: unknown): GoKind {
  if (v === null || v === undefined) return 'nil'
  if (Array.isArray(v)) return 'slice'
  switch (typeof v) {
    case 'object':
      return 'map'
    case 'string':
      return 'string'
    case 'number':
      return Number.isInteger(v) && Math.abs(v) < 2 ** 63 ? 'int64' : 'float64'
    case 'boolean':
      return 'bool'
    default:
      return 'nil'
  }
}

/** reflect.TypeOf(v).String(), or fmt's `%!s(<nil>)` for a nil interface. */
export function goTypeName(v: unknown): string {
  switch (goKindOf(v)) {
    case 'map':
      return 'map[string]interface {}'
    case 'slice':
      return '[]interface {}'
    case 'nil':
      return '%!s(<nil>)'
    default:
      return goKindOf(v)
  }
}

/** fmt's %v for float64: shortest 'g' formatting (exponent form when exp < -4 || exp >= 6). */
export function goFloat(f: number): string {
  if (Number.isNaN(f)) return 'NaN'
  if (!Number.isFinite(f)) return f > 0 ? '+Inf' : '-Inf'
  if (f === 0) return Object.is(f, -0) ? '-0' : '0'
  const [mant, expStr] = f.toExponential().split('e') as [string, string]
  const exp = Number(expStr)
  if (exp < -4 || exp >= 6) {
    const e = Math.abs(exp)
    return `${mant}e${exp < 0 ? '-' : '+'}${e < 10 ? '0' : ''}${e}`
  }
  return String(f)
}

/** fmt's %v. */
export function goSprintV(v: unknown): string {
  switch (goKindOf(v)) {
    case 'nil':
      return '<nil>'
    case 'map': {
      const m = v as Record<string, unknown>
      return `map[${Object.keys(m)
        .sort()
        .map((k) => `${k}:${goSprintV(m[k])}`)
        .join(' ')}]`
    }
    case 'slice':
      return `[${(v as unknown[]).map(goSprintV).join(' ')}]`
    case 'float64':
      return goFloat(v as number)
    default:
      return String(v)
  }
}

/** fmt's %s (strings verbatim, other scalars as `%!s(type=value)`). */
export function goSprintS(v: unknown): string {
  switch (goKindOf(v)) {
    case 'nil':
      return '%!s(<nil>)'
    case 'string':
      return v as string
    case 'map': {
      const m = v as Record<string, unknown>
      return `map[${Object.keys(m)
        .sort()
        .map((k) => `${k}:${goSprintS(m[k])}`)
        .join(' ')}]`
    }
    case 'slice':
      return `[${(v as unknown[]).map(goSprintS).join(' ')}]`
    case 'float64':
      return `%!s(float64=${goFloat(v as number)})`
    default:
      return `%!s(${goKindOf(v)}=${String(v)})`
  }
}
