// Optional persistence across reloads (browser pages, Storybook): the whole store is saved as one
// snapshot (objects + resourceVersion clock) under a key, after writes, and restored on start.
// @msw/data's own persist extension saves only the collections; the fake also needs its key index and
// resourceVersion clock to stay consistent, so it persists `api.snapshot()` instead.

import type { Store, StoreSnapshot } from './store/store.js'

/** The part of the Web Storage API used (localStorage, sessionStorage, or any object like them). */
export interface KeyValueStorage {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
  removeItem(key: string): void
}

export interface PersistOptions {
  /** Storage key (default `openshift-image-fake`). */
  key?: string
  /** Where to save (default `globalThis.localStorage`). */
  storage?: KeyValueStorage
}

export interface Persistence {
  /** The saved snapshot, if any (read once at start). */
  saved: StoreSnapshot | undefined
  /** Forget the saved state (api.reset()). */
  clear(): void
  /** Write the current state now. */
  flush(): void
}

export function persistStore(store: Store, opts: PersistOptions | true): Persistence {
  const o = opts === true ? {} : opts
  const key = o.key ?? 'openshift-image-fake'
  const storage = o.storage ?? (globalThis as { localStorage?: KeyValueStorage }).localStorage
  if (!storage) throw new Error('persist: no storage given and no globalThis.localStorage')
  let saved: StoreSnapshot | undefined
  const raw = storage.getItem(key)
  if (raw) {
    try {
      const s = JSON.parse(raw) as StoreSnapshot
      if (s && typeof s.rv === 'number' && s.objects && typeof s.objects === 'object') saved = s
    } catch {
      storage.removeItem(key) // unreadable: start fresh
    }
  }
  let pending = false
  const flush = () => {
    pending = false
    storage.setItem(key, JSON.stringify(store.snapshot()))
  }
  store.subscribe(() => {
    if (pending) return
    pending = true
    queueMicrotask(flush) // one write per burst of commits
  })
  return {
    saved,
    clear: () => storage.removeItem(key),
    flush,
  }
}
