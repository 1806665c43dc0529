// The server's resident memory around a 256 MiB chunked upload that the 3 MiB body limit refuses (issue 11,
// finding 6). Prints RSS before and after (MB) and the growth; fails if the growth reaches half the body
// (the buffered-whole behaviour this guards against grew RSS by ~750 MB). A figure, not a timing.
//   node --expose-gc --import tsx bench/body-limit.ts
import * as http from 'node:http'
import { createFakeImageApi } from '../src/index.js'
import { listen } from '../src/node.js'

const TOTAL = 256 * 1024 * 1024
const api = createFakeImageApi()
await api.fetch(new Request('http://x/api/v1/namespaces', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"metadata":{"name":"ns"}}' }))
const server = await listen(api)
const mb = (n: number) => Math.round(n / 1e6)
;(globalThis as { gc?: () => void }).gc?.()
const before = process.memoryUsage().rss
let peak = before
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5)
const chunk = Buffer.alloc(64 * 1024, 0x20)
const result = await new Promise<{ status: number; written: number }>((resolve, reject) => {
  let written = 0
  const req = http.request(`${server.url}/apis/image.openshift.io/v1/namespaces/ns/imagestreams`, { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
    res.resume()
    res.on('end', () => {
      resolve({ status: res.statusCode!, written })
      req.destroy()
    })
  })
  req.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ECONNRESET' || e.code === 'EPIPE' ? undefined : reject(e)))
  const pump = () => {
    while (written < TOTAL) {
      written += chunk.length
      if (!req.write(chunk)) return void req.once('drain', pump)
    }
    req.end()
  }
  pump()
})
clearInterval(sampler)
peak = Math.max(peak, process.memoryUsage().rss)
await server.close()
console.log(`256 MiB chunked upload → ${result.status}; client wrote ${mb(result.written)} MB before the answer`)
console.log(`RSS before ${mb(before)} MB, peak ${mb(peak)} MB, growth ${mb(peak - before)} MB`)
if (result.status !== 413 || peak - before >= TOTAL / 2) process.exit(1)
