// Start-up costs of the published package (dist/, as `import('openshift-image-fake')` loads it), as
// whole-process medians of fresh Node processes run in interleaved rounds (so the machine's load falls on
// every case alike), each against a floor measured in the same rounds:
//   (a) import + createFakeImageApi({ fixtures: 'default' }) + first list through api.fetch, over `node -e 0`
//       (target ≤ 250 ms); the same through msw `setupServer(...api.handlers)` + Node's fetch, against
//       importing msw/node and answering one fetch from a one-line handler (target ≤ 2×);
//   (b) `openshift-image-fake serve --port 0` (default fixtures) to its first answered request, over
//       `node -e 0` (target ≤ 300 ms), and the server's peak RSS (VmHWM, target ≤ 80 MiB);
//   (c) idle memory: RSS of a process holding a fake with `default` (after GC) minus an empty process's
//       (target ≤ 20 MiB).
//
//   npx tsx bench/startup.ts [--rounds 7] [--only idle]   (needs `npm run build` first; bench/run.ts does it)
//   --only idle runs case (c) alone and prints its row (to iterate on memory).
//
// Loopback only; every child is ended by its own pid.

import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { median } from './support.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const dist = pathToFileURL(join(root, 'dist', 'index.js')).href
const LIST = 'http://fake.bench/apis/image.openshift.io/v1/imagestreams'

const FETCH_DOOR = `
const { createFakeImageApi } = await import(${JSON.stringify(dist)})
const api = createFakeImageApi({ fixtures: 'default' })
const res = await api.fetch(new Request(${JSON.stringify(LIST)}))
if (res.status !== 200) throw new Error('status ' + res.status)
await res.arrayBuffer()`

const MSW_DOOR = `
const { setupServer } = await import('msw/node')
const { createFakeImageApi } = await import(${JSON.stringify(dist)})
const api = createFakeImageApi({ fixtures: 'default' })
const server = setupServer(...api.handlers)
server.listen({ onUnhandledRequest: 'error' })
const res = await fetch(${JSON.stringify(LIST)})
if (res.status !== 200) throw new Error('status ' + res.status)
await res.arrayBuffer()
server.close()`

const MSW_FLOOR = `
const { setupServer } = await import('msw/node')
const { http, HttpResponse } = await import('msw')
const server = setupServer(http.get(${JSON.stringify(LIST)}, () => HttpResponse.json({ items: [] })))
server.listen({ onUnhandledRequest: 'error' })
await (await fetch(${JSON.stringify(LIST)})).arrayBuffer()
server.close()`

const IDLE_FAKE = `
const { createFakeImageApi } = await import(${JSON.stringify(dist)})
const api = createFakeImageApi({ fixtures: 'default', importController: true })
await api.ready
await (await api.fetch(new Request(${JSON.stringify(LIST)}))).arrayBuffer()
await new Promise((r) => setTimeout(r, 50))
for (let i = 0; i < 3; i++) { globalThis.gc(); await new Promise((r) => setTimeout(r, 10)) }
console.log(process.memoryUsage().rss)
globalThis.keep = api
process.exit(0)`

const IDLE_EMPTY = `
await new Promise((r) => setTimeout(r, 50))
for (let i = 0; i < 3; i++) { globalThis.gc(); await new Promise((r) => setTimeout(r, 10)) }
console.log(process.memoryUsage().rss)
process.exit(0)`

/** Wall time (ms) of a fresh `node` running `code` (an ES module) to exit. */
function runScript(code: string, extra: string[] = []): Promise<{ ms: number; out: string }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now()
    const child = spawn(process.execPath, [...extra, '--input-type=module', '-e', code], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', (d) => (out += d))
    child.stderr.on('data', (d) => (err += d))
    child.on('exit', (status) => {
      const ms = performance.now() - t0
      if (status !== 0) reject(new Error(`child exited ${status}: ${err}`))
      else resolve({ ms, out })
    })
  })
}

/** `serve --port 0` to the first answered list: wall ms from spawn, and the server's peak RSS (KiB). */
function runCli(): Promise<{ ms: number; peakKiB: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'oif-bench-'))
  return new Promise((resolve, reject) => {
    const t0 = performance.now()
    const child = spawn(process.execPath, [join(root, 'bin', 'openshift-image-fake.js'), 'serve', '--port', '0', '--host', '127.0.0.1', '--quiet', '--kubeconfig', join(dir, 'kubeconfig')], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    const finish = (err?: Error, r?: { ms: number; peakKiB: number }) => {
      try {
        if (child.exitCode === null) process.kill(child.pid!, 'SIGKILL')
      } catch {}
      rmSync(dir, { recursive: true, force: true })
      if (err) reject(err)
      else resolve(r!)
    }
    const lines = createInterface({ input: child.stdout })
    lines.once('line', async (line) => {
      const url = /listening on (\S+)/.exec(line)?.[1]
      if (!url) return finish(new Error(`unexpected first line: ${line}`))
      try {
        const res = await fetch(`${url}/apis/image.openshift.io/v1/imagestreams`)
        await res.arrayBuffer()
        const ms = performance.now() - t0
        if (res.status !== 200) throw new Error(`status ${res.status}`)
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8')
        const peakKiB = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN)
        finish(undefined, { ms, peakKiB })
      } catch (e) {
        finish(e as Error)
      }
    })
    child.on('exit', (code) => finish(new Error(`serve exited ${code} before answering`)))
  })
}

export interface StartupFigures {
  rounds: number
  load: number
  nodeMs: number
  fetchDoorMs: number
  mswDoorMs: number
  mswFloorMs: number
  cliMs: number
  cliPeakMiB: number
  idleOverMiB: number
}

/** Case (c) alone: RSS of a process holding an idle fake minus an empty process's, one figure per round (MiB). */
async function idleRound(): Promise<number> {
  const fake = Number((await runScript(IDLE_FAKE, ['--expose-gc'])).out.trim())
  const empty = Number((await runScript(IDLE_EMPTY, ['--expose-gc'])).out.trim())
  return (fake - empty) / 2 ** 20
}

export async function runIdleBench(rounds = 7): Promise<{ rounds: number; idleOverMiB: number; all: number[] }> {
  if (!existsSync(join(root, 'dist', 'index.js'))) throw new Error('dist/ is missing: run `npm run build` first')
  await runScript(IDLE_FAKE, ['--expose-gc'])
  const all: number[] = []
  for (let r = 0; r < rounds; r++) all.push(await idleRound())
  return { rounds, idleOverMiB: median(all), all }
}

export async function runStartupBench(rounds = 7): Promise<StartupFigures> {
  if (!existsSync(join(root, 'dist', 'index.js'))) throw new Error('dist/ is missing: run `npm run build` first')
  const t: Record<string, number[]> = { node: [], fetch: [], msw: [], mswFloor: [], cli: [], peak: [], idle: [] }
  // one warm-up round (file system cache), not counted
  await runScript('0')
  await runScript(FETCH_DOOR)
  await runCli()
  for (let r = 0; r < rounds; r++) {
    t.node!.push((await runScript('0')).ms)
    t.fetch!.push((await runScript(FETCH_DOOR)).ms)
    t.mswFloor!.push((await runScript(MSW_FLOOR)).ms)
    t.msw!.push((await runScript(MSW_DOOR)).ms)
    const cli = await runCli()
    t.cli!.push(cli.ms)
    t.peak!.push(cli.peakKiB)
    t.idle!.push(await idleRound())
  }
  return {
    rounds,
    load: loadavg()[0]!,
    nodeMs: median(t.node!),
    fetchDoorMs: median(t.fetch!),
    mswDoorMs: median(t.msw!),
    mswFloorMs: median(t.mswFloor!),
    cliMs: median(t.cli!),
    cliPeakMiB: median(t.peak!) / 1024,
    idleOverMiB: median(t.idle!),
  }
}

const mark = (ok: boolean) => (ok ? '✓' : '✗')

function idleRow(idleOverMiB: number): string {
  return `| idle fake with default, RSS over an empty process | ${idleOverMiB.toFixed(1)} MiB | — | ≤ 20 MiB | ${mark(idleOverMiB <= 20)} |`
}

export function startupRows(f: StartupFigures): string[] {
  const fetchOver = f.fetchDoorMs - f.nodeMs
  const mswRatio = f.mswDoorMs / f.mswFloorMs
  const cliOver = f.cliMs - f.nodeMs
  return [
    `| import + create (default) + first list, api.fetch | ${f.fetchDoorMs.toFixed(0)} ms (node -e 0: ${f.nodeMs.toFixed(0)} ms) | +${fetchOver.toFixed(0)} ms | ≤ +250 ms | ${mark(fetchOver <= 250)} |`,
    `| the same through msw setupServer(...api.handlers) | ${f.mswDoorMs.toFixed(0)} ms (msw/node + one handler: ${f.mswFloorMs.toFixed(0)} ms) | ${mswRatio.toFixed(2)}× | ≤ 2× | ${mark(mswRatio <= 2)} |`,
    `| serve --port 0 to first answered request | ${f.cliMs.toFixed(0)} ms | +${cliOver.toFixed(0)} ms | ≤ +300 ms | ${mark(cliOver <= 300)} |`,
    `| serve: peak RSS (default fixtures) | ${f.cliPeakMiB.toFixed(1)} MiB | — | ≤ 80 MiB | ${mark(f.cliPeakMiB <= 80)} |`,
    idleRow(f.idleOverMiB),
  ]
}

export async function main(): Promise<void> {
  const { values } = parseArgs({ options: { rounds: { type: 'string', default: '7' }, only: { type: 'string' } } })
  if (values.only !== undefined && values.only !== 'idle') throw new Error(`--only takes 'idle', not ${JSON.stringify(values.only)}`)
  if (values.only === 'idle') {
    const idle = await runIdleBench(Number(values.rounds))
    console.log(`\n(c) idle memory, median of ${idle.rounds} rounds (each: ${idle.all.map((x) => x.toFixed(1)).join(', ')} MiB; load average ${loadavg()[0]!.toFixed(1)})\n`)
    console.log('| case | figure | vs floor | target | |')
    console.log('|---|---:|---:|---|---|')
    console.log(idleRow(idle.idleOverMiB))
    return
  }
  const f = await runStartupBench(Number(values.rounds))
  console.log(`\n(c) start-up, whole-process medians of ${f.rounds} interleaved rounds (load average ${f.load.toFixed(1)} on this machine)\n`)
  console.log('| case | figure | vs floor | target | |')
  console.log('|---|---:|---:|---|---|')
  for (const row of startupRows(f)) console.log(row)
}

if (import.meta.url === `file://${process.argv[1]}`) await main()
