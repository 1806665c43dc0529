// The remote-registry fixture format: the registries an ImageStreamImport (and the import controller)
// reaches, their repositories, tags and manifests, and the failures a test can ask for. See docs/imports.md.

import type { BuiltImage, ImageOptions } from '../../fixtures/image.js'
import type { ManifestListFixture, ManifestListOptions } from '../../fixtures/manifest-list.js'
import type { Credentials } from './credentials.js'

export type { Credentials } from './credentials.js'

/**
 * A single-platform image, built by the fixture builders (src/fixtures/image.ts `buildImage`) into a
 * real schema 2 / OCI manifest, config blob and layers: `{ arch, os, variant, config: { Env, Cmd, Labels },
 * layers, created, mediaType: 'oci', seed }`. Publishing the same options twice gives the same digest: a
 * "new build" of a tag needs different content (e.g. another `seed`).
 */
export type ImageSpec = ImageOptions

/** A multi-platform image: a manifest list / OCI index (builders `manifestList`): `{ children: [{ arch: 'arm64', variant: 'v8' }, ...] }`. */
export type ManifestListSpec = Omit<ManifestListOptions, 'reference' | 'registry' | 'repository' | 'labels' | 'annotations' | 'includeManifest'>

/** Content given verbatim: the manifest (and its config blob) are served as is; digests are computed. */
export interface RawManifestSpec {
  manifest: string | Record<string, unknown>
  /** Defaults to the manifest's own `mediaType`. */
  mediaType?: string
  config?: string | Record<string, unknown>
  /** For a raw manifest list: the child manifests it names (with their configs). */
  children?: RawManifestSpec[]
}

/** A tag (or digest) that cannot be pulled. */
export interface FailureSpec {
  /**
   * `'notFound'` (manifest unknown → 404 NotFound), `'unauthorized'` (→ 401), or any other text: a
   * registry error reported as `Internal error occurred: <ref>: <text>`.
   */
  error: string
}

/** What a tag can point at: options to build, an already built image or list (builders), raw content, or a failure. */
export type TagSpec = ImageSpec | ManifestListSpec | BuiltImage | ManifestListFixture | RawManifestSpec | FailureSpec

export interface RepositoryFixture {
  /** Pulling needs these credentials (from a dockercfg / dockerconfigjson secret of the stream's namespace). */
  auth?: Credentials
  /** Every manifest request fails with this error text (→ InternalError). */
  error?: string
  /** Tags and what they point at. */
  tags?: Record<string, TagSpec>
}

export interface RegistryFixture {
  /** Plain-HTTP registry: imports need `importPolicy.insecure` (or `insecure` below). */
  httpOnly?: boolean
  /** Listed as insecure in the cluster's image config (HTTP and bad certificates tolerated). */
  insecure?: boolean
  /** Listed in the cluster's blocked registries. */
  blocked?: boolean
  /** Answers `/v2/` without the Docker Registry v2 API. */
  notV2?: boolean
  /** Every connection fails with this transport error text, e.g. `dial tcp 10.0.0.1:443: connect: connection refused`. */
  error?: string
  /** Every request (even the `/v2/` ping) needs these credentials. */
  auth?: Credentials
  repositories?: Record<string, RepositoryFixture>
}

export interface RemoteRegistryOptions {
  /** Include the built-in registries (Docker Hub, registry.access.redhat.com, quay.io samples); default true. */
  defaults?: boolean
  /** Registries by host (`docker.io`, `quay.io`, `registry.example.com:5000`); merged over the defaults. */
  registries?: Record<string, RegistryFixture>
}

/** What a tag points at after `publish`. */
export interface PublishedManifest {
  digest: string
  mediaType: string
  manifest: string
  config?: string
  /** The config blob's digest (as the manifest names it). */
  configDigest?: string
  /** Children of a manifest list, in list order. */
  children?: PublishedManifest[]
}
