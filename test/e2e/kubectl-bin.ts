// The real kubectl the end-to-end suites drive: found on PATH (the suites FAIL without it, unless
// KUBECTL_OPTIONAL=1), and what one run of it gives back.

import { accessSync, constants } from 'node:fs'
import { delimiter, join } from 'node:path'

export function findOnPath(cmd: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue
    const p = join(dir, cmd)
    try {
      accessSync(p, constants.X_OK)
      return p
    } catch {
      // keep looking
    }
  }
  return undefined
}

export const KUBECTL = findOnPath('kubectl')
export const OPTIONAL = process.env.KUBECTL_OPTIONAL === '1'

export interface Run {
  code: number | null
  stdout: string
  stderr: string
}
