// The lines of a watch stream (k8s.io/apiserver/pkg/endpoints/handlers/watch.go): newline-delimited
// {"type","object"} events. Table watches carry columnDefinitions only on the first event (BOOKMARK included,
// as the real watch encoder transforms bookmarks too); PartialObjectMetadata watches carry
// PartialObjectMetadata objects; an `as=PartialObjectMetadataList` watch gets plain objects (the real server
// fails that per-event transform, logs it and sends the object untransformed); ERROR Status objects are never
// transformed.
// fidelity: watch.table-and-metadata

import type { KubeObject } from '../image/types.js'
import type { StoreEvent } from '../store/store.js'
import { goJSON } from './json.js'
import type { Negotiated } from './negotiation.js'
import { partialObjectMetadata, toTable, utf8 } from './response.js'
import type { RequestContext } from './types.js'
import type { WatchTarget } from './watch.js'
import { PROTOBUF } from './protobuf/served.js'
import { protobufCodec } from './protobuf/lazy.js'

/** What a watch sends: JSON lines (text) or protobuf frames (bytes). */
export type WatchChunk = string | Uint8Array

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR'
  object: unknown
}

/** The last plain JSON event line made for a (decorated) object. */
const eventLines = new WeakMap<object, { type: string; bytes: Uint8Array }>()

/** "Stopped matching" DELETED objects (old state, new RV), shared by the watchers of one event. */
const leftSelection = new WeakMap<StoreEvent, KubeObject>()
export function leftSelectionObject(e: StoreEvent): KubeObject {
  let o = leftSelection.get(e)
  if (!o) {
    o = { ...e.prev!, metadata: { ...e.prev!.metadata, resourceVersion: String(e.rv) } }
    leftSelection.set(e, o)
  }
  return o
}

/** The metav1.Status of an ERROR event. */
export function statusObject(code: number, reason: string, message: string, details?: Record<string, unknown>): Record<string, unknown> {
  const s: Record<string, unknown> = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason }
  if (details) s.details = details
  s.code = code
  return s
}


/** Renders one watch's events: the negotiated form of each object, and whether a Table header was sent. */
export class WatchEncoder {
  private firstTable = true
  private readonly protobuf: boolean

  constructor(
    private readonly ctx: RequestContext,
    private readonly target: WatchTarget,
    private readonly neg: Negotiated,
  ) {
    this.protobuf = neg.mediaType === PROTOBUF
  }

  private line(type: WatchEvent['type'], object: unknown): WatchChunk {
    if (this.protobuf) return protobufCodec().protobufWatchFrame(type, object as Record<string, unknown>)
    return `${goJSON({ type, object })}\n`
  }

  /** An ERROR event (its Status is never transformed). */
  errorLine(status: Record<string, unknown>): WatchChunk {
    return this.line('ERROR', status)
  }

  private transform(obj: KubeObject): unknown {
    const neg = this.neg
    if (neg.target === 'Table') {
      try {
        const t = toTable([obj], this.target.table, this.ctx, neg, { resourceVersion: obj.metadata.resourceVersion ?? '' }, this.firstTable)
        this.firstTable = false
        return t
      } catch {
        // The real encoder logs a failed transform and sends the object as it is.
        return obj
      }
    }
    if (neg.target === 'PartialObjectMetadata') return partialObjectMetadata(obj, neg.targetVersion)
    return obj
  }

  eventLine(type: 'ADDED' | 'MODIFIED' | 'DELETED', stored: KubeObject): WatchChunk {
    const obj = this.target.source.decorate(stored, this.ctx)
    if (this.protobuf || this.neg.target === 'Table' || this.neg.target === 'PartialObjectMetadata') return this.line(type, this.transform(obj))
    // Decorated store objects are never mutated: the line's bytes are made once per object and type and
    // shared by every watcher of the event, each of which gets its own copy.
    let line = eventLines.get(obj)
    if (!line || line.type !== type) eventLines.set(obj, (line = { type, bytes: utf8(`{"type":"${type}","object":${goJSON(obj)}}\n`) }))
    return line.bytes.slice()
  }

  bookmarkLine(rv: number, initialEventsEnd = false): WatchChunk {
    const obj = this.target.emptyObject()
    obj.metadata = { resourceVersion: String(rv) }
    if (initialEventsEnd) obj.metadata.annotations = { 'k8s.io/initial-events-end': 'true' }
    return this.line('BOOKMARK', this.transform(obj))
  }
}
