// Store-side costs, in one process (medians of several runs):
//   (a) seeding 10 000 ImageStreams and 10 000 Images (each with its manifest) through api.seed
//       (target ≤ 1 s each);
//   (b) the per-test reset of a suite: api.reset() + bringing `default` back, both as
//       openshift-image-fake/testing does it (restore the snapshot taken after seeding) and by seeding the
//       set again (target ≤ 5 ms);
//   (c) bytes of heap held per stored ImageStream and per Image (reported, no target).
//
//   node --expose-gc --import tsx bench/store.ts

import { createFakeImageApi, image } from '../src/index.js'
import { fixtureSet } from '../src/fixtures/sets.js'
import { median } from './support.js'

function stream(i: number) {
  const name = `s${String(i).padStart(5, '0')}`
  return {
    kind: 'ImageStream',
    apiVersion: 'image.openshift.io/v1',
    metadata: { name, namespace: 'bench', labels: { app: 'bench' } },
    spec: { tags: [{ name: 'latest', from: { kind: 'DockerImage', name: `quay.io/bench/${name}:1` } }] },
  }
}

/** Images with their manifest and config blobs (dockerImageManifest / dockerImageMetadata filled in). */
function images(n: number) {
  return Array.from({ length: n }, (_, i) => image({ seed: `bench ${i}`, layers: [`layer a ${i}`, `layer b ${i}`] }))
}

/** CPU time of this process (ms) over each timed call, next to the wall time: on a loaded machine wall time
 *  mostly measures waiting for a core. */
const cpu: Record<string, number[]> = {}
let cpuKey = ''

async function time(fn: () => Promise<unknown>): Promise<number> {
  const c0 = process.cpuUsage()
  const t0 = performance.now()
  await fn()
  const wall = performance.now() - t0
  const c = process.cpuUsage(c0)
  ;(cpu[cpuKey] ??= []).push((c.user + c.system) / 1000)
  return wall
}

function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc
  if (!g) throw new Error('run with node --expose-gc')
  g()
  g()
}

export interface StoreFigures {
  /** CPU ms of the same operations (medians). */
  cpu: Record<'streams' | 'images' | 'restore' | 'reseed', number>
  seedStreamsMs: number
  seedImagesMs: number
  resetRestoreMs: number
  resetReseedMs: number
  bytesPerStream: number
  bytesPerImage: number
}

export async function runStoreBench(runs = 3): Promise<StoreFigures> {
  // (b) the per-test reset, first (on a small heap), after a warm-up of both paths
  const api = createFakeImageApi({ fixtures: 'default' })
  await api.ready
  const seeded = api.snapshot()
  const defaults = fixtureSet('default')
  for (let i = 0; i < 30; i++) {
    await api.reset()
    await api.restore(seeded)
    await api.reset()
    await api.seed(structuredClone(defaults))
  }
  const restore: number[] = []
  const reseed: number[] = []
  for (let i = 0; i < 51; i++) {
    cpuKey = 'restore'
    restore.push(await time(async () => {
      await api.reset()
      await api.restore(seeded)
    }))
    cpuKey = 'reseed'
    reseed.push(await time(async () => {
      await api.reset()
      await api.seed(structuredClone(defaults))
    }))
  }

  // (a) seeding 10 000 objects into an empty fake; a warm-up seed of 1 000 first, GC before each run
  const streams = Array.from({ length: 10_000 }, (_, i) => stream(i))
  const imgs = images(10_000)
  await createFakeImageApi({ importController: false }).seed(structuredClone(streams.slice(0, 1000)))
  await createFakeImageApi({ importController: false }).seed(structuredClone(imgs.slice(0, 1000)))
  const s: number[] = []
  const im: number[] = []
  for (let r = 0; r < runs; r++) {
    const streamCopy = structuredClone(streams)
    gc()
    cpuKey = 'streams'
    s.push(await time(() => createFakeImageApi({ importController: false }).seed(streamCopy)))
    const imageCopy = structuredClone(imgs)
    gc()
    cpuKey = 'images'
    im.push(await time(() => createFakeImageApi({ importController: false }).seed(imageCopy)))
  }

  // (c) heap per object: 10 000 of a kind, measured against the same fake empty
  const perObject = async (objects: unknown[]) => {
    const copy = structuredClone(objects)
    const fake = createFakeImageApi({ importController: false })
    await fake.fetch(new Request('http://x/version'))
    gc()
    const before = process.memoryUsage().heapUsed
    await fake.seed(copy)
    copy.length = 0
    gc()
    const after = process.memoryUsage().heapUsed
    ;(globalThis as { keep?: unknown }).keep = fake
    return (after - before) / objects.length
  }
  const bytesPerStream = await perObject(streams)
  const bytesPerImage = await perObject(imgs)

  return {
    cpu: { streams: median(cpu.streams!), images: median(cpu.images!), restore: median(cpu.restore!), reseed: median(cpu.reseed!) },
    seedStreamsMs: median(s),
    seedImagesMs: median(im),
    resetRestoreMs: median(restore),
    resetReseedMs: median(reseed),
    bytesPerStream,
    bytesPerImage,
  }
}

const mark = (ok: boolean) => (ok ? '✓' : '✗')

export function storeRows(f: StoreFigures): string[] {
  return [
    `| seed 10 000 ImageStreams (api.seed) | ${f.seedStreamsMs.toFixed(0)} ms | ${f.cpu.streams.toFixed(0)} ms | ≤ 1000 ms | ${mark(f.seedStreamsMs <= 1000)} |`,
    `| seed 10 000 Images with manifests (api.seed) | ${f.seedImagesMs.toFixed(0)} ms | ${f.cpu.images.toFixed(0)} ms | ≤ 1000 ms | ${mark(f.seedImagesMs <= 1000)} |`,
    `| api.reset() + api.restore(snapshot of default) | ${f.resetRestoreMs.toFixed(2)} ms | ${f.cpu.restore.toFixed(2)} ms | ≤ 5 ms | ${mark(f.resetRestoreMs <= 5)} |`,
    `| api.reset() + api.seed(default) | ${f.resetReseedMs.toFixed(2)} ms | ${f.cpu.reseed.toFixed(2)} ms | ≤ 5 ms | ${mark(f.resetReseedMs <= 5)} |`,
    `| heap per stored ImageStream | ${(f.bytesPerStream / 1024).toFixed(1)} KiB | — | reported | — |`,
    `| heap per stored Image (with manifest) | ${(f.bytesPerImage / 1024).toFixed(1)} KiB | — | reported | — |`,
  ]
}

export async function main(): Promise<void> {
  const f = await runStoreBench()
  console.log('\n(d) seeding, per-test reset and memory (medians in one process; ✓/✗ judged on wall time, CPU time shown for a loaded machine)\n')
  console.log('| case | wall | CPU | target | |')
  console.log('|---|---:|---:|---|---|')
  for (const row of storeRows(f)) console.log(row)
}

if (import.meta.url === `file://${process.argv[1]}`) await main()
