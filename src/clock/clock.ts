// The fake's clock: what every timestamp reads and every wait of the fake's own (import controller,
// watch timeouts and bookmarks, the too-large-resourceVersion wait, fault delays) is scheduled on.
//
// * 'real' (default): the host's time and timers, looked up on each call — so a test runner's fake timers
//   (`vi.useFakeTimers()`, `vi.setSystemTime()`) drive the fake too.
// * 'virtual': time stands still at `start` (default 2026-01-01T00:00:00Z) until `advance(ms)` / `set(date)`
//   move it, running what falls due in order, with no real waiting.
// * an object with `now()`, `setTimeout(fn, ms)` and `clearTimeout(handle)` (sinon's, or your own).

import { macrotask } from './native.js'

/** An opaque timer handle. */
export type TimerHandle = object | number

/** The clock the fake's parts read and schedule on. */
export interface Clock {
  now(): number
  setTimeout<A extends unknown[]>(fn: (...args: A) => void, ms: number, ...args: A): TimerHandle
  clearTimeout(handle: TimerHandle | undefined): void
}

/** A clock you supply (sinon's fake timers, a shared virtual clock, …). */
export interface ClockSource {
  now(): number
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: any): void
}

/** The `clock` option: `'real'`, `'virtual'`, `{ start }` (virtual from that instant) or your own clock. */
export type ClockOption = 'real' | 'virtual' | { start: Date | string | number } | ClockSource

/** The virtual clock's default start: after every date in the built-in fixture sets. */
export const DEFAULT_VIRTUAL_START = '2026-01-01T00:00:00Z'

/** `api.clock`: read the fake's time, and move it when it is virtual. */
export interface FakeClock {
  readonly mode: 'real' | 'virtual' | 'custom'
  /** The fake's time, in ms since the epoch. */
  now(): number
  /**
   * Virtual clock only: move time forward by `ms`, running every timer that falls due, in order; resolves
   * once the work they started (imports, their writes) has finished and watch events have been delivered.
   */
  advance(ms: number): Promise<void>
  /** Virtual clock only: jump to `date` (forward runs what falls due, as `advance`; backward runs nothing). */
  set(date: Date | string | number): Promise<void>
}

/** The host clock, looked up on every call (so fake timers installed later are followed). */
export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms, ...args) => globalThis.setTimeout(fn, ms, ...args) as unknown as TimerHandle,
  clearTimeout: (h) => {
    if (h !== undefined) globalThis.clearTimeout(h as Parameters<typeof clearTimeout>[0])
  },
}

/** Stop a real timer from keeping Node alive (virtual handles have nothing to unref). */
export function unrefTimer<T extends TimerHandle>(t: T): T {
  const u = (t as { unref?: () => void }).unref
  if (typeof u === 'function') u.call(t)
  return t
}

export function toMillis(date: Date | string | number, what = 'clock'): number {
  const ms = typeof date === 'number' ? date : date instanceof Date ? date.getTime() : Date.parse(date)
  if (!Number.isFinite(ms)) throw new TypeError(`${what}: not a date: ${JSON.stringify(String(date))}`)
  return ms
}

interface VirtualTimer {
  due: number
  seq: number
  fn: (...args: any[]) => void
  args: unknown[]
  cancelled: boolean
}

/**
 * Time that moves only when told. Timers are kept in due order (ties in the order they were set);
 * `advance` runs each at its due time, then waits for the work it started (`quiesce` hooks) and for
 * a macrotask so streams deliver, before running the next.
 */
export class VirtualClock implements Clock {
  private current: number
  private seq = 0
  private readonly timers: VirtualTimer[] = []
  private readonly hooks = new Set<() => Promise<unknown> | undefined>()
  private moving: Promise<void> = Promise.resolve()

  constructor(start: Date | string | number = DEFAULT_VIRTUAL_START) {
    this.current = toMillis(start, 'clock start')
  }

  now(): number {
    return this.current
  }

  setTimeout<A extends unknown[]>(fn: (...args: A) => void, ms: number, ...args: A): TimerHandle {
    const t: VirtualTimer = { due: this.current + Math.max(0, Number.isFinite(ms) ? ms : 0), seq: ++this.seq, fn, args, cancelled: false }
    let lo = 0
    let hi = this.timers.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (this.timers[mid]!.due <= t.due) lo = mid + 1
      else hi = mid
    }
    this.timers.splice(lo, 0, t)
    return t
  }

  clearTimeout(handle: TimerHandle | undefined): void {
    if (!handle || typeof handle !== 'object') return
    const t = handle as VirtualTimer
    if (t.cancelled) return
    t.cancelled = true
    const i = this.timers.indexOf(t)
    if (i >= 0) this.timers.splice(i, 1)
  }

  /** Timers not yet run. */
  get pending(): number {
    return this.timers.length
  }

  /** Register work to wait for after each timer (e.g. the import controller's running imports). */
  onQuiesce(hook: () => Promise<unknown> | undefined): () => void {
    this.hooks.add(hook)
    return () => this.hooks.delete(hook)
  }

  advance(ms: number): Promise<void> {
    if (typeof ms !== 'number' || !(ms >= 0) || !Number.isFinite(ms)) return Promise.reject(new TypeError(`clock.advance: ms must be a finite number >= 0, not ${String(ms)}`))
    // Moves queue behind each other: two advance() calls made together add up.
    const run = this.moving.then(() => this.runUntil(this.current + ms))
    this.moving = run.catch(() => {})
    return run
  }

  set(date: Date | string | number): Promise<void> {
    let target: number
    try {
      target = toMillis(date, 'clock.set')
    } catch (e) {
      return Promise.reject(e)
    }
    const run = this.moving.then(() => (target >= this.current ? this.runUntil(target) : void (this.current = target)))
    this.moving = run.catch(() => {})
    return run
  }

  private async runUntil(target: number): Promise<void> {
    await this.quiesce()
    for (;;) {
      const t = this.timers[0]
      if (!t || t.due > target) break
      this.timers.shift()
      if (t.due > this.current) this.current = t.due
      t.cancelled = true
      t.fn(...t.args)
      await this.quiesce()
    }
    this.current = target
    await this.quiesce()
  }

  /** Let the work timers started finish: hooks until none reports work, then a macrotask for streams. */
  private async quiesce(): Promise<void> {
    for (let round = 0; round < 1000; round++) {
      await macrotask()
      const busy = [...this.hooks].map((h) => h()).filter((p): p is Promise<unknown> => !!p)
      if (!busy.length) break
      await Promise.all(busy.map((p) => p.catch(() => {})))
    }
    await macrotask()
  }
}

/** A supplied clock, adapted: arguments bound in a closure, its handle kept in a box of ours. */
class SuppliedClock implements Clock {
  constructor(private readonly src: ClockSource) {}
  now(): number {
    return this.src.now()
  }
  setTimeout<A extends unknown[]>(fn: (...args: A) => void, ms: number, ...args: A): TimerHandle {
    return { handle: this.src.setTimeout(() => fn(...args), ms) }
  }
  clearTimeout(box: TimerHandle | undefined): void {
    if (box && typeof box === 'object' && 'handle' in box) this.src.clearTimeout((box as { handle: unknown }).handle)
  }
}

function isClockSource(v: unknown): v is ClockSource {
  return !!v && typeof v === 'object' && typeof (v as ClockSource).now === 'function' && typeof (v as ClockSource).setTimeout === 'function' && typeof (v as ClockSource).clearTimeout === 'function'
}

/** Build the clock the `clock` option asks for, and the `api.clock` view of it. */
export function createClock(option: ClockOption | undefined): { clock: Clock; virtual?: VirtualClock; api: FakeClock } {
  if (option === undefined || option === 'real') return { clock: realClock, api: fixedClockApi('real', realClock) }
  if (option === 'virtual') return virtualApi(new VirtualClock())
  if (isClockSource(option)) {
    const clock = new SuppliedClock(option)
    return { clock, api: fixedClockApi('custom', clock) }
  }
  if (option && typeof option === 'object' && 'start' in option) return virtualApi(new VirtualClock(option.start))
  throw new TypeError(`clock: expected 'real', 'virtual', { start } or an object with now(), setTimeout() and clearTimeout(), not ${JSON.stringify(option)}`)
}

function virtualApi(v: VirtualClock): { clock: Clock; virtual: VirtualClock; api: FakeClock } {
  return {
    clock: v,
    virtual: v,
    api: { mode: 'virtual', now: () => v.now(), advance: (ms) => v.advance(ms), set: (d) => v.set(d) },
  }
}

function fixedClockApi(mode: 'real' | 'custom', clock: Clock): FakeClock {
  const refuse = (what: string) =>
    Promise.reject(
      new TypeError(
        `clock.${what}: the fake runs on the ${mode === 'real' ? "host's clock" : 'clock you supplied'}; create it with { clock: 'virtual' } to move time yourself${mode === 'real' ? ' (or move the host clock with vi.advanceTimersByTimeAsync under vi.useFakeTimers())' : ' (or advance your clock)'}`,
      ),
    )
  return { mode, now: () => clock.now(), advance: () => refuse('advance'), set: () => refuse('set') }
}
