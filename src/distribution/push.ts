// PUT /v2/<ns>/<stream>/manifests/<tag|digest> (openshift/image-registry pkg/dockerregistry/server
// manifestservice.go Put, manifesthandler/*, pkg/imagestream CreateImageStreamMapping): the manifest is
// parsed for its Content-Type, its references checked (config and layers must be blobs the repository
// has, a list's children manifests it has: else 400 MANIFEST_BLOB_UNKNOWN per missing digest), a digest
// in the URL must be the manifest's (400 DIGEST_INVALID). The Image — manifest, config, layers, the
// `openshift.io/image.managed` and `image.openshift.io/manifestBlobStored` annotations — is then written
// through the API like the registry's own client does: pushed by digest, `POST images` (an existing image
// is fine); pushed by tag, `POST imagestreammappings` (tag history, tracking tags, watch events), and
// when the stream does not exist it is created (`POST imagestreams`) and the mapping retried. Nothing is
// stored when a step fails (a stream created for a mapping that then failed stays, as on a cluster).

import type { UserInfo } from '../apiserver/auth/types.js'
import { utf8 } from '../core/base64.js'
import { REGISTRY_SERVICE_ACCOUNT } from './auth.js'
import { MEDIA_TYPES } from '../fixtures/defaults.js'
import { digestOf } from '../image/image/digest.js'
import { MANIFEST_BLOB_STORED } from '../image/image/strategy.js'
import { MANAGED_BY_OPENSHIFT_ANNOTATION } from '../image/graph/imagestreammapping.js'
import { GROUP_VERSION } from '../image/types.js'
import { blobKnown, findBlob } from './blobs.js'
import { getStream, imageOfStream } from './content.js'
import type { RegistryDeps } from './deps.js'
import { baseHeaders, regError, RegistryApiError } from './errors.js'
import { isDigest } from './routes.js'

const MANIFEST_TYPES: string[] = [MEDIA_TYPES.schema2Manifest, MEDIA_TYPES.ociManifest]
const LIST_TYPES: string[] = [MEDIA_TYPES.schema2ManifestList, MEDIA_TYPES.ociIndex]
const DIGEST_RE = /^sha256:[a-f0-9]{64}$/
/** The user agent of the registry's API client (its field manager is `dockerregistry`). */
const USER_AGENT = 'dockerregistry/v0.0.0 (linux/amd64) kubernetes/$Format'

interface Descriptor {
  mediaType?: unknown
  digest?: unknown
  size?: unknown
}

function invalid(detail: string): RegistryApiError {
  return regError('MANIFEST_INVALID', detail)
}

function descriptor(d: unknown, where: string): { digest: string; size: number; mediaType: string } {
  const o = (d && typeof d === 'object' ? d : {}) as Descriptor
  if (typeof o.digest !== 'string' || !DIGEST_RE.test(o.digest)) throw invalid(`${where}: invalid digest ${JSON.stringify(o.digest ?? '')}`)
  if (typeof o.size !== 'number' || !Number.isInteger(o.size) || o.size < 0) throw invalid(`${where}: invalid size`)
  return { digest: o.digest, size: o.size, mediaType: typeof o.mediaType === 'string' ? o.mediaType : '' }
}

async function api(deps: RegistryDeps, method: string, path: string, body: unknown, as: UserInfo = REGISTRY_SERVICE_ACCOUNT): Promise<{ status: number; reason: string; message: string; kind: string }> {
  const res = await deps.server.handle(
    new Request(`http://openshift-image-fake.invalid${path}`, {
      method,
      headers: { 'content-type': 'application/json', accept: 'application/json', 'user-agent': USER_AGENT },
      body: JSON.stringify(body),
    }),
    as,
  )
  const out = (await res.json().catch(() => ({}))) as { reason?: string; message?: string; details?: { kind?: string } }
  return { status: res.status, reason: out.reason ?? '', message: out.message ?? '', kind: out.details?.kind ?? '' }
}

/** An API failure as the registry reports it. */
function apiError(r: { status: number; message: string }, repo: string, digest: string): RegistryApiError {
  if (r.status === 401 || r.status === 403) return regError('DENIED')
  if (r.status === 404) return regError('MANIFEST_UNKNOWN', { Name: repo, Revision: digest })
  if (r.status === 422 || r.status === 400) return invalid(r.message)
  return regError('UNKNOWN', r.message)
}

export async function putManifest(deps: RegistryDeps, request: Request, url: URL, repo: string, ns: string, name: string, reference: string, user: UserInfo): Promise<Response> {
  const bytes = new Uint8Array(await request.arrayBuffer())
  const text = new TextDecoder().decode(bytes)
  let doc: Record<string, unknown>
  try {
    const parsed = JSON.parse(text) as unknown
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('manifest is not a JSON object')
    doc = parsed as Record<string, unknown>
  } catch (e) {
    throw invalid(e instanceof Error ? e.message : String(e))
  }
  const ct = (request.headers.get('content-type') ?? '').split(';')[0]!.trim()
  const own = typeof doc.mediaType === 'string' ? doc.mediaType : ''
  const known = [...MANIFEST_TYPES, ...LIST_TYPES]
  // distribution.UnmarshalManifest picks the handler by Content-Type.
  const mediaType = known.includes(ct) ? ct : ''
  if (!mediaType) throw invalid(`unsupported manifest media type and no default available: ${ct}`)
  if (own && own !== mediaType) throw invalid(`mediaType in manifest should be '${mediaType}' not '${own}'`)
  if (doc.schemaVersion !== 2) throw invalid(`unsupported schema version ${JSON.stringify(doc.schemaVersion)}`)
  const digest = digestOf(bytes)
  if (isDigest(reference) && reference !== digest) throw regError('DIGEST_INVALID', `mismatched digest: ${reference} != ${digest}`)

  const stream = getStream(deps, ns, name)
  const missing: RegistryApiError[] = []
  let config: string | undefined
  let layers: Array<{ name: string; size: number; mediaType: string }> = []
  if (MANIFEST_TYPES.includes(mediaType)) {
    const cfg = descriptor(doc.config, 'config')
    if (!Array.isArray(doc.layers)) throw invalid('layers: must be a list')
    layers = doc.layers.map((l, i) => {
      const d = descriptor(l, `layers[${i}]`)
      return { name: d.digest, size: d.size, mediaType: d.mediaType }
    })
    for (const d of [cfg.digest, ...layers.map((l) => l.name)]) {
      if (!blobKnown(deps, repo, ns, name, d) && !missing.some((m) => m.detail === d)) missing.push(regError('MANIFEST_BLOB_UNKNOWN', d))
    }
    if (!missing.length) config = new TextDecoder().decode(findBlob(deps, repo, ns, name, cfg.digest))
  } else {
    if (!Array.isArray(doc.manifests)) throw invalid('manifests: must be a list')
    for (const [i, m] of doc.manifests.entries()) {
      const d = descriptor(m, `manifests[${i}]`)
      const have = deps.storage.linked(repo, d.digest) || (stream && imageOfStream(deps, stream, d.digest))
      if (!have) missing.push(regError('MANIFEST_BLOB_UNKNOWN', d.digest))
    }
  }
  if (missing.length) throw missing

  const image: Record<string, unknown> = {
    kind: 'Image',
    apiVersion: GROUP_VERSION,
    metadata: {
      name: digest,
      annotations: {
        [MANAGED_BY_OPENSHIFT_ANNOTATION]: 'true',
        [MANIFEST_BLOB_STORED]: 'true',
        ...(layers.length ? { 'image.openshift.io/dockerLayersOrder': 'ascending' } : {}),
      },
    },
    dockerImageReference: `${deps.internalHost}/${repo}@${digest}`,
    dockerImageManifest: text,
    dockerImageManifestMediaType: mediaType,
    ...(config !== undefined ? { dockerImageConfig: config } : {}),
    ...(layers.length ? { dockerImageLayers: layers } : {}),
  }

  // The bytes are in storage before the API write (a watcher that pulls at once finds them), and
  // linked into the repository only once it succeeded.
  const fresh = !deps.storage.blobs.has(digest)
  if (fresh) deps.storage.blobs.set(digest, utf8(text))
  try {
    if (isDigest(reference)) {
      const r = await api(deps, 'POST', '/apis/image.openshift.io/v1/images', image)
      if (r.status >= 300 && r.reason !== 'AlreadyExists') throw apiError(r, repo, digest)
    } else {
      const path = `/apis/image.openshift.io/v1/namespaces/${ns}/imagestreammappings`
      const mapping = { kind: 'ImageStreamMapping', apiVersion: GROUP_VERSION, metadata: { namespace: ns, name }, image, tag: reference }
      let r = await api(deps, 'POST', path, mapping)
      if (r.status === 404 && r.kind !== 'namespaces') {
        // CreateImageStreamMapping: auto-provision the stream, then map again.
        const s = await api(deps, 'POST', `/apis/image.openshift.io/v1/namespaces/${ns}/imagestreams`, { kind: 'ImageStream', apiVersion: GROUP_VERSION, metadata: { name } }, user)
        if (s.status >= 300 && s.status !== 409) throw s.status === 404 || s.status === 403 || s.status === 401 ? regError('DENIED') : apiError(s, repo, digest)
        r = await api(deps, 'POST', path, mapping)
      }
      if (r.status === 404 && r.kind === 'namespaces') throw regError('DENIED')
      if (r.status >= 300) throw apiError(r, repo, digest)
    }
  } catch (e) {
    if (fresh) deps.storage.blobs.delete(digest)
    throw e
  }
  deps.storage.link(repo, digest)
  return new Response(null, {
    status: 201,
    headers: baseHeaders({ Location: `${url.origin}/v2/${repo}/manifests/${digest}`, 'Docker-Content-Digest': digest, 'Content-Length': '0' }),
  })
}
