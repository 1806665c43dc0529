// The one place where Kubernetes `Status` errors and field errors are built and rendered.
// Messages follow k8s.io/apimachinery/pkg/api/errors and pkg/util/validation/field exactly.
// fidelity: apiserver.status-errors

export type CauseType =
  | 'FieldValueNotFound'
  | 'FieldValueRequired'
  | 'FieldValueDuplicate'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'FieldValueTypeInvalid'
  | 'InternalError'

const TYPE_TEXT: Record<CauseType, string> = {
  FieldValueNotFound: 'Not found',
  FieldValueRequired: 'Required value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  FieldValueTypeInvalid: 'Invalid value',
  InternalError: 'Internal error',
}

/** The media types of a kind the real server serializes as protobuf (every kind the fake registers). */
export const SUPPORTED_MEDIA_TYPES: readonly string[] = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf']
/** Those of a kind without a protobuf message (as for CRDs). */
export const TEXT_MEDIA_TYPES: readonly string[] = ['application/json', 'application/yaml']

/** Marker for "do not print the value" (field.OmitValueType). */
export const OMIT_VALUE: unique symbol = Symbol('omitValue')

export interface FieldError {
  type: CauseType
  field: string
  badValue?: unknown
  detail: string
}

/** Go's %q for strings (close enough: JSON escaping, but non-ASCII printable runes kept). */
export function goQuote(s: string): string {
  let out = '"'
  for (const ch of s) {
    const c = ch.codePointAt(0)!
    if (ch === '"') out += '\\"'
    else if (ch === '\\') out += '\\\\'
    else if (ch === '\n') out += '\\n'
    else if (ch === '\t') out += '\\t'
    else if (ch === '\r') out += '\\r'
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0')
    else out += ch
  }
  return out + '"'
}

function formatValue(v: unknown): string {
  if (v === null || v === undefined) return 'null'
  if (typeof v === 'string') return goQuote(v)
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v)
  return JSON.stringify(v)
}

/** field.Error.ErrorBody() */
export function fieldErrorBody(e: FieldError): string {
  let s: string
  switch (e.type) {
    case 'FieldValueRequired':
    case 'FieldValueForbidden':
    case 'FieldValueTooLong':
    case 'InternalError':
      s = TYPE_TEXT[e.type]
      break
    default:
      s = e.badValue === OMIT_VALUE ? TYPE_TEXT[e.type] : `${TYPE_TEXT[e.type]}: ${formatValue(e.badValue)}`
  }
  if (e.detail) s += `: ${e.detail}`
  return s
}

/** field.Error.Error() */
export function fieldErrorString(e: FieldError): string {
  return `${e.field}: ${fieldErrorBody(e)}`
}

/** field.ErrorList.ToAggregate().Error(): one message, or `[a, b]` with duplicates removed. */
export function aggregateMessage(errs: FieldError[]): string {
  const seen = new Set<string>()
  const msgs: string[] = []
  for (const e of errs) {
    const m = fieldErrorString(e)
    if (!seen.has(m)) {
      seen.add(m)
      msgs.push(m)
    }
  }
  if (msgs.length === 1) return msgs[0]!
  return `[${msgs.join(', ')}]`
}

// Field error constructors (field.Required, field.Invalid, ...).
export const fe = {
  required: (field: string, detail = ''): FieldError => ({ type: 'FieldValueRequired', field, detail }),
  invalid: (field: string, badValue: unknown, detail = ''): FieldError => ({ type: 'FieldValueInvalid', field, badValue, detail }),
  forbidden: (field: string, detail = ''): FieldError => ({ type: 'FieldValueForbidden', field, detail }),
  notFound: (field: string, badValue: unknown): FieldError => ({ type: 'FieldValueNotFound', field, badValue, detail: '' }),
  duplicate: (field: string, badValue: unknown): FieldError => ({ type: 'FieldValueDuplicate', field, badValue, detail: '' }),
  notSupported: (field: string, badValue: unknown, supported: string[]): FieldError => ({
    type: 'FieldValueNotSupported',
    field,
    badValue,
    detail: supported.length ? `supported values: ${supported.map((s) => goQuote(s)).join(', ')}` : '',
  }),
  tooLong: (field: string, max: number): FieldError => ({
    type: 'FieldValueTooLong',
    field,
    detail: max >= 0 ? `may not be more than ${max} bytes` : 'value is too long',
  }),
  tooMany: (field: string, actual: number, max: number): FieldError => ({
    type: 'FieldValueTooMany',
    field,
    badValue: actual,
    detail: `must have at most ${max} items`,
  }),
  internal: (field: string, detail: string): FieldError => ({ type: 'InternalError', field, detail }),
}

export interface StatusCause {
  reason?: string
  message?: string
  field?: string
}

export interface StatusDetails {
  name?: string
  group?: string
  kind?: string
  uid?: string
  causes?: StatusCause[]
  retryAfterSeconds?: number
}

export interface StatusBody {
  kind: 'Status'
  apiVersion: 'v1'
  metadata: { continue?: string; resourceVersion?: string }
  status: 'Failure' | 'Success'
  message?: string
  reason?: string
  details?: StatusDetails
  code?: number
}

/** Build a Status body with the Go field order: kind, apiVersion, metadata, status, message, reason, details, code. */
export function statusBody(fields: {
  status?: 'Failure' | 'Success'
  message?: string
  reason?: string
  details?: StatusDetails
  code?: number
  metadata?: StatusBody['metadata']
}): StatusBody {
  const body: StatusBody = { kind: 'Status', apiVersion: 'v1', metadata: fields.metadata ?? {}, status: fields.status ?? 'Failure' }
  if (fields.message) body.message = fields.message
  if (fields.reason) body.reason = fields.reason
  if (fields.details) body.details = orderDetails(fields.details)
  if (fields.code !== undefined) body.code = fields.code
  return body
}

function orderDetails(d: StatusDetails): StatusDetails {
  const out: StatusDetails = {}
  if (d.name) out.name = d.name
  if (d.group) out.group = d.group
  if (d.kind) out.kind = d.kind
  if (d.uid) out.uid = d.uid
  if (d.causes && d.causes.length) {
    out.causes = d.causes.map((c) => {
      const o: StatusCause = {}
      if (c.reason) o.reason = c.reason
      if (c.message) o.message = c.message
      if (c.field) o.field = c.field
      return o
    })
  }
  if (d.retryAfterSeconds) out.retryAfterSeconds = d.retryAfterSeconds
  return out
}

/** An error that renders as a Kubernetes Status response. */
export class StatusError extends Error {
  readonly code: number
  readonly body: StatusBody
  readonly headers: Record<string, string>
  constructor(code: number, body: StatusBody, headers: Record<string, string> = {}) {
    super(body.message ?? body.reason ?? `status ${code}`)
    this.code = code
    this.body = body
    this.headers = headers
    if (body.details?.retryAfterSeconds) this.headers['Retry-After'] = String(body.details.retryAfterSeconds)
  }
}

export function isStatusError(e: unknown): e is StatusError {
  return e instanceof StatusError
}

/** GroupResource.String() */
export function qualifiedResource(group: string, resource: string): string {
  return group ? `${resource}.${group}` : resource
}

function fail(code: number, reason: string, message: string, details?: StatusDetails, metadata?: StatusBody['metadata']): StatusError {
  return new StatusError(code, statusBody({ message, reason, details, code, metadata }))
}

export const errors = {
  notFound: (group: string, resource: string, name: string) =>
    fail(404, 'NotFound', `${qualifiedResource(group, resource)} ${goQuote(name)} not found`, { name, group, kind: resource }),
  alreadyExists: (group: string, resource: string, name: string, prefix = '') =>
    fail(409, 'AlreadyExists', `${prefix}${qualifiedResource(group, resource)} ${goQuote(name)} already exists`, { name, group, kind: resource }),
  generateNameConflict: (group: string, resource: string, name: string) =>
    fail(
      409,
      'AlreadyExists',
      `${qualifiedResource(group, resource)} ${goQuote(name)} already exists, the server was not able to generate a unique name for the object`,
      { name, group, kind: resource, retryAfterSeconds: 1 },
    ),
  conflict: (group: string, resource: string, name: string, detail: string) =>
    fail(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedResource(group, resource)} ${goQuote(name)}: ${detail}`, {
      name,
      group,
      kind: resource,
    }),
  /** Server-side apply conflicts (errors.NewApplyConflict): details carry only the causes. */
  applyConflict: (message: string, conflicts: Array<{ manager: string; field: string }>) =>
    fail(409, 'Conflict', message, { causes: conflicts.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with ${c.manager}`, field: c.field })) }),
  optimisticLock: (group: string, resource: string, name: string) =>
    errors.conflict(group, resource, name, 'the object has been modified; please apply your changes to the latest version and try again'),
  /** Invalid with a Kind (GroupKind.String()) — validation errors. */
  invalid: (group: string, kind: string, name: string, errs: FieldError[]) =>
    fail(
      422,
      'Invalid',
      `${group ? `${kind}.${group}` : kind} ${goQuote(name)} is invalid: ${aggregateMessage(errs)}`,
      {
        name,
        group,
        kind,
        causes: errs.map((e) => ({ reason: e.type, message: fieldErrorBody(e), field: e.field })),
      },
    ),
  badRequest: (message: string) => fail(400, 'BadRequest', message),
  methodNotAllowed: () => fail(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {}),
  watchNotSupported: (group: string, resource: string) =>
    fail(405, 'MethodNotAllowed', `watch is not supported on resources of kind ${goQuote(qualifiedResource(group, resource))}`, {
      group,
      kind: resource,
    }),
  pathNotFound: () => fail(404, 'NotFound', 'the server could not find the requested resource', {}),
  gone: (message: string, metadata?: StatusBody['metadata']) => fail(410, 'Expired', message, undefined, metadata),
  /** errUnsupportedMediaType (k8s.io/apiserver/pkg/endpoints/handlers/negotiation/errors.go): the types the endpoint decodes. */
  unsupportedMediaType: (accepted: readonly string[] = SUPPORTED_MEDIA_TYPES) =>
    fail(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`),
  unsupportedPatchType: () => fail(415, 'UnsupportedMediaType', '415: Unsupported Media Type', {}),
  notAcceptable: (message = `only the following media types are accepted: ${SUPPORTED_MEDIA_TYPES.join(', ')}`) =>
    fail(406, 'NotAcceptable', message),
  routeNotAcceptable: (watchable: boolean) =>
    fail(
      406,
      'NotAcceptable',
      `406: Not Acceptable\n\nAvailable representations: application/json, application/yaml, application/vnd.kubernetes.protobuf${
        watchable ? ', application/json;stream=watch, application/vnd.kubernetes.protobuf;stream=watch' : ''
      }`,
      {},
    ),
  tooLarge: (message: string) => fail(413, 'RequestEntityTooLarge', `Request entity too large: ${message}`),
  internal: (message: string) => fail(500, 'InternalError', `Internal error occurred: ${message}`, { causes: [{ message }] }),
  /** A plain Go error: 500 with no reason. */
  unknown: (message: string) => fail(500, '', message),
  forbidden: (group: string, resource: string, name: string, message: string, causes?: StatusCause[]) =>
    fail(403, 'Forbidden', `${qualifiedResource(group, resource)}${name ? ` ${goQuote(name)}` : ''} is forbidden: ${message}`, {
      name,
      group,
      kind: resource,
      causes,
    }),
  timeout: (message: string, details?: StatusDetails) => fail(504, 'Timeout', message, details),
  /** The generic 422 that hides JSON-patch application failures. */
  patchRejected: () => fail(422, 'Invalid', 'the server rejected our request due to an error in our request', {}),
}
