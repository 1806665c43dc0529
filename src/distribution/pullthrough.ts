// Pull-through (openshift/image-registry pkg/dockerregistry/server pullthroughmanifestservice.go,
// pullthroughblobstore.go): an image of the stream whose bytes the registry does not hold is fetched
// from the registry its `dockerImageReference` names — here the fake remote registries the imports use
// — with the pull secrets of the stream's namespace and the tag's `importPolicy.insecure`. A failing
// remote gives 404 OPENSHIFT_PULLTHROUGH_MANIFEST `unable to pull manifest from <ref>: <error>` for
// manifests and BLOB_UNKNOWN for blobs. referencePolicy does not matter here: `Local` only makes the API
// hand out the internal registry's pull spec, so that clients come through this path.

import { utf8 } from '../core/base64.js'
import { layerContent } from '../fixtures/blob-content.js'
import { exact, parseDockerImageReference } from '../image/helpers/reference.js'
import { keyringFromSecrets } from '../image/remote-registry/credentials.js'
import { locate, RegistryError, type RegistryRepository } from '../image/remote-registry/registry.js'
import type { Image, ImageStream } from '../image/types.js'
import type { RegistryDeps } from './deps.js'
import { pullthroughError, regError, type RegistryApiError } from './errors.js'

const INSECURE_ANNOTATION = 'openshift.io/image.insecure'

function connect(deps: RegistryDeps, stream: ImageStream, image: Image, tag: string): { repo: RegistryRepository; ref: string } {
  const reference = image.dockerImageReference ?? ''
  const parsed = parseDockerImageReference(reference)
  const ref = exact({ ...parsed, id: image.metadata.name ?? parsed.id, tag: '' })
  const loc = locate(ref)
  const ns = stream.metadata.namespace ?? ''
  const secrets = deps.store.has('secrets') ? deps.store.list('secrets', ns) : []
  // imageStream.TagIsInsecure: the stream annotation or the tag's import policy.
  const insecure =
    stream.metadata.annotations?.[INSECURE_ANNOTATION] === 'true' || !!stream.spec?.tags?.find((t) => t.name === tag || (!tag && t.importPolicy?.insecure))?.importPolicy?.insecure
  return { repo: deps.remote.connect(loc.host, loc.repository, insecure, keyringFromSecrets(secrets)), ref }
}

function message(e: unknown): string {
  return e instanceof RegistryError || e instanceof Error ? e.message : String(e)
}

/** The manifest of `image` from its source registry, or the pull-through error. */
export function remoteManifest(deps: RegistryDeps, stream: ImageStream, image: Image, tag = ''): { bytes: Uint8Array; mediaType: string } | RegistryApiError {
  let ref = image.dockerImageReference ?? ''
  try {
    const c = connect(deps, stream, image, tag)
    ref = c.ref
    const m = c.repo.manifest({ digest: image.metadata.name ?? '' })
    return { bytes: utf8(m.payload), mediaType: m.mediaType }
  } catch (e) {
    return pullthroughError(ref, message(e))
  }
}

/** Blob `digest` of `image` from its source registry (configs it stores; layers it built), or BLOB_UNKNOWN. */
export function remoteBlob(deps: RegistryDeps, stream: ImageStream, image: Image, digest: string): Uint8Array | RegistryApiError {
  try {
    const { repo } = connect(deps, stream, image, '')
    const layer = image.dockerImageLayers?.find((l) => l.name === digest)
    if (layer) {
      // The remote must still have the image for its layers to be fetched.
      repo.manifest({ digest: image.metadata.name ?? '' })
      const bytes = layerContent(digest, layer.size)
      if (bytes) return bytes
    } else {
      return utf8(repo.blob(digest))
    }
  } catch {
    // remoteblobgetter: every candidate failed → unknown blob
  }
  return regError('BLOB_UNKNOWN', digest)
}
