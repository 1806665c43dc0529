// The in-memory database: the stored kinds by key (O(1) reads), one global resourceVersion clock, an
// ordered event log (the watch source), and a write lock so that every request's writes commit together
// or not at all. `api.db` (src/db/) queries this state directly and writes through the engine.
// fidelity: apiserver.dry-run
// fidelity: apiserver.multi-object-writes
// fidelity: apiserver.compaction-window

import type { KubeObject } from '../image/types.js'

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED'

export interface StoreEvent {
  type: EventType
  resource: string
  key: string
  rv: number
  /** The object after the change (for DELETED: the last state, carrying the deletion's RV). */
  object: KubeObject
  /** The object before the change (undefined for ADDED). */
  prev?: KubeObject
}

export function objectKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name
}

export function keyOf(obj: KubeObject): string {
  return objectKey(obj.metadata.namespace, obj.metadata.name ?? '')
}

export interface StoreOptions {
  /** Stored resources (plural names), e.g. ['images', 'imagestreams', 'namespaces', 'secrets']. */
  resources: string[]
  /** How many events the log keeps (the watch / continue window). */
  eventWindow?: number
}

export type StoreListener = (events: StoreEvent[]) => void

export interface StoreSnapshot {
  rv: number
  objects: Record<string, KubeObject[]>
}

/** Read access used inside and outside transactions. */
export interface StoreReader {
  get(resource: string, key: string): KubeObject | undefined
  /** Objects of a resource in storage-key order, optionally only in one namespace. */
  list(resource: string, namespace?: string): KubeObject[]
}

export class Store implements StoreReader {
  private readonly index = new Map<string, Map<string, KubeObject>>()
  private readonly sortedKeys = new Map<string, string[] | undefined>()
  private log: StoreEvent[] = []
  private logStart = 0 // index of the first live entry in `log`
  /**
   * The etcd revision. A new etcd cluster is at revision 1 before its first write (the first write is 2), so
   * no list — not even of an empty store — reports resourceVersion "0", which clients read as "any".
   */
  private clock = 1
  /** RV of the oldest state we can still reconstruct (everything after it is in the log). */
  private horizon = 0
  private lock: Promise<void> = Promise.resolve()
  private readonly listeners = new Set<StoreListener>()
  eventWindow: number

  constructor(options: StoreOptions) {
    this.eventWindow = options.eventWindow ?? 10_000
    for (const r of options.resources) {
      this.index.set(r, new Map())
    }
  }

  get resourceVersion(): number {
    return this.clock
  }

  /** The oldest RV a watch or an Exact list may start from. */
  get oldestResourceVersion(): number {
    return this.horizon
  }

  has(resource: string): boolean {
    return this.index.has(resource)
  }

  private map(resource: string): Map<string, KubeObject> {
    const m = this.index.get(resource)
    if (!m) throw new Error(`store: unknown resource ${resource}`)
    return m
  }

  get(resource: string, key: string): KubeObject | undefined {
    return this.map(resource).get(key)
  }

  private keys(resource: string): string[] {
    let keys = this.sortedKeys.get(resource)
    if (!keys) {
      keys = [...this.map(resource).keys()].sort(compareKeys)
      this.sortedKeys.set(resource, keys)
    }
    return keys
  }

  list(resource: string, namespace?: string): KubeObject[] {
    const m = this.map(resource)
    const keys = this.keys(resource)
    const out: KubeObject[] = []
    if (namespace) {
      const prefix = `${namespace}/`
      for (const k of keys) if (k.startsWith(prefix)) out.push(m.get(k)!)
    } else {
      for (const k of keys) out.push(m.get(k)!)
    }
    return out
  }

  /**
   * The state of a resource as it was at `rv` (for consistent paging and Exact lists), rebuilt from the
   * current state and the event log. Returns undefined when `rv` is older than the log's window.
   */
  listAt(resource: string, rv: number, namespace?: string): KubeObject[] | undefined {
    if (rv >= this.clock) return this.list(resource, namespace)
    if (rv < this.horizon) return undefined
    const state = new Map(this.map(resource))
    for (let i = this.log.length - 1; i >= this.logStart; i--) {
      const e = this.log[i]!
      if (e.rv <= rv) break
      if (e.resource !== resource) continue
      if (e.type === 'ADDED') state.delete(e.key)
      else state.set(e.key, e.prev!)
    }
    const prefix = namespace ? `${namespace}/` : ''
    return [...state.keys()]
      .filter((k) => k.startsWith(prefix))
      .sort(compareKeys)
      .map((k) => state.get(k)!)
  }

  /** Events with rv > `after`, in order; undefined when `after` is older than the window. */
  eventsSince(after: number): StoreEvent[] | undefined {
    if (after < this.horizon) return undefined
    // binary search for the first event with rv > after
    let lo = this.logStart
    let hi = this.log.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (this.log[mid]!.rv <= after) lo = mid + 1
      else hi = mid
    }
    return this.log.slice(lo)
  }

  subscribe(listener: StoreListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  get listenerCount(): number {
    return this.listeners.size
  }

  /**
   * Run `fn` under the write lock. Writes made through the transaction become visible (and are logged
   * and announced to watchers) together when `fn` returns; if `fn` throws, nothing changes.
   */
  async transaction<T>(fn: (tx: Transaction) => Promise<T> | T): Promise<T> {
    const prev = this.lock
    let release!: () => void
    this.lock = new Promise<void>((r) => (release = r))
    await prev
    try {
      const tx = new Transaction(this, this.clock)
      const result = await fn(tx)
      if (!tx.dryRun && tx.pending.length) this.commit(tx)
      return result
    } finally {
      release()
    }
  }

  private commit(tx: Transaction): void {
    const events: StoreEvent[] = []
    const freeze = freezeStored()
    for (const w of tx.pending) {
      if (freeze) deepFreeze(w.object)
      const m = this.map(w.resource)
      const prev = m.get(w.key)
      if (w.deleted) {
        m.delete(w.key)
        this.sortedKeys.set(w.resource, undefined)
        events.push({ type: 'DELETED', resource: w.resource, key: w.key, rv: w.rv, object: w.object, prev })
      } else {
        if (!prev) this.sortedKeys.set(w.resource, undefined)
        m.set(w.key, w.object)
        events.push({ type: prev ? 'MODIFIED' : 'ADDED', resource: w.resource, key: w.key, rv: w.rv, object: w.object, prev })
      }
    }
    this.clock = tx.clock
    this.appendLog(events)
    for (const l of [...this.listeners]) l(events)
  }

  private appendLog(events: StoreEvent[]): void {
    this.log.push(...events)
    const live = this.log.length - this.logStart
    if (live > this.eventWindow) {
      const drop = live - this.eventWindow
      this.horizon = this.log[this.logStart + drop - 1]!.rv
      this.logStart += drop
      if (this.logStart > 4096 && this.logStart > this.log.length / 2) {
        this.log = this.log.slice(this.logStart)
        this.logStart = 0
      }
    }
  }

  /** Drop a window's worth of history (tests use it to force 410 Expired). */
  compact(): void {
    this.horizon = this.clock
    this.log = []
    this.logStart = 0
  }

  snapshot(): StoreSnapshot {
    const objects: Record<string, KubeObject[]> = {}
    for (const r of this.index.keys()) objects[r] = structuredClone(this.list(r))
    return { rv: this.clock, objects }
  }

  /** Replace the whole content. The clock never goes backwards, so the history window restarts here. */
  async restore(snapshot: StoreSnapshot): Promise<void> {
    await this.transaction(async () => {
      this.clock = Math.max(this.clock, snapshot.rv)
      for (const [r, m] of this.index) {
        const objects = snapshot.objects[r] ?? []
        if (m.size === 0 && objects.length === 0) continue
        m.clear()
        this.sortedKeys.set(r, undefined)
        const freeze = freezeStored()
        for (const obj of structuredClone(objects)) m.set(keyOf(obj), freeze ? deepFreeze(obj) : obj)
      }
      this.compact()
    })
  }

  async reset(): Promise<void> {
    await this.restore({ rv: 0, objects: {} })
  }
}

const BEFORE_RV = new Set(['name', 'generateName', 'namespace', 'selfLink', 'uid'])

/** Set metadata.resourceVersion keeping ObjectMeta's field order (after uid). */
export function withResourceVersion(meta: KubeObject['metadata'], rv: string): KubeObject['metadata'] {
  if ('resourceVersion' in meta) return { ...meta, resourceVersion: rv }
  const out: Record<string, unknown> = {}
  let placed = false
  for (const [k, v] of Object.entries(meta)) {
    if (!placed && !BEFORE_RV.has(k)) {
      out.resourceVersion = rv
      placed = true
    }
    out[k] = v
  }
  if (!placed) out.resourceVersion = rv
  return out as KubeObject['metadata']
}

/** Byte-order comparison of storage keys (`ns/name`), as etcd orders them. */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

interface PendingWrite {
  resource: string
  key: string
  object: KubeObject
  rv: number
  deleted: boolean
}

/** A write transaction: reads see its own pending writes; nothing is visible to others until commit. */
export class Transaction implements StoreReader {
  readonly pending: PendingWrite[] = []
  private readonly overlay = new Map<string, KubeObject | null>()
  /** When set, writes are validated and numbered but never committed. */
  dryRun = false

  constructor(
    private readonly store: Store,
    public clock: number,
  ) {}

  get resourceVersion(): number {
    return this.clock
  }

  get(resource: string, key: string): KubeObject | undefined {
    const o = this.overlay.get(`${resource}\u0000${key}`)
    if (o === null) return undefined
    return o ?? this.store.get(resource, key)
  }

  list(resource: string, namespace?: string): KubeObject[] {
    const base = this.store.list(resource, namespace)
    if (!this.pending.some((w) => w.resource === resource)) return base
    const m = new Map(base.map((o) => [keyOf(o), o]))
    const prefix = namespace ? `${namespace}/` : ''
    for (const w of this.pending) {
      if (w.resource !== resource || !w.key.startsWith(prefix)) continue
      if (w.deleted) m.delete(w.key)
      else m.set(w.key, w.object)
    }
    return [...m.keys()].sort(compareKeys).map((k) => m.get(k)!)
  }

  /** Store `object` (create or replace) with the next resourceVersion, which is written into it. */
  put(resource: string, object: KubeObject): KubeObject {
    // A dry run numbers nothing: the caller leaves the RV as the response should show it.
    const rv = this.dryRun ? this.clock : ++this.clock
    if (!this.dryRun) object.metadata = withResourceVersion(object.metadata, String(rv))
    const key = keyOf(object)
    this.pending.push({ resource, key, object, rv, deleted: false })
    this.overlay.set(`${resource}\u0000${key}`, object)
    return object
  }

  /** Remove the object; `lastState` (with the deletion RV written into it) is what watchers see. */
  delete(resource: string, lastState: KubeObject): KubeObject {
    const rv = this.dryRun ? this.clock : ++this.clock
    const object = { ...lastState, metadata: withResourceVersion(lastState.metadata, String(rv)) }
    const key = keyOf(lastState)
    this.pending.push({ resource, key, object, rv, deleted: true })
    this.overlay.set(`${resource}\u0000${key}`, null)
    return object
  }
}

/**
 * Whether stored objects are to be deep-frozen. The test suite asks for it (test/setup/freeze-stored.ts):
 * the write path relies on no code changing a stored object in place (docs/design.md), and with frozen
 * objects any code that does throws there instead of quietly changing what reads serve.
 */
function freezeStored(): boolean {
  return (globalThis as { __OPENSHIFT_IMAGE_FAKE_FREEZE_STORED__?: boolean }).__OPENSHIFT_IMAGE_FAKE_FREEZE_STORED__ === true
}

function deepFreeze<T>(o: T): T {
  if (typeof o === 'object' && o !== null && !Object.isFrozen(o)) {
    Object.freeze(o)
    for (const v of Object.values(o)) deepFreeze(v)
  }
  return o
}
