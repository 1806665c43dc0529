// The fake remote registries an import talks to: repositories with tags pointing at real manifests
// (digests computed from the bytes), manifests and config blobs by digest, credentials, and failure
// modes. The importer reaches them through `connect` (like the importer's RepositoryRetriever, which
// pings `/v2/` eagerly here), then asks for manifests, blobs and tag lists; errors carry the texts the
// importer's error formatting (formatPingError / formatRepositoryError) looks for.
//
// Tests change the content at run time through `api.registry` (publish a new build of a tag, remove a
// tag, turn failures on and off); `api.reset()` restores the content the fake was created with.

import { isPlainObject } from '../../apiserver/json.js'
import { dockerClientDefaults, parseDockerImageReference, type DockerImageReference } from '../helpers/reference.js'
import { digestOf } from '../image/digest.js'
import { buildImage, type BuiltImage } from '../../fixtures/image.js'
import { manifestList, type ManifestListFixture } from '../../fixtures/manifest-list.js'
import { canonicalHost, type Credentials, type Keyring } from './credentials.js'
import { defaultRegistries } from './defaults.js'
import type {
  FailureSpec,
  ImageSpec,
  ManifestListSpec,
  PublishedManifest,
  RawManifestSpec,
  RegistryFixture,
  RemoteRegistryOptions,
  RepositoryFixture,
  TagSpec,
} from './types.js'

/** Kinds of registry errors the importer tells apart. */
export type RegistryErrorKind =
  | 'manifestUnknown' // errcode MANIFEST_UNKNOWN
  | 'nameUnknown' // errcode NAME_UNKNOWN
  | 'unauthorized' // errcode UNAUTHORIZED
  | 'noCredentials' // "no basic auth credentials"
  | 'badCredentials' // "incorrect username or password"
  | 'httpOnly' // TLS handshake against a plain-HTTP server
  | 'notV2' // `/v2/` is not a v2 registry
  | 'transport' // anything else

export class RegistryError extends Error {
  constructor(
    readonly kind: RegistryErrorKind,
    message: string,
  ) {
    super(message)
    this.name = 'RegistryError'
  }
}

const ERROR_TEXT: Partial<Record<RegistryErrorKind, string>> = {
  manifestUnknown: 'manifest unknown: manifest unknown',
  nameUnknown: 'name unknown: repository name not known to registry',
  unauthorized: 'unauthorized: authentication required',
  noCredentials: 'no basic auth credentials',
  badCredentials: 'unauthorized: incorrect username or password',
}

function registryError(kind: RegistryErrorKind, message = ERROR_TEXT[kind] ?? kind): RegistryError {
  return new RegistryError(kind, message)
}

export interface StoredManifest {
  mediaType: string
  payload: string
}

interface RepoState {
  auth?: Credentials
  error?: string
  tags: Map<string, { digest: string } | { error: string }>
  manifests: Map<string, StoredManifest>
  blobs: Map<string, string>
}

interface RegistryState {
  httpOnly: boolean
  insecure: boolean
  blocked: boolean
  notV2: boolean
  error?: string
  auth?: Credentials
  repos: Map<string, RepoState>
}

/** The handle `connect` returns: one repository, with the caller's credentials. */
export interface RegistryRepository {
  /** A manifest by tag or digest. */
  manifest(ref: { tag?: string; digest?: string }): StoredManifest & { digest: string }
  /** A blob (image config) by digest. */
  blob(digest: string): string
  /** All tags, in the registry's (sorted) order. */
  tags(): string[]
}

/** A parsed `host/path[:tag][@digest]` as the registry stores it (Docker Hub folded into docker.io/library). */
export interface RegistryLocation {
  host: string
  repository: string
  tag: string
  digest: string
}

export function locate(ref: string): RegistryLocation {
  let parsed: DockerImageReference
  try {
    parsed = parseDockerImageReference(ref)
  } catch (e) {
    throw new Error(`registry: invalid reference ${JSON.stringify(ref)}: ${e instanceof Error ? e.message : String(e)}`)
  }
  const d = dockerClientDefaults({ ...parsed, tag: parsed.tag })
  const repository = d.namespace ? `${d.namespace}/${d.name}` : d.name
  return { host: canonicalHost(d.registry), repository, tag: parsed.tag, digest: parsed.id }
}

function text(v: string | Record<string, unknown>): string {
  return typeof v === 'string' ? v : JSON.stringify(v)
}

function isFailure(spec: TagSpec): spec is FailureSpec {
  return isPlainObject(spec) && typeof (spec as unknown as FailureSpec).error === 'string'
}

function isBuiltImage(spec: TagSpec): spec is BuiltImage {
  const b = spec as unknown as BuiltImage
  return isPlainObject(spec) && typeof b.manifest === 'string' && typeof b.config === 'string' && 'image' in spec
}

function isBuiltList(spec: TagSpec): spec is ManifestListFixture {
  const l = spec as unknown as ManifestListFixture
  return isPlainObject(spec) && typeof l.manifest === 'string' && Array.isArray(l.builds)
}

function isRaw(spec: TagSpec): spec is RawManifestSpec {
  return isPlainObject(spec) && (spec as unknown as RawManifestSpec).manifest !== undefined
}

function isList(spec: TagSpec): spec is ManifestListSpec {
  return isPlainObject(spec) && Array.isArray((spec as unknown as ManifestListSpec).children)
}

function rawToPublished(spec: RawManifestSpec): PublishedManifest {
  const manifest = text(spec.manifest)
  let mediaType = spec.mediaType ?? ''
  if (!mediaType) {
    try {
      const o = JSON.parse(manifest) as unknown
      if (isPlainObject(o) && typeof o.mediaType === 'string') mediaType = o.mediaType
    } catch {
      // served as is
    }
  }
  const out: PublishedManifest = { digest: digestOf(manifest), mediaType, manifest }
  if (spec.config !== undefined) out.config = text(spec.config)
  if (spec.children?.length) out.children = spec.children.map(rawToPublished)
  return out
}

function fromBuiltImage(b: BuiltImage): PublishedManifest {
  return { digest: b.digest, mediaType: b.mediaType, manifest: b.manifest, config: b.config, configDigest: b.configDigest }
}

function fromBuiltList(l: ManifestListFixture): PublishedManifest {
  return { digest: l.digest, mediaType: l.mediaType, manifest: l.manifest, children: l.builds.map(fromBuiltImage) }
}

/** Turn a tag spec into the manifests (and configs) it stands for, with the fixture builders. */
export function materialize(spec: Exclude<TagSpec, FailureSpec>): PublishedManifest {
  if (isBuiltList(spec)) return fromBuiltList(spec)
  if (isBuiltImage(spec)) return fromBuiltImage(spec)
  if (isRaw(spec)) return rawToPublished(spec)
  if (isList(spec)) return fromBuiltList(manifestList(spec))
  return fromBuiltImage(buildImage(spec as ImageSpec))
}

export class RemoteRegistry {
  private state?: Map<string, RegistryState>
  private initial?: Record<string, RegistryFixture>

  constructor(private readonly options: RemoteRegistryOptions = {}) {}

  /** The content, built on first use (the built-in registries cost a few milliseconds to build). */
  private get registries(): Map<string, RegistryState> {
    if (!this.state) {
      this.state = new Map()
      this.initial ??= mergeFixtures(this.options.defaults === false ? {} : defaultRegistries(), this.options.registries ?? {})
      for (const [host, fixture] of Object.entries(this.initial)) this.addRegistry(host, fixture)
    }
    return this.state
  }

  /** Back to the content the registry was created with (run by `api.reset()`). */
  reset(): void {
    this.state = undefined
  }

  private addRegistry(host: string, fixture: RegistryFixture): RegistryState {
    const state = this.registryState(host, true)!
    this.configureRegistry(host, fixture)
    for (const [repo, rf] of Object.entries(fixture.repositories ?? {})) this.addRepository(`${host}/${repo}`, rf)
    return state
  }

  private addRepository(repoRef: string, fixture: RepositoryFixture): void {
    this.configureRepository(repoRef, fixture)
    for (const [tag, spec] of Object.entries(fixture.tags ?? {})) this.publish(`${repoRef}:${tag}`, spec)
  }

  private registryState(host: string, create = false): RegistryState | undefined {
    const h = canonicalHost(host)
    let s = this.registries.get(h)
    if (!s && create) {
      s = { httpOnly: false, insecure: false, blocked: false, notV2: false, repos: new Map() }
      this.registries.set(h, s)
    }
    return s
  }

  private repoState(loc: RegistryLocation, create = false): RepoState | undefined {
    const reg = this.registryState(loc.host, create)
    if (!reg) return undefined
    let r = reg.repos.get(loc.repository)
    if (!r && create) {
      r = { tags: new Map(), manifests: new Map(), blobs: new Map() }
      reg.repos.set(loc.repository, r)
    }
    return r
  }

  /** Change a registry's behaviour (`httpOnly`, `insecure`, `blocked`, `notV2`, `error`, `auth`); creates it if missing. */
  configureRegistry(host: string, patch: Omit<RegistryFixture, 'repositories'>): void {
    const s = this.registryState(host, true)!
    if (patch.httpOnly !== undefined) s.httpOnly = patch.httpOnly
    if (patch.insecure !== undefined) s.insecure = patch.insecure
    if (patch.blocked !== undefined) s.blocked = patch.blocked
    if (patch.notV2 !== undefined) s.notV2 = patch.notV2
    if ('error' in patch) s.error = patch.error || undefined
    if ('auth' in patch) s.auth = patch.auth
  }

  /** Change a repository's `auth` / `error` (`quay.io/org/app`); creates it if missing. */
  configureRepository(repository: string, patch: Omit<RepositoryFixture, 'tags'>): void {
    const r = this.repoState(locate(repository), true)!
    if ('auth' in patch) r.auth = patch.auth
    if ('error' in patch) r.error = patch.error || undefined
  }

  /**
   * Point `ref` (`host/repo:tag`, tag default `latest`; or `host/repo@digest` to only store a manifest)
   * at new content, built from `spec`, or make it fail (`{ error }`). Returns what was published.
   */
  publish(ref: string, spec: FailureSpec): undefined
  publish(ref: string, spec: Exclude<TagSpec, FailureSpec>): PublishedManifest
  publish(ref: string, spec: TagSpec): PublishedManifest | undefined
  publish(ref: string, spec: TagSpec): PublishedManifest | undefined {
    const loc = locate(ref)
    const repo = this.repoState(loc, true)!
    const tag = loc.tag || (loc.digest ? '' : 'latest')
    if (isFailure(spec)) {
      if (tag) repo.tags.set(tag, { error: spec.error })
      return undefined
    }
    const published = materialize(spec)
    const store = (m: PublishedManifest) => {
      repo.manifests.set(m.digest, { mediaType: m.mediaType, payload: m.manifest })
      if (m.config !== undefined) repo.blobs.set(m.configDigest ?? configDigestOf(m), m.config)
      for (const c of m.children ?? []) store(c)
    }
    store(published)
    if (tag) repo.tags.set(tag, { digest: published.digest })
    return published
  }

  /** Remove a tag (the manifests stay pullable by digest). */
  untag(ref: string): void {
    const loc = locate(ref)
    this.repoState(loc)?.tags.delete(loc.tag || 'latest')
  }

  /** The digest a tag currently points at (undefined when missing or failing). */
  resolve(ref: string): string | undefined {
    const loc = locate(ref)
    if (loc.digest) return this.repoState(loc)?.manifests.has(loc.digest) ? loc.digest : undefined
    const t = this.repoState(loc)?.tags.get(loc.tag || 'latest')
    return t && 'digest' in t ? t.digest : undefined
  }

  /** A stored manifest of a repository by digest. */
  manifest(ref: string): StoredManifest | undefined {
    const loc = locate(ref)
    const digest = loc.digest || this.resolve(ref)
    return digest ? this.repoState(loc)?.manifests.get(digest) : undefined
  }

  /** Tags of a repository, sorted. */
  tags(repository: string): string[] {
    return [...(this.repoState(locate(repository))?.tags.keys() ?? [])].sort()
  }

  /** Is the (defaulted) registry host in the blocked list? */
  isBlocked(host: string): boolean {
    return this.registryState(host)?.blocked ?? false
  }

  /** Is the registry configured as insecure (cluster image config)? */
  isInsecure(host: string): boolean {
    return this.registryState(host)?.insecure ?? false
  }

  /**
   * Connect to `repository` of registry `host` (defaulted: `docker.io`, not `registry-1.docker.io`): the
   * `/v2/` ping. Throws RegistryError for transport-level failures.
   */
  connect(host: string, repository: string, insecure: boolean, keyring: Keyring | undefined): RegistryRepository {
    const urlHost = canonicalHost(host) === 'docker.io' ? 'registry-1.docker.io' : host
    const reg = this.registryState(host)
    if (!reg) throw registryError('transport', `Get "https://${urlHost}/v2/": dial tcp: lookup ${urlHost.replace(/:\d+$/, '')}: no such host`)
    if (reg.error) throw registryError('transport', reg.error)
    const plain = reg.httpOnly && (insecure || reg.insecure)
    if (reg.httpOnly && !plain) throw registryError('httpOnly', `Get "https://${urlHost}/v2/": tls: oversized record received with length 20527`)
    if (reg.notV2) throw registryError('notV2', `endpoint "${plain ? 'http' : 'https'}://${urlHost}" does not support v2 API`)
    const creds = keyring?.lookup(host, repository)
    if (reg.auth && !creds) throw registryError('noCredentials', `Get "https://${urlHost}/v2/": no basic auth credentials`)
    const registryAuthOK = !reg.auth || sameCredentials(reg.auth, creds)
    const repo = reg.repos.get(repository)
    const checkAuth = () => {
      const needed = repo?.auth
      if (!registryAuthOK) throw registryError('badCredentials')
      if (needed && !creds) throw registryError('noCredentials')
      if (needed && !sameCredentials(needed, creds)) throw registryError('badCredentials')
    }
    return {
      manifest: (ref) => {
        checkAuth()
        if (!repo) throw registryError('manifestUnknown')
        if (repo.error) throw registryError('transport', repo.error)
        let digest = ref.digest
        if (!digest) {
          const t = repo.tags.get(ref.tag || 'latest')
          if (!t) throw registryError('manifestUnknown')
          if ('error' in t) throw tagError(t.error)
          digest = t.digest
        }
        const m = repo.manifests.get(digest)
        if (!m) throw registryError('manifestUnknown')
        return { ...m, digest }
      },
      blob: (digest) => {
        checkAuth()
        const b = repo?.blobs.get(digest)
        if (b === undefined) throw registryError('transport', 'blob unknown: blob unknown to registry')
        return b
      },
      tags: () => {
        if (!registryAuthOK) throw registryError('badCredentials', 'incorrect username or password')
        if (repo?.auth && !sameCredentials(repo.auth, creds)) {
          throw creds ? registryError('badCredentials', 'incorrect username or password') : registryError('unauthorized')
        }
        if (!repo) throw registryError('nameUnknown')
        if (repo.error) throw registryError('transport', repo.error)
        return [...repo.tags.keys()].sort()
      },
    }
  }
}

/** The config digest a manifest names (served under that digest), else the digest of the config bytes. */
function configDigestOf(m: PublishedManifest): string {
  try {
    const cfg = (JSON.parse(m.manifest) as { config?: { digest?: unknown } }).config
    if (typeof cfg?.digest === 'string') return cfg.digest
  } catch {
    // not JSON: served by the digest of its bytes
  }
  return digestOf(m.config ?? '')
}

function tagError(error: string): RegistryError {
  if (error === 'notFound') return registryError('manifestUnknown')
  if (error === 'unauthorized') return registryError('unauthorized')
  return registryError('transport', error)
}

function sameCredentials(a: Credentials, b: Credentials | undefined): boolean {
  return !!b && a.username === b.username && a.password === b.password
}

/** Registries of `over` replace flags and add repositories/tags over `base`. */
function mergeFixtures(base: Record<string, RegistryFixture>, over: Record<string, RegistryFixture>): Record<string, RegistryFixture> {
  const out: Record<string, RegistryFixture> = {}
  const key = (h: string) => canonicalHost(h)
  for (const [h, f] of Object.entries(base)) out[key(h)] = { ...f, repositories: { ...f.repositories } }
  for (const [h, f] of Object.entries(over)) {
    const prev = out[key(h)]
    if (!prev) {
      out[key(h)] = f
      continue
    }
    const repos: Record<string, RepositoryFixture> = { ...prev.repositories }
    for (const [r, rf] of Object.entries(f.repositories ?? {})) {
      const p = repos[r]
      repos[r] = p ? { ...p, ...rf, tags: { ...p.tags, ...rf.tags } } : rf
    }
    out[key(h)] = { ...prev, ...f, repositories: repos }
  }
  return out
}
