// core/v1 reference types used by image.openshift.io/v1 (TagReference.from, ImageImportSpec.to, …).

import type { SchemaRegistry } from '../../apiserver/schema-types.js'
import { CORE, str } from '../../apiserver/schema/meta-schemas.js'

export const coreRefSchemas: SchemaRegistry = {
  [`${CORE}ObjectReference`]: {
    type: 'object',
    description: 'ObjectReference holds enough information to inspect or modify the referred object.',
    properties: {
      apiVersion: str('API version of the referent.'),
      fieldPath: str('If referring to a piece of an object instead of the whole, a JSON path into it, e.g. "spec.containers{name}".'),
      kind: str('Kind of the referent.'),
      name: str('Name of the referent.'),
      namespace: str('Namespace of the referent.'),
      resourceVersion: str('Specific resourceVersion this reference is made to, if any.'),
      uid: str('UID of the referent.'),
    },
    'x-kubernetes-map-type': 'atomic',
  },
  [`${CORE}LocalObjectReference`]: {
    type: 'object',
    description: 'LocalObjectReference locates the referenced object inside the same namespace.',
    properties: {
      name: str('Name of the referent.'),
    },
    'x-kubernetes-map-type': 'atomic',
  },
}
