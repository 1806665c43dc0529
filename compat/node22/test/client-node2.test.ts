// @kubernetes/client-node 2.x (undici's own fetch and dispatcher) against the fake, mirroring
// test/e2e/client-node.test.ts (1.4.0). Two transports run the same story:
// * the real server, listen() on 127.0.0.1 port 0 — the documented way for client-node 2;
// * nock 15's interceptWithNock on a closed loopback port: nock 15 intercepts undici's own connections
//   (nock 14 and msw — 2 or 3 — do not; msw3.test.ts pins the msw 3 side of that).

import * as k8s from '@kubernetes/client-node'
import nock from 'nock'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FakeImageApi } from '../../../src/index.js'
import { interceptWithNock } from '../../../src/nock.js'
import { closedPort, eventually, fakeWithFixtures, getObject, imageStream, IS_PATH, kubeconfigObject, serveOnLoopback, sleep } from './support.js'

const group = 'image.openshift.io'
const version = 'v1'
const plural = 'imagestreams'

interface Env {
  api: FakeImageApi
  url: string
  teardown(): Promise<void>
}

interface Transport {
  name: string
  setup(): Promise<Env>
}

const transports: Transport[] = [
  {
    name: 'listen() on 127.0.0.1',
    async setup() {
      const served = await serveOnLoopback(await fakeWithFixtures())
      return { api: served.api, url: served.url, teardown: () => served.close() }
    },
  },
  {
    name: 'nock 15 interceptWithNock',
    async setup() {
      const url = `http://127.0.0.1:${await closedPort()}`
      const api = await fakeWithFixtures()
      const intercepted = interceptWithNock(api, { baseUrl: url, nock })
      return {
        api,
        url,
        async teardown() {
          intercepted.done()
          api.closeWatches()
        },
      }
    },
  },
]

describe.each(transports)('@kubernetes/client-node 2 via $name', (transport) => {
  let env: Env
  let kc: k8s.KubeConfig
  let custom: k8s.CustomObjectsApi
  let objects: k8s.KubernetesObjectApi

  beforeAll(async () => {
    env = await transport.setup()
    kc = new k8s.KubeConfig()
    kc.loadFromString(JSON.stringify(kubeconfigObject(env.url, 'demo')))
    custom = kc.makeApiClient(k8s.CustomObjectsApi)
    objects = k8s.KubernetesObjectApi.makeApiClient(kc)
  })

  afterAll(async () => {
    await env?.teardown()
  })

  /** Requests the engine saw (every door records them). */
  const seen = () => env.api.requests
  const names = (list: { items: Array<{ metadata?: { name?: string } }> }) => list.items.map((i) => i.metadata?.name)

  describe('CustomObjectsApi', () => {
    it('lists namespaced (with a label selector, paged) and across namespaces', async () => {
      const builders = await custom.listNamespacedCustomObject({ group, version, namespace: 'openshift', plural })
      expect(builders.kind).toBe('ImageStreamList')
      expect(builders.metadata.resourceVersion).toMatch(/^\d+$/)
      expect(names(builders).sort()).toEqual(['httpd', 'nginx', 'nodejs', 'python'])
      const labelled = await custom.listNamespacedCustomObject({ group, version, namespace: 'demo', plural, labelSelector: 'app.kubernetes.io/part-of=shop,app!=database' })
      expect(names(labelled).sort()).toEqual(['backend', 'frontend'])
      const paged = await custom.listNamespacedCustomObject({ group, version, namespace: 'openshift', plural, limit: 3 })
      expect(paged.items).toHaveLength(3)
      expect(paged.metadata.continue).toBeTruthy()
      const rest = await custom.listNamespacedCustomObject({ group, version, namespace: 'openshift', plural, limit: 3, _continue: paged.metadata.continue })
      expect([...names(paged), ...names(rest)].sort()).toEqual(['httpd', 'nginx', 'nodejs', 'python'])
      const all = await custom.listClusterCustomObject({ group, version, plural })
      expect(all.items.map((i: any) => `${i.metadata.namespace}/${i.metadata.name}`)).toEqual(expect.arrayContaining(['openshift/nodejs', 'demo/frontend']))
      const bad = await custom.listNamespacedCustomObject({ group, version, namespace: 'demo', plural, labelSelector: 'a in (b' }).catch((e: unknown) => e)
      expect((bad as k8s.ApiException<string>).code).toBe(400)
      expect(JSON.parse((bad as k8s.ApiException<string>).body)).toMatchObject({ kind: 'Status', reason: 'BadRequest', code: 400 })
    })

    it('gets one stream, and throws ApiException 404 (Status NotFound with details) for a missing one', async () => {
      const nodejs = await custom.getNamespacedCustomObject({ group, version, namespace: 'openshift', plural, name: 'nodejs' })
      expect(nodejs.spec.tags.find((t: any) => t.name === 'latest').from).toEqual({ kind: 'ImageStreamTag', name: '20-ubi9' })
      expect(nodejs.status.tags.find((t: any) => t.tag === 'latest').items[0].image).toBe(nodejs.status.tags.find((t: any) => t.tag === '20-ubi9').items[0].image)
      const err = await custom.getNamespacedCustomObject({ group, version, namespace: 'openshift', plural, name: 'nope' }).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(k8s.ApiException)
      expect((err as k8s.ApiException<string>).code).toBe(404)
      expect(JSON.parse((err as k8s.ApiException<string>).body)).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'imagestreams.image.openshift.io "nope" not found',
        reason: 'NotFound',
        details: { name: 'nope', group, kind: 'imagestreams' },
        code: 404,
      })
    })

    it('creates (201, with fieldManager), replaces, rejects a stale replace (409) and a duplicate create (409)', async () => {
      const created = await custom.createNamespacedCustomObject({ group, version, namespace: 'demo', plural, fieldManager: 'cn2-test', body: imageStream('cn2-app', [{ name: '1.0', from: 'quay.io/example/cn2-app:1.0' }]) })
      expect(created.metadata.uid).toBeTruthy()
      expect(created.metadata.generation).toBe(1)
      expect(created.status.dockerImageRepository).toBe('image-registry.openshift-image-registry.svc:5000/demo/cn2-app')
      expect(created.metadata.managedFields.map((m: any) => m.manager)).toEqual(['cn2-test'])
      expect(seen().filter((q) => q.method === 'POST' && q.name === '' && q.resource === 'imagestreams').at(-1)?.status).toBe(201)
      const body = structuredClone(created)
      body.spec.tags.push({ name: '1.1', from: { kind: 'DockerImage', name: 'quay.io/example/cn2-app:1.1' } })
      const replaced = await custom.replaceNamespacedCustomObject({ group, version, namespace: 'demo', plural, name: 'cn2-app', body })
      expect(replaced.metadata.generation).toBe(2)
      expect(replaced.spec.tags.map((t: any) => t.name)).toEqual(['1.0', '1.1'])
      const stale = await custom.replaceNamespacedCustomObject({ group, version, namespace: 'demo', plural, name: 'cn2-app', body }).catch((e: unknown) => e)
      expect((stale as k8s.ApiException<string>).code).toBe(409)
      expect(JSON.parse((stale as k8s.ApiException<string>).body)).toMatchObject({
        reason: 'Conflict',
        message: 'Operation cannot be fulfilled on imagestreams.image.openshift.io "cn2-app": the object has been modified; please apply your changes to the latest version and try again',
      })
      const dup = await custom.createNamespacedCustomObject({ group, version, namespace: 'demo', plural, body: imageStream('cn2-app') }).catch((e: unknown) => e)
      expect((dup as k8s.ApiException<string>).code).toBe(409)
      expect(JSON.parse((dup as k8s.ApiException<string>).body).reason).toBe('AlreadyExists')
    })

    it('patches: JSON patch (the default), merge, strategic and server-side apply via setHeaderOptions', async () => {
      const base = { group, version, namespace: 'demo', plural, name: 'cn2-app' }
      const mark = seen().at(-1)?.seq ?? 0
      const json = await custom.patchNamespacedCustomObject({ ...base, body: [{ op: 'add', path: '/metadata/labels', value: { patched: 'json' } }] })
      expect(json.metadata.labels).toEqual({ patched: 'json' })
      const merge = await custom.patchNamespacedCustomObject({ ...base, body: { metadata: { labels: { patched: 'merge' } } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch))
      expect(merge.metadata.labels).toEqual({ patched: 'merge' })
      const smp = await custom.patchNamespacedCustomObject(
        { ...base, body: { spec: { tags: [{ name: '2.0', from: { kind: 'DockerImage', name: 'quay.io/example/cn2-app:2.0' } }] } } },
        k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.StrategicMergePatch),
      )
      expect(smp.spec.tags.map((t: any) => t.name)).toEqual(['1.0', '1.1', '2.0'])
      const applied = await custom.patchNamespacedCustomObject(
        { ...base, fieldManager: 'cn2-apply', force: true, body: { apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name: 'cn2-app', annotations: { owner: 'apply' } } } },
        k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.ServerSideApply),
      )
      expect(applied.metadata.annotations).toEqual({ owner: 'apply' })
      expect(applied.metadata.managedFields.find((m: any) => m.manager === 'cn2-apply').operation).toBe('Apply')
      const patches = seen().filter((q) => q.seq > mark && q.method === 'PATCH' && q.name === 'cn2-app')
      expect(patches.map((q) => q.headers['content-type'])).toEqual(['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/apply-patch+yaml'])
      expect(patches.map((q) => q.status)).toEqual([200, 200, 200, 200])
      expect(patches.at(-1)!.query).toMatchObject({ fieldManager: 'cn2-apply', force: 'true' })
      // a failing JSON patch test op: the generic 422
      const failed = await custom.patchNamespacedCustomObject({ ...base, body: [{ op: 'test', path: '/metadata/name', value: 'other' }] }).catch((e: unknown) => e)
      expect((failed as k8s.ApiException<string>).code).toBe(422)
      expect(JSON.parse((failed as k8s.ApiException<string>).body)).toMatchObject({ kind: 'Status', reason: 'Invalid', code: 422 })
      // server-side apply creates when absent
      const createdByApply = await custom.patchNamespacedCustomObject(
        { group, version, namespace: 'demo', plural, name: 'cn2-applied', fieldManager: 'cn2-apply', body: imageStream('cn2-applied') },
        k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.ServerSideApply),
      )
      expect(createdByApply.metadata.uid).toBeTruthy()
    })

    it('deletes (a Status), then the object is gone', async () => {
      const status = await custom.deleteNamespacedCustomObject({ group, version, namespace: 'demo', plural, name: 'cn2-applied', gracePeriodSeconds: 0, propagationPolicy: 'Foreground' })
      expect(status).toMatchObject({ kind: 'Status', status: 'Success', details: { name: 'cn2-applied', group, kind: 'imagestreams' } })
      const err = await custom.getNamespacedCustomObject({ group, version, namespace: 'demo', plural, name: 'cn2-applied' }).catch((e: unknown) => e)
      expect((err as k8s.ApiException<string>).code).toBe(404)
      const again = await custom.deleteNamespacedCustomObject({ group, version, namespace: 'demo', plural, name: 'cn2-applied' }).catch((e: unknown) => e)
      expect((again as k8s.ApiException<string>).code).toBe(404)
    })
  })

  describe('KubernetesObjectApi', () => {
    it('discovers the group version, then reads, lists, creates, patches (strategic), replaces and deletes', async () => {
      const read = await objects.read<any>({ apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name: 'python', namespace: 'openshift' } })
      expect(read.spec.tags.map((t: any) => t.name)).toEqual(['3.11-ubi9', '3.12-ubi9', '3.9-ubi8', 'latest'])
      expect(seen().some((q) => q.method === 'GET' && q.path === '/apis/image.openshift.io/v1')).toBe(true)
      expect(read.metadata.creationTimestamp).toBeInstanceOf(Date)

      const list = await objects.list('image.openshift.io/v1', 'ImageStream', 'openshift')
      expect(list.items.map((i) => i.metadata?.name).sort()).toEqual(['httpd', 'nginx', 'nodejs', 'python'])

      const created = await objects.create<any>({ ...imageStream('obj2-app', [{ name: 'latest', from: 'quay.io/example/obj:1' }], { namespace: 'demo' }) })
      expect(created.metadata.resourceVersion).toBeTruthy()

      const patched = await objects.patch<any>({ apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name: 'obj2-app', namespace: 'demo' }, spec: { tags: [{ name: 'v2', from: { kind: 'DockerImage', name: 'quay.io/example/obj:2' } }] } })
      expect(patched.spec.tags.map((t: any) => t.name)).toEqual(['latest', 'v2'])
      expect(seen().filter((q) => q.method === 'PATCH' && q.name === 'obj2-app').at(-1)?.headers['content-type']).toBe('application/strategic-merge-patch+json')

      // The typed round trip turns timestamps into Dates; replace sends them back with milliseconds.
      patched.metadata.labels = { replaced: 'yes' }
      const replaced = await objects.replace<any>(patched)
      expect(replaced.metadata.labels).toEqual({ replaced: 'yes' })

      const del = await objects.delete({ apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name: 'obj2-app', namespace: 'demo' } })
      expect(del.status).toBe('Success')
      expect((await getObject(env.api, `${IS_PATH('demo')}/obj2-app`)).status).toBe(404)
    })
  })

  describe('Watch', () => {
    it('streams ADDED for the current state, then MODIFIED and DELETED as they happen; abort ends it and releases the watch', async () => {
      const events: Array<[string, string]> = []
      let doneErr: unknown = 'not done'
      const ctl = await new k8s.Watch(kc).watch(
        IS_PATH('demo'),
        { allowWatchBookmarks: true },
        (type, obj) => events.push([type, obj?.metadata?.name]),
        (err) => (doneErr = err),
      )
      try {
        await eventually(() => events.filter(([t]) => t === 'ADDED').length >= 3, 10_000, 'initial ADDED events')
        expect(events.filter(([t]) => t === 'ADDED').map(([, n]) => n)).toEqual(expect.arrayContaining(['frontend', 'backend', 'postgresql']))
        await custom.createNamespacedCustomObject({ group, version, namespace: 'demo', plural, body: imageStream('watched2') })
        await custom.patchNamespacedCustomObject({ group, version, namespace: 'demo', plural, name: 'watched2', body: { metadata: { labels: { step: '2' } } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch))
        await custom.deleteNamespacedCustomObject({ group, version, namespace: 'demo', plural, name: 'watched2' })
        await eventually(() => events.some(([t, n]) => t === 'DELETED' && n === 'watched2'), 10_000, 'the DELETED event')
        expect(events.filter(([, n]) => n === 'watched2').map(([t]) => t)).toEqual(['ADDED', 'MODIFIED', 'DELETED'])
        const watchReq = seen().find((q) => q.watch && q.query.allowWatchBookmarks === 'true')!
        expect(watchReq.query.watch).toBe('true')
        expect(env.api.server.watchers.size).toBe(1)
      } finally {
        ctl.abort()
      }
      await eventually(() => doneErr !== 'not done', 5_000, 'done callback')
      expect((doneErr as Error)?.name).toBe('AbortError')
      // client-node 2 passes its abort signal on: the fake releases the watch, through nock 15 too.
      await eventually(() => env.api.server.watchers.size === 0, 5_000, 'the watch to be released')
    })
  })

  describe('informer', () => {
    it('lists, watches from the list resourceVersion, keeps its cache up to date, and re-lists after 410', async () => {
      const path = IS_PATH('demo')
      const informer = k8s.makeInformer<k8s.KubernetesObject>(kc, path, () => custom.listNamespacedCustomObject({ group, version, namespace: 'demo', plural }))
      const seenEvents: string[] = []
      const errors: unknown[] = []
      const mark = seen().at(-1)?.seq ?? 0
      const mine = () => seen().filter((q) => q.seq > mark && q.path === path)
      const watches = () => mine().filter((q) => q.watch)
      const lists = () => mine().filter((q) => !q.watch && q.method === 'GET')
      informer.on('add', (o) => seenEvents.push(`add ${o.metadata?.name}`))
      informer.on('update', (o) => seenEvents.push(`update ${o.metadata?.name}`))
      informer.on('delete', (o) => seenEvents.push(`delete ${o.metadata?.name}`))
      informer.on('error', (e) => errors.push(e))
      await informer.start()
      try {
        await eventually(() => informer.list('demo').some((o) => o.metadata?.name === 'frontend'), 10_000, 'the initial list in the cache')
        await eventually(() => watches().length, 10_000, 'the informer watch')
        expect(watches()[0]!.query.resourceVersion).toMatch(/^\d+$/)

        await custom.createNamespacedCustomObject({ group, version, namespace: 'demo', plural, body: imageStream('informed2') })
        await eventually(() => informer.get('informed2', 'demo'), 10_000, 'informed2 in the cache')
        await custom.patchNamespacedCustomObject({ group, version, namespace: 'demo', plural, name: 'informed2', body: { metadata: { labels: { v: '2' } } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch))
        await eventually(() => informer.get('informed2', 'demo')?.metadata?.labels?.v === '2', 10_000, 'the update in the cache')
        await custom.deleteNamespacedCustomObject({ group, version, namespace: 'demo', plural, name: 'informed2' })
        await eventually(() => !informer.get('informed2', 'demo'), 10_000, 'the delete in the cache')
        expect(seenEvents.filter((e) => e.endsWith(' informed2'))).toEqual(['add informed2', 'update informed2', 'delete informed2'])
        expect(watches()).toHaveLength(1)
        expect(lists()).toHaveLength(1)

        // The server ends the watch; while the informer's resume is in flight a change happens and the
        // history is forgotten: the resume gets HTTP 200 + ERROR 410 Expired, the informer re-lists.
        const parked = env.api.inject({ match: { watch: true, path }, delay: 1000, times: 1 })
        env.api.closeWatches()
        await eventually(() => parked.hits === 1, 10_000, 'the informer to resume its watch')
        await custom.createNamespacedCustomObject({ group, version, namespace: 'demo', plural, body: imageStream('while-away') })
        env.api.store.compact()
        await eventually(() => lists().length === 2, 10_000, 'the re-list after 410')
        const rv = (i: number) => Number(watches()[i]!.query.resourceVersion)
        expect(rv(1)).toBeGreaterThan(rv(0)) // resumed from the last event it saw
        await eventually(() => informer.get('while-away', 'demo'), 10_000, 'while-away (from the re-list) in the cache')
        await eventually(() => watches().length === 3, 10_000, 'the watch after the re-list')
        expect(rv(2)).toBeGreaterThan(rv(1)) // from the re-list's resourceVersion
        await custom.createNamespacedCustomObject({ group, version, namespace: 'demo', plural, body: imageStream('after-relist') })
        await eventually(() => informer.get('after-relist', 'demo'), 10_000, 'after-relist in the cache')
        expect(seenEvents).toEqual(expect.arrayContaining(['add while-away', 'add after-relist']))
        expect(errors).toEqual([])
      } finally {
        await informer.stop()
        await sleep(50)
      }
      await eventually(() => env.api.server.watchers.size === 0, 5_000, 'the informer watch to be released on stop()')
    })
  })
})
