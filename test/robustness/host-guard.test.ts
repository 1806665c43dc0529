// Finding 5 (malformed Host → 500 Invalid URL) and finding 7 (any Host, any WebSocket Origin) of issue 11.
// Host syntax as Go's net/http checks it (server.go readRequest + httpguts.ValidHostHeader); the DNS-rebinding
// and cross-site WebSocket guard of the listen() door (src/adapters/host-guard.ts, docs/security.md).

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as net from 'node:net'
import { WebSocket } from 'ws'
import { call, fakeApi } from '../helpers.js'
import { listen, type ListeningServer } from '../../src/node.js'
import type { FakeImageApi } from '../../src/index.js'

const WATCH = '/apis/image.openshift.io/v1/namespaces/ns/imagestreams?watch=1'

/** Send raw request bytes; resolve with everything the server wrote before closing (or 2 s of silence). */
function raw(url: string, bytes: Buffer | string): Promise<string> {
  const { port } = new URL(url)
  return new Promise((resolve, reject) => {
    const sock = net.connect(Number(port), '127.0.0.1')
    const chunks: Buffer[] = []
    const done = () => resolve(Buffer.concat(chunks).toString('latin1'))
    sock.setTimeout(2000, () => {
      sock.destroy()
      done()
    })
    sock.on('data', (d) => chunks.push(d))
    sock.on('end', done)
    sock.on('error', reject)
    sock.write(bytes)
  })
}

const get = (host: string | string[] | Buffer, path = '/version') =>
  Buffer.concat([
    Buffer.from(`GET ${path} HTTP/1.1\r\n`),
    ...(Array.isArray(host) ? host : [host]).map((h) => Buffer.concat([Buffer.from('Host: '), Buffer.isBuffer(h) ? h : Buffer.from(h), Buffer.from('\r\n')])),
    Buffer.from('Connection: close\r\n\r\n'),
  ])

const goBadRequest = (why: string) => `HTTP/1.1 400 Bad Request: ${why}\r\n`

function ws(url: string, headers: Record<string, string>): Promise<{ status: number; body: string } | { status: 101 }> {
  return new Promise((resolve, reject) => {
    const sock = new WebSocket(url, { headers })
    sock.on('open', () => {
      sock.terminate()
      resolve({ status: 101 })
    })
    sock.on('unexpected-response', (_req, res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (d: string) => (body += d))
      res.on('end', () => resolve({ status: res.statusCode!, body }))
    })
    sock.on('error', (e) => reject(e))
  })
}

let api: FakeImageApi
let server: ListeningServer
let port: string
beforeAll(async () => {
  api = fakeApi()
  await call(api, 'POST', '/api/v1/namespaces', { metadata: { name: 'ns' } })
  server = await listen(api, { hostAliases: ['fake.test'], corsOrigins: ['https://console.example'] })
  port = new URL(server.url).port
})
afterAll(() => server.close())

describe('Host syntax: Go net/http answers 400 before any handler', () => {
  it.each([
    ['a space', 'a b'],
    ['non-ASCII bytes', Buffer.from('caf\u00e9.example', 'utf8')],
    ['a slash', 'a/b'],
  ])('%s: 400 Bad Request: malformed Host header', async (_what, host) => {
    const res = await raw(server.url, get(host))
    expect(res.startsWith(goBadRequest('malformed Host header'))).toBe(true)
    expect(res).toContain('Content-Type: text/plain; charset=utf-8\r\n')
    expect(res.endsWith('\r\n\r\n400 Bad Request: malformed Host header')).toBe(true)
  })

  it('two Host headers: 400 Bad Request: too many Host headers', async () => {
    const res = await raw(server.url, get([`127.0.0.1:${port}`, `localhost:${port}`]))
    expect(res.startsWith(goBadRequest('too many Host headers'))).toBe(true)
  })

  it('a WebSocket handshake with a malformed Host gets the same answer', async () => {
    const res = await raw(server.url, `GET ${WATCH} HTTP/1.1\r\nHost: a b\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nOrigin: http://localhost\r\n\r\n`)
    expect(res.startsWith(goBadRequest('malformed Host header'))).toBe(true)
  })
})

describe('DNS-rebinding guard: which Host names are served', () => {
  it.each(['127.0.0.1', 'localhost', 'LOCALHOST', 'localhost.', 'app.localhost', '[::1]', '10.1.2.3', 'fake.test'])('%s: served', async (name) => {
    const res = await raw(server.url, get(`${name}:${port}`))
    expect(res.startsWith('HTTP/1.1 200 OK\r\n')).toBe(true)
  })

  it('another name: 403 with a Status that says why and how to open up', async () => {
    const res = await raw(server.url, get(`evil.example:${port}`, '/api/v1/namespaces/ns/secrets'))
    expect(res.startsWith('HTTP/1.1 403 Forbidden\r\n')).toBe(true)
    const body = JSON.parse(res.slice(res.indexOf('\r\n\r\n') + 4))
    expect(body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `the Host "evil.example:${port}" is not served: openshift-image-fake answers only requests addressed to localhost, an IP address, the address it is bound to, or a configured host alias (a guard against DNS rebinding; the fake has no authentication). To serve this name, start it with --host-alias evil.example or listen(api, { hostAliases: ["evil.example"] })`,
      reason: 'Forbidden',
      code: 403,
    })
  })

  it('a Host Go accepts but no URL can hold (`[::1`): 403, not 500', async () => {
    const res = await raw(server.url, get('[::1'))
    expect(res.startsWith('HTTP/1.1 403 Forbidden\r\n')).toBe(true)
  })

  it("hostAliases ['*'] serves any syntactically valid name, `[::1` included", async () => {
    const open = await listen(api, { hostAliases: ['*'] })
    try {
      for (const h of ['evil.example', '[::1']) expect((await raw(open.url, get(h))).startsWith('HTTP/1.1 200 OK\r\n')).toBe(true)
    } finally {
      await open.close()
    }
  })

  it('a WebSocket handshake to a foreign Host is refused the same way', async () => {
    const r = await ws(server.url.replace('http', 'ws') + WATCH, { host: `evil.example:${port}`, origin: 'http://evil.example' })
    expect(r.status).toBe(403)
  })
})

describe('WebSocket Origin guard', () => {
  const url = () => server.url.replace('http', 'ws') + WATCH
  it.each(['http://localhost:6006', 'http://127.0.0.1:5173', 'http://[::1]:3000', 'https://fake.test', 'https://console.example'])('Origin %s: accepted', async (origin) => {
    expect(await ws(url(), { origin })).toEqual({ status: 101 })
  })

  it.each(['https://evil.example', 'http://10.0.0.5:8080', 'https://console.example:8443'])('Origin %s: 403 with a Status', async (origin) => {
    const r = await ws(url(), { origin })
    expect(r.status).toBe(403)
    expect(JSON.parse((r as { body: string }).body)).toMatchObject({
      kind: 'Status',
      reason: 'Forbidden',
      code: 403,
      message: `WebSocket connections from the origin ${JSON.stringify(origin)} are not accepted: openshift-image-fake accepts watches from pages on localhost, a loopback address, the bind address, a host alias or a configured CORS origin (a guard against cross-site WebSocket reads; the fake has no authentication). To accept this origin, use listen(api, { corsOrigins: [${JSON.stringify(origin)}] })`,
    })
  })

  it('a page served from the very host the socket is opened to is accepted', async () => {
    expect(await ws(url(), { host: `10.0.0.5:${port}`, origin: 'http://10.0.0.5:8080' })).toEqual({ status: 101 })
  })

  it("corsOrigins ['*'] accepts any origin", async () => {
    const open = await listen(api, { corsOrigins: ['*'] })
    try {
      expect(await ws(open.url.replace('http', 'ws') + WATCH, { origin: 'https://evil.example' })).toEqual({ status: 101 })
    } finally {
      await open.close()
    }
  })
})
