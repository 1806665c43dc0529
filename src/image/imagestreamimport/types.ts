// ImageStreamImport in its v1 wire form (openshift/api image/v1 types.go), fields in Go struct order.

import type { Image, ImageStream, KubeObject, ObjectReference, TagImportPolicy, TagReferencePolicy } from '../types.js'

/** metav1.Status as embedded in import results (no kind/apiVersion). */
export interface ImportStatus {
  metadata: Record<string, never>
  status?: 'Success' | 'Failure'
  message?: string
  reason?: string
  details?: {
    name?: string
    group?: string
    kind?: string
    uid?: string
    causes?: { reason?: string; message?: string; field?: string }[]
    retryAfterSeconds?: number
  }
  code?: number
}

export interface ImageImportSpec {
  from: ObjectReference
  to?: { name?: string }
  importPolicy: TagImportPolicy
  referencePolicy: TagReferencePolicy
  includeManifest?: boolean
}

export interface RepositoryImportSpec {
  from: ObjectReference
  importPolicy: TagImportPolicy
  referencePolicy: TagReferencePolicy
  includeManifest?: boolean
}

export interface ImageImportStatus {
  status: ImportStatus
  image?: Image
  tag?: string
  manifests?: Image[]
}

export interface RepositoryImportStatus {
  status: ImportStatus
  images?: ImageImportStatus[]
  additionalTags?: string[]
}

export interface ImageStreamImportSpec {
  import: boolean
  repository?: RepositoryImportSpec
  images?: ImageImportSpec[]
}

export interface ImageStreamImportStatus {
  import?: ImageStream
  repository?: RepositoryImportStatus
  images?: ImageImportStatus[]
}

export interface ImageStreamImport extends KubeObject {
  spec: ImageStreamImportSpec
  status: ImageStreamImportStatus
}
