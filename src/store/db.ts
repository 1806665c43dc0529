// `api.db`: the stored objects as @msw/data collections, for queries in tests
// (`api.db.imagestreams.findMany((q) => q.where(…))`).
//
// The collections are a view, brought up to date when they are read, not on every write: each one
// remembers the store's per-resource change count it last saw and, when that has moved, refills its
// records from the store (in storage-key order). Records are copies of the stored objects (edits to them
// never reach the fake); a stored object that has not changed keeps its copy. Writes, seeding and
// restores therefore cost nothing here unless `api.db` is used.
//
// @msw/data keeps a collection's records in the array its `all()` returns and identifies each record by
// two symbol-keyed properties it defines in `create()` (a primary key and a relation map). The refill
// writes that array directly, giving each copy the same properties (the symbols are read once from a
// record @msw/data made), so update/delete on the collection find the right record.

import { Collection } from '@msw/data'
import type { StandardSchemaV1 } from '@standard-schema/spec'
import type { KubeObject } from '../image/types.js'

/** A pass-through Standard Schema: the engine validates objects itself, with the real server's rules. */
const kubeObjectSchema: StandardSchemaV1<KubeObject, KubeObject> = {
  '~standard': {
    version: 1,
    vendor: 'openshift-image-fake',
    validate: (value) =>
      typeof value === 'object' && value !== null ? { value: value as KubeObject } : { issues: [{ message: 'expected an object' }] },
  },
}

export type KubeCollection = Collection<typeof kubeObjectSchema>

/** What the view reads of the store. */
export interface DbSource {
  list(resource: string): KubeObject[]
  /** Changes so far to `resource` (any number that moves on every change). */
  changes(resource: string): number
}

/** The own symbol-keyed properties @msw/data puts on a record (known once its probe record exists). */
let recordSymbols: Array<{ key: symbol; map: boolean }> | undefined
const probe = new Collection({ schema: kubeObjectSchema }).create({ metadata: {} } as KubeObject).then(
  (record) => {
    recordSymbols = Object.getOwnPropertySymbols(record).map((key) => ({ key, map: (record as unknown as Record<symbol, unknown>)[key] instanceof Map }))
  },
  () => {},
)
void probe

let nextKey = 0

function recordOf(obj: KubeObject): KubeObject {
  const copy = structuredClone(obj)
  for (const { key, map } of recordSymbols ?? []) {
    Object.defineProperty(copy, key, { enumerable: false, configurable: false, value: map ? new Map() : `openshift-image-fake-${++nextKey}` })
  }
  return copy
}

/** Methods that read the records: each brings the collection up to date first. */
const READS = ['all', 'count', 'findFirst', 'findMany', 'update', 'updateMany', 'delete', 'deleteMany'] as const

class StoreCollection extends Collection<typeof kubeObjectSchema> {
  #seen = -1
  readonly #copies = new WeakMap<KubeObject, KubeObject>()

  constructor(
    private readonly source: DbSource,
    private readonly resource: string,
  ) {
    super({ schema: kubeObjectSchema })
  }

  refresh(): void {
    const changes = this.source.changes(this.resource)
    if (changes === this.#seen) return
    this.#seen = changes
    const records = Collection.prototype.all.call(this) as KubeObject[]
    records.length = 0
    for (const obj of this.source.list(this.resource)) {
      let copy = this.#copies.get(obj)
      if (!copy) this.#copies.set(obj, (copy = recordOf(obj)))
      records.push(copy)
    }
  }
}

for (const name of READS) {
  const base = Collection.prototype[name] as (...args: unknown[]) => unknown
  Object.defineProperty(StoreCollection.prototype, name, {
    configurable: true,
    writable: true,
    value(this: StoreCollection, ...args: unknown[]) {
      this.refresh()
      return base.apply(this, args)
    },
  })
}

export function createDb(source: DbSource, resources: string[]): Record<string, KubeCollection> {
  const db: Record<string, KubeCollection> = {}
  for (const r of resources) db[r] = new StoreCollection(source, r)
  return db
}
