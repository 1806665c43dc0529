// `serve --cors`: a page on one origin (http://localhost:<p2>, like an app's dev server) calls the fake on
// another (http://127.0.0.1:<p1>) in headless Chromium: a list with an Authorization header and a JSON
// create (both preflighted), a streamed watch, a WebSocket watch, and the Warning header exposed. The same
// page gets nothing when its origin is not allowed. Needs /usr/bin/chromium (see ./support.ts).

import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseServeArgs, serve, type RunningServer } from '../../src/cli.js'
import { BROWSER_OPTIONAL, chromiumMissing, launchChromium, type Browser } from './support.js'

const missing = chromiumMissing()

describe.skipIf(missing && BROWSER_OPTIONAL)('CORS in Chromium: a page on another origin calls the fake', () => {
  let browser: Browser | undefined
  let app: Server
  let appOrigin: string
  let allowed: RunningServer
  let other: RunningServer
  let page: Page

  beforeAll(async () => {
    if (missing) throw new Error(missing)
    app = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>app</title>'))
    await new Promise<void>((r) => app.listen(0, '127.0.0.1', () => r()))
    appOrigin = `http://localhost:${(app.address() as AddressInfo).port}`
    const quiet = { out: () => {}, err: () => {} }
    allowed = await serve(await parseServeArgs(['serve', '--port', '0', '--quiet', '--cors', appOrigin]), quiet)
    other = await serve(await parseServeArgs(['serve', '--port', '0', '--quiet', '--cors', 'http://localhost:1']), quiet)
    browser = await launchChromium()
    page = await browser.context.newPage()
    await page.goto(`${appOrigin}/`)
  }, 60_000)

  afterAll(async () => {
    await browser?.close()
    await allowed?.close()
    await other?.close()
    await new Promise((r) => app?.close(r))
  })

  it('list (with Authorization), create (JSON), a Warning header, a streamed watch and a WebSocket watch', async () => {
    const result = await page.evaluate(async (fake) => {
      const ns = `${fake}/apis/image.openshift.io/v1/namespaces/demo/imagestreams`
      const list = await fetch(ns, { headers: { Authorization: 'Bearer sha256~x', Accept: 'application/json' } })
      const names = ((await list.json()) as { items: Array<{ metadata: { name: string } }> }).items.map((i) => i.metadata.name)
      const created = await fetch(ns, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name: 'from-browser' }, spec: { bogusField: 1 } }),
      })
      const warning = created.headers.get('warning')
      const watch = await fetch(`${ns}?watch=true&fieldSelector=metadata.name%3Dfrom-browser`)
      const reader = watch.body!.getReader()
      const first = new TextDecoder().decode((await reader.read()).value)
      await reader.cancel()
      const ws = await new Promise<string>((resolve, reject) => {
        const sock = new WebSocket(`${ns.replace('http', 'ws')}?watch=true&fieldSelector=metadata.name%3Dfrom-browser`)
        sock.onmessage = (e) => {
          resolve(String(e.data))
          sock.close()
        }
        sock.onerror = () => reject(new Error('websocket error'))
      })
      return { listStatus: list.status, names, createdStatus: created.status, warning, watchStatus: watch.status, first: JSON.parse(first).type, ws: JSON.parse(ws).type }
    }, allowed.url)
    expect(result).toEqual({
      listStatus: 200,
      names: ['backend', 'frontend', 'postgresql'],
      createdStatus: 201,
      warning: '299 - "unknown field \\"spec.bogusField\\""',
      watchStatus: 200,
      first: 'ADDED',
      ws: 'ADDED',
    })
  })

  it('a page whose origin is not allowed cannot read the answers', async () => {
    const failures = await page.evaluate(async (fake) => {
      const out: string[] = []
      for (const init of [{}, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' }]) {
        try {
          await fetch(`${fake}/apis/image.openshift.io/v1/namespaces/demo/imagestreams`, init)
          out.push('read')
        } catch (e) {
          out.push((e as Error).name)
        }
      }
      return out
    }, other.url)
    expect(failures).toEqual(['TypeError', 'TypeError'])
  })
})
