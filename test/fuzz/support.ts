// Shared by the fuzz suite (test/fuzz/*.test.ts): a seeded fake, a 5-second answer guard, and the invariants
// every request must keep. Each file reads its case count from FUZZ_RUNS (`npm run fuzz` sets 100 000).

import { appendFileSync } from 'node:fs'
import { expect } from 'vitest'
import { parse as yamlParse } from 'yaml'
import { createFakeImageApi, type FakeImageApi } from '../../src/index.js'
import { META, unwrap } from '../protobuf-helpers.js'

export const BASE = 'http://fake.local'
export const NS = 'fuzz'
export const IS_PATH = `/apis/image.openshift.io/v1/namespaces/${NS}/imagestreams`
export const IMAGES_PATH = '/apis/image.openshift.io/v1/images'
export const DIGEST = `sha256:${'a'.repeat(64)}`

/** A per-request guard, not a timing assertion: an answer that never comes is a hang. */
export const ANSWER_WITHIN_MS = 5000

/**
 * 5xx answers the real server gives too. A plain Go error becomes a 500 Status with no reason (or `Unknown`)
 * and the error text as message (k8s.io/apiserver responsewriters.ErrorToAPIStatus) — e.g. server-side
 * apply's `failed to create typed patch object (…): … field not declared in schema`, strategic merge patch's
 * `unable to find api field in struct Secret for the json field "tags"`, ISTag names without `:`; and 504
 * `Timeout` (resourceVersion too large). Our own bugs surface as 500 `InternalError` (`Internal error
 * occurred: …`, the engine's catch-all), which is never allowed.
 */
export const REAL_SERVER_5XX_REASONS = new Set<string | undefined>([undefined, '', 'Unknown', 'Timeout', 'ServerTimeout'])

/** Fresh fake with one of each stored kind in namespace `fuzz`. */
export async function seededApi(): Promise<FakeImageApi> {
  const api = createFakeImageApi()
  const post = async (path: string, body: unknown) => {
    const r = await api.fetch(new Request(BASE + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }))
    if (r.status !== 201) throw new Error(`seeding ${path}: ${r.status} ${await r.text()}`)
  }
  await post('/api/v1/namespaces', { metadata: { name: NS } })
  await post(IMAGES_PATH, { metadata: { name: DIGEST }, dockerImageReference: `quay.io/x/y@${DIGEST}` })
  await post(IS_PATH, {
    metadata: { name: 'is', labels: { app: 'a' } },
    spec: { tags: [{ name: 'latest', from: { kind: 'DockerImage', name: `quay.io/x/y@${DIGEST}` } }] },
  })
  await post(`/api/v1/namespaces/${NS}/secrets`, { metadata: { name: 's' }, type: 'Opaque', data: { a: 'YQ==' } })
  return api
}

/** Rotates to a fresh fake every `every` cases (recorded requests and history stay bounded in long runs). */
export function apiPool(every = 500): () => Promise<FakeImageApi> {
  let api: FakeImageApi | undefined
  let used = 0
  return async () => {
    if (!api || used++ >= every) {
      api = await seededApi()
      used = 1
    }
    return api
  }
}

export function runs(defaultRuns: number): number {
  return Number(process.env.FUZZ_RUNS ?? defaultRuns)
}

/** fast-check parameters: FUZZ_RUNS cases, and FUZZ_SEED to replay or vary a run. */
export function fuzzParams(defaultRuns: number): { numRuns: number; seed?: number } {
  return process.env.FUZZ_SEED ? { numRuns: runs(defaultRuns), seed: Number(process.env.FUZZ_SEED) } : { numRuns: runs(defaultRuns) }
}

const PROTO_NAMES = Object.getOwnPropertyNames(Object.prototype).sort().join(',')
const ARRAY_PROTO_NAMES = Object.getOwnPropertyNames(Array.prototype).sort().join(',')

/** Object.prototype (and Array.prototype) carry exactly their own built-in names. */
export function expectPrototypesUntouched(): void {
  expect(Object.getOwnPropertyNames(Object.prototype).sort().join(',')).toBe(PROTO_NAMES)
  expect(Object.getOwnPropertyNames(Array.prototype).sort().join(',')).toBe(ARRAY_PROTO_NAMES)
  expect(({} as Record<string, unknown>).polluted).toBeUndefined()
}

/** Race a promise against the answer guard. */
export async function within<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ANSWER_WITHIN_MS} ms: ${what}`)), ANSWER_WITHIN_MS)
  })
  try {
    return await Promise.race([p, guard])
  } finally {
    clearTimeout(timer)
  }
}

/** Figures of a fuzz file, printed at its end: cases by status class, refused writes checked, slowest answer. */
export class Tally {
  readonly byClass = new Map<string, number>()
  refusedWrites = 0
  slowestMs = 0
  cases = 0
  /** Named by the fuzz file that uses it (one module instance per file). */
  name = 'fuzz'
  add(status: number | undefined, ms: number, refusedWrite: boolean): void {
    this.cases++
    const k = status === undefined ? 'closed' : `${Math.floor(status / 100)}xx`
    this.byClass.set(k, (this.byClass.get(k) ?? 0) + 1)
    if (refusedWrite) this.refusedWrites++
    if (ms > this.slowestMs) this.slowestMs = ms
    // Long runs (`npm run fuzz`) can leave their figures so far in a file: FUZZ_PROGRESS=<path>.
    if (process.env.FUZZ_PROGRESS && this.cases % 1000 === 0) appendFileSync(process.env.FUZZ_PROGRESS, `${new Date().toISOString()} ${this.report()}\n`)
  }
  report(name = this.name): string {
    const classes = [...this.byClass].sort().map(([k, n]) => `${k} ${n}`).join(', ')
    return `fuzz ${name}: ${this.cases} requests (${classes}); ${this.refusedWrites} refused writes left the store unchanged; slowest answer ${Math.round(this.slowestMs)} ms`
  }
}

export const tally = new Tally()

export interface Outcome {
  status: number
  text: string
}

/** The store's state: its resourceVersion and every object (what a refused write must leave alone). */
export function storeState(api: FakeImageApi): string {
  return JSON.stringify(api.snapshot())
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/**
 * Send one request through `api.fetch` and check the invariants: an answer (never a thrown exception)
 * within the guard, no 5xx but the real server's, the store unchanged after a refused write, prototypes
 * untouched. Returns the status and body text.
 */
export async function sendChecked(api: FakeImageApi, request: Request, describe: string): Promise<Outcome> {
  const write = WRITES.has(request.method)
  const before = write ? storeState(api) : ''
  const t0 = performance.now()
  const res = await within(api.fetch(request), describe)
  let text = ''
  // A watch that started streams until its timeout: let it go. Anything else (errors included) is read.
  if (res.status < 300 && isStreaming(request)) await res.body?.cancel()
  else text = readableText(new Uint8Array(await within(res.arrayBuffer(), `${describe} (body)`)), res.headers.get('content-type'))
  expectNoUnexpected5xx(res.status, text, describe)
  const refused = write && res.status >= 400 && !afterCommit(text)
  if (refused) expect(storeState(api), `store changed by refused ${describe}`).toBe(before)
  expectPrototypesUntouched()
  tally.add(res.status, performance.now() - t0, refused)
  return { status: res.status, text }
}

/**
 * QUIRK: errors the real server raises after the write has been committed — the response transformation
 * (k8s.io/apiserver/pkg/endpoints/handlers/response.go transformResponseObject, e.g. an invalid
 * `includeObject` for `as=Table`) runs after the storage call, so the write stands and the answer is a 400.
 */
function afterCommit(text: string): boolean {
  return text.includes('"message":"Unable to convert to Table as requested: ')
}

function isStreaming(request: Request): boolean {
  const url = new URL(request.url)
  const q = url.searchParams.get('watch')
  return (q !== null && q !== '0' && q !== 'false') || /\/watch\//.test(url.pathname)
}

/**
 * The body as text; a protobuf error body (the request asked for protobuf) as the JSON of its Status, decoded
 * with the upstream .proto definitions (test/protobuf-helpers.ts), so the 5xx check can read its reason.
 */
function readableText(bytes: Uint8Array, contentType: string | null): string {
  if (contentType?.startsWith('application/vnd.kubernetes.protobuf')) {
    try {
      const u = unwrap(bytes, `${META}.Status`)
      if (u.kind === 'Status') return JSON.stringify({ kind: 'Status', ...u.object })
    } catch {
      // not an enveloped Status: checked as text
    }
  }
  return new TextDecoder().decode(bytes)
}

export function expectNoUnexpected5xx(status: number, text: string, describe: string): void {
  if (status < 500) return
  let status5xx: { kind?: string; reason?: string; message?: string } = {}
  try {
    status5xx = (text.trimStart().startsWith('{') ? JSON.parse(text) : yamlParse(text)) as typeof status5xx // Accept: application/yaml
  } catch {
    // not a Status: never one of the real server's
  }
  status5xx ??= {}
  const allowed = status5xx.kind === 'Status' && REAL_SERVER_5XX_REASONS.has(status5xx.reason)
  expect(allowed, `unexpected ${status} for ${describe}: ${text.slice(0, 300)}`).toBe(true)
}
