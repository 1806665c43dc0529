// Dump → seed round trip: every built-in fixture set, dumped through the API (a list per kind, kubectl
// get -o yaml against listen(), api.snapshot(), multi-document YAML), seeds a fresh fake that answers
// exactly as the original — resourceVersions aside (a restore numbers objects anew).

import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import { createFakeImageApi, fixtureSetNames, type FakeImageApi, type SeedInput } from '../../src/index.js'
import { listen, kubeconfigFor, loadFixtures } from '../../src/node.js'
import { tempDir } from '../e2e/support.js'

const KINDS = ['/api/v1/namespaces', '/api/v1/secrets', '/api/v1/events', '/apis/image.openshift.io/v1/images', '/apis/image.openshift.io/v1/imagestreams']
const VIEWS = ['/apis/image.openshift.io/v1/imagestreamtags', '/apis/image.openshift.io/v1/imagetags']

async function get(api: FakeImageApi, path: string): Promise<any> {
  const res = await api.fetch(new Request(`http://fake.local${path}`))
  expect(res.status, path).toBe(200)
  return res.json()
}

function withoutRV(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutRV)
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'resourceVersion').map(([k, x]) => [k, withoutRV(x)]))
  return v
}

/** What the API answers: every kind and view, listed and got one by one. */
async function answers(api: FakeImageApi): Promise<unknown> {
  const out: Record<string, unknown> = {}
  for (const path of [...KINDS, ...VIEWS]) {
    const list = await get(api, path)
    out[path] = list
    for (const o of list.items) {
      const ns = o.metadata.namespace ? `/namespaces/${o.metadata.namespace}` : ''
      const base = path.replace(/\/(\w+)$/, `${ns}/$1`)
      out[`${base}/${o.metadata.name}`] = await get(api, `${base}/${encodeURIComponent(o.metadata.name)}`)
    }
  }
  return withoutRV(out)
}

async function seeded(input: SeedInput): Promise<FakeImageApi> {
  const api = createFakeImageApi({ importController: false })
  await api.seed(input)
  return api
}

let dir: ReturnType<typeof tempDir>
beforeAll(() => {
  dir = tempDir('roundtrip')
})
afterAll(() => dir.remove())

function kubectl(url: string, args: string[]): Promise<string> {
  const kubeconfig = join(dir.path, `kubeconfig-${Math.random().toString(36).slice(2)}`)
  writeFileSync(kubeconfig, stringify(kubeconfigFor({ url, namespace: 'default' })))
  return new Promise((resolve, reject) => {
    const child = spawn('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', join(dir.path, 'cache'), ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: dir.path },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    let err = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    child.on('error', reject)
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`kubectl ${args.join(' ')}: ${code}\n${err}`))))
  })
}

describe.each(fixtureSetNames())('round trip of the %s set', (name) => {
  let original: FakeImageApi
  let expected: unknown

  beforeAll(async () => {
    original = createFakeImageApi({ fixtures: name, importController: false })
    await original.ready
    expected = await answers(original)
  })

  it('a list per kind (<Kind>List items carry no kind)', async () => {
    const lists = []
    for (const path of KINDS) lists.push(await get(original, path))
    expect(lists.flatMap((l) => l.items).length).toBeGreaterThan(0)
    expect(lists.every((l) => l.items.every((i: any) => i.kind === undefined))).toBe(true)
    expect(await answers(await seeded(lists))).toEqual(expected)
  })

  it('multi-document YAML of the lists', async () => {
    const docs = []
    for (const path of KINDS) docs.push(stringify(await get(original, path)))
    expect(await answers(await seeded(docs.join('---\n')))).toEqual(expected)
  })

  it('loadFixtures() of a dump file (multi-document YAML of the lists) as the fixtures option', async () => {
    const docs = []
    for (const path of KINDS) docs.push(stringify(await get(original, path)))
    const file = join(dir.path, `${name}-dump.yaml`)
    writeFileSync(file, docs.join('---\n'))
    const api = createFakeImageApi({ fixtures: await loadFixtures(file), importController: false })
    await api.ready
    expect(await answers(api)).toEqual(expected)
  })

  it('api.snapshot()', async () => {
    expect(await answers(await seeded(original.snapshot()))).toEqual(expected)
  })

  it('kubectl get -o yaml|json (a v1 List) against listen(): with --show-managed-fields exactly; without, all but managedFields', async () => {
    const server = await listen(original, { host: '127.0.0.1', port: 0 })
    try {
      const args = ['get', 'namespaces,secrets,events,images,imagestreams', '--all-namespaces', '-o', 'yaml']
      const full = await kubectl(server.url, [...args, '--show-managed-fields'])
      expect(full).toMatch(/^apiVersion: v1\nitems:\n/)
      expect(await answers(await seeded(full))).toEqual(expected)
      const asJson = JSON.parse(await kubectl(server.url, ['get', 'namespaces,secrets,events,images,imagestreams', '--all-namespaces', '-o', 'json', '--show-managed-fields']))
      expect(asJson).toMatchObject({ kind: 'List', apiVersion: 'v1' })
      expect(await answers(await seeded(asJson))).toEqual(expected)
      // kubectl's default output leaves managedFields out: the restored objects get the seeder's.
      const plain = await kubectl(server.url, args)
      expect(plain).not.toContain('managedFields')
      expect(withoutManagedFields(await answers(await seeded(plain)))).toEqual(withoutManagedFields(expected))
    } finally {
      await server.close()
    }
  })
})

function withoutManagedFields(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutManagedFields)
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'managedFields').map(([k, x]) => [k, withoutManagedFields(x)]))
  return v
}

describe('seeding a dump', () => {
  it('keeps uid, creationTimestamp, generation and managedFields; renumbers resourceVersion', async () => {
    const api = await seeded([
      {
        kind: 'ImageStreamList',
        apiVersion: 'image.openshift.io/v1',
        metadata: { resourceVersion: '999' },
        items: [
          {
            metadata: {
              name: 'app',
              namespace: 'team',
              uid: '0b5d4e0c-6c1e-4b7e-9d55-3f4f3a0b1c2d',
              resourceVersion: '12345',
              generation: 3,
              creationTimestamp: '2024-01-02T03:04:05Z',
              managedFields: [{ manager: 'kubectl', operation: 'Update', apiVersion: 'image.openshift.io/v1', time: '2024-01-02T03:04:05Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': {} } }],
            },
            spec: { lookupPolicy: { local: false } },
          },
        ],
      },
    ])
    const got = await get(api, '/apis/image.openshift.io/v1/namespaces/team/imagestreams/app')
    expect(got.metadata).toMatchObject({
      uid: '0b5d4e0c-6c1e-4b7e-9d55-3f4f3a0b1c2d',
      generation: 3,
      creationTimestamp: '2024-01-02T03:04:05Z',
      managedFields: [{ manager: 'kubectl', operation: 'Update', time: '2024-01-02T03:04:05Z' }],
    })
    expect(got.metadata.resourceVersion).toBe(String(api.store.resourceVersion))
  })
})
