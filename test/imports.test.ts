// ImageStreamImport: verbs, validation (ValidateImageStreamImport), stream consistency and preview
// (openshift-apiserver imagestreamimport/rest.go REST.Create).

import { describe, expect, it } from 'vitest'
import { call, dockerTag, IS, IMAGES, stream } from './helpers.js'
import { APP_1, APP_2, from, importApi, ISI, isi, MULTI, NO_AMD, post, S2 } from './imports-helpers.js'

describe('ImageStreamImport verbs', () => {
  it('is create-only: GET/DELETE on the collection 405, item paths 404', async () => {
    const api = importApi()
    const list = await call(api, 'GET', ISI)
    expect(list.status).toBe(405)
    expect(list.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'the server does not allow this method on the requested resource',
      reason: 'MethodNotAllowed',
      details: {},
      code: 405,
    })
    expect((await call(api, 'DELETE', ISI)).status).toBe(405)
    expect((await call(api, 'GET', `${ISI}?watch=true`)).status).toBe(405)
    for (const method of ['GET', 'PUT', 'PATCH', 'DELETE']) {
      const r = await call(api, method, `${ISI}/web`, method === 'GET' || method === 'DELETE' ? undefined : {})
      expect(r.status, method).toBe(404)
      expect(r.body.message).toBe('the server could not find the requested resource')
    }
    expect((await call(api, 'GET', '/apis/image.openshift.io/v1/imagestreamimports')).status).toBe(404)
  })

  it('is in discovery with the create verb only', async () => {
    const r = await call(importApi(), 'GET', '/apis/image.openshift.io/v1')
    expect(r.body.resources.find((x: any) => x.name === 'imagestreamimports')).toMatchObject({
      name: 'imagestreamimports',
      singularName: 'imagestreamimport',
      namespaced: true,
      kind: 'ImageStreamImport',
      verbs: ['create'],
    })
  })
})

describe('ImageStreamImport validation', () => {
  const invalid = async (body: Record<string, unknown>) => {
    const r = await post(importApi(), body)
    expect(r.status).toBe(422)
    expect(r.body.reason).toBe('Invalid')
    expect(r.body.details.kind).toBe('ImageStreamImport')
    expect(r.body.details.group).toBe('image.openshift.io')
    return r.body
  }

  it('only DockerImage sources', async () => {
    const b = await invalid(isi('web', { images: [{ from: { kind: 'ImageStreamTag', name: 'a:b' }, to: { name: '' } }] }))
    expect(b.message).toBe('ImageStreamImport.image.openshift.io "web" is invalid: spec.images[0].from.kind: Invalid value: "ImageStreamTag": only DockerImage is supported')
    expect(b.details.causes).toEqual([{ reason: 'FieldValueInvalid', message: 'Invalid value: "ImageStreamTag": only DockerImage is supported', field: 'spec.images[0].from.kind' }])
  })

  it('target tag, source name and import mode of each image, in order', async () => {
    const b = await invalid(
      isi('web', {
        images: [
          { from: { kind: 'DockerImage', name: '' }, to: { name: '' }, importPolicy: { importMode: 'Bogus' } },
          { from: { kind: 'DockerImage', name: 'abc@badid' } },
          // '*' is accepted (legacy clients), and then nothing else of the entry is checked.
          { from: { kind: 'DockerImage', name: '*' }, importPolicy: { importMode: 'Bogus' } },
          // scheduled is not rejected here
          { from: { kind: 'DockerImage', name: 'nginx' }, importPolicy: { scheduled: true } },
        ],
      }),
    )
    expect(b.details.causes.map((c: any) => `${c.field}: ${c.message}`)).toEqual([
      'spec.images[0].to.name: Invalid value: "": the name of the target tag must be specified',
      'spec.images[0].from.name: Required value',
      "spec.images[0].importPolicy.importMode: Invalid value: \"Bogus\": invalid import mode, valid modes are '', 'Legacy', 'PreserveOriginal'",
      'spec.images[1].from.name: Invalid value: "abc@badid": invalid reference format',
    ])
    expect(b.message).toBe(
      'ImageStreamImport.image.openshift.io "web" is invalid: [spec.images[0].to.name: Invalid value: "": the name of the target tag must be specified, ' +
        'spec.images[0].from.name: Required value, ' +
        "spec.images[0].importPolicy.importMode: Invalid value: \"Bogus\": invalid import mode, valid modes are '', 'Legacy', 'PreserveOriginal', " +
        'spec.images[1].from.name: Invalid value: "abc@badid": invalid reference format]',
    )
  })

  it('the repository: kind, required name, parse errors, no tag or ID, import mode', async () => {
    const cause = async (repository: unknown) => (await invalid(isi('web', { repository }))).details.causes.map((c: any) => `${c.field}: ${c.message}`)
    expect(await cause({ from: { kind: 'ImageStreamImage', name: 'x' } })).toEqual(['spec.repository.from.kind: Invalid value: "ImageStreamImage": only DockerImage is supported'])
    expect(await cause({ from: { kind: 'DockerImage', name: '' } })).toEqual(['spec.repository.from.name: Required value: container image references require a name'])
    expect(await cause({ from: { kind: 'DockerImage', name: 'a/b@sha256:something' } })).toEqual(['spec.repository.from.name: Invalid value: "a/b@sha256:something": invalid reference format'])
    expect(await cause({ from: { kind: 'DockerImage', name: 'a/b:1' } })).toEqual(['spec.repository.from.name: Invalid value: "a/b:1": you must specify an image repository, not a tag or ID'])
    expect(await cause({ from: { kind: 'DockerImage', name: `a/b@sha256:${'a'.repeat(64)}` } })).toEqual([
      `spec.repository.from.name: Invalid value: "a/b@sha256:${'a'.repeat(64)}": you must specify an image repository, not a tag or ID`,
    ])
    expect(await cause({ from: { kind: 'DockerImage', name: 'a/b' }, importPolicy: { importMode: 'x' } })).toEqual([
      "spec.repository.importPolicy.importMode: Invalid value: \"x\": invalid import mode, valid modes are '', 'Legacy', 'PreserveOriginal'",
    ])
  })

  it('needs at least one image or a repository', async () => {
    for (const spec of [{}, { images: [] }, { import: true }]) {
      const b = await invalid(isi('web', spec))
      expect(b.message).toBe('ImageStreamImport.image.openshift.io "web" is invalid: spec.images: Invalid value: null: you must specify at least one image or a repository import')
    }
  })

  it('metadata with the image stream name rules, after the spec errors', async () => {
    const b = await invalid(isi('Bad_Name', { images: [{ from: { kind: 'Other', name: 'x' } }] }))
    expect(b.details.causes.map((c: any) => c.field)).toEqual(['spec.images[0].from.kind', 'metadata.name'])
    expect(b.details.causes[1].message).toBe('Invalid value: "Bad_Name": must match "[a-z0-9]+(?:[._-][a-z0-9]+)*"')
    const noName = await invalid({ kind: 'ImageStreamImport', apiVersion: 'image.openshift.io/v1', metadata: {}, spec: { images: [from('nginx')] } })
    expect(noName.message).toBe('ImageStreamImport.image.openshift.io "" is invalid: metadata.name: Required value: name or generateName is required')
    const slash = await invalid(isi('a/b', { images: [from('nginx')] }))
    expect(slash.details.causes[0].message).toBe(`Invalid value: "a/b": may not contain '/'`)
  })

  it('a body namespace must match the request', async () => {
    const r = await post(importApi(), isi('web', { images: [from('quay.io/team/app:1')] }, { namespace: 'other' }))
    expect(r.status).toBe(400)
    expect(r.body.message).toBe('the namespace of the provided object does not match the namespace sent on the request')
  })
})

describe('ImageStreamImport stream consistency', () => {
  it('a missing stream with a resourceVersion or uid is NotFound (imagestreams)', async () => {
    const api = importApi()
    for (const metadata of [{ resourceVersion: '7' }, { uid: 'abc' }]) {
      const r = await post(api, isi('web', { import: true, images: [from('quay.io/team/app:1')] }, metadata))
      expect(r.status).toBe(404)
      expect(r.body).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'imagestreams.image.openshift.io "web" not found',
        reason: 'NotFound',
        details: { name: 'web', group: 'image.openshift.io', kind: 'imagestreams' },
        code: 404,
      })
    }
  })

  it('an existing stream: stale resourceVersion → 409, other uid → 404 (imagestream)', async () => {
    const api = importApi()
    const s = (await call(api, 'POST', IS, stream('web'))).body
    const conflict = await post(api, isi('web', { import: true, images: [from('quay.io/team/app:1')] }, { resourceVersion: '999' }))
    expect(conflict.status).toBe(409)
    expect(conflict.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `Operation cannot be fulfilled on imagestream.image.openshift.io "web": the image stream was updated from "999" to "${s.metadata.resourceVersion}"`,
      reason: 'Conflict',
      details: { name: 'web', group: 'image.openshift.io', kind: 'imagestream' },
      code: 409,
    })
    const uid = await post(api, isi('web', { import: true, images: [from('quay.io/team/app:1')] }, { uid: 'not-the-uid' }))
    expect(uid.status).toBe(404)
    expect(uid.body.message).toBe('imagestream.image.openshift.io "web" not found')
    expect(uid.body.details).toEqual({ name: 'web', group: 'image.openshift.io', kind: 'imagestream' })
    const ok = await post(api, isi('web', { import: true, images: [from('quay.io/team/app:1')] }, { resourceVersion: s.metadata.resourceVersion, uid: s.metadata.uid }))
    expect(ok.status).toBe(201)
  })
})

describe('ImageStreamImport preview, import: false', () => {
  it('201 with the statuses filled; nothing is written', async () => {
    const api = importApi()
    const rv = api.store.resourceVersion
    const r = await post(api, { ...isi('web', { images: [from('quay.io/team/app:1')] }), status: { images: [{ status: { status: 'Failure' } }] } })
    expect(r.status).toBe(201)
    expect(r.body.kind).toBe('ImageStreamImport')
    expect(r.body.apiVersion).toBe('image.openshift.io/v1')
    expect(r.body.metadata).toEqual({ name: 'web', namespace: 'ns', uid: expect.stringMatching(/^[0-9a-f-]{36}$/), creationTimestamp: expect.stringMatching(/Z$/) })
    // v1 defaults: to from the tag, referencePolicy Source, importMode Legacy.
    expect(r.body.spec).toEqual({
      import: false,
      images: [{ from: { kind: 'DockerImage', name: 'quay.io/team/app:1' }, to: { name: '1' }, importPolicy: { importMode: 'Legacy' }, referencePolicy: { type: 'Source' } }],
    })
    expect(Object.keys(r.body.status)).toEqual(['images'])
    const st = r.body.status.images[0]
    expect(Object.keys(st)).toEqual(['status', 'image', 'tag'])
    expect(st.status).toEqual({ metadata: {}, status: 'Success' })
    expect(st.tag).toBe('1')
    expect(st.image.metadata).toEqual({ name: APP_1.digest, creationTimestamp: null, annotations: { 'image.openshift.io/dockerLayersOrder': 'ascending' } })
    expect(st.image.dockerImageReference).toBe(`quay.io/team/app@${APP_1.digest}`)
    expect(st.image.dockerImageManifestMediaType).toBe(S2)
    expect(st.image.dockerImageMetadata.Id).toBe(APP_1.configDigest)
    expect(st.image.dockerImageMetadata.Config).toEqual({ Cmd: ['/app'], Labels: { version: '1' } })
    expect(st.image.dockerImageLayers).toEqual(APP_1.image.dockerImageLayers)
    expect(st.image.dockerImageMetadata.Size).toBe((APP_1.image.dockerImageMetadata as any).Size)
    expect(st.image.dockerImageManifest).toBeUndefined()
    expect(st.image.dockerImageConfig).toBeUndefined()
    expect(api.store.resourceVersion).toBe(rv)
    expect((await call(api, 'GET', `${IS}/web`)).status).toBe(404)
    expect((await call(api, 'GET', `${IMAGES}/${APP_1.digest}`)).status).toBe(404)
  })

  it('includeManifest returns the raw manifest and config', async () => {
    const r = await post(importApi(), isi('web', { images: [from('quay.io/team/app:1', { includeManifest: true }), from('quay.io/team/app:2')] }))
    expect(r.body.status.images[0].image.dockerImageManifest).toBe(APP_1.manifest)
    expect(r.body.status.images[0].image.dockerImageConfig).toBe(APP_1.config)
    expect(r.body.status.images[1].image.dockerImageManifest).toBeUndefined()
  })

  it('digest imports: no tag, reference with the digest; `to` is not defaulted', async () => {
    const r = await post(importApi(), isi('web', { images: [from(`quay.io/team/app@${APP_2.digest}`)] }))
    expect(r.body.spec.images[0].to).toBeUndefined()
    const st = r.body.status.images[0]
    expect(Object.keys(st)).toEqual(['status', 'image'])
    expect(st.image.metadata.name).toBe(APP_2.digest)
    expect(st.image.dockerImageReference).toBe(`quay.io/team/app@${APP_2.digest}`)
  })

  it('the reference keeps the form the user wrote (no docker.io normalisation) and one entry per spec image', async () => {
    const api = importApi({ remoteRegistry: { registries: { 'docker.io': { repositories: { 'library/app': { tags: { latest: APP_1 } } } } } } })
    const r = await post(api, isi('web', { images: [from('app'), from('app:latest'), from('docker.io/library/app:latest')] }))
    expect(r.body.status.images).toHaveLength(3)
    // Same repository, same tag: one fetch; the reference follows the first spelling of the repository.
    expect(r.body.status.images.map((s: any) => s.image.dockerImageReference)).toEqual([`app@${APP_1.digest}`, `app@${APP_1.digest}`, `app@${APP_1.digest}`])
    expect(r.body.status.images.map((s: any) => s.tag)).toEqual(['latest', 'latest', 'latest'])
    expect(r.body.spec.images.map((s: any) => s.to)).toEqual([undefined, { name: 'latest' }, { name: 'latest' }])
  })

  it('Legacy picks linux/amd64 from a manifest list; PreserveOriginal returns the list and its children', async () => {
    const r = await post(
      importApi(),
      isi('web', { images: [from('quay.io/team/multi:latest'), from('quay.io/team/multi:latest', { importPolicy: { importMode: 'PreserveOriginal' } })] }),
    )
    const [legacy, preserve] = r.body.status.images
    const amd = MULTI.builds.find((b) => b.platform.architecture === 'amd64')!
    expect(legacy.image.metadata.name).toBe(amd.digest)
    expect(legacy.image.dockerImageReference).toBe(`quay.io/team/multi@${amd.digest}`)
    expect(legacy.manifests).toBeUndefined()
    expect(preserve.image.metadata).toEqual({ name: MULTI.digest, creationTimestamp: null })
    expect(preserve.image.dockerImageManifestMediaType).toBe('application/vnd.docker.distribution.manifest.list.v2+json')
    expect(preserve.image.dockerImageLayers).toBeNull()
    expect(preserve.image.dockerImageMetadata).toEqual({ kind: 'DockerImage', apiVersion: 'image.openshift.io/1.0', Id: MULTI.digest, Created: r.body.metadata.creationTimestamp, ContainerConfig: {} })
    expect(preserve.image.dockerImageManifests).toEqual(MULTI.image.dockerImageManifests)
    expect(preserve.manifests.map((m: any) => m.metadata.name)).toEqual(MULTI.builds.map((b) => b.digest))
    expect(preserve.manifests.map((m: any) => m.dockerImageReference)).toEqual(MULTI.builds.map((b) => `quay.io/team/multi@${b.digest}`))
    // QUIRK: clearManifests does not touch the sub-manifests of a preview.
    expect(preserve.manifests[0].dockerImageManifest).toBe(MULTI.builds[0]!.manifest)
  })

  it('Legacy: prefer-arch/prefer-os annotations of the target spec tag choose the child; else amd64, else the first', async () => {
    const api = importApi()
    await call(api, 'POST', IS, stream('web', [dockerTag('arm', 'quay.io/team/multi:latest', { annotations: { 'importer.image.openshift.io/prefer-arch': 'arm64', 'importer.image.openshift.io/prefer-os': 'linux' } })]))
    const r = await post(
      api,
      isi('web', { images: [from('quay.io/team/multi:latest', { to: { name: 'arm' } }), from('quay.io/team/multi:latest', { to: { name: 'other' } }), from('quay.io/team/multi:noamd')] }),
    )
    const arm = MULTI.builds.find((b) => b.platform.architecture === 'arm64')!
    const amd = MULTI.builds.find((b) => b.platform.architecture === 'amd64')!
    expect(r.body.status.images.map((s: any) => s.image.metadata.name)).toEqual([arm.digest, amd.digest, NO_AMD.builds[0]!.digest])
  })

  it('OCI manifests and indexes', async () => {
    const r = await post(importApi(), isi('web', { images: [from('quay.io/team/app:oci'), from('quay.io/team/multi:noamd', { importPolicy: { importMode: 'PreserveOriginal' } })] }))
    expect(r.body.status.images[0].image.dockerImageManifestMediaType).toBe('application/vnd.oci.image.manifest.v1+json')
    expect(r.body.status.images[1].image.dockerImageManifestMediaType).toBe('application/vnd.oci.image.index.v1+json')
    expect(r.body.status.images[1].manifests).toHaveLength(2)
  })
})
