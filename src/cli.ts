// The `openshift-image-fake` command line: serve the in-memory image.openshift.io/v1 API on a real socket
// for kubectl/oc, client-node 2.x, browsers, or anything else that needs a URL.
//
//   openshift-image-fake serve [--port 8080] [--host 127.0.0.1] [--fixtures <file|dir|name>]... [--empty]
//                              [--namespace ns] [--kubeconfig path]
//                              [--internal-registry-hostname h] [--external-registry-hostname h]
//                              [--tls-cert f --tls-key f] [--require-namespace] [--log-requests] [--quiet]
//                              [--clock real|virtual[=<RFC3339>]] [--seed <s>]
//                              [--auth-file <yaml|json>] [--strict]
//
// It prints the URL on the first line (`openshift-image-fake listening on <url>`), writes a kubeconfig
// that points at the server (a namespace context; `insecure-skip-tls-verify: true`, which kubectl needs
// with a self-signed certificate and client-node needs for http) and prints its path. SIGINT/SIGTERM end
// the open watches, close the server, remove the kubeconfig it wrote to its default location, and
// exit 0 (a second signal exits 1 at once).

import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { parseArgs as nodeParseArgs } from 'node:util'
import { stringify } from 'yaml'
import { listen, type ListeningServer } from './adapters/node.js'
import { builtinFixtureSetsSync, DEFAULT_FIXTURE_SET, loadFixtures, packageRoot } from './fixtures/load.js'
import { createFakeImageApi, type FakeImageApi, type FakeImageApiOptions } from './index.js'
import { flattenObjects } from './seed.js'
import { perfNow } from './clock/native.js'
import type { ClockOption } from './clock/clock.js'
import { loadAuthFile } from './auth-file.js'

export class UsageError extends Error {}

export interface ServeOptions {
  port: number
  host: string
  /** Fixture sources (files, directories, built-in set names); empty with `empty`. */
  fixtures: string[]
  empty: boolean
  internalRegistryHostname?: string
  externalRegistryHostname?: string
  tlsCert?: string
  tlsKey?: string
  /** Where to write the kubeconfig (default: `<tmpdir>/openshift-image-fake/<port>/kubeconfig`, removed on exit). */
  kubeconfig?: string
  /** The namespace of the kubeconfig context (default: `demo` if the fixtures have it, else the first namespace used, else `default`). */
  namespace?: string
  requireNamespace: boolean
  logRequests: boolean
  quiet: boolean
  /** `--clock`: 'real' (default), 'virtual', or a virtual clock's `{ start }`. */
  clock?: ClockOption
  /** `--seed`: deterministic uids and generated names. */
  seed?: string
  /** Tokens and RBAC policy (YAML or JSON, see docs/auth.md); absent: no authentication. */
  authFile?: string
  /** `--strict`: approximated and not-modelled rules answer 501 (docs/fidelity.md). */
  strict?: boolean
}

export type CliCommand = { command: 'help' } | { command: 'version' } | { command: 'serve'; options: ServeOptions }

export const USAGE_TEMPLATE = `Usage: openshift-image-fake serve [options]

Serve an in-memory fake of OpenShift's image.openshift.io/v1 API (plus discovery, OpenAPI and
/version) on a real socket, seeded with fixtures, and write a kubeconfig for it.

Options:
  --port <n>                          port to listen on (default 8080; 0 picks a free port)
  --host <addr>                       address to bind (default 127.0.0.1, loopback only)
  --fixtures <file|dir|name>          YAML/JSON file, directory of them, or built-in set name
                                      (repeatable; default: the built-in "${DEFAULT_FIXTURE_SET}" set;
                                      built-in sets: @SETS@)
  --empty                             start with no objects at all
  --namespace <ns>                    namespace of the kubeconfig context (default: demo, if present)
  --kubeconfig <path>                 write the kubeconfig here (default: a temporary file, removed on exit)
  --internal-registry-hostname <h>    internal registry host for status.dockerImageRepository
                                      (default image-registry.openshift-image-registry.svc:5000)
  --external-registry-hostname <h>    public registry host for status.publicDockerImageRepository
  --tls-cert <file> --tls-key <file>  serve https with this PEM certificate and key
  --require-namespace                 reject creates in namespaces that do not exist
  --auth-file <file>                  require bearer tokens and authorize with RBAC (YAML/JSON: tokens,
                                      policy; see docs/auth.md); the kubeconfig uses its first token
  --log-requests                      print one line per request
  --quiet                             print only the URL and kubeconfig lines
  --clock virtual[=<RFC3339>]         a virtual clock standing at 2026-01-01T00:00:00Z (or the given
                                      instant) instead of the real one (default: real)
  --seed <s>                          deterministic uids and generated names
  --strict                            answer 501 NotImplemented where the fake would only approximate
                                      the real server (see docs/fidelity.md)
  -h, --help                          show this help
  -v, --version                       print the version

Examples:
  openshift-image-fake serve
  openshift-image-fake serve --port 0 --fixtures ./my-fixtures --namespace team-a
  KUBECONFIG=<printed path> kubectl get is -n openshift
`

/** The help text, with the built-in fixture sets of this installation. */
export function usage(): string {
  let sets: string
  try {
    sets = builtinFixtureSetsSync().join(', ') || '(none)'
  } catch {
    sets = '(unknown)'
  }
  return USAGE_TEMPLATE.replace('@SETS@', sets)
}

function parsePort(v: string): number {
  if (!/^\d+$/.test(v) || Number(v) > 65535) throw new UsageError(`--port must be a number between 0 and 65535, not ${JSON.stringify(v)}`)
  return Number(v)
}

/** Parse the command line (without `node` and the script). Throws UsageError. */
export function parseArgs(argv: string[]): CliCommand {
  let parsed
  try {
    parsed = nodeParseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        port: { type: 'string', short: 'p' },
        host: { type: 'string' },
        fixtures: { type: 'string', multiple: true, short: 'f' },
        empty: { type: 'boolean' },
        namespace: { type: 'string', short: 'n' },
        kubeconfig: { type: 'string' },
        'internal-registry-hostname': { type: 'string' },
        'external-registry-hostname': { type: 'string' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        'require-namespace': { type: 'boolean' },
        'auth-file': { type: 'string' },
        'log-requests': { type: 'boolean' },
        quiet: { type: 'boolean', short: 'q' },
        clock: { type: 'string' },
        seed: { type: 'string' },
        strict: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    })
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e))
  }
  const { values: v, positionals } = parsed
  if (v.help || positionals[0] === 'help') return { command: 'help' }
  if (v.version || positionals[0] === 'version') return { command: 'version' }
  const [cmd = 'serve', ...rest] = positionals
  if (cmd !== 'serve') throw new UsageError(`unknown command ${JSON.stringify(cmd)}`)
  if (rest.length) throw new UsageError(`unexpected argument ${JSON.stringify(rest[0])}`)
  if (v.empty && v.fixtures?.length) throw new UsageError('--empty and --fixtures cannot be used together')
  if (Boolean(v['tls-cert']) !== Boolean(v['tls-key'])) throw new UsageError('--tls-cert and --tls-key must be given together')
  for (const k of ['host', 'namespace', 'kubeconfig', 'internal-registry-hostname', 'external-registry-hostname', 'auth-file'] as const) {
    if (v[k] === '') throw new UsageError(`--${k} must not be empty`)
  }
  return {
    command: 'serve',
    options: {
      port: v.port === undefined ? 8080 : parsePort(v.port),
      host: v.host ?? '127.0.0.1',
      fixtures: v.empty ? [] : v.fixtures?.length ? v.fixtures : [DEFAULT_FIXTURE_SET],
      empty: Boolean(v.empty),
      internalRegistryHostname: v['internal-registry-hostname'],
      externalRegistryHostname: v['external-registry-hostname'],
      tlsCert: v['tls-cert'],
      tlsKey: v['tls-key'],
      kubeconfig: v.kubeconfig,
      namespace: v.namespace,
      requireNamespace: Boolean(v['require-namespace']),
      logRequests: Boolean(v['log-requests']),
      quiet: Boolean(v.quiet),
      ...(v.clock !== undefined && { clock: parseClock(v.clock) }),
      ...(v.seed !== undefined && { seed: v.seed }),
      authFile: v['auth-file'],
      ...(v.strict && { strict: true }),
    },
  }
}

/** `--clock real`, `--clock virtual`, `--clock virtual=2026-01-01T00:00:00Z`. */
function parseClock(v: string): ClockOption {
  if (v === 'real' || v === 'virtual') return v
  const m = /^virtual=(.+)$/.exec(v)
  if (m && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i.test(m[1]!) && !Number.isNaN(Date.parse(m[1]!))) return { start: m[1]! }
  throw new UsageError(`--clock must be real, virtual or virtual=<RFC 3339 time> (e.g. virtual=2026-01-01T00:00:00Z), not ${JSON.stringify(v)}`)
}

export interface KubeconfigInput {
  url: string
  namespace: string
  /** Context, cluster and user name (default `openshift-image-fake`). */
  name?: string
  token?: string
}

/**
 * A kubeconfig for the fake. `insecure-skip-tls-verify` is always set: kubectl needs it to accept a
 * self-signed certificate, and @kubernetes/client-node refuses `http://` servers without it.
 * (kubectl sends the token only over https; the fake checks it only when started with `auth`/`--auth-file`.)
 */
export function kubeconfigFor(input: KubeconfigInput): Record<string, unknown> {
  const name = input.name ?? 'openshift-image-fake'
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster: { server: input.url, 'insecure-skip-tls-verify': true } }],
    users: [{ name: 'developer', user: { token: input.token ?? 'sha256~openshift-image-fake-developer-token' } }],
    contexts: [{ name, context: { cluster: name, user: 'developer', namespace: input.namespace } }],
    'current-context': name,
    preferences: {},
  }
}

/** The namespace the kubeconfig context defaults to, from the fixtures. */
export function defaultNamespace(objects: Array<{ kind?: string; metadata?: { name?: string; namespace?: string } }>): string {
  const used = new Set<string>()
  for (const o of objects) {
    if (o.kind === 'Namespace' && o.metadata?.name) used.add(o.metadata.name)
    if (o.metadata?.namespace) used.add(o.metadata.namespace)
  }
  if (used.has('demo')) return 'demo'
  for (const o of objects) if (o.metadata?.namespace && o.metadata.namespace !== 'openshift') return o.metadata.namespace
  return used.values().next().value ?? 'default'
}

/** "2 namespaces, 20 images, 7 image streams" */
export function summarize(objects: Array<{ kind?: string }>): string {
  const plural: Record<string, string> = { Namespace: 'namespaces', Image: 'images', ImageStream: 'image streams', Secret: 'secrets' }
  const counts = new Map<string, number>()
  for (const o of objects) counts.set(o.kind ?? '?', (counts.get(o.kind ?? '?') ?? 0) + 1)
  if (!counts.size) return 'no objects'
  return [...counts].map(([k, n]) => `${n} ${n === 1 ? k : (plural[k] ?? `${k} objects`)}`).join(', ')
}

export interface Output {
  out(line: string): void
  err(line: string): void
}

const consoleOutput: Output = {
  out: (l) => process.stdout.write(`${l}\n`),
  err: (l) => process.stderr.write(`${l}\n`),
}

export interface RunningServer {
  url: string
  kubeconfigPath: string
  namespace: string
  api: FakeImageApi
  server: ListeningServer
  /** End watches, close the server, remove a kubeconfig written to the default location. Idempotent. */
  close(): Promise<void>
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\./.test(host)
}

/** Start serving (no signal handling; see `main`). */
export async function serve(options: ServeOptions, output: Output = consoleOutput): Promise<RunningServer> {
  const say = (l: string) => {
    if (!options.quiet) output.out(l)
  }
  const fixtures = options.empty ? [] : await loadFixtures(options.fixtures)
  const flat = flattenObjects(fixtures)
  const apiOptions: FakeImageApiOptions = { fixtures, requireNamespace: options.requireNamespace, clock: options.clock, seed: options.seed, ...(options.strict && { strict: true }) }
  if (options.internalRegistryHostname !== undefined) apiOptions.internalRegistryHostname = options.internalRegistryHostname
  if (options.externalRegistryHostname !== undefined) apiOptions.externalRegistryHostname = options.externalRegistryHostname
  if (options.authFile) apiOptions.auth = await loadAuthFile(options.authFile)
  const api = createFakeImageApi(apiOptions)
  await api.ready

  let tls: { cert: Buffer; key: Buffer } | undefined
  if (options.tlsCert && options.tlsKey) {
    tls = { cert: await readFile(options.tlsCert), key: await readFile(options.tlsKey) }
  }
  const handler = options.logRequests ? loggingHandler(api, output) : api
  let server: ListeningServer
  try {
    server = await listen(handler, { port: options.port, host: options.host, tls })
  } catch (e) {
    const code = (e as { code?: string }).code
    if (code === 'EADDRINUSE') throw new UsageError(`${options.host}:${options.port} is already in use (try --port 0 for a free port)`)
    if (code === 'EADDRNOTAVAIL') throw new UsageError(`cannot bind ${options.host}: address not available`)
    throw e
  }

  const namespace = options.namespace ?? defaultNamespace(flat)
  const port = new URL(server.url).port
  const defaultPath = join(tmpdir(), 'openshift-image-fake', `${port}`, 'kubeconfig')
  const kubeconfigPath = resolve(options.kubeconfig ?? defaultPath)
  await mkdir(dirname(kubeconfigPath), { recursive: true })
  const token = Object.keys(apiOptions.auth?.tokens ?? {})[0]
  await writeFile(kubeconfigPath, stringify(kubeconfigFor({ url: server.url, namespace, token })), { mode: 0o600 })

  output.out(`openshift-image-fake listening on ${server.url}`)
  output.out(`kubeconfig: ${kubeconfigPath} (namespace ${namespace})`)
  if (!isLoopback(options.host) && !apiOptions.auth) output.err(`warning: bound to ${options.host}, reachable from other machines; the fake has no authentication`)
  if (apiOptions.auth && !tls) output.err('warning: --auth-file without --tls-cert/--tls-key: kubectl and client-go send bearer tokens only over https')
  if (apiOptions.auth) say(`auth:       ${options.authFile}: ${Object.keys(apiOptions.auth.tokens ?? {}).length} tokens, ${apiOptions.auth.policy ? `${apiOptions.auth.policy.length} RBAC objects` : 'no policy (every user may do everything)'}`)
  const what = options.empty ? 'none (--empty)' : options.fixtures.join(', ')
  say(`fixtures:   ${what}: ${summarize(flat)}`)
  say('')
  say(`  export KUBECONFIG=${kubeconfigPath}`)
  say(`  kubectl get imagestreams${namespace === 'openshift' ? '' : '        # namespace ' + namespace}`)
  if (namespace !== 'openshift' && flat.some((o) => o.metadata?.namespace === 'openshift')) say('  kubectl get is -n openshift')
  say('  kubectl get istag -A')
  say('')
  say('Press Ctrl-C to stop.')

  let closing: Promise<void> | undefined
  return {
    url: server.url,
    kubeconfigPath,
    namespace,
    api,
    server,
    close() {
      closing ??= (async () => {
        api.closeWatches()
        await server.close()
        if (!options.kubeconfig) await rm(dirname(defaultPath), { recursive: true, force: true }).catch(() => {})
      })()
      return closing
    },
  }
}

function loggingHandler(api: FakeImageApi, output: Output) {
  return {
    closeWatches: () => api.closeWatches(),
    async fetch(request: Request): Promise<Response> {
      const started = perfNow()
      const url = new URL(request.url)
      const res = await api.fetch(request)
      const ms = (perfNow() - started).toFixed(1) // real time spent, whatever the fake's clock says
      output.out(`${new Date(api.clock.now()).toISOString()} ${request.method} ${url.pathname}${url.search} ${res.status} ${ms}ms${request.headers.get('user-agent') ? ` "${request.headers.get('user-agent')}"` : ''}`)
      return res
    },
  }
}

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version
  } catch {
    return 'unknown'
  }
}

export interface MainOptions {
  output?: Output
  /** Process-like object for signals (default: `process`). */
  signals?: Pick<NodeJS.Process, 'on' | 'off'>
  /** Called with the running server once it listens (tests). */
  onListening?: (s: RunningServer) => void
}

/**
 * Run the CLI. For `serve` the promise resolves (with exit code 0) after SIGINT/SIGTERM has shut the
 * server down; a second signal during shutdown resolves with 1 at once. Usage errors resolve with 2.
 */
export async function main(argv: string[], opts: MainOptions = {}): Promise<number> {
  const output = opts.output ?? consoleOutput
  let cmd: CliCommand
  try {
    cmd = parseArgs(argv)
  } catch (e) {
    output.err(`openshift-image-fake: ${(e as Error).message}`)
    output.err('Run "openshift-image-fake --help" for usage.')
    return 2
  }
  if (cmd.command === 'help') {
    output.out(usage().trimEnd())
    return 0
  }
  if (cmd.command === 'version') {
    output.out(packageVersion())
    return 0
  }
  let running: RunningServer
  try {
    running = await serve(cmd.options, output)
  } catch (e) {
    output.err(`openshift-image-fake: ${e instanceof Error ? e.message : String(e)}`)
    return e instanceof UsageError ? 2 : 1
  }
  opts.onListening?.(running)
  const signals = opts.signals ?? process
  return new Promise<number>((resolveExit) => {
    let stopping = false
    const onSignal = (sig: NodeJS.Signals) => {
      if (stopping) {
        output.err(`openshift-image-fake: ${sig} again, exiting without waiting`)
        cleanup()
        resolveExit(1)
        return
      }
      stopping = true
      if (!cmd.options.quiet) output.out(`${sig} received, shutting down`)
      running.close().then(
        () => {
          cleanup()
          resolveExit(0)
        },
        (e: unknown) => {
          output.err(`openshift-image-fake: error while closing: ${e instanceof Error ? e.message : String(e)}`)
          cleanup()
          resolveExit(1)
        },
      )
    }
    const onInt = () => onSignal('SIGINT')
    const onTerm = () => onSignal('SIGTERM')
    const cleanup = () => {
      signals.off('SIGINT', onInt)
      signals.off('SIGTERM', onTerm)
    }
    signals.on('SIGINT', onInt)
    signals.on('SIGTERM', onTerm)
  })
}
