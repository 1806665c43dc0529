// Helpers for the integrated registry tests: requests to the internal registry host through api.fetch.

import { createHash } from 'node:crypto'
import type { FakeImageApi } from '../../src/index.js'

export const REGISTRY = 'https://image-registry.openshift-image-registry.svc:5000'

export interface RegReply {
  status: number
  headers: Headers
  bytes: Uint8Array
  text: string
  json: any
}

export async function reg(api: FakeImageApi, method: string, path: string, body?: BodyInit | Uint8Array | string, headers: Record<string, string> = {}): Promise<RegReply> {
  const url = path.startsWith('http') ? path : REGISTRY + path
  const res = await api.fetch(new Request(url, { method, headers, ...(body !== undefined ? { body: body as BodyInit } : {}) }))
  const bytes = new Uint8Array(await res.arrayBuffer())
  const text = new TextDecoder().decode(bytes)
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    json = undefined
  }
  return { status: res.status, headers: res.headers, bytes, text, json }
}

export function sha256(bytes: Uint8Array | string): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`
}

export function errorBody(code: string, message: string, detail?: unknown): unknown {
  return { errors: [detail === undefined ? { code, message } : { code, message, detail }] }
}

/** Upload `bytes` to `repo` monolithically (POST ?digest=); returns the digest. */
export async function uploadBlob(api: FakeImageApi, repo: string, bytes: Uint8Array | string): Promise<string> {
  const digest = sha256(bytes)
  const r = await reg(api, 'POST', `/v2/${repo}/blobs/uploads/?digest=${digest}`, bytes, { 'content-type': 'application/octet-stream' })
  if (r.status !== 201) throw new Error(`upload failed: ${r.status} ${r.text}`)
  return digest
}

/** A schema 2 image (config + layers) pushed to `repo` blob by blob; the manifest text is returned, not pushed. */
export async function stageImage(api: FakeImageApi, repo: string, opts: { layers: string[]; cmd?: string[]; labels?: Record<string, string> }): Promise<{ manifest: string; digest: string; config: string; configDigest: string; layerDigests: string[] }> {
  const layerDigests: string[] = []
  for (const l of opts.layers) layerDigests.push(await uploadBlob(api, repo, l))
  const config = JSON.stringify({
    architecture: 'amd64',
    os: 'linux',
    created: '2025-01-02T03:04:05Z',
    config: { Cmd: opts.cmd ?? ['/bin/app'], Labels: opts.labels ?? {} },
    rootfs: { type: 'layers', diff_ids: layerDigests },
  })
  const configDigest = await uploadBlob(api, repo, config)
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    config: { mediaType: 'application/vnd.docker.container.image.v1+json', size: Buffer.byteLength(config), digest: configDigest },
    layers: opts.layers.map((l, i) => ({ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', size: Buffer.byteLength(l), digest: layerDigests[i] })),
  })
  return { manifest, digest: sha256(manifest), config, configDigest, layerDigests }
}

export const SCHEMA2 = 'application/vnd.docker.distribution.manifest.v2+json'
