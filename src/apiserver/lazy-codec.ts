// A codec the engine loads before it handles the first request that names its media type (in Content-Type
// or Accept), so a fake that only ever sees JSON never loads it: YAML (./yaml-codec.ts) and protobuf
// (./protobuf/lazy.ts). The engine awaits `load()` when `mayNeed(headers)`; code on the request's path then
// reads the module synchronously with `get()`.

export interface LazyCodec<T> {
  /** Load the module (once). */
  load(): Promise<T>
  /** Whether a request may need the module (its body or its response) and it is not loaded yet. */
  mayNeed(headers: Headers): boolean
  /** The module; the engine has loaded it for any request that can reach this. */
  get(): T
}

export function lazyCodec<T>(name: string, mentions: RegExp, importer: () => Promise<T>): LazyCodec<T> {
  let mod: T | undefined
  let loading: Promise<T> | undefined
  return {
    load: () => (loading ??= importer().then((m) => (mod = m))),
    mayNeed(headers) {
      if (mod) return false
      const ct = headers.get('content-type')
      const accept = headers.get('accept')
      return (ct !== null && mentions.test(ct)) || (accept !== null && mentions.test(accept))
    },
    get() {
      if (!mod) throw new Error(`internal error: ${name} used before it was loaded`)
      return mod
    },
  }
}
