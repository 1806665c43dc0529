import { build } from 'esbuild'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('..', import.meta.url))

async function bundle(entry: string) {
  return build({
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
    expect(code).not.toMatch(/from\s*["']node:/)
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
