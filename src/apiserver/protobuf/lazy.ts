// The protobuf codec (protobufjs and the message definitions) is loaded by the engine before it handles the
// first request whose Content-Type or Accept mentions protobuf, as ../yaml-codec.ts does for YAML: a fake
// that only ever sees JSON (most clients, every browser) never loads it. Which kinds are served as protobuf
// is known without it (./served.ts).

import { lazyCodec } from '../lazy-codec.js'

const codec = lazyCodec<typeof import('./codec.js')>('protobuf', /protobuf/i, () => import('./codec.js'))

/** Load the protobuf codec (once). */
export const loadProtobuf = codec.load
/** Whether a request may need the protobuf codec (its body or its response). */
export const mayNeedProtobuf = codec.mayNeed
/** The protobuf codec; the engine has loaded it for any request that can reach this. */
export const protobufCodec = codec.get
