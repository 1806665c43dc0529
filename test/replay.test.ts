// Byte-identical replays: the scripted session in test/replay/session.ts (fixtures, creates, generateName,
// merge and JSON patches, an import by the controller driven by api.clock.advance, an ImageStreamImport,
// a Table, YAML, a delete, and a watch across all of it with bookmarks and its timeout) runs in separate
// Node processes; with the same seed every byte of every response and of the watch stream is the same.

import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const script = fileURLToPath(new URL('./replay/session.ts', import.meta.url))
const run = async (seed: string): Promise<string> =>
  (await promisify(execFile)(process.execPath, ['--import', 'tsx', script, seed], { cwd: process.cwd(), maxBuffer: 16 * 1024 * 1024 })).stdout

interface Transcript {
  transcript: Array<{ step: string; status: number; headers: [string, string][]; body: string }>
  watch: string
  now: number
}

describe('byte-identical replays (clock: virtual + seed)', () => {
  it('two processes, same seed: identical bytes; another seed changes only identities', async () => {
    const [a, b, c] = await Promise.all([run('replay-1'), run('replay-1'), run('replay-2')])
    expect(a.length).toBeGreaterThan(50_000)
    expect(b).toBe(a) // every byte
    const ta = JSON.parse(a) as Transcript
    expect(ta.transcript.map((t) => `${t.step} ${t.status}`)).toEqual([
      'list 200',
      'create 201',
      'generateName 201',
      'merge patch 200',
      'json patch 200',
      'after import 200',
      'istag 200',
      'import 201',
      'table 200',
      'yaml 200',
      'delete 200',
      'namespace 201',
    ])
    const types = ta.watch.trim().split('\n').map((l) => (JSON.parse(l) as { type: string }).type)
    expect(types.filter((t) => t !== 'BOOKMARK')).toEqual(['ADDED', 'ADDED', 'MODIFIED', 'MODIFIED', 'MODIFIED', 'MODIFIED', 'DELETED'])
    expect(types.filter((t) => t === 'BOOKMARK').length).toBeGreaterThan(40) // hourly over two days
    // The controller's import landed at the virtual time it was due.
    const imported = JSON.parse(ta.transcript[5]!.body) as { status: { tags: Array<{ items: Array<{ created: string }> }> } }
    expect(imported.status.tags[0]!.items[0]!.created).toBe('2026-01-01T00:05:01Z')
    // A different seed: different uids and generated names, same times.
    const tc = JSON.parse(c) as Transcript
    expect(c).not.toBe(a)
    const uid = (t: Transcript) => (JSON.parse(t.transcript[1]!.body) as { metadata: { uid: string; creationTimestamp: string } }).metadata
    expect(uid(tc).uid).not.toBe(uid(ta).uid)
    expect(uid(tc).creationTimestamp).toBe(uid(ta).creationTimestamp)
  }, 60_000)
})
