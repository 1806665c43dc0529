// Keeps docs/fidelity.md true: every test it names exists, every `// fidelity: <id>` tag in src/ has an
// entry and every entry has a tag, the strict-mode gates (src/apiserver/fidelity.ts) match the entries
// marked approximated / not modelled, and no file of the repository cites notes or paths outside it.

import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { STRICT_RULES } from '../src/apiserver/fidelity.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const LEDGER = readFileSync(join(ROOT, 'docs/fidelity.md'), 'utf8')

function walk(dir: string, keep: (path: string) => boolean, out: string[] = []): string[] {
  for (const name of readdirSync(join(ROOT, dir))) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue
    const path = join(dir, name)
    if (statSync(join(ROOT, path)).isDirectory()) walk(path, keep, out)
    else if (keep(path)) out.push(path)
  }
  return out
}

// ---------------------------------------------------------------------------------------------------
// The ledger

type Status = 'exact' | 'approximated' | 'not modelled'

interface Entry {
  id: string
  text: string
  status?: Status
  strict?: string
}

/** Entries: an `<a id="…"></a>` anchor directly followed by a `#### \`<id>\`` heading; the text runs to the next anchor or heading. */
export function parseLedger(md: string): Entry[] {
  const entries: Entry[] = []
  const re = /<a id="([^"]+)"><\/a>\n#### `([^`]+)`/g
  const starts: Array<{ id: string; heading: string; index: number }> = []
  let m: RegExpExecArray | null
  while ((m = re.exec(md))) starts.push({ id: m[1]!, heading: m[2]!, index: m.index })
  for (const [i, s] of starts.entries()) {
    const rest = md.slice(s.index, starts[i + 1]?.index ?? md.length)
    const end = rest.slice(1).search(/\n(<a id=|#{2,3} )/)
    const text = end < 0 ? rest : rest.slice(0, end + 1)
    const status = /^- Status: \*\*(exact|approximated|not modelled)\*\*/m.exec(text)?.[1] as Status | undefined
    const strict = /^- Strict: (.*)$/m.exec(text)?.[1]
    entries.push({ id: s.id, text, status, strict })
    if (s.heading !== s.id) throw new Error(`ledger anchor ${s.id} has the heading ${s.heading}`)
  }
  return entries
}

/** Every `file › test name` reference in a text (in backticks). */
export function testReferences(md: string): Array<{ file: string; name: string }> {
  const refs: Array<{ file: string; name: string }> = []
  for (const m of md.matchAll(/`([\w./-]+\.test\.ts) › ([^`]+)`/g)) refs.push({ file: m[1]!, name: m[2]! })
  return refs
}

// ---------------------------------------------------------------------------------------------------
// Test titles

/** The titles of it()/test() calls (also inside describe blocks), as written: string literals only. */
export function testTitles(source: string): Set<string> {
  const titles = new Set<string>()
  const re = /\b(?:it|test)(?:\.(?:only|skip|concurrent|sequential|fails|skipIf\([^)]*\)|runIf\([^)]*\)|each\([^)]*\)))*\(\s*(['"`])((?:\\.|(?!\1)[^\\])*)\1/g
  for (const m of source.matchAll(re)) {
    const quote = m[1]!
    const raw = m[2]!
    if (quote === '`' && raw.includes('${')) continue
    titles.add(raw.replace(/\\(.)/g, '$1'))
  }
  return titles
}

// ---------------------------------------------------------------------------------------------------
// Source tags

const TAG = /\/\/\s*fidelity:\s*([a-z0-9][a-z0-9.-]*[a-z0-9])/g

function sourceTags(): Map<string, string[]> {
  const tags = new Map<string, string[]>()
  for (const file of walk('src', (p) => p.endsWith('.ts') && !p.endsWith('.test.ts'))) {
    for (const m of readFileSync(join(ROOT, file), 'utf8').matchAll(TAG)) {
      const list = tags.get(m[1]!) ?? []
      list.push(relative(ROOT, join(ROOT, file)))
      tags.set(m[1]!, list)
    }
  }
  return tags
}

// ---------------------------------------------------------------------------------------------------

const entries = parseLedger(LEDGER)
const byId = new Map(entries.map((e) => [e.id, e]))

describe('docs/fidelity.md', () => {
  it('parses: unique ids, each with a status, upstream sources and tests (or "none" when not modelled)', () => {
    expect(entries.length).toBeGreaterThan(40)
    expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length)
    for (const e of entries) {
      expect(e.status, `${e.id}: status`).toBeDefined()
      expect(e.text, `${e.id}: upstream`).toMatch(/^- Upstream: \S/m)
      const tests = /^- Tests: (.*)$/m.exec(e.text)?.[1]
      expect(tests, `${e.id}: tests`).toBeDefined()
      if (tests!.startsWith('none')) expect(e.status, `${e.id}: only not-modelled rules may have no tests`).toBe('not modelled')
      else expect(testReferences(e.text).length, `${e.id}: test references`).toBeGreaterThan(0)
      // Approximated and not-modelled rules say what strict mode does; exact ones have nothing to say.
      if (e.status === 'exact') expect(e.strict, `${e.id}: exact rules have no Strict line`).toBeUndefined()
      else expect(e.strict, `${e.id}: Strict line`).toBeDefined()
    }
  })

  it('every test it names exists (file › it/test title)', () => {
    const refs = testReferences(LEDGER)
    expect(refs.length).toBeGreaterThan(100)
    const titles = new Map<string, Set<string>>()
    const missing: string[] = []
    for (const { file, name } of refs) {
      let set = titles.get(file)
      if (!set) {
        let source = ''
        try {
          source = readFileSync(join(ROOT, file), 'utf8')
        } catch {
          missing.push(`${file} (no such file)`)
          continue
        }
        titles.set(file, (set = testTitles(source)))
      }
      if (!set.has(name)) missing.push(`${file} › ${name}`)
    }
    expect(missing).toEqual([])
  })

  it('every // fidelity: <id> tag in src/ has a ledger entry, and every entry is declared by a tag', () => {
    const tags = sourceTags()
    const unknown = [...tags].filter(([id]) => !byId.has(id)).map(([id, files]) => `${id} (${files.join(', ')})`)
    expect(unknown).toEqual([])
    const untagged = entries.filter((e) => !tags.has(e.id)).map((e) => e.id)
    expect(untagged).toEqual([])
  })

  it('strict mode gates exactly the entries whose Strict line says gated, with their status', () => {
    const gated = entries.filter((e) => e.strict?.startsWith('**gated**')).map((e) => e.id)
    expect(gated.sort()).toEqual(Object.keys(STRICT_RULES).sort())
    for (const [id, status] of Object.entries(STRICT_RULES)) expect(byId.get(id)?.status, id).toBe(status)
    // Each gate is called somewhere in src/.
    const sources = walk('src', (p) => p.endsWith('.ts') && !p.endsWith('.test.ts')).map((f) => readFileSync(join(ROOT, f), 'utf8'))
    for (const id of Object.keys(STRICT_RULES)) {
      expect(sources.some((s) => s.includes(`fidelityGate(ctx, '${id}'`)), `a fidelityGate call for ${id}`).toBe(true)
    }
  })

  it('the links inside the ledger point at entries or sections that exist', () => {
    const anchors = new Set([...LEDGER.matchAll(/<a id="([^"]+)"><\/a>/g)].map((m) => m[1]!))
    const broken = [...LEDGER.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]!).filter((a) => !anchors.has(a))
    expect(broken).toEqual([])
  })
})

// Notes outside the repository are not cited: every file of the repository (sources, tests, docs, scripts,
// benches, examples, fixtures) is searched. The patterns are assembled so that this file does not match them.
const NOTE_NAMES = ['SEMAN' + 'TICS', 'APIMACH' + 'INERY', 'CLI' + 'ENTS']
const NOTE_REFERENCE = new RegExp(`\\b(${NOTE_NAMES.join('|')})(\\.md)?\\s*\u00a7`)
const OUTSIDE_PATHS = ['..' + '/shared', '/work' + '/shared']

export function outsideReferences(text: string): string[] {
  const found: string[] = []
  for (const [i, line] of text.split('\n').entries()) {
    if (NOTE_REFERENCE.test(line) || OUTSIDE_PATHS.some((p) => line.includes(p))) found.push(`${i + 1}: ${line.trim()}`)
  }
  return found
}

describe('the repository refers to nothing outside it', () => {
  it('no file cites the section of a note that is not in the repository, or a path outside it', () => {
    const skip = /\.(png|jpe?g|gif|ico|woff2?|gz|tgz|zip|wasm|pb)$/i
    const files = walk('.', (p) => !skip.test(p))
    expect(files.length).toBeGreaterThan(200)
    const hits: string[] = []
    for (const file of files) {
      const text = readFileSync(join(ROOT, file), 'utf8')
      if (text.includes('\u0000')) continue
      for (const h of outsideReferences(text)) hits.push(`${file}:${h}`)
    }
    expect(hits).toEqual([])
  })
})

describe('the checks themselves', () => {
  it('see a missing test, an unknown tag and a bad entry (the check can fail)', () => {
    expect(testTitles(`describe('d', () => { it('one', () => {}); it.skip("two \\"q\\"", () => {}); test(\`three\`, () => {}) })`)).toEqual(
      new Set(['one', 'two "q"', 'three']),
    )
    expect(testTitles('it(`with ${x}`, () => {})').size).toBe(0)
    expect(testReferences('`test/a.test.ts › a name`; `src/b.test.ts › other`')).toEqual([
      { file: 'test/a.test.ts', name: 'a name' },
      { file: 'src/b.test.ts', name: 'other' },
    ])
    const parsed = parseLedger('<a id="x.y"></a>\n#### `x.y`: t\n- Status: **approximated**: how\n- Strict: not gated\n\n<a id="z"></a>\n#### `z`: u\ntext\n')
    expect(parsed.map((e) => [e.id, e.status, e.strict])).toEqual([
      ['x.y', 'approximated', 'not gated'],
      ['z', undefined, undefined],
    ])
    expect(() => parseLedger('<a id="x"></a>\n#### `y`: t\n')).toThrow('ledger anchor x has the heading y')
    expect([...'// fidelity: some.rule-id (note)'.matchAll(TAG)].map((m) => m[1])).toEqual(['some.rule-id'])
    const note = NOTE_NAMES[0] + ' \u00a7' + '4.2'
    expect(outsideReferences(`ok\n// see ${note}\nalso ${NOTE_NAMES[2]}.md \u00a74.3\nread ${OUTSIDE_PATHS[0]}/x`)).toEqual([
      `2: // see ${note}`,
      `3: also ${NOTE_NAMES[2]}.md \u00a74.3`,
      `4: read ${OUTSIDE_PATHS[0]}/x`,
    ])
    expect(outsideReferences('section 4.2 of the 4.17 API reference')).toEqual([])
  })
})
