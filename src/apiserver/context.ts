// The request context the engine hands to handlers and storages (see types.ts: RequestContext).

import type { Store } from '../store/store.js'
import type { RequestInfo } from './request-info.js'
import { requestSignal } from './request-tap.js'
import type { CreateAdmission, RequestContext } from './types.js'
import type { Clock } from '../clock/clock.js'
import type { Random } from '../clock/random.js'
import type { UserInfo } from './auth/types.js'

/** A request's context. A class, not an object literal: a literal with a getter costs more than a GET. */
export class Context implements RequestContext {
  readonly warnings: string[] = []
  user?: UserInfo
  authorizeCreate?: () => void
  strict?: boolean
  authorizing?: boolean
  constructor(
    readonly request: Request,
    readonly url: URL,
    public info: RequestInfo,
    readonly query: URLSearchParams,
    readonly now: string,
    readonly nowMs: number,
    readonly userAgent: string,
    readonly store: Store,
    readonly admitCreate: CreateAdmission | undefined,
    readonly clock: Clock,
    readonly random: Random,
  ) {}

  /** Made on demand (watches, delays): most requests never look. */
  get signal(): AbortSignal {
    return requestSignal(this.request)
  }
}

/** The same context with another request info (keeps accessors such as `signal`, unlike a spread). */
export function withInfo<C extends RequestContext>(ctx: C, info: RequestInfo): C {
  return Object.assign(Object.create(Object.getPrototypeOf(ctx) as object) as C, ctx, { info })
}
