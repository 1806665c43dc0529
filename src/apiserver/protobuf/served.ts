// Which kinds are served as protobuf, read from the generated message names (./message-names.ts) alone:
// the engine asks this of every endpoint (JSON requests too), so it loads neither protobufjs nor the
// descriptors (./schema.ts builds the messages from ./descriptors.ts; the engine loads it, through
// ./lazy.ts, only for requests that mention protobuf). See ./schema.ts for why the real servers encode
// these kinds as protobuf.

import { MESSAGE_NAMES } from './message-names.js'

export const PROTOBUF = 'application/vnd.kubernetes.protobuf'

export const META = 'k8s.io.apimachinery.pkg.apis.meta.v1'
const CORE = 'k8s.io.api.core.v1'
const IMAGE = 'github.com.openshift.api.image.v1'

/** Proto packages by group/version (the `apiVersion` of an object). */
export const PACKAGES: Record<string, string[]> = {
  v1: [CORE, META], // Status, and the meta kinds the core group version registers (DeleteOptions, WatchEvent)
  'meta.k8s.io/v1': [META],
  'meta.k8s.io/v1beta1': [META], // PartialObjectMetadata(List): the v1 messages under the v1beta1 name
  'image.openshift.io/v1': [IMAGE],
  'authorization.k8s.io/v1': ['k8s.io.api.authorization.v1'],
  'authentication.k8s.io/v1': ['k8s.io.api.authentication.v1'],
}

let names: Set<string> | undefined

/** Full names of the messages of the descriptors. */
function messageNames(): Set<string> {
  return (names ??= new Set(MESSAGE_NAMES))
}

function hasMessage(apiVersion: string, kind: string): boolean {
  return (PACKAGES[apiVersion] ?? []).some((pkg) => messageNames().has(`${pkg}.${kind}`))
}

/** Whether objects of this kind (and its list kind) can be written as protobuf (JSON requests ask this too). */
export function servesProtobuf(apiVersion: string, kind: string, listKind?: string): boolean {
  return hasMessage(apiVersion, kind) && (listKind === undefined || hasMessage(apiVersion, listKind))
}
