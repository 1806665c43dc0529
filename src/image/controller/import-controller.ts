// The image import controllers of openshift-controller-manager (pkg/image/controller:
// imagestream_controller.go and scheduled_image_controller.go), run in-process against the fake:
//
// * ImageStreamController: a stream whose DockerImage spec tags are ahead of what its status has observed
//   (spec tag generation > generation of the newest tag event / ImportSuccess condition), or that lacks
//   the `openshift.io/image.dockerRepositoryCheck` annotation, is imported with an ImageStreamImport
//   (`import: true`, the stream's resourceVersion and uid) through the same code as the API. Work is
//   found from store events; each change of a stream is looked at once.
// * ScheduledImageStreamController: streams with `importPolicy.scheduled` tags are re-imported every
//   `scheduledIntervalMs` (default 15 minutes, the cluster default), or when a test asks
//   (`api.settle({ scheduled: true })`).
//
// Timers are unref'd and only armed while there is work, so the controller never keeps a process alive.
// `settle()` runs the queue to quiescence; `reset()` drops pending work (`api.reset()`).
// fidelity: import-controller

import type { ApiServer } from '../../apiserver/server.js'
import type { WriteOptions } from '../../apiserver/types.js'
import type { Store, StoreEvent } from '../../store/store.js'
import { findStatusTag } from '../helpers/tag-events.js'
import { tryParseDockerImageReference } from '../helpers/reference.js'
import type { ImportService } from '../imagestreamimport/install.js'
import { DOCKER_IMAGE_REPOSITORY_CHECK_ANNOTATION } from '../imagestreamimport/rest.js'
import type { ImageStream, KubeObject, TagReference } from '../types.js'
import { unrefTimer, type Clock, type TimerHandle } from '../../clock/clock.js'

export const INSECURE_REPOSITORY_ANNOTATION = 'openshift.io/image.insecureRepository'
export const CONTROLLER_FIELD_MANAGER = 'openshift-controller-manager'
/** Default quiet period before the controller imports (see ImportControllerOptions.delayMs). */
export const DEFAULT_DELAY_MS = 1000
/** The cluster's default `imagePolicyConfig.scheduledImageImportMinimumIntervalSeconds` (15 minutes). */
export const DEFAULT_SCHEDULED_INTERVAL_MS = 15 * 60 * 1000

export interface ImportControllerOptions {
  /** How often scheduled tags are re-imported, in ms (default 15 minutes). */
  scheduledIntervalMs?: number
  /**
   * Quiet period before queued changes are imported, in ms (default 1000): every stream change restarts
   * it (up to 5 periods), so a burst of writes is imported once it is over. `0`: the next macrotask.
   */
  delayMs?: number
}

// --- the decisions (ported as is) -----------------------------------------------------------------

/** tagImportable: a DockerImage tag that is not a reference. */
export function tagImportable(ref: TagReference): boolean {
  return !!ref.from && ref.from.kind === 'DockerImage' && !ref.reference
}

/** latestObservedTagGeneration: the newest event's generation, or a newer ImportSuccess condition's. */
export function latestObservedTagGeneration(stream: ImageStream, tag: string): number {
  const list = findStatusTag(stream, tag)
  if (!list) return 0
  let last = 0
  const first = list.items?.[0]
  if (first && first.generation > last) last = first.generation
  for (const c of list.conditions ?? []) {
    if (c.type !== 'ImportSuccess') continue
    if (c.generation > last) last = c.generation
    break
  }
  return last
}

export function tagNeedsImport(stream: ImageStream, ref: TagReference, importWhenGenerationNil: boolean): boolean {
  if (!tagImportable(ref)) return false
  if (ref.generation === null || ref.generation === undefined) return importWhenGenerationNil
  return ref.generation > latestObservedTagGeneration(stream, ref.name)
}

/** needsImport: [import?, partial?]. */
export function needsImport(stream: ImageStream): [boolean, boolean] {
  if (!stream.metadata.annotations?.[DOCKER_IMAGE_REPOSITORY_CHECK_ANNOTATION]) {
    if (stream.spec.dockerImageRepository) return [true, false]
    // When the annotation is cleared, any importable tag triggers a partial import.
    if ((stream.spec.tags ?? []).some(tagImportable)) return [true, true]
  }
  if ((stream.spec.tags ?? []).some((t) => tagNeedsImport(stream, t, false))) return [true, true]
  return [false, false]
}

function tagImported(stream: ImageStream, ref: TagReference): boolean {
  const items = findStatusTag(stream, ref.name)?.items ?? []
  if (ref.generation === null || ref.generation === undefined || !items.length) return false
  return items[0]!.generation === ref.generation
}

function schedulable(stream: ImageStream, ref: TagReference): boolean {
  if (!tagImportable(ref) || !ref.importPolicy?.scheduled) return false
  const name = ref.from?.name ?? ''
  const parsed = tryParseDockerImageReference(name)
  if (!parsed && name.length > 0) return false
  // A digest reference is scheduled only until it has been imported once.
  if (parsed && parsed.id && tagImported(stream, ref)) return false
  return true
}

/** needsScheduling: any scheduled tag still worth importing. */
export function needsScheduling(stream: ImageStream): boolean {
  return (stream.spec.tags ?? []).some((t) => schedulable(stream, t))
}

/** resetScheduledTags: pretend the scheduled tags were bumped, so that they are imported. */
export function resetScheduledTags(stream: ImageStream): void {
  const next = (stream.metadata.generation ?? 0) + 1
  for (const t of stream.spec.tags ?? []) if (schedulable(stream, t)) t.generation = next
}

/** handleImageStream: the ImageStreamImport to post for `stream`, or undefined when nothing needs it. */
export function importRequestFor(stream: ImageStream): KubeObject | undefined {
  const [ok, partial] = needsImport(stream)
  if (!ok) return undefined
  const images: unknown[] = []
  for (const t of stream.spec.tags ?? []) {
    if (tagImportable(t) && (tagNeedsImport(stream, t, true) || !partial)) {
      images.push({
        from: { kind: 'DockerImage', name: t.from!.name ?? '' },
        to: { name: t.name },
        importPolicy: structuredClone(t.importPolicy ?? {}),
        referencePolicy: structuredClone(t.referencePolicy ?? {}),
      })
    }
  }
  const spec: Record<string, unknown> = { import: true }
  const repo = stream.spec.dockerImageRepository
  if (!partial && repo) {
    const insecure = stream.metadata.annotations?.[INSECURE_REPOSITORY_ANNOTATION] === 'true'
    spec.repository = { from: { kind: 'DockerImage', name: repo }, importPolicy: insecure ? { insecure: true } : {} }
  }
  if (images.length) spec.images = images
  if (!spec.repository && !images.length) return undefined
  return {
    kind: 'ImageStreamImport',
    apiVersion: 'image.openshift.io/v1',
    metadata: { name: stream.metadata.name, namespace: stream.metadata.namespace, resourceVersion: stream.metadata.resourceVersion, uid: stream.metadata.uid },
    spec,
  }
}

// --- the controller ------------------------------------------------------------------------------

type Timer = TimerHandle

export class ImportController {
  private readonly queue = new Set<string>()
  private readonly scheduled = new Set<string>()
  private unsubscribe?: () => void
  private kickTimer?: Timer
  private scheduleTimer?: Timer
  private running?: Promise<void>
  /** A scheduled pass started by the interval timer. */
  private scheduledRun?: Promise<void>
  private readonly clock: Clock
  private firstQueuedAt = 0
  private readonly scheduledIntervalMs: number
  private readonly delayMs: number
  /** Errors of the last imports (the real controller logs them); for debugging. */
  readonly errors: { key: string; error: unknown }[] = []

  constructor(
    private readonly server: ApiServer,
    private readonly store: Store,
    private readonly imports: ImportService,
    opts: ImportControllerOptions = {},
  ) {
    this.scheduledIntervalMs = opts.scheduledIntervalMs ?? DEFAULT_SCHEDULED_INTERVAL_MS
    this.delayMs = opts.delayMs ?? DEFAULT_DELAY_MS
    this.clock = server.clock
  }

  start(): void {
    if (this.unsubscribe) return
    this.unsubscribe = this.store.subscribe((events) => this.onEvents(events))
    // Streams already stored (seeded before start) are looked at too, as an informer's initial list.
    for (const s of this.store.list('imagestreams')) this.observe(s as ImageStream)
    this.kick()
    this.armSchedule()
  }

  stop(): void {
    this.unsubscribe?.()
    this.unsubscribe = undefined
    this.reset()
  }

  /** Drop queued and scheduled work and disarm the timers. */
  reset(): void {
    this.queue.clear()
    this.scheduled.clear()
    if (this.kickTimer) this.clock.clearTimeout(this.kickTimer)
    if (this.scheduleTimer) this.clock.clearTimeout(this.scheduleTimer)
    this.kickTimer = undefined
    this.scheduleTimer = undefined
    this.errors.length = 0
  }

  private key(obj: KubeObject): string {
    return `${obj.metadata.namespace ?? ''}/${obj.metadata.name ?? ''}`
  }

  private onEvents(events: StoreEvent[]): void {
    for (const e of events) {
      if (e.resource !== 'imagestreams') continue
      if (e.type === 'DELETED') {
        this.queue.delete(e.key)
        this.scheduled.delete(e.key)
        continue
      }
      // Only a new resourceVersion is a change (informer resyncs are not).
      if (e.prev && e.prev.metadata.resourceVersion === e.object.metadata.resourceVersion) continue
      this.observe(e.object as ImageStream)
    }
    this.kick()
    this.armSchedule()
  }

  private observe(stream: ImageStream): void {
    const key = this.key(stream)
    if (needsImport(stream)[0]) this.queue.add(key)
    if (needsScheduling(stream)) this.scheduled.add(key)
    else this.scheduled.delete(key)
  }

  private kick(): void {
    if (!this.unsubscribe || !this.queue.size || this.running) return
    const now = this.clock.now()
    if (this.kickTimer) {
      // Debounce: restart the quiet period, but never wait longer than five periods in all.
      if (now - this.firstQueuedAt >= 5 * this.delayMs) return
      this.clock.clearTimeout(this.kickTimer)
    } else this.firstQueuedAt = now
    this.kickTimer = unrefTimer(
      this.clock.setTimeout(() => {
        this.kickTimer = undefined
        void this.drain()
      }, this.delayMs),
    )
  }

  private armSchedule(): void {
    if (!this.unsubscribe || this.scheduleTimer || !this.scheduled.size) return
    this.scheduleTimer = unrefTimer(
      this.clock.setTimeout(() => {
        this.scheduleTimer = undefined
        const run = this.runScheduled().finally(() => {
          if (this.scheduledRun === run) this.scheduledRun = undefined
          this.armSchedule()
        })
        this.scheduledRun = run
      }, this.scheduledIntervalMs),
    )
  }

  /** Process the queue until it is empty (one pass per queued stream change). */
  private drain(): Promise<void> {
    if (this.running) return this.running
    this.running = (async () => {
      try {
        while (this.queue.size) {
          const key = this.queue.values().next().value as string
          this.queue.delete(key)
          await this.sync(key)
        }
      } finally {
        this.running = undefined
      }
    })()
    void this.running.then(() => this.kick())
    return this.running
  }

  private async sync(key: string, scheduled = false): Promise<void> {
    const stored = this.store.get('imagestreams', key) as ImageStream | undefined
    if (!stored) return
    let stream = stored
    if (scheduled) {
      if (!needsScheduling(stored)) {
        this.scheduled.delete(key)
        return
      }
      stream = structuredClone(stored)
      resetScheduledTags(stream)
    }
    const isi = importRequestFor(stream)
    if (!isi) return
    const ctx = this.server.syntheticContext(stream.metadata.namespace ?? '', CONTROLLER_FIELD_MANAGER)
    const opts: WriteOptions = { dryRun: false, fieldManager: CONTROLLER_FIELD_MANAGER, operation: 'Update' }
    try {
      await this.imports.create(ctx, isi, opts)
    } catch (error) {
      // Conflicts mean the stream changed meanwhile: its new version is queued by its own event.
      this.errors.push({ key, error })
      if (this.errors.length > 100) this.errors.shift()
    }
  }

  /** Import every stream with scheduled tags now (the scheduler's pass). */
  async runScheduled(): Promise<void> {
    for (const key of [...this.scheduled]) await this.sync(key, true)
  }

  /** Run until no work is left: queued changes, and the imports they cause. */
  async settle(opts: { scheduled?: boolean } = {}): Promise<void> {
    if (opts.scheduled) {
      if (this.running) await this.running
      await this.runScheduled()
    }
    for (;;) {
      if (this.running) await this.running
      if (!this.queue.size) break
      await this.drain()
    }
    if (this.kickTimer) {
      this.clock.clearTimeout(this.kickTimer)
      this.kickTimer = undefined
    }
  }

  /** The work in flight (imports a timer started), or undefined when there is none; for the virtual clock. */
  busy(): Promise<unknown> | undefined {
    if (!this.running && !this.scheduledRun) return undefined
    return Promise.all([this.running, this.scheduledRun])
  }
}
