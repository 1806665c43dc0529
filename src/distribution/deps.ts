// What the registry handlers share: the API's store (read), the engine (writes go through the API, as
// the real registry's go through its API client), the registry's own storage, the fake remote
// registries (pull-through) and the internal registry hostname.

import type { ApiServer } from '../apiserver/server.js'
import type { RemoteRegistry } from '../image/remote-registry/registry.js'
import type { Store } from '../store/store.js'
import type { RegistryStorage } from './storage.js'

export interface RegistryDeps {
  server: ApiServer
  store: Store
  storage: RegistryStorage
  remote: RemoteRegistry
  /** `image-registry.openshift-image-registry.svc:5000` unless configured otherwise. */
  internalHost: string
}
