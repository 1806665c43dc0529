// ImageStreamImport create (REST.Create), ported from openshift-apiserver
// pkg/image/apiserver/registry/imagestreamimport (rest.go, imagecreater.go, strategy.go): validation,
// stream consistency checks, the import against the fake remote registry (with the namespace's pull
// secrets, retried anonymously on bad credentials), then — for `spec.import: true` — Images created,
// spec tags, tag events and conditions recorded, and the stream created or updated through the internal
// strategy. Every write of one import happens in one transaction.
// fidelity: imagestreamimport.write
// fidelity: imagestreamimport.allowed-registries (not modelled: every registry is allowed)

import { errors, isStatusError, type StatusError } from '../../apiserver/errors.js'
import { stableStringify } from '../../apiserver/json.js'
import type { RequestContext, Transaction, WriteOptions } from '../../apiserver/types.js'
import { objectKey } from '../../store/store.js'
import { addTagEventToImageStream, findSpecTag, findStatusTag, setSpecTag, setStatusTag } from '../helpers/tag-events.js'
import { exact, mostSpecific, tryParseDockerImageReference } from '../helpers/reference.js'
import { imageWithMetadata } from '../image/image-metadata.js'
import { normalizeImage } from '../image/normalize.js'
import type { ImageGroup } from '../install.js'
import { normalizeImageStream } from '../imagestream/normalize.js'
import { keyringFromSecrets } from '../remote-registry/credentials.js'
import type { RemoteRegistry } from '../remote-registry/registry.js'
import { GROUP, type Image, type ImageStream, type KubeObject, type ObjectMeta, type TagEvent, type TagEventCondition, type TagImportPolicy, type TagReferencePolicy } from '../types.js'
import { ImageStreamImporter } from './importer.js'
import { normalizeImageStreamImport } from './normalize.js'
import type { ImageImportStatus, ImageStreamImport, ImportStatus } from './types.js'
import { validateImageStreamImport } from './validation.js'
import { fidelityGate } from '../../apiserver/fidelity.js'

export const DOCKER_IMAGE_REPOSITORY_CHECK_ANNOTATION = 'openshift.io/image.dockerRepositoryCheck'

export interface ImportContext {
  group: ImageGroup
  registry: RemoteRegistry
  /** The server's platform for Legacy manifest-list imports (default linux/amd64). */
  platform?: { os: string; architecture: string }
}

function isAlreadyExists(e: unknown): e is StatusError {
  return isStatusError(e) && e.code === 409 && e.body.reason === 'AlreadyExists'
}

/** An Image as embedded in the ImageStreamImport (v1, no type meta, a zero creationTimestamp as null). */
export function embeddedImage(img: Image): Image {
  const { kind: _k, apiVersion: _a, ...rest } = normalizeImage(img)
  const meta = rest.metadata
  if (meta.creationTimestamp === undefined) {
    const ordered: ObjectMeta = {}
    for (const [k, v] of Object.entries(meta) as [keyof ObjectMeta, unknown][]) {
      if (k === 'labels' || k === 'annotations' || k === 'ownerReferences' || k === 'finalizers' || k === 'managedFields') {
        if (!('creationTimestamp' in ordered)) ordered.creationTimestamp = null
      }
      ;(ordered as Record<string, unknown>)[k] = v
    }
    if (!('creationTimestamp' in ordered)) ordered.creationTimestamp = null
    rest.metadata = ordered
  }
  return rest as Image
}

/** The written stream as embedded in `status.import` (stored value, not re-decorated; no type meta). */
function embeddedStream(s: ImageStream): ImageStream {
  const { kind: _k, apiVersion: _a, ...rest } = normalizeImageStream(structuredClone(s))
  return rest as ImageStream
}

/** The final wire form of the import: Go field order, embedded objects in v1 form. */
function wireImport(isi: ImageStreamImport): ImageStreamImport {
  const statusOf = (st: ImageImportStatus): ImageImportStatus => {
    const o: ImageImportStatus = { status: st.status }
    if (st.image) o.image = embeddedImage(st.image)
    if (st.tag) o.tag = st.tag
    if (st.manifests?.length) o.manifests = st.manifests.map(embeddedImage)
    return o
  }
  const status: ImageStreamImport['status'] = {}
  if (isi.status.import) status.import = isi.status.import
  const repo = isi.status.repository
  if (repo) {
    status.repository = { status: repo.status }
    if (repo.images?.length) status.repository.images = repo.images.map(statusOf)
    if (repo.additionalTags?.length) status.repository.additionalTags = repo.additionalTags
  }
  if (isi.status.images?.length) status.images = isi.status.images.map(statusOf)
  return { kind: 'ImageStreamImport', apiVersion: isi.apiVersion, metadata: isi.metadata, spec: isi.spec, status }
}

/** clearManifests: drop raw manifests and configs of entries that did not ask for them. */
function clearManifests(isi: ImageStreamImport): void {
  ;(isi.status.images ?? []).forEach((st, i) => {
    if (isi.spec.images?.[i]?.includeManifest) return
    if (st.image) {
      delete st.image.dockerImageManifest
      delete st.image.dockerImageConfig
    }
  })
  if (isi.spec.repository && !isi.spec.repository.includeManifest) {
    for (const st of isi.status.repository?.images ?? []) {
      if (st.image) {
        delete st.image.dockerImageManifest
        delete st.image.dockerImageConfig
      }
    }
  }
}

/** cachedImageCreater: PrepareImageForCreate, then create once per name; AlreadyExists keeps the imported image. */
class CachedImageCreater {
  private readonly cache = new Map<string, Image>()
  constructor(
    private readonly group: ImageGroup,
    private readonly tx: Transaction,
    private readonly ctx: RequestContext,
    private readonly opts: WriteOptions,
  ) {}

  create(image: Image): Image {
    // PrepareImageForCreate: signatures are added through images / imagesignatures; raw blobs are dropped.
    delete image.signatures
    delete image.dockerImageManifest
    delete image.dockerImageConfig
    const name = image.metadata.name ?? ''
    const cached = this.cache.get(name)
    if (cached) return cached
    let result: Image = image
    try {
      result = this.group.images.createIn(this.tx, this.ctx, image, this.opts) as Image
    } catch (e) {
      if (!isAlreadyExists(e)) throw e
      try {
        imageWithMetadata(image, this.ctx.now)
      } catch {
        // logged and ignored by the real server
      }
    }
    this.cache.set(name, result)
    return result
  }
}

function condition(status: ImportStatus, generation: number, now: string): TagEventCondition {
  return {
    type: 'ImportSuccess',
    status: 'False',
    lastTransitionTime: now,
    reason: status.reason ?? '',
    message: status.message || 'unknown error prevented import',
    generation,
  }
}

/** The private hasTagCondition of rest.go: same type, status, reason AND message. */
function hasTagCondition(stream: ImageStream, tag: string, c: TagEventCondition): boolean {
  return (findStatusTag(stream, tag)?.conditions ?? []).some(
    (x) => x.type === c.type && x.status === c.status && (x.reason ?? '') === (c.reason ?? '') && (x.message ?? '') === (c.message ?? ''),
  )
}

/** setTagConditions: replace the tag's conditions (creating the status tag when missing). */
function setTagConditions(stream: ImageStream, tag: string, conditions: TagEventCondition[]): void {
  const list = findStatusTag(stream, tag)
  const next = list ? { ...list } : { tag, items: null }
  if (conditions.length) next.conditions = conditions
  else delete next.conditions
  setStatusTag(stream, next)
}

function setFailureCondition(st: ImageImportStatus, stream: ImageStream, tag: string, generation: number, now: string): void {
  const c = condition(st.status, generation, now)
  if (!tag) {
    if (st.tag) tag = st.tag
    else if (st.image) tag = tryParseDockerImageReference(st.image.dockerImageReference ?? '')?.tag ?? ''
  }
  if (!hasTagCondition(stream, tag, c)) {
    setTagConditions(stream, tag, [c])
    const ref = findSpecTag(stream, tag)
    if (ref) ref.generation = 0
  }
}

/** ensureSpecTag: set the spec tag from an import (always when `reset`, else only when missing). */
function ensureSpecTag(stream: ImageStream, tag: string, from: string, importPolicy: TagImportPolicy, referencePolicy: TagReferencePolicy, reset: boolean): void {
  const existing = findSpecTag(stream, tag)
  if (existing && !reset) return
  const ref = existing ? structuredClone(existing) : { name: tag, annotations: null, generation: null }
  ref.from = { kind: 'DockerImage', name: from }
  ref.generation = 0
  ref.importPolicy = structuredClone(importPolicy)
  // Importing an image does not change an explicitly set reference policy.
  if (!ref.referencePolicy?.type) ref.referencePolicy = structuredClone(referencePolicy)
  setSpecTag(stream, ref)
}

/** mostAccuratePullSpec(ref, id, ""): the reference with the image's digest, most specific. */
function mostAccuratePullSpec(pullSpec: string, id: string): string {
  const ref = tryParseDockerImageReference(pullSpec)
  if (!ref) return pullSpec
  return exact(mostSpecific({ ...ref, id: id || ref.id }))
}

function hasTagChanged(stream: ImageStream, tag: string, next: TagEvent): boolean {
  const items = findStatusTag(stream, tag)?.items ?? []
  if (!items.length) return true
  const spec = findSpecTag(stream, tag)
  if (!spec || spec.generation === null || spec.generation === undefined) return true
  const prev = items[0]!
  return prev.dockerImageReference !== next.dockerImageReference || prev.image !== next.image || spec.generation > prev.generation
}

interface Imported {
  image: Image
  manifests?: Image[]
}

function importSuccessful(
  creater: CachedImageCreater,
  st: ImageImportStatus,
  stream: ImageStream,
  tag: string,
  from: string,
  generation: number,
  now: string,
  importPolicy: TagImportPolicy,
  referencePolicy: TagReferencePolicy,
): Imported {
  const image = st.image!
  const event: TagEvent = { created: now, dockerImageReference: mostAccuratePullSpec(image.dockerImageReference ?? '', image.metadata.name ?? ''), image: image.metadata.name ?? '', generation }
  if (hasTagChanged(stream, tag, event)) {
    ensureSpecTag(stream, tag, from, importPolicy, referencePolicy, true)
    addTagEventToImageStream(stream, tag, event)
  }
  const spec = findSpecTag(stream, tag)
  if (spec) spec.importPolicy = structuredClone(importPolicy)
  setTagConditions(stream, tag, [])
  const manifests = st.manifests?.map((m) => creater.create(structuredClone(m)))
  return { image: creater.create(image), manifests }
}

/** createImages: record the results of an import in `stream` and create the imported Images. */
function createImages(creater: CachedImageCreater, isi: ImageStreamImport, stream: ImageStream, generation: number, now: string): void {
  const repoSpec = isi.spec.repository
  if (repoSpec) {
    for (const st of isi.status.repository?.images ?? []) {
      if (!st.image || st.status.status !== 'Success') {
        setFailureCondition(st, stream, st.tag ?? '', generation, now)
        continue
      }
      const ref = tryParseDockerImageReference(st.image.dockerImageReference ?? '')
      const from = tryParseDockerImageReference(repoSpec.from.name ?? '')
      if (!ref || !from) continue
      const tag = st.tag || ref.tag
      const r = importSuccessful(creater, st, stream, tag, exact({ ...from, id: '', tag }), generation, now, repoSpec.importPolicy, repoSpec.referencePolicy)
      st.image = r.image
      if (r.manifests) st.manifests = r.manifests
    }
  }
  ;(isi.spec.images ?? []).forEach((spec, i) => {
    if (!spec.to) return
    const tag = spec.to.name ?? ''
    const st = isi.status.images![i]!
    if (!st.image || st.status.status !== 'Success') {
      setFailureCondition(st, stream, tag, generation, now)
      ensureSpecTag(stream, tag, spec.from.name ?? '', spec.importPolicy, spec.referencePolicy, false)
      return
    }
    const r = importSuccessful(creater, st, stream, tag, spec.from.name ?? '', generation, now, spec.importPolicy, spec.referencePolicy)
    st.image = r.image
    if (r.manifests) st.manifests = r.manifests
  })
}

/** The import itself: fill the statuses, retrying anonymously when credentials were rejected. */
function runImporter(ictx: ImportContext, tx: Transaction, ctx: RequestContext, isi: ImageStreamImport, stream: ImageStream): void {
  const ns = isi.metadata.namespace ?? ''
  const secrets = ctx.store.has('secrets') ? tx.list('secrets', ns) : []
  const importer = new ImageStreamImporter({ registry: ictx.registry, keyring: keyringFromSecrets(secrets), now: ctx.now, platform: ictx.platform })
  importer.import(isi, stream)
  // A registry answers 401 for public images when the secret has wrong credentials: try without.
  const first = (isi.status.images ?? []).map((st) => structuredClone(st.status))
  const badCredentials = first.some((s) => s.reason === 'Unauthorized' && (s.message ?? '').toLowerCase().includes('username or password'))
  if (!badCredentials) return
  new ImageStreamImporter({ registry: ictx.registry, now: ctx.now, platform: ictx.platform }).import(isi, stream)
  // Keep the original messages of what is still unauthorized, so as not to confuse users.
  ;(isi.status.images ?? []).forEach((st, i) => {
    if (st.status.reason === 'Unauthorized') st.status = first[i]!
  })
}

/**
 * Create an ImageStreamImport in `tx`. Returns the response object (wire form). Throws StatusErrors for
 * validation (422), consistency (404/409) and write failures.
 */
export function createImportIn(ictx: ImportContext, tx: Transaction, ctx: RequestContext, input: KubeObject, opts: WriteOptions): ImageStreamImport {
  const isi = normalizeImageStreamImport(input)
  const inputMeta = { resourceVersion: isi.metadata.resourceVersion ?? '', uid: isi.metadata.uid ?? '' }
  const meta = isi.metadata
  const ns = ctx.info.namespace
  if (!meta.namespace) meta.namespace = ns
  else if (ns && meta.namespace !== ns) {
    throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request')
  }
  // Mutating admission (NamespaceLifecycle) runs before the REST create.
  ctx.admitCreate?.(ctx, tx, { metadata: meta } as KubeObject, { group: GROUP, resource: 'imagestreamimports' })
  // rest.FillObjectMetaSystemFields + BeforeCreate (PrepareForCreate clears the status).
  meta.uid = ctx.random.uid()
  meta.creationTimestamp = ctx.now
  delete meta.deletionTimestamp
  delete meta.deletionGracePeriodSeconds
  delete meta.managedFields
  isi.status = {}
  const errs = validateImageStreamImport(isi)
  if (errs.length) throw errors.invalid(GROUP, 'ImageStreamImport', meta.name ?? '', errs)

  const name = meta.name ?? ''
  const stored = tx.get('imagestreams', objectKey(meta.namespace, name)) as ImageStream | undefined
  let create = false
  let stream: ImageStream
  if (!stored) {
    // Consistency check: a stream the caller expected must exist.
    if (inputMeta.resourceVersion || inputMeta.uid) throw errors.notFound(GROUP, 'imagestreams', name)
    create = true
    stream = normalizeImageStream({ metadata: { name, namespace: meta.namespace } })
  } else {
    if (inputMeta.resourceVersion && inputMeta.resourceVersion !== stored.metadata.resourceVersion) {
      throw errors.conflict(GROUP, 'imagestream', name, `the image stream was updated from "${inputMeta.resourceVersion}" to "${stored.metadata.resourceVersion}"`)
    }
    if (inputMeta.uid && inputMeta.uid !== stored.metadata.uid) throw errors.notFound(GROUP, 'imagestream', name)
    stream = structuredClone(ictx.group.imageStreams.decorate(stored, ctx)) as ImageStream
  }

  runImporter(ictx, tx, ctx, isi, stream)

  if (!isi.spec.import) {
    clearManifests(isi)
    return wireImport(isi)
  }
  // fidelity: imagestreamimport.dry-run — the fake honours dryRun; openshift-apiserver's REST.Create
  // writes the images and the stream with fresh (non-dry-run) options whatever the request said.
  if (opts.dryRun) fidelityGate(ctx, 'imagestreamimport.dry-run', 'ImageStreamImport with spec.import: true and dryRun')

  const now = ctx.now
  const hasAnnotation = stream.metadata.annotations?.[DOCKER_IMAGE_REPOSITORY_CHECK_ANNOTATION] !== undefined
  const nextGeneration = (stream.metadata.generation ?? 0) + 1
  const original = normalizeImageStream(structuredClone(stream))
  // The registry writes of the real server bypass the handlers: no UID precondition, no apply semantics.
  // Registry writes: the images and the stream do not go through the field manager.
  const wopts: WriteOptions = { dryRun: opts.dryRun, fieldManager: opts.fieldManager, operation: 'Update', registryWrite: true }
  createImages(new CachedImageCreater(ictx.group, tx, ctx, wopts), isi, stream, nextGeneration, now)
  clearManifests(isi)
  // Round trip through v1 defaulting (referencePolicy Source, importMode Legacy).
  stream = normalizeImageStream(stream)
  const hasChanges = stableStringify(original) !== stableStringify(stream)
  let result: ImageStream
  if (create) {
    stream.metadata.annotations = { ...stream.metadata.annotations, [DOCKER_IMAGE_REPOSITORY_CHECK_ANNOTATION]: now }
    result = ictx.group.imageStreamsInternal.createIn(tx, ctx, stream, wopts) as ImageStream
  } else if (hasAnnotation && !hasChanges) {
    result = original
  } else {
    stream.metadata.annotations = { ...stream.metadata.annotations, [DOCKER_IMAGE_REPOSITORY_CHECK_ANNOTATION]: now }
    const r = ictx.group.imageStreamsInternal.updateIn(tx, ctx, name, () => structuredClone(stream), wopts)
    result = r.object as ImageStream
  }
  isi.status.import = embeddedStream(result)
  const after = validateImageStreamImport(isi)
  if (after.length) throw errors.invalid(GROUP, 'ImageStreamImport', name, after)
  return wireImport(isi)
}
