// `serve --state <file>`: the server's state in one JSON file, so that edits survive a restart.
//
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
  const registry = raw.registry ?? []
  if (!Array.isArray(registry) || !registry.every((c) => isPlain(c) && typeof c.op === 'string')) throw bad('"registry" must be a list of changes ({ op, ... })')
  return raw as unknown as SavedState
}

export interface StateWriterOptions {
  /** Quiet period after the first change of a burst before writing (ms). */
  debounceMs: number
  /** A write failed (disk full, permissions): reported, retried on the next change. */
  onError?(e: unknown): void
}

export interface StateWriter {
  readonly path: string
  /** Note a change: the file is written `debounceMs` later. */
  schedule(): void
  /** Write now if anything changed (or `force`), after any write in progress. */
  flush(force?: boolean): Promise<void>
  /** Flush, then stop listening for changes. */
  close(): Promise<void>
  /** Number of completed writes. */
  readonly writes: number
}

/** Write the state of `api` to `path` after each change (debounced). */
export function stateWriter(api: FakeImageApi, journal: RegistryJournal, file: string, opts: StateWriterOptions): StateWriter {
  const path = resolve(file)
  const dir = dirname(path)
  const tmp = join(dir, `.${basename(path)}.${process.pid}.tmp`)
  let dirty = false
  let timer: ReturnType<typeof setTimeout> | undefined
  let writing: Promise<void> | undefined
  let writes = 0
  let closed = false

  const writeOnce = async () => {
    dirty = false
    const state: SavedState = {
      format: STATE_FORMAT,
      version: STATE_VERSION,
      savedAt: new Date().toISOString(),
      snapshot: api.snapshot(),
      registry: [...journal.all],
    }
    await atomicWrite(path, tmp, JSON.stringify(state))
    writes++
  }
  const run = (): Promise<void> => {
    writing ??= (async () => {
      try {
        while (dirty) await writeOnce()
      } catch (e) {
        dirty = true
        opts.onError?.(e)
      } finally {
        writing = undefined
      }
    })()
    return writing
  }
  const schedule = () => {
    dirty = true
    if (timer || closed) return
    timer = setTimeout(() => {
      timer = undefined
      // A write in progress picks the change up (its loop runs while dirty); else start one.
      void run()
    }, opts.debounceMs)
    timer.unref?.()
  }
  const unsubscribe = api.store.subscribe(() => schedule())
  const flush = async (force = false) => {
    if (timer) clearTimeout(timer)
    timer = undefined
    if (force) dirty = true
    while (writing) await writing
    if (dirty) await run()
  }
  return {
    path,
    schedule,
    flush,
    async close() {
      closed = true
      unsubscribe()
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
