// Blob uploads (distribution registry/handlers/blobupload.go): POST starts one (202, Location,
// Range 0-0, Docker-Upload-UUID), or completes a monolithic upload at once (`?digest=`), or mounts a
// blob from another repository (`?mount=<digest>&from=<repo>`: 201 when `from` has it, else a new
// upload); PATCH appends a chunk (Content-Range must start where the upload is: else 416 RANGE_INVALID);
// PUT `?digest=` appends the last chunk and commits when the content hashes to the digest (else 400
// DIGEST_INVALID and the upload is gone); GET reports progress (204); DELETE cancels. Unknown uploads
// are 404 BLOB_UPLOAD_UNKNOWN.

import { digestOf } from '../image/image/digest.js'
import type { UserInfo } from '../apiserver/auth/types.js'
import { mayPull } from './auth.js'
import { blobKnown, findBlob } from './blobs.js'
import type { RegistryDeps } from './deps.js'
import { baseHeaders, regError } from './errors.js'
import { splitRepository } from './routes.js'
import { concat, type Upload } from './storage.js'

const DIGEST_RE = /^sha256:[a-f0-9]{64}$/

function uploadHeaders(origin: string, u: Upload): Headers {
  return baseHeaders({
    Location: `${origin}/v2/${u.repo}/blobs/uploads/${u.uuid}`,
    Range: `0-${u.size > 0 ? u.size - 1 : 0}`,
    'Docker-Upload-UUID': u.uuid,
    'Content-Length': '0',
  })
}

function created(origin: string, repo: string, digest: string): Response {
  return new Response(null, {
    status: 201,
    headers: baseHeaders({ Location: `${origin}/v2/${repo}/blobs/${digest}`, 'Docker-Content-Digest': digest, 'Content-Length': '0' }),
  })
}

async function bodyBytes(request: Request): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array(0)
  return new Uint8Array(await request.arrayBuffer())
}

/** Commit `bytes` as blob `digest` of `repo` when they hash to it. */
function commit(deps: RegistryDeps, repo: string, digest: string | null, bytes: Uint8Array): string {
  if (!digest) throw regError('DIGEST_INVALID', 'digest missing')
  if (!DIGEST_RE.test(digest)) throw regError('DIGEST_INVALID', `invalid digest ${digest}`)
  if (digestOf(bytes) !== digest) throw regError('DIGEST_INVALID', 'content does not match digest')
  deps.storage.put(repo, digest, bytes)
  return digest
}

export async function startUpload(deps: RegistryDeps, request: Request, url: URL, repo: string, user: UserInfo): Promise<Response> {
  const origin = url.origin
  const mount = url.searchParams.get('mount')
  const from = url.searchParams.get('from')
  if (mount && from) {
    const src = splitRepository(from)
    // A source the user may not pull from is not mounted (auth.go possibleCrossMountErrors): an upload starts.
    if (src && DIGEST_RE.test(mount) && mayPull(deps, user, from) && blobKnown(deps, from, src.namespace, src.name, mount)) {
      try {
        deps.storage.put(repo, mount, findBlob(deps, from, src.namespace, src.name, mount))
        return created(origin, repo, mount)
      } catch {
        // the source cannot produce it after all: start an upload, as distribution does when a mount fails
      }
    }
  }
  const digest = url.searchParams.get('digest')
  if (digest !== null) {
    const bytes = await bodyBytes(request)
    return created(origin, repo, commit(deps, repo, digest, bytes))
  }
  const u = deps.storage.startUpload(repo, deps.server.random.uid(), deps.server.clock.now())
  return new Response(null, { status: 202, headers: uploadHeaders(origin, u) })
}

function upload(deps: RegistryDeps, repo: string, uuid: string): Upload {
  const u = deps.storage.uploads.get(uuid)
  if (!u || u.repo !== repo) throw regError('BLOB_UPLOAD_UNKNOWN')
  return u
}

export async function continueUpload(deps: RegistryDeps, request: Request, url: URL, repo: string, uuid: string): Promise<Response> {
  const origin = url.origin
  const u = upload(deps, repo, uuid)
  switch (request.method) {
    case 'GET':
      return new Response(null, { status: 204, headers: uploadHeaders(origin, u) })
    case 'DELETE':
      deps.storage.uploads.delete(uuid)
      return new Response(null, { status: 204, headers: baseHeaders({ 'Content-Length': '0' }) })
    case 'PATCH': {
      const range = request.headers.get('content-range')
      if (range) {
        const m = range.match(/^(?:bytes[ =])?(\d+)-(\d+)$/)
        if (!m || Number(m[1]) !== u.size || Number(m[2]) < Number(m[1])) throw regError('RANGE_INVALID')
      }
      const chunk = await bodyBytes(request)
      if (range && Number(range.match(/(\d+)$/)![1]) - u.size + 1 !== chunk.length) throw regError('RANGE_INVALID')
      u.parts.push(chunk)
      u.size += chunk.length
      return new Response(null, { status: 202, headers: uploadHeaders(origin, u) })
    }
    case 'PUT': {
      const chunk = await bodyBytes(request)
      const all = concat(chunk.length ? [...u.parts, chunk] : u.parts, u.size + chunk.length)
      // The upload ends either way (blobupload.go cancels it on a bad digest).
      deps.storage.uploads.delete(uuid)
      return created(origin, repo, commit(deps, repo, url.searchParams.get('digest'), all))
    }
    default:
      throw regError('UNSUPPORTED')
  }
}
