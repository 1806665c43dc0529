// CORS through listen({ corsOrigins }) (and `serve --cors`): the preflight is answered by the server with
// the Access-Control-Allow-* headers, every response to an allowed origin carries them (watches too),
// other origins get nothing. The browser side is in test/browser/cors.test.ts.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listen, type ListeningServer } from '../src/adapters/node.js'
import { CORS_ALLOW_HEADERS, CORS_ALLOW_METHODS, CORS_EXPOSE_HEADERS } from '../src/adapters/cors.js'
import { parseServeArgs, serve } from '../src/cli.js'
import { createFakeImageApi } from '../src/index.js'

const APP = 'http://localhost:5173'
const IS = '/apis/image.openshift.io/v1/namespaces/team/imagestreams'

describe('listen({ corsOrigins })', () => {
  let server: ListeningServer
  let bare: ListeningServer
  beforeAll(async () => {
    const api = createFakeImageApi({ fixtures: [{ apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name: 'web', namespace: 'team' } }] })
    server = await listen(api, { corsOrigins: [APP] })
    bare = await listen(api)
  })
  afterAll(async () => {
    await server?.close()
    await bare?.close()
  })

  it('a preflight from an allowed origin: 204 with the Allow-* headers, without reaching the API', async () => {
    const res = await fetch(`${server.url}${IS}`, {
      method: 'OPTIONS',
      headers: { origin: APP, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization,impersonate-user,impersonate-extra-scopes' },
    })
    expect(res.status).toBe(204)
    expect(await res.text()).toBe('')
    expect(Object.fromEntries([...res.headers].filter(([k]) => k.startsWith('access-control-') || k === 'vary'))).toEqual({
      'access-control-allow-origin': APP,
      'access-control-allow-methods': 'POST, GET, OPTIONS, PUT, DELETE, PATCH',
      'access-control-allow-headers': `${CORS_ALLOW_HEADERS}, impersonate-extra-scopes`,
      'access-control-expose-headers': CORS_EXPOSE_HEADERS,
      'access-control-allow-credentials': 'true',
      vary: 'Origin',
    })
    expect(CORS_ALLOW_METHODS).toBe('POST, GET, OPTIONS, PUT, DELETE, PATCH')
    for (const h of ['Content-Type', 'Authorization', 'Accept', 'Impersonate-User', 'Impersonate-Group']) expect(CORS_ALLOW_HEADERS.split(', ')).toContain(h)
    for (const h of ['Warning', 'Audit-Id', 'Date']) expect(CORS_EXPOSE_HEADERS.split(', ')).toContain(h)
  })

  it('responses to an allowed origin carry Allow-Origin and Allow-Credentials: a get, a write, a watch stream', async () => {
    const get = await fetch(`${server.url}${IS}/web`, { headers: { origin: APP } })
    expect([get.status, get.headers.get('access-control-allow-origin'), get.headers.get('access-control-allow-credentials')]).toEqual([200, APP, 'true'])
    const created = await fetch(`${server.url}${IS}`, { method: 'POST', headers: { origin: APP, 'content-type': 'application/json' }, body: JSON.stringify({ metadata: { name: 'api' } }) })
    expect([created.status, created.headers.get('access-control-allow-origin')]).toEqual([201, APP])
    const watch = await fetch(`${server.url}${IS}?watch=true`, { headers: { origin: APP } })
    expect([watch.status, watch.headers.get('access-control-allow-origin')]).toEqual([200, APP])
    const reader = watch.body!.getReader()
    expect(new TextDecoder().decode((await reader.read()).value)).toContain('"ADDED"')
    await reader.cancel()
  })

  it('another origin, no Origin, or no corsOrigins: no CORS headers; its OPTIONS goes to the API as on a real server', async () => {
    for (const [url, origin] of [
      [server.url, 'http://evil.example'],
      [server.url, undefined],
      [bare.url, APP],
    ] as const) {
      const res = await fetch(`${url}${IS}/web`, { headers: origin ? { origin } : {} })
      expect(res.status).toBe(200)
      expect(res.headers.get('access-control-allow-origin')).toBeNull()
      const pre = await fetch(`${url}${IS}`, { method: 'OPTIONS', headers: { ...(origin ? { origin } : {}), 'access-control-request-method': 'POST' } })
      expect(pre.status).not.toBe(204)
      expect(pre.headers.get('access-control-allow-origin')).toBeNull()
      await pre.arrayBuffer()
    }
  })

  it('* allows any origin (echoed, since credentials are allowed)', async () => {
    const any = await listen(createFakeImageApi(), { corsOrigins: ['*'] })
    try {
      const res = await fetch(`${any.url}/version`, { headers: { origin: 'http://127.0.0.1:9999' } })
      expect(res.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:9999')
    } finally {
      await any.close()
    }
  })
})

it('serve --cors <origin> (repeatable) configures listen()', async () => {
  const s = await serve(await parseServeArgs(['serve', '--port', '0', '--quiet', '--empty', '--cors', APP, '--cors', 'http://127.0.0.1:3000']), { out: () => {}, err: () => {} })
  try {
    for (const origin of [APP, 'http://127.0.0.1:3000']) {
      const res = await fetch(`${s.url}/version`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'GET' } })
      expect([res.status, res.headers.get('access-control-allow-origin')]).toEqual([204, origin])
    }
  } finally {
    await s.close()
  }
})
