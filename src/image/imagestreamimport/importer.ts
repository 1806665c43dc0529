// The image importer (SEMANTICS §9.4), ported from openshift-apiserver pkg/image/apiserver/importer
// (ImageStreamImporter: importImages, importFromRepository, importRepositoryFromDocker, importManifest,
// importSubManifests, formatPingError, formatRepositoryError) and importer/image.go (schema2OrOCIToImage,
// manifestListToImage). The remote side is the fake RemoteRegistry; its errors carry the texts the
// real registry client produces, so the status shapes follow from the same formatting code.

import { isPlainObject } from '../../apiserver/json.js'
import {
  asV2,
  dockerClientDefaults,
  exact,
  ImageReferenceError,
  isValidDigest,
  mostSpecific,
  parseDockerImageReference,
  parseNamed,
  repositoryName,
  type DockerImageReference,
} from '../helpers/reference.js'
import { prioritizeTags } from '../helpers/tags.js'
import {
  digestOf,
  dockerImageFromConfig,
  imageWithMetadata,
  MEDIA_TYPE_MANIFEST_LIST,
  MEDIA_TYPE_OCI_INDEX,
  MEDIA_TYPE_OCI_MANIFEST,
  MEDIA_TYPE_SCHEMA2,
} from '../image/manifest.js'
import type { Keyring } from '../registry/credentials.js'
import { RegistryError, type RegistryRepository, type RemoteRegistry, type StoredManifest } from '../registry/registry.js'
import { findSpecTag } from '../helpers/tag-events.js'
import type { Image, ImageManifest, ImageStream } from '../types.js'
import { importErrors, importStatusOf, successStatus, type ImportError } from './status.js'
import type { ImageImportStatus, ImageStreamImport } from './types.js'

export const PREFER_ARCH_ANNOTATION = 'importer.image.openshift.io/prefer-arch'
export const PREFER_OS_ANNOTATION = 'importer.image.openshift.io/prefer-os'
/** maxImagesBulkImportedPerRepository */
export const MAX_IMAGES_BULK_IMPORTED_PER_REPOSITORY = 50

export interface ImporterOptions {
  registry: RemoteRegistry
  /** Credentials from the namespace's pull secrets (undefined: anonymous). */
  keyring?: Keyring
  /** Request time: `Created` of manifest-list images. */
  now: string
  maximumTagsPerRepo?: number
  /** The server's platform (runtime.GOOS / GOARCH), the Legacy choice from a manifest list. */
  platform?: { os: string; architecture: string }
}

type ImportMode = string

interface ImportTag {
  name: string
  preferArch: string
  preferOS: string
  importMode: ImportMode
  image?: Image
  manifests?: Image[]
  err?: ImportError
}

interface ImportDigest {
  name: string
  importMode: ImportMode
  image?: Image
  manifests?: Image[]
  err?: ImportError
}

interface ImportRepository {
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

/** A manifest as distribution.UnmarshalManifest decodes it. */
type DecodedManifest =
  | { kind: 'schema2' | 'oci'; mediaType: string; payload: string; configDigest: string }
  | { kind: 'list'; mediaType: string; payload: string; manifests: ImageManifest[] }

// --- references ----------------------------------------------------------------------------------

/** reference.ParseNormalizedNamed(s).String(): Docker Hub names get `docker.io/` and `library/`. */
export function normalizedNamed(s: string): string {
  if (/^[a-f0-9]{64}$/.test(s)) throw new Error(`invalid repository name (${s}), cannot specify 64-byte hexadecimal strings`)
  const i = s.indexOf('/')
  let domain: string
  let remainder: string
  if (i === -1 || (!/[.:]/.test(s.slice(0, i)) && s.slice(0, i) !== 'localhost' && s.slice(0, i).toLowerCase() === s.slice(0, i))) {
    domain = 'docker.io'
    remainder = s
  } else {
    domain = s.slice(0, i)
    remainder = s.slice(i + 1)
  }
  if (domain === 'index.docker.io') domain = 'docker.io'
  if (domain === 'docker.io' && !remainder.includes('/')) remainder = `library/${remainder}`
  const colon = remainder.indexOf(':')
  const remoteName = colon > -1 ? remainder.slice(0, colon) : remainder
  if (remoteName.toLowerCase() !== remoteName) throw new Error('invalid reference format: repository name must be lowercase')
  const named = parseNamed(`${domain}/${remainder}`)
  return named.name + (named.tag ? `:${named.tag}` : '') + (named.digest ? `@${named.digest}` : '')
}

function refWith(ref: DockerImageReference, tag: string, id: string): DockerImageReference {
  return { ...ref, tag, id }
}

function defaulted(ref: DockerImageReference): DockerImageReference {
  return dockerClientDefaults(ref)
}

// --- error formatting ----------------------------------------------------------------------------

function isKind(err: unknown, kind: RegistryError['kind']): boolean {
  return err instanceof RegistryError && err.kind === kind
}

function errText(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

/** formatPingError: errors of the connection to the registry (the `/v2/` ping). */
function formatPingError(imageRef: DockerImageReference, insecure: boolean, err: unknown): ImportError {
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
function formatRepositoryError(ref: string, err: unknown): ImportError {
  if (isKind(err, 'manifestUnknown')) return importErrors.notFound(ref)
  if (isKind(err, 'unauthorized')) return importErrors.unauthorized(`you may not have access to the container image "${ref}"`)
  const text = errText(err)
  if (text.endsWith('no basic auth credentials')) return importErrors.unauthorized(`you may not have access to the container image "${ref}"`)
  if (text.endsWith('incorrect username or password')) return importErrors.unauthorized(`incorrect username or password for image "${ref}"`)
  return new Error(`${ref}: ${text}`)
}

// --- manifests -----------------------------------------------------------------------------------

/** distribution.UnmarshalManifest(contentType, payload) for the kinds the fake registry serves. */
function decodeManifest(stored: StoredManifest): DecodedManifest {
  const { mediaType, payload } = stored
  let doc: unknown
  try {
    doc = JSON.parse(payload)
  } catch (e) {
    throw new Error(errText(e))
  }
  const o = isPlainObject(doc) ? doc : {}
  const payloadType = typeof o.mediaType === 'string' ? o.mediaType : ''
  const configDigest = () => {
    const c = isPlainObject(o.config) ? o.config : {}
    return typeof c.digest === 'string' ? c.digest : ''
  }
  const listEntries = (): ImageManifest[] =>
    (Array.isArray(o.manifests) ? o.manifests : []).map((d) => {
      const e = isPlainObject(d) ? d : {}
      const p = isPlainObject(e.platform) ? e.platform : {}
      const m: ImageManifest = {
        digest: typeof e.digest === 'string' ? e.digest : '',
        mediaType: typeof e.mediaType === 'string' ? e.mediaType : '',
        manifestSize: typeof e.size === 'number' ? e.size : 0,
        architecture: typeof p.architecture === 'string' ? p.architecture : '',
        os: typeof p.os === 'string' ? p.os : '',
      }
      if (typeof p.variant === 'string' && p.variant) m.variant = p.variant
      return m
    })
  switch (mediaType.split(';')[0]!.trim()) {
    case MEDIA_TYPE_SCHEMA2:
      if (payloadType !== MEDIA_TYPE_SCHEMA2) throw new Error(`mediaType in manifest should be '${MEDIA_TYPE_SCHEMA2}' not '${payloadType}'`)
      return { kind: 'schema2', mediaType: MEDIA_TYPE_SCHEMA2, payload, configDigest: configDigest() }
    case MEDIA_TYPE_OCI_MANIFEST:
      if (payloadType !== '' && payloadType !== MEDIA_TYPE_OCI_MANIFEST) {
        throw new Error(`if present, mediaType in manifest should be '${MEDIA_TYPE_OCI_MANIFEST}' not '${payloadType}'`)
      }
      return { kind: 'oci', mediaType: MEDIA_TYPE_OCI_MANIFEST, payload, configDigest: configDigest() }
    case MEDIA_TYPE_MANIFEST_LIST:
      if (payloadType !== MEDIA_TYPE_MANIFEST_LIST) throw new Error(`mediaType in manifest list should be '${MEDIA_TYPE_MANIFEST_LIST}' not '${payloadType}'`)
      return { kind: 'list', mediaType: MEDIA_TYPE_MANIFEST_LIST, payload, manifests: listEntries() }
    case MEDIA_TYPE_OCI_INDEX:
      if (o.config !== undefined || o.layers !== undefined) throw new Error('index: expected index but found manifest')
      if (payloadType !== '' && payloadType !== MEDIA_TYPE_OCI_INDEX) {
        throw new Error(`if present, mediaType in image index should be '${MEDIA_TYPE_OCI_INDEX}' not '${payloadType}'`)
      }
      return { kind: 'list', mediaType: MEDIA_TYPE_OCI_INDEX, payload, manifests: listEntries() }
    default:
      throw new Error(`unsupported manifest media type and no default available: ${mediaType}`)
  }
}

interface Fetched {
  manifest: DecodedManifest
  repo: RegistryRepository
}

export class ImageStreamImporter {
  private readonly maximumTagsPerRepo: number
  private readonly platform: { os: string; architecture: string }
  /** digestToRepositoryCache for this request. */
  private readonly cache = new Map<string, Image>()

  constructor(private readonly opts: ImporterOptions) {
    this.maximumTagsPerRepo = opts.maximumTagsPerRepo ?? MAX_IMAGES_BULK_IMPORTED_PER_REPOSITORY
    this.platform = opts.platform ?? { os: 'linux', architecture: 'amd64' }
  }

  /** Import: fill `isi.status.images` and `isi.status.repository`. */
  import(isi: ImageStreamImport, stream: ImageStream): void {
    this.importImages(isi, stream)
    this.importFromRepository(isi)
  }

  private allowInsecure(insecure: boolean | undefined, ref: DockerImageReference): boolean {
    return !!insecure || this.opts.registry.isInsecure(defaulted(ref).registry)
  }

  private blocked(ref: DockerImageReference): boolean {
    return this.opts.registry.isBlocked(defaulted(ref).registry)
  }

  private repositoryKey(ref: DockerImageReference): { key: string; urlHost: string; name: string } {
    const d = defaulted(ref)
    const urlHost = asV2(d).registry
    const name = repositoryName(d)
    return { key: `https://${urlHost}/${name}`, urlHost, name }
  }

  private importImages(isi: ImageStreamImport, stream: ImageStream): void {
    const tags = new Map<string, number[]>()
    const ids = new Map<string, number[]>()
    const repositories = new Map<string, ImportRepository>()
    const specs = isi.spec.images ?? []
    const statuses: ImageImportStatus[] = specs.map(() => ({ status: { metadata: {} } }))
    isi.status.images = statuses
    specs.forEach((spec, i) => {
      if (spec.from.kind !== 'DockerImage') return
      const fromName = spec.from.name ?? ''
      let ref: DockerImageReference
      if (fromName !== '*') {
        try {
          ref = parseDockerImageReference(fromName)
        } catch (e) {
          const msg = e instanceof ImageReferenceError ? e.message : errText(e)
          statuses[i]!.status = importStatusOf(
            importErrors.invalid('', '', '', [{ type: 'FieldValueInvalid', field: 'from.name', badValue: fromName, detail: `invalid name: ${msg}` }]),
          )
          return
        }
      } else {
        ref = { registry: '', namespace: '', name: fromName, tag: '', id: '' }
      }
      if (this.blocked(ref)) {
        statuses[i]!.status = importStatusOf(importErrors.forbiddenNoResource(`registry ${ref.registry} blocked`))
        return
      }
      const defaultRef = defaulted(ref)
      const rk = this.repositoryKey(ref)
      let repo = repositories.get(rk.key)
      if (!repo) {
        repo = {
          ref,
          urlHost: rk.urlHost,
          name: rk.name,
          insecure: this.allowInsecure(spec.importPolicy.insecure, ref),
          importMode: '',
          tags: [],
          digests: [],
          maximumTags: 0,
          additionalTags: [],
        }
        repositories.set(rk.key, repo)
      }
      const importMode = spec.importPolicy.importMode ?? ''
      if (defaultRef.id) {
        const key = JSON.stringify([rk.key, defaultRef.id, '', '', importMode])
        const list = ids.get(key) ?? []
        list.push(i)
        ids.set(key, list)
        if (list.length === 1) repo.digests.push({ name: defaultRef.id, importMode, image: this.cache.get(key) })
      } else {
        const toName = spec.to ? (spec.to.name ?? '') : defaultRef.tag
        const tagRef = findSpecTag(stream, toName)
        const preferArch = tagRef?.annotations?.[PREFER_ARCH_ANNOTATION] ?? ''
        const preferOS = tagRef?.annotations?.[PREFER_OS_ANNOTATION] ?? ''
        const key = JSON.stringify([rk.key, defaultRef.tag, preferArch, preferOS, importMode])
        const list = tags.get(key) ?? []
        list.push(i)
        tags.set(key, list)
        if (list.length === 1) repo.tags.push({ name: defaultRef.tag, preferArch, preferOS, importMode, image: this.cache.get(key) })
      }
    })

    for (const [rkey, repo] of repositories) {
      this.importRepositoryFromDocker(repo)
      for (const tag of repo.tags) {
        const key = JSON.stringify([rkey, tag.name, tag.preferArch, tag.preferOS, tag.importMode])
        this.fillStatuses(repo, tag, 'tag', key, tags.get(key) ?? [], statuses)
      }
      for (const digest of repo.digests) {
        const key = JSON.stringify([rkey, digest.name, '', '', digest.importMode])
        this.fillStatuses(repo, digest, 'digest', key, ids.get(key) ?? [], statuses)
      }
    }
    for (const st of statuses) if (st.tag === '') delete st.tag
  }

  /** Write one imported tag or digest (image or error) into the statuses of the spec entries that asked for it. */
  private fillStatuses(
    repo: ImportRepository,
    item: ImportTag | ImportDigest,
    what: 'tag' | 'digest',
    key: string,
    indices: number[],
    statuses: ImageImportStatus[],
  ): void {
    if (item.image) this.cache.set(key, item.image)
    const tag = what === 'tag' ? item.name : ''
    for (const index of indices) {
      if (!item.image && !item.err) {
        item.err = new Error(
          `unknown error while importing ${what} "${item.name}" from repository "${repo.name}" with import mode "${item.importMode}", please try again.`,
        )
      }
      const st = statuses[index]!
      if (item.err) {
        st.tag = tag
        st.status = importStatusOf(item.err)
        continue
      }
      const copied = structuredClone(item.image!)
      copied.dockerImageReference = exact(mostSpecific(refWith(repo.ref, tag, copied.metadata.name ?? '')))
      if (what === 'tag') st.tag = tag
      st.image = copied
      if (item.manifests) st.manifests = structuredClone(item.manifests)
      st.status = successStatus()
    }
  }

  private importFromRepository(isi: ImageStreamImport): void {
    const spec = isi.spec.repository
    if (!spec) return
    const status: NonNullable<ImageStreamImport['status']['repository']> = { status: { metadata: {} } }
    isi.status.repository = status
    if (spec.from.kind !== 'DockerImage') return
    const fromName = spec.from.name ?? ''
    let ref: DockerImageReference
    if (fromName !== '*') {
      try {
        ref = parseDockerImageReference(fromName)
      } catch (e) {
        const msg = e instanceof ImageReferenceError ? e.message : errText(e)
        status.status = importStatusOf(
          importErrors.invalid('', '', '', [{ type: 'FieldValueInvalid', field: 'from.name', badValue: fromName, detail: `invalid name: ${msg}` }]),
        )
        return
      }
    } else {
      ref = { registry: '', namespace: '', name: fromName, tag: '', id: '' }
    }
    if (this.blocked(ref)) {
      status.status = importStatusOf(importErrors.forbiddenNoResource(`registry ${ref.registry} blocked`))
      return
    }
    const rk = this.repositoryKey(ref)
    const importMode = spec.importPolicy.importMode ?? ''
    const repo: ImportRepository = {
      ref,
      urlHost: rk.urlHost,
      name: rk.name,
      insecure: this.allowInsecure(spec.importPolicy.insecure, ref),
      importMode,
      tags: [],
      digests: [],
      maximumTags: this.maximumTagsPerRepo,
      additionalTags: [],
    }
    this.importRepositoryFromDocker(repo)
    if (repo.err) {
      status.status = importStatusOf(repo.err)
      return
    }
    const additional: string[] = []
    for (const s of repo.additionalTags) {
      const image = this.cache.get(JSON.stringify([rk.key, s, '', '', importMode]))
      if (image) repo.tags.push({ name: s, preferArch: '', preferOS: '', importMode: '', image })
      else additional.push(s)
    }
    if (additional.length) status.additionalTags = additional
    let failures = 0
    status.status = successStatus()
    const images: ImageImportStatus[] = []
    for (const tag of repo.tags) {
      const st: ImageImportStatus = { status: { metadata: {} }, tag: tag.name }
      images.push(st)
      if (!tag.image && !tag.err) {
        tag.err = new Error(`unknown error while importing tag "${tag.name}" from repository "${repo.name}" with import mode "${tag.importMode}", please try again.`)
      }
      if (tag.err) {
        failures++
        st.status = importStatusOf(tag.err)
        continue
      }
      st.status = successStatus()
      const copied = structuredClone(tag.image!)
      copied.dockerImageReference = exact(mostSpecific(refWith(ref, tag.name, copied.metadata.name ?? '')))
      st.image = copied
      if (tag.manifests) st.manifests = structuredClone(tag.manifests)
    }
    // The status's own field order: status, image, tag, manifests.
    status.images = images.map((st) => {
      const o: ImageImportStatus = { status: st.status }
      if (st.image) o.image = st.image
      if (st.tag) o.tag = st.tag
      if (st.manifests) o.manifests = st.manifests
      return o
    })
    if (!status.images.length) delete status.images
    if (failures > 0) {
      status.status = {
        metadata: {},
        status: 'Failure',
        message: failures === 1 ? 'one of the images from this repository failed to import' : `${failures} of the images from this repository failed to import`,
        reason: 'ImportFailed',
      }
    }
  }

  /** retriever.Repository: connect with the request's credentials (the `/v2/` ping). */
  private connect(ref: DockerImageReference, insecure: boolean): RegistryRepository {
    const d = defaulted(ref)
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
    const arch = preferArch || this.platform.architecture
    const os = preferOS || this.platform.os
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
  private importRepositoryFromDocker(repository: ImportRepository): void {
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

/** godigest.Parse errors. */
function digestParseError(d: string): string {
  const i = d.indexOf(':')
  if (i < 0 || i + 1 === d.length || !/^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/.test(d)) return 'invalid checksum digest format'
  const alg = d.slice(0, i)
  if (alg !== 'sha256' && alg !== 'sha384' && alg !== 'sha512') return 'unsupported digest algorithm'
  return 'invalid checksum digest length'
}

/** schema2OrOCIToImage */
function schema2OrOCIToImage(manifest: Extract<DecodedManifest, { kind: 'schema2' | 'oci' }>, config: string, d: string): { image?: Image; err?: ImportError } {
  let parsed: unknown
  try {
    parsed = JSON.parse(config)
  } catch (e) {
    return { err: new Error(errText(e)) }
  }
  const payloadDigest = digestOf(manifest.payload)
  if (d && payloadDigest !== d) {
    return {
      err: new Error(
        `content integrity error: the manifest retrieved (media type: ${manifest.mediaType}) with digest ${d} does not match the digest calculated from the content ${payloadDigest}`,
      ),
    }
  }
  let metadata
  try {
    metadata = dockerImageFromConfig(parsed)
  } catch (e) {
    return { err: new Error(errText(e)) }
  }
  metadata.Id = payloadDigest
  const image: Image = {
    metadata: { name: payloadDigest },
    dockerImageMetadata: metadata,
    dockerImageMetadataVersion: '1.0',
    dockerImageManifest: manifest.payload,
    dockerImageLayers: null,
    dockerImageManifestMediaType: manifest.mediaType,
    dockerImageConfig: config,
  }
  return { image }
}

/** manifestListToImage: the list itself (PreserveOriginal): its digest, a creation time and the entries. */
function manifestListToImage(manifest: Extract<DecodedManifest, { kind: 'list' }>, d: string, now: string): { image?: Image; err?: ImportError } {
  const digest = digestOf(manifest.payload)
  if (d && digest !== d) {
    return {
      err: new Error(
        `content integrity error: the manifest retrieved (media type: ${manifest.mediaType}) with digest ${d} does not match the digest calculated from the content ${digest}`,
      ),
    }
  }
  const image: Image = {
    metadata: { name: digest },
    dockerImageMetadata: { kind: 'DockerImage', apiVersion: '1.0', Id: digest, Created: now },
    dockerImageLayers: null,
    dockerImageManifestMediaType: manifest.mediaType,
  }
  if (manifest.manifests.length) image.dockerImageManifests = manifest.manifests
  return { image }
}
