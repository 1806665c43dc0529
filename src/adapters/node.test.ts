import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import * as http from 'node:http'
import * as https from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { splitWarningHeader } from './node-wire.js'
import { listen, type ListeningServer } from './node.js'
import type { FetchHandler } from './types.js'
import { negotiateWatchSubprotocol, pumpWatchToSocket } from './websocket.js'

// ---------------------------------------------------------------------------------------------
// A small stub FetchHandler: JSON object, request echo, Warning headers, 404, and watches whose
// stream the test controls.

interface WatchHandle {
  url: string
  headers: Headers
  send(text: string): void
  end(): void
  cancelled: Promise<void>
  isCancelled(): boolean
}

interface Stub extends FetchHandler {
  nextWatch(): Promise<WatchHandle>
  closeWatchesCalls: number
}

function makeStub(opts: { closeWatches?: boolean } = {}): Stub {
  const enc = new TextEncoder()
  const openWatches = new Set<ReadableStreamDefaultController<Uint8Array>>()
  const waiting: Array<(w: WatchHandle) => void> = []
  const ready: WatchHandle[] = []
  const stub: Stub = {
    closeWatchesCalls: 0,
    nextWatch() {
      const w = ready.shift()
      if (w) return Promise.resolve(w)
      return new Promise((resolve) => waiting.push(resolve))
    },
    async fetch(request) {
      const url = new URL(request.url)
      const watch = url.searchParams.get('watch')
      if (watch && watch !== 'false' && url.pathname.endsWith('/imagestreams') && !url.pathname.includes('/missing/')) {
        let ctrl!: ReadableStreamDefaultController<Uint8Array>
        let cancelled = false
        let markCancelled!: () => void
        const cancelledP = new Promise<void>((r) => (markCancelled = r))
        const stream = new ReadableStream<Uint8Array>({
          start(c) {
            ctrl = c
            openWatches.add(c)
          },
          cancel() {
            cancelled = true
            openWatches.delete(ctrl)
            markCancelled()
          },
        })
        const handle: WatchHandle = {
          url: request.url,
          headers: request.headers,
          send: (text) => ctrl.enqueue(enc.encode(text)),
          end: () => {
            openWatches.delete(ctrl)
            ctrl.close()
          },
          cancelled: cancelledP,
          isCancelled: () => cancelled,
        }
        const waiter = waiting.shift()
        if (waiter) waiter(handle)
        else ready.push(handle)
        return new Response(stream, { status: 200, headers: { 'Content-Type': 'application/json' } })
      }
      if (url.pathname === '/echo') {
        const body = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text()
        const headers: Record<string, string> = {}
        request.headers.forEach((v, k) => (headers[k] = v))
        return Response.json({ method: request.method, url: request.url, headers, body })
      }
      if (url.pathname === '/warnings') {
        const h = new Headers({ 'Content-Type': 'application/json' })
        h.append('Warning', '299 - "unknown field \\"spec.foo\\""')
        h.append('Warning', '299 - "duplicate field \\"metadata.name\\", again"')
        return new Response('{}\n', { headers: h })
      }
      if (url.pathname.startsWith('/apis/image.openshift.io/v1/namespaces/missing/')) {
        return new Response(
          '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"namespaces \\"missing\\" not found","reason":"NotFound","details":{"name":"missing","kind":"namespaces"},"code":404}\n',
          { status: 404, headers: { 'Content-Type': 'application/json' } },
        )
      }
      return new Response('{"kind":"ImageStream","apiVersion":"image.openshift.io/v1","metadata":{"name":"ruby"}}\n', {
        headers: { 'Content-Type': 'application/json' },
      })
    },
  }
  if (opts.closeWatches !== false) {
    stub.closeWatches = () => {
      stub.closeWatchesCalls++
      for (const c of [...openWatches]) {
        openWatches.delete(c)
        c.close()
      }
    }
  }
  return stub
}

const WATCH_PATH = '/apis/image.openshift.io/v1/namespaces/demo/imagestreams?watch=true&resourceVersion=5'
const ev = (type: string, name: string) => `{"type":"${type}","object":{"kind":"ImageStream","metadata":{"name":"${name}"}}}\n`

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`timeout: ${what}`)), ms))])
}

let servers: ListeningServer[] = []
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()))
  servers = []
})
async function start(api: FetchHandler, opts?: Parameters<typeof listen>[1]): Promise<ListeningServer> {
  const s = await listen(api, opts)
  servers.push(s)
  return s
}

function rawGet(url: string, headers: Record<string, string> = {}): Promise<{ status: number; rawHeaders: string[]; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers, agent: false }, (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (c: string) => (body += c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, rawHeaders: res.rawHeaders, body }))
      })
      .on('error', reject)
  })
}

type WsOutcome =
  | { kind: 'open'; ws: WebSocket; protocol: string; messages: Array<{ text: string; binary: boolean }>; closed: Promise<{ code: number; at: number }> }
  | { kind: 'rejected'; status: number; body: string }

function openWs(url: string, protocols: string[] | undefined, options: WebSocket.ClientOptions = {}): Promise<WsOutcome> {
  return new Promise((resolve, reject) => {
    const ws = protocols ? new WebSocket(url, protocols, options) : new WebSocket(url, options)
    const messages: Array<{ text: string; binary: boolean }> = []
    ws.on('message', (data, isBinary) => messages.push({ text: data.toString(), binary: isBinary }))
    const closed = new Promise<{ code: number; at: number }>((r) => ws.on('close', (code) => r({ code, at: Date.now() })))
    ws.on('unexpected-response', (_req, res) => {
      let body = ''
      res.on('data', (c: Buffer) => (body += c.toString()))
      res.on('end', () => resolve({ kind: 'rejected', status: res.statusCode ?? 0, body }))
      res.on('error', () => resolve({ kind: 'rejected', status: res.statusCode ?? 0, body }))
    })
    ws.on('open', () => resolve({ kind: 'open', ws, protocol: ws.protocol, messages, closed }))
    ws.on('error', (e) => reject(e))
  })
}

const wsUrl = (s: ListeningServer, path: string) => s.url.replace(/^http/, 'ws') + path
const ORIGIN = { origin: 'http://localhost' }

// ---------------------------------------------------------------------------------------------

describe('listen() over HTTP', () => {
  it('round-trips a JSON GET through global fetch on 127.0.0.1', async () => {
    const s = await start(makeStub())
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const res = await fetch(`${s.url}/apis/image.openshift.io/v1/namespaces/demo/imagestreams/ruby`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/json')
    expect(res.headers.get('content-length')).toBe(String('{"kind":"ImageStream","apiVersion":"image.openshift.io/v1","metadata":{"name":"ruby"}}\n'.length))
    expect(await res.json()).toEqual({ kind: 'ImageStream', apiVersion: 'image.openshift.io/v1', metadata: { name: 'ruby' } })
  })

  it('passes method, full URL with query, headers and body to the handler', async () => {
    const s = await start(makeStub())
    const res = await fetch(`${s.url}/echo?fieldManager=kubectl&dryRun=All`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/merge-patch+json', 'X-Test': 'yes', Authorization: 'Bearer abc' },
      body: '{"metadata":{"labels":{"a":"b"}}}',
    })
    const echo = (await res.json()) as { method: string; url: string; headers: Record<string, string>; body: string }
    expect(echo.method).toBe('PATCH')
    expect(echo.url).toBe(`${s.url}/echo?fieldManager=kubectl&dryRun=All`)
    expect(echo.headers['content-type']).toBe('application/merge-patch+json')
    expect(echo.headers['x-test']).toBe('yes')
    expect(echo.headers.authorization).toBe('Bearer abc')
    expect(echo.body).toBe('{"metadata":{"labels":{"a":"b"}}}')

    // A DELETE with a body (kubectl sends one) and a chunked POST.
    const del = (await (await fetch(`${s.url}/echo`, { method: 'DELETE', body: '{"propagationPolicy":"Background"}' })).json()) as { body: string }
    expect(del.body).toBe('{"propagationPolicy":"Background"}')
    const chunked = (await (
      await fetch(`${s.url}/echo`, {
        method: 'POST',
        body: new ReadableStream({
          start(c) {
            c.enqueue(new TextEncoder().encode('{"a":'))
            c.enqueue(new TextEncoder().encode('1}'))
            c.close()
          },
        }),
        duplex: 'half',
      } as RequestInit)
    ).json()) as { body: string }
    expect(chunked.body).toBe('{"a":1}')
  })

  it('writes two Warning values as two header lines', async () => {
    const s = await start(makeStub())
    const raw = await rawGet(`${s.url}/warnings`)
    const warnings: string[] = []
    for (let i = 0; i < raw.rawHeaders.length; i += 2) if (raw.rawHeaders[i]!.toLowerCase() === 'warning') warnings.push(raw.rawHeaders[i + 1]!)
    expect(warnings).toEqual(['299 - "unknown field \\"spec.foo\\""', '299 - "duplicate field \\"metadata.name\\", again"'])
    // Header names come out canonical, as Go writes them.
    expect(raw.rawHeaders).toContain('Content-Type')
    // Through fetch the two values are joined again by Headers, but each one is intact.
    const res = await fetch(`${s.url}/warnings`)
    expect(splitWarningHeader(res.headers.get('warning')!)).toEqual(warnings)
  })

  it('splitWarningHeader keeps commas inside quoted text and leaves odd values alone', () => {
    expect(splitWarningHeader('299 - "a, b", 299 - "c \\"d\\""')).toEqual(['299 - "a, b"', '299 - "c \\"d\\""'])
    expect(splitWarningHeader('299 - "x" "Sat, 25 Aug 2012 23:34:45 GMT", 199 agent "y"')).toEqual([
      '299 - "x" "Sat, 25 Aug 2012 23:34:45 GMT"',
      '199 agent "y"',
    ])
    expect(splitWarningHeader('not a warning, really')).toEqual(['not a warning, really'])
  })

  it('streams watch events as they are produced', async () => {
    const stub = makeStub()
    const s = await start(stub)
    const t0 = Date.now()
    const resP = fetch(`${s.url}${WATCH_PATH}`)
    const watch = await stub.nextWatch()
    expect(new URL(watch.url).search).toBe('?watch=true&resourceVersion=5')
    // Headers arrive before any event.
    const res = await withTimeout(resP, 2000, 'headers before the first event')
    expect(res.status).toBe(200)
    expect(res.headers.get('transfer-encoding')).toBe('chunked')
    const reader = res.body!.getReader()
    const dec = new TextDecoder()
    watch.send(ev('ADDED', 'a'))
    const first = await withTimeout(reader.read(), 2000, 'first event')
    const firstAt = Date.now()
    expect(dec.decode(first.value)).toBe(ev('ADDED', 'a'))
    await new Promise((r) => setTimeout(r, 300))
    watch.send(ev('MODIFIED', 'a'))
    watch.end()
    const endAt = Date.now()
    let rest = ''
    for (;;) {
      const r = await reader.read()
      if (r.done) break
      rest += dec.decode(r.value)
    }
    expect(rest).toBe(ev('MODIFIED', 'a'))
    expect(firstAt).toBeLessThan(endAt)
    expect(endAt - t0).toBeGreaterThanOrEqual(300)
  })

  it('cancels the handler stream when the client aborts', async () => {
    const stub = makeStub()
    const s = await start(stub)
    const ac = new AbortController()
    const res = await (async () => {
      const p = fetch(`${s.url}${WATCH_PATH}`, { signal: ac.signal })
      return p
    })()
    const watch = await stub.nextWatch()
    watch.send(ev('ADDED', 'a'))
    const reader = res.body!.getReader()
    await reader.read()
    ac.abort()
    await withTimeout(watch.cancelled, 2000, 'stub cancel() after client abort')
    expect(watch.isCancelled()).toBe(true)
  })

  it('serves requests with a non-WebSocket Upgrade header (h2c) as plain HTTP', async () => {
    const s = await start(makeStub())
    const raw = await rawGet(`${s.url}/apis/image.openshift.io/v1/namespaces/demo/imagestreams/ruby`, {
      Connection: 'Upgrade, HTTP2-Settings',
      Upgrade: 'h2c',
      'HTTP2-Settings': 'AAMAAABkAARAAAAAAAIAAAAA',
    })
    expect(raw.status).toBe(200)
    expect(JSON.parse(raw.body).metadata.name).toBe('ruby')
  })

  it('serves https with a given certificate', async (ctx) => {
    let dir: string | undefined
    try {
      dir = mkdtempSync(join(tmpdir(), 'oif-tls-'))
      execFileSync(
        'openssl',
        ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1'],
        { stdio: 'ignore' },
      )
    } catch {
      if (dir) rmSync(dir, { recursive: true, force: true })
      ctx.skip()
      return
    }
    try {
      const s = await start(makeStub(), { tls: { cert: readFileSync(join(dir, 'cert.pem')), key: readFileSync(join(dir, 'key.pem')) } })
      expect(s.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/)
      const body = await new Promise<string>((resolve, reject) => {
        https
          .get(`${s.url}/echo`, { rejectUnauthorized: false, agent: false }, (res) => {
            let b = ''
            res.on('data', (c: Buffer) => (b += c.toString()))
            res.on('end', () => resolve(b))
          })
          .on('error', reject)
      })
      expect(JSON.parse(body).url).toBe(`${s.url}/echo`)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('listen() watch over WebSocket', () => {
  it('refuses a handshake without Origin with 403', async () => {
    const s = await start(makeStub())
    const out = await openWs(wsUrl(s, WATCH_PATH), undefined)
    expect(out).toMatchObject({ kind: 'rejected', status: 403, body: '' })
    // The Origin check comes before the protocol count, and "null" is not a usable Origin.
    expect(await openWs(wsUrl(s, WATCH_PATH), ['a', 'b'])).toMatchObject({ kind: 'rejected', status: 403 })
    expect(await openWs(wsUrl(s, WATCH_PATH), undefined, { origin: 'null' })).toMatchObject({ kind: 'rejected', status: 403 })
  })

  it('refuses two subprotocols with a bare 400', async () => {
    const s = await start(makeStub())
    const out = await openWs(wsUrl(s, WATCH_PATH), ['v4.channel.k8s.io', 'base64.binary.k8s.io'], ORIGIN)
    expect(out).toMatchObject({ kind: 'rejected', status: 400, body: '' })
  })

  it('echoes one subprotocol, sends one text frame per line and closes with 1000 when the watch ends', async () => {
    const stub = makeStub()
    const s = await start(stub)
    const outP = openWs(wsUrl(s, WATCH_PATH), ['v4.channel.k8s.io'], ORIGIN)
    const watch = await stub.nextWatch()
    expect(new URL(watch.url).search).toBe('?watch=true&resourceVersion=5')
    const out = await outP
    if (out.kind !== 'open') throw new Error(`rejected ${out.status}`)
    expect(out.protocol).toBe('v4.channel.k8s.io')
    const a = ev('ADDED', 'a')
    const b = ev('MODIFIED', 'a')
    const c = ev('DELETED', 'a')
    watch.send(a + b) // two events in one chunk
    watch.send(c.slice(0, 10)) // one event split over two chunks
    await new Promise((r) => setTimeout(r, 50))
    expect(out.messages.map((m) => m.text)).toEqual([a, b])
    watch.send(c.slice(10))
    await new Promise((r) => setTimeout(r, 50))
    const endAt = Date.now()
    watch.end()
    const closed = await withTimeout(out.closed, 2000, 'close frame')
    expect(closed.code).toBe(1000)
    expect(closed.at).toBeGreaterThanOrEqual(endAt)
    expect(out.messages).toEqual([a, b, c].map((text) => ({ text, binary: false })))
  })

  it('echoes no protocol when none is offered', async () => {
    const stub = makeStub()
    const s = await start(stub)
    const out = await openWs(wsUrl(s, WATCH_PATH), undefined, ORIGIN)
    expect(out.kind).toBe('open')
    if (out.kind === 'open') {
      expect(out.protocol).toBe('')
      out.ws.close()
    }
  })

  it('turns the bearer-token subprotocol into an Authorization header and echoes the other protocol', async () => {
    const stub = makeStub()
    const s = await start(stub)
    const token = Buffer.from('sha256~secret').toString('base64url')
    const outP = openWs(wsUrl(s, WATCH_PATH), [`base64url.bearer.authorization.k8s.io.${token}`, 'base64.binary.k8s.io'], ORIGIN)
    const watch = await stub.nextWatch()
    const out = await outP
    expect(out.kind === 'open' && out.protocol).toBe('base64.binary.k8s.io')
    expect(watch.headers.get('authorization')).toBe('Bearer sha256~secret')
    if (out.kind === 'open') out.ws.close()
    // A token protocol alone fails authentication.
    const alone = await openWs(wsUrl(s, WATCH_PATH), [`base64url.bearer.authorization.k8s.io.${token}`], ORIGIN)
    expect(alone).toMatchObject({ kind: 'rejected', status: 401 })
    if (alone.kind === 'rejected') expect(JSON.parse(alone.body)).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 })
  })

  it('drops protobuf from the Accept of a WebSocket watch: WebSocket watches are JSON text frames here', async () => {
    const stub = makeStub()
    const s = await start(stub)
    for (const [accept, forwarded] of [
      ['application/vnd.kubernetes.protobuf, application/json', 'application/json'],
      ['application/vnd.kubernetes.protobuf', 'application/json'],
      ['application/json;as=Table;v=v1;g=meta.k8s.io,application/json', 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json'],
    ]) {
      const outP = openWs(wsUrl(s, WATCH_PATH), undefined, { ...ORIGIN, headers: { accept } })
      const watch = await stub.nextWatch()
      expect(watch.headers.get('accept')).toBe(forwarded)
      const out = await outP
      if (out.kind === 'open') out.ws.close()
    }
  })

  it('cancels the handler stream when the client closes the socket', async () => {
    const stub = makeStub()
    const s = await start(stub)
    const outP = openWs(wsUrl(s, WATCH_PATH), undefined, ORIGIN)
    const watch = await stub.nextWatch()
    const out = await outP
    if (out.kind !== 'open') throw new Error('rejected')
    out.ws.close(1000)
    await withTimeout(watch.cancelled, 2000, 'stub cancel() after socket close')
  })

  it('answers a non-200 watch response on the handshake by default, or as one frame + 1000 with webSocketErrors: "frame"', async () => {
    const path = '/apis/image.openshift.io/v1/namespaces/missing/imagestreams?watch=true'
    const s1 = await start(makeStub())
    const rejected = await openWs(wsUrl(s1, path), undefined, ORIGIN)
    expect(rejected).toMatchObject({ kind: 'rejected', status: 404 })
    if (rejected.kind === 'rejected') expect(JSON.parse(rejected.body)).toMatchObject({ reason: 'NotFound', code: 404 })

    const s2 = await start(makeStub(), { webSocketErrors: 'frame' })
    const out = await openWs(wsUrl(s2, path), undefined, ORIGIN)
    if (out.kind !== 'open') throw new Error('rejected')
    const closed = await withTimeout(out.closed, 2000, 'close')
    expect(closed.code).toBe(1000)
    expect(out.messages).toHaveLength(1)
    expect(JSON.parse(out.messages[0]!.text)).toMatchObject({ reason: 'NotFound', code: 404 })
  })
})

describe('close()', () => {
  for (const withCloseWatches of [true, false]) {
    it(`ends open HTTP and WebSocket watches and resolves promptly (${withCloseWatches ? 'with' : 'without'} closeWatches)`, async () => {
      const stub = makeStub({ closeWatches: withCloseWatches })
      const s = await listen(stub)
      // An idle keep-alive connection too.
      const agent = new http.Agent({ keepAlive: true })
      await new Promise<void>((resolve, reject) =>
        http.get(`${s.url}/echo`, { agent }, (res) => res.resume().on('end', () => resolve())).on('error', reject),
      )
      const res = await fetch(`${s.url}${WATCH_PATH}`)
      const httpWatch = await stub.nextWatch()
      httpWatch.send(ev('ADDED', 'a'))
      const reader = res.body!.getReader()
      await reader.read()
      const wsP = openWs(wsUrl(s, WATCH_PATH), undefined, ORIGIN)
      await stub.nextWatch()
      const ws = await wsP
      if (ws.kind !== 'open') throw new Error('rejected')

      const t0 = Date.now()
      await withTimeout(s.close(), 3000, 'close()')
      expect(Date.now() - t0).toBeLessThan(1500)
      if (withCloseWatches) expect(stub.closeWatchesCalls).toBe(1)
      // The HTTP watch ended normally (chunked terminator), not with an error.
      expect((await withTimeout(reader.read(), 1000, 'http end')).done).toBe(true)
      expect((await withTimeout(ws.closed, 1000, 'ws close')).code).toBe(1000)
      agent.destroy()
      await expect(fetch(`${s.url}/echo`)).rejects.toThrow()
    })
  }
})

describe('websocket.ts', () => {
  it('negotiateWatchSubprotocol', () => {
    const tok = (t: string) => `base64url.bearer.authorization.k8s.io.${Buffer.from(t).toString('base64url')}`
    const consoleB64 = (t: string) => Buffer.from(t).toString('base64').replace(/=/g, '_').replace(/\//g, '-')
    expect(negotiateWatchSubprotocol(undefined)).toEqual({ ok: true })
    expect(negotiateWatchSubprotocol('')).toEqual({ ok: true })
    expect(negotiateWatchSubprotocol('a')).toEqual({ ok: true, protocol: 'a' })
    expect(negotiateWatchSubprotocol('a, b')).toMatchObject({ ok: false, status: 400 })
    expect(negotiateWatchSubprotocol(['a', 'b'])).toMatchObject({ ok: false, status: 400 })
    expect(negotiateWatchSubprotocol(`${tok('t')}, a`)).toEqual({ ok: true, protocol: 'a', bearerToken: 't' })
    expect(negotiateWatchSubprotocol(tok('t'))).toMatchObject({ ok: false, status: 401 })
    expect(negotiateWatchSubprotocol(`${tok('t')}, ${tok('u')}, a`)).toMatchObject({ ok: false, status: 401 })
    expect(negotiateWatchSubprotocol('base64url.bearer.authorization.k8s.io.a=b, x')).toMatchObject({ ok: false, status: 401 })
    expect(negotiateWatchSubprotocol(`${tok('t')}, a, b`)).toMatchObject({ ok: false, status: 400 })
    expect(negotiateWatchSubprotocol(`Impersonate-User.${consoleB64('alice')}`)).toEqual({
      ok: true,
      protocol: `Impersonate-User.${consoleB64('alice')}`,
      impersonateUser: 'alice',
    })
    expect(negotiateWatchSubprotocol(`Impersonate-User.${consoleB64('bob')}, Impersonate-Group.${consoleB64('devs?')}, v4.channel.k8s.io`)).toEqual({
      ok: true,
      protocol: 'v4.channel.k8s.io',
      impersonateUser: 'bob',
      impersonateGroups: ['devs?'],
    })
    expect(negotiateWatchSubprotocol('Impersonate-User.%%%')).toMatchObject({ ok: false, status: 400 })
  })

  it('pumpWatchToSocket splits lines and stops on cancel', async () => {
    const enc = new TextEncoder()
    const sent: string[] = []
    const closes: number[] = []
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(enc.encode('{"a":"é"}\n{"b"'))
        c.enqueue(enc.encode(':2}\n{"tail":true}'))
        c.close()
      },
    })
    const pump = pumpWatchToSocket(new Response(body), (t) => sent.push(t), (c) => closes.push(c))
    await pump.done
    expect(sent).toEqual(['{"a":"é"}\n', '{"b":2}\n', '{"tail":true}'])
    expect(closes).toEqual([1000])

    let cancelled = false
    const never = new ReadableStream<Uint8Array>({
      cancel() {
        cancelled = true
      },
    })
    const closes2: number[] = []
    const p2 = pumpWatchToSocket(new Response(never), () => {}, (c) => closes2.push(c))
    p2.cancel()
    await p2.done
    expect(cancelled).toBe(true)
    expect(closes2).toEqual([])
  })
})
