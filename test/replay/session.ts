// A scripted session against a fake with a virtual clock and a seed. Prints every response (status,
// headers, body) and the full bytes of a watch stream as one JSON document on stdout. Run twice in two
// processes by test/replay.test.ts, which compares the outputs byte for byte.
//
//   node --import tsx test/replay/session.ts [seed]

import { createFakeImageApi } from '../../src/index.js'
import { buildImage } from '../../src/fixtures/image.js'

const seed = process.argv[2] ?? 'replay'
const BASE = 'http://replay.local'
const NS = '/apis/image.openshift.io/v1/namespaces/openshift'
const registry = {
  defaults: false,
  registries: { 'quay.io': { repositories: { 'team/app': { tags: { '1': buildImage({ seed: 'replay app 1' }), latest: buildImage({ seed: 'replay app latest' }) } } } } },
}
const api = createFakeImageApi({ clock: 'virtual', seed, fixtures: 'openshift-samples', remoteRegistry: registry, watch: { bookmarkIntervalMs: 3600_000 } })
await api.ready

const transcript: Array<{ step: string; status: number; headers: [string, string][]; body: string }> = []
async function send(step: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<void> {
  const init: RequestInit = { method, headers: { ...headers } }
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body)
    ;(init.headers as Record<string, string>)['content-type'] ??= 'application/json'
  }
  const res = await api.fetch(new Request(BASE + path, init))
  transcript.push({ step, status: res.status, headers: [...res.headers], body: await res.text() })
}

// A watch over the whole session, from the fixtures' resourceVersion, with bookmarks.
const list = await api.fetch(new Request(`${BASE}${NS}/imagestreams`))
const rv = ((await list.json()) as { metadata: { resourceVersion: string } }).metadata.resourceVersion
const watchRes = await api.fetch(new Request(`${BASE}${NS}/imagestreams?watch=true&allowWatchBookmarks=true&timeoutSeconds=${2 * 86400 + 4000}&resourceVersion=${rv}`))
const reader = watchRes.body!.getReader()
const chunks: Uint8Array[] = []
const pumped = (async () => {
  for (;;) {
    const r = await reader.read()
    if (r.done) return
    chunks.push(r.value)
  }
})()

await send('list', 'GET', `${NS}/imagestreams`)
await send('create', 'POST', `${NS}/imagestreams`, { apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name: 'my-app', labels: { app: 'my-app' } } })
await send('generateName', 'POST', `${NS}/imagestreams`, { apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { generateName: 'tmp' } })
await api.clock.advance(5 * 60_000)
await send('merge patch', 'PATCH', `${NS}/imagestreams/my-app`, { metadata: { annotations: { owner: 'team-a' } } }, { 'content-type': 'application/merge-patch+json' })
await send('json patch', 'PATCH', `${NS}/imagestreams/my-app`, [{ op: 'add', path: '/spec/tags', value: [{ name: 'v1', from: { kind: 'DockerImage', name: 'quay.io/team/app:1' } }] }], {
  'content-type': 'application/json-patch+json',
})
// The import controller imports the new spec tag after its quiet period: driven by the virtual clock.
await api.clock.advance(1000)
await send('after import', 'GET', `${NS}/imagestreams/my-app`)
await send('istag', 'GET', `${NS}/imagestreamtags/my-app:v1`)
await send('import', 'POST', `${NS}/imagestreamimports`, {
  apiVersion: 'image.openshift.io/v1',
  kind: 'ImageStreamImport',
  metadata: { name: 'my-app' },
  spec: { import: true, images: [{ from: { kind: 'DockerImage', name: 'quay.io/team/app:latest' }, to: { name: 'latest' } }] },
})
await api.clock.advance(2 * 24 * 3600_000)
await send('table', 'GET', `${NS}/imagestreams`, undefined, { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' })
await send('yaml', 'GET', `${NS}/imagestreams/my-app`, undefined, { accept: 'application/yaml' })
await send('delete', 'DELETE', `${NS}/imagestreams/my-app`)
await send('namespace', 'POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'late' } })
await api.clock.advance(2 * 60 * 60_000) // more bookmarks, and the watch's timeout
await pumped
const watchBytes = Buffer.concat(chunks).toString('utf8')
process.stdout.write(JSON.stringify({ transcript, watch: watchBytes, now: api.clock.now() }))
