// `serve --control`: an HTTP API for tests written in any language, under `/.fake/` — a path the
// Kubernetes API never serves (every Kubernetes path starts with /api, /apis, /openapi, /version,
// /healthz, /livez, /readyz, /metrics, /logs or /.well-known), so it cannot shadow a real endpoint.
// Each endpoint is a thin call of the public API (api.reset(), api.snapshot(), api.restore(),
// api.seed(), api.settle(), api.inject(), api.requests, api.registry); see docs/control-api.md.
//
//   GET    /.fake/                      the endpoints
//   POST   /.fake/reset                 api.reset()
//   GET    /.fake/snapshot              api.snapshot()
//   POST   /.fake/restore               api.restore(<body: a snapshot>)
//   POST   /.fake/seed                  api.seed(<body: JSON or YAML objects, a List, or multi-document YAML>)
//   POST   /.fake/settle[?scheduled=true]  api.settle()
//   GET    /.fake/faults                the faults injected here
//   POST   /.fake/faults                api.inject(<body: a FaultSpec in JSON>) → { id, hits, active }
//   DELETE /.fake/faults[/<id>]         remove one (or every) fault injected here
//   GET    /.fake/requests[?since=<seq>&limit=<n>]   api.requests
//   POST   /.fake/registry/publish      api.registry.publish(ref, spec)
//   POST   /.fake/registry/untag        api.registry.untag(ref)
//   POST   /.fake/registry/configure    api.registry.configureRegistry(host, …) / configureRepository(repository, …)
//   GET    /.fake/registry/resolve?ref= api.registry.resolve(ref)
//   GET    /.fake/clock                 api.clock: { mode, now }
//   POST   /.fake/clock/advance         api.clock.advance(ms) (serve --clock virtual)
//   POST   /.fake/clock/set             api.clock.set(time) (serve --clock virtual)

import { parseAllDocuments } from 'yaml'
import type { FakeImageApi, FaultSpec, InjectedFault, StoreSnapshot } from '../index.js'
import { arrayOf, bool, ConfigError, either, int, isPlain, oneOf, recordOf, shape, str, type Check } from './check.js'
import { remoteRegistryCheck } from './config.js'
import type { RegistryJournal } from './registry-journal.js'

export const CONTROL_PREFIX = '/.fake/'

export interface ControlApiOptions {
  /** Remote-registry changes go through it (so the state file can replay them). */
  journal: RegistryJournal
  /**
   * Called after a change the store does not announce: `replaced` (reset, restore: the content was
   * replaced) or not (the clock moved, the registry changed). The state file is written.
   */
  onChange?(replaced: boolean): void
}

type Handler = (req: Request, url: URL) => Promise<Response>

class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

const json = (status: number, body: unknown): Response =>
  new Response(JSON.stringify(body, (_k, v: unknown) => (v instanceof RegExp ? { regexp: v.source } : v === Infinity ? 'Infinity' : v)), {
    status,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
  })

async function bodyText(req: Request): Promise<string> {
  return req.body === null ? '' : await req.text()
}

async function bodyJson(req: Request): Promise<unknown> {
  const text = await bodyText(req)
  if (!text.trim()) throw new ControlError(400, 'a JSON body is required')
  try {
    return JSON.parse(text)
  } catch (e) {
    throw new ControlError(400, `the body is not valid JSON: ${(e as Error).message}`)
  }
}

/** Seed bodies: JSON (an object, a list, a List) or YAML (one or more documents). */
async function bodyObjects(req: Request): Promise<unknown[]> {
  const text = await bodyText(req)
  if (!text.trim()) throw new ControlError(400, 'a body with objects is required (JSON or YAML)')
  const type = req.headers.get('content-type') ?? ''
  try {
    if (type.includes('json') || /^\s*[[{]/.test(text)) {
      const v = JSON.parse(text) as unknown
      return Array.isArray(v) ? v : [v]
    }
    const docs = parseAllDocuments(text)
    const list = Array.isArray(docs) ? docs : [docs]
    const out: unknown[] = []
    for (const d of list) {
      if (d.errors.length) throw new Error(d.errors[0]!.message)
      const v = d.toJS() as unknown
      if (v === null || v === undefined) continue
      if (Array.isArray(v)) out.push(...(v as unknown[]))
      else out.push(v)
    }
    return out
  } catch (e) {
    throw new ControlError(400, `the body is not valid JSON or YAML: ${(e as Error).message.split('\n')[0]}`)
  }
}

// ---- faults in JSON: a RegExp is written { "regexp": "…" }, a delay that never ends "Infinity" --------

const regexpOrString: Check<string | RegExp> = (v, p) => {
  if (typeof v === 'string') return v
  const r = shape<{ regexp: string }>({ regexp: str })(v, p)
  try {
    return new RegExp(r.regexp)
  } catch (e) {
    throw new ConfigError(`${p}.regexp`, (e as Error).message)
  }
}
const strings = either(str, arrayOf(str))
const match = shape({
  method: strings,
  path: regexpOrString,
  verb: strings,
  resource: strings,
  subresource: str,
  group: str,
  namespace: str,
  name: str,
  query: recordOf(either((v, p) => (v === true ? true : regexpOrString(v, p)), regexpOrString)),
  watch: bool,
  websocket: bool,
})
const delay: Check<number> = (v, p) => (v === 'Infinity' ? Infinity : int(0)(v, p))
const faultSpec: Check<FaultSpec> = shape<FaultSpec>({
  match,
  status: int(100, 599),
  message: str,
  retryAfter: int(0),
  body: (v) => v,
  headers: recordOf(str),
  delay,
  dropWatch: either(bool, shape({ afterEvents: int(0), afterMs: int(0), mode: oneOf('end', 'error') })),
  times: int(1),
})

export interface ControlApi {
  /** Answer a `/.fake/…` request. */
  fetch(request: Request): Promise<Response>
}

export function createControlApi(api: FakeImageApi, opts: ControlApiOptions): ControlApi {
  const faults = new Map<number, { spec: FaultSpec; fault: InjectedFault }>()
  let nextFault = 1
  const changed = (replaced = true) => opts.onChange?.(replaced)
  const faultView = (id: number, f: { spec: FaultSpec; fault: InjectedFault }) => ({ id, spec: f.spec, hits: f.fault.hits, active: f.fault.active })
  const check = <T>(c: Check<T>, v: unknown): T => {
    try {
      return c(v, '')
    } catch (e) {
      throw new ControlError(400, (e as Error).message)
    }
  }
  const clockView = () => ({ mode: api.clock.mode, now: new Date(api.clock.now()).toISOString() })
  /** Only a virtual clock moves: on the real one the fake refuses (409), naming the flag. */
  const moveClock = async (move: () => Promise<void>) => {
    if (api.clock.mode !== 'virtual') {
      throw new ControlError(409, `the server runs on the ${api.clock.mode === 'real' ? 'real' : 'supplied'} clock: start it with --clock virtual (or clock: virtual in its config) to move time`)
    }
    await move()
    changed(false)
  }
  const refOf = (body: unknown): string => {
    if (!isPlain(body) || typeof body.ref !== 'string' || !body.ref) throw new ControlError(400, 'ref: required (e.g. "quay.io/team/app:1.0")')
    return body.ref
  }

  const ROUTES: Record<string, Partial<Record<string, Handler>>> = {
    '': { GET: async () => json(200, { endpoints: Object.keys(ROUTES).map((r) => `${CONTROL_PREFIX}${r}`) }) },
    reset: {
      POST: async () => {
        await api.reset()
        faults.clear()
        opts.journal.clear()
        changed()
        return json(200, { reset: true })
      },
    },
    snapshot: { GET: async () => json(200, api.snapshot()) },
    restore: {
      POST: async (req) => {
        const s = await bodyJson(req)
        if (!isPlain(s) || !Number.isSafeInteger(s.rv) || !isPlain(s.objects) || !Object.values(s.objects).every(Array.isArray)) {
          throw new ControlError(400, 'the body must be a snapshot: { "rv": <number>, "objects": { "<resource>": [...] } } (as GET /.fake/snapshot returns)')
        }
        await api.restore(s as unknown as StoreSnapshot)
        changed()
        return json(200, { restored: true, rv: s.rv })
      },
    },
    seed: {
      POST: async (req) => {
        const objects = await bodyObjects(req)
        try {
          await api.seed(objects)
        } catch (e) {
          throw new ControlError(400, (e as Error).message)
        }
        return json(201, { seeded: true })
      },
    },
    settle: {
      POST: async (_req, url) => {
        await api.settle({ scheduled: url.searchParams.get('scheduled') === 'true' })
        return json(200, { settled: true })
      },
    },
    clock: { GET: async () => json(200, clockView()) },
    'clock/advance': {
      POST: async (req, url) => {
        const q = url.searchParams.get('ms')
        const body = q === null ? await bodyJson(req) : { ms: Number(q) }
        const ms = isPlain(body) ? body.ms : undefined
        if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) throw new ControlError(400, `ms: must be a number of milliseconds ≥ 0, not ${JSON.stringify(ms)}`)
        await moveClock(() => api.clock.advance(ms))
        return json(200, clockView())
      },
    },
    'clock/set': {
      POST: async (req) => {
        const body = await bodyJson(req)
        const time = isPlain(body) ? body.time : undefined
        if (!((typeof time === 'string' && !Number.isNaN(Date.parse(time))) || (typeof time === 'number' && Number.isFinite(time)))) {
          throw new ControlError(400, `time: must be an RFC 3339 time (e.g. "2026-01-02T00:00:00Z") or milliseconds since 1970, not ${JSON.stringify(time)}`)
        }
        await moveClock(() => api.clock.set(time))
        return json(200, clockView())
      },
    },
    faults: {
      GET: async () => json(200, { items: [...faults].map(([id, f]) => faultView(id, f)) }),
      POST: async (req) => {
        const spec = check(faultSpec, await bodyJson(req))
        const id = nextFault++
        const entry = { spec, fault: api.inject(spec) }
        faults.set(id, entry)
        return json(201, faultView(id, entry))
      },
      DELETE: async () => {
        for (const f of faults.values()) f.fault.remove()
        faults.clear()
        return json(200, { removed: true })
      },
    },
    requests: {
      GET: async (_req, url) => {
        const since = Number(url.searchParams.get('since') ?? 0)
        const limit = Number(url.searchParams.get('limit') ?? 0)
        if (!Number.isSafeInteger(since) || !Number.isSafeInteger(limit) || limit < 0) throw new ControlError(400, 'since and limit must be whole numbers')
        let items = api.requests.filter((r) => r.seq > since)
        if (limit) items = items.slice(-limit)
        return json(200, { items })
      },
    },
    'registry/publish': {
      POST: async (req) => {
        const body = await bodyJson(req)
        const ref = refOf(body)
        const spec = (body as { spec?: unknown }).spec ?? {}
        // The same checks as a registry fixture file: one repository with this tag.
        check(remoteRegistryCheck, { registries: { x: { repositories: { y: { tags: { t: spec } } } } } })
        const published = opts.journal.apply({ op: 'publish', ref, spec: spec as never }) as { digest: string; mediaType: string } | undefined
        return json(201, { ref, digest: published?.digest ?? null, mediaType: published?.mediaType ?? null })
      },
    },
    'registry/untag': {
      POST: async (req) => {
        const ref = refOf(await bodyJson(req))
        opts.journal.apply({ op: 'untag', ref })
        return json(200, { ref, untagged: true })
      },
    },
    'registry/configure': {
      POST: async (req) => {
        const body = await bodyJson(req)
        if (!isPlain(body)) throw new ControlError(400, 'the body must be { "host": …, <registry settings> } or { "repository": …, <repository settings> }')
        const { host, repository, ...patch } = body
        if (typeof host === 'string' && host && repository === undefined) {
          check(shape({ httpOnly: bool, insecure: bool, blocked: bool, notV2: bool, error: str, auth: shape({ username: str, password: str }) }), patch)
          opts.journal.apply({ op: 'configureRegistry', host, patch })
        } else if (typeof repository === 'string' && repository && host === undefined) {
          check(shape({ error: str, auth: shape({ username: str, password: str }) }), patch)
          opts.journal.apply({ op: 'configureRepository', repository, patch })
        } else throw new ControlError(400, 'give either "host" (a registry) or "repository" (host/path), not both')
        return json(200, { configured: true })
      },
    },
    'registry/resolve': {
      GET: async (_req, url) => {
        const ref = url.searchParams.get('ref')
        if (!ref) throw new ControlError(400, 'ref: required (?ref=quay.io/team/app:1.0)')
        const digest = api.registry.resolve(ref)
        return digest ? json(200, { ref, digest }) : json(404, { error: `${ref} does not resolve (no such tag, or it fails)` })
      },
    },
  }

  return {
    async fetch(request) {
      const url = new URL(request.url)
      let route = url.pathname.slice(CONTROL_PREFIX.length).replace(/\/$/, '')
      let id: number | undefined
      const m = /^faults\/(\d+)$/.exec(route)
      if (m) {
        route = 'faults/<id>'
        id = Number(m[1])
      }
      try {
        if (route === 'faults/<id>') {
          const f = faults.get(id!)
          if (!f) return json(404, { error: `no fault ${id}` })
          if (request.method === 'GET') return json(200, faultView(id!, f))
          if (request.method === 'DELETE') {
            f.fault.remove()
            faults.delete(id!)
            return json(200, { removed: true, id })
          }
          return json(405, { error: `${request.method} is not allowed here (GET, DELETE)` })
        }
        const methods = Object.hasOwn(ROUTES, route) ? ROUTES[route]! : undefined
        if (!methods) return json(404, { error: `no control endpoint ${url.pathname} (GET ${CONTROL_PREFIX} lists them)` })
        const handler = methods[request.method]
        if (!handler) return json(405, { error: `${request.method} is not allowed here (${Object.keys(methods).join(', ')})` })
        return await handler(request, url)
      } catch (e) {
        if (e instanceof ControlError) return json(e.status, { error: e.message })
        return json(500, { error: e instanceof Error ? e.message : String(e) })
      }
    },
  }
}
