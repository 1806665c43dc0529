// Responses whose body the engine produced in full (everything but watches). Building a Fetch Response
// with a body and headers costs tens of microseconds in Node (a ReadableStream and a header list are made
// up front), more than the rest of a GET; this subclass keeps the status, header lines and bytes as given
// and makes the stream and the `Headers` only when somebody asks for them. Doors such as the Node server
// read the parts directly through `fixedPartsOf` and never build either.

/** Header lines in wire order and wire spelling (`Content-Type`); a repeated name is one entry per value. */
export type HeaderLines = ReadonlyArray<readonly [string, string]>

/** A complete response as the engine made it. */
export interface FixedParts {
  status: number
  /** The header lines as given, or undefined once somebody read `response.headers` (it may have been changed since). */
  lines: HeaderLines | undefined
  bytes: Uint8Array
}

class BytesResponse extends Response {
  readonly #bytes: Uint8Array<ArrayBuffer>
  #lines: HeaderLines | undefined
  #headers: Headers | undefined
  #stream: ReadableStream<Uint8Array<ArrayBuffer>> | null = null
  #used = false
  /** The bytes are this response's alone: the one read may have them without a copy. */
  #owned: boolean

  constructor(bytes: Uint8Array, status: number, lines: HeaderLines, owned = false) {
    super(null, { status })
    this.#bytes = bytes as Uint8Array<ArrayBuffer>
    this.#lines = lines
    this.#owned = owned
  }

  static parts(res: Response): FixedParts | undefined {
    return #bytes in res ? { status: res.status, lines: res.#lines, bytes: res.#bytes } : undefined
  }

  override get headers(): Headers {
    if (!this.#headers) {
      // The Response's own (mutable, guard "response") header list, filled on first use.
      const h = super.headers
      for (const [k, v] of this.#lines ?? []) h.append(k, v)
      this.#headers = h
      this.#lines = undefined
    }
    return this.#headers
  }

  override get body(): ReadableStream<Uint8Array<ArrayBuffer>> {
    if (!this.#stream) {
      const bytes = this.#owned ? this.#bytes : this.#bytes.slice()
      this.#owned = false
      this.#stream = new ReadableStream<Uint8Array<ArrayBuffer>>({
        start(c) {
          if (bytes.byteLength) c.enqueue(bytes)
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
    // A whole, unshared buffer is handed over; anything else is copied (a view, or bytes others read too).
    const b = this.#bytes
    if (this.#owned && b.byteOffset === 0 && b.byteLength === b.buffer.byteLength) {
      this.#owned = false
      return b
    }
    return b.slice()
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
    // Two responses now read the same bytes: each copies.
    this.#owned = false
    const lines: Array<[string, string]> = []
    if (this.#lines) lines.push(...(this.#lines as Array<[string, string]>))
    else this.headers.forEach((v, k) => lines.push([k, v]))
    return new BytesResponse(this.#bytes, this.status, lines)
  }
}

/**
 * A complete response: cheap to build, readable by every Fetch consumer. `owned`: nobody else holds
 * `bytes` (they were made for this response), so reading the body needs no copy.
 */
export function bytesResponse(bytes: Uint8Array, status: number, lines: HeaderLines, owned = false): Response {
  return new BytesResponse(bytes, status, lines, owned)
}

/** The parts of a complete Response built by the engine, or undefined (streaming or unknown). */
export function fixedPartsOf(res: Response): FixedParts | undefined {
  return BytesResponse.parts(res)
}
