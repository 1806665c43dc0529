// core/v1 Event (k8s pkg/registry/core/event/strategy.go, pkg/apis/core/validation/events.go
// ValidateEventCreate/legacyValidateEvent, printers.go printEvent): a plain namespaced stored kind. Nothing
// in the fake records events by itself (the image API's registry code records none); tests and seeds may
// create them, and kubectl's `get events` / `describe` read them.
// fidelity: core.events

import { fe, type FieldError } from '../apiserver/errors.js'
import { isPlainObject } from '../apiserver/json.js'
import { normalizeMeta } from '../apiserver/meta.js'
import { metaFieldSet, type Strategy } from '../apiserver/strategy.js'
import type { TableColumn } from '../apiserver/types.js'
import { nameIsDNSSubdomain } from '../apiserver/validation.js'
import type { KubeObject } from '../image/types.js'
import { fieldLabelNotSupported } from './secrets.js'
import { age, NAME_COLUMN } from './printers.js'
import { validateCoreObjectMeta, validateCoreObjectMetaUpdate } from './validation.js'

type Obj = Record<string, unknown>

export interface CoreEvent extends KubeObject {
  involvedObject: Record<string, string>
  reason?: string
  message?: string
  source: { component?: string; host?: string }
  firstTimestamp: string | null
  lastTimestamp: string | null
  count?: number
  type?: string
  eventTime: string | null
  series?: { count?: number; lastObservedTime?: string }
  action?: string
  related?: Record<string, string>
  reportingComponent: string
  reportingInstance: string
}

const REF_KEYS = ['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion', 'fieldPath']

function ref(o: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  if (!isPlainObject(o)) return out
  for (const k of REF_KEYS) if (typeof o[k] === 'string' && o[k]) out[k] = o[k] as string
  return out
}

const s = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined)
const time = (v: unknown): string | null => (typeof v === 'string' && v ? v : null)

/** The v1 wire form in Go field order (Time fields without a value are `null`, as 1.32 encodes them). */
export function normalizeEvent(input: KubeObject): CoreEvent {
  const o = input as unknown as Obj
  const out: Obj = { kind: 'Event', apiVersion: 'v1', metadata: normalizeMeta(o.metadata), involvedObject: ref(o.involvedObject) }
  if (s(o.reason)) out.reason = o.reason
  if (s(o.message)) out.message = o.message
  const src: Obj = {}
  if (isPlainObject(o.source)) {
    if (s(o.source.component)) src.component = o.source.component
    if (s(o.source.host)) src.host = o.source.host
  }
  out.source = src
  out.firstTimestamp = time(o.firstTimestamp)
  out.lastTimestamp = time(o.lastTimestamp)
  if (typeof o.count === 'number' && o.count) out.count = o.count
  if (s(o.type)) out.type = o.type
  out.eventTime = time(o.eventTime)
  if (isPlainObject(o.series)) {
    const series: Obj = {}
    if (typeof o.series.count === 'number' && o.series.count) series.count = o.series.count
    series.lastObservedTime = time(o.series.lastObservedTime)
    out.series = series
  }
  if (s(o.action)) out.action = o.action
  if (isPlainObject(o.related)) out.related = ref(o.related)
  out.reportingComponent = s(o.reportingComponent) ?? ''
  out.reportingInstance = s(o.reportingInstance) ?? ''
  return out as unknown as CoreEvent
}

/** legacyValidateEvent (events without eventTime) plus ObjectMeta. */
export function validateEvent(e: CoreEvent): FieldError[] {
  const errs = validateCoreObjectMeta(e.metadata, true, nameIsDNSSubdomain)
  const ns = e.metadata.namespace ?? ''
  const involvedNs = e.involvedObject.namespace ?? ''
  if (!e.eventTime) {
    if (!involvedNs) {
      if (ns !== '' && ns !== 'default') errs.push(fe.invalid('involvedObject.namespace', involvedNs, 'does not match event.namespace'))
    } else if (ns !== involvedNs) {
      errs.push(fe.invalid('involvedObject.namespace', involvedNs, 'does not match event.namespace'))
    }
  }
  return errs
}

/** The field labels core/v1 events accept (pkg/apis/core/v1/conversion.go). */
export const EVENT_SELECTABLE_FIELDS = [
  'metadata.name',
  'metadata.namespace',
  'involvedObject.kind',
  'involvedObject.namespace',
  'involvedObject.name',
  'involvedObject.uid',
  'involvedObject.apiVersion',
  'involvedObject.resourceVersion',
  'involvedObject.fieldPath',
  'reason',
  'reportingComponent',
  'source',
  'type',
]

/** ToSelectableFields */
function eventFieldSet(obj: KubeObject): Record<string, string> {
  const e = obj as CoreEvent
  const io = e.involvedObject ?? {}
  return {
    ...metaFieldSet(obj, true),
    'involvedObject.kind': io.kind ?? '',
    'involvedObject.namespace': io.namespace ?? '',
    'involvedObject.name': io.name ?? '',
    'involvedObject.uid': io.uid ?? '',
    'involvedObject.apiVersion': io.apiVersion ?? '',
    'involvedObject.resourceVersion': io.resourceVersion ?? '',
    'involvedObject.fieldPath': io.fieldPath ?? '',
    reason: e.reason ?? '',
    reportingComponent: e.reportingComponent ?? '',
    source: e.source?.component || e.reportingComponent || '',
    type: e.type ?? '',
  }
}

const col = (name: string, description: string, priority = 0, format = ''): TableColumn => ({ name, type: 'string', format, description, priority })

const COLUMNS: TableColumn[] = [
  col('Last Seen', 'The time at which the most recent occurrence of this event was recorded.'),
  col('Type', 'Type of this event (Normal, Warning), new types could be added in the future'),
  col('Reason', "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
  col('Object', 'The object that this event is about.'),
  col('Subobject', 'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2].', 1),
  col('Source', 'The component reporting this event. Should be a short machine understandable string.', 1),
  col('Message', 'A human-readable description of the status of this operation.'),
  col('First Seen', 'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)', 1),
  col('Count', 'The number of times this event has occurred.', 1),
  { ...NAME_COLUMN, priority: 1 },
]

/** printEvent (server-side tables are wide). */
function eventCells(obj: KubeObject, nowMs: number): unknown[] {
  const e = obj as CoreEvent
  let first = age(e.firstTimestamp, nowMs)
  if (!e.firstTimestamp) first = age(e.eventTime, nowMs)
  let last = e.lastTimestamp ? age(e.lastTimestamp, nowMs) : first
  let count = e.count ?? 0
  if (e.series) {
    last = age(e.series.lastObservedTime, nowMs)
    count = e.series.count ?? 0
  } else if (count === 0) count = 1
  const io = e.involvedObject ?? {}
  const target = io.name ? `${(io.kind ?? '').toLowerCase()}/${io.name}` : (io.kind ?? '').toLowerCase()
  const component = e.source?.component || e.reportingComponent
  const instance = e.source?.host || e.reportingInstance
  const source = !component && !instance ? '' : instance ? `${component}, ${instance}` : component
  return [last, e.type ?? '', e.reason ?? '', target, io.fieldPath ?? '', source, (e.message ?? '').trim(), first, count, e.metadata.name ?? '']
}

export function eventStrategy(): Strategy {
  return {
    group: '',
    version: 'v1',
    resource: 'events',
    kind: 'Event',
    namespaced: true,
    normalize: (obj) => normalizeEvent(obj),
    validateName: nameIsDNSSubdomain,
    prepareForCreate() {},
    validate: (obj) => validateEvent(obj as CoreEvent),
    prepareForUpdate() {},
    validateUpdate: (obj, old) => [...validateCoreObjectMetaUpdate(obj.metadata, old.metadata), ...validateEvent(obj as CoreEvent)],
    fieldSet: eventFieldSet,
    selectableFields: EVENT_SELECTABLE_FIELDS,
    fieldSelectorError: fieldLabelNotSupported,
    allowUnconditionalUpdate: true,
    // eventStrategy.DefaultGarbageCollectionPolicy is rest.Unsupported: DELETE adds no GC finalizers.
    gcFinalizers: false,
    table: { columns: COLUMNS, cells: (obj, ctx) => eventCells(obj, ctx.nowMs) },
    emptyObject: () => ({ kind: 'Event', apiVersion: 'v1', metadata: {} }) as KubeObject,
  }
}
