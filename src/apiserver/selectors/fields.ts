// Port of k8s.io/apimachinery/pkg/fields/selector.go (v0.34.1): field-selector parsing, matching, String().
//
// As with label selectors, the apiserver turns a parse error of the `fieldSelector` query parameter into
// `errors.NewBadRequest(err.Error())` without any prefix (handlers/get.go ListResource → DecodeParameters →
// metav1.Convert_string_To_fields_Selector → fields.ParseSelector). Unknown keys are rejected afterwards by
// `opts.FieldSelector.Transform(scope.Convertor.ConvertFieldLabel)`, again as a bare BadRequest; for kinds
// without their own conversion func (and for ImageStream's fallback) the error comes from
// runtime.DefaultMetaV1FieldSelectorConversion:
//   fmt.Errorf("%q is not a known field selector: only %q, %q", label, "metadata.name", "metadata.namespace")
// Transform visits the terms in their parsed (sorted) order, so the first unknown key in that order is reported.
// fidelity: apiserver.field-selectors

import { errors, goQuote } from '../errors.js'

export type FieldOperator = '=' | '!='

export interface FieldRequirement {
  readonly field: string
  readonly operator: FieldOperator
  readonly value: string
}

export interface FieldSelector {
  readonly empty: boolean
  readonly requirements: ReadonlyArray<FieldRequirement>
  /** A missing field reads as "" (fields.Set.Get). */
  matches(fields: Record<string, string>): boolean
  requiresExactMatch(field: string): string | undefined
  toString(): string
}

/** fields.EscapeValue: `\` → `\\`, `,` → `\,`, `=` → `\=`. */
export function escapeFieldValue(s: string): string {
  return s.replace(/[\\,=]/g, (c) => '\\' + c)
}

class SelectorError extends Error {}

/** fields.UnescapeValue */
export function unescapeFieldValue(s: string): string {
  if (!/[\\,=]/.test(s)) return s
  let out = ''
  let inSlash = false
  for (const c of s) {
    if (inSlash) {
      if (c === '\\' || c === ',' || c === '=') out += c
      else throw new SelectorError(`invalid field selector: invalid escape sequence: \\${c}`)
      inSlash = false
      continue
    }
    if (c === '\\') inSlash = true
    else if (c === ',' || c === '=') {
      // UnescapedRune formats the rune with %v, i.e. as its decimal code point
      throw new SelectorError(`invalid field selector: unescaped character in value: ${c.codePointAt(0)}`)
    } else out += c
  }
  if (inSlash) throw new SelectorError('invalid field selector: invalid escape sequence: \\')
  return out
}

/** splitTerms: split on unescaped commas, keeping escapes in the terms. */
function splitTerms(sel: string): string[] {
  if (sel.length === 0) return []
  const terms: string[] = []
  let start = 0
  let inSlash = false
  for (let i = 0; i < sel.length; i++) {
    const c = sel[i]
    if (inSlash) inSlash = false
    else if (c === '\\') inSlash = true
    else if (c === ',') {
      terms.push(sel.slice(start, i))
      start = i + 1
    }
  }
  terms.push(sel.slice(start))
  return terms
}

const TERM_OPERATORS = ['!=', '==', '='] as const

/** splitTerm: the first occurrence of any operator (`!=` before `==` before `=` at each position). */
function splitTerm(term: string): { lhs: string; op: string; rhs: string } | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of TERM_OPERATORS) {
      if (term.startsWith(op, i)) return { lhs: term.slice(0, i), op, rhs: term.slice(i + op.length) }
    }
  }
  return undefined
}

/** Go string ordering (bytewise UTF-8) == code point order. */
function compareGo(a: string, b: string): number {
  const ia = a[Symbol.iterator]()
  const ib = b[Symbol.iterator]()
  for (;;) {
    const x = ia.next()
    const y = ib.next()
    if (x.done || y.done) return x.done && y.done ? 0 : x.done ? -1 : 1
    const cx = x.value.codePointAt(0)!
    const cy = y.value.codePointAt(0)!
    if (cx !== cy) return cx - cy
  }
}

function termString(r: FieldRequirement): string {
  return `${r.field}${r.operator}${escapeFieldValue(r.value)}`
}

function makeSelector(reqs: FieldRequirement[]): FieldSelector {
  const requirements = Object.freeze(reqs.map((r) => Object.freeze({ ...r })))
  return {
    empty: requirements.length === 0,
    requirements,
    matches(fields) {
      return requirements.every((r) => {
        const v = Object.prototype.hasOwnProperty.call(fields, r.field) ? (fields[r.field] ?? '') : ''
        return r.operator === '=' ? v === r.value : v !== r.value
      })
    },
    requiresExactMatch(field) {
      // andTerm.RequiresExactMatch: the first hasTerm on that field wins; notHasTerms never match.
      return requirements.find((r) => r.operator === '=' && r.field === field)?.value
    },
    toString: () => requirements.map(termString).join(','),
  }
}

/** fields.ParseSelector; throws errors.badRequest(<exact parser error>) on bad input. */
export function parseFieldSelector(s: string): FieldSelector {
  const parts = splitTerms(s).sort(compareGo)
  const reqs: FieldRequirement[] = []
  try {
    for (const part of parts) {
      if (part === '') continue
      const t = splitTerm(part)
      if (!t) throw new SelectorError(`invalid selector: '${s}'; can't understand '${part}'`)
      const value = unescapeFieldValue(t.rhs)
      reqs.push({ field: t.lhs, operator: t.op === '!=' ? '!=' : '=', value })
    }
  } catch (e) {
    if (e instanceof SelectorError) throw errors.badRequest(e.message)
    throw e
  }
  return makeSelector(reqs)
}

/** fields.Everything() */
export const EVERYTHING_FIELDS: FieldSelector = makeSelector([])

/**
 * The ConvertFieldLabel step of a LIST/WATCH: every term's key must be in `allowed`, otherwise 400 with the
 * message of runtime.DefaultMetaV1FieldSelectorConversion — which names only metadata.name and
 * metadata.namespace even when the kind allows more keys (ImageStream falls back to that function).
 */
export function checkFieldSelectorKeys(sel: FieldSelector, allowed: readonly string[], message?: (field: string) => string): void {
  for (const r of sel.requirements) {
    if (!allowed.includes(r.field)) {
      throw errors.badRequest(
        message ? message(r.field) : `${goQuote(r.field)} is not a known field selector: only ${goQuote('metadata.name')}, ${goQuote('metadata.namespace')}`,
      )
    }
  }
}
