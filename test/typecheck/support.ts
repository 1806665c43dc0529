// Build the package's declarations once (into .tmp/types) and run tsc over a project, for the type tests
// (test-d/) and the documentation's code blocks.

import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))
export const TYPES_DIR = join(ROOT, '.tmp', 'types')
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc')

export interface Run {
  code: number | null
  output: string
}

export function run(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TSC, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (d: Buffer) => (output += d.toString()))
    child.stderr.on('data', (d: Buffer) => (output += d.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, output }))
  })
}

let built: Promise<void> | undefined

/** Emit the declarations of src/ (what `npm run build` ships) into .tmp/types, once per test file. */
export function buildDeclarations(): Promise<void> {
  return (built ??= build())
}

async function build(): Promise<void> {
  rmSync(TYPES_DIR, { recursive: true, force: true })
  mkdirSync(TYPES_DIR, { recursive: true })
  const r = await run(['-p', 'tsconfig.build.json', '--emitDeclarationOnly', '--declarationMap', 'false', '--sourceMap', 'false', '--outDir', TYPES_DIR])
  if (r.code !== 0 || !existsSync(join(TYPES_DIR, 'index.d.ts'))) throw new Error(`building the declarations failed:\n${r.output}`)
}
