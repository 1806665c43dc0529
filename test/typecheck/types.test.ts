// The type tests (test-d/): the public declarations under strict + exactOptionalPropertyTypes accept the
// documented usages, and every `@ts-expect-error` line (a typo) is an error — tsc fails on an unused one.

import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildDeclarations, ROOT, run } from './support.js'

describe('type tests (tsc --noEmit -p test-d)', () => {
  beforeAll(buildDeclarations, 180_000)

  it('compile: documented usages accepted, typos rejected', async () => {
    const r = await run(['-p', 'test-d/tsconfig.json'])
    expect(r.output).toBe('')
    expect(r.code).toBe(0)
  }, 120_000)

  it('the check can fail: a typo without @ts-expect-error is reported', async () => {
    const file = join(ROOT, 'test-d', 'zz-canary.tmp.ts')
    writeFileSync(file, "import { createFakeImageApi } from 'openshift-image-fake'\ncreateFakeImageApi().inject({ match: { verb: 'lst' } })\nexport {}\n")
    try {
      const r = await run(['--noEmit', '-p', 'test-d/tsconfig.json'])
      expect(r.code).not.toBe(0)
      expect(r.output).toContain(`zz-canary.tmp.ts(2,`)
      expect(r.output).toContain(`'"lst"' is not assignable`)
    } finally {
      const { rmSync } = await import('node:fs')
      rmSync(file, { force: true })
    }
  }, 120_000)
})
