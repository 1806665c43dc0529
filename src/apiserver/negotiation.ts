// Content negotiation (k8s.io/apiserver/pkg/endpoints/handlers/negotiation): which representation a
// response gets — JSON, YAML or protobuf, plain, Table or PartialObjectMetadata(List), pretty or compact.
// fidelity: apiserver.content-negotiation

import { errors, SUPPORTED_MEDIA_TYPES, TEXT_MEDIA_TYPES } from './errors.js'
import { PROTOBUF } from './protobuf/served.js'
import { memoize } from './recent.js'

export type Target = 'Table' | 'PartialObjectMetadata' | 'PartialObjectMetadataList'

export interface Negotiated {
  mediaType: 'application/json' | 'application/yaml' | typeof PROTOBUF
  target?: Target
  /** Version of the meta.k8s.io target (v1 or v1beta1). */
  targetVersion?: string
  pretty: boolean
}

interface Clause {
  type: string
  subtype: string
  params: Record<string, string>
  q: number
  order: number
}

/** Parsed Accept headers by value: clients send the same few headers over and over. Read-only. */
const parseAccept: (header: string) => readonly Clause[] = memoize(parseAcceptUncached, 256)

function parseAcceptUncached(header: string): Clause[] {
  const clauses: Clause[] = []
  header.split(',').forEach((raw, order) => {
    const [mt, ...ps] = raw.trim().split(';')
    if (!mt) return
    const [type = '', subtype = ''] = mt.trim().toLowerCase().split('/')
    const params: Record<string, string> = {}
    let q = 1
    for (const p of ps) {
      const [k, v = ''] = p.split('=')
      const key = k!.trim().toLowerCase()
      const val = v.trim().replace(/^"|"$/g, '')
      if (key === 'q') q = Number(val) || 0
      else params[key] = val
    }
    clauses.push({ type, subtype, params, q, order })
  })
  return clauses.sort((a, b) => b.q - a.q || wild(a) - wild(b) || a.order - b.order)
}

function wild(c: Clause): number {
  return (c.type === '*' ? 2 : 0) + (c.subtype === '*' ? 1 : 0)
}

const ROUTE_TYPES = new Set(['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf', '*/*'])

export interface NegotiateInput {
  accept: string | null
  /** The response is a list (LIST, deletecollection) rather than one object. */
  list: boolean
  /** Watches accept both PartialObjectMetadata and PartialObjectMetadataList. */
  watch?: boolean
  watchableRoute: boolean
  prettyParam: string | null
  userAgent: string
  /**
   * The endpoint's objects (kind and list kind) have protobuf messages. PartialObjectMetadata(List) always
   * do (AllowsMediaTypeTransform allows every media type for them); Table never is protobuf.
   */
  protobuf?: boolean
}

export function isPrettyDefault(userAgent: string): boolean {
  return /^(curl|Wget|Mozilla\/5\.0)/.test(userAgent)
}

/** Negotiate a response representation; throws the real 406s. */
export function negotiate(input: NegotiateInput): Negotiated {
  const pretty =
    input.prettyParam !== null
      ? input.prettyParam.toLowerCase() !== 'false' && input.prettyParam !== '0'
      : isPrettyDefault(input.userAgent)
  const header = (input.accept ?? '').trim()
  if (!header) return { mediaType: 'application/json', pretty }
  const clauses = parseAccept(header)
  // go-restful first: each clause's bare type must be one the route produces.
  const routeOk = clauses.some((c) => {
    const bare = `${c.type}/${c.subtype}`
    return ROUTE_TYPES.has(bare) || (input.watchableRoute && c.params.stream === 'watch' && ROUTE_TYPES.has(bare))
  })
  if (!routeOk) throw errors.routeNotAcceptable(input.watchableRoute)
  let sawCandidate = false
  let protobufOnly = false
  for (const c of clauses) {
    const bare = `${c.type}/${c.subtype}`
    const isJson = bare === 'application/json' || bare === '*/*' || (c.type === 'application' && c.subtype === '*')
    const isYaml = bare === 'application/yaml'
    const isProto = bare === 'application/vnd.kubernetes.protobuf'
    if (!isJson && !isYaml && !isProto) continue
    sawCandidate = true
    const as = c.params.as
    const clausePretty = c.params.pretty !== undefined ? c.params.pretty === '1' || c.params.pretty === 'true' : pretty
    if (!as) {
      if (isProto) {
        if (input.protobuf) return { mediaType: PROTOBUF, pretty: false }
        // A kind without a message: clients decode by the response Content-Type, so a protobuf-only
        // Accept still gets JSON.
        protobufOnly = true
        continue
      }
      return { mediaType: isYaml ? 'application/yaml' : 'application/json', pretty: clausePretty }
    }
    if (isProto && as === 'Table') continue
    if (c.params.g !== 'meta.k8s.io' || (c.params.v !== 'v1' && c.params.v !== 'v1beta1')) continue
    const partialOk =
      (as === 'PartialObjectMetadata' && (!input.list || input.watch)) || (as === 'PartialObjectMetadataList' && (input.list || input.watch))
    if (as === 'Table' || partialOk) {
      const mediaType = isProto ? PROTOBUF : isYaml ? 'application/yaml' : 'application/json'
      return { mediaType, target: as, targetVersion: c.params.v, pretty: isProto ? false : clausePretty }
    }
    if (as === 'PartialObjectMetadata' || as === 'PartialObjectMetadataList') {
      throw errors.notAcceptable(
        as === 'PartialObjectMetadata'
          ? 'you requested PartialObjectMetadata, but the requested object is a list'
          : 'you requested PartialObjectMetadataList, but the requested object is not a list',
      )
    }
  }
  if (protobufOnly) return { mediaType: 'application/json', pretty }
  if (sawCandidate) throw errors.notAcceptable(`only the following media types are accepted: ${(input.protobuf ? SUPPORTED_MEDIA_TYPES : TEXT_MEDIA_TYPES).join(', ')}`)
  throw errors.routeNotAcceptable(input.watchableRoute)
}
