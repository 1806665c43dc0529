#!/usr/bin/env node
// `npm run build`: dist/ as published.
//  * JavaScript: one esbuild pass over the package entries (index, node, nock, testing, cli), bundled with
//    their dependencies and split into shared chunks. Loading the root entry then reads a handful of files
//    instead of ~770 modules (@msw/data alone pulled in 555 es-toolkit files), which was most of the
//    import time. Lazy parts stay lazy: chunks loaded by import() (msw door, built-in fixture sets, the
//    YAML codec, the `ws` server) are only read when used. Peer dependencies (msw, nock, vitest) and `ws`
//    (CommonJS, Node-only) stay external, so `api.handlers` are built from the user's own msw.
//  * Types: tsc --emitDeclarationOnly (same .d.ts layout as before: dist/index.d.ts, dist/node.d.ts, …).
// The per-entry layout and package.json `exports` are unchanged. Plugins (./build-plugins.mjs): class
// names kept (instead of esbuild's keepNames), and the YAML library read through `#yaml-sync` by
// parseFixtureYaml (package.json "imports": required on first use in Node).

import { build } from 'esbuild'
import { spawnSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { bundleOptions, classNames, yamlSync } from './build-plugins.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const dist = join(root, 'dist')

rmSync(dist, { recursive: true, force: true })

await build({
  absWorkingDir: root,
  entryPoints: ['src/index.ts', 'src/node.ts', 'src/nock.ts', 'src/testing/index.ts', 'src/cli.ts', 'src/fixtures/yaml-sync.node.ts'],
  outdir: 'dist',
  outbase: 'src',
  ...bundleOptions,
  chunkNames: 'chunks/[name]-[hash]',
  sourcemap: true,
  legalComments: 'none',
  plugins: [classNames, yamlSync],
  logLevel: 'warning',
})

const tsc = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json', '--emitDeclarationOnly'], {
  cwd: root,
  stdio: 'inherit',
})
process.exit(tsc.status ?? 1)
