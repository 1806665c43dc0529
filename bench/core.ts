// Core request costs as ratios to a floor measured in the same process (no absolute targets):
//  (a) get, list of 100, create and merge-patch of an ImageStream through api.fetch and through msw
//      setupServer, each divided by a floor handler that returns the same bytes precomputed;
//  (b) get-by-name with 10 000 stored ImageStreams divided by the same with 10.
// Targets: get ≤ 2× the floor; create and merge-patch through api.fetch ≤ 3×; 10k/10 ≤ 1.5.
// `npx tsx bench/core.ts [--processes 5]` (after `npm run build`: it measures dist/): the figures are
// medians over that many fresh processes (5 by default).
// Ratios are of warm code: each operation first runs WARMUP times (V8 optimises the ~100 functions of the
// write path over its first ~2 000 requests, the floor's few at once). What the first 1 000 requests of
// an operation cost, warm-up included, is printed beside ("first 1 000"), against no target.

import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import type { FakeImageApi } from '../src/index.js'

// The published package, as users import it (dist/, built by `npm run build`; bench/run.ts builds it
// first). Run from src/ through tsx, every function would also carry tsx's name-keeping wrapper, which
// costs the write path 10–25 %.
const distIndex = new URL('../dist/index.js', import.meta.url)
if (!existsSync(distIndex)) throw new Error('dist/ is missing: run `npm run build` first')
const { createFakeImageApi } = (await import(distIndex.href)) as typeof import('../src/index.js')
import { median, NS, ORIGIN, roundMicros, roundsMedian, streamBody } from './support.js'

const FLOOR = 'http://floor.bench'
/** Creates go to a namespace of their own, so that get, list and patch keep seeing the 100 seeded streams. */
const CREATE_NS = '/apis/image.openshift.io/v1/namespaces/bench-create/imagestreams'
const createBody = (name: string) => {
  const body = streamBody(name)
  body.metadata.namespace = 'bench-create'
  return body
}

async function seed(api: FakeImageApi, n: number, prefix = 's') {
  const objs = Array.from({ length: n }, (_, i) => streamBody(`${prefix}${String(i).padStart(5, '0')}`))
  await api.seed(objs)
}

/** Median time per operation (µs) over `rounds` rounds of `iters` calls, after a warm-up. */
async function measure(fn: (i: number) => Promise<unknown>, iters = 400, rounds = 7): Promise<number> {
  for (let i = 0; i < Math.min(200, iters); i++) await fn(i)
  return roundsMedian(fn, iters, rounds)
}

/** Requests of each operation before its measured rounds (see the header). */
const WARMUP = 3000

/** Mean µs per call of the first `n` calls of `fn` (cold: JIT warm-up included). */
async function firstCalls(fn: (i: number) => Promise<unknown>, n = 1000): Promise<number> {
  const t0 = performance.now()
  for (let i = 0; i < n; i++) await fn(i)
  return ((performance.now() - t0) * 1000) / n
}

/** Like measure() for two functions, rounds interleaved (a, b, a, b, …) so the machine's load hits both alike. */
async function measurePair(a: (i: number) => Promise<unknown>, b: (i: number) => Promise<unknown>, iters = 400, rounds = 9, warmup = WARMUP): Promise<[number, number]> {
  for (let i = 0; i < warmup; i++) {
    await a(i)
    await b(i)
  }
  const ta: number[] = []
  const tb: number[] = []
  let k = 0
  for (let r = 0; r < rounds; r++) {
    for (const [fn, out] of [[a, ta], [b, tb]] as const) {
      out.push(await roundMicros(fn, iters, k))
      k += iters
    }
  }
  return [median(ta), median(tb)]
}

async function bytesOf(res: Response): Promise<Uint8Array> {
  return new Uint8Array(await res.arrayBuffer())
}

interface Row {
  op: string
  door: string
  us: number
  floor: number
  /** Mean µs of the operation's first 1 000 requests (api.fetch door only). */
  first?: number
}

export async function runCoreBench(): Promise<Row[]> {
  const api = createFakeImageApi({ baseUrl: ORIGIN })
  await seed(api, 100)
  const rows: Row[] = []

  // Precompute the floor bytes from real responses.
  const getBytes = await bytesOf(await api.fetch(new Request(`${ORIGIN}${NS}/s00042`)))
  const listBytes = await bytesOf(await api.fetch(new Request(`${ORIGIN}${NS}`)))
  const createBytes = await bytesOf(
    await api.fetch(new Request(`${ORIGIN}${CREATE_NS}?dryRun=All`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(createBody('dry')) })),
  )
  const patchBytes = getBytes
  const floorResponse = (bytes: Uint8Array, status = 200) => new HttpResponse(bytes as BodyInit, { status, headers: { 'Content-Type': 'application/json' } })
  const floorHandlers = [
    http.get(`${FLOOR}${NS}/s00042`, () => floorResponse(getBytes)),
    http.get(`${FLOOR}${NS}`, () => floorResponse(listBytes)),
    http.post(`${FLOOR}${CREATE_NS}`, () => floorResponse(createBytes, 201)),
    http.patch(`${FLOOR}${NS}/s00042`, () => floorResponse(patchBytes)),
  ]
  const direct = (bytes: Uint8Array, status = 200) => async (_req: Request) => new Response(bytes as BodyInit, { status, headers: { 'Content-Type': 'application/json' } })

  const ops = {
    get: (base: string) => (_i: number) => new Request(`${base}${NS}/s00042`),
    'list of 100': (base: string) => (_i: number) => new Request(`${base}${NS}`),
    create: (base: string) => (i: number) =>
      new Request(`${base}${CREATE_NS}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(createBody(`c${i}`)) }),
    'merge-patch': (base: string) => (i: number) =>
      new Request(`${base}${NS}/s00042`, { method: 'PATCH', headers: { 'content-type': 'application/merge-patch+json' }, body: JSON.stringify({ metadata: { labels: { n: String(i) } } }) }),
  }
  const floors: Record<string, (req: Request) => Promise<Response>> = {
    get: direct(getBytes),
    'list of 100': direct(listBytes),
    create: direct(createBytes, 201),
    'merge-patch': direct(patchBytes),
  }

  // api.fetch door
  let createCounter = 0
  for (const [op, mk] of Object.entries(ops)) {
    const ours = mk(ORIGIN)
    const floorReq = mk(FLOOR)
    const fixIndex = op === 'create' ? () => createCounter++ : (i: number) => i
    const fake = async (i: number) => (await api.fetch(ours(fixIndex(i)))).arrayBuffer()
    const first = await firstCalls(fake)
    const [us, floor] = await measurePair(fake, async (i) => (await floors[op]!(floorReq(i))).arrayBuffer(), op === 'create' ? 200 : 400)
    rows.push({ op, door: 'api.fetch', us, floor, first })
  }

  // msw setupServer door (Node's global fetch intercepted)
  const server = setupServer(...api.handlers, ...floorHandlers)
  server.listen({ onUnhandledRequest: 'error' })
  try {
    for (const [op, mk] of Object.entries(ops)) {
      const ours = mk(ORIGIN)
      const floorReq = mk(FLOOR)
      const fixIndex = op === 'create' ? () => createCounter++ : (i: number) => i
      const us = await measure(async (i) => (await fetch(ours(fixIndex(i)))).arrayBuffer(), op === 'create' ? 100 : 200, 5)
      const floor = await measure(async (i) => (await fetch(floorReq(i))).arrayBuffer(), 200, 5)
      rows.push({ op, door: 'msw setupServer', us, floor })
    }
  } finally {
    server.close()
  }
  return rows
}

export async function runScaleBench(): Promise<{ small: number; large: number }> {
  const small = createFakeImageApi()
  await seed(small, 10)
  const large = createFakeImageApi()
  await seed(large, 10_000)
  const get = (api: FakeImageApi, n: number) => async (i: number) =>
    (await api.fetch(new Request(`${ORIGIN}${NS}/s${String(i % n).padStart(5, '0')}`))).arrayBuffer()
  // interleave to share the machine's noise
  const s1 = await measure(get(small, 10), 1000)
  const l1 = await measure(get(large, 10_000), 1000)
  const s2 = await measure(get(small, 10), 1000)
  const l2 = await measure(get(large, 10_000), 1000)
  return { small: Math.min(s1, s2), large: Math.min(l1, l2) }
}

function fmt(n: number, d = 1): string {
  return n.toFixed(d)
}

interface ProcessFigures {
  rows: Row[]
  scale: { small: number; large: number }
}

/** One process's figures (what a child prints as JSON). */
async function measureHere(): Promise<ProcessFigures> {
  const rows = await runCoreBench()
  const scale = await runScaleBench()
  return { rows, scale }
}

/** Run the bench in `n` fresh processes, one after another; each prints its figures as one JSON line. */
function measureInProcesses(n: number): ProcessFigures[] {
  const out: ProcessFigures[] = []
  for (let i = 0; i < n; i++) {
    const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), '--child'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
    if (r.status !== 0) throw new Error(`bench process ${i + 1} exited ${r.status}`)
    out.push(JSON.parse(r.stdout.trim().split('\n').pop()!) as ProcessFigures)
  }
  return out
}

export async function main(): Promise<void> {
  const { values } = parseArgs({ options: { processes: { type: 'string', default: '5' }, child: { type: 'boolean', default: false } } })
  if (values.child) {
    console.log(JSON.stringify(await measureHere()))
    return
  }
  // A process's figures move by ±25 % from one process to the next (what V8 optimises how, GC timing), the
  // floor's as much as the fake's: every figure below is the median over fresh processes, the ratio the
  // median of the per-process ratios (each listed in the last column).
  const n = Math.max(1, Number(values.processes))
  const runs = n === 1 ? [await measureHere()] : measureInProcesses(n)
  console.log(`\n(a) request cost vs a floor handler returning the same bytes (median µs per request; medians of ${runs.length} process${runs.length > 1 ? 'es' : ''})\n`)
  console.log('| operation | door | fake µs | floor µs | ratio | target | first 1 000, µs | ratio in each process |')
  console.log('|---|---|---:|---:|---:|---|---:|---|')
  runs[0]!.rows.forEach((r, i) => {
    const all = runs.map((run) => run.rows[i]!)
    const ratios = all.map((x) => x.us / x.floor)
    const ratio = median(ratios)
    const target = r.op === 'get' ? 2 : r.door === 'api.fetch' && (r.op === 'create' || r.op === 'merge-patch') ? 3 : undefined
    const first = r.first === undefined ? '—' : fmt(median(all.map((x) => x.first!)))
    console.log(
      `| ${r.op} | ${r.door} | ${fmt(median(all.map((x) => x.us)))} | ${fmt(median(all.map((x) => x.floor)))} | ${fmt(ratio, 2)} | ${target ? `≤ ${target} ${ratio <= target ? '✓' : '✗'}` : '—'} | ${first} | ${ratios.map((x) => fmt(x, 2)).join(', ')} |`,
    )
  })
  const small = median(runs.map((r) => r.scale.small))
  const large = median(runs.map((r) => r.scale.large))
  const scaleRatio = median(runs.map((r) => r.scale.large / r.scale.small))
  console.log('\n(b) get by name with 10 000 stored ImageStreams vs 10\n')
  console.log('| 10 streams µs | 10 000 streams µs | ratio | target |')
  console.log('|---:|---:|---:|---|')
  console.log(`| ${fmt(small)} | ${fmt(large)} | ${fmt(scaleRatio, 2)} | ≤ 1.5 ${scaleRatio <= 1.5 ? '✓' : '✗'} |`)
}

if (import.meta.url === `file://${process.argv[1]}`) await main()
