// Responses whose body the engine produced in full (everything but watches). Building a Fetch Response
// with a body costs tens of microseconds in Node (a ReadableStream is made up front), more than the
// rest of a GET; this subclass keeps the bytes and makes the stream only when somebody asks for it.
// Doors such as the Node server read the bytes directly through `fixedBodyOf`.

const bodies = new WeakMap<Response, Uint8Array>()

class BytesResponse extends Response {
  readonly #bytes: Uint8Array<ArrayBuffer>
  #stream: ReadableStream<Uint8Array<ArrayBuffer>> | null = null
  #used = false

  constructor(bytes: Uint8Array, init: ResponseInit) {
    super(null, init)
    this.#bytes = bytes as Uint8Array<ArrayBuffer>
  }

  override get body(): ReadableStream<Uint8Array<ArrayBuffer>> {
    if (!this.#stream) {
      const bytes = this.#bytes
      this.#stream = new ReadableStream<Uint8Array<ArrayBuffer>>({
        start(c) {
          if (bytes.byteLength) c.enqueue(bytes.slice())
          c.close()
        },
      })
    }
    return this.#stream
  }

  override get bodyUsed(): boolean {
    return this.#used
  }

  #take(): Uint8Array<ArrayBuffer> {
    if (this.#used) throw new TypeError('Body is unusable: Body has already been read')
    this.#used = true
    return this.#bytes.slice()
  }

  override async arrayBuffer(): Promise<ArrayBuffer> {
    return this.#take().buffer
  }

  override async bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return this.#take()
  }

  override async text(): Promise<string> {
    return new TextDecoder().decode(this.#take())
  }

  override async json(): Promise<unknown> {
    return JSON.parse(await this.text())
  }

  override async blob(): Promise<Blob> {
    return new Blob([this.#take()], { type: this.headers.get('content-type') ?? '' })
  }

  override clone(): Response {
    if (this.#used) throw new TypeError('Response.clone: Body has already been consumed.')
    return bytesResponse(this.#bytes, { status: this.status, statusText: this.statusText, headers: this.headers })
  }
}

/** A complete response: cheap to build, readable by every Fetch consumer. */
export function bytesResponse(bytes: Uint8Array, init: ResponseInit): Response {
  const res = new BytesResponse(bytes, init)
  bodies.set(res, bytes)
  return res
}

/** The complete body of a Response built by the engine, or undefined (streaming or unknown). */
export function fixedBodyOf(res: Response): Uint8Array | undefined {
  return bodies.get(res)
}
