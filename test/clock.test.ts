// The virtual clock and seeded identity, at the HTTP level: timestamps come from `api.clock`, and
// `api.clock.advance(ms)` runs the import controller, scheduled imports, watch timeouts, bookmarks, the
// too-large-RV wait and fault delays — with no real waiting (nothing here sleeps).

import { describe, expect, it } from 'vitest'
import { buildImage } from '../src/fixtures/image.js'
import { createFakeImageApi, DEFAULT_VIRTUAL_START, type FakeImageApi, type FakeImageApiOptions } from '../src/index.js'
import { fixtureSet, fixtureSetNames } from '../src/fixtures/sets.js'
import { BASE, call, dockerTag, IS, stream, TABLE_ACCEPT } from './helpers.js'
import { APP_1, APP_2, testRegistry } from './imports-helpers.js'

const START = '2026-01-01T00:00:00Z'
const at = (ms: number) => new Date(Date.parse(START) + ms).toISOString().replace('.000Z', 'Z')
const CHECK = 'openshift.io/image.dockerRepositoryCheck'
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

function virtualApi(opts: FakeImageApiOptions = {}): FakeImageApi {
  return createFakeImageApi({ clock: 'virtual', remoteRegistry: testRegistry(), ...opts })
}

/** Reads a watch body as it arrives; `lines` grows, `ended` flips when the server ends the stream. */
function collect(res: Response): { lines: () => any[]; ended: () => boolean; cancel: () => Promise<void> } {
  const reader = res.body!.getReader()
  const dec = new TextDecoder()
  let buf = ''
  let done = false
  const out: any[] = []
  void (async () => {
    for (;;) {
      const r = await reader.read().catch(() => ({ done: true, value: undefined }))
      if (r.done) break
      buf += dec.decode(r.value, { stream: true })
      let nl: number
      while ((nl = buf.indexOf('\n')) >= 0) {
        out.push(JSON.parse(buf.slice(0, nl)))
        buf = buf.slice(nl + 1)
      }
    }
    done = true
  })()
  return { lines: () => out, ended: () => done, cancel: () => reader.cancel().catch(() => {}) }
}

const watch = (api: FakeImageApi, query: string) => api.fetch(new Request(`${BASE}${IS}?watch=true&${query}`))

describe('virtual clock: timestamps', () => {
  it('stands at 2026-01-01T00:00:00Z by default (after every built-in fixture date) and moves only when told', async () => {
    const api = virtualApi()
    expect(api.clock.mode).toBe('virtual')
    expect(api.clock.now()).toBe(Date.parse(START))
    const a = await call(api, 'POST', IS, stream('a'))
    expect(a.body.metadata.creationTimestamp).toBe(START)
    expect(a.body.metadata.managedFields[0].time).toBe(START)
    await api.clock.advance(90 * 60_000)
    expect(api.clock.now()).toBe(Date.parse(START) + 90 * 60_000)
    const b = await call(api, 'POST', IS, stream('b'))
    expect(b.body.metadata.creationTimestamp).toBe(at(90 * 60_000))
    // The server-side Table's age column is computed from the fake's clock.
    const table = await call(api, 'GET', '/api/v1/namespaces', undefined, { headers: { accept: TABLE_ACCEPT } })
    expect(table.status).toBe(200)
    await call(api, 'POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'later' } })
    await api.clock.advance(3 * 24 * 3600_000)
    const ns = await call(api, 'GET', '/api/v1/namespaces/later', undefined, { headers: { accept: TABLE_ACCEPT } })
    expect(ns.body.rows[0].cells).toEqual(['later', 'Active', '3d'])
  })

  it('{ start } and clock.set(date); deletionTimestamp follows', async () => {
    const api = createFakeImageApi({ clock: { start: '2030-06-01T12:00:00Z' } })
    expect(new Date(api.clock.now()).toISOString()).toBe('2030-06-01T12:00:00.000Z')
    await call(api, 'POST', IS, stream('a', [], { metadata: { finalizers: ['example.com/keep'] } }))
    await api.clock.set('2030-06-02T00:00:00Z')
    const del = await call(api, 'DELETE', `${IS}/a`)
    expect(del.body.metadata.deletionTimestamp).toBe('2030-06-02T00:00:00Z')
    // set() backwards moves time back (nothing runs)
    await api.clock.set(new Date('2030-01-01T00:00:00Z'))
    expect((await call(api, 'POST', IS, stream('b'))).body.metadata.creationTimestamp).toBe('2030-01-01T00:00:00Z')
    await expect(api.clock.set('not a date')).rejects.toThrow('clock.set: not a date: "not a date"')
    await expect(api.clock.advance(-1)).rejects.toThrow('clock.advance: ms must be a finite number >= 0, not -1')
  })

  it("the real clock refuses advance()/set() with a pointer to 'virtual'; a bad option is a TypeError", async () => {
    const api = createFakeImageApi()
    expect(api.clock.mode).toBe('real')
    await expect(api.clock.advance(1)).rejects.toThrow("clock.advance: the fake runs on the host's clock; create it with { clock: 'virtual' } to move time yourself")
    expect(() => createFakeImageApi({ clock: 'virtul' as 'virtual' })).toThrow(TypeError)
    expect(() => createFakeImageApi({ clock: { start: 'yesterday' } })).toThrow('clock start: not a date: "yesterday"')
  })

  it('a supplied clock ({ now, setTimeout, clearTimeout }) is used as is', async () => {
    let now = Date.parse('2031-02-03T04:05:06Z')
    const timers: Array<{ fn: () => void; due: number }> = []
    const mine = {
      now: () => now,
      setTimeout: (fn: () => void, ms: number) => {
        const t = { fn, due: now + ms }
        timers.push(t)
        return t
      },
      clearTimeout: (t: { fn: () => void; due: number }) => void timers.splice(timers.indexOf(t), 1),
    }
    const api = createFakeImageApi({ clock: mine, remoteRegistry: testRegistry() })
    expect(api.clock.mode).toBe('custom')
    const s = await call(api, 'POST', IS, stream('web', [dockerTag('app', 'quay.io/team/app:1')]))
    expect(s.body.metadata.creationTimestamp).toBe('2031-02-03T04:05:06Z')
    // the controller's quiet period was scheduled on my clock
    expect(timers.map((t) => t.due - now)).toContain(1000)
    now += 1000
    for (const t of timers.splice(0).filter((t) => t.due <= now)) t.fn()
    await api.settle()
    const got = await call(api, 'GET', `${IS}/web`)
    expect(got.body.metadata.annotations[CHECK]).toBe('2031-02-03T04:05:07Z')
  })
})

describe('virtual clock drives the import controller', () => {
  it('imports after the quiet period (1 s), stamping the virtual time everywhere', async () => {
    const api = virtualApi()
    await call(api, 'POST', IS, stream('web', [dockerTag('app', 'quay.io/team/app:1'), dockerTag('gone', 'quay.io/team/app:nope')]))
    await api.clock.advance(999)
    expect((await call(api, 'GET', `${IS}/web`)).body.status.tags).toBeUndefined()
    await api.clock.advance(1)
    const s = (await call(api, 'GET', `${IS}/web`)).body
    expect(s.metadata.annotations[CHECK]).toBe(at(1000))
    const app = s.status.tags.find((t: any) => t.tag === 'app')
    expect(app.items).toEqual([{ created: at(1000), dockerImageReference: `quay.io/team/app@${APP_1.digest}`, image: APP_1.digest, generation: 2 }])
    const gone = s.status.tags.find((t: any) => t.tag === 'gone')
    expect(gone.conditions[0]).toMatchObject({ type: 'ImportSuccess', status: 'False', reason: 'NotFound', lastTransitionTime: at(1000) })
    // `kubectl get is`: the Updated column is the age of the newest tag event, on the fake's clock.
    await api.clock.advance(2 * 3600_000)
    const table = await call(api, 'GET', IS, undefined, { headers: { accept: TABLE_ACCEPT } })
    const col = table.body.columnDefinitions.findIndex((c: any) => c.name === 'Updated')
    expect(table.body.rows[0].cells[col]).toBe('2 hours ago')
  })

  it('scheduled tags are re-imported every 15 minutes of virtual time', async () => {
    const api = virtualApi()
    await call(api, 'POST', IS, stream('web', [dockerTag('app', 'quay.io/team/app:latest', { importPolicy: { scheduled: true } })]))
    await api.clock.advance(1000)
    expect((await call(api, 'GET', `${IS}/web`)).body.status.tags[0].items.map((e: any) => e.image)).toEqual([APP_2.digest])
    const v3 = buildImage({ seed: 'app v3 (virtual)' })
    api.registry.publish('quay.io/team/app:latest', v3)
    await api.clock.advance(15 * 60_000 - 1001)
    expect((await call(api, 'GET', `${IS}/web`)).body.status.tags[0].items).toHaveLength(1)
    await api.clock.advance(1)
    const items = (await call(api, 'GET', `${IS}/web`)).body.status.tags[0].items
    expect(items.map((e: any) => [e.image, e.created])).toEqual([
      [v3.digest, at(15 * 60_000)],
      [APP_2.digest, at(1000)],
    ])
  })
})

describe('virtual clock drives watches', () => {
  it('a watch with timeoutSeconds ends exactly when virtual time reaches it', async () => {
    const api = virtualApi({ importController: false })
    const w = collect(await watch(api, 'timeoutSeconds=60'))
    await api.clock.advance(59_999)
    expect(w.ended()).toBe(false)
    await call(api, 'POST', IS, stream('a'))
    await api.clock.advance(0)
    expect(w.lines().map((e) => e.type)).toEqual(['ADDED'])
    await api.clock.advance(1)
    expect(w.ended()).toBe(true)
  })

  it('bookmarks every bookmark interval, the last one 2 s before the timeout; the default timeout is 30–60 min', async () => {
    const api = virtualApi({ importController: false, seed: 'bookmarks' })
    const w = collect(await watch(api, 'allowWatchBookmarks=true&timeoutSeconds=150'))
    await api.clock.advance(0)
    expect(w.lines().map((e) => e.type)).toEqual(['BOOKMARK']) // nothing to send at first: an immediate bookmark
    await api.clock.advance(59_999)
    expect(w.lines()).toHaveLength(1)
    await api.clock.advance(1)
    expect(w.lines().map((e) => e.type)).toEqual(['BOOKMARK', 'BOOKMARK'])
    await api.clock.advance(60_000)
    expect(w.lines()).toHaveLength(3)
    await api.clock.advance(27_999)
    expect(w.lines()).toHaveLength(3)
    await api.clock.advance(1) // 148 s: the pre-timeout bookmark
    expect(w.lines()).toHaveLength(4)
    expect(w.ended()).toBe(false)
    await api.clock.advance(2000)
    expect(w.ended()).toBe(true)
    // no timeoutSeconds: the server picks 30 min × (1 + jitter); it has ended well within an hour
    const d = collect(await watch(api, ''))
    await api.clock.advance(30 * 60_000 - 1)
    expect(d.ended()).toBe(false)
    await api.clock.advance(30 * 60_000 + 1)
    expect(d.ended()).toBe(true)
  })

  it('a sendInitialEvents watch at a too-large resourceVersion gets the 504 after 3 s of virtual time', async () => {
    const api = virtualApi({ importController: false })
    const w = collect(await watch(api, 'sendInitialEvents=true&allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan&resourceVersion=999'))
    await api.clock.advance(2999)
    expect(w.lines()).toEqual([])
    await api.clock.advance(1)
    expect(w.lines()).toEqual([
      {
        type: 'ERROR',
        object: {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: 'Timeout: Too large resource version: 999, current: 1',
          reason: 'Timeout',
          details: { causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }], retryAfterSeconds: 1 },
          code: 504,
        },
      },
    ])
    expect(w.ended()).toBe(true)
  })

  it('a LIST at a too-large resourceVersion waits 3 s of virtual time for the store', async () => {
    const api = virtualApi({ importController: false })
    let status = 0
    const pending = call(api, 'GET', `${IS}?resourceVersion=50&resourceVersionMatch=NotOlderThan`).then((r) => (status = r.status))
    await api.clock.advance(2999)
    expect(status).toBe(0)
    await api.clock.advance(1)
    await pending
    expect(status).toBe(504)
  })
})

describe('virtual clock: faults and records', () => {
  it('a fault delay waits virtual time; records carry the virtual times', async () => {
    const api = virtualApi({ importController: false })
    api.inject({ match: { verb: 'list' }, delay: 5000 })
    let status = 0
    const pending = call(api, 'GET', IS).then((r) => (status = r.status))
    await api.clock.advance(4999)
    expect(status).toBe(0)
    await api.clock.advance(1)
    await pending
    expect(status).toBe(200)
    expect(api.requests.map((r) => [r.startedAt, r.durationMs])).toEqual([[Date.parse(START), 5000]])
  })

  it('dropWatch afterMs counts virtual time', async () => {
    const api = virtualApi({ importController: false })
    api.inject({ dropWatch: { afterMs: 10_000 } })
    const w = collect(await watch(api, 'timeoutSeconds=600'))
    await api.clock.advance(9_999)
    expect(w.ended()).toBe(false)
    await api.clock.advance(1)
    expect(w.ended()).toBe(true)
  })
})

describe('seeded identity', () => {
  const run = async (seed?: string) => {
    const api = createFakeImageApi({ clock: 'virtual', seed, importController: false })
    const a = (await call(api, 'POST', IS, stream('a'))).body
    const g = (await call(api, 'POST', '/api/v1/namespaces/ns/secrets', { apiVersion: 'v1', kind: 'Secret', metadata: { generateName: 'pull-' } })).body
    return [a.metadata.uid, g.metadata.name, g.metadata.uid]
  }

  it('same seed → same uids and generated names; another seed or none → others', async () => {
    const one = await run('seed-1')
    expect(await run('seed-1')).toEqual(one)
    expect(await run('seed-2')).not.toEqual(one)
    expect(await run()).not.toEqual(await run())
    expect(one[0]).toMatch(UUID_V4)
    expect(one[2]).toMatch(UUID_V4)
    expect(one[1]).toMatch(/^pull-[bcdfghjklmnpqrstvwxz2456789]{5}$/)
  })
})

describe('fixture dates and the virtual clock', () => {
  const stamps = (v: unknown, out: string[] = []): string[] => {
    if (typeof v === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(v)) out.push(v)
    else if (Array.isArray(v)) for (const x of v) stamps(x, out)
    else if (v && typeof v === 'object') for (const x of Object.values(v)) stamps(x, out)
    return out
  }

  it('every date in the built-in fixture sets lies before the default start, so ages are never negative', async () => {
    expect(DEFAULT_VIRTUAL_START).toBe(START)
    for (const name of fixtureSetNames()) {
      const inFiles = stamps(fixtureSet(name))
      expect(inFiles.filter((t) => Date.parse(t) >= Date.parse(START)), name).toEqual([])
      const api = createFakeImageApi({ clock: 'virtual', fixtures: name, importController: false })
      await api.ready
      const stored = stamps(api.snapshot())
      expect(stored.length, name).toBeGreaterThan(0)
      expect(stored.filter((t) => Date.parse(t) > Date.parse(START)), name).toEqual([])
      const table = await call(api, 'GET', '/apis/image.openshift.io/v1/imagestreams', undefined, { headers: { accept: TABLE_ACCEPT } })
      expect(JSON.stringify(table.body.rows ?? []), name).not.toContain('<invalid>')
    }
  })

  it('dates relative to the virtual start (as docs/deterministic.md shows) age with the clock', async () => {
    const daysBefore = (n: number) => new Date(Date.parse(DEFAULT_VIRTUAL_START) - n * 86_400_000).toISOString()
    const api = createFakeImageApi({
      clock: 'virtual',
      importController: false,
      fixtures: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'old', creationTimestamp: daysBefore(3) } }],
    })
    await api.ready
    const age = async () => (await call(api, 'GET', '/api/v1/namespaces/old', undefined, { headers: { accept: TABLE_ACCEPT } })).body.rows[0].cells[2]
    expect(await age()).toBe('3d')
    await api.clock.advance(2 * 86_400_000)
    expect(await age()).toBe('5d')
  })
})
