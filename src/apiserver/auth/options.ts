// Checks an `auth` options value (from code, or from a JSON/YAML file given to `serve --auth-file`):
// unknown keys and wrongly shaped values are refused with a message naming the key, so a typo never
// leaves the fake half-protected.

import type { AuthOptions, PolicyRule, RbacObject, Subject, TokenUser } from './types.js'

export class AuthOptionsError extends Error {}

type Obj = Record<string, unknown>

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)

function fail(path: string, msg: string): never {
  throw new AuthOptionsError(`auth: ${path}: ${msg}`)
}

function keys(o: Obj, path: string, allowed: string[]): void {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) fail(path ? `${path}.${k}` : k, `unknown key (expected one of ${allowed.join(', ')})`)
}

function str(v: unknown, path: string, required = true): string | undefined {
  if (v === undefined && !required) return undefined
  if (typeof v !== 'string' || (required && !v)) fail(path, 'must be a non-empty string')
  return v
}

function strList(v: unknown, path: string, required = false): string[] | undefined {
  if (v === undefined && !required) return undefined
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) fail(path, 'must be a list of strings')
  return v as string[]
}

function token(v: unknown, path: string): TokenUser {
  if (!isObj(v)) fail(path, 'must be an object like { user, groups }')
  keys(v, path, ['user', 'uid', 'groups', 'extra'])
  const t: TokenUser = { user: str(v.user, `${path}.user`)! }
  if (v.uid !== undefined) t.uid = str(v.uid, `${path}.uid`)
  if (v.groups !== undefined) t.groups = strList(v.groups, `${path}.groups`)
  if (v.extra !== undefined) {
    if (!isObj(v.extra)) fail(`${path}.extra`, 'must map keys to lists of strings')
    t.extra = Object.fromEntries(Object.entries(v.extra).map(([k, x]) => [k, strList(x, `${path}.extra.${k}`, true)!]))
  }
  return t
}

function rule(v: unknown, path: string): PolicyRule {
  if (!isObj(v)) fail(path, 'must be a PolicyRule object')
  keys(v, path, ['verbs', 'apiGroups', 'resources', 'resourceNames', 'nonResourceURLs'])
  const r: PolicyRule = { verbs: strList(v.verbs, `${path}.verbs`, true)! }
  for (const k of ['apiGroups', 'resources', 'resourceNames', 'nonResourceURLs'] as const) if (v[k] !== undefined) r[k] = strList(v[k], `${path}.${k}`)
  if (!r.nonResourceURLs?.length && !r.resources?.length) fail(path, 'needs resources (with apiGroups) or nonResourceURLs')
  if (r.resources?.length && !r.apiGroups?.length) fail(`${path}.apiGroups`, 'is required with resources (use [""] for the core group)')
  return r
}

function subject(v: unknown, path: string): Subject {
  if (!isObj(v)) fail(path, 'must be a Subject object')
  keys(v, path, ['kind', 'name', 'namespace', 'apiGroup'])
  if (v.kind !== 'User' && v.kind !== 'Group' && v.kind !== 'ServiceAccount') fail(`${path}.kind`, 'must be User, Group or ServiceAccount')
  const s: Subject = { kind: v.kind, name: str(v.name, `${path}.name`)! }
  if (v.namespace !== undefined) s.namespace = str(v.namespace, `${path}.namespace`)
  if (v.apiGroup !== undefined) s.apiGroup = str(v.apiGroup, `${path}.apiGroup`, false)
  return s
}

const KINDS = ['ClusterRole', 'Role', 'ClusterRoleBinding', 'RoleBinding']

function rbacObject(v: unknown, path: string): RbacObject {
  if (!isObj(v)) fail(path, 'must be a ClusterRole, Role, ClusterRoleBinding or RoleBinding object')
  const kind = v.kind
  if (typeof kind !== 'string' || !KINDS.includes(kind)) fail(`${path}.kind`, `must be one of ${KINDS.join(', ')}`)
  if (v.apiVersion !== undefined && v.apiVersion !== 'rbac.authorization.k8s.io/v1') fail(`${path}.apiVersion`, 'must be rbac.authorization.k8s.io/v1')
  const binding = kind.endsWith('Binding')
  keys(v, path, binding ? ['apiVersion', 'kind', 'metadata', 'subjects', 'roleRef'] : ['apiVersion', 'kind', 'metadata', 'rules', 'aggregationRule'])
  if (!isObj(v.metadata)) fail(`${path}.metadata`, 'is required')
  const namespaced = kind === 'Role' || kind === 'RoleBinding'
  const metadata: { name: string; namespace?: string } = { name: str(v.metadata.name, `${path}.metadata.name`)! }
  if (namespaced) metadata.namespace = str(v.metadata.namespace, `${path}.metadata.namespace`)
  if (!binding) {
    const rules = v.rules === undefined ? [] : Array.isArray(v.rules) ? v.rules : fail(`${path}.rules`, 'must be a list')
    return { kind, metadata, rules: rules.map((r, i) => rule(r, `${path}.rules[${i}]`)) } as RbacObject
  }
  if (!isObj(v.roleRef)) fail(`${path}.roleRef`, 'is required')
  const refKind = v.roleRef.kind
  if (refKind !== 'ClusterRole' && !(refKind === 'Role' && namespaced)) fail(`${path}.roleRef.kind`, namespaced ? 'must be Role or ClusterRole' : 'must be ClusterRole')
  const roleRef = { kind: refKind, name: str(v.roleRef.name, `${path}.roleRef.name`)! }
  const subjects = v.subjects === undefined ? [] : Array.isArray(v.subjects) ? v.subjects : fail(`${path}.subjects`, 'must be a list')
  return { kind, metadata, roleRef, subjects: subjects.map((s, i) => subject(s, `${path}.subjects[${i}]`)) } as RbacObject
}

/** Validate and copy an `auth` options value. Throws AuthOptionsError naming the offending key. */
export function parseAuthOptions(value: unknown): AuthOptions {
  if (!isObj(value)) fail('(top level)', 'must be an object with tokens, anonymous, policy, bootstrapPolicy')
  keys(value, '', ['tokens', 'anonymous', 'policy', 'bootstrapPolicy'])
  const out: AuthOptions = {}
  if (value.tokens !== undefined) {
    if (!isObj(value.tokens)) fail('tokens', 'must map tokens to { user, groups }')
    out.tokens = Object.fromEntries(Object.entries(value.tokens).map(([t, u]) => [t, token(u, `tokens[${JSON.stringify(t)}]`)]))
  }
  for (const k of ['anonymous', 'bootstrapPolicy'] as const) {
    if (value[k] !== undefined) {
      if (typeof value[k] !== 'boolean') fail(k, 'must be true or false')
      out[k] = value[k]
    }
  }
  if (value.policy !== undefined) {
    const items = Array.isArray(value.policy) ? value.policy : isObj(value.policy) && Array.isArray(value.policy.items) ? value.policy.items : fail('policy', 'must be a list of RBAC objects (or a List with items)')
    out.policy = items.map((o, i) => rbacObject(o, `policy[${i}]`))
  }
  return out
}
