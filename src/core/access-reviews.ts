// authorization.k8s.io/v1 SelfSubjectAccessReview and SelfSubjectRulesReview, authentication.k8s.io/v1
// SelfSubjectReview: create-only virtual resources answered from the request's user and the engine's
// authorizer (k8s pkg/registry/authorization/selfsubjectaccessreview/rest.go,
// selfsubjectrulesreview/rest.go, pkg/registry/authentication/selfsubjectreview/rest.go;
// validation in pkg/apis/authorization/validation/validation.go).
// fidelity: authorization.access-reviews

import type { Auth } from '../apiserver/auth/auth.js'
import { ANONYMOUS, type Attributes, type PolicyRule, type UserInfo } from '../apiserver/auth/types.js'
import { errors, fe, type FieldError } from '../apiserver/errors.js'
import { isPlainObject } from '../apiserver/json.js'
import type { ApiServer } from '../apiserver/server.js'
import type { RequestContext, ResourceDef, Storage } from '../apiserver/types.js'
import type { KubeObject } from '../image/types.js'
import { AUTHN, AUTHZ, accessReviewSchemas } from './schema/access-reviews.js'

const AUTHZ_GROUP = 'authorization.k8s.io'
const AUTHN_GROUP = 'authentication.k8s.io'

type Obj = Record<string, unknown>

function userOf(ctx: RequestContext): UserInfo {
  return ctx.user ?? ANONYMOUS
}

/** The echoed metadata: what was sent, with `creationTimestamp: null` (a zero metav1.Time). */
function echoMeta(obj: KubeObject): Obj {
  const m: Obj = isPlainObject(obj.metadata) ? { ...obj.metadata } : {}
  if (!('creationTimestamp' in m)) m.creationTimestamp = null
  return m
}

function strings(o: unknown, keys: string[]): Record<string, string> {
  const out: Record<string, string> = {}
  if (!isPlainObject(o)) return out
  for (const k of keys) if (typeof o[k] === 'string' && o[k]) out[k] = o[k] as string
  return out
}

const RESOURCE_KEYS = ['namespace', 'verb', 'group', 'version', 'resource', 'subresource', 'name']

/** ValidateSelfSubjectAccessReviewSpec */
function validateSpec(spec: Obj): FieldError[] {
  const ra = spec.resourceAttributes
  const na = spec.nonResourceAttributes
  if (isPlainObject(ra) && isPlainObject(na)) {
    return [fe.invalid('spec.nonResourceAttributes', na, 'cannot be specified in combination with resourceAttributes')]
  }
  if (!isPlainObject(ra) && !isPlainObject(na)) {
    return [fe.invalid('spec.resourceAttributes', 'null', 'exactly one of nonResourceAttributes or resourceAttributes must be specified')]
  }
  return []
}

/** ResourceAttributesFrom / NonResourceAttributesFrom */
function attributesFrom(user: UserInfo, spec: Obj): Attributes {
  if (isPlainObject(spec.resourceAttributes)) {
    const r = strings(spec.resourceAttributes, RESOURCE_KEYS)
    return {
      user,
      verb: r.verb ?? '',
      resourceRequest: true,
      namespace: r.namespace ?? '',
      apiGroup: r.group ?? '',
      apiVersion: r.version || '*',
      resource: r.resource ?? '',
      subresource: r.subresource ?? '',
      name: r.name ?? '',
    }
  }
  const n = strings(spec.nonResourceAttributes, ['path', 'verb'])
  return { user, verb: n.verb ?? '', resourceRequest: false, path: n.path ?? '' }
}

function selfSubjectAccessReview(auth: Auth): Storage {
  return {
    async create(ctx, obj) {
      const spec: Obj = isPlainObject((obj as Obj).spec) ? ((obj as Obj).spec as Obj) : {}
      const errs = validateSpec(spec)
      if (errs.length) throw errors.invalid(AUTHZ_GROUP, 'SelfSubjectAccessReview', '', errs)
      const d = auth.authorize(attributesFrom(userOf(ctx), spec))
      const status: Obj = { allowed: d.allowed }
      if (d.denied) status.denied = true
      if (d.reason) status.reason = d.reason
      if (d.evaluationError) status.evaluationError = d.evaluationError
      const outSpec: Obj = {}
      if (isPlainObject(spec.resourceAttributes)) outSpec.resourceAttributes = strings(spec.resourceAttributes, RESOURCE_KEYS)
      if (isPlainObject(spec.nonResourceAttributes)) outSpec.nonResourceAttributes = strings(spec.nonResourceAttributes, ['path', 'verb'])
      return { kind: 'SelfSubjectAccessReview', apiVersion: `${AUTHZ_GROUP}/v1`, metadata: echoMeta(obj), spec: outSpec, status } as KubeObject
    },
  }
}

function resourceRule(r: PolicyRule): Obj {
  const o: Obj = { verbs: r.verbs }
  if (r.apiGroups?.length) o.apiGroups = r.apiGroups
  if (r.resources?.length) o.resources = r.resources
  if (r.resourceNames?.length) o.resourceNames = r.resourceNames
  return o
}

function selfSubjectRulesReview(auth: Auth): Storage {
  return {
    async create(ctx, obj) {
      const namespace = strings((obj as Obj).spec, ['namespace']).namespace ?? ''
      if (!namespace) throw errors.badRequest('no namespace on request')
      const { rules, errors: errs } = auth.rulesFor(userOf(ctx), namespace)
      const status: Obj = {
        resourceRules: rules.filter((r) => r.resources?.length).map(resourceRule),
        nonResourceRules: rules.filter((r) => r.nonResourceURLs?.length).map((r) => ({ verbs: r.verbs, nonResourceURLs: r.nonResourceURLs })),
        incomplete: false,
      }
      if (errs.length) status.evaluationError = errs.length === 1 ? errs[0] : `[${errs.join(', ')}]`
      return { kind: 'SelfSubjectRulesReview', apiVersion: `${AUTHZ_GROUP}/v1`, metadata: echoMeta(obj), spec: { namespace }, status } as KubeObject
    },
  }
}

function selfSubjectReview(): Storage {
  return {
    async create(ctx) {
      const u = userOf(ctx)
      const userInfo: Obj = { username: u.name }
      if (u.uid) userInfo.uid = u.uid
      if (u.groups.length) userInfo.groups = u.groups
      if (u.extra && Object.keys(u.extra).length) userInfo.extra = u.extra
      return { kind: 'SelfSubjectReview', apiVersion: `${AUTHN_GROUP}/v1`, metadata: { creationTimestamp: ctx.now }, status: { userInfo } } as KubeObject
    },
  }
}

function def(group: string, resource: string, kind: string, storage: Storage, schemaName: string): ResourceDef {
  return {
    group,
    version: 'v1',
    resource,
    kind,
    listKind: '',
    singular: kind.toLowerCase(),
    namespaced: false,
    storage,
    schema: accessReviewSchemas[schemaName],
  }
}

/** Registers the three reviews (discovery, OpenAPI, the create endpoints). */
export function installAccessReviews(server: ApiServer): void {
  Object.assign(server.schemas, accessReviewSchemas)
  server.register(def(AUTHN_GROUP, 'selfsubjectreviews', 'SelfSubjectReview', selfSubjectReview(), `${AUTHN}SelfSubjectReview`))
  server.register(def(AUTHZ_GROUP, 'selfsubjectaccessreviews', 'SelfSubjectAccessReview', selfSubjectAccessReview(server.auth), `${AUTHZ}SelfSubjectAccessReview`))
  server.register(def(AUTHZ_GROUP, 'selfsubjectrulesreviews', 'SelfSubjectRulesReview', selfSubjectRulesReview(server.auth), `${AUTHZ}SelfSubjectRulesReview`))
}
