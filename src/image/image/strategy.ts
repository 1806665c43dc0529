// Image strategy (SEMANTICS §2.3–2.6): server-owned metadata fields survive updates, manifest blobs
// are dropped when stored elsewhere, managed-signature annotations are removed.

import { metaFieldSet, type Strategy } from '../../apiserver/strategy.js'
import { GROUP, VERSION, type Image } from '../types.js'
import { normalizeImage } from './normalize.js'
import { validateImage } from './validation.js'
import { validatePathSegmentName } from '../../apiserver/validation.js'
import { column, NAME_COLUMN } from '../printers.js'

export const MANIFEST_BLOB_STORED = 'image.openshift.io/manifestBlobStored'
export const MANAGED_SIGNATURE = 'image.openshift.io/managed-signature'

/** The parts of PrepareForCreate/Update that both run (§2.3 steps 2–3). */
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
    prepareForCreate(obj) {
      prepareImage(obj as Image)
    },
    validate: (obj) => validateImage(obj as Image),
    prepareForUpdate(obj, old) {
      const img = obj as Image
      const prev = old as Image
      // Silently reset to the stored values.
      img.dockerImageMetadata = prev.dockerImageMetadata
      img.dockerImageMetadataVersion = prev.dockerImageMetadataVersion
      img.dockerImageLayers = prev.dockerImageLayers
      if (prev.dockerImageSignatures) img.dockerImageSignatures = prev.dockerImageSignatures
      // A changed manifest/config is only kept when cleared (or unchanged); a manifest whose digest
      // matches the name would also be kept by the real server — that check needs the raw-manifest
      // parsing of the imports work and is not done here.
      if (img.dockerImageManifest && img.dockerImageManifest !== prev.dockerImageManifest) img.dockerImageManifest = prev.dockerImageManifest
      if (!img.dockerImageManifest) delete img.dockerImageManifest
      if (img.dockerImageConfig && img.dockerImageConfig !== prev.dockerImageConfig) img.dockerImageConfig = prev.dockerImageConfig
      if (!img.dockerImageConfig) delete img.dockerImageConfig
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
