// The authentication → impersonation → authorization steps of the real filter chain
// (k8s.io/apiserver/pkg/endpoints/filters/authentication.go, impersonation/impersonation.go,
// authorization.go), run by the engine between request info and the verb handlers. Off unless
// configured: then every request is `system:anonymous` and everything is allowed.

import type { RequestInfo } from '../request-info.js'
import { errors } from '../errors.js'
import { TokenAuthenticator } from './authenticator.js'
import { bootstrapPolicy } from './bootstrap-policy.js'
import { forbiddenError, unauthorizedError } from './forbidden.js'
import { hasImpersonationHeaders, impersonate } from './impersonation.js'
import { parseAuthOptions } from './options.js'
import { RbacAuthorizer, type RulesResult } from './rbac.js'
import { ANONYMOUS, PRIVILEGED_GROUP, type Attributes, type AuthOptions, type Decision, type UserInfo } from './types.js'

const ALLOW_ALL: Decision = Object.freeze({ allowed: true, reason: '' })

/** authorizer.AttributesRecord from a parsed request (GetAuthorizerAttributes in filters/authorization.go). */
export function attributesOf(user: UserInfo, info: RequestInfo): Attributes {
  if (!info.isResourceRequest) return { user, verb: info.verb, resourceRequest: false, path: info.path }
  return {
    user,
    verb: info.verb,
    resourceRequest: true,
    apiGroup: info.apiGroup,
    apiVersion: info.apiVersion,
    namespace: info.namespace,
    resource: info.resource,
    subresource: info.subresource,
    name: info.name,
  }
}

export class Auth {
  /** Whether authentication (tokens) is configured. */
  readonly enabled: boolean
  private readonly authenticator?: TokenAuthenticator
  private readonly rbac?: RbacAuthorizer

  /** Throws AuthOptionsError (naming the key) for options that are not well formed. */
  constructor(input?: AuthOptions) {
    const options = input === undefined ? undefined : parseAuthOptions(input)
    this.enabled = !!options
    if (options) this.authenticator = new TokenAuthenticator(options.tokens ?? {}, !!options.anonymous)
    if (options?.policy) this.rbac = new RbacAuthorizer([...(options.bootstrapPolicy === false ? [] : bootstrapPolicy()), ...options.policy])
  }

  /**
   * The authorizer chain: members of `system:masters` are always allowed (authorizerfactory.NewPrivilegedGroups),
   * then RBAC; with no policy configured, everything is allowed (AlwaysAllow).
   */
  readonly authorize = (a: Attributes): Decision => {
    if (!this.rbac) return ALLOW_ALL
    if (a.user.groups.includes(PRIVILEGED_GROUP)) return ALLOW_ALL
    // The policy never changes: decisions are memoised per user object (token users are shared, frozen).
    let byUser = this.decisions.get(a.user)
    if (!byUser) this.decisions.set(a.user, (byUser = new Map()))
    const key = a.resourceRequest
      ? `${a.verb} ${a.apiGroup ?? ''} ${a.namespace ?? ''} ${a.resource ?? ''} ${a.subresource ?? ''} ${a.name ?? ''}`
      : `${a.verb} ${a.path ?? ''}`
    let d = byUser.get(key)
    if (!d) {
      d = Object.freeze(this.rbac.authorize(a))
      if (byUser.size >= 1000) byUser.clear()
      byUser.set(key, d)
    }
    return d
  }
  private readonly decisions = new WeakMap<UserInfo, Map<string, Decision>>()

  /** What the user may do in a namespace (SelfSubjectRulesReview). AlwaysAllow answers `*` for everything. */
  rulesFor(user: UserInfo, namespace: string): RulesResult {
    if (!this.rbac) {
      return { rules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, { verbs: ['*'], nonResourceURLs: ['*'] }], errors: [] }
    }
    return this.rbac.rulesFor(user, namespace)
  }

  /**
   * Who the request runs as: the bearer token's user (401 Unauthorized when tokens are configured and
   * the token is missing or unknown, unless `anonymous`), then the impersonation headers (400/403). For
   * other doors of the fake (e.g. a registry) that authorize with `authorize` themselves.
   */
  authenticate(headers: Headers): UserInfo {
    let user: UserInfo = ANONYMOUS
    if (this.authenticator) {
      const r = this.authenticator.authenticate(headers)
      if ('error' in r) throw unauthorizedError()
      user = r.user
    }
    if (hasImpersonationHeaders(headers, this.enabled)) user = impersonate(user, headers, this.authorize)
    return user
  }

  /**
   * For PUT/PATCH: the check a create-on-update runs (k8s.io/apiserver/pkg/endpoints/handlers/rest.go
   * withAuthorization): `create` must be allowed too. QUIRK: its 403 is `NewForbidden(gr, name, reason)`,
   * so the message is `<resource> "<name>" is forbidden: ` followed by the authorizer's reason (usually
   * empty), not the filter's "User … cannot …" sentence. Undefined when everything is allowed.
   */
  createOnUpdateCheck(user: UserInfo, info: RequestInfo): (() => void) | undefined {
    if (!this.rbac) return undefined
    return () => {
      const attrs = { ...attributesOf(user, info), verb: 'create' }
      const d = this.authorize(attrs)
      if (!d.allowed) throw errors.forbidden(attrs.apiGroup ?? '', attrs.resource ?? '', attrs.name ?? '', d.reason)
    }
  }

  /** Authorize a request of an already authenticated user (the fake's own clients, e.g. the registry). */
  checkAs(user: UserInfo, info: RequestInfo): UserInfo {
    if (!this.rbac) return user
    const attrs = attributesOf(user, info)
    const d = this.authorize(attrs)
    if (!d.allowed) throw forbiddenError(attrs, d.reason)
    return user
  }

  /**
   * Authenticate, impersonate and authorize a request: the user it runs as, or a thrown Status error
   * (401 Unauthorized, 400 for malformed impersonation, 403 Forbidden).
   */
  /** Whether requests are authorized by a policy (false: AlwaysAllow). */
  get authorizes(): boolean {
    return !!this.rbac
  }

  check(headers: Headers, info: RequestInfo): UserInfo {
    const user = this.authenticate(headers)
    if (!this.rbac) return user
    const attrs = attributesOf(user, info)
    const d = this.authorize(attrs)
    if (!d.allowed) throw forbiddenError(attrs, d.reason)
    return user
  }
}
