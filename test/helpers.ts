import { createFakeImageApi, type FakeImageApi, type FakeImageApiOptions } from '../src/index.js'

export const BASE = 'http://fake.local'
export const IS = '/apis/image.openshift.io/v1/namespaces/ns/imagestreams'
export const IMAGES = '/apis/image.openshift.io/v1/images'

export interface Reply {
  status: number
  body: any
  text: string
  headers: Headers
}

export interface CallOptions {
  headers?: Record<string, string>
  contentType?: string
  raw?: string
}

export async function call(api: FakeImageApi, method: string, path: string, body?: unknown, opts: CallOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...opts.headers }
  let payload: string | undefined = opts.raw
  if (body !== undefined && payload === undefined) payload = JSON.stringify(body)
  if (payload !== undefined) headers['content-type'] = opts.contentType ?? 'application/json'
  const res = await api.fetch(new Request(BASE + path, { method, headers, body: payload }))
  const text = await res.text()
  let parsed: any
  try {
    parsed = text ? JSON.parse(text) : undefined
  } catch {
    parsed = undefined
  }
  return { status: res.status, body: parsed, text, headers: res.headers }
}

export function fakeApi(opts: FakeImageApiOptions = {}): FakeImageApi {
  return createFakeImageApi(opts)
}

export function stream(name: string, tags: unknown[] = [], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name, ...(extra.metadata as object) }, spec: { tags, ...(extra.spec as object) } }
}

export function dockerTag(name: string, from: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name, from: { kind: 'DockerImage', name: from }, ...extra }
}

export const DIGEST_A = 'sha256:' + 'a'.repeat(64)
export const DIGEST_B = 'sha256:' + 'b'.repeat(64)
export const DIGEST_C = 'sha256:' + 'c'.repeat(64)

export function image(name: string, ref = `quay.io/x/y@${name}`, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { apiVersion: 'image.openshift.io/v1', kind: 'Image', metadata: { name }, dockerImageReference: ref, ...extra }
}

export const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json'

/** A schema2 manifest + config pair the image strategy can parse (metadata and layers get filled). */
export const PARSEABLE_MANIFEST = JSON.stringify({
  schemaVersion: 2,
  mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
  config: { mediaType: 'application/vnd.docker.container.image.v1+json', size: 37, digest: 'sha256:' + 'c0'.repeat(32) },
  layers: [{ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', size: 100, digest: 'sha256:' + '1a'.repeat(32) }],
})
export const PARSEABLE_CONFIG = '{"architecture":"amd64","os":"linux"}'

/** A tag event. */
export const ev = (img: string, ref: string, generation = 1, created = '2026-01-01T00:00:00Z') => ({ created, dockerImageReference: ref, image: img, generation })
