// Property: a valid body of any kind with one declared field (at any depth: struct field, list item, map
// value) replaced by a value of another JSON type is never accepted. POST and PUT answer 400 with the
// decoder's message; merge, JSON and strategic merge patches answer 422 (or the patch machinery's own 4xx);
// the store (snapshot, resourceVersion) is unchanged. The field and its Go type come from the kind's
// OpenAPI schema, so every declared field is reachable. FUZZ_RUNS sets the number of cases per property.

import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import type { FakeImageApi } from '../../src/index.js'
import { goTypeOfKind, type GoType } from '../../src/apiserver/typed-decode/go-types.js'
import { rfc3339Error } from '../../src/apiserver/typed-decode/go-time.js'
import { imageSchemas, schemaForKind } from '../../src/image/schema/index.js'
import { call, DIGEST_A, DIGEST_B, fakeApi, image, IMAGES, IS, stream } from '../helpers.js'

const RUNS = Number(process.env.FUZZ_RUNS ?? 60)
const G = 'image.openshift.io'
const V1 = '/apis/image.openshift.io/v1'
const NSP = `${V1}/namespaces/ns`
const API_V = `${G}/v1`

interface KindCase {
  kind: string
  group: string
  path: string
  body: Record<string, unknown>
  /** An existing object to PUT / PATCH (path of the item). */
  item?: string
}

const CASES: KindCase[] = [
  {
    kind: 'ImageStream',
    group: G,
    path: IS,
    item: `${IS}/s`,
    body: {
      ...stream('fz', [{ name: 't', annotations: { a: 'b' }, from: { kind: 'DockerImage', name: 'quay.io/a/b:1' }, importPolicy: { scheduled: false }, referencePolicy: { type: 'Source' } }]),
      metadata: { name: 'fz', labels: { a: 'b' }, annotations: { c: 'd' } },
    },
  },
  { kind: 'Image', group: G, path: IMAGES, item: `${IMAGES}/${DIGEST_A}`, body: { ...image(DIGEST_B), dockerImageLayers: [{ name: 'sha256:' + '1'.repeat(64), size: 1, mediaType: 'application/vnd.oci.image.layer.v1.tar' }] } },
  {
    kind: 'ImageSignature',
    group: G,
    path: `${V1}/imagesignatures`,
    body: { kind: 'ImageSignature', apiVersion: API_V, metadata: { name: `${DIGEST_A}@fz` }, type: 'AtomicImageV1', content: 'c2ln' },
  },
  {
    kind: 'ImageStreamTag',
    group: G,
    path: `${NSP}/imagestreamtags`,
    body: { kind: 'ImageStreamTag', apiVersion: API_V, metadata: { name: 's:fz' }, tag: { name: 'fz', from: { kind: 'DockerImage', name: 'quay.io/a/b:2' } } },
  },
  {
    kind: 'ImageTag',
    group: G,
    path: `${NSP}/imagetags`,
    body: { kind: 'ImageTag', apiVersion: API_V, metadata: { name: 's:fz2' }, spec: { name: 'fz2', from: { kind: 'DockerImage', name: 'quay.io/a/b:3' } } },
  },
  {
    kind: 'ImageStreamMapping',
    group: G,
    path: `${NSP}/imagestreammappings`,
    body: { kind: 'ImageStreamMapping', apiVersion: API_V, metadata: { name: 's' }, tag: 'mapped', image: { metadata: { name: DIGEST_A }, dockerImageReference: `quay.io/x/y@${DIGEST_A}` } },
  },
  {
    kind: 'ImageStreamImport',
    group: G,
    path: `${NSP}/imagestreamimports`,
    body: { kind: 'ImageStreamImport', apiVersion: API_V, metadata: { name: 's' }, spec: { import: false, images: [{ from: { kind: 'DockerImage', name: 'quay.io/a/b:1' } }] } },
  },
  { kind: 'Namespace', group: '', path: '/api/v1/namespaces', item: '/api/v1/namespaces/ns', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'fz', labels: { a: 'b' } } } },
  {
    kind: 'Secret',
    group: '',
    path: '/api/v1/namespaces/ns/secrets',
    item: '/api/v1/namespaces/ns/secrets/sec',
    body: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'fz' }, data: { a: 'YQ==' }, stringData: { b: 'c' }, type: 'Opaque' },
  },
]

const typeOf = (c: KindCase): GoType => goTypeOfKind(schemaForKind(c.group, c.kind)!, imageSchemas)

// ---- wrong values ----------------------------------------------------------------------------------

const str = fc.string({ maxLength: 6 })
const num = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }))
const bool = fc.boolean()
const arr = fc.constantFrom<unknown[]>(['x'], [{}], [[1]])
const obj = fc.constantFrom<Record<string, unknown>>({ a: 1 }, { x: 'y' }, {})
const fraction = fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Number.isInteger(d))
const badBase64 = fc.constantFrom('!', 'YQ=', 'a', 'YQ==YQ', '****')
const badTime = str.filter((s) => rfc3339Error(s) !== undefined)

/** A JSON value of a type the Go type does not take (never null). */
function wrongValue(t: GoType): fc.Arbitrary<unknown> {
  switch (t.kind) {
    case 'string':
      return fc.oneof(num, bool, arr, obj)
    case 'bool':
      return fc.oneof(str, num, arr, obj)
    case 'int':
      return fc.oneof(str, bool, arr, obj, fraction)
    case 'float':
      return fc.oneof(str, bool, arr, obj)
    case 'struct':
      return fc.oneof(str, num, bool, arr)
    case 'map':
      return fc.oneof(str, num, bool, arr)
    case 'slice':
      return fc.oneof(str, num, bool, obj)
    case 'bytes':
      return fc.oneof(num, bool, obj, badBase64, fc.constant(['x']))
    case 'time':
      return fc.oneof(num, bool, arr, obj, badTime)
    case 'raw':
      throw new Error('raw fields take anything')
  }
}

const typedFields = (t: Extract<GoType, { kind: 'struct' }>) => [...t.fields()].filter(([, ft]) => ft.kind !== 'raw')

/** A fragment that sets one field, at most `depth` levels down, to a wrongly typed value. */
function wrongAt(t: GoType, depth: number): fc.Arbitrary<unknown> {
  const here = wrongValue(t)
  if (depth <= 0) return here
  switch (t.kind) {
    case 'struct': {
      const fields = typedFields(t)
      if (!fields.length) return here
      return fc.oneof(here, fc.constantFrom(...fields).chain(([k, ft]) => wrongAt(ft, depth - 1).map((v) => ({ [k]: v }))))
    }
    case 'slice':
      return fc.oneof(here, wrongAt(t.elem, depth - 1).map((v) => [v]))
    case 'map':
      return fc.oneof(here, wrongAt(t.elem, depth - 1).map((v) => ({ k: v })))
    default:
      return here
  }
}

/** A top-level field and the fragment for it. */
function mutation(c: KindCase): fc.Arbitrary<[string, unknown]> {
  const t = typeOf(c) as Extract<GoType, { kind: 'struct' }>
  return fc.constantFrom(...typedFields(t)).chain(([k, ft]) => wrongAt(ft, 5).map((v): [string, unknown] => [k, v]))
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Objects merge, everything else is replaced by the fragment. */
function overlay(base: unknown, frag: unknown): unknown {
  if (!isObj(base) || !isObj(frag)) return frag
  const out: Record<string, unknown> = { ...base }
  for (const [k, v] of Object.entries(frag)) out[k] = overlay(base[k], v)
  return out
}

const DECODER =
  /^(\w+ in version "v1" cannot be handled as a \w+: (json: cannot unmarshal (object|array|string|number|bool|number \S+) into Go struct field \w+\.[\w.]+ of type [\w.[\]]+|illegal base64 data at input byte \d+|parsing time .+)|the object provided is unrecognized \(must be of type \w+\): couldn't get version\/kind; json parse error: json: cannot unmarshal (object|array|number|bool) into Go struct field \.(apiVersion|kind) of type string \(.*\))$/

const SMP_500 =
  /^(map: .* does not contain declared merge key: \w+|list element types are not identical: .*|expected a \w+, but received a .*|unable to find api field in struct .*|merging an object in json but data type is not struct, instead is: .*|expected slice or array type, but got: .*|no elements in any of the given slices|value for key .* is not a map)$/s

async function world(): Promise<FakeImageApi> {
  const api = fakeApi()
  const ok = async (r: Promise<{ status: number; text: string }>) => {
    const res = await r
    expect(res.status, res.text).toBeLessThan(300)
  }
  await ok(call(api, 'POST', '/api/v1/namespaces', { metadata: { name: 'ns' } }))
  await ok(call(api, 'POST', IS, stream('s', [{ name: 'latest', from: { kind: 'DockerImage', name: 'quay.io/a/b:1' } }])))
  await ok(call(api, 'POST', IMAGES, image(DIGEST_A)))
  await ok(call(api, 'POST', '/api/v1/namespaces/ns/secrets', { metadata: { name: 'sec' }, data: { a: 'YQ==' } }))
  return api
}

describe('typed decoding property: wrongly typed fields are never accepted', () => {
  let api: FakeImageApi
  beforeAll(async () => {
    api = await world()
  })

  it('the unmutated bodies are accepted (so the property tests the mutation)', async () => {
    const fresh = await world()
    for (const c of CASES) {
      const r = await call(fresh, 'POST', c.path, c.body)
      expect(r.status, `${c.kind}: ${r.text}`).toBeLessThan(300)
    }
  })

  it.each(CASES.map((c) => [c.kind, c] as const))('POST %s', async (_k, c) => {
    await fc.assert(
      fc.asyncProperty(mutation(c), async ([k, frag]) => {
        const body = { ...c.body, [k]: overlay(c.body[k], frag) }
        const before = JSON.stringify(api.snapshot())
        const r = await call(api, 'POST', c.path, body)
        expect(r.status, r.text).toBe(400)
        expect(r.body.reason).toBe('BadRequest')
        expect(r.body.message).toMatch(DECODER)
        expect(JSON.stringify(api.snapshot())).toBe(before)
      }),
      { numRuns: RUNS },
    )
  })

  const updatable = CASES.filter((c) => c.item)

  it.each(updatable.map((c) => [c.kind, c] as const))('PUT %s', async (_k, c) => {
    const current = (await call(api, 'GET', c.item!)).body as Record<string, unknown>
    await fc.assert(
      fc.asyncProperty(mutation(c), async ([k, frag]) => {
        const before = JSON.stringify(api.snapshot())
        const r = await call(api, 'PUT', c.item!, { ...current, [k]: overlay(current[k], frag) })
        expect(r.status, r.text).toBe(400)
        expect(r.body.message).toMatch(DECODER)
        expect(JSON.stringify(api.snapshot())).toBe(before)
      }),
      { numRuns: RUNS },
    )
  })

  it.each(updatable.map((c) => [c.kind, c] as const))('merge, JSON and strategic merge PATCH %s', async (_k, c) => {
    const current = (await call(api, 'GET', c.item!)).body as Record<string, unknown>
    const patchType = fc.constantFrom('application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/json-patch+json')
    await fc.assert(
      fc.asyncProperty(mutation(c), patchType, async ([k, frag], contentType) => {
        const patch = contentType === 'application/json-patch+json' ? [{ op: 'add', path: `/${k}`, value: overlay(current[k], frag) }] : { [k]: frag }
        const before = JSON.stringify(api.snapshot())
        const r = await call(api, 'PATCH', c.item!, patch, { contentType })
        expect(r.status, r.text).toBeGreaterThanOrEqual(400)
        // The real server's documented 500s here: strategicpatch merge errors other than the few
        // interpretStrategicMergePatchError maps to 400/422 fall through its default case (a plain error → 500).
        const smp500 = contentType === 'application/strategic-merge-patch+json' && r.status === 500 && SMP_500.test(r.body?.message)
        if (!smp500) expect(r.status, r.text).toBeLessThan(500)
        if (contentType !== 'application/strategic-merge-patch+json') {
          // jsonPatcher: the patched document fails to decode → 422, field "patch".
          expect(r.status, r.text).toBe(422)
          expect(r.body.details.causes[0].field).toBe('patch')
        }
        expect(JSON.stringify(api.snapshot())).toBe(before)
      }),
      { numRuns: RUNS },
    )
  })

  it.each(updatable.map((c) => [c.kind, c] as const))('server-side apply %s', async (_k, c) => {
    const current = (await call(api, 'GET', c.item!)).body as Record<string, unknown>
    const { managedFields: _m, ...meta } = current.metadata as Record<string, unknown>
    const intent: Record<string, unknown> = { ...current, metadata: meta }
    await fc.assert(
      fc.asyncProperty(mutation(c), async ([k, frag]) => {
        const before = JSON.stringify(api.snapshot())
        const yaml = JSON.stringify({ ...intent, [k]: overlay(intent[k], frag) })
        const r = await call(api, 'PATCH', `${c.item!}?fieldManager=fuzz&force=true`, undefined, { raw: yaml, contentType: 'application/apply-patch+yaml' })
        // structured-merge-diff refuses the typed patch object, or the conversion to the Go type fails
        // (both plain errors: 500); applyIntent's own checks (object type, managedFields) answer 400.
        if (r.status === 500) expect(r.body.message).toMatch(/^failed to (create typed patch object|convert new object) \(/)
        else expect(r.status, r.text).toBe(400)
        expect(JSON.stringify(api.snapshot())).toBe(before)
      }),
      { numRuns: RUNS },
    )
  })
})
