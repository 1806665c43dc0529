// Strict mode (docs/fidelity.md#strict-mode): requests that touch a rule the ledger marks
// approximated or not modelled answer 501 NotImplemented, naming the rule and linking its ledger entry;
// the same requests without strict mode get the fake's usual answer.

import { describe, expect, it } from 'vitest'
import { STRICT_RULES } from '../src/apiserver/fidelity.js'
import { parseArgs, validateConfig } from '../src/cli.js'
import { call, dockerTag, fakeApi, IMAGES, image, IS, stream, DIGEST_A } from './helpers.js'
import { from, importApi, isi, post } from './imports-helpers.js'

function notImplemented(id: keyof typeof STRICT_RULES, what: string) {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: `strict mode: ${what} is ${STRICT_RULES[id]} by openshift-image-fake (fidelity rule ${id}, see docs/fidelity.md#${id})`,
    reason: 'NotImplemented',
    details: { name: id, kind: 'FidelityRule', causes: [{ reason: 'FidelityRule', message: `docs/fidelity.md#${id}`, field: id }] },
    code: 501,
  }
}

describe('strict mode: an approximated rule (delete.garbage-collection)', () => {
  it('DELETE with propagationPolicy=Foreground answers 501 and deletes nothing; without strict the stream is deleted at once', async () => {
    for (const strict of [true, false]) {
      const api = fakeApi({ strict, importController: false })
      expect((await call(api, 'POST', IS, stream('web'))).status).toBe(201)
      const r = await call(api, 'DELETE', `${IS}/web?propagationPolicy=Foreground`)
      if (strict) {
        expect(r.status).toBe(501)
        expect(r.body).toEqual(notImplemented('delete.garbage-collection', 'DELETE with propagationPolicy=Foreground'))
        expect((await call(api, 'GET', `${IS}/web`)).status).toBe(200)
      } else {
        expect(r.status).toBe(200)
        expect(r.body).toMatchObject({ kind: 'Status', status: 'Success', details: { name: 'web', kind: 'imagestreams' } })
        expect((await call(api, 'GET', `${IS}/web`)).status).toBe(404)
      }
    }
  })

  it('the body form (orphanDependents) is gated too; Background and Images (no GC policy upstream) are exact and answer normally', async () => {
    const api = fakeApi({ strict: true, importController: false })
    await call(api, 'POST', IS, stream('a'))
    await call(api, 'POST', IS, stream('b'))
    const orphan = await call(api, 'DELETE', `${IS}/a`, { kind: 'DeleteOptions', apiVersion: 'v1', orphanDependents: true })
    expect(orphan.status).toBe(501)
    expect(orphan.body).toEqual(notImplemented('delete.garbage-collection', 'DELETE with orphanDependents=true'))
    expect((await call(api, 'DELETE', `${IS}/b`, { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' })).status).toBe(200)
    await call(api, 'POST', IMAGES, image(DIGEST_A))
    expect((await call(api, 'DELETE', `${IMAGES}/${DIGEST_A}?propagationPolicy=Orphan`)).status).toBe(200)
  })
})

describe('strict mode: a not-modelled rule (imagestream.cross-namespace-authorization)', () => {
  const auth = { tokens: { admin: { user: 'admin', groups: ['system:masters'] } }, policy: [] }
  const headers = { authorization: 'Bearer admin' }
  const crossRef = stream('copy', [{ name: 'latest', from: { kind: 'ImageStreamTag', namespace: 'other', name: 'src:latest' } }])

  it('with authorization on, a spec tag pointing at another namespace answers 501; without strict it is created', async () => {
    for (const strict of [true, false]) {
      const api = fakeApi({ strict, auth, importController: false })
      expect((await call(api, 'POST', '/apis/image.openshift.io/v1/namespaces/other/imagestreams', stream('src'), { headers })).status).toBe(201)
      const r = await call(api, 'POST', IS, crossRef, { headers })
      if (strict) {
        expect(r.status).toBe(501)
        expect(r.body).toEqual(
          notImplemented('imagestream.cross-namespace-authorization', 'spec tag "latest" referring to namespace "other" (authorization of cross-namespace tag references)'),
        )
        expect((await call(api, 'GET', `${IS}/copy`, undefined, { headers })).status).toBe(404)
      } else {
        expect(r.status).toBe(201)
      }
    }
  })

  it('same-namespace references, and any reference when authorization is off (AlwaysAllow), answer normally', async () => {
    const api = fakeApi({ strict: true, auth, importController: false })
    const same = stream('copy', [{ name: 'latest', from: { kind: 'ImageStreamTag', namespace: 'ns', name: 'copy:other' } }])
    expect((await call(api, 'POST', IS, same, { headers })).status).toBe(201)
    const open = fakeApi({ strict: true, importController: false })
    await call(open, 'POST', '/apis/image.openshift.io/v1/namespaces/other/imagestreams', stream('src'))
    expect((await call(open, 'POST', IS, crossRef)).status).toBe(201)
  })
})

describe('strict mode: other gated rules', () => {
  it('imagestreamimport.dry-run: an import: true with dryRun answers 501; a preview with dryRun and the same import without strict answer 201', async () => {
    const body = isi('web', { import: true, images: [from('quay.io/team/app:1')] })
    const strict = await post(importApi({ strict: true }), body, '?dryRun=All')
    expect(strict.status).toBe(501)
    expect(strict.body).toEqual(notImplemented('imagestreamimport.dry-run', 'ImageStreamImport with spec.import: true and dryRun'))
    expect((await post(importApi({ strict: true }), isi('web', { import: false, images: [from('quay.io/team/app:1')] }), '?dryRun=All')).status).toBe(201)
    expect((await post(importApi(), body, '?dryRun=All')).status).toBe(201)
  })

  it('imagestreamtag.list-null-items: an empty ImageStreamTag or ImageTag list answers 501; a non-empty one and the empty one without strict answer 200', async () => {
    const api = fakeApi({ strict: true, importController: false })
    const istags = '/apis/image.openshift.io/v1/namespaces/ns/imagestreamtags'
    const r = await call(api, 'GET', istags)
    expect(r.status).toBe(501)
    expect(r.body).toEqual(notImplemented('imagestreamtag.list-null-items', 'an empty ImageStreamTagList'))
    expect((await call(api, 'GET', '/apis/image.openshift.io/v1/namespaces/ns/imagetags')).body.details.name).toBe('imagestreamtag.list-null-items')
    await call(api, 'POST', IMAGES, image(DIGEST_A))
    await call(api, 'POST', IS, stream('web', [dockerTag('latest', `quay.io/x/y@${DIGEST_A}`)]))
    expect((await call(api, 'GET', '/apis/image.openshift.io/v1/namespaces/ns/imagetags')).status).toBe(200)
    const plain = await call(fakeApi({ importController: false }), 'GET', istags)
    expect(plain.status).toBe(200)
    expect(plain.body.items).toEqual([])
  })

  it('watch.immediate-bookmark: strict mode turns the deviation off unless the watch option says otherwise', () => {
    expect(fakeApi({ strict: true }).server.watchSettings.immediateBookmark).toBe(false)
    expect(fakeApi({ strict: true, watch: { immediateBookmark: true } }).server.watchSettings.immediateBookmark).toBe(true)
    expect(fakeApi().server.watchSettings.immediateBookmark).toBeUndefined()
  })

  it('is off by default; the CLI turns it on with --strict or the config key strict', () => {
    expect(fakeApi().server.strict).toBe(false)
    expect(parseArgs(['serve', '--strict'])).toMatchObject({ command: 'serve', overrides: { strict: true } })
    expect(parseArgs(['serve'])).not.toMatchObject({ overrides: { strict: true } })
    expect(validateConfig({ strict: true }).api.strict).toBe(true)
    expect(validateConfig({}).api.strict).toBeUndefined()
    expect(() => validateConfig({ strict: 'yes' })).toThrow('strict')
  })
})
