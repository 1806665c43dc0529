// Watch delivery, as ratios to a baseline measured in the same process (no absolute targets):
//  (a) 10 000 events (merge patches of 100 ImageStreams, written one after another through api.fetch)
//      with 0, 1 and 100 open watchers reading them: write time per event relative to writing the same
//      events with no watcher, and delivery latency (write issued → line read by the watcher) p50/p99,
//      also relative to the no-watcher write time per event;
//  (b) memory per idle watcher (heap + external, after GC), with and without allowWatchBookmarks.
// The watchers read in the same process (as in a test), so their reading is part of the write cost.
// Run: `npx tsx bench/watch.ts` (add `node --expose-gc --import tsx` for stable memory numbers);
// WATCH_BENCH_EVENTS overrides the 10 000.

import { createFakeImageApi, type FakeImageApi } from '../src/index.js'
import { NS, ORIGIN, streamBody } from './support.js'

const EVENTS = Number(process.env.WATCH_BENCH_EVENTS ?? 10_000)
const STREAMS = 100

const streamBodyN = (name: string) => streamBody(name, { app: 'bench', n: '0' })

const gc = (globalThis as { gc?: () => void }).gc

async function freshApi(): Promise<FakeImageApi> {
  const api = createFakeImageApi({ baseUrl: ORIGIN, eventWindow: EVENTS + 1000 })
  await api.seed(Array.from({ length: STREAMS }, (_, i) => streamBodyN(`s${String(i).padStart(3, '0')}`)))
  return api
}

function patch(api: FakeImageApi, i: number): Promise<Response> {
  const name = `s${String(i % STREAMS).padStart(3, '0')}`
  return api.fetch(
    new Request(`${ORIGIN}${NS}/${name}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/merge-patch+json' },
      body: `{"metadata":{"labels":{"n":"${i + 1}"}}}`,
    }),
  )
}

const RV = /"resourceVersion":"(\d+)"/

/** A watcher that reads as fast as it can and notes when each event's line arrived. */
function reader(api: FakeImageApi, fromRV: number, arrivals: Float64Array, base: number, events: number) {
  let count = 0
  let resolveDone!: () => void
  const done = new Promise<void>((r) => (resolveDone = r))
  const ready = api.fetch(new Request(`${ORIGIN}${NS}?watch=true&resourceVersion=${fromRV}`)).then(async (res) => {
    const r = res.body!.getReader()
    const dec = new TextDecoder()
    let buf = ''
    void (async () => {
      for (;;) {
        const { value, done: end } = await r.read()
        if (end) break
        const now = performance.now()
        buf += dec.decode(value, { stream: true })
        let i
        while ((i = buf.indexOf('\n')) >= 0) {
          const m = RV.exec(buf.slice(0, i))
          buf = buf.slice(i + 1)
          if (!m) continue
          const k = Number(m[1]) - base
          // Keep the latest arrival of event k over all watchers (the time it reached every watcher)
          // in slot k, and count per watcher.
          if (now > arrivals[k]!) arrivals[k] = now
          if (++count === events) {
            resolveDone()
            await r.cancel()
            return
          }
        }
      }
    })()
  })
  return { ready, done }
}

interface Result {
  watchers: number
  writeUsPerEvent: number
  /** Process CPU time (user + system) per event while writing: less sensitive to a busy machine. */
  cpuUsPerEvent: number
  p50: number
  p99: number
  max: number
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!
}

async function run(watchers: number, events = EVENTS): Promise<Result> {
  const api = await freshApi()
  for (let i = 0; i < 500; i++) await patch(api, i) // warm-up (JIT, caches)
  const base = api.store.resourceVersion // events are base+1 … base+events
  const issued = new Float64Array(events)
  const arrivals = new Float64Array(events)
  const readers = Array.from({ length: watchers }, () => reader(api, base, arrivals, base + 1, events))
  await Promise.all(readers.map((r) => r.ready))
  gc?.()
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  for (let i = 0; i < events; i++) {
    issued[i] = performance.now()
    const res = await patch(api, 500 + i)
    if (res.status !== 200) throw new Error(`patch failed: ${res.status} ${await res.text()}`)
    await res.arrayBuffer()
  }
  const writeMs = performance.now() - t0
  await Promise.all(readers.map((r) => r.done))
  const cpu = process.cpuUsage(cpu0)
  const lat = new Float64Array(watchers ? events : 0)
  for (let i = 0; i < lat.length; i++) lat[i] = (arrivals[i]! - issued[i]!) * 1000
  lat.sort()
  await api.reset()
  return {
    watchers,
    writeUsPerEvent: (writeMs * 1000) / events,
    cpuUsPerEvent: (cpu.user + cpu.system) / events,
    p50: watchers ? percentile(lat, 0.5) : 0,
    p99: watchers ? percentile(lat, 0.99) : 0,
    max: watchers ? lat[lat.length - 1]! : 0,
  }
}

async function idleWatcherBytes(n: number, bookmarks: boolean): Promise<number> {
  const api = await freshApi()
  const rv = api.store.resourceVersion
  const measure = () => {
    gc?.()
    gc?.()
    const m = process.memoryUsage()
    return m.heapUsed + m.external + m.arrayBuffers
  }
  const open: Response[] = []
  const before = measure()
  for (let i = 0; i < n; i++) {
    open.push(await api.fetch(new Request(`${ORIGIN}${NS}?watch=true&resourceVersion=${rv}${bookmarks ? '&allowWatchBookmarks=true' : ''}`)))
  }
  const after = measure()
  if (api.server.watchers.size !== n) throw new Error('watchers not open')
  await api.reset()
  open.length = 0
  return (after - before) / n
}

const fmt = (x: number, d = 1) => x.toFixed(d)

async function main() {
  console.log(`watch bench: ${EVENTS} events (merge patches of ${STREAMS} ImageStreams), node ${process.version}${gc ? '' : ' (no --expose-gc: memory numbers are rough)'}`)
  await run(100, 1000) // warm the process
  // The baseline is measured before and after the watcher runs; the faster one counts (ratios err high).
  const before = await run(0)
  const one = await run(1)
  const hundred = await run(100)
  const after = await run(0)
  const baseline: Result = {
    watchers: 0,
    writeUsPerEvent: Math.min(before.writeUsPerEvent, after.writeUsPerEvent),
    cpuUsPerEvent: Math.min(before.cpuUsPerEvent, after.cpuUsPerEvent),
    p50: 0,
    p99: 0,
    max: 0,
  }
  const b = baseline.writeUsPerEvent
  const rows = [
    ['no watcher (baseline)', 0, baseline],
    ['1 watcher', 1, one],
    ['100 watchers', 100, hundred],
  ] as const
  console.log('')
  const c = baseline.cpuUsPerEvent
  console.log('| scenario | write µs/event (wall) | ÷ baseline | CPU µs/event | ÷ baseline | latency p50 µs | p99 µs | max µs | p50 ÷ baseline write | p99 ÷ baseline write |')
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|')
  for (const [name, w, r] of rows) {
    const l = (x: string) => (w ? x : '–')
    console.log(
      `| ${name} | ${fmt(r.writeUsPerEvent)} | ${fmt(r.writeUsPerEvent / b, 2)} | ${fmt(r.cpuUsPerEvent)} | ${fmt(r.cpuUsPerEvent / c, 2)} | ${l(fmt(r.p50))} | ${l(fmt(r.p99))} | ${l(fmt(r.max))} | ${l(fmt(r.p50 / b, 2))} | ${l(fmt(r.p99 / b, 2))} |`,
    )
  }
  console.log('(latency: write issued → line read; with 100 watchers, until the event has reached all 100. Ratios use the no-watcher wall time per event.)')

  const N = 2000
  const plain = await idleWatcherBytes(N, false)
  const withBm = await idleWatcherBytes(N, true)
  console.log('')
  console.log('| idle watchers | bytes per watcher |')
  console.log('|---|---:|')
  console.log(`| ${N}, resourceVersion given | ${fmt(plain, 0)} |`)
  console.log(`| ${N}, + allowWatchBookmarks (periodic timer) | ${fmt(withBm, 0)} |`)
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e)
    process.exit(1)
  },
)
