// The `serve` configuration: one object with the server's own keys (port, host, tls, state, control, cors …)
// and every `createFakeImageApi` option, read from a config file (`--config`: JSON, YAML, or an ES module
// exporting the object, or a function returning it or a promise of it), with the command-line flags laid
// over it. One validator checks both, so an unknown key or a bad value stops the start with a message
// naming the key, before anything listens.

import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, extname, isAbsolute, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parse as parseYaml } from 'yaml'
import type { FakeImageApiOptions } from '../index.js'
import type { ImportControllerOptions } from '../image/controller/import-controller.js'
import { materialize } from '../image/remote-registry/registry.js'
import type { RegistryFixture, RemoteRegistryOptions, RepositoryFixture, TagSpec } from '../image/remote-registry/types.js'
import type { WatchSettings } from '../apiserver/watch.js'
import type { ClockOption } from '../clock/clock.js'
import { parseAuthOptions } from '../apiserver/auth/options.js'
import type { AuthOptions } from '../apiserver/auth/types.js'
import { DEFAULT_FIXTURE_SET } from '../fixtures/load.js'
import { arrayOf, bool, ConfigError, either, int, isPlain, keyPath, nonEmptyStr, oneOrMany, recordOf, shape, str, type Check } from './check.js'

export { ConfigError } from './check.js'

/** The `createFakeImageApi` options a server takes (fixtures come from `ServeOptions.fixtures`). */
export type ServerApiOptions = Omit<FakeImageApiOptions, 'fixtures' | 'baseUrl' | 'persist' | 'remoteRegistry'> & {
  remoteRegistry?: RemoteRegistryOptions
}

/** A fixture source: a file, a directory, a built-in set name, or (in a config file) an object itself. */
export type FixtureSource = string | Record<string, unknown>

/**
 * What a config file (`serve --config`) holds: the server's settings and the `createFakeImageApi`
 * options, by name. Every key is optional; a flag on the command line replaces the file's value.
 */
export interface ServeConfig extends ServerApiOptions {
  port?: number
  host?: string
  /** Files, folders, built-in set names (relative paths: next to the config file), or objects. */
  fixtures?: FixtureSource | FixtureSource[]
  empty?: boolean
  tls?: { cert: string; key: string }
  kubeconfig?: string
  namespace?: string
  state?: string
  stateDebounceMs?: number
  control?: boolean
  controlAllowRemote?: boolean
  cors?: string | string[]
  /** Host names served besides localhost, IP addresses and the bind address (DNS-rebinding guard); `*` for any. */
  hostAliases?: string | string[]
  logRequests?: boolean
  quiet?: boolean
  /** Tokens and RBAC policy from a YAML/JSON file (`--auth-file`, docs/auth.md); or `auth` inline. */
  authFile?: string
}

export interface ServeOptions {
  /** Default 8080; 0 picks a free port. */
  port: number
  /** Default 127.0.0.1. */
  host: string
  /** Fixture sources (default: the built-in "default" set; empty with `empty`). Ignored when `state` names an existing file. */
  fixtures: FixtureSource[]
  empty: boolean
  /** Serve https with this PEM certificate and key (file paths). */
  tls?: { cert: string; key: string }
  /** Where to write the kubeconfig (default: `<tmpdir>/openshift-image-fake/<port>/kubeconfig`, removed on exit). */
  kubeconfig?: string
  /** The namespace of the kubeconfig context (default: `demo` if the fixtures have it, else the first namespace used, else `default`). */
  namespace?: string
  /** Keep the state in this file: loaded on start (instead of the fixtures) when it exists, saved after changes and on stop. */
  state?: string
  /** Quiet period after a change before the state file is written, in ms (default 50). */
  stateDebounceMs: number
  /** Serve the control API under `/.fake/`. */
  control: boolean
  /** Allow the control API on a non-loopback `host`. */
  controlAllowRemote: boolean
  /** Browser origins allowed to call the server (CORS); `*` allows any. */
  cors: string[]
  /** Extra `Host` names the server answers (docs/security.md); `*` for any. */
  hostAliases: string[]
  logRequests: boolean
  quiet: boolean
  /** Where `api.auth` was read from (`--auth-file`), for the messages; resolveServeOptions loads it. */
  authFile?: string
  /** createFakeImageApi options. */
  api: ServerApiOptions
}

// ---- the checks ------------------------------------------------------------------------------------

const credentials = shape({ username: str, password: str })

const tagSpec: Check<TagSpec> = (v, p) => {
  if (!isPlain(v)) throw new ConfigError(p, 'must be an object: image builder options, { children: [...] }, { manifest }, or { error }')
  if ('error' in v) {
    if (typeof v.error !== 'string' || Object.keys(v).length !== 1) throw new ConfigError(p, 'a failing tag is { error: "<text>" } and nothing else')
    return v as unknown as TagSpec
  }
  try {
    materialize(v as Exclude<TagSpec, { error: string }>)
  } catch (e) {
    throw new ConfigError(p, `cannot build this image: ${e instanceof Error ? e.message : String(e)}`)
  }
  return v as unknown as TagSpec
}

const repository: Check<RepositoryFixture> = shape({ auth: credentials, error: str, tags: recordOf(tagSpec) })

const registryFixture: Check<RegistryFixture> = shape({
  httpOnly: bool,
  insecure: bool,
  blocked: bool,
  notV2: bool,
  error: str,
  auth: credentials,
  repositories: recordOf(repository),
})

export const remoteRegistryCheck: Check<RemoteRegistryOptions> = shape({ defaults: bool, registries: recordOf(registryFixture) })

const importController: Check<boolean | ImportControllerOptions> = either(bool, shape<ImportControllerOptions>({ scheduledIntervalMs: int(1), delayMs: int(0) }))

const watch: Check<Partial<WatchSettings>> = shape({
  bookmarkIntervalMs: int(0),
  minRequestTimeoutMs: int(1),
  immediateBookmark: bool,
  tooLargeResourceVersionWaitMs: int(0),
  maxQueuedBytes: int(0),
})

const basePath: Check<string> = (v, p) => {
  const s = str(v, p)
  if (!/^\/[^?#\s]*[^/?#\s]$/.test(s)) throw new ConfigError(p, `must be a path like "/api/kubernetes" (a leading slash, no trailing slash), not ${JSON.stringify(s)}`)
  return s
}

/** `''` and `null` both mean "no internal registry" (status.dockerImageRepository stays empty), as an empty `internalRegistryHostname` does in OpenShift's image config. */
const internalRegistry: Check<string | null> = (v, p) => (v === null || v === '' ? null : nonEmptyStr(v, p))

const fixtureSource: Check<FixtureSource> = (v, p) => {
  if (typeof v === 'string') return nonEmptyStr(v, p)
  if (isPlain(v)) return v
  throw new ConfigError(p, 'must be a file, a directory, a built-in set name, or an object')
}

const origin: Check<string> = (v, p) => {
  const s = nonEmptyStr(v, p)
  if (s === '*') return s
  let u: URL | undefined
  try {
    u = new URL(s)
  } catch {
    u = undefined
  }
  if (!u || u.origin === 'null' || u.origin !== s.replace(/\/$/, '')) {
    throw new ConfigError(p, `must be an origin like http://localhost:5173 (scheme://host[:port], no path; or *), not ${JSON.stringify(s)}`)
  }
  return u.origin
}

/** 'real', 'virtual', { start: <RFC 3339 time or ms> }, or (from an ES module) your own { now, setTimeout, clearTimeout }. */
const clock: Check<ClockOption> = (v, p) => {
  if (v === 'real' || v === 'virtual') return v
  if (isPlain(v) && Object.keys(v).length === 1 && 'start' in v) {
    const start = v.start
    if ((typeof start === 'string' && !Number.isNaN(Date.parse(start))) || (typeof start === 'number' && Number.isFinite(start))) return { start }
    throw new ConfigError(`${p}.start`, `must be an RFC 3339 time (e.g. "2026-01-01T00:00:00Z") or milliseconds since 1970, not ${JSON.stringify(start)}`)
  }
  if (v && typeof v === 'object' && ['now', 'setTimeout', 'clearTimeout'].every((f) => typeof (v as Record<string, unknown>)[f] === 'function')) return v as ClockOption
  throw new ConfigError(p, `must be "real", "virtual", { start: "<RFC 3339 time>" } or (in an ES module) an object with now, setTimeout and clearTimeout methods, not ${JSON.stringify(v)}`)
}

/** Tokens and an RBAC policy (docs/auth.md), checked as createFakeImageApi checks them. */
const authOptions: Check<AuthOptions> = (v, p) => {
  try {
    return parseAuthOptions(v)
  } catch (e) {
    // parseAuthOptions names its own paths under `auth: …`
    throw new ConfigError('', (e as Error).message.replace(/^auth: /, `${p}: `).replace(/^auth\./, `${p}.`))
  }
}

const refused = (why: string): Check => (_v, p) => {
  throw new ConfigError(p, why)
}

/**
 * Every key a config file may hold, with its check. Typed against ServeConfig (and through it
 * FakeImageApiOptions): a new createFakeImageApi option does not compile until it has a check here.
 */
export const CONFIG_KEYS: Record<keyof ServeConfig | 'baseUrl' | 'persist', Check> = {
  // the server
  port: int(0, 65535),
  host: nonEmptyStr,
  fixtures: oneOrMany(fixtureSource),
  empty: bool,
  tls: shape({ cert: nonEmptyStr, key: nonEmptyStr }, (o, p) => {
    if (!o.cert || !o.key) throw new ConfigError(p, 'needs both cert and key')
  }),
  kubeconfig: nonEmptyStr,
  namespace: nonEmptyStr,
  state: nonEmptyStr,
  stateDebounceMs: int(0, 60_000),
  control: bool,
  controlAllowRemote: bool,
  cors: oneOrMany(origin),
  hostAliases: oneOrMany(nonEmptyStr),
  logRequests: bool,
  quiet: bool,
  // createFakeImageApi
  internalRegistryHostname: internalRegistry,
  externalRegistryHostname: nonEmptyStr,
  basePaths: arrayOf(basePath),
  eventWindow: int(1),
  requireNamespace: bool,
  watch,
  remoteRegistry: remoteRegistryCheck,
  importController,
  clock,
  seed: str,
  auth: authOptions,
  authFile: nonEmptyStr,
  strict: bool,
  baseUrl: refused('only filters the msw handlers of an in-process fake; the server answers on its own URL (basePaths serves the API under a prefix)'),
  persist: refused('keeps a browser page\'s state in localStorage; the server keeps its state in a file with "state" (--state <file>)'),
}

/** The keys passed on to createFakeImageApi (complete: typed as a record of ServerApiOptions' keys). */
const API_KEY_SET: Record<keyof ServerApiOptions, true> = {
  internalRegistryHostname: true,
  externalRegistryHostname: true,
  basePaths: true,
  eventWindow: true,
  requireNamespace: true,
  watch: true,
  remoteRegistry: true,
  importController: true,
  clock: true,
  seed: true,
  auth: true,
  strict: true,
}
const API_KEYS = Object.keys(API_KEY_SET) as Array<keyof ServerApiOptions>

/** Check the keys and values of a raw configuration, without defaults or cross-key rules. */
export function checkKeys(raw: Record<string, unknown>): Record<string, unknown> {
  return shape<Record<string, unknown>>(CONFIG_KEYS)(raw, '')
}


/** Check a raw configuration (a config file's object with the flags laid over it) and fill in the defaults. */
export function validateConfig(raw: unknown, source = 'configuration'): ServeOptions {
  if (!isPlain(raw)) throw new ConfigError('', `${source} must be an object of options`)
  const c = shape<Record<string, unknown>>(CONFIG_KEYS)(raw, '')
  const fixtures = c.fixtures === undefined ? undefined : Array.isArray(c.fixtures) ? (c.fixtures as FixtureSource[]) : [c.fixtures as FixtureSource]
  if (c.empty && fixtures?.length) throw new ConfigError('empty', 'cannot be used together with fixtures')
  const host = (c.host as string | undefined) ?? '127.0.0.1'
  const control = Boolean(c.control)
  const controlAllowRemote = Boolean(c.controlAllowRemote)
  if (c.auth !== undefined && c.authFile !== undefined) throw new ConfigError('authFile', 'give either auth (inline) or authFile, not both')
  if (control && !isLoopback(host) && !controlAllowRemote) {
    throw new ConfigError('control', `refused on the non-loopback host ${host}: anyone who can reach it could reset or rewrite the fake (add controlAllowRemote / --control-allow-remote if you mean it)`)
  }
  const api: ServerApiOptions = {}
  for (const k of API_KEYS) if (c[k] !== undefined) (api as Record<string, unknown>)[k] = c[k]
  const cors = c.cors === undefined ? [] : Array.isArray(c.cors) ? (c.cors as string[]) : [c.cors as string]
  return {
    port: (c.port as number | undefined) ?? 8080,
    host,
    fixtures: c.empty ? [] : (fixtures ?? [DEFAULT_FIXTURE_SET]),
    empty: Boolean(c.empty),
    tls: c.tls as ServeOptions['tls'],
    kubeconfig: c.kubeconfig as string | undefined,
    namespace: c.namespace as string | undefined,
    state: c.state as string | undefined,
    stateDebounceMs: (c.stateDebounceMs as number | undefined) ?? 50,
    control,
    controlAllowRemote,
    cors: [...new Set(cors)],
    hostAliases: c.hostAliases === undefined ? [] : Array.isArray(c.hostAliases) ? (c.hostAliases as string[]) : [c.hostAliases as string],
    logRequests: Boolean(c.logRequests),
    quiet: Boolean(c.quiet),
    authFile: c.authFile as string | undefined,
    api,
  }
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\./.test(host)
}

// ---- config files ----------------------------------------------------------------------------------

/** Read a config file: `.json`, `.yaml`/`.yml`, or an ES module (`.js`, `.mjs`) whose default export is the object or a function returning it (or a promise of it). Relative paths in it are resolved against its folder. */
export async function loadConfigFile(path: string): Promise<Record<string, unknown>> {
  const file = resolve(path)
  const ext = extname(file).toLowerCase()
  let raw: unknown
  if (ext === '.js' || ext === '.mjs' || ext === '.cjs') {
    let mod: { default?: unknown }
    try {
      mod = (await import(pathToFileURL(file).href)) as { default?: unknown }
    } catch (e) {
      throw new ConfigError('', `${path}: cannot load the module: ${e instanceof Error ? e.message : String(e)}`)
    }
    raw = mod.default
    if (typeof raw === 'function') raw = await (raw as () => unknown)()
    if (raw === undefined) throw new ConfigError('', `${path}: the module has no default export (export default { port: 0, … } or a function returning it)`)
  } else {
    let text: string
    try {
      text = await readFile(file, 'utf8')
    } catch (e) {
      throw new ConfigError('', `${path}: cannot read the config file: ${(e as Error).message}`)
    }
    try {
      raw = ext === '.json' ? JSON.parse(text) : parseYaml(text)
    } catch (e) {
      throw new ConfigError('', `${path}: invalid ${ext === '.json' ? 'JSON' : 'YAML'}: ${(e as Error).message.split('\n')[0]}`)
    }
    if (raw === null || raw === undefined) raw = {}
  }
  if (!isPlain(raw)) throw new ConfigError('', `${path}: must hold an object of options, not ${Array.isArray(raw) ? 'a list' : typeof raw}`)
  return relativeTo(dirname(file), raw)
}

/** Resolve the file paths of a config against its folder. */
function relativeTo(dir: string, raw: Record<string, unknown>): Record<string, unknown> {
  const out = { ...raw }
  const at = (p: unknown) => (typeof p === 'string' && p && !isAbsolute(p) ? resolve(dir, p) : p)
  for (const k of ['kubeconfig', 'state', 'authFile']) if (k in out) out[k] = at(out[k])
  if (isPlain(out.tls)) out.tls = { ...out.tls, cert: at(out.tls.cert), key: at(out.tls.key) }
  // A fixture string is a file or folder next to the config when one exists there, else a built-in set name.
  const fx = (s: unknown) => (typeof s === 'string' && s && existsSync(resolve(dir, s)) ? resolve(dir, s) : s)
  if (Array.isArray(out.fixtures)) out.fixtures = out.fixtures.map(fx)
  else if (out.fixtures !== undefined) out.fixtures = fx(out.fixtures)
  return out
}

/** Read a remote-registry fixture file (`--registry`): YAML or JSON holding `{ defaults?, registries }`. */
export async function loadRegistryFile(path: string): Promise<RemoteRegistryOptions> {
  let raw: unknown
  try {
    raw = parseYaml(await readFile(path, 'utf8'))
  } catch (e) {
    throw new ConfigError('', `--registry ${path}: ${(e as Error).message.split('\n')[0]}`)
  }
  try {
    return remoteRegistryCheck(raw, '')
  } catch (e) {
    throw new ConfigError('', `--registry ${path}: ${(e as Error).message}`)
  }
}

/** Lay `over` (a --registry file) over `base`: its registries replace those of the same host. */
export function mergeRegistries(base: RemoteRegistryOptions | undefined, over: RemoteRegistryOptions): RemoteRegistryOptions {
  return {
    ...(base?.defaults !== undefined || over.defaults !== undefined ? { defaults: over.defaults ?? base?.defaults } : {}),
    registries: { ...(base?.registries ?? {}), ...(over.registries ?? {}) },
  }
}

export { keyPath }
