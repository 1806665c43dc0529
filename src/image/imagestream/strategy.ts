// ImageStream strategies: the main resource and the /status subresource (openshift-apiserver
// pkg/image/apiserver/registry/imagestream/strategy.go Strategy, StatusStrategy, InternalStrategy).
// fidelity: imagestream.create
// fidelity: imagestream.update
// fidelity: imagestream.status-subresource
// fidelity: imagestream.limit-ranges (not modelled: the fake serves no LimitRanges)

import type { FieldError } from '../../apiserver/errors.js'
import { metaFieldSet, type Strategy, type StrategyContext } from '../../apiserver/strategy.js'
import type { RequestContext, TableConvertor } from '../../apiserver/types.js'
import { sameStable } from '../../apiserver/json.js'
import { cloneObject } from '../../apiserver/clone.js'
import { formatTimeAgo, printerTagsColumn } from '../helpers/duration.js'
import { findSpecTag, findStatusTag, sortStatusTags, tagRefChanged } from '../helpers/tag-events.js'
import { referenceString } from '../helpers/reference.js'
import { GROUP, VERSION, type ImageStream, type KubeObject } from '../types.js'
import { normalizeImageStream } from './normalize.js'
import { resolveTags, wrapResolutionErrors } from './tag-resolution.js'
import { verifyCrossNamespaceTags } from './tag-verifier.js'
import { validateImageStream, validateImageStreamName, validateImageStreamStatusRefs } from './validation.js'
import { NAME_COLUMN } from '../printers.js'

export interface ImageGroupConfig {
  internalRegistryHostname?: string
  externalRegistryHostname?: string
}

export function dockerImageRepository(stream: ImageStream, cfg: ImageGroupConfig): string {
  if (!cfg.internalRegistryHostname) return stream.spec.dockerImageRepository ?? ''
  return referenceString({ registry: cfg.internalRegistryHostname, namespace: stream.metadata.namespace || 'default', name: stream.metadata.name ?? '', tag: '', id: '' })
}

export function publicDockerImageRepository(stream: ImageStream, cfg: ImageGroupConfig): string {
  if (!cfg.externalRegistryHostname) return ''
  return referenceString({ registry: cfg.externalRegistryHostname, namespace: stream.metadata.namespace || 'default', name: stream.metadata.name ?? '', tag: '', id: '' })
}

/** Recompute the registry hostnames of status (main-resource reads and writes). Returns a copy. */
export function decorateImageStream(obj: KubeObject, cfg: ImageGroupConfig): ImageStream {
  const s = obj as ImageStream
  const status = { ...s.status, dockerImageRepository: dockerImageRepository(s, cfg) }
  const pub = publicDockerImageRepository(s, cfg)
  if (pub) status.publicDockerImageRepository = pub
  else delete status.publicDockerImageRepository
  const { tags, ...rest } = status
  const ordered = { dockerImageRepository: rest.dockerImageRepository, ...(pub ? { publicDockerImageRepository: pub } : {}), ...(tags ? { tags } : {}) }
  return { ...s, status: ordered }
}

function specEqual(a: ImageStream, b: ImageStream): boolean {
  return sameStable(a.spec, b.spec)
}

export const imageStreamTable = (cfg: ImageGroupConfig): TableConvertor => ({
  columns: [
    NAME_COLUMN,
    {
      name: 'Image Repository',
      type: 'string',
      format: '',
      description: 'dockerImageRepository represents the effective location this stream may be accessed at. May be empty until the server determines where the repository is located',
      priority: 0,
    },
    { name: 'Tags', type: 'string', format: '', description: 'Human readable list of tags.', priority: 0 },
    { name: 'Updated', type: 'string', format: '', description: 'Last update time.', priority: 0 },
  ],
  cells(obj, ctx: RequestContext) {
    const s = decorateImageStream(obj, cfg)
    const repo = s.status.publicDockerImageRepository || s.spec.dockerImageRepository || s.status.dockerImageRepository
    let latest = ''
    for (const l of s.status.tags ?? []) {
      const c = l.items?.[0]?.created
      if (c && (!latest || Date.parse(c) > Date.parse(latest))) latest = c
    }
    return [s.metadata.name ?? '', repo, printerTagsColumn(sortStatusTags(s.status.tags)), latest ? formatTimeAgo(latest, ctx.nowMs) : '']
  },
})

function base(cfg: ImageGroupConfig): Omit<Strategy, 'prepareForCreate' | 'validate' | 'prepareForUpdate' | 'validateUpdate'> {
  return {
    group: GROUP,
    version: VERSION,
    resource: 'imagestreams',
    kind: 'ImageStream',
    namespaced: true,
    normalize: normalizeImageStream,
    validateName: validateImageStreamName,
    fieldSet(obj) {
      const s = obj as ImageStream
      return {
        ...metaFieldSet(obj, true),
        'spec.dockerImageRepository': s.spec.dockerImageRepository ?? '',
        'status.dockerImageRepository': s.status.dockerImageRepository ?? '',
      }
    },
    selectableFields: ['metadata.name', 'metadata.namespace', 'spec.dockerImageRepository', 'status.dockerImageRepository'],
    allowUnconditionalUpdate: false,
    gcFinalizers: true,
    listKeys: { 'spec.tags': 'name', 'status.tags': 'tag' },
    table: imageStreamTable(cfg),
    emptyObject: () => ({ kind: 'ImageStream', apiVersion: `${GROUP}/${VERSION}`, metadata: {}, spec: { lookupPolicy: { local: false } }, status: { dockerImageRepository: '' } }),
  }
}

/** How tag resolution propagates to tracking tags for a given write (see resolveTags). */
export type TrackingMode = 'changed' | 'none'

/** The strategy of the main resource. Internal updates (virtual resources) pass `internal: true`. */
export function imageStreamStrategy(cfg: ImageGroupConfig, opts: { internal?: boolean } = {}): Strategy {
  const resolution = (sc: StrategyContext) => ({ internalRegistryHostname: cfg.internalRegistryHostname, now: sc.ctx.now })
  return {
    ...base(cfg),
    resetFields: ['status'],
    decorate: (obj) => decorateImageStream(obj, cfg),
    prepareForCreate(obj) {
      const s = obj as ImageStream
      if (!opts.internal) s.status = { dockerImageRepository: '', tags: [] }
      s.status.dockerImageRepository = dockerImageRepository(s, cfg)
      const pub = publicDockerImageRepository(s, cfg)
      if (pub) s.status.publicDockerImageRepository = pub
      s.metadata.generation = 1
      for (const t of s.spec.tags ?? []) t.generation = 1
    },
    validate(obj, sc): FieldError[] {
      const s = obj as ImageStream
      verifyCrossNamespaceTags(sc.ctx, undefined, s)
      const resolution_ = resolveTags(undefined, s, sc.tx, resolution(sc), 'changed')
      return [...wrapResolutionErrors(s.metadata.name ?? '', resolution_), ...validateImageStream(s)]
    },
    prepareForUpdate(obj, old) {
      const s = obj as ImageStream
      const o = old as ImageStream
      if (!opts.internal) s.status = cloneObject(o.status)
      s.status.dockerImageRepository = dockerImageRepository(s, cfg)
      const pub = publicDockerImageRepository(s, cfg)
      if (pub) s.status.publicDockerImageRepository = pub
      else delete s.status.publicDockerImageRepository
      // Clients cannot set a spec tag's generation to anything but 0 (the re-import trigger).
      for (const t of s.spec.tags ?? []) {
        if (t.generation === 0) continue
        const prev = findSpecTag(o, t.name)
        if (prev) t.generation = prev.generation
      }
      const gen = o.metadata.generation ?? 0
      if (!specEqual(o, s) || gen === 0) s.metadata.generation = gen + 1
      for (const t of s.spec.tags ?? []) {
        const prev = findSpecTag(o, t.name)
        if (!prev || tagRefChanged(prev, t, s.metadata.namespace ?? '') || !t.generation) t.generation = s.metadata.generation ?? 1
      }
    },
    validateUpdate(obj, old, sc): FieldError[] {
      const s = obj as ImageStream
      // QUIRK (kept): a main-resource PUT/PATCH never propagates to tracking tags (see resolveTags).
      verifyCrossNamespaceTags(sc.ctx, old as ImageStream, s)
      const errs = resolveTags(old as ImageStream, s, sc.tx, resolution(sc), opts.internal ? 'changed' : 'none')
      return [...wrapResolutionErrors(s.metadata.name ?? '', errs), ...validateImageStream(s)]
    },
  }
}

/**
 * The /status subresource (StatusStrategy.PrepareForUpdate): spec tags and repository come from storage,
 * generation unchanged.
 */
export function imageStreamStatusStrategy(cfg: ImageGroupConfig): Strategy {
  return {
    ...base(cfg),
    // QUIRK (StatusStrategy.PrepareForUpdate): only these two are reset; lookupPolicy from the body is
    // persisted (and so owned).
    resetFields: ['spec.tags', 'spec.dockerImageRepository'],
    prepareForCreate() {},
    validate: () => [],
    prepareForUpdate(obj, old) {
      const s = obj as ImageStream
      const o = old as ImageStream
      // QUIRK (kept): only spec.tags and spec.dockerImageRepository are reset; lookupPolicy, labels and
      // annotations from the body are persisted.
      if (o.spec.tags) s.spec.tags = cloneObject(o.spec.tags)
      else delete s.spec.tags
      if (o.spec.dockerImageRepository) s.spec.dockerImageRepository = o.spec.dockerImageRepository
      else delete s.spec.dockerImageRepository
      const gen = s.metadata.generation ?? 0
      for (const list of s.status.tags ?? []) {
        const first = list.items?.[0]
        if (!first || first.generation !== 0) continue
        const prevFirst = findStatusTag(o, list.tag)?.items?.[0]
        if (!prevFirst || (prevFirst.image === first.image && prevFirst.dockerImageReference === first.dockerImageReference && prevFirst.generation === 0)) {
          first.generation = gen
          continue
        }
        const spec = findSpecTag(s, list.tag)
        first.generation = !spec || spec.generation === null ? gen : spec.generation
      }
    },
    validateUpdate(obj, old): FieldError[] {
      return validateImageStreamStatusRefs(obj as ImageStream, old as ImageStream)
    },
  }
}
