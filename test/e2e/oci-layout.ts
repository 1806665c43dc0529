// Writes small OCI image layouts (oci-layout, index.json, blobs/sha256/…) with Node, as skopeo's
// `oci:` transport reads them: single images and an image index over several platforms.

import { createHash } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json'
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json'
const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json'
const OCI_LAYER = 'application/vnd.oci.image.layer.v1.tar'

interface Desc {
  mediaType: string
  digest: string
  size: number
}

function blob(dir: string, content: string | Buffer, mediaType: string): Desc {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content
  const hex = createHash('sha256').update(bytes).digest('hex')
  mkdirSync(join(dir, 'blobs', 'sha256'), { recursive: true })
  writeFileSync(join(dir, 'blobs', 'sha256', hex), bytes)
  return { mediaType, digest: `sha256:${hex}`, size: bytes.length }
}

/** A tar archive holding one small file (the layer's content), so that tools that unpack layers can. */
function tarOf(name: string, content: string): Buffer {
  const data = Buffer.from(content)
  const header = Buffer.alloc(512)
  header.write(name, 0, 'utf8')
  header.write('0000644\0', 100)
  header.write('0000000\0', 108)
  header.write('0000000\0', 116)
  header.write(data.length.toString(8).padStart(11, '0') + '\0', 124)
  header.write('00000000000\0', 136)
  header.write('        ', 148)
  header.write('0', 156)
  header.write('ustar\0', 257)
  header.write('00', 263)
  let sum = 0
  for (const b of header) sum += b
  header.write(sum.toString(8).padStart(6, '0') + '\0 ', 148)
  const pad = Buffer.alloc((512 - (data.length % 512)) % 512)
  return Buffer.concat([header, data, pad, Buffer.alloc(1024)])
}

export interface ImageSpec {
  arch: string
  variant?: string
  files: Record<string, string>
  cmd?: string[]
  labels?: Record<string, string>
}

function writeImage(dir: string, spec: ImageSpec): Desc & { platform: Record<string, string> } {
  const layers = Object.entries(spec.files).map(([name, content]) => blob(dir, tarOf(name, content), OCI_LAYER))
  const diffIds = layers.map((l) => l.digest)
  const config = JSON.stringify({
    created: '2025-05-06T07:08:09Z',
    architecture: spec.arch,
    ...(spec.variant ? { variant: spec.variant } : {}),
    os: 'linux',
    config: { Cmd: spec.cmd ?? ['/app'], Labels: spec.labels ?? {} },
    rootfs: { type: 'layers', diff_ids: diffIds },
  })
  const cfg = blob(dir, config, OCI_CONFIG)
  const manifest = JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: cfg, layers })
  const m = blob(dir, manifest, OCI_MANIFEST)
  return { ...m, platform: { architecture: spec.arch, os: 'linux', ...(spec.variant ? { variant: spec.variant } : {}) } }
}

/** An OCI layout at `dir` whose `ref` is one image (or, with several specs, an image index). Returns the top digest. */
export function writeOciLayout(dir: string, ref: string, specs: ImageSpec[]): string {
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }))
  let top: Desc
  if (specs.length === 1) {
    const { platform: _p, ...d } = writeImage(dir, specs[0]!)
    top = d
  } else {
    const children = specs.map((s) => writeImage(dir, s))
    top = blob(dir, JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: children }), OCI_INDEX)
  }
  writeFileSync(join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [{ ...top, annotations: { 'org.opencontainers.image.ref.name': ref } }] }))
  return top.digest
}
