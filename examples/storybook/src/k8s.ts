// A tiny image.openshift.io client that talks the way the OpenShift console does: paths under
// `/api/kubernetes`, lists in pages of 250 following `continue`, then a WebSocket watch from the list's
// resourceVersion (reconnecting from the last seen one when the socket closes; a 410 ERROR relists).

export interface ObjectMeta {
  name: string
  namespace?: string
  resourceVersion?: string
  annotations?: Record<string, string>
  labels?: Record<string, string>
}

export interface TagEvent {
  created: string
  dockerImageReference: string
  image: string
  generation: number
}

export interface TagCondition {
  type: string
  status: string
  reason?: string
  message?: string
  lastTransitionTime?: string
}

export interface ImageStream {
  metadata: ObjectMeta
  spec: { tags?: Array<{ name: string; from?: { kind: string; name: string }; importPolicy?: { importMode?: string; scheduled?: boolean } }> }
  status: { dockerImageRepository?: string; tags?: Array<{ tag: string; items: TagEvent[] | null; conditions?: TagCondition[] }> }
}

export interface Image {
  metadata: ObjectMeta
  dockerImageReference?: string
  dockerImageMetadata?: { Architecture?: string; Size?: number; Created?: string }
  dockerImageLayers?: Array<{ name: string; size: number }> | null
  dockerImageManifests?: Array<{ digest: string; architecture: string; os: string; variant?: string; manifestSize: number }>
}

export interface WatchEvent<T> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR'
  object: T
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

/** Request headers: JSON, plus `Authorization: Bearer` when the user has a token. */
function headers(token?: string, extra: Record<string, string> = {}): Record<string, string> {
  return { Accept: 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}), ...extra }
}

async function send<T>(url: string, init: RequestInit): Promise<T> {
  const res = await fetch(url, init)
  const body = await res.json().catch(() => undefined)
  if (!res.ok) throw new ApiError(res.status, (body as { message?: string } | undefined)?.message ?? `HTTP ${res.status}`)
  return body as T
}

function getJSON<T>(url: string, token?: string): Promise<T> {
  return send<T>(url, { headers: headers(token) })
}

const group = (apiBase: string) => `${apiBase}/apis/image.openshift.io/v1`

/** List every image stream of a namespace, `pageSize` at a time (the console uses 250). */
export async function listImageStreams(apiBase: string, namespace: string, pageSize = 250, token?: string): Promise<{ items: ImageStream[]; resourceVersion: string }> {
  const items: ImageStream[] = []
  let cont = ''
  for (;;) {
    const q = new URLSearchParams({ limit: String(pageSize) })
    if (cont) q.set('continue', cont)
    const page = await getJSON<{ items: ImageStream[]; metadata: { continue?: string; resourceVersion: string } }>(
      `${group(apiBase)}/namespaces/${encodeURIComponent(namespace)}/imagestreams?${q}`,
      token,
    )
    items.push(...page.items)
    if (!page.metadata.continue) return { items, resourceVersion: page.metadata.resourceVersion }
    cont = page.metadata.continue
  }
}

export function getImage(apiBase: string, name: string, token?: string): Promise<Image> {
  return getJSON<Image>(`${group(apiBase)}/images/${encodeURIComponent(name)}`, token)
}

/** Create an empty image stream (a 403 Forbidden carries the server's message in the ApiError). */
export function createImageStream(apiBase: string, namespace: string, name: string, token?: string): Promise<ImageStream> {
  return send<ImageStream>(`${group(apiBase)}/namespaces/${encodeURIComponent(namespace)}/imagestreams`, {
    method: 'POST',
    headers: headers(token, { 'Content-Type': 'application/json' }),
    body: JSON.stringify({ apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name } }),
  })
}

/**
 * A browser cannot set headers on a WebSocket: the token travels in the
 * `base64url.bearer.authorization.k8s.io.<base64url(token)>` subprotocol, next to another one.
 */
function watchProtocols(token?: string): string[] | undefined {
  if (!token) return undefined
  const b64url = btoa(token).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
  return [`base64url.bearer.authorization.k8s.io.${b64url}`, 'base64.binary.k8s.io']
}

/**
 * Watch a namespace's image streams over a WebSocket (the console's URL shape). Reconnects from the last
 * resourceVersion seen when the socket closes; calls `onExpired` on a 410 ERROR event (relist). Returns
 * a function that stops watching.
 */
export function watchImageStreams(
  apiBase: string,
  namespace: string,
  resourceVersion: string,
  on: { event(e: WatchEvent<ImageStream>): void; expired(): void; state?(s: 'open' | 'closed'): void },
  token?: string,
): () => void {
  let rv = resourceVersion
  let stopped = false
  let socket: WebSocket | undefined
  let retry: ReturnType<typeof setTimeout> | undefined
  let delay = 1000
  const connect = () => {
    if (stopped) return
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:'
    const q = new URLSearchParams({ watch: 'true', resourceVersion: rv })
    socket = new WebSocket(`${scheme}//${location.host}${group(apiBase)}/namespaces/${encodeURIComponent(namespace)}/imagestreams?${q}`, watchProtocols(token))
    socket.onopen = () => {
      delay = 1000
      on.state?.('open')
    }
    socket.onmessage = (msg) => {
      const e = JSON.parse(String(msg.data)) as WatchEvent<ImageStream>
      if (e.type === 'ERROR') {
        if ((e.object as unknown as { code?: number }).code === 410) {
          stopped = true
          socket?.close()
          on.expired()
        }
        return
      }
      if (e.object?.metadata?.resourceVersion) rv = e.object.metadata.resourceVersion
      if (e.type !== 'BOOKMARK') on.event(e)
    }
    socket.onclose = () => {
      on.state?.('closed')
      if (stopped) return
      retry = setTimeout(connect, delay)
      delay = Math.min(delay * 1.5, 60_000)
    }
  }
  connect()
  return () => {
    stopped = true
    clearTimeout(retry)
    socket?.close()
  }
}
