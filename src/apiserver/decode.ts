// Request bodies: size limit, content types (JSON, YAML), kind/apiVersion checks and field validation
// (unknown and duplicate fields → Warning headers, 400 under Strict, or nothing under Ignore).
// fidelity: apiserver.body-decoding
// fidelity: apiserver.field-validation

import { yamlLib } from './yaml-codec.js'
import type { KubeObject } from '../image/types.js'
import { errors, SUPPORTED_MEDIA_TYPES, TEXT_MEDIA_TYPES } from './errors.js'
import { PROTOBUF, servesProtobuf } from './protobuf/served.js'
import { protobufCodec } from './protobuf/lazy.js'
import type { FieldValidation } from './options.js'
import type { OpenAPISchema, SchemaRegistry } from './schema-types.js'
import { findDuplicateFields, findUnknownFields } from './schema/unknown-fields.js'
import { isPlainObject } from './json.js'
import { tapBody } from './request-tap.js'
import { concatBytes } from './response.js'
import { cannotBeHandled, typeMetaError, typedBodyError, typedView } from './typed-decode/index.js'
import { managedFieldsTypeError } from './managed-fields-type.js'
import { deepJsonSyntaxError, FOLD_DEPTH, foldDeepJson, foldDeepYaml, yamlDepthError } from './body-depth.js'
import { goStrconvQuote } from './patch/go-json.js'

export const MAX_BODY_BYTES = 3 * 1024 * 1024

/**
 * The body's bytes, read as a stream and abandoned as soon as it passes `limit` (limitedReadBody in
 * k8s.io/apiserver/pkg/endpoints/handlers/rest.go reads through io.LimitReader(body, limit+1)): a chunked
 * upload of any size costs at most `limit` + one chunk of memory before the 413.
 */
export async function readLimited(body: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array> {
  const reader = body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    let step: ReadableStreamReadResult<Uint8Array>
    try {
      step = await reader.read()
    } catch {
      // The client went away mid-body (socket closed, bad chunk framing): a plain Go error on the real
      // server (500, no reason), which nobody is left to read.
      throw errors.unknown('unexpected EOF')
    }
    const { done, value } = step
    if (done) break
    total += value.byteLength
    if (total > limit) {
      reader.cancel().catch(() => {})
      throw errors.tooLarge(`limit is ${limit}`)
    }
    chunks.push(value)
  }
  return concatBytes(chunks)
}

/** The body's bytes, within the size limit (a Content-Length over it is refused before reading). */
export async function readBodyBytes(request: Request): Promise<Uint8Array> {
  const len = Number(request.headers.get('content-length') ?? '0')
  if (len > MAX_BODY_BYTES) throw errors.tooLarge(`limit is ${MAX_BODY_BYTES}`)
  if (!request.body) return new Uint8Array(0)
  return readLimited(request.body, MAX_BODY_BYTES)
}

export async function readBody(request: Request): Promise<string> {
  const bytes = await readBodyBytes(request)
  if (!request.body) return ''
  const text = new TextDecoder().decode(bytes)
  tapBody(request, text)
  return foldDeepBody(text, mediaTypeOf(request.headers.get('content-type')))
}

/** Bodies nested deeper than any typed field get their deep parts folded before any parser recurses (./body-depth.ts). */
function foldDeepBody(text: string, mediaType: string): string {
  if (text.length <= FOLD_DEPTH) return text
  return mediaType === 'application/yaml' || mediaType === 'application/apply-patch+yaml' ? foldDeepYaml(text) : foldDeepJson(text)
}

export function mediaTypeOf(contentType: string | null): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase()
}

/** Go's encoding/json wording for the common syntax errors. */
export function goJsonError(text: string, e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e)
  if (!text.trim() || /end of (JSON )?input|Unterminated|Expected .* after|Bad control/i.test(msg)) {
    if (/Unexpected end|end of JSON input|Unterminated/i.test(msg) || !text.trim()) return 'unexpected end of JSON input'
  }
  const m = /position (\d+)/.exec(msg)
  const pos = m ? Number(m[1]) : text.search(/\S/)
  const ch = text[pos] ?? ''
  if (!ch) return 'unexpected end of JSON input'
  const c = ch === "'" ? "\\''" : ch
  return `invalid character '${c}' looking for beginning of value`
}

/** summarizeData (k8s.io/apiserver/pkg/endpoints/handlers/rest.go): the first 30 bytes, as text when the body starts with '{', else hex. */
function snippet(text: string): string {
  if (!text) return '<empty>'
  const bytes = new TextEncoder().encode(text)
  const head = bytes.subarray(0, 30)
  const more = bytes.length > 30 ? ' ...' : ''
  if (bytes[0] === 0x7b) return new TextDecoder().decode(head) + more
  return Array.from(head, (b) => b.toString(16).padStart(2, '0')).join('') + more
}

export interface Expect {
  group: string
  version: string
  kind: string
  /** Kinds registered in the same group version (for the "cannot be handled as" message). */
  knownKinds: Set<string>
}

function gv(e: Expect): string {
  return e.group ? `${e.group}/${e.version}` : e.version
}

/** Parse a JSON or YAML body into a plain object (no kind checks). */
export function parseBody(text: string, mediaType: string, expectKind: string): unknown {
  if (mediaType === 'application/yaml') {
    const tooDeep = yamlDepthError(text)
    if (tooDeep) throw errors.badRequest(`the object provided is unrecognized (must be of type ${expectKind}): couldn't get version/kind; json parse error: error converting YAML to JSON: ${tooDeep}`)
    try {
      return yamlLib().parse(foldDeepYaml(text), { uniqueKeys: false }) as unknown
    } catch (e) {
      throw errors.badRequest(`the object provided is unrecognized (must be of type ${expectKind}): couldn't get version/kind; json parse error: error converting YAML to JSON: ${e instanceof Error ? e.message : String(e)}`)
    }
  }
  // Deep bodies get the Go scanner's exact error (e.g. `invalid character '[' exceeded max depth`).
  const deep = deepJsonSyntaxError(text)
  if (deep) {
    throw errors.badRequest(`the object provided is unrecognized (must be of type ${expectKind}): couldn't get version/kind; json parse error: ${deep} (${snippet(text)})`)
  }
  try {
    return JSON.parse(foldDeepJson(text)) as unknown
  } catch (e) {
    throw errors.badRequest(
      `the object provided is unrecognized (must be of type ${expectKind}): couldn't get version/kind; json parse error: ${goJsonError(text, e)} (${snippet(text)})`,
    )
  }
}

export interface DecodeInput {
  text: string
  /** The body bytes, for protobuf bodies (`text` is unused then). */
  bytes?: Uint8Array
  contentType: string | null
  expect: Expect
  fieldValidation: FieldValidation
  schema?: OpenAPISchema
  registry?: SchemaRegistry
  warnings: string[]
}

/** Decode a POST/PUT body into an object of the expected kind. */
export function decodeObject(input: DecodeInput): KubeObject {
  const mt = mediaTypeOf(input.contentType)
  const { expect } = input
  const protobuf = servesProtobuf(gv(expect), expect.kind)
  if (mt !== '' && mt !== 'application/json' && mt !== 'application/yaml' && !(mt === PROTOBUF && protobuf)) {
    throw errors.unsupportedMediaType(protobuf ? SUPPORTED_MEDIA_TYPES : TEXT_MEDIA_TYPES)
  }
  // A protobuf body decodes to the same JSON form (its fields are the Go struct's: none unknown, none twice;
  // strict decoding is unsupported for protobuf, codec_factory.go), then takes the same path.
  const value = mt === PROTOBUF ? protobufCodec().decodeProtobufBody(input.bytes ?? new Uint8Array(0), expect) : parseBody(input.text, mt || 'application/json', expect.kind)
  if (!isPlainObject(value)) {
    throw errors.badRequest(
      `the object provided is unrecognized (must be of type ${expect.kind}): couldn't get version/kind; json parse error: json: cannot unmarshal ${Array.isArray(value) ? 'array' : typeof value === 'string' ? 'string' : 'number'} into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" } (${snippet(input.text)})`,
    )
  }
  const jsonText = mt !== 'application/yaml' && mt !== PROTOBUF
  const jsonDuplicates = jsonText ? findDuplicateFields(input.text) : []
  const typed = jsonText ? typedView(input.text, value, jsonDuplicates.length > 0) : value
  const typeMetaErr = typeMetaError(typed)
  if (typeMetaErr) throw errors.badRequest(`the object provided is unrecognized (must be of type ${expect.kind}): ${typeMetaErr} (${snippet(input.text)})`)
  checkTypeMeta(value, expect)
  // Typed decoding (a type error wins over strict-field problems: no warnings then).
  const typeErr = input.schema && input.registry ? typedBodyError(typed, input.schema, input.registry) : undefined
  if (typeErr) throw errors.badRequest(cannotBeHandled(expect.kind, expect.version, expect.kind, typeErr))
  // managedFields entries the typed walk lets through but our field manager cannot read (./managed-fields-type.ts).
  const mfError = managedFieldsTypeError(value.metadata)
  if (mfError) throw errors.badRequest(`${expect.kind} in version "${expect.version}" cannot be handled as a ${expect.kind}: ${mfError}`)
  const problems: string[] = []
  if (input.fieldValidation !== 'Ignore' && mt !== PROTOBUF) {
    if (input.schema && input.registry) {
      for (const p of findUnknownFields(value, input.schema, input.registry)) problems.push(`unknown field ${goStrconvQuote(p)}`)
    }
    if (mt === 'application/yaml') problems.push(...yamlDuplicates(input.text))
    else for (const p of jsonDuplicates) problems.push(`duplicate field ${goStrconvQuote(p)}`)
  }
  if (problems.length) {
    if (input.fieldValidation === 'Strict') {
      throw errors.badRequest(`${expect.kind} in version "${expect.version}" cannot be handled as a ${expect.kind}: strict decoding error: ${problems.join(', ')}`)
    }
    input.warnings.push(...problems)
  }
  if (!isPlainObject(value.metadata)) value.metadata = {}
  return value as KubeObject
}

export function yamlDuplicates(text: string): string[] {
  if (yamlDepthError(text)) return [] // too deep to parse: the decode error is reported instead
  const doc = yamlLib().parseDocument(foldDeepYaml(text), { uniqueKeys: true })
  return doc.errors
    .filter((e) => e.code === 'DUPLICATE_KEY')
    .map((e) => {
      const line = e.linePos?.[0]?.line ?? 0
      const key = /"?([^"\s]+)"?\s*$/.exec(text.split('\n')[line - 1]?.split(':')[0] ?? '')?.[1] ?? ''
      return `line ${line}: key ${goStrconvQuote(key)} already set in map`
    })
}

export function checkTypeMeta(value: Record<string, unknown>, expect: Expect): void {
  const apiVersion = typeof value.apiVersion === 'string' ? value.apiVersion : ''
  const kind = typeof value.kind === 'string' ? value.kind : ''
  if (apiVersion && apiVersion !== gv(expect)) {
    throw errors.badRequest(`the API version in the data (${apiVersion}) does not match the expected API version (${gv(expect)})`)
  }
  if (kind && kind !== expect.kind) {
    const internal = expect.group === 'image.openshift.io' ? 'image' : 'core'
    if (expect.knownKinds.has(kind)) {
      throw errors.badRequest(
        `${kind} in version "${expect.version}" cannot be handled as a ${expect.kind}: converting (${expect.version}.${kind}) to (${internal}.${expect.kind}): unknown conversion`,
      )
    }
    throw errors.badRequest(
      `${kind} in version "${expect.version}" cannot be handled as a ${expect.kind}: no kind "${kind}" is registered for version "${gv(expect)}" in scheme "k8s.io/kubernetes/pkg/api/legacyscheme/scheme.go:30"`,
    )
  }
}
