// Nesting limits for request bodies, applied to the text before any recursive code sees it.
//
// The real server's decoders are recursive Go code on growable stacks; their limits are:
//   * JSON: the encoding/json scanner (as forked in sigs.k8s.io/json, scanner.go) refuses a value nested
//     deeper than 10000 levels — `invalid character '[' exceeded max depth`;
//   * YAML: go-yaml v2 (go.yaml.in/yaml/v2 scannerc.go, used by sigs.k8s.io/yaml) refuses more than 10000
//     flow levels (`max_flow_level`) or indentation levels (`max_indents`) — `yaml: line N: exceeded max
//     depth of 10000`.
// Our parsers and walkers recurse on a fixed JavaScript stack, so a body nested deeper than FOLD_DEPTH (but
// within the real limits) is *folded*: every array or object opened deeper than FOLD_DEPTH is replaced by
// an empty one of the same kind. No kind this server decodes has a typed field that deep, so what is
// folded can only sit in an unknown field or an opaque one, which the typed decoder drops — the answer is
// the real one (status, warnings, stored object). Only echoes of the body (the patched object printed in a
// Strict patch error) show the folded value.
// Approximation (YAML only): block (indentation) nesting deeper than YAML_BLOCK_LIMIT is refused with
// `yaml: line N: exceeded max depth of 100`; the real server accepts up to 10000 levels. JSON nesting is
// accepted up to the real limit.
// fidelity: apiserver.body-limits

import { goJsonSyntaxError } from './patch/go-json-scanner.js'

/** encoding/json scanner maxNestingDepth. */
export const MAX_JSON_DEPTH = 10000
/** go-yaml v2 max_flow_level and max_indents. */
export const MAX_YAML_DEPTH = 10000
/** Arrays and objects opened deeper than this are folded to empty ones (far beyond any typed field). */
export const FOLD_DEPTH = 100
/** Block (indentation) levels of YAML the fake parses; deeper is refused (the real server allows 10000). */
export const YAML_BLOCK_LIMIT = 100

const encoder = new TextEncoder()

// A body is checked for depth before parsing and again when folding: the last answer is kept (for bodies
// up to 64 KiB, so that no large text outlives its request).
let lastText: string | undefined
let lastDepth = 0

/** The deepest nesting of arrays/objects in a JSON text (strings skipped; the text need not be valid). */
export function jsonDepth(text: string): number {
  if (text === lastText) return lastDepth
  const depth = scanDepth(text)
  if (text.length <= 65536) {
    lastText = text
    lastDepth = depth
  }
  return depth
}

/** The index of the quote closing the JSON string opened at `open` (text.length if it never closes). */
function closingQuote(text: string, open: number): number {
  let i = open + 1
  for (; i < text.length; i++) {
    const d = text.charCodeAt(i)
    if (d === 0x5c) i++
    else if (d === 0x22) break
  }
  return i
}

function scanDepth(text: string): number {
  let depth = 0
  let max = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x22) i = closingQuote(text, i)
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) max = depth
    } else if (c === 0x5d || c === 0x7d) depth--
  }
  return max
}

/**
 * The Go decoder's syntax error for a JSON text nested deeper than FOLD_DEPTH (e.g. `invalid character '['
 * exceeded max depth`), undefined when it is shallow or valid. Shallow texts are left to the usual parsers.
 */
export function deepJsonSyntaxError(text: string): string | undefined {
  if (jsonDepth(text) <= FOLD_DEPTH) return undefined
  return goJsonSyntaxError(encoder.encode(text))
}

/** Replace arrays/objects opened deeper than `limit` with empty ones; only valid JSON within MAX_JSON_DEPTH is folded. */
export function foldDeepJson(text: string, limit = FOLD_DEPTH): string {
  const max = jsonDepth(text)
  if (max <= limit || max > MAX_JSON_DEPTH || goJsonSyntaxError(encoder.encode(text))) return text
  let out = ''
  let from = 0
  let depth = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x22) i = closingQuote(text, i)
    else if (c === 0x5b || c === 0x7b) {
      depth++
      if (depth > limit) {
        // Skip to the matching close (valid JSON: brackets balance outside strings).
        const start = i
        let inner = 1
        for (i++; inner > 0; i++) {
          const d = text.charCodeAt(i)
          if (d === 0x22) i = closingQuote(text, i)
          else if (d === 0x5b || d === 0x7b) inner++
          else if (d === 0x5d || d === 0x7d) inner--
        }
        i-- // at the matching close
        out += text.slice(from, start) + (c === 0x5b ? '[]' : '{}')
        from = i + 1
        depth--
      }
    } else if (c === 0x5d || c === 0x7d) depth--
  }
  return out + text.slice(from)
}

export interface YamlDepth {
  /** Deepest flow ([ ] { }) nesting and the 1-based line where it was first passed beyond MAX_YAML_DEPTH. */
  flow: number
  flowLine: number
  /** Estimated block nesting (indentation columns + compact `- `/`? ` indicators) and its line. */
  block: number
  blockLine: number
}

/**
 * Flow and block nesting of a YAML text, iteratively (quoted scalars and comments skipped). The flow count
 * is exact for JSON-like flow collections; brackets inside plain scalars are counted too (an over-estimate).
 */
export function yamlDepth(text: string): YamlDepth {
  const r: YamlDepth = { flow: 0, flowLine: 0, block: 0, blockLine: 0 }
  let flow = 0
  let line = 1
  let lineStart = true
  const indents: number[] = []
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (lineStart && flow === 0) {
      // Block structure: indentation column plus compact indicators (`- - x`, `? - x`).
      let col = 0
      let j = i
      while (j < text.length && text[j] === ' ') j++
      col = j - i
      while (indents.length && indents[indents.length - 1]! >= col) indents.pop()
      if (j < text.length && text[j] !== '\n' && text[j] !== '#') indents.push(col)
      // The first indicator sits at the indentation just counted; each further one opens a level.
      let level = indents.length - 1
      while ((text[j] === '-' || text[j] === '?') && (text[j + 1] === ' ' || text[j + 1] === '\n' || j + 1 === text.length)) {
        level++
        j += 2
        while (text[j] === ' ') j++
      }
      level = Math.max(level, indents.length)
      if (level > r.block) {
        r.block = level
        r.blockLine = line
      }
    }
    lineStart = false
    if (c === '\n') {
      line++
      lineStart = true
    } else if (c === '#' && (i === 0 || text[i - 1] === ' ' || text[i - 1] === '\t' || text[i - 1] === '\n')) {
      while (i + 1 < text.length && text[i + 1] !== '\n') i++
    } else if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) {
        if (text[i] === '\\') i++
        else if (text[i] === '\n') line++
      }
    } else if (c === "'") {
      for (i++; i < text.length; i++) {
        if (text[i] === "'") {
          if (text[i + 1] === "'") i++
          else break
        } else if (text[i] === '\n') line++
      }
    } else if (c === '[' || c === '{') {
      flow++
      if (flow > r.flow) {
        r.flow = flow
        if (flow === MAX_YAML_DEPTH + 1) r.flowLine = line
      }
    } else if ((c === ']' || c === '}') && flow > 0) flow--
  }
  return r
}

/**
 * go-yaml's error for a YAML text nested beyond its limits (our block limit included), without the
 * `error converting YAML to JSON: ` prefix, or undefined.
 */
export function yamlDepthError(text: string): string | undefined {
  const d = yamlDepth(text)
  // yaml_parser.fail: a scanner error on the first line has no `line N: ` part.
  const where = (line: number) => (line > 1 ? `line ${line}: ` : '')
  if (d.flow > MAX_YAML_DEPTH) return `yaml: ${where(d.flowLine)}exceeded max depth of ${MAX_YAML_DEPTH}`
  if (d.block > YAML_BLOCK_LIMIT) return `yaml: ${where(d.blockLine)}exceeded max depth of ${YAML_BLOCK_LIMIT}`
  return undefined
}

/** Fold YAML flow collections opened deeper than `limit` flow levels to `[]` / `{}` (texts beyond the limits are left alone). */
export function foldDeepYaml(text: string, limit = FOLD_DEPTH): string {
  const d = yamlDepth(text)
  if (d.flow <= limit || d.flow > MAX_YAML_DEPTH || d.block > YAML_BLOCK_LIMIT) return text
  let out = ''
  let from = 0
  let flow = 0
  let foldStart = -1
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (c === '#' && (i === 0 || text[i - 1] === ' ' || text[i - 1] === '\t' || text[i - 1] === '\n')) {
      while (i + 1 < text.length && text[i + 1] !== '\n') i++
    } else if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++
    } else if (c === "'") {
      for (i++; i < text.length; i++) {
        if (text[i] === "'") {
          if (text[i + 1] === "'") i++
          else break
        }
      }
    } else if (c === '[' || c === '{') {
      flow++
      if (flow === limit + 1) foldStart = i
    } else if ((c === ']' || c === '}') && flow > 0) {
      if (flow === limit + 1 && foldStart >= 0) {
        out += text.slice(from, foldStart) + (text[foldStart] === '[' ? '[]' : '{}')
        from = i + 1
        foldStart = -1
      }
      flow--
    }
  }
  if (foldStart >= 0) return text // unbalanced: leave it to the parser's error
  return out + text.slice(from)
}
