// The metav1.Status values import results carry (openshift-apiserver importer.go imageImportStatus,
// formatRepositoryError), built like k8s.io/apimachinery api/errors (NewNotFound, NewUnauthorized,
// NewBadRequest, NewForbidden, NewInternalError, NewInvalid) and converted like the importer's
// imageImportStatus.

import { errors, isStatusError, statusBody, StatusError, type FieldError, type StatusDetails } from '../../apiserver/errors.js'
import { GROUP } from '../types.js'
import type { ImportStatus } from './types.js'

/** An error that already is an API status (kapierrors.APIStatus). */
export type ImportError = StatusError | Error

export function successStatus(): ImportStatus {
  return { metadata: {}, status: 'Success' }
}

/** Status of a StatusError without its type meta, as embedded in the ImageStreamImport. */
export function embeddedStatus(e: StatusError): ImportStatus {
  const { kind: _k, apiVersion: _a, ...rest } = e.body
  return structuredClone(rest) as unknown as ImportStatus
}

function fail(code: number, reason: string, message: string, details?: StatusDetails): StatusError {
  return new StatusError(code, statusBody({ message, reason, details, code }))
}

export const importErrors = {
  /** NewNotFound(image.Resource("dockerimage"), name) */
  notFound: (name: string) => errors.notFound(GROUP, 'dockerimage', name),
  /** NewUnauthorized(reason) */
  unauthorized: (message: string) => fail(401, 'Unauthorized', message || 'not authorized'),
  /** NewBadRequest(reason) */
  badRequest: (message: string) => fail(400, 'BadRequest', message),
  /** NewForbidden(schema.GroupResource{}, "", err): `forbidden: <err>`, empty details. */
  forbiddenNoResource: (err: string) => fail(403, 'Forbidden', `forbidden: ${err}`, {}),
  /** NewForbidden(image.Resource(""), "", err) with reason NotV2Registry. */
  notV2Registry: (host: string) =>
    fail(403, 'NotV2Registry', `.${GROUP} is forbidden: registry "${host}" does not support the v2 Registry API`, { group: GROUP }),
  /** NewInternalError(err) */
  internal: (message: string) => errors.internal(message),
  /** NewInvalid(GroupKind{group, kind}, name, errs) */
  invalid: (group: string, kind: string, name: string, errs: FieldError[]) => errors.invalid(group, kind, name, errs),
}

/** imageImportStatus(err, kind, position): API statuses as they are, anything else as an InternalError. */
export function importStatusOf(err: ImportError): ImportStatus {
  if (isStatusError(err)) return embeddedStatus(err)
  return embeddedStatus(errors.internal(err.message))
}
