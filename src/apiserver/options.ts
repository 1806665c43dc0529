// Query options of every verb, decoded and validated as the real server does
// (metav1 ListOptions / CreateOptions / UpdateOptions / PatchOptions / DeleteOptions).

import { errors, fe, type FieldError } from './errors.js'
import { isTrueParam } from './request-info.js'
import { parseLabelSelector } from './selectors/labels.js'
import { parseFieldSelector } from './selectors/fields.js'
import type { DeleteOptions, ListOptions, WriteOptions } from './types.js'
import { managerFromUserAgent } from './managed-fields.js'
import { deleteOptionsTypeError } from './typed-decode/index.js'

function optionsInvalid(kind: string, errs: FieldError[]) {
  return errors.invalid('meta.k8s.io', kind, '', errs)
}

export function parseIntParam(v: string | null): number | undefined {
  if (v === null || v === '') return undefined
  if (!/^[+-]?\d+$/.test(v)) throw errors.badRequest(`strconv.ParseInt: parsing ${JSON.stringify(v)}: invalid syntax`)
  return Number(v)
}

export function parseListOptions(query: URLSearchParams, watch: boolean): ListOptions {
  const ls = query.get('labelSelector')
  const fs = query.get('fieldSelector')
  const opts: ListOptions = {
    labelSelector: ls ? parseLabelSelector(ls) : undefined,
    fieldSelector: fs ? parseFieldSelector(fs) : undefined,
    limit: Math.max(0, parseIntParam(query.get('limit')) ?? 0),
    continue: query.get('continue') || undefined,
    resourceVersion: query.get('resourceVersion') ?? undefined,
    resourceVersionMatch: query.get('resourceVersionMatch') || undefined,
    watch,
    allowWatchBookmarks: isTrueParam(query.get('allowWatchBookmarks')),
    sendInitialEvents: query.has('sendInitialEvents') ? isTrueParam(query.get('sendInitialEvents')) : undefined,
    timeoutSeconds: parseIntParam(query.get('timeoutSeconds')),
  }
  validateListOptions(opts)
  return opts
}

/** k8s.io/apimachinery/pkg/apis/meta/internalversion/validation.ValidateListOptions */
function validateListOptions(o: ListOptions): void {
  const errs: FieldError[] = []
  const rv = o.resourceVersion ?? ''
  if (o.continue && rv && rv !== '0') throw errors.badRequest('specifying resource version is not allowed when using continue')
  if (o.watch) {
    if (o.sendInitialEvents !== undefined) {
      if (o.resourceVersionMatch !== 'NotOlderThan') {
        errs.push(fe.forbidden('resourceVersionMatch', 'sendInitialEvents requires setting resourceVersionMatch to NotOlderThan'))
      }
    } else if (o.resourceVersionMatch) {
      errs.push(fe.forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided'))
    }
    if (o.resourceVersionMatch && o.resourceVersionMatch !== 'NotOlderThan') {
      errs.push(fe.notSupported('resourceVersionMatch', o.resourceVersionMatch, ['NotOlderThan']))
    }
  } else {
    if (o.sendInitialEvents !== undefined) errs.push(fe.forbidden('sendInitialEvents', 'sendInitialEvents is forbidden for list'))
    if (o.resourceVersionMatch) {
      if (!rv) errs.push(fe.forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden unless resourceVersion is provided'))
      if (o.continue) errs.push(fe.forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided'))
      if (o.resourceVersionMatch === 'Exact' && rv === '0') {
        errs.push(fe.forbidden('resourceVersionMatch', 'resourceVersionMatch "exact" is forbidden for resourceVersion "0"'))
      }
      if (o.resourceVersionMatch !== 'Exact' && o.resourceVersionMatch !== 'NotOlderThan') {
        errs.push(fe.notSupported('resourceVersionMatch', o.resourceVersionMatch, ['Exact', 'NotOlderThan', '']))
      }
    }
  }
  if (errs.length) throw optionsInvalid('ListOptions', errs)
}

export type FieldValidation = 'Ignore' | 'Warn' | 'Strict'

export interface ParsedWriteOptions extends WriteOptions {
  fieldValidation: FieldValidation
  force: boolean
}

const OPTION_KINDS: Record<string, string> = { POST: 'CreateOptions', PUT: 'UpdateOptions', PATCH: 'PatchOptions', DELETE: 'DeleteOptions' }

function validateDryRun(dryRun: string[], errs: FieldError[]): boolean {
  if (dryRun.length === 0) return false
  if (dryRun.length === 1 && dryRun[0] === 'All') return true
  errs.push(fe.notSupported('dryRun', dryRun, ['All']))
  return false
}

function validateFieldManager(m: string, errs: FieldError[]): void {
  if (m.length > 128) errs.push(fe.tooLong('fieldManager', 128))
  for (let i = 0; i < m.length; i++) {
    const c = m.charCodeAt(i)
    if (c < 0x20 || c === 0x7f) {
      errs.push(fe.invalid('fieldManager', m, `invalid character U+${c.toString(16).toUpperCase().padStart(4, '0')} (at position ${i})`))
      break
    }
  }
}

export function parseWriteOptions(method: string, query: URLSearchParams, userAgent: string, apply = false): ParsedWriteOptions {
  const kind = OPTION_KINDS[method] ?? 'CreateOptions'
  const errs: FieldError[] = []
  const dryRun = validateDryRun(query.getAll('dryRun'), errs)
  const fv = query.get('fieldValidation') ?? ''
  if (!['', 'Ignore', 'Strict', 'Warn'].includes(fv)) errs.push(fe.notSupported('fieldValidation', fv, ['', 'Ignore', 'Strict', 'Warn']))
  const fm = query.get('fieldManager') ?? ''
  validateFieldManager(fm, errs)
  const force = query.has('force') ? isTrueParam(query.get('force')) : undefined
  if (method === 'PATCH') {
    if (apply) {
      if (!fm) errs.push(fe.required('fieldManager', 'is required for apply patch'))
    } else if (force !== undefined) {
      errs.push(fe.forbidden('force', 'may not be specified for non-apply patch'))
    }
  }
  if (errs.length) throw optionsInvalid(kind, errs)
  return {
    dryRun,
    fieldManager: fm || managerFromUserAgent(userAgent) || 'unknown',
    operation: apply ? 'Apply' : 'Update',
    fieldValidation: (fv || 'Warn') as FieldValidation,
    force: !!force,
  }
}

const PROPAGATION = ['Foreground', 'Background', 'Orphan']

/** DeleteOptions from the body (when present) or the query. */
export function parseDeleteOptions(bodyText: string, query: URLSearchParams, userAgent: string): DeleteOptions {
  let body: Record<string, unknown> = {}
  if (bodyText.trim()) {
    try {
      const parsed = JSON.parse(bodyText) as unknown
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed as Record<string, unknown>
      else throw new Error('not an object')
    } catch (e) {
      throw errors.badRequest(`the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf`)
    }
  } else {
    const fromQuery: Record<string, unknown> = {}
    if (query.has('gracePeriodSeconds')) fromQuery.gracePeriodSeconds = parseIntParam(query.get('gracePeriodSeconds'))
    if (query.has('propagationPolicy')) fromQuery.propagationPolicy = query.get('propagationPolicy')
    if (query.has('orphanDependents')) fromQuery.orphanDependents = isTrueParam(query.get('orphanDependents'))
    if (query.has('dryRun')) fromQuery.dryRun = query.getAll('dryRun')
    body = fromQuery
  }
  const typeErr = deleteOptionsTypeError(body)
  if (typeErr) throw errors.badRequest(typeErr)
  const errs: FieldError[] = []
  const dryRun = validateDryRun(Array.isArray(body.dryRun) ? (body.dryRun as string[]) : [], errs)
  const policy = body.propagationPolicy as string | undefined
  if (policy !== undefined && policy !== null && !PROPAGATION.includes(policy)) {
    errs.push(fe.notSupported('propagationPolicy', policy, [...PROPAGATION, 'nil']))
  }
  if (body.orphanDependents !== undefined && body.orphanDependents !== null && policy) {
    errs.push(fe.invalid('propagationPolicy', policy, 'orphanDependents and deletionPropagation cannot be both set'))
  }
  if (errs.length) throw optionsInvalid('DeleteOptions', errs)
  const pre = (body.preconditions ?? undefined) as DeleteOptions['preconditions']
  return {
    dryRun,
    fieldManager: managerFromUserAgent(userAgent),
    operation: 'Update',
    preconditions: pre ?? undefined,
    propagationPolicy: (policy ?? undefined) as DeleteOptions['propagationPolicy'],
    orphanDependents: body.orphanDependents as boolean | undefined,
    gracePeriodSeconds: body.gracePeriodSeconds as number | undefined,
  }
}
