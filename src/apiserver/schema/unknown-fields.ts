// fieldValidation support (k8s.io/apiserver/pkg/endpoints/handlers/rest.go fieldValidation): find the unknown
// and duplicate fields the real server's strict JSON decoder (sigs.k8s.io/json UnmarshalStrict into the typed
// Go object) would report.
//
// Path rules, as the Go decoder builds them: object keys joined with ".", list indexes as "[i]", map keys
// (labels, ImageStreamLayers.blobs, …) appended like field names. The value of an unknown field is skipped
// (nothing inside it is reported); subtrees typed as RawExtension / free-form objects
// (`x-kubernetes-preserve-unknown-fields`) are opaque. Every problem is reported once per path, at most 100.

import { resolveSchema, type OpenAPISchema, type SchemaRegistry } from '../schema-types.js'

export type StrictFieldIssueType = 'unknown field' | 'duplicate field'

export interface StrictFieldIssue {
  type: StrictFieldIssueType
  path: string
}

/** The Go decoder keeps at most this many strict errors. */
export const MAX_STRICT_ISSUES = 100

const TOP_LEVEL_ALLOWED = new Set(['kind', 'apiVersion'])

/** How an object value is decoded under a schema. */
type ObjectShape =
  | { kind: 'struct'; properties: Record<string, OpenAPISchema> }
  | { kind: 'map'; values: OpenAPISchema }
  | { kind: 'opaque' } // free-form / preserve-unknown-fields / unresolvable: nothing inside is checked
  | { kind: 'mismatch' } // schema does not describe an object: a type error, nothing inside is checked

/** Follow `$ref` / single `allOf` wrappers, remembering a preserve-unknown-fields flag met on the way. */
function resolve(registry: SchemaRegistry, s: OpenAPISchema | undefined): { schema?: OpenAPISchema; preserve: boolean } {
  let preserve = false
  const schema = resolveSchema(registry, s, (step) => {
    if (step['x-kubernetes-preserve-unknown-fields'] === true) preserve = true
  })
  return { schema, preserve }
}

function objectShapeOf(registry: SchemaRegistry, s: OpenAPISchema | undefined): ObjectShape {
  const { schema, preserve } = resolve(registry, s)
  if (!schema || preserve) return { kind: 'opaque' }
  if (schema.properties) return { kind: 'struct', properties: schema.properties }
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
    return { kind: 'map', values: schema.additionalProperties }
  }
  if (schema.type === undefined || schema.type === 'object') return { kind: 'opaque' }
  return { kind: 'mismatch' }
}

/** Item schema when `s` describes a list, else undefined (a JSON array there is a type error). */
function arrayItemsOf(registry: SchemaRegistry, s: OpenAPISchema | undefined): { items?: OpenAPISchema; ok: boolean } {
  const { schema, preserve } = resolve(registry, s)
  if (!schema || preserve) return { ok: false }
  if (schema.type === 'array' || schema.items) return { items: schema.items, ok: true }
  return { ok: false }
}

// Schemas and registries are built once and never change: what a schema resolves to is remembered.
const OPAQUE: ObjectShape = { kind: 'opaque' }
const NOT_A_LIST = { ok: false }
const shapes = new WeakMap<SchemaRegistry, WeakMap<OpenAPISchema, ObjectShape>>()
const lists = new WeakMap<SchemaRegistry, WeakMap<OpenAPISchema, { items?: OpenAPISchema; ok: boolean }>>()

function cached<T>(caches: WeakMap<SchemaRegistry, WeakMap<OpenAPISchema, T>>, registry: SchemaRegistry, s: OpenAPISchema, make: () => T): T {
  let byRegistry = caches.get(registry)
  if (!byRegistry) caches.set(registry, (byRegistry = new WeakMap()))
  let v = byRegistry.get(s)
  if (v === undefined) byRegistry.set(s, (v = make()))
  return v
}

function objectShape(registry: SchemaRegistry, s: OpenAPISchema | undefined): ObjectShape {
  return s ? cached(shapes, registry, s, () => objectShapeOf(registry, s)) : OPAQUE
}

function arrayItems(registry: SchemaRegistry, s: OpenAPISchema | undefined): { items?: OpenAPISchema; ok: boolean } {
  return s ? cached(lists, registry, s, () => arrayItemsOf(registry, s)) : NOT_A_LIST
}

const joinKey = (path: string, key: string): string => (path ? `${path}.${key}` : key)
const joinIndex = (path: string, i: number): string => `${path}[${i}]`

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/**
 * Paths of the fields in an already-parsed body that the schema does not declare, in document (key) order,
 * e.g. `spec.foo`, `spec.tags[0].foo`, `metadata.labels` values are checked by their value schema.
 * `kind`/`apiVersion` at the top level are always allowed.
 */
export function findUnknownFields(obj: unknown, schema: OpenAPISchema, registry: SchemaRegistry): string[] {
  const out: string[] = []
  // The path as a chain of steps, made into text only for a field that is reported.
  interface Step {
    up: Step | undefined
    key: string | number
  }
  const text = (at: Step | undefined, key: string): string => {
    const parts: Array<string | number> = [key]
    for (let s = at; s; s = s.up) parts.push(s.key)
    let path = ''
    for (let i = parts.length - 1; i >= 0; i--) {
      const p = parts[i]!
      path = typeof p === 'number' ? joinIndex(path, p) : joinKey(path, p)
    }
    return path
  }
  const walk = (value: unknown, s: OpenAPISchema | undefined, at: Step | undefined, top: boolean): void => {
    if (out.length >= MAX_STRICT_ISSUES) return
    if (Array.isArray(value)) {
      const { items, ok } = arrayItems(registry, s)
      if (!ok) return
      for (let i = 0; i < value.length; i++) walk(value[i], items, { up: at, key: i }, false)
      return
    }
    if (!isPlainObject(value)) return
    const shape = objectShape(registry, s)
    if (shape.kind === 'map') {
      for (const k of Object.keys(value)) walk(value[k], shape.values, { up: at, key: k }, false)
      return
    }
    if (shape.kind !== 'struct') return
    for (const k of Object.keys(value)) {
      const prop = Object.prototype.hasOwnProperty.call(shape.properties, k) ? shape.properties[k] : undefined
      if (prop) walk(value[k], prop, { up: at, key: k }, false)
      else if (!(top && TOP_LEVEL_ALLOWED.has(k))) {
        if (out.length < MAX_STRICT_ISSUES) out.push(text(at, k))
      }
    }
  }
  walk(obj, schema, undefined, true)
  return out
}

// ------------------------------------------------------------------------------------------------
// Raw JSON text walk (duplicates can only be seen before parsing).

class JsonSyntaxError extends Error {}

const LITERAL = /true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y

/** How a value is being decoded: against a schema, generically (no schema: every object is a map), or skipped. */
type Mode = { kind: 'schema'; schema: OpenAPISchema | undefined } | { kind: 'generic' } | { kind: 'skip' }

class StrictScanner {
  private pos = 0
  readonly issues: StrictFieldIssue[] = []
  private readonly seen = new Set<string>()

  constructor(
    private readonly text: string,
    private readonly registry: SchemaRegistry,
  ) {}

  run(mode: Mode): void {
    this.ws()
    this.value(mode, '', true)
    this.ws()
    if (this.pos !== this.text.length) this.fail()
  }

  private report(type: StrictFieldIssueType, path: string): void {
    const id = `${type}\u0000${path}`
    if (this.seen.has(id) || this.issues.length >= MAX_STRICT_ISSUES) return
    this.seen.add(id)
    this.issues.push({ type, path })
  }

  private fail(): never {
    throw new JsonSyntaxError(`invalid JSON at offset ${this.pos}`)
  }

  private ws(): void {
    const t = this.text
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos)
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) this.pos++
      else break
    }
  }

  private value(mode: Mode, path: string, top: boolean): void {
    const c = this.text[this.pos]
    if (c === '{') this.object(mode, path, top)
    else if (c === '[') this.array(mode, path)
    else if (c === '"') this.string()
    else this.literal()
  }

  private array(mode: Mode, path: string): void {
    let itemMode: Mode = { kind: 'skip' }
    if (mode.kind === 'generic') itemMode = mode
    else if (mode.kind === 'schema') {
      const { items, ok } = arrayItems(this.registry, mode.schema)
      if (ok) itemMode = { kind: 'schema', schema: items }
    }
    this.pos++ // [
    this.ws()
    if (this.text[this.pos] === ']') {
      this.pos++
      return
    }
    for (let i = 0; ; i++) {
      this.ws()
      this.value(itemMode, joinIndex(path, i), false)
      this.ws()
      const c = this.text[this.pos++]
      if (c === ']') return
      if (c !== ',') this.fail()
    }
  }

  private object(mode: Mode, path: string, top: boolean): void {
    let shape: ObjectShape | { kind: 'generic' } | { kind: 'skip' }
    if (mode.kind === 'schema') shape = objectShape(this.registry, mode.schema)
    else shape = mode
    const keys = new Set<string>()
    this.pos++ // {
    this.ws()
    if (this.text[this.pos] === '}') {
      this.pos++
      return
    }
    for (;;) {
      this.ws()
      if (this.text[this.pos] !== '"') this.fail()
      const key = this.string()
      this.ws()
      if (this.text[this.pos++] !== ':') this.fail()
      this.ws()
      const childPath = joinKey(path, key)
      let child: Mode = { kind: 'skip' }
      switch (shape.kind) {
        case 'generic':
        case 'map':
          if (keys.has(key)) this.report('duplicate field', childPath)
          keys.add(key)
          child = shape.kind === 'generic' ? shape : { kind: 'schema', schema: shape.values }
          break
        case 'struct': {
          const prop = Object.prototype.hasOwnProperty.call(shape.properties, key) ? shape.properties[key] : undefined
          if (prop || (top && TOP_LEVEL_ALLOWED.has(key))) {
            if (keys.has(key)) this.report('duplicate field', childPath)
            keys.add(key)
            child = { kind: 'schema', schema: prop ?? { type: 'string' } }
          } else {
            this.report('unknown field', childPath)
          }
          break
        }
        default:
          break // opaque, mismatch, skip: nothing inside is checked
      }
      this.value(child, childPath, false)
      this.ws()
      const c = this.text[this.pos++]
      if (c === '}') return
      if (c !== ',') this.fail()
    }
  }

  /** Reads a string literal starting at the opening quote and returns its decoded value. */
  private string(): string {
    const t = this.text
    const start = this.pos
    let escaped = false
    this.pos++ // opening quote
    for (;;) {
      if (this.pos >= t.length) this.fail()
      const c = t.charCodeAt(this.pos)
      if (c === 0x22) break
      if (c < 0x20) this.fail()
      if (c === 0x5c) {
        escaped = true
        this.pos += 2
      } else this.pos++
    }
    this.pos++ // closing quote
    const raw = t.slice(start, this.pos)
    if (!escaped) return raw.slice(1, -1)
    try {
      return JSON.parse(raw) as string
    } catch {
      this.fail()
    }
  }

  private literal(): void {
    LITERAL.lastIndex = this.pos
    const m = LITERAL.exec(this.text)
    if (!m) this.fail()
    this.pos += m[0].length
  }
}

function scan(jsonText: string, mode: Mode, registry: SchemaRegistry): StrictFieldIssue[] {
  const s = new StrictScanner(jsonText, registry)
  try {
    s.run(mode)
  } catch (e) {
    if (e instanceof JsonSyntaxError) return [] // the body fails to decode; strict errors are never reported then
    throw e
  }
  return s.issues
}

/**
 * Unknown and duplicate fields of a raw JSON body decoded against `schema`, in document order, as the real
 * server lists them in `strict decoding error: unknown field "spec.foo", duplicate field "metadata.name"`.
 * Invalid JSON yields [] (the caller reports the syntax error instead).
 */
export function findStrictFieldIssues(jsonText: string, schema: OpenAPISchema, registry: SchemaRegistry): StrictFieldIssue[] {
  return scan(jsonText, { kind: 'schema', schema }, registry)
}

/**
 * Paths of keys repeated within one JSON object, e.g. `metadata.name`, in document order.
 * Without a schema every object is checked (as for an unstructured body). With one, decoding follows the
 * typed object: values of unknown fields and opaque (RawExtension-like) subtrees are not looked into.
 */
export function findDuplicateFields(jsonText: string, schema?: OpenAPISchema, registry: SchemaRegistry = {}): string[] {
  const mode: Mode = schema ? { kind: 'schema', schema } : { kind: 'generic' }
  return scan(jsonText, mode, registry)
    .filter((i) => i.type === 'duplicate field')
    .map((i) => i.path)
}

/** Go strconv.Quote for the (ASCII-printable in practice) paths. */
function goQuote(s: string): string {
  let out = '"'
  for (const ch of s) {
    const c = ch.codePointAt(0)!
    if (ch === '"' || ch === '\\') out += `\\${ch}`
    else if (ch === '\n') out += '\\n'
    else if (ch === '\t') out += '\\t'
    else if (ch === '\r') out += '\\r'
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`
    else out += ch
  }
  return `${out}"`
}

/** `unknown field "spec.foo"` / `duplicate field "metadata.name"`, the text used in warnings and errors. */
export function formatStrictFieldIssue(issue: StrictFieldIssue): string {
  return `${issue.type} ${goQuote(issue.path)}`
}
