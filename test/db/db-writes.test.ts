// api.db writes are API writes: every write method of every collection leaves the API exactly as the
// equivalent HTTP request does (result, Status error, watch events, every kind as listed), and a refused
// write — or one refused write of a batch — changes nothing.

import { describe, expect, it } from 'vitest'
import { image, imageStream, namespace, secret, StatusError, type FakeImageApi } from '../../src/index.js'
import { http, ok, twin } from './db-helpers.js'

const app = image({ repository: 'team/app', layers: ['base', 'app'] })
const SEED = [
  namespace('team'),
  app,
  imageStream({ name: 'app', namespace: 'team', tags: { latest: [app] } }),
  secret({ name: 'pull', namespace: 'team', type: 'dockerconfigjson', registry: 'quay.io', username: 'u', password: 'p' }),
  { kind: 'Event', apiVersion: 'v1', metadata: { name: 'seeded', namespace: 'team' }, involvedObject: { kind: 'ImageStream', name: 'app', namespace: 'team' }, reason: 'Seeded', type: 'Normal' },
]

const IS = '/apis/image.openshift.io/v1/namespaces/team/imagestreams'
const IMAGES = '/apis/image.openshift.io/v1/images'
const NS = '/api/v1/namespaces'
const SECRETS = '/api/v1/namespaces/team/secrets'
const EVENTS = '/api/v1/namespaces/team/events'

interface Case {
  collection: 'images' | 'imagestreams' | 'namespaces' | 'secrets' | 'events'
  path: (ns?: string) => string
  /** A valid new object, and one the API refuses. */
  good: (i: number) => any
  bad: any
  /** An edit the API takes, and one it refuses, on the seeded object named `seeded`. */
  seeded: string
  edit: (o: any) => void
  badEdit: (o: any) => void
  /** What the refused create/update must say. */
  badCode: number
}

const CASES: Case[] = [
  {
    collection: 'imagestreams',
    path: () => IS,
    good: (i) => ({ metadata: { name: `s${i}`, namespace: 'team', labels: { tier: 'web' } }, spec: { tags: [{ name: 'v1', from: { kind: 'ImageStreamTag', name: 'app:latest' } }] } }),
    bad: { metadata: { name: 'bad', namespace: 'team' }, spec: { tags: [{ name: 'x', from: { name: 'nope' } }] } },
    seeded: 'app',
    edit: (o) => {
      o.metadata.labels = { tier: 'web' }
      o.spec.tags = [...(o.spec.tags ?? []), { name: 'prod', from: { kind: 'ImageStreamTag', name: 'app:latest' } }]
    },
    badEdit: (o) => {
      o.spec.tags = [{ name: 'x', from: { name: 'nope' } }]
    },
    badCode: 422,
  },
  {
    collection: 'images',
    path: () => IMAGES,
    good: (i) => {
      const img = structuredClone(image({ repository: 'team/app', layers: ['base', `layer ${i}`] })) as any
      img.metadata.labels = { tier: 'web' }
      return img
    },
    bad: { metadata: { name: 'not-a-digest' } },
    seeded: app.metadata.name!,
    edit: (o) => {
      o.metadata.labels = { tier: 'web' }
      o.dockerImageLayers = [] // content is immutable: reset to the stored layers, silently
    },
    badEdit: (o) => {
      o.dockerImageReference = ''
    },
    badCode: 422,
  },
  {
    collection: 'namespaces',
    path: () => NS,
    good: (i) => ({ metadata: { name: `ns${i}`, labels: { tier: 'web' } } }),
    bad: { metadata: { name: 'Not_Valid' } },
    seeded: 'team',
    edit: (o) => {
      o.metadata.labels = { ...o.metadata.labels, tier: 'web' }
    },
    badEdit: (o) => {
      o.metadata.labels = { 'bad key!': 'x' }
    },
    badCode: 422,
  },
  {
    collection: 'secrets',
    path: () => SECRETS,
    good: (i) => ({ metadata: { name: `sec${i}`, namespace: 'team', labels: { tier: 'web' } }, type: 'Opaque', data: { k: 'dg==' } }),
    bad: { metadata: { name: 'bad', namespace: 'team' }, type: 'kubernetes.io/dockerconfigjson', data: {} },
    seeded: 'pull',
    edit: (o) => {
      o.metadata.labels = { tier: 'web' }
      o.data = { ...o.data, extra: 'eA==' }
    },
    badEdit: (o) => {
      o.type = 'Opaque' // type is immutable
    },
    badCode: 422,
  },
  {
    collection: 'events',
    path: () => EVENTS,
    good: (i) => ({ metadata: { name: `ev${i}`, namespace: 'team', labels: { tier: 'web' } }, involvedObject: { kind: 'ImageStream', name: 'app', namespace: 'team' }, reason: 'Imported', message: `m${i}`, type: 'Normal' }),
    bad: { metadata: { name: 'bad', namespace: 'team' }, involvedObject: { kind: 'ImageStream', name: 'app', namespace: 'elsewhere' }, reason: 'Imported' },
    seeded: 'seeded',
    edit: (o) => {
      o.metadata.labels = { tier: 'web' }
      o.message = 'changed'
    },
    badEdit: (o) => {
      o.involvedObject = { ...o.involvedObject, namespace: 'elsewhere' }
    },
    badCode: 422,
  },
]

const withKind = (c: Case, o: any) => ({ kind: { images: 'Image', imagestreams: 'ImageStream', namespaces: 'Namespace', secrets: 'Secret', events: 'Event' }[c.collection], apiVersion: c.collection === 'images' || c.collection === 'imagestreams' ? 'image.openshift.io/v1' : 'v1', ...o })

async function getItem(api: FakeImageApi, c: Case, name: string) {
  return ok(api, 'GET', `${c.path()}/${encodeURIComponent(name)}`)
}

async function httpUpdate(api: FakeImageApi, c: Case, name: string, edit: (o: any) => void) {
  const o = await getItem(api, c, name)
  edit(o)
  return ok(api, 'PUT', `${c.path()}/${encodeURIComponent(name)}`, o)
}

const byName = (name: string) => (q: any) => q.where({ metadata: { name } })

for (const c of CASES) {
  describe(`api.db.${c.collection}`, () => {
    it('create: the same object, events and state as POST', async () => {
      const { db, http: h } = await twin(SEED, (api) => api.db[c.collection].create(c.good(1)), (api) => ok(api, 'POST', c.path(), withKind(c, c.good(1))))
      expect(db.error).toBeUndefined()
      expect(db.events).toHaveLength(1)
      expect(db).toEqual(h)
    })

    it('create: a refused object rejects with the API Status and changes nothing', async () => {
      const { db, http: h, before } = await twin(SEED, (api) => api.db[c.collection].create(c.bad), (api) => ok(api, 'POST', c.path(), withKind(c, c.bad)))
      expect((db.error as any).code).toBe(c.badCode)
      expect(db).toEqual(h)
      expect(db.events).toEqual([])
      expect(db.state).toEqual(before)
    })

    it('createMany: every object POSTed; one refused object → its Status, nothing written', async () => {
      const many = await twin(
        SEED,
        (api) => api.db[c.collection].createMany(2, (i) => c.good(i + 2)),
        async (api) => [await ok(api, 'POST', c.path(), withKind(c, c.good(2))), await ok(api, 'POST', c.path(), withKind(c, c.good(3)))],
      )
      if (c.collection !== 'images') expect(many.db.events).toHaveLength(2)
      expect(many.db).toEqual(many.http)
      const bad = await twin(SEED, (api) => api.db[c.collection].createMany(2, (i) => (i ? c.bad : c.good(4))), (api) => ok(api, 'POST', c.path(), withKind(c, c.bad)))
      expect(bad.db.error).toEqual(bad.http.error)
      expect((bad.db.error as any).code).toBe(c.badCode)
      expect(bad.db.events).toEqual([])
      expect(bad.db.state).toEqual(bad.before)
    })

    it('update: the same as GET + PUT; a refused edit → the Status, nothing written', async () => {
      const good = await twin(SEED, (api) => api.db[c.collection].update(byName(c.seeded), { data: c.edit }), (api) => httpUpdate(api, c, c.seeded, c.edit))
      expect(good.db.error).toBeUndefined()
      expect(good.db.events).toHaveLength(1)
      expect(good.db).toEqual(good.http)
      // An Image's content is immutable: the emptied layers come back as stored.
      if (c.collection === 'images') expect((good.db.result as any).dockerImageLayers).toHaveLength(2)
      const bad = await twin(SEED, (api) => api.db[c.collection].update(byName(c.seeded), { data: c.badEdit }), (api) => httpUpdate(api, c, c.seeded, c.badEdit))
      expect((bad.db.error as any).code).toBe(c.badCode)
      expect(bad.db).toEqual(bad.http)
      expect(bad.db.state).toEqual(bad.before)
    })

    it('updateMany: all matches PUT together; one refused → nothing written', async () => {
      const seed = [...SEED, withKind(c, c.good(5)), withKind(c, c.good(6))]
      const labelled = (q: any) => q.where({ metadata: { labels: { tier: 'web' } } })
      const edit = (o: any) => {
        o.metadata.annotations = { ...o.metadata.annotations, touched: 'yes' }
      }
      const many = await twin(seed, (api) => api.db[c.collection].updateMany(labelled, { data: edit }), async (api) => {
        const names = [c.good(5).metadata.name, c.good(6).metadata.name].sort()
        const out = []
        for (const n of names) out.push(await httpUpdate(api, c, n, edit))
        return out
      })
      expect(many.db.error).toBeUndefined()
      expect(many.db).toEqual(many.http)
      const names = [c.good(5).metadata.name, c.seeded]
      const bad = await twin(
        seed,
        (api) =>
          api.db[c.collection].updateMany((q: any) => q.where({ metadata: { name: (n: string) => names.includes(n) } }), {
            data: (o: any) => (o.metadata.name === c.seeded ? c.badEdit(o) : edit(o)),
          }),
        (api) => httpUpdate(api, c, c.seeded, c.badEdit),
      )
      expect(bad.db.error).toEqual(bad.http.error)
      expect((bad.db.error as any).code).toBe(c.badCode)
      expect(bad.db.events).toEqual([])
      expect(bad.db.state).toEqual(bad.before)
    })

    it('delete, deleteMany and clear: the same as DELETE', async () => {
      const one = await twin(SEED, (api) => api.db[c.collection].delete(byName(c.seeded)), async (api) => {
        const o = await getItem(api, c, c.seeded)
        const r = await ok(api, 'DELETE', `${c.path()}/${encodeURIComponent(c.seeded)}`)
        return r.kind === 'Status' ? o : r
      })
      expect(one.db.error).toBeUndefined()
      expect(one.db.events.length).toBeGreaterThan(0)
      expect(one.db).toEqual(one.http)
      const seed = [...SEED, withKind(c, c.good(7))]
      const names = [c.good(7).metadata.name, c.seeded].sort()
      const many = await twin(seed, (api) => api.db[c.collection].deleteMany((q: any) => q.where({ metadata: { name: (n: string) => names.includes(n) } })), async (api) => {
        const out = []
        for (const n of names) {
          const o = await getItem(api, c, n)
          const r = await ok(api, 'DELETE', `${c.path()}/${encodeURIComponent(n)}`)
          out.push(r.kind === 'Status' ? o : r)
        }
        return out
      })
      expect(many.db.error).toBeUndefined()
      expect(many.db).toEqual(many.http)
      const all = await twin(seed, (api) => api.db[c.collection].clear(), async (api) => {
        for (const o of (await ok(api, 'GET', c.collection === 'imagestreams' || c.collection === 'secrets' || c.collection === 'events' ? `/${c.path().split('/').slice(1, -3).join('/')}/${c.collection}` : c.path())).items) {
          await ok(api, 'DELETE', `${c.path(o.metadata.namespace)}/${encodeURIComponent(o.metadata.name)}`)
        }
      })
      expect(all.db.error).toBeUndefined()
      expect(all.db).toEqual(all.http)
      const missing = await twin(SEED, (api) => api.db[c.collection].delete(byName('absent'), { strict: true }), async () => {
        throw Object.assign(new Error(), { status: 'strict' })
      })
      expect((missing.db.error as Error).message).toBe('Failed to execute "delete" on collection: no record found matching the query')
    })
  })
}

describe('api.db: the image graph follows', () => {
  it('a spec tag written through api.db resolves into status, and the ImageStreamTag/ImageTag views show it', async () => {
    const { db, http: h } = await twin(
      SEED,
      (api) => api.db.imagestreams.create({ metadata: { name: 'copy', namespace: 'team' }, spec: { tags: [{ name: 'v1', from: { kind: 'ImageStreamTag', name: 'app:latest' } }] } }),
      (api) => ok(api, 'POST', IS, { kind: 'ImageStream', apiVersion: 'image.openshift.io/v1', metadata: { name: 'copy' }, spec: { tags: [{ name: 'v1', from: { kind: 'ImageStreamTag', name: 'app:latest' } }] } }),
    )
    expect(db).toEqual(h)
    expect((db.result as any).status.tags[0].items[0].image).toBe(app.metadata.name)
  })

  it('an update that changes status PUTs /status too, as the API takes status only there', async () => {
    const edit = (s: any) => {
      s.metadata.labels = { tier: 'web' }
      s.status.tags[0].items[0].dockerImageReference = 'quay.io/team/app@' + app.metadata.name
    }
    const { db, http: h } = await twin(
      SEED,
      (api) => api.db.imagestreams.update((q) => q.where({ metadata: { name: 'app' } }), { data: edit }),
      async (api) => {
        const o = await ok(api, 'GET', `${IS}/app`)
        const status = structuredClone(o.status)
        edit(o)
        const put = await ok(api, 'PUT', `${IS}/app`, { ...o, status })
        return ok(api, 'PUT', `${IS}/app/status`, { ...put, status: o.status })
      },
    )
    expect(db.error).toBeUndefined()
    expect(db.events).toHaveLength(2)
    expect((db.result as any).status.tags[0].items[0].dockerImageReference).toBe('quay.io/team/app@' + app.metadata.name)
    expect(db).toEqual(h)
  })

  it('a namespaced object created without a namespace goes to default, as kubectl does', async () => {
    const { createFakeImageApi } = await import('../../src/index.js')
    const api = createFakeImageApi({ importController: false })
    const s = await api.db.secrets.create({ metadata: { name: 'plain' }, type: 'Opaque' })
    expect(s.metadata.namespace).toBe('default')
    expect((await http(api, 'GET', '/api/v1/namespaces/default/secrets/plain')).status).toBe(200)
  })

  it('the views answer queries as the API lists them', async () => {
    const { createFakeImageApi } = await import('../../src/index.js')
    const api = createFakeImageApi({ fixtures: SEED, importController: false })
    await api.db.imagestreams.update((q) => q.where({ metadata: { name: 'app' } }), {
      data: (s) => {
        s.spec.tags = [...(s.spec.tags ?? []), { name: 'prod', annotations: null, generation: null, from: { kind: 'ImageStreamTag', name: 'app:latest' } }]
      },
    })
    const listed = await http(api, 'GET', '/apis/image.openshift.io/v1/namespaces/team/imagestreamtags')
    expect(api.db.imagestreamtags.findMany((q) => q.where({ metadata: { namespace: 'team' } }))).toEqual(listed.body.items.map((i: any) => ({ kind: 'ImageStreamTag', apiVersion: 'image.openshift.io/v1', ...i })))
    expect(api.db.imagestreamtags.findMany().map((t) => t.metadata.name)).toEqual(['app:latest', 'app:prod'])
    expect(api.db.imagetags.findFirst((q) => q.where({ metadata: { name: 'app:prod' } }))?.status?.items?.[0]?.image).toBe(app.metadata.name)
  })

  it('a watch sees api.db writes; a GET sees the new resourceVersion', async () => {
    const { createFakeImageApi } = await import('../../src/index.js')
    const api = createFakeImageApi({ fixtures: SEED, importController: false })
    await api.ready
    const watch = await api.fetch(new Request(`http://x${IS}?watch=true&resourceVersion=${api.store.resourceVersion}`))
    const updated = await api.db.imagestreams.update((q) => q.where({ metadata: { name: 'app' } }), { data: (s) => void (s.metadata.labels = { tier: 'web' }) })
    const reader = watch.body!.getReader()
    let text = ''
    while (!text.includes('\n')) text += new TextDecoder().decode((await reader.read()).value)
    const line = JSON.parse(text.split('\n')[0]!)
    await reader.cancel()
    expect(line.type).toBe('MODIFIED')
    expect(line.object.metadata.resourceVersion).toBe(updated?.metadata.resourceVersion)
    const got = await http(api, 'GET', `${IS}/app`)
    expect(got.body.metadata.labels).toEqual({ tier: 'web' })
    expect((await http(api, 'GET', `${IS}?labelSelector=tier%3Dweb`)).body.items).toHaveLength(1)
  })

  it('with auth on, api.db needs no token and is not subject to RBAC (it is the test\'s hand, as seeding is)', async () => {
    const { createFakeImageApi } = await import('../../src/index.js')
    const api = createFakeImageApi({ fixtures: SEED, importController: false, auth: { tokens: { t: { user: 'alice' } }, policy: [] } })
    const s = await api.db.imagestreams.create({ metadata: { name: 'web', namespace: 'team' } })
    expect(s.metadata.name).toBe('web')
    await api.db.imagestreams.update((q) => q.where({ metadata: { name: 'web' } }), { data: (x) => void (x.metadata.labels = { a: 'b' }) })
    await api.db.imagestreams.delete((q) => q.where({ metadata: { name: 'app' } }))
    // The API itself still asks: no token → 401; alice (no role) → 403.
    expect((await http(api, 'GET', `${IS}/web`)).status).toBe(401)
    const alice = await api.fetch(new Request(`http://fake.local${IS}/web`, { headers: { authorization: 'Bearer t' } }))
    expect(alice.status).toBe(403)
    expect(api.db.imagestreams.findMany().map((x) => [x.metadata.name, x.metadata.labels])).toEqual([['web', { a: 'b' }]])
  })

  it('a refused write rejects with a StatusError carrying code, reason, message and causes', async () => {
    const { createFakeImageApi } = await import('../../src/index.js')
    const api = createFakeImageApi({ fixtures: SEED, importController: false })
    const e = await api.db.imagestreams.create({ metadata: { name: 'app', namespace: 'team' } }).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(StatusError)
    expect((e as StatusError).code).toBe(409)
    expect((e as StatusError).body).toMatchObject({ reason: 'AlreadyExists', message: 'imagestreams.image.openshift.io "app" already exists' })
  })
})
