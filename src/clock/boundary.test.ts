// Only src/clock/ may read the host's time, set host timers or draw randomness: everything else goes
// through the clock and the Random handed to it (RequestContext.clock / .random, ApiServer.clock), so that
// `clock: 'virtual'` and `seed` cover every timestamp, timer and id the fake makes.

import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const srcDir = fileURLToPath(new URL('..', import.meta.url))

function sources(dir: string): string[] {
  const out: string[] = []
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    if (e.isDirectory()) out.push(...sources(p))
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.endsWith('.d.ts')) out.push(p)
  }
  return out
}

/** Drop comments (block and line) so that prose may name the functions. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1')
}

/** Direct uses of the host's time, timers and randomness (a `clock.` / `this.clock.` receiver is fine). */
const FORBIDDEN: Array<[string, RegExp]> = [
  ['Date.now()', /\bDate\.now\s*\(/],
  ['new Date() (now)', /\bnew Date\s*\(\s*\)/],
  ['setTimeout', /(^|[^.\w])setTimeout\s*\(/],
  ['clearTimeout', /(^|[^.\w])clearTimeout\s*\(/],
  ['setInterval', /(^|[^.\w])setInterval\s*\(/],
  ['setImmediate', /(^|[^.\w])setImmediate\s*\(/],
  ['globalThis timers', /globalThis\.(setTimeout|setInterval|setImmediate)\b/],
  ['Math.random', /\bMath\.random\b/],
  ['crypto.randomUUID', /\brandomUUID\b/],
  ['crypto.getRandomValues', /\bgetRandomValues\b/],
  ['performance.now', /\bperformance\.now\b/],
]

describe('time and randomness go through src/clock/', () => {
  it('no file outside src/clock/ calls the host clock, host timers or a random source', () => {
    const hits: string[] = []
    for (const file of sources(srcDir)) {
      const rel = relative(srcDir, file).split('\\').join('/')
      if (rel.startsWith('clock/')) continue
      const lines = code(readFileSync(file, 'utf8')).split('\n')
      lines.forEach((line, i) => {
        for (const [what, re] of FORBIDDEN) if (re.test(line)) hits.push(`src/${rel}:${i + 1}: ${what}: ${line.trim()}`)
      })
    }
    expect(hits).toEqual([])
  })

  it('the check itself sees such calls', () => {
    const sample = code("const t = setTimeout(f, 1) // ok\nconst u = crypto.randomUUID()\nthis.clock.setTimeout(f, 1)\n/* Date.now() */ const n = Date.now()")
    const found = FORBIDDEN.filter(([, re]) => sample.split('\n').some((l) => re.test(l))).map(([w]) => w)
    expect(found).toEqual(['Date.now()', 'setTimeout', 'crypto.randomUUID'])
  })
})
