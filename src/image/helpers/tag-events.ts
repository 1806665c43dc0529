// Tag-history helpers on v1 wire-form ImageStreams, ported from openshift-apiserver
// pkg/image/apiserver/internal/imageutil/helpers.go, pkg/image/apis/image/sort.go and
// registry/imagestream/strategy.go (tagRefChanged, tagEventChanged).
//
// Wire form: `status.tags` is a list of NamedTagEventList kept sorted by `tag` and `spec.tags` a list
// of TagReference kept sorted by `name` (byte order); the internal Go types are maps keyed by those
// names. Lookups return the LAST entry with a given name (a map built from a list keeps the last).
// Functions that add events store copies (Go value semantics) and keep the lists sorted.

import { errors } from '../../apiserver/errors.js'
import { GROUP, type ImageStream, type NamedTagEventList, type TagEvent, type TagEventCondition, type TagReference } from '../types.js'
import { compareStrings, DEFAULT_IMAGE_TAG, digestOrImageMatch, splitImageStreamTag } from './names.js'
import { exact, tryParseDockerImageReference } from './reference.js'

export const LOCAL_TAG_REFERENCE_POLICY = 'Local'
export const SOURCE_TAG_REFERENCE_POLICY = 'Source'

/** A TagEvent copy with the wire field order. */
export function copyTagEvent(e: TagEvent): TagEvent {
  return { created: e.created, dockerImageReference: e.dockerImageReference, image: e.image, generation: e.generation }
}

/** The spec tag named `tag` (SpecHasTag / `stream.Spec.Tags[tag]`). */
export function findSpecTag(stream: ImageStream, tag: string): TagReference | undefined {
  const tags = stream.spec?.tags
  if (!tags) return undefined
  for (let i = tags.length - 1; i >= 0; i--) if (tags[i]!.name === tag) return tags[i]
  return undefined
}

/** The status tag named `tag` (StatusHasTag / `stream.Status.Tags[tag]`). */
export function findStatusTag(stream: ImageStream, tag: string): NamedTagEventList | undefined {
  const tags = stream.status?.tags
  if (!tags) return undefined
  for (let i = tags.length - 1; i >= 0; i--) if (tags[i]!.tag === tag) return tags[i]
  return undefined
}

/** Insert or replace `entry` in the sorted `status.tags` list. */
export function setStatusTag(stream: ImageStream, entry: NamedTagEventList): void {
  if (!stream.status) stream.status = { dockerImageRepository: '' }
  const tags = (stream.status.tags ??= [])
  for (let i = tags.length - 1; i >= 0; i--) {
    if (tags[i]!.tag === entry.tag) {
      tags[i] = entry
      return
    }
  }
  let at = tags.length
  while (at > 0 && compareStrings(tags[at - 1]!.tag, entry.tag) > 0) at--
  tags.splice(at, 0, entry)
}

/** Insert or replace `ref` in the sorted `spec.tags` list. */
export function setSpecTag(stream: ImageStream, ref: TagReference): void {
  if (!stream.spec) stream.spec = {}
  const tags = (stream.spec.tags ??= [])
  for (let i = tags.length - 1; i >= 0; i--) {
    if (tags[i]!.name === ref.name) {
      tags[i] = ref
      return
    }
  }
  let at = tags.length
  while (at > 0 && compareStrings(tags[at - 1]!.name, ref.name) > 0) at--
  tags.splice(at, 0, ref)
}

/**
 * LatestTaggedImage: `status.tags[tag].items[0]` (tag defaults to `latest`), or undefined. Returns
 * the stored object itself (not a copy), as the Go code returns a pointer into the history.
 */
export function latestTaggedImage(stream: ImageStream, tag: string): TagEvent | undefined {
  if (tag.length === 0) tag = DEFAULT_IMAGE_TAG
  const list = findStatusTag(stream, tag)
  if (!list || !list.items || list.items.length === 0) return undefined
  return list.items[0]
}

/** ResolveReferenceForTagEvent: applies the spec tag's reference policy to `event`. */
export function resolveReferenceForTagEvent(stream: ImageStream, tag: string, event: TagEvent): string {
  const ref = findSpecTag(stream, tag)
  if (!ref) return event.dockerImageReference
  if (ref.referencePolicy?.type !== LOCAL_TAG_REFERENCE_POLICY) return event.dockerImageReference
  const local = stream.status?.dockerImageRepository ?? ''
  if (local.length === 0 || event.image.length === 0) return event.dockerImageReference
  const parsed = tryParseDockerImageReference(local)
  if (!parsed) return event.dockerImageReference
  return exact({ ...parsed, tag: '', id: event.image })
}

/** ResolveLatestTaggedImage: the resolved pull spec of the tag's latest event, or undefined. */
export function resolveLatestTaggedImage(stream: ImageStream, tag: string): string | undefined {
  if (tag.length === 0) tag = DEFAULT_IMAGE_TAG
  const latest = latestTaggedImage(stream, tag)
  return latest ? resolveReferenceForTagEvent(stream, tag, latest) : undefined
}

/**
 * AddTagEventToImageStream: appends/collapses `next` into the history of `tag` (mutates `stream`).
 * Returns true if anything changed. Conditions are dropped on every change; `created` of the
 * current event is kept when it is collapsed.
 */
export function addTagEventToImageStream(stream: ImageStream, tag: string, next: TagEvent): boolean {
  const list = findStatusTag(stream, tag)
  if (!list || !list.items || list.items.length === 0) {
    setStatusTag(stream, { tag, items: [copyTagEvent(next)] })
    return true
  }
  const previous = list.items[0]!
  const sameRef = previous.dockerImageReference === next.dockerImageReference
  const sameImage = previous.image === next.image
  const sameGen = previous.generation === next.generation

  if (sameRef && sameImage && sameGen) return false
  if (sameRef && sameImage) {
    // collapse: generation only
  } else if (sameRef) {
    previous.image = next.image
  } else if (sameImage) {
    previous.dockerImageReference = next.dockerImageReference
  } else {
    list.items = [copyTagEvent(next), ...list.items]
    delete list.conditions
    return true
  }
  previous.generation = next.generation
  delete list.conditions
  return true
}

/**
 * UpdateTrackingTags: adds `event` to every spec tag that follows `updatedTag` of this stream
 * (from.kind ImageStreamTag, same namespace, from.name `<updatedTag>` or `<stream>:<updatedTag>`).
 * Returns the number of tags changed.
 */
export function updateTrackingTags(stream: ImageStream, updatedTag: string, event: TagEvent): number {
  let updated = 0
  const streamNamespace = stream.metadata?.namespace ?? ''
  const streamName = stream.metadata?.name ?? ''
  for (const tagRef of [...(stream.spec?.tags ?? [])]) {
    const from = tagRef.from
    if (!from) continue
    if (from.kind !== 'ImageStreamTag') continue
    const ns = from.namespace || streamNamespace
    if (ns !== streamNamespace) continue
    const fromName = from.name ?? ''
    let refName: string
    let tag: string
    if (fromName.includes(':')) {
      const split = splitImageStreamTag(fromName)
      refName = split.name
      tag = split.tag
    } else {
      refName = streamName
      tag = fromName
    }
    if (refName !== streamName) continue
    if (tag !== updatedTag) continue
    if (addTagEventToImageStream(stream, tagRef.name, event)) updated++
  }
  return updated
}

/**
 * ResolveImageID: the one image in the stream's history matching `id` (DigestOrImageMatch) as a new
 * event `{created: now, dockerImageReference, image, generation: 0}`. Throws a 404 StatusError
 * (`imagestreamimage.image.openshift.io "<id>" not found`) or a 409 Conflict when several images match.
 * With several history items of the same image the reference of the last one scanned (tags in
 * order, history oldest last) is used; the Go code depends on map order there.
 */
export function resolveImageID(stream: ImageStream, id: string, now: string): TagEvent {
  let event: TagEvent | undefined
  const set = new Set<string>()
  for (const list of stream.status?.tags ?? []) {
    for (const item of list.items ?? []) {
      if (digestOrImageMatch(item.image, id)) {
        event = item
        set.add(item.image)
      }
    }
  }
  if (set.size === 1 && event) {
    return { created: now, dockerImageReference: event.dockerImageReference, image: event.image, generation: 0 }
  }
  if (set.size === 0) throw errors.notFound(GROUP, 'imagestreamimage', id)
  const names = [...set].sort(compareStrings)
  throw errors.conflict(GROUP, 'imagestreamimage', id, `multiple images match the prefix "${id}": ${names.join(', ')}`)
}

/** HasTagCondition: same type, status and reason (not generation, date or message). */
export function hasTagCondition(stream: ImageStream, tag: string, condition: TagEventCondition): boolean {
  for (const c of findStatusTag(stream, tag)?.conditions ?? []) {
    if (c.type === condition.type && c.status === condition.status && (c.reason ?? '') === (condition.reason ?? '')) return true
  }
  return false
}

// Go's zero time.Time (0001-01-01T00:00:00Z) in Unix milliseconds.
const GO_ZERO_TIME_MS = -62135596800000

function createdSeconds(created: string | null | undefined): number {
  const ms = created ? Date.parse(created) : NaN
  // time.Round(time.Second): halfway values round up
  return Math.floor(((Number.isNaN(ms) ? GO_ZERO_TIME_MS : ms) + 500) / 1000)
}

/**
 * SortStatusTags: tag names ordered by `items[0].created` (rounded to the second) newest first,
 * ties by name; tags without items count as the zero time (last).
 */
export function sortStatusTags(tags: NamedTagEventList[] | null | undefined): string[] {
  const byName = new Map<string, number>()
  for (const list of tags ?? []) {
    const first = list.items && list.items.length > 0 ? list.items[0] : undefined
    byName.set(list.tag, first ? createdSeconds(first.created) : createdSeconds(undefined))
  }
  return [...byName.entries()]
    .sort((a, b) => (a[1] !== b[1] ? b[1] - a[1] : compareStrings(a[0], b[0])))
    .map(([name]) => name)
}

/**
 * tagRefChanged (imagestream strategy): whether a spec tag's reference changed so that it must be
 * re-resolved. `old` undefined means "no previous tag" (a zero TagReference).
 */
export function tagRefChanged(old: TagReference | undefined, next: TagReference, streamNamespace: string): boolean {
  if (!next.from) return false
  if (!next.from.kind && !next.from.name) return false
  const oldFrom = old?.from ?? {}
  const oldNamespace = oldFrom.namespace || streamNamespace
  const nextNamespace = next.from.namespace || streamNamespace
  if (oldNamespace !== nextNamespace) return true
  if ((oldFrom.name ?? '') !== (next.from.name ?? '')) return true
  if (Boolean(old?.reference) !== Boolean(next.reference)) return true
  if ((old?.importPolicy?.importMode ?? '') !== (next.importPolicy?.importMode ?? '')) return true
  return tagRefGenerationChanged(old, next)
}

/** True only when both generations are set, differ, and the new one is 0. */
function tagRefGenerationChanged(old: TagReference | undefined, next: TagReference): boolean {
  const o = old?.generation
  const n = next.generation
  if (o === null || o === undefined || n === null || n === undefined) return false
  return o !== n && n === 0
}

/** tagEventChanged (imagestream strategy): image or reference differ, or the generation went down. */
export function tagEventChanged(old: TagEvent, next: TagEvent): boolean {
  return old.image !== next.image || old.dockerImageReference !== next.dockerImageReference || old.generation > next.generation
}
