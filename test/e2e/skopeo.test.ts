// skopeo (the real binary, Debian's package) against the integrated registry served by listen() on
// 127.0.0.1 (plain HTTP, hence --*-tls-verify=false): an OCI layout pushed to demo/app:1.0 shows up as
// an ImageStreamTag (kubectl) and a watch sees it; inspect and list-tags of built-in fixture streams;
// a manifest list pushed with --all; a pull-through of an imported image. If skopeo is missing the
// suite FAILS, unless SKOPEO_OPTIONAL=1 (scripts/test-deps.mjs installs it when it can).

import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import { buildImage } from '../../src/index.js'
import { writeOciLayout } from './oci-layout.js'
import { fakeWithFixtures, kubeconfigObject, serveOnLoopback, tempDir, type Served } from './support.js'

const SKOPEO = process.env.SKOPEO_PATH ?? '/usr/bin/skopeo'
const HAVE = existsSync(SKOPEO)
const OPTIONAL = process.env.SKOPEO_OPTIONAL === '1'
const PULLED = buildImage({ reference: 'quay.io/team/pulled', layers: ['pulled base', 'pulled app'], config: { Cmd: ['/pulled'], Labels: { origin: 'quay' } } })

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

/** Run a command asynchronously (the fake lives in this process: never block the event loop). */
function run(cmd: string, args: string[], env: Record<string, string>, timeoutMs = 60_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const timer = setTimeout(() => {
      if (child.pid) process.kill(child.pid, 'SIGKILL')
      reject(new Error(`${cmd} ${args.join(' ')} timed out\n${stdout}\n${stderr}`))
    }, timeoutMs)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
  })
}

describe('skopeo is available', () => {
  it.skipIf(OPTIONAL && !HAVE)('finds skopeo (set SKOPEO_OPTIONAL=1 to skip the registry end-to-end tests)', () => {
    expect(HAVE, `skopeo is not at ${SKOPEO}: apt-get install -y skopeo, or set SKOPEO_OPTIONAL=1`).toBe(true)
  })
})

describe.skipIf(OPTIONAL && !HAVE)('skopeo against the integrated registry on listen()', () => {
  let served: Served
  let dir: ReturnType<typeof tempDir>
  let host: string
  let env: Record<string, string>

  beforeAll(async () => {
    served = await serveOnLoopback(
      await fakeWithFixtures({ remoteRegistry: { registries: { 'quay.io': { repositories: { 'team/pulled': { tags: { '2.0': PULLED } } } } } } }),
    )
    host = new URL(served.url).host
    dir = tempDir('skopeo')
    // skopeo reads policy and registries configuration from $HOME/.config/containers when present.
    env = { HOME: dir.path, TMPDIR: dir.path }
    writeFileSync(join(dir.path, 'policy.json'), JSON.stringify({ default: [{ type: 'insecureAcceptAnything' }] }))
  })

  afterAll(async () => {
    await served?.close()
    dir?.remove()
  })

  const skopeo = (args: string[]) => run(SKOPEO, ['--policy', join(dir.path, 'policy.json'), ...args], env)
  const kubectl = (args: string[]) => {
    const kubeconfig = join(dir.path, 'kubeconfig')
    writeFileSync(kubeconfig, stringify(kubeconfigObject(served.url, 'demo')))
    return run('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', join(dir.path, 'kcache'), ...args], { HOME: dir.path })
  }
  const apiGet = async (path: string) => (await fetch(served.url + path)).json() as Promise<any>

  it('copy an OCI layout to demo/app:1.0: the ImageStreamTag exists (kubectl) and a watch saw it', async () => {
    const layout = join(dir.path, 'app-layout')
    writeOciLayout(layout, '1.0', [{ arch: 'amd64', files: { 'app.txt': 'hello from skopeo' }, cmd: ['/app'], labels: { stage: 'e2e' } }])
    // A watch on the namespace's streams, opened before the push, over HTTP.
    const rv = (await apiGet('/apis/image.openshift.io/v1/namespaces/demo/imagestreams')).metadata.resourceVersion
    const ac = new AbortController()
    const watch = (async () => {
      const res = await fetch(`${served.url}/apis/image.openshift.io/v1/namespaces/demo/imagestreams?watch=true&resourceVersion=${rv}`, { signal: ac.signal })
      const reader = res.body!.getReader()
      let buf = ''
      for (;;) {
        const { value, done } = await reader.read()
        if (done) return undefined
        buf += new TextDecoder().decode(value)
        for (const line of buf.split('\n').slice(0, -1)) {
          const ev = JSON.parse(line)
          const tag = ev.object?.metadata?.name === 'app' && ev.object.status?.tags?.find((t: { tag: string }) => t.tag === '1.0')
          if (tag) return { type: ev.type, image: tag.items[0].image as string }
        }
        buf = buf.slice(buf.lastIndexOf('\n') + 1)
      }
    })()
    const copy = await skopeo(['copy', '--dest-tls-verify=false', `oci:${layout}:1.0`, `docker://${host}/demo/app:1.0`])
    expect(copy.stderr).toBe('')
    expect(copy.code).toBe(0)
    const seen = await watch
    ac.abort()
    expect(seen?.type).toBe('MODIFIED')

    const k = await kubectl(['get', 'istag', 'app:1.0', '-n', 'demo', '-o', 'json'])
    expect(k.code).toBe(0)
    const istag = JSON.parse(k.stdout)
    expect(istag.image.metadata.name).toBe(seen!.image)
    expect(istag.image.dockerImageReference).toBe(`image-registry.openshift-image-registry.svc:5000/demo/app@${seen!.image}`)
    expect(istag.image.metadata.annotations['openshift.io/image.managed']).toBe('true')
    expect(istag.image.dockerImageMetadata.Config.Labels).toEqual({ stage: 'e2e' })
    const table = await kubectl(['get', 'istag', 'app:1.0', '-n', 'demo'])
    expect(table.stdout).toContain(`image-registry.openshift-image-registry.svc:5000/demo/app@${seen!.image}`)

    // And back out: skopeo inspect reads what was pushed.
    const inspect = await skopeo(['inspect', '--tls-verify=false', `docker://${host}/demo/app:1.0`])
    expect(inspect.code).toBe(0)
    expect(JSON.parse(inspect.stdout)).toMatchObject({ Digest: seen!.image, Labels: { stage: 'e2e' }, Architecture: 'amd64', Os: 'linux' })
  })

  it('inspect a built-in fixture stream tag: digest, labels and layers are the Image\'s; the config blob checks out', async () => {
    const istag = await apiGet('/apis/image.openshift.io/v1/namespaces/openshift/imagestreamtags/nodejs:latest')
    const r = await skopeo(['inspect', '--tls-verify=false', `docker://${host}/openshift/nodejs:latest`])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const out = JSON.parse(r.stdout)
    expect(out.Digest).toBe(istag.image.metadata.name)
    expect(out.Labels).toEqual(istag.image.dockerImageMetadata.Config.Labels)
    expect(out.Layers).toEqual(istag.image.dockerImageLayers.map((l: { name: string }) => l.name))
    expect(out.RepoTags).toEqual(['18-ubi8', '20-ubi8', '20-ubi9', 'latest'])
    const cfg = await skopeo(['inspect', '--tls-verify=false', '--config', `docker://${host}/openshift/nodejs:latest`])
    expect(cfg.code).toBe(0)
    expect(JSON.parse(cfg.stdout).config).toEqual(istag.image.dockerImageMetadata.Config)
  })

  it('list-tags of a fixture stream', async () => {
    const r = await skopeo(['list-tags', '--tls-verify=false', `docker://${host}/demo/frontend`])
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual({ Repository: `${host}/demo/frontend`, Tags: ['latest', 'prod', 'staging'] })
  })

  it('copy a whole fixture image out to an OCI layout: every blob verifies', async () => {
    const out = join(dir.path, 'frontend-out')
    const r = await skopeo(['copy', '--src-tls-verify=false', `docker://${host}/demo/frontend:latest`, `oci:${out}:latest`])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const index = JSON.parse(readFileSync(join(out, 'index.json'), 'utf8'))
    expect(index.manifests).toHaveLength(1)
  })

  it('a manifest list (OCI index) pushed with --all: the tag is the index, children are Images', async () => {
    const layout = join(dir.path, 'multi-layout')
    const top = writeOciLayout(layout, 'v1', [
      { arch: 'amd64', files: { 'a.txt': 'amd64 build' } },
      { arch: 'arm64', variant: 'v8', files: { 'a.txt': 'arm64 build' } },
    ])
    const r = await skopeo(['copy', '--all', '--dest-tls-verify=false', `oci:${layout}:v1`, `docker://${host}/demo/multi:v1`])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const istag = await apiGet('/apis/image.openshift.io/v1/namespaces/demo/imagestreamtags/multi:v1')
    // skopeo compresses the (uncompressed) layers for a registry, so the index it pushes is a new one.
    expect(top).toMatch(/^sha256:/)
    const raw = await skopeo(['inspect', '--raw', '--tls-verify=false', `docker://${host}/demo/multi:v1`])
    expect(istag.image.metadata.name).toBe(`sha256:${createHash('sha256').update(raw.stdout).digest('hex')}`)
    expect(istag.image.dockerImageManifestMediaType).toBe('application/vnd.oci.image.index.v1+json')
    expect(JSON.parse(raw.stdout).mediaType).toBe('application/vnd.oci.image.index.v1+json')
    expect(istag.image.dockerImageManifests.map((m: { architecture: string }) => m.architecture)).toEqual(['amd64', 'arm64'])
    // Each child is an Image of its own, pullable by digest through the stream.
    for (const child of istag.image.dockerImageManifests as Array<{ digest: string }>) {
      const c = await skopeo(['inspect', '--tls-verify=false', `docker://${host}/demo/multi@${child.digest}`])
      expect(c.code).toBe(0)
    }
  })

  it('pull-through: an imported tag is copied out through the integrated registry from its source', async () => {
    const isi = await fetch(`${served.url}/apis/image.openshift.io/v1/namespaces/demo/imagestreamimports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        kind: 'ImageStreamImport',
        apiVersion: 'image.openshift.io/v1',
        metadata: { name: 'pulled' },
        spec: { import: true, images: [{ from: { kind: 'DockerImage', name: 'quay.io/team/pulled:2.0' }, to: { name: '2.0' }, referencePolicy: { type: 'Local' } }] },
      }),
    })
    expect(isi.status).toBe(201)
    const out = join(dir.path, 'pulled-out')
    const r = await skopeo(['copy', '--src-tls-verify=false', `docker://${host}/demo/pulled:2.0`, `oci:${out}:2.0`])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    // (the oci: destination stores an OCI manifest, converted from the schema 2 one)
    expect(JSON.parse(readFileSync(join(out, 'index.json'), 'utf8')).manifests).toHaveLength(1)
    const raw = await skopeo(['inspect', '--raw', '--tls-verify=false', `docker://${host}/demo/pulled:2.0`])
    expect(raw.stdout).toBe(PULLED.manifest)
    const inspect = JSON.parse((await skopeo(['inspect', '--tls-verify=false', `docker://${host}/demo/pulled:2.0`])).stdout)
    expect(inspect).toMatchObject({ Digest: PULLED.digest, Labels: { origin: 'quay' } })
    // The source registry fails: so does the pull through the integrated registry.
    served.api.registry.configureRepository('quay.io/team/pulled', { error: 'dial tcp 10.0.0.9:443: connect: connection refused' })
    const fail = await skopeo(['inspect', '--tls-verify=false', `docker://${host}/demo/pulled:2.0`])
    expect(fail.code).not.toBe(0)
    expect(fail.stderr).toContain(`unable to pull manifest from quay.io/team/pulled@${PULLED.digest}: dial tcp 10.0.0.9:443: connect: connection refused`)
  })
})

describe.skipIf(OPTIONAL && !HAVE)('skopeo against the integrated registry with authentication on', () => {
  let served: Served
  let dir: ReturnType<typeof tempDir>
  let host: string

  beforeAll(async () => {
    served = await serveOnLoopback(
      await fakeWithFixtures({
        auth: {
          tokens: { 'dev-token': { user: 'dev' }, 'viewer-token': { user: 'viewer' } },
          policy: [
            { kind: 'RoleBinding', metadata: { name: 'dev-edit', namespace: 'demo' }, roleRef: { kind: 'ClusterRole', name: 'edit' }, subjects: [{ kind: 'User', name: 'dev' }] },
            { kind: 'RoleBinding', metadata: { name: 'viewer-pull', namespace: 'demo' }, roleRef: { kind: 'ClusterRole', name: 'system:image-puller' }, subjects: [{ kind: 'User', name: 'viewer' }] },
          ],
        },
      }),
    )
    host = new URL(served.url).host
    dir = tempDir('skopeo-auth')
    writeFileSync(join(dir.path, 'policy.json'), JSON.stringify({ default: [{ type: 'insecureAcceptAnything' }] }))
  })

  afterAll(async () => {
    await served?.close()
    dir?.remove()
  })

  const skopeo = (args: string[]) => run(SKOPEO, ['--policy', join(dir.path, 'policy.json'), ...args], { HOME: dir.path, TMPDIR: dir.path })

  it('inspect with --creds (user name, API token) does the token dance; without credentials it is refused', async () => {
    const ok = await skopeo(['inspect', '--tls-verify=false', '--creds', 'viewer:viewer-token', `docker://${host}/demo/frontend:latest`])
    expect(ok.stderr).toBe('')
    expect(ok.code).toBe(0)
    expect(JSON.parse(ok.stdout).Name).toBe(`${host}/demo/frontend`)
    const token = served.log.find((r) => r.path === '/openshift/token')
    expect(token?.status).toBe(200)
    expect(served.log.some((r) => r.path === '/v2/demo/frontend/manifests/latest' && r.authorization === 'Bearer viewer-token' && r.status === 200)).toBe(true)
    const anon = await skopeo(['inspect', '--tls-verify=false', `docker://${host}/demo/frontend:latest`])
    expect(anon.code).not.toBe(0)
    expect(anon.stderr).toContain('authentication required')
  })

  it('push needs update on imagestreams/layers: the editor pushes, the puller is refused', async () => {
    const layout = join(dir.path, 'layout')
    writeOciLayout(layout, '1.0', [{ arch: 'amd64', files: { 'f.txt': 'pushed with credentials' } }])
    const denied = await skopeo(['copy', '--dest-tls-verify=false', '--dest-creds', 'viewer:viewer-token', `oci:${layout}:1.0`, `docker://${host}/demo/authed:1.0`])
    expect(denied.code).not.toBe(0)
    expect(denied.stderr).toContain('authentication required')
    const pushed = await skopeo(['copy', '--dest-tls-verify=false', '--dest-creds', 'dev:dev-token', `oci:${layout}:1.0`, `docker://${host}/demo/authed:1.0`])
    expect(pushed.stderr).toBe('')
    expect(pushed.code).toBe(0)
    const istag = await fetch(`${served.url}/apis/image.openshift.io/v1/namespaces/demo/imagestreamtags/authed:1.0`, { headers: { authorization: 'Bearer dev-token' } })
    expect(istag.status).toBe(200)
  })
})
