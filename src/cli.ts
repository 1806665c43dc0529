// The `openshift-image-fake` command line: serve the in-memory image.openshift.io/v1 API on a real socket
// for kubectl/oc, client-node 2.x, browsers, or anything else that needs a URL.
//
//   openshift-image-fake serve [--config file] [flags…]     (see `--help` and docs/cli.md)
//
// It prints the URL on the first line (`openshift-image-fake listening on <url>`), writes a kubeconfig
// that points at the server (a namespace context; `insecure-skip-tls-verify: true`, which kubectl needs
// with a self-signed certificate and client-node needs for http) and prints its path. SIGINT/SIGTERM end
// the open watches, close the server, write the state file (--state), remove the kubeconfig it wrote to
// its default location, and exit 0 (a second signal exits 1 at once).
//
// The flags are a table (src/server/flags.ts); the configuration they and a config file make is checked
// by src/server/config.ts; serving is src/server/serve.ts.

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs as nodeParseArgs } from 'node:util'
import { perfNow } from './clock/native.js'
import { builtinFixtureSetsSync, packageRoot } from './fixtures/load.js'
import { checkKeys, ConfigError, loadConfigFile, loadRegistryFile, mergeRegistries, validateConfig, type ServeOptions } from './server/config.js'
import { loadAuthFile } from './auth-file.js'
import { flagHelp, META_FLAGS, SERVE_FLAGS, UsageError } from './server/flags.js'
import { consoleOutput, serve, type Output, type RunningServer } from './server/serve.js'
export { StateFileError } from './server/state-file.js'

export { UsageError } from './server/flags.js'
export { serve, type Output, type RunningServer } from './server/serve.js'
export { validateConfig, loadConfigFile, ConfigError, type ServeOptions, type ServerApiOptions, type FixtureSource } from './server/config.js'
export { kubeconfigFor, defaultNamespace, summarize, type KubeconfigInput } from './server/kubeconfig.js'

export type CliCommand =
  | { command: 'help' }
  | { command: 'version' }
  | {
      command: 'serve'
      /** `--config <file>` */
      config?: string
      /** `--registry <file>`s, merged in order into remoteRegistry.registries. */
      registry: string[]
      /** The flags given, as config-file keys (they replace the config file's values). */
      overrides: Record<string, unknown>
    }

const ALL_FLAGS = [...SERVE_FLAGS, ...META_FLAGS]

export function usage(): string {
  let sets: string
  try {
    sets = builtinFixtureSetsSync().join(', ') || '(none)'
  } catch {
    sets = '(unknown)'
  }
  return `Usage: openshift-image-fake serve [options]

Serve an in-memory fake of OpenShift's image.openshift.io/v1 API (plus discovery, OpenAPI and
/version) on a real socket, seeded with fixtures, and write a kubeconfig for it.

Options:
${flagHelp(ALL_FLAGS.map((f) => ({ ...f, help: f.help.replace('@SETS@', sets) })))}

A config file (--config) holds the same settings by their option names (port, host, fixtures, state,
control, cors, remoteRegistry, importController, watch, basePaths, eventWindow, …); see docs/cli.md.

Examples:
  openshift-image-fake serve
  openshift-image-fake serve --port 0 --fixtures ./my-fixtures --namespace team-a
  openshift-image-fake serve --config fake.yaml --state .fake-state.json --control
  KUBECONFIG=<printed path> kubectl get is -n openshift
`
}

/** Parse the command line (without `node` and the script). Throws UsageError. */
export function parseArgs(argv: string[]): CliCommand {
  let parsed
  try {
    parsed = nodeParseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: Object.fromEntries(ALL_FLAGS.map((f) => [f.name, { type: f.type, ...(f.short ? { short: f.short } : {}), ...(f.multiple ? { multiple: true } : {}) }])),
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
  if (v.empty && (v.fixtures as string[] | undefined)?.length) throw new UsageError('--empty and --fixtures cannot be used together')
  if (v['tls-cert'] !== undefined && v['tls-key'] === undefined) throw new UsageError('--tls-cert and --tls-key must be given together')
  if (v['tls-key'] !== undefined && v['tls-cert'] === undefined) throw new UsageError('--tls-cert and --tls-key must be given together')
  const overrides: Record<string, unknown> = {}
  for (const f of SERVE_FLAGS) {
    const value = v[f.name]
    if (value === undefined || value === false) continue
    f.apply?.(overrides, value as never)
  }
  if (v.config === '') throw new UsageError('--config must not be empty')
  return { command: 'serve', config: v.config as string | undefined, registry: (v.registry as string[] | undefined) ?? [], overrides }
}

/** The serve options of a parsed command line: the config file, the --registry files, then the flags. Throws ConfigError / UsageError. */
export async function resolveServeOptions(cmd: Extract<CliCommand, { command: 'serve' }>): Promise<ServeOptions> {
  try {
    checkKeys(cmd.overrides)
  } catch (e) {
    throw new UsageError(`command line: ${(e as Error).message}`)
  }
  const raw: Record<string, unknown> = cmd.config ? await loadConfigFile(cmd.config) : {}
  const { remoteRegistry: flagRegistry, ...overrides } = cmd.overrides
  Object.assign(raw, overrides)
  if (overrides.empty) delete raw.fixtures
  if (overrides.fixtures) delete raw.empty
  if (flagRegistry !== undefined || cmd.registry.length) {
    let registry = raw.remoteRegistry === undefined ? undefined : inConfig(cmd.config, () => validateConfig({ remoteRegistry: raw.remoteRegistry }).api.remoteRegistry)
    for (const file of cmd.registry) registry = mergeRegistries(registry, await loadRegistryFile(file))
    if (flagRegistry) registry = mergeRegistries(registry, flagRegistry as object)
    raw.remoteRegistry = registry
  }
  const options = inConfig(cmd.config, () => validateConfig(raw))
  if (options.authFile) {
    try {
      options.api.auth = await loadAuthFile(options.authFile)
    } catch (e) {
      throw new ConfigError('', (e as Error).message)
    }
  }
  return options
}

/** Name the config file in the errors of its keys. */
function inConfig<T>(file: string | undefined, fn: () => T): T {
  try {
    return fn()
  } catch (e) {
    if (file && e instanceof ConfigError) throw new ConfigError('', `${file}: ${e.message}`)
    throw e
  }
}

/** parseArgs + resolveServeOptions, for `serve` command lines. */
export async function parseServeArgs(argv: string[]): Promise<ServeOptions> {
  const cmd = parseArgs(argv)
  if (cmd.command !== 'serve') throw new UsageError(`not a serve command line: ${argv.join(' ')}`)
  return resolveServeOptions(cmd)
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
 * server down; a second signal during shutdown resolves with 1 at once. Usage and configuration errors
 * resolve with 2, a state file that cannot be loaded with 1.
 */
export async function main(argv: string[], opts: MainOptions = {}): Promise<number> {
  const output = opts.output ?? consoleOutput
  let cmd: CliCommand
  let options: ServeOptions
  try {
    cmd = parseArgs(argv)
    if (cmd.command === 'help') {
      output.out(usage().trimEnd())
      return 0
    }
    if (cmd.command === 'version') {
      output.out(packageVersion())
      return 0
    }
    options = await resolveServeOptions(cmd)
  } catch (e) {
    output.err(`openshift-image-fake: ${(e as Error).message}`)
    output.err('Run "openshift-image-fake --help" for usage.')
    return 2
  }
  let running: RunningServer
  try {
    running = await serve(options, output)
  } catch (e) {
    output.err(`openshift-image-fake: ${e instanceof Error ? e.message : String(e)}`)
    return e instanceof UsageError || e instanceof ConfigError ? 2 : 1
  }
  opts.onListening?.(running)
  const signals = opts.signals ?? process
  return new Promise<number>((resolveExit) => {
    let stopping = false
    let stoppingAt = 0
    let done = false
    const onSignal = (sig: NodeJS.Signals) => {
      if (done) return
      // Under `npm start` a Ctrl-C arrives twice (from the terminal, and forwarded by npm): a repeat
      // within a second is the same request to stop.
      if (stopping && perfNow() - stoppingAt < 1000) return
      if (stopping) {
        output.err(`openshift-image-fake: ${sig} again, exiting without waiting`)
        cleanup()
        resolveExit(1)
        return
      }
      stopping = true
      stoppingAt = perfNow()
      if (!options.quiet) output.out(`${sig} received, shutting down`)
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
      done = true
      // On the real process the handlers stay until it exits: a copy of the stop signal still on its way
      // (npm forwards a Ctrl-C a moment after the terminal's) must not meet the default action and kill the
      // process mid-exit (npm would then report the signal instead of exit code 0).
      if (signals === process) return
      signals.off('SIGINT', onInt)
      signals.off('SIGTERM', onTerm)
    }
    signals.on('SIGINT', onInt)
    signals.on('SIGTERM', onTerm)
  })
}
