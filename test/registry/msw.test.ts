// A plain fetch-based registry client (the way a pipeline or an image viewer talks to the registry)
// against the fake through msw's setupServer: requests to the internal registry hostname are answered
// in-process by the integrated registry — push (monolithic upload + manifest PUT), then read it back and
// see the tag through the image API.

import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHash } from 'node:crypto'
import { createFakeImageApi } from '../../src/index.js'

const REGISTRY = 'https://image-registry.openshift-image-registry.svc:5000'
const API = 'https://api.cluster.test:6443'
const SCHEMA2 = 'application/vnd.docker.distribution.manifest.v2+json'
const sha = (s: string) => `sha256:${createHash('sha256').update(s).digest('hex')}`

/** The smallest registry client: ping, upload a blob, put a manifest, get a manifest, list tags. */
const client = {
  ping: () => fetch(`${REGISTRY}/v2/`),
  async upload(repo: string, content: string): Promise<string> {
    const start = await fetch(`${REGISTRY}/v2/${repo}/blobs/uploads/`, { method: 'POST' })
    const digest = sha(content)
    const loc = new URL(start.headers.get('location')!, REGISTRY)
    loc.searchParams.set('digest', digest)
    const put = await fetch(loc, { method: 'PUT', body: content, headers: { 'content-type': 'application/octet-stream' } })
    if (put.status !== 201) throw new Error(`upload: ${put.status}`)
    return digest
  },
  putManifest: (repo: string, ref: string, manifest: string) => fetch(`${REGISTRY}/v2/${repo}/manifests/${ref}`, { method: 'PUT', body: manifest, headers: { 'content-type': SCHEMA2 } }),
  getManifest: (repo: string, ref: string) => fetch(`${REGISTRY}/v2/${repo}/manifests/${ref}`, { headers: { accept: SCHEMA2 } }),
  tags: (repo: string) => fetch(`${REGISTRY}/v2/${repo}/tags/list`).then((r) => r.json() as Promise<{ tags: string[] }>),
}

describe('registry through msw (setupServer + fetch)', () => {
  const api = createFakeImageApi({ baseUrl: API, fixtures: 'default', importController: false })
  const server = setupServer(...api.handlers)
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
  afterAll(() => server.close())

  it('ping answers with the distribution API version header', async () => {
    const r = await client.ping()
    expect(r.status).toBe(200)
    expect(r.headers.get('docker-distribution-api-version')).toBe('registry/2.0')
  })

  it('push an image and pull it back; the image API shows the new tag', async () => {
    const layer = await client.upload('demo/tool', 'a layer')
    const config = JSON.stringify({ architecture: 'amd64', os: 'linux', config: { Cmd: ['/tool'] }, rootfs: { type: 'layers', diff_ids: [layer] } })
    const configDigest = await client.upload('demo/tool', config)
    const manifest = JSON.stringify({
      schemaVersion: 2,
      mediaType: SCHEMA2,
      config: { mediaType: 'application/vnd.docker.container.image.v1+json', size: config.length, digest: configDigest },
      layers: [{ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', size: 7, digest: layer }],
    })
    const put = await client.putManifest('demo/tool', 'v1', manifest)
    expect(put.status).toBe(201)
    expect(put.headers.get('docker-content-digest')).toBe(sha(manifest))

    const got = await client.getManifest('demo/tool', 'v1')
    expect(await got.text()).toBe(manifest)
    expect((await client.tags('demo/tool')).tags).toEqual(['v1'])
    const istag = await fetch(`${API}/apis/image.openshift.io/v1/namespaces/demo/imagestreamtags/tool:v1`).then((r) => r.json())
    expect(istag.image.metadata.name).toBe(sha(manifest))
    expect(istag.image.dockerImageMetadata.Config.Cmd).toEqual(['/tool'])
  })

  it('errors come back as the spec bodies', async () => {
    const r = await client.getManifest('demo/frontend', 'missing')
    expect(r.status).toBe(404)
    expect(await r.json()).toEqual({ errors: [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown', detail: { Tag: 'missing' } }] })
  })
})
