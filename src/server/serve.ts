// `openshift-image-fake serve`: the fake on a real socket, configured by ./config.ts, with the optional
// state file (./state-file.ts), control API (./control-api.ts) and CORS (listen's `corsOrigins`).

import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { stringify } from 'yaml'
import { listen, type ListeningServer } from '../adapters/node.js'
import type { FetchHandler } from '../adapters/types.js'
import { ACCEPTS_LIGHT_REQUESTS } from '../apiserver/request-tap.js'
import { perfNow } from '../clock/native.js'
import { loadFixtures } from '../fixtures/load.js'
import { createFakeImageApi, type FakeImageApi } from '../index.js'
import { flattenObjects } from '../seed.js'
import { isLoopback, type ServeOptions } from './config.js'
import { CONTROL_PREFIX, createControlApi } from './control-api.js'
import { UsageError } from './flags.js'
import { defaultNamespace, kubeconfigFor, summarize } from './kubeconfig.js'
import { RegistryJournal } from './registry-journal.js'
import { readStateFile, removeStaleTemps, StateFileError, stateWriter, type SavedState, type StateWriter } from './state-file.js'

export interface Output {
  out(line: string): void
  err(line: string): void
}

export const consoleOutput: Output = {
  out: (l) => process.stdout.write(`${l}\n`),
  err: (l) => process.stderr.write(`${l}\n`),
}

export interface RunningServer {
  url: string
  kubeconfigPath: string
  namespace: string
  api: FakeImageApi
  server: ListeningServer
  /** The state file writer, with `--state`. */
  state?: StateWriter
  /** End watches, close the server, write the state file, remove a kubeconfig written to the default location. Idempotent. */
  close(): Promise<void>
}

const RESOURCES_PROBE = () => Object.keys(createFakeImageApi({ importController: false }).snapshot().objects)

async function fixtureObjects(sources: ServeOptions['fixtures']): Promise<unknown[]> {
  const out: unknown[] = []
  for (const s of sources) {
    if (typeof s === 'string') out.push(...(await loadFixtures(s)))
    else out.push(s)
  }
  return out
}

/** Start serving (no signal handling; see `main` in ../cli.ts). Nothing listens if any option is wrong. */
export async function serve(options: ServeOptions, output: Output = consoleOutput): Promise<RunningServer> {
  const say = (l: string) => {
    if (!options.quiet) output.out(l)
  }
  let saved: SavedState | undefined
  if (options.state) {
    saved = await readStateFile(options.state, RESOURCES_PROBE())
    await removeStaleTemps(options.state)
  }
  const fixtures = saved || options.empty ? [] : await fixtureObjects(options.fixtures)
  const api = createFakeImageApi({ ...options.api, fixtures })
  await api.ready
  try {
    api.registry.resolve('docker.io/library/openshift-image-fake-probe') // builds the configured registries now, so a bad one fails here
  } catch (e) {
    throw new UsageError(`remoteRegistry: ${e instanceof Error ? e.message : String(e)}`)
  }
  let writer: StateWriter | undefined
  const journal = new RegistryJournal(api, () => writer?.schedule())
  if (saved) {
    await api.restore(saved.snapshot)
    try {
      journal.replay(saved.registry)
    } catch (e) {
      throw new StateFileError(`state file ${options.state}: cannot replay its registry changes: ${(e as Error).message}; it was left as it is`)
    }
    // A virtual clock carries on from the saved time (a real clock is the real time anyway).
    if (saved.clock && api.clock.mode === 'virtual') await api.clock.set(saved.clock.now)
  }
  const objects = saved ? Object.values(saved.snapshot.objects).flat() : flattenObjects(fixtures)

  let tls: { cert: Buffer; key: Buffer } | undefined
  if (options.tls) tls = { cert: await readFile(options.tls.cert), key: await readFile(options.tls.key) }

  let handler: FetchHandler = api
  if (options.control) {
    const control = createControlApi(api, { journal, onChange: (replaced) => (replaced ? writer?.resync() : writer?.schedule()) })
    handler = withControl(api, control.fetch)
  }
  if (options.logRequests) handler = loggingHandler(handler, api, output)

  if (options.state) {
    // Before listening: a state file that cannot be written stops the start.
    writer = stateWriter(api, journal, options.state, {
      debounceMs: options.stateDebounceMs,
      onError: (e) => output.err(`openshift-image-fake: cannot write the state file ${options.state}: ${(e as Error).message}`),
    })
    try {
      if (!saved) await writer.flush(true)
    } catch (e) {
      await writer.close().catch(() => {})
      throw new StateFileError(`state file ${options.state}: cannot write it: ${(e as Error).message}`)
    }
  }

  let server: ListeningServer
  try {
    server = await listen(handler, { port: options.port, host: options.host, tls, hostAliases: options.hostAliases, corsOrigins: options.cors.length ? options.cors : undefined })
  } catch (e) {
    await writer?.close().catch(() => {})
    const code = (e as { code?: string }).code
    if (code === 'EADDRINUSE') throw new UsageError(`${options.host}:${options.port} is already in use (try --port 0 for a free port)`)
    if (code === 'EADDRNOTAVAIL') throw new UsageError(`cannot bind ${options.host}: address not available`)
    throw e
  }

  const namespace = options.namespace ?? defaultNamespace(objects as Parameters<typeof defaultNamespace>[0])
  const port = new URL(server.url).port
  const defaultPath = join(tmpdir(), 'openshift-image-fake', `${port}`, 'kubeconfig')
  const kubeconfigPath = resolve(options.kubeconfig ?? defaultPath)
  try {
    await mkdir(dirname(kubeconfigPath), { recursive: true })
    const token = Object.keys(options.api.auth?.tokens ?? {})[0]
    await writeFile(kubeconfigPath, stringify(kubeconfigFor({ url: server.url, namespace, token })), { mode: 0o600 })
  } catch (e) {
    // Not half-started: nothing stays listening.
    await server.close()
    await writer?.close().catch(() => {})
    throw new UsageError(`cannot write the kubeconfig ${kubeconfigPath}: ${(e as Error).message}`)
  }

  output.out(`openshift-image-fake listening on ${server.url}`)
  output.out(`kubeconfig: ${kubeconfigPath} (namespace ${namespace})`)
  const auth = options.api.auth
  if (!isLoopback(options.host) && !auth) output.err(`warning: bound to ${options.host}, reachable from other machines; the fake has no authentication`)
  if (auth && !tls) output.err('warning: --auth-file without --tls-cert/--tls-key: kubectl and client-go send bearer tokens only over https')
  if (auth) say(`auth:       ${options.authFile ?? 'auth (config)'}: ${Object.keys(auth.tokens ?? {}).length} tokens, ${auth.policy ? `${auth.policy.length} RBAC objects` : 'no policy (every user may do everything)'}`)
  if (saved) say(`state:      ${writer!.path}: loaded ${summarize(objects as never)} (saved ${saved.savedAt}; fixtures not used)`)
  else {
    say(`fixtures:   ${options.empty ? 'none (--empty)' : options.fixtures.map((f) => (typeof f === 'string' ? f : `<${(f as { kind?: string }).kind ?? 'object'}>`)).join(', ')}: ${summarize(objects)}`)
    if (writer) say(`state:      ${writer.path} (new; saved after each change)`)
  }
  if (options.control) say(`control:    ${server.url}${CONTROL_PREFIX} (reset, snapshot, restore, seed, settle, faults, requests, registry)`)
  if (options.cors.length) say(`cors:       ${options.cors.join(', ')}`)
  say('')
  say(`  export KUBECONFIG=${kubeconfigPath}`)
  say(`  kubectl get imagestreams${namespace === 'openshift' ? '' : '        # namespace ' + namespace}`)
  if (namespace !== 'openshift' && objects.some((o) => (o as { metadata?: { namespace?: string } }).metadata?.namespace === 'openshift')) say('  kubectl get is -n openshift')
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
    state: writer,
    close() {
      closing ??= (async () => {
        api.closeWatches()
        await server.close()
        await writer?.close()
        if (!options.kubeconfig) await rm(dirname(defaultPath), { recursive: true, force: true }).catch(() => {})
      })()
      return closing
    },
  }
}

/** `/.fake/…` to the control API, everything else to the fake (whose 404 a real server would give without --control). */
function withControl(api: FakeImageApi, control: (r: Request) => Promise<Response>): FetchHandler {
  const h: FetchHandler = {
    fetch(request) {
      const u = request.url
      const path = u.indexOf('/', u.indexOf('//') + 2)
      const isControl = u.startsWith(CONTROL_PREFIX, path) || (u.startsWith('/.fake', path) && (u.length === path + 6 || u[path + 6] === '?'))
      return isControl ? control(request) : api.fetch(request)
    },
    closeWatches: () => api.closeWatches(),
  }
  // Control GETs read only the URL: light (body-less) requests are fine for both.
  Object.defineProperty(h, ACCEPTS_LIGHT_REQUESTS, { value: true })
  return h
}

/** One line per request, stamped with the fake's clock (virtual with --clock virtual); the duration is real time. */
function loggingHandler(inner: FetchHandler, api: FakeImageApi, output: Output): FetchHandler {
  const h: FetchHandler = {
    closeWatches: () => inner.closeWatches?.(),
    async fetch(request: Request): Promise<Response> {
      const started = perfNow()
      const url = new URL(request.url)
      const res = await inner.fetch(request)
      const ms = (perfNow() - started).toFixed(1)
      output.out(`${new Date(api.clock.now()).toISOString()} ${request.method} ${url.pathname}${url.search} ${res.status} ${ms}ms${request.headers.get('user-agent') ? ` "${request.headers.get('user-agent')}"` : ''}`)
      return res
    },
  }
  if ((inner as unknown as Record<symbol, unknown>)[ACCEPTS_LIGHT_REQUESTS]) Object.defineProperty(h, ACCEPTS_LIGHT_REQUESTS, { value: true })
  return h
}
