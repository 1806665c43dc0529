import { useEffect, useMemo, useState } from 'react'
import { createImageStream, getImage, listImageStreams, watchImageStreams, type Image, type ImageStream } from './k8s.js'

export interface ImageStreamBrowserProps {
  namespace: string
  /** API path prefix (the console's `/api/kubernetes`). */
  apiBase?: string
  /** List page size (the console uses 250). */
  pageSize?: number
  /** Stream selected at first. */
  initialStream?: string
  /** Tag whose newest image is shown at first. */
  initialTag?: string
  /** The user's bearer token (sent on every request and, as a subprotocol, on the watch). */
  token?: string
}

type Load = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready' }

const short = (digest: string) => digest.replace(/^sha256:/, '').slice(0, 12)
const mb = (n?: number) => (n === undefined ? '' : `${(n / 1_000_000).toFixed(1)} MB`)

/** Lists a namespace's image streams and shows a stream's tags and history; live-updates from a WebSocket watch. */
export function ImageStreamBrowser({ namespace, apiBase = '/api/kubernetes', pageSize = 250, initialStream, initialTag, token }: ImageStreamBrowserProps) {
  const [streams, setStreams] = useState<Map<string, ImageStream>>(new Map())
  const [load, setLoad] = useState<Load>({ state: 'loading' })
  const [live, setLive] = useState<'open' | 'closed'>('closed')
  const [selected, setSelected] = useState<string | undefined>(initialStream)
  const [image, setImage] = useState<{ tag: string; digest: string } | undefined>()
  const [generation, setGeneration] = useState(0) // bumped to relist after a 410

  useEffect(() => {
    let stop: (() => void) | undefined
    let disposed = false
    setLoad({ state: 'loading' })
    listImageStreams(apiBase, namespace, pageSize, token).then(
      ({ items, resourceVersion }) => {
        if (disposed) return
        setStreams(new Map(items.map((s) => [s.metadata.name, s])))
        setLoad({ state: 'ready' })
        stop = watchImageStreams(apiBase, namespace, resourceVersion, {
          event: (e) =>
            setStreams((prev) => {
              const next = new Map(prev)
              if (e.type === 'DELETED') next.delete(e.object.metadata.name)
              else next.set(e.object.metadata.name, e.object)
              return next
            }),
          expired: () => setGeneration((g) => g + 1),
          state: (s) => !disposed && setLive(s),
        }, token)
      },
      (e: unknown) => !disposed && setLoad({ state: 'error', message: e instanceof Error ? e.message : String(e) }),
    )
    return () => {
      disposed = true
      stop?.()
    }
  }, [apiBase, namespace, pageSize, generation, token])

  const names = useMemo(() => [...streams.keys()].sort(), [streams])
  const stream = selected ? streams.get(selected) : undefined

  // Show the newest image of `initialTag` once the stream is there.
  useEffect(() => {
    if (image || !initialTag || !stream) return
    const items = stream.status.tags?.find((t) => t.tag === initialTag)?.items
    if (items?.[0]) setImage({ tag: initialTag, digest: items[0].image })
  }, [stream, initialTag, image])

  return (
    <div style={{ fontFamily: 'system-ui, sans-serif', fontSize: 14, display: 'grid', gridTemplateColumns: '220px 1fr', gap: 16 }} data-testid="browser" data-namespace={namespace}>
      <aside>
        <h3 style={{ margin: '0 0 8px' }}>
          Image streams <small style={{ color: '#666' }}>in {namespace}</small>
        </h3>
        <div style={{ fontSize: 12, color: live === 'open' ? 'green' : '#999' }} data-testid="live">
          {live === 'open' ? '● live' : '○ not watching'}
        </div>
        {load.state === 'loading' && <p>Loading…</p>}
        {load.state === 'error' && (
          <p role="alert" style={{ color: 'crimson' }} data-testid="error">
            {load.message}
          </p>
        )}
        {load.state === 'ready' && names.length === 0 && (
          <p data-testid="empty">
            No image streams in <b>{namespace}</b> yet. Push an image or run <code>oc import-image</code>.
          </p>
        )}
        {load.state === 'ready' && <CreateStream apiBase={apiBase} namespace={namespace} token={token} />}
        <ul style={{ listStyle: 'none', padding: 0 }}>
          {names.map((n) => {
            const s = streams.get(n)!
            const failed = (s.status.tags ?? []).some((t) => t.conditions?.some((c) => c.type === 'ImportSuccess' && c.status === 'False'))
            return (
              <li key={n}>
                <button
                  data-testid="stream-row"
                  data-name={n}
                  onClick={() => {
                    setSelected(n)
                    setImage(undefined)
                  }}
                  style={{ all: 'unset', cursor: 'pointer', display: 'block', padding: '4px 6px', borderRadius: 4, background: n === selected ? '#e6f0ff' : undefined }}
                >
                  {n} <small style={{ color: '#666' }}>({s.spec.tags?.length ?? 0} tags)</small>
                  {failed && <span style={{ color: 'crimson' }}> ⚠</span>}
                </button>
              </li>
            )
          })}
        </ul>
      </aside>
      <main>{stream ? <StreamDetail stream={stream} apiBase={apiBase} image={image} onImage={setImage} token={token} /> : <p style={{ color: '#666' }}>Select an image stream.</p>}</main>
    </div>
  )
}

/** "New image stream": a create the user may not be allowed to make (the server's 403 message is shown). */
function CreateStream({ apiBase, namespace, token }: { apiBase: string; namespace: string; token?: string }) {
  const [name, setName] = useState('')
  const [error, setError] = useState<string | undefined>()
  const submit = (e: { preventDefault(): void }) => {
    e.preventDefault()
    setError(undefined)
    createImageStream(apiBase, namespace, name, token).then(
      () => setName(''),
      (err: unknown) => setError(err instanceof Error ? err.message : String(err)),
    )
  }
  return (
    <form onSubmit={submit} style={{ margin: '8px 0' }}>
      <input data-testid="create-name" placeholder="new stream name" value={name} onChange={(e) => setName(e.target.value)} style={{ width: 130 }} />{' '}
      <button data-testid="create" type="submit" disabled={!name}>
        Create
      </button>
      {error && (
        <p role="alert" data-testid="create-error" style={{ color: 'crimson', fontSize: 12 }}>
          {error}
        </p>
      )}
    </form>
  )
}

function StreamDetail({ stream, apiBase, image, onImage, token }: { stream: ImageStream; apiBase: string; image?: { tag: string; digest: string }; onImage(i: { tag: string; digest: string }): void; token?: string }) {
  const tags = stream.status.tags ?? []
  return (
    <section data-testid="detail" data-name={stream.metadata.name}>
      <h3 style={{ margin: '0 0 4px' }}>{stream.metadata.name}</h3>
      <code style={{ fontSize: 12, color: '#666' }}>{stream.status.dockerImageRepository}</code>
      <table style={{ borderCollapse: 'collapse', marginTop: 12, width: '100%' }}>
        <thead>
          <tr style={{ textAlign: 'left', borderBottom: '1px solid #ccc' }}>
            <th>Tag</th>
            <th>From</th>
            <th>History (newest first)</th>
          </tr>
        </thead>
        <tbody>
          {tags.map((t) => {
            const spec = stream.spec.tags?.find((s) => s.name === t.tag)
            const failures = (t.conditions ?? []).filter((c) => c.type === 'ImportSuccess' && c.status === 'False')
            return (
              <tr key={t.tag} data-testid="tag-row" data-tag={t.tag} style={{ verticalAlign: 'top', borderBottom: '1px solid #eee' }}>
                <td>
                  <b>{t.tag}</b>
                  {spec?.importPolicy?.importMode === 'PreserveOriginal' && <div style={{ fontSize: 11, color: '#666' }}>multi-arch</div>}
                </td>
                <td style={{ fontSize: 12 }}>{spec?.from ? `${spec.from.kind} ${spec.from.name}` : 'pushed'}</td>
                <td>
                  {failures.map((c) => (
                    <div key={c.reason} data-testid="import-failure" style={{ color: 'crimson', fontSize: 12 }}>
                      ImportFailed ({c.reason}): {c.message}
                    </div>
                  ))}
                  {(t.items ?? []).map((it) => (
                    <div key={it.image + it.created}>
                      <button
                        data-testid="history-item"
                        onClick={() => onImage({ tag: t.tag, digest: it.image })}
                        style={{ all: 'unset', cursor: 'pointer', fontFamily: 'monospace', fontSize: 12, textDecoration: image?.digest === it.image ? 'underline' : undefined }}
                      >
                        {short(it.image)}
                      </button>{' '}
                      <small style={{ color: '#666' }}>{it.created}</small>
                    </div>
                  ))}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
      {image && <ImageDetail key={image.digest} apiBase={apiBase} digest={image.digest} token={token} />}
    </section>
  )
}

function ImageDetail({ apiBase, digest, token }: { apiBase: string; digest: string; token?: string }) {
  const [img, setImg] = useState<Image | undefined>()
  const [error, setError] = useState<string | undefined>()
  useEffect(() => {
    let disposed = false
    getImage(apiBase, digest, token).then(
      (i) => !disposed && setImg(i),
      (e: unknown) => !disposed && setError(e instanceof Error ? e.message : String(e)),
    )
    return () => {
      disposed = true
    }
  }, [apiBase, digest, token])
  if (error) return <p style={{ color: 'crimson' }}>{error}</p>
  if (!img) return <p>Loading image…</p>
  return (
    <div data-testid="image" style={{ marginTop: 16, padding: 8, background: '#f7f7f7', borderRadius: 4 }}>
      <div style={{ fontFamily: 'monospace', fontSize: 12 }}>{img.dockerImageReference}</div>
      {img.dockerImageManifests?.length ? (
        <>
          <b>Manifest list — {img.dockerImageManifests.length} platforms</b>
          <ul>
            {img.dockerImageManifests.map((m) => (
              <li key={m.digest} data-testid="platform">
                {m.os}/{m.architecture}
                {m.variant ? `/${m.variant}` : ''} <code style={{ fontSize: 11 }}>{short(m.digest)}</code>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <>
          <b>
            {img.dockerImageMetadata?.Architecture} · {mb(img.dockerImageMetadata?.Size)} · {img.dockerImageLayers?.length ?? 0} layers
          </b>
          <ol>
            {(img.dockerImageLayers ?? []).map((l) => (
              <li key={l.name} style={{ fontFamily: 'monospace', fontSize: 11 }}>
                {short(l.name)} {mb(l.size)}
              </li>
            ))}
          </ol>
        </>
      )}
    </div>
  )
}
