// Side channels between the doors, the engine and the instrumentation, keyed by the Fetch Request:
//  - the abort signal a server door attaches without paying for `new Request({ signal })`;
//  - the body text the engine read, so request recording need not clone the request body.

const signals = new WeakMap<Request, AbortSignal | (() => AbortSignal)>()
const bodies = new WeakMap<Request, string>()

/**
 * Attach a client-disconnect signal to a request built without one — or a function that makes it on
 * first use (an AbortController per request is a measurable cost, and most requests never look).
 */
export function attachSignal(request: Request, signal: AbortSignal | (() => AbortSignal)): Request {
  signals.set(request, signal)
  return request
}

/** The exchange is over: a signal nobody made yet will never abort (and its maker is let go). */
export function releaseSignal(request: Request): void {
  if (typeof signals.get(request) === 'function') signals.set(request, NEVER)
}

const NEVER = new AbortController().signal

/** The signal that aborts when the client goes away (side channel first, then request.signal). */
export function requestSignal(request: Request): AbortSignal {
  let s = signals.get(request)
  if (typeof s === 'function') {
    s = s()
    signals.set(request, s)
  }
  return s ?? request.signal
}

export function tapBody(request: Request, text: string): void {
  bodies.set(request, text)
}

/** The body text the engine read from this request, if it read one. */
export function tappedBody(request: Request): string | undefined {
  return bodies.get(request)
}

/** Marks an engine front (api) that reads only method, url, headers and body of requests (see adapters/light-request.ts). */
export const ACCEPTS_LIGHT_REQUESTS: unique symbol = Symbol.for('openshift-image-fake.accepts-light-requests')
