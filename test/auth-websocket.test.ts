// WebSocket watches with authentication: the browser puts the bearer token in the
// `base64url.bearer.authorization.k8s.io.<base64url(token)>` subprotocol (next to another one), the
// server authenticates it like an Authorization header (k8s.io/apiserver/pkg/authentication/request/
// websocket/protocol.go), then authorizes the watch.

import WebSocket from 'ws'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listen, type ListeningServer } from '../src/adapters/node.js'
import { createFakeImageApi, type FakeImageApi } from '../src/index.js'
import { call } from './helpers.js'

const WATCH = '/apis/image.openshift.io/v1/namespaces/demo/imagestreams?watch=true'
const ORIGIN = { origin: 'http://localhost' }
const tokenProtocol = (t: string) => `base64url.bearer.authorization.k8s.io.${Buffer.from(t).toString('base64url')}`

type Outcome = { kind: 'open'; ws: WebSocket; messages: string[] } | { kind: 'rejected'; status: number; body: string }

function open(url: string, protocols: string[]): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols, ORIGIN)
    const messages: string[] = []
    ws.on('message', (d) => messages.push(d.toString()))
    ws.on('unexpected-response', (_req, res) => {
      let body = ''
      res.on('data', (c: Buffer) => (body += c.toString()))
      res.on('end', () => resolve({ kind: 'rejected', status: res.statusCode ?? 0, body }))
    })
    ws.on('open', () => resolve({ kind: 'open', ws, messages }))
    ws.on('error', reject)
  })
}

describe('WebSocket watches with auth', () => {
  let api: FakeImageApi
  let server: ListeningServer
  const url = () => server.url.replace(/^http/, 'ws') + WATCH

  beforeAll(async () => {
    api = createFakeImageApi({
      auth: {
        tokens: { 'viewer-token': { user: 'alice' }, 'admin-token': { user: 'root', groups: ['system:masters'] }, 'other-token': { user: 'mallory' } },
        policy: [{ kind: 'RoleBinding', metadata: { name: 'v', namespace: 'demo' }, roleRef: { kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'User', name: 'alice' }] }],
      },
    })
    server = await listen(api, { host: '127.0.0.1', port: 0 })
  })
  afterAll(async () => {
    api.closeWatches()
    await server.close()
  })

  it('the bearer subprotocol authenticates the watch; events arrive as text frames', async () => {
    const out = await open(url(), [tokenProtocol('viewer-token'), 'base64.binary.k8s.io'])
    expect(out.kind).toBe('open')
    if (out.kind !== 'open') return
    const created = await call(api, 'POST', '/apis/image.openshift.io/v1/namespaces/demo/imagestreams', { metadata: { name: 'ws' } }, { headers: { authorization: 'Bearer admin-token' } })
    expect(created.status).toBe(201)
    const t0 = Date.now()
    while (!out.messages.length && Date.now() - t0 < 3000) await new Promise((r) => setTimeout(r, 10))
    expect(JSON.parse(out.messages[0]!)).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'ws' } } })
    out.ws.close()
  })

  it('no token: 401 Unauthorized; an unknown token: 401; a user without the right: 403 Forbidden', async () => {
    const none = await open(url(), ['base64.binary.k8s.io'])
    expect(none).toMatchObject({ kind: 'rejected', status: 401 })
    const bad = await open(url(), [tokenProtocol('nope'), 'base64.binary.k8s.io'])
    expect(bad).toMatchObject({ kind: 'rejected', status: 401 })
    const other = await open(url(), [tokenProtocol('other-token'), 'base64.binary.k8s.io'])
    expect(other.kind).toBe('rejected')
    if (other.kind !== 'rejected') return
    expect(other.status).toBe(403)
    expect(JSON.parse(other.body).message).toBe('imagestreams.image.openshift.io is forbidden: User "mallory" cannot watch resource "imagestreams" in API group "image.openshift.io" in the namespace "demo"')
  })
})
