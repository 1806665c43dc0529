// Registers the core v1 namespaces and secrets the image API needs (`/api/v1/namespaces[/{name}[/status|/finalize]]`,
// `/api/v1/namespaces/{ns}/secrets[/{name}]`), core v1 events (`/api/v1/[namespaces/{ns}/]events`), their
// seeders, the NamespaceLifecycle admission, and the access reviews (authorization.k8s.io,
// authentication.k8s.io).

import { GenericStore } from '../apiserver/generic-store.js'
import type { ApiServer } from '../apiserver/server.js'
import type { ResourceDef, Storage } from '../apiserver/types.js'
import { schemaForKind } from '../image/schema/index.js'
import { namespaceLifecycle } from './admission.js'
import { NamespaceStorage, namespaceFinalizeStrategy, namespaceStatusStrategy } from './namespaces.js'
import { secretStrategy } from './secrets.js'
import { withInfo } from '../apiserver/context.js'
import { eventStrategy } from './events.js'
import { eventSchemas } from './schema/events.js'
import { installAccessReviews } from './access-reviews.js'

export interface CoreOptions {
  /** Reject creates in namespaces that do not exist (`namespaces "x" not found`), as a real cluster does. */
  requireNamespace?: boolean
}

export interface CoreGroup {
  namespacesDef: ResourceDef
  secretsDef: ResourceDef
  namespaces: NamespaceStorage
  secrets: GenericStore
  events: GenericStore
}

export function installCore(server: ApiServer, opts: CoreOptions): CoreGroup {
  const namespacedResources = () => {
    const out = new Set<string>()
    for (const r of server.resources) {
      const res = r.storage.watch?.resource
      if (r.namespaced && res && server.store.has(res)) out.add(res)
    }
    return [...out]
  }
  const namespaces = new NamespaceStorage(namespacedResources)
  const namespaceStatus = new GenericStore(namespaceStatusStrategy())
  const namespaceFinalize = new GenericStore(namespaceFinalizeStrategy())
  const secrets = new GenericStore(secretStrategy())
  const events = new GenericStore(eventStrategy())

  const statusStorage: Storage = {
    get: (ctx, name) => namespaceStatus.get(ctx, name),
    update: (ctx, name, t, o) => namespaceStatus.update(ctx, name, t, o),
  }
  const finalizeStorage: Storage = {
    update: (ctx, name, t, o) => namespaceFinalize.update(ctx, name, t, o),
    patchable: false,
  }
  const namespacesDef: ResourceDef = {
    group: '',
    version: 'v1',
    resource: 'namespaces',
    kind: 'Namespace',
    listKind: 'NamespaceList',
    singular: 'namespace',
    namespaced: false,
    shortNames: ['ns'],
    storage: namespaces,
    schema: schemaForKind('', 'Namespace'),
    subresources: {
      finalize: { kind: 'Namespace', storage: finalizeStorage, schema: schemaForKind('', 'Namespace') },
      status: { kind: 'Namespace', storage: statusStorage, schema: schemaForKind('', 'Namespace') },
    },
  }
  const secretsDef: ResourceDef = {
    group: '',
    version: 'v1',
    resource: 'secrets',
    kind: 'Secret',
    listKind: 'SecretList',
    singular: 'secret',
    namespaced: true,
    storage: secrets,
    schema: schemaForKind('', 'Secret'),
  }
  Object.assign(server.schemas, eventSchemas)
  const eventsDef: ResourceDef = {
    group: '',
    version: 'v1',
    resource: 'events',
    kind: 'Event',
    listKind: 'EventList',
    singular: 'event',
    namespaced: true,
    shortNames: ['ev'],
    storage: events,
    schema: eventSchemas['io.k8s.api.core.v1.Event'],
  }
  server.register(eventsDef)
  server.register(namespacesDef)
  server.register(secretsDef)
  installAccessReviews(server)
  server.admitCreate = namespaceLifecycle({ requireNamespace: opts.requireNamespace })
  server.seeders.set('Namespace', (tx, ctx, obj, o) => namespaces.store.createIn(tx, withInfo(ctx, { ...ctx.info, namespace: '' }), obj, o))
  server.seeders.set('Secret', (tx, ctx, obj, o) => secrets.createIn(tx, ctx, obj, o))
  server.seeders.set('Event', (tx, ctx, obj, o) => events.createIn(tx, ctx, obj, o))
  return { namespacesDef, secretsDef, namespaces, secrets, events }
}
