// `npm run fuzz`: the fuzz suite (test/fuzz/) with FUZZ_RUNS cases per property (default 100 000; `npm test`
// runs the same files with a few hundred). Extra arguments go to vitest, e.g. `npm run fuzz -- listen`;
// FUZZ_PROGRESS=<file> appends each file's figures every 1000 cases; FUZZ_SEED=<n> replays or varies a run.
import { spawnSync } from 'node:child_process'

const env = { ...process.env, FUZZ_RUNS: process.env.FUZZ_RUNS ?? '100000' }
console.log(`fuzz: FUZZ_RUNS=${env.FUZZ_RUNS}`)
const r = spawnSync('npx', ['vitest', 'run', 'test/fuzz/', ...process.argv.slice(2)], { stdio: 'inherit', env })
process.exit(r.status ?? 1)
