// The v2 API's URL space (distribution/distribution registry/api/v2/routes.go and descriptors.go):
// base, catalog, tags list, manifests, blobs and blob uploads; repository names are `<ns>/<stream>` in
// the integrated registry (openshift/image-registry maps them to ImageStreams).

export type Route =
  | { kind: 'base' }
  | { kind: 'token' }
  | { kind: 'catalog' }
  | { kind: 'tags'; repo: string }
  | { kind: 'manifest'; repo: string; reference: string }
  | { kind: 'blob'; repo: string; digest: string }
  | { kind: 'uploads'; repo: string }
  | { kind: 'upload'; repo: string; uuid: string }

// reference.NameRegexp path components (separators `.`, `_`, `__`, `-+`), TagRegexp and DigestRegexp,
// each applied to one segment (a regular expression over the whole path backtracks exponentially).
const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/
const TAG = /^[\w][\w.-]{0,127}$/
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/
const UUID = /^[a-zA-Z0-9_.=-]+$/

function validName(name: string): boolean {
  return name.length > 0 && name.length <= 255 && name.split('/').every((c) => COMPONENT.test(c))
}

/** The token endpoint (openshift/image-registry configuration.go defaultTokenPath). */
export const TOKEN_PATH = '/openshift/token'

/** The route of a path under /v2, or undefined (404 with no registry body, as the router does). */
export function matchRoute(path: string): Route | undefined {
  if (path === '/v2' || path === '/v2/') return { kind: 'base' }
  if (path === TOKEN_PATH) return { kind: 'token' }
  if (!path.startsWith('/v2/')) return undefined
  const rest = path.slice(4)
  if (rest === '_catalog') return { kind: 'catalog' }
  const segs = rest.split('/')
  const n = segs.length
  const nameOf = (k: number): string | undefined => {
    const name = segs.slice(0, n - k).join('/')
    return validName(name) ? name : undefined
  }
  let repo: string | undefined
  if (n >= 3 && segs[n - 2] === 'tags' && segs[n - 1] === 'list' && (repo = nameOf(2))) return { kind: 'tags', repo }
  if (n >= 3 && segs[n - 2] === 'manifests' && (TAG.test(segs[n - 1]!) || DIGEST.test(segs[n - 1]!)) && (repo = nameOf(2))) {
    return { kind: 'manifest', repo, reference: segs[n - 1]! }
  }
  if (n >= 4 && segs[n - 3] === 'blobs' && segs[n - 2] === 'uploads' && segs[n - 1] === '' && (repo = nameOf(3))) return { kind: 'uploads', repo }
  if (n >= 3 && segs[n - 2] === 'blobs' && segs[n - 1] === 'uploads' && (repo = nameOf(2))) return { kind: 'uploads', repo }
  if (n >= 4 && segs[n - 3] === 'blobs' && segs[n - 2] === 'uploads' && UUID.test(segs[n - 1]!) && (repo = nameOf(3))) return { kind: 'upload', repo, uuid: segs[n - 1]! }
  if (n >= 3 && segs[n - 2] === 'blobs' && DIGEST.test(segs[n - 1]!) && (repo = nameOf(2))) return { kind: 'blob', repo, digest: segs[n - 1]! }
  return undefined
}

/** `<ns>/<stream>` of a repository name (openshift/image-registry getNamespaceName), or undefined. */
export function splitRepository(repo: string): { namespace: string; name: string } | undefined {
  const parts = repo.split('/')
  if (parts.length !== 2) return undefined
  return { namespace: parts[0]!, name: parts[1]! }
}

export function isDigest(reference: string): boolean {
  return reference.includes(':')
}
