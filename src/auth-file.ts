// `serve --auth-file <file>`: the `auth` option of createFakeImageApi from a YAML or JSON file
// (docs/auth.md), checked before the server starts.

import { readFile } from 'node:fs/promises'
import { parse } from 'yaml'
import { parseAuthOptions } from './apiserver/auth/options.js'
import type { AuthOptions } from './apiserver/auth/types.js'

export async function loadAuthFile(path: string): Promise<AuthOptions> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (e) {
    throw new Error(`--auth-file ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`)
  }
  let value: unknown
  try {
    // JSON is YAML; YAML 1.2 core schema.
    value = parse(text)
  } catch (e) {
    throw new Error(`--auth-file ${path}: not valid YAML or JSON: ${(e as Error).message}`)
  }
  try {
    return parseAuthOptions(value)
  } catch (e) {
    throw new Error(`--auth-file ${path}: ${(e as Error).message}`)
  }
}
