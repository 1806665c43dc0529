import { describe, expect, it } from 'vitest'
import { statusOf } from './test-support.js'
import { applyServerSideApply } from './apply.js'
import { imageRegistry as registry, imageSchema, imageStreamSchema } from './testdata-image-schemas.js'


const ssa = (live: unknown, intent: unknown) => applyServerSideApply(live, intent, imageStreamSchema, registry)

const live = () => ({
  kind: 'ImageStream',
  apiVersion: 'image.openshift.io/v1',
  metadata: { name: 'app', namespace: 'demo', labels: { team: 'a' }, finalizers: ['a', 'b'] },
  spec: {
    lookupPolicy: { local: false },
    tags: [
      { name: 'latest', from: { kind: 'ImageStreamTag', name: 'app:v1', namespace: 'demo' }, referencePolicy: { type: 'Source' } },
      { name: 'v1', from: { kind: 'DockerImage', name: 'quay.io/x/y:0' } },
    ],
  },
})

type IS = ReturnType<typeof live>

describe('applyServerSideApply', () => {
  it('creates from the intent when there is no live object (explicit nulls dropped)', () => {
    const intent = { kind: 'ImageStream', apiVersion: 'image.openshift.io/v1', metadata: { name: 'app', labels: { x: null } }, spec: { tags: [{ name: 'a' }] } }
    expect(ssa(undefined, intent)).toEqual({ kind: 'ImageStream', apiVersion: 'image.openshift.io/v1', metadata: { name: 'app', labels: {} }, spec: { tags: [{ name: 'a' }] } })
  })

  it('spec.tags is associative by name; ObjectReference is an atomic map (replaced, unlike SMP)', () => {
    const out = ssa(live(), { spec: { tags: [{ name: 'latest', from: { kind: 'DockerImage', name: 'quay.io/x/y:1' } }] } }) as IS
    expect(out.spec.tags).toEqual([
      { name: 'latest', from: { kind: 'DockerImage', name: 'quay.io/x/y:1' }, referencePolicy: { type: 'Source' } },
      live().spec.tags[1],
    ])
    // no ownership tracking yet: fields the intent omits are kept
    expect(out.metadata).toEqual(live().metadata)
    expect(out.spec.lookupPolicy).toEqual({ local: false })
  })

  it('new items go after the live ones; shared items follow the intent order (SMD visitListItems)', () => {
    expect((ssa(live(), { spec: { tags: [{ name: 'v2' }] } }) as IS).spec.tags.map((t) => t.name)).toEqual(['latest', 'v1', 'v2'])
    const l = { spec: { tags: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] } }
    expect((ssa(l, { spec: { tags: [{ name: 'c' }, { name: 'a' }] } }) as typeof l).spec.tags.map((t) => t.name)).toEqual(['b', 'c', 'a'])
  })

  it('sets (finalizers: merge strategy on strings) are unions', () => {
    expect((ssa(live(), { metadata: { finalizers: ['c', 'a'] } }) as IS).metadata.finalizers).toEqual(['c', 'a', 'b'])
  })

  it('maps merge key by key; an explicit null removes the key', () => {
    const out = ssa(live(), { metadata: { labels: { team: null, env: 'prod' }, annotations: { note: 'x' } } }) as IS & { metadata: { annotations: unknown } }
    expect(out.metadata.labels).toEqual({ env: 'prod' })
    expect(out.metadata.annotations).toEqual({ note: 'x' })
  })

  it('x-kubernetes-list-type: map with list-map-keys (ownerReferences by uid)', () => {
    const l = { metadata: { ownerReferences: [{ apiVersion: 'v1', kind: 'A', name: 'a', uid: '1', controller: true }] } }
    const out = ssa(l, { metadata: { ownerReferences: [{ apiVersion: 'v1', kind: 'B', name: 'b', uid: '2' }, { apiVersion: 'v1', kind: 'A', name: 'a2', uid: '1' }] } })
    // OwnerReference is an atomic map: the applied item replaces the live one
    expect(out).toEqual({
      metadata: {
        ownerReferences: [
          { apiVersion: 'v1', kind: 'B', name: 'b', uid: '2' },
          { apiVersion: 'v1', kind: 'A', name: 'a2', uid: '1' },
        ],
      },
    })
  })

  it('Image: signatures by name, conditions by type, other lists and dockerImageMetadata atomic', () => {
    // The real ImageSignature has no top-level `name` (the merge key of Image.signatures): declare one here
    // so that keyed merging can be shown (undeclared fields are a typing error, see below).
    const SIG = 'com.github.openshift.api.image.v1.ImageSignature'
    const sigRegistry = { ...registry, [SIG]: { ...registry[SIG]!, properties: { ...registry[SIG]!.properties, name: { type: 'string' } } } }
    const img = {
      dockerImageMetadata: { kind: 'DockerImage', Size: 1 },
      dockerImageLayers: [{ name: 'l1' }, { name: 'l2' }],
      signatures: [{ name: 's1', type: 'atomic', conditions: [{ type: 'Trusted', status: 'True' }, { type: 'ForImage', status: 'True' }] }],
    }
    const out = applyServerSideApply(
      img,
      { dockerImageLayers: [{ name: 'l3' }], signatures: [{ name: 's1', conditions: [{ type: 'Trusted', status: 'False' }] }, { name: 's2', type: 'atomic' }] },
      imageSchema,
      sigRegistry as typeof registry,
    )
    expect(out).toEqual({
      dockerImageMetadata: { kind: 'DockerImage', Size: 1 },
      dockerImageLayers: [{ name: 'l3' }],
      signatures: [
        { name: 's1', type: 'atomic', conditions: [{ type: 'Trusted', status: 'False' }, { type: 'ForImage', status: 'True' }] },
        { name: 's2', type: 'atomic' },
      ],
    })
  })

  it('does not mutate its inputs', () => {
    const l = live()
    const intent = { spec: { tags: [{ name: 'latest', from: null }] } }
    ssa(l, intent)
    expect(l).toEqual(live())
    expect(intent).toEqual({ spec: { tags: [{ name: 'latest', from: null }] } })
  })

  it('invalid associative lists in the intent fail like "failed to create typed patch object"', () => {
    expect(statusOf(() => ssa(live(), { spec: { tags: [{ from: {} }] } })).body.message).toBe(
      `.spec.tags: element 0: associative list with keys has an element that omits all key fields ["name"] (and doesn't have default values for any key fields)`,
    )
    const dup = statusOf(() =>
      applyServerSideApply(live(), { spec: { tags: [{ name: 'a' }, { name: 'a' }] } }, imageStreamSchema, registry, {
        objectRef: 'demo/app; image.openshift.io/v1, Kind=ImageStream',
      }),
    )
    expect([dup.code, dup.body.reason ?? '', dup.body.message]).toEqual([
      500,
      '',
      'failed to create typed patch object (demo/app; image.openshift.io/v1, Kind=ImageStream): .spec.tags: duplicate entries for key [name="a"]',
    ])
    expect(statusOf(() => ssa(live(), { metadata: { finalizers: ['x', 'x'] } })).body.message).toBe('.metadata.finalizers: duplicate entries for key [="x"]')
  })

  it('fields the schema does not declare fail typing (500), all of them listed', () => {
    expect(statusOf(() => ssa(live(), { spec: { foo: 1 } })).body.message).toBe('.spec.foo: field not declared in schema')
    const two = statusOf(() =>
      applyServerSideApply(live(), { spec: { foo: 1, tags: [{ name: 'a', bar: 2 }] } }, imageStreamSchema, registry, { objectRef: 'demo/app; image.openshift.io/v1, Kind=ImageStream' }),
    )
    expect([two.code, two.body.reason ?? '', two.body.message]).toEqual([
      500,
      '',
      'failed to create typed patch object (demo/app; image.openshift.io/v1, Kind=ImageStream): errors:\n  .spec.foo: field not declared in schema\n  .spec.tags[name="a"].bar: field not declared in schema',
    ])
  })
})
