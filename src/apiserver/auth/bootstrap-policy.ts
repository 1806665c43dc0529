// The built-in roles and bindings a cluster starts with, limited to what this fake serves:
// k8s.io/kubernetes/plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go (ClusterRoles and
// ClusterRoleBindings: cluster-admin, system:discovery, system:basic-user, system:public-info-viewer) and
// the image.openshift.io rules OpenShift aggregates into admin/edit/view and grants with
// system:image-puller / system:image-pusher (openshift bootstrappolicy).

import { ALL_AUTHENTICATED, ALL_UNAUTHENTICATED, PRIVILEGED_GROUP, type ClusterRole, type ClusterRoleBinding, type PolicyRule, type RbacObject } from './types.js'

const READ = ['get', 'list', 'watch']
const READ_WRITE = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch']
const IMAGE = 'image.openshift.io'

function clusterRole(name: string, rules: PolicyRule[]): ClusterRole {
  return { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name }, rules }
}

function groupBinding(name: string, role: string, groups: string[]): ClusterRoleBinding {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
    subjects: groups.map((g) => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group' as const, name: g })),
  }
}

const viewRules: PolicyRule[] = [
  { verbs: READ, apiGroups: [''], resources: ['events', 'namespaces', 'namespaces/status'] },
  { verbs: READ, apiGroups: [IMAGE], resources: ['imagestreamimages', 'imagestreammappings', 'imagestreams', 'imagestreams/status', 'imagestreamtags', 'imagetags'] },
  { verbs: ['get'], apiGroups: [IMAGE], resources: ['imagestreams/layers'] },
]

const editRules: PolicyRule[] = [
  { verbs: READ_WRITE, apiGroups: [''], resources: ['secrets'] },
  { verbs: READ, apiGroups: [''], resources: ['events', 'namespaces', 'namespaces/status'] },
  { verbs: READ_WRITE, apiGroups: [IMAGE], resources: ['imagestreamimages', 'imagestreammappings', 'imagestreams', 'imagestreams/secrets', 'imagestreamtags', 'imagetags'] },
  { verbs: READ, apiGroups: [IMAGE], resources: ['imagestreams/status'] },
  { verbs: ['get', 'update'], apiGroups: [IMAGE], resources: ['imagestreams/layers'] },
  { verbs: ['create'], apiGroups: [IMAGE], resources: ['imagestreamimports'] },
]

const adminRules: PolicyRule[] = [
  ...editRules,
  { verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['localsubjectaccessreviews'] },
  { verbs: READ_WRITE, apiGroups: ['rbac.authorization.k8s.io'], resources: ['rolebindings', 'roles'] },
]

/** The bootstrap ClusterRoles and ClusterRoleBindings. */
export function bootstrapPolicy(): RbacObject[] {
  return [
    clusterRole('cluster-admin', [
      { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
      { verbs: ['*'], nonResourceURLs: ['*'] },
    ]),
    clusterRole('system:discovery', [
      { verbs: ['get'], nonResourceURLs: ['/livez', '/readyz', '/healthz', '/version', '/version/', '/openapi', '/openapi/*', '/api', '/api/*', '/apis', '/apis/*'] },
    ]),
    clusterRole('system:basic-user', [
      { verbs: ['create'], apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'] },
      { verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'] },
    ]),
    clusterRole('system:public-info-viewer', [{ verbs: ['get'], nonResourceURLs: ['/livez', '/readyz', '/healthz', '/version', '/version/'] }]),
    clusterRole('admin', adminRules),
    clusterRole('edit', editRules),
    clusterRole('view', viewRules),
    clusterRole('system:image-puller', [{ verbs: ['get'], apiGroups: [IMAGE], resources: ['imagestreams/layers'] }]),
    clusterRole('system:image-pusher', [{ verbs: ['get', 'update'], apiGroups: [IMAGE], resources: ['imagestreams/layers'] }]),
    groupBinding('cluster-admin', 'cluster-admin', [PRIVILEGED_GROUP]),
    groupBinding('system:discovery', 'system:discovery', [ALL_AUTHENTICATED]),
    groupBinding('system:basic-user', 'system:basic-user', [ALL_AUTHENTICATED]),
    groupBinding('system:public-info-viewer', 'system:public-info-viewer', [ALL_AUTHENTICATED, ALL_UNAUTHENTICATED]),
  ]
}
