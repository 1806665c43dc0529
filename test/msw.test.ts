import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createFakeImageApi } from '../src/index.js'

describe('msw door: setupServer with Node fetch', () => {
  const api = createFakeImageApi({ baseUrl: 'https://api.cluster.example:6443' })
  const server = setupServer(...api.handlers)
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
  afterAll(() => server.close())

  it('creates and reads an image stream over intercepted fetch', async () => {
    const base = 'https://api.cluster.example:6443/apis/image.openshift.io/v1/namespaces/demo/imagestreams'
    const created = await fetch(base, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'ImageStream', apiVersion: 'image.openshift.io/v1', metadata: { name: 'ruby' } }),
    })
    expect(created.status).toBe(201)
    const list = await (await fetch(base)).json()
    expect(list.items.map((i: any) => i.metadata.name)).toEqual(['ruby'])
    expect(api.db.imagestreams!.findMany().map((r: any) => r.metadata.name)).toEqual(['ruby'])
  })

  it('does not match other origins', async () => {
    await expect(fetch('https://elsewhere.example/apis/image.openshift.io/v1/images')).rejects.toThrow()
  })
})

describe('api.handlers stand-ins (msw loaded on first read)', () => {
  it('become the real msw handlers once msw has loaded: kind, instanceof, info, listHandlers', async () => {
    const { HttpHandler, WebSocketHandler } = await import('msw')
    const api = createFakeImageApi({ baseUrl: 'https://api.cluster.example:6443' })
    // [API http handler, integrated-registry http handler (a baseUrl is given), WebSocket handler]
    const [httpHandler, registryHandler, wsHandler] = api.handlers
    expect(registryHandler!.kind).toBe('request')
    expect([httpHandler!.kind, wsHandler!.kind]).toEqual(['request', 'websocket'])
    expect(api.handlers).toBe(api.handlers)
    await vi.waitUntil(() => httpHandler instanceof HttpHandler)
    expect(wsHandler).toBeInstanceOf(WebSocketHandler)
    expect(String((httpHandler as InstanceType<typeof HttpHandler>).info.path)).toContain('api\\.cluster\\.example')
    const server = setupServer(...api.handlers)
    expect(server.listHandlers()).toEqual(api.handlers)
  })

  it('a request that arrives before msw has loaded waits for it and is answered', async () => {
    const api = createFakeImageApi({ baseUrl: 'https://api.cluster.example:6443' })
    const [httpHandler] = api.handlers
    // run() straight away, as msw does for a request sent in the same tick as setupServer().listen()
    const result = await (httpHandler as { run(args: object): Promise<{ response?: Response } | null> }).run({
      request: new Request('https://api.cluster.example:6443/apis/image.openshift.io/v1/images'),
      requestId: '1',
    })
    expect(result?.response?.status).toBe(200)
    expect(await result!.response!.json()).toMatchObject({ kind: 'ImageList', items: [] })
  })
})
