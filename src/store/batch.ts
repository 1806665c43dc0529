// Several engine writes as one transaction (api.db's createMany, updateMany, deleteMany, clear): the
// requests run against a view of the store whose transaction() joins the batch's, so they see each
// other's writes, and the batch commits them together — or, when any of them fails, none of them.

import type { KubeObject } from '../image/types.js'
import type { Store, Transaction } from './store.js'

/**
 * Run `fn` under the store's write lock; the store view it gets answers reads from the batch and runs
 * every nested transaction inside the batch's. Other writers wait until the batch ends.
 */
export async function batch<T>(store: Store, fn: (view: Store) => Promise<T>): Promise<T> {
  return store.transaction(async (tx) => fn(batchView(store, tx)))
}

function batchView(store: Store, tx: Transaction): Store {
  const view = Object.create(store) as Store
  Object.defineProperties(view, {
    get: { value: (resource: string, key: string): KubeObject | undefined => tx.get(resource, key) },
    list: { value: (resource: string, namespace?: string): KubeObject[] => tx.list(resource, namespace) },
    resourceVersion: { get: () => tx.clock },
    transaction: {
      value: async <R>(fn: (t: Transaction) => Promise<R> | R): Promise<R> => {
        const dryRun = tx.dryRun
        try {
          return await fn(tx)
        } finally {
          // A nested write sets its own dryRun (api.db never asks for one); the batch commits for real.
          tx.dryRun = dryRun
        }
      },
    },
  })
  return view
}
