// Start the CLI as a child process, the way a user does: the package laid out as published (bin/,
// dist/cli.js bundled from src/ with esbuild, fixtures/, package.json) in a temporary folder, so the tests
// need no `npm run build`. Processes are ended by their pid only.

import { build } from 'esbuild'
import { spawn, type ChildProcess } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = fileURLToPath(new URL('../..', import.meta.url))

export interface Launched {
  child: ChildProcess
  exited: Promise<number | null>
  out(): string
  err(): string
  /** SIGKILL by pid if still running. */
  kill(signal?: NodeJS.Signals): void
}

export interface Package {
  dir: string
  launch(args: string[], opts?: { cwd?: string }): Launched
  remove(): void
}

/** Bundle the CLI into a temporary package folder. */
export async function cliPackage(): Promise<Package> {
  const dir = mkdtempSync(join(tmpdir(), 'oif-cli-pkg-'))
  mkdirSync(join(dir, 'bin'))
  copyFileSync(join(root, 'bin', 'openshift-image-fake.js'), join(dir, 'bin', 'openshift-image-fake.js'))
  copyFileSync(join(root, 'package.json'), join(dir, 'package.json'))
  symlinkSync(join(root, 'fixtures'), join(dir, 'fixtures'))
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'))
  await build({ entryPoints: [join(root, 'src', 'cli.ts')], outfile: join(dir, 'dist', 'cli.js'), bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'silent' })
  return {
    dir,
    launch(args, opts = {}) {
      const child = spawn(process.execPath, [join(dir, 'bin', 'openshift-image-fake.js'), ...args], {
        stdio: ['ignore', 'pipe', 'pipe'],
        cwd: opts.cwd ?? dir,
        env: { ...process.env, TMPDIR: dir },
      })
      let stdout = ''
      let stderr = ''
      child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()))
      child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
      const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)))
      return {
        child,
        exited,
        out: () => stdout,
        err: () => stderr,
        kill(signal = 'SIGKILL') {
          if (child.exitCode === null && child.signalCode === null && child.pid) process.kill(child.pid, signal)
        },
      }
    },
    remove() {
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Wait for the URL and kubeconfig lines; fails with the output if the process exits first. */
export async function urlOf(p: Launched, timeoutMs = 20_000): Promise<string> {
  const until = Date.now() + timeoutMs
  while (Date.now() < until) {
    const m = p.out().match(/listening on (\S+)/)
    if (m && /kubeconfig: \S+/.test(p.out())) return m[1]!
    if (p.child.exitCode !== null) break
    await new Promise((r) => setTimeout(r, 25))
  }
  throw new Error(`no URL printed\n${p.out()}\n${p.err()}`)
}

export async function json(res: Response): Promise<any> {
  const text = await res.text()
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

export const IS_PATH = (ns: string) => `/apis/image.openshift.io/v1/namespaces/${ns}/imagestreams`
