// The Node 22 compat suite: the project's own source (../../src, transpiled by vitest, never copied)
// driven by the clients that need Node 22 — msw 3, nock 15 and @kubernetes/client-node 2.
//
// ../../src lives next to the root's node_modules, so a bare `import … from 'msw'` inside it would
// resolve to the root's msw 2 (and `nock` to nock 14). The `compat-clients` plugin re-resolves those
// imports (and `vitest`, whose hooks src/testing registers) as if they were made from this package, so
// the source under test runs on this package's msw 3 / nock 15 / @mswjs/interceptors. Everything else in ../../src (yaml, ws, @msw/data, …)
// resolves from the root's node_modules as usual, so the root must be installed (`npm ci`) too.
// test/versions.test.ts asserts what was actually loaded.

import { fileURLToPath } from 'node:url'
import { defineConfig, type Plugin } from 'vitest/config'

const here = fileURLToPath(new URL('./', import.meta.url))
const CLIENT_PACKAGES = /^(?:msw|nock|@mswjs\/interceptors|@kubernetes\/client-node|vitest)(?:\/|$)/

function compatClients(): Plugin {
  return {
    name: 'compat-clients',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!CLIENT_PACKAGES.test(source) || !importer || importer.startsWith(here)) return null
      // Resolve as if imported from this package's directory.
      return this.resolve(source, `${here}vitest.config.ts`, { ...options, skipSelf: true })
    },
  }
}

export default defineConfig({
  root: here,
  plugins: [compatClients()],
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // msw and nock patch process-wide globals (fetch, http): one file per worker, never shared.
    pool: 'forks',
    isolate: true,
  },
})
