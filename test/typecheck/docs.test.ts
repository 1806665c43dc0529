// Every TypeScript code block of README.md and docs/*.md (every page, found at run time) compiles under
// `strict` against the package's emitted declarations, importing 'openshift-image-fake', '/node',
// '/nock' and '/testing' as a user would; blocks marked ```ts run also run (in this process, against the
// sources). Blocks that are not TypeScript use another info string (sh, yaml, json, text…).

import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { pathToFileURL } from 'node:url'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { buildDeclarations, ROOT, run, TYPES_DIR } from './support.js'

interface Block {
  page: string
  /** 1-based line of the first code line in the page. */
  line: number
  code: string
  runnable: boolean
}

export function extractBlocks(page: string, text: string): Block[] {
  const out: Block[] = []
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```+\s*(ts|typescript)(?:\s+(.*))?$/.exec(lines[i]!)
    if (!open) continue
    const start = i + 1
    let end = start
    while (end < lines.length && !/^\s*```+\s*$/.test(lines[end]!)) end++
    const indent = open[1]!.length
    out.push({ page, line: start + 1, code: lines.slice(start, end).map((l) => l.slice(indent)).join('\n'), runnable: /(^|\s)run(\s|$)/.test(open[3] ?? '') })
    i = end
  }
  return out
}

const PAGES = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)]
const BLOCKS = PAGES.flatMap((p) => extractBlocks(p, readFileSync(join(ROOT, p), 'utf8')))
const DIR = join(ROOT, '.tmp', 'docs')
const fileOf = (b: Block) => `${b.page.replace(/[/.]/g, '_')}_L${b.line}.mts`

describe('documentation code blocks', () => {
  it('finds the blocks of every page (README.md and each docs/*.md)', () => {
    expect(PAGES).toContain('docs/api.md')
    expect(BLOCKS.length).toBeGreaterThan(10)
    expect(BLOCKS.some((b) => b.runnable)).toBe(true)
  })

  describe('compile under strict against the package types', () => {
    beforeAll(buildDeclarations, 180_000)

    it('every ```ts block', async () => {
      rmSync(DIR, { recursive: true, force: true })
      mkdirSync(DIR, { recursive: true })
      const types = relative(DIR, TYPES_DIR)
      writeFileSync(
        join(DIR, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            target: 'ES2022',
            module: 'NodeNext',
            moduleResolution: 'NodeNext',
            lib: ['ES2023', 'DOM', 'DOM.Iterable'],
            strict: true,
            skipLibCheck: true,
            noEmit: true,
            types: ['node'],
            paths: {
              'openshift-image-fake': [`${types}/index.d.ts`],
              'openshift-image-fake/node': [`${types}/node.d.ts`],
              'openshift-image-fake/nock': [`${types}/nock.d.ts`],
              'openshift-image-fake/testing': [`${types}/testing/index.d.ts`],
            },
          },
          include: ['*.mts'],
        }),
      )
      // Each block is a module of its own (`export {}` keeps blocks without imports from sharing a scope).
      for (const b of BLOCKS) writeFileSync(join(DIR, fileOf(b)), `${b.code}\nexport {}\n`)
      const r = await run(['-p', join(DIR, 'tsconfig.json')])
      // Point each error at the page and line it comes from.
      const byFile = new Map(BLOCKS.map((b) => [fileOf(b), b]))
      const errors = r.output
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => {
          const m = /([^/\\]+\.mts)\((\d+),(\d+)\): (.*)$/.exec(l)
          const b = m && byFile.get(m[1]!)
          return b ? `${b.page}:${b.line + Number(m![2]) - 1}:${m![3]} ${m![4]}` : l
        })
      expect(errors).toEqual([])
      expect(r.code).toBe(0)
    }, 180_000)
  })

  describe('run (```ts run blocks)', () => {
    const runnable = BLOCKS.filter((b) => b.runnable)
    const RUN_DIR = join(ROOT, '.tmp', 'docs-run')
    const SPECIFIERS: Record<string, string> = {
      'openshift-image-fake': 'src/index.ts',
      'openshift-image-fake/node': 'src/node.ts',
      'openshift-image-fake/nock': 'src/nock.ts',
      'openshift-image-fake/testing': 'src/testing/index.ts',
    }
    for (const b of runnable) {
      it(`${b.page}:${b.line}`, async () => {
        mkdirSync(RUN_DIR, { recursive: true })
        const file = join(RUN_DIR, fileOf(b).replace(/\.mts$/, '.ts'))
        const code = b.code.replace(/from '(openshift-image-fake(?:\/\w+)?)'/g, (all, spec: string) => {
          const target = SPECIFIERS[spec]
          return target ? `from ${JSON.stringify(pathToFileURL(join(ROOT, target)).href)}` : all
        })
        writeFileSync(file, `${code}\nexport {}\n`)
        const log = vi.spyOn(console, 'log').mockImplementation(() => {})
        try {
          await import(pathToFileURL(file).href)
        } finally {
          log.mockRestore()
        }
      }, 60_000)
    }
  })
})
