// Registers the tag views: imagestreamtags, imagetags, imagestreamimages (openshift-apiserver
// pkg/image/apiserver/registry/imagestreamtag, imagetag, imagestreamimage). None of them is stored or
// watchable: no `watch` (so `?watch=true` answers 405 and `/watch/...` 404) and no deletecollection (DELETE on
// the collection answers 405).

import type { ApiServer } from '../../apiserver/server.js'
import type { ImageGroup } from '../install.js'
import type { ImageGroupConfig } from '../imagestream/strategy.js'
import { schemaForKind } from '../schema/index.js'
import { GROUP, VERSION } from '../types.js'
import { imageStreamImageStorage } from './imagestreamimage.js'
import { imageStreamTagKind } from './imagestreamtag.js'
import { imageTagKind } from './imagetag.js'
import { TagViewStorage } from './views-common.js'

export function installTagViews(server: ApiServer, group: ImageGroup, cfg: ImageGroupConfig): void {
  // The registry hostnames reach the views through the stream decoration of `group`.
  void cfg
  server.register({
    group: GROUP,
    version: VERSION,
    resource: 'imagestreamtags',
    kind: 'ImageStreamTag',
    listKind: 'ImageStreamTagList',
    singular: 'imagestreamtag',
    namespaced: true,
    shortNames: ['istag'],
    storage: new TagViewStorage(imageStreamTagKind, group),
    schema: schemaForKind(GROUP, 'ImageStreamTag'),
  })
  server.register({
    group: GROUP,
    version: VERSION,
    resource: 'imagetags',
    kind: 'ImageTag',
    listKind: 'ImageTagList',
    singular: 'imagetag',
    namespaced: true,
    shortNames: ['itag'],
    storage: new TagViewStorage(imageTagKind, group),
    schema: schemaForKind(GROUP, 'ImageTag'),
  })
  server.register({
    group: GROUP,
    version: VERSION,
    resource: 'imagestreamimages',
    kind: 'ImageStreamImage',
    listKind: 'ImageStreamImageList',
    singular: 'imagestreamimage',
    namespaced: true,
    shortNames: ['isimage'],
    storage: imageStreamImageStorage(group),
    schema: schemaForKind(GROUP, 'ImageStreamImage'),
  })
}
