// nock 15 via `interceptWithNock(api, { baseUrl, nock })` (src/adapters/nock.ts): the ImageStream story
// with Node 22's global fetch and with `http.request`, including streamed watches. The base URL is a
// closed loopback port, so a request nock does not intercept fails with ECONNREFUSED.

import nock from 'nock'
import http from 'node:http'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createFakeImageApi, type FakeImageApi } from '../../../src/index.js'
import { interceptWithNock, type NockInterception } from '../../../src/nock.js'
import { closedPort, eventReader, eventually, imageStream, IS_PATH, json } from './support.js'

interface Reply {
  status: number
  statusMessage: string
  headers: http.IncomingHttpHeaders
  body: any
}

/** One request with `http.request`; resolves with the parsed JSON body. */
function request(url: string, method = 'GET', body?: unknown, contentType = 'application/json'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body)
    const req = http.request(url, { method, headers: payload ? { 'content-type': contentType, 'content-length': Buffer.byteLength(payload) } : {} }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => (text += c))
      res.on('end', () => resolve({ status: res.statusCode!, statusMessage: res.statusMessage ?? '', headers: res.headers, body: text ? JSON.parse(text) : undefined }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(payload)
  })
}

describe('nock 15 interceptWithNock', () => {
  let api: FakeImageApi
  let base: string
  let intercepted: NockInterception

  beforeAll(async () => {
    base = `http://127.0.0.1:${await closedPort()}`
    api = createFakeImageApi()
    intercepted = interceptWithNock(api, { baseUrl: base, nock })
  })

  afterEach(() => api.closeWatches())

  afterAll(() => {
    intercepted?.done()
    api?.closeWatches()
  })

  it('is served by nock 15 itself', () => {
    expect(nock.isActive()).toBe(true)
    // one persistent, optional interceptor per method on the base origin
    expect(nock.pendingMocks()).toEqual([])
    expect(nock.activeMocks().length).toBeGreaterThanOrEqual(7)
  })

  it('global fetch: create, get, list, patch (merge, JSON, strategic), 404 Status, delete', async () => {
    const collection = `${base}${IS_PATH('demo')}`
    const created = await fetch(collection, json('POST', imageStream('nock-is', [{ name: '1', from: 'quay.io/org/app:1' }])))
    expect(created.status).toBe(201)
    const createdBody = (await created.json()) as any
    expect(createdBody.metadata).toMatchObject({ name: 'nock-is', namespace: 'demo', generation: 1 })

    const got = await fetch(`${collection}/nock-is`)
    expect(got.status).toBe(200)
    expect(((await got.json()) as any).metadata.uid).toBe(createdBody.metadata.uid)

    const list = (await (await fetch(collection)).json()) as any
    expect(list.kind).toBe('ImageStreamList')
    expect(list.items.map((i: any) => i.metadata.name)).toEqual(['nock-is'])

    const merged = await fetch(`${collection}/nock-is`, json('PATCH', { metadata: { labels: { a: 'b' } } }, 'application/merge-patch+json'))
    expect(merged.status).toBe(200)
    expect(((await merged.json()) as any).metadata.labels).toEqual({ a: 'b' })
    const patched = await fetch(`${collection}/nock-is`, json('PATCH', [{ op: 'replace', path: '/metadata/labels/a', value: 'c' }], 'application/json-patch+json'))
    expect(((await patched.json()) as any).metadata.labels).toEqual({ a: 'c' })
    const strategic = await fetch(`${collection}/nock-is`, json('PATCH', { spec: { tags: [{ name: '2', from: { kind: 'DockerImage', name: 'quay.io/org/app:2' } }] } }, 'application/strategic-merge-patch+json'))
    expect(strategic.status).toBe(200)
    expect(((await strategic.json()) as any).spec.tags.map((t: any) => t.name)).toEqual(['1', '2'])

    const unknownField = await fetch(`${collection}/nock-is?fieldValidation=Warn`, json('PATCH', { spec: { bogus: 1 } }, 'application/merge-patch+json'))
    expect(unknownField.status).toBe(200)
    expect(unknownField.headers.get('warning')).toBe('299 - "unknown field \\"spec.bogus\\""')

    const missing = await fetch(`${collection}/nope`)
    expect(missing.status).toBe(404)
    expect(await missing.json()).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'NotFound',
      code: 404,
      message: 'imagestreams.image.openshift.io "nope" not found',
      details: { name: 'nope', group: 'image.openshift.io', kind: 'imagestreams' },
    })
    const malformed = await fetch(collection, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"kind":' })
    expect(malformed.status).toBe(400)
    expect(await malformed.json()).toMatchObject({ kind: 'Status', reason: 'BadRequest', code: 400 })

    const deleted = await fetch(`${collection}/nock-is`, { method: 'DELETE' })
    expect(deleted.status).toBe(200)
    expect(await deleted.json()).toMatchObject({ kind: 'Status', status: 'Success', details: { name: 'nock-is', kind: 'imagestreams' } })
    expect((await fetch(`${collection}/nock-is`)).status).toBe(404)
  })

  it('global fetch: a streamed watch (ADDED, then MODIFIED); abort releases it', async () => {
    const collection = `${base}${IS_PATH('nock-watch')}`
    expect((await fetch(collection, json('POST', imageStream('w1')))).status).toBe(201)
    const ac = new AbortController()
    const res = await fetch(`${collection}?watch=1`, { signal: ac.signal })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/json')
    const events = eventReader(res.body!)
    try {
      const added = await events.next()
      expect([added.type, added.object.metadata.name]).toEqual(['ADDED', 'w1'])
      await fetch(`${collection}/w1`, json('PATCH', { metadata: { labels: { step: '2' } } }, 'application/merge-patch+json'))
      const modified = await events.next()
      expect(modified.type).toBe('MODIFIED')
      expect(modified.object.metadata.labels).toEqual({ step: '2' })
    } finally {
      ac.abort()
      await events.cancel()
    }
    await eventually(() => api.server.watchers.size === 0, 5_000, 'the watch to be released after abort')
  })

  it('http.request: create, get, merge patch, 404 with reason, streamed watch (released on destroy), delete', async () => {
    const collection = `${base}${IS_PATH('nock-http')}`
    const created = await request(collection, 'POST', imageStream('h1'))
    expect(created.status).toBe(201)
    expect(created.statusMessage).toBe('Created')
    expect(created.body.metadata.name).toBe('h1')

    const got = await request(`${collection}/h1`)
    expect(got.status).toBe(200)
    expect(got.headers['content-type']).toBe('application/json')

    const merged = await request(`${collection}/h1`, 'PATCH', { metadata: { annotations: { via: 'http' } } }, 'application/merge-patch+json')
    expect(merged.status).toBe(200)
    expect(merged.body.metadata.annotations).toEqual({ via: 'http' })

    const missing = await request(`${collection}/nope`)
    expect(missing.status).toBe(404)
    expect(missing.statusMessage).toBe('Not Found')
    expect(missing.body).toMatchObject({ reason: 'NotFound', details: { name: 'nope', group: 'image.openshift.io', kind: 'imagestreams' } })

    // A watch through http.request: the initial ADDED event, then DELETED as it happens.
    const lines: any[] = []
    const watchReq = http.get(`${collection}?watch=true`, (res) => {
      expect(res.statusCode).toBe(200)
      let buffered = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        buffered += chunk
        for (let i = buffered.indexOf('\n'); i >= 0; i = buffered.indexOf('\n')) {
          lines.push(JSON.parse(buffered.slice(0, i)))
          buffered = buffered.slice(i + 1)
        }
      })
    })
    watchReq.on('error', () => {})
    await eventually(() => lines.length >= 1, 10_000, 'the ADDED event over http.request')
    expect([lines[0].type, lines[0].object.metadata.name]).toEqual(['ADDED', 'h1'])
    const deleted = await request(`${collection}/h1`, 'DELETE')
    expect(deleted.status).toBe(200)
    await eventually(() => lines.length >= 2, 10_000, 'the DELETED event over http.request')
    expect([lines[1].type, lines[1].object.metadata.name]).toEqual(['DELETED', 'h1'])
    expect(api.server.watchers.size).toBe(1)
    // nock 15 aborts the intercepted Request's signal when the ClientRequest is destroyed, and
    // interceptWithNock passes that on: the watch is released (nock 14 could not; README).
    watchReq.destroy()
    await eventually(() => api.server.watchers.size === 0, 5_000, 'the watch to be released after destroy()')
    expect((await request(`${collection}/h1`)).status).toBe(404)
  })

  it('done() removes the interceptors: the closed port refuses again', async () => {
    intercepted.done()
    expect(intercepted.isDone()).toBe(true)
    const err = await fetch(`${base}/version`).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(TypeError)
    expect((err as Error & { cause?: { code?: string } }).cause?.code).toBe('ECONNREFUSED')
    const httpErr = await request(`${base}/version`).catch((e: unknown) => e)
    expect((httpErr as NodeJS.ErrnoException).code).toBe('ECONNREFUSED')
  })
})
