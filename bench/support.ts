// What the benches share: the fake's origin, the benchmark namespace's ImageStream path, the ImageStream
// they create (one DockerImage spec tag, labelled so selectors have something to match), and the medians
// they report.

export const ORIGIN = 'http://fake.bench'
export const NS = '/apis/image.openshift.io/v1/namespaces/bench/imagestreams'

export function streamBody(name: string, labels: Record<string, string> = { app: 'bench' }) {
  return {
    kind: 'ImageStream',
    apiVersion: 'image.openshift.io/v1',
    metadata: { name, namespace: 'bench', labels },
    spec: { tags: [{ name: 'latest', from: { kind: 'DockerImage', name: `quay.io/bench/${name}:1` } }] },
  }
}

/** The middle value of a list (of an even count, the higher of the two middle ones). */
export function median(xs: readonly number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
}

/** One timed round: µs per call of `iters` calls of `fn`, numbered from `from`. */
export async function roundMicros(fn: (i: number) => Promise<unknown>, iters: number, from: number): Promise<number> {
  const t0 = performance.now()
  for (let i = 0; i < iters; i++) await fn(from + i)
  return ((performance.now() - t0) * 1000) / iters
}

/** The median µs per call over `rounds` rounds of `iters` calls, numbered on from `from`. */
export async function roundsMedian(fn: (i: number) => Promise<unknown>, iters: number, rounds: number, from = 0): Promise<number> {
  const times: number[] = []
  for (let r = 0; r < rounds; r++) times.push(await roundMicros(fn, iters, from + r * iters))
  return median(times)
}
