// The same bearer-subprotocol authentication for watches served by msw's `ws.link` handlers (the
// browser path: Storybook, the service worker), exercised in Node through msw's WebSocket interception.

import './no-network-websocket.js'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFakeImageApi } from '../src/index.js'

const URL_ = 'ws://fake.local/apis/image.openshift.io/v1/namespaces/demo/imagestreams?watch=true'
const bearer = (t: string) => `base64url.bearer.authorization.k8s.io.${Buffer.from(t).toString('base64url')}`

function open(protocols?: string[]) {
  const sock = new WebSocket(URL_, protocols)
  const events: string[] = []
  const frames: string[] = []
  let reason = ''
  sock.addEventListener('open', () => events.push('open'))
  sock.addEventListener('message', (e) => frames.push(String((e as MessageEvent).data)))
  sock.addEventListener('close', (e) => {
    events.push('close')
    reason = (e as CloseEvent).reason
  })
  return { sock, events, frames, reason: () => reason }
}

async function until(cond: () => boolean, what: string): Promise<void> {
  const t0 = Date.now()
  while (!cond()) {
    if (Date.now() - t0 > 3000) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 5))
  }
}

describe('msw WebSocket watches with auth', () => {
  const api = createFakeImageApi({
    auth: {
      tokens: { 'viewer-token': { user: 'alice' }, 'admin-token': { user: 'root', groups: ['system:masters'] } },
      policy: [{ kind: 'RoleBinding', metadata: { name: 'v', namespace: 'demo' }, roleRef: { kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'User', name: 'alice' }] }],
    },
  })
  const server = setupServer(...api.handlers)
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
  afterAll(async () => {
    server.close()
    await api.reset()
  })

  it('a token in the subprotocol opens the watch; events arrive', async () => {
    const ws = open([bearer('viewer-token'), 'base64.binary.k8s.io'])
    await until(() => ws.events.includes('open') && api.server.watchers.size === 1, 'the watch to open')
    const r = await api.fetch(
      new Request('http://fake.local/apis/image.openshift.io/v1/namespaces/demo/imagestreams', {
        method: 'POST',
        headers: { authorization: 'Bearer admin-token', 'content-type': 'application/json' },
        body: '{"metadata":{"name":"a"}}',
      }),
    )
    expect(r.status).toBe(201)
    await until(() => ws.frames.length === 1, 'one frame')
    expect(JSON.parse(ws.frames[0]!)).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'a' } } })
    ws.sock.close()
  })

  it('without a token the handshake fails with the 401 as the close reason', async () => {
    const ws = open()
    await until(() => ws.events.includes('close'), 'the close')
    expect(ws.events).not.toContain('open')
    expect(ws.reason()).toBe('HTTP 401: Unauthorized')
  })
})
