// The manifest, config and layer media types Images carry (docker distribution schema 1 / schema 2 and
// OCI), and media-type parsing.

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

/** The media type without parameters (mime.ParseMediaType), or undefined when it does not parse. */
export function baseMediaType(ct: string): string | undefined {
  const s = ct.split(';')[0]!.trim().toLowerCase()
  if (!/^[!#$%&'*+.^_`|~0-9a-z-]+\/[!#$%&'*+.^_`|~0-9a-z-]+$/.test(s)) return undefined
  return s
}
