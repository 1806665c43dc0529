// ImageStreamImport failure statuses (openshift-apiserver importer.go) from the registry fixture's failure modes, and
// pull credentials from the namespace's docker secrets.

import { describe, expect, it } from 'vitest'
import { secret } from '../src/fixtures/core.js'
import { call, IS } from './helpers.js'
import { APP_1, from, importApi, isi, post, PRIVATE, SECRETS } from './imports-helpers.js'

async function statusOf(name: string, extra: Record<string, unknown> = {}, api = importApi()) {
  const r = await post(api, isi('web', { images: [from(name, extra)] }))
  expect(r.status).toBe(201)
  return r.body.status.images[0]
}

describe('failure statuses', () => {
  it('manifest unknown → 404 NotFound with the normalised reference; tag = requested tag', async () => {
    expect(await statusOf('quay.io/team/app:nope')).toEqual({
      status: {
        metadata: {},
        status: 'Failure',
        message: 'dockerimage.image.openshift.io "quay.io/team/app:nope" not found',
        reason: 'NotFound',
        details: { name: 'quay.io/team/app:nope', group: 'image.openshift.io', kind: 'dockerimage' },
        code: 404,
      },
      tag: 'nope',
    })
    // Docker Hub names are normalised in the message (docker.io/library/...); an unknown repository is the same.
    const api = importApi({ remoteRegistry: { defaults: false, registries: { 'docker.io': { repositories: {} } } } })
    const hub = await statusOf('foo', {}, api)
    expect(hub.status.message).toBe('dockerimage.image.openshift.io "docker.io/library/foo:latest" not found')
    expect(hub.tag).toBe('latest')
  })

  it('an unknown registry host → InternalError (DNS)', async () => {
    expect((await statusOf('nowhere.example.org/a/b:1')).status).toEqual({
      metadata: {},
      status: 'Failure',
      message: 'Internal error occurred: nowhere.example.org/a/b:1: Get "https://nowhere.example.org/v2/": dial tcp: lookup nowhere.example.org: no such host',
      reason: 'InternalError',
      details: { causes: [{ message: 'nowhere.example.org/a/b:1: Get "https://nowhere.example.org/v2/": dial tcp: lookup nowhere.example.org: no such host' }] },
      code: 500,
    })
  })

  it('a transport error of the registry, of a repository, of a tag → InternalError "<ref>: <error>"', async () => {
    expect((await statusOf('refused.example.com/a/b:1')).status.message).toBe(
      'Internal error occurred: refused.example.com/a/b:1: Get "https://refused.example.com/v2/": dial tcp 127.0.0.1:443: connect: connection refused',
    )
    expect((await statusOf('quay.io/team/down:latest')).status.message).toBe('Internal error occurred: quay.io/team/down:latest: net/http: TLS handshake timeout')
    expect((await statusOf('quay.io/team/app:broken')).status.message).toBe(
      'Internal error occurred: quay.io/team/app:broken: received unexpected HTTP status: 500 Internal Server Error',
    )
  })

  it('registry blocked → 403 Forbidden with empty details', async () => {
    expect(await statusOf('blocked.example.com/team/tool:1')).toEqual({
      status: { metadata: {}, status: 'Failure', message: 'forbidden: registry blocked.example.com blocked', reason: 'Forbidden', details: {}, code: 403 },
    })
  })

  it('HTTP-only registry without insecure → 400 BadRequest; with importPolicy.insecure (or a registry listed as insecure) it works', async () => {
    expect(await statusOf('plain.example.com:5000/team/tool:1')).toEqual({
      status: {
        metadata: {},
        status: 'Failure',
        message: 'the repository team/tool is HTTP only and requires the insecure flag to import',
        reason: 'BadRequest',
        code: 400,
      },
      tag: '1',
    })
    const ok = await statusOf('plain.example.com:5000/team/tool:1', { importPolicy: { insecure: true } })
    expect(ok.status.status).toBe('Success')
    expect(ok.image.metadata.name).toBe(APP_1.digest)
    expect((await statusOf('tolerated.example.com/team/tool:1')).status.status).toBe('Success')
  })

  it('registry without the v2 API: InternalError for images, 403 NotV2Registry for a repository import', async () => {
    expect((await statusOf('old.example.com/team/tool:1')).status.message).toBe(
      'Internal error occurred: old.example.com/team/tool:1: endpoint "https://old.example.com" does not support v2 API',
    )
    const r = await post(importApi(), isi('web', { repository: { from: { kind: 'DockerImage', name: 'old.example.com/team/tool' } } }))
    expect(r.body.status.repository).toEqual({
      status: {
        metadata: {},
        status: 'Failure',
        message: '.image.openshift.io is forbidden: registry "old.example.com" does not support the v2 Registry API',
        reason: 'NotV2Registry',
        details: { group: 'image.openshift.io' },
        code: 403,
      },
    })
  })

  it('a tag the registry denies → 401', async () => {
    expect((await statusOf('quay.io/team/app:denied')).status).toEqual({
      metadata: {},
      status: 'Failure',
      message: 'you may not have access to the container image "quay.io/team/app:denied"',
      reason: 'Unauthorized',
      code: 401,
    })
  })
})

describe('pull credentials from docker secrets', () => {
  const pull = (opts: Partial<Parameters<typeof secret>[0]> = {}) =>
    secret({ name: 'pull', namespace: 'ns', registry: 'quay.io', username: 'robot', password: 's3cret', ...opts })

  it('no secret → 401 "you may not have access"', async () => {
    const st = await statusOf('quay.io/team/private:latest')
    expect(st.status).toEqual({
      metadata: {},
      status: 'Failure',
      message: 'you may not have access to the container image "quay.io/team/private:latest"',
      reason: 'Unauthorized',
      code: 401,
    })
  })

  it('a dockerconfigjson or dockercfg secret with the credentials → success', async () => {
    for (const type of ['dockerconfigjson', 'dockercfg'] as const) {
      const api = importApi()
      expect((await call(api, 'POST', SECRETS, pull({ type }))).status).toBe(201)
      const st = await statusOf('quay.io/team/private:latest', {}, api)
      expect(st.status.status, type).toBe('Success')
      expect(st.image.metadata.name).toBe(PRIVATE.digest)
    }
    // Keys may name a path of the registry, or carry a scheme.
    const api = importApi()
    await call(api, 'POST', SECRETS, pull({ registry: 'https://quay.io/team' }))
    expect((await statusOf('quay.io/team/private:latest', {}, api)).status.status).toBe('Success')
  })

  it('secrets marked openshift.io/image.excludeSecret, of other namespaces or for other registries are not used', async () => {
    const api = importApi()
    await call(api, 'POST', SECRETS, pull({ excludeFromImageStreams: true }))
    await call(api, 'POST', '/api/v1/namespaces/other/secrets', pull({ namespace: 'other' }))
    await call(api, 'POST', SECRETS, pull({ name: 'docker', registry: 'docker.io' }))
    expect((await statusOf('quay.io/team/private:latest', {}, api)).status.reason).toBe('Unauthorized')
  })

  it('wrong credentials → "incorrect username or password" (kept after the anonymous retry)', async () => {
    const api = importApi()
    await call(api, 'POST', SECRETS, pull({ password: 'wrong' }))
    const r = await post(api, isi('web', { images: [from('quay.io/team/private:latest'), from('quay.io/team/app:1')] }))
    expect(r.body.status.images[0].status).toEqual({
      metadata: {},
      status: 'Failure',
      message: 'incorrect username or password for image "quay.io/team/private:latest"',
      reason: 'Unauthorized',
      code: 401,
    })
    expect(r.body.status.images[1].status.status).toBe('Success')
  })

  it('a registry that needs credentials for everything → "... and did not have credentials to the repository"', async () => {
    expect((await statusOf('locked.example.com/team/tool:1')).status).toEqual({
      metadata: {},
      status: 'Failure',
      message: 'you may not have access to the container image "locked.example.com/team/tool:1" and did not have credentials to the repository',
      reason: 'Unauthorized',
      code: 401,
    })
    const api = importApi()
    await call(api, 'POST', SECRETS, secret({ name: 'locked', namespace: 'ns', registry: 'locked.example.com', username: 'u', password: 'p' }))
    expect((await statusOf('locked.example.com/team/tool:1', {}, api)).status.status).toBe('Success')
  })

  it('the stream does not need to exist for its secrets to be used', async () => {
    const api = importApi()
    await call(api, 'POST', SECRETS, pull())
    expect((await call(api, 'GET', `${IS}/web`)).status).toBe(404)
    expect((await statusOf('quay.io/team/private:latest', {}, api)).status.status).toBe('Success')
  })
})
