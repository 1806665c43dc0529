import http from 'node:http' // the default export is the patched CommonJS module object
import * as net from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { interceptWithNock, type NockInterception } from './nock.js'
import type { FetchHandler } from './types.js'

// A small stub FetchHandler: a JSON object, a request echo, and watches whose stream the test controls.

interface WatchHandle {
  send(text: string): void
  end(): void
  cancelled: Promise<void>
}

function makeStub() {
  const enc = new TextEncoder()
  const waiting: Array<(w: WatchHandle) => void> = []
  const ready: WatchHandle[] = []
  const api: FetchHandler & { nextWatch(): Promise<WatchHandle> } = {
    nextWatch() {
      const w = ready.shift()
      return w ? Promise.resolve(w) : new Promise((resolve) => waiting.push(resolve))
    },
    async fetch(request) {
      const url = new URL(request.url)
      if (url.searchParams.get('watch') === 'true') {
        let ctrl!: ReadableStreamDefaultController<Uint8Array>
        let markCancelled!: () => void
        const cancelled = new Promise<void>((r) => (markCancelled = r))
        const stream = new ReadableStream<Uint8Array>({
          start: (c) => void (ctrl = c),
          cancel: () => markCancelled(),
        })
        const handle: WatchHandle = { send: (t) => ctrl.enqueue(enc.encode(t)), end: () => ctrl.close(), cancelled }
        const waiter = waiting.shift()
        if (waiter) waiter(handle)
        else ready.push(handle)
        return new Response(stream, { headers: { 'Content-Type': 'application/json' } })
      }
      if (url.pathname.endsWith('/echo')) {
        const headers: Record<string, string> = {}
        request.headers.forEach((v, k) => (headers[k] = v))
        const body = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text()
        const h = new Headers({ 'Content-Type': 'application/json' })
        h.append('Warning', '299 - "one, with comma"')
        h.append('Warning', '299 - "two"')
        return new Response(JSON.stringify({ method: request.method, url: request.url, headers, body }), { status: request.method === 'POST' ? 201 : 200, headers: h })
      }
      return new Response('{"kind":"ImageStream","apiVersion":"image.openshift.io/v1","metadata":{"name":"ruby"}}\n', {
        headers: { 'Content-Type': 'application/json' },
      })
    },
  }
  return api
}

/** A loopback port nothing listens on. */
async function unusedPort(): Promise<number> {
  const srv = net.createServer()
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', () => resolve()))
  const { port } = srv.address() as net.AddressInfo
  await new Promise<void>((resolve) => srv.close(() => resolve()))
  return port
}

const ev = (type: string, name: string) => `{"type":"${type}","object":{"kind":"ImageStream","metadata":{"name":"${name}"}}}\n`
const WATCH = '/apis/image.openshift.io/v1/namespaces/demo/imagestreams?watch=true&resourceVersion=7'

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`timeout: ${what}`)), ms))])
}

let active: NockInterception[] = []
afterEach(() => {
  for (const i of active) i.done()
  active = []
})

async function setup(prefix = '') {
  const port = await unusedPort()
  const base = `http://127.0.0.1:${port}${prefix}`
  const stub = makeStub()
  const nocked = interceptWithNock(stub, { baseUrl: base })
  active.push(nocked)
  return { base, stub, nocked }
}

describe('interceptWithNock()', () => {
  it('serves a JSON GET to global fetch', async () => {
    const { base } = await setup()
    const res = await fetch(`${base}/apis/image.openshift.io/v1/namespaces/demo/imagestreams/ruby`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/json')
    expect(await res.json()).toMatchObject({ kind: 'ImageStream', metadata: { name: 'ruby' } })
  })

  it('passes method, URL, headers and the raw POST body (even malformed JSON)', async () => {
    const { base } = await setup()
    const res = await fetch(`${base}/echo?fieldManager=kubectl-create`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer t0k' },
      body: '{"metadata":{"name":"a","name":"b"}}',
    })
    expect(res.status).toBe(201)
    const echo = (await res.json()) as { method: string; url: string; headers: Record<string, string>; body: string }
    expect(echo).toMatchObject({ method: 'POST', url: `${base}/echo?fieldManager=kubectl-create`, body: '{"metadata":{"name":"a","name":"b"}}' })
    expect(echo.headers['content-type']).toBe('application/json')
    expect(echo.headers.authorization).toBe('Bearer t0k')
    expect(res.headers.get('warning')).toBe('299 - "one, with comma", 299 - "two"')

    const bad = await fetch(`${base}/echo`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: '{not json' })
    expect(((await bad.json()) as { body: string }).body).toBe('{not json')
  })

  it('serves http.ClientRequest clients with separate Warning header lines', async () => {
    const { base } = await setup()
    const out = await new Promise<{ status: number; rawHeaders: string[]; body: string }>((resolve, reject) => {
      const req = http.request(`${base}/echo`, { method: 'PATCH', headers: { 'Content-Type': 'application/merge-patch+json' } }, (res) => {
        let body = ''
        res.on('data', (c: Buffer) => (body += c.toString()))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, rawHeaders: res.rawHeaders, body }))
      })
      req.on('error', reject)
      req.end('{"spec":{}}')
    })
    expect(out.status).toBe(200)
    expect(JSON.parse(out.body)).toMatchObject({ method: 'PATCH', body: '{"spec":{}}' })
    const warnings = out.rawHeaders.filter((_, i) => i % 2 === 1 && out.rawHeaders[i - 1]!.toLowerCase() === 'warning')
    expect(warnings).toEqual(['299 - "one, with comma"', '299 - "two"'])
  })

  it('honours a path prefix in baseUrl', async () => {
    const { base } = await setup('/api/kubernetes')
    const res = await fetch(`${base}/echo`)
    expect(((await res.json()) as { url: string }).url).toBe(`${base}/echo`)
    await expect(fetch(base.replace('/api/kubernetes', '/elsewhere'))).rejects.toThrow()
  })

  it('streams a watch: the first line arrives before the stream ends', async () => {
    const { base, stub } = await setup()
    const res = await fetch(`${base}${WATCH}`)
    const watch = await stub.nextWatch()
    expect(res.status).toBe(200)
    const reader = res.body!.getReader()
    const dec = new TextDecoder()
    watch.send(ev('ADDED', 'a'))
    const first = await withTimeout(reader.read(), 2000, 'first line')
    const firstAt = Date.now()
    expect(dec.decode(first.value)).toBe(ev('ADDED', 'a'))
    await new Promise((r) => setTimeout(r, 200))
    watch.send(ev('DELETED', 'a'))
    const endAt = Date.now()
    watch.end()
    let rest = ''
    for (;;) {
      const r = await reader.read()
      if (r.done) break
      rest += dec.decode(r.value)
    }
    expect(rest).toBe(ev('DELETED', 'a'))
    expect(firstAt).toBeLessThan(endAt)
  })

  // Known limitation (@mswjs/interceptors' ClientRequest interceptor): with http.ClientRequest clients,
  // @mswjs/interceptors keeps reading the mocked body after the client destroys the request, so the stream is
  // released only by done() (or by the engine's closeWatches()), not by req.destroy().
  it('streams a watch to http.ClientRequest clients; done() releases it', async () => {
    const { base, stub, nocked } = await setup()
    const lines: string[] = []
    let gotFirst!: () => void
    const first = new Promise<void>((r) => (gotFirst = r))
    const req = http.get(`${base}${WATCH}`, (res) => {
      res.setEncoding('utf8')
      res.on('data', (c: string) => {
        lines.push(c)
        gotFirst()
      })
      res.on('error', () => {})
    })
    req.on('error', () => {})
    const watch = await stub.nextWatch()
    watch.send(ev('ADDED', 'a'))
    await withTimeout(first, 2000, 'first line over ClientRequest')
    expect(lines).toEqual([ev('ADDED', 'a')])
    req.destroy()
    nocked.done()
    await withTimeout(watch.cancelled, 2000, 'cancel after done()')
  })

  it('cancels the handler stream when the client aborts, and on done()', async () => {
    const { base, stub, nocked } = await setup()
    const ac = new AbortController()
    const res = await fetch(`${base}${WATCH}`, { signal: ac.signal })
    const w1 = await stub.nextWatch()
    w1.send(ev('ADDED', 'a'))
    await res.body!.getReader().read()
    ac.abort()
    await withTimeout(w1.cancelled, 2000, 'cancel after abort')

    const res2 = await fetch(`${base}${WATCH}`)
    const w2 = await stub.nextWatch()
    w2.send(ev('ADDED', 'b'))
    const reader2 = res2.body!.getReader()
    await reader2.read()
    nocked.done()
    await withTimeout(w2.cancelled, 2000, 'cancel after done()')
  })

  it('done() removes the interceptors and restores real networking', async () => {
    const { base, nocked } = await setup()
    expect((await fetch(`${base}/x`)).status).toBe(200)
    expect(nocked.isDone()).toBe(false)
    nocked.done()
    expect(nocked.isDone()).toBe(true)
    const err = await fetch(`${base}/x`).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(TypeError)
    expect(((err as TypeError).cause as NodeJS.ErrnoException | undefined)?.code).toBe('ECONNREFUSED')
  })
})
