// @kubernetes/client-node 1.4.0 against the fake, two ways: a real socket (listen() on 127.0.0.1) and
// msw's setupServer (in-process; the base URL points at a closed loopback port, so anything msw does not
// intercept fails with ECONNREFUSED). The same story runs on both.

import * as k8s from '@kubernetes/client-node'
import { setupServer } from 'msw/node'
import { createServer } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FakeImageApi } from '../../src/index.js'
import { eventually, fakeWithFixtures, getObject, imageStream, IS_PATH, kubeconfigObject, serveOnLoopback, sleep, type Served } from './support.js'

const group = 'image.openshift.io'
const version = 'v1'
const plural = 'imagestreams'

interface Seen {
  method: string
  path: string
  query: URLSearchParams
  contentType: string | null
}

interface Transport {
  name: string
  setup(): Promise<{ api: FakeImageApi; url: string; seen: Seen[]; teardown(): Promise<void> }>
}

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const srv = createServer()
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()))
  const port = (srv.address() as { port: number }).port
  await new Promise<void>((r) => srv.close(() => r()))
  return port
}

const transports: Transport[] = [
  {
    name: 'listen() on 127.0.0.1',
    async setup() {
      const served: Served = await serveOnLoopback(await fakeWithFixtures())
      return {
        api: served.api,
        url: served.url,
        get seen(): Seen[] {
          return served.log.map((q) => ({ method: q.method, path: q.path, query: q.query, contentType: q.contentType }))
        },
        teardown: () => served.close(),
      }
    },
  },
  {
    name: 'msw setupServer',
    async setup() {
      const url = `http://127.0.0.1:${await closedPort()}`
      const api = await fakeWithFixtures({ baseUrl: url })
      const server = setupServer(...api.handlers)
      const seen: Seen[] = []
      server.events.on('request:start', ({ request }) => {
        const u = new URL(request.url)
        seen.push({ method: request.method, path: u.pathname, query: u.searchParams, contentType: request.headers.get('content-type') })
      })
      server.listen({ onUnhandledRequest: 'error' })
      return {
        api,
        url,
        seen,
        async teardown() {
          // client-node's abort does not reach a mocked producer (@mswjs/interceptors' ClientRequest
          // interceptor): end the streams here.
          api.closeWatches()
          server.close()
        },
      }
    },
  },
]

describe.each(transports)('@kubernetes/client-node 1.4.0 via $name', (transport) => {
  let env: Awaited<ReturnType<Transport['setup']>>
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

  const names = (list: { items: Array<{ metadata?: { name?: string } }> }) => list.items.map((i) => i.metadata?.name)

  describe('CustomObjectsApi', () => {
    it('lists namespaced (with a label selector) and across namespaces', async () => {
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
    })

    it('gets one stream, and throws ApiException 404 for a missing one', async () => {
      const nodejs = await custom.getNamespacedCustomObject({ group, version, namespace: 'openshift', plural, name: 'nodejs' })
      expect(nodejs.spec.tags.find((t: any) => t.name === 'latest').from).toEqual({ kind: 'ImageStreamTag', name: '20-ubi9' })
      expect(nodejs.status.tags.find((t: any) => t.tag === 'latest').items[0].image).toBe(nodejs.status.tags.find((t: any) => t.tag === '20-ubi9').items[0].image)
      const err = await custom.getNamespacedCustomObject({ group, version, namespace: 'openshift', plural, name: 'nope' }).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(k8s.ApiException)
      expect((err as k8s.ApiException<string>).code).toBe(404)
      expect(JSON.parse((err as k8s.ApiException<string>).body)).toMatchObject({ kind: 'Status', reason: 'NotFound', message: 'imagestreams.image.openshift.io "nope" not found' })
    })

    it('creates (201, with fieldManager), replaces, and rejects a stale replace with 409', async () => {
      const created = await custom.createNamespacedCustomObject({ group, version, namespace: 'demo', plural, fieldManager: 'cn-test', body: imageStream('cn-app', [{ name: '1.0', from: 'quay.io/example/cn-app:1.0' }]) })
      expect(created.metadata.uid).toBeTruthy()
      expect(created.metadata.generation).toBe(1)
      expect(created.status.dockerImageRepository).toBe('image-registry.openshift-image-registry.svc:5000/demo/cn-app')
      expect(created.metadata.managedFields.map((m: any) => m.manager)).toEqual(['cn-test'])
      const body = structuredClone(created)
      body.spec.tags.push({ name: '1.1', from: { kind: 'DockerImage', name: 'quay.io/example/cn-app:1.1' } })
      const replaced = await custom.replaceNamespacedCustomObject({ group, version, namespace: 'demo', plural, name: 'cn-app', body })
      expect(replaced.metadata.generation).toBe(2)
      expect(replaced.spec.tags.map((t: any) => t.name)).toEqual(['1.0', '1.1'])
      const stale = await custom.replaceNamespacedCustomObject({ group, version, namespace: 'demo', plural, name: 'cn-app', body }).catch((e: unknown) => e)
      expect((stale as k8s.ApiException<string>).code).toBe(409)
      expect(JSON.parse((stale as k8s.ApiException<string>).body).reason).toBe('Conflict')
    })

    it('patches: JSON patch (the default), merge, strategic and server-side apply', async () => {
      const base = { group, version, namespace: 'demo', plural, name: 'cn-app' }
      const json = await custom.patchNamespacedCustomObject({ ...base, body: [{ op: 'add', path: '/metadata/labels', value: { patched: 'json' } }] })
      expect(json.metadata.labels).toEqual({ patched: 'json' })
      const merge = await custom.patchNamespacedCustomObject({ ...base, body: { metadata: { labels: { patched: 'merge' } } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch))
      expect(merge.metadata.labels).toEqual({ patched: 'merge' })
      const smp = await custom.patchNamespacedCustomObject({ ...base, body: { spec: { tags: [{ name: '2.0', from: { kind: 'DockerImage', name: 'quay.io/example/cn-app:2.0' } }] } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.StrategicMergePatch))
      expect(smp.spec.tags.map((t: any) => t.name)).toEqual(['1.0', '1.1', '2.0'])
      const applied = await custom.patchNamespacedCustomObject(
        { ...base, fieldManager: 'cn-apply', force: true, body: { apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name: 'cn-app', annotations: { owner: 'apply' } } } },
        k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.ServerSideApply),
      )
      expect(applied.metadata.annotations).toEqual({ owner: 'apply' })
      expect(applied.metadata.managedFields.find((m: any) => m.manager === 'cn-apply').operation).toBe('Apply')
      const types = env.seen.filter((q) => q.method === 'PATCH' && q.path.endsWith('/cn-app')).map((q) => q.contentType)
      expect(types).toEqual(['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/apply-patch+yaml'])
      const applyReq = env.seen.filter((q) => q.method === 'PATCH' && q.path.endsWith('/cn-app')).at(-1)!
      expect(applyReq.query.get('fieldManager')).toBe('cn-apply')
      expect(applyReq.query.get('force')).toBe('true')
      // server-side apply creates when absent
      const createdByApply = await custom.patchNamespacedCustomObject(
        { group, version, namespace: 'demo', plural, name: 'cn-applied', fieldManager: 'cn-apply', body: imageStream('cn-applied') },
        k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.ServerSideApply),
      )
      expect(createdByApply.metadata.uid).toBeTruthy()
    })

    it('deletes (a Status), then the object is gone', async () => {
      const status = await custom.deleteNamespacedCustomObject({ group, version, namespace: 'demo', plural, name: 'cn-applied', gracePeriodSeconds: 0, propagationPolicy: 'Foreground' })
      expect(status).toMatchObject({ kind: 'Status', status: 'Success', details: { name: 'cn-applied', group, kind: 'imagestreams' } })
      const err = await custom.getNamespacedCustomObject({ group, version, namespace: 'demo', plural, name: 'cn-applied' }).catch((e: unknown) => e)
      expect((err as k8s.ApiException<string>).code).toBe(404)
    })
  })

  describe('KubernetesObjectApi', () => {
    it('discovers the group version, then reads, lists, creates, patches (strategic), replaces and deletes', async () => {
      const read = await objects.read<any>({ apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name: 'python', namespace: 'openshift' } })
      // spec.tags come back sorted by name (the server keeps them in a map)
      expect(read.spec.tags.map((t: any) => t.name)).toEqual(['3.11-ubi9', '3.12-ubi9', '3.9-ubi8', 'latest'])
      // The generic client builds paths from discovery of the group version.
      expect(env.seen.some((q) => q.method === 'GET' && q.path === '/apis/image.openshift.io/v1')).toBe(true)
      expect(read.metadata.creationTimestamp).toBeInstanceOf(Date)

      const list = await objects.list('image.openshift.io/v1', 'ImageStream', 'openshift')
      expect(list.items.map((i) => i.metadata?.name).sort()).toEqual(['httpd', 'nginx', 'nodejs', 'python'])

      const created = await objects.create<any>({ ...imageStream('obj-app', [{ name: 'latest', from: 'quay.io/example/obj:1' }], { namespace: 'demo' }) })
      expect(created.metadata.resourceVersion).toBeTruthy()

      const patched = await objects.patch<any>({ apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name: 'obj-app', namespace: 'demo' }, spec: { tags: [{ name: 'v2', from: { kind: 'DockerImage', name: 'quay.io/example/obj:2' } }] } })
      expect(patched.spec.tags.map((t: any) => t.name)).toEqual(['latest', 'v2'])
      expect(env.seen.filter((q) => q.method === 'PATCH' && q.path.endsWith('/obj-app')).at(-1)?.contentType).toBe('application/strategic-merge-patch+json')

      // The typed round trip turns timestamps into Dates; replace sends them back with milliseconds.
      patched.metadata.labels = { replaced: 'yes' }
      const replaced = await objects.replace<any>(patched)
      expect(replaced.metadata.labels).toEqual({ replaced: 'yes' })

      const ssa = await objects.patch<any>(
        { apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name: 'obj-app', namespace: 'demo', annotations: { via: 'ssa' } } },
        undefined,
        undefined,
        'obj-mgr',
        true,
        k8s.PatchStrategy.ServerSideApply,
      )
      expect(ssa.metadata.annotations).toEqual({ via: 'ssa' })

      const del = await objects.delete({ apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name: 'obj-app', namespace: 'demo' } })
      expect(del.status).toBe('Success')
      expect((await getObject(env.api, `${IS_PATH('demo')}/obj-app`)).status).toBe(404)
    })
  })

  describe('Watch', () => {
    it('streams ADDED for the current state, then MODIFIED and DELETED as they happen; abort ends it', async () => {
      const events: Array<[string, string]> = []
      let doneErr: unknown = 'not done'
      const ctl = await new k8s.Watch(kc).watch(
        `/apis/image.openshift.io/v1/namespaces/demo/imagestreams`,
        { allowWatchBookmarks: true },
        (type, obj) => events.push([type, obj?.metadata?.name]),
        (err) => (doneErr = err),
      )
      try {
        await eventually(() => events.filter(([t]) => t === 'ADDED').length >= 3, 10_000, 'initial ADDED events')
        expect(events.filter(([t]) => t === 'ADDED').map(([, n]) => n)).toEqual(expect.arrayContaining(['frontend', 'backend', 'postgresql']))
        await custom.createNamespacedCustomObject({ group, version, namespace: 'demo', plural, body: imageStream('watched') })
        await custom.patchNamespacedCustomObject({ group, version, namespace: 'demo', plural, name: 'watched', body: { metadata: { labels: { step: '2' } } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch))
        await custom.deleteNamespacedCustomObject({ group, version, namespace: 'demo', plural, name: 'watched' })
        await eventually(() => events.some(([t, n]) => t === 'DELETED' && n === 'watched'), 10_000, 'the DELETED event')
        expect(events.filter(([, n]) => n === 'watched').map(([t]) => t)).toEqual(['ADDED', 'MODIFIED', 'DELETED'])
        const watchReq = env.seen.find((q) => q.query.get('watch') === 'true')!
        expect(watchReq.query.get('allowWatchBookmarks')).toBe('true')
      } finally {
        ctl.abort()
      }
      await eventually(() => doneErr !== 'not done', 5_000, 'done callback')
      expect((doneErr as Error)?.name).toBe('AbortError')
    })
  })

  describe('informer', () => {
    it('lists, watches from the list resourceVersion, and keeps its cache up to date', async () => {
      const path = '/apis/image.openshift.io/v1/namespaces/demo/imagestreams'
      const informer = k8s.makeInformer<k8s.KubernetesObject>(kc, path, () => custom.listNamespacedCustomObject({ group, version, namespace: 'demo', plural }))
      const seenEvents: string[] = []
      const errors: unknown[] = []
      const mark = env.seen.length
      const watches = () => env.seen.slice(mark).filter((q) => q.path === path && q.query.get('watch') === 'true')
      informer.on('add', (o) => seenEvents.push(`add ${o.metadata?.name}`))
      informer.on('update', (o) => seenEvents.push(`update ${o.metadata?.name}`))
      informer.on('delete', (o) => seenEvents.push(`delete ${o.metadata?.name}`))
      informer.on('error', (e) => errors.push(e))
      await informer.start()
      try {
        await eventually(() => informer.list('demo').some((o) => o.metadata?.name === 'frontend'), 10_000, 'the initial list in the cache')
        await eventually(() => watches().length, 10_000, 'the informer watch')
        const watchReq = watches()[0]!
        expect(watchReq.query.get('resourceVersion')).toMatch(/^\d+$/)

        await custom.createNamespacedCustomObject({ group, version, namespace: 'demo', plural, body: imageStream('informed') })
        await eventually(() => informer.get('informed', 'demo'), 10_000, 'informed in the cache')
        await custom.patchNamespacedCustomObject({ group, version, namespace: 'demo', plural, name: 'informed', body: { metadata: { labels: { v: '2' } } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch))
        await eventually(() => informer.get('informed', 'demo')?.metadata?.labels?.v === '2', 10_000, 'the update in the cache')
        await custom.deleteNamespacedCustomObject({ group, version, namespace: 'demo', plural, name: 'informed' })
        await eventually(() => !informer.get('informed', 'demo'), 10_000, 'the delete in the cache')
        expect(seenEvents.filter((e) => e.endsWith(' informed'))).toEqual(['add informed', 'update informed', 'delete informed'])
        expect(errors).toEqual([])
      } finally {
        await informer.stop()
        await sleep(50)
      }
      // No list/watch storm: one list, one watch (the fake holds the watch open).
      expect(watches()).toHaveLength(1)
    })
  })
})
