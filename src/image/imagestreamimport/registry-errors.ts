// The importer's error formatting (formatPingError, formatRepositoryError): errors of the remote
// registry become the import errors the real server reports. The fake RemoteRegistry's errors carry
// the texts the real registry client produces, so the status shapes follow from the same code.

import { exact, repositoryName, type DockerImageReference } from '../helpers/reference.js'
import { RegistryError } from '../remote-registry/registry.js'
import { importErrors, type ImportError } from './status.js'

export function isKind(err: unknown, kind: RegistryError['kind']): boolean {
  return err instanceof RegistryError && err.kind === kind
}

/** err.Error() */
export function errText(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

/** formatPingError: errors of the connection to the registry (the `/v2/` ping). */
export function formatPingError(imageRef: DockerImageReference, insecure: boolean, err: unknown): ImportError {
  if (isKind(err, 'nameUnknown')) return importErrors.notFound(exact(imageRef))
  if (isKind(err, 'unauthorized')) return importErrors.unauthorized(`you may not have access to the container image "${exact(imageRef)}"`)
  const text = errText(err)
  if (text.includes('tls: oversized record received with length') && !insecure) {
    return importErrors.badRequest(`the repository ${repositoryName(imageRef)} is HTTP only and requires the insecure flag to import`)
  }
  if (text.endsWith('no basic auth credentials')) {
    return importErrors.unauthorized(`you may not have access to the container image "${exact(imageRef)}" and did not have credentials to the repository`)
  }
  return new Error(`${exact(imageRef)}: ${text}`)
}

/** formatRepositoryError: errors of manifest and blob requests. `ref` is the normalized name. */
export function formatRepositoryError(ref: string, err: unknown): ImportError {
  if (isKind(err, 'manifestUnknown')) return importErrors.notFound(ref)
  if (isKind(err, 'unauthorized')) return importErrors.unauthorized(`you may not have access to the container image "${ref}"`)
  const text = errText(err)
  if (text.endsWith('no basic auth credentials')) return importErrors.unauthorized(`you may not have access to the container image "${ref}"`)
  if (text.endsWith('incorrect username or password')) return importErrors.unauthorized(`incorrect username or password for image "${ref}"`)
  return new Error(`${ref}: ${text}`)
}

/** godigest.Parse errors. */
export function digestParseError(d: string): string {
  const i = d.indexOf(':')
  if (i < 0 || i + 1 === d.length || !/^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/.test(d)) return 'invalid checksum digest format'
  const alg = d.slice(0, i)
  if (alg !== 'sha256' && alg !== 'sha384' && alg !== 'sha512') return 'unsupported digest algorithm'
  return 'invalid checksum digest length'
}
