// image.openshift.io/v1 ImageStream: spec (tag references and policies) and status (tag history).

import type { SchemaRegistry } from '../../apiserver/schema-types.js'
import { CORE, IMAGE, META, bool, gvk, int64, listOf, listSchema, objectHeader, ref, str, strMap } from '../../apiserver/schema/meta-schemas.js'

const G = 'image.openshift.io'

export const imageStreamSchemas: SchemaRegistry = {
  [`${IMAGE}ImageStream`]: {
    type: 'object',
    description:
      'An ImageStream maps tags to images, holds metadata overrides applied when images are tagged into the stream, and may ' +
      'reference a container image repository on a registry. spec.tags usually points at external images (imported with the ' +
      "namespace's pull secrets) or at other image stream tags and images; status.tags records the history of images per tag. " +
      'Pulling from the integrated registry requires "get imagestreams/layers". Deleting an imagestreamtag removes the tag ' +
      'from both spec and status; history is kept until pruned.',
    properties: {
      ...objectHeader(),
      spec: ref(`${IMAGE}ImageStreamSpec`, 'Desired state of the stream.', { default: {} }),
      status: ref(`${IMAGE}ImageStreamStatus`, 'Observed state of the stream.', { default: {} }),
    },
    'x-kubernetes-group-version-kind': gvk(G, 'ImageStream'),
  },
  [`${IMAGE}ImageStreamList`]: listSchema(`${IMAGE}ImageStream`, 'ImageStreamList is a list of ImageStream objects.', G, 'ImageStreamList', 'Items is a list of imageStreams.'),
  [`${IMAGE}ImageStreamSpec`]: {
    type: 'object',
    description: 'ImageStreamSpec holds the options of an ImageStream.',
    properties: {
      dockerImageRepository: str(
        'Deprecated since 3.7: optional container repository on this server backing the stream. Use spec.tags[].from instead.',
      ),
      lookupPolicy: ref(`${IMAGE}ImageLookupPolicy`, 'How this stream may be used to resolve image references in the namespace.', { default: {} }),
      tags: listOf(`${IMAGE}TagReference`, 'Tags mapping arbitrary names to image locators.', {
        'x-kubernetes-patch-merge-key': 'name',
        'x-kubernetes-patch-strategy': 'merge',
      }),
    },
  },
  [`${IMAGE}ImageStreamStatus`]: {
    type: 'object',
    description: 'ImageStreamStatus is the observed state of an image stream.',
    required: ['dockerImageRepository'],
    properties: {
      dockerImageRepository: str('Effective location the stream can be accessed at; may be empty until the server determines it.'),
      publicDockerImageRepository: str('Public location to pull images from outside the cluster; empty unless the registry is exposed.'),
      tags: listOf(`${IMAGE}NamedTagEventList`, 'Historical record of images per tag; the first event of each tag is the current image.', {
        'x-kubernetes-patch-merge-key': 'tag',
        'x-kubernetes-patch-strategy': 'merge',
      }),
    },
  },
  [`${IMAGE}ImageLookupPolicy`]: {
    type: 'object',
    description: 'ImageLookupPolicy controls whether the stream can override image references used by pods, builds and other resources in the namespace.',
    required: ['local'],
    properties: {
      local: bool(
        'When true, short image references (e.g. "mysql" or "php:latest") in this namespace that match this stream are replaced ' +
          "by the image ID instead of going to a remote registry, honouring the tag's referencePolicy.",
      ),
    },
  },
  [`${IMAGE}TagReference`]: {
    type: 'object',
    description:
      'TagReference names a tag, with optional annotations for images using it and an optional reference to an ' +
      'ImageStreamTag, ImageStreamImage or DockerImage the tag should track.',
    required: ['name'],
    properties: {
      annotations: strMap('Annotations applied to images retrieved through ImageStreamTags of this tag.'),
      from: ref(
        `${CORE}ObjectReference`,
        'Image this tag points to: kind ImageStreamTag (same stream only), ImageStreamImage or DockerImage.',
      ),
      generation: int64(
        'Stream generation at which this tag was last changed. Set to 0 to trigger a new import; nil (legacy clients) keeps the current value.',
      ),
      importPolicy: ref(`${IMAGE}TagImportPolicy`, 'How images for this tag are imported.', { default: {} }),
      name: str('Name of the tag.'),
      reference: bool('If true the tag is not imported (the reference is used as is). Defaults to false.'),
      referencePolicy: ref(`${IMAGE}TagReferencePolicy`, 'How pull specs for this tag are generated.', { default: {} }),
    },
  },
  [`${IMAGE}TagImportPolicy`]: {
    type: 'object',
    description: 'TagImportPolicy controls how images related to a tag are imported.',
    properties: {
      importMode: str('How to import an image manifest: Legacy or PreserveOriginal.'),
      insecure: bool('If true the server may skip certificate verification or use plain HTTP during import.'),
      scheduled: bool('If true the tag is periodically re-imported to stay up to date.'),
    },
  },
  [`${IMAGE}TagReferencePolicy`]: {
    type: 'object',
    description:
      'TagReferencePolicy describes how pull specs for images of a tag are produced when triggers or builds resolve them.',
    required: ['type'],
    properties: {
      type: str(
        'Source (default) uses the original location of the image; Local points at the integrated registry, which proxies ' +
          "the pull upstream using the stream's namespace credentials.",
      ),
    },
  },
  [`${IMAGE}NamedTagEventList`]: {
    type: 'object',
    description: 'NamedTagEventList relates a tag to its image history.',
    required: ['tag', 'items'],
    properties: {
      conditions: listOf(`${IMAGE}TagEventCondition`, 'Conditions that apply to the tag event list.'),
      items: listOf(`${IMAGE}TagEvent`, 'The history of images for this tag, newest first.'),
      tag: str('The tag the history is recorded for.'),
    },
  },
  [`${IMAGE}TagEvent`]: {
    type: 'object',
    description: 'TagEvent records one image that was tagged, as part of the status history of a tag.',
    required: ['created', 'dockerImageReference', 'image', 'generation'],
    properties: {
      created: ref(`${META}Time`, 'When the TagEvent was created.'),
      dockerImageReference: str('Pull spec of the image.'),
      generation: int64('Spec tag generation that produced this event.'),
      image: str('Name of the image.'),
    },
  },
  [`${IMAGE}TagEventCondition`]: {
    type: 'object',
    description: 'TagEventCondition carries condition information for a tag event.',
    required: ['type', 'status', 'generation'],
    properties: {
      generation: int64('Spec tag generation this condition describes.'),
      lastTransitionTime: ref(`${META}Time`, 'Last time the condition status changed.'),
      message: str('Human-readable details about the condition.'),
      reason: str('Short machine-readable reason for the condition.'),
      status: str('Status of the condition: True, False or Unknown.'),
      type: str('Type of tag event condition; currently only ImportSuccess.'),
    },
  },
}
