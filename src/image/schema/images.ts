// image.openshift.io/v1 Image and its parts (layers, sub-manifests, signatures).

import type { SchemaRegistry } from '../../apiserver/schema-types.js'
import { IMAGE, META, RUNTIME, gvk, int64, listOf, listSchema, objectHeader, ref, str, strMap } from '../../apiserver/schema/meta-schemas.js'

const G = 'image.openshift.io'

export const imageObjectSchemas: SchemaRegistry = {
  [`${IMAGE}Image`]: {
    type: 'object',
    description:
      'Image is an immutable representation of a container image and its metadata at a point in time. Images are named by a ' +
      'hash of their content, so any change produces a new name. The images resource is meant for cluster administrators and ' +
      'registry integrations; end users reach images through imagestreamtags or imagestreamimages. Manifest, config and layer ' +
      'contents are stored by the registry, not by the API.',
    properties: {
      ...objectHeader(),
      dockerImageConfig: str('JSON blob the runtime uses to set up the container (manifest schema v2). Not set for manifest lists.'),
      dockerImageLayers: listOf(`${IMAGE}ImageLayer`, 'The layers of the image. May be unset when unknown or for a manifest list.'),
      dockerImageManifest: str('Raw JSON of the manifest.'),
      dockerImageManifestMediaType: str('Media type of the manifest (manifest schema v2).'),
      dockerImageManifests: listOf(
        `${IMAGE}ImageManifest`,
        'Sub-manifests when the image is a manifest list; dockerImageLayers should then be empty.',
      ),
      dockerImageMetadata: ref(`${RUNTIME}RawExtension`, 'Metadata about this image (Docker image JSON; arbitrary content).', {
        'x-kubernetes-patch-strategy': 'replace',
        'x-kubernetes-preserve-unknown-fields': true,
      }),
      dockerImageMetadataVersion: str('Version of dockerImageMetadata; "1.0" when empty.'),
      dockerImageReference: str('Pull spec that can be used to pull this image.'),
      dockerImageSignatures: {
        type: 'array',
        description: 'Signatures as opaque blobs (manifest schema v1).',
        items: { type: 'string', format: 'byte' },
      },
      signatures: listOf(`${IMAGE}ImageSignature`, 'All signatures of the image.', {
        'x-kubernetes-patch-merge-key': 'name',
        'x-kubernetes-patch-strategy': 'merge',
      }),
    },
    'x-kubernetes-group-version-kind': gvk(G, 'Image'),
  },
  [`${IMAGE}ImageList`]: listSchema(`${IMAGE}Image`, 'ImageList is a list of Image objects.', G, 'ImageList', 'Items is a list of images.'),
  [`${IMAGE}ImageLayer`]: {
    type: 'object',
    description: 'ImageLayer is one layer of an image.',
    required: ['name', 'size', 'mediaType'],
    properties: {
      mediaType: str('Media type of the referenced object.'),
      name: str('Name of the layer as defined by the underlying store.'),
      size: int64('Size of the layer in bytes as defined by the underlying store.'),
    },
  },
  [`${IMAGE}ImageManifest`]: {
    type: 'object',
    description: 'ImageManifest describes one sub-manifest of a manifest list; digest names a regular Image object.',
    required: ['digest', 'mediaType', 'manifestSize', 'architecture', 'os'],
    properties: {
      architecture: str('CPU architecture, e.g. amd64 or ppc64le.'),
      digest: str('Unique identifier of the manifest; refers to an Image object.'),
      manifestSize: int64('Size of the raw manifest in bytes.'),
      mediaType: str('Media type of the manifest.'),
      os: str('Operating system, e.g. linux.'),
      variant: str('Optional CPU variant, e.g. v6 for ARM.'),
    },
  },
  [`${IMAGE}ImageSignature`]: {
    type: 'object',
    description:
      'ImageSignature holds a signature of an image, allowing image identity and other claims to be verified when the ' +
      'signature is trusted. type and content are mandatory; the other fields are parsed from content by the server and are informative.',
    required: ['type', 'content'],
    properties: {
      ...objectHeader(),
      conditions: listOf(`${IMAGE}SignatureCondition`, 'Latest observations of the state of the signature.', {
        'x-kubernetes-patch-merge-key': 'type',
        'x-kubernetes-patch-strategy': 'merge',
      }),
      content: str('Required: opaque binary signature of the image.', { format: 'byte' }),
      created: ref(`${META}Time`, 'When the signature was created, if known.'),
      imageIdentity: str('Human-readable identity of the image, such as a product name and version or a pull spec.'),
      issuedBy: ref(`${IMAGE}SignatureIssuer`, 'Issuer of the signing certificate or key.'),
      issuedTo: ref(`${IMAGE}SignatureSubject`, 'Person or entity who created the signature.'),
      signedClaims: strMap('Claims found in the signature.'),
      type: str('Required: type of the stored blob.'),
    },
    'x-kubernetes-group-version-kind': gvk(G, 'ImageSignature'),
  },
  [`${IMAGE}SignatureCondition`]: {
    type: 'object',
    description: 'SignatureCondition describes a condition of an image signature observed at a given probe time.',
    required: ['type', 'status'],
    properties: {
      lastProbeTime: ref(`${META}Time`, 'Last time the condition was checked.'),
      lastTransitionTime: ref(`${META}Time`, 'Last time the condition moved from one status to another.'),
      message: str('Human-readable details about the last transition.'),
      reason: str('Short machine-readable reason for the last transition.'),
      status: str('Status of the condition: True, False or Unknown.'),
      type: str('Type of the signature condition.'),
    },
  },
  [`${IMAGE}SignatureGenericEntity`]: {
    type: 'object',
    description: 'SignatureGenericEntity holds a generic identity of an entity (organisation and common name).',
    properties: {
      commonName: str('Common name, e.g. openshift-signing-service.'),
      organization: str('Organisation name.'),
    },
  },
  [`${IMAGE}SignatureIssuer`]: {
    type: 'object',
    description: 'SignatureIssuer identifies the issuer of a signing certificate or key.',
    properties: {
      commonName: str('Common name, e.g. openshift-signing-service.'),
      organization: str('Organisation name.'),
    },
  },
  [`${IMAGE}SignatureSubject`]: {
    type: 'object',
    description: 'SignatureSubject identifies the person or entity who created a signature.',
    required: ['publicKeyID'],
    properties: {
      commonName: str('Common name, e.g. openshift-signing-service.'),
      organization: str('Organisation name.'),
      publicKeyID: str("Human-readable id of the subject's public key; at least the lowest 64 bits of its fingerprint."),
    },
  },
}
