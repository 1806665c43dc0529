// `npm run bench`: every benchmark in turn, each in its own process so one's heap does not skew another's.
// The start-up bench measures the published layout, so dist/ is built first.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'

const dir = fileURLToPath(new URL('.', import.meta.url))
const root = fileURLToPath(new URL('..', import.meta.url))
console.log(`load average at start: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`)
console.log('\n## npm run build')
const built = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' })
let failed = built.status !== 0
for (const name of ['core.ts', 'store.ts', 'startup.ts', 'watch.ts', 'server.ts', 'auth.ts', 'protobuf.ts', 'registry.ts', 'state.ts', 'db.ts', 'body-limit.ts']) {
  const file = `${dir}${name}`
  if (!existsSync(file)) continue
  console.log(`\n## bench/${name}`)
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', file], { stdio: 'inherit' })
  if (r.status !== 0) failed = true
}
console.log(`\nload average at the end: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`)
process.exit(failed ? 1 : 0)
