// Pull credentials from the namespace's docker secrets, as the importer's StaticCredentialsContext reads
// them (k8s.io/kubernetes/pkg/credentialprovider: MakeDockerKeyring + BasicDockerKeyring.Lookup): the
// `kubernetes.io/dockercfg` and `kubernetes.io/dockerconfigjson` secrets the `imagestreams/{name}/secrets`
// subresource lists (without `openshift.io/image.excludeSecret: "true"`), matched by registry host and
// repository path prefix, the most specific key first.

import { isPlainObject } from '../../apiserver/json.js'
import type { KubeObject } from '../types.js'

export const SECRET_TYPE_DOCKERCFG = 'kubernetes.io/dockercfg'
export const SECRET_TYPE_DOCKER_CONFIG_JSON = 'kubernetes.io/dockerconfigjson'
export const EXCLUDE_IMAGE_SECRET_ANNOTATION = 'openshift.io/image.excludeSecret'

export interface Credentials {
  username: string
  password: string
}

interface KeyringEntry {
  key: string
  host: string
  path: string
  creds: Credentials
}

const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io'])

/** A registry host as the keyring compares it: lower-case, Docker Hub aliases folded into docker.io. */
export function canonicalHost(host: string): string {
  const h = host.toLowerCase()
  return DOCKER_HUB_ALIASES.has(h) ? 'docker.io' : h
}

function decodeBase64Text(s: string): string | undefined {
  try {
    const bin = atob(s.replace(/[\r\n]/g, ''))
    return new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)))
  } catch {
    return undefined
  }
}

/** The text of a secret key: `stringData` wins (not yet merged), else base64-decoded `data`. */
function secretText(secret: KubeObject, key: string): string | undefined {
  const stringData = secret.stringData
  if (isPlainObject(stringData) && typeof stringData[key] === 'string') return stringData[key] as string
  const data = secret.data
  if (isPlainObject(data) && typeof data[key] === 'string') return decodeBase64Text(data[key] as string)
  return undefined
}

function entryCredentials(v: unknown): Credentials | undefined {
  if (!isPlainObject(v)) return undefined
  let username = typeof v.username === 'string' ? v.username : ''
  let password = typeof v.password === 'string' ? v.password : ''
  if (typeof v.auth === 'string' && v.auth) {
    const decoded = decodeBase64Text(v.auth)
    if (decoded === undefined) return undefined
    const i = decoded.indexOf(':')
    if (i < 0) return undefined
    username = decoded.slice(0, i)
    password = decoded.slice(i + 1)
  }
  return { username, password }
}

/** Split a keyring key (`https://quay.io/v1/`, `quay.io/org`, `docker.io`) into host and path. */
function parseKey(key: string): { host: string; path: string } {
  let k = key.trim()
  k = k.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')
  const slash = k.indexOf('/')
  let host = slash < 0 ? k : k.slice(0, slash)
  let path = slash < 0 ? '' : k.slice(slash + 1)
  // `index.docker.io/v1/` (and the other API suffixes) name the whole registry.
  if (/^v[12]\/?$/.test(path)) path = ''
  path = path.replace(/\/+$/, '')
  host = canonicalHost(host)
  return { host, path }
}

function hostMatches(pattern: string, host: string): boolean {
  if (!pattern.includes('*')) return pattern === host
  // credentialprovider URLsMatch: `*` globs one DNS label.
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^.:/]*')}$`)
  return re.test(host)
}

/** A keyring built from a namespace's secrets. */
export class Keyring {
  private readonly entries: KeyringEntry[] = []

  add(key: string, creds: Credentials): void {
    const { host, path } = parseKey(key)
    if (!host) return
    this.entries.push({ key, host, path, creds })
  }

  get size(): number {
    return this.entries.length
  }

  /** Credentials for `host` + repository `path`: the most specific matching key, first added wins ties. */
  lookup(host: string, repository: string): Credentials | undefined {
    const h = canonicalHost(host)
    const matches = this.entries.filter(
      (e) => hostMatches(e.host, h) && (e.path === '' || repository === e.path || repository.startsWith(`${e.path}/`)),
    )
    if (!matches.length) return undefined
    // BasicDockerKeyring sorts its index in reverse order, so longer (more specific) keys come first.
    const keyOf = (e: KeyringEntry) => (e.path ? `${e.host}/${e.path}` : e.host)
    let best = matches[0]!
    for (const e of matches) if (keyOf(e) > keyOf(best)) best = e
    return best.creds
  }
}

/** Whether a secret is one the importer uses (the `imagestreams/{n}/secrets` filter). */
export function isImportSecret(secret: KubeObject): boolean {
  const type = secret.type
  if (type !== SECRET_TYPE_DOCKERCFG && type !== SECRET_TYPE_DOCKER_CONFIG_JSON) return false
  return secret.metadata.annotations?.[EXCLUDE_IMAGE_SECRET_ANNOTATION] !== 'true'
}

/** MakeDockerKeyring over secrets (in list order); malformed secrets are skipped. */
export function keyringFromSecrets(secrets: KubeObject[]): Keyring {
  const ring = new Keyring()
  for (const secret of secrets) {
    if (!isImportSecret(secret)) continue
    let auths: unknown
    try {
      if (secret.type === SECRET_TYPE_DOCKER_CONFIG_JSON) {
        const text = secretText(secret, '.dockerconfigjson')
        auths = text === undefined ? undefined : (JSON.parse(text) as { auths?: unknown }).auths
      } else {
        const text = secretText(secret, '.dockercfg')
        auths = text === undefined ? undefined : JSON.parse(text)
      }
    } catch {
      continue
    }
    if (!isPlainObject(auths)) continue
    for (const [key, v] of Object.entries(auths)) {
      const creds = entryCredentials(v)
      if (creds) ring.add(key, creds)
    }
  }
  return ring
}
