// `serve --state <file>`: loaded on start instead of the fixtures, written atomically after changes and
// on stop; a corrupt or incompatible file stops the start and is left alone; kill -9 in the middle of a
// write loop never leaves a file that does not load, and what it holds is a prefix of the writes.

import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main, parseServeArgs, serve, type Output } from '../../src/cli.js'
import { STATE_FORMAT, StateFileError } from '../../src/server/state-file.js'
import { cliPackage, IS_PATH, json, urlOf, type Package } from './launch.js'

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'oif-state-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const quiet: Output = { out: () => {}, err: () => {} }
const post = (url: string, body: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
const names = (list: any) => list.items.map((i: any) => i.metadata.name).sort()

async function start(args: string[]) {
  return serve(await parseServeArgs(['serve', '--port', '0', '--quiet', ...args]), quiet)
}

describe('--state', () => {
  it('a new file is seeded from the fixtures and written at once; edits survive a restart; the fixtures are not loaded again', async () => {
    const file = join(dir, 'a', 'state.json')
    const s1 = await start(['--state', file])
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ format: STATE_FORMAT, version: 1 })
    expect(names(await json(await fetch(`${s1.url}${IS_PATH('demo')}`)))).toEqual(['backend', 'frontend', 'postgresql'])
    expect((await fetch(`${s1.url}${IS_PATH('demo')}/backend`, { method: 'DELETE' })).status).toBe(200)
    const created = await json(await post(`${s1.url}${IS_PATH('demo')}`, { metadata: { name: 'added' } }))
    await s1.close()

    const saved = JSON.parse(readFileSync(file, 'utf8'))
    expect(saved.snapshot.rv).toBe(Number(created.metadata.resourceVersion))
    const s2 = await start(['--state', file])
    try {
      const list = await json(await fetch(`${s2.url}${IS_PATH('demo')}`))
      expect(names(list)).toEqual(['added', 'frontend', 'postgresql'])
      // The resourceVersion clock carries on from the saved one.
      expect(Number(list.metadata.resourceVersion)).toBeGreaterThanOrEqual(Number(created.metadata.resourceVersion))
      const next = await json(await post(`${s2.url}${IS_PATH('demo')}`, { metadata: { name: 'after' } }))
      expect(Number(next.metadata.resourceVersion)).toBeGreaterThan(Number(created.metadata.resourceVersion))
      // Written shortly after the change, without a stop.
      await s2.state!.flush()
      expect(JSON.parse(readFileSync(file, 'utf8')).snapshot.objects.imagestreams.map((s: any) => s.metadata.name)).toContain('after')
      // The file holds what api.snapshot() holds (it is kept from the change events, not re-read).
      expect(JSON.parse(readFileSync(file, 'utf8')).snapshot).toEqual(s2.api.snapshot())
    } finally {
      await s2.close()
    }
  })

  it.each([
    ['not JSON', '{"format": "openshift-image-fake/state", "vers', /state file .*: not valid JSON/],
    ['another kind of file', '{"hello": "world"}', /not an openshift-image-fake state file/],
    ['another format version', JSON.stringify({ format: STATE_FORMAT, version: 99, snapshot: { rv: 1, objects: {} } }), /format version 99 is not supported by this version \(it reads version 1\)/],
    ['a resource this version does not store', JSON.stringify({ format: STATE_FORMAT, version: 1, snapshot: { rv: 1, objects: { widgets: [] } } }), /it holds "widgets", which this version does not store/],
    ['an object without a name', JSON.stringify({ format: STATE_FORMAT, version: 1, snapshot: { rv: 1, objects: { imagestreams: [{ metadata: {} }] } } }), /snapshot\.objects\.imagestreams\[0\] is not an object with metadata\.name/],
  ])('%s: the start stops with a clear error, the file is left as it is', async (_what, content, message) => {
    const file = join(dir, `bad-${Math.random().toString(36).slice(2)}.json`)
    writeFileSync(file, content)
    await expect(start(['--state', file])).rejects.toThrow(StateFileError)
    await expect(start(['--state', file])).rejects.toThrow(message)
    const errors: string[] = []
    expect(await main(['serve', '--port', '0', '--state', file], { output: { out: () => {}, err: (l) => errors.push(l) } })).toBe(1)
    expect(errors[0]).toMatch(/left as it is/)
    expect(readFileSync(file, 'utf8')).toBe(content)
    expect(readdirSync(dir).filter((n) => n.includes('.tmp'))).toEqual([])
  })

  it('a state file that cannot be read or written stops the start (exit 1) before anything listens', async () => {
    const notADir = join(dir, 'plain-file')
    writeFileSync(notADir, 'x')
    await expect(start(['--state', join(notADir, 'state.json')])).rejects.toThrow(/state file .*plain-file\/state\.json: cannot read it: ENOTDIR/)
    if (process.platform === 'linux') {
      // /proc takes no new files, even from root: the first write fails.
      await expect(start(['--state', '/proc/oif-state-test.json'])).rejects.toThrow(/^state file \/proc\/oif-state-test\.json: cannot write it: /)
      const out: string[] = []
      expect(await main(['serve', '--port', '0', '--state', '/proc/oif-state-test.json'], { output: { out: (l) => out.push(l), err: (l) => out.push(l) } })).toBe(1)
      expect(out.join('\n')).not.toContain('listening')
    }
  })

  it('a virtual clock carries on from the saved time', async () => {
    const file = join(dir, 'clock-state.json')
    const args = ['--state', file, '--control', '--empty', '--clock', 'virtual=2027-01-01T00:00:00Z']
    const s1 = await start(args)
    await post(`${s1.url}/.fake/clock/advance`, { ms: 3_600_000 })
    await s1.close()
    expect(JSON.parse(readFileSync(file, 'utf8')).clock).toEqual({ mode: 'virtual', now: '2027-01-01T01:00:00.000Z' })
    const s2 = await start(args)
    try {
      expect(new Date(s2.api.clock.now()).toISOString()).toBe('2027-01-01T01:00:00.000Z')
    } finally {
      await s2.close()
    }
  })

  it('remote-registry changes made through the control API are saved and replayed', async () => {
    const file = join(dir, 'registry-state.json')
    const s1 = await start(['--state', file, '--control', '--empty'])
    const published = await json(await post(`${s1.url}/.fake/registry/publish`, { ref: 'quay.io/team/app:2.0', spec: { seed: 'v2' } }))
    expect(published.digest).toMatch(/^sha256:/)
    await s1.close()
    const s2 = await start(['--state', file, '--control', '--empty'])
    try {
      expect(await json(await fetch(`${s2.url}/.fake/registry/resolve?ref=quay.io/team/app:2.0`))).toEqual({ ref: 'quay.io/team/app:2.0', digest: published.digest })
      // A reset forgets them (the registry goes back to its configuration), and that is saved too.
      expect((await post(`${s2.url}/.fake/seed`, [{ apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name: 'x', namespace: 'y' } }])).status).toBe(201)
      const snap = await json(await fetch(`${s2.url}/.fake/snapshot`))
      expect((await post(`${s2.url}/.fake/reset`, {})).status).toBe(200)
      expect((await fetch(`${s2.url}/.fake/registry/resolve?ref=quay.io/team/app:2.0`)).status).toBe(404)
      await s2.state!.flush()
      expect(JSON.parse(readFileSync(file, 'utf8')).snapshot.objects.imagestreams).toEqual([])
      // restore (no change events either) is saved too
      expect((await post(`${s2.url}/.fake/restore`, snap)).status).toBe(200)
      await s2.state!.flush()
      expect(JSON.parse(readFileSync(file, 'utf8')).snapshot).toEqual(s2.api.snapshot())
      expect((await post(`${s2.url}/.fake/reset`, {})).status).toBe(200)
    } finally {
      await s2.close()
    }
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ registry: [], snapshot: { objects: { imagestreams: [] } } })
  })
})

describe('--state under kill -9', () => {
  let pkg: Package
  beforeAll(async () => {
    pkg = await cliPackage()
  })
  afterAll(() => pkg?.remove())

  it('repeated kill -9 during a write loop: the file always loads and holds a prefix of the writes', async () => {
    // A bulky state (1000 streams) so that each write of the file takes a while and kills land inside writes.
    const bulk = join(dir, 'bulk.json')
    writeFileSync(
      bulk,
      JSON.stringify({ apiVersion: 'v1', kind: 'List', items: Array.from({ length: 1000 }, (_, i) => ({ apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name: `bulk-${i}`, namespace: 'bulk', labels: { i: String(i) } } })) }),
    )
    const file = join(dir, 'killed', 'state.json')
    let acknowledged = 0 // writes the server answered 201 to, over every round
    let tornTemps = 0 // rounds in which the kill left a temporary file behind (it hit a write)
    for (let round = 0; round < 6; round++) {
      const p = pkg.launch(['serve', '--port', '0', '--quiet', '--fixtures', bulk, '--state', file, '--no-import-controller'])
      const url = await urlOf(p)
      // What the file held at start: loop-1 … loop-k, nothing else, k ≤ the acknowledged writes.
      const have = (await json(await fetch(`${url}${IS_PATH('loop')}`))).items.map((i: any) => i.metadata.name) as string[]
      const k = have.length
      expect(have.sort()).toEqual(Array.from({ length: k }, (_, i) => `loop-${i + 1}`).sort())
      expect(k).toBeLessThanOrEqual(acknowledged)
      expect((await json(await fetch(`${url}${IS_PATH('bulk')}?limit=1`))).metadata.remainingItemCount).toBe(999)
      if (round > 0) expect(k, 'the debounced writes of an earlier round were saved').toBeGreaterThan(0)
      acknowledged = k
      let stop = false
      const loop = (async () => {
        for (let n = k + 1; !stop; n++) {
          const res = await post(`${url}${IS_PATH('loop')}`, { metadata: { name: `loop-${n}` } }).catch(() => undefined)
          if (res?.status !== 201) break
          acknowledged = n
        }
      })()
      // Let writes (and several saves) happen, then kill at a random moment.
      await new Promise((r) => setTimeout(r, 300 + Math.random() * 400))
      p.kill('SIGKILL')
      expect(await p.exited).toBe(null)
      stop = true
      await loop
      const raw = readFileSync(file, 'utf8')
      expect(() => JSON.parse(raw), `round ${round}: the file parses`).not.toThrow()
      if (readdirSync(join(dir, 'killed')).some((n) => n.endsWith('.tmp'))) tornTemps++
    }
    // The last state loads too; stale temporary files are removed on start.
    const p = pkg.launch(['serve', '--port', '0', '--quiet', '--state', file])
    try {
      const url = await urlOf(p)
      expect(readdirSync(join(dir, 'killed')).filter((n) => n.endsWith('.tmp'))).toEqual([])
      const have = (await json(await fetch(`${url}${IS_PATH('loop')}`))).items.map((i: any) => i.metadata.name) as string[]
      expect(have.sort()).toEqual(Array.from({ length: have.length }, (_, i) => `loop-${i + 1}`).sort())
      expect(have.length).toBeLessThanOrEqual(acknowledged)
    } finally {
      p.kill('SIGTERM')
      expect(await p.exited).toBe(0)
    }
    console.log(`kill -9 rounds: 6, of which ${tornTemps} hit a write in progress (a temporary file was left); ${acknowledged} writes acknowledged`)
    expect(existsSync(file)).toBe(true)
  }, 120_000)
})
