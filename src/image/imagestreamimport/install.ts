// Registers imagestreamimports (create only, as k8s.io/apiserver/pkg/endpoints/installer.go registers it: GET
// on the collection answers 405, item paths 404) and offers the same import to the import controller.

import type { ApiServer } from '../../apiserver/server.js'
import type { RequestContext, ResourceDef, Storage, WriteOptions } from '../../apiserver/types.js'
import type { KubeObject } from '../types.js'
import type { ImageGroup } from '../install.js'
import type { ImageGroupConfig } from '../imagestream/strategy.js'
import type { RemoteRegistry } from '../remote-registry/registry.js'
import { schemaForKind } from '../schema/index.js'
import { GROUP, VERSION } from '../types.js'
import { createImportIn, type ImportContext } from './rest.js'
import type { ImageStreamImport } from './types.js'

export interface ImportService {
  readonly registry: RemoteRegistry
  /** POST an ImageStreamImport as `ctx` (one transaction). */
  create(ctx: RequestContext, isi: KubeObject, opts: WriteOptions): Promise<ImageStreamImport>
}

export function imageStreamImportStorage(ictx: ImportContext): Storage & { create: NonNullable<Storage['create']> } {
  return {
    create: (ctx, obj, opts) =>
      ctx.store.transaction((tx) => {
        tx.dryRun = opts.dryRun
        return createImportIn(ictx, tx, ctx, obj, opts)
      }),
  }
}

export function installImports(server: ApiServer, group: ImageGroup, cfg: ImageGroupConfig, registry: RemoteRegistry): ImportService {
  void cfg
  const ictx: ImportContext = { group, registry }
  const storage = imageStreamImportStorage(ictx)
  const def: ResourceDef = {
    group: GROUP,
    version: VERSION,
    resource: 'imagestreamimports',
    kind: 'ImageStreamImport',
    listKind: 'ImageStreamImportList',
    singular: 'imagestreamimport',
    namespaced: true,
    storage,
    schema: schemaForKind(GROUP, 'ImageStreamImport'),
  }
  server.register(def)
  return {
    registry,
    create: async (ctx, isi, opts) => (await storage.create(ctx, isi, opts)) as ImageStreamImport,
  }
}
