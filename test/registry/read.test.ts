// The integrated registry's read side through api.fetch (requests to the internal registry host):
// the base endpoint, catalog and tag paging, manifests by tag and digest (bytes, digests, media types,
// HEAD), blobs (config = the image's config, layers = bytes whose sha256 is the recorded digest, of the
// recorded size), and the distribution spec's error bodies.

import { beforeAll, describe, expect, it } from 'vitest'
import { createFakeImageApi, type FakeImageApi, type Image, type ImageStream } from '../../src/index.js'
import { errorBody, reg, sha256, SCHEMA2 } from './support.js'

let api: FakeImageApi
const istag = async (ns: string, name: string) => {
  const r = await api.fetch(new Request(`http://fake.local/apis/image.openshift.io/v1/namespaces/${ns}/imagestreamtags/${name}`))
  return (await r.json()) as { image: Image }
}

beforeAll(async () => {
  api = createFakeImageApi({ fixtures: 'default', importController: false })
  await api.ready
})

describe('base and listings', () => {
  it('GET /v2/ answers 200 {} with the API version header', async () => {
    const r = await reg(api, 'GET', '/v2/')
    expect(r.status).toBe(200)
    expect(r.headers.get('docker-distribution-api-version')).toBe('registry/2.0')
    expect(r.json).toEqual({})
  })

  it('_catalog lists every stream as <ns>/<name>, paged by n and last with a Link header', async () => {
    const all = await reg(api, 'GET', '/v2/_catalog')
    expect(all.json.repositories).toEqual(['demo/backend', 'demo/frontend', 'demo/postgresql', 'openshift/httpd', 'openshift/nginx', 'openshift/nodejs', 'openshift/python'])
    expect(all.headers.get('link')).toBeNull()
    const p1 = await reg(api, 'GET', '/v2/_catalog?n=3')
    expect(p1.json.repositories).toEqual(['demo/backend', 'demo/frontend', 'demo/postgresql'])
    expect(p1.headers.get('link')).toBe('</v2/_catalog?last=demo%2Fpostgresql&n=3>; rel="next"')
    const p2 = await reg(api, 'GET', '/v2/_catalog?last=demo%2Fpostgresql&n=3')
    expect(p2.json.repositories).toEqual(['openshift/httpd', 'openshift/nginx', 'openshift/nodejs'])
    const p3 = await reg(api, 'GET', '/v2/_catalog?last=openshift%2Fnodejs&n=3')
    expect(p3.json.repositories).toEqual(['openshift/python'])
    expect(p3.headers.get('link')).toBeNull()
  })

  it('tags/list: the status tags, sorted and paged; NAME_UNKNOWN and PAGINATION_NUMBER_INVALID', async () => {
    const r = await reg(api, 'GET', '/v2/openshift/nodejs/tags/list')
    expect(r.status).toBe(200)
    expect(r.json).toEqual({ name: 'openshift/nodejs', tags: ['18-ubi8', '20-ubi8', '20-ubi9', 'latest'] })
    const p = await reg(api, 'GET', '/v2/openshift/nodejs/tags/list?n=2&last=18-ubi8')
    expect(p.json.tags).toEqual(['20-ubi8', '20-ubi9'])
    expect(p.headers.get('link')).toBe('</v2/openshift/nodejs/tags/list?last=20-ubi9&n=2>; rel="next"')
    const missing = await reg(api, 'GET', '/v2/demo/nope/tags/list')
    expect(missing.status).toBe(404)
    expect(missing.json).toEqual(errorBody('NAME_UNKNOWN', 'repository name not known to registry', { name: 'demo/nope' }))
    const bad = await reg(api, 'GET', '/v2/openshift/nodejs/tags/list?n=x')
    expect(bad.status).toBe(400)
    expect(bad.json).toEqual(errorBody('PAGINATION_NUMBER_INVALID', 'invalid number of results requested', { n: 'x' }))
  })
})

describe('manifests', () => {
  it('by tag: the bytes of the image the tag points at (digest = sha256 of the body = the image name)', async () => {
    const { image } = await istag('demo', 'frontend:latest')
    const r = await reg(api, 'GET', '/v2/demo/frontend/manifests/latest')
    expect(r.status).toBe(200)
    expect(r.headers.get('content-type')).toBe(SCHEMA2)
    expect(r.headers.get('docker-content-digest')).toBe(image.metadata.name)
    expect(sha256(r.bytes)).toBe(image.metadata.name)
    expect(r.headers.get('content-length')).toBe(String(r.bytes.length))
    expect(r.json.config.digest).toBe((image.dockerImageMetadata as { Id: string }).Id)
    expect(r.json.layers.map((l: { digest: string; size: number }) => [l.digest, l.size])).toEqual(image.dockerImageLayers!.map((l) => [l.name, l.size]))
  })

  it('by digest and HEAD: same headers, no body', async () => {
    const byTag = await reg(api, 'GET', '/v2/demo/frontend/manifests/latest')
    const digest = byTag.headers.get('docker-content-digest')!
    const byDigest = await reg(api, 'GET', `/v2/demo/frontend/manifests/${digest}`)
    expect(byDigest.status).toBe(200)
    expect(byDigest.bytes).toEqual(byTag.bytes)
    const head = await reg(api, 'HEAD', `/v2/demo/frontend/manifests/latest`)
    expect(head.status).toBe(200)
    expect(head.bytes.length).toBe(0)
    expect(head.headers.get('content-length')).toBe(String(byTag.bytes.length))
    expect(head.headers.get('docker-content-digest')).toBe(digest)
  })

  it('a manifest list by tag, with its media type; a client that takes no list gets the linux/amd64 child', async () => {
    const api = createFakeImageApi({ fixtures: 'openshift-samples', importController: false })
    await api.ready
    const streams = api.store.list('imagestreams') as ImageStream[]
    let found: { repo: string; tag: string; list: Image } | undefined
    for (const s of streams) {
      for (const t of s.status.tags ?? []) {
        const img = api.store.get('images', t.items![0]!.image) as Image | undefined
        if (img?.dockerImageManifests?.length) found = { repo: `${s.metadata.namespace}/${s.metadata.name}`, tag: t.tag, list: img }
      }
    }
    expect(found).toBeDefined()
    const r = await reg(api, 'GET', `/v2/${found!.repo}/manifests/${found!.tag}`)
    expect(r.status).toBe(200)
    expect(r.headers.get('content-type')).toBe(found!.list.dockerImageManifestMediaType)
    expect(sha256(r.bytes)).toBe(found!.list.metadata.name)
    expect(r.json.manifests.map((m: { digest: string }) => m.digest)).toEqual(found!.list.dockerImageManifests!.map((m) => m.digest))
    const amd64 = found!.list.dockerImageManifests!.find((m) => m.architecture === 'amd64')!
    const single = await reg(api, 'GET', `/v2/${found!.repo}/manifests/${found!.tag}`, undefined, { accept: SCHEMA2 })
    expect(single.headers.get('docker-content-digest')).toBe(amd64.digest)
    expect(sha256(single.bytes)).toBe(amd64.digest)
    // The child is reachable by digest through the stream that holds the list.
    const child = await reg(api, 'GET', `/v2/${found!.repo}/manifests/${amd64.digest}`)
    expect(child.status).toBe(200)
  })

  it('errors: unknown tag, unknown stream, digest not in the stream', async () => {
    const tag = await reg(api, 'GET', '/v2/demo/frontend/manifests/nope')
    expect(tag.status).toBe(404)
    expect(tag.json).toEqual(errorBody('MANIFEST_UNKNOWN', 'manifest unknown', { Tag: 'nope' }))
    const stream = await reg(api, 'GET', '/v2/demo/nope/manifests/latest')
    expect(stream.status).toBe(404)
    expect(stream.json).toEqual(errorBody('NAME_UNKNOWN', 'repository name not known to registry'))
    const other = (await istag('demo', 'backend:latest')).image.metadata.name!
    const digest = await reg(api, 'GET', `/v2/demo/frontend/manifests/${other}`)
    expect(digest.status).toBe(404)
    expect(digest.json).toEqual(errorBody('MANIFEST_UNKNOWN', 'manifest unknown', { Name: 'demo/frontend', Revision: other }))
    const head = await reg(api, 'HEAD', '/v2/demo/frontend/manifests/nope')
    expect(head.status).toBe(404)
    expect(head.bytes.length).toBe(0)
  })

  it('a repository name that is not <ns>/<stream> is NAME_INVALID; unknown paths are the router 404', async () => {
    const r = await reg(api, 'GET', '/v2/a/b/c/manifests/latest')
    expect(r.status).toBe(400)
    expect(r.json).toEqual(errorBody('NAME_INVALID', 'invalid repository name', { name: 'a/b/c' }))
    const nf = await reg(api, 'GET', '/v2/demo/frontend/whatever')
    expect(nf.status).toBe(404)
    expect(nf.text).toBe('404 page not found\n')
  })
})

describe('blobs', () => {
  it('the config blob is the image config (metadata agrees), layers hash to their digests at the recorded size', async () => {
    const { image } = await istag('demo', 'backend:latest')
    const m = (await reg(api, 'GET', '/v2/demo/backend/manifests/latest')).json
    const cfg = await reg(api, 'GET', `/v2/demo/backend/blobs/${m.config.digest}`)
    expect(cfg.status).toBe(200)
    expect(cfg.headers.get('content-type')).toBe('application/octet-stream')
    expect(sha256(cfg.bytes)).toBe(m.config.digest)
    expect(cfg.bytes.length).toBe(m.config.size)
    const meta = image.dockerImageMetadata as { Config: unknown; Created: string; Architecture: string }
    expect(cfg.json.config).toEqual(meta.Config)
    expect(cfg.json.created).toBe(meta.Created)
    expect(cfg.json.architecture).toBe(meta.Architecture)
    for (const layer of image.dockerImageLayers!) {
      const l = await reg(api, 'GET', `/v2/demo/backend/blobs/${layer.name}`)
      expect(l.status).toBe(200)
      expect(sha256(l.bytes)).toBe(layer.name)
      expect(l.bytes.length).toBe(layer.size)
      expect(l.headers.get('docker-content-digest')).toBe(layer.name)
    }
  })

  it('a byte range is 206 with Content-Range', async () => {
    const { image } = await istag('demo', 'backend:latest')
    const layer = image.dockerImageLayers![0]!
    const full = await reg(api, 'GET', `/v2/demo/backend/blobs/${layer.name}`)
    const part = await reg(api, 'GET', `/v2/demo/backend/blobs/${layer.name}`, undefined, { range: 'bytes=10-19' })
    expect(part.status).toBe(206)
    expect(part.headers.get('content-range')).toBe(`bytes 10-19/${layer.size}`)
    expect(part.bytes).toEqual(full.bytes.subarray(10, 20))
  })

  it('BLOB_UNKNOWN for a digest no image of the stream names (even when another stream has it)', async () => {
    const other = (await istag('openshift', 'nodejs:latest')).image.dockerImageLayers!.at(-1)!.name
    const r = await reg(api, 'GET', `/v2/demo/postgresql/blobs/${other}`)
    expect(r.status).toBe(404)
    expect(r.json).toEqual(errorBody('BLOB_UNKNOWN', 'blob unknown to registry', other))
  })
})
