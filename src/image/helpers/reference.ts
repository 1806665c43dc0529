// Docker image reference parsing and rendering, ported from openshift/library-go
// pkg/image/reference (Parse, Exact, String, MostSpecific, ...) and its internal copies of the
// docker/distribution `reference` grammar and `digest` validation (no normalisation).
// fidelity: helpers.reference-parsing

/** The error thrown by reference/digest parsing; `.message` is the exact Go error text. */
export class ImageReferenceError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ImageReferenceError'
  }
}

export const ERR_REFERENCE_INVALID_FORMAT = 'invalid reference format'
export const ERR_NAME_CONTAINS_UPPERCASE = 'repository name must be lowercase'
export const ERR_NAME_EMPTY = 'repository name must have at least one component'
export const NAME_TOTAL_LENGTH_MAX = 255
export const ERR_NAME_TOO_LONG = `repository name must not be more than ${NAME_TOTAL_LENGTH_MAX} characters`
export const ERR_DIGEST_INVALID_FORMAT = 'invalid checksum digest format'
export const ERR_DIGEST_INVALID_LENGTH = 'invalid checksum digest length'
export const ERR_DIGEST_UNSUPPORTED = 'unsupported digest algorithm'

export const DOCKER_DEFAULT_REGISTRY = 'docker.io'
export const DOCKER_DEFAULT_V1_REGISTRY = 'index.docker.io'
export const DOCKER_DEFAULT_V2_REGISTRY = 'registry-1.docker.io'
export const DOCKER_DEFAULT_NAMESPACE = 'library'

// --- grammar -------------------------------------------------------------------------------------
// The Go expressions are rewritten into language-equivalent forms without nested ambiguous
// quantifiers (Go's RE2 is linear-time; a literal port would backtrack exponentially in JS):
//   component  [a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*   ==  [a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*
//   hostcomp   [a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]  ==  [a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?
// The only capture groups are name, tag and digest, whose decomposition of a matching string is
// unique, so the captures equal Go's.
const NAME_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*'
const HOST_COMPONENT = '[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?'
const HOSTNAME = `${HOST_COMPONENT}(?:\\.${HOST_COMPONENT})*(?::[0-9]+)?`
const NAME = `(?:${HOSTNAME}/)?${NAME_COMPONENT}(?:/${NAME_COMPONENT})*`
const TAG = '[\\w][\\w.-]{0,127}'
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}'
const REFERENCE_RE = new RegExp(`^(${NAME})(?::(${TAG}))?(?:@(${DIGEST}))?$`)
const ANCHORED_TAG_RE = new RegExp(`^${TAG}$`)
const ANCHORED_NAME_RE = new RegExp(`^(?:(${HOSTNAME})/)?(${NAME_COMPONENT}(?:/${NAME_COMPONENT})*)$`)
// digest.DigestRegexpAnchored: `^[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+$`
const DIGEST_ANCHORED_RE = /^[a-zA-Z0-9_+.-]+:[a-fA-F0-9]+$/

const DIGEST_HEX_LENGTH: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 }

/** digest.Digest.Validate(): the error text, or null when `s` is a valid digest. */
export function digestError(s: string): string | null {
  if (!DIGEST_ANCHORED_RE.test(s)) return ERR_DIGEST_INVALID_FORMAT
  const i = s.indexOf(':')
  if (i < 0 || i + 1 === s.length) return ERR_DIGEST_INVALID_FORMAT
  const want = Object.prototype.hasOwnProperty.call(DIGEST_HEX_LENGTH, s.slice(0, i)) ? DIGEST_HEX_LENGTH[s.slice(0, i)] : undefined
  if (want === undefined) return ERR_DIGEST_UNSUPPORTED
  if (want !== s.length - i - 1) return ERR_DIGEST_INVALID_LENGTH
  return null
}

/** digest.ParseDigest(s) == nil */
export function isValidDigest(s: string): boolean {
  return digestError(s) === null
}

/** digest.ParseDigest: returns `s` or throws ImageReferenceError. */
export function parseDigest(s: string): string {
  const err = digestError(s)
  if (err) throw new ImageReferenceError(err)
  return s
}

/** The hex part of a digest (Digest.Hex()); the whole string after the first ':'. */
export function digestHex(d: string): string {
  return d.slice(d.indexOf(':') + 1)
}

/** Go strings.ToLower for the purpose of re-matching: JS full case mapping differs for U+0130. */
function goToLower(s: string): string {
  return s.replace(/\u0130/g, 'i').toLowerCase()
}

/** Result of the distribution grammar parse (reference.Parse / ParseNamed). */
export interface NamedReference {
  name: string
  tag: string
  digest: string
}

/** reference.Parse from the vendored distribution copy. Throws ImageReferenceError. */
export function parseNamed(s: string): NamedReference {
  const m = REFERENCE_RE.exec(s)
  if (!m) {
    if (s === '') throw new ImageReferenceError(ERR_NAME_EMPTY)
    if (REFERENCE_RE.test(goToLower(s))) throw new ImageReferenceError(ERR_NAME_CONTAINS_UPPERCASE)
    throw new ImageReferenceError(ERR_REFERENCE_INVALID_FORMAT)
  }
  const name = m[1] ?? ''
  if (name.length > NAME_TOTAL_LENGTH_MAX) throw new ImageReferenceError(ERR_NAME_TOO_LONG)
  const digest = m[3] ?? ''
  if (digest !== '') parseDigest(digest)
  // name is never empty when the grammar matched
  return { name, tag: m[2] ?? '', digest }
}

/** String() of the typed distribution reference. */
function namedString(r: NamedReference): string {
  let s = r.name
  if (r.tag) s += ':' + r.tag
  if (r.digest) s += '@' + r.digest
  return s
}

/** reference.SplitHostname on a name: [hostname, remainder]. */
export function splitHostname(name: string): [string, string] {
  const m = ANCHORED_NAME_RE.exec(name)
  if (!m) return ['', name]
  return [m[1] ?? '', m[2] ?? '']
}

/** Whether `tag` is a syntactically valid docker tag. */
export function isValidTag(tag: string): boolean {
  return ANCHORED_TAG_RE.test(tag)
}

// --- DockerImageReference ------------------------------------------------------------------------

export interface DockerImageReference {
  registry: string
  namespace: string
  name: string
  tag: string
  id: string
}

function hasAny(s: string, chars: string): boolean {
  for (const c of chars) if (s.includes(c)) return true
  return false
}

/** library-go reference.Parse. Throws ImageReferenceError with the exact Go message. */
export function parseDockerImageReference(spec: string): DockerImageReference {
  const ref: DockerImageReference = { registry: '', namespace: '', name: '', tag: '', id: '' }
  const named = parseNamed(spec)
  const name = named.name
  const i = name.indexOf('/')

  // no path components and it looks like a url (contains a '.') or localhost: a registry
  const isRegistryOnly = i === -1 && (name.includes('.') || name.startsWith('localhost'))
  let isNameOnly = i === -1 && !isRegistryOnly
  isNameOnly = isNameOnly || (i > -1 && !hasAny(name.slice(0, i), ':.') && name.slice(0, i) !== 'localhost')

  if (isRegistryOnly) {
    ref.registry = namedString(named)
  } else if (isNameOnly) {
    ref.name = name
  } else {
    ref.registry = name.slice(0, i)
    ref.name = name.slice(i + 1)
  }
  if (!isRegistryOnly && named.tag) ref.tag = named.tag
  if (named.digest) ref.id = named.digest

  const j = ref.name.indexOf('/')
  if (j !== -1) {
    ref.namespace = ref.name.slice(0, j)
    ref.name = ref.name.slice(j + 1)
  }
  return ref
}

/** The parse error message for `spec`, or null when it parses. */
export function dockerImageReferenceError(spec: string): string | null {
  try {
    parseDockerImageReference(spec)
    return null
  } catch (e) {
    if (e instanceof ImageReferenceError) return e.message
    throw e
  }
}

/** Parse, returning undefined instead of throwing. */
export function tryParseDockerImageReference(spec: string): DockerImageReference | undefined {
  try {
    return parseDockerImageReference(spec)
  } catch (e) {
    if (e instanceof ImageReferenceError) return undefined
    throw e
  }
}

export function isRegistryDockerHub(registry: string): boolean {
  return registry === DOCKER_DEFAULT_REGISTRY || registry === DOCKER_DEFAULT_V1_REGISTRY || registry === DOCKER_DEFAULT_V2_REGISTRY
}

/** NameString(): name with `@id` (digest id), `:id` (non-digest id) or `:tag`. */
export function nameString(r: DockerImageReference): string {
  if (r.name.length === 0) return ''
  if (r.id.length > 0) return r.name + (isValidDigest(r.id) ? '@' : ':') + r.id
  if (r.tag.length > 0) return r.name + ':' + r.tag
  return r.name
}

/** Exact(): the set fields, no defaulting. */
export function exact(r: DockerImageReference): string {
  const name = nameString(r)
  if (name.length === 0) return name
  let s = r.registry
  if (s.length > 0) s += '/'
  if (r.namespace.length !== 0) s += r.namespace + '/'
  return s + name
}

/** String(): Exact() with namespace `library` inserted for Docker Hub registries. */
export function referenceString(r: DockerImageReference): string {
  if (r.namespace.length === 0 && isRegistryDockerHub(r.registry)) r = { ...r, namespace: DOCKER_DEFAULT_NAMESPACE }
  return exact(r)
}

/** MostSpecific(): a valid digest ID drops the tag; a non-digest ID with no tag becomes the tag. */
export function mostSpecific(r: DockerImageReference): DockerImageReference {
  if (r.id.length === 0) return { ...r }
  if (isValidDigest(r.id)) return { ...r, tag: '' }
  if (r.tag.length === 0) return { ...r, tag: r.id, id: '' }
  return { ...r }
}

/** DockerClientDefaults(): registry docker.io, namespace library (hub), tag latest. */
export function dockerClientDefaults(r: DockerImageReference): DockerImageReference {
  const out = { ...r }
  if (out.registry.length === 0) out.registry = DOCKER_DEFAULT_REGISTRY
  if (out.namespace.length === 0 && isRegistryDockerHub(out.registry)) out.namespace = DOCKER_DEFAULT_NAMESPACE
  if (out.tag.length === 0) out.tag = 'latest'
  return out
}

/** Minimal(): drops a `latest` tag. */
export function minimal(r: DockerImageReference): DockerImageReference {
  return r.tag === 'latest' ? { ...r, tag: '' } : { ...r }
}

/** DaemonMinimal(): clears defaults that Docker assumes. */
export function daemonMinimal(r: DockerImageReference): DockerImageReference {
  const out = { ...r }
  if (out.registry === DOCKER_DEFAULT_V1_REGISTRY || out.registry === DOCKER_DEFAULT_V2_REGISTRY) out.registry = DOCKER_DEFAULT_REGISTRY
  if (isRegistryDockerHub(out.registry) && out.namespace === DOCKER_DEFAULT_NAMESPACE) out.namespace = ''
  return minimal(out)
}

/** AsV2(): docker.io / index.docker.io become registry-1.docker.io. */
export function asV2(r: DockerImageReference): DockerImageReference {
  const out = { ...r }
  if (out.registry === DOCKER_DEFAULT_V1_REGISTRY || out.registry === DOCKER_DEFAULT_REGISTRY) out.registry = DOCKER_DEFAULT_V2_REGISTRY
  return out
}

/** AsRepository(): without tag or ID. */
export function asRepository(r: DockerImageReference): DockerImageReference {
  return { ...r, tag: '', id: '' }
}

/** RepositoryName(): registry-relative name (`ns/name`). */
export function repositoryName(r: DockerImageReference): string {
  return exact({ ...r, tag: '', id: '', registry: '' })
}

/** Equal(): compares after DockerClientDefaults. */
export function equalReferences(a: DockerImageReference, b: DockerImageReference): boolean {
  const x = dockerClientDefaults(a)
  const y = dockerClientDefaults(b)
  return x.registry === y.registry && x.namespace === y.namespace && x.name === y.name && x.tag === y.tag && x.id === y.id
}
