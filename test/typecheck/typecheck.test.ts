// The public types, checked by tsc in `npm test` (the declarations are built once for both parts):
//
// 1. The type tests (test-d/): the public declarations under strict + exactOptionalPropertyTypes accept
//    the documented usages, and every `@ts-expect-error` line (a typo) is an error — tsc fails on an
//    unused one.
// 2. Every TypeScript code block of README.md and docs/*.md (every page, found at run time) compiles under
// `strict` against the package's emitted declarations, importing 'openshift-image-fake', '/node',
// '/nock' and '/testing' as a user would; blocks marked ```ts run also run (in this process, against the
// sources). Blocks that are not TypeScript use another info string (sh, yaml, json, text…).

import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { spawn } from 'node:child_process'
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

/**
 * Pages whose blocks are files of a project (a first line `// <path>` names the file): they are written
 * over a copy of the project and checked with its compiler settings.
 */
const PROJECTS: Record<string, { base: string; copy: string[] }> = {
  'docs/storybook.md': { base: 'examples/storybook', copy: ['src', '.storybook'] },
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
          include: ['*.mts', '*.d.ts'],
        }),
      )
      // Each block is a module of its own (`export {}` keeps blocks without imports from sharing a scope).
      for (const b of BLOCKS.filter((x) => !PROJECTS[x.page])) writeFileSync(join(DIR, fileOf(b)), `${b.code}\nexport {}\n`)
      // What a TypeScript user of an untyped CommonJS client writes once in a .d.ts.
      writeFileSync(join(DIR, 'untyped-modules.d.ts'), "declare module 'openshift-rest-client'\n")
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

  describe('project pages compile as files of their project', () => {
    beforeAll(buildDeclarations, 180_000)
    for (const [page, project] of Object.entries(PROJECTS)) {
      it(page, async () => {
        const base = join(ROOT, project.base)
        const dir = join(base, '.docs-check')
        rmSync(dir, { recursive: true, force: true })
        mkdirSync(dir, { recursive: true })
        for (const c of project.copy) cpSync(join(base, c), join(dir, c), { recursive: true })
        const blocks = BLOCKS.filter((b) => b.page === page)
        expect(blocks.length).toBeGreaterThan(0)
        // Only the blocks are compiled (and what they import): the project's other files may rely on its
        // own versions of the files the blocks replace.
        const written: string[] = []
        for (const b of blocks) {
          const named = /^\/\/ (\S+\.tsx?)\s*$/.exec(b.code.split('\n')[0]!)
          const name = named ? named[1]! : `block-L${b.line}.ts`
          const file = join(dir, name)
          mkdirSync(dirname(file), { recursive: true })
          writeFileSync(file, b.code)
          written.push(name)
        }
        const types = relative(dir, TYPES_DIR)
        writeFileSync(
          join(dir, 'tsconfig.json'),
          JSON.stringify({
            extends: '../tsconfig.json',
            compilerOptions: { paths: { 'openshift-image-fake': [`${types}/index.d.ts`] } },
            include: [],
            files: written,
          }),
        )
        const r = await run(['-p', join(dir, 'tsconfig.json')])
        expect(r.output).toBe('')
        expect(r.code).toBe(0)
      }, 180_000)
    }
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
    const toSources = (code: string) =>
      code.replace(/from '(openshift-image-fake(?:\/\w+)?)'/g, (all, spec: string) => {
        const target = SPECIFIERS[spec]
        return target ? `from ${JSON.stringify(pathToFileURL(join(ROOT, target)).href)}` : all
      })
    const isVitestFile = (b: Block) => /from 'vitest'/.test(b.code)
    for (const b of runnable.filter(isVitestFile)) {
      // A test file (the quick start): run by vitest in a child process, as its reader would.
      it(`${b.page}:${b.line} (vitest)`, async () => {
        const dir = join(ROOT, '.tmp', 'docs-vitest', fileOf(b).replace(/\.mts$/, ''))
        rmSync(dir, { recursive: true, force: true })
        mkdirSync(dir, { recursive: true })
        writeFileSync(join(dir, 'block.test.ts'), toSources(b.code))
        writeFileSync(join(dir, 'vitest.config.mjs'), "export default { test: { include: ['block.test.ts'] } }\n")
        const r = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
          const child = spawn(process.execPath, [join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--root', dir, '--config', join(dir, 'vitest.config.mjs')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } })
          let output = ''
          child.stdout.on('data', (d: Buffer) => (output += d.toString()))
          child.stderr.on('data', (d: Buffer) => (output += d.toString()))
          child.on('error', reject)
          child.on('close', (code) => resolve({ code, output }))
        })
        // eslint-disable-next-line no-control-regex
        expect(r.output.replace(/\u001b\[[0-9;]*m/g, '')).toMatch(/Tests\s+\d+ passed/)
        expect(r.code, r.output).toBe(0)
      }, 120_000)
    }
    for (const b of runnable.filter((x) => !isVitestFile(x))) {
      it(`${b.page}:${b.line}`, async () => {
        mkdirSync(RUN_DIR, { recursive: true })
        const file = join(RUN_DIR, fileOf(b).replace(/\.mts$/, '.ts'))
        writeFileSync(file, `${toSources(b.code)}\nexport {}\n`)
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
      rmSync(file, { force: true })
    }
  }, 120_000)
})
