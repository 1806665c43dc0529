// Protobuf request costs as ratios to the same request in JSON, in the same process (no absolute targets):
// get, list of 100 and a dry-run create of an ImageStream through api.fetch with
// `Accept: application/vnd.kubernetes.protobuf` (and a protobuf body for the create), each divided by the
// JSON request. Both cache the encoding of a stored object; the JSON path also keeps the last list body per
// endpoint and protobuf the last list body per list kind (the envelope is copied each time). Targets: get ≤ 2,
// list of 100 ≤ 6, create ≤ 2.5.

import { createFakeImageApi } from '../src/index.js'
import { encodeProtobuf } from '../src/apiserver/protobuf/codec.js'

const ORIGIN = 'http://fake.bench'
const NS = '/apis/image.openshift.io/v1/namespaces/bench/imagestreams'
const PB = 'application/vnd.kubernetes.protobuf'

function streamBody(name: string) {
  return {
    kind: 'ImageStream',
    apiVersion: 'image.openshift.io/v1',
    metadata: { name, namespace: 'bench', labels: { app: 'bench' } },
    spec: { tags: [{ name: 'latest', from: { kind: 'DockerImage', name: `quay.io/bench/${name}:1` } }] },
  }
}

/**
 * Paired rounds (this VM's speed drifts): each round times `iters` protobuf calls, then `iters` JSON calls;
 * the result is the median round's ratio, with that round's times.
 */
async function paired(pb: () => Promise<unknown>, json: () => Promise<unknown>, iters: number, rounds = 9): Promise<{ pb: number; json: number; ratio: number }> {
  for (let i = 0; i < 500; i++) {
    await pb()
    await json()
  }
  const time = async (fn: () => Promise<unknown>) => {
    const t0 = performance.now()
    for (let i = 0; i < iters; i++) await fn()
    return ((performance.now() - t0) * 1000) / iters
  }
  const results: Array<{ pb: number; json: number; ratio: number }> = []
  for (let r = 0; r < rounds; r++) {
    const p = await time(pb)
    const j = await time(json)
    results.push({ pb: p, json: j, ratio: p / j })
  }
  results.sort((a, b) => a.ratio - b.ratio)
  return results[Math.floor(results.length / 2)]!
}

const api = createFakeImageApi({ baseUrl: ORIGIN })
await api.seed(Array.from({ length: 100 }, (_, i) => streamBody(`s${String(i).padStart(5, '0')}`)))

async function run(req: Request): Promise<void> {
  const res = await api.fetch(req)
  await res.arrayBuffer()
  if (res.status >= 300) throw new Error(`${req.method} ${req.url}: ${res.status}`)
}

const pbBody = encodeProtobuf(streamBody('dry'))
const jsonBody = JSON.stringify(streamBody('dry'))
const cases: Array<[string, () => Request, () => Request, number]> = [
  ['get', () => new Request(`${ORIGIN}${NS}/s00042`, { headers: { accept: PB } }), () => new Request(`${ORIGIN}${NS}/s00042`, { headers: { accept: 'application/json' } }), 300],
  ['list of 100', () => new Request(`${ORIGIN}${NS}`, { headers: { accept: PB } }), () => new Request(`${ORIGIN}${NS}`, { headers: { accept: 'application/json' } }), 60],
  [
    'create (dryRun)',
    () => new Request(`${ORIGIN}${NS}?dryRun=All`, { method: 'POST', headers: { 'content-type': PB, accept: PB }, body: new Uint8Array(pbBody) }),
    () => new Request(`${ORIGIN}${NS}?dryRun=All`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: jsonBody }),
    300,
  ],
]

const TARGETS: Record<string, number> = { get: 2, 'list of 100': 6, 'create (dryRun)': 2.5 }
let failed = false
console.log('| op | protobuf µs | JSON µs | ratio | target |\n|---|---|---|---|---|')
for (const [op, pb, json, iters] of cases) {
  const r = await paired(() => run(pb()), () => run(json()), iters)
  if (r.ratio > TARGETS[op]!) failed = true
  console.log(`| ${op} | ${r.pb.toFixed(1)} | ${r.json.toFixed(1)} | ${r.ratio.toFixed(2)} | ≤ ${TARGETS[op]} |`)
}
process.exit(failed ? 1 : 0)
