// The names a request match (api.inject, requestsMatching, waitForRequest) may use, as types: a typo in
// a verb, resource or subresource does not compile.

/** Kubernetes request verbs (k8s.io/apiserver/pkg/endpoints/request RequestInfoFactory). */
export type Verb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection'

/** The resources the fake serves. */
export type ResourceName =
  | 'images'
  | 'imagestreams'
  | 'imagestreamtags'
  | 'imagetags'
  | 'imagestreamimages'
  | 'imagestreammappings'
  | 'imagestreamimports'
  | 'imagesignatures'
  | 'namespaces'
  | 'secrets'

/** Their subresources (`''`: none). */
export type SubresourceName = '' | 'status' | 'layers' | 'secrets' | 'finalize'

/** API groups (`''`: the core group). */
export type GroupName = '' | 'image.openshift.io'

/** HTTP methods (any case is accepted at run time; these spellings are typed). */
export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS' | 'get' | 'head' | 'post' | 'put' | 'patch' | 'delete' | 'options'
