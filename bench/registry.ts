// The integrated registry against the API writes and reads it triggers, as ratios in one process (no
// absolute targets): (a) the push of a 10-layer image through api.fetch — 10 layer uploads, the config
// upload and the manifest PUT by tag — divided by the ImageStreamMapping create the push makes (same
// Image: manifest, config, layers); (b) the pull of that image's manifest by tag divided by a GET of its
// ImageStreamTag. Target: (a) ≤ 3 (issue 16: "not slower than the API write it triggers × 3").

import { createHash } from 'node:crypto'
import { createFakeImageApi, type FakeImageApi } from '../src/index.js'
import { roundsMedian } from './support.js'

const REGISTRY = 'https://image-registry.openshift-image-registry.svc:5000'
const API = 'http://fake.bench/apis/image.openshift.io/v1'
const SCHEMA2 = 'application/vnd.docker.distribution.manifest.v2+json'
const sha = (b: string) => `sha256:${createHash('sha256').update(b).digest('hex')}`

interface Staged {
  layers: string[]
  config: string
  manifest: string
  digest: string
}

function stage(i: number): Staged {
  const layers = Array.from({ length: 10 }, (_, k) => `layer ${k} of build ${i} `.repeat(40))
  const config = JSON.stringify({ architecture: 'amd64', os: 'linux', config: { Cmd: ['/app'], Labels: { build: String(i) } }, rootfs: { type: 'layers', diff_ids: layers.map(sha) } })
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: SCHEMA2,
    config: { mediaType: 'application/vnd.docker.container.image.v1+json', size: Buffer.byteLength(config), digest: sha(config) },
    layers: layers.map((l) => ({ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', size: Buffer.byteLength(l), digest: sha(l) })),
  })
  return { layers, config, manifest, digest: sha(manifest) }
}

async function ok(res: Promise<Response>, status: number): Promise<void> {
  const r = await res
  await r.arrayBuffer()
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}`)
}

async function push(api: FakeImageApi, repo: string, tag: string, s: Staged): Promise<void> {
  for (const blob of [...s.layers, s.config]) {
    await ok(api.fetch(new Request(`${REGISTRY}/v2/${repo}/blobs/uploads/?digest=${sha(blob)}`, { method: 'POST', body: blob })), 201)
  }
  await ok(api.fetch(new Request(`${REGISTRY}/v2/${repo}/manifests/${tag}`, { method: 'PUT', body: s.manifest, headers: { 'content-type': SCHEMA2 } })), 201)
}

/** The ImageStreamMapping the push makes, written directly. */
async function mapping(api: FakeImageApi, ns: string, name: string, tag: string, s: Staged): Promise<void> {
  const m = JSON.parse(s.manifest)
  const body = {
    kind: 'ImageStreamMapping',
    apiVersion: 'image.openshift.io/v1',
    metadata: { namespace: ns, name },
    tag,
    image: {
      metadata: { name: s.digest, annotations: { 'openshift.io/image.managed': 'true', 'image.openshift.io/manifestBlobStored': 'true' } },
      dockerImageReference: `image-registry.openshift-image-registry.svc:5000/${ns}/${name}@${s.digest}`,
      dockerImageManifest: s.manifest,
      dockerImageManifestMediaType: SCHEMA2,
      dockerImageConfig: s.config,
      dockerImageLayers: m.layers.map((l: { digest: string; size: number; mediaType: string }) => ({ name: l.digest, size: l.size, mediaType: l.mediaType })),
    },
  }
  await ok(api.fetch(new Request(`${API}/namespaces/${ns}/imagestreammappings`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } })), 201)
}

async function main(): Promise<void> {
  const api = createFakeImageApi({ baseUrl: 'http://fake.bench', importController: false })
  const iters = 40
  const rounds = 7
  const total = (iters * rounds + 20) * 2
  const staged = Array.from({ length: total }, (_, i) => stage(i))
  await ok(api.fetch(new Request(`${API}/namespaces/bench/imagestreams`, { method: 'POST', body: JSON.stringify({ metadata: { name: 'pushed' } }), headers: { 'content-type': 'application/json' } })), 201)
  await ok(api.fetch(new Request(`${API}/namespaces/bench/imagestreams`, { method: 'POST', body: JSON.stringify({ metadata: { name: 'mapped' } }), headers: { 'content-type': 'application/json' } })), 201)
  // Warm-up, then paired rounds (each tag gets its own image: every write is a new Image and tag event).
  for (let i = 0; i < 10; i++) {
    await push(api, 'bench/pushed', `w${i}`, staged[i]!)
    await mapping(api, 'bench', 'mapped', `w${i}`, staged[10 + i]!)
  }
  let at = 20
  const pushUs = await roundsMedian((i) => push(api, 'bench/pushed', `t${i}`, staged[i]!), iters, rounds, at)
  at += iters * rounds
  const mapUs = await roundsMedian((i) => mapping(api, 'bench', 'mapped', `t${i}`, staged[i]!), iters, rounds, at)

  const pullUs = await roundsMedian(async (i) => ok(api.fetch(new Request(`${REGISTRY}/v2/bench/pushed/manifests/t${20 + (i % iters)}`, { headers: { accept: SCHEMA2 } })), 200), 400, rounds, 0)
  const istagUs = await roundsMedian(async (i) => ok(api.fetch(new Request(`${API}/namespaces/bench/imagestreamtags/pushed:t${20 + (i % iters)}`)), 200), 400, rounds, 0)

  const rows = [
    { op: 'push, 10 layers (11 uploads + manifest PUT)', us: pushUs, floor: 'ImageStreamMapping create', floorUs: mapUs, target: 3 },
    { op: 'pull manifest by tag', us: pullUs, floor: 'GET imagestreamtag', floorUs: istagUs, target: undefined },
  ]
  let failed = false
  for (const r of rows) {
    const ratio = r.us / r.floorUs
    const verdict = r.target === undefined ? '' : ratio <= r.target ? ` (≤ ${r.target}: ok)` : ` (> ${r.target}: SLOW)`
    if (r.target !== undefined && ratio > r.target) failed = true
    console.log(`${r.op.padEnd(46)} ${r.us.toFixed(0).padStart(7)} µs  /  ${r.floor.padEnd(26)} ${r.floorUs.toFixed(0).padStart(6)} µs  = ${ratio.toFixed(2)}×${verdict}`)
  }
  process.exit(failed ? 1 : 0)
}

await main()
