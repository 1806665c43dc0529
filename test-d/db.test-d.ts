// api.db: typed collections, object-form queries, promise-returning writes, read-only views.
import { createFakeImageApi, Query, StatusError, type Image, type ImageStream, type ImageStreamTag, type Namespace, type Secret } from 'openshift-image-fake'

const api = createFakeImageApi()

const inTeam: ImageStream[] = api.db.imagestreams.findMany((q) => q.where({ metadata: { namespace: 'team' } }))
api.db.imagestreams.findMany((q) => q.where({ metadata: { labels: { tier: 'web' } }, spec: { lookupPolicy: { local: true } } }))
api.db.imagestreams.findMany((q) => q.where({ metadata: { name: (n) => n.startsWith('a') } }).or({ metadata: { namespace: 'other' } }), { take: 2, orderBy: { metadata: { name: 'desc' } } })
api.db.images.findFirst((q) => q.where({ dockerImageReference: (r) => r.startsWith('quay.io/') }))
const maybe: Namespace | undefined = api.db.namespaces.findFirst()
const sure: Secret = api.db.secrets.findFirst((q) => q.where({ type: 'Opaque' }), { strict: true })
const tags: ImageStreamTag[] = api.db.imagestreamtags.findMany((q) => q.where({ metadata: { namespace: 'team' } }))
const n: number = api.db.images.count()
// A Query built on its own (@msw/data's class, re-exported) works too.
const byName = new Query<ImageStream>().where({ metadata: { name: 'app' } })
api.db.imagestreams.findMany(byName)
void [inTeam, maybe, sure, tags, n]

// @ts-expect-error: there is no such collection
void api.db.imagestream
// @ts-expect-error: a misspelt field in a query
api.db.imagestreams.findMany((q) => q.where({ metadata: { namespce: 'team' } }))
// @ts-expect-error: a value of the wrong type in a query
api.db.imagestreams.findMany((q) => q.where({ metadata: { namespace: 42 } }))
// @ts-expect-error: orderBy names fields too
api.db.images.findMany(undefined, { orderBy: { metdata: { name: 'asc' } } })

// Writes are asynchronous, typed as the kind.
const created: Promise<ImageStream> = api.db.imagestreams.create({
  metadata: { name: 'app', namespace: 'team' },
  spec: { tags: [{ name: 'v1', from: { kind: 'DockerImage', name: 'quay.io/team/app:v1' } }] },
})
// @ts-expect-error: a misspelt field in a create
void api.db.imagestreams.create({ metadata: { name: 'app' }, spce: {} })
// @ts-expect-error: metadata is required
void api.db.namespaces.create({ spec: {} })
const updated: Promise<ImageStream> = api.db.imagestreams.update((q) => q.where({ metadata: { name: 'app' } }), {
  strict: true,
  data: (s) => {
    s.metadata.labels = { tier: 'web' }
  },
})
const removed: Promise<Image | undefined> = api.db.images.delete((q) => q.where({ metadata: { name: 'sha256:x' } }))
const many: Promise<Secret[]> = api.db.secrets.deleteMany((q) => q.where({ metadata: { namespace: 'team' } }))
const cleared: Promise<void> = api.db.namespaces.clear()
void [created, updated, removed, many, cleared]
// @ts-expect-error: the tag views are read-only
void api.db.imagestreamtags.create

created.catch((e: unknown) => {
  if (e instanceof StatusError) {
    const code: number = e.code
    const reason: string | undefined = e.body.reason
    void [code, reason, e.body.details?.causes?.[0]?.field]
  }
})
