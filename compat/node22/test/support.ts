// Small helpers for the Node 22 compat suite. The fake, its fixtures and its HTTP server come from the
// project's own source and test helpers (../../../src, ../../../test/e2e/support.ts); nothing is copied.

import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'

export {
  eventually,
  fakeWithFixtures,
  getObject,
  imageStream,
  IS_PATH,
  kubeconfigObject,
  serveOnLoopback,
  sleep,
  type Served,
} from '../../../test/e2e/support.js'

/** `require` anchored in this compat package (its node_modules, not the root's). */
export const compatRequire = createRequire(new URL('../package.json', import.meta.url))

/** The version of a package as installed for this compat package. */
export function installedVersion(name: string): string {
  // Read the file: nock 15 does not export ./package.json.
  return (JSON.parse(readFileSync(new URL(`../node_modules/${name}/package.json`, import.meta.url), 'utf8')) as { version: string }).version
}

export const major = (version: string): number => Number(version.replace(/^v/, '').split('.')[0])

/** A loopback port with nothing listening on it: anything not intercepted fails with ECONNREFUSED. */
export async function closedPort(): Promise<number> {
  const srv = createServer()
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()))
  const port = (srv.address() as { port: number }).port
  await new Promise<void>((r) => srv.close(() => r()))
  return port
}

/** Reads newline-delimited JSON watch events from a web stream, one at a time. */
export function eventReader(body: ReadableStream<Uint8Array>) {
  const reader = body.getReader()
  const decoder = new TextDecoder()
  let buffered = ''
  return {
    reader,
    async next(timeoutMs = 10_000): Promise<any> {
      const deadline = Date.now() + timeoutMs
      while (!buffered.includes('\n')) {
        const left = deadline - Date.now()
        if (left <= 0) throw new Error(`no watch event within ${timeoutMs} ms (buffered: ${JSON.stringify(buffered)})`)
        let timer: NodeJS.Timeout | undefined
        const chunk = await Promise.race([
          reader.read(),
          new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no watch event within ${timeoutMs} ms`)), left))),
        ]).finally(() => clearTimeout(timer))
        if (chunk.done) throw new Error(`watch ended; buffered: ${JSON.stringify(buffered)}`)
        buffered += decoder.decode(chunk.value, { stream: true })
      }
      const i = buffered.indexOf('\n')
      const line = buffered.slice(0, i)
      buffered = buffered.slice(i + 1)
      return JSON.parse(line)
    },
    cancel: () => reader.cancel().catch(() => {}),
  }
}

/** JSON request init. */
export function json(method: string, body: unknown, contentType = 'application/json'): RequestInit {
  return { method, headers: { 'content-type': contentType }, body: JSON.stringify(body) }
}
