// Every image of every built-in fixture set can be served by the integrated registry: its manifest and
// config bytes are rebuilt and hash to the image name and config Id, and every layer's bytes hash to the
// recorded digest at the recorded size (src/fixtures/blob-content.ts, src/distribution/reconstruct.ts).

import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { fixtureSet, fixtureSetNames } from '../../src/fixtures/sets.js'
import { layerContent } from '../../src/fixtures/blob-content.js'
import { imageBytes } from '../../src/distribution/reconstruct.js'
import { createFakeImageApi, type Image } from '../../src/index.js'

const sha = (b: Uint8Array) => `sha256:${createHash('sha256').update(b).digest('hex')}`

describe('fixture images are servable', () => {
  for (const name of fixtureSetNames()) {
    it(`set ${name}`, async () => {
      const api = createFakeImageApi({ fixtures: fixtureSet(name), importController: false })
      await api.ready
      const images = api.store.list('images') as Image[]
      for (const image of images) {
        const bytes = imageBytes(image)
        expect(bytes, image.metadata.name).toBeDefined()
        expect(sha(bytes!.manifest)).toBe(image.metadata.name)
        if (bytes!.config) expect(sha(bytes!.config.bytes)).toBe((image.dockerImageMetadata as { Id: string }).Id)
        for (const l of image.dockerImageLayers ?? []) {
          const content = layerContent(l.name, l.size)
          expect(content, l.name).toBeDefined()
          expect(content!.length).toBe(l.size)
          expect(sha(content!)).toBe(l.name)
        }
      }
    })
  }
})
