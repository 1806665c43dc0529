// The import controller (openshift-controller-manager pkg/image/controller;
// docs/fidelity.md#import-controller): imports DockerImage spec tags that are ahead of their status,
// re-imports scheduled tags, runs to quiescence with `api.settle()`, stops on `api.reset()` and never keeps
// the process alive. Plus the story: apply → watch sees the import → istag → new digest → history.

import { spawn } from 'node:child_process'
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { watchUntil } from './watch-helpers.js'
import { buildImage } from '../src/fixtures/image.js'
import type { FakeImageApi } from '../src/index.js'
import { BASE, call, dockerTag, fakeApi, IS, stream } from './helpers.js'
import { APP_1, APP_2, testRegistry } from './imports-helpers.js'

const CHECK = 'openshift.io/image.dockerRepositoryCheck'

function controllerApi(opts: Parameters<typeof fakeApi>[0] = {}): FakeImageApi {
  return fakeApi({ remoteRegistry: testRegistry(), ...opts })
}

async function getStream(api: FakeImageApi, name = 'web') {
  return (await call(api, 'GET', `${IS}/${name}`)).body
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 5000): Promise<T> {
  const start = Date.now()
  for (;;) {
    const v = await fn()
    if (ok(v)) return v
    if (Date.now() - start > timeoutMs) throw new Error(`timed out; last value ${JSON.stringify(v)}`)
    await sleep(10)
  }
}

describe('import controller', () => {
  it('imports a new DockerImage spec tag (settle runs it to quiescence)', async () => {
    const api = controllerApi()
    const created = (await call(api, 'POST', IS, stream('web', [dockerTag('app', 'quay.io/team/app:1')]))).body
    // Nothing yet: the controller waits for a quiet period.
    expect(created.status.tags).toBeUndefined()
    await api.settle()
    const s = await getStream(api)
    expect(s.metadata.annotations[CHECK]).toMatch(/Z$/)
    // The import resets the spec tag (generation 0 → the new generation 2).
    expect(s.metadata.generation).toBe(2)
    expect(s.spec.tags[0].generation).toBe(2)
    expect(s.status.tags).toEqual([{ tag: 'app', items: [{ created: expect.any(String), dockerImageReference: `quay.io/team/app@${APP_1.digest}`, image: APP_1.digest, generation: 2 }] }])
    // Quiescent: another settle does nothing.
    await api.settle()
    expect((await getStream(api)).metadata.resourceVersion).toBe(s.metadata.resourceVersion)
  })

  it('runs by itself after the quiet period (delayMs, default 1 s; on the virtual clock)', async () => {
    const api = controllerApi({ clock: 'virtual' })
    await call(api, 'POST', IS, stream('web', [dockerTag('app', 'quay.io/team/app:2')]))
    await api.clock.advance(999)
    expect((await getStream(api)).status.tags).toBeUndefined()
    await api.clock.advance(1)
    const s = await getStream(api)
    expect(s.status.tags[0].items[0].image).toBe(APP_2.digest)
  })

  it('runs by itself on real timers too (delayMs: 0)', async () => {
    const api = controllerApi({ importController: { delayMs: 0 } })
    await call(api, 'POST', IS, stream('web', [dockerTag('app', 'quay.io/team/app:2')]))
    const s = await until(() => getStream(api), (v) => !!v.status.tags)
    expect(s.status.tags[0].items[0].image).toBe(APP_2.digest)
  })

  it('records failures as conditions once, and does not loop', async () => {
    const api = controllerApi()
    await call(api, 'POST', IS, stream('web', [dockerTag('app', 'quay.io/team/app:nope'), dockerTag('ref', 'quay.io/team/app:nope', { reference: true })]))
    await api.settle()
    const s = await getStream(api)
    const app = s.status.tags.find((t: any) => t.tag === 'app')
    expect(app.conditions).toEqual([
      { type: 'ImportSuccess', status: 'False', lastTransitionTime: expect.any(String), reason: 'NotFound', message: 'dockerimage.image.openshift.io "quay.io/team/app:nope" not found', generation: 2 },
    ])
    // reference tags are never imported
    expect(s.status.tags.find((t: any) => t.tag === 'ref').conditions).toBeUndefined()
    await api.settle()
    expect((await getStream(api)).metadata.resourceVersion).toBe(s.metadata.resourceVersion)
  })

  it('re-imports when a tag generation is reset (generation: 0), picking up a new digest', async () => {
    const api = controllerApi()
    await call(api, 'POST', IS, stream('web', [dockerTag('app', 'quay.io/team/app:latest')]))
    await api.settle()
    const next = buildImage({ seed: 'app 3' })
    api.registry.publish('quay.io/team/app:latest', next)
    // A change of the stream that does not touch the tag: no import.
    const s1 = await getStream(api)
    await call(api, 'PUT', `${IS}/web`, { ...s1, metadata: { ...s1.metadata, labels: { a: 'b' } } })
    await api.settle()
    expect((await getStream(api)).status.tags[0].items).toHaveLength(1)
    // `oc import-image`-style re-import: reset the tag generation.
    const s2 = await getStream(api)
    await call(api, 'PUT', `${IS}/web`, { ...s2, spec: { ...s2.spec, tags: [{ ...s2.spec.tags[0], generation: 0 }] } })
    await api.settle()
    const s3 = await getStream(api)
    expect(s3.status.tags[0].items.map((e: any) => e.image)).toEqual([next.digest, APP_2.digest])
  })

  it('scheduled tags are re-imported on the scheduler pass (settle({ scheduled: true }))', async () => {
    const api = controllerApi()
    await call(api, 'POST', IS, stream('web', [dockerTag('app', 'quay.io/team/app:latest', { importPolicy: { scheduled: true } }), dockerTag('fixed', 'quay.io/team/app:1')]))
    await api.settle()
    const before = await getStream(api)
    // Nothing new upstream: the pass writes nothing.
    await api.settle({ scheduled: true })
    expect((await getStream(api)).metadata.resourceVersion).toBe(before.metadata.resourceVersion)
    const v3 = buildImage({ seed: 'app v3' })
    api.registry.publish('quay.io/team/app:latest', v3)
    api.registry.publish('quay.io/team/app:1', buildImage({ seed: 'not scheduled' }))
    await api.settle()
    expect((await getStream(api)).metadata.resourceVersion).toBe(before.metadata.resourceVersion)
    await api.settle({ scheduled: true })
    const after = await getStream(api)
    const app = after.status.tags.find((t: any) => t.tag === 'app')
    expect(app.items.map((e: any) => e.image)).toEqual([v3.digest, APP_2.digest])
    expect(app.items[0].generation).toBe(after.metadata.generation)
    // The unscheduled tag stays on its image.
    expect(after.status.tags.find((t: any) => t.tag === 'fixed').items.map((e: any) => e.image)).toEqual([APP_1.digest])
  })

  it('scheduled imports also run on their interval (15 min of virtual time)', async () => {
    const api = controllerApi({ clock: 'virtual' })
    await call(api, 'POST', IS, stream('web', [dockerTag('app', 'quay.io/team/app:latest', { importPolicy: { scheduled: true } })]))
    await api.settle()
    const v4 = buildImage({ seed: 'app v4' })
    api.registry.publish('quay.io/team/app:latest', v4)
    await api.clock.advance(15 * 60_000 - 1)
    expect((await getStream(api)).status.tags[0].items).toHaveLength(1)
    await api.clock.advance(1)
    const s = await getStream(api)
    expect(s.status.tags[0].items.map((e: any) => e.image)).toEqual([v4.digest, APP_2.digest])
    await api.reset()
  })

  it('streams that are up to date are left alone, even without the annotation (seeded fixtures)', async () => {
    const api = controllerApi()
    await api.seed([
      {
        kind: 'ImageStream',
        apiVersion: 'image.openshift.io/v1',
        metadata: { name: 'web', namespace: 'ns' },
        spec: { tags: [{ name: 'app', from: { kind: 'DockerImage', name: 'quay.io/team/app:1' } }] },
        status: { tags: [{ tag: 'app', items: [{ created: '2024-01-01T00:00:00Z', dockerImageReference: 'quay.io/team/app@sha256:' + 'f'.repeat(64), image: 'sha256:' + 'f'.repeat(64), generation: 1 }] }] },
      },
    ])
    const before = await getStream(api)
    await api.settle()
    expect((await getStream(api)).metadata.resourceVersion).toBe(before.metadata.resourceVersion)
  })

  it('spec.dockerImageRepository without the annotation imports the whole repository', async () => {
    const api = controllerApi()
    await call(api, 'POST', IS, stream('web', [], { spec: { dockerImageRepository: 'quay.io/team/app' } }))
    await api.settle()
    const s = await getStream(api)
    expect(s.status.tags.map((t: any) => t.tag)).toEqual(['1', '2', 'broken', 'denied', 'latest', 'oci'])
    expect(s.spec.tags.map((t: any) => [t.name, t.from.name])).toContainEqual(['latest', 'quay.io/team/app:latest'])
  })

  it('importController: false turns it off', async () => {
    const api = controllerApi({ importController: false })
    await call(api, 'POST', IS, stream('web', [dockerTag('app', 'quay.io/team/app:1')]))
    await api.settle()
    expect((await getStream(api)).status.tags).toBeUndefined()
  })

  it('reset drops pending work; the controller keeps working afterwards', async () => {
    const api = controllerApi({ importController: { delayMs: 60_000 } })
    await call(api, 'POST', IS, stream('web', [dockerTag('app', 'quay.io/team/app:1')]))
    await api.reset()
    await api.settle()
    expect((await call(api, 'GET', `${IS}/web`)).status).toBe(404)
    await call(api, 'POST', IS, stream('web', [dockerTag('app', 'quay.io/team/app:1')]))
    await api.settle()
    expect((await getStream(api)).status.tags[0].items[0].image).toBe(APP_1.digest)
  })

  it('reset restores the registry content', async () => {
    const api = controllerApi()
    api.registry.publish('quay.io/team/app:1', buildImage({ seed: 'changed' }))
    expect(api.registry.resolve('quay.io/team/app:1')).not.toBe(APP_1.digest)
    await api.reset()
    expect(api.registry.resolve('quay.io/team/app:1')).toBe(APP_1.digest)
  })

  it('does not keep the process alive (unref timers, armed only while there is work)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'isi-controller-'))
    const script = join(dir, 'alive.mts')
    writeFileSync(
      script,
      `import { createFakeImageApi } from ${JSON.stringify(join(process.cwd(), 'src/index.ts'))}
const api = createFakeImageApi()
const body = { kind: 'ImageStream', apiVersion: 'image.openshift.io/v1', metadata: { name: 'web' }, spec: { tags: [{ name: 'a', from: { kind: 'DockerImage', name: 'docker.io/library/nginx:latest' }, importPolicy: { scheduled: true } }] } }
const res = await api.fetch(new Request('http://fake.local/apis/image.openshift.io/v1/namespaces/ns/imagestreams', { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }))
console.log('created', res.status)
`,
    )
    try {
      const started = Date.now()
      const code = await new Promise<number | null>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] })
        let out = ''
        child.stdout.on('data', (d) => (out += d))
        child.stderr.on('data', (d) => (out += d))
        const kill = setTimeout(() => {
          child.kill()
          reject(new Error(`still running after 20s: ${out}`))
        }, 20_000)
        child.on('exit', (c) => {
          clearTimeout(kill)
          if (!out.includes('created 201')) reject(new Error(out))
          resolve(c)
        })
      })
      expect(code).toBe(0)
      // The quiet period is 1s and the schedule 15 min: the process must not wait for either.
      expect(Date.now() - started).toBeLessThan(15_000)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 30_000)
})

interface Ev {
  type: string
  object: any
}

describe('story: apply a stream, watch the import land, resolve the tag, then a new upstream build', () => {
  it('works end to end through api.fetch', async () => {
    const api = fakeApi({ importController: { delayMs: 0 } })
    const registryDigest = api.registry.resolve('docker.io/library/nginx:latest')!
    expect(registryDigest).toMatch(/^sha256:[0-9a-f]{64}$/)

    // 1. Server-side apply of a stream with a DockerImage tag.
    const applied = await call(
      api,
      'PATCH',
      `${IS}/web?fieldManager=story`,
      {
        apiVersion: 'image.openshift.io/v1',
        kind: 'ImageStream',
        metadata: { name: 'web' },
        spec: { tags: [{ name: 'latest', from: { kind: 'DockerImage', name: 'docker.io/library/nginx:latest' }, importPolicy: { scheduled: true } }] },
      },
      { contentType: 'application/apply-patch+yaml' },
    )
    expect(applied.status).toBe(201)
    const rv = applied.body.metadata.resourceVersion

    // 2. A watch from the apply's resourceVersion sees the import land.
    const events = await watchUntil(api, BASE + `${IS}?watch=true&resourceVersion=${rv}`, (evs) => evs.some((e) => e.object.status?.tags?.length))
    const landed = events.find((e) => e.object.status?.tags?.length)!
    expect(landed.type).toBe('MODIFIED')
    expect(landed.object.metadata.annotations[CHECK]).toBeDefined()
    expect(landed.object.status.tags[0].items[0]).toMatchObject({ image: registryDigest, dockerImageReference: `docker.io/library/nginx@${registryDigest}` })

    // 3. The tag resolves to the registry's digest (ImageStreamTag, when served; else the stream status).
    await api.settle()
    const istag = await call(api, 'GET', '/apis/image.openshift.io/v1/namespaces/ns/imagestreamtags/web:latest')
    if (istag.status === 200) {
      expect(istag.body.image.metadata.name).toBe(registryDigest)
      expect(istag.body.image.dockerImageReference).toBe(`docker.io/library/nginx@${registryDigest}`)
    } else {
      expect((await getStream(api)).status.tags[0].items[0].image).toBe(registryDigest)
    }
    const image = await call(api, 'GET', `/apis/image.openshift.io/v1/images/${registryDigest}`)
    expect(image.status).toBe(200)
    expect(image.body.dockerImageMetadata.Config.Env).toContain('NGINX_VERSION=1.27.2')

    // 4. Upstream publishes a new build; the scheduled tag picks it up and the history grows.
    const before = await getStream(api)
    const nextBuild = api.registry.publish('docker.io/library/nginx:latest', buildImage({ seed: 'nginx 1.27.3', config: { Env: ['NGINX_VERSION=1.27.3'] } }))!
    const watching = watchUntil(api, BASE + `${IS}?watch=true&resourceVersion=${before.metadata.resourceVersion}`, (evs) =>
      evs.some((e) => e.object.status?.tags?.[0]?.items?.length === 2),
    )
    await api.settle({ scheduled: true })
    const grown = (await watching).find((e) => e.object.status?.tags?.[0]?.items?.length === 2)!
    expect(grown.object.status.tags[0].items.map((e: any) => e.image)).toEqual([nextBuild.digest, registryDigest])
    const after = await getStream(api)
    expect(after.status.tags[0].items[0]).toMatchObject({ image: nextBuild.digest, generation: after.metadata.generation })
    const istag2 = await call(api, 'GET', '/apis/image.openshift.io/v1/namespaces/ns/imagestreamtags/web:latest')
    if (istag2.status === 200) expect(istag2.body.image.metadata.name).toBe(nextBuild.digest)
  })
})
