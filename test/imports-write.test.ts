// ImageStreamImport with `spec.import: true` (openshift-apiserver imagestreamimport/rest.go REST.Create),
// repository imports (importer.go importFromRepository, library-go PrioritizeTags).

import { describe, expect, it } from 'vitest'
import { buildImage } from '../src/fixtures/image.js'
import { call, dockerTag, IMAGES, IS, stream } from './helpers.js'
import { APP_1, APP_2, from, importApi, isi, MULTI, post } from './imports-helpers.js'

const CHECK = 'openshift.io/image.dockerRepositoryCheck'

describe('import: true into a new stream', () => {
  it('creates the stream (generation 1, annotation), the spec tag, the tag event and the Image', async () => {
    const api = importApi()
    const r = await post(api, isi('web', { import: true, images: [from('quay.io/team/app:1')] }))
    expect(r.status).toBe(201)
    const s = r.body.status.import
    // Embedded: the stored stream without type meta.
    expect(s.kind).toBeUndefined()
    expect(s.metadata.name).toBe('web')
    expect(s.metadata.generation).toBe(1)
    expect(s.metadata.annotations).toEqual({ [CHECK]: r.body.metadata.creationTimestamp })
    expect(s.spec.tags).toEqual([
      { name: '1', annotations: null, from: { kind: 'DockerImage', name: 'quay.io/team/app:1' }, generation: 1, importPolicy: { importMode: 'Legacy' }, referencePolicy: { type: 'Source' } },
    ])
    expect(s.status.tags).toEqual([
      { tag: '1', items: [{ created: r.body.metadata.creationTimestamp, dockerImageReference: `quay.io/team/app@${APP_1.digest}`, image: APP_1.digest, generation: 1 }] },
    ])
    // The stored stream is what the response shows.
    const got = await call(api, 'GET', `${IS}/web`)
    expect(got.body.metadata.resourceVersion).toBe(s.metadata.resourceVersion)
    expect(got.body.status.tags).toEqual(s.status.tags)
    // The Image: created without its raw manifest, with the metadata the import computed.
    const img = await call(api, 'GET', `${IMAGES}/${APP_1.digest}`)
    expect(img.status).toBe(200)
    expect(img.body.dockerImageReference).toBe(`quay.io/team/app@${APP_1.digest}`)
    expect(img.body.dockerImageManifest).toBeUndefined()
    expect(img.body.dockerImageMetadata.Id).toBe(APP_1.configDigest)
    expect(img.body.dockerImageLayers).toEqual(APP_1.image.dockerImageLayers)
    expect(img.body.metadata.annotations).toEqual({ 'image.openshift.io/dockerLayersOrder': 'ascending' })
    // status.images[i].image is the stored Image; QUIRK: its manifest is gone even with includeManifest.
    expect(r.body.status.images[0].image.metadata.uid).toBe(img.body.metadata.uid)
  })

  it('QUIRK: includeManifest has no effect on images that were imported into a tag', async () => {
    const r = await post(importApi(), isi('web', { import: true, images: [from('quay.io/team/app:1', { includeManifest: true }), from(`quay.io/team/app@${APP_2.digest}`, { includeManifest: true })] }))
    expect(r.body.status.images[0].image.dockerImageManifest).toBeUndefined()
    // An entry without `to` is only previewed: its manifest is returned, no Image is created.
    expect(r.body.status.images[1].image.dockerImageManifest).toBe(APP_2.manifest)
  })

  it('entries without `to` are previewed only; a failure of one does not stop the others', async () => {
    const api = importApi()
    const r = await post(api, isi('web', { import: true, images: [from(`quay.io/team/app@${APP_2.digest}`), from('quay.io/team/app:1'), from('quay.io/team/app:nope')] }))
    expect(r.status).toBe(201)
    expect((await call(api, 'GET', `${IMAGES}/${APP_2.digest}`)).status).toBe(404)
    const s = r.body.status.import
    expect(s.spec.tags.map((t: any) => [t.name, t.generation])).toEqual([
      ['1', 1],
      ['nope', 1],
    ])
    const nope = s.status.tags.find((t: any) => t.tag === 'nope')
    expect(nope).toEqual({
      tag: 'nope',
      items: null,
      conditions: [
        {
          type: 'ImportSuccess',
          status: 'False',
          lastTransitionTime: r.body.metadata.creationTimestamp,
          reason: 'NotFound',
          message: 'dockerimage.image.openshift.io "quay.io/team/app:nope" not found',
          generation: 1,
        },
      ],
    })
  })

  it('dryRun writes nothing', async () => {
    const api = importApi()
    const rv = api.store.resourceVersion
    const r = await post(api, isi('web', { import: true, images: [from('quay.io/team/app:1')] }), '?dryRun=All')
    expect(r.status).toBe(201)
    expect(r.body.status.import.metadata.name).toBe('web')
    expect(api.store.resourceVersion).toBe(rv)
    expect((await call(api, 'GET', `${IS}/web`)).status).toBe(404)
  })
})

describe('import: true into an existing stream (G = generation + 1)', () => {
  async function setup() {
    const api = importApi()
    await post(api, isi('web', { import: true, images: [from('quay.io/team/app:1', { to: { name: 'app' } })] }))
    return api
  }

  it('a new digest is prepended with generation G; the spec tag is reset to the import', async () => {
    const api = await setup()
    const r = await post(api, isi('web', { import: true, images: [from('quay.io/team/app:2', { to: { name: 'app' }, importPolicy: { scheduled: true } })] }))
    const s = r.body.status.import
    expect(s.metadata.generation).toBe(2)
    expect(s.spec.tags[0]).toEqual({
      name: 'app',
      annotations: null,
      from: { kind: 'DockerImage', name: 'quay.io/team/app:2' },
      generation: 2,
      importPolicy: { scheduled: true, importMode: 'Legacy' },
      referencePolicy: { type: 'Source' },
    })
    expect(s.status.tags[0].items.map((e: any) => [e.image, e.generation])).toEqual([
      [APP_2.digest, 2],
      [APP_1.digest, 1],
    ])
  })

  it('the same image again: nothing changes, nothing is written', async () => {
    const api = await setup()
    const before = (await call(api, 'GET', `${IS}/web`)).body
    const r = await post(api, isi('web', { import: true, images: [from('quay.io/team/app:1', { to: { name: 'app' } })] }))
    expect(r.status).toBe(201)
    expect(r.body.status.import.metadata.resourceVersion).toBe(before.metadata.resourceVersion)
    expect(r.body.status.import.metadata.annotations[CHECK]).toBe(before.metadata.annotations[CHECK])
  })

  it('an explicit referencePolicy of the spec tag is kept; importPolicy always follows the import', async () => {
    const api = importApi()
    await call(api, 'POST', IS, stream('web', [dockerTag('app', 'quay.io/team/app:1', { referencePolicy: { type: 'Local' } })]))
    const r = await post(api, isi('web', { import: true, images: [from('quay.io/team/app:2', { to: { name: 'app' }, referencePolicy: { type: 'Source' }, importPolicy: { insecure: true } })] }))
    const tag = r.body.status.import.spec.tags[0]
    expect(tag.referencePolicy).toEqual({ type: 'Local' })
    expect(tag.importPolicy).toEqual({ insecure: true, importMode: 'Legacy' })
    expect(tag.from.name).toBe('quay.io/team/app:2')
    // A new tag takes the import's reference policy.
    const r2 = await post(api, isi('web', { import: true, images: [from('quay.io/team/app:2', { to: { name: 'local' }, referencePolicy: { type: 'Local' } })] }))
    expect(r2.body.status.import.spec.tags.find((t: any) => t.name === 'local').referencePolicy).toEqual({ type: 'Local' })
  })

  it('the stream without the annotation gets it (no generation bump when nothing else changed)', async () => {
    const api = importApi()
    // Seeded with the current image already in status.
    await api.seed([
      {
        kind: 'ImageStream',
        apiVersion: 'image.openshift.io/v1',
        metadata: { name: 'web', namespace: 'ns' },
        spec: { tags: [{ name: 'app', from: { kind: 'DockerImage', name: 'quay.io/team/app:1' } }] },
        status: { tags: [{ tag: 'app', items: [{ created: '2024-01-01T00:00:00Z', dockerImageReference: `quay.io/team/app@${APP_1.digest}`, image: APP_1.digest, generation: 1 }] }] },
      },
    ])
    const r = await post(api, isi('web', { import: true, images: [from('quay.io/team/app:1', { to: { name: 'app' } })] }))
    const s = r.body.status.import
    expect(s.metadata.generation).toBe(1)
    expect(s.metadata.annotations[CHECK]).toBe(r.body.metadata.creationTimestamp)
    expect(s.status.tags[0].items).toHaveLength(1)
    expect(s.status.tags[0].items[0].created).toBe('2024-01-01T00:00:00Z')
  })

  it('a failure sets a condition, resets the spec tag generation to G, keeps history; repeated it writes nothing', async () => {
    const api = await setup()
    const r = await post(api, isi('web', { import: true, images: [from('quay.io/team/app:broken', { to: { name: 'app' } })] }))
    const s = r.body.status.import
    expect(s.metadata.generation).toBe(2)
    // An existing spec tag is left alone (from unchanged) but its generation is reset (→ G).
    expect(s.spec.tags[0].from.name).toBe('quay.io/team/app:1')
    expect(s.spec.tags[0].generation).toBe(2)
    expect(s.status.tags[0].items).toHaveLength(1)
    expect(s.status.tags[0].conditions).toEqual([
      {
        type: 'ImportSuccess',
        status: 'False',
        lastTransitionTime: r.body.metadata.creationTimestamp,
        reason: 'InternalError',
        message: 'Internal error occurred: quay.io/team/app:broken: received unexpected HTTP status: 500 Internal Server Error',
        generation: 2,
      },
    ])
    const again = await post(api, isi('web', { import: true, images: [from('quay.io/team/app:broken', { to: { name: 'app' } })] }))
    expect(again.body.status.import.metadata.resourceVersion).toBe(s.metadata.resourceVersion)
    // A success clears the conditions.
    const ok = await post(api, isi('web', { import: true, images: [from('quay.io/team/app:2', { to: { name: 'app' } })] }))
    expect(ok.body.status.import.status.tags[0].conditions).toBeUndefined()
    expect(ok.body.status.import.status.tags[0].items[0].image).toBe(APP_2.digest)
  })

  it('an Image that already exists is fine: the response shows the imported one', async () => {
    const api = importApi()
    const pre = await call(api, 'POST', IMAGES, { kind: 'Image', apiVersion: 'image.openshift.io/v1', metadata: { name: APP_1.digest, labels: { mine: 'yes' } }, dockerImageReference: 'elsewhere/x@' + APP_1.digest })
    const r = await post(api, isi('web', { import: true, images: [from('quay.io/team/app:1')] }))
    expect(r.status).toBe(201)
    expect(r.body.status.images[0].image.metadata.uid).toBeUndefined()
    expect(r.body.status.images[0].image.dockerImageReference).toBe(`quay.io/team/app@${APP_1.digest}`)
    const img = await call(api, 'GET', `${IMAGES}/${APP_1.digest}`)
    expect(img.body.metadata.resourceVersion).toBe(pre.body.metadata.resourceVersion)
  })

  it('tracking tags follow an imported tag (internal update)', async () => {
    const api = importApi()
    await call(api, 'POST', IS, stream('web', [dockerTag('app', 'quay.io/team/app:1'), { name: 'latest', from: { kind: 'ImageStreamTag', name: 'app' } }]))
    const r = await post(api, isi('web', { import: true, images: [from('quay.io/team/app:1', { to: { name: 'app' } })] }))
    const latest = r.body.status.import.status.tags.find((t: any) => t.tag === 'latest')
    expect(latest.items[0].image).toBe(APP_1.digest)
  })
})

describe('manifest lists with import: true', () => {
  it('PreserveOriginal: the list Image and every child Image are created; the tag points at the list', async () => {
    const api = importApi()
    const r = await post(api, isi('web', { import: true, images: [from('quay.io/team/multi:latest', { importPolicy: { importMode: 'PreserveOriginal' } })] }))
    const s = r.body.status.import
    expect(s.status.tags[0].items[0].image).toBe(MULTI.digest)
    expect(s.spec.tags[0].importPolicy).toEqual({ importMode: 'PreserveOriginal' })
    const list = await call(api, 'GET', `${IMAGES}/${MULTI.digest}`)
    expect(list.body.dockerImageManifests).toEqual(MULTI.image.dockerImageManifests)
    expect(list.body.dockerImageLayers).toBeNull()
    for (const b of MULTI.builds) {
      const child = await call(api, 'GET', `${IMAGES}/${b.digest}`)
      expect(child.status).toBe(200)
      expect(child.body.dockerImageReference).toBe(`quay.io/team/multi@${b.digest}`)
      expect(child.body.dockerImageManifest).toBeUndefined()
    }
    expect(r.body.status.images[0].manifests.map((m: any) => m.metadata.uid)).toEqual(MULTI.builds.map(() => expect.any(String)))
    // The layers view sees the list and its children.
    const layers = await call(api, 'GET', `${IS}/web/layers`)
    if (layers.status === 200) expect(layers.body.images[MULTI.digest].manifests).toEqual(MULTI.builds.map((b) => b.digest))
  })

  it('Legacy: only the chosen child is created and tagged', async () => {
    const api = importApi()
    const r = await post(api, isi('web', { import: true, images: [from('quay.io/team/multi:latest')] }))
    const amd = MULTI.builds.find((b) => b.platform.architecture === 'amd64')!
    expect(r.body.status.import.status.tags[0].items[0]).toMatchObject({ image: amd.digest, dockerImageReference: `quay.io/team/multi@${amd.digest}` })
    expect((await call(api, 'GET', `${IMAGES}/${MULTI.digest}`)).status).toBe(404)
  })
})

describe('repository imports (spec.repository)', () => {
  const many: Record<string, ReturnType<typeof buildImage>> = {}
  const names = ['latest', 'v1', 'other', 'v2', '3', '3.1', 'abc', '2.0.1', 'v2.0.2', '10']
  for (let i = 0; i < 48; i++) names.push(`build-${String(i).padStart(2, '0')}`)
  for (const n of names) many[n] = buildImage({ seed: `many ${n}` })
  const manyApi = () =>
    importApi({ remoteRegistry: { defaults: false, registries: { 'quay.io': { repositories: { 'team/many': { tags: { ...many, bad: { error: 'notFound' } } } } } } } })

  it('orders the tags (1.10), imports the first 50, lists the rest as additionalTags', async () => {
    const r = await post(manyApi(), isi('web', { repository: { from: { kind: 'DockerImage', name: 'quay.io/team/many' } } }))
    expect(r.status).toBe(201)
    const repo = r.body.status.repository
    expect(Object.keys(repo)).toEqual(['status', 'images', 'additionalTags'])
    const tags = repo.images.map((i: any) => i.tag)
    expect(tags).toHaveLength(50)
    // latest; minor versions; full semantic versions (newest first); the rest lexicographic ("3" and "10"
    // are not semver).
    expect(tags.slice(0, 9)).toEqual(['latest', '3.1', 'v2.0.2', '2.0.1', '10', '3', 'abc', 'bad', 'build-00'])
    expect(tags[49]).toBe('build-41')
    expect(repo.additionalTags).toEqual(['build-42', 'build-43', 'build-44', 'build-45', 'build-46', 'build-47', 'other', 'v1', 'v2'])
    // One tag fails: the repository status says so.
    expect(repo.status).toEqual({ metadata: {}, status: 'Failure', message: 'one of the images from this repository failed to import', reason: 'ImportFailed' })
    const bad = repo.images.find((i: any) => i.tag === 'bad')
    expect(bad).toEqual({
      status: {
        metadata: {},
        status: 'Failure',
        message: 'dockerimage.image.openshift.io "quay.io/team/many:bad" not found',
        reason: 'NotFound',
        details: { name: 'quay.io/team/many:bad', group: 'image.openshift.io', kind: 'dockerimage' },
        code: 404,
      },
      tag: 'bad',
    })
    expect(repo.images[0].image.dockerImageReference).toBe(`quay.io/team/many@${many.latest!.digest}`)
  })

  it('import: true tags every imported image as <repository>:<tag>, failures as conditions', async () => {
    const api = manyApi()
    const r = await post(api, isi('web', { import: true, repository: { from: { kind: 'DockerImage', name: 'quay.io/team/many' }, referencePolicy: { type: 'Local' } } }))
    const s = r.body.status.import
    expect(s.spec.tags).toHaveLength(49)
    const latest = s.spec.tags.find((t: any) => t.name === 'latest')
    expect(latest).toEqual({
      name: 'latest',
      annotations: null,
      from: { kind: 'DockerImage', name: 'quay.io/team/many:latest' },
      generation: 1,
      importPolicy: { importMode: 'Legacy' },
      referencePolicy: { type: 'Local' },
    })
    expect(s.status.tags).toHaveLength(50)
    expect(s.status.tags.find((t: any) => t.tag === 'bad').conditions[0].reason).toBe('NotFound')
  })

  it('two failures: "<n> of the images from this repository failed to import"; a failed listing fails the repository', async () => {
    const api = importApi({ remoteRegistry: { defaults: false, registries: { 'quay.io': { repositories: { 'team/x': { tags: { a: { error: 'notFound' }, b: { error: 'x' }, c: APP_1 } } } } } } })
    const r = await post(api, isi('web', { repository: { from: { kind: 'DockerImage', name: 'quay.io/team/x' } } }))
    expect(r.body.status.repository.status.message).toBe('2 of the images from this repository failed to import')
    const missing = await post(api, isi('web', { repository: { from: { kind: 'DockerImage', name: 'quay.io/team/none' } } }))
    expect(missing.body.status.repository).toEqual({
      status: {
        metadata: {},
        status: 'Failure',
        message: 'dockerimage.image.openshift.io "quay.io/team/none" not found',
        reason: 'NotFound',
        details: { name: 'quay.io/team/none', group: 'image.openshift.io', kind: 'dockerimage' },
        code: 404,
      },
    })
    const dns = await post(api, isi('web', { repository: { from: { kind: 'DockerImage', name: 'test' } } }))
    expect(dns.body.status.repository.status).toEqual({
      metadata: {},
      status: 'Failure',
      message: 'Internal error occurred: test: Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io: no such host',
      reason: 'InternalError',
      details: { causes: [{ message: 'test: Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io: no such host' }] },
      code: 500,
    })
  })
})

describe('one transaction per import', () => {
  it('a write that fails (an invalid Image) leaves nothing behind', async () => {
    // A manifest list whose entry has no platform: the list Image fails validation after its child was created.
    const list = JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.docker.distribution.manifest.list.v2+json',
      manifests: [{ mediaType: 'application/vnd.docker.distribution.manifest.v2+json', size: APP_2.manifest.length, digest: APP_2.digest }],
    })
    const api = importApi({
      remoteRegistry: {
        defaults: false,
        registries: {
          'quay.io': {
            repositories: {
              'team/app': { tags: { '1': APP_1 } },
              'team/bad': { tags: { latest: { manifest: list, children: [{ manifest: APP_2.manifest, config: APP_2.config }] } } },
            },
          },
        },
      },
    })
    const rv = api.store.resourceVersion
    const r = await post(
      api,
      isi('web', { import: true, images: [from('quay.io/team/app:1'), from('quay.io/team/bad:latest', { importPolicy: { importMode: 'PreserveOriginal' } })] }),
    )
    expect(r.status).toBe(422)
    expect(r.body.message).toContain('dockerImageManifests[0].architecture: Required value')
    expect(api.store.resourceVersion).toBe(rv)
    expect((await call(api, 'GET', `${IMAGES}/${APP_1.digest}`)).status).toBe(404)
    expect((await call(api, 'GET', `${IMAGES}/${APP_2.digest}`)).status).toBe(404)
    expect((await call(api, 'GET', `${IS}/web`)).status).toBe(404)
  })

  it('every write of an import commits together (consecutive resourceVersions)', async () => {
    const api = importApi()
    const rv = api.store.resourceVersion
    const r = await post(api, isi('web', { import: true, images: [from('quay.io/team/app:1', { to: { name: 'a' } }), from('quay.io/team/app:2', { to: { name: 'b' } })] }))
    expect(r.status).toBe(201)
    // Two Images and the stream.
    expect(api.store.resourceVersion).toBe(rv + 3)
    expect(Number(r.body.status.import.metadata.resourceVersion)).toBe(rv + 3)
  })
})

