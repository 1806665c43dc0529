// Fuzz: bad queries, paths, methods, headers and content types through api.fetch (invariants: ./support.ts).

import fc from 'fast-check'
import { afterAll, describe, it } from 'vitest'
import { apiPool, BASE, DIGEST, NS, fuzzParams, runs, sendChecked, tally } from './support.js'

afterAll(() => console.log(tally.report()))

tally.name = 'requests (api.fetch)'
const RUNS = Number(process.env.FUZZ_RUNS ?? 400)

const segment = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('api', 'apis', 'v1', 'image.openshift.io', 'namespaces', NS, 'default', 'imagestreams', 'images', 'imagestreamtags', 'imagetags', 'imagestreamimages', 'imagestreammappings', 'imagestreamimports', 'imagesignatures', 'secrets', 'layers', 'status', 'instantiate', 'is', 'is:latest', `is@${DIGEST}`, DIGEST, 's', 'watch', 'version', 'openapi', 'v2', 'v3', 'healthz', 'readyz', 'livez', 'metrics') },
  { weight: 1, arbitrary: fc.constantFrom('', '.', '..', '%2e%2e', '%2F', '%00', '%ff', '%', '😀', 'a b', '~', ';x=1', 'is:', ':', '@', 'IS') },
  { weight: 1, arbitrary: fc.string({ maxLength: 8, unit: 'binary' }).map(encodeURIComponent) },
)
const path = fc.oneof(
  fc.array(segment, { minLength: 0, maxLength: 8 }).map((s) => `/${s.join('/')}`),
  fc.constantFrom(`/apis/image.openshift.io/v1/namespaces/${NS}/imagestreams`, `/apis/image.openshift.io/v1/namespaces/${NS}/imagestreams/is`, `/apis/image.openshift.io/v1/images/${DIGEST}`, `/apis/image.openshift.io/v1/namespaces/${NS}/imagestreamtags/is:latest`, `/api/v1/namespaces/${NS}/secrets`, '/api/v1/namespaces', '/apis', '/openapi/v2', '/version'),
)

const QUERY_KEYS = ['labelSelector', 'fieldSelector', 'limit', 'continue', 'resourceVersion', 'resourceVersionMatch', 'watch', 'allowWatchBookmarks', 'timeoutSeconds', 'sendInitialEvents', 'dryRun', 'fieldManager', 'fieldValidation', 'force', 'pretty', 'propagationPolicy', 'gracePeriodSeconds', 'orphanDependents', 'includeObject', 'as', 'export']
const queryValue = fc.oneof(
  fc.constantFrom('', '0', '1', '-1', 'true', 'false', 'All', 'Strict', 'Warn', 'Ignore', 'Exact', 'NotOlderThan', 'Foreground', 'Orphan', '99999999999999999999', '1e400', 'a=b', 'a in (b)', 'a!=', '!a', 'metadata.name=is', 'x==y', '%', '\u0000', '😀', 'a'.repeat(5000), '3.5', 'NaN'),
  fc.string({ maxLength: 20, unit: 'binary' }),
)
const query = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...QUERY_KEYS), fc.string({ maxLength: 6 })), queryValue), { maxLength: 4 }).map((pairs) => {
  const q = new URLSearchParams()
  for (const [k, v] of pairs) q.append(k, v)
  // watches: bounded, so a fuzz case never holds a stream open
  if (q.has('watch') || q.has('timeoutSeconds')) q.set('timeoutSeconds', '1')
  return q.toString()
})

const CONTENT_TYPES = ['application/json', 'application/yaml', 'application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/json-patch+json', 'application/apply-patch+yaml', 'application/vnd.kubernetes.protobuf', 'text/plain', 'application/json; charset=utf-16', 'application/json;;', '*/*', '', 'application/', 'multipart/form-data; boundary=x', 'application/apply-patch+cbor']
const ACCEPTS = ['application/json', 'application/yaml', 'application/json;as=Table;v=v1;g=meta.k8s.io', 'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io', 'application/json;as=Nope', 'application/vnd.kubernetes.protobuf', 'text/html', '*/*', '', 'application/json;stream=watch', 'application/json;q=0', ',,,', 'application/*;q=0.5, */*;q=0.1']
const headerValue = fc.oneof(fc.constantFrom('', ' ', 'x'.repeat(8000), 'Bearer abc', 'kubectl/v1.32.0 (linux/amd64) kubernetes/abc'), fc.string({ maxLength: 30, unit: 'binary-ascii' }).map((s) => s.replace(/[\r\n\0]/g, ' ')))
const body = fc.oneof(fc.constant(undefined), fc.json({ maxDepth: 3 }), fc.string({ maxLength: 200, unit: 'binary' }), fc.constantFrom('{}', '[]', 'null', '{"kind":"DeleteOptions","apiVersion":"v1","propagationPolicy":"Nope"}', '{"kind":"DeleteOptions","apiVersion":"v1","preconditions":{"uid":"x"}}', '{"apiVersion":"v1","kind":"Status"}'))

describe('fuzz: bad queries, paths, headers and content types through api.fetch', () => {
  it(`${RUNS} cases keep the invariants`, async () => {
    const api = apiPool()
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE', 'PROPFIND'),
        path,
        query,
        fc.constantFrom(...CONTENT_TYPES),
        fc.constantFrom(...ACCEPTS),
        fc.dictionary(fc.constantFrom('user-agent', 'impersonate-user', 'authorization', 'x-forwarded-for', 'if-none-match', 'accept-encoding', 'content-encoding', 'x-remote-user', 'audit-id'), headerValue, { maxKeys: 3 }),
        body,
        async (method, p, q, contentType, accept, headers, payload) => {
          const url = `${BASE}${p}${q ? `?${q}` : ''}`
          const init: RequestInit = { method, headers: { ...headers, 'content-type': contentType, accept } }
          if (payload !== undefined && method !== 'GET' && method !== 'HEAD') init.body = payload
          let request: Request
          try {
            request = new Request(url, init)
          } catch {
            return // not expressible as a Fetch request (a client could not send it either)
          }
          await sendChecked(await api(), request, `${method} ${url} ${contentType} ${String(payload).slice(0, 100)}`)
        },
      ),
      fuzzParams(RUNS),
    )
  }, 30_000 + runs(RUNS) * 100)
})
