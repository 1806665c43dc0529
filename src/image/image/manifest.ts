// Raw manifest parsing for Images (SEMANTICS §2.3/§2.4), ported from openshift-apiserver
// pkg/image/apiserver/internal/imageutil (InternalImageWithMetadata, reorderImageLayers, fillImageLayers,
// ManifestMatchesImage, ImageConfigMatchesImage), pkg/image/apis/image/docker10 (the config and v1
// compatibility conversions) and the image strategy's manifest-list handling. Operates on the v1 wire
// form of an Image. Browser-safe: digests use the synchronous sha256 of openapi-hash.

import { isPlainObject } from '../../apiserver/json.js'
import { sha256Hex } from '../../apiserver/openapi-hash.js'
import type { DockerImageMetadata, Image, ImageLayer, ImageManifest } from '../types.js'

export const MEDIA_TYPE_SCHEMA1 = 'application/vnd.docker.distribution.manifest.v1+json'
export const MEDIA_TYPE_SCHEMA1_SIGNED = 'application/vnd.docker.distribution.manifest.v1+prettyjws'
export const MEDIA_TYPE_SCHEMA1_LAYER = 'application/vnd.docker.container.image.rootfs.diff+x-gtar'
export const MEDIA_TYPE_SCHEMA2 = 'application/vnd.docker.distribution.manifest.v2+json'
export const MEDIA_TYPE_SCHEMA2_CONFIG = 'application/vnd.docker.container.image.v1+json'
export const MEDIA_TYPE_SCHEMA2_LAYER = 'application/vnd.docker.image.rootfs.diff.tar.gzip'
export const MEDIA_TYPE_MANIFEST_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json'
export const MEDIA_TYPE_OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json'
export const MEDIA_TYPE_OCI_CONFIG = 'application/vnd.oci.image.config.v1+json'
export const MEDIA_TYPE_OCI_LAYER = 'application/vnd.oci.image.layer.v1.tar+gzip'
export const MEDIA_TYPE_OCI_INDEX = 'application/vnd.oci.image.index.v1+json'

export const DOCKER_LAYERS_ORDER = 'image.openshift.io/dockerLayersOrder'
export const LAYERS_ORDER_ASCENDING = 'ascending'
export const LAYERS_ORDER_DESCENDING = 'descending'

type Obj = Record<string, unknown>

const encoder = new TextEncoder()

/** Byte length of a string as Go sees it (UTF-8). */
export function byteLength(s: string): number {
  return encoder.encode(s).length
}

/** `sha256:<hex>` of the UTF-8 bytes of `content` (godigest.FromBytes). */
export function digestOf(content: string | Uint8Array): string {
  return `sha256:${sha256Hex(content)}`
}

/** Whether `content` hashes to `digest` (godigest Verifier). Only sha256 is verifiable here. */
export function verifyDigest(digest: string, content: string | Uint8Array): boolean {
  if (!/^sha256:[a-f0-9]{64}$/.test(digest)) return false
  return digestOf(content) === digest
}

/** The media type without parameters (mime.ParseMediaType), or undefined when it does not parse. */
export function baseMediaType(ct: string): string | undefined {
  const s = ct.split(';')[0]!.trim().toLowerCase()
  if (!/^[!#$%&'*+.^_`|~0-9a-z-]+\/[!#$%&'*+.^_`|~0-9a-z-]+$/.test(s)) return undefined
  return s
}

export class ManifestError extends Error {}

// --- Go json.Unmarshal helpers ---------------------------------------------------------------------

/** The value of a struct field as encoding/json finds it: keys match case-insensitively, the last one wins. */
function goField(o: Obj, name: string): unknown {
  let v: unknown
  const lower = name.toLowerCase()
  for (const [k, x] of Object.entries(o)) if (k.toLowerCase() === lower) v = x
  return v
}

function typeError(what: string, v: unknown): ManifestError {
  return new ManifestError(`json: cannot unmarshal ${jsonKind(v)} into Go value of type ${what}`)
}

function jsonKind(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'array'
  if (typeof v === 'object') return 'object'
  return typeof v === 'boolean' ? 'bool' : typeof v
}

function goString(v: unknown, what = 'string'): string {
  if (v === undefined || v === null) return ''
  if (typeof v !== 'string') throw typeError(what, v)
  return v
}

function goInt(v: unknown, what = 'int64'): number {
  if (v === undefined || v === null) return 0
  if (typeof v !== 'number' || !Number.isInteger(v)) throw typeError(what, v)
  return v
}

function goBool(v: unknown): boolean {
  if (v === undefined || v === null) return false
  if (typeof v !== 'boolean') throw typeError('bool', v)
  return v
}

function goStrings(v: unknown): string[] | undefined {
  if (v === undefined || v === null) return undefined
  if (!Array.isArray(v)) throw typeError('[]string', v)
  return v.map((x) => goString(x))
}

function goObject(v: unknown, what: string): Obj | undefined {
  if (v === undefined || v === null) return undefined
  if (!isPlainObject(v)) throw typeError(what, v)
  return v
}

function goTime(v: unknown): string | null {
  if (v === undefined || v === null) return null
  if (typeof v !== 'string') throw typeError('time.Time', v)
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(v)) {
    throw new ManifestError(`parsing time ${JSON.stringify(v)} as "2006-01-02T15:04:05Z07:00": cannot parse`)
  }
  const ms = Date.parse(v)
  if (Number.isNaN(ms)) throw new ManifestError(`parsing time ${JSON.stringify(v)}: out of range`)
  // metav1.Time marshals RFC 3339 seconds in UTC; the zero time is null.
  if (v.startsWith('0001-01-01T00:00:00')) return null
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z')
}

function parseJSON(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch (e) {
    throw new ManifestError(e instanceof Error ? e.message : String(e))
  }
}

// --- docker10.DockerConfig ---------------------------------------------------------------------------

type FieldKind = 'string' | 'int' | 'bool' | 'strings' | 'set' | 'labels'

/** docker10.DockerConfig fields in struct order: JSON name and type. */
const DOCKER_CONFIG_FIELDS: [string, FieldKind][] = [
  ['Hostname', 'string'],
  ['Domainname', 'string'],
  ['User', 'string'],
  ['Memory', 'int'],
  ['MemorySwap', 'int'],
  ['CpuShares', 'int'],
  ['Cpuset', 'string'],
  ['AttachStdin', 'bool'],
  ['AttachStdout', 'bool'],
  ['AttachStderr', 'bool'],
  ['PortSpecs', 'strings'],
  ['ExposedPorts', 'set'],
  ['Tty', 'bool'],
  ['OpenStdin', 'bool'],
  ['StdinOnce', 'bool'],
  ['Env', 'strings'],
  ['Cmd', 'strings'],
  ['Dns', 'strings'],
  ['Image', 'string'],
  ['Volumes', 'set'],
  ['VolumesFrom', 'string'],
  ['WorkingDir', 'string'],
  ['Entrypoint', 'strings'],
  ['NetworkDisabled', 'bool'],
  ['SecurityOpts', 'strings'],
  ['OnBuild', 'strings'],
  ['Labels', 'labels'],
]

/** Unmarshal a docker10.DockerConfig and marshal it back in its v1 JSON form (omitempty). */
export function dockerConfig(v: unknown): Record<string, unknown> {
  const o = goObject(v, 'docker10.DockerConfig') ?? {}
  const out: Record<string, unknown> = {}
  for (const [name, kind] of DOCKER_CONFIG_FIELDS) {
    const x = goField(o, name)
    switch (kind) {
      case 'string': {
        const s = goString(x)
        if (s) out[name] = s
        break
      }
      case 'int': {
        const n = goInt(x)
        if (n) out[name] = n
        break
      }
      case 'bool':
        if (goBool(x)) out[name] = true
        break
      case 'strings': {
        const l = goStrings(x)
        if (l && l.length) out[name] = l
        break
      }
      case 'set': {
        const m = goObject(x, 'map[string]struct {}')
        if (m && Object.keys(m).length) {
          const set: Record<string, object> = {}
          for (const k of Object.keys(m).sort()) set[k] = {}
          out[name] = set
        }
        break
      }
      case 'labels': {
        const m = goObject(x, 'map[string]string')
        if (m && Object.keys(m).length) {
          const labels: Record<string, string> = {}
          for (const k of Object.keys(m).sort()) labels[k] = goString(m[k])
          out[name] = labels
        }
        break
      }
    }
  }
  return out
}

/**
 * Convert_DockerImageConfig_to_image_DockerImage / Convert_DockerV1CompatibilityImage_to_image_DockerImage:
 * the v1 `dockerImageMetadata` built from an image config blob (schema 2 / OCI) or a schema 1
 * v1Compatibility entry. Replaces the whole metadata.
 */
export function dockerImageFromConfig(v: unknown): DockerImageMetadata {
  const c = goObject(v, 'docker10.DockerImageConfig') ?? {}
  const m: DockerImageMetadata = { kind: 'DockerImage', apiVersion: '1.0', Id: goString(goField(c, 'id')), Created: null }
  const parent = goString(goField(c, 'parent'))
  if (parent) m.Parent = parent
  const comment = goString(goField(c, 'comment'))
  if (comment) m.Comment = comment
  m.Created = goTime(goField(c, 'created'))
  const container = goString(goField(c, 'container'))
  if (container) m.Container = container
  m.ContainerConfig = dockerConfig(goField(c, 'container_config'))
  const dockerVersion = goString(goField(c, 'docker_version'))
  if (dockerVersion) m.DockerVersion = dockerVersion
  const author = goString(goField(c, 'author'))
  if (author) m.Author = author
  const config = goField(c, 'config')
  if (config !== undefined && config !== null) m.Config = dockerConfig(config)
  const arch = goString(goField(c, 'architecture'))
  if (arch) m.Architecture = arch
  const size = goInt(goField(c, 'size'))
  if (size) m.Size = size
  return m
}

// --- dockerapi10.DockerImageManifest ----------------------------------------------------------------

interface Descriptor {
  mediaType: string
  size: number
  digest: string
}

interface ParsedManifest {
  schemaVersion: number
  mediaType: string
  fsLayers: string[]
  history: string[]
  layers: Descriptor[]
  config: Descriptor
}

function descriptor(v: unknown): Descriptor {
  const o = goObject(v, 'docker10.Descriptor') ?? {}
  return { mediaType: goString(goField(o, 'mediaType')), size: goInt(goField(o, 'size')), digest: goString(goField(o, 'digest')) }
}

function list(v: unknown, what: string): unknown[] {
  if (v === undefined || v === null) return []
  if (!Array.isArray(v)) throw typeError(what, v)
  return v
}

/** json.Unmarshal into dockerapi10.DockerImageManifest. */
export function parseDockerImageManifest(text: string): ParsedManifest {
  const raw = parseJSON(text)
  const o = goObject(raw, 'docker10.DockerImageManifest') ?? {}
  return {
    schemaVersion: goInt(goField(o, 'schemaVersion'), 'int'),
    mediaType: goString(goField(o, 'mediaType')),
    fsLayers: list(goField(o, 'fsLayers'), '[]docker10.DockerFSLayer').map((l) => goString(goField(goObject(l, 'docker10.DockerFSLayer') ?? {}, 'blobSum'))),
    history: list(goField(o, 'history'), '[]docker10.DockerHistory').map((h) => goString(goField(goObject(h, 'docker10.DockerHistory') ?? {}, 'v1Compatibility'))),
    layers: list(goField(o, 'layers'), '[]docker10.Descriptor').map(descriptor),
    config: descriptor(goField(o, 'config')),
  }
}

// --- InternalImageWithMetadata -----------------------------------------------------------------------

function metadataOf(image: Image): DockerImageMetadata {
  const m = image.dockerImageMetadata
  if (isPlainObject(m)) return m as unknown as DockerImageMetadata
  const fresh: DockerImageMetadata = { kind: 'DockerImage', apiVersion: '1.0', Id: '', Created: null }
  image.dockerImageMetadata = fresh
  return fresh
}

function setAnnotation(image: Image, key: string, value: string): void {
  image.metadata.annotations = { ...(image.metadata.annotations ?? {}), [key]: value }
}

/** reorderImageLayers: bring layers into ascending order and mark them so. */
export function reorderImageLayers(image: Image): void {
  const layers = image.dockerImageLayers
  if (!layers || layers.length === 0) return
  let order = image.metadata.annotations?.[DOCKER_LAYERS_ORDER]
  if (order === undefined) {
    switch (image.dockerImageManifestMediaType ?? '') {
      case MEDIA_TYPE_SCHEMA1:
      case MEDIA_TYPE_SCHEMA1_SIGNED:
        order = LAYERS_ORDER_ASCENDING
        break
      case MEDIA_TYPE_SCHEMA2:
      case MEDIA_TYPE_OCI_MANIFEST:
        order = LAYERS_ORDER_DESCENDING
        break
      default:
        return
    }
  }
  if (order === LAYERS_ORDER_DESCENDING) layers.reverse()
  setAnnotation(image, DOCKER_LAYERS_ORDER, LAYERS_ORDER_ASCENDING)
}

function fillImageLayers(image: Image, manifest: ParsedManifest): void {
  if (image.dockerImageLayers && image.dockerImageLayers.length !== 0) return
  const ref = image.dockerImageReference ?? ''
  switch (manifest.schemaVersion) {
    case 1: {
      if (manifest.history.length !== manifest.fsLayers.length) {
        throw new ManifestError(
          `the image ${image.metadata.name ?? ''} (${ref}) has mismatched history and fslayer cardinality (${manifest.history.length} != ${manifest.fsLayers.length})`,
        )
      }
      const layers: ImageLayer[] = new Array(manifest.fsLayers.length)
      manifest.history.forEach((h, i) => {
        let size = 0
        try {
          const v = JSON.parse(h) as unknown
          size = isPlainObject(v) ? goInt(goField(v, 'size')) : 0
        } catch {
          size = 0
        }
        // schema 1 lists the youngest layer first; Images store the oldest first.
        layers[manifest.history.length - 1 - i] = { name: manifest.fsLayers[i]!, size, mediaType: MEDIA_TYPE_SCHEMA1_LAYER }
      })
      image.dockerImageLayers = layers
      break
    }
    case 2:
      image.dockerImageLayers = manifest.layers.map((l) => ({ name: l.digest, size: l.size, mediaType: l.mediaType }))
      break
    default:
      throw new ManifestError(`unrecognized container image manifest schema ${manifest.schemaVersion} for "${image.metadata.name ?? ''}" (${ref})`)
  }
  setAnnotation(image, DOCKER_LAYERS_ORDER, LAYERS_ORDER_ASCENDING)
}

/**
 * InternalImageWithMetadata: parse `dockerImageManifest` (and `dockerImageConfig`) and fill the layers,
 * the manifest media type and `dockerImageMetadata`. Mutates `image`; throws ManifestError on parse
 * errors (callers on the Image write paths ignore them, as the real server does). `now` is the time a
 * manifest list's metadata gets as `Created`.
 */
export function imageWithMetadata(image: Image, now: string): void {
  const manifestText = image.dockerImageManifest ?? ''
  if (manifestText.length === 0) return
  reorderImageLayers(image)
  const meta = metadataOf(image)
  if (image.dockerImageLayers && image.dockerImageLayers.length > 0 && (meta.Size ?? 0) > 0 && (image.dockerImageManifestMediaType ?? '').length > 0) {
    return
  }
  const manifest = parseDockerImageManifest(manifestText)
  if (manifest.mediaType === MEDIA_TYPE_MANIFEST_LIST || manifest.mediaType === MEDIA_TYPE_OCI_INDEX) {
    meta.Id = image.metadata.name ?? ''
    meta.Created = now
    return
  }
  fillImageLayers(image, manifest)
  let next: DockerImageMetadata
  switch (manifest.schemaVersion) {
    case 1: {
      image.dockerImageManifestMediaType = MEDIA_TYPE_SCHEMA1
      if (manifest.history.length === 0) {
        throw new ManifestError(`the image ${image.metadata.name ?? ''} (${image.dockerImageReference ?? ''}) has a schema 1 manifest, but it doesn't have history`)
      }
      next = dockerImageFromConfig(parseJSON(manifest.history[0]!))
      break
    }
    case 2: {
      if (manifest.mediaType !== '') image.dockerImageManifestMediaType = manifest.mediaType
      else if (!image.dockerImageManifestMediaType) image.dockerImageManifestMediaType = MEDIA_TYPE_SCHEMA2
      const configText = image.dockerImageConfig ?? ''
      if (configText.length === 0) {
        throw new ManifestError(`dockerImageConfig must not be empty for manifest type "${image.dockerImageManifestMediaType}"`)
      }
      let config: unknown
      try {
        config = JSON.parse(configText)
      } catch (e) {
        throw new ManifestError(`failed to parse dockerImageConfig: ${e instanceof Error ? e.message : String(e)}`)
      }
      next = dockerImageFromConfig(config)
      next.Id = manifest.config.digest
      break
    }
    default:
      throw new ManifestError(`unrecognized container image manifest schema ${manifest.schemaVersion} for "${image.metadata.name ?? ''}" (${image.dockerImageReference ?? ''})`)
  }
  const seen = new Set<string>()
  let size = 0
  if (manifest.schemaVersion === 2) {
    seen.add(manifest.config.digest)
    size = byteLength(image.dockerImageConfig ?? '')
  }
  for (const layer of image.dockerImageLayers ?? []) {
    if (seen.has(layer.name)) continue
    seen.add(layer.name)
    size += layer.size
  }
  next.Size = size
  image.dockerImageMetadata = next
}

// --- manifest lists ----------------------------------------------------------------------------------

/**
 * distribution.UnmarshalManifest(mediaType, manifest) for the two list kinds: the entries of a manifest
 * list / OCI index, or undefined when `mediaType` is not a list type or the payload does not parse as one.
 */
export function parseManifestList(mediaType: string, text: string): ImageManifest[] | undefined {
  const mt = baseMediaType(mediaType)
  if (mt !== MEDIA_TYPE_MANIFEST_LIST && mt !== MEDIA_TYPE_OCI_INDEX) return undefined
  try {
    const raw = parseJSON(text)
    const o = goObject(raw, 'manifestlist.DeserializedManifestList') ?? {}
    const payloadType = goString(goField(o, 'mediaType'))
    if (mt === MEDIA_TYPE_MANIFEST_LIST && payloadType !== MEDIA_TYPE_MANIFEST_LIST) return undefined
    if (mt === MEDIA_TYPE_OCI_INDEX) {
      // validateIndex: an index must not look like a manifest.
      if (goField(o, 'config') !== undefined || goField(o, 'layers') !== undefined) return undefined
      if (payloadType !== '' && payloadType !== MEDIA_TYPE_OCI_INDEX) return undefined
    }
    return list(goField(o, 'manifests'), '[]manifestlist.ManifestDescriptor').map((d) => {
      const e = goObject(d, 'manifestlist.ManifestDescriptor') ?? {}
      const p = goObject(goField(e, 'platform'), 'manifestlist.PlatformSpec') ?? {}
      const m: ImageManifest = {
        digest: goString(goField(e, 'digest')),
        mediaType: goString(goField(e, 'mediaType')),
        manifestSize: goInt(goField(e, 'size')),
        architecture: goString(goField(p, 'architecture')),
        os: goString(goField(p, 'os')),
      }
      const variant = goString(goField(p, 'variant'))
      if (variant) m.variant = variant
      return m
    })
  } catch (e) {
    if (e instanceof ManifestError) return undefined
    throw e
  }
}

/**
 * The image strategy's PrepareForCreate manifest handling (§2.3 step 1): metadata from the raw manifest
 * (errors ignored) and, for manifest lists, `dockerImageManifests` rebuilt from the list entries.
 */
export function prepareImageManifest(image: Image, now: string): void {
  try {
    imageWithMetadata(image, now)
  } catch (e) {
    if (!(e instanceof ManifestError)) throw e
  }
  const text = image.dockerImageManifest ?? ''
  if (text.length === 0) return
  const entries = parseManifestList(image.dockerImageManifestMediaType ?? '', text)
  if (!entries) return
  if (entries.length) image.dockerImageManifests = entries
  else delete image.dockerImageManifests
}

// --- updates -----------------------------------------------------------------------------------------

/** libtrust.ParsePrettySignature(...).Payload(): the canonical bytes of a signed schema 1 manifest. */
export function schema1Canonical(text: string): string | undefined {
  let o: unknown
  try {
    o = JSON.parse(text)
  } catch {
    return undefined
  }
  if (!isPlainObject(o) || !Array.isArray(o.signatures) || o.signatures.length === 0) return undefined
  let formatLength: number | undefined
  let formatTail: string | undefined
  for (const sig of o.signatures) {
    if (!isPlainObject(sig) || typeof sig.protected !== 'string') return undefined
    const header = base64UrlDecode(sig.protected)
    if (header === undefined) return undefined
    let h: unknown
    try {
      h = JSON.parse(header)
    } catch {
      return undefined
    }
    if (!isPlainObject(h) || typeof h.formatLength !== 'number' || typeof h.formatTail !== 'string') return undefined
    const tail = base64UrlDecode(h.formatTail)
    if (tail === undefined) return undefined
    if (formatLength !== undefined && (formatLength !== h.formatLength || formatTail !== tail)) return undefined
    formatLength = h.formatLength
    formatTail = tail
  }
  const bytes = encoder.encode(text)
  if (formatLength === undefined || formatLength > bytes.length) return undefined
  return new TextDecoder().decode(bytes.slice(0, formatLength)) + formatTail
}

function base64UrlDecode(s: string): string | undefined {
  try {
    const std = s.replace(/-/g, '+').replace(/_/g, '/')
    const padded = std + '='.repeat((4 - (std.length % 4)) % 4)
    const bin = atob(padded)
    const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0))
    return new TextDecoder().decode(bytes)
  } catch {
    return undefined
  }
}

function schema2MediaTypeOK(text: string, want: 'schema2' | 'oci'): boolean {
  let o: unknown
  try {
    o = JSON.parse(text)
  } catch {
    return false
  }
  if (!isPlainObject(o)) return false
  const mt = typeof o.mediaType === 'string' ? o.mediaType : ''
  if (want === 'schema2') return mt === MEDIA_TYPE_SCHEMA2
  return mt === '' || mt === MEDIA_TYPE_OCI_MANIFEST
}

/** ManifestMatchesImage: does `manifest` hash to the image's name (a digest)? */
export function manifestMatchesImage(image: Image, manifest: string): boolean {
  const name = image.metadata.name ?? ''
  if (!/^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]+$/.test(name)) return false
  let canonical: string | undefined
  switch (image.dockerImageManifestMediaType ?? '') {
    case MEDIA_TYPE_OCI_MANIFEST:
      canonical = schema2MediaTypeOK(manifest, 'oci') ? manifest : undefined
      break
    case MEDIA_TYPE_SCHEMA2:
      canonical = schema2MediaTypeOK(manifest, 'schema2') ? manifest : undefined
      break
    case MEDIA_TYPE_SCHEMA1:
    case '':
      canonical = schema1Canonical(manifest)
      break
    default:
      return false
  }
  return canonical !== undefined && verifyDigest(name, canonical)
}

/** ImageConfigMatchesImage: is `config` the blob the image's manifest names as its config? */
export function imageConfigMatchesImage(image: Image, config: string): boolean {
  const mt = image.dockerImageManifestMediaType ?? ''
  if (mt !== MEDIA_TYPE_SCHEMA2 && mt !== MEDIA_TYPE_OCI_MANIFEST) return false
  const text = image.dockerImageManifest ?? ''
  if (!schema2MediaTypeOK(text, mt === MEDIA_TYPE_SCHEMA2 ? 'schema2' : 'oci')) return false
  try {
    const m = parseDockerImageManifest(text)
    return verifyDigest(m.config.digest, config)
  } catch {
    return false
  }
}

/**
 * The manifest part of the image strategy's PrepareForUpdate (§2.4): a changed manifest is kept only when
 * cleared or when it hashes to the image name; a changed config only when cleared or when it is the
 * manifest's config blob; then the metadata parsing runs again (errors ignored).
 */
export function prepareImageManifestUpdate(image: Image, old: Image, now: string): void {
  if ((image.dockerImageManifest ?? '') !== (old.dockerImageManifest ?? '')) {
    const next = image.dockerImageManifest ?? ''
    const ok = next.length === 0 || manifestMatchesImage(old, next)
    if (!ok) image.dockerImageManifest = old.dockerImageManifest
  }
  if ((image.dockerImageConfig ?? '') !== (old.dockerImageConfig ?? '')) {
    const next = image.dockerImageConfig ?? ''
    const ok = next.length === 0 || imageConfigMatchesImage(image, next)
    if (!ok) image.dockerImageConfig = old.dockerImageConfig
  }
  if (!image.dockerImageManifest) delete image.dockerImageManifest
  if (!image.dockerImageConfig) delete image.dockerImageConfig
  try {
    imageWithMetadata(image, now)
  } catch (e) {
    if (!(e instanceof ManifestError)) throw e
  }
}
