// Registers imagestreammappings, imagesignatures and the /layers and /secrets subresources.

import type { ApiServer } from '../../apiserver/server.js'
import type { ResourceDef } from '../../apiserver/types.js'
import type { ImageGroup } from '../install.js'
import type { ImageGroupConfig } from '../imagestream/strategy.js'
import { schemaForKind } from '../schema/index.js'
import { GROUP, VERSION } from '../types.js'
import { imageSignatureStorage } from './imagesignature.js'
import { imageStreamMappingStorage } from './imagestreammapping.js'
import { layersStorage } from './layers.js'
import { imageSecretsStorage } from './secrets.js'

export function installGraph(server: ApiServer, group: ImageGroup, cfg: ImageGroupConfig): void {
  const signaturesDef: ResourceDef = {
    group: GROUP,
    version: VERSION,
    resource: 'imagesignatures',
    kind: 'ImageSignature',
    listKind: 'ImageSignatureList',
    singular: 'imagesignature',
    namespaced: false,
    storage: imageSignatureStorage(group.images),
    schema: schemaForKind(GROUP, 'ImageSignature'),
  }
  const mappingsDef: ResourceDef = {
    group: GROUP,
    version: VERSION,
    resource: 'imagestreammappings',
    kind: 'ImageStreamMapping',
    listKind: 'ImageStreamMappingList',
    singular: 'imagestreammapping',
    namespaced: true,
    storage: imageStreamMappingStorage(group, cfg),
    schema: schemaForKind(GROUP, 'ImageStreamMapping'),
  }
  server.register(signaturesDef)
  server.register(mappingsDef)
  const subs = (group.imageStreamsDef.subresources ??= {})
  subs.layers = { kind: 'ImageStreamLayers', storage: layersStorage(group.imageStreams), schema: schemaForKind(GROUP, 'ImageStreamLayers') }
  const coreSecrets = () => server.resources.find((r) => r.group === '' && r.version === 'v1' && r.resource === 'secrets')?.storage
  subs.secrets = { kind: 'SecretList', storage: imageSecretsStorage(coreSecrets), schema: schemaForKind(GROUP, 'SecretList') }
}
