// distribution.UnmarshalManifest for the manifests the importer fetches: schema 2 and OCI manifests,
// manifest lists and OCI indexes, with the registry client's media-type checks.

import { isPlainObject } from '../../apiserver/json.js'
import { MEDIA_TYPE_MANIFEST_LIST, MEDIA_TYPE_OCI_INDEX, MEDIA_TYPE_OCI_MANIFEST, MEDIA_TYPE_SCHEMA2 } from '../image/media-types.js'
import type { StoredManifest } from '../remote-registry/registry.js'
import type { ImageManifest } from '../types.js'
import { errText } from './registry-errors.js'

/** A manifest as distribution.UnmarshalManifest decodes it. */
export type DecodedManifest =
  | { kind: 'schema2' | 'oci'; mediaType: string; payload: string; configDigest: string }
  | { kind: 'list'; mediaType: string; payload: string; manifests: ImageManifest[] }

/** distribution.UnmarshalManifest(contentType, payload) for the kinds the fake registry serves. */
export function decodeManifest(stored: StoredManifest): DecodedManifest {
  const { mediaType, payload } = stored
  let doc: unknown
  try {
    doc = JSON.parse(payload)
  } catch (e) {
    throw new Error(errText(e))
  }
  const o = isPlainObject(doc) ? doc : {}
  const payloadType = typeof o.mediaType === 'string' ? o.mediaType : ''
  const configDigest = () => {
    const c = isPlainObject(o.config) ? o.config : {}
    return typeof c.digest === 'string' ? c.digest : ''
  }
  const listEntries = (): ImageManifest[] =>
    (Array.isArray(o.manifests) ? o.manifests : []).map((d) => {
      const e = isPlainObject(d) ? d : {}
      const p = isPlainObject(e.platform) ? e.platform : {}
      const m: ImageManifest = {
        digest: typeof e.digest === 'string' ? e.digest : '',
        mediaType: typeof e.mediaType === 'string' ? e.mediaType : '',
        manifestSize: typeof e.size === 'number' ? e.size : 0,
        architecture: typeof p.architecture === 'string' ? p.architecture : '',
        os: typeof p.os === 'string' ? p.os : '',
      }
      if (typeof p.variant === 'string' && p.variant) m.variant = p.variant
      return m
    })
  switch (mediaType.split(';')[0]!.trim()) {
    case MEDIA_TYPE_SCHEMA2:
      if (payloadType !== MEDIA_TYPE_SCHEMA2) throw new Error(`mediaType in manifest should be '${MEDIA_TYPE_SCHEMA2}' not '${payloadType}'`)
      return { kind: 'schema2', mediaType: MEDIA_TYPE_SCHEMA2, payload, configDigest: configDigest() }
    case MEDIA_TYPE_OCI_MANIFEST:
      if (payloadType !== '' && payloadType !== MEDIA_TYPE_OCI_MANIFEST) {
        throw new Error(`if present, mediaType in manifest should be '${MEDIA_TYPE_OCI_MANIFEST}' not '${payloadType}'`)
      }
      return { kind: 'oci', mediaType: MEDIA_TYPE_OCI_MANIFEST, payload, configDigest: configDigest() }
    case MEDIA_TYPE_MANIFEST_LIST:
      if (payloadType !== MEDIA_TYPE_MANIFEST_LIST) throw new Error(`mediaType in manifest list should be '${MEDIA_TYPE_MANIFEST_LIST}' not '${payloadType}'`)
      return { kind: 'list', mediaType: MEDIA_TYPE_MANIFEST_LIST, payload, manifests: listEntries() }
    case MEDIA_TYPE_OCI_INDEX:
      if (o.config !== undefined || o.layers !== undefined) throw new Error('index: expected index but found manifest')
      if (payloadType !== '' && payloadType !== MEDIA_TYPE_OCI_INDEX) {
        throw new Error(`if present, mediaType in image index should be '${MEDIA_TYPE_OCI_INDEX}' not '${payloadType}'`)
      }
      return { kind: 'list', mediaType: MEDIA_TYPE_OCI_INDEX, payload, manifests: listEntries() }
    default:
      throw new Error(`unsupported manifest media type and no default available: ${mediaType}`)
  }
}
