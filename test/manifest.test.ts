// Raw manifest parsing on Image create and update (openshift-apiserver image/strategy.go, imageutil
// InternalImageWithMetadata), over HTTP.

import { describe, expect, it } from 'vitest'
import { buildImage } from '../src/fixtures/image.js'
import { manifestList } from '../src/fixtures/manifest-list.js'
import { digestOf } from '../src/image/image/digest.js'
import { call, fakeApi, IMAGES } from './helpers.js'

const S2_LAYER = 'application/vnd.docker.image.rootfs.diff.tar.gzip'
const enc = new TextEncoder()

function rawImage(name: string, extra: Record<string, unknown>): Record<string, unknown> {
  return { apiVersion: 'image.openshift.io/v1', kind: 'Image', metadata: { name }, dockerImageReference: `quay.io/x/y@${name}`, ...extra }
}

const built = buildImage({
  layers: ['base', 'app', 'base'],
  config: { Env: ['A=1'], Cmd: ['/app'], Labels: { b: '2', a: '1' }, ExposedPorts: { '8080/tcp': {} }, StopSignal: 'SIGTERM' },
  created: '2024-05-06T07:08:09.123456789Z',
  arch: 'arm64',
  author: 'me',
})

describe('Image create with a raw manifest', () => {
  it('schema 2: layers, media type and metadata from the manifest and config', async () => {
    const api = fakeApi({ importController: false })
    const r = await call(api, 'POST', IMAGES, rawImage(built.digest, { dockerImageManifest: built.manifest, dockerImageConfig: built.config }))
    expect(r.status).toBe(201)
    const img = r.body
    expect(img.metadata.annotations).toEqual({ 'image.openshift.io/dockerLayersOrder': 'ascending' })
    expect(img.dockerImageManifestMediaType).toBe('application/vnd.docker.distribution.manifest.v2+json')
    expect(img.dockerImageLayers).toEqual(built.layers.map((l) => ({ name: l.digest, size: l.size, mediaType: S2_LAYER })))
    // Size: the config blob plus every distinct layer (the repeated base layer counts once).
    const size = enc.encode(built.config).length + 4 + 3
    expect(img.dockerImageMetadata).toEqual({
      kind: 'DockerImage',
      apiVersion: 'image.openshift.io/1.0',
      Id: built.configDigest,
      Created: '2024-05-06T07:08:09Z',
      ContainerConfig: {},
      Author: 'me',
      // docker10.DockerConfig: known fields only (StopSignal is not one), labels sorted.
      Config: { ExposedPorts: { '8080/tcp': {} }, Env: ['A=1'], Cmd: ['/app'], Labels: { a: '1', b: '2' } },
      Architecture: 'arm64',
      Size: size,
    })
    // Without manifestBlobStored the raw blobs are kept.
    expect(img.dockerImageManifest).toBe(built.manifest)
    expect(img.dockerImageConfig).toBe(built.config)
  })

  it('OCI: the media type comes from the manifest', async () => {
    const oci = buildImage({ mediaType: 'oci', seed: 'oci' })
    const api = fakeApi({ importController: false })
    const r = await call(api, 'POST', IMAGES, rawImage(oci.digest, { dockerImageManifest: oci.manifest, dockerImageConfig: oci.config }))
    expect(r.body.dockerImageManifestMediaType).toBe('application/vnd.oci.image.manifest.v1+json')
    expect(r.body.dockerImageLayers[0].mediaType).toBe('application/vnd.oci.image.layer.v1.tar+gzip')
    expect(r.body.dockerImageMetadata.Id).toBe(oci.configDigest)
  })

  it('manifestBlobStored: parsed first, then manifest and config dropped', async () => {
    const api = fakeApi({ importController: false })
    const r = await call(api, 'POST', IMAGES, {
      ...rawImage(built.digest, { dockerImageManifest: built.manifest, dockerImageConfig: built.config }),
      metadata: { name: built.digest, annotations: { 'image.openshift.io/manifestBlobStored': 'true' } },
    })
    expect(r.body.dockerImageManifest).toBeUndefined()
    expect(r.body.dockerImageConfig).toBeUndefined()
    expect(r.body.dockerImageMetadata.Id).toBe(built.configDigest)
    expect(r.body.dockerImageLayers).toHaveLength(3)
  })

  it('schema 2 without a config: layers filled, metadata left (the parse error is ignored)', async () => {
    const api = fakeApi({ importController: false })
    const r = await call(api, 'POST', IMAGES, rawImage(built.digest, { dockerImageManifest: built.manifest }))
    expect(r.status).toBe(201)
    expect(r.body.dockerImageLayers).toHaveLength(3)
    expect(r.body.dockerImageManifestMediaType).toBe('application/vnd.docker.distribution.manifest.v2+json')
    expect(r.body.dockerImageMetadata.Id).toBe('')
  })

  it('a manifest that does not parse is ignored; the image is still created', async () => {
    const api = fakeApi({ importController: false })
    const r = await call(api, 'POST', IMAGES, rawImage('sha256:' + '1'.repeat(64), { dockerImageManifest: '{not json' }))
    expect(r.status).toBe(201)
    expect(r.body.dockerImageLayers).toBeNull()
    expect(r.body.dockerImageManifest).toBe('{not json')
  })

  it('metadata already filled is kept; descending layers are reversed and marked ascending', async () => {
    const api = fakeApi({ importController: false })
    const layers = [
      { name: 'sha256:' + 'c'.repeat(64), size: 3, mediaType: S2_LAYER },
      { name: 'sha256:' + 'b'.repeat(64), size: 2, mediaType: S2_LAYER },
    ]
    const r = await call(api, 'POST', IMAGES, {
      ...rawImage(built.digest, { dockerImageManifest: built.manifest, dockerImageConfig: built.config }),
      metadata: { name: built.digest, annotations: { 'image.openshift.io/dockerLayersOrder': 'descending' } },
      dockerImageLayers: layers,
      dockerImageMetadata: { Id: 'given', Size: 5 },
      dockerImageManifestMediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    })
    expect(r.body.dockerImageLayers.map((l: any) => l.name)).toEqual([layers[1]!.name, layers[0]!.name])
    expect(r.body.metadata.annotations['image.openshift.io/dockerLayersOrder']).toBe('ascending')
    expect(r.body.dockerImageMetadata.Id).toBe('given')
    expect(r.body.dockerImageMetadata.Size).toBe(5)
  })

  it('QUIRK: layers without an order annotation on a schema 2 image count as descending', async () => {
    const api = fakeApi({ importController: false })
    const r = await call(api, 'POST', IMAGES, {
      ...rawImage(built.digest, { dockerImageManifest: built.manifest, dockerImageConfig: built.config }),
      dockerImageLayers: [
        { name: 'sha256:' + '1'.repeat(64), size: 1, mediaType: S2_LAYER },
        { name: 'sha256:' + '2'.repeat(64), size: 1, mediaType: S2_LAYER },
      ],
      dockerImageManifestMediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    })
    // Size is 0, so the metadata is recomputed from the manifest — but the given layers stay (reversed).
    expect(r.body.dockerImageLayers.map((l: any) => l.name)).toEqual(['sha256:' + '2'.repeat(64), 'sha256:' + '1'.repeat(64)])
    expect(r.body.dockerImageMetadata.Id).toBe(built.configDigest)
    expect(r.body.dockerImageMetadata.Size).toBe(enc.encode(built.config).length + 2)
  })

  it('schema 1: layers from fsLayers (oldest first), metadata from history[0]', async () => {
    const v1 = (id: string, size: number, extra: Record<string, unknown> = {}) => JSON.stringify({ id, size, ...extra })
    const manifest = JSON.stringify({
      schemaVersion: 1,
      name: 'x/y',
      tag: 'latest',
      architecture: 'amd64',
      fsLayers: [{ blobSum: 'sha256:' + 'e'.repeat(64) }, { blobSum: 'sha256:' + 'd'.repeat(64) }],
      history: [
        { v1Compatibility: v1('top', 7, { created: '2020-01-02T03:04:05Z', architecture: 'amd64', config: { Cmd: ['sh'] }, container_config: { Cmd: ['build'] }, docker_version: '1.12' }) },
        { v1Compatibility: v1('base', 11) },
      ],
    })
    const api = fakeApi({ importController: false })
    const r = await call(api, 'POST', IMAGES, rawImage('sha256:' + '5'.repeat(64), { dockerImageManifest: manifest }))
    expect(r.body.dockerImageManifestMediaType).toBe('application/vnd.docker.distribution.manifest.v1+json')
    expect(r.body.dockerImageLayers).toEqual([
      { name: 'sha256:' + 'd'.repeat(64), size: 11, mediaType: 'application/vnd.docker.container.image.rootfs.diff+x-gtar' },
      { name: 'sha256:' + 'e'.repeat(64), size: 7, mediaType: 'application/vnd.docker.container.image.rootfs.diff+x-gtar' },
    ])
    expect(r.body.dockerImageMetadata).toEqual({
      kind: 'DockerImage',
      apiVersion: 'image.openshift.io/1.0',
      Id: 'top',
      Created: '2020-01-02T03:04:05Z',
      ContainerConfig: { Cmd: ['build'] },
      DockerVersion: '1.12',
      Config: { Cmd: ['sh'] },
      Architecture: 'amd64',
      Size: 18,
    })
  })

  it('manifest list: dockerImageManifests rebuilt from the list, Id = name, Created = now', async () => {
    const list = manifestList({ children: [{ arch: 'amd64' }, { arch: 'arm64', variant: 'v8' }] })
    const api = fakeApi({ importController: false })
    const r = await call(api, 'POST', IMAGES, {
      ...rawImage(list.digest, { dockerImageManifest: list.manifest }),
      dockerImageManifestMediaType: 'application/vnd.docker.distribution.manifest.list.v2+json',
      dockerImageManifests: [{ digest: 'sha256:' + '9'.repeat(64), mediaType: 'a/b', manifestSize: 1, architecture: 'x', os: 'y' }],
    })
    expect(r.status).toBe(201)
    expect(r.body.dockerImageManifests).toEqual(
      list.builds.map((b) => ({
        digest: b.digest,
        mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
        manifestSize: enc.encode(b.manifest).length,
        architecture: b.platform.architecture,
        os: 'linux',
        ...(b.platform.variant ? { variant: b.platform.variant } : {}),
      })),
    )
    expect(r.body.dockerImageMetadata.Id).toBe(list.digest)
    expect(r.body.dockerImageMetadata.Created).toBe(r.body.metadata.creationTimestamp)
    expect(r.body.dockerImageLayers).toBeNull()
  })

  it('QUIRK: the list entries are only rebuilt when dockerImageManifestMediaType names a list', async () => {
    const list = manifestList({ children: [{ arch: 'amd64' }], mediaType: 'oci' })
    const api = fakeApi({ importController: false })
    const r = await call(api, 'POST', IMAGES, rawImage(list.digest, { dockerImageManifest: list.manifest }))
    expect(r.body.dockerImageManifests).toBeUndefined()
    expect(r.body.dockerImageMetadata.Id).toBe(list.digest)
    const oci = await call(api, 'POST', IMAGES, {
      ...rawImage(list.digest.replace(/.$/, '0'), { dockerImageManifest: list.manifest }),
      dockerImageManifestMediaType: 'application/vnd.oci.image.index.v1+json',
    })
    expect(oci.body.dockerImageManifests).toHaveLength(1)
  })
})

describe('Image update with a raw manifest', () => {
  it('keeps a manifest that hashes to the name and a config the manifest names; reverts others', async () => {
    const api = fakeApi({ importController: false })
    const created = await call(api, 'POST', IMAGES, {
      ...rawImage(built.digest, {}),
      dockerImageManifestMediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    })
    expect(created.status).toBe(201)
    const put = await call(api, 'PUT', `${IMAGES}/${built.digest}`, { ...created.body, dockerImageManifest: built.manifest, dockerImageConfig: built.config })
    expect(put.status).toBe(200)
    expect(put.body.dockerImageManifest).toBe(built.manifest)
    expect(put.body.dockerImageConfig).toBe(built.config)
    // The metadata is reset to the stored value (layers were empty), then parsed again from the manifest.
    expect(put.body.dockerImageLayers).toHaveLength(3)

    const other = buildImage({ seed: 'other' })
    const bad = await call(api, 'PUT', `${IMAGES}/${built.digest}`, { ...put.body, dockerImageManifest: other.manifest, dockerImageConfig: other.config })
    expect(bad.status).toBe(200)
    expect(bad.body.dockerImageManifest).toBe(built.manifest)
    expect(bad.body.dockerImageConfig).toBe(built.config)

    const cleared = await call(api, 'PUT', `${IMAGES}/${built.digest}`, { ...bad.body, dockerImageManifest: '', dockerImageConfig: '' })
    expect(cleared.body.dockerImageManifest).toBeUndefined()
    expect(cleared.body.dockerImageConfig).toBeUndefined()
  })

  it('digests are the sha256 of the exact bytes', () => {
    expect(digestOf(built.manifest)).toBe(built.digest)
    expect(digestOf(built.config)).toBe(built.configDigest)
  })
})
