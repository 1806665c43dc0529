// Ports of the generic apimachinery validation applied to every object.
//
// Sources (k8s.io/apimachinery v0.34.1, the version vendored by openshift-apiserver):
//   pkg/api/validation/objectmeta.go         (ValidateObjectMetaAccessor, ValidateObjectMetaAccessorUpdate, ...)
//   pkg/apis/meta/v1/validation/validation.go (ValidateLabels, ValidateManagedFields, ValidateFieldManager)
// The string checks they use (IsQualifiedName, IsDNS1123Label, …, on UTF-8 byte strings) are in
// ./validation-strings.ts, re-exported here. Map iteration order in Go is random; here map-valued fields
// are walked in sorted key order.
// fidelity: apiserver.object-meta

import { fe, goQuote, type FieldError } from './errors.js'
import { memoize, RecentSet } from './recent.js'
import { FIELD_IMMUTABLE_ERROR_MSG, isQualifiedName, isValidLabelValue, nameIsDNSLabel, TOTAL_ANNOTATION_SIZE_LIMIT_B, utf8Length, validateNonnegativeField } from './validation-strings.js'

export * from './validation-strings.js'

// ---------------------------------------------------------------------------------------------------
// ObjectMeta validation (pkg/api/validation/objectmeta.go, pkg/apis/meta/v1/validation/validation.go)

export type NameFn = (name: string, prefix: boolean) => string[]

export interface ObjectMetaOptions {
  namespaced: boolean
  nameFn: NameFn
}

export interface OwnerReferenceInput {
  apiVersion?: string; kind?: string; name?: string; uid?: string
  controller?: boolean | null; blockOwnerDeletion?: boolean | null
}

export interface ManagedFieldsEntryInput {
  manager?: string; operation?: string; fieldsType?: string; subresource?: string
}

/** The ObjectMeta fields the validators look at (structurally compatible with image/types ObjectMeta). */
export interface MetaInput {
  name?: string; generateName?: string; namespace?: string; uid?: string; resourceVersion?: string; generation?: number
  creationTimestamp?: string | null; deletionTimestamp?: string | null; deletionGracePeriodSeconds?: number | null
  labels?: Record<string, string> | null; annotations?: Record<string, string> | null
  ownerReferences?: OwnerReferenceInput[] | null; finalizers?: string[] | null; managedFields?: ManagedFieldsEntryInput[] | null
}

const sortedKeys = (m: Record<string, string> | null | undefined): string[] => (m ? Object.keys(m).sort() : [])

/** v1validation.ValidateLabels: per label, key errors (one per message) then value errors. */
export function validateLabels(labels: Record<string, string> | null | undefined, path: string): FieldError[] {
  const errs: FieldError[] = []
  for (const k of sortedKeys(labels)) {
    const v = labels![k] ?? ''
    // Writes check the same few labels again and again: a key and a value found valid are remembered.
    if (!validLabelKeys.has(k)) {
      const msgs = isQualifiedName(k)
      for (const msg of msgs) errs.push(fe.invalid(path, k, msg))
      if (!msgs.length) validLabelKeys.add(k)
    }
    if (!validLabelValues.has(v)) {
      const msgs = isValidLabelValue(v)
      for (const msg of msgs) errs.push(fe.invalid(path, v, msg))
      if (!msgs.length) validLabelValues.add(v)
    }
  }
  return errs
}

const validLabelKeys = new RecentSet(1024)
const validLabelValues = new RecentSet(1024)

/** ValidateAnnotations: keys are qualified names compared lower-cased; total key+value bytes <= 256 KiB. */
export function validateAnnotations(annotations: Record<string, string> | null | undefined, path: string): FieldError[] {
  const errs: FieldError[] = []
  let total = 0
  for (const k of sortedKeys(annotations)) {
    for (const msg of isQualifiedName(k.toLowerCase())) errs.push(fe.invalid(path, k, msg))
    total += utf8Length(k) + utf8Length(annotations![k] ?? '')
  }
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT_B) errs.push(fe.tooLong(path, TOTAL_ANNOTATION_SIZE_LIMIT_B))
  return errs
}

/** metav1.OwnerReference as encoding/json prints it (field order, omitempty on the two *bool fields). */
function ownerRefJSON(r: OwnerReferenceInput): Record<string, unknown> {
  const o: Record<string, unknown> = { apiVersion: r.apiVersion ?? '', kind: r.kind ?? '', name: r.name ?? '', uid: r.uid ?? '' }
  if (r.controller !== undefined && r.controller !== null) o.controller = r.controller
  if (r.blockOwnerDeletion !== undefined && r.blockOwnerDeletion !== null) o.blockOwnerDeletion = r.blockOwnerDeletion
  return o
}

/** schema.ParseGroupVersion → version ('' on error, as FromAPIVersionAndKind does). */
function parseGroupVersion(gv: string): { group: string; version: string } {
  if (gv === '' || gv === '/') return { group: '', version: '' }
  const n = gv.split('/').length - 1
  if (n === 0) return { group: '', version: gv }
  if (n === 1) {
    const i = gv.indexOf('/')
    return { group: gv.slice(0, i), version: gv.slice(i + 1) }
  }
  return { group: '', version: '' }
}

function validateOwnerReference(ref: OwnerReferenceInput, path: string): FieldError[] {
  const errs: FieldError[] = []
  const gv = parseGroupVersion(ref.apiVersion ?? '')
  const kind = ref.kind ?? ''
  if (gv.version.length === 0) errs.push(fe.invalid(`${path}.apiVersion`, ref.apiVersion ?? '', 'version must not be empty'))
  if (kind.length === 0) errs.push(fe.invalid(`${path}.kind`, kind, 'must not be empty'))
  if (!ref.name) errs.push(fe.invalid(`${path}.name`, ref.name ?? '', 'must not be empty'))
  if (!ref.uid) errs.push(fe.invalid(`${path}.uid`, ref.uid ?? '', 'must not be empty'))
  // BannedOwners: {Group: "", Version: "v1", Kind: "Event"}; GVK.String() = group + "/" + version + ", Kind=" + kind.
  if (gv.group === '' && gv.version === 'v1' && kind === 'Event') {
    errs.push(fe.invalid(path, ownerRefJSON(ref), `${gv.group}/${gv.version}, Kind=${kind} is disallowed from being an owner`))
  }
  return errs
}

/** ValidateOwnerReferences (v0.34.1: errors use the un-indexed list path). */
export function validateOwnerReferences(refs: OwnerReferenceInput[] | null | undefined, path: string): FieldError[] {
  const errs: FieldError[] = []
  let firstControllerName = ''
  for (const ref of refs ?? []) {
    errs.push(...validateOwnerReference(ref, path))
    if (ref.controller === true) {
      const cur = `${ref.kind ?? ''}/${ref.name ?? ''}`
      if (firstControllerName !== '') {
        errs.push(
          fe.invalid(
            path,
            (refs ?? []).map(ownerRefJSON),
            `Only one reference can have Controller set to true. Found "true" in references for ${firstControllerName} and ${cur}`,
          ),
        )
      } else firstControllerName = cur
    }
  }
  return errs
}

/** ValidateFinalizers: qualified names; `orphan` together with `foregroundDeletion` is rejected. */
export function validateFinalizers(finalizers: string[] | null | undefined, path: string): FieldError[] {
  const errs: FieldError[] = []
  let orphan = false
  let foreground = false
  for (const f of finalizers ?? []) {
    for (const msg of isQualifiedName(f)) errs.push(fe.invalid(path, f, msg))
    if (f === 'orphan') orphan = true
    if (f === 'foregroundDeletion') foreground = true
  }
  if (orphan && foreground) errs.push(fe.invalid(path, finalizers, 'finalizer orphan and foregroundDeletion cannot be both set'))
  return errs
}

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u

/** v1validation.ValidateFieldManager: at most 128 bytes, only unicode.IsPrint runes (position = byte offset). */
export function validateFieldManager(manager: string, path: string): FieldError[] {
  // Every write checks the same few manager names (each entry of managedFields, the request's manager).
  if (validManagers.has(manager)) return []
  const errs: FieldError[] = []
  if (utf8Length(manager) > 128) errs.push(fe.tooLong(path, 128))
  let pos = 0
  for (const ch of manager) {
    const cp = ch.codePointAt(0)!
    const lone = cp >= 0xd800 && cp <= 0xdfff // decoded by Go as U+FFFD, which is printable
    if (!lone && !PRINTABLE.test(ch)) {
      const hex = cp.toString(16).toUpperCase().padStart(4, '0')
      errs.push(fe.invalid(path, manager, `invalid character U+${hex} (at position ${pos})`))
    }
    pos += lone ? 3 : utf8Length(ch)
  }
  if (errs.length === 0) validManagers.add(manager)
  return errs
}

/** Manager names validateFieldManager found valid lately. */
const validManagers = new RecentSet()

/** v1validation.ValidateManagedFields */
export function validateManagedFields(entries: ManagedFieldsEntryInput[] | null | undefined, path: string): FieldError[] {
  const errs: FieldError[] = []
  ;(Array.isArray(entries) ? entries : []).forEach((e, i) => {
    if (typeof e !== 'object' || e === null) return // a decode error, reported before validation
    const p = `${path}[${i}]`
    const str = (v: unknown): string => (typeof v === 'string' ? v : '')
    const op = str(e.operation)
    if (op !== 'Apply' && op !== 'Update') errs.push(fe.invalid(`${p}.operation`, op, 'must be `Apply` or `Update`'))
    if (str(e.fieldsType) && e.fieldsType !== 'FieldsV1') errs.push(fe.invalid(`${p}.fieldsType`, e.fieldsType, 'must be `FieldsV1`'))
    errs.push(...validateFieldManager(str(e.manager), `${p}.manager`))
    if (utf8Length(str(e.subresource)) > 256) errs.push(fe.tooLong(`${p}.subresource`, 256))
  })
  return errs
}

/** ValidateObjectMetaAccessor (create). `opts.nameFn` is the resource's ValidateNameFunc. */
export function validateObjectMeta(meta: MetaInput, opts: ObjectMetaOptions, path = 'metadata'): FieldError[] {
  const errs: FieldError[] = []
  const generateName = meta.generateName ?? ''
  const name = meta.name ?? ''
  const namespace = meta.namespace ?? ''
  if (generateName.length !== 0) {
    for (const msg of opts.nameFn(generateName, true)) errs.push(fe.invalid(`${path}.generateName`, generateName, msg))
  }
  if (name.length === 0) errs.push(fe.required(`${path}.name`, 'name or generateName is required'))
  else for (const msg of opts.nameFn(name, false)) errs.push(fe.invalid(`${path}.name`, name, msg))
  if (opts.namespaced) {
    if (namespace.length === 0) errs.push(fe.required(`${path}.namespace`, ''))
    else for (const msg of nameIsDNSLabel(namespace, false)) errs.push(fe.invalid(`${path}.namespace`, namespace, msg))
  } else if (namespace.length !== 0) {
    errs.push(fe.forbidden(`${path}.namespace`, 'not allowed on this type'))
  }
  errs.push(...validateNonnegativeField(meta.generation ?? 0, `${path}.generation`))
  errs.push(...validateLabels(meta.labels, `${path}.labels`))
  errs.push(...validateAnnotations(meta.annotations, `${path}.annotations`))
  errs.push(...validateOwnerReferences(meta.ownerReferences, `${path}.ownerReferences`))
  errs.push(...validateFinalizers(meta.finalizers, `${path}.finalizers`))
  errs.push(...validateManagedFields(meta.managedFields, `${path}.managedFields`))
  return errs
}

/** ValidateNoNewFinalizers: `found new finalizers []string{"a", "b"}` (sorted set difference, Go %#v). */
export function validateNoNewFinalizers(newF: string[] | null | undefined, oldF: string[] | null | undefined, path: string): FieldError[] {
  const old = new Set(oldF ?? [])
  const extra = [...new Set((newF ?? []).filter((f) => !old.has(f)))].sort()
  if (extra.length === 0) return []
  const list = `[]string{${extra.map((f) => goQuote(f)).join(', ')}}`
  return [fe.forbidden(path, `no new finalizers can be added if the object is being deleted, found new finalizers ${list}`)]
}

/** A metav1.Time as JSON prints it: null when zero, else RFC 3339 UTC with second precision. */
function timeValue(t: string | null | undefined): { ms: number | null; raw: string | null } {
  if (t === null || t === undefined || t === '') return { ms: null, raw: null }
  return parsedTime(t)
}

/** Updates compare the same stored timestamps again and again. */
const parsedTime = memoize((t: string): { ms: number | null; raw: string | null } => {
  const ms = Date.parse(t)
  return Number.isNaN(ms) ? { ms: NaN, raw: t } : { ms, raw: new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z') }
})

function timesEqual(a: ReturnType<typeof timeValue>, b: ReturnType<typeof timeValue>): boolean {
  if (a.ms === null || b.ms === null) return a.ms === b.ms
  if (Number.isNaN(a.ms) || Number.isNaN(b.ms)) return a.raw === b.raw
  return a.ms === b.ms
}

/** ValidateObjectMetaAccessorUpdate */
export function validateObjectMetaUpdate(newMeta: MetaInput, oldMeta: MetaInput, path = 'metadata'): FieldError[] {
  const errs: FieldError[] = []
  const immutable = (field: string, equal: boolean, badValue: unknown) => {
    if (!equal) errs.push(fe.invalid(`${path}.${field}`, badValue, FIELD_IMMUTABLE_ERROR_MSG))
  }
  if (oldMeta.deletionTimestamp) errs.push(...validateNoNewFinalizers(newMeta.finalizers, oldMeta.finalizers, `${path}.finalizers`))
  if (!newMeta.resourceVersion) errs.push(fe.invalid(`${path}.resourceVersion`, newMeta.resourceVersion ?? '', 'must be specified for an update'))
  if ((newMeta.generation ?? 0) < (oldMeta.generation ?? 0)) {
    errs.push(fe.invalid(`${path}.generation`, newMeta.generation ?? 0, 'must not be decremented'))
  }
  immutable('name', (newMeta.name ?? '') === (oldMeta.name ?? ''), newMeta.name ?? '')
  immutable('namespace', (newMeta.namespace ?? '') === (oldMeta.namespace ?? ''), newMeta.namespace ?? '')
  immutable('uid', (newMeta.uid ?? '') === (oldMeta.uid ?? ''), newMeta.uid ?? '')
  const nc = timeValue(newMeta.creationTimestamp)
  immutable('creationTimestamp', timesEqual(nc, timeValue(oldMeta.creationTimestamp)), nc.raw)
  const nd = timeValue(newMeta.deletionTimestamp)
  immutable('deletionTimestamp', timesEqual(nd, timeValue(oldMeta.deletionTimestamp)), nd.raw)
  const ng = newMeta.deletionGracePeriodSeconds ?? null
  immutable('deletionGracePeriodSeconds', ng === (oldMeta.deletionGracePeriodSeconds ?? null), ng)
  errs.push(...validateLabels(newMeta.labels, `${path}.labels`))
  errs.push(...validateAnnotations(newMeta.annotations, `${path}.annotations`))
  errs.push(...validateOwnerReferences(newMeta.ownerReferences, `${path}.ownerReferences`))
  errs.push(...validateManagedFields(newMeta.managedFields, `${path}.managedFields`))
  return errs
}
