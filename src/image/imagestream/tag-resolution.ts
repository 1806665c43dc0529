// Spec-tag → status resolution (Strategy.tagsChanged), ported from openshift-apiserver
// pkg/image/apiserver/registry/imagestream/strategy.go.
// fidelity: imagestream.spec-tag-resolution

import { fe, goQuote, aggregateMessage, isStatusError, type FieldError } from '../../apiserver/errors.js'
import type { StoreReader } from '../../store/store.js'
import { objectKey } from '../../store/store.js'
import {
  addTagEventToImageStream,
  findStatusTag,
  latestTaggedImage,
  resolveImageID,
  tagEventChanged,
  tagRefChanged,
  updateTrackingTags,
  findSpecTag,
} from '../helpers/tag-events.js'
import { exact, tryParseDockerImageReference } from '../helpers/reference.js'
import type { ImageStream, TagEvent, TagReference } from '../types.js'

export interface ResolutionConfig {
  internalRegistryHostname?: string
  now: string
}

function parseFromReference(stream: ImageStream, ref: TagReference): { streamName: string; tagOrID: string } | undefined {
  const kind = ref.from?.kind
  const sep = kind === 'ImageStreamTag' ? ':' : kind === 'ImageStreamImage' ? '@' : ''
  if (!sep) return undefined
  const name = ref.from?.name ?? ''
  const parts = name.split(sep)
  if (parts.length === 1) return { streamName: stream.metadata.name ?? '', tagOrID: name }
  if (parts.length === 2) return { streamName: parts[0]!, tagOrID: parts[1]! }
  return undefined
}

function tagReferenceToTagEvent(stream: ImageStream, ref: TagReference, tagOrID: string, now: string): TagEvent | undefined {
  let event: TagEvent | undefined
  switch (ref.from?.kind) {
    case 'DockerImage':
      event = { created: now, dockerImageReference: ref.from.name ?? '', image: '', generation: 0 }
      break
    case 'ImageStreamImage':
      event = resolveImageID(stream, tagOrID, now)
      break
    case 'ImageStreamTag':
      // QUIRK (kept): the real server returns a pointer into the source tag's history, so setting the
      // generation below also rewrites the source tag's items[0].generation when it is in this stream.
      event = latestTaggedImage(stream, tagOrID)
      break
  }
  if (event && ref.generation !== null && ref.generation !== undefined) event.generation = ref.generation
  return event
}

/**
 * Resolve spec tags that are new or changed (relative to `old`) into status events. Mutates `stream`.
 * `tracking`: 'all' (create), 'changed' (internal updates: compare with old), or 'none' — the QUIRK of
 * main-resource PUT/PATCH, where the real server compares the status with itself and never propagates.
 */
export function resolveTags(
  old: ImageStream | undefined,
  stream: ImageStream,
  reader: StoreReader,
  cfg: ResolutionConfig,
  tracking: 'all' | 'changed' | 'none',
): FieldError[] {
  const errs: FieldError[] = []
  const ns = stream.metadata.namespace ?? ''
  for (const ref of stream.spec.tags ?? []) {
    const tag = ref.name
    const path = `spec.tags[${tag}].from`
    const oldRef = old ? findSpecTag(old, tag) : undefined
    if (oldRef && !tagRefChanged(oldRef, ref, ns)) continue
    if (!ref.from) continue
    if (ref.from.kind === 'DockerImage' && ref.from.name) {
      if (ref.reference) {
        const event = tagReferenceToTagEvent(stream, ref, '', cfg.now)
        if (event) addTagEventToImageStream(stream, tag, event)
      }
      continue
    }
    const parsed = parseFromReference(stream, ref)
    if (!parsed) {
      errs.push(fe.invalid(`${path}.name`, ref.from.name ?? '', 'must be of the form <tag>, <repo>:<tag>, <id>, or <repo>@<id>'))
      continue
    }
    let source = stream
    const refNs = ref.from.namespace || ns
    if (refNs !== ns || parsed.streamName !== stream.metadata.name) {
      const other = reader.get('imagestreams', objectKey(refNs, parsed.streamName)) as ImageStream | undefined
      if (!other) {
        errs.push(fe.notFound(`${path}.name`, ref.from.name ?? ''))
        continue
      }
      source = structuredClone(other)
    }
    let event: TagEvent | undefined
    try {
      event = tagReferenceToTagEvent(source, ref, parsed.tagOrID, cfg.now)
    } catch (e) {
      const msg = isStatusError(e) ? e.body.message : e instanceof Error ? e.message : String(e)
      errs.push(fe.invalid(`${path}.name`, ref.from.name ?? '', `error generating tag event: ${msg}`))
      continue
    }
    if (!event) continue
    if (!ref.reference && cfg.internalRegistryHostname) {
      const r = tryParseDockerImageReference(event.dockerImageReference)
      if (r && r.registry === cfg.internalRegistryHostname && r.namespace === source.metadata.namespace && r.name === source.metadata.name) {
        event = { ...event, dockerImageReference: exact({ ...r, namespace: ns, name: stream.metadata.name ?? '' }) }
      }
    }
    addTagEventToImageStream(stream, tag, event)
  }
  if (tracking !== 'none') updateChangedTrackingTags(stream, tracking === 'all' ? undefined : old)
  return errs
}

/** UpdateChangedTrackingTags: propagate every status tag whose latest event changed (or all, on create). */
export function updateChangedTrackingTags(stream: ImageStream, old: ImageStream | undefined): number {
  let changes = 0
  for (const list of [...(stream.status.tags ?? [])]) {
    const items = list.items ?? []
    if (!items.length) continue
    if (old) {
      const oldItems = findStatusTag(old, list.tag)?.items ?? []
      if (oldItems.length && !tagEventChanged(oldItems[0]!, items[0]!)) continue
      if (oldItems.length > items.length) continue // deleted
    }
    changes += updateTrackingTags(stream, list.tag, items[0]!)
  }
  return changes
}

/** The wrapped form the real server reports tag-resolution errors in (one InternalError cause). */
export function wrapResolutionErrors(name: string, errs: FieldError[]): FieldError[] {
  if (!errs.length) return []
  return [fe.internal('', `imagestreams ${goQuote(name)} is invalid: ${aggregateMessage(errs)}`)]
}
