// Run the same write through api.db on one fake and through HTTP on a twin, and compare what the API
// shows afterwards: the result (or the Status error), the watch events, and every stored kind as listed.

import { createFakeImageApi, DB_USER_AGENT, isStatusError, type FakeImageApi } from '../../src/index.js'
import type { StoreEvent } from '../../src/store/store.js'

const BASE = 'http://fake.local'
const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** Timestamps and uids differ between two runs: replace them with placeholders (consistently per value). */
export function normalize(v: unknown): unknown {
  const uids = new Map<string, string>()
  const walk = (x: unknown): unknown => {
    if (typeof x === 'string') {
      if (RFC3339.test(x)) return '<time>'
      if (UUID.test(x)) {
        if (!uids.has(x)) uids.set(x, `<uid${uids.size}>`)
        return uids.get(x)
      }
      return x
    }
    if (Array.isArray(x)) return x.map(walk)
    if (x && typeof x === 'object') {
      return Object.fromEntries(
        Object.entries(x).map(([k, y]) => {
          // Entries are ordered by time, which may or may not tick over between two runs.
          if (k === 'managedFields' && Array.isArray(y)) y = [...y].sort((a, b) => String(a.manager).localeCompare(String(b.manager)))
          return [k, walk(y)]
        }),
      )
    }
    return x
  }
  return walk(v)
}

export interface Outcome {
  result: unknown
  error: unknown
  events: unknown[]
  state: unknown
}

export async function http(api: FakeImageApi, method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = { 'user-agent': DB_USER_AGENT, accept: 'application/json' }
  if (body !== undefined) headers['content-type'] = contentType
  const res = await api.fetch(new Request(BASE + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }))
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : undefined }
}

/** Like `http`, but throws the Status of a failed request, as api.db does. */
export async function ok(api: FakeImageApi, method: string, path: string, body?: unknown): Promise<any> {
  const r = await http(api, method, path, body)
  if (r.status >= 400) throw Object.assign(new Error(r.body?.message), { status: r.body })
  return r.body
}

const LISTS = [
  '/api/v1/namespaces',
  '/api/v1/secrets',
  '/api/v1/events',
  '/apis/image.openshift.io/v1/images',
  '/apis/image.openshift.io/v1/imagestreams',
  '/apis/image.openshift.io/v1/imagestreamtags',
  '/apis/image.openshift.io/v1/imagetags',
]

/** What the API serves: every kind listed (with the list's resourceVersion). */
export async function apiState(api: FakeImageApi): Promise<unknown> {
  const out: Record<string, unknown> = {}
  for (const path of LISTS) out[path] = (await http(api, 'GET', path)).body
  return normalize(out)
}

async function run(seed: unknown[], fn: (api: FakeImageApi) => Promise<unknown>): Promise<Outcome> {
  const api = createFakeImageApi({ fixtures: seed, importController: false })
  await api.ready
  const events: StoreEvent[] = []
  api.store.subscribe((es) => events.push(...es))
  let result: unknown
  let error: unknown
  try {
    result = await fn(api)
  } catch (e) {
    error = isStatusError(e) ? e.body : ((e as { status?: unknown }).status ?? e)
    if (error instanceof Error) error = { message: error.message }
  }
  return {
    result: normalize(result),
    error: normalize(error),
    events: normalize(events.map((e) => ({ type: e.type, resource: e.resource, key: e.key, rv: e.rv, object: e.object }))) as unknown[],
    state: await apiState(api),
  }
}

/** The same write through api.db and through HTTP, on two fakes seeded alike. */
export async function twin(seed: unknown[], viaDb: (api: FakeImageApi) => Promise<unknown>, viaHttp: (api: FakeImageApi) => Promise<unknown>): Promise<{ db: Outcome; http: Outcome; before: unknown }> {
  const fresh = createFakeImageApi({ fixtures: seed, importController: false })
  await fresh.ready
  const before = await apiState(fresh)
  return { db: await run(seed, viaDb), http: await run(seed, viaHttp), before }
}
