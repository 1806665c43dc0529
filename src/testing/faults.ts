// The responses injected faults answer with: the real server's Status for a code, and watch streams that
// drop after some events or some time (cleanly, or as a broken connection).

import { StatusError, statusBody, qualifiedResource } from '../apiserver/errors.js'
import { errorResponse } from '../apiserver/response.js'
import type { RequestInfo } from '../apiserver/request-info.js'
import { UNAUTHORIZED_STATUS_BODY } from '../adapters/websocket.js'
import type { DropWatchOptions, FaultSpec } from './instrument.js'
import { realClock, type Clock, type TimerHandle } from '../clock/clock.js'
import { macrotask } from '../clock/native.js'

/** The host setTimeout's largest delay. */
export const MAX_TIMER_MS = 2 ** 31 - 1

const REASONS: Record<number, { reason: string; message: string }> = {
  400: { reason: 'BadRequest', message: 'the server rejected our request for an unknown reason' },
  405: { reason: 'MethodNotAllowed', message: 'the server does not allow this method on the requested resource' },
  410: { reason: 'Expired', message: 'The resourceVersion for the provided list is too old.' },
  422: { reason: 'Invalid', message: 'the server rejected our request due to an error in our request' },
  429: { reason: 'TooManyRequests', message: 'Too many requests, please try again later.' },
  500: { reason: 'InternalError', message: 'injected fault' },
  502: { reason: '', message: 'the server is currently unable to handle the request' },
  503: { reason: 'ServiceUnavailable', message: 'the server is currently unable to handle the request' },
  504: { reason: 'Timeout', message: 'Timeout: request did not complete within requested timeout - context deadline exceeded' },
}

/** The response an injected `status` fault answers with: the real server's Status for that code. */
export function faultResponse(spec: FaultSpec, info: RequestInfo): Response {
  const code = spec.status!
  const retryAfter = spec.retryAfter ?? (code === 429 ? 1 : undefined)
  const headers: Record<string, string> = { ...spec.headers }
  if (retryAfter !== undefined) headers['Retry-After'] = String(retryAfter)
  if (spec.body !== undefined) {
    const text = typeof spec.body === 'string' ? spec.body : `${JSON.stringify(spec.body)}\n`
    const h = new Headers({ 'Content-Type': typeof spec.body === 'string' ? 'text/plain; charset=utf-8' : 'application/json', 'Cache-Control': 'no-cache, private', ...headers })
    return new Response(text, { status: code, headers: h })
  }
  if (code === 401 && spec.message === undefined) {
    return new Response(UNAUTHORIZED_STATUS_BODY, { status: 401, headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', ...headers } })
  }
  const group = info.apiGroup
  const resource = info.resource
  const qr = qualifiedResource(group, resource)
  let reason = REASONS[code]?.reason ?? ''
  let message = REASONS[code]?.message ?? `injected fault: HTTP ${code}`
  let details: Record<string, unknown> | undefined
  if (code === 403) {
    reason = 'Forbidden'
    const verbResource = info.subresource ? `${resource}/${info.subresource}` : resource
    const scope = info.namespace ? `in the namespace "${info.namespace}"` : 'at the cluster scope'
    message = info.isResourceRequest
      ? `${qr}${info.name ? ` "${info.name}"` : ''} is forbidden: User "system:anonymous" cannot ${info.verb} resource "${verbResource}" in API group "${group}" ${scope}`
      : `forbidden: User "system:anonymous" cannot ${info.verb} path "${info.path}"`
    details = info.isResourceRequest ? { name: info.name, group, kind: resource } : undefined
  } else if (code === 404) {
    reason = 'NotFound'
    if (info.name) {
      message = `${qr} "${info.name}" not found`
      details = { name: info.name, group, kind: resource }
    } else {
      message = 'the server could not find the requested resource'
      details = {}
    }
  } else if (code === 409) {
    reason = 'Conflict'
    message = `Operation cannot be fulfilled on ${qr} "${info.name}": the object has been modified; please apply your changes to the latest version and try again`
    details = { name: info.name, group, kind: resource }
  } else if (code === 500) {
    details = { causes: [{ message: spec.message ?? message }] }
    if (spec.message !== undefined) message = `Internal error occurred: ${spec.message}`
    else message = `Internal error occurred: ${message}`
  } else if (code === 504) {
    details = {}
  }
  if (spec.message !== undefined && code !== 500) message = spec.message
  if (retryAfter !== undefined) details = { ...details, retryAfterSeconds: retryAfter }
  const err = new StatusError(code, statusBody({ message, reason, details, code }), headers)
  return errorResponse(err)
}

/** Wrap a watch response so that its stream ends (or fails) early. */
export function dropWatchStream(res: Response, opts: DropWatchOptions | true, clock: Clock = realClock): Response {
  if (res.status !== 200 || !res.body) return res
  const o: DropWatchOptions = opts === true ? {} : opts
  const immediate = opts === true || (o.afterEvents === undefined && o.afterMs === undefined)
  const reader = res.body.getReader()
  let finished = false
  let timer: TimerHandle | undefined
  let delivered = 0
  let controller!: ReadableStreamDefaultController<Uint8Array>
  const finish = () => {
    if (finished) return
    finished = true
    if (timer !== undefined) clock.clearTimeout(timer)
    reader.cancel().catch(() => {})
    try {
      if (o.mode === 'error') controller.error(new TypeError('network error (openshift-image-fake: injected dropWatch)'))
      else controller.close()
    } catch {
      /* already closed */
    }
  }
  const deliver = (chunk: Uint8Array): boolean => {
    // true when the event limit was reached (the chunk is cut after the last allowed line)
    if (o.afterEvents === undefined) {
      controller.enqueue(chunk)
      return false
    }
    let end = -1
    for (let i = 0; i < chunk.length; i++) {
      if (chunk[i] === 10) {
        delivered++
        if (delivered >= o.afterEvents) {
          end = i + 1
          break
        }
      }
    }
    if (end === -1) {
      controller.enqueue(chunk)
      return false
    }
    if (end > 0) controller.enqueue(chunk.subarray(0, end))
    return true
  }
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c
      if (o.afterEvents === 0) return finish()
      if (o.afterMs !== undefined) timer = clock.setTimeout(finish, Math.min(Math.max(0, o.afterMs), MAX_TIMER_MS))
      if (immediate) {
        // What the engine had ready is already queued in the response body: take it, then end.
        let first: ReadableStreamReadResult<Uint8Array> | undefined
        const read = reader.read().then((r) => (first = r))
        const tick = macrotask()
        return Promise.race([read, tick]).then(() => {
          if (first && !first.done && first.value) controller.enqueue(first.value)
          finish()
        })
      }
      return undefined
    },
    async pull(c) {
      if (finished) return
      const r = await reader.read().catch((e: unknown) => {
        if (!finished) {
          finished = true
          if (timer !== undefined) clock.clearTimeout(timer)
          c.error(e)
        }
        return undefined
      })
      if (!r || finished) return
      if (r.done) {
        finished = true
        if (timer !== undefined) clock.clearTimeout(timer)
        c.close()
        return
      }
      if (deliver(r.value)) finish()
    },
    cancel() {
      finished = true
      if (timer !== undefined) clock.clearTimeout(timer)
      reader.cancel().catch(() => {})
    },
  })
  return new Response(stream, { status: res.status, statusText: res.statusText, headers: res.headers })
}
