// image.openshift.io/v1 kinds that are views onto an ImageStream (ImageStreamTag, ImageTag, ImageStreamImage,
// ImageStreamMapping, ImageStreamLayers) and the image group's SecretList.

import type { SchemaRegistry } from '../../apiserver/schema-types.js'
import { CORE, IMAGE, bool, gvk, int64, listOf, listSchema, mapOf, objectHeader, ref, str, strList } from '../../apiserver/schema/meta-schemas.js'

const G = 'image.openshift.io'

export const streamViewSchemas: SchemaRegistry = {
  [`${IMAGE}ImageStreamTag`]: {
    type: 'object',
    description:
      'ImageStreamTag is the image a tag of an ImageStream currently points to (the newest successfully tagged, imported or ' +
      'pushed image in status.tags), together with the spec tag. Deleting it removes the tag from spec and status.',
    required: ['tag', 'generation', 'lookupPolicy', 'image'],
    properties: {
      ...objectHeader(),
      conditions: listOf(`${IMAGE}TagEventCondition`, 'Conditions that apply to the image stream tag.'),
      generation: int64('Current generation of the tagged image; if it differs from tag.generation the image may be out of date.'),
      image: ref(`${IMAGE}Image`, 'The image associated with the tag.', { default: {} }),
      lookupPolicy: ref(`${IMAGE}ImageLookupPolicy`, 'Lookup policy of the image stream this tag belongs to.', { default: {} }),
      tag: ref(`${IMAGE}TagReference`, 'The spec tag, if one is defined for this tag.'),
    },
    'x-kubernetes-group-version-kind': gvk(G, 'ImageStreamTag'),
  },
  [`${IMAGE}ImageStreamTagList`]: listSchema(`${IMAGE}ImageStreamTag`, 'ImageStreamTagList is a list of ImageStreamTag objects.', G, 'ImageStreamTagList', 'Items is the list of image stream tags.'),
  [`${IMAGE}ImageTag`]: {
    type: 'object',
    description:
      'ImageTag is a full view of one tag of an image stream: its spec, its status history and the image it currently references.',
    required: ['spec', 'status', 'image'],
    properties: {
      ...objectHeader(),
      image: ref(`${IMAGE}Image`, 'Details of the most recent image of this tag, if any.'),
      spec: ref(`${IMAGE}TagReference`, 'The spec tag, if present.'),
      status: ref(`${IMAGE}NamedTagEventList`, 'The status tag history, if present.'),
    },
    'x-kubernetes-group-version-kind': gvk(G, 'ImageTag'),
  },
  [`${IMAGE}ImageTagList`]: listSchema(`${IMAGE}ImageTag`, 'ImageTagList is a list of ImageTag objects.', G, 'ImageTagList', 'Items is the list of image stream tags.'),
  [`${IMAGE}ImageStreamImage`]: {
    type: 'object',
    description:
      'ImageStreamImage is an Image looked up by digest within an ImageStream ("<stream>@<digest>"). It is only found when a ' +
      'tag of the stream references the image; the only supported operation is get.',
    required: ['image'],
    properties: {
      ...objectHeader(),
      image: ref(`${IMAGE}Image`, 'The image from the repository.', { default: {} }),
    },
    'x-kubernetes-group-version-kind': gvk(G, 'ImageStreamImage'),
  },
  [`${IMAGE}ImageStreamMapping`]: {
    type: 'object',
    description:
      'ImageStreamMapping maps one image stream tag to a container image: creating it creates the Image and records it in the ' +
      "stream's status tags. Only create is supported; metadata name/namespace name the target image stream.",
    required: ['image', 'tag'],
    properties: {
      ...objectHeader(),
      image: ref(`${IMAGE}Image`, 'The container image to map to the tag.', { default: {} }),
      tag: str('The tag of the image stream to update.'),
    },
    'x-kubernetes-group-version-kind': gvk(G, 'ImageStreamMapping'),
  },
  [`${IMAGE}ImageStreamLayers`]: {
    type: 'object',
    description: 'ImageStreamLayers describes the layers referenced by the images of an image stream.',
    required: ['blobs', 'images'],
    properties: {
      ...objectHeader(),
      blobs: mapOf(`${IMAGE}ImageLayerData`, 'Map of blob name to metadata about the blob.'),
      images: mapOf(`${IMAGE}ImageBlobReferences`, 'Map of image name to the blobs and config that make up the image.'),
    },
    'x-kubernetes-group-version-kind': gvk(G, 'ImageStreamLayers'),
  },
  [`${IMAGE}ImageBlobReferences`]: {
    type: 'object',
    description: 'ImageBlobReferences lists the blobs an image references.',
    properties: {
      config: str('Blob holding the image config, if the image has a separate one.'),
      imageMissing: bool('True if the stream references the image but the Image object was deleted; layers and config may then be empty.'),
      layers: strList('Blobs composing the image, base layer first; all of them appear in the blobs map.'),
      manifests: strList('Digests of the single-architecture images a manifest list points to; empty otherwise.'),
    },
  },
  [`${IMAGE}ImageLayerData`]: {
    type: 'object',
    description: 'ImageLayerData holds metadata about an image layer.',
    required: ['size', 'mediaType'],
    properties: {
      mediaType: str('Media type of the referenced object.'),
      size: int64('Size of the layer in bytes as reported by the store; null when unknown.'),
    },
  },
  [`${IMAGE}SecretList`]: listSchema(`${CORE}Secret`, 'SecretList is a list of Secret.', G, 'SecretList', 'Items is a list of secret objects.'),
}
