// GET/HEAD /v2/<ns>/<stream>/manifests/<tag|digest> (distribution registry/handlers/manifests.go over
// openshift/image-registry's tagService and manifestService): a tag resolves through the stream's status
// (no stream → NAME_UNKNOWN, no such tag → MANIFEST_UNKNOWN {"Tag"}), a digest must be an image of the
// stream (else MANIFEST_UNKNOWN {"Name","Revision"}); the bytes are local or pulled through. A manifest
// list asked for by a client that accepts no list type is answered with its linux/amd64 child.

import { digestOf } from '../image/image/digest.js'
import { MEDIA_TYPES } from '../fixtures/defaults.js'
import type { Image } from '../image/types.js'
import { getImage, getStream, imageOfStream, isLocal, localManifest, streamTags } from './content.js'
import type { RegistryDeps } from './deps.js'
import { baseHeaders, regError, RegistryApiError } from './errors.js'
import { remoteManifest } from './pullthrough.js'
import { isDigest } from './routes.js'

const LIST_TYPES = [MEDIA_TYPES.schema2ManifestList, MEDIA_TYPES.ociIndex]

export function manifestResponse(bytes: Uint8Array, mediaType: string, digest: string, head: boolean): Response {
  const headers = baseHeaders({
    'Content-Type': mediaType,
    'Content-Length': String(bytes.length),
    'Docker-Content-Digest': digest,
    Etag: `"${digest}"`,
  })
  return new Response(head ? null : (bytes as BodyInit), { status: 200, headers })
}

function manifestOf(deps: RegistryDeps, repo: string, image: Image, stream: Parameters<typeof remoteManifest>[1], tag: string) {
  const digest = image.metadata.name ?? ''
  if (isLocal(deps, image)) {
    const local = localManifest(deps, image)
    if (local) return local
    throw regError('MANIFEST_UNKNOWN', { Name: repo, Revision: digest })
  }
  const remote = remoteManifest(deps, stream, image, tag)
  if (remote instanceof RegistryApiError) throw remote
  return remote
}

export function getManifest(deps: RegistryDeps, repo: string, ns: string, name: string, reference: string, accept: string, head: boolean): Response {
  const stream = getStream(deps, ns, name)
  let digest = reference
  let tag = ''
  if (!isDigest(reference)) {
    if (!stream) throw regError('NAME_UNKNOWN')
    tag = reference
    const d = streamTags(stream).get(reference)
    if (!d) throw regError('MANIFEST_UNKNOWN', { Tag: reference })
    digest = d
  }
  const image = stream ? (tag ? getImage(deps, digest) : imageOfStream(deps, stream, digest)) : undefined
  if (!stream || !image) throw regError('MANIFEST_UNKNOWN', { Name: repo, Revision: digest })
  let m = manifestOf(deps, repo, image, stream, tag)
  let served = image
  // manifests.go GetManifest: a client that does not take manifest lists gets the default platform.
  if (tag && LIST_TYPES.includes(m.mediaType as (typeof LIST_TYPES)[number]) && accept && !LIST_TYPES.some((t) => accept.includes(t))) {
    const child = image.dockerImageManifests?.find((c) => c.os === 'linux' && c.architecture === 'amd64')
    const childImage = child ? getImage(deps, child.digest) : undefined
    if (!childImage) throw regError('MANIFEST_UNKNOWN', { Name: repo, Revision: digest })
    m = manifestOf(deps, repo, childImage, stream, '')
    served = childImage
  }
  const servedDigest = served.metadata.name ?? digestOf(m.bytes)
  return manifestResponse(m.bytes, m.mediaType, servedDigest, head)
}
