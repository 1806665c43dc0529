#!/usr/bin/env node
// Runs the Node 22 compat suite (compat/node22: msw 3, nock 15, @kubernetes/client-node 2 against the
// project's own source) with the Node 22 binary that package installs from npm (the `node` package).
// Part of `npm test`. When compat/node22 is not installed (no node_modules) it prints a loud warning
// and exits 0, so a plain `npm ci && npm test` still works; `.ci/run` installs it. When it is installed,
// a broken install or a failing test fails. Extra arguments go to vitest.

import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const compat = join(root, 'compat', 'node22')
const node22 = join(compat, 'node_modules', 'node', 'bin', 'node')
const vitest = join(compat, 'node_modules', 'vitest', 'vitest.mjs')

const bar = '!'.repeat(78)
if (!existsSync(join(compat, 'node_modules'))) {
  console.error(
    [
      '',
      bar,
      '!! WARNING: the Node 22 compat suite (compat/node22) was NOT run: it is not installed.',
      '!! It proves the fake with msw 3, nock 15 and @kubernetes/client-node 2, which need Node 22.',
      '!! Install it (it brings its own Node 22 binary from npm), then run npm test again:',
      '!!',
      '!!     npm ci --prefix compat/node22',
      '!!',
      bar,
      '',
    ].join('\n'),
  )
  process.exit(0)
}

// Installed: from here on anything missing is a failure, not a skip.
const missing = [node22, vitest, ...['msw', 'nock', '@kubernetes/client-node'].map((p) => join(compat, 'node_modules', p, 'package.json'))].filter((p) => !existsSync(p))
if (missing.length) {
  console.error(
    [
      bar,
      '!! compat/node22/node_modules exists but is incomplete; missing:',
      ...missing.map((p) => `!!   ${p.slice(root.length + 1)}`),
      '!! (the Node 22 binary comes from the `node` package\'s preinstall script.) Reinstall:',
      '!!     npm ci --prefix compat/node22',
      bar,
    ].join('\n'),
  )
  process.exit(1)
}

const version = spawnSync(node22, ['--version'], { encoding: 'utf8' })
if (version.status !== 0 || !/^v2[2-9]\.|^v[3-9]\d\./.test(version.stdout.trim())) {
  console.error(`test-node22: ${node22} is not a working Node >= 22 (${(version.stdout || String(version.error ?? version.stderr)).trim()}); reinstall with: npm ci --prefix compat/node22`)
  process.exit(1)
}
console.log(`\ncompat/node22: msw 3, nock 15, @kubernetes/client-node 2 on node ${version.stdout.trim()}`)
const run = spawnSync(node22, [vitest, 'run', ...process.argv.slice(2)], { cwd: compat, stdio: 'inherit' })
if (run.error) {
  console.error(`test-node22: could not start the compat suite: ${run.error.message}`)
  process.exit(1)
}
process.exit(run.status ?? 1)
