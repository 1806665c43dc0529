// api.db queries: @msw/data's Query (object-form `where`, `and`, `or`, predicate functions) evaluated over
// the objects the API serves, with @msw/data's options (take, skip, cursor, orderBy, strict).

import { Query as MswQuery } from '@msw/data'

/** @msw/data's Query class, typed as api.db's queries (`new Query<ImageStream>().where({ … })`). */
export const Query = MswQuery as unknown as new <T>(predicate?: (value: T) => unknown) => TypedQuery<T>
export type Query<T> = TypedQuery<T>

/**
 * An object-form condition, as @msw/data evaluates it: nested objects are matched field by field; a
 * leaf is a value (equality) or a function of the (defined) value; an array field matches when every
 * element matches the element condition. An absent field never matches.
 */
export type Where<T> = NonNullable<T> extends ReadonlyArray<infer V>
  ? Where<V>
  : NonNullable<T> extends object
    ? { [K in keyof NonNullable<T>]?: Where<NonNullable<T>[K]> }
    : NonNullable<T> | ((value: NonNullable<T>) => unknown)

/** @msw/data's Query, typed for api.db's rows (`where`, `and`, `or` take conditions, functions or queries). */
export interface TypedQuery<T> {
  test(value: T): boolean
  where(condition: Where<T> | ((row: T) => unknown)): TypedQuery<T>
  and(...conditions: Array<TypedQuery<T> | Where<T> | ((row: T) => unknown)>): TypedQuery<T>
  or(...conditions: Array<TypedQuery<T> | Where<T> | ((row: T) => unknown)>): TypedQuery<T>
}

/** A query: a function building one from `q` (`(q) => q.where({ metadata: { namespace: 'team' } })`), or a Query. */
export type QueryPredicate<T> = ((query: TypedQuery<T>) => TypedQuery<T>) | TypedQuery<T>

export type SortDirection = 'asc' | 'desc'

/** `orderBy`: a direction per field path, e.g. `{ metadata: { name: 'asc' } }`. */
export type OrderBy<T> = NonNullable<T> extends ReadonlyArray<infer V>
  ? OrderBy<V>
  : NonNullable<T> extends object
    ? { [K in keyof NonNullable<T>]?: OrderBy<NonNullable<T>[K]> }
    : SortDirection

export interface StrictOption<Strict extends boolean = boolean> {
  /** Throw when nothing matches (as @msw/data's `strict`). */
  strict?: Strict
}

export interface SortOption<T> {
  orderBy?: OrderBy<T> | Array<OrderBy<T>>
}

export interface FindManyOptions<T> extends StrictOption, SortOption<T> {
  /** Start at this object (matched by namespace and name). */
  cursor?: T
  /** How many to take (negative: from the end). */
  take?: number
  /** How many matches to skip first. */
  skip?: number
}

/** The message @msw/data's OperationError STRICT_QUERY_WITHOUT_RESULTS carries. */
export class StrictQueryError extends Error {
  readonly code = 'STRICT_QUERY_WITHOUT_RESULTS'
}

export function toQuery<T>(predicate: QueryPredicate<T> | undefined): TypedQuery<T> {
  if (predicate === undefined) return new Query<T>(() => true)
  if (predicate instanceof MswQuery) return predicate
  if (typeof predicate === 'function') return predicate(new Query<T>())
  return predicate
}

interface Named {
  metadata: { name?: string; namespace?: string }
}

export function sameObject(a: Named, b: Named): boolean {
  return a.metadata.name === b.metadata.name && (a.metadata.namespace ?? '') === (b.metadata.namespace ?? '')
}

/** @msw/data's pagination and sort over `rows` (storage order). */
export function select<T extends Named>(rows: readonly T[], query: TypedQuery<T>, options: FindManyOptions<T> = {}): T[] {
  const { take, skip, cursor } = options
  if (skip !== undefined && !(Number.isInteger(skip) && skip >= 0)) {
    throw new Error(`Failed to query the collection: expected the "skip" pagination option to be a number larger or equal to 0 but got ${JSON.stringify(skip)}`)
  }
  const want = Math.abs(take ?? Infinity)
  const delta = take !== undefined && take < 0 ? -1 : 1
  let start = delta === 1 ? 0 : rows.length - 1
  const end = delta === 1 ? rows.length : -1
  if (cursor) {
    start = rows.findIndex((r) => sameObject(r, cursor))
    if (start === -1) return []
  }
  const out: T[] = []
  let skipped = 0
  for (let i = start; i !== end && out.length < want; i += delta) {
    const row = rows[i]!
    if (!query.test(row)) continue
    if (skip !== undefined && skipped < skip) {
      skipped++
      continue
    }
    out.push(row)
  }
  if (options.orderBy) sortRows(out, options.orderBy)
  return out
}

/** @msw/data's sortResults: criteria in order, each a field path and a direction. */
export function sortRows<T>(rows: T[], orderBy: OrderBy<T> | Array<OrderBy<T>>): void {
  const criteria: Array<[string[], SortDirection]> = []
  const walk = (o: unknown, path: string[]) => {
    if (o === 'asc' || o === 'desc') criteria.push([path, o])
    else if (o && typeof o === 'object') for (const [k, v] of Object.entries(o)) walk(v, [...path, k])
  }
  for (const c of Array.isArray(orderBy) ? orderBy : [orderBy]) walk(c, [])
  const at = (o: unknown, path: string[]) => path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), o)
  rows.sort((l, r) => {
    for (const [path, dir] of criteria) {
      const a = at(l, path) as never
      const b = at(r, path) as never
      if (a > b) return dir === 'asc' ? 1 : -1
      if (a < b) return dir === 'asc' ? -1 : 1
    }
    return 0
  })
}
