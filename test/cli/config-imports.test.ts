// `serve --config <file>`: the "imports from a fake remote registry" story from the command line, and a
// config that is wrong stops the start naming the key, before anything listens.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import { buildImage } from '../../src/index.js'
import { cliPackage, IS_PATH, json, urlOf, type Package } from './launch.js'

let pkg: Package
let dir: string
beforeAll(async () => {
  pkg = await cliPackage()
  dir = mkdtempSync(join(tmpdir(), 'oif-cli-config-'))
})
afterAll(() => {
  pkg?.remove()
  rmSync(dir, { recursive: true, force: true })
})

const REGISTRY = {
  defaults: false,
  registries: {
    'registry.example.test': {
      repositories: {
        'team/app': { tags: { '1.0': { seed: 'app-v1', config: { Cmd: ['/app'] } }, gone: { error: 'notFound' } } },
      },
    },
  },
}

const post = (url: string, body: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = await fn()
    if (v !== undefined) return v
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

describe('serve --config: imports from a fake remote registry', () => {
  it.each(['yaml', 'json', 'mjs'])('a %s config with a remote registry: ImageStreamImport and a DockerImage spec tag are imported over HTTP', async (format) => {
    const config = { port: 0, empty: true, internalRegistryHostname: '', importController: { delayMs: 0 }, remoteRegistry: REGISTRY }
    const file = join(dir, `fake-${format}.${format}`)
    writeFileSync(file, format === 'yaml' ? stringify(config) : format === 'json' ? JSON.stringify(config) : `export default async () => (${JSON.stringify(config)})\n`)
    const p = pkg.launch(['serve', '--config', file])
    try {
      const url = await urlOf(p)
      const expected = buildImage({ seed: 'app-v1', config: { Cmd: ['/app'] } }).digest

      const imported = await post(`${url}/apis/image.openshift.io/v1/namespaces/team/imagestreamimports`, {
        apiVersion: 'image.openshift.io/v1',
        kind: 'ImageStreamImport',
        metadata: { name: 'app', namespace: 'team' },
        spec: {
          import: true,
          images: [
            { from: { kind: 'DockerImage', name: 'registry.example.test/team/app:1.0' }, to: { name: '1.0' } },
            { from: { kind: 'DockerImage', name: 'registry.example.test/team/app:gone' }, to: { name: 'gone' } },
          ],
        },
      })
      const isi = await json(imported)
      expect(imported.status, JSON.stringify(isi)).toBe(201)
      expect(isi.status.images[0].status).toEqual({ metadata: {}, status: 'Success' })
      expect(isi.status.images[0].image.metadata.name).toBe(expected)
      expect(isi.status.images[1].status).toMatchObject({ status: 'Failure', reason: 'NotFound', code: 404 })
      // '' for internalRegistryHostname: no internal registry, as null does in the API
      expect(isi.status.import.status.dockerImageRepository).toBe('')

      // The import controller (delayMs: 0 from the config) imports a DockerImage spec tag.
      const created = await post(`${url}${IS_PATH('team')}`, {
        apiVersion: 'image.openshift.io/v1',
        kind: 'ImageStream',
        metadata: { name: 'web' },
        spec: { tags: [{ name: 'stable', from: { kind: 'DockerImage', name: 'registry.example.test/team/app:1.0' } }] },
      })
      expect(created.status).toBe(201)
      const tag = await until('the import controller', async () => {
        const s = await json(await fetch(`${url}${IS_PATH('team')}/web`))
        return s.status?.tags?.find((t: { tag: string }) => t.tag === 'stable')
      })
      expect(tag.items[0]).toMatchObject({ image: expected, dockerImageReference: `registry.example.test/team/app@${expected}` })
    } finally {
      p.kill()
      await p.exited
    }
  })

  it('--registry <file> and --no-import-controller: the registry file is used, nothing imports by itself', async () => {
    const reg = join(dir, 'registry.yaml')
    writeFileSync(reg, stringify(REGISTRY))
    const p = pkg.launch(['serve', '--port', '0', '--empty', '--registry', reg, '--no-import-controller', '--control'])
    try {
      const url = await urlOf(p)
      const isi = await json(
        await post(`${url}/apis/image.openshift.io/v1/namespaces/team/imagestreamimports`, {
          apiVersion: 'image.openshift.io/v1',
          kind: 'ImageStreamImport',
          metadata: { name: 'app' },
          spec: { import: false, images: [{ from: { kind: 'DockerImage', name: 'registry.example.test/team/app:1.0' } }] },
        }),
      )
      expect(isi.status.images[0].status.status).toBe('Success')
      // defaults: false in the file: Docker Hub is not there
      const hub = await json(
        await post(`${url}/apis/image.openshift.io/v1/namespaces/team/imagestreamimports`, {
          apiVersion: 'image.openshift.io/v1',
          kind: 'ImageStreamImport',
          metadata: { name: 'hub' },
          spec: { import: false, images: [{ from: { kind: 'DockerImage', name: 'docker.io/library/nginx:latest' } }] },
        }),
      )
      expect(hub.status.images[0].status.status).toBe('Failure')
      await post(`${url}${IS_PATH('team')}`, { metadata: { name: 'idle' }, spec: { tags: [{ name: 't', from: { kind: 'DockerImage', name: 'registry.example.test/team/app:1.0' } }] } })
      // settle runs the import controller to quiescence: with it on, the tag would be imported by now
      expect((await fetch(`${url}/.fake/settle`, { method: 'POST' })).status).toBe(200)
      const idle = await json(await fetch(`${url}${IS_PATH('team')}/idle`))
      expect(idle.status.tags ?? []).toEqual([])
    } finally {
      p.kill()
      await p.exited
    }
  })

  it.each([
    ['an unknown key', { port: 0, imporController: false }, 'imporController: unknown key'],
    ['a bad value', { port: 0, eventWindow: 0 }, 'eventWindow: must be a whole number ≥ 1, not 0'],
    ['a bad nested value', { port: 0, remoteRegistry: { registries: { 'quay.io': { httpOnly: 'yes' } } } }, 'remoteRegistry.registries["quay.io"].httpOnly: must be true or false, not "yes"'],
    ['an unknown nested key', { port: 0, watch: { bookmarkInterval: 5 } }, 'watch.bookmarkInterval: unknown key (known: bookmarkIntervalMs'],
    ['persist (a browser option)', { port: 0, persist: true }, 'persist: keeps a browser page'],
    ['control on a non-loopback host', { port: 0, host: '0.0.0.0', control: true }, 'control: refused on the non-loopback host 0.0.0.0'],
  ])('%s stops the start (exit 2, the key named, nothing listening)', async (_what, config, message) => {
    const file = join(dir, `bad-${Math.random().toString(36).slice(2)}.json`)
    writeFileSync(file, JSON.stringify(config))
    const p = pkg.launch(['serve', '--config', file])
    expect(await p.exited).toBe(2)
    expect(p.err()).toContain(`openshift-image-fake: ${file}: ${message}`)
    expect(p.out()).not.toContain('listening')
  })
})
