// api.db writes cost as a ratio to the same write through api.fetch, measured in the same process:
// a create (POST of an ImageStream) and an update (GET-modify-PUT) through api.db vs through api.fetch,
// and a findFirst by name through api.db vs a GET through api.fetch. Paired rounds: the ratio is taken
// within a round (this VM's speed drifts), the median round is reported.
// Expectation: an api.db create costs about what the POST costs (it is one), plus the batch and the
// JSON round trip of its body — ratio ≤ 1.5.

import { createFakeImageApi, type FakeImageApi } from '../src/index.js'

const ORIGIN = 'http://fake.bench'
const NS = '/apis/image.openshift.io/v1/namespaces/bench/imagestreams'
const json = { 'content-type': 'application/json' }

function streamBody(name: string) {
  return {
    kind: 'ImageStream',
    apiVersion: 'image.openshift.io/v1',
    metadata: { name, namespace: 'bench', labels: { app: 'bench' } },
    spec: { tags: [{ name: 'latest', from: { kind: 'DockerImage', name: `quay.io/bench/${name}:1` } }] },
  }
}

async function fresh(): Promise<FakeImageApi> {
  const api = createFakeImageApi({ baseUrl: ORIGIN, importController: false })
  await api.seed(Array.from({ length: 100 }, (_, i) => streamBody(`s${String(i).padStart(5, '0')}`)))
  return api
}

/** µs per call of `fn` over `iters` calls. */
async function time(fn: (i: number) => Promise<unknown>, iters: number, from: number): Promise<number> {
  const t0 = performance.now()
  for (let i = 0; i < iters; i++) await fn(from + i)
  return ((performance.now() - t0) * 1000) / iters
}

async function paired(name: string, viaDb: (api: FakeImageApi, i: number) => Promise<unknown>, viaFetch: (api: FakeImageApi, i: number) => Promise<unknown>, iters = 300, rounds = 7) {
  const dbApi = await fresh()
  const fetchApi = await fresh()
  await time((i) => viaDb(dbApi, i), 100, 1_000_000)
  await time((i) => viaFetch(fetchApi, i), 100, 1_000_000)
  const rows: Array<{ db: number; fetch: number; ratio: number }> = []
  for (let r = 0; r < rounds; r++) {
    const db = await time((i) => viaDb(dbApi, i), iters, r * iters)
    const f = await time((i) => viaFetch(fetchApi, i), iters, r * iters)
    rows.push({ db, fetch: f, ratio: db / f })
  }
  rows.sort((a, b) => a.ratio - b.ratio)
  const m = rows[Math.floor(rows.length / 2)]!
  console.log(`${name.padEnd(34)} api.db ${m.db.toFixed(1).padStart(7)} µs   api.fetch ${m.fetch.toFixed(1).padStart(7)} µs   ratio ${m.ratio.toFixed(2)}`)
  return m.ratio
}

const createRatio = await paired(
  'create an ImageStream',
  (api, i) => api.db.imagestreams.create({ metadata: { name: `c${i}`, namespace: 'bench', labels: { app: 'bench' } }, spec: { tags: [{ name: 'latest', from: { kind: 'DockerImage', name: `quay.io/bench/c${i}:1` } }] } }),
  async (api, i) => {
    const res = await api.fetch(new Request(`${ORIGIN}${NS}`, { method: 'POST', headers: json, body: JSON.stringify(streamBody(`c${i}`)) }))
    if (res.status !== 201) throw new Error(`POST ${res.status}`)
    return res.json()
  },
)

await paired(
  'update labels (GET-modify-PUT)',
  (api, i) => api.db.imagestreams.update((q) => q.where({ metadata: { name: 's00042' } }), { data: (s) => void (s.metadata.labels = { app: 'bench', n: String(i) }) }),
  async (api, i) => {
    const got = (await (await api.fetch(new Request(`${ORIGIN}${NS}/s00042`))).json()) as { metadata: { labels: Record<string, string> } }
    got.metadata.labels = { app: 'bench', n: String(i) }
    const res = await api.fetch(new Request(`${ORIGIN}${NS}/s00042`, { method: 'PUT', headers: json, body: JSON.stringify(got) }))
    if (res.status !== 200) throw new Error(`PUT ${res.status}`)
    return res.json()
  },
)

await paired(
  'read one by name (findFirst vs GET)',
  async (api) => api.db.imagestreams.findFirst((q) => q.where({ metadata: { name: 's00042' } })),
  async (api) => (await api.fetch(new Request(`${ORIGIN}${NS}/s00042`))).json(),
)

if (createRatio > 1.5) console.log(`NOTE: an api.db create costs ${createRatio.toFixed(2)}× a POST (expected ≤ 1.5)`)
