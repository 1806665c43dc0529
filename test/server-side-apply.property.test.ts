// Properties of server-side apply ownership over random sequences of applies (fast-check): a sole
// applier's object is exactly its last intent; managers applying disjoint fields never conflict and
// their fields add up; a shared field changes hands only with force, and the loser then conflicts.

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { call, fakeApi, IS } from './helpers.js'

const APPLY = { contentType: 'application/apply-patch+yaml' }

interface Intent {
  labels: Record<string, string>
  tags: Record<string, string>
  local?: boolean
}

const labelsArb = (keys: string[]) => fc.dictionary(fc.constantFrom(...keys), fc.constantFrom('1', '2'), { maxKeys: keys.length })
const intentArb: fc.Arbitrary<Intent> = fc.record({
  labels: labelsArb(['a', 'b', 'c']),
  tags: fc.dictionary(fc.constantFrom('t1', 't2', 't3'), fc.constantFrom('x/y:1', 'x/y:2'), { maxKeys: 3 }),
  local: fc.option(fc.boolean(), { nil: undefined }),
})

function body(i: Intent) {
  const spec: Record<string, unknown> = { tags: Object.entries(i.tags).map(([name, from]) => ({ name, from: { kind: 'DockerImage', name: from } })) }
  if (i.local !== undefined) spec.lookupPolicy = { local: i.local }
  return { apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name: 's', labels: i.labels }, spec }
}

const apply = (api: ReturnType<typeof fakeApi>, manager: string, b: unknown, force = false) =>
  call(api, 'PATCH', `${IS}/s?fieldManager=${manager}${force ? '&force=true' : ''}`, b, APPLY)

describe('server-side apply ownership (properties)', () => {
  it('a sole applier: the object is exactly its last intent; re-applying it changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(intentArb, { minLength: 1, maxLength: 5 }), async (intents) => {
        const api = fakeApi({ importController: false })
        for (const i of intents) {
          const r = await apply(api, 'me', body(i))
          expect([200, 201]).toContain(r.status)
          expect(r.body.metadata.labels ?? {}).toEqual(i.labels)
          const tags = Object.fromEntries((r.body.spec.tags ?? []).map((t: any) => [t.name, t.from.name]))
          expect(tags).toEqual(i.tags)
          expect(r.body.spec.lookupPolicy.local).toBe(i.local ?? false)
          const again = await apply(api, 'me', body(i))
          expect(again.status).toBe(200)
          expect(again.body.metadata.resourceVersion).toBe(r.body.metadata.resourceVersion)
        }
      }),
      { numRuns: 40 },
    )
  })

  it('managers applying disjoint label keys never conflict, and their labels add up', async () => {
    const step = fc.oneof(fc.record({ who: fc.constant('ab' as const), labels: labelsArb(['a', 'b']) }), fc.record({ who: fc.constant('c' as const), labels: labelsArb(['c']) }))
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 6 }), async (steps) => {
        const api = fakeApi({ importController: false })
        const last: Record<string, Record<string, string>> = { ab: {}, c: {} }
        for (const s of steps) {
          const r = await apply(api, s.who, { apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name: 's', labels: s.labels } })
          expect([200, 201]).toContain(r.status)
          last[s.who] = s.labels
          expect(r.body.metadata.labels ?? {}).toEqual({ ...last.ab, ...last.c })
        }
      }),
      { numRuns: 40 },
    )
  })

  it('a shared field changes hands only with force; the previous owner then conflicts', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('1', '2'), fc.constantFrom('1', '2'), async (va, vb) => {
        const api = fakeApi({ importController: false })
        const lbl = (v: string) => ({ apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name: 's', labels: { k: v } } })
        expect((await apply(api, 'A', lbl(va))).status).toBe(201)
        const b = await apply(api, 'B', lbl(vb))
        if (va === vb) {
          expect(b.status).toBe(200) // same value: shared ownership
          return
        }
        expect(b.status).toBe(409)
        expect(b.body.message).toBe('Apply failed with 1 conflict: conflict with "A": .metadata.labels.k')
        expect((await apply(api, 'B', lbl(vb), true)).status).toBe(200)
        const back = await apply(api, 'A', lbl(va))
        expect(back.status).toBe(409)
        expect(back.body.message).toBe('Apply failed with 1 conflict: conflict with "B": .metadata.labels.k')
      }),
      { numRuns: 10 },
    )
  })
})
