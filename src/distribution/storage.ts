// The registry's own storage (what the real registry keeps in its storage driver, next to the API):
// content-addressed blobs (layers, configs and manifests pushed), the repositories each blob is linked
// into (uploaded or mounted there), and blob uploads in progress. `api.reset()` empties it.

export interface Upload {
  uuid: string
  repo: string
  parts: Uint8Array[]
  size: number
  /** Clock time (ms) the upload started. */
  startedAt: number
}

export class RegistryStorage {
  readonly blobs = new Map<string, Uint8Array>()
  private readonly links = new Map<string, Set<string>>()
  readonly uploads = new Map<string, Upload>()

  /** Store `bytes` under `digest` and link the blob into `repo`. */
  put(repo: string, digest: string, bytes: Uint8Array): void {
    if (!this.blobs.has(digest)) this.blobs.set(digest, bytes)
    this.link(repo, digest)
  }

  link(repo: string, digest: string): void {
    let set = this.links.get(repo)
    if (!set) this.links.set(repo, (set = new Set()))
    set.add(digest)
  }

  /** The blob when it is linked into `repo`. */
  linked(repo: string, digest: string): Uint8Array | undefined {
    return this.links.get(repo)?.has(digest) ? this.blobs.get(digest) : undefined
  }

  startUpload(repo: string, uuid: string, now: number): Upload {
    const u: Upload = { uuid, repo, parts: [], size: 0, startedAt: now }
    this.uploads.set(uuid, u)
    return u
  }

  reset(): void {
    this.blobs.clear()
    this.links.clear()
    this.uploads.clear()
  }
}

/** Concatenate an upload's parts. */
export function concat(parts: Uint8Array[], size: number): Uint8Array {
  if (parts.length === 1) return parts[0]!
  const out = new Uint8Array(size)
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}
