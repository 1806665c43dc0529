// Authentication, impersonation and RBAC authorization at the HTTP level: the 401 body, every 403 message
// form (k8s.io/apiserver/pkg/endpoints/handlers/responsewriters/errors.go forbiddenMessage), policy
// evaluation, impersonation allowed/denied, and the access reviews answered from the policy.

import { describe, expect, it } from 'vitest'
import type { RbacObject } from '../src/index.js'
import { call, fakeApi } from './helpers.js'
import { unwrap } from './protobuf-helpers.js'

const IS_DEMO = '/apis/image.openshift.io/v1/namespaces/demo/imagestreams'
const SSAR = '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews'
const SSRR = '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews'
const SSR = '/apis/authentication.k8s.io/v1/selfsubjectreviews'

const bearer = (token: string, extra: Record<string, string> = {}) => ({ headers: { authorization: `Bearer ${token}`, ...extra } })

const policy: RbacObject[] = [
  { kind: 'RoleBinding', metadata: { name: 'alice-view', namespace: 'demo' }, roleRef: { kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'User', name: 'alice' }] },
  {
    kind: 'Role',
    metadata: { name: 'one-stream', namespace: 'demo' },
    rules: [{ apiGroups: ['image.openshift.io'], resources: ['imagestreams'], verbs: ['update', 'patch'], resourceNames: ['mine'] }],
  },
  { kind: 'RoleBinding', metadata: { name: 'devs-one', namespace: 'demo' }, roleRef: { kind: 'Role', name: 'one-stream' }, subjects: [{ kind: 'Group', name: 'devs' }] },
  { kind: 'ClusterRole', metadata: { name: 'impersonator' }, rules: [{ apiGroups: [''], resources: ['users'], verbs: ['impersonate'], resourceNames: ['alice'] }] },
  { kind: 'ClusterRoleBinding', metadata: { name: 'carol-impersonates' }, roleRef: { kind: 'ClusterRole', name: 'impersonator' }, subjects: [{ kind: 'User', name: 'carol' }] },
  { kind: 'RoleBinding', metadata: { name: 'dangling', namespace: 'other' }, roleRef: { kind: 'ClusterRole', name: 'nope' }, subjects: [{ kind: 'User', name: 'alice' }] },
]

const tokens = {
  'alice-token': { user: 'alice' },
  'bob-token': { user: 'bob', groups: ['devs'] },
  'carol-token': { user: 'carol' },
  'admin-token': { user: 'admin', groups: ['system:masters'] },
}

const withPolicy = () => fakeApi({ auth: { tokens, policy } })

const forbidden = (message: string, details: Record<string, string>) => ({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message,
  reason: 'Forbidden',
  details,
  code: 403,
})

describe('authentication', () => {
  it('is off by default: no token needed, everything allowed', async () => {
    const api = fakeApi()
    expect((await call(api, 'POST', IS_DEMO, { metadata: { name: 'x' } })).status).toBe(201)
    expect((await call(api, 'GET', IS_DEMO, undefined, bearer('whatever'))).status).toBe(200)
  })

  it('with tokens configured: a missing or unknown bearer token is 401 with the real body, no WWW-Authenticate', async () => {
    const api = fakeApi({ auth: { tokens } })
    const body = '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}\n'
    for (const opts of [{}, bearer('wrong'), { headers: { authorization: 'Basic YTpi' } }]) {
      const r = await call(api, 'GET', IS_DEMO, undefined, opts)
      expect(r.status).toBe(401)
      expect(r.text).toBe(body)
      expect(r.headers.get('www-authenticate')).toBeNull()
    }
    // Discovery and /version too (the filter runs before routing).
    expect((await call(api, 'GET', '/version')).status).toBe(401)
    // A known token without a policy: everything allowed (AlwaysAllow).
    expect((await call(api, 'POST', IS_DEMO, { metadata: { name: 'x' } }, bearer('alice-token'))).status).toBe(201)
  })

  it('anonymous: true lets token-less requests run as system:anonymous (still 401 for a bad token)', async () => {
    const api = fakeApi({ auth: { tokens, anonymous: true, policy } })
    const r = await call(api, 'GET', IS_DEMO)
    expect(r.body).toEqual(
      forbidden('imagestreams.image.openshift.io is forbidden: User "system:anonymous" cannot list resource "imagestreams" in API group "image.openshift.io" in the namespace "demo"', {
        group: 'image.openshift.io',
        kind: 'imagestreams',
      }),
    )
    // system:public-info-viewer is bound to system:unauthenticated.
    expect((await call(api, 'GET', '/version')).status).toBe(200)
    expect((await call(api, 'GET', '/apis')).body.message).toBe('forbidden: User "system:anonymous" cannot get path "/apis"')
    expect((await call(api, 'GET', IS_DEMO, undefined, bearer('wrong'))).status).toBe(401)
  })
})

describe('403 Forbidden messages', () => {
  const api = withPolicy()
  const cases: Array<[string, string, unknown, string, Record<string, string>]> = [
    ['GET', `${IS_DEMO}/x`, undefined, 'imagestreams.image.openshift.io "x" is forbidden: User "bob" cannot get resource "imagestreams" in API group "image.openshift.io" in the namespace "demo"', { name: 'x', group: 'image.openshift.io', kind: 'imagestreams' }],
    ['GET', IS_DEMO, undefined, 'imagestreams.image.openshift.io is forbidden: User "bob" cannot list resource "imagestreams" in API group "image.openshift.io" in the namespace "demo"', { group: 'image.openshift.io', kind: 'imagestreams' }],
    ['GET', '/apis/image.openshift.io/v1/imagestreams', undefined, 'imagestreams.image.openshift.io is forbidden: User "bob" cannot list resource "imagestreams" in API group "image.openshift.io" at the cluster scope', { group: 'image.openshift.io', kind: 'imagestreams' }],
    ['GET', `${IS_DEMO}?watch=true`, undefined, 'imagestreams.image.openshift.io is forbidden: User "bob" cannot watch resource "imagestreams" in API group "image.openshift.io" in the namespace "demo"', { group: 'image.openshift.io', kind: 'imagestreams' }],
    ['GET', `${IS_DEMO}?fieldSelector=metadata.name%3Dx`, undefined, 'imagestreams.image.openshift.io "x" is forbidden: User "bob" cannot list resource "imagestreams" in API group "image.openshift.io" in the namespace "demo"', { name: 'x', group: 'image.openshift.io', kind: 'imagestreams' }],
    ['POST', IS_DEMO, { metadata: { name: 'x' } }, 'imagestreams.image.openshift.io is forbidden: User "bob" cannot create resource "imagestreams" in API group "image.openshift.io" in the namespace "demo"', { group: 'image.openshift.io', kind: 'imagestreams' }],
    ['PUT', `${IS_DEMO}/x/status`, { metadata: { name: 'x' } }, 'imagestreams.image.openshift.io "x" is forbidden: User "bob" cannot update resource "imagestreams/status" in API group "image.openshift.io" in the namespace "demo"', { name: 'x', group: 'image.openshift.io', kind: 'imagestreams' }],
    ['DELETE', IS_DEMO, undefined, 'imagestreams.image.openshift.io is forbidden: User "bob" cannot deletecollection resource "imagestreams" in API group "image.openshift.io" in the namespace "demo"', { group: 'image.openshift.io', kind: 'imagestreams' }],
    ['GET', '/api/v1/namespaces/demo', undefined, 'namespaces "demo" is forbidden: User "bob" cannot get resource "namespaces" in API group "" in the namespace "demo"', { name: 'demo', kind: 'namespaces' }],
    ['GET', '/api/v1/nodes', undefined, 'nodes is forbidden: User "bob" cannot list resource "nodes" in API group "" at the cluster scope', { kind: 'nodes' }],
    ['GET', '/metrics', undefined, 'forbidden: User "bob" cannot get path "/metrics"', {}],
    ['POST', '/version', undefined, 'forbidden: User "bob" cannot post path "/version"', {}],
    ['GET', `${IS_DEMO}/a<b>&c`, undefined, 'imagestreams.image.openshift.io "a<b>&c" is forbidden: User "bob" cannot get resource "imagestreams" in API group "image.openshift.io" in the namespace "demo"', { name: 'a<b>&c', group: 'image.openshift.io', kind: 'imagestreams' }],
  ]
  for (const [method, path, body, message, details] of cases) {
    it(`${method} ${path}`, async () => {
      const r = await call(api, method, path, body, bearer('bob-token'))
      expect(r.status).toBe(403)
      expect(r.body).toEqual(forbidden(message, details))
    })
  }

  it('HTML-special characters in the verb phrase are escaped (the sanitizer), the name prefix keeps them', async () => {
    const a = fakeApi({ auth: { tokens: { t: { user: '<x>&' } }, policy: [] } })
    const r = await call(a, 'GET', `${IS_DEMO}/n`, undefined, bearer('t'))
    expect(r.body.message).toBe('imagestreams.image.openshift.io "n" is forbidden: User "&lt;x&gt;&amp;" cannot get resource "imagestreams" in API group "image.openshift.io" in the namespace "demo"')
  })

  it('forbidden comes before routing: an unknown resource is 403, not 404', async () => {
    const r = await call(api, 'GET', '/apis/image.openshift.io/v1/namespaces/demo/nosuch', undefined, bearer('bob-token'))
    expect(r.status).toBe(403)
  })
})

describe('RBAC policy evaluation', () => {
  it('a namespaced binding of the view ClusterRole: reads in that namespace only', async () => {
    const api = withPolicy()
    await call(api, 'POST', IS_DEMO, { metadata: { name: 'mine' } }, bearer('admin-token'))
    expect((await call(api, 'GET', IS_DEMO, undefined, bearer('alice-token'))).status).toBe(200)
    expect((await call(api, 'GET', `${IS_DEMO}/mine`, undefined, bearer('alice-token'))).status).toBe(200)
    expect((await call(api, 'GET', `${IS_DEMO}/mine/layers`, undefined, bearer('alice-token'))).status).not.toBe(403)
    expect((await call(api, 'GET', '/apis/image.openshift.io/v1/namespaces/other/imagestreams', undefined, bearer('alice-token'))).status).toBe(403)
    expect((await call(api, 'DELETE', `${IS_DEMO}/mine`, undefined, bearer('alice-token'))).status).toBe(403)
    expect((await call(api, 'GET', '/api/v1/namespaces/demo/secrets', undefined, bearer('alice-token'))).status).toBe(403)
  })

  it('resourceNames restrict a Role to named objects; a group subject applies to its members', async () => {
    const api = withPolicy()
    await call(api, 'POST', IS_DEMO, { metadata: { name: 'mine' } }, bearer('admin-token'))
    await call(api, 'POST', IS_DEMO, { metadata: { name: 'theirs' } }, bearer('admin-token'))
    const patch = (name: string) => call(api, 'PATCH', `${IS_DEMO}/${name}`, { metadata: { labels: { a: 'b' } } }, { ...bearer('bob-token'), contentType: 'application/merge-patch+json' })
    expect((await patch('mine')).status).toBe(200)
    expect((await patch('theirs')).status).toBe(403)
  })

  it('authenticated users get discovery and the self reviews from the bootstrap policy', async () => {
    const api = withPolicy()
    for (const p of ['/version', '/api', '/apis', '/apis/image.openshift.io/v1', '/openapi/v3', '/healthz']) {
      expect((await call(api, 'GET', p, undefined, bearer('bob-token'))).status, p).toBe(200)
    }
    expect((await call(api, 'POST', SSR, {}, bearer('bob-token'))).status).toBe(201)
  })

  it('a PUT or apply that creates also needs create (QUIRK: that 403 carries only the authorizer reason)', async () => {
    const api = fakeApi({
      auth: {
        tokens: { ...tokens, 'updater-token': { user: 'updater' } },
        policy: [
          { kind: 'ClusterRole', metadata: { name: 'updater' }, rules: [{ apiGroups: ['image.openshift.io'], resources: ['imagestreams', 'imagestreamtags'], verbs: ['get', 'update', 'patch'] }] },
          { kind: 'RoleBinding', metadata: { name: 'u', namespace: 'demo' }, roleRef: { kind: 'ClusterRole', name: 'updater' }, subjects: [{ kind: 'User', name: 'updater' }] },
        ],
      },
    })
    await call(api, 'POST', IS_DEMO, { metadata: { name: 's' } }, bearer('admin-token'))
    const istag = { apiVersion: 'image.openshift.io/v1', kind: 'ImageStreamTag', metadata: { name: 's:new' }, tag: { name: 'new', from: { kind: 'DockerImage', name: 'quay.io/a/b:1' } } }
    const put = await call(api, 'PUT', '/apis/image.openshift.io/v1/namespaces/demo/imagestreamtags/s:new', istag, bearer('updater-token'))
    expect(put.body).toEqual(forbidden('imagestreamtags.image.openshift.io "s:new" is forbidden: ', { name: 's:new', group: 'image.openshift.io', kind: 'imagestreamtags' }))
    const apply = await call(api, 'PATCH', `${IS_DEMO}/fresh?fieldManager=t`, { apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name: 'fresh' } }, { ...bearer('updater-token'), contentType: 'application/apply-patch+yaml' })
    expect(apply.body.message).toBe('imagestreams.image.openshift.io "fresh" is forbidden: ')
    // updating what exists is fine
    const label = await call(api, 'PATCH', `${IS_DEMO}/s`, { metadata: { labels: { a: 'b' } } }, { ...bearer('updater-token'), contentType: 'application/merge-patch+json' })
    expect(label.status).toBe(200)
    expect((await call(api, 'GET', `${IS_DEMO}/fresh`, undefined, bearer('admin-token'))).status).toBe(404)
  })

  it('system:masters is always allowed', async () => {
    const api = withPolicy()
    expect((await call(api, 'POST', '/api/v1/namespaces/demo/secrets', { metadata: { name: 's' } }, bearer('admin-token'))).status).toBe(201)
  })

  it('api.server.auth.authorize answers attribute questions (for other parts of the fake)', () => {
    const api = withPolicy()
    const alice = { name: 'alice', groups: ['system:authenticated'] }
    const pull = api.server.auth.authorize({ user: alice, verb: 'get', resourceRequest: true, apiGroup: 'image.openshift.io', namespace: 'demo', resource: 'imagestreams', subresource: 'layers', name: 'x' })
    expect(pull).toEqual({ allowed: true, reason: 'RBAC: allowed by RoleBinding "alice-view/demo" of ClusterRole "view" to User "alice"' })
    const push = api.server.auth.authorize({ user: alice, verb: 'update', resourceRequest: true, apiGroup: 'image.openshift.io', namespace: 'demo', resource: 'imagestreams', subresource: 'layers', name: 'x' })
    expect(push).toEqual({ allowed: false, reason: '' })
    // authenticate(headers): the token's user, or the 401 StatusError.
    expect(api.server.auth.authenticate(new Headers({ authorization: 'Bearer bob-token' }))).toEqual({ name: 'bob', groups: ['devs', 'system:authenticated'] })
    expect(() => api.server.auth.authenticate(new Headers())).toThrow('Unauthorized')
    // A binding to a missing role is reported as the RBAC reason.
    const dangling = api.server.auth.authorize({ user: alice, verb: 'get', resourceRequest: true, apiGroup: '', namespace: 'other', resource: 'events' })
    expect(dangling).toEqual({ allowed: false, reason: 'RBAC: clusterrole.rbac.authorization.k8s.io "nope" not found' })
  })
})

describe('impersonation', () => {
  it('allowed where the policy grants impersonate on users: the request runs as that user', async () => {
    const api = withPolicy()
    const r = await call(api, 'POST', SSR, {}, bearer('carol-token', { 'impersonate-user': 'alice' }))
    expect(r.status).toBe(201)
    expect(r.body.status.userInfo).toEqual({ username: 'alice', groups: ['system:authenticated'] })
    expect((await call(api, 'GET', IS_DEMO, undefined, bearer('carol-token', { 'impersonate-user': 'alice' }))).status).toBe(200)
  })

  it('denied with the real message for users, groups, service accounts, extras and uids', async () => {
    const api = withPolicy()
    const cases: Array<[Record<string, string>, string, Record<string, string>]> = [
      [{ 'impersonate-user': 'bob' }, 'users "bob" is forbidden: User "carol" cannot impersonate resource "users" in API group "" at the cluster scope', { name: 'bob', kind: 'users' }],
      [{ 'impersonate-user': 'alice', 'impersonate-group': 'admins' }, 'groups "admins" is forbidden: User "carol" cannot impersonate resource "groups" in API group "" at the cluster scope', { name: 'admins', kind: 'groups' }],
      [
        { 'impersonate-user': 'system:serviceaccount:demo:builder' },
        'serviceaccounts "builder" is forbidden: User "carol" cannot impersonate resource "serviceaccounts" in API group "" in the namespace "demo"',
        { name: 'builder', kind: 'serviceaccounts' },
      ],
      [
        { 'impersonate-user': 'alice', 'impersonate-extra-scopes': 'view' },
        'userextras.authentication.k8s.io "view" is forbidden: User "carol" cannot impersonate resource "userextras/scopes" in API group "authentication.k8s.io" at the cluster scope',
        { name: 'view', group: 'authentication.k8s.io', kind: 'userextras' },
      ],
      [
        { 'impersonate-user': 'alice', 'impersonate-uid': '42' },
        'uids.authentication.k8s.io "42" is forbidden: User "carol" cannot impersonate resource "uids" in API group "authentication.k8s.io" at the cluster scope',
        { name: '42', group: 'authentication.k8s.io', kind: 'uids' },
      ],
    ]
    for (const [headers, message, details] of cases) {
      const r = await call(api, 'GET', IS_DEMO, undefined, bearer('carol-token', headers))
      expect(r.body).toEqual(forbidden(message, details))
    }
  })

  it('without auth configured (AlwaysAllow) impersonation is honoured', async () => {
    const r = await call(fakeApi(), 'POST', SSR, {}, { headers: { 'impersonate-user': 'x' } })
    expect(r.body.status.userInfo).toEqual({ username: 'x', groups: ['system:authenticated'] })
    expect((await call(fakeApi(), 'POST', SSR, {})).body.status.userInfo).toEqual({ username: 'system:anonymous', groups: ['system:unauthenticated'] })
  })

  it('groups without a user are a 400', async () => {
    const api = withPolicy()
    const r = await call(api, 'GET', IS_DEMO, undefined, bearer('admin-token', { 'impersonate-group': 'devs' }))
    expect(r.status).toBe(400)
    expect(r.body.message).toBe('requested [{Group  devs    }] without impersonating a user')
  })

  it('system:masters may impersonate anyone, groups given replace the user groups', async () => {
    const api = withPolicy()
    const r = await call(api, 'POST', SSR, {}, bearer('admin-token', { 'impersonate-user': 'system:serviceaccount:demo:builder' }))
    expect(r.body.status.userInfo).toEqual({ username: 'system:serviceaccount:demo:builder', groups: ['system:serviceaccounts', 'system:serviceaccounts:demo', 'system:authenticated'] })
    const g = await call(api, 'POST', SSR, {}, bearer('admin-token', { 'impersonate-user': 'dave', 'impersonate-group': 'devs', 'impersonate-extra-scopes': 'a' }))
    expect(g.body.status.userInfo).toEqual({ username: 'dave', groups: ['devs', 'system:authenticated'], extra: { scopes: ['a'] } })
  })
})

describe('access reviews', () => {
  const ssar = (resourceAttributes: Record<string, string>) => ({ apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes } })

  it('SelfSubjectAccessReview answers allowed for everything when no policy is configured', async () => {
    const api = fakeApi()
    const r = await call(api, 'POST', SSAR, ssar({ namespace: 'demo', verb: 'create', group: 'image.openshift.io', resource: 'imagestreams' }))
    expect(r.status).toBe(201)
    expect(r.body).toEqual({
      kind: 'SelfSubjectAccessReview',
      apiVersion: 'authorization.k8s.io/v1',
      metadata: { creationTimestamp: null },
      spec: { resourceAttributes: { namespace: 'demo', verb: 'create', group: 'image.openshift.io', resource: 'imagestreams' } },
      status: { allowed: true },
    })
  })

  it('SelfSubjectAccessReview answers from the policy, with the RBAC reason when allowed', async () => {
    const api = withPolicy()
    const no = await call(api, 'POST', SSAR, ssar({ namespace: 'demo', verb: 'create', group: 'image.openshift.io', resource: 'imagestreams' }), bearer('alice-token'))
    expect(no.body.status).toEqual({ allowed: false })
    const yes = await call(api, 'POST', SSAR, ssar({ namespace: 'demo', verb: 'get', group: 'image.openshift.io', resource: 'imagestreams', subresource: 'layers' }), bearer('alice-token'))
    expect(yes.body.status).toEqual({ allowed: true, reason: 'RBAC: allowed by RoleBinding "alice-view/demo" of ClusterRole "view" to User "alice"' })
    const path = await call(api, 'POST', SSAR, { spec: { nonResourceAttributes: { path: '/version', verb: 'get' } } }, bearer('alice-token'))
    expect(path.body.status).toEqual({ allowed: true, reason: 'RBAC: allowed by ClusterRoleBinding "system:discovery" of ClusterRole "system:discovery" to Group "system:authenticated"' })
  })

  it('SelfSubjectAccessReview validation: exactly one of the attribute kinds', async () => {
    const api = fakeApi()
    const r = await call(api, 'POST', SSAR, { spec: {} })
    expect(r.status).toBe(422)
    expect(r.body.message).toBe('SelfSubjectAccessReview.authorization.k8s.io "" is invalid: spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified')
    expect((await call(api, 'GET', SSAR)).status).toBe(405)
  })

  it('SelfSubjectRulesReview lists the rules that apply in the namespace; everything without a policy', async () => {
    const open = await call(fakeApi(), 'POST', SSRR, { spec: { namespace: 'demo' } })
    expect(open.status).toBe(201)
    expect(open.body.status).toEqual({
      resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
      nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
      incomplete: false,
    })
    const api = withPolicy()
    const r = await call(api, 'POST', SSRR, { spec: { namespace: 'demo' } }, bearer('bob-token'))
    expect(r.body.status.resourceRules).toContainEqual({ verbs: ['update', 'patch'], apiGroups: ['image.openshift.io'], resources: ['imagestreams'], resourceNames: ['mine'] })
    expect(r.body.status.resourceRules).toContainEqual({ verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'] })
    expect(r.body.status.nonResourceRules[0].nonResourceURLs).toContain('/version')
    expect(r.body.status.incomplete).toBe(false)
    const missing = await call(api, 'POST', SSRR, { spec: {} }, bearer('bob-token'))
    expect(missing.status).toBe(400)
    expect(missing.body.message).toBe('no namespace on request')
    const dangling = await call(api, 'POST', SSRR, { spec: { namespace: 'other' } }, bearer('alice-token'))
    expect(dangling.body.status.evaluationError).toBe('clusterrole.rbac.authorization.k8s.io "nope" not found')
  })

  it("accepts kubectl's protobuf bodies (captured from kubectl 1.32 auth can-i / --list / whoami)", async () => {
    const api = withPolicy()
    const hex = (h: string) => Uint8Array.from(h.match(/../g)!.map((b) => parseInt(b, 16)))
    const post = (path: string, body: Uint8Array<ArrayBuffer>) =>
      api.fetch(
        new Request(`http://x${path}`, {
          method: 'POST',
          headers: { authorization: 'Bearer alice-token', 'content-type': 'application/vnd.kubernetes.protobuf', accept: 'application/vnd.kubernetes.protobuf,application/json' },
          body,
        }),
      )
    const a = await post(
      SSAR,
      hex(
        '6b3873000a320a17617574686f72697a6174696f6e2e6b38732e696f2f7631121753656c665375626a65637441636365737352657669657712440a100a0012001a0022002a0032003800420012260a240a0464656d6f12066372656174651a0022002a0c696d61676573747265616d7332003a001a08080012001a0020001a002200',
      ),
    )
    expect(a.status).toBe(201)
    // answered in protobuf, as kube-apiserver does (decoded here with protobufjs from the vendored .proto)
    expect(a.headers.get('content-type')).toBe('application/vnd.kubernetes.protobuf')
    const pb = async (res: Response, message: string) => unwrap(new Uint8Array(await res.arrayBuffer()), message)
    const ab = await pb(a, 'k8s.io.api.authorization.v1.SelfSubjectAccessReview')
    expect([ab.apiVersion, ab.kind]).toEqual(['authorization.k8s.io/v1', 'SelfSubjectAccessReview'])
    expect(ab.object.spec).toEqual({ resourceAttributes: { namespace: 'demo', verb: 'create', resource: 'imagestreams' } })
    expect(ab.object.status).toEqual({ allowed: false })
    const rr = await post(
      SSRR,
      hex('6b3873000a310a17617574686f72697a6174696f6e2e6b38732e696f2f7631121653656c665375626a65637452756c657352657669657712200a100a0012001a0022002a0032003800420012060a0464656d6f1a04180022001a002200'),
    )
    expect(rr.status).toBe(201)
    expect((await pb(rr, 'k8s.io.api.authorization.v1.SelfSubjectRulesReview')).object.spec).toEqual({ namespace: 'demo' })
    const who = await post(
      SSR,
      hex('6b3873000a2d0a1861757468656e7469636174696f6e2e6b38732e696f2f7631121153656c665375626a656374526576696577121a0a100a0012001a0022002a0032003800420012060a040a0012001a002200'),
    )
    expect(who.status).toBe(201)
    expect((await pb(who, 'k8s.io.api.authentication.v1.SelfSubjectReview')).object.status.userInfo).toEqual({ username: 'alice', groups: ['system:authenticated'] })
    const junk = await post(SSAR, new Uint8Array([1, 2, 3]))
    expect(junk.status).toBe(400)
  })

  it('are in discovery (legacy and aggregated) and OpenAPI', async () => {
    const api = fakeApi()
    const list = await call(api, 'GET', '/apis/authorization.k8s.io/v1')
    expect(list.body.resources).toEqual([
      { name: 'selfsubjectaccessreviews', singularName: 'selfsubjectaccessreview', namespaced: false, kind: 'SelfSubjectAccessReview', verbs: ['create'] },
      { name: 'selfsubjectrulesreviews', singularName: 'selfsubjectrulesreview', namespaced: false, kind: 'SelfSubjectRulesReview', verbs: ['create'] },
    ])
    const groups = await call(api, 'GET', '/apis')
    expect(groups.body.groups.map((g: { name: string }) => g.name)).toEqual(expect.arrayContaining(['authorization.k8s.io', 'authentication.k8s.io']))
    const agg = await call(api, 'GET', '/apis', undefined, { headers: { accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList' } })
    const authn = agg.body.items.find((i: { metadata: { name: string } }) => i.metadata.name === 'authentication.k8s.io')
    expect(authn.versions[0].resources[0]).toMatchObject({ resource: 'selfsubjectreviews', scope: 'Cluster', verbs: ['create'] })
    const v3 = await call(api, 'GET', '/openapi/v3/apis/authorization.k8s.io/v1')
    for (const r of ['selfsubjectaccessreviews', 'selfsubjectrulesreviews']) {
      expect(Object.keys(v3.body.paths[`/apis/authorization.k8s.io/v1/${r}`])).toEqual(['post', 'parameters'])
    }
    expect(v3.body.components.schemas['io.k8s.api.authorization.v1.SelfSubjectAccessReview']['x-kubernetes-group-version-kind']).toEqual([
      { group: 'authorization.k8s.io', version: 'v1', kind: 'SelfSubjectAccessReview' },
    ])
  })
})
