// The cost of the authentication/authorization step, as ratios in the same process (no absolute targets):
// a GET of one ImageStream through api.fetch with auth on (a bearer token, an RBAC policy of 200
// RoleBindings across 100 namespaces plus the bootstrap policy) divided by the same GET with auth off.
// Target: ≤ 1.5× (the machine this was written on gave 0.7–1.2 under heavy load).

import { createFakeImageApi, type FakeImageApi, type RbacObject } from '../src/index.js'

const ORIGIN = 'http://fake.bench'
const PATH = '/apis/image.openshift.io/v1/namespaces/ns-050/imagestreams/s'

/** Median µs per call of each function, over rounds that alternate between them (so JIT warm-up and GC are shared). */
async function measure(fns: Array<() => Promise<unknown>>, iters = 2000, rounds = 9): Promise<number[]> {
  for (const fn of fns) for (let i = 0; i < 1000; i++) await fn()
  const times: number[][] = fns.map(() => [])
  for (let r = 0; r < rounds; r++) {
    for (const [k, fn] of fns.entries()) {
      const t0 = performance.now()
      for (let i = 0; i < iters; i++) await fn()
      times[k]!.push(((performance.now() - t0) * 1000) / iters)
    }
  }
  return times.map((t) => t.sort((a, b) => a - b)[Math.floor(t.length / 2)]!)
}

async function fake(auth: boolean): Promise<FakeImageApi> {
  const policy: RbacObject[] = []
  for (let i = 0; i < 100; i++) {
    const ns = `ns-${String(i).padStart(3, '0')}`
    policy.push({ kind: 'RoleBinding', metadata: { name: 'view', namespace: ns }, roleRef: { kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'User', name: `user-${i}` }] })
    policy.push({ kind: 'RoleBinding', metadata: { name: 'edit', namespace: ns }, roleRef: { kind: 'ClusterRole', name: 'edit' }, subjects: [{ kind: 'Group', name: `team-${i}` }] })
  }
  const api = createFakeImageApi({ baseUrl: ORIGIN, importController: false, ...(auth ? { auth: { tokens: { t: { user: 'user-50', groups: ['team-7'] } }, policy } } : {}) })
  await api.seed([{ apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name: 's', namespace: 'ns-050' } }])
  return api
}

const off = await fake(false)
const on = await fake(true)
const get = (api: FakeImageApi, headers: Record<string, string>) => async () => {
  const res = await api.fetch(new Request(`${ORIGIN}${PATH}`, { headers }))
  if (res.status !== 200) throw new Error(`status ${res.status}`)
  await res.arrayBuffer()
}
const [offUs, onUs] = (await measure([get(off, {}), get(on, { authorization: 'Bearer t' })])) as [number, number]
const ratio = onUs / offUs
console.log(`GET with auth off: ${offUs.toFixed(1)} µs; with a token + 200-binding RBAC policy: ${onUs.toFixed(1)} µs; ratio ${ratio.toFixed(2)} (target ≤ 1.5)`)
if (ratio > 1.5) process.exitCode = 1
