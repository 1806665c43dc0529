// No event lost, duplicated or out of order: many watchers against concurrent writers, a watcher from
// every RV in the log, and a property test. The expectation for each watch is derived from the store's
// event log (what happened) with an independent model of scope + label selector + transitions (cacher
// cacheWatcher.convertToWatchEvent).

import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import { createFakeImageApi, type FakeImageApi, type FakeImageApiOptions } from '../src/index.js'
import type { StoreEvent } from '../src/store/store.js'
import { BASE, call } from './helpers.js'
import { until } from './watch-helpers.js'

const GROUP = '/apis/image.openshift.io/v1'
const nsPath = (ns: string) => `${GROUP}/namespaces/${ns}/imagestreams`
const SENTINEL = 'zzz-sentinel'

interface Ev {
  type: string
  object: any
}

interface Spec {
  /** '' = all namespaces */
  ns: string
  /** required value of label `app`, or undefined for no selector */
  app?: string
  /** undefined = RV "" (initial state; needs the initial-events-end bookmark), else the RV */
  rv?: number
  deprecatedPath?: boolean
}

function watchPath(s: Spec): string {
  const q = new URLSearchParams()
  if (!s.deprecatedPath) q.set('watch', 'true')
  if (s.rv !== undefined) q.set('resourceVersion', String(s.rv))
  else q.set('allowWatchBookmarks', 'true')
  if (s.app !== undefined) q.set('labelSelector', `app=${s.app}`)
  const base = s.deprecatedPath ? `${GROUP}/watch${s.ns ? `/namespaces/${s.ns}` : ''}/imagestreams` : s.ns ? nsPath(s.ns) : `${GROUP}/imagestreams`
  return `${base}?${q}`
}

interface Running {
  spec: Spec
  events: Ev[]
  ended: boolean
  stop(): void
}

async function startWatch(api: FakeImageApi, spec: Spec): Promise<Running> {
  const ac = new AbortController()
  const res = await api.fetch(new Request(BASE + watchPath(spec), { signal: ac.signal }))
  expect(res.status).toBe(200)
  const w: Running = { spec, events: [], ended: false, stop: () => ac.abort() }
  const reader = res.body!.getReader()
  void (async () => {
    const dec = new TextDecoder()
    let buf = ''
    for (;;) {
      const { value, done } = await reader.read()
      if (done) break
      buf += dec.decode(value, { stream: true })
      let i
      while ((i = buf.indexOf('\n')) >= 0) {
        w.events.push(JSON.parse(buf.slice(0, i)))
        buf = buf.slice(i + 1)
      }
    }
    w.ended = true
  })()
  return w
}


const key = (type: string, o: any) => `${type} ${o.metadata.namespace}/${o.metadata.name}@${o.metadata.resourceVersion}`

/** The model: what a watch with this scope/selector must show for these log events. */
function expectedFrom(events: StoreEvent[], spec: Spec): string[] {
  const matches = (o: any) => (!spec.ns || o.metadata.namespace === spec.ns) && (spec.app === undefined || o.metadata.labels?.app === spec.app)
  const out: string[] = []
  for (const e of events) {
    if (e.resource !== 'imagestreams') continue
    const was = !!e.prev && matches(e.prev)
    const is = e.type !== 'DELETED' && matches(e.object)
    if (e.type === 'DELETED') {
      if (was) out.push(key('DELETED', e.object))
    } else if (is) out.push(key(was ? 'MODIFIED' : 'ADDED', e.object))
    else if (was) out.push(key('DELETED', { metadata: { ...e.prev!.metadata, resourceVersion: String(e.rv) } }))
  }
  return out
}

/**
 * Every store event, recorded by a store listener of the test's own (independent of the log window).
 * Call before the first write; `stop()` before the end (the tests count store listeners).
 */
function recordLog(api: FakeImageApi): { events: StoreEvent[]; stop: () => void } {
  const events: StoreEvent[] = []
  const stop = api.store.subscribe((es) => events.push(...es))
  return { events, stop }
}

/** The state at `rv` (what an initial-state watch must list), replayed from the recorded log. */
function stateAt(log: StoreEvent[], rv: number, spec: Spec): string[] {
  const m = new Map<string, any>()
  for (const e of log) {
    if (e.rv > rv) break
    if (e.resource !== 'imagestreams') continue
    if (e.type === 'DELETED') m.delete(e.key)
    else m.set(e.key, e.object)
  }
  return [...m.keys()]
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((k) => m.get(k))
    .filter((o) => (!spec.ns || o.metadata.namespace === spec.ns) && (spec.app === undefined || o.metadata.labels?.app === spec.app))
    .map((o) => key('ADDED', o))
}

/** What the watcher must have received in total: the initial state (RV "") and then the log suffix. */
function expectedFor(log: StoreEvent[], w: Running): { initial: string[]; changes: string[] } {
  let from = w.spec.rv
  let initial: string[] = []
  if (from === undefined) {
    const bm = w.events.find((e) => e.type === 'BOOKMARK' && e.object.metadata.annotations?.['k8s.io/initial-events-end'] === 'true')
    expect(bm, 'the initial-events-end bookmark').toBeDefined()
    from = Number(bm!.object.metadata.resourceVersion)
    initial = stateAt(log, from, w.spec)
  }
  return { initial, changes: expectedFrom(log.filter((e) => e.rv > from!), w.spec) }
}
const all = (x: { initial: string[]; changes: string[] }) => [...x.initial, ...x.changes]

const received = (w: Running) => w.events.filter((e) => e.type !== 'BOOKMARK').map((e) => key(e.type, e.object))

/** Small deterministic PRNG (mulberry32) so a failure can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

type Op = { kind: 'create' | 'label' | 'delete'; ns: string; name: string; app: string }

/** Apply one op; true when it changed the store. */
async function apply(api: FakeImageApi, op: Op): Promise<boolean> {
  const path = nsPath(op.ns)
  if (op.kind === 'create') {
    const r = await call(api, 'POST', path, { apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name: op.name, labels: { app: op.app } }, spec: {} })
    return r.status === 201
  }
  if (op.kind === 'label') {
    const r = await call(api, 'PATCH', `${path}/${op.name}`, { metadata: { labels: { app: op.app } } }, { contentType: 'application/merge-patch+json' })
    return r.status === 200 && r.body.metadata.labels.app === op.app
  }
  const r = await call(api, 'DELETE', `${path}/${op.name}`)
  return r.status === 200
}

/** One last object per namespace, matching every selector used with `app`: a watcher that saw it saw everything. */
async function sentinels(api: FakeImageApi, namespaces: string[], app = 'x'): Promise<void> {
  for (const ns of namespaces) expect(await apply(api, { kind: 'create', ns, name: SENTINEL, app })).toBe(true)
}
const sawSentinel = (w: Running, ns: string) => w.events.some((e) => e.object.metadata?.name === SENTINEL && e.object.metadata.namespace === ns)

const apis: FakeImageApi[] = []
/** Store listeners that are not watches (the import controller), counted when the fake was made. */
const otherListeners = new WeakMap<FakeImageApi, number>()
const watchListeners = (api: FakeImageApi) => api.store.listenerCount - (otherListeners.get(api) ?? 0)
function fake(opts: FakeImageApiOptions = {}): FakeImageApi {
  const api = createFakeImageApi(opts)
  otherListeners.set(api, api.store.listenerCount)
  apis.push(api)
  return api
}
afterEach(async () => {
  for (const api of apis.splice(0)) {
    await api.reset()
    expect(api.server.watchers.size).toBe(0)
    expect(watchListeners(api)).toBe(0)
  }
})

describe('watch consistency', () => {
  it('1 000 interleaved writes seen by 50 concurrent watchers: nothing lost, duplicated or out of order', async () => {
    const api = fake()
    const NS = ['ns', 'other']
    const names = Array.from({ length: 15 }, (_, i) => `is-${i}`)
    const rand = prng(20_251_128)
    const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]!
    const specFor = (k: number, rv: number): Spec => {
      switch (k % 6) {
        case 0:
          return { ns: 'ns', rv }
        case 1:
          return { ns: 'ns' } // initial state
        case 2:
          return { ns: '', rv, app: 'x' } // all namespaces, selector
        case 3:
          return { ns: 'other', rv, deprecatedPath: true }
        case 4:
          return { ns: 'other', app: 'x' } // initial state, selector
        default:
          return { ns: '', rv: Math.max(1, rv - 7) } // a little in the past: backlog then live
      }
    }

    const log = recordLog(api)
    const watchers: Running[] = []
    let writes = 0
    let nextWatcherAt = 0
    const TOTAL = 1000
    const writer = async () => {
      while (writes < TOTAL) {
        const op: Op = { kind: pick(['create', 'create', 'label', 'label', 'label', 'delete']), ns: pick(NS), name: pick(names), app: pick(['x', 'y']) }
        if (!(await apply(api, op)) || writes >= TOTAL) continue
        writes++
        if (writes >= nextWatcherAt && watchers.length < 50) {
          nextWatcherAt += 20
          watchers.push(await startWatch(api, specFor(watchers.length, api.store.resourceVersion)))
        }
      }
    }
    await Promise.all(Array.from({ length: 10 }, writer))
    expect(watchers).toHaveLength(50)
    expect(api.server.watchers.size).toBe(50)
    await sentinels(api, NS)
    for (const w of watchers) await until(() => NS.filter((n) => !w.spec.ns || n === w.spec.ns).every((n) => sawSentinel(w, n)), `watcher ${watchPath(w.spec)}`, 10_000)

    log.stop()
    let total = 0
    for (const w of watchers) {
      const got = received(w)
      const want = expectedFor(log.events, w)
      expect(got, watchPath(w.spec)).toEqual(all(want))
      // Spelled out: the changes part has no duplicate and is in RV order.
      const live = w.events.filter((e) => e.type !== 'BOOKMARK').slice(want.initial.length).map((e) => Number(e.object.metadata.resourceVersion))
      expect(new Set(live).size).toBe(live.length)
      expect([...live].sort((a, b) => a - b)).toEqual(live)
      expect(w.ended).toBe(false)
      total += got.length
    }
    expect(total).toBeGreaterThan(5000)
    for (const w of watchers) w.stop()
    await until(() => api.server.watchers.size === 0, 'all watchers released', 10_000)
    expect(watchListeners(api)).toBe(0)
  }, 120_000)

  it('a watcher started from each RV in the log gets exactly the suffix (and 410 before the window)', async () => {
    for (const eventWindow of [undefined, 120]) {
      const api = fake({ eventWindow })
      const log = recordLog(api)
      const rand = prng(7)
      const NS = ['ns', 'other']
      let n = 0
      while (n < 300) {
        const op: Op = {
          kind: (['create', 'label', 'label', 'delete'] as const)[Math.floor(rand() * 4)]!,
          ns: NS[Math.floor(rand() * 2)]!,
          name: `is-${Math.floor(rand() * 8)}`,
          app: rand() < 0.5 ? 'x' : 'y',
        }
        if (await apply(api, op)) n++
      }
      const last = api.store.resourceVersion
      const horizon = api.store.oldestResourceVersion
      const watchers: Running[] = []
      const expired: Running[] = []
      for (let rv = 1; rv <= last; rv++) {
        const spec: Spec = rv % 2 ? { ns: 'ns', rv } : { ns: '', rv, app: 'x' }
        const w = await startWatch(api, spec)
        ;(rv < horizon ? expired : watchers).push(w)
      }
      expect(watchers.length).toBe(last - horizon + (horizon === 0 ? 0 : 1))
      await sentinels(api, NS)
      for (const w of watchers) await until(() => NS.filter((x) => !w.spec.ns || x === w.spec.ns).every((x) => sawSentinel(w, x)), `RV ${w.spec.rv}`, 10_000)
      log.stop()
      for (const w of watchers) expect(received(w), `from RV ${w.spec.rv}`).toEqual(all(expectedFor(log.events, w)))
      for (const w of expired) {
        await until(() => w.ended, 'expired watch to end', 10_000)
        expect(w.events.map((e) => `${e.type} ${e.object.code}`)).toEqual(['ERROR 410'])
      }
      expect(api.server.watchers.size).toBe(watchers.length)
      for (const w of watchers) w.stop()
    }
  }, 120_000)

  it('property: any history, any starting RV, any scope and selector → exactly the model', async () => {
    const opArb = fc.record({
      kind: fc.constantFrom<Op['kind']>('create', 'label', 'delete'),
      ns: fc.constantFrom('ns', 'other'),
      name: fc.constantFrom('a', 'b', 'c'),
      app: fc.constantFrom('x', 'y'),
    })
    await fc.assert(
      fc.asyncProperty(
        fc.array(opArb, { minLength: 1, maxLength: 25 }),
        fc.array(opArb, { maxLength: 10 }),
        fc.nat(),
        fc.constantFrom('', 'ns'),
        fc.constantFrom(undefined, 'x', 'y'),
        fc.boolean(),
        async (before, after, startPick, ns, app, initial) => {
          const api = createFakeImageApi()
          const others = api.store.listenerCount
          const log = recordLog(api)
          try {
            for (const op of before) await apply(api, op)
            const rv = initial ? undefined : startPick % (api.store.resourceVersion + 1) || undefined
            const spec: Spec = { ns, app, rv }
            const w = await startWatch(api, spec)
            for (const op of after) await apply(api, op)
            await sentinels(api, ['ns', 'other'], app ?? 'x')
            await until(() => (ns ? sawSentinel(w, ns) : sawSentinel(w, 'other')), 'sentinel', 3000)
            expect(received(w)).toEqual(all(expectedFor(log.events, w)))
          } finally {
            log.stop()
            await api.reset()
          }
          expect(api.server.watchers.size).toBe(0)
          expect(api.store.listenerCount).toBe(others)
        },
      ),
      { numRuns: 60 },
    )
  }, 120_000)
})
