// The v2 API's URL space (distribution/distribution registry/api/v2/routes.go and descriptors.go):
// base, catalog, tags list, manifests, blobs and blob uploads; repository names are `<ns>/<stream>` in
// the integrated registry (openshift/image-registry maps them to ImageStreams).

export type Route =
  | { kind: 'base' }
  | { kind: 'catalog' }
  | { kind: 'tags'; repo: string }
  | { kind: 'manifest'; repo: string; reference: string }
  | { kind: 'blob'; repo: string; digest: string }
  | { kind: 'uploads'; repo: string }
  | { kind: 'upload'; repo: string; uuid: string }

// reference.NameRegexp path components and TagRegexp / DigestRegexp.
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*'
const NAME = `${COMPONENT}(?:/${COMPONENT})*`
const TAG = '[\\w][\\w.-]{0,127}'
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}'

const PATTERNS: Array<[RegExp, (m: RegExpMatchArray) => Route]> = [
  [/^\/v2\/?$/, () => ({ kind: 'base' })],
  [/^\/v2\/_catalog$/, () => ({ kind: 'catalog' })],
  [new RegExp(`^/v2/(${NAME})/tags/list$`), (m) => ({ kind: 'tags', repo: m[1]! })],
  [new RegExp(`^/v2/(${NAME})/manifests/(${TAG}|${DIGEST})$`), (m) => ({ kind: 'manifest', repo: m[1]!, reference: m[2]! })],
  [new RegExp(`^/v2/(${NAME})/blobs/uploads/?$`), (m) => ({ kind: 'uploads', repo: m[1]! })],
  [new RegExp(`^/v2/(${NAME})/blobs/uploads/([a-zA-Z0-9-_.=]+)$`), (m) => ({ kind: 'upload', repo: m[1]!, uuid: m[2]! })],
  [new RegExp(`^/v2/(${NAME})/blobs/(${DIGEST})$`), (m) => ({ kind: 'blob', repo: m[1]!, digest: m[2]! })],
]

/** The route of a path under /v2, or undefined (404 with no registry body, as the router does). */
export function matchRoute(path: string): Route | undefined {
  for (const [re, make] of PATTERNS) {
    const m = path.match(re)
    if (m) return make(m)
  }
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
