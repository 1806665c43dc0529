// image.openshift.io/v1 ImageStreamImport: a request to import images (or a repository) into a stream, and its result.

import type { SchemaRegistry } from '../../apiserver/schema-types.js'
import { CORE, IMAGE, META, bool, gvk, listOf, objectHeader, ref, str, strList } from '../../apiserver/schema/meta-schemas.js'

const G = 'image.openshift.io'

export const importSchemas: SchemaRegistry = {
  [`${IMAGE}ImageStreamImport`]: {
    type: 'object',
    description:
      'ImageStreamImport lets a user look up container images in other registries and import them (single images or a whole ' +
      'repository) into an image stream, optionally inspecting the result before tagging it.',
    required: ['spec', 'status'],
    properties: {
      ...objectHeader(),
      spec: ref(`${IMAGE}ImageStreamImportSpec`, 'What images should be imported.', { default: {} }),
      status: ref(`${IMAGE}ImageStreamImportStatus`, 'Result of the import.', { default: {} }),
    },
    'x-kubernetes-group-version-kind': gvk(G, 'ImageStreamImport'),
  },
  [`${IMAGE}ImageStreamImportSpec`]: {
    type: 'object',
    description: 'ImageStreamImportSpec defines what images should be imported.',
    required: ['import'],
    properties: {
      images: listOf(`${IMAGE}ImageImportSpec`, 'Individual images to import.'),
      import: bool('Whether to perform the import; if so the tags are set on the spec and status of the named image stream.'),
      repository: ref(`${IMAGE}RepositoryImportSpec`, 'A repository whose tags should be imported.'),
    },
  },
  [`${IMAGE}ImageStreamImportStatus`]: {
    type: 'object',
    description: 'ImageStreamImportStatus holds the result of an import.',
    properties: {
      images: listOf(`${IMAGE}ImageImportStatus`, 'Result for each entry of spec.images, in the same order.'),
      import: ref(`${IMAGE}ImageStream`, 'The image stream that was imported into, if spec.import was true.'),
      repository: ref(`${IMAGE}RepositoryImportStatus`, 'Result of the repository import, if one was requested.'),
    },
  },
  [`${IMAGE}ImageImportSpec`]: {
    type: 'object',
    description: 'ImageImportSpec requests the import of one image.',
    required: ['from'],
    properties: {
      from: ref(`${CORE}ObjectReference`, 'Source image; only kind DockerImage is allowed.', { default: {} }),
      importPolicy: ref(`${IMAGE}TagImportPolicy`, 'How the image is imported.', { default: {} }),
      includeManifest: bool('Whether the manifest of each image is returned in the response.'),
      referencePolicy: ref(`${IMAGE}TagReferencePolicy`, 'How pull specs for the imported image are generated.', { default: {} }),
      to: ref(`${CORE}LocalObjectReference`, 'Tag of the current stream to assign the image to; defaults to the tag of from.name.'),
    },
  },
  [`${IMAGE}ImageImportStatus`]: {
    type: 'object',
    description: 'ImageImportStatus describes the result of one image import.',
    required: ['status'],
    properties: {
      image: ref(`${IMAGE}Image`, 'Metadata of the imported image, if it could be imported.'),
      manifests: listOf(`${IMAGE}Image`, 'Metadata of the sub-manifests when a manifest list was imported.'),
      status: ref(`${META}Status`, 'Status of the import.', { default: {} }),
      tag: str('Tag the image was found under, if any.'),
    },
  },
  [`${IMAGE}RepositoryImportSpec`]: {
    type: 'object',
    description: 'RepositoryImportSpec requests the import of images from a container image repository.',
    required: ['from'],
    properties: {
      from: ref(`${CORE}ObjectReference`, 'Source repository; only kind DockerImage is allowed.', { default: {} }),
      importPolicy: ref(`${IMAGE}TagImportPolicy`, 'How the images are imported.', { default: {} }),
      includeManifest: bool('Whether the manifest of each image is returned in the response.'),
      referencePolicy: ref(`${IMAGE}TagReferencePolicy`, 'How pull specs for the imported images are generated.', { default: {} }),
    },
  },
  [`${IMAGE}RepositoryImportStatus`]: {
    type: 'object',
    description: 'RepositoryImportStatus describes the result of a repository import.',
    properties: {
      additionalTags: strList('Tags present in the repository that were not imported because the import limit was reached.'),
      images: listOf(`${IMAGE}ImageImportStatus`, 'Result of each imported tag.'),
      status: ref(`${META}Status`, 'Status of the repository import.', { default: {} }),
    },
  },
}
