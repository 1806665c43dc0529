// GET/HEAD /v2/<ns>/<stream>/blobs/<digest> (distribution registry/handlers/blob.go; openshift/image-registry
// blobdescriptorservice + imagestreamhasblob + pullthroughblobstore): a blob is served when it was
// uploaded to (or mounted into) the repository, or when it is the config or a layer of an image of the
// stream — from the registry's storage, the fixture content, or pulled through; else BLOB_UNKNOWN.

import { getStream, imageHasBlob, isLocal, localBlob, streamImages } from './content.js'
import type { RegistryDeps } from './deps.js'
import { baseHeaders, regError, RegistryApiError } from './errors.js'
import { remoteBlob } from './pullthrough.js'

/** The bytes of blob `digest` as repository `repo` sees it; throws BLOB_UNKNOWN. */
export function findBlob(deps: RegistryDeps, repo: string, ns: string, name: string, digest: string): Uint8Array {
  const linked = deps.storage.linked(repo, digest)
  if (linked) return linked
  const stream = getStream(deps, ns, name)
  if (stream) {
    let remoteErr: RegistryApiError | undefined
    for (const image of streamImages(deps, stream)) {
      if (!imageHasBlob(image, digest)) continue
      if (isLocal(deps, image)) {
        const bytes = localBlob(deps, image, digest)
        if (bytes) return bytes
        continue
      }
      const r = remoteBlob(deps, stream, image, digest)
      if (!(r instanceof RegistryApiError)) return r
      remoteErr = r
    }
    if (remoteErr) throw remoteErr
  }
  throw regError('BLOB_UNKNOWN', digest)
}

/** Is blob `digest` available to `repo` (uploaded there, or named by one of its images)? Cheap: no bytes built. */
export function blobKnown(deps: RegistryDeps, repo: string, ns: string, name: string, digest: string): boolean {
  if (deps.storage.linked(repo, digest)) return true
  const stream = getStream(deps, ns, name)
  return !!stream && streamImages(deps, stream).some((i) => imageHasBlob(i, digest))
}

export function getBlob(deps: RegistryDeps, repo: string, ns: string, name: string, digest: string, head: boolean, range?: string | null): Response {
  const bytes = findBlob(deps, repo, ns, name, digest)
  const headers = baseHeaders({
    'Content-Type': 'application/octet-stream',
    'Docker-Content-Digest': digest,
    Etag: `"${digest}"`,
    'Cache-Control': 'max-age=31536000',
    'Accept-Ranges': 'bytes',
  })
  // http.ServeContent: a single `bytes=start-end` range gets 206.
  const m = range?.match(/^bytes=(\d+)-(\d*)$/)
  if (m) {
    const start = Number(m[1])
    const end = m[2] ? Math.min(Number(m[2]), bytes.length - 1) : bytes.length - 1
    if (start >= bytes.length || end < start) {
      headers.set('Content-Range', `bytes */${bytes.length}`)
      return new Response(null, { status: 416, headers })
    }
    const part = bytes.subarray(start, end + 1)
    headers.set('Content-Range', `bytes ${start}-${end}/${bytes.length}`)
    headers.set('Content-Length', String(part.length))
    return new Response(head ? null : (part as BodyInit), { status: 206, headers })
  }
  headers.set('Content-Length', String(bytes.length))
  return new Response(head ? null : (bytes as BodyInit), { status: 200, headers })
}
