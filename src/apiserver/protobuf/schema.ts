// Which protobuf message each served kind is, from the upstream generated.proto definitions vendored in
// ./proto (loaded through the descriptors generated from them, so no .proto parsing happens at run time).
//
// The real servers encode every compiled-in kind as protobuf: kube-apiserver for core/v1 and meta/v1, and
// openshift-apiserver for image.openshift.io/v1 too — its image group is installed with
// genericapiserver.NewDefaultAPIGroupInfo(imagev1.GroupName, …, legacyscheme.Codecs)
// (openshift-apiserver pkg/image/apiserver/apiserver.go), a serializer.CodecFactory whose serializers
// include protobuf (k8s.io/apimachinery/pkg/runtime/serializer/codec_factory.go), and the openshift/api
// image/v1 types implement proto.Marshaler (image/v1/generated.pb.go). The access reviews
// (authorization.k8s.io/v1, authentication.k8s.io/v1) are compiled-in kube-apiserver kinds too: kubectl
// `auth can-i` / `auth whoami` send them only as protobuf. Kinds without a message here
// (Table, anything a later group adds without one) are not offered as protobuf, as for CRDs.

import protobuf from 'protobufjs/light.js'
import { descriptors } from './descriptors.js'
import { META, PACKAGES } from './served.js'

export { PROTOBUF, servesProtobuf } from './served.js'

export type MessageType = protobuf.Type

let root: protobuf.Root | undefined

function getRoot(): protobuf.Root {
  if (!root) {
    root = protobuf.Root.fromJSON(descriptors as protobuf.INamespace)
    root.resolveAll()
  }
  return root
}

const byKind = new Map<string, MessageType | null>()

/** The message type of `kind` in `apiVersion`, or undefined when it has none (not served as protobuf). */
export function messageFor(apiVersion: string, kind: string): MessageType | undefined {
  const key = `${apiVersion}\0${kind}`
  let t = byKind.get(key)
  if (t === undefined) {
    t = null
    for (const pkg of PACKAGES[apiVersion] ?? []) {
      const found = getRoot().lookup(`${pkg}.${kind}`)
      if (found instanceof protobuf.Type) {
        t = found
        break
      }
    }
    byKind.set(key, t)
  }
  return t ?? undefined
}

type MetaName = 'Unknown' | 'DeleteOptions' | 'WatchEvent' | 'Status'
const metaTypes = new Map<MetaName, MessageType>()

/** A message of the apimachinery packages by name (looked up once: a root lookup walks the namespaces). */
export function metaMessage(name: MetaName): MessageType {
  let t = metaTypes.get(name)
  if (!t) {
    t = getRoot().lookupType(name === 'Unknown' ? 'k8s.io.apimachinery.pkg.runtime.Unknown' : `${META}.${name}`)
    metaTypes.set(name, t)
  }
  return t
}
