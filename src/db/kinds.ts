// The public types of the kinds api.db holds, in their v1 JSON (wire) form as the API serves them.
// They are the engine's types without the catch-all index signature, so a misspelt field is a compile
// error (the engine's internal KubeObject accepts any key).

import type * as image from '../image/types.js'
import type * as ns from '../core/namespaces.js'
import type * as secret from '../core/secrets.js'
import type { ImageStreamTagObject } from '../image/views/imagestreamtag.js'
import type { ImageTagObject } from '../image/views/imagetag.js'
import type { CoreEvent } from '../core/events.js'

export type { ObjectMeta } from '../image/types.js'

/** `T` without its string/number index signature (top level). */
export type Concrete<T> = { [K in keyof T as string extends K ? never : number extends K ? never : K]: T[K] }

/** image.openshift.io/v1 ImageStream. */
export type ImageStream = Concrete<image.ImageStream>
/** image.openshift.io/v1 Image. */
export type Image = Concrete<image.Image>
/** v1 Namespace. */
export type Namespace = Concrete<ns.Namespace>
/** v1 Secret (`data` values base64, as on the wire). */
export type Secret = Concrete<secret.Secret>
/** v1 Event (core/v1, what `kubectl get events` reads). */
export type Event = Concrete<CoreEvent>
/** image.openshift.io/v1 ImageStreamTag (a view of a stream's tag and its image). */
export type ImageStreamTag = Concrete<ImageStreamTagObject>
/** image.openshift.io/v1 ImageTag (a view of a stream's spec tag, status tag and image). */
export type ImageTag = Concrete<ImageTagObject>

/** Every field optional, all the way down (what a write may leave to defaults). */
export type DeepPartial<T> = T extends ReadonlyArray<infer U>
  ? Array<DeepPartial<U>>
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T

/** What a create accepts: `metadata` (name or generateName), the rest as the API defaults it. */
export type CreateInput<T extends { metadata: image.ObjectMeta }> = DeepPartial<Omit<T, 'metadata'>> & { metadata: image.ObjectMeta }
