import { describe, expect, it } from 'vitest'
import { resolveStreamImage } from '../src/image/views/imagestreamimage.js'
import { call, DIGEST_A, DIGEST_B, fakeApi, image } from './helpers.js'

const ISIMAGES = '/apis/image.openshift.io/v1/namespaces/ns/imagestreamimages'
const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json'
const T1 = '2026-01-01T00:00:00Z'

const FF = 'sha256:ff46b78279f2' + '0'.repeat(52)
const LIST = 'sha256:' + '1'.repeat(64)
const AMD = 'sha256:' + '2'.repeat(64)
const ARM = 'sha256:' + '3'.repeat(64)

/** A schema2 manifest + config pair the image strategy can parse (metadata and layers get filled). */
const MANIFEST = JSON.stringify({
  schemaVersion: 2,
  mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
  config: { mediaType: 'application/vnd.docker.container.image.v1+json', size: 37, digest: 'sha256:' + 'c0'.repeat(32) },
  layers: [{ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', size: 100, digest: 'sha256:' + '1a'.repeat(32) }],
})
const CONFIG = '{"architecture":"amd64","os":"linux"}'

const ev = (img: string, ref = `quay.io/a/b@${img}`) => ({ created: T1, dockerImageReference: ref, image: img, generation: 1 })

function repo(tags: unknown[], annotations: Record<string, string> = { note: 'stream' }) {
  return {
    kind: 'ImageStream',
    apiVersion: 'image.openshift.io/v1',
    metadata: { name: 'repo', namespace: 'ns', labels: { l: '1' }, annotations },
    spec: {},
    status: { dockerImageRepository: '', tags },
  }
}

const manifestList = image(LIST, `quay.io/a/b@${LIST}`, {
  dockerImageManifestMediaType: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerImageManifests: [
    { digest: AMD, mediaType: 'application/vnd.docker.distribution.manifest.v2+json', manifestSize: 10, architecture: 'amd64', os: 'linux' },
    { digest: ARM, mediaType: 'application/vnd.docker.distribution.manifest.v2+json', manifestSize: 10, architecture: 'arm64', os: 'linux' },
  ],
})

async function seeded() {
  const api = fakeApi()
  await api.seed([
    image(DIGEST_A, `quay.io/own/ref@${DIGEST_A}`, { dockerImageManifest: MANIFEST, dockerImageConfig: CONFIG }),
    image(DIGEST_B),
    image(FF),
    manifestList,
    image(AMD),
    repo([
      { tag: 'latest', items: [ev(DIGEST_A), ev(DIGEST_B)] },
      { tag: 'ff', items: [ev(FF)] },
      { tag: 'multi', items: [ev(LIST)] },
    ]),
  ])
  return api
}

describe('ImageStreamImage GET', () => {
  it('returns the Image with the stream annotations and the image creationTimestamp', async () => {
    const api = await seeded()
    const img = (await call(api, 'GET', `/apis/image.openshift.io/v1/images/${DIGEST_A}`)).body
    const r = await call(api, 'GET', `${ISIMAGES}/repo@${DIGEST_A}`)
    expect(r.status).toBe(200)
    expect(Object.keys(r.body)).toEqual(['kind', 'apiVersion', 'metadata', 'image'])
    expect(r.body.kind).toBe('ImageStreamImage')
    expect(r.body.metadata).toEqual({ name: `repo@${DIGEST_A}`, namespace: 'ns', creationTimestamp: img.metadata.creationTimestamp, annotations: { note: 'stream' } })
    const { kind: _k, apiVersion: _a, dockerImageManifest: _m, dockerImageConfig: _c, ...rest } = img
    expect(r.body.image).toEqual(rest)
    // the image's own reference, no reference policy applied
    expect(r.body.image.dockerImageReference).toBe(`quay.io/own/ref@${DIGEST_A}`)
  })

  it('finds older history items, short digests (hex or sha256: prefix) and echoes the requested name', async () => {
    const api = await seeded()
    const old = await call(api, 'GET', `${ISIMAGES}/repo@${DIGEST_B}`)
    expect(old.status).toBe(200)
    for (const id of ['ff46b782', 'sha256:ff46b782']) {
      const r = await call(api, 'GET', `${ISIMAGES}/repo@${id}`)
      expect(r.status).toBe(200)
      expect(r.body.metadata.name).toBe(`repo@${id}`)
      expect(r.body.image.metadata.name).toBe(FF)
    }
  })

  it('finds manifest-list children through dockerImageManifests', async () => {
    const api = await seeded()
    const r = await call(api, 'GET', `${ISIMAGES}/repo@${AMD}`)
    expect(r.status).toBe(200)
    expect(r.body.image.metadata.name).toBe(AMD)
    const list = await call(api, 'GET', `${ISIMAGES}/repo@${LIST}`)
    expect(list.body.image.dockerImageManifests).toHaveLength(2)
    // a child without an Image object is a candidate, but the image is missing
    const arm = await call(api, 'GET', `${ISIMAGES}/repo@${ARM}`)
    expect(arm.status).toBe(404)
    expect(arm.body.message).toBe(`images.image.openshift.io "${ARM}" not found`)
  })

  it('non-digest image names match by string prefix', async () => {
    const api = fakeApi()
    await api.seed([image('sha256:abc321', 'quay.io/a/b:1'), repo([{ tag: 't', items: [ev('sha256:abc321', 'quay.io/a/b:1')] }])])
    const r = await call(api, 'GET', `${ISIMAGES}/repo@sha256:abc321`)
    expect(r.status).toBe(200)
    expect((await call(api, 'GET', `${ISIMAGES}/repo@sha256:abc`)).status).toBe(200)
    expect((await call(api, 'GET', `${ISIMAGES}/repo@abc`)).status).toBe(404)
  })

  it('several matches: the greatest image name wins (deterministic; the real server picks at random)', async () => {
    expect(resolveStreamImage([AMD, LIST, ARM], 'sha256:')).toBe(ARM)
    expect(resolveStreamImage([AMD, LIST], '2')).toBe(AMD)
    expect(resolveStreamImage([AMD], '9')).toBeUndefined()
    const api = await seeded()
    // DIGEST_A (aaa…), DIGEST_B (bbb…), FF, LIST (111…), AMD (222…) all start with "sha256:"
    const r = await call(api, 'GET', `${ISIMAGES}/repo@sha256:`)
    expect(r.status).toBe(200)
    expect(r.body.image.metadata.name).toBe(FF)
  })

  it('404 with the singular resource and the full requested name when nothing matches', async () => {
    const api = await seeded()
    const r = await call(api, 'GET', `${ISIMAGES}/repo@sha256:99`)
    expect(r.status).toBe(404)
    expect(r.body).toMatchObject({
      message: 'imagestreamimage.image.openshift.io "repo@sha256:99" not found',
      details: { name: 'repo@sha256:99', group: 'image.openshift.io', kind: 'imagestreamimage' },
    })
    const s = await call(api, 'GET', `${ISIMAGES}/nope@${DIGEST_A}`)
    expect(s.body.message).toBe('imagestreams.image.openshift.io "nope" not found')
  })

  it.each(['a', 'a@b@c', '@id', 'name@'])('400 for the bad name %j', async (name) => {
    const r = await call(await seeded(), 'GET', `${ISIMAGES}/${encodeURIComponent(name)}`)
    expect(r.status).toBe(400)
    expect(r.body.message).toBe('ImageStreamImages must be retrieved with <name>@<id>')
  })

  it('QUIRK: a broken image in the layers view fails the lookup with an empty kind and name', async () => {
    const api = fakeApi()
    await api.seed([image(DIGEST_A, `quay.io/a/b@${DIGEST_A}`, { dockerImageLayers: [{ name: 'sha256:l1', size: 1, mediaType: 'm' }, { name: '', size: 1, mediaType: 'm' }] }), repo([{ tag: 't', items: [ev(DIGEST_A)] }])])
    const r = await call(api, 'GET', `${ISIMAGES}/repo@${DIGEST_A}`)
    expect(r.status).toBe(422)
    expect(r.body.message).toBe(`.image.openshift.io "" is invalid: images[${DIGEST_A}].layers[1]: Invalid value: "": layer cannot be empty`)
  })

  it('GET only: other verbs 405, no collection (404)', async () => {
    const api = await seeded()
    for (const m of ['PUT', 'PATCH', 'DELETE']) {
      const r = await call(api, m, `${ISIMAGES}/repo@${DIGEST_A}`, {}, { contentType: m === 'PATCH' ? 'application/merge-patch+json' : undefined })
      expect(r.status).toBe(405)
    }
    const list = await call(api, 'GET', ISIMAGES)
    expect(list.status).toBe(404)
    expect(list.body.message).toBe('the server could not find the requested resource')
    const disc = (await call(api, 'GET', '/apis/image.openshift.io/v1')).body.resources.find((x: any) => x.name === 'imagestreamimages')
    expect(disc).toEqual({ name: 'imagestreamimages', singularName: 'imagestreamimage', namespaced: true, kind: 'ImageStreamImage', verbs: ['get'], shortNames: ['isimage'] })
  })

  it('Table: NAME, UPDATED and the wide IMAGE REFERENCE, IMAGE NAME', async () => {
    const api = await seeded()
    const r = await call(api, 'GET', `${ISIMAGES}/repo@${DIGEST_A}`, undefined, { headers: { accept: TABLE } })
    expect(r.body.kind).toBe('Table')
    expect(r.body.columnDefinitions.map((c: any) => [c.name, c.priority])).toEqual([
      ['Name', 0],
      ['Updated', 0],
      ['Image Reference', 1],
      ['Image Name', 1],
    ])
    const [name, updated, ref, img] = r.body.rows[0].cells
    expect([name, ref, img]).toEqual([`repo@${DIGEST_A}`, `quay.io/own/ref@${DIGEST_A}`, DIGEST_A])
    expect(updated).toMatch(/^(Less than a second|\d+ seconds?) ago$/)
  })
})
