// A watch session streamed as a chunked HTTP body: the session's chunks go into a ReadableStream, and
// the session ends with it (request aborted, body cancelled, reader too far behind).
// fidelity: watch.slow-watchers

import type { WatchSession } from './watch.js'
import type { WatchChunk } from './watch-events.js'

/** Bytes the body buffers before it reports backpressure (desiredSize = this − queued bytes). */
const HIGH_WATER_MARK = 64 * 1024
const encoder = new TextEncoder()
const byteLength = (chunk: Uint8Array) => chunk.byteLength
const EMPTY = new Uint8Array(0)

/** The body of one watch response: feeds the session's chunks to the stream and ends the session with it. */
class WatchBody implements UnderlyingDefaultSource<Uint8Array> {
  private controller: ReadableStreamDefaultController<Uint8Array> | undefined
  private closed = false
  private sent = false
  private readonly onAbort = () => this.finish()

  constructor(
    private readonly session: WatchSession,
    private readonly signal: AbortSignal | undefined,
  ) {}

  start(c: ReadableStreamDefaultController<Uint8Array>): void {
    this.controller = c
    if (this.signal?.aborted) {
      this.finish()
      return
    }
    this.signal?.addEventListener('abort', this.onAbort, { once: true })
    this.session.start(
      (chunk) => this.push(chunk),
      () => this.finish(),
    )
    // Nothing to say yet: an empty chunk still makes Node-side hosts (msw's http.ClientRequest
    // interceptor, ServerResponse) flush the status and headers at once, as the real server does.
    // Without it, client-node 1.4.0 under msw would not see its watch open until the first event.
    if (!this.sent && !this.closed) c.enqueue(EMPTY)
  }

  cancel(): void {
    this.closed = true
    this.signal?.removeEventListener('abort', this.onAbort)
    this.session.stop()
  }

  private push(chunk: WatchChunk): void {
    if (this.closed) return
    this.sent = true
    const c = this.controller!
    c.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : chunk)
    const limit = this.session.maxQueuedBytes
    if (limit > 0 && c.desiredSize !== null && HIGH_WATER_MARK - c.desiredSize > limit) this.finish()
  }

  private finish(): void {
    if (this.closed) return
    this.closed = true
    this.signal?.removeEventListener('abort', this.onAbort)
    this.session.stop()
    try {
      this.controller?.close()
    } catch {
      /* already closed or errored */
    }
  }
}

/**
 * Stream a watch session as a chunked HTTP body. The watch is released when the request's `signal`
 * aborts, when the body is cancelled, when the session ends (timeout, ERROR, stop()), and when the
 * reader lets more than `session.maxQueuedBytes` pile up.
 */
export function watchResponse(session: WatchSession, signal?: AbortSignal): Response {
  const body = new ReadableStream<Uint8Array>(new WatchBody(session, signal), { highWaterMark: HIGH_WATER_MARK, size: byteLength })
  return new Response(body, {
    status: 200,
    headers: { 'Content-Type': session.contentType, 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' },
  })
}
