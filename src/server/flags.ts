// The `serve` flags, one row each: the option name, its help line, and how it lands in the configuration
// (the same keys as a config file, see ./config.ts). A flag given on the command line replaces the config
// file's value (a repeatable flag replaces the whole list); `--registry` files are merged into
// `remoteRegistry.registries`. To add a flag, add a row.

import { DEFAULT_FIXTURE_SET } from '../fixtures/load.js'

export class UsageError extends Error {}

export interface Flag {
  name: string
  short?: string
  type: 'string' | 'boolean'
  multiple?: boolean
  /** The argument's name in the help (`<file>`). */
  arg?: string
  help: string
  /** Lay the value over the raw configuration (config-file keys). Throws UsageError for a bad value. */
  apply?(config: Record<string, unknown>, value: never): void
}

function number(flag: string, min: number, max: number) {
  return (v: string): number => {
    if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) throw new UsageError(`--${flag} must be a number between ${min} and ${max}, not ${JSON.stringify(v)}`)
    return Number(v)
  }
}

const nonEmpty = (flag: string) => (v: string) => {
  if (v === '') throw new UsageError(`--${flag} must not be empty`)
  return v
}

const set =
  <T>(key: string, parse: (v: T) => unknown = (v) => v) =>
  (c: Record<string, unknown>, v: T) => {
    c[key] = parse(v)
  }

/** Handled by the command line itself (not configuration). */
export const META_FLAGS: Flag[] = [
  { name: 'config', short: 'c', type: 'string', arg: '<file>', help: 'read options from a JSON, YAML or ES module file (flags override it)' },
  { name: 'registry', type: 'string', multiple: true, arg: '<file>', help: 'remote registries for imports (YAML/JSON: { defaults?, registries }); repeatable' },
  { name: 'help', short: 'h', type: 'boolean', help: 'show this help' },
  { name: 'version', short: 'v', type: 'boolean', help: 'print the version' },
]

export const SERVE_FLAGS: Flag[] = [
  { name: 'port', short: 'p', type: 'string', arg: '<n>', help: 'port to listen on (default 8080; 0 picks a free port)', apply: set('port', number('port', 0, 65535)) },
  { name: 'host', type: 'string', arg: '<addr>', help: 'address to bind (default 127.0.0.1, loopback only)', apply: set('host', nonEmpty('host')) },
  {
    name: 'fixtures',
    short: 'f',
    type: 'string',
    multiple: true,
    arg: '<file|dir|name>',
    help: `YAML/JSON file, directory of them, or built-in set name (repeatable; default: the built-in "${DEFAULT_FIXTURE_SET}" set; built-in sets: @SETS@)`,
    apply: set('fixtures'),
  },
  { name: 'empty', type: 'boolean', help: 'start with no objects at all', apply: set('empty') },
  { name: 'namespace', short: 'n', type: 'string', arg: '<ns>', help: 'namespace of the kubeconfig context (default: demo, if present)', apply: set('namespace', nonEmpty('namespace')) },
  { name: 'kubeconfig', type: 'string', arg: '<path>', help: 'write the kubeconfig here (default: a temporary file, removed on exit)', apply: set('kubeconfig', nonEmpty('kubeconfig')) },
  {
    name: 'internal-registry-hostname',
    type: 'string',
    arg: '<h>',
    help: "internal registry host for status.dockerImageRepository (default image-registry.openshift-image-registry.svc:5000; '' for none)",
    apply: set('internalRegistryHostname', (v: string) => (v === '' ? null : v)),
  },
  { name: 'external-registry-hostname', type: 'string', arg: '<h>', help: 'public registry host for status.publicDockerImageRepository', apply: set('externalRegistryHostname', nonEmpty('external-registry-hostname')) },
  { name: 'tls-cert', type: 'string', arg: '<file>', help: 'serve https with this PEM certificate (with --tls-key)', apply: (c, v: string) => (c.tls = { ...(c.tls as object), cert: v }) },
  { name: 'tls-key', type: 'string', arg: '<file>', help: 'the PEM key for --tls-cert', apply: (c, v: string) => (c.tls = { ...(c.tls as object), key: v }) },
  {
    name: 'auth-file',
    type: 'string',
    arg: '<file>',
    help: 'require bearer tokens and authorize with RBAC (YAML/JSON: tokens, policy; see docs/auth.md); the kubeconfig uses its first token',
    apply: set('authFile', nonEmpty('auth-file')),
  },
  { name: 'require-namespace', type: 'boolean', help: 'reject creates in namespaces that do not exist', apply: set('requireNamespace') },
  { name: 'no-import-controller', type: 'boolean', help: 'do not import DockerImage spec tags in the background', apply: (c) => (c.importController = false) },
  {
    name: 'no-registry-defaults',
    type: 'boolean',
    help: 'leave out the built-in remote registries (Docker Hub, Red Hat, quay.io samples)',
    apply: (c) => (c.remoteRegistry = { ...(c.remoteRegistry as object), defaults: false }),
  },
  { name: 'base-path', type: 'string', multiple: true, arg: '<path>', help: 'also serve the API under this prefix, e.g. /api/kubernetes (repeatable)', apply: set('basePaths') },
  { name: 'event-window', type: 'string', arg: '<n>', help: 'write events kept for watches and paging (default 10000)', apply: set('eventWindow', number('event-window', 1, Number.MAX_SAFE_INTEGER)) },
  { name: 'state', type: 'string', arg: '<file>', help: 'keep the state in this file: loaded on start (instead of the fixtures) if it exists, saved after each change and on stop', apply: set('state', nonEmpty('state')) },
  { name: 'control', type: 'boolean', help: 'serve the control API under /.fake/ (reset, snapshot, seed, settle, faults, requests)', apply: set('control') },
  { name: 'control-allow-remote', type: 'boolean', help: 'allow --control on a non-loopback --host', apply: set('controlAllowRemote') },
  {
    name: 'host-alias',
    type: 'string',
    multiple: true,
    arg: '<name>',
    help: 'also answer requests addressed to this host name (repeatable; * for any; default: localhost, IP addresses and the bind address)',
    apply: set('hostAliases'),
  },
  { name: 'cors', type: 'string', multiple: true, arg: '<origin>', help: 'let a browser app on this origin call the server (repeatable; * for any)', apply: set('cors') },
  {
    name: 'clock',
    type: 'string',
    arg: 'virtual[=<RFC3339>]',
    help: 'a virtual clock standing at 2026-01-01T00:00:00Z (or the given instant) instead of the real one (default: real); moved with POST /.fake/clock/advance',
    apply: set('clock', parseClock),
  },
  { name: 'seed', type: 'string', arg: '<s>', help: 'deterministic uids and generated names', apply: set('seed') },
  { name: 'strict', type: 'boolean', help: 'answer 501 NotImplemented where the fake would only approximate the real server (docs/fidelity.md)', apply: set('strict') },
  { name: 'log-requests', type: 'boolean', help: 'print one line per request', apply: set('logRequests') },
  { name: 'quiet', short: 'q', type: 'boolean', help: 'print only the URL and kubeconfig lines', apply: set('quiet') },
]

/** `--clock real`, `--clock virtual`, `--clock virtual=2026-01-01T00:00:00Z`. */
function parseClock(v: string): unknown {
  if (v === 'real' || v === 'virtual') return v
  const m = /^virtual=(.+)$/.exec(v)
  if (m && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i.test(m[1]!) && !Number.isNaN(Date.parse(m[1]!))) return { start: m[1]! }
  throw new UsageError(`--clock must be real, virtual or virtual=<RFC 3339 time> (e.g. virtual=2026-01-01T00:00:00Z), not ${JSON.stringify(v)}`)
}

/** The help lines of a table: `  --name <arg>   help`. */
export function flagHelp(flags: Flag[]): string {
  const lines = flags.map((f) => {
    const left = `  ${f.short ? `-${f.short}, ` : '    '}--${f.name}${f.arg ? ` ${f.arg}` : ''}`
    return [left, f.help] as const
  })
  const width = Math.max(...lines.map(([l]) => l.length)) + 2
  const wrap = (text: string): string[] => {
    const out: string[] = []
    let line = ''
    for (const word of text.split(' ')) {
      if (line && line.length + word.length + 1 > 100 - width) {
        out.push(line)
        line = word
      } else line = line ? `${line} ${word}` : word
    }
    out.push(line)
    return out
  }
  return lines.map(([l, h]) => wrap(h).map((t, i) => (i === 0 ? l.padEnd(width) : ' '.repeat(width)) + t).join('\n')).join('\n')
}
