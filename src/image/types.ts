// image.openshift.io/v1 types in their v1 JSON (wire) form. Stored objects are kept in this form,
// normalised (defaults applied, lists sorted) so reads are a lookup and a JSON.stringify.

export interface ObjectMeta {
  name?: string
  generateName?: string
  namespace?: string
  selfLink?: string
  uid?: string
  resourceVersion?: string
  generation?: number
  creationTimestamp?: string | null
  deletionTimestamp?: string | null
  deletionGracePeriodSeconds?: number
  labels?: Record<string, string>
  annotations?: Record<string, string>
  ownerReferences?: OwnerReference[]
  finalizers?: string[]
  managedFields?: ManagedFieldsEntry[]
}

export interface OwnerReference {
  apiVersion: string
  kind: string
  name: string
  uid: string
  controller?: boolean
  blockOwnerDeletion?: boolean
}

export interface ManagedFieldsEntry {
  manager?: string
  operation?: 'Apply' | 'Update'
  apiVersion?: string
  time?: string
  fieldsType?: 'FieldsV1'
  fieldsV1?: Record<string, unknown>
  subresource?: string
}

export interface KubeObject {
  kind?: string
  apiVersion?: string
  metadata: ObjectMeta
  [k: string]: unknown
}

export interface ObjectReference {
  kind?: string
  namespace?: string
  name?: string
  uid?: string
  apiVersion?: string
  resourceVersion?: string
  fieldPath?: string
}

export interface TagImportPolicy {
  insecure?: boolean
  scheduled?: boolean
  importMode?: string
}

export interface TagReferencePolicy {
  type: string
}

export interface TagReference {
  name: string
  annotations: Record<string, string> | null
  from?: ObjectReference
  reference?: boolean
  generation: number | null
  importPolicy?: TagImportPolicy
  referencePolicy?: TagReferencePolicy
}

export interface TagEvent {
  created: string
  dockerImageReference: string
  image: string
  generation: number
}

export interface TagEventCondition {
  type: string
  status: string
  lastTransitionTime?: string
  reason?: string
  message?: string
  generation: number
}

export interface NamedTagEventList {
  tag: string
  items: TagEvent[] | null
  conditions?: TagEventCondition[]
}

export interface ImageStreamSpec {
  lookupPolicy?: { local: boolean }
  dockerImageRepository?: string
  tags?: TagReference[]
}

export interface ImageStreamStatus {
  dockerImageRepository: string
  publicDockerImageRepository?: string
  tags?: NamedTagEventList[]
}

export interface ImageStream extends KubeObject {
  spec: ImageStreamSpec
  status: ImageStreamStatus
}

export interface ImageLayer {
  name: string
  size: number
  mediaType: string
}

export interface ImageManifest {
  digest: string
  mediaType: string
  manifestSize: number
  architecture: string
  os: string
  variant?: string
}

export interface SignatureCondition {
  type: string
  status: string
  lastProbeTime?: string
  lastTransitionTime?: string
  reason?: string
  message?: string
}

export interface ImageSignature extends KubeObject {
  type: string
  content: string
  conditions?: SignatureCondition[]
  imageIdentity?: string
  signedClaims?: Record<string, string>
  created?: string
  issuedBy?: { organization?: string; commonName?: string }
  issuedTo?: { organization?: string; commonName?: string; publicKeyID: string }
}

export interface DockerImageMetadata {
  kind: 'DockerImage'
  apiVersion: '1.0'
  Id: string
  Parent?: string
  Comment?: string
  Created: string | null
  Container?: string
  ContainerConfig?: Record<string, unknown>
  DockerVersion?: string
  Author?: string
  Config?: Record<string, unknown>
  Architecture?: string
  Size?: number
}

export interface Image extends KubeObject {
  dockerImageReference?: string
  dockerImageMetadata?: DockerImageMetadata | Record<string, unknown>
  dockerImageMetadataVersion?: string
  dockerImageManifest?: string
  dockerImageLayers?: ImageLayer[] | null
  signatures?: ImageSignature[]
  dockerImageSignatures?: string[]
  dockerImageManifestMediaType?: string
  dockerImageConfig?: string
  dockerImageManifests?: ImageManifest[]
}

export const GROUP = 'image.openshift.io'
export const VERSION = 'v1'
export const GROUP_VERSION = `${GROUP}/${VERSION}`
