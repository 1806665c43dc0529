// importRepositoryFromDocker and what it calls (openshift-apiserver pkg/image/apiserver/importer:
// importManifest, importSubManifests, getManifest): for one remote repository, load the requested
// digests, list the tags if asked, then load the tags. A manifest list is resolved to one platform
// (Legacy import mode) or kept whole with its sub-manifests (PreserveOriginal). Images and errors are
// written into the ImportRepository's tags and digests; ImageStreamImporter turns them into statuses.

import { dockerClientDefaults, exact, isValidDigest, mostSpecific, parseDockerImageReference, repositoryName, type DockerImageReference } from '../helpers/reference.js'
import { prioritizeTags } from '../helpers/tags.js'
import { imageWithMetadata } from '../image/image-metadata.js'
import type { Keyring } from '../remote-registry/credentials.js'
import type { RegistryRepository, RemoteRegistry, StoredManifest } from '../remote-registry/registry.js'
import type { Image, ImageManifest } from '../types.js'
import { decodeManifest, type DecodedManifest } from './decode-manifest.js'
import { manifestListToImage, schema2OrOCIToImage } from './manifest-to-image.js'
import { normalizedNamed, refWith } from './references.js'
import { digestParseError, errText, formatPingError, formatRepositoryError, isKind } from './registry-errors.js'
import { importErrors, type ImportError } from './status.js'

export type ImportMode = string

export interface ImportTag {
  name: string
  preferArch: string
  preferOS: string
  importMode: ImportMode
  image?: Image
  manifests?: Image[]
  err?: ImportError
}

export interface ImportDigest {
  name: string
  importMode: ImportMode
  image?: Image
  manifests?: Image[]
  err?: ImportError
}

export interface ImportRepository {
  ref: DockerImageReference
  /** RegistryURL().Host: the v2 endpoint host (registry-1.docker.io for Docker Hub). */
  urlHost: string
  name: string
  insecure: boolean
  importMode: ImportMode
  tags: ImportTag[]
  digests: ImportDigest[]
  maximumTags: number
  additionalTags: string[]
  err?: ImportError
}

export interface RepositoryImporterOptions {
  registry: RemoteRegistry
  /** Credentials from the namespace's pull secrets (undefined: anonymous). */
  keyring?: Keyring
  /** Request time: `Created` of manifest-list images. */
  now: string
  /** The server's platform (runtime.GOOS / GOARCH), the Legacy choice from a manifest list. */
  platform: { os: string; architecture: string }
}

interface Fetched {
  manifest: DecodedManifest
  repo: RegistryRepository
}

export class RepositoryImporter {
  constructor(private readonly opts: RepositoryImporterOptions) {}

  /** retriever.Repository: connect with the request's credentials (the `/v2/` ping). */
  private connect(ref: DockerImageReference, insecure: boolean): RegistryRepository {
    const d = dockerClientDefaults(ref)
    return this.opts.registry.connect(d.registry, repositoryName(d), insecure, this.opts.keyring)
  }

  /** getManifest / getManifestFromSource (no mirrors). `named` is the normalized reference. */
  private getManifest(named: string, insecure: boolean): Fetched {
    const imageRef = parseDockerImageReference(named)
    let repo: RegistryRepository
    try {
      repo = this.connect(imageRef, insecure)
    } catch (e) {
      throw formatPingError(imageRef, insecure, e)
    }
    let stored: StoredManifest
    try {
      stored = imageRef.id ? repo.manifest({ digest: imageRef.id }) : repo.manifest({ tag: imageRef.tag || 'latest' })
    } catch (e) {
      throw formatRepositoryError(named, e)
    }
    try {
      return { manifest: decodeManifest(stored), repo }
    } catch (e) {
      throw formatRepositoryError(named, e)
    }
  }

  /** manifestFromManifestList: the preferred platform, else linux/amd64, else the first entry. */
  private manifestFromList(list: Extract<DecodedManifest, { kind: 'list' }>, repo: RegistryRepository, preferArch: string, preferOS: string): { manifest: DecodedManifest; digest: string } {
    if (list.manifests.length === 0) throw new Error('no manifests in manifest list')
    const arch = preferArch || this.opts.platform.architecture
    const os = preferOS || this.opts.platform.os
    let digest = list.manifests.find((m) => m.architecture === arch && m.os === os)?.digest
    digest ??= list.manifests.find((m) => m.architecture === 'amd64' && m.os === 'linux')?.digest
    digest ??= list.manifests[0]!.digest
    return { manifest: decodeManifest(repo.manifest({ digest })), digest }
  }

  private importManifest(
    fetched: Fetched,
    named: string,
    digest: string,
    preferArch: string,
    preferOS: string,
    importMode: ImportMode,
  ): { image?: Image; err?: ImportError } {
    let manifest = fetched.manifest
    let d = digest
    const legacy = importMode === '' || importMode === 'Legacy'
    if (manifest.kind === 'list' && legacy) {
      try {
        const picked = this.manifestFromList(manifest, fetched.repo, preferArch, preferOS)
        manifest = picked.manifest
        d = picked.digest
      } catch (e) {
        return { err: formatRepositoryError(named, e) }
      }
    }
    if (manifest.kind === 'list') return manifestListToImage(manifest, d, this.opts.now)
    let config: string
    try {
      config = fetched.repo.blob(manifest.configDigest)
    } catch (e) {
      return { err: formatRepositoryError(named, e) }
    }
    const r = schema2OrOCIToImage(manifest, config, d)
    if (r.err || !r.image) return r
    try {
      imageWithMetadata(r.image, this.opts.now)
    } catch (e) {
      return { image: r.image, err: new Error(errText(e)) }
    }
    return r
  }

  private importSubManifests(manifests: ImageManifest[] | undefined, repository: ImportRepository): Image[] {
    const images: Image[] = []
    for (const m of manifests ?? []) {
      const ref = refWith(repository.ref, '', m.digest)
      const named = normalizedNamed(exact(ref))
      const fetched = this.getManifest(named, repository.insecure)
      const r = this.importManifest(fetched, named, m.digest, '', '', '')
      if (r.err) throw r.err
      const image = r.image!
      image.dockerImageReference = exact(mostSpecific(ref))
      images.push(image)
    }
    return images
  }

  private importOne(repository: ImportRepository, ref: DockerImageReference, digest: string, preferArch: string, preferOS: string, importMode: ImportMode): { image?: Image; manifests?: Image[]; err?: ImportError } {
    let named: string
    try {
      named = normalizedNamed(exact(ref))
    } catch (e) {
      return { err: new Error(`unable to parse docker reference ${exact(ref)}: ${errText(e)}`) }
    }
    let fetched: Fetched
    try {
      fetched = this.getManifest(named, repository.insecure)
    } catch (e) {
      return { err: e as ImportError }
    }
    const r = this.importManifest(fetched, named, digest, preferArch, preferOS, importMode)
    if (r.err) return r
    try {
      return { image: r.image, manifests: this.importSubManifests(r.image!.dockerImageManifests, repository) }
    } catch (e) {
      return { image: r.image, err: e as ImportError }
    }
  }

  /** importRepositoryFromDocker: load the digests, list the tags if asked, then load the tags. */
  importRepositoryFromDocker(repository: ImportRepository): void {
    for (const digest of repository.digests) {
      if (digest.err || digest.image) continue
      if (!isValidDigest(digest.name)) {
        digest.err = new Error(digestParseError(digest.name))
        continue
      }
      const r = this.importOne(repository, refWith(repository.ref, '', digest.name), digest.name, '', '', digest.importMode)
      digest.image = r.image
      digest.err = r.err
      digest.manifests = r.err ? undefined : r.manifests
    }

    if (repository.maximumTags > 0 || repository.maximumTags === -1) {
      let repo: RegistryRepository
      try {
        repo = this.connect(repository.ref, repository.insecure)
      } catch (e) {
        if (errText(e).endsWith('does not support v2 API')) {
          applyErrorToRepository(repository, importErrors.notV2Registry(repository.urlHost))
          return
        }
        applyErrorToRepository(repository, formatPingError(repository.ref, repository.insecure, e))
        return
      }
      let all: string[]
      try {
        all = repo.tags()
      } catch (e) {
        if (isKind(e, 'nameUnknown')) repository.err = importErrors.notFound(exact(repository.ref))
        else if (isKind(e, 'unauthorized')) repository.err = importErrors.unauthorized(`you may not have access to the container image "${exact(repository.ref)}"`)
        else repository.err = new Error(errText(e))
        return
      }
      // Some images on the Hub have empty tags: treat those as "latest".
      const set = new Set(all.map((t) => (t === '' ? 'latest' : t)))
      const ordered = prioritizeTags([...set].sort())
      let count = repository.maximumTags
      for (const s of ordered) {
        if (count <= 0 && repository.maximumTags !== -1) {
          repository.additionalTags.push(s)
          continue
        }
        count--
        repository.tags.push({ name: s, preferArch: '', preferOS: '', importMode: repository.importMode })
      }
    }

    for (const tag of repository.tags) {
      if (tag.err || tag.image) continue
      const r = this.importOne(repository, refWith(repository.ref, tag.name, ''), '', tag.preferArch, tag.preferOS, tag.importMode)
      tag.image = r.image
      tag.err = r.err
      tag.manifests = r.err ? undefined : r.manifests
    }
  }
}

function applyErrorToRepository(repository: ImportRepository, err: ImportError): void {
  repository.err = err
  for (const t of repository.tags) t.err = err
}
