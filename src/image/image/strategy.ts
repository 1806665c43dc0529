// Image strategy (openshift-apiserver pkg/image/apiserver/registry/image/strategy.go): server-owned metadata
// fields survive updates, manifest blobs are dropped when stored elsewhere, managed-signature annotations are
// removed.
// fidelity: image.strategy

import { metaFieldSet, type Strategy } from '../../apiserver/strategy.js'
import { GROUP, VERSION, type Image } from '../types.js'
import { normalizeImage } from './normalize.js'
import { validateImage } from './validation.js'
import { validatePathSegmentName } from '../../apiserver/validation.js'
import { column, NAME_COLUMN } from '../printers.js'
import { prepareImageManifest, prepareImageManifestUpdate } from './manifest.js'

export const MANIFEST_BLOB_STORED = 'image.openshift.io/manifestBlobStored'
export const MANAGED_SIGNATURE = 'image.openshift.io/managed-signature'

/**
 * The parts of PrepareForCreate/Update that both run (imageStrategy.PrepareForCreate/PrepareForUpdate,
 * removeManagedSignatureAnnotation).
 */
export function prepareImage(img: Image): void {
  if (img.metadata.annotations?.[MANIFEST_BLOB_STORED] === 'true') {
    delete img.dockerImageManifest
    delete img.dockerImageConfig
  }
  for (const sig of img.signatures ?? []) {
    if (sig.metadata.annotations) {
      delete sig.metadata.annotations[MANAGED_SIGNATURE]
      if (!Object.keys(sig.metadata.annotations).length) delete sig.metadata.annotations
    }
  }
}

export function imageStrategy(): Strategy {
  return {
    group: GROUP,
    version: VERSION,
    resource: 'images',
    kind: 'Image',
    namespaced: false,
    normalize: normalizeImage,
    validateName: validatePathSegmentName,
    prepareForCreate(obj, sc) {
      prepareImageManifest(obj as Image, sc.ctx.now)
      prepareImage(obj as Image)
    },
    validate: (obj) => validateImage(obj as Image),
    prepareForUpdate(obj, old, sc) {
      const img = obj as Image
      const prev = old as Image
      // Silently reset to the stored values.
      img.dockerImageMetadata = prev.dockerImageMetadata
      img.dockerImageMetadataVersion = prev.dockerImageMetadataVersion
      img.dockerImageLayers = prev.dockerImageLayers
      if (prev.dockerImageSignatures) img.dockerImageSignatures = prev.dockerImageSignatures
      // A changed manifest/config is kept only when cleared or matching the image's digests (manifest.ts).
      prepareImageManifestUpdate(img, prev, sc.ctx.now)
      prepareImage(img)
    },
    validateUpdate: (obj) => validateImage(obj as Image),
    fieldSet: (obj) => metaFieldSet(obj, false),
    selectableFields: ['metadata.name', 'metadata.namespace'],
    allowUnconditionalUpdate: false,
    gcFinalizers: false,
    listKeys: { signatures: 'name' },
    table: {
      columns: [NAME_COLUMN, column('Image Reference', 'Image reference.')],
      cells: (obj) => [obj.metadata.name ?? '', (obj as Image).dockerImageReference ?? ''],
    },
    emptyObject: () => ({ kind: 'Image', apiVersion: `${GROUP}/${VERSION}`, metadata: {}, dockerImageMetadata: { kind: 'DockerImage', apiVersion: 'image.openshift.io/1.0', Id: '', Created: null, ContainerConfig: {} }, dockerImageLayers: null }),
  }
}
