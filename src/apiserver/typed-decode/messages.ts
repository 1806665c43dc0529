// The texts of the errors a wrongly typed body produces upstream.
//
// * encoding/json's UnmarshalTypeError.Error() (Go ≥ 1.20; sigs.k8s.io/json aliases the type in
//   internal/golang/encoding/json/kubernetes_patch.go, so the text is the standard library's):
//     json: cannot unmarshal <value> into Go struct field <Struct>.<full.json.path> of type <go type>
//     json: cannot unmarshal <value> into Go value of type <go type>          (no struct context)
//   <value> is the JSON kind (`object`, `array`, `string`, `number`, `bool`), or `number <literal>` when a
//   number does not fit an integer/float field; <Struct> is the struct whose field is being decoded (its
//   unqualified name); the path joins the JSON field names from the root, without list indexes or map keys.
// * base64 errors of []byte fields are saved as they are: `illegal base64 data at input byte N`.
// * k8s.io/apiserver/pkg/endpoints/handlers/rest.go transformDecodeError wraps POST/PUT decode errors:
//     <Kind> in version "<version>" cannot be handled as a <Kind>: <error>
// * k8s.io/apimachinery/pkg/runtime/serializer/json/meta.go SimpleMetaFactory.Interpret reads apiVersion/kind
//   first with encoding/json into an anonymous struct (empty struct name):
//     couldn't get version/kind; json parse error: json: cannot unmarshal number into Go struct field .apiVersion of type string
// * k8s.io/apimachinery/pkg/runtime/converter.go fromUnstructured (strategic merge patches go from the patched
//   map straight to the typed object): `cannot convert int64 to string`, `unrecognized type: string`,
//   `cannot restore struct from: string`, `cannot restore slice from map`, `cannot restore map from slice`,
//   `error decoding from json: illegal base64 data at input byte N`.

import { RawNumber } from './raw-json.js'

export type JsonWord = 'object' | 'array' | 'string' | 'number' | 'bool'

export function jsonWord(v: unknown): JsonWord {
  if (Array.isArray(v)) return 'array'
  if (v instanceof RawNumber) return 'number'
  switch (typeof v) {
    case 'string':
      return 'string'
    case 'number':
      return 'number'
    case 'boolean':
      return 'bool'
    default:
      return 'object'
  }
}

/** Go's text of a JSON number literal (the JavaScript number re-serialised; `1e+21` → `1e+21`). */
export function numberLiteral(n: number): string {
  return JSON.stringify(n)
}

export interface UnmarshalTypeError {
  /** `number`, `number 1.5`, `string`, … */
  value: string
  /** Go type, e.g. `string`, `[]v1.TagReference`. */
  type: string
  /** Innermost struct type being decoded ('' for an anonymous struct or none). */
  struct: string
  /** Dotted JSON path of the field from the root ('' when none). */
  field: string
  /** Whether a struct field context was set (the "Go struct field" form). */
  inField: boolean
}

export function unmarshalTypeErrorText(e: UnmarshalTypeError): string {
  if (e.inField) return `json: cannot unmarshal ${e.value} into Go struct field ${e.struct}.${e.field} of type ${e.type}`
  return `json: cannot unmarshal ${e.value} into Go value of type ${e.type}`
}

export function base64ErrorText(offset: number): string {
  return `illegal base64 data at input byte ${offset}`
}

/** transformDecodeError for a body whose kind is known. */
export function cannotBeHandled(kind: string, version: string, into: string, err: string): string {
  return `${kind} in version "${version}" cannot be handled as a ${into}: ${err}`
}

/** SimpleMetaFactory.Interpret's text for a non-string apiVersion/kind. */
export function typeMetaErrorText(field: 'apiVersion' | 'kind', v: unknown): string {
  return `couldn't get version/kind; json parse error: ${unmarshalTypeErrorText({ value: jsonWord(v), type: 'string', struct: '', field, inField: true })}`
}
