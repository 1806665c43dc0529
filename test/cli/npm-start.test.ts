// `npm start` (scripts/start.mjs through `exec`): signals reach the server, which shuts down cleanly; npm
// exits 0 on SIGTERM, on SIGINT sent to npm, and on a terminal's Ctrl-C (SIGINT to npm and to the server,
// each by pid, as the terminal does to its foreground process group); the port is closed, the kubeconfig
// removed, and no process is left. Uses the real `npm start` in this checkout (it builds dist/ if a source
// is newer than the build).

import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { root } from './launch.js'

const tmp = mkdtempSync(join(tmpdir(), 'oif-npm-start-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

/** The pids of every descendant of `pid` (from /proc). */
function descendants(pid: number): number[] {
  const parent = new Map<number, number>()
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8')
      // pid (comm) state ppid …: comm may hold spaces and parentheses, so read after the last ')'
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      parent.set(Number(name), ppid)
    } catch {
      // the process ended meanwhile
    }
  }
  const out: number[] = []
  const visit = (p: number) => {
    for (const [child, pp] of parent) if (pp === p && !out.includes(child)) (out.push(child), visit(child))
  }
  visit(pid)
  return out
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe.skipIf(process.platform !== 'linux')('npm start', () => {
  it.each([
    ['SIGTERM to npm', (npm: number) => process.kill(npm, 'SIGTERM'), 'SIGTERM'],
    ['SIGINT to npm', (npm: number) => process.kill(npm, 'SIGINT'), 'SIGINT'],
    [
      'Ctrl-C (SIGINT to npm and to the server)',
      (npm: number, server: number) => {
        process.kill(npm, 'SIGINT')
        process.kill(server, 'SIGINT')
      },
      'SIGINT',
    ],
  ] as const)('%s: exit 0, the port closed, the kubeconfig removed, nothing left running', async (_what, send, signal) => {
    const child = spawn('npm', ['start', '--', '--port', '0', '--empty'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TMPDIR: tmp } })
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (out += d.toString()))
    const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)))
    let left: number[] = []
    try {
      const until = Date.now() + 150_000 // a first start may build dist/
      while (!/Press Ctrl-C to stop/.test(out) && child.exitCode === null && Date.now() < until) await new Promise((r) => setTimeout(r, 50))
      const url = /listening on (\S+)/.exec(out)?.[1]
      const kubeconfig = /kubeconfig: (\S+)/.exec(out)?.[1]
      expect(url, out).toBeDefined()
      expect(existsSync(kubeconfig!)).toBe(true)
      expect((await fetch(`${url}/version`)).status).toBe(200)
      left = descendants(child.pid!)
      // npm runs the server itself (exec: no shell in between)
      expect(left.length, out).toBe(1)
      expect(readFileSync(`/proc/${left[0]}/cmdline`, 'utf8').split('\0')).toContain('scripts/start.mjs')

      send(child.pid!, left[0]!)
      expect(await exited, out).toBe(0)
      expect(out).toContain(`${signal} received, shutting down`)
      expect(out).not.toContain('again, exiting without waiting')
      await expect(fetch(`${url}/version`)).rejects.toThrow()
      expect(existsSync(kubeconfig!)).toBe(false)
      expect(left.filter(alive)).toEqual([])
    } finally {
      for (const pid of [...left, child.pid!]) if (alive(pid)) process.kill(pid, 'SIGKILL')
    }
  }, 180_000)
})
