// The nock door (`openshift-image-fake/nock` → interceptWithNock) with real clients: Node's global fetch,
// @kubernetes/client-node 1.4.0 and openshift-rest-client 9.1.1. The base URL is a closed loopback port,
// so a request nock does not intercept fails with ECONNREFUSED.

import * as k8s from '@kubernetes/client-node'
import nock from 'nock'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FakeImageApi } from '../../src/index.js'
import { interceptWithNock, type NockInterception } from '../../src/nock.js'
import { eventually, fakeWithFixtures, getObject, imageStream, IS_PATH, kubeconfigObject } from './support.js'

const require = createRequire(import.meta.url)
const { OpenshiftClient } = require('openshift-rest-client') as { OpenshiftClient: (s: { config: unknown; loadSpecFromCluster?: boolean }) => Promise<any> }

async function closedPort(): Promise<number> {
  const srv = createServer()
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()))
  const port = (srv.address() as { port: number }).port
  await new Promise<void>((r) => srv.close(() => r()))
  return port
}

describe('interceptWithNock with real clients', () => {
  let api: FakeImageApi
  let base: string
  let intercepted: NockInterception

  beforeAll(async () => {
    base = `http://127.0.0.1:${await closedPort()}`
    api = await fakeWithFixtures()
    intercepted = interceptWithNock(api, { baseUrl: base, nock })
  })

  afterAll(() => {
    intercepted?.done()
    api?.closeWatches()
  })

  it('global fetch: list, create, patch, get, delete and a streamed watch', async () => {
    const list = await fetch(`${base}${IS_PATH('openshift')}`)
    expect(list.status).toBe(200)
    expect(((await list.json()) as any).items.map((i: any) => i.metadata.name).sort()).toEqual(['httpd', 'nginx', 'nodejs', 'python'])

    const created = await fetch(`${base}${IS_PATH('demo')}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(imageStream('nock-fetch')) })
    expect(created.status).toBe(201)
    const patched = await fetch(`${base}${IS_PATH('demo')}/nock-fetch`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/strategic-merge-patch+json' },
      body: JSON.stringify({ spec: { tags: [{ name: 'x', from: { kind: 'DockerImage', name: 'quay.io/example/x:1' } }] } }),
    })
    expect(patched.status).toBe(200)
    expect(((await patched.json()) as any).spec.tags.map((t: any) => t.name)).toEqual(['x'])

    const ac = new AbortController()
    const watch = await fetch(`${base}${IS_PATH('demo')}?watch=true&resourceVersion=${((await (await fetch(`${base}${IS_PATH('demo')}`)).json()) as any).metadata.resourceVersion}`, { signal: ac.signal })
    expect(watch.headers.get('content-type')).toBe('application/json')
    const reader = watch.body!.getReader()
    const del = await fetch(`${base}${IS_PATH('demo')}/nock-fetch`, { method: 'DELETE' })
    expect(((await del.json()) as any).status).toBe('Success')
    let text = ''
    while (!text.includes('\n')) {
      const { value, done } = await reader.read()
      if (done) break
      text += new TextDecoder().decode(value)
    }
    const event = JSON.parse(text.split('\n')[0]!)
    expect(event.type).toBe('DELETED')
    expect(event.object.metadata.name).toBe('nock-fetch')
    ac.abort()
    await reader.cancel().catch(() => {})
    const gone = await fetch(`${base}${IS_PATH('demo')}/nock-fetch`)
    expect(gone.status).toBe(404)
  })

  it('@kubernetes/client-node: CustomObjectsApi, KubernetesObjectApi and Watch', async () => {
    const kc = new k8s.KubeConfig()
    kc.loadFromString(JSON.stringify(kubeconfigObject(base, 'demo')))
    const custom = kc.makeApiClient(k8s.CustomObjectsApi)
    const p = { group: 'image.openshift.io', version: 'v1', namespace: 'demo', plural: 'imagestreams' }
    const list = await custom.listNamespacedCustomObject(p)
    expect(list.items.map((i: any) => i.metadata.name).sort()).toEqual(['backend', 'frontend', 'postgresql'])
    await custom.createNamespacedCustomObject({ ...p, body: imageStream('nock-cn') })
    const merged = await custom.patchNamespacedCustomObject({ ...p, name: 'nock-cn', body: { metadata: { labels: { a: 'b' } } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch))
    expect(merged.metadata.labels).toEqual({ a: 'b' })
    const objects = k8s.KubernetesObjectApi.makeApiClient(kc)
    const read = await objects.read<any>({ apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name: 'nock-cn', namespace: 'demo' } })
    expect(read.metadata.labels).toEqual({ a: 'b' })

    const events: string[] = []
    let done: unknown = 'open'
    // Do not await the watch before the change: through the interceptors an http.ClientRequest client gets
    // the response headers only with the first body chunk, and a watch from a resourceVersion has none yet.
    const watching = new k8s.Watch(kc).watch(`${IS_PATH('demo')}`, { resourceVersion: read.metadata.resourceVersion }, (type, obj) => events.push(`${type} ${obj.metadata.name}`), (err) => (done = err))
    await custom.deleteNamespacedCustomObject({ ...p, name: 'nock-cn' })
    const ctl = await watching
    await eventually(() => events.includes('DELETED nock-cn'), 10_000, 'DELETED over the nock watch')
    expect(events).toEqual(['DELETED nock-cn'])
    ctl.abort()
    await eventually(() => done !== 'open', 5_000, 'done')
    // the mocked producer is not told about the abort (@mswjs/interceptors' ClientRequest interceptor): release it
    api.closeWatches()
    expect((await getObject(api, `${IS_PATH('demo')}/nock-cn`)).status).toBe(404)
  })

  it('openshift-rest-client: cluster spec, list, get, create, patch, delete and a /watch/ stream', async () => {
    const client = await OpenshiftClient({ config: kubeconfigObject(base, 'demo') })
    const list = await client.apis.image.v1.namespaces('openshift').imagestreams.get()
    expect(list.body.items.map((i: any) => i.metadata.name).sort()).toEqual(['httpd', 'nginx', 'nodejs', 'python'])
    const one = await client.apis.image.v1.namespaces('openshift').imagestreams('python').get()
    expect(one.body.spec.tags.find((t: any) => t.name === 'latest').from.name).toBe('3.12-ubi9')
    await client.apis.image.v1.namespaces('demo').imagestreams.post({ body: imageStream('nock-orc') })

    const stream = await client.apis.image.v1.watch.namespaces('demo').imagestreams('nock-orc').getObjectStream()
    const events: string[] = []
    let ended = false
    stream.on('data', (e: any) => events.push(`${e.type} ${e.object.metadata.name}`))
    stream.on('end', () => (ended = true))
    await eventually(() => events.length, 10_000, 'the initial event')
    const patched = await client.apis.image.v1.namespaces('demo').imagestreams('nock-orc').patch({ body: { metadata: { annotations: { via: 'smp' } } } })
    expect(patched.body.metadata.annotations).toEqual({ via: 'smp' })
    await client.apis.image.v1.namespaces('demo').imagestreams('nock-orc').delete()
    await eventually(() => events.includes('DELETED nock-orc'), 10_000, 'the DELETED event')
    expect(events).toEqual(['ADDED nock-orc', 'MODIFIED nock-orc', 'DELETED nock-orc'])
    api.closeWatches()
    await eventually(() => ended, 10_000, 'the end of the stream')
  })

  it('done() removes the interceptors: the closed port refuses again', async () => {
    intercepted.done()
    const err = await fetch(`${base}/version`).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(TypeError)
    expect(String((err as Error & { cause?: { code?: string } }).cause?.code)).toBe('ECONNREFUSED')
  })
})
