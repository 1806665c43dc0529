// The 401 and 403 answers: k8s.io/apiserver/pkg/endpoints/filters/authentication.go Unauthorized
// (apierrors.NewUnauthorized("Unauthorized")) and handlers/responsewriters/errors.go ForbiddenStatusError /
// forbiddenMessage (apierrors.NewForbidden over the request's group and resource).

import { errors, StatusError, statusBody } from '../errors.js'
import type { Attributes } from './types.js'

/** Avoid emitting errors that look like valid HTML (responsewriters `sanitizer`). Quotes are okay. */
function sanitize(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/** Go's %q of a plain string. */
function q(s: string): string {
  return JSON.stringify(s)
}

/** forbiddenMessage */
export function forbiddenMessage(a: Attributes): string {
  const user = q(a.user.name)
  if (!a.resourceRequest) return `User ${user} cannot ${a.verb} path ${q(a.path ?? '')}`
  const resource = a.subresource ? `${a.resource ?? ''}/${a.subresource}` : (a.resource ?? '')
  if (a.namespace) return `User ${user} cannot ${a.verb} resource ${q(resource)} in API group ${q(a.apiGroup ?? '')} in the namespace ${q(a.namespace)}`
  return `User ${user} cannot ${a.verb} resource ${q(resource)} in API group ${q(a.apiGroup ?? '')} at the cluster scope`
}

/** ForbiddenStatusError: 403 with `<group resource> "<name>" is forbidden: <message>[: <reason>]`. */
export function forbiddenError(a: Attributes, reason = ''): StatusError {
  const msg = sanitize(forbiddenMessage(a))
  const full = reason ? `${msg}: ${reason}` : msg
  if (!a.resourceRequest || !a.resource) {
    // An empty GroupResource: `forbidden: <message>` and empty details.
    return new StatusError(403, statusBody({ message: `forbidden: ${full}`, reason: 'Forbidden', details: {}, code: 403 }))
  }
  return errors.forbidden(a.apiGroup ?? '', a.resource, a.name ?? '', full)
}

/** 401 Unauthorized: no details, no WWW-Authenticate header. */
export function unauthorizedError(): StatusError {
  return new StatusError(401, statusBody({ message: 'Unauthorized', reason: 'Unauthorized', code: 401 }))
}
