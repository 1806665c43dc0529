// Server-side Table printers of the views (openshift-apiserver
// pkg/image/printers/internalversion/printer.go). The server always prints the wide columns
// (printerstorage.TableConvertor generates with Wide: true); clients hide priority-1 columns.
// fidelity: imagestreamtag.printer

import type { RequestContext, TableConvertor } from '../../apiserver/types.js'
import { formatTimeAgo } from '../helpers/duration.js'
import { splitImageStreamImage, splitImageStreamTag } from '../helpers/names.js'
import { column, NAME_COLUMN } from '../printers.js'
import type { KubeObject, NamedTagEventList, TagReference } from '../types.js'
import { GO_ZERO_TIME } from './views-common.js'

const IMAGE_REFERENCE_DOC = 'dockerImageReference is the string that can be used to pull this image.'

type EmbeddedImage = { metadata?: { name?: string }; dockerImageReference?: string } | null | undefined

/** `<human duration> ago` of a metav1.Time (a null time is Go's zero time, as the real printer sees it). */
function ago(time: string | null | undefined, ctx: RequestContext): string {
  return formatTimeAgo(time || GO_ZERO_TIME, ctx.nowMs)
}

/** Go's time.Time.After on RFC 3339 strings, null being the zero time. */
function timeMs(t: string | null | undefined): number {
  const ms = t ? Date.parse(t) : NaN
  return Number.isNaN(ms) ? Date.parse(GO_ZERO_TIME) : ms
}

export const imageStreamTagTable: TableConvertor = {
  columns: [
    NAME_COLUMN,
    column('Image Reference', IMAGE_REFERENCE_DOC),
    column('Updated', 'Last update time.'),
    column('Image Name', 'image associated with the ImageStream and tag.', 1),
  ],
  cells(obj: KubeObject, ctx: RequestContext) {
    const image = obj.image as EmbeddedImage
    return [obj.metadata.name ?? '', image?.dockerImageReference ?? '', ago(obj.metadata.creationTimestamp, ctx), image?.metadata?.name ?? '']
  },
}

export const imageStreamImageTable: TableConvertor = {
  columns: [
    NAME_COLUMN,
    column('Updated', 'Last update time.'),
    column('Image Reference', IMAGE_REFERENCE_DOC, 1),
    column('Image Name', 'image associated with the ImageStream and image name.', 1),
  ],
  cells(obj: KubeObject, ctx: RequestContext) {
    const image = obj.image as EmbeddedImage
    return [obj.metadata.name ?? '', ago(obj.metadata.creationTimestamp, ctx), image?.dockerImageReference ?? '', image?.metadata?.name ?? '']
  },
}

/** The cells of one ImageTag row: NAME, SPEC, STATUS, HISTORY (count or null), UPDATED. */
export function imageTagCells(obj: KubeObject, nowMs: number): unknown[] {
  const spec = (obj.spec ?? null) as TagReference | null
  const st = (obj.status ?? null) as NamedTagEventList | null
  let generation = 0
  let source = ''
  let status = ''
  let created = ''
  let count = 0
  let specCol = ''
  if (spec) {
    specCol = 'Tag'
    if (spec.reference) specCol = 'Ref'
    if (spec.importPolicy?.scheduled) specCol = 'Scheduled'
    if (spec.generation !== null && spec.generation !== undefined) generation = spec.generation
    const from = spec.from
    if (from) {
      const name = from.name ?? ''
      switch (from.kind ?? '') {
        case 'DockerImage':
          source = name
          break
        case 'ImageStreamImage': {
          const s = splitImageStreamImage(name)
          if (s.ok) source = `image/${s.id}`
          else status = 'InvalidRefName'
          break
        }
        case 'ImageStreamTag':
          source = from.namespace ? `istag ${from.namespace}/${name}` : `istag/${name}`
          // tags that reference other tags of this stream are "tracking tags"
          if (!splitImageStreamTag(name).ok) specCol = 'Track'
          break
        default:
          status = 'InvalidRefKind'
      }
    } else {
      specCol = ''
    }
  }
  if (st) {
    const items = st.items ?? []
    count = items.length
    let last = timeMs(null)
    if (count > 0) {
      const event = items[0]!
      last = timeMs(event.created)
      if (generation > 0 && event.generation > 0 && event.generation < generation) status = 'Importing'
      else if (event.image) source = `image/${event.image}`
      else if (event.dockerImageReference) source = event.dockerImageReference
      if (source && !specCol) specCol = 'Push'
      else if (specCol === 'Track') {
        // tracking tags have no generation matching their tag
      } else if (generation > 0 && event.generation > 0 && event.generation > generation) specCol = 'Push'
    }
    for (const c of st.conditions ?? []) {
      if (c.type === 'ImportSuccess' && c.status === 'False') status = `ImportFailed (${c.reason ?? ''})`
      const t = timeMs(c.lastTransitionTime)
      if (t > last) last = t
    }
    if (last !== timeMs(null)) created = `${formatTimeAgo(new Date(last).toISOString(), nowMs)}`
  }
  if (!status) status = source
  return [obj.metadata.name ?? '', specCol, status, count > 0 ? count : null, created]
}

export const imageTagTable: TableConvertor = {
  columns: [
    NAME_COLUMN,
    column('Spec', 'spec is the spec tag associated with this image stream tag, and it may be null if only pushes have occurred to this image stream.'),
    column('Status', 'status is the status tag details associated with this image stream tag, and it may be null if no push or import has been performed.'),
    column('History', 'Number of history entries', 0, 'number'),
    column('Updated', 'Last updated at'),
  ],
  cells: (obj, ctx) => imageTagCells(obj, ctx.nowMs),
}
