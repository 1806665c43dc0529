// Finding 6 of issue 11: a chunked upload was buffered whole before the 3 MiB limit applied (a 256 MiB body
// raised the server's RSS from 140 MB to 894 MB before the 413). The real server reads the body through
// io.LimitReader(body, limit+1) (limitedReadBody, k8s.io/apiserver/pkg/endpoints/handlers/rest.go) and
// answers 413 `Request entity too large: limit is 3145728`.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as http from 'node:http'
import { call, fakeApi, IS } from '../helpers.js'
import { listen } from '../../src/node.js'
import { MAX_BODY_BYTES } from '../../src/apiserver/decode.js'
import type { FakeImageApi } from '../../src/index.js'

const TOO_LARGE = {
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message: 'Request entity too large: limit is 3145728',
  reason: 'RequestEntityTooLarge',
  code: 413,
}

/** A body stream of `total` bytes made on demand, counting what the reader pulled. */
function countedBody(total: number, chunk = 64 * 1024): { stream: ReadableStream<Uint8Array>; pulled: () => number } {
  let sent = 0
  const bytes = new Uint8Array(chunk).fill(0x20)
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(c) {
        if (sent >= total) return c.close()
        const n = Math.min(chunk, total - sent)
        sent += n
        c.enqueue(n === chunk ? bytes : bytes.subarray(0, n))
      },
    },
    { highWaterMark: 0 },
  )
  return { stream, pulled: () => sent }
}

let api: FakeImageApi
beforeAll(async () => {
  api = fakeApi()
  await call(api, 'POST', '/api/v1/namespaces', { metadata: { name: 'ns' } })
})

describe('request bodies are read as streams and abandoned past 3 MiB', () => {
  it('in process: a 256 MiB streamed body is read only to the limit, then 413', async () => {
    const body = countedBody(256 * 1024 * 1024)
    const res = await api.fetch(new Request(`http://fake.local${IS}`, { method: 'POST', body: body.stream, headers: { 'content-type': 'application/json' }, duplex: 'half' } as RequestInit))
    expect(res.status).toBe(413)
    expect(await res.json()).toEqual(TOO_LARGE)
    expect(body.pulled()).toBeLessThanOrEqual(MAX_BODY_BYTES + 64 * 1024)
  })

  it('a body of exactly 3 MiB is read (and judged on its content)', async () => {
    const body = countedBody(MAX_BODY_BYTES)
    const res = await api.fetch(new Request(`http://fake.local${IS}`, { method: 'POST', body: body.stream, headers: { 'content-type': 'application/json' }, duplex: 'half' } as RequestInit))
    expect(res.status).toBe(400)
    expect(body.pulled()).toBe(MAX_BODY_BYTES)
  })

  describe('through listen(): a chunked upload', () => {
    let server: Awaited<ReturnType<typeof listen>>
    let engineRead = 0
    beforeAll(async () => {
      server = await listen({
        fetch: async (req) => {
          if (!req.body) return api.fetch(req)
          const reader = req.body.getReader()
          const counted = new ReadableStream<Uint8Array>({
            async pull(c) {
              const { done, value } = await reader.read()
              if (done) return c.close()
              engineRead += value.byteLength
              c.enqueue(value)
            },
            cancel: (reason) => reader.cancel(reason),
          }, { highWaterMark: 0 })
          return api.fetch(new Request(req.url, { method: req.method, headers: req.headers, body: counted, duplex: 'half' } as RequestInit))
        },
      })
    })
    afterAll(() => server.close())

    it('gets the real 413 after the server read at most 3 MiB + a chunk', async () => {
      const total = 256 * 1024 * 1024
      const chunk = Buffer.alloc(64 * 1024, 0x20)
      const { status, body, written } = await new Promise<{ status: number; body: string; written: number }>((resolve, reject) => {
        let written = 0
        const req = http.request(`${server.url}${IS}`, { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
          let text = ''
          res.setEncoding('utf8')
          res.on('data', (d: string) => (text += d))
          res.on('end', () => {
            resolve({ status: res.statusCode!, body: text, written })
            req.destroy()
          })
        })
        req.on('error', (e) => (e as NodeJS.ErrnoException).code === 'ECONNRESET' || (e as NodeJS.ErrnoException).code === 'EPIPE' ? undefined : reject(e))
        const pump = () => {
          while (written < total) {
            written += chunk.length
            if (!req.write(chunk)) return void req.once('drain', pump)
          }
          req.end()
        }
        pump()
      })
      expect(status).toBe(413)
      expect(JSON.parse(body)).toEqual(TOO_LARGE)
      expect(engineRead).toBeLessThanOrEqual(MAX_BODY_BYTES + 64 * 1024)
      expect(written).toBeLessThan(total)
    })
  })
})
