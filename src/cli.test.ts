import { build } from 'esbuild'
import { execFileSync, spawn } from 'node:child_process'
import { EventEmitter } from 'node:events'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import * as https from 'node:https'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { parse as parseYaml } from 'yaml'
import { defaultNamespace, kubeconfigFor, main, parseArgs, parseServeArgs, serve, summarize, UsageError, validateConfig, type Output, type RunningServer, type ServeOptions } from './cli.js'
import { builtinFixtureSets, FixtureLoadError, loadFixtures, packageRoot, parseFixtureText } from './fixtures/load.js'
import { createFakeImageApi } from './index.js'

const root = fileURLToPath(new URL('..', import.meta.url))

function capture(): Output & { lines: string[]; errors: string[] } {
  const lines: string[] = []
  const errors: string[] = []
  return { lines, errors, out: (l) => lines.push(l), err: (l) => errors.push(l) }
}

function tmp(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `oif-cli-${prefix}-`))
}

const dirs: string[] = []
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

function options(over: Partial<ServeOptions> = {}): ServeOptions {
  return { ...validateConfig({ port: 0, quiet: true }), ...over }
}

/** A fixture directory that does not depend on Namespace support. */
function fixtureDir(): string {
  const d = tmp('fx')
  dirs.push(d)
  writeFileSync(
    join(d, 'a-streams.yaml'),
    `# two documents and an empty one
apiVersion: image.openshift.io/v1
kind: ImageStream
metadata: {name: web, namespace: team-a, labels: {app: web}}
spec:
  tags:
  - name: "1.0"
    from: {kind: DockerImage, name: quay.io/example/web:1.0}
---
---
apiVersion: image.openshift.io/v1
kind: ImageStream
metadata: {name: api, namespace: team-a}
`,
  )
  writeFileSync(
    join(d, 'b-more.json'),
    JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name: 'worker', namespace: 'team-b' } }] }),
  )
  writeFileSync(join(d, 'ignored.txt'), 'not a fixture')
  return d
}

describe('parseArgs', () => {
  it('defaults: serve on 127.0.0.1:8080 with the built-in fixtures', async () => {
    for (const argv of [[], ['serve']]) {
      expect(await parseServeArgs(argv)).toEqual({
        port: 8080,
        host: '127.0.0.1',
        fixtures: ['default'],
        empty: false,
        tls: undefined,
        kubeconfig: undefined,
        namespace: undefined,
        state: undefined,
        stateDebounceMs: 50,
        control: false,
        controlAllowRemote: false,
        cors: [],
        hostAliases: [],
        logRequests: false,
        quiet: false,
        api: {},
      })
    }
  })

  it('reads every option; --fixtures repeats', async () => {
    const opts = await parseServeArgs([
      'serve', '--port', '0', '--host', '::1', '--fixtures', 'a.yaml', '-f', 'dir', '--namespace', 'x', '--kubeconfig', 'kc',
      '--internal-registry-hostname', 'reg.local:5000', '--external-registry-hostname', 'reg.example.com', '--tls-cert', 'c.pem', '--tls-key', 'k.pem',
      '--require-namespace', '--log-requests', '--quiet', '--host-alias', 'fake.test', '--host-alias', '*',
    ])
    expect(opts).toMatchObject({
      port: 0,
      host: '::1',
      fixtures: ['a.yaml', 'dir'],
      namespace: 'x',
      kubeconfig: 'kc',
      tls: { cert: 'c.pem', key: 'k.pem' },
      logRequests: true,
      quiet: true,
      hostAliases: ['fake.test', '*'],
      api: { internalRegistryHostname: 'reg.local:5000', externalRegistryHostname: 'reg.example.com', requireNamespace: true },
    })
    expect(await parseServeArgs(['serve', '--empty'])).toMatchObject({ empty: true, fixtures: [] })
  })

  it("--internal-registry-hostname '' means no internal registry (internalRegistryHostname: null)", async () => {
    const opts = await parseServeArgs(['serve', '--internal-registry-hostname', '', '--port', '0', '--empty', '--quiet'])
    expect(opts.api.internalRegistryHostname).toBeNull()
    const s = await serve(opts, capture())
    try {
      const created = await fetch(`${s.url}/apis/image.openshift.io/v1/namespaces/x/imagestreams`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ metadata: { name: 'app' } }),
      })
      expect(((await created.json()) as any).status).toEqual({ dockerImageRepository: '' })
    } finally {
      await s.close()
    }
  })

  it('flag values are checked like config keys, naming the flag\'s key', async () => {
    await expect(parseServeArgs(['serve', '--cors', 'localhost:5173'])).rejects.toThrow('command line: cors[0]: must be an origin like http://localhost:5173 (scheme://host[:port], no path; or *), not "localhost:5173"')
    await expect(parseServeArgs(['serve', '--base-path', 'api'])).rejects.toThrow('command line: basePaths[0]: must be a path like "/api/kubernetes"')
    await expect(parseServeArgs(['serve', '--control', '--host', '0.0.0.0'])).rejects.toThrow(/control: refused on the non-loopback host 0\.0\.0\.0/)
    expect(await parseServeArgs(['serve', '--control', '--host', '0.0.0.0', '--control-allow-remote'])).toMatchObject({ control: true, controlAllowRemote: true })
    expect(await parseServeArgs(['serve', '--cors', 'http://localhost:5173/', '--cors', '*', '--base-path', '/api/kubernetes', '--event-window', '50', '--no-import-controller', '--no-registry-defaults'])).toMatchObject({
      cors: ['http://localhost:5173', '*'],
      api: { basePaths: ['/api/kubernetes'], eventWindow: 50, importController: false, remoteRegistry: { defaults: false, registries: {} } },
    })
  })

  it('help and version', () => {
    expect(parseArgs(['--help'])).toEqual({ command: 'help' })
    expect(parseArgs(['serve', '-h'])).toEqual({ command: 'help' })
    expect(parseArgs(['help'])).toEqual({ command: 'help' })
    expect(parseArgs(['--version'])).toEqual({ command: 'version' })
  })

  it.each([
    [['serve', '--port', 'eighty'], /--port must be a number/],
    [['serve', '--port', '70000'], /--port must be a number/],
    [['serve', '--empty', '--fixtures', 'x'], /--empty and --fixtures/],
    [['serve', '--tls-cert', 'c.pem'], /--tls-cert and --tls-key must be given together/],
    [['serve', '--bogus'], /Unknown option '--bogus'/],
    [['serve', 'extra'], /unexpected argument "extra"/],
    [['launch'], /unknown command "launch"/],
    [['serve', '--host', ''], /--host must not be empty/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(UsageError)
    expect(() => parseArgs(argv)).toThrow(message)
  })
})

describe('helpers', () => {
  it('kubeconfigFor: one cluster/user/context, namespace, insecure-skip-tls-verify', () => {
    expect(kubeconfigFor({ url: 'https://127.0.0.1:8443', namespace: 'demo' })).toEqual({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'openshift-image-fake', cluster: { server: 'https://127.0.0.1:8443', 'insecure-skip-tls-verify': true } }],
      users: [{ name: 'developer', user: { token: 'sha256~openshift-image-fake-developer-token' } }],
      contexts: [{ name: 'openshift-image-fake', context: { cluster: 'openshift-image-fake', user: 'developer', namespace: 'demo' } }],
      'current-context': 'openshift-image-fake',
      preferences: {},
    })
  })

  it('defaultNamespace: demo if present, else the first non-openshift namespace, else default', () => {
    expect(defaultNamespace([{ kind: 'ImageStream', metadata: { namespace: 'openshift' } }, { kind: 'Namespace', metadata: { name: 'demo' } }])).toBe('demo')
    expect(defaultNamespace([{ kind: 'ImageStream', metadata: { namespace: 'openshift' } }, { kind: 'ImageStream', metadata: { namespace: 'team-a' } }])).toBe('team-a')
    expect(defaultNamespace([{ kind: 'ImageStream', metadata: { namespace: 'openshift' } }])).toBe('openshift')
    expect(defaultNamespace([{ kind: 'Image', metadata: { name: 'sha256:x' } }])).toBe('default')
  })

  it('summarize', () => {
    expect(summarize([{ kind: 'Image' }, { kind: 'Image' }, { kind: 'ImageStream' }, { kind: 'Namespace' }])).toBe('2 images, 1 ImageStream, 1 Namespace')
    expect(summarize([])).toBe('no objects')
  })
})

describe('loadFixtures', () => {
  it('finds the package root and the built-in sets: fixtures/<name>/ directories and fixtures/<name>.yaml files', async () => {
    expect(packageRoot()).toBe(root.replace(/\/$/, ''))
    const names = await builtinFixtureSets()
    expect(names).toContain('default')
    const onDisk = readdirSync(join(root, 'fixtures'), { withFileTypes: true }).map((e) => (e.isDirectory() ? e.name : e.name.replace(/\.(ya?ml|json)$/, '')))
    expect(names).toEqual([...new Set(onDisk)].sort())
    for (const name of names) expect((await loadFixtures(name)).length, name).toBeGreaterThan(0)
  })

  it('loads a directory: *.yaml, *.yml, *.json in name order, multi-document YAML, empty documents skipped', async () => {
    const objects = (await loadFixtures(fixtureDir())) as any[]
    expect(objects.map((o) => o.metadata?.name ?? o.kind)).toEqual(['web', 'api', 'List'])
  })

  it('loads single files and lists of sources; builtin:<name> and bare names mean built-in sets', async () => {
    const d = fixtureDir()
    const one = await loadFixtures(join(d, 'b-more.json'))
    expect(one).toHaveLength(1)
    const both = await loadFixtures([join(d, 'b-more.json'), join(d, 'a-streams.yaml')])
    expect(both).toHaveLength(3)
    const builtin = await loadFixtures('builtin:default')
    expect(builtin.length).toBeGreaterThan(20)
    expect(await loadFixtures('default')).toEqual(builtin)
  })

  it('fails naming the file (and document) for bad input, unknown sets and missing paths', async () => {
    expect(() => parseFixtureText('a: [1, 2', 'bad.yaml')).toThrow(/^bad\.yaml: invalid YAML/)
    expect(() => parseFixtureText('kind: A\n---\nkind: [', 'multi.yaml')).toThrow(/^multi\.yaml \(document 2\): invalid YAML/)
    expect(() => parseFixtureText('{"kind":', 'bad.json')).toThrow(/^bad\.json: invalid JSON/)
    expect(() => parseFixtureText('just a string', 'scalar.yaml')).toThrow(/must be an object, an array or a List/)
    // @ts-expect-error: a typo in a set name does not compile
    await expect(loadFixtures('no-such-set')).rejects.toThrow(/unknown fixture set "no-such-set".*built-in sets: .*default/)
    await expect(loadFixtures('./no/such/file.yaml')).rejects.toThrow(FixtureLoadError)
  })
})

describe('the built-in "default" fixtures', () => {
  it('are consistent: digests, references, tag histories, tracking tags', async () => {
    const objects = (await loadFixtures('default')) as any[]
    const images = new Map(objects.filter((o) => o.kind === 'Image').map((o) => [o.metadata.name, o]))
    const streams = objects.filter((o) => o.kind === 'ImageStream')
    expect(objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name)).toEqual(['openshift', 'demo'])
    expect(streams.map((s) => `${s.metadata.namespace}/${s.metadata.name}`)).toEqual([
      'openshift/nodejs', 'openshift/python', 'openshift/httpd', 'openshift/nginx', 'demo/frontend', 'demo/backend', 'demo/postgresql',
    ])
    for (const [name, img] of images) {
      expect(name).toMatch(/^sha256:[0-9a-f]{64}$/)
      expect(img.dockerImageReference.endsWith(`@${name}`)).toBe(true)
      expect(img.dockerImageMetadata.Id).toMatch(/^sha256:[0-9a-f]{64}$/)
      expect(img.dockerImageLayers.length).toBeGreaterThan(0)
    }
    for (const s of streams) {
      for (const t of s.status.tags) {
        expect(t.items.length).toBeGreaterThan(0)
        for (const item of t.items) {
          expect(images.has(item.image), `${s.metadata.name}:${t.tag} → ${item.image}`).toBe(true)
          expect(item.dockerImageReference).toBe(images.get(item.image).dockerImageReference)
        }
        // newest first
        const times = t.items.map((i: any) => Date.parse(i.created))
        expect([...times].sort((a, b) => b - a)).toEqual(times)
      }
      for (const spec of s.spec.tags) {
        if (spec.from.kind !== 'ImageStreamTag') continue
        const target = spec.from.name.includes(':') ? spec.from.name.split(':')[1] : spec.from.name
        const current = (tag: string) => s.status.tags.find((t: any) => t.tag === tag).items[0].image
        expect(current(spec.name), `${s.metadata.name}:${spec.name} tracks ${target}`).toBe(current(target))
      }
    }
  })

  it('seed without errors and read back as stored', async () => {
    const objects = (await loadFixtures('default')) as any[]
    const api = createFakeImageApi({ fixtures: objects })
    await api.ready
    const res = await api.fetch(new Request('http://x/apis/image.openshift.io/v1/namespaces/openshift/imagestreams/nodejs'))
    const nodejs = (await res.json()) as any
    const source = objects.find((o) => o.kind === 'ImageStream' && o.metadata.name === 'nodejs')
    expect(nodejs.status.tags).toEqual(source.status.tags)
  })
})

describe('serve()', () => {
  const running: RunningServer[] = []
  afterEach(async () => {
    while (running.length) await running.pop()!.close()
  })

  it('serves the built-in fixtures on 127.0.0.1 and writes a kubeconfig for the demo namespace', async () => {
    const out = capture()
    const s = await serve(options({ quiet: false }), out)
    running.push(s)
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(out.lines[0]).toBe(`openshift-image-fake listening on ${s.url}`)
    expect(out.lines[1]).toBe(`kubeconfig: ${s.kubeconfigPath} (namespace demo)`)
    expect(out.lines.join('\n')).toMatch(/fixtures: +default: 2 namespaces, 20 images, 7 image streams/)
    expect(out.lines).toContain(`  export KUBECONFIG=${s.kubeconfigPath}`)
    const res = await fetch(`${s.url}/apis/image.openshift.io/v1/namespaces/openshift/imagestreams`)
    expect(((await res.json()) as any).items.map((i: any) => i.metadata.name).sort()).toEqual(['httpd', 'nginx', 'nodejs', 'python'])
    const ns = await fetch(`${s.url}/api/v1/namespaces/demo`)
    expect(ns.status).toBe(200)
  })

  it('serves a fixture directory; the default kubeconfig is removed on close', async () => {
    const out = capture()
    const s = await serve(options({ fixtures: [fixtureDir()] }), out)
    running.push(s)
    expect(s.namespace).toBe('team-a')
    expect(s.kubeconfigPath).toBe(join(tmpdir(), 'openshift-image-fake', new URL(s.url).port, 'kubeconfig'))
    const kc = parseYaml(readFileSync(s.kubeconfigPath, 'utf8'))
    expect(kc).toEqual(kubeconfigFor({ url: s.url, namespace: 'team-a' }))
    // --quiet: only the two essential lines
    expect(out.lines).toEqual([`openshift-image-fake listening on ${s.url}`, `kubeconfig: ${s.kubeconfigPath} (namespace team-a)`])
    const res = await fetch(`${s.url}/apis/image.openshift.io/v1/imagestreams`)
    const items = ((await res.json()) as any).items.map((i: any) => `${i.metadata.namespace}/${i.metadata.name}`)
    expect(items.sort()).toEqual(['team-a/api', 'team-a/web', 'team-b/worker'])
    await s.close()
    expect(existsSync(s.kubeconfigPath)).toBe(false)
    await s.close() // idempotent
  })

  it('--kubeconfig and --namespace; an explicit kubeconfig is kept; --empty; registry hostnames', async () => {
    const d = tmp('kc')
    dirs.push(d)
    const path = join(d, 'nested', 'config')
    const s = await serve(options({ empty: true, fixtures: [], kubeconfig: path, namespace: 'sandbox', api: { internalRegistryHostname: 'registry.local:5000', externalRegistryHostname: 'images.example.com' } }), capture())
    running.push(s)
    expect(s.kubeconfigPath).toBe(path)
    expect(parseYaml(readFileSync(path, 'utf8')).contexts[0].context.namespace).toBe('sandbox')
    const list = await fetch(`${s.url}/apis/image.openshift.io/v1/imagestreams`)
    expect(((await list.json()) as any).items).toEqual([])
    const created = await fetch(`${s.url}/apis/image.openshift.io/v1/namespaces/sandbox/imagestreams`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name: 'app' } }),
    })
    expect(((await created.json()) as any).status).toEqual({ dockerImageRepository: 'registry.local:5000/sandbox/app', publicDockerImageRepository: 'images.example.com/sandbox/app' })
    await s.close()
    expect(existsSync(path)).toBe(true)
  })

  it('--tls-cert/--tls-key: https, and the kubeconfig skips verification', async () => {
    const d = tmp('tls')
    dirs.push(d)
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(d, 'key.pem'), '-out', join(d, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' })
    const s = await serve(options({ empty: true, fixtures: [], tls: { cert: join(d, 'cert.pem'), key: join(d, 'key.pem') } }), capture())
    running.push(s)
    expect(s.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/)
    expect(parseYaml(readFileSync(s.kubeconfigPath, 'utf8')).clusters[0].cluster).toEqual({ server: s.url, 'insecure-skip-tls-verify': true })
    const body = await new Promise<string>((resolve, reject) => {
      https
        .get(`${s.url}/version`, { rejectUnauthorized: false }, (res) => {
          let b = ''
          res.on('data', (c: Buffer) => (b += c.toString()))
          res.on('end', () => resolve(b))
        })
        .on('error', reject)
    })
    expect(JSON.parse(body).minor).toBe('32')
  })

  it('--log-requests prints one line per request', async () => {
    const out = capture()
    const s = await serve(options({ empty: true, fixtures: [], logRequests: true }), out)
    running.push(s)
    await (await fetch(`${s.url}/apis/image.openshift.io/v1/namespaces/x/imagestreams/missing`, { headers: { 'user-agent': 'probe/1' } })).text()
    expect(out.lines.at(-1)).toMatch(/^\d{4}-\d\d-\d\dT\S+ GET \/apis\/image\.openshift\.io\/v1\/namespaces\/x\/imagestreams\/missing 404 [\d.]+ms "probe\/1"$/)
  })

  it('a fixture error fails before listening, naming the object', async () => {
    const d = tmp('badfx')
    dirs.push(d)
    writeFileSync(join(d, 'bad.yaml'), 'apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata: {name: "Bad Name", namespace: x}\n')
    await expect(serve(options({ fixtures: [d] }), capture())).rejects.toThrow(/cannot seed ImageStream x\/Bad Name/)
  })
})

describe('main()', () => {
  it('usage errors exit 2 with a hint; --help and --version exit 0', async () => {
    const out = capture()
    expect(await main(['serve', '--port', 'x'], { output: out })).toBe(2)
    expect(out.errors).toEqual(['openshift-image-fake: --port must be a number between 0 and 65535, not "x"', 'Run "openshift-image-fake --help" for usage.'])
    const help = capture()
    expect(await main(['--help'], { output: help })).toBe(0)
    expect(help.lines[0]).toMatch(/^Usage: openshift-image-fake serve \[options\]/)
    expect(help.lines[0]).toMatch(/built-in\s+sets: [^]*default/)
    const version = capture()
    expect(await main(['--version'], { output: version })).toBe(0)
    expect(version.lines).toEqual([JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version])
  })

  it('a port in use exits 2 with a message', async () => {
    const blocker = createServer()
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()))
    const port = (blocker.address() as { port: number }).port
    try {
      const out = capture()
      expect(await main(['serve', '--empty', '--port', String(port)], { output: out })).toBe(2)
      expect(out.errors[0]).toBe(`openshift-image-fake: 127.0.0.1:${port} is already in use (try --port 0 for a free port)`)
    } finally {
      blocker.close()
    }
  })

  it('SIGTERM ends open watches, closes the server and exits 0', async () => {
    const signals = new EventEmitter()
    const out = capture()
    let server: RunningServer | undefined
    const exit = main(['serve', '--port', '0', '--fixtures', fixtureDir()], { output: out, signals: signals as never, onListening: (s) => (server = s) })
    await new Promise<void>((r) => {
      const t = setInterval(() => server && (clearInterval(t), r()), 10)
    })
    const watch = await fetch(`${server!.url}/apis/image.openshift.io/v1/namespaces/team-a/imagestreams?watch=true`)
    const reader = watch.body!.getReader()
    const first = await reader.read()
    expect(new TextDecoder().decode(first.value)).toContain('"ADDED"')
    signals.emit('SIGTERM')
    expect(await exit).toBe(0)
    // the watch ended cleanly
    for (;;) {
      const { done } = await reader.read()
      if (done) break
    }
    expect(out.lines).toContain('SIGTERM received, shutting down')
    expect(signals.listenerCount('SIGTERM') + signals.listenerCount('SIGINT')).toBe(0)
    await expect(fetch(`${server!.url}/version`)).rejects.toThrow()
    expect(existsSync(server!.kubeconfigPath)).toBe(false)
  })
})

describe('bin/openshift-image-fake.js', () => {
  let pkg: string

  beforeAll(async () => {
    // A package laid out as published: bin/, dist/cli.js (bundled here), fixtures/, package.json.
    pkg = tmp('pkg')
    dirs.push(pkg)
    mkdirSync(join(pkg, 'bin'))
    copyFileSync(join(root, 'bin', 'openshift-image-fake.js'), join(pkg, 'bin', 'openshift-image-fake.js'))
    copyFileSync(join(root, 'package.json'), join(pkg, 'package.json'))
    symlinkSync(join(root, 'fixtures'), join(pkg, 'fixtures'))
    symlinkSync(join(root, 'node_modules'), join(pkg, 'node_modules'))
    await build({ entryPoints: [join(root, 'src', 'cli.ts')], outfile: join(pkg, 'dist', 'cli.js'), bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'silent' })
  })

  function launch(args: string[]) {
    const child = spawn(process.execPath, [join(pkg, 'bin', 'openshift-image-fake.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TMPDIR: pkg } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)))
    return { child, exited, out: () => stdout, err: () => stderr }
  }

  async function urlOf(p: ReturnType<typeof launch>): Promise<string> {
    for (let i = 0; i < 200; i++) {
      // The URL and the kubeconfig lines are separate writes: wait for both.
      const m = p.out().match(/listening on (\S+)/)
      if (m && /kubeconfig: \S+/.test(p.out())) return m[1]!
      if (p.child.exitCode !== null) break
      await new Promise((r) => setTimeout(r, 50))
    }
    throw new Error(`no URL printed\n${p.out()}\n${p.err()}`)
  }

  it('--version and --help', async () => {
    const v = launch(['--version'])
    expect(await v.exited).toBe(0)
    expect(v.out().trim()).toBe(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version)
    const bad = launch(['serve', '--nope'])
    expect(await bad.exited).toBe(2)
    expect(bad.err()).toContain("Unknown option '--nope'")
  })

  it.each(['SIGTERM', 'SIGINT'] as const)('serve, then %s: clean shutdown, exit 0', async (signal) => {
    const p = launch(['serve', '--port', '0', '--fixtures', fixtureDir()])
    try {
      const url = await urlOf(p)
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      const kubeconfig = p.out().match(/kubeconfig: (\S+)/)![1]!
      expect(dirname(kubeconfig)).toBe(join(pkg, 'openshift-image-fake', new URL(url).port))
      const res = await fetch(`${url}/apis/image.openshift.io/v1/namespaces/team-b/imagestreams/worker`)
      expect(res.status).toBe(200)
      // an open watch must not keep the process alive
      const watch = await fetch(`${url}/apis/image.openshift.io/v1/imagestreams?watch=1`)
      const reader = watch.body!.getReader()
      await reader.read()
      process.kill(p.child.pid!, signal)
      expect(await p.exited).toBe(0)
      expect(p.out()).toContain(`${signal} received, shutting down`)
      expect(p.err()).toBe('')
      expect(existsSync(kubeconfig)).toBe(false)
    } finally {
      if (p.child.exitCode === null && p.child.pid) process.kill(p.child.pid, 'SIGKILL')
    }
  })
})
