// openshift-image-fake: an in-memory fake of OpenShift's image.openshift.io/v1 API.

import type { RequestHandler, WebSocketHandler } from 'msw'
import { lazyMswHandlers } from './adapters/msw-lazy.js'
import { ApiServer } from './apiserver/server.js'
import type { WatchSettings } from './apiserver/watch.js'
import type { StoreSnapshot } from './store/store.js'
import { createDatabase, type ImageDatabase } from './db/database.js'
import { Store } from './store/store.js'
import { installImageGroup, type ImageGroup } from './image/install.js'
import { seedObjects } from './seed.js'
import type { SeedInput } from './fixtures/seed-input.js'
import type { FixtureSetName } from './fixtures/set-names.js'
import { persistStore, type PersistOptions } from './persist.js'
import { ACCEPTS_LIGHT_REQUESTS } from './apiserver/request-tap.js'
import { installCore } from './core/install.js'
import { instrument, type FaultSpec, type InjectedFault, type RecordedRequest } from './testing/instrument.js'
import { RemoteRegistry } from './image/remote-registry/registry.js'
import type { RemoteRegistryOptions } from './image/remote-registry/types.js'
import { ImportController, type ImportControllerOptions } from './image/controller/import-controller.js'
import { createIntegratedRegistry } from './distribution/registry.js'
import { RegistryStorage } from './distribution/storage.js'
import { createClock, type ClockOption, type FakeClock } from './clock/clock.js'
import { createRandom } from './clock/random.js'
import { Auth } from './apiserver/auth/auth.js'
import type { AuthOptions } from './apiserver/auth/types.js'

export interface FakeImageApiOptions {
  /** Only requests to this origin (and path) are intercepted by `handlers`. When absent, API paths on any origin are. */
  baseUrl?: string
  /** Internal registry host, used for `status.dockerImageRepository` (null to run without one). */
  internalRegistryHostname?: string | null
  /** Public registry route, for `status.publicDockerImageRepository`. */
  externalRegistryHostname?: string
  /**
   * Objects to seed (Images, ImageStreams, ...), as with `api.seed`; or the name of a built-in fixture set
   * (`'openshift-samples'`, `'empty-project'`, `'import-failures'`, `'default'`): see `fixtureSetNames()`.
   * A bad fixture fails `ready` (and every request) with an error naming the object and the field.
   */
  fixtures?: Exclude<SeedInput, string> | FixtureSetName
  /** Path prefixes the API is also served under (the OpenShift console uses `/api/kubernetes`). */
  basePaths?: string[]
  /** How many write events the log keeps for watches and paging (default 10 000). */
  eventWindow?: number
  /** Keep the store across page reloads (localStorage by default): `true` or `{ key, storage }`. */
  persist?: PersistOptions | true
  /** Reject creates in namespaces that do not exist, as a real cluster does (default: false — see docs/api.md). */
  requireNamespace?: boolean
  /** Watch timing (bookmark interval, default timeout). */
  watch?: Partial<WatchSettings>
  /**
   * The remote registries ImageStreamImports (and the import controller) pull from: repositories, tags,
   * manifests and failure modes (see docs/imports.md). Built-in well-known images are
   * included unless `defaults: false`. Changed at run time through `api.registry`.
   */
  remoteRegistry?: RemoteRegistryOptions | RemoteRegistry
  /**
   * The image import controller (on by default): imports DockerImage spec tags whose generation is ahead
   * of their status, and re-imports `scheduled` tags every `scheduledIntervalMs` (default 15 minutes).
   * `false` turns it off. `await api.settle()` runs it to quiescence.
   */
  importController?: boolean | ImportControllerOptions
  /**
   * The clock every timestamp and timer of the fake uses (see docs/deterministic.md): `'real'` (default;
   * the host's Date and timers, read on each call, so `vi.useFakeTimers()` drives it), `'virtual'`
   * (stands at 2026-01-01T00:00:00Z until `api.clock.advance(ms)` / `api.clock.set(date)`), `{ start }`
   * (virtual from that instant), or your own `{ now(), setTimeout(fn, ms), clearTimeout(handle) }`.
   */
  clock?: ClockOption
  /** Make uids, generateName suffixes and watch timeout jitter deterministic: same seed + same requests → same values. */
  seed?: string
  /**
   * Authentication and authorization, off when absent (every request is allowed). `tokens` maps bearer
   * tokens to users; `policy` holds RBAC objects (Role, ClusterRole, RoleBinding, ClusterRoleBinding).
   * See docs/auth.md.
   */
  auth?: AuthOptions
  /**
   * Strict mode (default false): a request that touches a rule docs/fidelity.md marks approximated or not
   * modelled answers `501 NotImplemented` (a Status naming the rule and linking its ledger entry) instead of
   * the approximate answer; the immediate-BOOKMARK deviation of watches is off. See docs/fidelity.md.
   */
  strict?: boolean
}

export interface FakeImageApi {
  /** The engine: a Fetch Request in, a Fetch Response out. */
  fetch(request: Request): Promise<Response>
  /** msw handlers for setupServer / setupWorker. */
  readonly handlers: Array<RequestHandler | WebSocketHandler>
  /**
   * The requests the fake has served, oldest first: method, path, query, body, response status (undefined
   * while pending), plus verb/resource/namespace/name, watch and fault flags. Keeps the last 1000;
   * emptied by `reset()`.
   */
  readonly requests: readonly RecordedRequest[]
  /**
   * Inject a fault: `{ match, status | delay | dropWatch, times }` (see FaultSpec). Every door (msw, msw
   * WebSockets, nock, the node server) goes through it. Newest fault first; `reset()` removes them all.
   */
  inject(fault: FaultSpec): InjectedFault
  /**
   * Seed objects through the same rules as the API (validation, defaults, watch events), all or none:
   * objects, arrays, `<Kind>List`s (items without kind), kubectl's `v1 List`, `api.snapshot()` output,
   * YAML/JSON text (multi-document). uid, creationTimestamp, generation and managedFields are kept as
   * given; resourceVersion is assigned anew (docs/fixtures.md).
   */
  seed(input: SeedInput): Promise<void>
  /**
   * The data as a database (docs/api.md): `images`, `imagestreams`, `namespaces`, `secrets` with
   * @msw/data's query API over what the API serves, and writes that are API writes (async; a refused
   * write rejects with the API's `StatusError` and changes nothing); `imagestreamtags` and `imagetags`
   * read-only.
   */
  readonly db: ImageDatabase
  snapshot(): StoreSnapshot
  restore(snapshot: StoreSnapshot): Promise<void>
  /** Empty the store and end every open watch. */
  reset(): Promise<void>
  /** Resolves once the `fixtures` option has been seeded. */
  readonly ready: Promise<void>
  /** End every open watch. */
  closeWatches(): void
  /** The engine and the store, for advanced use. */
  readonly server: ApiServer
  readonly store: Store
  /**
   * Wait until the import controller has no work left (every import caused by the writes so far has
   * landed). `{ scheduled: true }` first runs the scheduled re-imports once, as the interval would.
   * Resolves at once when the controller is off.
   */
  settle(options?: { scheduled?: boolean }): Promise<void>
  /** The fake remote registries: `publish(ref, spec)` a new build of a tag, `untag`, `configureRegistry`, ... */
  readonly registry: RemoteRegistry
  /** The fake's clock: `now()`, and with `clock: 'virtual'` `advance(ms)` and `set(date)`. */
  readonly clock: FakeClock
}

export const DEFAULT_INTERNAL_REGISTRY = 'image-registry.openshift-image-registry.svc:5000'

export function createFakeImageApi(options: FakeImageApiOptions = {}): FakeImageApi {
  const store = new Store({ resources: ['images', 'imagestreams', 'namespaces', 'secrets', 'events'], eventWindow: options.eventWindow })
  const time = createClock(options.clock)
  const server = new ApiServer({
    store,
    watch: options.watch,
    basePaths: options.basePaths,
    clock: time.clock,
    random: createRandom(options.seed),
    auth: options.auth ? new Auth(options.auth) : undefined,
    strict: options.strict,
  })
  const cfg = {
    internalRegistryHostname: options.internalRegistryHostname === null ? undefined : (options.internalRegistryHostname ?? DEFAULT_INTERNAL_REGISTRY),
    externalRegistryHostname: options.externalRegistryHostname,
  }
  installCore(server, { requireNamespace: options.requireNamespace })
  const registry = options.remoteRegistry instanceof RemoteRegistry ? options.remoteRegistry : new RemoteRegistry(options.remoteRegistry)
  const group: ImageGroup = installImageGroup(server, cfg, registry)
  const controller =
    options.importController === false
      ? undefined
      : new ImportController(server, store, group.imports, options.importController === true ? {} : options.importController)
  controller?.start()
  // advance() waits for the imports its timers started before it runs the next timer.
  if (controller) time.virtual?.onQuiesce(() => controller.busy())
  let ready: Promise<void> = Promise.resolve()
  /** `ready` has resolved: requests skip the extra await (a measurable cost per request on a server). */
  let isReady = true
  const setReady = (p: Promise<void>) => {
    ready = p
    isReady = false
    p.then(
      () => {
        if (ready === p) isReady = true
      },
      () => {},
    )
  }
  const persistence = options.persist ? persistStore(store, options.persist) : undefined
  // The integrated registry (OCI distribution API v2): requests to the internal registry host, and /v2
  // paths on any other origin (listen() serves it on the API's port). See docs/registry.md.
  const distribution = createIntegratedRegistry({ server, store, storage: new RegistryStorage(), remote: registry, internalHost: cfg.internalRegistryHostname ?? '' })
  const serve = (request: Request): Promise<Response> => (distribution.matches(request.url) ? distribution.handle(request) : server.handle(request))
  const engineFetch = (request: Request): Promise<Response> => (isReady ? serve(request) : ready.then(() => serve(request)))
  // Recording and fault injection wrap the engine, so every door gets them.
  const instrumented = instrument(engineFetch, { basePaths: options.basePaths, clock: time.clock })
  const fetchFn = instrumented.fetch
  let handlers: Array<RequestHandler | WebSocketHandler> | undefined
  const api: FakeImageApi = {
    fetch: fetchFn,
    // msw is loaded on the first read of `handlers` (./adapters/msw-lazy.ts), never for api.fetch / listen() alone.
    get handlers() {
      return (handlers ??= lazyMswHandlers({ fetch: fetchFn }, { baseUrl: options.baseUrl, basePaths: options.basePaths, registryHost: cfg.internalRegistryHostname }))
    },
    seed: (objects) => seedObjects(server, group, objects),
    db: createDatabase(server, () => ready),
    snapshot: () => store.snapshot(),
    restore: async (s) => {
      server.closeWatches()
      await store.restore(s)
    },
    get requests() {
      return instrumented.requests
    },
    inject: (fault) => instrumented.inject(fault),
    reset: async () => {
      instrumented.clearFaults()
      instrumented.clearRequests()
      server.closeWatches()
      controller?.reset()
      await store.reset()
      controller?.reset()
      registry.reset()
      distribution.reset()
      persistence?.clear()
    },
    settle: async (opts) => {
      await ready
      await controller?.settle(opts)
    },
    registry,
    clock: time.api,
    get ready() {
      return ready
    },
    closeWatches: () => server.closeWatches(),
    server,
    store,
  }
  // The engine reads only method, url, headers and body: the Node server may skip building a Fetch Request.
  Object.defineProperty(api, ACCEPTS_LIGHT_REQUESTS, { value: true })
  if (persistence?.saved) {
    // A saved state from an earlier page load wins over the fixtures it was seeded from.
    const saved = persistence.saved
    setReady(store.restore(saved))
  } else if (typeof options.fixtures === 'string') {
    // Built-in sets are loaded on demand (a separate chunk for bundlers), validated like api.seed.
    const name = options.fixtures
    setReady(import('./fixtures/sets.js').then((sets) => seedObjects(server, group, sets.fixtureSet(name))))
  } else if (options.fixtures) setReady(seedObjects(server, group, options.fixtures))
  return api
}

export type { StoreSnapshot } from './store/store.js'
export type { ClockOption, ClockSource, FakeClock } from './clock/clock.js'
export { DEFAULT_VIRTUAL_START } from './clock/clock.js'
export type { PersistOptions, KeyValueStorage } from './persist.js'
export type { RecordedRequest, FaultSpec, InjectedFault, RequestMatch, MatchInput, DropWatchOptions, Verb, ResourceName, SubresourceName, GroupName, HttpMethod } from './testing/instrument.js'
export type { KubeObject, TagReference, TagEvent, NamedTagEventList } from './image/types.js'
export type { Image, ImageStream, Namespace, Secret, Event, ImageStreamTag, ImageTag, ObjectMeta, CreateInput, DeepPartial } from './db/kinds.js'
export { DB_USER_AGENT, DB_USER, type ImageDatabase, type CollectionName } from './db/database.js'
export { DbCollection, DbView, type UpdateOptions } from './db/collection.js'
export { Query, StrictQueryError, type QueryPredicate, type TypedQuery, type Where, type FindManyOptions, type OrderBy, type SortDirection } from './db/query.js'
export { StatusError, isStatusError, type StatusBody, type StatusDetails } from './apiserver/errors.js'
export { buildImage, image, type ImageOptions, type BuiltImage } from './fixtures/image.js'
export { manifestList, type ManifestListOptions } from './fixtures/manifest-list.js'
export { imageStream, tagEvent, type ImageStreamOptions } from './fixtures/image-stream.js'
export { namespace, secret, type PullSecretOptions } from './fixtures/core.js'
export { MEDIA_TYPES } from './fixtures/defaults.js'
export { FixtureError, type SeedInput, type SeedObject, type SeedList } from './fixtures/seed-input.js'
export { FIXTURE_SET_NAMES, type FixtureSetName } from './fixtures/set-names.js'
export { fixtureSet, fixtureSetNames, fixtureSetFiles, hasFixtureSet, FixtureSetError } from './fixtures/sets.js'
export { parseFixtureYaml } from './fixtures/parse-yaml.js'
export { digestOf } from './image/image/digest.js'
export type { PublishedManifest, TagSpec, FailureSpec, ImageSpec, ManifestListSpec, RawManifestSpec, RemoteRegistryOptions } from './image/remote-registry/types.js'
export type { RemoteRegistry } from './image/remote-registry/registry.js'
export { AuthOptionsError } from './apiserver/auth/options.js'
export type { AuthOptions, TokenUser, RbacObject, ClusterRole, Role, ClusterRoleBinding, RoleBinding, PolicyRule, Subject, UserInfo, Attributes, Decision } from './apiserver/auth/types.js'
