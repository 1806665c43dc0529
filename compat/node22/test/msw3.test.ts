// msw 3 `setupServer(...api.handlers)` with Node 22's global fetch (and WebSocket): the ImageStream story
// at the HTTP level. The base URL is a closed loopback port, so anything msw does not serve fails.

import * as k8s from '@kubernetes/client-node'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createFakeImageApi, type FakeImageApi } from '../../../src/index.js'
import { closedPort, eventReader, eventually, imageStream, IS_PATH, json, kubeconfigObject } from './support.js'

describe('msw 3 setupServer', () => {
  let api: FakeImageApi
  let base: string
  let server: ReturnType<typeof setupServer>
  const unhandled: string[] = []

  beforeAll(async () => {
    base = `http://127.0.0.1:${await closedPort()}`
    api = createFakeImageApi({ baseUrl: base })
    server = setupServer(...api.handlers)
    server.events.on('request:unhandled', ({ request }) => {
      unhandled.push(`${request.method} ${request.url}`)
    })
    // msw 3 renamed msw 2's `onUnhandledRequest` to `onUnhandledFrame` (the old name is ignored).
    server.listen({ onUnhandledFrame: 'error' })
  })

  afterEach(() => api.closeWatches())

  afterAll(() => {
    server?.close()
  })

  const url = (path: string) => `${base}${path}`

  it('serves only the API paths on the base URL: anything else is unhandled (an error with onUnhandledFrame: error)', async () => {
    const version = await fetch(url('/version'))
    expect(version.status).toBe(200)
    expect(((await version.json()) as any).gitVersion).toMatch(/^v1\.\d+/)
    const err = await fetch(url('/not-an-api-path')).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(TypeError)
    expect(unhandled).toEqual([`GET ${base}/not-an-api-path`])
  })

  it('create, get, list, patch (merge, JSON, strategic), delete; 404 Status with reason and details', async () => {
    const collection = url(IS_PATH('demo'))
    const created = await fetch(collection, json('POST', imageStream('ruby', [{ name: '3.3', from: 'quay.io/org/ruby:3.3' }])))
    expect(created.status).toBe(201)
    const createdBody = (await created.json()) as any
    expect(createdBody).toMatchObject({ kind: 'ImageStream', apiVersion: 'image.openshift.io/v1', metadata: { name: 'ruby', namespace: 'demo', generation: 1 } })
    expect(createdBody.metadata.uid).toMatch(/^[0-9a-f-]{36}$/)
    expect(createdBody.metadata.resourceVersion).toMatch(/^\d+$/)
    expect(createdBody.status.dockerImageRepository).toBe('image-registry.openshift-image-registry.svc:5000/demo/ruby')

    const dup = await fetch(collection, json('POST', imageStream('ruby')))
    expect(dup.status).toBe(409)
    expect(await dup.json()).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'AlreadyExists', code: 409, message: 'imagestreams.image.openshift.io "ruby" already exists' })

    const got = await fetch(`${collection}/ruby`)
    expect(got.status).toBe(200)
    expect(got.headers.get('content-type')).toBe('application/json')
    expect(((await got.json()) as any).metadata.uid).toBe(createdBody.metadata.uid)

    const list = await fetch(collection)
    expect(list.status).toBe(200)
    const listBody = (await list.json()) as any
    expect(listBody.kind).toBe('ImageStreamList')
    expect(listBody.metadata.resourceVersion).toMatch(/^\d+$/)
    expect(listBody.items.map((i: any) => i.metadata.name)).toEqual(['ruby'])

    const merged = await fetch(`${collection}/ruby`, json('PATCH', { metadata: { labels: { app: 'shop' } } }, 'application/merge-patch+json'))
    expect(merged.status).toBe(200)
    expect(((await merged.json()) as any).metadata.labels).toEqual({ app: 'shop' })

    const jsonPatched = await fetch(`${collection}/ruby`, json('PATCH', [{ op: 'add', path: '/metadata/annotations', value: { via: 'json-patch' } }], 'application/json-patch+json'))
    expect(jsonPatched.status).toBe(200)
    expect(((await jsonPatched.json()) as any).metadata.annotations).toEqual({ via: 'json-patch' })

    const failedTest = await fetch(`${collection}/ruby`, json('PATCH', [{ op: 'test', path: '/metadata/name', value: 'python' }], 'application/json-patch+json'))
    expect(failedTest.status).toBe(422)
    expect(await failedTest.json()).toMatchObject({ kind: 'Status', reason: 'Invalid', code: 422 })

    const strategic = await fetch(
      `${collection}/ruby`,
      json('PATCH', { spec: { tags: [{ name: '3.4', from: { kind: 'DockerImage', name: 'quay.io/org/ruby:3.4' } }] } }, 'application/strategic-merge-patch+json'),
    )
    expect(strategic.status).toBe(200)
    const strategicBody = (await strategic.json()) as any
    // spec.tags merge by name: the 3.3 tag is kept
    expect(strategicBody.spec.tags.map((t: any) => t.name)).toEqual(['3.3', '3.4'])
    expect(strategicBody.metadata.generation).toBe(2)

    const missing = await fetch(`${collection}/nope`)
    expect(missing.status).toBe(404)
    expect(await missing.json()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'imagestreams.image.openshift.io "nope" not found',
      reason: 'NotFound',
      details: { name: 'nope', group: 'image.openshift.io', kind: 'imagestreams' },
      code: 404,
    })

    const deleted = await fetch(`${collection}/ruby`, { method: 'DELETE' })
    expect(deleted.status).toBe(200)
    expect(await deleted.json()).toMatchObject({ kind: 'Status', status: 'Success', details: { name: 'ruby', group: 'image.openshift.io', kind: 'imagestreams', uid: createdBody.metadata.uid } })
    expect((await fetch(`${collection}/ruby`)).status).toBe(404)
    expect(((await (await fetch(collection)).json()) as any).items).toEqual([])
  })

  it('a watch: ?watch=1 streams ADDED for the current state, then MODIFIED as it happens', async () => {
    const collection = url(IS_PATH('watched'))
    expect((await fetch(collection, json('POST', imageStream('w1')))).status).toBe(201)
    const ac = new AbortController()
    const res = await fetch(`${collection}?watch=1`, { signal: ac.signal })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/json')
    const events = eventReader(res.body!)
    try {
      const added = await events.next()
      expect(added.type).toBe('ADDED')
      expect(added.object).toMatchObject({ kind: 'ImageStream', apiVersion: 'image.openshift.io/v1', metadata: { name: 'w1', namespace: 'watched' } })
      const patched = await fetch(`${collection}/w1`, json('PATCH', { metadata: { labels: { step: '2' } } }, 'application/merge-patch+json'))
      expect(patched.status).toBe(200)
      const modified = await events.next()
      expect(modified.type).toBe('MODIFIED')
      expect(modified.object.metadata.labels).toEqual({ step: '2' })
      expect(Number(modified.object.metadata.resourceVersion)).toBeGreaterThan(Number(added.object.metadata.resourceVersion))
    } finally {
      ac.abort()
      await events.cancel()
    }
    // msw 3 passes the client's abort on to the engine: the watch is released.
    await eventually(() => api.server.watchers.size === 0, 5_000, 'the watch to be released after abort')
  })

  it('cancelling the watch body (no abort) releases the watch too under msw 3', async () => {
    const collection = url(IS_PATH('cancelled'))
    expect((await fetch(collection, json('POST', imageStream('c1')))).status).toBe(201)
    const res = await fetch(`${collection}?watch=true`)
    const events = eventReader(res.body!)
    expect((await events.next()).type).toBe('ADDED')
    expect(api.server.watchers.size).toBe(1)
    await events.cancel()
    await eventually(() => api.server.watchers.size === 0, 5_000, 'the watch to be released after cancel')
  })

  it('a watch from a resourceVersion with bookmarks: nothing to send yet, so the immediate BOOKMARK first, then changes', async () => {
    const collection = url(IS_PATH('rv'))
    const list = (await (await fetch(collection)).json()) as any
    const ac = new AbortController()
    const res = await fetch(`${collection}?watch=true&allowWatchBookmarks=true&resourceVersion=${list.metadata.resourceVersion}`, { signal: ac.signal })
    expect(res.status).toBe(200)
    const events = eventReader(res.body!)
    try {
      const bookmark = await events.next()
      expect(bookmark.type).toBe('BOOKMARK')
      expect(bookmark.object.kind).toBe('ImageStream')
      expect((await fetch(collection, json('POST', imageStream('late')))).status).toBe(201)
      const added = await events.next()
      expect([added.type, added.object.metadata.name]).toEqual(['ADDED', 'late'])
    } finally {
      ac.abort()
      await events.cancel()
    }
  })

  it('msw 3.0 resolves fetch() of a watch before its first chunk (immediateBookmark: false, nothing to send)', async () => {
    const quietBase = `http://127.0.0.1:${await closedPort()}`
    const quiet = createFakeImageApi({ baseUrl: quietBase, watch: { immediateBookmark: false } })
    server.use(...quiet.handlers)
    try {
      const collection = `${quietBase}${IS_PATH('quiet')}`
      // (an empty fake lists at resourceVersion "0", which as a watch RV means "initial state first")
      expect((await fetch(collection, json('POST', imageStream('seeded')))).status).toBe(201)
      const list = (await (await fetch(collection)).json()) as any
      expect(list.metadata.resourceVersion).not.toBe('0')
      const ac = new AbortController()
      const res = await fetch(`${collection}?watch=true&allowWatchBookmarks=true&resourceVersion=${list.metadata.resourceVersion}`, { signal: ac.signal })
      expect(res.status).toBe(200)
      const events = eventReader(res.body!)
      expect((await fetch(collection, json('POST', imageStream('first')))).status).toBe(201)
      const added = await events.next()
      expect([added.type, added.object.metadata.name]).toEqual(['ADDED', 'first'])
      ac.abort()
      await events.cancel()
    } finally {
      quiet.closeWatches()
      server.resetHandlers()
    }
  })

  it('a watch from an expired resourceVersion: HTTP 200, one ERROR 410 Expired event, end of stream', async () => {
    const collection = url(IS_PATH('expired'))
    expect((await fetch(collection, json('POST', imageStream('e1')))).status).toBe(201)
    api.store.compact()
    const res = await fetch(`${collection}?watch=true&resourceVersion=1`)
    expect(res.status).toBe(200)
    const lines = (await res.text()).trim().split('\n').map((l) => JSON.parse(l))
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatchObject({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired' } })
  })

  it('a watch over the global WebSocket (msw 3 WebSocket handlers on Node 22)', async () => {
    const collection = url(IS_PATH('sockets'))
    expect((await fetch(collection, json('POST', imageStream('s1')))).status).toBe(201)
    const socket = new WebSocket(`${collection.replace(/^http/, 'ws')}?watch=true`)
    const frames: any[] = []
    let closed: { code: number } | undefined
    socket.addEventListener('message', (e) => frames.push(JSON.parse(String(e.data))))
    socket.addEventListener('close', (e) => (closed = { code: e.code }))
    await eventually(() => frames.length >= 1, 5_000, 'the ADDED frame')
    expect(frames[0]).toMatchObject({ type: 'ADDED', object: { metadata: { name: 's1' } } })
    expect((await fetch(`${collection}/s1`, { method: 'DELETE' })).status).toBe(200)
    await eventually(() => frames.length >= 2, 5_000, 'the DELETED frame')
    expect(frames[1]).toMatchObject({ type: 'DELETED', object: { metadata: { name: 's1' } } })
    api.closeWatches()
    await eventually(() => closed, 5_000, 'the socket to close')
    expect(closed!.code).toBe(1000)
  })

  it('does not intercept @kubernetes/client-node 2 (undici\'s own dispatcher): the closed port refuses — use listen() or nock 15', async () => {
    const kc = new k8s.KubeConfig()
    kc.loadFromString(JSON.stringify(kubeconfigObject(base, 'demo')))
    const before = api.requests.length
    const err = await kc
      .makeApiClient(k8s.CustomObjectsApi)
      .listNamespacedCustomObject({ group: 'image.openshift.io', version: 'v1', namespace: 'demo', plural: 'imagestreams' })
      .catch((e: unknown) => e)
    expect((err as Error & { cause?: { code?: string } }).cause?.code).toBe('ECONNREFUSED')
    expect(api.requests.length).toBe(before)
  })
})
