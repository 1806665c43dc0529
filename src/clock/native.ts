// The host's own timers and time, captured when the package loads — before a test runner's fake timers
// (`vi.useFakeTimers()`) can replace them. For waits that are about real time whatever the fake's clock
// says: yielding to the event loop so streams flush, a server's close grace, a test helper's deadline.
// Browser-safe: falls back to MessageChannel where setImmediate does not exist.

const g = globalThis as typeof globalThis & { setImmediate?: (fn: () => void) => unknown }
const nativeSetTimeout = g.setTimeout.bind(g)
const nativeClearTimeout = g.clearTimeout.bind(g)
const nativeSetImmediate = typeof g.setImmediate === 'function' ? g.setImmediate.bind(g) : undefined
const nativeClearImmediate = typeof (g as { clearImmediate?: unknown }).clearImmediate === 'function' ? (g as unknown as { clearImmediate: typeof clearImmediate }).clearImmediate.bind(g) : undefined
const nativeDateNow = Date.now.bind(Date)
const perf = typeof performance !== 'undefined' ? performance : undefined
const nativePerfNow = perf ? perf.now.bind(perf) : nativeDateNow

/** The host's Date.now(), as it was when the package loaded. */
export function wallNow(): number {
  return nativeDateNow()
}

/** A monotonic millisecond counter (performance.now) for measuring real durations. */
export function perfNow(): number {
  return nativePerfNow()
}

/** Resolve after `ms` real milliseconds; `unref` (Node) keeps the wait from holding the process open. */
export function realSleep(ms: number, unref = false): Promise<void> {
  return new Promise((resolve) => {
    const t = nativeSetTimeout(resolve, ms) as unknown as { unref?: () => void }
    if (unref) t.unref?.()
  })
}

/** A cancellable real timer (host timers, unaffected by fake timers installed later). */
export function realTimer(fn: () => void, ms: number): () => void {
  const t = nativeSetTimeout(fn, ms)
  return () => nativeClearTimeout(t)
}

/** Run `fn` on the next macrotask (host setImmediate where there is one); returns a cancel function. */
export function onNextMacrotask(fn: () => void): () => void {
  if (nativeSetImmediate) {
    const h = nativeSetImmediate(fn) as Parameters<typeof clearImmediate>[0]
    return () => nativeClearImmediate?.(h)
  }
  let live = true
  void macrotask().then(() => live && fn())
  return () => (live = false)
}

let channel: MessageChannel | undefined
const pending: Array<() => void> = []

/** Resolve on the next macrotask (after pending I/O callbacks and stream deliveries). */
export function macrotask(): Promise<void> {
  if (nativeSetImmediate) return new Promise((resolve) => void nativeSetImmediate(resolve))
  if (typeof MessageChannel === 'undefined') return new Promise((resolve) => void nativeSetTimeout(resolve, 0))
  if (!channel) {
    channel = new MessageChannel()
    channel.port1.onmessage = () => pending.shift()?.()
  }
  return new Promise((resolve) => {
    pending.push(resolve)
    channel!.port2.postMessage(0)
  })
}
