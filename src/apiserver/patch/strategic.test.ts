import { describe, expect, it } from 'vitest'
import { statusOf } from './test-support.js'
import { applyStrategicMergePatch, applyStrategicMergePatchBody, applyStrategicMergePatchBodyWithWarnings, objectMetaPatchSchema } from './strategic.js'
import { imageRegistry as registry, imageSchema, imageStreamSchema } from './testdata-image-schemas.js'


const smp = (live: unknown, patch: unknown) => applyStrategicMergePatch(live, patch, imageStreamSchema, registry)

const stream = () => ({
  kind: 'ImageStream',
  apiVersion: 'image.openshift.io/v1',
  metadata: { name: 'app', namespace: 'demo', labels: { team: 'a', tier: 'web' }, finalizers: ['a', 'b'] },
  spec: {
    lookupPolicy: { local: false },
    tags: [
      { name: 'latest', from: { kind: 'ImageStreamTag', name: 'app:v1', namespace: 'demo' }, referencePolicy: { type: 'Source' } },
      { name: 'v1', from: { kind: 'DockerImage', name: 'quay.io/x/y:0' }, referencePolicy: { type: 'Source' } },
    ],
  },
  status: {
    dockerImageRepository: 'registry/demo/app',
    tags: [
      { tag: 'v1', items: [{ image: 'sha256:1', created: '2026-01-01T00:00:00Z', dockerImageReference: 'r@sha256:1', generation: 1 }] },
      { tag: 'latest', items: [] },
    ],
  },
})

describe('strategic merge patch on ImageStream (spec.tags merge by name)', () => {
  it('the documented example adds/updates only tag "latest"', () => {
    const out = smp(stream(), { spec: { tags: [{ name: 'latest', from: { kind: 'DockerImage', name: 'quay.io/x/y:1' } }] } }) as ReturnType<typeof stream>
    // ObjectReference carries no patch strategy: SMP merges it key by key (namespace survives)
    expect(out.spec.tags).toEqual([
      { name: 'latest', from: { kind: 'DockerImage', name: 'quay.io/x/y:1', namespace: 'demo' }, referencePolicy: { type: 'Source' } },
      stream().spec.tags[1],
    ])
    expect(out.metadata).toEqual(stream().metadata)
    expect(out.status).toEqual(stream().status)
  })

  it('without $setElementOrder a new tag goes first; the patch order wins for patched items', () => {
    // mergeSortedSlice only interleaves items it finds in the live list: unknown ones come first
    // (the well-known "kubectl patch prepends list items" behaviour)
    const out = smp(stream(), { spec: { tags: [{ name: 'v2', from: { kind: 'DockerImage', name: 'quay.io/x/y:2' } }] } }) as ReturnType<typeof stream>
    expect(out.spec.tags.map((t) => t.name)).toEqual(['v2', 'latest', 'v1'])
    const out2 = smp(stream(), { spec: { tags: [{ name: 'v1' }, { name: 'latest' }] } }) as ReturnType<typeof stream>
    expect(out2.spec.tags.map((t) => t.name)).toEqual(['v1', 'latest'])
  })

  it('{"$patch":"delete","name":"latest"} removes the tag', () => {
    const out = smp(stream(), { spec: { tags: [{ $patch: 'delete', name: 'latest' }] } }) as ReturnType<typeof stream>
    expect(out.spec.tags).toEqual([stream().spec.tags[1]])
  })

  it('{"$patch":"replace"} inside the list replaces it', () => {
    const out = smp(stream(), { spec: { tags: [{ $patch: 'replace' }, { name: 'only' }] } }) as ReturnType<typeof stream>
    expect(out.spec.tags).toEqual([{ name: 'only' }])
  })

  it('kubectl client-side apply body: $setElementOrder/tags with the changed tag only', () => {
    const patch = {
      spec: {
        '$setElementOrder/tags': [{ name: 'latest' }, { name: 'v2' }],
        tags: [{ name: 'v2', from: { kind: 'DockerImage', name: 'quay.io/x/y:2' } }],
      },
    }
    const out = smp(stream(), patch) as ReturnType<typeof stream>
    // v1 is server-only (not in the applied configuration): it keeps its place relative to the
    // live items; v2 follows latest as $setElementOrder says
    expect(out.spec.tags.map((t) => t.name)).toEqual(['latest', 'v2', 'v1'])
    expect(out.spec.tags[1]).toEqual({ name: 'v2', from: { kind: 'DockerImage', name: 'quay.io/x/y:2' } })
  })

  it('kubectl client-side apply body removing a tag it had applied', () => {
    const patch = {
      spec: {
        '$setElementOrder/tags': [{ name: 'latest' }, { name: 'v2' }],
        tags: [{ $patch: 'delete', name: 'v1' }, { name: 'v2', from: { kind: 'DockerImage', name: 'quay.io/x/y:2' } }],
      },
    }
    const out = smp(stream(), patch) as ReturnType<typeof stream>
    expect(out.spec.tags.map((t) => t.name)).toEqual(['latest', 'v2'])
  })

  it('$setElementOrder alone reorders the live list', () => {
    const out = smp(stream(), { spec: { '$setElementOrder/tags': [{ name: 'v1' }, { name: 'latest' }] } }) as ReturnType<typeof stream>
    expect(out.spec.tags.map((t) => t.name)).toEqual(['v1', 'latest'])
  })

  it('deleting and adding in one patch sorts against the reused live storage, as Go does', () => {
    // Go appends the new item into the backing array freed by the deletion, so the live-order
    // lookups see "c" where "b" was: x ends up before c.
    const live = { spec: { tags: [{ name: 'a' }, { name: 'x' }, { name: 'b' }] } }
    const patch = { spec: { '$setElementOrder/tags': [{ name: 'a' }, { name: 'c' }], tags: [{ $patch: 'delete', name: 'b' }, { name: 'c' }] } }
    expect((smp(live, patch) as typeof live).spec.tags.map((t) => t.name)).toEqual(['a', 'x', 'c'])
  })

  it('status.tags merge by tag; their items lists are atomic', () => {
    const newItem = { image: 'sha256:2', created: '2026-01-02T00:00:00Z', dockerImageReference: 'r@sha256:2', generation: 2 }
    const out = smp(stream(), { status: { tags: [{ tag: 'v1', items: [newItem] }, { tag: 'v2', items: [newItem] }] } }) as ReturnType<typeof stream>
    expect(out.status.tags).toEqual([
      { tag: 'v1', items: [newItem] },
      { tag: 'v2', items: [newItem] },
      { tag: 'latest', items: [] },
    ])
  })

  it('maps merge and null deletes (labels, spec fields)', () => {
    const out = smp(stream(), { metadata: { labels: { tier: null, env: 'prod' } }, spec: { lookupPolicy: { local: true }, dockerImageRepository: null } }) as ReturnType<typeof stream>
    expect(out.metadata.labels).toEqual({ team: 'a', env: 'prod' })
    expect(out.spec.lookupPolicy).toEqual({ local: true })
  })

  it('$patch on maps: replace and delete', () => {
    const replaced = smp(stream(), { metadata: { labels: { $patch: 'replace', only: 'x' } } }) as ReturnType<typeof stream>
    expect(replaced.metadata.labels).toEqual({ only: 'x' })
    const deleted = smp(stream(), { metadata: { labels: { $patch: 'delete' } } }) as ReturnType<typeof stream>
    expect(deleted.metadata.labels).toEqual({})
    const spec = smp(stream(), { spec: { $patch: 'replace', tags: [{ name: 'z' }] } }) as ReturnType<typeof stream>
    expect(spec.spec).toEqual({ tags: [{ name: 'z' }] })
  })

  it('does not mutate its inputs', () => {
    const live = stream()
    const patch = { spec: { '$setElementOrder/tags': [{ name: 'latest' }], tags: [{ $patch: 'delete', name: 'v1' }, { name: 'latest', from: null }] } }
    const patchCopy = structuredClone(patch)
    smp(live, patch)
    expect(live).toEqual(stream())
    expect(patch).toEqual(patchCopy)
  })
})

describe('strategic merge patch: ObjectMeta', () => {
  it('finalizers are a set (merge strategy on a list of strings)', () => {
    const out = smp(stream(), { metadata: { finalizers: ['c', 'a'] } }) as ReturnType<typeof stream>
    expect(out.metadata.finalizers).toEqual(['c', 'a', 'b'])
  })
  it('$deleteFromPrimitiveList/finalizers removes items', () => {
    const out = smp(stream(), { metadata: { '$deleteFromPrimitiveList/finalizers': ['a', 'zz'] } }) as ReturnType<typeof stream>
    expect(out.metadata.finalizers).toEqual(['b'])
  })
  it('ownerReferences merge by uid', () => {
    const live = { metadata: { ownerReferences: [{ apiVersion: 'v1', kind: 'A', name: 'a', uid: '1' }] } }
    const out = smp(live, { metadata: { ownerReferences: [{ apiVersion: 'v1', kind: 'B', name: 'b', uid: '2' }, { uid: '1', controller: true }] } }) as typeof live
    expect(out.metadata.ownerReferences).toEqual([
      { apiVersion: 'v1', kind: 'B', name: 'b', uid: '2' },
      { apiVersion: 'v1', kind: 'A', name: 'a', uid: '1', controller: true },
    ])
  })
  it('objectMetaPatchSchema declares the list strategies', () => {
    const meta = objectMetaPatchSchema['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta']!.properties!
    expect(meta.finalizers!['x-kubernetes-patch-strategy']).toBe('merge')
    expect(meta.ownerReferences!['x-kubernetes-patch-merge-key']).toBe('uid')
  })
})

describe('strategic merge patch on Image', () => {
  const image = () => ({
    kind: 'Image',
    apiVersion: 'image.openshift.io/v1',
    metadata: { name: 'sha256:1' },
    dockerImageMetadata: { kind: 'DockerImage', apiVersion: '1.0', Size: 10, Config: { Labels: { a: 'b' } } },
    dockerImageLayers: [{ name: 'l1', size: 1, mediaType: 'm' }],
    signatures: [
      { name: 'sha256:1@s1', type: 'atomic', content: 'AA==', conditions: [{ type: 'Trusted', status: 'True' }, { type: 'ForImage', status: 'True' }] },
    ],
  })
  const patchImage = (p: unknown) => applyStrategicMergePatch(image(), p, imageSchema, registry) as ReturnType<typeof image>

  it('dockerImageMetadata has the replace strategy', () => {
    expect(patchImage({ dockerImageMetadata: { Size: 5 } }).dockerImageMetadata).toEqual({ Size: 5 })
  })
  it('signatures merge by name, their conditions by type', () => {
    const out = patchImage({
      signatures: [
        { name: 'sha256:1@s1', conditions: [{ type: 'Trusted', status: 'False', reason: 'Expired' }] },
        { name: 'sha256:1@s2', type: 'atomic', content: 'AQ==' },
      ],
    })
    expect(out.signatures).toEqual([
      {
        name: 'sha256:1@s1',
        type: 'atomic',
        content: 'AA==',
        conditions: [{ type: 'Trusted', status: 'False', reason: 'Expired' }, { type: 'ForImage', status: 'True' }],
      },
      { name: 'sha256:1@s2', type: 'atomic', content: 'AQ==' },
    ])
  })
  it('other lists are atomic', () => {
    expect(patchImage({ dockerImageLayers: [{ name: 'l2' }] }).dockerImageLayers).toEqual([{ name: 'l2' }])
  })
})

describe('strategic merge patch: errors', () => {
  const msg = (patch: unknown, live: unknown = stream()) => {
    const e = statusOf(() => smp(live, patch))
    return [e.code, e.body.reason ?? '', e.body.message] as const
  }
  it('malformed directive keys → 400', () => {
    expect(msg({ metadata: { $deleteFromPrimitiveList: ['a'] } })).toEqual([400, 'BadRequest', 'invalid patch format of primitive list'])
    expect(msg({ spec: { $setElementOrder: [] } })).toEqual([400, 'BadRequest', 'invalid patch format of setElementOrder list'])
    expect(msg({ spec: { $retainKeys: 'tags' } })).toEqual([400, 'BadRequest', 'invalid patch format of retainKeys'])
    expect(msg({ spec: { $retainKeys: ['tags'], lookupPolicy: { local: true } } })).toEqual([400, 'BadRequest', 'invalid patch format of retainKeys'])
  })
  it('lists of lists in a merging list → generic 422', () => {
    const e = statusOf(() => smp({ metadata: { finalizers: [] } }, { metadata: { finalizers: [['x']] } }))
    expect(e.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'the server rejected our request due to an error in our request',
      reason: 'Invalid',
      details: {},
      code: 422,
    })
  })
  it('other failures are plain Go errors (500 without reason)', () => {
    expect(msg({ spec: { '$setElementOrder/foo': [{ name: 'a' }] } })).toEqual([
      500,
      '',
      'unable to find api field in struct ImageStreamSpec for the json field "foo"',
    ])
    expect(msg({ spec: { '$setElementOrder/tags': 'x' } })).toEqual([500, '', 'expected a []interface {}, but received a string'])
    expect(msg({ spec: { tags: [{ from: {} }] } })).toEqual([500, '', 'map: map[from:map[]] does not contain declared merge key: name'])
    expect(msg({ spec: { $patch: 'merge' } })).toEqual([500, '', 'unknown patch type: merge in map: map[$patch:merge]'])
    expect(msg({ spec: { tags: [{ $patch: 'merge', name: 'x' }] } })).toEqual([500, '', 'merging lists cannot yet be specified in the patch'])
    expect(msg({ spec: { tags: [{ $patch: 'bogus', name: 'x' }] } })).toEqual([500, '', 'unknown patch type: bogus in map: map[$patch:bogus name:x]'])
    expect(msg({ spec: { '$setElementOrder/tags': [{ name: 'latest' }, { name: 'v1' }], tags: [{ name: 'v1' }, { name: 'latest' }] } })).toEqual([
      500,
      '',
      "The order in patch list:\n[map[name:v1] map[name:latest]]\n doesn't match $setElementOrder list:\n[map[name:latest] map[name:v1]]\n",
    ])
    expect(msg({ metadata: { finalizers: [1] } })).toEqual([500, '', 'list element types are not identical: [[a b] [1]]'])
  })
  it('a map inside a map-typed field cannot be merged (Go: not a struct)', () => {
    const live = { spec: { tags: [{ name: 'a', annotations: { k: 'v' } }] } }
    // annotations is map[string]string; a nested object in both sides asks for a struct lookup
    const liveOdd = { spec: { tags: [{ name: 'a', annotations: { k: { x: 1 } } }] } }
    expect((smp(live, { spec: { tags: [{ name: 'a', annotations: { k: 'w' } }] } }) as typeof live).spec.tags[0]!.annotations).toEqual({ k: 'w' })
    expect(msg({ spec: { tags: [{ name: 'a', annotations: { k: { y: 2 } } }] } }, liveOdd)).toEqual([
      500,
      '',
      'merging an object in json but data type is not struct, instead is: map',
    ])
  })
})

describe('applyStrategicMergePatchBody', () => {
  it('parses the body and applies it', () => {
    const out = applyStrategicMergePatchBody(stream(), '{"metadata":{"labels":{"x":"y"}}}', imageStreamSchema, registry) as ReturnType<typeof stream>
    expect(out.metadata.labels).toEqual({ team: 'a', tier: 'web', x: 'y' })
  })
  it('unparseable JSON → 400 with Go\'s JSON error text (no prefix)', () => {
    const e = statusOf(() => applyStrategicMergePatchBody(stream(), '{"spec":', imageStreamSchema, registry))
    expect([e.code, e.body.reason, e.body.message]).toEqual([400, 'BadRequest', 'unexpected end of JSON input'])
    expect(statusOf(() => applyStrategicMergePatchBody(stream(), 'spec', imageStreamSchema, registry)).body.message).toBe(
      "invalid character 's' looking for beginning of value",
    )
    expect(statusOf(() => applyStrategicMergePatchBody(stream(), '[{"op":"add"}]', imageStreamSchema, registry)).body.message).toBe(
      'json: cannot unmarshal array into Go value of type map[string]interface {}',
    )
  })
  it('`null` changes nothing; duplicate keys are reported', () => {
    expect(applyStrategicMergePatchBody(stream(), 'null', imageStreamSchema, registry)).toEqual(stream())
    const out = applyStrategicMergePatchBodyWithWarnings(stream(), '{"metadata":{"name":"app","name":"app"}}', imageStreamSchema, registry)
    expect(out.strictErrors).toEqual(['duplicate field "metadata.name"'])
  })
})

describe('strategic merge patch without schema information', () => {
  it('an empty schema merges maps and replaces lists (no 500s)', () => {
    const out = applyStrategicMergePatch(stream(), { metadata: { labels: { x: 'y' } }, spec: { tags: [{ name: 'only' }] } }, {}, {}) as ReturnType<typeof stream>
    expect(out.metadata.labels).toEqual({ team: 'a', tier: 'web', x: 'y' })
    expect(out.spec.tags).toEqual([{ name: 'only' }])
  })
  it('a free-form object schema (RawExtension) is a Go struct without fields: looking inside fails', () => {
    const raw = { type: 'object' as const, properties: { x: { $ref: '#/components/schemas/raw' } } }
    const e = statusOf(() => applyStrategicMergePatch({ x: { a: { b: 1 } } }, { x: { a: { c: 2 } } }, raw, { raw: { type: 'object' } }))
    expect([e.code, e.body.message]).toEqual([500, 'unable to find api field in struct raw for the json field "a"'])
  })
})
