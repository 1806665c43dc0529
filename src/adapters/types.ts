// The small interface every adapter ("door") in src/adapters/ is written against.
// Anything with a Fetch-API `fetch(request) → response` function can be served: the in-memory
// API server, or a stub in tests.

export interface FetchHandler {
  fetch(request: Request): Promise<Response>
  /** End every open watch (graceful shutdown). Optional. */
  closeWatches?(): void
}
