// The esbuild plugins of scripts/build.mjs, on the root entry as the build bundles it: class names kept
// without esbuild's keepNames, and parseFixtureYaml reading the YAML library through `#yaml-sync`.

import { build } from 'esbuild'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
// @ts-expect-error plain JavaScript module of the build, without types
import { bundleOptions, classNames, nameClasses, yamlSync } from '../scripts/build-plugins.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))

/** The root entry bundled as scripts/build.mjs does: the code of the files it loads at import (static imports). */
async function bundleRoot(plugins: unknown[]): Promise<string> {
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['src/index.ts'],
    outdir: 'out',
    ...bundleOptions,
    metafile: true,
    write: false,
    logLevel: 'silent',
    plugins: plugins as never,
  })
  const outputs = result.metafile!.outputs
  const loaded = new Set<string>()
  const visit = (path: string) => {
    if (loaded.has(path)) return
    loaded.add(path)
    for (const i of outputs[path]!.imports) if (i.kind === 'import-statement' && !i.external) visit(i.path)
  }
  visit('out/index.js')
  return result.outputFiles!.filter((f) => loaded.has(f.path.slice(root.length).replace(/^\//, ''))).map((f) => f.text).join('\n')
}

describe('build plugins', () => {
  it('the root entry reads the YAML library through #yaml-sync (not bundled into it)', async () => {
    const plain = await bundleRoot([])
    const withPlugin = await bundleRoot([yamlSync])
    // A message of the YAML library's parser: in the bundle without the plugin, absent with it.
    const yamlMessage = 'must be sufficiently indented'
    expect(plain).toContain(yamlMessage)
    expect(plain).not.toContain('"#yaml-sync"')
    expect(withPlugin).not.toContain(yamlMessage)
    expect(withPlugin).toMatch(/import\{[^}]*parseAllDocuments[^}]*\}from"#yaml-sync"/)
  })

  it('names the classes of src/ and @msw/data’s Query with static blocks', async () => {
    const code = await bundleRoot([classNames])
    for (const name of ['StatusError', 'FixtureSetError', 'FixtureError', 'StrictQueryError', 'AuthOptionsError', 'DbCollection', 'Store', 'ApiServer', 'Query']) {
      expect(code).toContain(`static{Object.defineProperty(this,"name",{value:"${name}",configurable:!0})}`)
    }
  })

  it('refuses a module whose class head it cannot name (a head over several lines)', () => {
    expect(nameClasses('export class A extends B {\n}\n', 'a.ts')).toBe(`export class A extends B { static { Object.defineProperty(this, 'name', { value: "A", configurable: true }) }\n}\n`)
    expect(() => nameClasses('export class A\n  extends B {\n}\n', 'a.ts')).toThrow('class-names: a.ts declares 1 top-level classes, 0 named (a class head must fit on one line)')
  })
})
