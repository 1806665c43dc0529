// The built-in fixture sets: src/fixtures/sets.ts is in step with the YAML files (which are the source
// of truth; UPDATE_FIXTURE_SETS=1 rewrites its generated block), every set loads and validates through
// the API's rules, by name (API option) and by path (Node loader), and the sets hold what they promise.

import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { extname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { createFakeImageApi, FIXTURE_SET_NAMES, type FakeImageApi, type FixtureSetName } from '../src/index.js'
import { fixtureSet, fixtureSetFiles, fixtureSetNames, FixtureSetError, hasFixtureSet } from '../src/fixtures/sets.js'
import { parseFixtureYaml } from '../src/fixtures/parse-yaml.js'
import { loadFixtures } from '../src/fixtures/load.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const SETS_TS = join(root, 'src/fixtures/sets.ts')
const BEGIN = '// BEGIN GENERATED FIXTURE SETS'
const END = '// END GENERATED FIXTURE SETS'
const EXT = new Set(['.yaml', '.yml', '.json'])

/** Every `fixtures/<name>.yaml` file and `fixtures/<name>/` directory, as sets.ts embeds them. */
function setsOnDisk(): Map<string, Array<{ file: string; text: string }>> {
  const dir = join(root, 'fixtures')
  const out = new Map<string, Array<{ file: string; text: string }>>()
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (e.isDirectory()) {
      const files = readdirSync(join(dir, e.name))
        .filter((f) => EXT.has(extname(f).toLowerCase()))
        .sort()
      if (files.length) out.set(e.name, files.map((f) => ({ file: `fixtures/${e.name}/${f}`, text: readFileSync(join(dir, e.name, f), 'utf8') })))
    } else if (e.isFile() && EXT.has(extname(e.name).toLowerCase())) {
      out.set(e.name.slice(0, -extname(e.name).length), [{ file: `fixtures/${e.name}`, text: readFileSync(join(dir, e.name), 'utf8') }])
    }
  }
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : 1)))
}

function generatedBlock(): string {
  const lines = [`${BEGIN} (do not edit: run UPDATE_FIXTURE_SETS=1 npx vitest run test/fixture-sets.test.ts)`, 'const SETS: Record<string, EmbeddedFile[]> = {']
  for (const [name, files] of setsOnDisk()) {
    lines.push(`  ${JSON.stringify(name)}: [`)
    for (const f of files) {
      const json = JSON.stringify(parseFixtureYaml(f.text, f.file))
      lines.push(`    {`, `      file: ${JSON.stringify(f.file)},`, `      json: ${JSON.stringify(json)},`, `    },`)
    }
    lines.push('  ],')
  }
  lines.push('}', END)
  return lines.join('\n')
}

function withBlock(source: string, block: string): string {
  const start = source.indexOf(BEGIN)
  const endAt = source.indexOf(END)
  if (start < 0 || endAt < 0) throw new Error(`${SETS_TS}: generated-block markers not found`)
  return source.slice(0, start) + block + source.slice(endAt + END.length)
}

describe('src/fixtures/sets.ts embeds the YAML files', () => {
  it('is in step with fixtures/ (UPDATE_FIXTURE_SETS=1 regenerates it)', () => {
    const current = readFileSync(SETS_TS, 'utf8')
    const wanted = withBlock(current, generatedBlock())
    if (process.env.UPDATE_FIXTURE_SETS && wanted !== current) writeFileSync(SETS_TS, wanted)
    else expect(current === wanted, 'src/fixtures/sets.ts is stale: run UPDATE_FIXTURE_SETS=1 npx vitest run test/fixture-sets.test.ts').toBe(true)
  })

  it('lists every set on disk, and nothing else', () => {
    expect(fixtureSetNames()).toEqual([...setsOnDisk().keys()])
    for (const name of ['default', 'openshift-samples', 'empty-project', 'import-failures']) expect(hasFixtureSet(name)).toBe(true)
    expect(hasFixtureSet('toString')).toBe(false)
    expect(fixtureSetFiles('openshift-samples')).toEqual(['fixtures/openshift-samples.yaml'])
    expect(fixtureSetFiles('default')[0]).toBe('fixtures/default/00-namespaces.yaml')
  })

  it('parses the same objects as the Node loader reading the files', async () => {
    for (const [name, files] of setsOnDisk()) {
      expect(fixtureSet(name as FixtureSetName), name).toEqual(await loadFixtures(files.map((f) => join(root, f.file))))
    }
  })

  it('hands out a fresh copy on every call', () => {
    const a = fixtureSet('empty-project') as Array<{ metadata: { name: string } }>
    a[0]!.metadata.name = 'changed'
    expect((fixtureSet('empty-project')[0] as { metadata: { name: string } }).metadata.name).toBe('my-project')
  })

  it('an unknown set fails naming the sets there are', () => {
    // @ts-expect-error: not a set name
    expect(() => fixtureSet('nope')).toThrow(FixtureSetError)
    // @ts-expect-error: not a set name
    expect(() => fixtureSet('nope')).toThrow(/unknown fixture set "nope"; built-in sets: .*empty-project, import-failures, openshift-samples/)
  })

  it('YAML errors name the file and the document', () => {
    expect(() => parseFixtureYaml('a: 1\n---\nkind: [\n', 'x.yaml')).toThrow(/^x\.yaml \(document 2\): invalid YAML/)
    expect(() => parseFixtureYaml('--- 42\n', 'n.yaml')).toThrow(/n\.yaml: a fixture document must be an object/)
    expect(() => parseFixtureYaml('{', 'j.json')).toThrow(/j\.json: invalid JSON/)
    expect(parseFixtureYaml('---\n# only a comment\n---\nkind: Namespace\n')).toEqual([{ kind: 'Namespace' }])
  })
})

async function load(name: FixtureSetName): Promise<FakeImageApi> {
  const api = createFakeImageApi({ fixtures: name })
  await api.ready
  return api
}

async function get(api: FakeImageApi, path: string): Promise<any> {
  const res = await api.fetch(new Request(`http://fake.local${path}`))
  expect(res.status, path).toBe(200)
  return res.json()
}

describe('every built-in set loads by name and validates with the API rules', () => {
  for (const name of fixtureSetNames()) {
    it(name, async () => {
      const api = await load(name)
      const objects = fixtureSet(name) as Array<{ kind: string }>
      const stored = Object.values(api.snapshot().objects).reduce((n, list) => n + list.length, 0)
      expect(stored).toBe(objects.length)
    })
  }

  it('a bad object fails loudly, naming the object and the field', async () => {
    const bad = fixtureSet('import-failures') as any[]
    bad.find((o) => o.metadata?.name === 'private-api').spec.tags[0].from.kind = 'Nonsense'
    const api = createFakeImageApi({ fixtures: bad })
    await expect(api.ready).rejects.toThrow(/cannot seed ImageStream team-a\/private-api: .*spec\.tags\[latest\]\.from\.kind/)
    // every request fails too, instead of serving half a fixture set
    await expect(api.fetch(new Request('http://fake.local/apis/image.openshift.io/v1/imagestreams'))).rejects.toThrow(/private-api/)
    expect(api.snapshot().objects.imagestreams ?? []).toEqual([])
  })

  it('an unknown set name fails ready with the list of sets', async () => {
    // @ts-expect-error: not a built-in set name
    const api = createFakeImageApi({ fixtures: 'no-such-set' })
    await expect(api.ready).rejects.toThrow(/unknown fixture set "no-such-set"; built-in sets: /)
  })

  it('a path given as a set name fails, pointing at loadFixtures()', async () => {
    // @ts-expect-error: a path is not a set name (the option takes objects; loadFixtures reads files)
    const api = createFakeImageApi({ fixtures: './test/fixtures/mine.yaml' })
    await expect(api.ready).rejects.toThrow(
      `unknown fixture set "./test/fixtures/mine.yaml"; built-in sets: default, empty-project, import-failures, openshift-samples; "./test/fixtures/mine.yaml" looks like a path: load files with loadFixtures("./test/fixtures/mine.yaml") from 'openshift-image-fake/node' and pass the objects ({ fixtures: await loadFixtures(...) } or api.seed(...))`,
    )
  })

  it('FIXTURE_SET_NAMES (the FixtureSetName type) lists exactly the built-in sets', () => {
    expect([...FIXTURE_SET_NAMES]).toEqual(fixtureSetNames())
  })
})

describe('openshift-samples', () => {
  let streams: any[] = []
  let images = new Map<string, any>()
  beforeAll(() => {
    const objects = fixtureSet('openshift-samples') as any[]
    streams = objects.filter((o) => o.kind === 'ImageStream')
    images = new Map<string, any>(objects.filter((o) => o.kind === 'Image').map((i) => [i.metadata.name, i]))
  })

  it('has the builder streams with several versions and a latest tag each', () => {
    expect(streams.map((s) => `${s.metadata.namespace}/${s.metadata.name}`).sort()).toEqual(
      ['golang', 'httpd', 'nginx', 'nodejs', 'python', 'ruby'].map((n) => `openshift/${n}`),
    )
    for (const s of streams) {
      const names = s.spec.tags.map((t: any) => t.name)
      expect(names, s.metadata.name).toContain('latest')
      expect(names.length, s.metadata.name).toBeGreaterThanOrEqual(3)
      const latest = s.spec.tags.find((t: any) => t.name === 'latest')
      expect(latest.from.kind).toBe('ImageStreamTag')
      expect(names).toContain(latest.from.name)
    }
    expect(streams.some((s) => s.status.tags.some((t: any) => t.items.length >= 2))).toBe(true)
  })

  it('has consistent digests: every history item points at an Image with a matching reference', () => {
    const digest = /^sha256:[0-9a-f]{64}$/
    for (const s of streams) {
      for (const t of s.status.tags) {
        for (const item of t.items) {
          const img = images.get(item.image)
          expect(img, `${s.metadata.name}:${t.tag} → ${item.image}`).toBeDefined()
          expect(item.image).toMatch(digest)
          expect(item.dockerImageReference.endsWith(`@${item.image}`)).toBe(true)
          expect(img.dockerImageReference).toBe(item.dockerImageReference)
        }
        // newest first
        const times = t.items.map((i: any) => Date.parse(i.created))
        expect([...times].sort((a, b) => b - a)).toEqual(times)
      }
      // latest follows its target's images
      const target = s.spec.tags.find((t: any) => t.name === 'latest').from.name
      const tagImages = (tag: string) => s.status.tags.find((t: any) => t.tag === tag).items.map((i: any) => i.image)
      expect(tagImages('latest')).toEqual(tagImages(target))
    }
    for (const img of images.values()) {
      expect(img.metadata.name).toMatch(digest)
      expect(img.dockerImageReference.endsWith(`@${img.metadata.name}`)).toBe(true)
      for (const l of img.dockerImageLayers ?? []) expect(l.name).toMatch(digest)
    }
  })

  it('has multi-arch manifest lists whose platform images all exist, and shared base layers', () => {
    const lists = [...images.values()].filter((i) => i.dockerImageManifests?.length)
    expect(lists.length).toBeGreaterThanOrEqual(5)
    const arches = new Set<string>()
    for (const l of lists) {
      expect(l.dockerImageLayers ?? []).toEqual([])
      expect(l.dockerImageManifestMediaType).toBe('application/vnd.docker.distribution.manifest.list.v2+json')
      for (const m of l.dockerImageManifests) {
        const child = images.get(m.digest)
        expect(child, m.digest).toBeDefined()
        expect(child.dockerImageMetadata.Architecture).toBe(m.architecture)
        arches.add(`${m.os}/${m.architecture}${m.variant ? `/${m.variant}` : ''}`)
      }
    }
    expect([...arches].sort()).toEqual(['linux/amd64', 'linux/arm64/v8', 'linux/ppc64le', 'linux/s390x'])
    const layerUse = new Map<string, number>()
    for (const i of images.values()) for (const l of i.dockerImageLayers ?? []) layerUse.set(l.name, (layerUse.get(l.name) ?? 0) + 1)
    expect([...layerUse.values()].filter((n) => n > 1).length).toBeGreaterThan(3)
  })

  it('serves the streams, the layers of a multi-arch tag and its image stream tags', async () => {
    const api = await load('openshift-samples')
    const list = await get(api, '/apis/image.openshift.io/v1/namespaces/openshift/imagestreams')
    expect(list.items.map((i: any) => i.metadata.name)).toEqual(['golang', 'httpd', 'nginx', 'nodejs', 'python', 'ruby'])
    const layers = await get(api, '/apis/image.openshift.io/v1/namespaces/openshift/imagestreams/golang/layers')
    const listImages = Object.values(layers.images).filter((i: any) => i.manifests?.length) as any[]
    expect(listImages.length).toBe(2)
    expect(listImages[0].manifests.length).toBe(4)
    expect(Object.values(layers.images).some((i: any) => i.imageMissing)).toBe(false)
  })
})

describe('import-failures and empty-project', () => {
  it('import-failures keeps the ImportSuccess=False conditions the streams were seeded with', async () => {
    const api = await load('import-failures')
    const list = await get(api, '/apis/image.openshift.io/v1/namespaces/team-a/imagestreams')
    const reasons: Record<string, string> = {}
    for (const s of list.items) {
      for (const t of s.status.tags ?? []) {
        for (const c of t.conditions ?? []) if (c.type === 'ImportSuccess' && c.status === 'False') reasons[`${s.metadata.name}:${t.tag}`] = c.reason
      }
    }
    expect(reasons).toEqual({
      'legacy-app:2.0': 'NotFound',
      'private-api:latest': 'Unauthorized',
      'flaky-mirror:stable': 'InternalError',
      'http-only:1.2': 'BadRequest',
      'blocked-hub:latest': 'Forbidden',
    })
    const ok = list.items.find((s: any) => s.metadata.name === 'ok-app')
    expect(ok.status.tags.every((t: any) => !t.conditions?.length && t.items.length === 1)).toBe(true)
  })

  it('empty-project has its namespace and no image streams', async () => {
    const api = await load('empty-project')
    expect((await get(api, '/api/v1/namespaces/my-project')).metadata.name).toBe('my-project')
    expect((await get(api, '/apis/image.openshift.io/v1/namespaces/my-project/imagestreams')).items).toEqual([])
  })
})
