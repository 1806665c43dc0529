// The image importer (ImageStreamImporter.Import), ported from openshift-apiserver pkg/image/apiserver/importer
// (ImageStreamImporter: importImages, importFromRepository): the ImageStreamImport's spec becomes work
// per remote repository, and the results its status. The remote side is fetched by
// repository-importer.ts (importRepositoryFromDocker), with decode-manifest.ts, manifest-to-image.ts
// (importer/image.go), registry-errors.ts (formatPingError, formatRepositoryError) and references.ts
// beside it.
// fidelity: imagestreamimport.importer

import { asV2, dockerClientDefaults, exact, ImageReferenceError, mostSpecific, parseDockerImageReference, repositoryName, type DockerImageReference } from '../helpers/reference.js'
import { findSpecTag } from '../helpers/tag-events.js'
import type { Keyring } from '../remote-registry/credentials.js'
import type { RemoteRegistry } from '../remote-registry/registry.js'
import type { Image, ImageStream } from '../types.js'
import { refWith } from './references.js'
import { errText } from './registry-errors.js'
import { RepositoryImporter, type ImportDigest, type ImportRepository, type ImportTag } from './repository-importer.js'
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

export class ImageStreamImporter {
  private readonly maximumTagsPerRepo: number
  private readonly repositories: RepositoryImporter
  /** digestToRepositoryCache for this request. */
  private readonly cache = new Map<string, Image>()

  constructor(private readonly opts: ImporterOptions) {
    this.maximumTagsPerRepo = opts.maximumTagsPerRepo ?? MAX_IMAGES_BULK_IMPORTED_PER_REPOSITORY
    this.repositories = new RepositoryImporter({
      registry: opts.registry,
      keyring: opts.keyring,
      now: opts.now,
      platform: opts.platform ?? { os: 'linux', architecture: 'amd64' },
    })
  }

  /** Import: fill `isi.status.images` and `isi.status.repository`. */
  import(isi: ImageStreamImport, stream: ImageStream): void {
    this.importImages(isi, stream)
    this.importFromRepository(isi)
  }

  private allowInsecure(insecure: boolean | undefined, ref: DockerImageReference): boolean {
    return !!insecure || this.opts.registry.isInsecure(dockerClientDefaults(ref).registry)
  }

  private blocked(ref: DockerImageReference): boolean {
    return this.opts.registry.isBlocked(dockerClientDefaults(ref).registry)
  }

  private repositoryKey(ref: DockerImageReference): { key: string; urlHost: string; name: string } {
    const d = dockerClientDefaults(ref)
    const urlHost = asV2(d).registry
    const name = repositoryName(d)
    return { key: `https://${urlHost}/${name}`, urlHost, name }
  }

  /** The spec's `from` as a reference, or the error its status gets: an invalid name, a blocked registry. */
  private sourceReference(fromName: string): { ref: DockerImageReference } | { err: ImportError } {
    let ref: DockerImageReference
    if (fromName !== '*') {
      try {
        ref = parseDockerImageReference(fromName)
      } catch (e) {
        const msg = e instanceof ImageReferenceError ? e.message : errText(e)
        return {
          err: importErrors.invalid('', '', '', [{ type: 'FieldValueInvalid', field: 'from.name', badValue: fromName, detail: `invalid name: ${msg}` }]),
        }
      }
    } else {
      ref = { registry: '', namespace: '', name: fromName, tag: '', id: '' }
    }
    if (this.blocked(ref)) return { err: importErrors.forbiddenNoResource(`registry ${ref.registry} blocked`) }
    return { ref }
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
      const source = this.sourceReference(spec.from.name ?? '')
      if ('err' in source) {
        statuses[i]!.status = importStatusOf(source.err)
        return
      }
      const ref = source.ref
      const defaultRef = dockerClientDefaults(ref)
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
      this.repositories.importRepositoryFromDocker(repo)
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
    const source = this.sourceReference(spec.from.name ?? '')
    if ('err' in source) {
      status.status = importStatusOf(source.err)
      return
    }
    const ref = source.ref
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
    this.repositories.importRepositoryFromDocker(repo)
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
}
