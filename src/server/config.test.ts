// The serve configuration: config files (JSON, YAML, ES modules), flags over them, and the checks.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { main, parseArgs, resolveServeOptions } from '../cli.js'
import { ConfigError, validateConfig } from './config.js'

const dir = mkdtempSync(join(tmpdir(), 'oif-config-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function optionsOf(argv: string[]) {
  const cmd = parseArgs(argv)
  if (cmd.command !== 'serve') throw new Error('not serve')
  return resolveServeOptions(cmd)
}

describe('config files', () => {
  it('relative paths are taken from the config file\'s folder; a bare name that is not a file there is a built-in set', async () => {
    const sub = join(dir, 'project')
    mkdirSync(join(sub, 'fx'), { recursive: true })
    writeFileSync(join(sub, 'fake.yaml'), 'fixtures: [./fx, default]\nstate: .state/fake.json\nkubeconfig: kc\ntls: {cert: c.pem, key: k.pem}\n')
    expect(await optionsOf(['serve', '--config', join(sub, 'fake.yaml')])).toMatchObject({
      fixtures: [join(sub, 'fx'), 'default'],
      state: join(sub, '.state/fake.json'),
      kubeconfig: join(sub, 'kc'),
      tls: { cert: join(sub, 'c.pem'), key: join(sub, 'k.pem') },
    })
  })

  it('an ES module: a default export, a function, an async function; flags replace its values', async () => {
    writeFileSync(join(dir, 'a.mjs'), 'export default { port: 1234, cors: "http://localhost:5173", eventWindow: 7 }\n')
    writeFileSync(join(dir, 'b.mjs'), 'export default () => ({ port: 1235, watch: { bookmarkIntervalMs: 10 } })\n')
    writeFileSync(join(dir, 'c.mjs'), 'export default async () => ({ port: 1236, importController: { delayMs: 0 } })\n')
    writeFileSync(join(dir, 'none.mjs'), 'export const port = 1\n')
    expect(await optionsOf(['serve', '-c', join(dir, 'a.mjs')])).toMatchObject({ port: 1234, cors: ['http://localhost:5173'], api: { eventWindow: 7 } })
    expect(await optionsOf(['serve', '-c', join(dir, 'b.mjs')])).toMatchObject({ port: 1235, api: { watch: { bookmarkIntervalMs: 10 } } })
    expect(await optionsOf(['serve', '-c', join(dir, 'c.mjs'), '--port', '0', '--no-import-controller'])).toMatchObject({ port: 0, api: { importController: false } })
    await expect(optionsOf(['serve', '-c', join(dir, 'none.mjs')])).rejects.toThrow(/none\.mjs: the module has no default export/)
  })

  it('--registry files merge into the config\'s remoteRegistry (a later host replaces an earlier one); --no-registry-defaults keeps them', async () => {
    writeFileSync(join(dir, 'reg.json'), JSON.stringify({ remoteRegistry: { registries: { 'a.test': { httpOnly: true }, 'b.test': { blocked: true } } } }))
    writeFileSync(join(dir, 'more.yaml'), 'registries:\n  b.test: {insecure: true}\n  c.test: {notV2: true}\n')
    expect((await optionsOf(['serve', '-c', join(dir, 'reg.json'), '--registry', join(dir, 'more.yaml'), '--no-registry-defaults'])).api.remoteRegistry).toEqual({
      defaults: false,
      registries: { 'a.test': { httpOnly: true }, 'b.test': { insecure: true }, 'c.test': { notV2: true } },
    })
    writeFileSync(join(dir, 'bad-reg.yaml'), 'registries:\n  x.test: {repositories: {r: {tags: {t: 5}}}}\n')
    await expect(optionsOf(['serve', '--registry', join(dir, 'bad-reg.yaml')])).rejects.toThrow(/--registry .*bad-reg\.yaml: registries\["x\.test"\]\.repositories\.r\.tags\.t: must be an object/)
  })

  it('files that do not read or parse are named', async () => {
    writeFileSync(join(dir, 'broken.yaml'), 'port: [1\n')
    writeFileSync(join(dir, 'list.json'), '[1, 2]')
    await expect(optionsOf(['serve', '-c', join(dir, 'broken.yaml')])).rejects.toThrow(/broken\.yaml: invalid YAML/)
    await expect(optionsOf(['serve', '-c', join(dir, 'list.json')])).rejects.toThrow(/list\.json: must hold an object of options, not a list/)
    await expect(optionsOf(['serve', '-c', join(dir, 'missing.yaml')])).rejects.toThrow(/missing\.yaml: cannot read the config file/)
    const errors: string[] = []
    expect(await main(['serve', '-c', join(dir, 'missing.yaml')], { output: { out: () => {}, err: (l) => errors.push(l) } })).toBe(2)
    expect(errors[0]).toMatch(/^openshift-image-fake: .*missing\.yaml: cannot read the config file/)
  })
})

describe('validateConfig', () => {
  it.each([
    [{ port: 70000 }, 'port: must be a whole number between 0 and 65535, not 70000'],
    [{ internalRegistryHostname: 5 }, 'internalRegistryHostname: must be a string, not 5'],
    [{ basePaths: ['/ok', 'nope'] }, 'basePaths[1]: must be a path like "/api/kubernetes"'],
    [{ importController: { delay: 1 } }, 'importController.delay: unknown key (known: scheduledIntervalMs, delayMs)'],
    [{ importController: 'off' }, 'importController: must be an object, not "off"'],
    [{ tls: { cert: 'c.pem' } }, 'tls: needs both cert and key'],
    [{ empty: true, fixtures: ['default'] }, 'empty: cannot be used together with fixtures'],
    [{ remoteRegistry: { registries: { 'q.test': { repositories: { r: { tags: { t: { error: 'notFound', seed: 'x' } } } } } } } }, 'remoteRegistry.registries["q.test"].repositories.r.tags.t: a failing tag is { error: "<text>" } and nothing else'],
    [{ baseUrl: 'http://x' }, 'baseUrl: only filters the msw handlers'],
    [{ cors: ['http://localhost:5173/app'] }, 'cors[0]: must be an origin like http://localhost:5173'],
    [{ fixtures: [1] }, 'fixtures[0]: must be a file, a directory, a built-in set name, or an object'],
  ])('%j → %s', (raw, message) => {
    expect(() => validateConfig(raw)).toThrow(ConfigError)
    expect(() => validateConfig(raw)).toThrow(message)
  })

  it('auth inline is checked as createFakeImageApi checks it; authFile is loaded (relative to the config) and not both', async () => {
    expect(validateConfig({ auth: { tokens: { t: { user: 'dev' } } } }).api.auth).toEqual({ tokens: { t: { user: 'dev' } } })
    expect(() => validateConfig({ auth: { tokens: { t: { name: 'x' } } } })).toThrow('auth: tokens["t"].name: unknown key')
    expect(() => validateConfig({ auth: {}, authFile: 'a.yaml' })).toThrow('authFile: give either auth (inline) or authFile, not both')
    writeFileSync(join(dir, 'auth.yaml'), 'tokens: { dev-token: { user: dev } }\n')
    writeFileSync(join(dir, 'with-auth.json'), JSON.stringify({ authFile: 'auth.yaml' }))
    const opts = await optionsOf(['serve', '-c', join(dir, 'with-auth.json')])
    expect([opts.authFile, opts.api.auth]).toEqual([join(dir, 'auth.yaml'), { tokens: { 'dev-token': { user: 'dev' } } }])
  })

  it("internalRegistryHostname '' and null both mean no internal registry", () => {
    expect(validateConfig({ internalRegistryHostname: '' }).api.internalRegistryHostname).toBeNull()
    expect(validateConfig({ internalRegistryHostname: null }).api.internalRegistryHostname).toBeNull()
    expect(validateConfig({ internalRegistryHostname: 'r:5000' }).api.internalRegistryHostname).toBe('r:5000')
  })

  it('inline fixture objects and every createFakeImageApi option pass through', () => {
    const stream = { apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name: 'x', namespace: 'y' } }
    expect(
      validateConfig({
        fixtures: ['default', stream],
        externalRegistryHostname: 'images.example.com',
        requireNamespace: true,
        eventWindow: 100,
        basePaths: ['/api/kubernetes'],
        watch: { bookmarkIntervalMs: 1, minRequestTimeoutMs: 2, immediateBookmark: false, tooLargeResourceVersionWaitMs: 3, maxQueuedBytes: 4 },
        importController: { delayMs: 0, scheduledIntervalMs: 60_000 },
        remoteRegistry: { defaults: false, registries: {} },
      }),
    ).toMatchObject({
      fixtures: ['default', stream],
      api: {
        externalRegistryHostname: 'images.example.com',
        requireNamespace: true,
        eventWindow: 100,
        basePaths: ['/api/kubernetes'],
        watch: { bookmarkIntervalMs: 1, minRequestTimeoutMs: 2, immediateBookmark: false, tooLargeResourceVersionWaitMs: 3, maxQueuedBytes: 4 },
        importController: { delayMs: 0, scheduledIntervalMs: 60_000 },
        remoteRegistry: { defaults: false, registries: {} },
      },
    })
  })
})
