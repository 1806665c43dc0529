// Finding 3 of issue 11: an unknown or duplicate field whose name holds CR/LF or a character above U+00FF
// was stored, but the `Warning` header could not be built (in process `response.headers` threw; through
// listen() the connection was reset). The real server quotes the field path (strconv.Quote in
// sigs.k8s.io/json strictError), escapes `"`/`\` (NewWarningHeader in k8s.io/apimachinery/pkg/util/net),
// and writes the UTF-8 bytes of the value.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as http from 'node:http'
import { call, fakeApi, IS } from '../helpers.js'
import { listen } from '../../src/node.js'
import { decodeWarningText, warningHeaderValues } from '../../src/apiserver/warning-header.js'
import type { FakeImageApi } from '../../src/index.js'

let api: FakeImageApi
beforeAll(async () => {
  api = fakeApi()
  await call(api, 'POST', '/api/v1/namespaces', { metadata: { name: 'ns' } })
})

const EMOJI_WARNING = '299 - "unknown field \\"spec.x😀\\""'
const NEWLINE_WARNING = '299 - "unknown field \\"spec.a\\\\r\\\\nb\\""'

describe('Warning headers for field names with any characters (in process)', () => {
  it('a key above U+00FF: 201, the header holds the UTF-8 bytes of the real text', async () => {
    const r = await call(api, 'POST', IS, undefined, { raw: '{"metadata":{"name":"emoji"},"spec":{"x😀":1}}' })
    expect(r.status).toBe(201)
    const raw = r.headers.get('warning')!
    expect(raw).toBe(Buffer.from(EMOJI_WARNING, 'utf8').toString('latin1'))
    expect(decodeWarningText(raw)).toBe(EMOJI_WARNING)
  })

  it('a key with CR/LF: the path is Go-quoted (\\r\\n escaped), then the quotes and backslashes escaped', async () => {
    const r = await call(api, 'POST', IS, undefined, { raw: '{"metadata":{"name":"crlf"},"spec":{"a\\r\\nb":1}}' })
    expect(r.status).toBe(201)
    expect(r.headers.get('warning')).toBe(NEWLINE_WARNING)
  })

  it('a duplicate key with a C1 control and a surrogate pair: Strict names them the Go way (400)', async () => {
    const r = await call(api, 'POST', `${IS}?fieldValidation=Strict`, undefined, {
      raw: '{"metadata":{"name":"dup","labels":{"a\\u0085😀":"1","a\\u0085😀":"2"}}}',
    })
    expect(r.status).toBe(400)
    expect(r.body.message).toBe('ImageStream in version "v1" cannot be handled as a ImageStream: strict decoding error: duplicate field "metadata.labels.a\\u0085😀"')
  })

  it('a merge patch adding such a field answers 200 with a readable header', async () => {
    const r = await call(api, 'PATCH', `${IS}/emoji`, undefined, { raw: '{"spec":{"é\\n":1}}', contentType: 'application/merge-patch+json' })
    expect(r.status).toBe(200)
    expect(decodeWarningText(r.headers.get('warning')!)).toBe('299 - "unknown field \\"spec.é\\\\n\\""')
  })
})

describe('the recorder (k8s.io/apiserver/pkg/endpoints/filters/warning.go)', () => {
  it('drops empty texts and repeats, and texts with control characters (NewWarningHeader refuses them)', () => {
    expect(warningHeaderValues(['', 'a', 'a', 'b\nc', 'tab\there', 'c1\u0085', 'ok "q" \\'])).toEqual(['299 - "a"', '299 - "ok \\"q\\" \\\\"'])
  })

  it('past 4096 runes every warning is cut to 256 runes', () => {
    const long = (ch: string) => ch.repeat(3000)
    const out = warningHeaderValues([long('a'), long('b'), 'short', long('c')])
    expect(out).toEqual([`299 - "${'a'.repeat(256)}"`, `299 - "${'b'.repeat(256)}"`, '299 - "short"', `299 - "${'c'.repeat(256)}"`])
  })
})

describe('through listen(): the connection carries the header', () => {
  let server: Awaited<ReturnType<typeof listen>>
  beforeAll(async () => {
    server = await listen(api)
  })
  afterAll(() => server.close())

  it('the UTF-8 bytes arrive as the real server sends them', async () => {
    const body = '{"metadata":{"name":"wire"},"spec":{"x😀":1,"a\\r\\nb":2}}'
    const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
      const req = http.request(`${server.url}${IS}`, { method: 'POST', headers: { 'content-type': 'application/json' } }, resolve)
      req.on('error', reject)
      req.end(body)
    })
    res.resume()
    expect(res.statusCode).toBe(201)
    const raw = res.rawHeaders.filter((_, i, a) => i % 2 === 1 && a[i - 1]!.toLowerCase() === 'warning')
    expect(raw.map(decodeWarningText)).toEqual([EMOJI_WARNING, NEWLINE_WARNING])
  })
})
