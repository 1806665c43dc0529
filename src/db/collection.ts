// api.db's collections: @msw/data's Collection API (findFirst, findMany, count, all; create, createMany,
// update, updateMany, delete, deleteMany, clear) over the objects the API serves. Reads look at the
// API's own list of the kind; every write is the equivalent API request (POST, PUT, DELETE) served by
// the engine, so it gets the API's defaults, validation, resourceVersions and watch events, and a write
// the API refuses throws its Status. Writes are asynchronous (the engine is): they return promises, also
// where @msw/data's are synchronous (delete, deleteMany, clear).

import type { CreateInput } from './kinds.js'
import { select, sameObject, sortRows, StrictQueryError, toQuery, type FindManyOptions, type QueryPredicate, type SortOption, type StrictOption } from './query.js'

/** What every row has. */
export interface Row {
  kind?: string
  apiVersion?: string
  metadata: { name?: string; namespace?: string; resourceVersion?: string }
}

/** Sends one API request inside the current write batch; resolves with the response body, throws its Status. */
export type Send = (method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown) => Promise<unknown>

/** How a collection reaches the engine (see database.ts). */
export interface CollectionBackend<T> {
  /** The objects as the API lists them (every namespace), in storage order. Shared: do not mutate. */
  rows(): readonly T[]
  /** Run `fn` as one all-or-nothing batch of API writes. */
  write<R>(fn: (send: Send) => Promise<R>): Promise<R>
}

/** How a stored kind's requests are addressed. */
export interface ResourcePaths {
  kind: string
  apiVersion: string
  namespaced: boolean
  /** The collection path, e.g. `/apis/image.openshift.io/v1/namespaces/team/imagestreams`. */
  collection(namespace: string): string
  /** Whether PUT `<item>/status` exists (status is written through it). */
  hasStatus: boolean
}

export interface UpdateOptions<T> {
  /** Change the object in place (a private copy of it); the result is written with PUT. */
  data: (draft: T) => void | Promise<void>
}

const clone = <T>(v: T): T => structuredClone(v)

/** A read-only view (the virtual kinds: imagestreamtags, imagetags). Results are copies. */
export class DbView<T extends Row> {
  constructor(protected readonly backend: Pick<CollectionBackend<T>, 'rows'>) {}

  /** The first object matching the query (the first object when no query is given). */
  findFirst<Strict extends boolean = false>(predicate?: QueryPredicate<T>, options?: StrictOption<Strict>): Strict extends true ? T : T | undefined {
    const [hit] = select(this.backend.rows(), toQuery(predicate), { take: 1 })
    if (!hit && options?.strict) {
      throw new StrictQueryError(
        predicate ? 'Failed to execute "findFirst" on collection: no record found matching the query' : 'Failed to execute "findFirst" on collection without a query: the collection is empty',
      )
    }
    return (hit ? clone(hit) : undefined) as Strict extends true ? T : T | undefined
  }

  /** Every object matching the query (all of them when no query is given). */
  findMany(predicate?: QueryPredicate<T>, options?: FindManyOptions<T>): T[] {
    const hits = select(this.backend.rows(), toQuery(predicate), options)
    if (!hits.length && options?.strict) throw new StrictQueryError('Failed to execute "findMany" on collection: no records found matching the query')
    return hits.map(clone)
  }

  /** How many objects there are (matching the query, when one is given). */
  count(predicate?: QueryPredicate<T>): number {
    return predicate ? select(this.backend.rows(), toQuery(predicate)).length : this.backend.rows().length
  }

  /** Every object, in storage order (namespace/name). */
  all(): T[] {
    return this.backend.rows().map(clone)
  }
}

/** A stored kind: queries, and writes that are API writes. */
export class DbCollection<T extends Row> extends DbView<T> {
  constructor(
    protected override readonly backend: CollectionBackend<T>,
    private readonly paths: ResourcePaths,
  ) {
    super(backend)
  }

  private namespaceOf(o: { metadata?: { namespace?: string } }): string {
    // A namespaced object without a namespace goes to `default`, as kubectl's default context does.
    return this.paths.namespaced ? o.metadata?.namespace || 'default' : ''
  }

  private itemPath(row: Row): string {
    return `${this.paths.collection(this.namespaceOf(row))}/${encodeURIComponent(row.metadata.name ?? '')}`
  }

  private createOne(send: Send, input: CreateInput<T & { metadata: object }>): Promise<T> {
    const body = { kind: this.paths.kind, apiVersion: this.paths.apiVersion, ...input }
    return send('POST', this.paths.collection(this.namespaceOf(body)), body) as Promise<T>
  }

  /** POST the object. Resolves with it as the API stored it; rejects with the API's Status. */
  create(input: CreateInput<T & { metadata: object }>): Promise<T> {
    return this.backend.write((send) => this.createOne(send, input))
  }

  /** POST `count` objects made by `factory`, all or none. */
  createMany(count: number, factory: (index: number) => CreateInput<T & { metadata: object }>): Promise<T[]> {
    return this.backend.write(async (send) => {
      const out: T[] = []
      for (let i = 0; i < count; i++) out.push(await this.createOne(send, factory(i)))
      return out
    })
  }

  private async updateOne(send: Send, row: T, data: UpdateOptions<T>['data']): Promise<T> {
    const draft = clone(row)
    await data(draft)
    let result = (await send('PUT', this.itemPath(row), draft)) as T & { status?: unknown }
    const status = (draft as { status?: unknown }).status
    if (this.paths.hasStatus && JSON.stringify(status) !== JSON.stringify((row as { status?: unknown }).status)) {
      // Status is the /status subresource's to write (the main resource ignores it), as on the API.
      result = (await send('PUT', `${this.itemPath(row)}/status`, { ...result, status })) as T & { status?: unknown }
    }
    return result
  }

  private matches(predicate: QueryPredicate<T> | T): T[] {
    if (typeof predicate === 'function' || !isRow(predicate)) return select(this.backend.rows(), toQuery(predicate as QueryPredicate<T>))
    return this.backend.rows().filter((r) => sameObject(r, predicate))
  }

  /**
   * Change the first match with `data` and PUT it (and PUT `/status` when `data` changed the status).
   * Resolves with the object as stored; undefined when nothing matches (unless `strict`).
   */
  async update<Strict extends boolean = false>(
    predicate: QueryPredicate<T> | T,
    options: UpdateOptions<T> & StrictOption<Strict>,
  ): Promise<Strict extends true ? T : T | undefined> {
    return this.backend.write(async (send) => {
      const [row] = this.matches(predicate)
      if (!row) {
        if (options.strict) throw new StrictQueryError('Failed to execute "update" on collection: no record found matching the query')
        return undefined as Strict extends true ? T : T | undefined
      }
      return this.updateOne(send, row, options.data)
    })
  }

  /** `update` for every match, all or none. */
  updateMany(predicate: QueryPredicate<T>, options: UpdateOptions<T> & SortOption<T> & StrictOption): Promise<T[]> {
    return this.backend.write(async (send) => {
      const rows = this.matches(predicate)
      if (!rows.length && options.strict) throw new StrictQueryError('Failed to execute "updateMany" on collection: no records found matching the query')
      const out: T[] = []
      for (const row of rows) out.push(await this.updateOne(send, row, options.data))
      if (options.orderBy) sortOut(out, options)
      return out
    })
  }

  private async deleteOne(send: Send, row: T): Promise<T> {
    const res = (await send('DELETE', this.itemPath(row))) as Row
    // The object itself comes back while finalizers hold it (it now carries deletionTimestamp).
    return clone(res.kind === 'Status' ? row : (res as T))
  }

  /** DELETE the first match. Resolves with the object as it was (or as it stays, while finalizers hold it). */
  async delete<Strict extends boolean = false>(predicate: QueryPredicate<T> | T, options?: StrictOption<Strict>): Promise<Strict extends true ? T : T | undefined> {
    return this.backend.write(async (send) => {
      const [row] = this.matches(predicate)
      if (!row) {
        if (options?.strict) throw new StrictQueryError('Failed to execute "delete" on collection: no record found matching the query')
        return undefined as Strict extends true ? T : T | undefined
      }
      return this.deleteOne(send, row)
    })
  }

  /** DELETE every match, all or none. */
  deleteMany(predicate: QueryPredicate<T>, options?: SortOption<T> & StrictOption): Promise<T[]> {
    return this.backend.write(async (send) => {
      const rows = this.matches(predicate)
      if (!rows.length && options?.strict) throw new StrictQueryError('Failed to execute "deleteMany" on collection: no records found matching the query')
      const out: T[] = []
      for (const row of rows) out.push(await this.deleteOne(send, row))
      if (options?.orderBy) sortOut(out, options)
      return out
    })
  }

  /** DELETE every object of the kind, all or none. */
  async clear(): Promise<void> {
    await this.backend.write(async (send) => {
      for (const row of this.backend.rows()) await this.deleteOne(send, row)
    })
  }
}

function sortOut<T>(rows: T[], options: SortOption<T>): void {
  if (options.orderBy) sortRows(rows, options.orderBy)
}

function isRow(v: unknown): v is Row {
  return !!v && typeof v === 'object' && !('test' in v) && 'metadata' in v
}
