import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { imageSchemas } from '../image/schema/index.js'
import {
  aggregatedDiscovery,
  apiResourceList,
  negotiateDiscovery,
  serveNonResource,
  storageVersionHashOf,
  VERSION_INFO,
  verbsOf,
  type DiscoveryInfo,
} from './discovery.js'
import { base64, sha256, sha256Hex, storageVersionHash } from './openapi-hash.js'
import { realClock } from '../clock/clock.js'
import { cryptoRandom } from '../clock/random.js'
import type { RequestContext, ResourceDef, Storage } from './types.js'

const G = 'image.openshift.io'
const I = 'com.github.openshift.api.image.v1.'

type Verb = 'get' | 'list' | 'create' | 'update' | 'delete' | 'deletecollection' | 'watch'

function storage(...verbs: Verb[]): Storage {
  const no = () => {
    throw new Error('stub')
  }
  const s: Storage = {}
  for (const v of verbs) {
    if (v === 'deletecollection') s.deleteCollection = no
    else if (v === 'watch') s.watch = { resource: 'x', matches: () => true, decorate: (o) => o }
    else s[v] = no
  }
  return s
}

function def(d: Partial<ResourceDef> & Pick<ResourceDef, 'resource' | 'kind' | 'storage'>): ResourceDef {
  return {
    group: G,
    version: 'v1',
    listKind: `${d.kind}List`,
    singular: d.resource.replace(/s$/, ''),
    namespaced: true,
    schema: imageSchemas[I + d.kind],
    ...d,
  }
}

const FULL: Verb[] = ['get', 'list', 'create', 'update', 'delete', 'deletecollection', 'watch']

function imageDefs(): ResourceDef[] {
  return [
    def({ resource: 'images', kind: 'Image', namespaced: false, storage: storage(...FULL) }),
    def({ resource: 'imagesignatures', kind: 'ImageSignature', namespaced: false, storage: storage('create', 'delete') }),
    def({ resource: 'imagestreamimages', kind: 'ImageStreamImage', shortNames: ['isimage'], storage: storage('get') }),
    def({ resource: 'imagestreamimports', kind: 'ImageStreamImport', storage: storage('create') }),
    def({ resource: 'imagestreammappings', kind: 'ImageStreamMapping', storage: storage('create') }),
    def({
      resource: 'imagestreams',
      kind: 'ImageStream',
      shortNames: ['is'],
      categories: ['all'],
      storage: storage(...FULL),
      subresources: {
        status: { kind: 'ImageStream', storage: storage('get', 'update'), schema: imageSchemas[`${I}ImageStream`] },
        layers: { kind: 'ImageStreamLayers', storage: storage('get') },
        secrets: { kind: 'SecretList', storage: storage('get') },
      },
    }),
    def({ resource: 'imagestreamtags', kind: 'ImageStreamTag', shortNames: ['istag'], storage: storage('create', 'delete', 'get', 'list', 'update') }),
    def({ resource: 'imagetags', kind: 'ImageTag', shortNames: ['itag'], storage: storage('create', 'delete', 'get', 'list', 'update') }),
  ]
}

function coreDefs(): ResourceDef[] {
  return [
    {
      group: '',
      version: 'v1',
      resource: 'namespaces',
      kind: 'Namespace',
      listKind: 'NamespaceList',
      singular: 'namespace',
      namespaced: false,
      shortNames: ['ns'],
      storage: storage('get', 'list', 'create', 'delete', 'watch'),
    },
  ]
}

function ctxFor(path: string, headers: Record<string, string> = {}, method = 'GET'): RequestContext {
  const url = new URL(`http://127.0.0.1:18080${path}`)
  const request = new Request(url, { method, headers })
  return {
    request,
    url,
    info: {} as RequestContext['info'],
    query: url.searchParams,
    now: '2026-01-01T00:00:00Z',
    nowMs: Date.parse('2026-01-01T00:00:00Z'),
    userAgent: headers['user-agent'] ?? '',
    warnings: [],
    store: undefined as unknown as RequestContext['store'],
    clock: realClock,
    random: cryptoRandom,
  }
}

function serve(info: DiscoveryInfo, path: string, headers: Record<string, string> = {}): Response {
  return serveNonResource(ctxFor(path, headers), new URL(`http://x${path}`).pathname, info)
}

const KUBECTL_ACCEPT =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json'
const KUBECTL_129_ACCEPT = 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json'

// The APIResourceList openshift-apiserver serves for image.openshift.io/v1, verbatim values.
const EXPECTED_RESOURCE_LIST = {
  kind: 'APIResourceList',
  apiVersion: 'v1',
  groupVersion: 'image.openshift.io/v1',
  resources: [
    { name: 'images', singularName: 'image', namespaced: false, kind: 'Image', verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'], storageVersionHash: 'FX/i8Tt+3Fc=' },
    { name: 'imagesignatures', singularName: 'imagesignature', namespaced: false, kind: 'ImageSignature', verbs: ['create', 'delete'] },
    { name: 'imagestreamimages', singularName: 'imagestreamimage', namespaced: true, kind: 'ImageStreamImage', verbs: ['get'], shortNames: ['isimage'] },
    { name: 'imagestreamimports', singularName: 'imagestreamimport', namespaced: true, kind: 'ImageStreamImport', verbs: ['create'] },
    { name: 'imagestreammappings', singularName: 'imagestreammapping', namespaced: true, kind: 'ImageStreamMapping', verbs: ['create'] },
    { name: 'imagestreams', singularName: 'imagestream', namespaced: true, kind: 'ImageStream', verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'], shortNames: ['is'], categories: ['all'], storageVersionHash: 'mwmf9lCqOiA=' },
    { name: 'imagestreams/layers', singularName: '', namespaced: true, kind: 'ImageStreamLayers', verbs: ['get'] },
    { name: 'imagestreams/secrets', singularName: '', namespaced: true, kind: 'SecretList', verbs: ['get'] },
    { name: 'imagestreams/status', singularName: '', namespaced: true, kind: 'ImageStream', verbs: ['get', 'patch', 'update'] },
    { name: 'imagestreamtags', singularName: 'imagestreamtag', namespaced: true, kind: 'ImageStreamTag', verbs: ['create', 'delete', 'get', 'list', 'patch', 'update'], shortNames: ['istag'] },
    { name: 'imagetags', singularName: 'imagetag', namespaced: true, kind: 'ImageTag', verbs: ['create', 'delete', 'get', 'list', 'patch', 'update'], shortNames: ['itag'] },
  ],
}

describe('sha256 / storageVersionHash', () => {
  it('matches node:crypto', () => {
    const inputs = ['', 'abc', 'a'.repeat(55), 'b'.repeat(56), 'c'.repeat(64), 'ünïcødé ✓', 'x'.repeat(1000)]
    for (const s of inputs) expect(sha256Hex(s), JSON.stringify(s)).toBe(createHash('sha256').update(s, 'utf8').digest('hex'))
    const bytes = new Uint8Array(300).map((_, i) => (i * 37) & 255)
    expect(sha256Hex(bytes)).toBe(createHash('sha256').update(bytes).digest('hex'))
  })

  it('base64 pads like Go', () => {
    for (const n of [0, 1, 2, 3, 4, 8]) {
      const b = sha256('x').subarray(0, n)
      expect(base64(b)).toBe(Buffer.from(b).toString('base64'))
    }
  })

  it('computes the real storage version hashes of image.openshift.io/v1', () => {
    expect(storageVersionHash(G, 'v1', 'Image')).toBe('FX/i8Tt+3Fc=')
    expect(storageVersionHash(G, 'v1', 'ImageStream')).toBe('mwmf9lCqOiA=')
    expect(storageVersionHash('', 'v1', 'Namespace')).toBe(createHash('sha256').update('/v1/Namespace').digest().subarray(0, 8).toString('base64'))
  })

  it('publishes hashes for store-backed (watchable) resources only, unless the def says otherwise', () => {
    const [images, signatures] = imageDefs()
    expect(storageVersionHashOf(images!)).toBe('FX/i8Tt+3Fc=')
    expect(storageVersionHashOf(signatures!)).toBeUndefined()
    expect(storageVersionHashOf({ ...images!, storageVersionHash: '' })).toBeUndefined()
    expect(storageVersionHashOf({ ...signatures!, storageVersionHash: 'abc=' })).toBe('abc=')
  })
})

describe('legacy discovery', () => {
  const info: DiscoveryInfo = { resources: imageDefs() }

  it('APIResourceList matches the real one', async () => {
    expect(apiResourceList({ group: G, version: 'v1', resources: info.resources })).toEqual(EXPECTED_RESOURCE_LIST)
    const res = serve(info, '/apis/image.openshift.io/v1', { accept: 'application/json, */*' })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/json')
    const text = await res.text()
    expect(text.endsWith('}\n')).toBe(true)
    expect(JSON.parse(text)).toEqual(EXPECTED_RESOURCE_LIST)
  })

  it('verbsOf sorts and derives patch from update', () => {
    expect(verbsOf({ storage: storage('update', 'get') })).toEqual(['get', 'patch', 'update'])
    expect(verbsOf({ storage: { ...storage('update', 'get'), patchable: false } })).toEqual(['get', 'update'])
  })

  it('/apis and /api are legacy for plain JSON or no Accept', async () => {
    for (const accept of [undefined, 'application/json', 'application/json, */*', '*/*']) {
      const res = serve(info, '/apis', accept ? { accept } : {})
      expect(res.headers.get('content-type')).toBe('application/json')
      expect(res.headers.get('vary')).toBe('Accept')
      expect(await res.json()).toEqual({
        kind: 'APIGroupList',
        apiVersion: 'v1',
        groups: [{ name: G, versions: [{ groupVersion: `${G}/v1`, version: 'v1' }], preferredVersion: { groupVersion: `${G}/v1`, version: 'v1' } }],
      })
    }
    const api = await serve({ resources: [...coreDefs(), ...imageDefs()] }, '/api').json()
    expect(api).toEqual({ kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:18080' }] })
    expect((await serve(info, '/api').json()).versions).toEqual([])
  })

  it('APIGroup, 404s, /version and health checks stay as they were', async () => {
    expect(await serve(info, '/apis/image.openshift.io').json()).toMatchObject({ kind: 'APIGroup', name: G })
    expect(serve(info, '/apis/nope.io/v1').status).toBe(404)
    expect(serve(info, '/apis/image.openshift.io/v2').status).toBe(404)
    const version = await serve(info, '/version').json()
    expect(version).toEqual(VERSION_INFO)
    expect(version.minor).toBe('32')
    for (const p of ['/healthz', '/livez', '/readyz']) expect(await serve(info, p).text()).toBe('ok')
    expect(() => serveNonResource(ctxFor('/apis', {}, 'POST'), '/apis', info)).toThrow()
  })
})

describe('aggregated discovery', () => {
  const info: DiscoveryInfo = { resources: [...coreDefs(), ...imageDefs()] }

  it('negotiates the version asked for first', () => {
    expect(negotiateDiscovery(KUBECTL_ACCEPT)).toBe('v2')
    expect(negotiateDiscovery(KUBECTL_129_ACCEPT)).toBe('v2beta1')
    expect(negotiateDiscovery('application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList')).toBe('v2beta1')
    expect(negotiateDiscovery('application/json;as=APIGroupDiscoveryList;v=v2;g=apidiscovery.k8s.io')).toBe('v2')
    expect(negotiateDiscovery('application/json;g=apidiscovery.k8s.io;v=v3;as=APIGroupDiscoveryList,application/json')).toBeUndefined()
    expect(negotiateDiscovery('application/json, application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList')).toBeUndefined()
    expect(negotiateDiscovery('application/json;q=0.5, application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList')).toBe('v2')
    expect(negotiateDiscovery(null)).toBeUndefined()
  })

  it('serves v2 to kubectl 1.32 with the exact Content-Type, ETag, Vary and 304', async () => {
    const res = serve(info, '/apis', { accept: KUBECTL_ACCEPT })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList')
    expect(res.headers.get('vary')).toBe('Accept')
    expect(res.headers.get('cache-control')).toBe('public')
    const etag = res.headers.get('etag')!
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/)
    const body = await res.json()
    expect(body.kind).toBe('APIGroupDiscoveryList')
    expect(body.apiVersion).toBe('apidiscovery.k8s.io/v2')
    expect(body.metadata).toEqual({})
    expect(body.items).toHaveLength(1)
    const group = body.items[0]
    expect(group.metadata).toEqual({ name: G })
    expect(group.versions).toHaveLength(1)
    expect(group.versions[0].version).toBe('v1')
    expect(group.versions[0].freshness).toBe('Current')
    const resources = group.versions[0].resources as Array<Record<string, unknown>>
    expect(resources.map((r) => r.resource)).toEqual(['images', 'imagesignatures', 'imagestreamimages', 'imagestreamimports', 'imagestreammappings', 'imagestreams', 'imagestreamtags', 'imagetags'])
    expect(resources.find((r) => r.resource === 'imagestreams')).toEqual({
      resource: 'imagestreams',
      responseKind: { group: '', version: '', kind: 'ImageStream' },
      scope: 'Namespaced',
      singularResource: 'imagestream',
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
      shortNames: ['is'],
      categories: ['all'],
      subresources: [
        { subresource: 'layers', responseKind: { group: '', version: '', kind: 'ImageStreamLayers' }, verbs: ['get'] },
        { subresource: 'secrets', responseKind: { group: '', version: '', kind: 'SecretList' }, verbs: ['get'] },
        { subresource: 'status', responseKind: { group: '', version: '', kind: 'ImageStream' }, verbs: ['get', 'patch', 'update'] },
      ],
    })
    expect(resources.find((r) => r.resource === 'images')).toEqual({
      resource: 'images',
      responseKind: { group: '', version: '', kind: 'Image' },
      scope: 'Cluster',
      singularResource: 'image',
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
    })
    for (const r of resources) expect(r.responseKind).toBeDefined()

    const again = serve(info, '/apis', { accept: KUBECTL_ACCEPT, 'if-none-match': etag })
    expect(again.status).toBe(304)
    expect(again.headers.get('etag')).toBe(etag)
    expect(await again.text()).toBe('')
    expect(serve(info, '/apis', { accept: KUBECTL_ACCEPT, 'if-none-match': '"other"' }).status).toBe(200)
  })

  it('serves v2beta1 to clients that only ask for it (kubectl 1.29)', async () => {
    const res = serve(info, '/apis', { accept: KUBECTL_129_ACCEPT })
    expect(res.headers.get('content-type')).toBe('application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList')
    const body = await res.json()
    expect(body.apiVersion).toBe('apidiscovery.k8s.io/v2beta1')
    expect(body.items[0].versions[0].resources).toEqual((aggregatedDiscovery(info, false, 'v2').items as any)[0].versions[0].resources)
    const v2etag = serve(info, '/apis', { accept: KUBECTL_ACCEPT }).headers.get('etag')
    expect(res.headers.get('etag')).not.toBe(v2etag)
    // A v2 ETag does not validate the v2beta1 document.
    expect(serve(info, '/apis', { accept: KUBECTL_129_ACCEPT, 'if-none-match': v2etag! }).status).toBe(200)
  })

  it('/api answers the core group', async () => {
    const res = serve(info, '/api', { accept: KUBECTL_ACCEPT })
    expect(res.headers.get('content-type')).toBe('application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList')
    const body = await res.json()
    expect(body.items).toEqual([
      {
        metadata: {},
        versions: [
          {
            version: 'v1',
            resources: [
              {
                resource: 'namespaces',
                responseKind: { group: '', version: '', kind: 'Namespace' },
                scope: 'Cluster',
                singularResource: 'namespace',
                verbs: ['create', 'delete', 'get', 'list', 'watch'],
                shortNames: ['ns'],
              },
            ],
            freshness: 'Current',
          },
        ],
      },
    ])
    const empty = await serve({ resources: imageDefs() }, '/api', { accept: KUBECTL_ACCEPT }).json()
    expect(empty.items).toEqual([])
  })

  it('ETag changes when a resource is registered', () => {
    const resources = imageDefs()
    const i: DiscoveryInfo = { resources }
    const before = serve(i, '/apis', { accept: KUBECTL_ACCEPT }).headers.get('etag')
    expect(serve({ resources }, '/apis', { accept: KUBECTL_ACCEPT }).headers.get('etag')).toBe(before)
    resources.push(def({ resource: 'widgets', kind: 'Widget', storage: storage('get') }))
    expect(serve(i, '/apis', { accept: KUBECTL_ACCEPT }).headers.get('etag')).not.toBe(before)
  })
})
