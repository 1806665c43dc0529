// openshift-rest-client 9.1.1 against the fake: a real socket (listen() on 127.0.0.1) and msw's
// setupServer. Configured with a kubeconfig-shaped object (no `{url, auth}` login: that goes through
// undici.Client, which neither msw nor nock intercepts). With loadSpecFromCluster (the default) the client
// builds itself from the fake's /openapi/v2 Swagger JSON — no "bundled spec" warnings.

import { setupServer } from 'msw/node'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest'
import type { FakeImageApi } from '../../src/index.js'
import { eventually, fakeWithFixtures, getObject, imageStream, IS_PATH, kubeconfigObject, serveOnLoopback } from './support.js'

const require = createRequire(import.meta.url)
// CommonJS, no type declarations.
const { OpenshiftClient: openshiftRestClient } = require('openshift-rest-client') as {
  OpenshiftClient: (settings?: { config?: unknown; loadSpecFromCluster?: boolean }) => Promise<any>
}

interface Seen {
  method: string
  path: string
  query: URLSearchParams
  contentType: string | null
  accept: string | null
}

async function closedPort(): Promise<number> {
  const srv = createServer()
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()))
  const port = (srv.address() as { port: number }).port
  await new Promise<void>((r) => srv.close(() => r()))
  return port
}

interface Env {
  api: FakeImageApi
  url: string
  readonly seen: Seen[]
  teardown(): Promise<void>
}

const transports: Array<{ name: string; setup(): Promise<Env> }> = [
  {
    name: 'listen() on 127.0.0.1',
    async setup() {
      const served = await serveOnLoopback(await fakeWithFixtures())
      return {
        api: served.api,
        url: served.url,
        get seen() {
          return served.log.map((q) => ({ method: q.method, path: q.path, query: q.query, contentType: q.contentType, accept: q.accept }))
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
        seen.push({ method: request.method, path: u.pathname, query: u.searchParams, contentType: request.headers.get('content-type'), accept: request.headers.get('accept') })
      })
      server.listen({ onUnhandledRequest: 'error' })
      return {
        api,
        url,
        seen,
        async teardown() {
          api.closeWatches()
          server.close()
        },
      }
    },
  },
]

describe.each(transports)('openshift-rest-client 9.1.1 via $name', (transport) => {
  let env: Env
  let client: any
  let warn: MockInstance

  beforeAll(async () => {
    env = await transport.setup()
  })

  beforeEach(() => {
    warn = vi.spyOn(console, 'warn')
  })

  afterEach(() => {
    // Neither the bundled-spec fallback warnings nor any other warning.
    expect(warn.mock.calls).toEqual([])
    warn.mockRestore()
  })

  afterAll(async () => {
    await env?.teardown()
  })

  it('builds from the cluster spec (/openapi/v2 as JSON) with a kubeconfig object', async () => {
    client = await openshiftRestClient({ config: kubeconfigObject(env.url, 'demo') })
    const specReq = env.seen.find((q) => q.path === '/openapi/v2')
    expect(specReq?.accept).toContain('application/json')
    expect(env.seen.some((q) => q.path === '/swagger.json')).toBe(false)
    expect(client.apis.image.v1).toBeTruthy()
    expect(client.apis['image.openshift.io'].v1).toBeTruthy()
  })

  it('without loadSpecFromCluster it uses the bundled spec and makes no spec request', async () => {
    const before = env.seen.length
    const bundled = await openshiftRestClient({ config: kubeconfigObject(env.url, 'demo'), loadSpecFromCluster: false })
    const res = await bundled.apis.image.v1.namespaces('openshift').imagestreams('httpd').get()
    expect(res.body.spec.tags.map((t: any) => t.name)).toEqual(['2.4-el8', '2.4-el9', 'latest'])
    expect(env.seen.slice(before).map((q) => q.path)).toEqual([`${IS_PATH('openshift')}/httpd`])
  })

  it('lists image streams: namespaced, with a label selector, across namespaces', async () => {
    const res = await client.apis.image.v1.namespaces('openshift').imagestreams.get()
    expect(res.statusCode).toBe(200)
    expect(res.body.kind).toBe('ImageStreamList')
    expect(res.body.items.map((i: any) => i.metadata.name).sort()).toEqual(['httpd', 'nginx', 'nodejs', 'python'])
    const sel = await client.apis.image.v1.namespaces('demo').imagestreams.get({ qs: { labelSelector: 'app=frontend' } })
    expect(sel.body.items.map((i: any) => i.metadata.name)).toEqual(['frontend'])
    const all = await client.apis.image.v1.imagestreams.get()
    expect(all.body.items.length).toBeGreaterThanOrEqual(7)
  })

  it('gets a stream, and rejects with the Status message for a missing one', async () => {
    const res = await client.apis.image.v1.namespaces('openshift').imagestreams('nodejs').get()
    expect(res.body.metadata.annotations['openshift.io/display-name']).toBe('Node.js')
    const err = await client.apis.image.v1.namespaces('openshift').imagestreams('nope').get().catch((e: any) => e)
    expect(err.statusCode).toBe(404)
    expect(err.message).toBe('imagestreams.image.openshift.io "nope" not found')
  })

  it('creates, patches (strategic by default, merge and json by header), replaces and deletes', async () => {
    const streams = client.apis.image.v1.namespaces('demo').imagestreams
    const created = await streams.post({ body: imageStream('orc-app', [{ name: '1.0', from: 'quay.io/example/orc:1.0' }]) })
    expect(created.statusCode).toBe(201)
    expect(created.body.metadata.uid).toBeTruthy()

    const smp = await client.apis.image.v1.namespaces('demo').imagestreams('orc-app').patch({ body: { spec: { tags: [{ name: '2.0', from: { kind: 'DockerImage', name: 'quay.io/example/orc:2.0' } }] } } })
    expect(smp.body.spec.tags.map((t: any) => t.name)).toEqual(['1.0', '2.0'])
    const merge = await client.apis.image.v1.namespaces('demo').imagestreams('orc-app').patch({ body: { metadata: { labels: { via: 'merge' } } }, headers: { 'content-type': 'application/merge-patch+json' } })
    expect(merge.body.metadata.labels).toEqual({ via: 'merge' })
    const json = await client.apis.image.v1.namespaces('demo').imagestreams('orc-app').patch({ body: [{ op: 'replace', path: '/metadata/labels/via', value: 'json' }], headers: { 'content-type': 'application/json-patch+json' } })
    expect(json.body.metadata.labels).toEqual({ via: 'json' })
    const types = env.seen.filter((q) => q.method === 'PATCH').map((q) => q.contentType)
    expect(types).toEqual(['application/strategic-merge-patch+json', 'application/merge-patch+json', 'application/json-patch+json'])

    const body = json.body
    body.spec.lookupPolicy = { local: true }
    const put = await client.apis.image.v1.namespaces('demo').imagestreams('orc-app').put({ body })
    expect(put.statusCode).toBe(200)
    expect(put.body.spec.lookupPolicy.local).toBe(true)

    const del = await client.apis.image.v1.namespaces('demo').imagestreams('orc-app').delete()
    expect(del.statusCode).toBe(200)
    expect(del.body).toMatchObject({ kind: 'Status', status: 'Success' })
    expect((await getObject(env.api, `${IS_PATH('demo')}/orc-app`)).status).toBe(404)
  })

  it('gets, creates, lists and deletes image stream tags', async () => {
    const istag = await client.apis.image.v1.namespaces('openshift').imagestreamtags('python:latest').get()
    expect(istag.body.kind).toBe('ImageStreamTag')
    expect(istag.body.tag.from).toEqual({ kind: 'ImageStreamTag', name: '3.12-ubi9' })
    // referencePolicy Local: pulled through the internal registry, by digest
    expect(istag.body.image.dockerImageReference).toBe(`image-registry.openshift-image-registry.svc:5000/openshift/python@${istag.body.image.metadata.name}`)
    const list = await client.apis.image.v1.namespaces('demo').imagestreamtags.get()
    expect(list.body.items.map((i: any) => i.metadata.name)).toEqual(expect.arrayContaining(['frontend:latest', 'frontend:prod', 'backend:v1.4.0']))
    // tag the backend's v1.4.0 image as "release"
    const created = await client.apis.image.v1.namespaces('demo').imagestreamtags.post({
      body: { apiVersion: 'image.openshift.io/v1', kind: 'ImageStreamTag', metadata: { name: 'backend:release' }, tag: { name: 'release', from: { kind: 'ImageStreamTag', name: 'backend:v1.4.0' } } },
    })
    expect(created.statusCode).toBe(201)
    expect(created.body.image.metadata.name).toBe(list.body.items.find((i: any) => i.metadata.name === 'backend:v1.4.0').image.metadata.name)
    const del = await client.apis.image.v1.namespaces('demo').imagestreamtags('backend:release').delete()
    expect(del.statusCode).toBe(200)
    const gone = await client.apis.image.v1.namespaces('demo').imagestreamtags('backend:release').get().catch((e: any) => e)
    expect(gone.statusCode).toBe(404)
  })

  it('watches on the deprecated /watch/ path; the stream ends when the server ends it', async () => {
    const stream = await client.apis.image.v1.watch.namespaces('demo').imagestreams.getObjectStream()
    const events: Array<[string, string]> = []
    let ended = false
    stream.on('data', (e: any) => events.push([e.type, e.object.metadata.name]))
    stream.on('end', () => (ended = true))
    await eventually(() => events.some(([, n]) => n === 'frontend'), 10_000, 'the initial ADDED events')
    const watchReq = env.seen.find((q) => q.path === '/apis/image.openshift.io/v1/watch/namespaces/demo/imagestreams')
    expect(watchReq).toBeTruthy()
    expect(watchReq!.query.get('watch')).toBeNull()
    await client.apis.image.v1.namespaces('demo').imagestreams.post({ body: imageStream('orc-watched') })
    await client.apis.image.v1.namespaces('demo').imagestreams('orc-watched').delete()
    await eventually(() => events.some(([t, n]) => t === 'DELETED' && n === 'orc-watched'), 10_000, 'the DELETED event')
    expect(events.filter(([, n]) => n === 'orc-watched').map(([t]) => t)).toEqual(['ADDED', 'DELETED'])
    env.api.closeWatches()
    await eventually(() => ended, 10_000, 'the end of the stream')

    // a single object: /watch/namespaces/demo/imagestreams/backend
    const one = await client.apis.image.v1.watch.namespaces('demo').imagestreams('backend').getObjectStream()
    const oneEvents: string[] = []
    one.on('data', (e: any) => oneEvents.push(`${e.type} ${e.object.metadata.name}`))
    await eventually(() => oneEvents.length, 10_000, 'the single-object watch')
    expect(oneEvents).toEqual(['ADDED backend'])
    env.api.closeWatches()
  })
})
