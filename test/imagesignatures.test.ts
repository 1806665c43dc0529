// ImageSignature (openshift-apiserver registry/imagesignature/rest.go): create and delete only, stored inside
// Image.signatures.

import { describe, expect, it } from 'vitest'
import { call, DIGEST_A, fakeApi, IMAGES, image } from './helpers.js'

const SIGS = '/apis/image.openshift.io/v1/imagesignatures'
const CONTENT = 'c2lnbmF0dXJlIGJ5dGVz' // "signature bytes"

function signature(name: string, extra: Record<string, unknown> = {}) {
  return { kind: 'ImageSignature', apiVersion: 'image.openshift.io/v1', metadata: { name }, type: 'AtomicImageV1', content: CONTENT, ...extra }
}

async function withImage() {
  const api = fakeApi()
  await api.seed([image(DIGEST_A)])
  return api
}

describe('ImageSignature create', () => {
  it('answers 201 with the stored signature and appends it to the Image (new resourceVersion)', async () => {
    const api = await withImage()
    const before = await call(api, 'GET', `${IMAGES}/${DIGEST_A}`)
    const r = await call(
      api,
      'POST',
      SIGS,
      signature(`${DIGEST_A}@sig1`, {
        // server-owned fields are cleared
        conditions: [{ type: 'Trusted', status: 'True' }, { type: 'ForImage', status: 'True' }],
        imageIdentity: 'me',
        signedClaims: { a: 'b' },
        created: '2020-01-01T00:00:00Z',
        issuedBy: { organization: 'o' },
        issuedTo: { publicKeyID: 'k' },
      }),
    )
    expect(r.status).toBe(201)
    expect(Object.keys(r.body)).toEqual(['kind', 'apiVersion', 'metadata', 'type', 'content'])
    expect(r.body).toEqual({
      kind: 'ImageSignature',
      apiVersion: 'image.openshift.io/v1',
      metadata: { name: `${DIGEST_A}@sig1`, uid: expect.stringMatching(/^[0-9a-f-]{36}$/), creationTimestamp: expect.stringMatching(/Z$/) },
      type: 'AtomicImageV1',
      content: CONTENT,
    })
    const after = await call(api, 'GET', `${IMAGES}/${DIGEST_A}`)
    expect(Number(after.body.metadata.resourceVersion)).toBeGreaterThan(Number(before.body.metadata.resourceVersion))
    expect(after.body.signatures).toEqual([{ metadata: r.body.metadata, type: 'AtomicImageV1', content: CONTENT }])
    // written like the real server's loopback client update
    expect(after.body.metadata.managedFields.map((m: { manager: string }) => m.manager)).toContain('openshift-apiserver')
  })

  it('drops a body namespace (cluster-scoped)', async () => {
    const api = await withImage()
    const r = await call(api, 'POST', SIGS, { ...signature(`${DIGEST_A}@s`), metadata: { name: `${DIGEST_A}@s`, namespace: 'ns' } })
    expect(r.status).toBe(201)
    expect(r.body.metadata.namespace).toBeUndefined()
  })

  it('409 AlreadyExists by name, and by identical type and content', async () => {
    const api = await withImage()
    expect((await call(api, 'POST', SIGS, signature(`${DIGEST_A}@sig1`))).status).toBe(201)
    const byName = await call(api, 'POST', SIGS, signature(`${DIGEST_A}@sig1`, { content: 'b3RoZXI=' }))
    expect(byName.status).toBe(409)
    expect(byName.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `imageSignatures.image.openshift.io "${DIGEST_A}@sig1" already exists`,
      reason: 'AlreadyExists',
      details: { name: `${DIGEST_A}@sig1`, group: 'image.openshift.io', kind: 'imageSignatures' },
      code: 409,
    })
    const byContent = await call(api, 'POST', SIGS, signature(`${DIGEST_A}@sig2`))
    expect(byContent.status).toBe(409)
    expect(byContent.body.message).toBe(`imageSignatures.image.openshift.io "${DIGEST_A}@sig2" already exists`)
    // same content, different type is fine
    expect((await call(api, 'POST', SIGS, signature(`${DIGEST_A}@sig3`, { type: 'other' }))).status).toBe(201)
  })

  it('404 when the image does not exist', async () => {
    const api = fakeApi()
    const r = await call(api, 'POST', SIGS, signature('missing@sig'))
    expect(r.status).toBe(404)
    expect(r.body.message).toBe('images.image.openshift.io "missing" not found')
    expect(r.body.details).toEqual({ name: 'missing', group: 'image.openshift.io', kind: 'images' })
  })

  it('422 for a bad name, labels, annotations, missing type and content', async () => {
    const api = await withImage()
    const bad = await call(api, 'POST', SIGS, signature('foo'))
    expect(bad.status).toBe(422)
    expect(bad.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'ImageSignature.image.openshift.io "foo" is invalid: metadata.name: Invalid value: "foo": name must be of format <imageName>@<signatureName>',
      reason: 'Invalid',
      details: {
        name: 'foo',
        group: 'image.openshift.io',
        kind: 'ImageSignature',
        causes: [{ reason: 'FieldValueInvalid', message: 'Invalid value: "foo": name must be of format <imageName>@<signatureName>', field: 'metadata.name' }],
      },
      code: 422,
    })
    for (const name of ['a@b@c', '@b', 'a@']) {
      const r = await call(api, 'POST', SIGS, signature(name))
      expect(r.status).toBe(422)
      expect(r.body.details.causes[0].field).toBe('metadata.name')
    }
    const many = await call(api, 'POST', SIGS, {
      kind: 'ImageSignature',
      apiVersion: 'image.openshift.io/v1',
      metadata: { name: `${DIGEST_A}@x`, labels: { a: 'b' }, annotations: { c: 'd' } },
    })
    expect(many.status).toBe(422)
    expect(many.body.message).toBe(
      `ImageSignature.image.openshift.io "${DIGEST_A}@x" is invalid: [metadata.labels: Forbidden: signature labels cannot be set, metadata.annotations: Forbidden: signature annotations cannot be set, type: Required value, content: Required value]`,
    )
  })

  it('400 for content that is not base64', async () => {
    const api = await withImage()
    const r = await call(api, 'POST', SIGS, signature(`${DIGEST_A}@x`, { content: 'abc!' }))
    expect(r.status).toBe(400)
    expect(r.body.message).toBe('ImageSignature in version "v1" cannot be handled as a ImageSignature: illegal base64 data at input byte 3')
  })
})

describe('ImageSignature delete', () => {
  it('removes the signature (others keep their order) and answers a bare Success Status', async () => {
    const api = await withImage()
    for (const [n, c] of [['a', 'YQ=='], ['b', 'Yg=='], ['c', 'Yw==']]) {
      expect((await call(api, 'POST', SIGS, signature(`${DIGEST_A}@${n}`, { content: c }))).status).toBe(201)
    }
    const before = await call(api, 'GET', `${IMAGES}/${DIGEST_A}`)
    const r = await call(api, 'DELETE', `${SIGS}/${DIGEST_A}@b`)
    expect(r.status).toBe(200)
    expect(r.text).toBe('{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Success"}\n')
    const after = await call(api, 'GET', `${IMAGES}/${DIGEST_A}`)
    expect(after.body.signatures.map((s: { metadata: { name: string } }) => s.metadata.name)).toEqual([`${DIGEST_A}@a`, `${DIGEST_A}@c`])
    expect(after.body.metadata.resourceVersion).not.toBe(before.body.metadata.resourceVersion)
  })

  it('errors: bad name 400, image missing 404, signature missing 404', async () => {
    const api = await withImage()
    const bad = await call(api, 'DELETE', `${SIGS}/nosignature`)
    expect(bad.status).toBe(400)
    expect(bad.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'ImageSignatures must be accessed with <imageName>@<signatureName>',
      reason: 'BadRequest',
      code: 400,
    })
    const noImage = await call(api, 'DELETE', `${SIGS}/other@sig`)
    expect(noImage.status).toBe(404)
    expect(noImage.body.message).toBe('images.image.openshift.io "other" not found')
    const noSig = await call(api, 'DELETE', `${SIGS}/${DIGEST_A}@sig`)
    expect(noSig.status).toBe(404)
    expect(noSig.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `imageSignatures.image.openshift.io "${DIGEST_A}@sig" not found`,
      reason: 'NotFound',
      details: { name: `${DIGEST_A}@sig`, group: 'image.openshift.io', kind: 'imageSignatures' },
      code: 404,
    })
  })

  it('the last signature removed leaves an Image without signatures', async () => {
    const api = await withImage()
    await call(api, 'POST', SIGS, signature(`${DIGEST_A}@only`))
    expect((await call(api, 'DELETE', `${SIGS}/${DIGEST_A}@only`)).status).toBe(200)
    expect((await call(api, 'GET', `${IMAGES}/${DIGEST_A}`)).body.signatures).toBeUndefined()
  })
})

describe('ImageSignature routes', () => {
  it('GET, LIST, PUT, PATCH answer 405; discovery lists create and delete', async () => {
    const api = await withImage()
    for (const [method, path] of [
      ['GET', SIGS],
      ['GET', `${SIGS}/${DIGEST_A}@x`],
      ['PUT', `${SIGS}/${DIGEST_A}@x`],
      ['PATCH', `${SIGS}/${DIGEST_A}@x`],
      ['DELETE', SIGS],
    ] as const) {
      const r = await call(api, method, path, method === 'PUT' || method === 'PATCH' ? {} : undefined, { contentType: method === 'PATCH' ? 'application/merge-patch+json' : undefined })
      expect(r.status, `${method} ${path}`).toBe(405)
      expect(r.body.reason).toBe('MethodNotAllowed')
    }
    const disc = await call(api, 'GET', '/apis/image.openshift.io/v1')
    expect(disc.body.resources.find((r: { name: string }) => r.name === 'imagesignatures')).toEqual({
      name: 'imagesignatures',
      singularName: 'imagesignature',
      namespaced: false,
      kind: 'ImageSignature',
      verbs: ['create', 'delete'],
    })
  })

  it('a signature added with the Image is validated with the Image (signatures[i] paths)', async () => {
    const api = await withImage()
    const img = (await call(api, 'GET', `${IMAGES}/${DIGEST_A}`)).body
    const r = await call(api, 'PUT', `${IMAGES}/${DIGEST_A}`, { ...img, signatures: [{ metadata: { name: 'bad' }, type: 't', content: CONTENT }] })
    expect(r.status).toBe(422)
    expect(r.body.message).toBe(`Image.image.openshift.io "${DIGEST_A}" is invalid: signatures[0].metadata.name: Invalid value: "bad": name must be of format <imageName>@<signatureName>`)
  })
})
