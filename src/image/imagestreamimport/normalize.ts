// ImageStreamImport v1 decoding (openshift-apiserver pkg/image/apis/image/v1/defaults.go): referencePolicy
// `Source` and importMode `Legacy` defaults, `spec.images[i].to` defaulted from the tag of `from.name`, fields
// in Go struct order.

import { isPlainObject } from '../../apiserver/json.js'
import { normalizeMeta } from '../../apiserver/meta.js'
import { tryParseDockerImageReference } from '../helpers/reference.js'
import { normalizeImportPolicy, normalizeObjectReference, normalizeReferencePolicy } from '../imagestream/normalize.js'
import { GROUP_VERSION } from '../types.js'
import type { ImageImportSpec, ImageStreamImport, RepositoryImportSpec } from './types.js'

type Obj = Record<string, unknown>

function normalizeImageImportSpec(v: Obj): ImageImportSpec {
  const from = normalizeObjectReference(v.from) ?? {}
  const out: ImageImportSpec = { from } as ImageImportSpec
  if (isPlainObject(v.to)) {
    out.to = typeof v.to.name === 'string' && v.to.name ? { name: v.to.name } : {}
  } else {
    // SetDefaults_ImageImportSpec: the tag of from.name, when it parses and has one.
    const ref = tryParseDockerImageReference(from.name ?? '')
    if (ref && ref.tag) out.to = { name: ref.tag }
  }
  out.importPolicy = normalizeImportPolicy(v.importPolicy)
  out.referencePolicy = normalizeReferencePolicy(v.referencePolicy)
  if (v.includeManifest === true) out.includeManifest = true
  return out
}

function normalizeRepositoryImportSpec(v: Obj): RepositoryImportSpec {
  const out: RepositoryImportSpec = {
    from: normalizeObjectReference(v.from) ?? {},
    importPolicy: normalizeImportPolicy(v.importPolicy),
    referencePolicy: normalizeReferencePolicy(v.referencePolicy),
  }
  if (v.includeManifest === true) out.includeManifest = true
  return out
}

/** The decoded request; `status` is always empty (PrepareForCreate clears it). */
export function normalizeImageStreamImport(input: unknown): ImageStreamImport {
  const o = isPlainObject(input) ? input : {}
  const spec = isPlainObject(o.spec) ? o.spec : {}
  const out: ImageStreamImport = {
    kind: 'ImageStreamImport',
    apiVersion: GROUP_VERSION,
    metadata: normalizeMeta(o.metadata),
    spec: { import: spec.import === true },
    status: {},
  }
  if (isPlainObject(spec.repository)) out.spec.repository = normalizeRepositoryImportSpec(spec.repository)
  if (Array.isArray(spec.images) && spec.images.length) {
    out.spec.images = spec.images.map((i) => normalizeImageImportSpec(isPlainObject(i) ? i : {}))
  }
  return out
}
