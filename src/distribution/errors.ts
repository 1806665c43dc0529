// The registry's error bodies and status codes (distribution/distribution registry/api/v2/errors.go and
// registry/api/errcode/register.go; the OPENSHIFT_PULLTHROUGH_MANIFEST code of openshift/image-registry
// pkg/errors/errors.go): `{"errors":[{"code":…,"message":…,"detail":…}]}`, detail omitted when nil.

export const API_VERSION_HEADER = 'Docker-Distribution-API-Version'
export const API_VERSION = 'registry/2.0'

const CODES = {
  UNKNOWN: [500, 'unknown error'],
  UNSUPPORTED: [405, 'The operation is unsupported.'],
  UNAUTHORIZED: [401, 'authentication required'],
  DENIED: [403, 'requested access to the resource is denied'],
  UNAVAILABLE: [503, 'service unavailable'],
  TOOMANYREQUESTS: [429, 'too many requests'],
  DIGEST_INVALID: [400, 'provided digest did not match uploaded content'],
  SIZE_INVALID: [400, 'provided length did not match content length'],
  RANGE_INVALID: [416, 'invalid content range'],
  NAME_INVALID: [400, 'invalid repository name'],
  TAG_INVALID: [400, 'manifest tag did not match URI'],
  NAME_UNKNOWN: [404, 'repository name not known to registry'],
  MANIFEST_UNKNOWN: [404, 'manifest unknown'],
  MANIFEST_INVALID: [400, 'manifest invalid'],
  MANIFEST_BLOB_UNKNOWN: [400, 'blob unknown to registry'],
  BLOB_UNKNOWN: [404, 'blob unknown to registry'],
  BLOB_UPLOAD_UNKNOWN: [404, 'blob upload unknown to registry'],
  BLOB_UPLOAD_INVALID: [404, 'blob upload invalid'],
  PAGINATION_NUMBER_INVALID: [400, 'invalid number of results requested'],
  OPENSHIFT_PULLTHROUGH_MANIFEST: [404, 'unable to pull manifest from %s: %v'],
} as const satisfies Record<string, readonly [number, string]>

export type ErrorCode = keyof typeof CODES

/** One errcode.Error: code, message (the descriptor's unless given) and optional detail. */
export class RegistryApiError extends Error {
  readonly status: number
  constructor(
    readonly code: ErrorCode,
    readonly detail?: unknown,
    message?: string,
  ) {
    super(message ?? CODES[code][1])
    this.status = CODES[code][0]
  }
}

/** errcode.ErrorCode.WithDetail */
export function regError(code: ErrorCode, detail?: unknown, message?: string): RegistryApiError {
  return new RegistryApiError(code, detail, message)
}

/** errors.ErrorCodePullthroughManifest.WithArgs(ref, err): the message is the formatted descriptor. */
export function pullthroughError(ref: string, err: string): RegistryApiError {
  return new RegistryApiError('OPENSHIFT_PULLTHROUGH_MANIFEST', undefined, `unable to pull manifest from ${ref}: ${err}`)
}

export function baseHeaders(extra: Record<string, string> = {}): Headers {
  const h = new Headers(extra)
  h.set(API_VERSION_HEADER, API_VERSION)
  return h
}

/** The response for one or more errors (errcode.ServeJSON: the first error's status). */
export function errorResponse(errs: RegistryApiError | RegistryApiError[], head = false, extra: Record<string, string> = {}): Response {
  const list = Array.isArray(errs) ? errs : [errs]
  const body = JSON.stringify({
    errors: list.map((e) => (e.detail === undefined || e.detail === null ? { code: e.code, message: e.message } : { code: e.code, message: e.message, detail: e.detail })),
  })
  const headers = baseHeaders({ 'Content-Type': 'application/json; charset=utf-8', ...extra })
  headers.set('Content-Length', String(new TextEncoder().encode(body).length))
  return new Response(head ? null : body, { status: list[0]!.status, headers })
}
