// Impersonation headers: k8s.io/apiserver/pkg/endpoints/filters/impersonation/impersonation.go
// (WithImpersonation, buildImpersonationRequests). Each requested identity needs the `impersonate` verb
// on users, groups, serviceaccounts, userextras/<key> or uids; the first one refused answers 403.
// fidelity: apiserver.impersonation

import { errors } from '../errors.js'
import { forbiddenError } from './forbidden.js'
import { ALL_AUTHENTICATED, ALL_UNAUTHENTICATED, ANONYMOUS_USER, type Attributes, type Authorize, type UserInfo } from './types.js'

const USER_HEADER = 'impersonate-user'
const GROUP_HEADER = 'impersonate-group'
const UID_HEADER = 'impersonate-uid'
const EXTRA_PREFIX = 'impersonate-extra-'

/** A v1.ObjectReference of one impersonation request. */
interface ImpersonationRequest {
  kind: 'ServiceAccount' | 'User' | 'Group' | 'UserExtra' | 'UID'
  namespace?: string
  name: string
  apiVersion?: string
  fieldPath?: string
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/

/** serviceaccount.SplitUsername */
export function splitServiceAccountUsername(username: string): { namespace: string; name: string } | undefined {
  const prefix = 'system:serviceaccount:'
  if (!username.startsWith(prefix)) return undefined
  const parts = username.slice(prefix.length).split(':')
  if (parts.length !== 2) return undefined
  const [namespace, name] = parts as [string, string]
  if (namespace.length > 63 || !DNS_LABEL.test(namespace)) return undefined
  if (name.length > 253 || !DNS_SUBDOMAIN.test(name)) return undefined
  return { namespace, name }
}

/** Go's %v of a v1.ObjectReference: `{Kind Namespace Name UID APIVersion ResourceVersion FieldPath}`. */
function goRef(r: ImpersonationRequest): string {
  return `{${[r.kind, r.namespace ?? '', r.name, '', r.apiVersion ?? '', '', r.fieldPath ?? ''].join(' ')}}`
}

/** url.PathUnescape, keeping the key as is when it does not decode. */
function unescapeExtraKey(key: string): string {
  try {
    return decodeURIComponent(key)
  } catch {
    return key
  }
}

/** buildImpersonationRequests: empty when the request asks for nothing; 400 for groups/extras/uid without a user. */
export function impersonationRequests(headers: Headers): ImpersonationRequest[] {
  const out: ImpersonationRequest[] = []
  const user = headers.get(USER_HEADER) ?? ''
  const hasUser = user.length > 0
  if (hasUser) {
    const sa = splitServiceAccountUsername(user)
    out.push(sa ? { kind: 'ServiceAccount', namespace: sa.namespace, name: sa.name } : { kind: 'User', name: user })
  }
  let hasGroups = false
  let hasExtra = false
  for (const [name, value] of headers) {
    if (name === GROUP_HEADER) {
      for (const g of value.split(', ')) {
        hasGroups = true
        out.push({ kind: 'Group', name: g })
      }
    }
  }
  for (const [name, value] of headers) {
    if (!name.startsWith(EXTRA_PREFIX)) continue
    hasExtra = true
    const key = unescapeExtraKey(name.slice(EXTRA_PREFIX.length))
    for (const v of value.split(', ')) out.push({ kind: 'UserExtra', apiVersion: 'authentication.k8s.io/v1', name: v, fieldPath: key })
  }
  const uid = headers.get(UID_HEADER) ?? ''
  if (uid) out.push({ kind: 'UID', name: uid, apiVersion: 'authentication.k8s.io/v1' })
  if ((hasGroups || hasExtra || uid) && !hasUser) {
    throw errors.badRequest(`requested [${out.map(goRef).join(' ')}] without impersonating a user`)
  }
  return out
}

/** Whether the request carries any impersonation header (`full`: also scan for Impersonate-Extra-*). */
export function hasImpersonationHeaders(headers: Headers, full: boolean): boolean {
  if (headers.has(USER_HEADER) || headers.has(GROUP_HEADER) || headers.has(UID_HEADER)) return true
  if (!full) return false
  for (const [name] of headers) if (name.startsWith(EXTRA_PREFIX)) return true
  return false
}

/** WithImpersonation: the user the request acts as, after checking `impersonate` for each requested identity. */
export function impersonate(requestor: UserInfo, headers: Headers, authorize: Authorize): UserInfo {
  const requests = impersonationRequests(headers)
  if (!requests.length) return requestor
  const groupsSpecified = headers.has(GROUP_HEADER)
  let username = ''
  let groups: string[] = []
  const extra: Record<string, string[]> = {}
  let uid = ''
  for (const r of requests) {
    const attrs: Attributes = { user: requestor, verb: 'impersonate', resourceRequest: true, apiGroup: '', apiVersion: 'v1', namespace: r.namespace ?? '', name: r.name }
    switch (r.kind) {
      case 'ServiceAccount':
        attrs.resource = 'serviceaccounts'
        username = `system:serviceaccount:${r.namespace}:${r.name}`
        if (!groupsSpecified) groups = ['system:serviceaccounts', `system:serviceaccounts:${r.namespace}`]
        break
      case 'User':
        attrs.resource = 'users'
        username = r.name
        break
      case 'Group':
        attrs.resource = 'groups'
        groups.push(r.name)
        break
      case 'UserExtra':
        attrs.apiGroup = 'authentication.k8s.io'
        attrs.resource = 'userextras'
        attrs.subresource = r.fieldPath
        ;(extra[r.fieldPath!] ??= []).push(r.name)
        break
      case 'UID':
        attrs.apiGroup = 'authentication.k8s.io'
        attrs.resource = 'uids'
        uid = r.name
        break
    }
    const d = authorize(attrs)
    if (!d.allowed) throw forbiddenError(attrs, d.reason)
  }
  if (username !== ANONYMOUS_USER) {
    if (!groups.some((g) => g === ALL_AUTHENTICATED || g === ALL_UNAUTHENTICATED)) groups.push(ALL_AUTHENTICATED)
  } else if (!groups.includes(ALL_UNAUTHENTICATED)) groups.push(ALL_UNAUTHENTICATED)
  const user: UserInfo = { name: username, groups }
  if (uid) user.uid = uid
  if (Object.keys(extra).length) user.extra = extra
  return user
}
