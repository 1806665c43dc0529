// `npm start [-- <serve flags>]`: build the package if a source is newer than the build, then run the CLI
// IN THIS PROCESS (no child process): npm runs `node scripts/start.mjs` through `sh -c`, which execs it,
// so npm's direct child is the server itself. npm forwards SIGINT/SIGTERM to it (and a terminal's Ctrl-C
// reaches it directly as well; the CLI treats the two copies as one), the server shuts down cleanly and
// exits 0, and npm exits with that code: nothing is left running, the kubeconfig is removed.

import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const built = join(root, 'dist', 'cli.js')

function newest(dir) {
  let t = 0
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs)
  }
  return t
}

function stale() {
  if (!existsSync(built)) return true
  const sources = Math.max(newest(join(root, 'src')), ...['tsconfig.json', 'tsconfig.build.json', 'package.json'].map((f) => statSync(join(root, f)).mtimeMs))
  return sources > statSync(built).mtimeMs
}

if (stale()) {
  // The package's own build (scripts/build.mjs: esbuild bundle + declarations), as `npm run build` does.
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' })
  if (r.status !== 0) {
    console.error(`npm start: the build failed (${r.signal ?? `exit ${r.status}`})`)
    process.exit(r.status || 1)
  }
}

const { main } = await import(new URL('../dist/cli.js', import.meta.url).href)
process.exit(await main(process.argv.slice(2)))
