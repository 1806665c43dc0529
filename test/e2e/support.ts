// Shared set-up for the end-to-end tests: the built-in fixtures, a fake served on 127.0.0.1 with a
// request log, kubeconfigs, small helpers.

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createFakeImageApi, type FakeImageApi, type FakeImageApiOptions } from '../../src/index.js'
import { listen, type ListeningServer } from '../../src/adapters/node.js'
import { loadFixtures } from '../../src/fixtures/load.js'
import { kubeconfigFor } from '../../src/cli.js'

export const GROUP = 'image.openshift.io'
export const VERSION = 'v1'
export const IS_PATH = (ns: string) => `/apis/${GROUP}/${VERSION}/namespaces/${ns}/imagestreams`

/** One request as the fake saw it. */
export interface LoggedRequest {
  method: string
  path: string
  query: URLSearchParams
  contentType: string | null
  accept: string | null
  userAgent: string | null
  authorization: string | null
  status: number
}

let fixtureCache: unknown[] | undefined

/** The built-in "default" fixture set (a fresh copy). */
export async function defaultFixtures(): Promise<unknown[]> {
  fixtureCache ??= await loadFixtures('default')
  return structuredClone(fixtureCache)
}

export async function fakeWithFixtures(opts: FakeImageApiOptions = {}): Promise<FakeImageApi> {
  const api = createFakeImageApi({ fixtures: await defaultFixtures(), ...opts })
  await api.ready
  return api
}

export interface Served {
  api: FakeImageApi
  server: ListeningServer
  url: string
  log: LoggedRequest[]
  close(): Promise<void>
}

/** Serve `api` on 127.0.0.1 (a free port), recording every request. */
export async function serveOnLoopback(api: FakeImageApi, tls?: { cert: string; key: string }): Promise<Served> {
  const log: LoggedRequest[] = []
  const recording = {
    closeWatches: () => api.closeWatches(),
    async fetch(request: Request): Promise<Response> {
      const url = new URL(request.url)
      const res = await api.fetch(request)
      log.push({
        method: request.method,
        path: url.pathname,
        query: url.searchParams,
        contentType: request.headers.get('content-type'),
        accept: request.headers.get('accept'),
        userAgent: request.headers.get('user-agent'),
        authorization: request.headers.get('authorization'),
        status: res.status,
      })
      return res
    },
  }
  const server = await listen(recording, { host: '127.0.0.1', port: 0, tls })
  return {
    api,
    server,
    url: server.url,
    log,
    close: async () => {
      api.closeWatches()
      await server.close()
    },
  }
}

/** A kubeconfig object (JSON form of the YAML the CLI writes) for a URL and namespace. */
export function kubeconfigObject(url: string, namespace = 'demo'): Record<string, unknown> {
  return kubeconfigFor({ url, namespace })
}

export function tempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), `oif-${prefix}-`))
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms))
}

/** Poll until `check` returns a truthy value (or throw after `timeoutMs`). */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 10_000, what = 'condition'): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs
  let last: unknown
  for (;;) {
    try {
      const v = await check()
      if (v) return v as NonNullable<T>
    } catch (e) {
      last = e
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`)
    await sleep(50)
  }
}

/** A minimal ImageStream manifest. */
export function imageStream(name: string, tags: Array<{ name: string; from: string }> = [], extra: { labels?: Record<string, string>; annotations?: Record<string, string>; namespace?: string } = {}) {
  return {
    apiVersion: `${GROUP}/${VERSION}`,
    kind: 'ImageStream',
    metadata: {
      name,
      ...(extra.namespace ? { namespace: extra.namespace } : {}),
      ...(extra.labels ? { labels: extra.labels } : {}),
      ...(extra.annotations ? { annotations: extra.annotations } : {}),
    },
    spec: { tags: tags.map((t) => ({ name: t.name, from: { kind: 'DockerImage', name: t.from } })) },
  }
}

/** GET an object straight from the engine (no network). */
export async function getObject(api: FakeImageApi, path: string): Promise<{ status: number; body: any }> {
  const res = await api.fetch(new Request(`http://engine.invalid${path}`))
  return { status: res.status, body: await res.json() }
}
