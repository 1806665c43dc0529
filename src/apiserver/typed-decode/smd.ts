// Scalar / map / list typing of an applied configuration as structured-merge-diff checks it when it builds the
// typed patch object (sigs.k8s.io/structured-merge-diff typed/validate.go validateScalar, typed/helpers.go
// listValue / mapValue). Values are *value.valueUnstructured wrappers, so fmt renders them as `&{x}` (%v) and
// `&value.valueUnstructured{Value:"x"}` (%#v); numbers come from sigs.k8s.io/yaml (float64).

import { goFloat, goSprintV, goTypeName } from '../patch/go-fmt.js'
import { goStrconvQuote } from '../patch/go-json.js'
import type { GoType } from './go-types.js'

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** fmt's %#v of a decoded JSON value. */
export function goSharpV(v: unknown): string {
  if (v === null || v === undefined) return 'interface {}(nil)'
  if (typeof v === 'string') return goStrconvQuote(v)
  if (typeof v === 'number') return goFloat(v)
  if (typeof v === 'boolean') return String(v)
  if (Array.isArray(v)) return `[]interface {}{${v.map(goSharpV).join(', ')}}`
  const m = v as Record<string, unknown>
  return `map[string]interface {}{${Object.keys(m)
    .sort()
    .map((k) => `${goStrconvQuote(k)}:${goSharpV(m[k])}`)
    .join(', ')}}`
}

/** The ValidationError message for a value of the wrong kind at a field of Go type `t`, or undefined. */
export function smdTypeMismatch(v: unknown, t: GoType): string | undefined {
  if (v === null || v === undefined) return undefined
  switch (t.kind) {
    case 'raw':
      return undefined
    case 'struct':
    case 'map':
      return isObj(v) ? undefined : `expected map, got &{${goSprintV(v)}}`
    case 'slice':
      return Array.isArray(v) ? undefined : `expected list, got &{${goSprintV(v)}}`
    case 'string':
    case 'time':
    case 'bytes':
      return typeof v === 'string' ? undefined : `expected string, got &value.valueUnstructured{Value:${goSharpV(v)}}`
    case 'bool':
      return typeof v === 'boolean' ? undefined : `expected boolean, got &{${goSprintV(v)}}`
    case 'int':
    case 'float':
      return typeof v === 'number' ? undefined : `expected numeric (int or float), got ${goTypeName(v)}`
  }
}
