// The shapes of authentication and authorization (k8s.io/apiserver/pkg/authentication/user.Info,
// k8s.io/apiserver/pkg/authorization/authorizer.Attributes, and the rbac.authorization.k8s.io/v1 kinds).

/** user.Info: who made the request. */
export interface UserInfo {
  name: string
  uid?: string
  groups: string[]
  extra?: Record<string, string[]>
}

/** user.Anonymous and the virtual groups (k8s.io/apiserver/pkg/authentication/user/user.go). */
export const ANONYMOUS_USER = 'system:anonymous'
export const ALL_AUTHENTICATED = 'system:authenticated'
export const ALL_UNAUTHENTICATED = 'system:unauthenticated'
/** user.SystemPrivilegedGroup: always allowed (authorizerfactory.NewPrivilegedGroups). */
export const PRIVILEGED_GROUP = 'system:masters'

export const ANONYMOUS: UserInfo = Object.freeze({ name: ANONYMOUS_USER, groups: [ALL_UNAUTHENTICATED] }) as UserInfo

/** authorizer.Attributes: what is being asked. `resourceRequest: false` means a non-resource path. */
export interface Attributes {
  user: UserInfo
  verb: string
  resourceRequest: boolean
  apiGroup?: string
  apiVersion?: string
  namespace?: string
  resource?: string
  subresource?: string
  name?: string
  /** Non-resource requests: the URL path. */
  path?: string
}

/** An authorizer's answer: allowed, or not (with `denied` for an explicit deny, which RBAC never gives). */
export interface Decision {
  allowed: boolean
  denied?: boolean
  reason: string
  /** Errors met while evaluating (e.g. a binding to a role that does not exist). */
  evaluationError?: string
}

/** authorizer.Authorizer as a plain function. */
export type Authorize = (attributes: Attributes) => Decision

// ---------------------------------------------------------------------------------------------------
// rbac.authorization.k8s.io/v1 shapes (k8s.io/api/rbac/v1/types.go)

export interface PolicyRule {
  verbs: string[]
  apiGroups?: string[]
  resources?: string[]
  resourceNames?: string[]
  nonResourceURLs?: string[]
}

export interface RbacMeta {
  name: string
  namespace?: string
}

export interface ClusterRole {
  apiVersion?: 'rbac.authorization.k8s.io/v1'
  kind: 'ClusterRole'
  metadata: RbacMeta
  rules?: PolicyRule[]
}

export interface Role {
  apiVersion?: 'rbac.authorization.k8s.io/v1'
  kind: 'Role'
  metadata: RbacMeta & { namespace: string }
  rules?: PolicyRule[]
}

export interface Subject {
  kind: 'User' | 'Group' | 'ServiceAccount'
  name: string
  /** ServiceAccount subjects: the account's namespace (defaults to the binding's). */
  namespace?: string
  apiGroup?: string
}

export interface RoleRef {
  kind: 'Role' | 'ClusterRole'
  name: string
  apiGroup?: string
}

export interface ClusterRoleBinding {
  apiVersion?: 'rbac.authorization.k8s.io/v1'
  kind: 'ClusterRoleBinding'
  metadata: RbacMeta
  subjects?: Subject[]
  roleRef: RoleRef & { kind: 'ClusterRole' }
}

export interface RoleBinding {
  apiVersion?: 'rbac.authorization.k8s.io/v1'
  kind: 'RoleBinding'
  metadata: RbacMeta & { namespace: string }
  subjects?: Subject[]
  roleRef: RoleRef
}

export type RbacObject = ClusterRole | Role | ClusterRoleBinding | RoleBinding

/** A bearer token's identity (the fields of a static token file line: token,user,uid,"group1,group2"). */
export interface TokenUser {
  user: string
  uid?: string
  groups?: string[]
  extra?: Record<string, string[]>
}

export interface AuthOptions {
  /** Bearer tokens and who they stand for. */
  tokens?: Record<string, TokenUser>
  /**
   * Requests without a bearer token run as `system:anonymous` (group `system:unauthenticated`), as a real
   * server with `--anonymous-auth=true` does. Default false: they get 401 Unauthorized.
   */
  anonymous?: boolean
  /**
   * RBAC objects (ClusterRole, Role, ClusterRoleBinding, RoleBinding). When absent, every authenticated
   * request is allowed (the AlwaysAllow authorizer). When present, requests are authorized by RBAC over
   * these objects plus the bootstrap policy (see `bootstrapPolicy`).
   */
  policy?: RbacObject[]
  /**
   * Add the built-in roles and bindings (default true): `cluster-admin` (bound to `system:masters`),
   * `system:discovery`, `system:basic-user`, `system:public-info-viewer` (bound as a real cluster binds
   * them), and the `admin`/`edit`/`view`/`system:image-puller`/`system:image-pusher` cluster roles
   * (unbound) for the resources this fake serves.
   */
  bootstrapPolicy?: boolean
}
