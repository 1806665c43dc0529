// GET /v2/<ns>/<stream>/tags/list and GET /v2/_catalog (distribution registry/handlers/tags.go and
// catalog.go; openshift/image-registry tagService.All and catalog.go, which lists every ImageStream as
// `<ns>/<name>`): sorted names, paged by `n` and `last`, with a `Link: <…>; rel="next"` header while
// more remain. A bad `n` is 400 PAGINATION_NUMBER_INVALID; tags of a missing stream 404 NAME_UNKNOWN.

import type { ImageStream } from '../image/types.js'
import { getStream, streamTags } from './content.js'
import type { RegistryDeps } from './deps.js'
import { baseHeaders, regError } from './errors.js'

function page(all: string[], url: URL): { items: string[]; link?: string } {
  const nRaw = url.searchParams.get('n')
  const last = url.searchParams.get('last') ?? ''
  let n = -1
  if (nRaw !== null && nRaw !== '') {
    if (!/^\d+$/.test(nRaw)) throw regError('PAGINATION_NUMBER_INVALID', { n: nRaw })
    n = Number(nRaw)
  }
  const sorted = [...all].sort()
  const rest = last ? sorted.filter((t) => t > last) : sorted
  if (n < 0 || rest.length <= n) return { items: n === 0 ? [] : rest }
  const items = rest.slice(0, n)
  const q = new URLSearchParams({ last: items[items.length - 1] ?? last, n: String(n) })
  return { items, link: `<${url.pathname}?${q.toString()}>; rel="next"` }
}

function json(body: unknown, link?: string): Response {
  const text = JSON.stringify(body)
  const headers = baseHeaders({ 'Content-Type': 'application/json', 'Content-Length': String(new TextEncoder().encode(text).length) })
  if (link) headers.set('Link', link)
  return new Response(text, { status: 200, headers })
}

export function listTags(deps: RegistryDeps, repo: string, ns: string, name: string, url: URL): Response {
  const stream = getStream(deps, ns, name)
  if (!stream) throw regError('NAME_UNKNOWN', { name: repo })
  const { items, link } = page([...streamTags(stream).keys()], url)
  return json({ name: repo, tags: items }, link)
}

export function catalog(deps: RegistryDeps, url: URL): Response {
  const names = (deps.store.list('imagestreams') as ImageStream[]).map((s) => `${s.metadata.namespace}/${s.metadata.name}`)
  const { items, link } = page(names, url)
  return json({ repositories: items }, link)
}
