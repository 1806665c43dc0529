import { describe, expect, it } from 'vitest'
import { isStatusError } from '../../apiserver/errors.js'
import type { ImageStream, NamedTagEventList, TagEvent, TagReference } from '../types.js'
import {
  addTagEventToImageStream,
  findSpecTag,
  findStatusTag,
  hasTagCondition,
  latestTaggedImage,
  resolveImageID,
  resolveLatestTaggedImage,
  resolveReferenceForTagEvent,
  setSpecTag,
  setStatusTag,
  sortStatusTags,
  tagEventChanged,
  tagRefChanged,
  updateTrackingTags,
} from './tag-events.js'

const T0 = '2015-09-04T13:52:00Z'

function ev(dockerImageReference: string, image = '', generation = 0, created = T0): TagEvent {
  return { created, dockerImageReference, image, generation }
}

function stream(opts: {
  name?: string
  namespace?: string
  status?: Record<string, TagEvent[] | NamedTagEventList>
  spec?: Record<string, Partial<TagReference>>
  statusRepo?: string
}): ImageStream {
  const statusTags: NamedTagEventList[] = Object.entries(opts.status ?? {}).map(([tag, v]) =>
    Array.isArray(v) ? { tag, items: v } : { ...v, tag },
  )
  const specTags: TagReference[] = Object.entries(opts.spec ?? {}).map(([name, v]) => ({ name, annotations: null, generation: null, ...v }))
  const s: ImageStream = {
    metadata: { name: opts.name ?? 'ruby', namespace: opts.namespace ?? 'ns' },
    spec: {},
    status: { dockerImageRepository: opts.statusRepo ?? '' },
  }
  if (specTags.length) s.spec.tags = specTags.sort((a, b) => (a.name < b.name ? -1 : 1))
  if (statusTags.length) s.status.tags = statusTags.sort((a, b) => (a.tag < b.tag ? -1 : 1))
  return s
}

describe('find / set', () => {
  it('finds spec and status tags', () => {
    const s = stream({ status: { a: [ev('x')] }, spec: { b: {} } })
    expect(findStatusTag(s, 'a')?.items?.[0]?.dockerImageReference).toBe('x')
    expect(findStatusTag(s, 'b')).toBeUndefined()
    expect(findSpecTag(s, 'b')?.name).toBe('b')
    expect(findSpecTag(s, 'a')).toBeUndefined()
  })

  it('keeps lists sorted by byte order when inserting', () => {
    const s = stream({})
    for (const t of ['b', 'a', 'B', 'c', 'a']) setStatusTag(s, { tag: t, items: null })
    expect(s.status.tags!.map((t) => t.tag)).toEqual(['B', 'a', 'b', 'c'])
    for (const t of ['z', 'latest', '1.0']) setSpecTag(s, { name: t, annotations: null, generation: null })
    expect(s.spec.tags!.map((t) => t.name)).toEqual(['1.0', 'latest', 'z'])
  })
})

describe('latestTaggedImage (TestLatestTaggedImage)', () => {
  const both = { latest: [ev('latest-ref'), ev('older')], foo: [ev('foo-ref'), ev('older')] }
  it.each([
    ['foo', {}, undefined],
    ['foo', { latest: [ev('latest-ref'), ev('older')] }, undefined],
    ['', { latest: [ev('latest-ref'), ev('older')] }, 'latest-ref'],
    ['foo', both, 'foo-ref'],
    ['foo', { foo: [] }, undefined],
  ] as Array<[string, Record<string, TagEvent[]>, string | undefined]>)('%j', (tag, status, want) => {
    expect(latestTaggedImage(stream({ status }), tag)?.dockerImageReference).toBe(want)
  })

  it('returns the stored event itself', () => {
    const s = stream({ status: { latest: [ev('r')] } })
    expect(latestTaggedImage(s, 'latest')).toBe(s.status.tags![0]!.items![0])
  })
})

describe('resolveLatestTaggedImage / resolveReferenceForTagEvent (TestResolveLatestTaggedImage)', () => {
  const SHA = 'sha256:4ab15c48b859c2920dd5224f92aabcd39a52794c5b3cf088fb3bbb438756c246'
  const withImage = { latest: [ev('latest-ref', SHA), ev('older')] }
  it('is undefined without status', () => {
    expect(resolveLatestTaggedImage(stream({}), 'foo')).toBeUndefined()
    expect(resolveLatestTaggedImage(stream({ status: { latest: [ev('latest-ref')] } }), 'foo')).toBeUndefined()
  })
  it('defaults to latest', () => {
    expect(resolveLatestTaggedImage(stream({ status: { latest: [ev('latest-ref')] } }), '')).toBe('latest-ref')
  })
  it('source policy uses the original reference', () => {
    const s = stream({ status: withImage, spec: { latest: { referencePolicy: { type: 'Source' } } }, statusRepo: 'test.server/a/b' })
    expect(resolveLatestTaggedImage(s, 'latest')).toBe('latest-ref')
  })
  it('local policy needs a status repository', () => {
    const s = stream({ status: withImage, spec: { latest: { referencePolicy: { type: 'Local' } } } })
    expect(resolveLatestTaggedImage(s, 'latest')).toBe('latest-ref')
  })
  it('local policy needs an image id', () => {
    const s = stream({
      status: { latest: [ev('latest-ref'), ev('older')] },
      spec: { latest: { referencePolicy: { type: 'Local' } } },
      statusRepo: 'test.server/a/b',
    })
    expect(resolveLatestTaggedImage(s, 'latest')).toBe('latest-ref')
  })
  it('local policy returns a pull-through spec', () => {
    const s = stream({ status: withImage, spec: { latest: { referencePolicy: { type: 'Local' } } }, statusRepo: 'test.server/a/b' })
    expect(resolveLatestTaggedImage(s, 'latest')).toBe(`test.server/a/b@${SHA}`)
  })
  it('local policy: non-digest image renders as :image, tag in the repository is dropped, bad repository falls back', () => {
    const spec = { latest: { referencePolicy: { type: 'Local' } } }
    expect(resolveReferenceForTagEvent(stream({ spec, statusRepo: 'reg:5000/ns/is:tag' }), 'latest', ev('orig', 'plainid'))).toBe(
      'reg:5000/ns/is:plainid',
    )
    expect(resolveReferenceForTagEvent(stream({ spec, statusRepo: 'Not Valid' }), 'latest', ev('orig', SHA))).toBe('orig')
    // no spec tag -> source reference
    expect(resolveReferenceForTagEvent(stream({ statusRepo: 'r/a/b' }), 'latest', ev('orig', SHA))).toBe('orig')
  })
})

describe('addTagEventToImageStream (TestAddTagEventToImageStream)', () => {
  const cases: Array<[string, Record<string, TagEvent[]>, string, string, TagEvent[], boolean]> = [
    ['nil entry for tag', {}, 'ref', 'image', [ev('ref', 'image')], true],
    ['empty items for tag', { latest: [] }, 'ref', 'image', [ev('ref', 'image')], true],
    ['same ref and image', { latest: [ev('ref', 'image')] }, 'ref', 'image', [ev('ref', 'image')], false],
    ['same ref, different image', { latest: [ev('ref', 'image')] }, 'ref', 'newimage', [ev('ref', 'newimage')], true],
    ['different ref, same image', { latest: [ev('ref', 'image')] }, 'newref', 'image', [ev('newref', 'image')], true],
    ['different ref, different image', { latest: [ev('ref', 'image')] }, 'newref', 'newimage', [ev('newref', 'newimage'), ev('ref', 'image')], true],
  ]
  it.each(cases)('%s', (_name, status, ref, image, want, changed) => {
    const s = stream({ status })
    expect(addTagEventToImageStream(s, 'latest', ev(ref, image))).toBe(changed)
    expect(s.status.tags).toEqual([{ tag: 'latest', items: want }])
  })

  const cond = { type: 'ImportSuccess', status: 'False', reason: 'NotFound', message: 'x', generation: 1 }
  const T1 = '2020-01-01T00:00:00Z'

  it('case 1 drops existing conditions and inserts sorted', () => {
    const s = stream({ status: { b: { tag: 'b', items: [], conditions: [cond] }, z: [ev('z')] } })
    expect(addTagEventToImageStream(s, 'b', ev('r', 'i', 1, T1))).toBe(true)
    expect(addTagEventToImageStream(s, 'a', ev('r', 'i', 1, T1))).toBe(true)
    expect(s.status.tags).toEqual([
      { tag: 'a', items: [ev('r', 'i', 1, T1)] },
      { tag: 'b', items: [ev('r', 'i', 1, T1)] },
      { tag: 'z', items: [ev('z')] },
    ])
  })

  it('case 2 keeps conditions', () => {
    const s = stream({ status: { t: { tag: 't', items: [ev('r', 'i', 2)], conditions: [cond] } } })
    expect(addTagEventToImageStream(s, 't', ev('r', 'i', 2, T1))).toBe(false)
    expect(s.status.tags![0]!.conditions).toEqual([cond])
  })

  it('cases 3-5 collapse into the current event keeping created, clearing conditions', () => {
    for (const [ref, image] of [
      ['r', 'i'],
      ['r', 'i2'],
      ['r2', 'i'],
    ] as const) {
      const s = stream({ status: { t: { tag: 't', items: [ev('r', 'i', 1), ev('old', 'old')], conditions: [cond] } } })
      expect(addTagEventToImageStream(s, 't', ev(ref, image, 5, T1))).toBe(true)
      expect(s.status.tags).toEqual([{ tag: 't', items: [ev(ref, image, 5, T0), ev('old', 'old')] }])
    }
  })

  it('case 6 prepends a copy and clears conditions', () => {
    const s = stream({ status: { t: { tag: 't', items: [ev('r', 'i', 1)], conditions: [cond] } } })
    const next = ev('r2', 'i2', 3, T1)
    expect(addTagEventToImageStream(s, 't', next)).toBe(true)
    expect(s.status.tags).toEqual([{ tag: 't', items: [ev('r2', 'i2', 3, T1), ev('r', 'i', 1)] }])
    expect(s.status.tags![0]!.items![0]).not.toBe(next)
  })

  it('creates status.tags when missing', () => {
    const s: ImageStream = { metadata: {}, spec: {}, status: { dockerImageRepository: '' } }
    expect(addTagEventToImageStream(s, 'x', ev('r'))).toBe(true)
    expect(s.status.tags).toEqual([{ tag: 'x', items: [ev('r')] }])
  })
})

describe('updateTrackingTags (TestUpdateTrackingTags)', () => {
  type Case = {
    fromNil?: boolean
    fromKind?: string
    fromNamespace?: string
    fromName?: string
    trackingTags?: string[]
    nonTrackingTags?: string[]
    statusTags?: string[]
    updatedImageReference?: string
    updatedImage?: string
    expectedUpdates?: string[]
    // the Go test does not check counts; these are what the code does
    count?: number
  }
  const cases: Record<string, Case> = {
    'nil from': { fromNil: true },
    'from kind not ImageStreamTag': { fromKind: 'ImageStreamImage' },
    'from namespace different': { fromNamespace: 'other' },
    // (the Go case names the *spec tag* "otherstream:2.0"; its from.name is "2.0", so it is updated)
    'from name different': { trackingTags: ['otherstream:2.0'], count: 1 },
    'no tracking': { trackingTags: [], statusTags: ['2.0', '3.0'] },
    'stream name in from name': { trackingTags: ['latest'], fromName: 'ruby:2.0', statusTags: ['2.0', '3.0'], expectedUpdates: ['latest'] },
    '1 tracking, 1 not': { trackingTags: ['latest'], nonTrackingTags: ['other'], statusTags: ['2.0', '3.0'], expectedUpdates: ['latest'] },
    'multiple tracking, multiple not': {
      trackingTags: ['latest1', 'latest2'],
      nonTrackingTags: ['other1', 'other2'],
      statusTags: ['2.0', '3.0'],
      expectedUpdates: ['latest1', 'latest2'],
    },
    'no change to tracked tag': { trackingTags: ['latest'], statusTags: ['2.0', '3.0'], updatedImageReference: 'ns/ruby@id', updatedImage: 'id', count: 1 },
  }
  it.each(Object.entries(cases))('%s', (_name, test) => {
    const s = stream({ namespace: test.fromNamespace || 'ns' })
    const fromName = test.fromName || '2.0'
    for (const tag of test.trackingTags ?? []) setSpecTag(s, { name: tag, annotations: null, generation: null, from: { kind: 'ImageStreamTag', name: fromName } })
    for (const tag of test.nonTrackingTags ?? []) setSpecTag(s, { name: tag, annotations: null, generation: null })
    for (const tag of test.statusTags ?? []) setStatusTag(s, { tag, items: [ev('ns/ruby@id', 'id')] })
    if (test.fromNil) s.spec.tags = [{ name: 'latest', annotations: null, generation: null }]
    if (test.fromKind) s.spec.tags = [{ name: 'latest', annotations: null, generation: null, from: { kind: test.fromKind, name: 'asdf' } }]
    // the Go test changes the stream namespace; from.namespace stays empty, so it still matches
    const ref = test.updatedImageReference || 'ns/ruby@newid'
    const image = test.updatedImage || 'newid'
    const n = updateTrackingTags(s, '2.0', ev(ref, image))
    for (const tag of test.expectedUpdates ?? []) {
      const list = findStatusTag(s, tag)
      expect(list?.items?.[0]?.dockerImageReference).toBe(ref)
      expect(list?.items?.[0]?.image).toBe(image)
    }
    expect(n).toBe(test.count ?? test.expectedUpdates?.length ?? 0)
  })

  it('skips other namespaces, other streams and other tags', () => {
    const s = stream({
      spec: {
        a: { from: { kind: 'ImageStreamTag', name: '2.0', namespace: 'other' } },
        b: { from: { kind: 'ImageStreamTag', name: '2.0', namespace: 'ns' } },
        c: { from: { kind: 'ImageStreamTag', name: 'other:2.0' } },
        d: { from: { kind: 'ImageStreamTag', name: 'ruby:3.0' } },
        e: { from: { kind: 'DockerImage', name: '2.0' } },
        f: { from: { kind: 'ImageStreamTag', name: 'ruby:' } },
      },
    })
    expect(updateTrackingTags(s, '2.0', ev('r', 'i'))).toBe(1)
    expect(s.status.tags!.map((t) => t.tag)).toEqual(['b'])
    // "ruby:" means ruby:latest
    expect(updateTrackingTags(s, 'latest', ev('r', 'i'))).toBe(1)
    expect(s.status.tags!.map((t) => t.tag)).toEqual(['b', 'f'])
  })
})

describe('resolveImageID (TestResolveImageID)', () => {
  const SHA = 'sha256:3c87c572822935df60f0f5d3665bd376841a7fcfeb806b5f212de6a00e9a7b25'
  const d = (n: number) => `sha256:${String(n).padStart(64, '0')}`
  const NOW = '2024-01-01T00:00:00Z'

  it('single tag, match ID prefix', () => {
    const s = stream({ status: { tag1: [ev(`repo@${SHA}`, SHA)] } })
    expect(resolveImageID(s, SHA.slice(7), NOW)).toEqual({ created: NOW, dockerImageReference: `repo@${SHA}`, image: SHA, generation: 0 })
  })
  it('single tag, match string prefix', () => {
    const s = stream({ status: { tag1: [ev('repo:mytag', 'mytag', 4)] } })
    expect(resolveImageID(s, 'mytag', NOW)).toEqual({ created: NOW, dockerImageReference: 'repo:mytag', image: 'mytag', generation: 0 })
  })
  it('not found', () => {
    const short = SHA.slice(0, -1)
    for (const s of [stream({ status: { tag1: [ev(`repo@${short}`, short)] } }), stream({})]) {
      try {
        resolveImageID(s, SHA.slice(7), NOW)
        expect.unreachable()
      } catch (e) {
        expect(isStatusError(e)).toBe(true)
        if (!isStatusError(e)) return
        expect(e.code).toBe(404)
        expect(e.message).toBe(`imagestreamimage.image.openshift.io "${SHA.slice(7)}" not found`)
      }
    }
  })
  it('multiple match', () => {
    const s = stream({ status: { tag1: [ev('repo@mytag', 'mytag2'), ev('repo@mytag', 'mytag')] } })
    try {
      resolveImageID(s, 'mytag', NOW)
      expect.unreachable()
    } catch (e) {
      expect(isStatusError(e)).toBe(true)
      if (!isStatusError(e)) return
      expect(e.code).toBe(409)
      expect(e.body.reason).toBe('Conflict')
      expect(e.message).toBe(
        'Operation cannot be fulfilled on imagestreamimage.image.openshift.io "mytag": multiple images match the prefix "mytag": mytag, mytag2',
      )
    }
  })
  it('finds a match among several tags', () => {
    const s = stream({
      status: { tag1: [ev(`repo@${d(1)}`, d(1)), ev(`repo@${d(2)}`, d(2))], tag2: [ev(`repo@${d(3)}`, d(3)), ev(`repo@${d(4)}`, d(4))] },
    })
    expect(resolveImageID(s, d(1), NOW).dockerImageReference).toBe(`repo@${d(1)}`)
    expect(resolveImageID(s, d(4), NOW).dockerImageReference).toBe(`repo@${d(4)}`)
  })
})

describe('sortStatusTags (TestSortStatusTags)', () => {
  it('all timestamps here', () => {
    const s = stream({
      status: {
        other: [ev('other-ref', 'other-image', 0, '2015-09-04T13:52:00Z')],
        latest: [ev('latest-ref', 'latest-image', 0, '2015-09-04T13:53:00Z')],
        third: [ev('third-ref', 'third-image', 0, '2015-09-04T13:54:00Z')],
      },
    })
    expect(sortStatusTags(s.status.tags)).toEqual(['third', 'latest', 'other'])
  })
  it('two equal timestamps', () => {
    const s = stream({
      status: {
        other: [ev('other-ref', 'other-image', 0, '2015-09-04T13:52:00Z')],
        latest: [ev('latest-ref', 'latest-image', 0, '2015-09-04T13:52:00Z')],
        third: [ev('third-ref', 'third-image', 0, '2015-09-04T13:53:00Z')],
      },
    })
    expect(sortStatusTags(s.status.tags)).toEqual(['third', 'latest', 'other'])
  })
  it('tags without items sort last, by name; sub-second times round to the second', () => {
    expect(
      sortStatusTags([
        { tag: 'z', items: null },
        { tag: 'b', items: [ev('r', '', 0, '2015-09-04T13:52:00.400Z')] },
        { tag: 'a', items: [ev('r', '', 0, '2015-09-04T13:52:00.000Z')] },
        { tag: 'c', items: [ev('r', '', 0, '2015-09-04T13:52:00.500Z')] },
        { tag: 'y', items: [] },
      ]),
    ).toEqual(['c', 'a', 'b', 'y', 'z'])
    expect(sortStatusTags(undefined)).toEqual([])
  })
})

describe('tagRefChanged (TestTagRefChanged)', () => {
  const r = (from?: TagReference['from'], extra: Partial<TagReference> = {}): TagReference => ({
    name: 't',
    annotations: null,
    generation: null,
    ...(from ? { from } : {}),
    ...extra,
  })
  const cases: Array<[string, TagReference | undefined, TagReference, boolean]> = [
    ['no ref, no from', r(), r(), false],
    ['same ref', r({ kind: 'DockerImage', name: 'foo' }), r({ kind: 'DockerImage', name: 'foo' }), false],
    ['different ref', r({ kind: 'DockerImage', name: 'foo' }), r({ kind: 'DockerImage', name: 'bar' }), true],
    ['no kind, no name', r(), r({}), false],
    ['old from nil', r(), r({ namespace: 'another', name: 'other:latest' }), true],
    ['different namespace - old implicit', r({ name: 'other:latest' }), r({ namespace: 'another', name: 'other:latest' }), true],
    ['different namespace - old explicit', r({ namespace: 'something', name: 'other:latest' }), r({ namespace: 'another', name: 'other:latest' }), true],
    ['different namespace - next implicit', r({ namespace: 'something', name: 'other:latest' }), r({ name: 'other:latest' }), true],
    ['different name - old namespace implicit', r({ name: 'other:latest' }), r({ namespace: 'streamnamespace', name: 'other:other' }), true],
    [
      'different name - old namespace explicit',
      r({ namespace: 'streamnamespace', name: 'other:latest' }),
      r({ namespace: 'streamnamespace', name: 'other:other' }),
      true,
    ],
    ['different name - new namespace implicit', r({ namespace: 'streamnamespace', name: 'other:latest' }), r({ name: 'other:other' }), true],
    ['same name - old namespace implicit', r({ name: 'other:latest' }), r({ namespace: 'streamnamespace', name: 'other:latest' }), false],
    [
      'same name - old namespace explicit',
      r({ namespace: 'streamnamespace', name: 'other:latest' }),
      r({ namespace: 'streamnamespace', name: 'other:latest' }),
      false,
    ],
    ['same name - both namespaces implicit', r({ name: 'other:latest' }), r({ name: 'other:latest' }), false],
    // the remaining rules of imagestream/strategy.go tagRefChanged
    ['no previous tag', undefined, r({ kind: 'DockerImage', name: 'foo' }), true],
    ['reference flag', r({ kind: 'DockerImage', name: 'foo' }), r({ kind: 'DockerImage', name: 'foo' }, { reference: true }), true],
    [
      'import mode',
      r({ kind: 'DockerImage', name: 'foo' }, { importPolicy: { importMode: 'Legacy' } }),
      r({ kind: 'DockerImage', name: 'foo' }, { importPolicy: { importMode: 'PreserveOriginal' } }),
      true,
    ],
    ['generation reset to 0', r({ kind: 'DockerImage', name: 'foo' }, { generation: 3 }), r({ kind: 'DockerImage', name: 'foo' }, { generation: 0 }), true],
    ['generation changed, not 0', r({ kind: 'DockerImage', name: 'foo' }, { generation: 3 }), r({ kind: 'DockerImage', name: 'foo' }, { generation: 4 }), false],
    ['generation 0 from nil', r({ kind: 'DockerImage', name: 'foo' }), r({ kind: 'DockerImage', name: 'foo' }, { generation: 0 }), false],
    [
      'kind, scheduled, referencePolicy ignored',
      r({ kind: 'DockerImage', name: 'foo' }, { referencePolicy: { type: 'Source' } }),
      r({ kind: 'ImageStreamTag', name: 'foo' }, { referencePolicy: { type: 'Local' }, importPolicy: { scheduled: true, insecure: true }, annotations: { a: 'b' } }),
      false,
    ],
  ]
  it.each(cases)('%s', (_name, old, next, want) => {
    expect(tagRefChanged(old, next, 'streamnamespace')).toBe(want)
  })
})

describe('tagEventChanged / hasTagCondition', () => {
  it('tagEventChanged', () => {
    expect(tagEventChanged(ev('r', 'i', 2), ev('r', 'i', 2))).toBe(false)
    expect(tagEventChanged(ev('r', 'i', 2), ev('r', 'i', 3))).toBe(false)
    expect(tagEventChanged(ev('r', 'i', 3), ev('r', 'i', 2))).toBe(true)
    expect(tagEventChanged(ev('r', 'i'), ev('r2', 'i'))).toBe(true)
    expect(tagEventChanged(ev('r', 'i'), ev('r', 'i2'))).toBe(true)
  })
  it('hasTagCondition', () => {
    const s = stream({ status: { t: { tag: 't', items: [], conditions: [{ type: 'ImportSuccess', status: 'False', reason: 'NotFound', generation: 1 }] } } })
    expect(hasTagCondition(s, 't', { type: 'ImportSuccess', status: 'False', reason: 'NotFound', message: 'other', generation: 9 })).toBe(true)
    expect(hasTagCondition(s, 't', { type: 'ImportSuccess', status: 'False', reason: 'Other', generation: 1 })).toBe(false)
    expect(hasTagCondition(s, 'missing', { type: 'ImportSuccess', status: 'False', generation: 1 })).toBe(false)
  })
})
