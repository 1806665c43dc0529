// OpenAPI v3 schemas of authorization.k8s.io/v1 SelfSubjectAccessReview and SelfSubjectRulesReview and
// authentication.k8s.io/v1 SelfSubjectReview (k8s.io/api/authorization/v1/types.go,
// k8s.io/api/authentication/v1/types.go), as the real server publishes them.

import type { SchemaRegistry } from '../../apiserver/schema-types.js'
import { bool, gvk, listOf, objectHeader, ref, str, strList } from '../../apiserver/schema/meta-schemas.js'

export const AUTHZ = 'io.k8s.api.authorization.v1.'
export const AUTHN = 'io.k8s.api.authentication.v1.'

const atomicList = (description: string) => strList(description, { 'x-kubernetes-list-type': 'atomic' })

export const accessReviewSchemas: SchemaRegistry = {
  [`${AUTHZ}SelfSubjectAccessReview`]: {
    type: 'object',
    description:
      'SelfSubjectAccessReview checks whether or the current user can perform an action.  Not filling in a spec.namespace means "in all namespaces".  Self is a special case, because users should always be able to check whether they can perform an action',
    required: ['spec'],
    properties: {
      ...objectHeader(),
      spec: ref(`${AUTHZ}SelfSubjectAccessReviewSpec`, 'Spec holds information about the request being evaluated.  user and groups must be empty', { default: {} }),
      status: ref(`${AUTHZ}SubjectAccessReviewStatus`, 'Status is filled in by the server and indicates whether the request is allowed or not', { default: {} }),
    },
    'x-kubernetes-group-version-kind': gvk('authorization.k8s.io', 'SelfSubjectAccessReview'),
  },
  [`${AUTHZ}SelfSubjectAccessReviewSpec`]: {
    type: 'object',
    description: 'SelfSubjectAccessReviewSpec is a description of the access request.  Exactly one of ResourceAuthorizationAttributes and NonResourceAuthorizationAttributes must be set',
    properties: {
      nonResourceAttributes: ref(`${AUTHZ}NonResourceAttributes`, 'NonResourceAttributes describes information for a non-resource access request'),
      resourceAttributes: ref(`${AUTHZ}ResourceAttributes`, 'ResourceAuthorizationAttributes describes information for a resource access request'),
    },
  },
  [`${AUTHZ}ResourceAttributes`]: {
    type: 'object',
    description: 'ResourceAttributes includes the authorization attributes available for resource requests to the Authorizer interface',
    properties: {
      group: str('Group is the API Group of the Resource.  "*" means all.'),
      name: str('Name is the name of the resource being requested for a "get" or deleted for a "delete". "" (empty) means all.'),
      namespace: str('Namespace is the namespace of the action being requested.'),
      resource: str('Resource is one of the existing resource types.  "*" means all.'),
      subresource: str('Subresource is one of the existing resource types.  "" means none.'),
      verb: str('Verb is a kubernetes resource API verb, like: get, list, watch, create, update, delete, proxy.  "*" means all.'),
      version: str('Version is the API Version of the Resource.  "*" means all.'),
    },
  },
  [`${AUTHZ}NonResourceAttributes`]: {
    type: 'object',
    description: 'NonResourceAttributes includes the authorization attributes available for non-resource requests to the Authorizer interface',
    properties: {
      path: str('Path is the URL path of the request'),
      verb: str('Verb is the standard HTTP verb'),
    },
  },
  [`${AUTHZ}SubjectAccessReviewStatus`]: {
    type: 'object',
    description: 'SubjectAccessReviewStatus',
    required: ['allowed'],
    properties: {
      allowed: bool('Allowed is required. True if the action would be allowed, false otherwise.'),
      denied: bool('Denied is optional. True if the action would be denied, otherwise false.'),
      evaluationError: str('EvaluationError is an indication that some error occurred during the authorization check.'),
      reason: str('Reason is optional.  It indicates why a request was allowed or denied.'),
    },
  },
  [`${AUTHZ}SelfSubjectRulesReview`]: {
    type: 'object',
    description: 'SelfSubjectRulesReview enumerates the set of actions the current user can perform within a namespace.',
    required: ['spec'],
    properties: {
      ...objectHeader(),
      spec: ref(`${AUTHZ}SelfSubjectRulesReviewSpec`, 'Spec holds information about the request being evaluated.', { default: {} }),
      status: ref(`${AUTHZ}SubjectRulesReviewStatus`, 'Status is filled in by the server and indicates the set of actions a user can perform.', { default: {} }),
    },
    'x-kubernetes-group-version-kind': gvk('authorization.k8s.io', 'SelfSubjectRulesReview'),
  },
  [`${AUTHZ}SelfSubjectRulesReviewSpec`]: {
    type: 'object',
    description: 'SelfSubjectRulesReviewSpec defines the specification for SelfSubjectRulesReview.',
    properties: { namespace: str('Namespace to evaluate rules for. Required.') },
  },
  [`${AUTHZ}SubjectRulesReviewStatus`]: {
    type: 'object',
    description: 'SubjectRulesReviewStatus contains the result of a rules check.',
    required: ['resourceRules', 'nonResourceRules', 'incomplete'],
    properties: {
      evaluationError: str('EvaluationError can appear in combination with Rules.'),
      incomplete: bool('Incomplete is true when the rules returned by this call are incomplete.', ),
      nonResourceRules: listOf(`${AUTHZ}NonResourceRule`, 'NonResourceRules is the list of actions the subject is allowed to perform on non-resources.', { 'x-kubernetes-list-type': 'atomic' }),
      resourceRules: listOf(`${AUTHZ}ResourceRule`, 'ResourceRules is the list of actions the subject is allowed to perform on resources.', { 'x-kubernetes-list-type': 'atomic' }),
    },
  },
  [`${AUTHZ}ResourceRule`]: {
    type: 'object',
    description: 'ResourceRule is the list of actions the subject is allowed to perform on resources.',
    required: ['verbs'],
    properties: {
      apiGroups: atomicList('APIGroups is the name of the APIGroup that contains the resources.'),
      resourceNames: atomicList('ResourceNames is an optional white list of names that the rule applies to.'),
      resources: atomicList('Resources is a list of resources this rule applies to.  "*" means all in the specified apiGroups.'),
      verbs: atomicList('Verb is a list of kubernetes resource API verbs, like: get, list, watch, create, update, delete, proxy.  "*" means all.'),
    },
  },
  [`${AUTHZ}NonResourceRule`]: {
    type: 'object',
    description: 'NonResourceRule holds information that describes a rule for the non-resource',
    required: ['verbs'],
    properties: {
      nonResourceURLs: atomicList('NonResourceURLs is a set of partial urls that a user should have access to.  *s are allowed, but only as the full, final step in the path.'),
      verbs: atomicList('Verb is a list of kubernetes non-resource API verbs, like: get, post, put, delete, patch, head, options.  "*" means all.'),
    },
  },
  [`${AUTHN}SelfSubjectReview`]: {
    type: 'object',
    description: 'SelfSubjectReview contains the user information that the kube-apiserver has about the user making this request.',
    properties: {
      ...objectHeader(),
      status: ref(`${AUTHN}SelfSubjectReviewStatus`, 'Status is filled in by the server with the user attributes.', { default: {} }),
    },
    'x-kubernetes-group-version-kind': gvk('authentication.k8s.io', 'SelfSubjectReview'),
  },
  [`${AUTHN}SelfSubjectReviewStatus`]: {
    type: 'object',
    description: 'SelfSubjectReviewStatus is filled by the kube-apiserver and sent back to a user.',
    properties: { userInfo: ref(`${AUTHN}UserInfo`, 'User attributes of the user making this request.', { default: {} }) },
  },
  [`${AUTHN}UserInfo`]: {
    type: 'object',
    description: 'UserInfo holds the information about the user needed to implement the user.Info interface.',
    properties: {
      extra: { type: 'object', description: 'Any additional information provided by the authenticator.', additionalProperties: { type: 'array', items: { type: 'string' } } },
      groups: atomicList('The names of groups this user is a part of.'),
      uid: str('A unique value that identifies this user across time.'),
      username: str('The name that uniquely identifies this user among all active users.'),
    },
  },
}
