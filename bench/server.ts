// Throughput of the fake on a real socket (listen() on 127.0.0.1) vs a bare node:http server that returns
// the same bytes, measured with autocannon:
//   get           GET …/namespaces/bench/imagestreams/app-042
//   list of 100   GET …/namespaces/bench/imagestreams (100 ImageStreams)
// The servers run in a child process (so the load generator does not share their event loop), one at a
// time, in paired rounds (the ratio is taken within a round, the median round counts); each run is
// preceded by a short warm-up.
// Target: fake req/s ≥ 0.5 × bare req/s. A third server, listen() around a plain Fetch handler that returns
// the precomputed bytes as a `new Response`, shows what any Fetch handler pays through the door: it gets a
// full Fetch `Request` per request and its Response is read as a stream. The fake does better than that
// because it declares it reads only method, url, headers and body (light requests) and its responses carry
// their bytes and header lines (apiserver/fixed-body.ts), which the door writes directly.
//
//   npx tsx bench/server.ts [--duration 2] [--warmup 1] [--rounds 5] [--connections 10] [--pipelining 1] [--check]
//
// --check exits 1 when a ratio is below the target. Loopback only; the child is ended by its pid.

import { spawn } from 'node:child_process'
import * as http from 'node:http'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import { cpus, loadavg } from 'node:os'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { listen } from '../src/adapters/node.js'
import { createFakeImageApi } from '../src/index.js'

const NS = '/apis/image.openshift.io/v1/namespaces/bench/imagestreams'
const HOST = '127.0.0.1'
const TARGET = 0.5
const CASES = [
  { name: 'get', path: `${NS}/app-042` },
  { name: 'list of 100', path: NS },
] as const
/** What client-go and client-node send for JSON. */
const HEADERS = { accept: 'application/json, */*', 'user-agent': 'bench/1.0' }

interface ChildInfo {
  fake: string
  bare: string
  /** listen() around a plain Fetch handler that returns the precomputed bytes (new Request in, new Response out). */
  floor: string
}

// ---------------------------------------------------------------------------------------------------
// Child: both servers

function stream(i: number) {
  const name = `app-${String(i).padStart(3, '0')}`
  const digest = (n: number) => `sha256:${(i * 7 + n).toString(16).padStart(64, '0')}`
  return {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStream',
    metadata: { name, namespace: 'bench', labels: { app: name, 'app.kubernetes.io/part-of': 'bench' }, annotations: { 'openshift.io/generated-by': 'bench' } },
    spec: {
      lookupPolicy: { local: false },
      tags: [
        { name: 'stable', from: { kind: 'ImageStreamTag', name: 'latest' }, referencePolicy: { type: 'Source' } },
        { name: 'v1', from: { kind: 'DockerImage', name: `quay.io/bench/${name}:v1` }, referencePolicy: { type: 'Source' } },
      ],
    },
    status: {
      dockerImageRepository: '',
      tags: [
        {
          tag: 'latest',
          items: [
            { created: '2025-10-02T08:15:42Z', dockerImageReference: `quay.io/bench/${name}@${digest(2)}`, image: digest(2), generation: 1 },
            { created: '2025-09-02T08:15:42Z', dockerImageReference: `quay.io/bench/${name}@${digest(1)}`, image: digest(1), generation: 1 },
          ],
        },
        { tag: 'v1', items: [{ created: '2025-09-02T08:15:42Z', dockerImageReference: `quay.io/bench/${name}@${digest(1)}`, image: digest(1), generation: 1 }] },
      ],
    },
  }
}

async function child(): Promise<void> {
  const api = createFakeImageApi({ fixtures: Array.from({ length: 100 }, (_, i) => stream(i)) })
  await api.ready
  const fake = await listen(api, { host: HOST, port: 0 })

  // The bare server answers with the fake's exact body bytes and content type.
  const bodies = new Map<string, { body: Buffer; type: string }>()
  for (const c of CASES) {
    const res = await fetch(fake.url + c.path, { headers: HEADERS })
    if (res.status !== 200) throw new Error(`${c.path}: ${res.status} ${await res.text()}`)
    bodies.set(c.path, { body: Buffer.from(await res.arrayBuffer()), type: res.headers.get('content-type') ?? 'application/json' })
  }
  const list = JSON.parse(bodies.get(NS)!.body.toString()) as { items: unknown[] }
  if (list.items.length !== 100) throw new Error(`expected 100 items, got ${list.items.length}`)
  const bare = http.createServer((req, res) => {
    const b = bodies.get(req.url ?? '')
    if (!b) {
      res.statusCode = 404
      res.end()
      return
    }
    res.writeHead(200, { 'Content-Type': b.type, 'Content-Length': b.body.length })
    res.end(b.body)
  })
  await new Promise<void>((r) => bare.listen(0, HOST, () => r()))
  const floor = await listen(
    {
      async fetch(request: Request) {
        const b = bodies.get(new URL(request.url).pathname)
        return b ? new Response(new Uint8Array(b.body), { headers: { 'content-type': b.type } }) : new Response(null, { status: 404 })
      },
    },
    { host: HOST, port: 0 },
  )
  const info: ChildInfo = { fake: fake.url, bare: `http://${HOST}:${(bare.address() as AddressInfo).port}`, floor: floor.url }
  process.stdout.write(`${JSON.stringify({ ...info, sizes: Object.fromEntries(CASES.map((c) => [c.name, bodies.get(c.path)!.body.length])) })}\n`)
  const stop = async () => {
    await fake.close()
    await floor.close()
    bare.closeAllConnections()
    await new Promise<void>((r) => bare.close(() => r()))
    process.exit(0)
  }
  process.once('SIGTERM', () => void stop())
  process.once('SIGINT', () => void stop())
}

// ---------------------------------------------------------------------------------------------------
// Parent: autocannon

interface AutocannonResult {
  requests: { average: number; total: number }
  latency: { p50: number; p99: number; average: number }
  throughput: { average: number }
  errors: number
  timeouts: number
  non2xx: number
}
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon

async function run(url: string, duration: number, connections: number, pipelining: number): Promise<AutocannonResult> {
  const r = await autocannon({ url, duration, connections, pipelining, headers: HEADERS })
  if (r.errors || r.timeouts || r.non2xx) throw new Error(`${url}: ${r.errors} errors, ${r.timeouts} timeouts, ${r.non2xx} non-2xx`)
  return r
}

async function parent(): Promise<void> {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '2' },
      rounds: { type: 'string', default: '5' },
      connections: { type: 'string', default: '10' },
      pipelining: { type: 'string', default: '1' },
      warmup: { type: 'string', default: '1' },
      check: { type: 'boolean', default: false },
    },
  })
  const duration = Number(values.duration)
  const connections = Number(values.connections)
  const pipelining = Number(values.pipelining)
  const warmup = Number(values.warmup)
  const rounds = Math.max(1, Number(values.rounds))

  const proc = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child'], { stdio: ['ignore', 'pipe', 'inherit'] })
  const exited = new Promise<number | null>((r) => proc.on('close', (code) => r(code)))
  const firstLine = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: proc.stdout! })
    rl.once('line', (l) => {
      rl.close()
      resolve(l)
    })
    proc.once('close', (code) => reject(new Error(`server process exited (${code}) before it was ready`)))
  })
  const info = JSON.parse(firstLine) as ChildInfo & { sizes: Record<string, number> }

  type Target = 'fake' | 'bare' | 'floor'
  const rows: Array<{ name: string; bytes: number; runs: Array<Record<Target, AutocannonResult>> }> = []
  try {
    for (const c of CASES) {
      // Rounds in alternating order. Each round measures the fake and the bare server back to back, and the
      // ratio is taken within the round: this VM's speed drifts by 2× between runs, and a paired ratio
      // cancels most of that. The median round counts.
      const runs: Array<Record<Target, AutocannonResult>> = []
      for (let round = 0; round < rounds; round++) {
        const order = round % 2 === 0 ? (['fake', 'bare', 'floor'] as const) : (['bare', 'fake', 'floor'] as const)
        const got: Partial<Record<Target, AutocannonResult>> = {}
        for (const target of order) {
          const url = info[target] + c.path
          if (warmup > 0) await run(url, warmup, connections, pipelining)
          got[target] = await run(url, duration, connections, pipelining)
        }
        runs.push(got as Record<Target, AutocannonResult>)
      }
      rows.push({ name: c.name, bytes: info.sizes[c.name]!, runs })
    }
  } finally {
    if (proc.exitCode === null && proc.pid) process.kill(proc.pid, 'SIGTERM')
    await exited
  }

  const f0 = (n: number) => Math.round(n).toLocaleString('en-US')
  const f2 = (n: number) => n.toFixed(2)
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b)
    const m = s.length >> 1
    return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
  }
  const rps = (r: AutocannonResult) => r.requests.average
  console.log(`\nlisten() on ${HOST} vs bare node:http returning the same bytes — autocannon, ${connections} connections, pipelining ${pipelining}, ${duration}s per run (+${warmup}s warm-up), ${rounds} paired rounds, Node ${process.version}, ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`)
  console.log('| request | body bytes | fake req/s | bare req/s | ratio (median) | ratio range | target | fake p50 / p99 ms | plain Fetch handler req/s | its ratio |')
  console.log('|---|---:|---:|---:|---:|---|---|---:|---:|---:|')
  let below = false
  for (const r of rows) {
    const ratios = r.runs.map((x) => rps(x.fake) / rps(x.bare))
    const ratio = median(ratios)
    if (ratio < TARGET) below = true
    const p50 = median(r.runs.map((x) => x.fake.latency.p50))
    const p99 = median(r.runs.map((x) => x.fake.latency.p99))
    console.log(
      `| ${r.name} | ${f0(r.bytes)} | ${f0(median(r.runs.map((x) => rps(x.fake))))} | ${f0(median(r.runs.map((x) => rps(x.bare))))} | **${f2(ratio)}** | ${f2(Math.min(...ratios))}–${f2(Math.max(...ratios))} | ≥ ${TARGET}${ratio < TARGET ? ' (below)' : ''} | ${p50.toFixed(1)} / ${p99.toFixed(1)} | ${f0(median(r.runs.map((x) => rps(x.floor))))} | ${f2(median(r.runs.map((x) => rps(x.floor) / rps(x.bare))))} |`,
    )
  }
  console.log('\nratio = fake / bare within a round (req/s columns: medians over the rounds). "plain Fetch handler": listen() around a')
  console.log('handler answering the same bytes with `new Response` — what a generic Fetch handler pays through the door (the fake')
  console.log('skips the Request and the body stream).')
  if (below && values.check) process.exit(1)
}

if (process.argv.includes('--child')) await child()
else await parent()
