// Port of k8s.io/apimachinery/pkg/labels/selector.go (v0.34.1, as vendored by openshift-apiserver):
// the label-selector lexer, parser, Requirement validation, matching and String().
//
// How the apiserver reports a bad `labelSelector` query parameter (read from the source):
//   handlers/get.go ListResource → metainternalversionscheme.ParameterCodec.DecodeParameters(query, …, &opts)
//   → runtime.parameterCodec.DecodeParameters → Scheme.Convert → Convert_v1_ListOptions_To_internalversion_ListOptions
//   → metav1.Convert_string_To_labels_Selector → labels.Parse, whose error is returned unwrapped by every layer;
//   the handler then does `errors.NewBadRequest(err.Error())`. So the 400 message is exactly the parser's error
//   text (e.g. `unable to parse requirement: found 'bar' expected: '('`), with no prefix. parseLabelSelector
//   therefore throws errors.badRequest(<parser error>).
//
// Details kept from Go: the lexer works byte-wise and treats a NUL byte as end of input; `in`/`notin` are
// plain identifiers in value position; set values are de-duplicated and sorted (sets.String.List()); the
// requirements are sorted by key (Go uses sort.Sort, which is stable for the <=12 requirements it sorts with
// insertion sort; a stable sort is used here for all sizes); v0.34.1's `(a,,b)` handling (the second comma is
// consumed) is reproduced, so `x in (a,,)` is an error there as here.
// fidelity: apiserver.label-selectors

import { aggregateMessage, errors, fe, fieldErrorString, type FieldError } from '../errors.js'
import { isQualifiedName, isValidLabelValue } from '../validation.js'

export type LabelOperator = 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!' | 'gt' | 'lt'

export interface LabelRequirement {
  readonly key: string
  readonly operator: LabelOperator
  readonly values: readonly string[]
}

export interface LabelSelector {
  readonly empty: boolean
  readonly requirements: ReadonlyArray<LabelRequirement>
  matches(labels: Record<string, string> | undefined | null): boolean
  /** labels.Selector.RequiresExactMatch */
  requiresExactMatch(label: string): string | undefined
  toString(): string
}

const BINARY_OPERATORS: LabelOperator[] = ['in', 'notin', '=', '==', '!=', 'gt', 'lt']

// ---------------------------------------------------------------------------------------------------
// Lexer

// Token numbering as in Go (ErrorToken = 0).
const enum Tok { Error, EndOfString, ClosedPar, Comma, DoesNotExist, DoubleEquals, Equals, GreaterThan, Identifier, In, LessThan, NotEquals, NotIn, OpenPar }

// string2token
const STRING2TOKEN: Record<string, Tok> = {
  ')': Tok.ClosedPar, ',': Tok.Comma, '!': Tok.DoesNotExist, '==': Tok.DoubleEquals, '=': Tok.Equals, '>': Tok.GreaterThan,
  in: Tok.In, '<': Tok.LessThan, '!=': Tok.NotEquals, notin: Tok.NotIn, '(': Tok.OpenPar,
}

const tokenFor = (s: string): Tok | undefined => (Object.prototype.hasOwnProperty.call(STRING2TOKEN, s) ? STRING2TOKEN[s] : undefined)

const isWhitespace = (ch: string) => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n'
const isSpecialSymbol = (ch: string) => '=!(),><'.includes(ch) && ch !== ''
const NUL = '\0'

interface Item {
  tok: Tok
  lit: string
}

class Lexer {
  private pos = 0
  constructor(private readonly s: string) {}

  private read(): string {
    if (this.pos < this.s.length) return this.s[this.pos++]!
    return NUL
  }

  private unread(): void {
    this.pos--
  }

  private scanIDOrKeyword(): Item {
    let buf = ''
    for (;;) {
      const ch = this.read()
      if (ch === NUL) break
      if (isSpecialSymbol(ch) || isWhitespace(ch)) {
        this.unread()
        break
      }
      buf += ch
    }
    const t = tokenFor(buf)
    return t !== undefined ? { tok: t, lit: buf } : { tok: Tok.Identifier, lit: buf }
  }

  private scanSpecialSymbol(): Item {
    let last: Item | undefined
    let buf = ''
    for (;;) {
      const ch = this.read()
      if (ch === NUL) break
      if (!isSpecialSymbol(ch)) {
        this.unread()
        break
      }
      buf += ch
      const t = tokenFor(buf)
      if (t !== undefined) last = { tok: t, lit: buf }
      else if (last) {
        this.unread()
        break
      }
    }
    return last ?? { tok: Tok.Error, lit: `error expected: keyword found '${buf}'` }
  }

  lex(): Item {
    let ch = this.read()
    while (isWhitespace(ch)) ch = this.read()
    if (ch === NUL) return { tok: Tok.EndOfString, lit: '' }
    this.unread()
    return isSpecialSymbol(ch) ? this.scanSpecialSymbol() : this.scanIDOrKeyword()
  }
}

// ---------------------------------------------------------------------------------------------------
// Requirement validation (NewRequirement) — errors are returned as field errors to aggregate.

/** strconv.ParseInt(s, 10, 64) */
function parseInt64(s: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined
  const v = BigInt(s)
  return v >= -(1n << 63n) && v <= (1n << 63n) - 1n ? v : undefined
}

function validateLabelKey(k: string, path: string): FieldError | undefined {
  const errs = isQualifiedName(k)
  return errs.length ? fe.invalid(path, k, errs.join('; ')) : undefined
}

function newRequirement(key: string, op: LabelOperator, vals: string[]): LabelRequirement {
  const errs: FieldError[] = []
  const keyErr = validateLabelKey(key, 'key')
  if (keyErr) errs.push(keyErr)
  switch (op) {
    case 'in':
    case 'notin':
      if (vals.length === 0) errs.push(fe.invalid('values', vals, "for 'in', 'notin' operators, values set can't be empty"))
      break
    case '=':
    case '==':
    case '!=':
      if (vals.length !== 1) errs.push(fe.invalid('values', vals, 'exact-match compatibility requires one single value'))
      break
    case 'exists':
    case '!':
      if (vals.length !== 0) errs.push(fe.invalid('values', vals, 'values set must be empty for exists and does not exist'))
      break
    case 'gt':
    case 'lt':
      if (vals.length !== 1) errs.push(fe.invalid('values', vals, "for 'Gt', 'Lt' operators, exactly one value is required"))
      vals.forEach((v, i) => {
        if (parseInt64(v) === undefined) errs.push(fe.invalid(`values[${i}]`, v, "for 'Gt', 'Lt' operators, the value must be an integer"))
      })
      break
  }
  vals.forEach((v, i) => {
    const msgs = isValidLabelValue(v)
    if (msgs.length) errs.push(fe.invalid(`values[${i}][${key}]`, v, msgs.join('; ')))
  })
  if (errs.length) throw new ParseError(aggregateMessage(errs))
  return { key, operator: op, values: vals }
}

class ParseError extends Error {}

// ---------------------------------------------------------------------------------------------------
// Parser

const enum Ctx { KeyAndOperator, Values }

const BINARY_OPERATOR_TOKENS = new Map<Tok, LabelOperator>([
  [Tok.In, 'in'], [Tok.Equals, '='], [Tok.DoubleEquals, '=='], [Tok.GreaterThan, 'gt'], [Tok.LessThan, 'lt'], [Tok.NotIn, 'notin'], [Tok.NotEquals, '!='],
])

/** sets.String → List(): de-duplicated, sorted. */
const setList = (s: Set<string>): string[] => [...s].sort()

class Parser {
  private items: Item[] = []
  private position = 0
  constructor(private readonly lexer: Lexer) {}

  private mapTok(it: Item, ctx: Ctx): Item {
    if (ctx === Ctx.Values && (it.tok === Tok.In || it.tok === Tok.NotIn)) return { tok: Tok.Identifier, lit: it.lit }
    return it
  }
  private lookahead(ctx: Ctx): Item {
    return this.mapTok(this.items[this.position]!, ctx)
  }
  private consume(ctx: Ctx): Item {
    return this.mapTok(this.items[this.position++]!, ctx)
  }

  parse(): LabelRequirement[] {
    for (;;) {
      const it = this.lexer.lex()
      this.items.push(it)
      if (it.tok === Tok.EndOfString) break
    }
    const reqs: LabelRequirement[] = []
    for (;;) {
      const { tok, lit } = this.lookahead(Ctx.Values)
      switch (tok) {
        case Tok.Identifier:
        case Tok.DoesNotExist: {
          try {
            reqs.push(this.parseRequirement())
          } catch (e) {
            if (e instanceof ParseError) throw new ParseError(`unable to parse requirement: ${e.message}`)
            throw e
          }
          const t = this.consume(Ctx.Values)
          if (t.tok === Tok.EndOfString) return reqs
          if (t.tok === Tok.Comma) {
            const t2 = this.lookahead(Ctx.Values)
            if (t2.tok !== Tok.Identifier && t2.tok !== Tok.DoesNotExist) {
              throw new ParseError(`found '${t2.lit}', expected: identifier after ','`)
            }
            break
          }
          throw new ParseError(`found '${t.lit}', expected: ',' or 'end of string'`)
        }
        case Tok.EndOfString:
          return reqs
        default:
          throw new ParseError(`found '${lit}', expected: !, identifier, or 'end of string'`)
      }
    }
  }

  private parseRequirement(): LabelRequirement {
    const { key, operator } = this.parseKeyAndInferOperator()
    if (operator === 'exists' || operator === '!') return newRequirement(key, operator, [])
    const op = this.parseOperator()
    const values = op === 'in' || op === 'notin' ? this.parseValues() : this.parseExactValue()
    return newRequirement(key, op, setList(values))
  }

  private parseKeyAndInferOperator(): { key: string; operator: LabelOperator | '' } {
    let operator: LabelOperator | '' = ''
    let it = this.consume(Ctx.Values)
    if (it.tok === Tok.DoesNotExist) {
      operator = '!'
      it = this.consume(Ctx.Values)
    }
    if (it.tok !== Tok.Identifier) throw new ParseError(`found '${it.lit}', expected: identifier`)
    const keyErr = validateLabelKey(it.lit, '<nil>') // the parser's field path is nil → "<nil>"
    if (keyErr) throw new ParseError(fieldErrorString(keyErr))
    const t = this.lookahead(Ctx.Values).tok
    if ((t === Tok.EndOfString || t === Tok.Comma) && operator !== '!') operator = 'exists'
    return { key: it.lit, operator }
  }

  private parseOperator(): LabelOperator {
    const { tok, lit } = this.consume(Ctx.KeyAndOperator)
    // DoesNotExistToken is not accepted here: it is a unary operator
    const op = BINARY_OPERATOR_TOKENS.get(tok)
    if (op === undefined) throw new ParseError(`found '${lit}', expected: ${BINARY_OPERATORS.join(', ')}`)
    return op
  }

  private parseValues(): Set<string> {
    let { tok, lit } = this.consume(Ctx.Values)
    if (tok !== Tok.OpenPar) throw new ParseError(`found '${lit}' expected: '('`)
    ;({ tok, lit } = this.lookahead(Ctx.Values))
    switch (tok) {
      case Tok.Identifier:
      case Tok.Comma: {
        const s = this.parseIdentifiersList()
        if (this.consume(Ctx.Values).tok !== Tok.ClosedPar) throw new ParseError(`found '${lit}', expected: ')'`)
        return s
      }
      case Tok.ClosedPar:
        this.consume(Ctx.Values)
        return new Set([''])
      default:
        throw new ParseError(`found '${lit}', expected: ',', ')' or identifier`)
    }
  }

  private parseIdentifiersList(): Set<string> {
    const s = new Set<string>()
    for (;;) {
      const { tok, lit } = this.consume(Ctx.Values)
      switch (tok) {
        case Tok.Identifier: {
          s.add(lit)
          const t2 = this.lookahead(Ctx.Values)
          if (t2.tok === Tok.Comma) continue
          if (t2.tok === Tok.ClosedPar) return s
          throw new ParseError(`found '${t2.lit}', expected: ',' or ')'`)
        }
        case Tok.Comma: {
          if (s.size === 0) s.add('') // to handle "(,"
          const t2 = this.lookahead(Ctx.Values).tok
          if (t2 === Tok.ClosedPar) {
            s.add('') // to handle ",)"
            return s
          }
          if (t2 === Tok.Comma) {
            this.consume(Ctx.Values) // v0.34.1 consumes the second comma of ",,"
            s.add('')
          }
          break
        }
        default:
          throw new ParseError(`found '${lit}', expected: ',', or identifier`)
      }
    }
  }

  private parseExactValue(): Set<string> {
    const la = this.lookahead(Ctx.Values).tok
    if (la === Tok.EndOfString || la === Tok.Comma) return new Set([''])
    const { tok, lit } = this.consume(Ctx.Values)
    if (tok === Tok.Identifier) return new Set([lit])
    throw new ParseError(`found '${lit}', expected: identifier`)
  }
}

// ---------------------------------------------------------------------------------------------------
// Matching and printing

function lookup(labels: Record<string, string> | undefined | null, key: string): string | undefined {
  return labels && Object.prototype.hasOwnProperty.call(labels, key) ? labels[key] : undefined
}

/** Requirement.Matches */
export function requirementMatches(r: LabelRequirement, labels: Record<string, string> | undefined | null): boolean {
  const val = lookup(labels, r.key)
  switch (r.operator) {
    case 'in':
    case '=':
    case '==':
      return val !== undefined && r.values.includes(val)
    case 'notin':
    case '!=':
      return val === undefined || !r.values.includes(val)
    case 'exists':
      return val !== undefined
    case '!':
      return val === undefined
    case 'gt':
    case 'lt': {
      if (val === undefined) return false
      const lv = parseInt64(val)
      if (lv === undefined || r.values.length !== 1) return false
      const rv = parseInt64(r.values[0]!)
      if (rv === undefined) return false
      return r.operator === 'gt' ? lv > rv : lv < rv
    }
  }
}

const OP_TEXT: Record<LabelOperator, string> = { '=': '=', '==': '==', '!=': '!=', in: ' in ', notin: ' notin ', gt: '>', lt: '<', exists: '', '!': '' }

/** Requirement.String */
export function requirementString(r: LabelRequirement): string {
  let s = (r.operator === '!' ? '!' : '') + r.key
  if (r.operator === 'exists' || r.operator === '!') return s
  s += OP_TEXT[r.operator]
  const set = r.operator === 'in' || r.operator === 'notin'
  if (set) s += '('
  s += r.values.length === 1 ? r.values[0] : [...r.values].sort().join(',')
  if (set) s += ')'
  return s
}

function makeSelector(reqs: LabelRequirement[]): LabelSelector {
  const requirements = Object.freeze(reqs.map((r) => Object.freeze({ ...r, values: Object.freeze([...r.values]) })))
  return {
    empty: requirements.length === 0,
    requirements,
    matches: (labels) => requirements.every((r) => requirementMatches(r, labels)),
    requiresExactMatch(label) {
      const r = requirements.find((x) => x.key === label)
      if (!r) return undefined
      return (r.operator === '=' || r.operator === '==' || r.operator === 'in') && r.values.length === 1 ? r.values[0] : undefined
    },
    toString: () => requirements.map(requirementString).join(','),
  }
}

/** labels.Parse; throws errors.badRequest(<exact parser error>) on bad input. */
export function parseLabelSelector(s: string): LabelSelector {
  let reqs: LabelRequirement[]
  try {
    reqs = new Parser(new Lexer(s)).parse()
  } catch (e) {
    if (e instanceof ParseError) throw errors.badRequest(e.message)
    throw e
  }
  // sort.Sort(ByKey(items)); byte order == code-unit order for the (ASCII) keys that pass validation
  reqs = reqs.map((r, i) => ({ r, i })).sort((a, b) => (a.r.key < b.r.key ? -1 : a.r.key > b.r.key ? 1 : a.i - b.i)).map((x) => x.r)
  return makeSelector(reqs)
}

/** labels.Everything() */
export const EVERYTHING: LabelSelector = makeSelector([])
