// Request matches take known verbs, resources and subresources; watch events are generic in the object.
import { createFakeImageApi, type ImageStream, type PublishedManifest } from 'openshift-image-fake'
import { readWatchEvents, useFakeImageApi, type WatchEvent } from 'openshift-image-fake/testing'

const api = createFakeImageApi()
api.inject({ match: { verb: 'list', resource: 'imagestreams' }, status: 429, retryAfter: 1, times: 1 })
api.inject({ match: { verb: ['create', 'update'], resource: ['images', 'imagestreamtags'], subresource: 'status' }, status: 500 })
api.inject({ match: { method: 'GET', group: 'image.openshift.io', watch: true }, dropWatch: { afterEvents: 2 } })
// @ts-expect-error: a misspelt verb
api.inject({ match: { verb: 'lst' }, status: 500 })
// @ts-expect-error: a misspelt resource
api.inject({ match: { resource: 'imagestream' }, status: 500 })
// @ts-expect-error: a misspelt subresource
api.inject({ match: { subresource: 'stauts' }, status: 500 })
// @ts-expect-error: a misspelt option
api.inject({ match: { verb: 'get' }, statsu: 500 })

const t = useFakeImageApi({ via: 'none' })
t.requestsMatching({ verb: 'watch', resource: 'imagestreams' })
// @ts-expect-error: a misspelt verb
t.requestsMatching({ verb: 'wacth' })

declare const res: Response
const events: Array<WatchEvent<ImageStream>> = await readWatchEvents<ImageStream>(res, { count: 2 })
const tagsOf = events.map((e) => e.object.spec.tags?.length)
// @ts-expect-error: the event object is typed: a misspelt field
void events[0]?.object.spec.tgs
const loose = await readWatchEvents(res)
void [tagsOf, loose[0]?.object.metadata.name]

// publish() returns the manifest it published, undefined for a failure.
const published: PublishedManifest = api.registry.publish('quay.io/team/app:1.0', { seed: 'build 2' })
const digest: string = published.digest
const failed: undefined = api.registry.publish('quay.io/team/app:broken', { error: 'notFound' })
void [digest, failed]
