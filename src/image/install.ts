// Registers the image.openshift.io/v1 resources with the engine.

import { GenericStore } from '../apiserver/generic-store.js'
import type { ApiServer } from '../apiserver/server.js'
import { imageSchemas, schemaForKind } from './schema/index.js'
import { imageStrategy } from './image/strategy.js'
import { imageStreamStatusStrategy, imageStreamStrategy, type ImageGroupConfig } from './imagestream/strategy.js'
import { GROUP, VERSION } from './types.js'
import type { ResourceDef, Storage } from '../apiserver/types.js'
import { installTagViews } from './views/install.js'
import { installGraph } from './graph/install.js'
import { installImports, type ImportService } from './imagestreamimport/install.js'
import { RemoteRegistry } from './remote-registry/registry.js'

export interface ImageGroup {
  /** The registered definitions, so other parts of the group can add subresources. */
  imageStreamsDef: ResourceDef
  imagesDef: ResourceDef
  images: GenericStore
  imageStreams: GenericStore
  imageStreamStatus: GenericStore
  /** Internal updates of streams (virtual resources write through it: status kept, tracking tags propagate). */
  imageStreamsInternal: GenericStore
  /** imagestreamimports and the fake remote registry behind it (used by the import controller). */
  imports: ImportService
}

export function installImageGroup(server: ApiServer, cfg: ImageGroupConfig, registry: RemoteRegistry = new RemoteRegistry()): ImageGroup {
  Object.assign(server.schemas, imageSchemas)
  const images = new GenericStore(imageStrategy())
  const imageStreams = new GenericStore(imageStreamStrategy(cfg))
  const imageStreamsInternal = new GenericStore(imageStreamStrategy(cfg, { internal: true }))
  const imageStreamStatus = new GenericStore(imageStreamStatusStrategy(cfg))
  // /status reads return the stored object without re-decoration (imagestream/etcd/etcd.go StatusREST.Get).
  const statusStorage: Storage = {
    get: (ctx, name) => imageStreamStatus.get(ctx, name),
    update: (ctx, name, t, o) => imageStreamStatus.update(ctx, name, t, o),
    listKeys: imageStreamStatus.listKeys,
  }
  const imagesDef: ResourceDef = {
    group: GROUP,
    version: VERSION,
    resource: 'images',
    kind: 'Image',
    listKind: 'ImageList',
    singular: 'image',
    namespaced: false,
    storageVersionHash: 'FX/i8Tt+3Fc=',
    storage: images,
    schema: schemaForKind(GROUP, 'Image'),
  }
  const imageStreamsDef: ResourceDef = {
    group: GROUP,
    version: VERSION,
    resource: 'imagestreams',
    kind: 'ImageStream',
    listKind: 'ImageStreamList',
    singular: 'imagestream',
    namespaced: true,
    shortNames: ['is'],
    categories: ['all'],
    storageVersionHash: 'mwmf9lCqOiA=',
    storage: imageStreams,
    schema: schemaForKind(GROUP, 'ImageStream'),
    subresources: {
      status: { kind: 'ImageStream', storage: statusStorage, schema: schemaForKind(GROUP, 'ImageStream') },
    },
  }
  server.register(imagesDef)
  server.register(imageStreamsDef)
  const group = { images, imageStreams, imageStreamStatus, imageStreamsInternal, imagesDef, imageStreamsDef } as ImageGroup
  installTagViews(server, group, cfg)
  installGraph(server, group, cfg)
  group.imports = installImports(server, group, cfg, registry)
  return group
}
