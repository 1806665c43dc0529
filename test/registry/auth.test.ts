// The registry with the fake's authentication on: the token dance real clients do (401 with a Bearer
// challenge naming /openshift/token, a token for Basic credentials whose password is an API token), and
// the same policy as the API: `get` on imagestreams/layers to pull, `update` to push
// (openshift/image-registry pkg/dockerregistry/server/auth.go, token.go).

import { describe, expect, it } from 'vitest'
import { createFakeImageApi, type RbacObject } from '../../src/index.js'
import { reg, REGISTRY, SCHEMA2, stageImage } from './support.js'

const policy: RbacObject[] = [
  { kind: 'RoleBinding', metadata: { name: 'dev-edit', namespace: 'demo' }, roleRef: { kind: 'ClusterRole', name: 'edit' }, subjects: [{ kind: 'User', name: 'dev' }] },
  { kind: 'RoleBinding', metadata: { name: 'puller', namespace: 'demo' }, roleRef: { kind: 'ClusterRole', name: 'system:image-puller' }, subjects: [{ kind: 'User', name: 'viewer' }] },
]

async function secured() {
  const api = createFakeImageApi({
    fixtures: 'default',
    importController: false,
    auth: { tokens: { 'dev-token': { user: 'dev' }, 'viewer-token': { user: 'viewer' }, 'nobody-token': { user: 'nobody' } }, policy },
  })
  await api.ready
  return api
}

const basic = (user: string, password: string) => ({ authorization: `Basic ${btoa(`${user}:${password}`)}` })
const bearer = (token: string) => ({ authorization: `Bearer ${token}` })
const deniedPull = (name: string) => [{ Type: 'repository', Class: '', Name: name, Action: 'pull' }]

describe('registry authentication', () => {
  it('without credentials: 401 UNAUTHORIZED with the Bearer challenge naming the token endpoint', async () => {
    const api = await secured()
    const r = await reg(api, 'GET', '/v2/')
    expect(r.status).toBe(401)
    expect(r.headers.get('www-authenticate')).toBe(`Bearer realm="${REGISTRY}/openshift/token"`)
    expect(r.json).toEqual({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] })
    const m = await reg(api, 'GET', '/v2/demo/frontend/manifests/latest')
    expect(m.status).toBe(401)
    expect(m.json).toEqual({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required', detail: deniedPull('demo/frontend') }] })
  })

  it('the token dance: Basic credentials (any user name, the API token as password) → token → Bearer pulls', async () => {
    const api = await secured()
    const t = await reg(api, 'GET', '/openshift/token?scope=repository:demo/frontend:pull&service=registry', undefined, basic('developer', 'dev-token'))
    expect(t.status).toBe(200)
    expect(t.json).toEqual({ token: 'dev-token', access_token: 'dev-token' })
    expect((await reg(api, 'GET', '/v2/', undefined, bearer(t.json.token))).status).toBe(200)
    const m = await reg(api, 'GET', '/v2/demo/frontend/manifests/latest', undefined, bearer(t.json.token))
    expect(m.status).toBe(200)
    // Basic credentials are taken directly too (docker login style).
    expect((await reg(api, 'GET', '/v2/demo/frontend/tags/list', undefined, basic('x', 'viewer-token'))).status).toBe(200)
  })

  it('the token endpoint: anonymous without credentials, 401 for a token the API does not know', async () => {
    const api = await secured()
    expect((await reg(api, 'GET', '/openshift/token')).json).toEqual({ token: 'anonymous', access_token: 'anonymous' })
    const bad = await reg(api, 'GET', '/openshift/token', undefined, basic('u', 'wrong'))
    expect(bad.status).toBe(401)
    expect(bad.text).toBe('')
    // The anonymous token reaches /v2/, but anonymous requests are not authenticated by this API: no pulls.
    expect((await reg(api, 'GET', '/v2/', undefined, bearer('anonymous'))).status).toBe(200)
    const anon = await reg(api, 'GET', '/v2/demo/frontend/manifests/latest', undefined, bearer('anonymous'))
    expect(anon.status).toBe(401)
    expect(anon.headers.get('www-authenticate')).toBe('Basic realm=openshift,error="access denied"')
  })

  it('pull needs get on imagestreams/layers; push needs update: 401 access denied with the access records', async () => {
    const api = await secured()
    const nobody = await reg(api, 'GET', '/v2/demo/frontend/manifests/latest', undefined, bearer('nobody-token'))
    expect(nobody.status).toBe(401)
    expect(nobody.headers.get('www-authenticate')).toBe('Basic realm=openshift,error="access denied"')
    expect(nobody.json).toEqual({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required', detail: deniedPull('demo/frontend') }] })
    expect((await reg(api, 'GET', '/v2/demo/frontend/manifests/latest', undefined, bearer('viewer-token'))).status).toBe(200)
    const push = await reg(api, 'POST', '/v2/demo/frontend/blobs/uploads/', undefined, bearer('viewer-token'))
    expect(push.status).toBe(401)
    expect(push.json.errors[0].detail).toEqual([...deniedPull('demo/frontend'), { Type: 'repository', Class: '', Name: 'demo/frontend', Action: 'push' }])
    // Another namespace: nothing granted.
    expect((await reg(api, 'GET', '/v2/openshift/nodejs/manifests/latest', undefined, bearer('viewer-token'))).status).toBe(401)
    // The catalog needs list on imagestreams cluster-wide.
    expect((await reg(api, 'GET', '/v2/_catalog', undefined, bearer('dev-token'))).status).toBe(401)
  })

  it('an editor pushes with Basic credentials: the stream is created as that user, the tag recorded', async () => {
    const api = await secured()
    const creds = basic('dev', 'dev-token')
    const blobs: string[] = []
    const uploadAs = async (content: string) => {
      const { createHash } = await import('node:crypto')
      const d = `sha256:${createHash('sha256').update(content).digest('hex')}`
      const r = await reg(api, 'POST', `/v2/demo/fresh/blobs/uploads/?digest=${d}`, content, creds)
      expect(r.status).toBe(201)
      blobs.push(d)
    }
    // stageImage uploads anonymously: do it by hand with the credentials.
    const staged = await stageImage(createFakeImageApi({ importController: false }), 'x/y', { layers: ['pushed layer'] })
    await uploadAs('pushed layer')
    await uploadAs(staged.config)
    const put = await reg(api, 'PUT', '/v2/demo/fresh/manifests/1.0', staged.manifest, { ...creds, 'content-type': SCHEMA2 })
    expect(put.status).toBe(201)
    const istag = await api.fetch(
      new Request('http://fake.local/apis/image.openshift.io/v1/namespaces/demo/imagestreamtags/fresh:1.0', { headers: bearer('dev-token') }),
    )
    expect(istag.status).toBe(200)
    expect((await istag.json()).image.metadata.name).toBe(staged.digest)
  })
})
