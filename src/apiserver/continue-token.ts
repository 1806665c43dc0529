// The continue token of paged lists (k8s.io/apiserver/pkg/storage/continue.go): base64url (no padding) of
// {"v":"meta.k8s.io/v1","rv":<list RV>,"start":"<key after the last item>"}. DecodeContinue's failures are
// reproduced with Go's own wording (encoding/base64 CorruptInputError, encoding/json errors, path.Clean),
// and the etcd3 store wraps them as 400 "invalid continue token: …".

import { errors } from './errors.js'
import { decodeRawTree, goJsonSyntaxError } from './patch/go-json.js'

export interface ContinueToken {
  /** The list's snapshot RV; negative means "the latest" (etcd3 store GetList: continueRV < 0). */
  rv: number
  /** The start key relative to the listed collection (cleaned; no leading slash). */
  start: string
}

const GENERIC = 'continue key is not valid'
const INVALID_START_RV = 'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)'
const EMPTY_START_KEY = 'continue key is not valid: encoded start key empty (version meta.k8s.io/v1)'
const UNRECOGNIZED_VERSION = 'continue key is not valid: server does not recognize this encoded version'

function invalid(message: string): Error {
  return errors.badRequest(`invalid continue token: ${message}`)
}

const URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

/** base64.RawURLEncoding.DecodeString: CR and LF are skipped; errors name the offending input byte. */
function rawURLDecode(s: string): Uint8Array {
  const out: number[] = []
  let quantum: number[] = []
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c === 10 || c === 13) continue
    const v = c < 128 ? URL_ALPHABET.indexOf(s[i]!) : -1
    if (v < 0) throw invalid(`${GENERIC}: illegal base64 data at input byte ${byteOffset(s, i)}`)
    quantum.push(v)
    if (quantum.length === 4) {
      const [a, b, c2, d] = quantum as [number, number, number, number]
      out.push((a << 2) | (b >> 4), ((b & 15) << 4) | (c2 >> 2), ((c2 & 3) << 6) | d)
      quantum = []
    }
  }
  if (quantum.length === 1) throw invalid(`${GENERIC}: illegal base64 data at input byte ${byteOffset(s, lastSignificant(s))}`)
  if (quantum.length >= 2) {
    const [a, b, c2 = 0] = quantum as [number, number, number?]
    out.push((a << 2) | (b >> 4))
    if (quantum.length === 3) out.push(((b & 15) << 4) | (c2 >> 2))
  }
  return new Uint8Array(out)
}

function lastSignificant(s: string): number {
  let i = s.length - 1
  while (i >= 0 && (s[i] === '\n' || s[i] === '\r')) i--
  return i
}

/** Go indexes the string's UTF-8 bytes. */
function byteOffset(s: string, i: number): number {
  return new TextEncoder().encode(s.slice(0, i)).length
}

/** path.Clean (Go): the shortest equivalent slash path. */
export function pathClean(p: string): string {
  if (p === '') return '.'
  const rooted = p.startsWith('/')
  const parts: string[] = []
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue
    if (seg === '..') {
      if (parts.length && parts[parts.length - 1] !== '..') parts.pop()
      else if (!rooted) parts.push('..')
      continue
    }
    parts.push(seg)
  }
  const joined = parts.join('/')
  if (rooted) return `/${joined}`
  return joined || '.'
}

function kindOf(raw: unknown): string {
  if (Array.isArray(raw)) return 'array'
  if (raw !== null && typeof raw === 'object') return 'object'
  const t = String(raw)
  if (t.startsWith('"')) return 'string'
  if (t === 'true' || t === 'false') return 'bool'
  if (t === 'null') return 'null'
  return 'number'
}

const INT64_MAX = 2n ** 63n - 1n
const INT64_MIN = -(2n ** 63n)

/** json.Unmarshal into continueToken{APIVersion string `json:"v"`; ResourceVersion int64 `json:"rv"`; StartKey string `json:"start"`}. */
function unmarshalToken(data: Uint8Array): { v: string; rv: number; start: string } {
  const syntax = goJsonSyntaxError(data)
  if (syntax) throw invalid(`${GENERIC}: ${syntax}`)
  const raw = decodeRawTree(new TextDecoder().decode(data))
  const token = { v: '', rv: 0, start: '' }
  if (raw === 'null') return token
  if (kindOf(raw) !== 'object') throw invalid(`${GENERIC}: json: cannot unmarshal ${kindOf(raw)} into Go value of type storage.continueToken`)
  let firstError: string | undefined
  const fail = (m: string) => (firstError ??= m)
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    // encoding/json matches field names exactly, else case-insensitively.
    const field = (['v', 'rv', 'start'] as const).find((f) => f === key) ?? (['v', 'rv', 'start'] as const).find((f) => f === key.toLowerCase())
    if (!field) continue
    const kind = kindOf(value)
    if (kind === 'null') continue
    if (field === 'rv') {
      const lit = String(value)
      if (kind === 'number' && /^-?(0|[1-9]\d*)$/.test(lit) && BigInt(lit) <= INT64_MAX && BigInt(lit) >= INT64_MIN) token.rv = Number(lit)
      else fail(`json: cannot unmarshal ${kind === 'number' ? `number ${lit}` : kind} into Go struct field continueToken.rv of type int64`)
    } else if (kind === 'string') token[field] = JSON.parse(String(value)) as string
    else fail(`json: cannot unmarshal ${kind} into Go struct field continueToken.${field} of type string`)
  }
  if (firstError) throw invalid(`${GENERIC}: ${firstError}`)
  return token
}

/** storage.DecodeContinue, with the etcd3 store's "invalid continue token" wrapping. */
export function decodeContinue(value: string): ContinueToken {
  const c = unmarshalToken(rawURLDecode(value))
  if (c.v !== 'meta.k8s.io/v1') throw invalid(`${UNRECOGNIZED_VERSION} ${c.v}`)
  if (c.rv === 0) throw invalid(INVALID_START_RV)
  if (c.start.length === 0) throw invalid(EMPTY_START_KEY)
  // Defend against path traversal: the key must already be clean.
  const key = c.start.startsWith('/') ? c.start : `/${c.start}`
  const cleaned = pathClean(key)
  if (cleaned !== key) throw invalid(`${GENERIC}: ${c.start}`)
  return { rv: c.rv, start: cleaned.slice(1) }
}

function b64urlEncode(s: string): string {
  const bytes = new TextEncoder().encode(s)
  let bin = ''
  for (const b of bytes) bin += String.fromCharCode(b)
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/** storage.EncodeContinue for the key after `lastKey`. */
export function encodeContinue(rv: number, lastKey: string): string {
  return b64urlEncode(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start: `${lastKey}\u0000` }))
}
