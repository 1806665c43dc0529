// Seeding: objects enter the store through the same strategies as API writes (uid, resourceVersion,
// defaults, validation, watch events), in one transaction — a bad fixture changes nothing and fails
// loudly naming the object and the field. What is accepted: src/fixtures/seed-input.ts.

import type { ApiServer } from './apiserver/server.js'
import { isStatusError } from './apiserver/errors.js'
import type { RequestContext, WriteOptions } from './apiserver/types.js'
import { rfc3339 } from './apiserver/server.js'
import type { ImageGroup } from './image/install.js'
import { FixtureError, flattenObjects, type SeedInput } from './fixtures/seed-input.js'
import { parseFixtureYaml } from './fixtures/parse-yaml.js'

export { FixtureError, flattenObjects } from './fixtures/seed-input.js'

const ORDER: Record<string, number> = { Namespace: 0, Secret: 1, Image: 2, ImageStream: 3 }

export async function seedObjects(server: ApiServer, group: ImageGroup, input: SeedInput): Promise<void> {
  const parsed = typeof input === 'string' ? parseFixtureYaml(input, '<api.seed text>') : input
  const flat = flattenObjects(parsed)
    .map((o, i) => [o, i] as const)
    .sort(([a, i], [b, j]) => (ORDER[a.kind ?? ''] ?? 9) - (ORDER[b.kind ?? ''] ?? 9) || i - j)
    .map(([o]) => o)
  const opts: WriteOptions = { dryRun: false, fieldManager: 'openshift-image-fake-seed', operation: 'Update', seed: true }
  // Objects that carry managedFields (a dump) keep them as they are, as a restore does.
  const keepFields: WriteOptions = { ...opts, registryWrite: true }
  // One synthetic request context per namespace (building one costs a Fetch Request); the time is read
  // for each object, as each create would.
  const contexts = new Map<string, RequestContext>()
  await server.store.transaction((tx) => {
    for (const obj of flat) {
      const ns = typeof obj.metadata?.namespace === 'string' ? obj.metadata.namespace : ''
      let base = contexts.get(ns)
      if (!base) contexts.set(ns, (base = server.syntheticContext(ns)))
      const nowMs = base.clock.now()
      const ctx: RequestContext = nowMs === base.nowMs ? { ...base, warnings: [] } : { ...base, nowMs, now: rfc3339(nowMs), warnings: [] }
      const where = `${obj.kind ?? '<no kind>'} ${ns ? `${ns}/` : ''}${obj.metadata?.name ?? obj.metadata?.generateName ?? '<no name>'}`
      const seeder = server.seeders.get(obj.kind ?? '') ?? defaultSeeder(group, obj.kind ?? '')
      if (!seeder) throw new FixtureError(`cannot seed ${where}: unknown kind ${JSON.stringify(obj.kind)}`)
      try {
        seeder(tx, ctx, obj, obj.metadata?.managedFields?.length ? keepFields : opts)
      } catch (e) {
        const msg = isStatusError(e) ? e.body.message : e instanceof Error ? e.message : String(e)
        throw new FixtureError(`cannot seed ${where}: ${msg}`)
      }
    }
  })
}

function defaultSeeder(group: ImageGroup, kind: string) {
  if (kind === 'Image') return group.images.createIn.bind(group.images)
  // Streams keep the status they are seeded with (tag history), as an internal create does.
  if (kind === 'ImageStream') return group.imageStreamsInternal.createIn.bind(group.imageStreamsInternal)
  return undefined
}
