// URL → request info, a port of k8s.io/apiserver/pkg/endpoints/request.RequestInfoFactory.

export interface RequestInfo {
  isResourceRequest: boolean
  path: string
  /** get, list, watch, create, update, patch, delete, deletecollection (resource requests), or the HTTP method lower-cased. */
  verb: string
  apiPrefix: string // 'api' | 'apis' | ''
  apiGroup: string
  apiVersion: string
  namespace: string
  resource: string
  subresource: string
  name: string
  /** Parts after group/version (and after `watch/` and `namespaces/{ns}`). */
  parts: string[]
  /** The request came through a deprecated /watch/ path. */
  watchPath: boolean
}

const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize'])

export function isTrueParam(v: string | null): boolean {
  if (v === null) return false
  const l = v.toLowerCase()
  return l !== 'false' && l !== '0'
}

/** Parsed infos by method and path, for those that did not depend on the query. Shared: never mutated (frozen). */
const infoCache = new Map<string, RequestInfo>()

export function parseRequestInfo(method: string, path: string, query: URLSearchParams): RequestInfo {
  const key = `${method} ${path}`
  const hit = infoCache.get(key)
  if (hit) return hit
  const info = parse(method, path, query)
  // A collection GET reads the query (watch, fieldSelector); everything else is a function of method and path.
  if (!(info.isResourceRequest && (info.verb === 'list' || info.verb === 'watch') && !info.watchPath)) {
    if (infoCache.size >= 1000) infoCache.clear()
    Object.freeze(info.parts)
    infoCache.set(key, Object.freeze(info))
  }
  return info
}

function parse(method: string, path: string, query: URLSearchParams): RequestInfo {
  const info: RequestInfo = {
    isResourceRequest: false,
    path,
    verb: method.toLowerCase(),
    apiPrefix: '',
    apiGroup: '',
    apiVersion: '',
    namespace: '',
    resource: '',
    subresource: '',
    name: '',
    parts: [],
    watchPath: false,
  }
  let parts = splitPath(path)
  if (parts.length < 1 || (parts[0] !== 'api' && parts[0] !== 'apis')) return info
  info.apiPrefix = parts[0]!
  parts = parts.slice(1)
  if (info.apiPrefix === 'apis') {
    if (parts.length < 2) return info
    info.apiGroup = parts[0]!
    parts = parts.slice(1)
  } else if (parts.length < 1) return info
  info.apiVersion = parts[0]!
  parts = parts.slice(1)
  if (parts.length === 0) return info

  info.isResourceRequest = true
  switch (method) {
    case 'POST':
      info.verb = 'create'
      break
    case 'GET':
    case 'HEAD':
      info.verb = 'get'
      break
    case 'PUT':
      info.verb = 'update'
      break
    case 'PATCH':
      info.verb = 'patch'
      break
    case 'DELETE':
      info.verb = 'delete'
      break
    default:
      info.verb = ''
  }
  if (parts[0] === 'watch' && parts.length >= 2) {
    info.verb = 'watch'
    info.watchPath = true
    parts = parts.slice(1)
  }
  if (parts[0] === 'namespaces') {
    if (parts.length > 1) {
      info.namespace = parts[1]!
      if (parts.length > 2 && !NAMESPACE_SUBRESOURCES.has(parts[2]!)) parts = parts.slice(2)
    }
  }
  info.parts = parts
  if (parts.length >= 3) info.subresource = parts[2]!
  if (parts.length >= 2) info.name = parts[1]!
  if (parts.length >= 1) info.resource = parts[0]!

  if (!info.name && info.verb === 'get') {
    info.verb = isTrueParam(query.get('watch')) ? 'watch' : 'list'
    const fs = query.get('fieldSelector')
    if (fs) {
      const m = /^(?:.*,)?metadata\.name==?([^,]*)(?:,.*)?$/.exec(fs)
      if (m && m[1] && !/[/%]/.test(m[1]) && m[1] !== '.' && m[1] !== '..') info.name = m[1]
    }
  }
  if (!info.name && info.verb === 'delete') info.verb = 'deletecollection'
  return info
}

export function splitPath(path: string): string[] {
  let start = 0
  let end = path.length
  while (start < end && path.charCodeAt(start) === 47 /* / */) start++
  while (end > start && path.charCodeAt(end - 1) === 47) end--
  if (start === end) return []
  const parts = path.slice(start, end).split('/')
  if (!path.includes('%')) return parts
  return parts.map((p) => {
    try {
      return decodeURIComponent(p)
    } catch {
      return p
    }
  })
}
