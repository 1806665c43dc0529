// RBAC: the rbac.authorization.k8s.io/v1 authorizer over a fixed set of roles and bindings
// (k8s.io/kubernetes/plugin/pkg/auth/authorizer/rbac/rbac.go RBACAuthorizer.Authorize / RulesFor,
// pkg/registry/rbac/validation/rule.go DefaultRuleResolver.VisitRulesFor and appliesToUser,
// pkg/apis/rbac/v1/evaluation_helpers.go VerbMatches / APIGroupMatches / ResourceMatches /
// ResourceNameMatches / NonResourceURLMatches).
// fidelity: apiserver.rbac

import type { Attributes, ClusterRole, ClusterRoleBinding, Decision, PolicyRule, RbacObject, Role, RoleBinding, Subject, UserInfo } from './types.js'

const ALL = '*'

export function verbMatches(rule: PolicyRule, verb: string): boolean {
  return rule.verbs.some((v) => v === ALL || v === verb)
}

export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  return (rule.apiGroups ?? []).some((g) => g === ALL || g === group)
}

// `*` matches everything; `*/<sub>` matches any resource's subresource `<sub>`.
export function resourceMatches(rule: PolicyRule, combined: string, subresource: string): boolean {
  for (const r of rule.resources ?? []) {
    if (r === ALL || r === combined) return true
    if (subresource && r.length === subresource.length + 2 && r.startsWith('*/') && r.endsWith(subresource)) return true
  }
  return false
}

export function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  const names = rule.resourceNames ?? []
  return names.length === 0 || names.includes(name)
}

export function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  for (const u of rule.nonResourceURLs ?? []) {
    if (u === ALL || u === path) return true
    if (u.endsWith('*') && path.startsWith(u.replace(/\*+$/, ''))) return true
  }
  return false
}

/** RuleAllows */
export function ruleAllows(a: Attributes, rule: PolicyRule): boolean {
  if (a.resourceRequest) {
    const sub = a.subresource ?? ''
    const combined = sub ? `${a.resource ?? ''}/${sub}` : (a.resource ?? '')
    return verbMatches(rule, a.verb) && apiGroupMatches(rule, a.apiGroup ?? '') && resourceMatches(rule, combined, sub) && resourceNameMatches(rule, a.name ?? '')
  }
  return verbMatches(rule, a.verb) && nonResourceURLMatches(rule, a.path ?? '')
}

const SA_PREFIX = 'system:serviceaccount:'

/** appliesToUser */
export function appliesToUser(user: UserInfo, subject: Subject, namespace: string): boolean {
  switch (subject.kind) {
    case 'User':
      return user.name === subject.name
    case 'Group':
      return user.groups.includes(subject.name)
    case 'ServiceAccount': {
      const ns = subject.namespace || namespace
      return !!ns && user.name === `${SA_PREFIX}${ns}:${subject.name}`
    }
    default:
      return false
  }
}

/** describeSubject */
function describeSubject(s: Subject, bindingNamespace: string): string {
  if (s.kind === 'ServiceAccount') return `${s.kind} ${JSON.stringify(`${s.name}/${s.namespace || bindingNamespace}`)}`
  return `${s.kind} ${JSON.stringify(s.name)}`
}

/** A rule together with where it came from (the visitor's `source`, described only when needed). */
interface VisitedRule {
  rule: PolicyRule
  source: () => string
}

export interface RulesResult {
  rules: PolicyRule[]
  /** Resolution errors (a binding to a missing role), as the rule resolver reports them. */
  errors: string[]
}

/** The RBAC authorizer over a fixed set of objects. */
export class RbacAuthorizer {
  private readonly clusterRoles = new Map<string, ClusterRole>()
  private readonly roles = new Map<string, Role>()
  private readonly clusterRoleBindings: ClusterRoleBinding[] = []
  /** Role bindings by namespace (a request only ever visits its own namespace's). */
  private readonly roleBindings = new Map<string, RoleBinding[]>()

  constructor(objects: readonly RbacObject[]) {
    for (const o of objects) {
      switch (o.kind) {
        case 'ClusterRole':
          this.clusterRoles.set(o.metadata.name, o)
          break
        case 'Role':
          this.roles.set(`${o.metadata.namespace}/${o.metadata.name}`, o)
          break
        case 'ClusterRoleBinding':
          this.clusterRoleBindings.push(o)
          break
        case 'RoleBinding': {
          const list = this.roleBindings.get(o.metadata.namespace) ?? []
          list.push(o)
          this.roleBindings.set(o.metadata.namespace, list)
          break
        }
      }
    }
  }

  private roleRules(ref: { kind: string; name: string }, namespace: string): PolicyRule[] | string {
    if (ref.kind === 'ClusterRole') {
      const r = this.clusterRoles.get(ref.name)
      return r ? (r.rules ?? []) : `clusterrole.rbac.authorization.k8s.io ${JSON.stringify(ref.name)} not found`
    }
    if (ref.kind === 'Role') {
      const r = this.roles.get(`${namespace}/${ref.name}`)
      return r ? (r.rules ?? []) : `role.rbac.authorization.k8s.io ${JSON.stringify(ref.name)} not found`
    }
    return `unsupported role reference kind: ${JSON.stringify(ref.kind)}`
  }

  /** VisitRulesFor: cluster role bindings first, then the role bindings of `namespace`. Stops when `visit` returns false. */
  private visitRulesFor(user: UserInfo, namespace: string, visit: (v: VisitedRule | undefined, err?: string) => boolean): void {
    for (const b of this.clusterRoleBindings) {
      const subject = (b.subjects ?? []).find((s) => appliesToUser(user, s, ''))
      if (!subject) continue
      const rules = this.roleRules(b.roleRef, '')
      if (typeof rules === 'string') {
        if (!visit(undefined, rules)) return
        continue
      }
      const source = () => `ClusterRoleBinding ${JSON.stringify(b.metadata.name)} of ${b.roleRef.kind} ${JSON.stringify(b.roleRef.name)} to ${describeSubject(subject, '')}`
      for (const rule of rules) if (!visit({ rule, source })) return
    }
    if (!namespace) return
    for (const b of this.roleBindings.get(namespace) ?? []) {
      const subject = (b.subjects ?? []).find((s) => appliesToUser(user, s, namespace))
      if (!subject) continue
      const rules = this.roleRules(b.roleRef, namespace)
      if (typeof rules === 'string') {
        if (!visit(undefined, rules)) return
        continue
      }
      const source = () => `RoleBinding ${JSON.stringify(`${b.metadata.name}/${namespace}`)} of ${b.roleRef.kind} ${JSON.stringify(b.roleRef.name)} to ${describeSubject(subject, namespace)}`
      for (const rule of rules) if (!visit({ rule, source })) return
    }
  }

  /** RBACAuthorizer.Authorize: allowed with `RBAC: allowed by …`, otherwise no opinion (reason only on errors). */
  authorize(a: Attributes): Decision {
    let reason = ''
    let allowed = false
    const errs: string[] = []
    this.visitRulesFor(a.user, a.namespace ?? '', (v, err) => {
      if (err) errs.push(err)
      if (v && ruleAllows(a, v.rule)) {
        allowed = true
        reason = `RBAC: allowed by ${v.source()}`
        return false
      }
      return true
    })
    if (allowed) return { allowed, reason }
    return { allowed: false, reason: errs.length ? `RBAC: ${aggregate(errs)}` : '' }
  }

  /** RulesFor: every rule that applies to the user in the namespace. */
  rulesFor(user: UserInfo, namespace: string): RulesResult {
    const rules: PolicyRule[] = []
    const errs: string[] = []
    this.visitRulesFor(user, namespace, (v, err) => {
      if (err) errs.push(err)
      if (v) rules.push(v.rule)
      return true
    })
    return { rules, errors: errs }
  }
}

/** utilerrors.Aggregate.Error(): one error as is, several as `[a, b]`. */
export function aggregate(errs: string[]): string {
  return errs.length === 1 ? errs[0]! : `[${errs.join(', ')}]`
}
