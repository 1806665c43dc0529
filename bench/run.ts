// `npm run bench`: every benchmark in turn, each in its own process so one's heap does not skew another's.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const dir = fileURLToPath(new URL('.', import.meta.url))
let failed = false
for (const name of ['core.ts', 'watch.ts', 'server.ts', 'auth.ts', 'protobuf.ts', 'registry.ts', 'state.ts', 'db.ts', 'body-limit.ts']) {
  const file = `${dir}${name}`
  if (!existsSync(file)) continue
  console.log(`\n## bench/${name}`)
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', file], { stdio: 'inherit' })
  if (r.status !== 0) failed = true
}
process.exit(failed ? 1 : 0)
