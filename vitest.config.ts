import { configDefaults, defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // compat/node22 is its own package, run on Node 22 by scripts/test-node22.mjs (part of npm test).
    exclude: [...configDefaults.exclude, 'compat/**'],
    // Stored objects are deep-frozen in tests (see the file).
    setupFiles: ['test/setup/freeze-stored.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
})
