import { build } from 'esbuild'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('..', import.meta.url))

async function bundle(entry: string, external: string[] = []) {
  return build({
    external,
    entryPoints: [entry],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    logLevel: 'silent',
    absWorkingDir: root,
  })
}

describe('the root entry runs in a browser', () => {
  it('bundles for the browser platform with no Node built-in', async () => {
    const result = await bundle('src/index.ts')
    expect(result.errors).toEqual([])
    const code = result.outputFiles[0]!.text
    // Import statements only (the bundle now holds msw's whole module, whose doc comments show Node examples).
    expect(code).not.toMatch(/^(?:import|export)[^\n]*from\s*["']node:/m)
    expect(code).not.toMatch(/\b(?:require|import)\(\s*["']node:/)
    expect(code).toContain('createFakeImageApi')
  })

  it('exports the fixture helpers without vitest (bundled with vitest marked external: nothing imports it)', async () => {
    const result = await build({
      entryPoints: ['src/index.ts'],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      logLevel: 'silent',
      absWorkingDir: root,
      external: ['vitest'],
      metafile: true,
    })
    const imports = Object.values(result.metafile!.inputs).flatMap((i) => i.imports.map((x) => x.path))
    expect(imports).not.toContain('vitest')
    const root_ = await import('../src/index.js')
    for (const name of ['fixtureSet', 'fixtureSetNames', 'fixtureSetFiles', 'hasFixtureSet', 'parseFixtureYaml', 'FixtureSetError', 'FIXTURE_SET_NAMES']) {
      expect(typeof (root_ as Record<string, unknown>)[name], name).not.toBe('undefined')
    }
    const testing = await import('../src/testing/index.js')
    expect(testing.fixtureSet).toBe(root_.fixtureSet)
  })

  it('the check fails when a Node built-in is imported (the test can fail)', async () => {
    await expect(bundle('test/fixtures/node-import.ts')).rejects.toThrow(/node:crypto|Could not resolve/)
  })
})

describe('the root entry loads msw only for api.handlers', () => {
  // Split into chunks as a bundler does: the code the root entry loads at import time is the entry chunk
  // and the chunks it imports statically; msw (external here) may appear there only as import(), which
  // runs when api.handlers is first read.
  async function staticallyLoaded(entry: string): Promise<string> {
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      splitting: true,
      platform: 'browser',
      format: 'esm',
      outdir: 'out',
      write: false,
      logLevel: 'silent',
      absWorkingDir: root,
      external: ['msw', 'msw/*'],
    })
    const files = new Map(result.outputFiles.map((f) => [f.path.replace(/^.*\/out\//, ''), f.text]))
    const seen = new Set<string>()
    const visit = (name: string) => {
      if (seen.has(name)) return
      seen.add(name)
      for (const m of files.get(name)!.matchAll(/^import\s*(?:[^'";]*from\s*)?["']\.\/([^"']+)["']/gm)) visit(m[1]!)
    }
    const main = entry.replace(/^.*\//, '').replace(/\.ts$/, '.js')
    visit(main)
    return [...seen].map((n) => files.get(n)!).join('\n')
  }
  const staticMsw = /^import\s*[^;]*from\s*["']msw(\/[^"']*)?["']/m

  it('has no static import of msw; msw is an import() for api.handlers', async () => {
    const code = await staticallyLoaded('src/index.ts')
    expect(code).toContain('createFakeImageApi')
    expect(code).not.toMatch(staticMsw)
    expect(code).toMatch(/import\(\s*["']msw["']\s*\)/)
  })

  it('the check sees a static msw import (the test can fail)', async () => {
    expect(await staticallyLoaded('src/adapters/msw.ts')).toMatch(staticMsw)
  })
})
