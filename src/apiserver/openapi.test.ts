import { describe, expect, it } from 'vitest'
import { imageSchemas } from '../image/schema/index.js'
import { serveNonResource, type DiscoveryInfo } from './discovery.js'
import { openAPITag, openAPIV2Document, openAPIV3Document, openAPIV3Index, toSwaggerSchema } from './openapi.js'
import type { OpenAPISchema } from './schema-types.js'
import { realClock } from '../clock/clock.js'
import { cryptoRandom } from '../clock/random.js'
import type { RequestContext, ResourceDef, Storage } from './types.js'

const G = 'image.openshift.io'
const I = 'com.github.openshift.api.image.v1.'
const P = '/apis/image.openshift.io/v1'
const PATCH_TYPES = ['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json']

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
  return { group: G, version: 'v1', listKind: `${d.kind}List`, singular: d.resource.replace(/s$/, ''), namespaced: true, schema: imageSchemas[I + d.kind], ...d }
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

const namespaces: ResourceDef = {
  group: '',
  version: 'v1',
  resource: 'namespaces',
  kind: 'Namespace',
  listKind: 'NamespaceList',
  singular: 'namespace',
  namespaced: false,
  storage: storage('get', 'list', 'create', 'delete', 'watch'),
  schema: imageSchemas['io.k8s.api.core.v1.Namespace'],
}

function ctxFor(url: string, headers: Record<string, string> = {}): RequestContext {
  const u = new URL(url, 'http://127.0.0.1:18080')
  const request = new Request(u, { headers })
  return {
    request,
    url: u,
    info: {} as RequestContext['info'],
    query: u.searchParams,
    now: '2026-01-01T00:00:00Z',
    nowMs: Date.parse('2026-01-01T00:00:00Z'),
    userAgent: '',
    warnings: [],
    store: undefined as unknown as RequestContext['store'],
    clock: realClock,
    random: cryptoRandom,
  }
}

function serve(info: DiscoveryInfo, url: string, headers: Record<string, string> = {}, basePath = ''): Response {
  const ctx = ctxFor(basePath + url, headers)
  return serveNonResource(ctx, ctx.url.pathname.slice(basePath.length), info)
}

type Doc = Record<string, any>

function operations(doc: Doc): Array<{ path: string; method: string; op: Doc }> {
  const out: Array<{ path: string; method: string; op: Doc }> = []
  for (const [path, item] of Object.entries(doc.paths as Record<string, Doc>)) {
    for (const [method, op] of Object.entries(item)) if (method !== 'parameters') out.push({ path, method, op })
  }
  return out
}

/** Every `$ref` in the document, with the JSON path it was found at. */
function refs(value: unknown, at = '#', out: Array<[string, string]> = []): Array<[string, string]> {
  if (Array.isArray(value)) value.forEach((v, i) => refs(v, `${at}/${i}`, out))
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') out.push([at, v])
      else refs(v, `${at}/${k}`, out)
    }
  }
  return out
}

function resolveAll(doc: Doc, prefix: string, table: Record<string, unknown>): string[] {
  return refs(doc)
    .filter(([, r]) => !(r.startsWith(prefix) && table[r.slice(prefix.length)]))
    .map(([at, r]) => `${at} → ${r}`)
}

/** kubectl's supportsQueryParamV3: the first PATCH operation with the GVK must list the query parameter. */
function kubectlSupportsFieldValidation(doc: Doc, kind: string, group = G): boolean | 'no-path' {
  for (const { method, op } of operations(doc)) {
    if (method !== 'patch') continue
    const gvk = op['x-kubernetes-group-version-kind']
    if (!gvk || gvk.group !== group || gvk.version !== 'v1' || gvk.kind !== kind) continue
    return (op.parameters ?? []).some((p: Doc) => p.name === 'fieldValidation' && p.in === 'query')
  }
  return 'no-path'
}

/** Follow $ref / single allOf like kubectl explain does. */
function deref(doc: Doc, s: OpenAPISchema | undefined): OpenAPISchema | undefined {
  let cur = s
  for (let i = 0; cur && i < 10; i++) {
    if (cur.$ref) cur = doc.components.schemas[cur.$ref.replace('#/components/schemas/', '')]
    else if (cur.allOf?.length === 1 && !cur.properties) cur = cur.allOf[0]
    else return cur
  }
  return cur
}

describe('/openapi/v3', () => {
  const info: DiscoveryInfo = { resources: [namespaces, ...imageDefs()], schemas: imageSchemas }

  it('index lists every group version with a hashed serverRelativeURL', async () => {
    const res = serve(info, '/openapi/v3')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/json')
    const index = await res.json()
    expect(Object.keys(index.paths)).toEqual(['api/v1', 'apis/image.openshift.io/v1'])
    expect(index.paths['apis/image.openshift.io/v1'].serverRelativeURL).toMatch(/^\/openapi\/v3\/apis\/image\.openshift\.io\/v1\?hash=[0-9A-F]{64}$/)
    expect(index.paths['api/v1'].serverRelativeURL).toMatch(/^\/openapi\/v3\/api\/v1\?hash=[0-9A-F]{64}$/)
  })

  it('serves the GV document at its serverRelativeURL, with ETag, immutable caching, 304 and stale-hash redirect', async () => {
    const index = await serve(info, '/openapi/v3').json()
    const url: string = index.paths['apis/image.openshift.io/v1'].serverRelativeURL
    const hash = new URL(url, 'http://x').searchParams.get('hash')!
    const res = serve(info, url, { accept: 'application/json' })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/json')
    expect(res.headers.get('etag')).toBe(`"${hash}"`)
    expect(res.headers.get('cache-control')).toBe('public, immutable')
    expect(res.headers.get('vary')).toBe('Accept')
    expect(res.headers.get('expires')).toBe('Fri, 01 Jan 2027 00:00:00 GMT')
    const doc = await res.json()
    expect(doc.openapi).toBe('3.0.0')

    expect(serve(info, url, { 'if-none-match': `"${hash}"` }).status).toBe(304)
    const stale = serve(info, `${P.replace('/apis', '/openapi/v3/apis')}?hash=ABC`)
    expect(stale.status).toBe(301)
    expect(stale.headers.get('location')).toBe(url)
    const plain = serve(info, '/openapi/v3/apis/image.openshift.io/v1')
    expect(plain.status).toBe(200)
    expect(plain.headers.get('cache-control')).toBe('no-cache, private')
    expect(serve(info, '/openapi/v3/apis/nope.io/v1').status).toBe(404)
    expect(serve(info, '/openapi/v3/apis/image.openshift.io/v1', { accept: 'application/com.github.proto-openapi.spec.v3@v1.0+protobuf' }).status).toBe(406)
  })

  it('keeps the base path the API is served under in serverRelativeURL', async () => {
    const index = await serve(info, '/openapi/v3', {}, '/api/kubernetes').json()
    expect(index.paths['apis/image.openshift.io/v1'].serverRelativeURL).toMatch(/^\/api\/kubernetes\/openapi\/v3\/apis\/image\.openshift\.io\/v1\?hash=/)
  })

  const doc = openAPIV3Document(info, G, 'v1')!.doc as Doc

  it('has a PATCH operation for ImageStream that kubectl accepts (GVK, fieldValidation, the four patch types)', () => {
    const item = doc.paths[`${P}/namespaces/{namespace}/imagestreams/{name}`]
    const patch = item.patch
    expect(patch.operationId).toBe('patchImageOpenshiftIoV1NamespacedImageStream')
    expect(patch.tags).toEqual(['imageOpenshiftIo_v1'])
    expect(patch['x-kubernetes-action']).toBe('patch')
    expect(patch['x-kubernetes-group-version-kind']).toEqual({ group: G, version: 'v1', kind: 'ImageStream' })
    const params = patch.parameters.map((p: Doc) => `${p.in}:${p.name}`)
    expect(params).toEqual(['query:dryRun', 'query:fieldManager', 'query:fieldValidation', 'query:force'])
    expect(Object.keys(patch.requestBody.content)).toEqual(PATCH_TYPES)
    expect(patch.requestBody.content['application/strategic-merge-patch+json'].schema).toEqual({ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Patch' })
    expect(patch.responses['200'].content['application/json'].schema).toEqual({ $ref: `#/components/schemas/${I}ImageStream` })
    expect(item.parameters.map((p: Doc) => `${p.in}:${p.name}`)).toEqual(['path:name', 'path:namespace', 'query:pretty'])
    expect(Object.keys(item).filter((k) => k !== 'parameters')).toEqual(['get', 'put', 'delete', 'patch'])
    expect(item.get.operationId).toBe('readImageOpenshiftIoV1NamespacedImageStream')
    expect(item.put.operationId).toBe('replaceImageOpenshiftIoV1NamespacedImageStream')
    expect(item.delete.operationId).toBe('deleteImageOpenshiftIoV1NamespacedImageStream')
    expect(item.put.parameters.map((p: Doc) => p.name)).toEqual(['dryRun', 'fieldManager', 'fieldValidation'])
  })

  it('lets kubectl trust server-side validation for every creatable kind (placeholders for PATCH-less kinds)', () => {
    for (const kind of ['Image', 'ImageStream', 'ImageStreamTag', 'ImageTag', 'ImageStreamImport', 'ImageStreamMapping', 'ImageSignature']) {
      expect(kubectlSupportsFieldValidation(doc, kind), kind).toBe(true)
      // Whichever PATCH operation kubectl meets first (Go map order) must carry the parameter.
      const withGVK = operations(doc).filter(({ method, op }) => method === 'patch' && op['x-kubernetes-group-version-kind'].kind === kind)
      for (const { op } of withGVK) expect(op.parameters.some((p: Doc) => p.name === 'fieldValidation')).toBe(true)
    }
    expect(kubectlSupportsFieldValidation(doc, 'ImageStreamImage')).toBe('no-path')
    const placeholder = doc.paths[`${P}/namespaces/{namespace}/imagestreamimports/{name}`]
    expect(Object.keys(placeholder)).toEqual(['patch', 'parameters'])
    expect(placeholder.patch['x-openshift-image-fake-placeholder']).toBe(true)
    expect(placeholder.patch.operationId).toBe('patchImageOpenshiftIoV1NamespacedImageStreamImport')
    expect(Object.keys(placeholder.patch.responses).sort()).toEqual(['401', '405'])
    const sig = doc.paths[`${P}/imagesignatures/{name}`]
    expect(Object.keys(sig).filter((k) => k !== 'parameters')).toEqual(['delete', 'patch'])
    expect(sig.patch['x-kubernetes-group-version-kind']).toEqual({ group: G, version: 'v1', kind: 'ImageSignature' })
  })

  it('publishes exactly the routes the storages serve', () => {
    const ops = Object.fromEntries(operations(doc).map(({ path, method, op }) => [`${method.toUpperCase()} ${path}`, [op.operationId, op['x-kubernetes-action']]]))
    expect(ops[`GET ${P}/namespaces/{namespace}/imagestreams`]).toEqual(['listImageOpenshiftIoV1NamespacedImageStream', 'list'])
    expect(ops[`POST ${P}/namespaces/{namespace}/imagestreams`]).toEqual(['createImageOpenshiftIoV1NamespacedImageStream', 'post'])
    expect(ops[`DELETE ${P}/namespaces/{namespace}/imagestreams`]).toEqual(['deleteImageOpenshiftIoV1CollectionNamespacedImageStream', 'deletecollection'])
    expect(ops[`GET ${P}/imagestreams`]).toEqual(['listImageOpenshiftIoV1ImageStreamForAllNamespaces', 'list'])
    expect(ops[`GET ${P}/namespaces/{namespace}/imagestreams/{name}/status`]).toEqual(['readImageOpenshiftIoV1NamespacedImageStreamStatus', 'get'])
    expect(ops[`PATCH ${P}/namespaces/{namespace}/imagestreams/{name}/status`]).toEqual(['patchImageOpenshiftIoV1NamespacedImageStreamStatus', 'patch'])
    expect(ops[`GET ${P}/namespaces/{namespace}/imagestreams/{name}/secrets`]).toEqual(['readImageOpenshiftIoV1NamespacedImageStreamSecrets', 'get'])
    expect(ops[`GET ${P}/namespaces/{namespace}/imagestreams/{name}/layers`]).toEqual(['readImageOpenshiftIoV1NamespacedImageStreamLayers', 'get'])
    expect(ops[`PATCH ${P}/namespaces/{namespace}/imagestreams/{name}/layers`]).toBeUndefined()
    expect(ops[`GET ${P}/watch/namespaces/{namespace}/imagestreams`]).toEqual(['watchImageOpenshiftIoV1NamespacedImageStreamList', 'watchlist'])
    expect(ops[`GET ${P}/watch/namespaces/{namespace}/imagestreams/{name}`]).toEqual(['watchImageOpenshiftIoV1NamespacedImageStream', 'watch'])
    expect(ops[`GET ${P}/watch/imagestreams`]).toEqual(['watchImageOpenshiftIoV1ImageStreamListForAllNamespaces', 'watchlist'])
    expect(ops[`GET ${P}/watch/images`]).toEqual(['watchImageOpenshiftIoV1ImageList', 'watchlist'])
    expect(ops[`GET ${P}/watch/images/{name}`]).toEqual(['watchImageOpenshiftIoV1Image', 'watch'])
    expect(ops[`DELETE ${P}/images`]).toEqual(['deleteImageOpenshiftIoV1CollectionImage', 'deletecollection'])
    // imagestreamtags: no watch, no deletecollection.
    expect(ops[`GET ${P}/namespaces/{namespace}/imagestreamtags`]).toEqual(['listImageOpenshiftIoV1NamespacedImageStreamTag', 'list'])
    expect(ops[`DELETE ${P}/namespaces/{namespace}/imagestreamtags`]).toBeUndefined()
    expect(Object.keys(doc.paths).some((p) => p.includes('/watch/') && p.includes('imagestreamtags'))).toBe(false)
    // imagestreamimports: create only (plus the placeholder PATCH).
    expect(Object.keys(doc.paths[`${P}/namespaces/{namespace}/imagestreamimports`])).toEqual(['post', 'parameters'])
    expect(doc.paths[`${P}/imagestreamimports`]).toBeUndefined()
    // imagestreamimages: get only.
    expect(Object.keys(doc.paths[`${P}/namespaces/{namespace}/imagestreamimages/{name}`])).toEqual(['get', 'parameters'])
    expect(doc.paths[`${P}/namespaces/{namespace}/imagestreamimages`]).toBeUndefined()
    // Subresource operations carry the subresource's kind.
    expect(doc.paths[`${P}/namespaces/{namespace}/imagestreams/{name}/secrets`].get['x-kubernetes-group-version-kind']).toEqual({ group: G, version: 'v1', kind: 'SecretList' })
    expect(doc.paths[`${P}/namespaces/{namespace}/imagestreams/{name}/secrets`].get.responses['200'].content['application/json'].schema).toEqual({
      $ref: `#/components/schemas/${I}SecretList`,
    })
    // Core paths are not in the image document.
    expect(Object.keys(doc.paths).every((p) => p.startsWith(`${P}/`))).toBe(true)
    // operationIds are unique, every operation is tagged.
    const ids = operations(doc).map(({ op }) => op.operationId)
    expect(new Set(ids).size).toBe(ids.length)
    for (const { op } of operations(doc)) expect(op.tags).toEqual(['imageOpenshiftIo_v1'])
  })

  it('has list and write query parameters and stream content types', () => {
    const list = doc.paths[`${P}/namespaces/{namespace}/imagestreams`].get
    expect(list.parameters.map((p: Doc) => p.name)).toEqual([
      'allowWatchBookmarks', 'continue', 'fieldSelector', 'labelSelector', 'limit', 'resourceVersion', 'resourceVersionMatch', 'sendInitialEvents', 'timeoutSeconds', 'watch',
    ])
    expect(list.parameters.find((p: Doc) => p.name === 'limit').schema).toEqual({ type: 'integer', uniqueItems: true })
    expect(Object.keys(list.responses['200'].content)).toEqual(['application/json', 'application/yaml', 'application/json;stream=watch'])
    expect(list.responses['200'].content['application/json'].schema).toEqual({ $ref: `#/components/schemas/${I}ImageStreamList` })
    const create = doc.paths[`${P}/namespaces/{namespace}/imagestreams`].post
    expect(create.parameters.map((p: Doc) => p.name)).toEqual(['dryRun', 'fieldManager', 'fieldValidation'])
    expect(create.requestBody).toEqual({ content: { '*/*': { schema: { $ref: `#/components/schemas/${I}ImageStream` } } }, required: true })
    expect(Object.keys(create.responses)).toEqual(['200', '201', '202', '401'])
    const watch = doc.paths[`${P}/watch/namespaces/{namespace}/imagestreams`].get
    expect(watch.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent' })
  })

  it('components.schemas: ImageStream with its GVK and spec.tags merge key reachable (kubectl explain)', () => {
    const schemas = doc.components.schemas
    const is = schemas[`${I}ImageStream`]
    expect(is['x-kubernetes-group-version-kind']).toEqual([{ group: G, version: 'v1', kind: 'ImageStream' }])
    const spec = deref(doc, is.properties.spec)!
    const tags = spec.properties!.tags!
    expect(tags['x-kubernetes-patch-merge-key']).toBe('name')
    expect(tags['x-kubernetes-patch-strategy']).toBe('merge')
    const tagRef = deref(doc, tags.items)!
    expect(tagRef.properties!.name).toBeDefined()
    expect(deref(doc, tagRef.properties!.from)!.properties!.kind).toBeDefined()
    for (const k of ['Image', 'ImageSignature', 'ImageStreamImage', 'ImageStreamImport', 'ImageStreamMapping', 'ImageStreamTag', 'ImageTag', 'ImageStreamLayers']) {
      expect(schemas[I + k], k).toBeDefined()
    }
    // Only what the paths reach: nothing of the core group's Namespace.
    expect(schemas['io.k8s.api.core.v1.Namespace']).toBeUndefined()
    expect(Object.keys(schemas)).toEqual([...Object.keys(schemas)].sort())
  })

  it('every $ref resolves', () => {
    expect(resolveAll(doc, '#/components/schemas/', doc.components.schemas)).toEqual([])
    const core = openAPIV3Document(info, '', 'v1')!.doc as Doc
    expect(resolveAll(core, '#/components/schemas/', core.components.schemas)).toEqual([])
    expect(core.paths['/api/v1/namespaces/{name}'].get.operationId).toBe('readCoreV1Namespace')
    expect(core.paths['/api/v1/namespaces/{name}'].get.tags).toEqual(['core_v1'])
    expect(kubectlSupportsFieldValidation(core, 'Namespace', '')).toBe(true)
    expect(core.components.schemas['io.k8s.api.core.v1.Namespace']['x-kubernetes-group-version-kind']).toEqual([{ group: '', version: 'v1', kind: 'Namespace' }])
  })

  it('works without a schema registry (generic schemas, meta/v1 definitions only)', () => {
    const bare = openAPIV3Document({ resources: imageDefs() }, G, 'v1')!.doc as Doc
    expect(resolveAll(bare, '#/components/schemas/', bare.components.schemas)).toEqual([])
    expect(bare.paths[`${P}/namespaces/{namespace}/imagestreams/{name}`].get.responses['200'].content['application/json'].schema).toEqual({ type: 'object' })
    expect(kubectlSupportsFieldValidation(bare, 'ImageStream')).toBe(true)
  })

  it('caches documents and rebuilds them after a registration', () => {
    const resources = imageDefs()
    const src = { resources, schemas: imageSchemas }
    const a = openAPIV3Document(src, G, 'v1')!
    expect(openAPIV3Document({ resources, schemas: imageSchemas }, G, 'v1')).toBe(a)
    resources.push(def({ resource: 'widgets', kind: 'Widget', storage: storage('get') }))
    const b = openAPIV3Document(src, G, 'v1')!
    expect(b).not.toBe(a)
    expect(b.hash).not.toBe(a.hash)
    expect((openAPIV3Index(src).paths as Doc)['apis/image.openshift.io/v1'].serverRelativeURL).toContain(b.hash)
  })
})

describe('/openapi/v2', () => {
  const info: DiscoveryInfo = { resources: [namespaces, ...imageDefs()], schemas: imageSchemas }

  it('answers kubectl\'s protobuf Accept with an empty 200', async () => {
    for (const accept of ['application/com.github.proto-openapi.spec.v2@v1.0+protobuf', 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf', 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf, application/json']) {
      const res = serve(info, '/openapi/v2', { accept })
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('application/com.github.proto-openapi.spec.v2.v1.0+protobuf')
      expect((await res.arrayBuffer()).byteLength).toBe(0)
    }
  })

  it('answers JSON with a Swagger 2.0 document openshift-rest-client can build its client from', async () => {
    const res = serve(info, '/openapi/v2', { accept: 'application/json' })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/json')
    const etag = res.headers.get('etag')!
    expect(etag).toMatch(/^"[0-9A-F]{64}"$/)
    const doc = await res.json()
    expect(doc.swagger).toBe('2.0')
    expect(serve(info, '/openapi/v2', { accept: 'application/json', 'if-none-match': etag }).status).toBe(304)
    expect((await serve(info, '/openapi/v2').json()).swagger).toBe('2.0')
    expect(serve(info, '/openapi/v2', { accept: 'text/html' }).status).toBe(406)

    // What openshift-rest-client uses: paths → operations (with operationId), watch paths for getObjectStream.
    const watchList = doc.paths[`${P}/watch/namespaces/{namespace}/imagestreams`].get
    expect(watchList.operationId).toBe('watchImageOpenshiftIoV1NamespacedImageStreamList')
    expect(watchList['x-kubernetes-action']).toBe('watchlist')
    expect(watchList.responses['200'].schema).toEqual({ $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent' })
    const watchOne = doc.paths[`${P}/watch/namespaces/{namespace}/imagestreams/{name}`].get
    expect(watchOne['x-kubernetes-action']).toBe('watch')
    expect(watchOne['x-kubernetes-group-version-kind']).toEqual({ group: G, version: 'v1', kind: 'ImageStream' })
    expect(doc.paths[`${P}/watch/imagestreams`].get.operationId).toBe('watchImageOpenshiftIoV1ImageStreamListForAllNamespaces')
    const list = doc.paths[`${P}/namespaces/{namespace}/imagestreams`].get
    expect(list['x-kubernetes-action']).toBe('list')
    expect(list.tags).toEqual(['imageOpenshiftIo_v1'])
    const patch = doc.paths[`${P}/namespaces/{namespace}/imagestreams/{name}`].patch
    expect(patch.consumes).toEqual(PATCH_TYPES)
    expect(patch.parameters[0]).toEqual({ name: 'body', in: 'body', required: true, schema: { $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Patch' } })
    expect(patch.parameters.map((p: Doc) => p.name)).toContain('fieldValidation')
    expect(doc.paths[`${P}/namespaces/{namespace}/imagestreams/{name}`].parameters).toEqual([
      { uniqueItems: true, type: 'string', description: 'name of the ImageStream', name: 'name', in: 'path', required: true },
      { uniqueItems: true, type: 'string', description: 'object name and auth scope, such as for teams and projects', name: 'namespace', in: 'path', required: true },
      { uniqueItems: true, type: 'string', description: "If 'true', then the output is pretty printed.", name: 'pretty', in: 'query' },
    ])
    expect(doc.paths['/api/v1/namespaces'].get.operationId).toBe('listCoreV1Namespace')
    for (const item of Object.values(doc.paths as Record<string, Doc>)) {
      for (const [m, op] of Object.entries(item)) if (m !== 'parameters') expect(op.operationId).toBeTruthy()
    }
    // No placeholders in v2: only real routes.
    expect(doc.paths[`${P}/namespaces/{namespace}/imagestreamimports/{name}`]).toBeUndefined()
    expect(doc.paths[`${P}/imagesignatures/{name}`].patch).toBeUndefined()
  })

  it('has definitions for every $ref, in Swagger 2.0 form', () => {
    const doc = openAPIV2Document(info).doc as Doc
    expect(resolveAll(doc, '#/definitions/', doc.definitions)).toEqual([])
    expect(JSON.stringify(doc)).not.toContain('#/components/')
    const is = doc.definitions[`${I}ImageStream`]
    expect(is['x-kubernetes-group-version-kind']).toEqual([{ group: G, version: 'v1', kind: 'ImageStream' }])
    expect(is.properties.spec).toEqual({ $ref: `#/definitions/${I}ImageStreamSpec`, description: 'Desired state of the stream.' })
    expect(doc.definitions[`${I}ImageStreamSpec`].properties.tags['x-kubernetes-patch-merge-key']).toBe('name')
    for (const name of Object.keys(imageSchemas)) expect(doc.definitions[name], name).toBeDefined()
  })

  it('converts v3-only schema constructs', () => {
    expect(toSwaggerSchema({ type: 'string', nullable: true })).toEqual({ type: 'string' })
    expect(toSwaggerSchema({ 'x-kubernetes-int-or-string': true })).toEqual({ 'x-kubernetes-int-or-string': true, type: 'string', format: 'int-or-string' })
    expect(toSwaggerSchema({ type: 'array', items: { allOf: [{ $ref: '#/components/schemas/X' }], default: {} } })).toEqual({ type: 'array', items: { $ref: '#/definitions/X' } })
  })

  it('tags follow the apiserver convention', () => {
    expect(openAPITag(G, 'v1')).toBe('imageOpenshiftIo_v1')
    expect(openAPITag('', 'v1')).toBe('core_v1')
    expect(openAPITag('apps', 'v1beta2')).toBe('apps_v1beta2')
    expect(openAPITag('rbac.authorization.k8s.io', 'v1')).toBe('rbacAuthorization_v1')
  })
})
