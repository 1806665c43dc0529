// String checks of k8s.io/apimachinery v0.34.1 (the version vendored by openshift-apiserver):
//   pkg/util/validation/validation.go  (IsDNS1123Label, IsDNS1123Subdomain, IsQualifiedName, IsValidLabelValue)
//   pkg/api/validation/path/name.go    (ValidatePathSegmentName)
//   pkg/api/validation/generic.go      (NameIsDNSSubdomain, NameIsDNSLabel, maskTrailingDash)
//
// Go's len() counts UTF-8 bytes, so every check below works on a "byte string" (one JS char per UTF-8 byte).

import { fe, type FieldError } from './errors.js'

// ---------------------------------------------------------------------------------------------------
// Byte strings

const ASCII_ONLY = /^[\x00-\x7f]*$/
let encoder: TextEncoder | undefined

/** The UTF-8 bytes of `s`, one char per byte (lone surrogates become U+FFFD, as Go's JSON decoder does). */
export function toByteString(s: string): string {
  if (ASCII_ONLY.test(s)) return s
  encoder ??= new TextEncoder()
  const bytes = encoder.encode(s)
  let out = ''
  for (let i = 0; i < bytes.length; i++) out += String.fromCharCode(bytes[i]!)
  return out
}

/** Go's len(s) for a JS string (lone surrogates count as the 3 bytes of U+FFFD). */
export function utf8Length(s: string): number {
  if (ASCII_ONLY.test(s)) return s.length
  let n = 0
  for (const ch of s) {
    const cp = ch.codePointAt(0)!
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4
  }
  return n
}

// ---------------------------------------------------------------------------------------------------
// pkg/util/validation/validation.go

const qnameCharFmt = '[A-Za-z0-9]'
const qnameExtCharFmt = '[-A-Za-z0-9_.]'
const qualifiedNameFmt = '(' + qnameCharFmt + qnameExtCharFmt + '*)?' + qnameCharFmt
const qualifiedNameErrMsg = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
const qualifiedNameMaxLength = 63
const qualifiedNameRegexp = new RegExp('^' + qualifiedNameFmt + '$')

const labelValueFmt = '(' + qualifiedNameFmt + ')?'
const labelValueErrMsg =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
export const LABEL_VALUE_MAX_LENGTH = 63
const labelValueRegexp = new RegExp('^' + labelValueFmt + '$')

const dns1123LabelFmt = '[a-z0-9]([-a-z0-9]*[a-z0-9])?'
const dns1123LabelErrMsg =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character"
export const DNS1123_LABEL_MAX_LENGTH = 63
const dns1123LabelRegexp = new RegExp('^' + dns1123LabelFmt + '$')

const dns1123SubdomainFmt = dns1123LabelFmt + '(\\.' + dns1123LabelFmt + ')*'
const dns1123SubdomainErrorMsg =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character"
export const DNS1123_SUBDOMAIN_MAX_LENGTH = 253
const dns1123SubdomainRegexp = new RegExp('^' + dns1123SubdomainFmt + '$')

/** validation.MaxLenError */
export const maxLenError = (length: number): string => `must be no more than ${length} characters`
/** validation.EmptyError */
export const emptyError = (): string => 'must be non-empty'

/** validation.RegexError (note the `', ` before each ` or `, which yields the famous double space). */
export function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return msg + " (regex used for validation is '" + fmt + "')"
  msg += ' (e.g. '
  examples.forEach((ex, i) => (msg += (i > 0 ? ' or ' : '') + "'" + ex + "', "))
  msg += "regex used for validation is '" + fmt + "')"
  return msg
}

function dns1123Label(b: string): string[] {
  const errs: string[] = []
  if (b.length > DNS1123_LABEL_MAX_LENGTH) errs.push(maxLenError(DNS1123_LABEL_MAX_LENGTH))
  if (!dns1123LabelRegexp.test(b)) {
    if (dns1123SubdomainRegexp.test(b)) errs.push('must not contain dots')
    else errs.push(regexError(dns1123LabelErrMsg, dns1123LabelFmt, 'my-name', '123-abc'))
  }
  return errs
}

function dns1123Subdomain(b: string): string[] {
  const errs: string[] = []
  if (b.length > DNS1123_SUBDOMAIN_MAX_LENGTH) errs.push(maxLenError(DNS1123_SUBDOMAIN_MAX_LENGTH))
  if (!dns1123SubdomainRegexp.test(b)) errs.push(regexError(dns1123SubdomainErrorMsg, dns1123SubdomainFmt, 'example.com'))
  return errs
}

function qualifiedName(b: string): string[] {
  const errs: string[] = []
  const parts = b.split('/')
  let name: string
  switch (parts.length) {
    case 1:
      name = parts[0]!
      break
    case 2: {
      const prefix = parts[0]!
      name = parts[1]!
      if (prefix.length === 0) errs.push('prefix part ' + emptyError())
      else errs.push(...dns1123Subdomain(prefix).map((m) => 'prefix part ' + m))
      break
    }
    default:
      return [
        'a qualified name ' +
          regexError(qualifiedNameErrMsg, qualifiedNameFmt, 'MyName', 'my.name', '123-abc') +
          " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
      ]
  }
  if (name.length === 0) errs.push('name part ' + emptyError())
  else if (name.length > qualifiedNameMaxLength) errs.push('name part ' + maxLenError(qualifiedNameMaxLength))
  if (!qualifiedNameRegexp.test(name)) errs.push('name part ' + regexError(qualifiedNameErrMsg, qualifiedNameFmt, 'MyName', 'my.name', '123-abc'))
  return errs
}

function labelValue(b: string): string[] {
  const errs: string[] = []
  if (b.length > LABEL_VALUE_MAX_LENGTH) errs.push(maxLenError(LABEL_VALUE_MAX_LENGTH))
  if (!labelValueRegexp.test(b)) errs.push(regexError(labelValueErrMsg, labelValueFmt, 'MyValue', 'my_value', '12345'))
  return errs
}

/** validation.IsDNS1123Label */
export const isDNS1123Label = (v: string): string[] => dns1123Label(toByteString(v))
/** validation.IsDNS1123Subdomain */
export const isDNS1123Subdomain = (v: string): string[] => dns1123Subdomain(toByteString(v))
/** validation.IsQualifiedName */
export const isQualifiedName = (v: string): string[] => qualifiedName(toByteString(v))
/** validation.IsValidLabelValue */
export const isValidLabelValue = (v: string): string[] => labelValue(toByteString(v))

// ---------------------------------------------------------------------------------------------------
// pkg/api/validation/path/name.go

/** path.ValidatePathSegmentName: `prefix` mode (generateName) skips the exact `.`/`..` check. */
export function validatePathSegmentName(name: string, prefix: boolean): string[] {
  if (!prefix) {
    for (const illegal of ['.', '..']) if (name === illegal) return [`may not be '${illegal}'`]
  }
  const errs: string[] = []
  for (const illegal of ['/', '%']) if (name.includes(illegal)) errs.push(`may not contain '${illegal}'`)
  return errs
}

// ---------------------------------------------------------------------------------------------------
// pkg/api/validation/generic.go

/**
 * maskTrailingDash, verbatim: if the (byte) length is > 1 and the name ends in `-`, the LAST TWO bytes
 * are replaced by `a` (`name[:len(name)-2] + "a"`), so `"foo-"` is checked as `"foa"`.
 */
function maskTrailingDash(b: string): string {
  if (b.length > 1 && b.endsWith('-')) return b.slice(0, b.length - 2) + 'a'
  return b
}

const masked = (name: string, prefix: boolean) => (prefix ? maskTrailingDash(toByteString(name)) : toByteString(name))
/** NameIsDNSSubdomain (a ValidateNameFunc). */
export const nameIsDNSSubdomain = (name: string, prefix: boolean): string[] => dns1123Subdomain(masked(name, prefix))
/** NameIsDNSLabel (a ValidateNameFunc); also ValidateNamespaceName. */
export const nameIsDNSLabel = (name: string, prefix: boolean): string[] => dns1123Label(masked(name, prefix))

export const IS_NEGATIVE_ERROR_MSG = 'must be greater than or equal to 0'
export const FIELD_IMMUTABLE_ERROR_MSG = 'field is immutable'
export const TOTAL_ANNOTATION_SIZE_LIMIT_B = 256 * (1 << 10)

/** ValidateNonnegativeField */
export function validateNonnegativeField(value: number, path: string): FieldError[] {
  return value < 0 ? [fe.invalid(path, value, IS_NEGATIVE_ERROR_MSG)] : []
}

