import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
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
