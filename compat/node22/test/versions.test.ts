// What this suite actually runs on: Node 22, and the project's source bound to this package's msw 3 and
// nock 15 (not the root's msw 2 / nock 14, which ../../src would resolve to on its own).

import * as k8s from '@kubernetes/client-node'
import { HttpHandler, WebSocketHandler } from 'msw'
import { setupServer } from 'msw/node'
import nock from 'nock'
import { createRequire } from 'node:module'
import { describe, expect, it, vi } from 'vitest'
import { createFakeImageApi } from '../../../src/index.js'
import { compatRequire, installedVersion, major } from './support.js'

describe('the compat suite runs on', () => {
  it('Node 22 or newer', () => {
    expect(major(process.versions.node)).toBeGreaterThanOrEqual(22)
  })

  it('msw 3, nock 15 and @kubernetes/client-node 2 from compat/node22/node_modules', () => {
    expect(major(installedVersion('msw'))).toBe(3)
    expect(major(installedVersion('nock'))).toBe(15)
    expect(major(installedVersion('@kubernetes/client-node'))).toBe(2)
    expect(compatRequire.resolve('msw')).toContain('/compat/node22/node_modules/msw/')
    expect(typeof setupServer).toBe('function')
    expect(typeof nock.isActive).toBe('function')
    expect(typeof k8s.CustomObjectsApi).toBe('function')
  })

  it('the source under test builds its handlers from that msw 3, although ../../src alone would find msw 2', async () => {
    // Left to Node, ../../src resolves the root's msw (2.x): the redirect in vitest.config.ts is what matters.
    const fromSrc = createRequire(new URL('../../../src/index.ts', import.meta.url))
    const rootMsw = (fromSrc('msw/package.json') as { version: string }).version
    expect(major(rootMsw)).toBe(2)
    const api = createFakeImageApi({ baseUrl: 'http://127.0.0.1:1' })
    const http = api.handlers.filter((h) => h.kind !== 'websocket')
    const sockets = api.handlers.filter((h) => h.kind === 'websocket')
    expect(http.length).toBeGreaterThan(0)
    expect(sockets.length).toBeGreaterThan(0)
    // instanceof the classes of *this* package's msw: the same module instance, hence msw 3. (msw is
    // loaded on the first read of api.handlers; until then the elements are stand-ins.)
    await vi.waitUntil(() => http.every((h) => h instanceof HttpHandler), { timeout: 5000 })
    for (const h of http) expect(h).toBeInstanceOf(HttpHandler)
    for (const h of sockets) expect(h).toBeInstanceOf(WebSocketHandler)
  })
})
