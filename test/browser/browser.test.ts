// The root entry in a real browser: a Vite-built page registers msw's service worker (setupWorker) with
// the fake's handlers and runs CRUD, paging, errors, HTTP and WebSocket watches and Web Crypto digest
// checks in headless Chromium, using the OpenShift console's request shapes (test/browser/page/main.ts).
// Needs /usr/bin/chromium (`apt-get install -y chromium`); fails when it is missing unless BROWSER_OPTIONAL=1.

import { rm } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BROWSER_OPTIONAL, chromiumMissing, launchChromium, serveStatic, since, type Browser, type StaticServer } from './support.js'

const root = fileURLToPath(new URL('../..', import.meta.url))
const outDir = fileURLToPath(new URL('../../.tmp/browser-page', import.meta.url))
const missing = chromiumMissing()

describe.skipIf(missing && BROWSER_OPTIONAL)('the fake in Chromium under msw setupWorker', () => {
  let browser: Browser | undefined
  let server: StaticServer | undefined
  let page: Page
  const timings: Record<string, number> = {}

  beforeAll(async () => {
    if (missing) throw new Error(missing)
    let t = performance.now()
    const { build } = await import('vite')
    await rm(outDir, { recursive: true, force: true })
    await build({
      root: fileURLToPath(new URL('./page', import.meta.url)),
      logLevel: 'warn',
      configFile: false,
      build: { outDir, emptyOutDir: true, minify: false, sourcemap: false, reportCompressedSize: false },
    })
    timings.viteBuild = since(t)
    server = await serveStatic(outDir, { '/mockServiceWorker.js': `${root}node_modules/msw/lib/mockServiceWorker.js` })
    t = performance.now()
    browser = await launchChromium()
    timings.launch = since(t)
    page = await browser.context.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    t = performance.now()
    await page.goto(`${server.url}/index.html`)
    await page.evaluate(() => window.__oif.ready)
    timings.ready = since(t)
    expect(errors).toEqual([])
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await server?.close()
    console.log(`browser test timings (ms): ${JSON.stringify(timings)}`)
  })

  const run = async (name: keyof Window['__oif']['scenarios']) => {
    const t = performance.now()
    const result: unknown = await page.evaluate((n) => window.__oif.scenarios[n]() as Promise<unknown>, name)
    timings[name] = since(t)
    return result as any
  }

  it('CRUD under the console prefix', async () => {
    const r = await run('crud')
    expect(r.statuses).toEqual([201, 200, 200, 409, 200, 200, 404])
    expect(r.repository).toBe('image-registry.openshift-image-registry.svc:5000/demo/web')
    expect(r.labels).toEqual({ app: 'web', tier: 'frontend' })
    expect(r.staleReason).toBe('Conflict')
    expect(r.goneMessage).toBe('imagestreams.image.openshift.io "web" not found')
  })

  it('paged lists (continue tokens on one snapshot) and PartialObjectMetadataList', async () => {
    const r = await run('paging')
    expect(r.pages.map((p: any) => p.count)).toEqual([20, 20, 6])
    expect(r.pages.map((p: any) => p.cont)).toEqual([true, true, false])
    expect(new Set(r.pages.map((p: any) => p.rv)).size).toBe(1)
    expect([r.total, r.unique, r.sorted]).toEqual([46, 46, true])
    expect(r.console250).toEqual({ count: 6, cont: null })
    expect(r.partial).toEqual({ kind: 'PartialObjectMetadataList', apiVersion: 'meta.k8s.io/v1beta1', itemKind: 'PartialObjectMetadata', itemKeys: ['apiVersion', 'kind', 'metadata'], count: 6 })
  })

  it('errors: 422, 404, injected 429 with Retry-After, a timed-out request, all recorded', async () => {
    const r = await run('errors')
    expect(r.invalid).toEqual({ status: 422, reason: 'Invalid', field: 'metadata.name' })
    expect(r.unknown).toEqual({ status: 404, message: 'the server could not find the requested resource' })
    expect(r.limited).toEqual({ status: 429, retryAfter: '2', reason: 'TooManyRequests', hits: 1 })
    expect(r.retried).toBe(200)
    expect(r.timeout).toBe('TimeoutError')
    expect(r.recorded).toEqual(['status 429', 'delay -'])
  })

  it('HTTP watches: from a list RV, and a single object by fieldSelector', async () => {
    const r = await run('httpWatch')
    expect([r.status, r.contentType]).toEqual([200, 'application/json'])
    expect(r.events).toEqual(['ADDED watched'])
    expect(r.single).toEqual(['ADDED watched', 'MODIFIED watched yes'])
  })

  it('WebSocket watches: console URLs, one text frame per event, dropped and refused streams', async () => {
    const r = await run('wsWatch')
    expect(r.nsWatch).toEqual({ events: ['ADDED over-ws'], endsWithNewline: true })
    expect(r.single).toEqual(['ADDED nodejs'])
    expect(r.dropped).toEqual({ events: ['ADDED python'], closeCode: 1000 })
    expect(r.reconnected).toEqual(['ADDED python'])
    expect(r.refused).toEqual({ error: true, closeCode: 1006, frames: 0 })
    expect(r.wsRequests).toBe(5)
  })

  it('digests of a pushed manifest and config agree with Web Crypto', async () => {
    const r = await run('digests')
    expect(r.status).toBe(201)
    expect(r.id).toBe(r.configDigest)
    expect(r.architecture).toBe('arm64')
    expect(r.layers).toEqual([r.layer])
    expect(r.size).toBe(r.expectedSize)
  })
})
