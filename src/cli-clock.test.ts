// `serve --clock virtual[=<RFC3339>] --seed <s>`: the standalone server on a virtual clock with seeded ids.

import { afterEach, describe, expect, it } from 'vitest'
import { parseServeArgs, serve, UsageError, type Output, type RunningServer, type ServeOptions } from './cli.js'

function serveOptions(args: string[]): Promise<ServeOptions> {
  return parseServeArgs(['serve', '--port', '0', '--quiet', ...args])
}

describe('--clock and --seed', () => {
  it('parse: virtual, virtual=<RFC 3339>, real; a bad value is a usage error', async () => {
    expect((await serveOptions([])).api.clock).toBeUndefined()
    expect(await serveOptions(['--clock', 'virtual', '--seed', 'abc'])).toMatchObject({ api: { clock: 'virtual', seed: 'abc' } })
    expect((await serveOptions(['--clock=virtual=2027-05-06T07:08:09Z'])).api.clock).toEqual({ start: '2027-05-06T07:08:09Z' })
    expect((await serveOptions(['--clock', 'real'])).api.clock).toBe('real')
    for (const bad of ['virtual=tomorrow', 'fake', 'virtual=2027-05-06']) {
      await expect(serveOptions(['--clock', bad])).rejects.toThrow(UsageError)
    }
    await expect(serveOptions(['--clock', 'fake'])).rejects.toThrow(
      '--clock must be real, virtual or virtual=<RFC 3339 time> (e.g. virtual=2026-01-01T00:00:00Z), not "fake"',
    )
  })

  const running: RunningServer[] = []
  afterEach(async () => {
    while (running.length) await running.pop()!.close()
  })
  const quiet: Output = { out: () => {}, err: () => {} }

  it('serve: objects are stamped with the virtual time; the same seed gives the same uids in two servers', async () => {
    const uids: string[] = []
    for (let i = 0; i < 2; i++) {
      const s = await serve(await serveOptions(['--empty', '--clock', 'virtual=2027-05-06T07:08:09Z', '--seed', 'cli']), quiet)
      running.push(s)
      const res = await fetch(`${s.url}/apis/image.openshift.io/v1/namespaces/demo/imagestreams`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name: 'web' } }),
      })
      const body = (await res.json()) as { metadata: { uid: string; creationTimestamp: string } }
      expect(res.status).toBe(201)
      expect(body.metadata.creationTimestamp).toBe('2027-05-06T07:08:09Z')
      expect(s.api.clock.mode).toBe('virtual')
      uids.push(body.metadata.uid)
    }
    expect(uids[1]).toBe(uids[0])
  })

  it('--log-requests stamps lines with the fake clock', async () => {
    const lines: string[] = []
    const s = await serve(await serveOptions(['--empty', '--clock', 'virtual', '--log-requests']), { out: (l) => lines.push(l), err: () => {} })
    running.push(s)
    await (await fetch(`${s.url}/version`)).text()
    expect(lines.at(-1)).toMatch(/^2026-01-01T00:00:00\.000Z GET \/version 200 [\d.]+ms/)
  })
})
