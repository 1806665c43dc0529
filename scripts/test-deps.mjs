#!/usr/bin/env node
// `npm test`'s pretest: installs what the suite needs beyond the root's own dependencies, so that
// `npm ci && npm start` followed by `npm test` works on a fresh machine (and .ci/run is just those):
//   * the Storybook example's dependencies (test/browser/storybook.test.ts builds and opens it);
//   * compat/node22 (msw 3, nock 15, @kubernetes/client-node 2 and its own Node 22 binary, from npm);
//   * Debian's Chromium for the browser tests, when it is missing and apt-get can be run (root);
//     otherwise a loud note: those tests fail unless BROWSER_OPTIONAL=1;
//   * Debian's skopeo for the registry end-to-end tests (test/e2e/skopeo.test.ts), the same way;
//     otherwise a loud note: those tests fail unless SKOPEO_OPTIONAL=1.
// Each step is skipped when it is already done; nothing is installed outside this repository but
// Chromium and skopeo.

import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

function run(cmd, args, opts = {}) {
  console.log(`pretest: ${cmd} ${args.join(' ')}`)
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts })
  if (r.status !== 0) {
    console.error(`pretest: \`${cmd} ${args.join(' ')}\` failed (${r.error?.message ?? `exit ${r.status}`})`)
    process.exit(1)
  }
}

for (const dir of ['examples/storybook', 'compat/node22']) {
  if (!existsSync(join(root, dir, 'node_modules'))) run('npm', ['ci', '--prefix', dir, '--no-audit', '--no-fund'])
}

const canApt = process.getuid?.() === 0 && spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0
let aptUpdated = false
function aptInstall(pkg) {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  if (!aptUpdated) run('apt-get', ['update', '-qq'], { env })
  aptUpdated = true
  run('apt-get', ['install', '-y', '-qq', pkg], { env })
}

/** Install a Debian package the suite needs when its binary is missing, or say loudly which tests will fail. */
function needBinary({ path, pkg, label, tests, optionalVar, pathVar }) {
  if (existsSync(path) || process.env[optionalVar] === '1') return
  if (canApt) return aptInstall(pkg)
  const bar = '!'.repeat(78)
  console.error(
    [
      bar,
      `!! ${label} is not at ${path} and cannot be installed from here (needs root and apt-get).`,
      `!! The ${tests} will FAIL. Install it:`,
      `!!     sudo apt-get install -y ${pkg}      (or set ${pathVar})`,
      `!! or skip them knowingly with ${optionalVar}=1.`,
      bar,
    ].join('\n'),
  )
}

needBinary({
  path: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  pkg: 'chromium',
  label: 'Chromium',
  tests: 'browser tests (msw service worker, Storybook)',
  optionalVar: 'BROWSER_OPTIONAL',
  pathVar: 'CHROMIUM_PATH',
})
needBinary({
  path: process.env.SKOPEO_PATH ?? '/usr/bin/skopeo',
  pkg: 'skopeo',
  label: 'skopeo',
  tests: 'integrated registry end-to-end tests (test/e2e/skopeo.test.ts)',
  optionalVar: 'SKOPEO_OPTIONAL',
  pathVar: 'SKOPEO_PATH',
})
