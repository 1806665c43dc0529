// The protobuf codec (protobufjs and the message definitions) is loaded by the engine before it handles the
// first request whose Content-Type or Accept mentions protobuf, as ../yaml-codec.ts does for YAML: a fake
// that only ever sees JSON (most clients, every browser) never loads it. Which kinds are served as protobuf
// is known without it (./served.ts).

type Codec = typeof import('./codec.js')

let codec: Codec | undefined
let loading: Promise<Codec> | undefined

/** Load the protobuf codec (once). */
export function loadProtobuf(): Promise<Codec> {
  return (loading ??= import('./codec.js').then((m) => (codec = m)))
}

/** Whether a request may need the protobuf codec (its body or its response). */
export function mayNeedProtobuf(headers: Headers): boolean {
  if (codec) return false
  const ct = headers.get('content-type')
  const accept = headers.get('accept')
  return (ct !== null && /protobuf/i.test(ct)) || (accept !== null && /protobuf/i.test(accept))
}

/** The protobuf codec; the engine has loaded it for any request that can reach this. */
export function protobufCodec(): Codec {
  if (!codec) throw new Error('internal error: protobuf used before it was loaded')
  return codec
}
