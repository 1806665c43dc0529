// One-off tool (kept for reproducibility): rebuild the Images of the built-in fixture sets with the
// fixture builders, so that every digest is real: layer digests are sha256 of generated layer content
// (src/fixtures/blob-content.ts, one distinct small size per distinct layer), config Ids the digest of
// the config the builder writes, image names the digest of the manifest — so the integrated registry
// can serve every fixture image (src/distribution/reconstruct.ts rebuilds the same bytes). Comments and
// everything else in the YAML files stay; old digests are replaced by new ones in every fixture file.
//
//   npx tsx scripts/regenerate-fixture-images.ts && UPDATE_FIXTURE_SETS=1 npx vitest run test/fixture-sets.test.ts

import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseAllDocuments, type Document } from 'yaml'
import { buildImage, type BuiltImage } from '../src/fixtures/image.js'
import { optionsFromImage } from '../src/distribution/reconstruct.js'
import type { Image } from '../src/image/types.js'

const root = new URL('..', import.meta.url).pathname
const files: string[] = []
for (const e of readdirSync(join(root, 'fixtures'), { withFileTypes: true })) {
  if (e.isDirectory()) for (const f of readdirSync(join(root, 'fixtures', e.name)).sort()) files.push(join('fixtures', e.name, f))
  else if (/\.ya?ml$/.test(e.name)) files.push(join('fixtures', e.name))
}
files.sort()

const parsed = files.map((f) => ({ file: f, docs: parseAllDocuments(readFileSync(join(root, f), 'utf8')) as Document[] }))
const images = (docs: Document[]) => docs.filter((d) => (d.toJS() as { kind?: string } | null)?.kind === 'Image')

// One distinct small size per distinct old layer digest, derived from the digest.
const oldLayers = new Set<string>()
for (const { docs } of parsed) for (const d of images(docs)) for (const l of (d.toJS() as Image).dockerImageLayers ?? []) oldLayers.add(l.name)
const sizeOf = new Map<string, number>()
const used = new Set<number>()
for (const digest of [...oldLayers].sort()) {
  let size = 1024 + (parseInt(digest.slice(7, 13), 16) % 7168)
  while (used.has(size)) size++
  used.add(size)
  sizeOf.set(digest, size)
}

const rename = new Map<string, string>()
const built = new Map<string, BuiltImage>()
const variants = new Map<string, string>()
for (const { docs } of parsed)
  for (const d of images(docs)) for (const m of (d.toJS() as Image).dockerImageManifests ?? []) if (m.variant) variants.set(m.digest, m.variant)

for (const { docs } of parsed) {
  for (const d of images(docs)) {
    const img = d.toJS() as Image
    if (img.dockerImageManifests?.length) continue
    const old = img.metadata.name!
    const opts = optionsFromImage(img, variants.get(old))
    opts.layers = (img.dockerImageLayers ?? []).map((l) => ({ size: sizeOf.get(l.name)!, mediaType: l.mediaType }))
    const b = buildImage(opts)
    built.set(old, b)
    rename.set(old, b.digest)
    rename.set((img.dockerImageMetadata as { Id: string }).Id, b.configDigest)
    ;(img.dockerImageLayers ?? []).forEach((l, i) => {
      rename.set(l.name, b.layers[i]!.digest)
      d.setIn(['dockerImageLayers', i, 'size'], b.layers[i]!.size)
    })
    d.setIn(['dockerImageMetadata', 'Size'], (b.image.dockerImageMetadata as { Size: number }).Size)
  }
}
// Manifest lists, over the rebuilt children (same format as src/fixtures/manifest-list.ts).
for (const { docs } of parsed) {
  for (const d of images(docs)) {
    const img = d.toJS() as Image
    if (!img.dockerImageManifests?.length) continue
    img.dockerImageManifests.forEach((m, i) => {
      const child = built.get(m.digest)
      if (!child) throw new Error(`${img.metadata.name}: child ${m.digest} not found`)
      m.digest = child.digest
      m.manifestSize = new TextEncoder().encode(child.manifest).length
      d.setIn(['dockerImageManifests', i, 'manifestSize'], m.manifestSize)
    })
    const doc = {
      schemaVersion: 2,
      mediaType: img.dockerImageManifestMediaType,
      manifests: img.dockerImageManifests.map((m) => ({
        mediaType: m.mediaType,
        size: m.manifestSize,
        digest: m.digest,
        platform: { architecture: m.architecture, os: m.os, ...(m.variant ? { variant: m.variant } : {}) },
      })),
    }
    const { digestOf } = await import('../src/image/image/digest.js')
    rename.set(img.metadata.name!, digestOf(JSON.stringify(doc, null, 3)))
  }
}

let changed = 0
for (const { file, docs } of parsed) {
  let text = docs.map((d) => d.toString({ lineWidth: 0 })).join('')
  // parseAllDocuments keeps each document's own `---` markers and comments.
  for (const [from, to] of rename) text = text.split(from).join(to)
  const before = readFileSync(join(root, file), 'utf8')
  if (text !== before) {
    writeFileSync(join(root, file), text)
    changed++
  }
}
console.log(`${rename.size} digests renamed in ${changed} files`)
