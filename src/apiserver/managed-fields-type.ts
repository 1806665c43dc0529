// The decode error for a wrongly typed metadata.managedFields, as encoding/json (sigs.k8s.io/json) reports it
// decoding into metav1.ObjectMeta: `json: cannot unmarshal number into Go struct field
// ManagedFieldsEntry.metadata.managedFields.manager of type string` (UnmarshalTypeError: the struct is the
// innermost Go struct, the field path joins the JSON names without list indexes).
// The general typed decoding of whole objects lives with the decoder; this guard keeps managedFields — which
// the write path reads before validation — from ever reaching code that assumes its Go shape.

import { jsonKindWord } from './patch/go-json.js'

const ENTRY_FIELDS: Record<string, string> = {
  manager: 'string',
  operation: 'v1.ManagedFieldsOperationType',
  apiVersion: 'string',
  fieldsType: 'string',
  subresource: 'string',
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** The first UnmarshalTypeError text for `metadata.managedFields`, or undefined when it decodes. */
export function managedFieldsTypeError(metadata: unknown): string | undefined {
  if (!isObject(metadata)) return undefined
  const mf = metadata.managedFields
  if (mf === undefined || mf === null) return undefined
  if (!Array.isArray(mf)) return `json: cannot unmarshal ${jsonKindWord(mf)} into Go struct field ObjectMeta.metadata.managedFields of type []v1.ManagedFieldsEntry`
  for (const e of mf) {
    if (e === null) continue
    if (!isObject(e)) return `json: cannot unmarshal ${jsonKindWord(e)} into Go struct field ObjectMeta.metadata.managedFields of type v1.ManagedFieldsEntry`
    for (const [k, v] of Object.entries(e)) {
      const goType = ENTRY_FIELDS[k]
      if (goType && v !== null && typeof v !== 'string') {
        return `json: cannot unmarshal ${jsonKindWord(v)} into Go struct field ManagedFieldsEntry.metadata.managedFields.${k} of type ${goType}`
      }
      // metav1.Time.UnmarshalJSON decodes into a plain string: the error carries no struct context.
      if (k === 'time' && v !== null && typeof v !== 'string') return `json: cannot unmarshal ${jsonKindWord(v)} into Go value of type string`
      if (k === 'fieldsV1' && v !== null && !isObject(v)) {
        return `json: cannot unmarshal ${jsonKindWord(v)} into Go struct field ManagedFieldsEntry.metadata.managedFields.fieldsV1 of type v1.FieldsV1`
      }
    }
  }
  return undefined
}

/** Entries that are objects (what the bookkeeping may read); anything else is dropped. */
export function managedFieldsEntries<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value.filter((e) => isObject(e) && typeof e.manager === 'string') as T[]) : []
}
