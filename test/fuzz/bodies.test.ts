// Fuzz: valid bodies of every kind and patch type, mutated (wrong types, unicode and prototype keys, huge
// numbers and strings, deep nesting, duplicate keys, damaged text), through api.fetch.
// Invariants (./support.ts): an answer within 5 s, never a thrown exception, no 5xx but the real server's,
// the store unchanged after a refused write, Object.prototype untouched. `FUZZ_RUNS=100000 npm run fuzz`.

import fc from 'fast-check'
import { afterAll, describe, it } from 'vitest'
import { damage, mutate, mutation, serialise, TARGETS, textDamage } from './mutations.js'
import { apiPool, BASE, fuzzParams, runs, sendChecked, tally } from './support.js'

afterAll(() => console.log(tally.report()))

tally.name = 'bodies (api.fetch)'
const RUNS = Number(process.env.FUZZ_RUNS ?? 300)

describe('fuzz: mutated bodies through api.fetch', () => {
  it(`${RUNS} cases keep the invariants`, async () => {
    const api = apiPool()
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...TARGETS),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        textDamage,
        fc.constantFrom('', '?fieldValidation=Strict', '?fieldValidation=Ignore', '?dryRun=All', '?fieldManager=f&force=true'),
        async (target, mutations, dmg, query) => {
          const body = mutations.reduce((b, m) => mutate(b, m), target.body)
          const text = damage(serialise(body, !!target.yaml), dmg)
          const sep = target.path.includes('?') ? '&' : '?'
          const url = BASE + target.path + (query ? sep + query.slice(1) : '')
          const request = new Request(url, { method: target.method, headers: { 'content-type': target.contentType }, body: text })
          await sendChecked(await api(), request, `${target.method} ${target.path}${query} ${target.contentType} ${text.slice(0, 200)}`)
        },
      ),
      fuzzParams(RUNS),
    )
  }, 30_000 + runs(RUNS) * 100)
})
