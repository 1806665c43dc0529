// Core v1 namespaces and secrets served by the same engine, and NamespaceLifecycle admission
// (kubernetes pkg/registry/core/{namespace,secret}, pkg/apis/core/validation).

import { describe, expect, it } from 'vitest'
import { namespace, secret } from '../src/fixtures/core.js'
import { call, fakeApi, IS } from './helpers.js'

const NS = '/api/v1/namespaces'
const SECRETS = '/api/v1/namespaces/ns/secrets'
const LABEL_ERR =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"

const nsBody = (name: string, extra: Record<string, unknown> = {}) => ({ kind: 'Namespace', apiVersion: 'v1', metadata: { name }, ...extra })

describe('namespaces', () => {
  it('creates Active with the kubernetes finalizer and the metadata.name label; status from the client is dropped', async () => {
    const api = fakeApi()
    const r = await call(api, 'POST', NS, nsBody('team', { status: { phase: 'Terminating' }, spec: { finalizers: ['example.com/x'] } }))
    expect(r.status).toBe(201)
    expect(r.body).toEqual({
      kind: 'Namespace',
      apiVersion: 'v1',
      metadata: {
        name: 'team',
        uid: expect.any(String),
        resourceVersion: expect.stringMatching(/^\d+$/),
        creationTimestamp: expect.any(String),
        labels: { 'kubernetes.io/metadata.name': 'team' },
        managedFields: expect.any(Array),
      },
      spec: { finalizers: ['example.com/x', 'kubernetes'] },
      status: { phase: 'Active' },
    })
    const get = await call(api, 'GET', `${NS}/team`)
    expect(get.status).toBe(200)
    expect(get.body.metadata.uid).toBe(r.body.metadata.uid)
    const list = await call(api, 'GET', NS)
    expect(list.body.kind).toBe('NamespaceList')
    expect(list.body.items.map((n: { metadata: { name: string } }) => n.metadata.name)).toEqual(['team'])
  })

  it('validates names as DNS labels and spec finalizers as qualified or standard names', async () => {
    const api = fakeApi()
    const r = await call(api, 'POST', NS, nsBody('Team'))
    expect(r.status).toBe(422)
    expect(r.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `Namespace "Team" is invalid: metadata.name: Invalid value: "Team": ${LABEL_ERR}`,
      reason: 'Invalid',
      details: { name: 'Team', kind: 'Namespace', causes: [{ reason: 'FieldValueInvalid', message: `Invalid value: "Team": ${LABEL_ERR}`, field: 'metadata.name' }] },
      code: 422,
    })
    const fin = await call(api, 'POST', NS, nsBody('ok', { spec: { finalizers: ['custom'] } }))
    expect(fin.status).toBe(422)
    expect(fin.body.message).toBe('Namespace "ok" is invalid: spec.finalizers: Invalid value: "custom": name is neither a standard finalizer name nor is it fully qualified')
    const dup = await call(api, 'POST', NS, nsBody('ok'))
    expect(dup.status).toBe(201)
    const again = await call(api, 'POST', NS, nsBody('ok'))
    expect(again.status).toBe(409)
    expect(again.body.message).toBe('namespaces "ok" already exists')
    expect(again.body.details).toEqual({ name: 'ok', kind: 'namespaces' })
  })

  it('update keeps spec and status; PUT without resourceVersion is allowed (unconditional)', async () => {
    const api = fakeApi()
    const created = (await call(api, 'POST', NS, nsBody('team'))).body
    const put = await call(api, 'PUT', `${NS}/team`, { ...nsBody('team'), metadata: { name: 'team', labels: { a: 'b' } }, spec: { finalizers: [] }, status: { phase: 'Terminating' } })
    expect(put.status).toBe(200)
    expect(put.body.metadata.labels).toEqual({ a: 'b', 'kubernetes.io/metadata.name': 'team' })
    expect(put.body.spec).toEqual(created.spec)
    expect(put.body.status).toEqual({ phase: 'Active' })
    const status = await call(api, 'PUT', `${NS}/team/status`, { ...put.body, status: { phase: 'Terminating' } })
    expect(status.status).toBe(422)
    expect(status.body.message).toBe('Namespace "team" is invalid: status.Phase: Invalid value: "Terminating": may only be \'Active\' if `deletionTimestamp` is empty')
  })

  it('field selectors: metadata.name and status.phase; others are not supported', async () => {
    const api = fakeApi()
    await call(api, 'POST', NS, nsBody('a'))
    await call(api, 'POST', NS, nsBody('b'))
    const r = await call(api, 'GET', `${NS}?fieldSelector=metadata.name%3Db`)
    expect(r.body.items.map((n: { metadata: { name: string } }) => n.metadata.name)).toEqual(['b'])
    expect((await call(api, 'GET', `${NS}?fieldSelector=status.phase%3DActive`)).body.items).toHaveLength(2)
    const bad = await call(api, 'GET', `${NS}?fieldSelector=metadata.namespace%3Dx`)
    expect(bad.status).toBe(400)
    expect(bad.body.message).toBe('field label not supported: metadata.namespace')
  })

  it('DELETE: first answers the Terminating namespace, then the namespace controller removes it and its content', async () => {
    const api = fakeApi()
    await call(api, 'POST', NS, nsBody('ns'))
    await call(api, 'POST', IS, { metadata: { name: 'stream' } })
    await call(api, 'POST', SECRETS, { metadata: { name: 's' }, stringData: { a: 'b' } })
    await call(api, 'POST', '/api/v1/namespaces/other/secrets', { metadata: { name: 's' } })
    const r = await call(api, 'DELETE', `${NS}/ns`)
    expect(r.status).toBe(200)
    expect(r.body.kind).toBe('Namespace')
    expect(r.body.metadata.deletionTimestamp).toEqual(expect.any(String))
    expect(r.body.status).toEqual({ phase: 'Terminating' })
    expect(r.body.spec).toEqual({ finalizers: ['kubernetes'] })
    expect((await call(api, 'GET', `${NS}/ns`)).status).toBe(404)
    expect((await call(api, 'GET', `${IS}/stream`)).status).toBe(404)
    expect((await call(api, 'GET', `${SECRETS}/s`)).status).toBe(404)
    expect((await call(api, 'GET', '/api/v1/namespaces/other/secrets/s')).status).toBe(200)
    // without requireNamespace the namespace does not have to exist again
    expect((await call(api, 'POST', IS, { metadata: { name: 'stream' } })).status).toBe(201)
    const missing = await call(api, 'DELETE', `${NS}/ns`)
    expect(missing.status).toBe(404)
    expect(missing.body.message).toBe('namespaces "ns" not found')
  })

  it('a namespace with other finalizers stays Terminating: creates are refused with 403 NamespaceTerminating', async () => {
    const api = fakeApi()
    await call(api, 'POST', NS, nsBody('ns', { spec: { finalizers: ['example.com/cleanup'] } }))
    expect((await call(api, 'DELETE', `${NS}/ns`)).status).toBe(200)
    const ns = await call(api, 'GET', `${NS}/ns`)
    expect(ns.body.status.phase).toBe('Terminating')
    expect(ns.body.spec).toEqual({ finalizers: ['example.com/cleanup'] })

    const r = await call(api, 'POST', IS, { metadata: { name: 'x' } })
    expect(r.status).toBe(403)
    expect(r.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'imagestreams.image.openshift.io "x" is forbidden: unable to create new content in namespace ns because it is being terminated',
      reason: 'Forbidden',
      details: {
        name: 'x',
        group: 'image.openshift.io',
        kind: 'imagestreams',
        causes: [{ reason: 'NamespaceTerminating', message: 'namespace ns is being terminated', field: 'metadata.namespace' }],
      },
      code: 403,
    })
    const sec = await call(api, 'POST', SECRETS, { metadata: { generateName: 'gen-' } })
    expect(sec.status).toBe(403)
    expect(sec.body.message).toBe('secrets "gen-" is forbidden: unable to create new content in namespace ns because it is being terminated')
    const ism = await call(api, 'POST', '/apis/image.openshift.io/v1/namespaces/ns/imagestreammappings', { metadata: { name: 'x' }, tag: 't', image: { metadata: { name: 'i' }, dockerImageReference: 'a/b' } })
    expect(ism.status).toBe(403)
    expect(ism.body.details.kind).toBe('imagestreammappings')

    // A second DELETE while spec finalizers remain: the real Conflict.
    const again = await call(api, 'DELETE', `${NS}/ns`)
    expect(again.status).toBe(409)
    expect(again.body.message).toBe(
      'Operation cannot be fulfilled on namespaces "ns": The system is ensuring all content is removed from this namespace.  Upon completion, this namespace will automatically be purged by the system.',
    )
    // Finalizing (removing the last spec finalizer) deletes it.
    const fin = await call(api, 'PUT', `${NS}/ns/finalize`, { ...ns.body, spec: { finalizers: [] } })
    expect(fin.status).toBe(200)
    expect((await call(api, 'GET', `${NS}/ns`)).status).toBe(404)
    expect((await call(api, 'POST', IS, { metadata: { name: 'x' } })).status).toBe(201)
  })

  it('metadata finalizers also hold a terminating namespace; a label update does not delete it', async () => {
    const api = fakeApi()
    await call(api, 'POST', NS, nsBody('ns', { metadata: { name: 'ns', finalizers: ['example.com/hold'] } }))
    await call(api, 'DELETE', `${NS}/ns`)
    const ns = await call(api, 'GET', `${NS}/ns`)
    expect(ns.body.spec).toEqual({})
    expect(ns.body.metadata.finalizers).toEqual(['example.com/hold'])
    expect((await call(api, 'POST', SECRETS, { metadata: { name: 'x' } })).status).toBe(403)
    const released = await call(api, 'PUT', `${NS}/ns`, { ...ns.body, metadata: { ...ns.body.metadata, finalizers: [] } })
    expect(released.status).toBe(200)
    expect((await call(api, 'GET', `${NS}/ns`)).status).toBe(404)
  })

  it('immortal namespaces cannot be deleted', async () => {
    const api = fakeApi()
    await call(api, 'POST', NS, nsBody('default'))
    const r = await call(api, 'DELETE', `${NS}/default`)
    expect(r.status).toBe(403)
    expect(r.body.message).toBe('namespaces "default" is forbidden: this namespace may not be deleted')
    expect(r.body.details).toEqual({ name: 'default', kind: 'namespaces' })
  })

  it('discovery lists namespaces (+finalize, +status) and secrets under /api/v1', async () => {
    const r = await call(fakeApi(), 'GET', '/api/v1')
    const byName = Object.fromEntries(r.body.resources.map((x: { name: string }) => [x.name, x]))
    expect(byName.namespaces).toEqual({
      name: 'namespaces',
      singularName: 'namespace',
      namespaced: false,
      kind: 'Namespace',
      verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
      shortNames: ['ns'],
      storageVersionHash: 'Q3oi5N2YM8M=',
    })
    expect(byName['namespaces/finalize'].verbs).toEqual(['update'])
    expect(byName['namespaces/status'].verbs).toEqual(['get', 'patch', 'update'])
    expect(byName.secrets).toEqual({
      name: 'secrets',
      singularName: 'secret',
      namespaced: true,
      kind: 'Secret',
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
      storageVersionHash: 'S6u1pOWzb84=',
    })
  })
})

describe('requireNamespace', () => {
  it('by default a namespace does not have to exist', async () => {
    const api = fakeApi()
    expect((await call(api, 'POST', IS, { metadata: { name: 'x' } })).status).toBe(201)
    expect((await call(api, 'POST', SECRETS, { metadata: { name: 'x' } })).status).toBe(201)
  })

  it('with requireNamespace, creates in a missing namespace are 404 namespaces "x" not found (before validation)', async () => {
    const api = fakeApi({ requireNamespace: true })
    const r = await call(api, 'POST', IS, { metadata: { name: 'Bad_Name' } })
    expect(r.status).toBe(404)
    expect(r.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'namespaces "ns" not found',
      reason: 'NotFound',
      details: { name: 'ns', kind: 'namespaces' },
      code: 404,
    })
    expect((await call(api, 'POST', SECRETS, { metadata: { name: 'x' } })).status).toBe(404)
    // reads of a missing namespace are fine (empty list)
    expect((await call(api, 'GET', IS)).body.items).toEqual([])
    // cluster-scoped kinds are not checked
    expect((await call(api, 'POST', '/apis/image.openshift.io/v1/images', { metadata: { name: 'i' }, dockerImageReference: 'a/b' })).status).toBe(201)

    expect((await call(api, 'POST', NS, nsBody('ns'))).status).toBe(201)
    expect((await call(api, 'POST', IS, { metadata: { name: 'x' } })).status).toBe(201)
  })

  it('seeding goes through admission too: a Namespace in the same seed satisfies it', async () => {
    const api = fakeApi({ requireNamespace: true })
    await expect(api.seed([{ kind: 'ImageStream', apiVersion: 'image.openshift.io/v1', metadata: { name: 's', namespace: 'team' } }])).rejects.toThrow(
      'cannot seed ImageStream team/s: namespaces "team" not found',
    )
    await api.seed([
      { kind: 'ImageStream', apiVersion: 'image.openshift.io/v1', metadata: { name: 's', namespace: 'team' } },
      secret({ name: 'pull', namespace: 'team', registry: 'quay.io', username: 'u', password: 'p' }),
      namespace('team'),
    ])
    expect((await call(api, 'GET', '/apis/image.openshift.io/v1/namespaces/team/imagestreams/s')).status).toBe(200)
    expect((await call(api, 'GET', '/api/v1/namespaces/team/secrets/pull')).status).toBe(200)
  })
})

describe('secrets', () => {
  it('stores stringData as base64 data, defaults type Opaque, canonical field order', async () => {
    const api = fakeApi()
    const r = await call(api, 'POST', SECRETS, { kind: 'Secret', apiVersion: 'v1', metadata: { name: 'a' }, data: { x: 'eA==' }, stringData: { y: 'hello' } })
    expect(r.status).toBe(201)
    expect(Object.keys(r.body)).toEqual(['kind', 'apiVersion', 'metadata', 'data', 'type'])
    expect(r.body.data).toEqual({ x: 'eA==', y: 'aGVsbG8=' })
    expect(r.body.type).toBe('Opaque')
    expect(r.body.stringData).toBeUndefined()
  })

  it('validates names, data keys and the per-type required keys', async () => {
    const api = fakeApi()
    const name = await call(api, 'POST', SECRETS, { metadata: { name: 'Bad_Name' } })
    expect(name.status).toBe(422)
    expect(name.body.message).toBe(
      "Secret \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    )
    expect(name.body.details.kind).toBe('Secret')
    expect(name.body.details.group).toBeUndefined()

    const key = await call(api, 'POST', SECRETS, { metadata: { name: 'k' }, stringData: { 'bad key': 'v' } })
    expect(key.body.message).toBe(
      "Secret \"k\" is invalid: data[bad key]: Invalid value: \"bad key\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    )

    const cfg = await call(api, 'POST', SECRETS, { metadata: { name: 'c' }, type: 'kubernetes.io/dockercfg' })
    expect(cfg.body.message).toBe('Secret "c" is invalid: data[.dockercfg]: Required value')
    const json = await call(api, 'POST', SECRETS, { metadata: { name: 'j' }, type: 'kubernetes.io/dockerconfigjson', stringData: { '.dockerconfigjson': '{"auths": ' } })
    expect(json.body.message).toBe('Secret "j" is invalid: data[.dockerconfigjson]: Invalid value: "<secret contents redacted>": unexpected end of JSON input')
    const arr = await call(api, 'POST', SECRETS, { metadata: { name: 'j' }, type: 'kubernetes.io/dockerconfigjson', stringData: { '.dockerconfigjson': '[]' } })
    expect(arr.body.message).toBe(
      'Secret "j" is invalid: data[.dockerconfigjson]: Invalid value: "<secret contents redacted>": json: cannot unmarshal array into Go value of type map[string]interface {}',
    )
    const basic = await call(api, 'POST', SECRETS, { metadata: { name: 'b' }, type: 'kubernetes.io/basic-auth' })
    expect(basic.body.message).toBe('Secret "b" is invalid: [data[username]: Required value, data[password]: Required value]')
    const tls = await call(api, 'POST', SECRETS, { metadata: { name: 't' }, type: 'kubernetes.io/tls', stringData: { 'tls.crt': 'x' } })
    expect(tls.body.message).toBe('Secret "t" is invalid: data[tls.key]: Required value')
    const sa = await call(api, 'POST', SECRETS, { metadata: { name: 's' }, type: 'kubernetes.io/service-account-token' })
    expect(sa.body.message).toBe('Secret "s" is invalid: metadata.annotations[kubernetes.io/service-account.name]: Required value')
  })

  it('bad base64 data is a decode error (400)', async () => {
    const r = await call(fakeApi(), 'POST', SECRETS, { metadata: { name: 'a' }, data: { x: 'abc' } })
    expect(r.status).toBe(400)
    expect(r.body.message).toBe('Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 0')
    const r2 = await call(fakeApi(), 'POST', SECRETS, { metadata: { name: 'a' }, data: { x: 'ab$=' } })
    expect(r2.body.message).toBe('Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 2')
  })

  it('type is immutable; immutable secrets keep their data; unconditional PUT is allowed', async () => {
    const api = fakeApi()
    await call(api, 'POST', SECRETS, { metadata: { name: 'a' }, stringData: { x: '1' } })
    const put = await call(api, 'PUT', `${SECRETS}/a`, { metadata: { name: 'a' }, stringData: { x: '2' } })
    expect(put.status).toBe(200)
    expect(put.body.data).toEqual({ x: 'Mg==' })
    const type = await call(api, 'PUT', `${SECRETS}/a`, { metadata: { name: 'a' }, type: 'kubernetes.io/tls', stringData: { 'tls.crt': 'c', 'tls.key': 'k' } })
    expect(type.status).toBe(422)
    expect(type.body.message).toBe('Secret "a" is invalid: type: Invalid value: "kubernetes.io/tls": field is immutable')

    await call(api, 'POST', SECRETS, { metadata: { name: 'frozen' }, immutable: true, stringData: { x: '1' } })
    const frozen = await call(api, 'PUT', `${SECRETS}/frozen`, { metadata: { name: 'frozen' }, stringData: { x: '2' } })
    expect(frozen.status).toBe(422)
    expect(frozen.body.message).toBe('Secret "frozen" is invalid: [immutable: Forbidden: field is immutable when `immutable` is set, data: Forbidden: field is immutable when `immutable` is set]')
  })

  it('list, field selectors (type), delete Status without group', async () => {
    const api = fakeApi()
    await api.seed([
      secret({ name: 'pull', namespace: 'ns', registry: 'quay.io', username: 'u', password: 'p' }),
      { kind: 'Secret', apiVersion: 'v1', metadata: { name: 'plain', namespace: 'ns' } },
    ])
    const byType = await call(api, 'GET', `${SECRETS}?fieldSelector=type%3DOpaque`)
    expect(byType.body.kind).toBe('SecretList')
    expect(byType.body.apiVersion).toBe('v1')
    expect(byType.body.items.map((s: { metadata: { name: string } }) => s.metadata.name)).toEqual(['plain'])
    const all = await call(api, 'GET', '/api/v1/secrets')
    expect(all.body.items).toHaveLength(2)
    const bad = await call(api, 'GET', `${SECRETS}?fieldSelector=data.x%3D1`)
    expect(bad.status).toBe(400)
    expect(bad.body.message).toBe('field label not supported: data.x')
    const uid = (await call(api, 'GET', `${SECRETS}/plain`)).body.metadata.uid
    const del = await call(api, 'DELETE', `${SECRETS}/plain`)
    expect(del.body).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name: 'plain', kind: 'secrets', uid } })
    const missing = await call(api, 'GET', `${SECRETS}/plain`)
    expect(missing.body.message).toBe('secrets "plain" not found')
  })

  it('watches secrets like any stored kind', async () => {
    const api = fakeApi()
    const ac = new AbortController()
    const res = await api.fetch(new Request(`http://fake.local${SECRETS}?watch=true`, { signal: ac.signal }))
    expect(res.status).toBe(200)
    const reader = res.body!.getReader()
    await call(api, 'POST', SECRETS, { metadata: { name: 'w' } })
    let text = ''
    while (!text.includes('\n')) text += new TextDecoder().decode((await reader.read()).value)
    const event = JSON.parse(text.split('\n')[0]!)
    expect(event.type).toBe('ADDED')
    expect(event.object.kind).toBe('Secret')
    expect(event.object.metadata.name).toBe('w')
    ac.abort()
    api.closeWatches()
  })

  it('serves server-side tables for secrets and namespaces', async () => {
    const api = fakeApi()
    await call(api, 'POST', SECRETS, { metadata: { name: 'a' }, stringData: { x: '1', y: '2' } })
    await call(api, 'POST', NS, nsBody('ns'))
    const accept = { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' }
    const t = await call(api, 'GET', SECRETS, undefined, { headers: accept })
    expect(t.body.columnDefinitions.map((c: { name: string }) => c.name)).toEqual(['Name', 'Type', 'Data', 'Age'])
    expect(t.body.rows[0].cells).toEqual(['a', 'Opaque', 2, expect.stringMatching(/^\d+s$/)])
    const n = await call(api, 'GET', NS, undefined, { headers: accept })
    expect(n.body.columnDefinitions.map((c: { name: string }) => c.name)).toEqual(['Name', 'Status', 'Age'])
    expect(n.body.rows[0].cells.slice(0, 2)).toEqual(['ns', 'Active'])
  })
})
