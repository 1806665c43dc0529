// The page the browser test opens: the fake runs in the page, msw's service worker (setupWorker) hands
// it the page's fetches and msw's `ws` interception its WebSockets, with the console's request shapes
// (`/api/kubernetes` prefix, limit=250 paging, PartialObjectMetadataList, fieldSelector=metadata.name
// single-object watches, WebSocket watch URLs). Each scenario returns what it saw; the Node side asserts.

import { setupWorker } from 'msw/browser'
import { createFakeImageApi } from '../../../src/index.js'

const CONSOLE = '/api/kubernetes'
const G = `${CONSOLE}/apis/image.openshift.io/v1`
const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' }

const api = createFakeImageApi({ fixtures: 'openshift-samples', basePaths: [CONSOLE] })
const worker = setupWorker(...api.handlers)

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(path, { method, headers: { ...JSON_HEADERS, ...headers }, body: body === undefined ? undefined : JSON.stringify(body) })
  const text = await res.text()
  let parsed: any
  try {
    parsed = JSON.parse(text)
  } catch {
    parsed = text
  }
  return { status: res.status, body: parsed, headers: res.headers }
}

const stream = (name: string, ref = `quay.io/example/${name}:1.0`) => ({
  apiVersion: 'image.openshift.io/v1',
  kind: 'ImageStream',
  metadata: { name },
  spec: { tags: [{ name: 'latest', from: { kind: 'DockerImage', name: ref } }] },
})

/** Read newline-delimited events from a fetch watch until `until` holds. */
async function readEvents(res: Response, until: (evs: any[]) => boolean, timeoutMs = 3000): Promise<any[]> {
  const reader = res.body!.getReader()
  const dec = new TextDecoder()
  const events: any[] = []
  let buf = ''
  const deadline = Date.now() + timeoutMs
  try {
    while (!until(events)) {
      const left = deadline - Date.now()
      if (left <= 0) throw new Error(`watch: timed out with events ${JSON.stringify(events.map((e) => e.type))}`)
      const r = await Promise.race([reader.read(), new Promise<never>((_, rej) => setTimeout(() => rej(new Error('watch: timed out waiting for a chunk')), left))])
      if (r.done) break
      buf += dec.decode(r.value, { stream: true })
      let i: number
      while ((i = buf.indexOf('\n')) >= 0) {
        events.push(JSON.parse(buf.slice(0, i)))
        buf = buf.slice(i + 1)
      }
    }
  } finally {
    await reader.cancel().catch(() => {})
  }
  return events
}

interface SocketResult {
  frames: string[]
  closeCode?: number
  error: boolean
}

/** Open a WebSocket watch; `during` runs once it is open; resolves when `until` holds or the socket closes. */
function socketWatch(path: string, until: (frames: string[]) => boolean, during?: () => Promise<unknown>, timeoutMs = 3000): Promise<SocketResult> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://${location.host}${path}`)
    const out: SocketResult = { frames: [], error: false }
    const timer = setTimeout(() => {
      ws.close()
      reject(new Error(`websocket: timed out with ${out.frames.length} frames`))
    }, timeoutMs)
    const done = () => {
      clearTimeout(timer)
      resolve(out)
    }
    ws.onopen = () => void during?.()
    ws.onerror = () => (out.error = true)
    ws.onmessage = (m) => {
      out.frames.push(String(m.data))
      if (until(out.frames)) {
        ws.close()
        done()
      }
    }
    ws.onclose = (e) => {
      out.closeCode = e.code
      done()
    }
  })
}

const names = (frames: string[]) => frames.map((f) => {
  const e = JSON.parse(f)
  return `${e.type} ${e.object.metadata.name ?? ''}`.trim()
})

const hex = (buf: ArrayBuffer) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('')
const webDigest = async (s: string) => `sha256:${hex(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(s)))}`

const scenarios = {
  async crud() {
    const url = `${G}/namespaces/demo/imagestreams`
    const created = await call('POST', url, stream('web'))
    const got = await call('GET', `${url}/web`)
    const obj = got.body
    const updated = await call('PUT', `${url}/web`, { ...obj, metadata: { ...obj.metadata, labels: { app: 'web' } } })
    const stale = await call('PUT', `${url}/web`, { ...obj, metadata: { ...obj.metadata, labels: { app: 'stale' } } })
    const patched = await call('PATCH', `${url}/web`, { metadata: { labels: { tier: 'frontend' } } }, { 'content-type': 'application/merge-patch+json' })
    const deleted = await call('DELETE', `${url}/web`)
    const gone = await call('GET', `${url}/web`)
    return {
      statuses: [created.status, got.status, updated.status, stale.status, patched.status, deleted.status, gone.status],
      repository: created.body.status.dockerImageRepository,
      labels: patched.body.metadata.labels,
      staleReason: stale.body.reason,
      goneMessage: gone.body.message,
    }
  },

  async paging() {
    // The console: limit=250 pages, following `continue`, every page at the same resourceVersion.
    const pages: Array<{ count: number; rv: string; cont: boolean }> = []
    const all: string[] = []
    let cont = ''
    do {
      const q = new URLSearchParams({ limit: '20' })
      if (cont) q.set('continue', cont)
      const page = await call('GET', `${G}/images?${q}`)
      pages.push({ count: page.body.items.length, rv: page.body.metadata.resourceVersion, cont: !!page.body.metadata.continue })
      all.push(...page.body.items.map((i: any) => i.metadata.name))
      cont = page.body.metadata.continue ?? ''
    } while (cont)
    const console250 = await call('GET', `${G}/namespaces/openshift/imagestreams?limit=250`)
    const meta = await call('GET', `${G}/namespaces/openshift/imagestreams?limit=250`, undefined, {
      accept: 'application/json;as=PartialObjectMetadataList;v=v1beta1;g=meta.k8s.io,application/json',
    })
    return {
      pages,
      total: all.length,
      unique: new Set(all).size,
      sorted: [...all].sort().join() === all.join(),
      console250: { count: console250.body.items.length, cont: console250.body.metadata.continue ?? null },
      partial: { kind: meta.body.kind, apiVersion: meta.body.apiVersion, itemKind: meta.body.items[0].kind, itemKeys: Object.keys(meta.body.items[0]).sort(), count: meta.body.items.length },
    }
  },

  async errors() {
    const invalid = await call('POST', `${G}/namespaces/demo/imagestreams`, stream('Bad_Name'))
    const unknown = await call('GET', `${G}/namespaces/demo/nosuchthings`)
    const fault = api.inject({ match: { verb: 'list', resource: 'imagestreams' }, status: 429, retryAfter: 2, times: 1 })
    const limited = await call('GET', `${G}/namespaces/openshift/imagestreams?limit=250`)
    const retried = await call('GET', `${G}/namespaces/openshift/imagestreams?limit=250`)
    api.inject({ match: { verb: 'get', name: 'nodejs' }, delay: Infinity, times: 1 })
    let timeout = ''
    try {
      await fetch(`${G}/namespaces/openshift/imagestreams/nodejs`, { signal: AbortSignal.timeout(150) })
      timeout = 'answered'
    } catch (e) {
      timeout = (e as Error).name
    }
    const recorded = api.requests.filter((r) => r.fault).map((r) => `${r.fault} ${r.status ?? '-'}`)
    return {
      invalid: { status: invalid.status, reason: invalid.body.reason, field: invalid.body.details?.causes?.[0]?.field },
      unknown: { status: unknown.status, message: unknown.body.message },
      limited: { status: limited.status, retryAfter: limited.headers.get('retry-after'), reason: limited.body.reason, hits: fault.hits },
      retried: retried.status,
      timeout,
      recorded,
    }
  },

  async httpWatch() {
    const list = await call('GET', `${G}/namespaces/openshift/imagestreams?limit=250`)
    const rv = list.body.metadata.resourceVersion
    const res = await fetch(`${G}/namespaces/openshift/imagestreams?watch=true&resourceVersion=${rv}`)
    setTimeout(() => void call('POST', `${G}/namespaces/openshift/imagestreams`, stream('watched')), 50)
    const events = await readEvents(res, (evs) => evs.some((e) => e.object.metadata.name === 'watched'))
    // A single object, as the console's detail pages watch it.
    const one = await fetch(`${G}/namespaces/openshift/imagestreams?watch=true&fieldSelector=${encodeURIComponent('metadata.name=watched')}`)
    setTimeout(() => void call('PATCH', `${G}/namespaces/openshift/imagestreams/watched`, { metadata: { labels: { seen: 'yes' } } }, { 'content-type': 'application/merge-patch+json' }), 50)
    const single = await readEvents(one, (evs) => evs.length >= 2)
    return {
      status: res.status,
      contentType: res.headers.get('content-type'),
      events: events.map((e) => `${e.type} ${e.object.metadata.name}`),
      single: single.map((e) => `${e.type} ${e.object.metadata.name} ${e.object.metadata.labels?.seen ?? ''}`.trim()),
    }
  },

  async wsWatch() {
    const firstSeq = (api.requests.at(-1)?.seq ?? 0) + 1
    const list = await call('GET', `${G}/namespaces/openshift/imagestreams?limit=250`)
    const rv = list.body.metadata.resourceVersion
    const nsWatch = await socketWatch(
      `${G}/namespaces/openshift/imagestreams?watch=true&resourceVersion=${rv}`,
      (f) => f.length >= 1,
      () => call('POST', `${G}/namespaces/openshift/imagestreams`, stream('over-ws')),
    )
    const single = await socketWatch(`${G}/namespaces/openshift/imagestreams?watch=true&fieldSelector=${encodeURIComponent('metadata.name=nodejs')}`, (f) => f.length >= 1)
    // A dropped watch stream: the socket ends cleanly after the initial event; the console reconnects.
    api.inject({ match: { verb: 'watch', name: 'python' }, dropWatch: true, times: 1 })
    const pyUrl = `${G}/namespaces/openshift/imagestreams?watch=true&fieldSelector=${encodeURIComponent('metadata.name=python')}`
    const dropped = await socketWatch(pyUrl, () => false)
    const reconnected = await socketWatch(pyUrl, (f) => f.length >= 1)
    // A watch refused by the server (injected 500): the browser sees an error and an abnormal close.
    api.inject({ match: { verb: 'watch', name: 'ruby' }, status: 500, times: 1 })
    const refused = await socketWatch(`${G}/namespaces/openshift/imagestreams?watch=true&fieldSelector=${encodeURIComponent('metadata.name=ruby')}`, () => false)
    const wsRequests = api.requests.filter((r) => r.seq >= firstSeq && r.watch && r.path.startsWith(CONSOLE)).length
    return {
      nsWatch: { events: names(nsWatch.frames), endsWithNewline: nsWatch.frames.every((f) => f.endsWith('\n')) },
      single: names(single.frames),
      dropped: { events: names(dropped.frames), closeCode: dropped.closeCode },
      reconnected: names(reconnected.frames),
      refused: { error: refused.error, closeCode: refused.closeCode, frames: refused.frames.length },
      wsRequests,
    }
  },

  async digests() {
    // The fake parses a pushed manifest and config and digests them; Web Crypto checks it got them right.
    const layer = await webDigest('layer contents')
    const config = JSON.stringify({ architecture: 'arm64', os: 'linux', config: { Env: ['A=1'] }, created: '2025-11-01T00:00:00Z', rootfs: { type: 'layers', diff_ids: [layer] } })
    const configDigest = await webDigest(config)
    const manifest = JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      config: { mediaType: 'application/vnd.docker.container.image.v1+json', size: config.length, digest: configDigest },
      layers: [{ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', size: 4242, digest: layer }],
    })
    const name = await webDigest(manifest)
    const created = await call('POST', `${G}/images`, {
      apiVersion: 'image.openshift.io/v1',
      kind: 'Image',
      metadata: { name },
      dockerImageReference: `quay.io/example/app@${name}`,
      dockerImageManifest: manifest,
      dockerImageConfig: config,
    })
    return {
      status: created.status,
      id: created.body.dockerImageMetadata?.Id,
      configDigest,
      architecture: created.body.dockerImageMetadata?.Architecture,
      layers: (created.body.dockerImageLayers ?? []).map((l: any) => l.name),
      layer,
      size: created.body.dockerImageMetadata?.Size,
      expectedSize: config.length + 4242,
    }
  },
}

declare global {
  interface Window {
    __oif: { ready: Promise<void>; scenarios: typeof scenarios }
  }
}

window.__oif = {
  ready: worker
    .start({ serviceWorker: { url: '/mockServiceWorker.js' }, onUnhandledRequest: 'bypass', quiet: true })
    .then(() => api.ready)
    .then(() => {
      document.getElementById('status')!.textContent = 'ready'
    }),
  scenarios,
}
