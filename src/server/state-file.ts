// `serve --state <file>`: the server's state in one JSON file, so that edits survive a restart.
//
// - With a virtual clock (--clock virtual) its time is saved too, and a restart carries on from it.
// - On start, an existing file is loaded INSTEAD of the fixtures (it was seeded from them the first time);
//   a missing file means "start from the fixtures", and the file is written at once.
// - The whole state (`api.snapshot()`: every object and the resourceVersion clock, plus the remote-registry
//   changes made through the control API) is written `debounceMs` after the first change of a burst, and
//   once more on a clean stop.
// - Each write is atomic: a temporary file in the same folder, fsync, rename over the file, fsync the
//   folder. A crash (even kill -9 mid-write) leaves either the previous file or the new one, never a
//   torn one; at most the changes of the last unsaved moments are lost.
// - A file that does not parse, or is not a state file of this format version, stops the start with an
//   error naming the file and the problem, and is left untouched.

import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import type { FakeImageApi, StoreSnapshot } from '../index.js'
import { perfNow, realTimer, wallNow } from '../clock/native.js'
import { isPlain } from './check.js'
import type { RegistryChange, RegistryJournal } from './registry-journal.js'

export const STATE_FORMAT = 'openshift-image-fake/state'
export const STATE_VERSION = 1

export interface SavedState {
  format: typeof STATE_FORMAT
  version: typeof STATE_VERSION
  savedAt: string
  /** api.snapshot(): `rv` is the resourceVersion clock, `objects` the stored objects by resource. */
  snapshot: StoreSnapshot
  /** Remote-registry changes made at run time, in order (see ./registry-journal.ts). */
  registry: RegistryChange[]
  /** With a virtual clock (--clock virtual): its time when saved; a restart carries on from it. */
  clock?: { mode: 'virtual'; now: string }
}

export class StateFileError extends Error {}

/** Read and check a state file; undefined when it does not exist. `resources`: the resources this server stores. */
export async function readStateFile(path: string, resources: readonly string[]): Promise<SavedState | undefined> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw new StateFileError(`state file ${path}: cannot read it: ${(e as Error).message}`)
  }
  const bad = (why: string) => new StateFileError(`state file ${path}: ${why}; it was left as it is (move it away to start from the fixtures)`)
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (e) {
    throw bad(`not valid JSON (${(e as Error).message})`)
  }
  if (!isPlain(raw) || raw.format !== STATE_FORMAT) throw bad(`not an openshift-image-fake state file (no "format": "${STATE_FORMAT}")`)
  if (raw.version !== STATE_VERSION) throw bad(`format version ${JSON.stringify(raw.version)} is not supported by this version (it reads version ${STATE_VERSION})`)
  const snap = raw.snapshot
  if (!isPlain(snap) || !Number.isSafeInteger(snap.rv) || (snap.rv as number) < 0 || !isPlain(snap.objects)) throw bad('"snapshot" must be { rv: <number>, objects: { <resource>: [...] } }')
  for (const [resource, list] of Object.entries(snap.objects)) {
    if (!resources.includes(resource)) throw bad(`it holds ${JSON.stringify(resource)}, which this version does not store (it stores ${resources.join(', ')})`)
    if (!Array.isArray(list)) throw bad(`snapshot.objects.${resource} must be a list`)
    list.forEach((o, i) => {
      if (!isPlain(o) || !isPlain(o.metadata) || typeof o.metadata.name !== 'string') throw bad(`snapshot.objects.${resource}[${i}] is not an object with metadata.name`)
    })
  }
  if (raw.clock !== undefined && !(isPlain(raw.clock) && raw.clock.mode === 'virtual' && typeof raw.clock.now === 'string' && !Number.isNaN(Date.parse(raw.clock.now)))) {
    throw bad('"clock" must be { "mode": "virtual", "now": "<RFC 3339 time>" }')
  }
  const registry = raw.registry ?? []
  if (!Array.isArray(registry) || !registry.every((c) => isPlain(c) && typeof c.op === 'string')) throw bad('"registry" must be a list of changes ({ op, ... })')
  return raw as unknown as SavedState
}

export interface StateWriterOptions {
  /** Quiet period after the first change of a burst before writing (ms). */
  debounceMs: number
  /** A write failed (disk full, permissions): reported, and tried again later. */
  onError?(e: unknown): void
}

export interface StateWriter {
  readonly path: string
  /** Note a change: the file is written `debounceMs` later. */
  schedule(): void
  /** The content was replaced without change events (api.reset(), api.restore()): re-read it, then write. */
  resync(): void
  /** Write now if anything changed (or `force`), after any write in progress. Rejects if that write fails. */
  flush(force?: boolean): Promise<void>
  /** Flush, then stop listening for changes. */
  close(): Promise<void>
  /** Number of completed writes. */
  readonly writes: number
}

/**
 * The state as JSON text, kept up to date from the store's change events: each changed object is
 * serialized once, when it changes, and a write joins the texts. Taking `api.snapshot()` for every write
 * would deep-copy and serialize every object each time (about a second for 10 000 streams on a slow
 * machine, blocking the server). `resync()` starts again from `api.snapshot()` — after `api.reset()` /
 * `api.restore()`, which replace the content without change events. The text is exactly
 * `JSON.stringify(api.snapshot())` up to the order of the keys.
 */
class SnapshotMirror {
  private rv = 0
  private readonly texts = new Map<string, Map<string, string>>()
  private readonly unsubscribe: () => void

  constructor(
    private readonly api: FakeImageApi,
    onChange: () => void,
  ) {
    this.resync()
    this.unsubscribe = api.store.subscribe((events) => {
      for (const e of events) {
        let m = this.texts.get(e.resource)
        if (!m) this.texts.set(e.resource, (m = new Map()))
        if (e.type === 'DELETED') m.delete(e.key)
        else m.set(e.key, JSON.stringify(e.object))
        if (e.rv > this.rv) this.rv = e.rv
      }
      onChange()
    })
  }

  resync(): void {
    const snap = this.api.snapshot()
    this.rv = snap.rv
    this.texts.clear()
    for (const [resource, list] of Object.entries(snap.objects)) {
      this.texts.set(resource, new Map(list.map((o) => [objectKey(o), JSON.stringify(o)])))
    }
  }

  /** `{"rv":…,"objects":{…}}`, objects in key order per resource. */
  text(): string {
    const parts: string[] = []
    for (const [resource, m] of this.texts) {
      const keys = [...m.keys()].sort()
      parts.push(`${JSON.stringify(resource)}:[${keys.map((k) => m.get(k)!).join(',')}]`)
    }
    return `{"rv":${this.rv},"objects":{${parts.join(',')}}}`
  }

  close(): void {
    this.unsubscribe()
  }
}

/** The store's key of an object (as its change events carry it): `namespace/name`, or `name`. */
function objectKey(o: { metadata?: { namespace?: string; name?: string } }): string {
  const ns = o.metadata?.namespace
  return ns ? `${ns}/${o.metadata?.name ?? ''}` : (o.metadata?.name ?? '')
}

/** Write the state of `api` to `path` after each change (debounced). */
export function stateWriter(api: FakeImageApi, journal: RegistryJournal, file: string, opts: StateWriterOptions): StateWriter {
  const path = resolve(file)
  const dir = dirname(path)
  const tmp = join(dir, `.${basename(path)}.${process.pid}.tmp`)
  let dirty = false
  /** Cancels the pending write (real timers: the file is about real time, whatever the fake's clock says). */
  let timer: (() => void) | undefined
  let writing: Promise<void> | undefined
  let writes = 0
  let closed = false
  let flushing = false

  // Building the text blocks the server (the file I/O does not): after a write, the next one waits at
  // least twice that long, so the state file never takes more than about a third of the server's time
  // however large the state grows.
  let blockedMs = 0
  let lastEnd = 0
  const writeOnce = async () => {
    dirty = false
    const t0 = perfNow()
    const head = JSON.stringify({ format: STATE_FORMAT, version: STATE_VERSION, savedAt: new Date(wallNow()).toISOString() })
    const clock = api.clock.mode === 'virtual' ? `,"clock":${JSON.stringify({ mode: 'virtual', now: new Date(api.clock.now()).toISOString() })}` : ''
    const text = `${head.slice(0, -1)},"snapshot":${mirror.text()},"registry":${JSON.stringify(journal.all)}${clock}}`
    blockedMs = perfNow() - t0
    await atomicWrite(path, tmp, text)
    lastEnd = perfNow()
    writes++
  }
  /** The error of the last write, if it failed. */
  let failure: unknown
  const run = (): Promise<void> => {
    writing ??= (async () => {
      try {
        await writeOnce()
        failure = undefined
      } catch (e) {
        dirty = true
        failure = e
        if (!flushing) opts.onError?.(e)
      } finally {
        writing = undefined
        // Changes made during the write: the next write, paced as above.
        if (dirty && !closed && !flushing) schedule()
      }
    })()
    return writing
  }
  const schedule = () => {
    dirty = true
    if (timer || closed) return
    const wait = Math.max(opts.debounceMs, lastEnd + 2 * blockedMs - perfNow())
    timer = realTimer(() => {
      timer = undefined
      // A write in progress reschedules when it ends; else start one.
      void run()
    }, wait)
  }
  const mirror = new SnapshotMirror(api, schedule)
  const cancelTimer = () => {
    timer?.()
    timer = undefined
  }
  const flush = async (force = false) => {
    flushing = true
    try {
      cancelTimer()
      if (force) dirty = true
      while (writing) await writing
      cancelTimer() // a write that ended meanwhile may have scheduled the next
      if (dirty) await run()
      if (failure !== undefined) throw failure
    } finally {
      flushing = false
    }
  }
  return {
    path,
    schedule,
    resync() {
      mirror.resync()
      schedule()
    },
    flush,
    async close() {
      closed = true
      mirror.close()
      await flush()
    },
    get writes() {
      return writes
    },
  }
}

/** Write `text` to `path` atomically: temp file in the same folder, fsync, rename, fsync the folder. */
export async function atomicWrite(path: string, tmp: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  const fh = await open(tmp, 'w', 0o600)
  try {
    await fh.writeFile(text)
    await fh.sync()
  } finally {
    await fh.close()
  }
  await rename(tmp, path)
  try {
    const d = await open(dirname(path), 'r')
    try {
      await d.sync()
    } finally {
      await d.close()
    }
  } catch {
    // Some platforms (Windows) cannot fsync a folder; the rename is still atomic there.
  }
}

/** Remove temporary files a killed server left next to the state file (`.<name>.<pid>.tmp`). */
export async function removeStaleTemps(file: string): Promise<void> {
  const path = resolve(file)
  const prefix = `.${basename(path)}.`
  let names: string[]
  try {
    names = await readdir(dirname(path))
  } catch {
    return
  }
  for (const n of names) {
    if (n.startsWith(prefix) && /^\d+\.tmp$/.test(n.slice(prefix.length))) await rm(join(dirname(path), n), { force: true })
  }
}
