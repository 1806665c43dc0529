// A real @kubernetes/client-node 1.4.0 informer (makeInformer + ListWatch, node-fetch → http.ClientRequest)
// living on the fake through `api.handlers` + msw `setupServer`: list, watch, updates, a forced 410
// (small eventWindow, and store.compact()) → relist → caught up, informer cache equal to the store, and
// a clean stop. No network: every request to BASE is answered in-process; anything else is an error.

import * as k8s from '@kubernetes/client-node'
import { http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createFakeImageApi, type FakeImageApi } from '../src/index.js'

const BASE = 'http://127.0.0.1:18099' // nothing listens there; msw answers everything
const NS = 'demo'
const PATH = `/apis/image.openshift.io/v1/namespaces/${NS}/imagestreams`

function kubeConfig(): k8s.KubeConfig {
  const kc = new k8s.KubeConfig()
  kc.loadFromOptions({
    clusters: [{ name: 'fake', server: BASE, skipTLSVerify: true }],
    users: [{ name: 'dev', token: 'sha256~FAKE' }],
    contexts: [{ name: 'fake', cluster: 'fake', user: 'dev', namespace: NS }],
    currentContext: 'fake',
  })
  return kc
}

async function waitFor(cond: () => boolean, what: string, ms = 5000): Promise<void> {
  const t0 = Date.now()
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 5))
  }
}

async function write(api: FakeImageApi, method: string, path: string, body?: unknown): Promise<any> {
  const res = await api.fetch(
    new Request(BASE + path, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined }),
  )
  const json = await res.json()
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${json.message}`)
  return json
}

const stream = (name: string, labels?: Record<string, string>) => ({
  apiVersion: 'image.openshift.io/v1',
  kind: 'ImageStream',
  metadata: { name, labels },
  spec: {},
})

/** name → resourceVersion of what the store holds, and of what the informer's cache holds. */
function storeState(api: FakeImageApi): Record<string, string> {
  return Object.fromEntries(api.store.list('imagestreams', NS).map((o) => [o.metadata.name!, o.metadata.resourceVersion!]))
}
function cacheState(inf: k8s.ObjectCache<k8s.KubernetesObject>): Record<string, string> {
  return Object.fromEntries(
    inf
      .list(NS)
      .map((o) => [o.metadata!.name!, o.metadata!.resourceVersion!] as const)
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  )
}

describe('@kubernetes/client-node 1.4.0 informer on the fake (msw setupServer)', () => {
  let api: FakeImageApi
  const requests: string[] = []
  // Holds the informer's watch requests while `gate` is set (to make its resourceVersion expire).
  let gate: Promise<void> | undefined
  const server = setupServer()
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
  afterAll(() => server.close())
  afterEach(async () => {
    server.resetHandlers()
    requests.length = 0
    await api.reset()
  })
  server.events.on('request:start', ({ request }) => {
    const u = new URL(request.url)
    requests.push(`${u.searchParams.get('watch') ? 'WATCH' : 'LIST'} rv=${u.searchParams.get('resourceVersion') ?? ''}`)
  })

  let others = 0 // store listeners that are not watches (the import controller)
  function setup(eventWindow?: number) {
    api = createFakeImageApi({ baseUrl: BASE, eventWindow })
    others = api.store.listenerCount
    server.use(
      http.get(`${BASE}${PATH}`, async ({ request }) => {
        if (new URL(request.url).searchParams.get('watch') && gate) await gate
        return undefined // fall through to api.handlers
      }),
      ...api.handlers,
    )
    const kc = kubeConfig()
    const custom = kc.makeApiClient(k8s.CustomObjectsApi)
    const listFn = () =>
      custom.listNamespacedCustomObject({ group: 'image.openshift.io', version: 'v1', namespace: NS, plural: 'imagestreams' }) as Promise<
        k8s.KubernetesListObject<k8s.KubernetesObject>
      >
    const informer = k8s.makeInformer(kc, PATH, listFn)
    const seen: string[] = []
    const errors: unknown[] = []
    informer.on('add', (o) => seen.push(`add ${o.metadata!.name}`))
    informer.on('update', (o) => seen.push(`update ${o.metadata!.name}`))
    informer.on('delete', (o) => seen.push(`delete ${o.metadata!.name}`))
    informer.on('error', (e) => errors.push(e))
    return { informer, seen, errors, custom }
  }

  const expire = async (how: 'window' | 'compact') => {
    // Hold the informer's next watch, end its current one, and make its RV too old meanwhile.
    let open!: () => void
    gate = new Promise<void>((r) => (open = r))
    const watchesBefore = requests.filter((r) => r.startsWith('WATCH')).length
    api.closeWatches()
    await waitFor(() => requests.filter((r) => r.startsWith('WATCH')).length > watchesBefore, 'the informer to re-watch')
    for (let i = 0; i < 8; i++) await write(api, 'POST', PATH, stream(`bulk-${how}-${i}`))
    if (how === 'compact') api.store.compact()
    gate = undefined
    open()
  }

  for (const how of ['window', 'compact'] as const) {
    it(`lists, watches, follows updates, relists after a forced 410 (${how}) and ends equal to the store`, async () => {
      const { informer, seen, errors, custom } = setup(how === 'window' ? 5 : undefined)
      for (const n of ['a', 'b', 'c']) await write(api, 'POST', PATH, stream(n))
      await informer.start()
      await waitFor(() => informer.list(NS).length === 3 && api.server.watchers.size === 1, 'initial list + watch')
      expect(requests.slice(0, 2)).toEqual(['LIST rv=', `WATCH rv=${api.store.resourceVersion}`])

      // Updates through the fake (and one through client-node itself).
      await write(api, 'POST', PATH, stream('d'))
      const a = await write(api, 'GET', `${PATH}/a`)
      await write(api, 'PUT', `${PATH}/a`, { ...a, metadata: { ...a.metadata, labels: { tier: 'gold' } } })
      await write(api, 'DELETE', `${PATH}/b`)
      await custom.createNamespacedCustomObject({ group: 'image.openshift.io', version: 'v1', namespace: NS, plural: 'imagestreams', body: stream('e') })
      await waitFor(() => JSON.stringify(cacheState(informer)) === JSON.stringify(storeState(api)), 'cache = store after updates')
      expect(seen).toEqual(['add a', 'add b', 'add c', 'add d', 'update a', 'delete b', 'add e'])
      expect(informer.get('a', NS)!.metadata!.labels).toEqual({ tier: 'gold' })

      // Forced 410: the informer re-watches with an expired RV, gets 200 + ERROR 410 + end, relists.
      const listsBefore = requests.filter((r) => r.startsWith('LIST')).length
      await expire(how)
      await waitFor(() => requests.filter((r) => r.startsWith('LIST')).length > listsBefore, 'the relist after 410')
      await waitFor(() => api.server.watchers.size === 1 && JSON.stringify(cacheState(informer)) === JSON.stringify(storeState(api)), 'cache = store after relist')
      const tail = requests.slice(requests.lastIndexOf('LIST rv='))
      expect(tail[0]).toBe('LIST rv=')
      expect(tail[1]).toMatch(/^WATCH rv=\d+$/)

      // Still live after the relist.
      await write(api, 'DELETE', `${PATH}/c`)
      await write(api, 'POST', PATH, stream('z'))
      await waitFor(() => JSON.stringify(cacheState(informer)) === JSON.stringify(storeState(api)), 'cache = store at the end')
      expect(Object.keys(cacheState(informer))).toContain('z')
      expect(errors).toEqual([])

      // Stop. client-node 1.4.0 reports its own abort as an error (kubernetes-client/javascript src/cache.ts).
      await informer.stop()
      await waitFor(() => errors.length > 0, 'the AbortError callback')
      expect(String((errors[0] as Error).name ?? errors[0])).toMatch(/AbortError/)
      // msw's ClientRequest interceptor gives the handler no abort signal and never cancels the mocked
      // body, so the fake cannot see this client go (@mswjs/interceptors' ClientRequest interceptor): its
      // watcher stays until the watch times out or is closed. closeWatches()/reset() release it with
      // everything it holds.
      expect(api.server.watchers.size).toBe(1)
      api.closeWatches()
      expect(api.server.watchers.size).toBe(0)
      expect(api.store.listenerCount).toBe(others)
      const after = requests.length
      await new Promise((r) => setTimeout(r, 50))
      expect(requests.length).toBe(after) // the stopped informer does not come back
    })
  }
})
