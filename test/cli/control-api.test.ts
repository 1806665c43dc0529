// `serve --control`: the control API under /.fake/, from JavaScript and from a Python client
// (examples/control-api/client.py, standard library only) against a CLI started by the test.

import { spawn, spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseServeArgs, serve, type Output, type RunningServer } from '../../src/cli.js'
import { cliPackage, IS_PATH, json, root, urlOf, type Package } from './launch.js'

const quiet: Output = { out: () => {}, err: () => {} }
const post = (url: string, body?: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) })

describe('the control API (in process)', () => {
  let s: RunningServer
  beforeAll(async () => {
    s = await serve(await parseServeArgs(['serve', '--port', '0', '--quiet', '--control', '--fixtures', 'default']), quiet)
  })
  afterAll(() => s?.close())

  it('reset, snapshot and restore, seed, settle', async () => {
    const snap = await json(await fetch(`${s.url}/.fake/snapshot`))
    expect(snap.objects.imagestreams.length).toBe(7)
    expect(await json(await post(`${s.url}/.fake/reset`))).toEqual({ reset: true })
    expect((await json(await fetch(`${s.url}/apis/image.openshift.io/v1/imagestreams`))).items).toEqual([])
    expect(await json(await post(`${s.url}/.fake/restore`, snap))).toEqual({ restored: true, rv: snap.rv })
    expect((await json(await fetch(`${s.url}/apis/image.openshift.io/v1/imagestreams`))).items.length).toBe(7)
    const seeded = await fetch(`${s.url}/.fake/seed`, { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: 'kind: ImageStream\napiVersion: image.openshift.io/v1\nmetadata: {name: y, namespace: demo}\n---\nkind: ImageStream\napiVersion: image.openshift.io/v1\nmetadata: {name: z, namespace: demo}\n' })
    expect(seeded.status).toBe(201)
    expect((await json(await fetch(`${s.url}${IS_PATH('demo')}/z`))).metadata.name).toBe('z')
    expect(await json(await post(`${s.url}/.fake/settle?scheduled=true`))).toEqual({ settled: true })
  })

  it('bad requests: a 400 naming the problem, 404 for unknown endpoints, 405 for a wrong method', async () => {
    expect(await json(await post(`${s.url}/.fake/restore`, { objects: {} }))).toEqual({ error: 'the body must be a snapshot: { "rv": <number>, "objects": { "<resource>": [...] } } (as GET /.fake/snapshot returns)' })
    const bad = await post(`${s.url}/.fake/faults`, { status: 503, times: 0 })
    expect([bad.status, await json(bad)]).toEqual([400, { error: 'times: must be a whole number ≥ 1, not 0' }])
    const unknown = await fetch(`${s.url}/.fake/clocks`, { method: 'POST' })
    expect([unknown.status, await json(unknown)]).toEqual([404, { error: 'no control endpoint /.fake/clocks (GET /.fake/ lists them)' }])
    const wrong = await fetch(`${s.url}/.fake/reset`)
    expect([wrong.status, await json(wrong)]).toEqual([405, { error: 'GET is not allowed here (POST)' }])
  })

  it('faults: inject, list, hit, remove one by id; requests are recorded (not the control calls)', async () => {
    const fault = await json(await post(`${s.url}/.fake/faults`, { match: { verb: 'get', resource: 'imagestreams', name: 'frontend' }, status: 429, retryAfter: 3 }))
    expect(fault).toMatchObject({ id: expect.any(Number), hits: 0, active: true, spec: { status: 429 } })
    const hit = await fetch(`${s.url}${IS_PATH('demo')}/frontend`)
    expect([hit.status, hit.headers.get('retry-after')]).toEqual([429, '3'])
    expect((await json(await fetch(`${s.url}/.fake/faults/${fault.id}`))).hits).toBe(1)
    expect(await json(await fetch(`${s.url}/.fake/faults/${fault.id}`, { method: 'DELETE' }))).toEqual({ removed: true, id: fault.id })
    expect((await fetch(`${s.url}${IS_PATH('demo')}/frontend`)).status).toBe(200)
    const recorded = (await json(await fetch(`${s.url}/.fake/requests?limit=2`))).items
    expect(recorded.map((r: any) => [r.verb, r.name, r.status, r.fault])).toEqual([
      ['get', 'frontend', 429, 'status'],
      ['get', 'frontend', 200, undefined],
    ])
    expect(recorded.some((r: any) => r.path.startsWith('/.fake'))).toBe(false)
  })
})

describe('the clock endpoints', () => {
  it('--clock virtual: GET /.fake/clock, advance (body or ?ms=), set; objects are stamped with the moved time', async () => {
    const s = await serve(await parseServeArgs(['serve', '--port', '0', '--quiet', '--empty', '--control', '--clock', 'virtual=2027-01-01T00:00:00Z']), quiet)
    try {
      expect(await json(await fetch(`${s.url}/.fake/clock`))).toEqual({ mode: 'virtual', now: '2027-01-01T00:00:00.000Z' })
      expect(await json(await post(`${s.url}/.fake/clock/advance`, { ms: 60_000 }))).toEqual({ mode: 'virtual', now: '2027-01-01T00:01:00.000Z' })
      expect(await json(await post(`${s.url}/.fake/clock/advance?ms=1000`))).toEqual({ mode: 'virtual', now: '2027-01-01T00:01:01.000Z' })
      const created = await json(await post(`${s.url}${IS_PATH('t')}`, { metadata: { name: 'a' } }))
      expect(created.metadata.creationTimestamp).toBe('2027-01-01T00:01:01Z')
      expect(await json(await post(`${s.url}/.fake/clock/set`, { time: '2027-06-01T12:00:00Z' }))).toEqual({ mode: 'virtual', now: '2027-06-01T12:00:00.000Z' })
      const bad = await post(`${s.url}/.fake/clock/advance`, { ms: -1 })
      expect([bad.status, await json(bad)]).toEqual([400, { error: 'ms: must be a number of milliseconds ≥ 0, not -1' }])
      const badSet = await post(`${s.url}/.fake/clock/set`, { time: 'tomorrow' })
      expect(badSet.status).toBe(400)
    } finally {
      await s.close()
    }
  })

  it('the real clock does not move: 409 naming the flag', async () => {
    const s = await serve(await parseServeArgs(['serve', '--port', '0', '--quiet', '--empty', '--control']), quiet)
    try {
      expect((await json(await fetch(`${s.url}/.fake/clock`))).mode).toBe('real')
      const res = await post(`${s.url}/.fake/clock/advance`, { ms: 1000 })
      expect([res.status, await json(res)]).toEqual([409, { error: 'the server runs on the real clock: start it with --clock virtual (or clock: virtual in its config) to move time' }])
    } finally {
      await s.close()
    }
  })
})

it('without --control, /.fake/ is an ordinary path: the real server\'s 404', async () => {
  const s = await serve(await parseServeArgs(['serve', '--port', '0', '--quiet', '--empty']), quiet)
  try {
    const res = await post(`${s.url}/.fake/reset`)
    expect(res.status).toBe(404)
    expect(await (await fetch(`${s.url}/.fake/snapshot`)).text()).toBe('404 page not found\n')
  } finally {
    await s.close()
  }
})

describe('a Python client (standard library only)', () => {
  const python = spawnSync('python3', ['--version']).status === 0 ? 'python3' : undefined
  if (!python) console.warn('\n*** python3 is not installed: SKIPPING the Python control-API client test (examples/control-api/client.py) ***\n')
  let pkg: Package
  beforeAll(async () => {
    if (python) pkg = await cliPackage()
  })
  afterAll(() => pkg?.remove())

  it.skipIf(!python)('examples/control-api/client.py passes against `openshift-image-fake serve --control`', async () => {
    const p = pkg.launch(['serve', '--port', '0', '--quiet', '--empty', '--control'])
    try {
      const url = await urlOf(p)
      const run = await new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn(python!, [join(root, 'examples', 'control-api', 'client.py'), url], { stdio: ['ignore', 'pipe', 'pipe'] })
        let out = ''
        child.stdout.on('data', (d: Buffer) => (out += d.toString()))
        child.stderr.on('data', (d: Buffer) => (out += d.toString()))
        child.on('close', (code) => resolve({ code, out }))
      })
      expect(run.out).toContain('control API: all checks passed')
      expect(run.code, run.out).toBe(0)
    } finally {
      p.kill('SIGTERM')
      expect(await p.exited).toBe(0)
    }
  })
})
