// api.db: one typed collection per stored kind and read-only views of the tag kinds, all backed by the
// engine. Reads are the API's own list of the kind (every namespace); writes are API requests served by
// `ApiServer.handle` inside one store batch (src/store/batch.ts), so several writes are all-or-nothing.
// They are not recorded in `api.requests` and injected faults do not apply: api.db is the test's hand
// on the data, not a client.

import type { ApiServer } from '../apiserver/server.js'
import { StatusError, type StatusBody } from '../apiserver/errors.js'
import { parseListOptions } from '../apiserver/options.js'
import type { ResourceDef } from '../apiserver/types.js'
import type { UserInfo } from '../apiserver/auth/types.js'
import { batch } from '../store/batch.js'
import { DbCollection, DbView, type CollectionBackend, type Row, type Send } from './collection.js'
import type { Event, Image, ImageStream, ImageStreamTag, ImageTag, Namespace, Secret } from './kinds.js'

/** The User-Agent of api.db's requests, hence the field manager its writes are recorded under. */
export const DB_USER_AGENT = 'openshift-image-fake-db'

/**
 * Who api.db's requests run as: already authenticated (no token needed when `auth` is on) and a member of
 * `system:masters`, whom authorization always allows — api.db is the test's hand, as seeding is.
 */
export const DB_USER: UserInfo = Object.freeze({ name: 'system:openshift-image-fake:db', groups: ['system:masters', 'system:authenticated'] })

/** `api.db`: the stored kinds (read and write) and the tag views (read). */
export interface ImageDatabase {
  readonly images: DbCollection<Image>
  readonly imagestreams: DbCollection<ImageStream>
  readonly namespaces: DbCollection<Namespace>
  readonly secrets: DbCollection<Secret>
  readonly events: DbCollection<Event>
  /** Every ImageStreamTag the API lists (read-only: write through `imagestreams` or the API). */
  readonly imagestreamtags: DbView<ImageStreamTag>
  /** Every ImageTag the API lists (read-only). */
  readonly imagetags: DbView<ImageTag>
}

/** The collection names of `api.db`. */
export type CollectionName = keyof ImageDatabase

const ORIGIN = 'http://openshift-image-fake.invalid'
const NO_OPTIONS = parseListOptions(new URLSearchParams(), false)

export function createDatabase(server: ApiServer, ready: () => Promise<void>): ImageDatabase {
  const def = (group: string, resource: string): ResourceDef => {
    const d = server.resources.find((r) => r.group === group && r.resource === resource)
    if (!d) throw new Error(`api.db: ${resource}.${group} is not registered`)
    return d
  }

  const rowsOf = <T>(d: ResourceDef) => (): readonly T[] => {
    const ctx = server.syntheticContext('')
    const watch = d.storage.watch
    // A stored kind: its objects in storage order, decorated as reads serve them (memoised per object).
    if (watch && watch.resource === d.resource) return server.store.list(d.resource).map((o) => watch.decorate(o, ctx)) as unknown as T[]
    const result = d.storage.list!(ctx, NO_OPTIONS)
    if (result instanceof Promise) throw new Error(`api.db: ${d.resource} lists asynchronously`)
    return result.items as unknown as T[]
  }

  const write = async <R>(fn: (send: Send) => Promise<R>): Promise<R> => {
    await ready()
    return batch(server.store, (view) =>
      fn(async (method, path, body) => {
        const headers: Record<string, string> = { accept: 'application/json', 'user-agent': DB_USER_AGENT }
        if (body !== undefined) headers['content-type'] = 'application/json'
        const req = new Request(`${ORIGIN}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
        const res = await server.handle(req, DB_USER, view)
        const text = await res.text()
        let parsed: unknown
        try {
          parsed = text ? JSON.parse(text) : undefined
        } catch {
          throw new Error(`api.db: ${method} ${path}: ${res.status} ${text}`)
        }
        if (res.status >= 400) throw new StatusError(res.status, parsed as StatusBody)
        return parsed
      }),
    )
  }

  const collection = <T extends Row>(group: string, resource: string): DbCollection<T> => {
    const d = def(group, resource)
    const gv = group ? `${group}/${d.version}` : d.version
    const prefix = group ? `/apis/${gv}` : `/api/${gv}`
    const backend: CollectionBackend<T> = { rows: rowsOf<T>(d), write }
    return new DbCollection<T>(backend, {
      kind: d.kind,
      apiVersion: gv,
      namespaced: d.namespaced,
      collection: (ns) => (d.namespaced ? `${prefix}/namespaces/${encodeURIComponent(ns)}/${resource}` : `${prefix}/${resource}`),
      hasStatus: !!d.subresources?.status,
    })
  }

  const view = <T extends Row>(group: string, resource: string): DbView<T> => new DbView<T>({ rows: rowsOf<T>(def(group, resource)) })

  return Object.freeze({
    images: collection<Image>('image.openshift.io', 'images'),
    imagestreams: collection<ImageStream>('image.openshift.io', 'imagestreams'),
    namespaces: collection<Namespace>('', 'namespaces'),
    secrets: collection<Secret>('', 'secrets'),
    events: collection<Event>('', 'events'),
    imagestreamtags: view<ImageStreamTag>('image.openshift.io', 'imagestreamtags'),
    imagetags: view<ImageTag>('image.openshift.io', 'imagetags'),
  })
}
