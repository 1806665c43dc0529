// LIST semantics shared by every lister: snapshot selection by resourceVersion, selectors,
// limit/continue paging with the real continue-token format (k8s.io/apiserver/pkg/storage/continue.go).
// fidelity: apiserver.list

import type { KubeObject } from '../image/types.js'
import { errors } from './errors.js'
import type { ListOptions, ListResult } from './types.js'
import type { Store } from '../store/store.js'
import { decodeContinue, encodeContinue } from './continue-token.js'
import type { Clock } from '../clock/clock.js'

export const CONTINUE_EXPIRED_MESSAGE =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.'

export function parseRV(rv: string): number {
  if (!/^\d+$/.test(rv)) {
    throw errors.badRequest(`invalid resource version: resourceVersion: Invalid value: "${rv}": strconv.ParseUint: parsing "${rv}": invalid syntax`)
  }
  return Number(rv)
}

export interface ListSource {
  store: Store
  /** Store resource (collection) to read. */
  resource: string
  namespace?: string
  /** Key relative to the listed collection, as the continue token carries it. */
  relativeKey(obj: KubeObject): string
  /** Selector match (labels + fields) on the stored object. */
  matches(obj: KubeObject): boolean
  hasSelectors: boolean
}

/**
 * Choose the snapshot a LIST reads (k8s.io/apiserver/pkg/storage/cacher/watch_cache.go waitUntilFreshAndList,
 * storage/continue.go) and page it.
 */
/**
 * A LIST at a resourceVersion newer than the store waits (like the watch cache) until the store reaches it,
 * at most `ms`, then is answered — with the 504 `Too large resource version` if it still has not.
 */
export async function waitForListResourceVersion(store: Store, opts: ListOptions, ms: number, clock: Clock, signal?: AbortSignal): Promise<void> {
  if (opts.continue || opts.resourceVersion === undefined || opts.resourceVersion === '') return
  const rv = parseRV(opts.resourceVersion)
  if (rv === 0 || rv <= store.resourceVersion || ms <= 0) return
  await new Promise<void>((resolve) => {
    const done = () => {
      clock.clearTimeout(timer)
      unsubscribe()
      signal?.removeEventListener('abort', done)
      resolve()
    }
    const unsubscribe = store.subscribe(() => {
      if (store.resourceVersion >= rv) done()
    })
    const timer = clock.setTimeout(done, ms)
    signal?.addEventListener('abort', done, { once: true })
  })
}

export function listSnapshot(src: ListSource, opts: ListOptions): ListResult {
  const { store } = src
  const current = store.resourceVersion
  let snapshotRV = current
  let start: string | undefined
  let limit = opts.limit
  let items: KubeObject[] | undefined

  if (opts.continue) {
    const tok = decodeContinue(opts.continue)
    snapshotRV = tok.rv > 0 ? tok.rv : current // a negative token RV lists the latest (etcd3 store GetList)
    start = tok.start
    items = store.listAt(src.resource, snapshotRV, src.namespace)
    if (!items) {
      const fresh = encodeContinue(current, tok.start.replace(/\u0000$/, ''))
      throw errors.gone(CONTINUE_EXPIRED_MESSAGE, { continue: fresh })
    }
  } else if (opts.resourceVersion !== undefined && opts.resourceVersion !== '') {
    const rv = parseRV(opts.resourceVersion)
    if (rv === 0) {
      limit = 0 // served from the watch cache: limit ignored
    } else {
      if (rv > current) {
        throw errors.timeout(`Timeout: Too large resource version: ${rv}, current: ${current}`, {
          causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
          retryAfterSeconds: 1,
        })
      }
      const exact = opts.resourceVersionMatch === 'Exact' || (!opts.resourceVersionMatch && limit > 0)
      if (exact) {
        snapshotRV = rv
        items = store.listAt(src.resource, rv, src.namespace)
        if (!items) throw errors.gone(`too old resource version: ${rv} (${store.oldestResourceVersion})`)
      }
    }
  }
  items ??= store.list(src.resource, src.namespace)

  const out: KubeObject[] = []
  let i = 0
  if (start !== undefined) {
    while (i < items.length && src.relativeKey(items[i]!) < start) i++
  }
  let lastKey = ''
  let more = false
  let remaining = 0
  for (; i < items.length; i++) {
    const o = items[i]!
    if (!src.matches(o)) continue
    if (limit > 0 && out.length >= limit) {
      more = true
      if (src.hasSelectors) break
      remaining++
      continue
    }
    out.push(o)
    lastKey = src.relativeKey(o)
  }
  const result: ListResult = { items: out, resourceVersion: String(snapshotRV) }
  if (more) {
    result.continue = encodeContinue(snapshotRV, lastKey)
    if (!src.hasSelectors) result.remainingItemCount = remaining
  }
  return result
}
