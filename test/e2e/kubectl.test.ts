// kubectl (the real binary on PATH) against the fake served by listen() on 127.0.0.1.
// Every kubectl run gets a fresh --cache-dir and its own --kubeconfig, HOME points at a temp dir, and
// nothing runs with --validate=false. If kubectl is missing the suite FAILS, unless KUBECTL_OPTIONAL=1.

import { spawn, type ChildProcess } from 'node:child_process'
import { accessSync, constants, writeFileSync } from 'node:fs'
import { delimiter, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse as parseYaml, stringify } from 'yaml'
import { createFakeImageApi } from '../../src/index.js'
import {
  eventually,
  fakeWithFixtures,
  getObject,
  IS_PATH,
  kubeconfigObject,
  serveOnLoopback,
  tempDir,
  type Served,
} from './support.js'

function findOnPath(cmd: string): string | undefined {
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

const KUBECTL = findOnPath('kubectl')
const OPTIONAL = process.env.KUBECTL_OPTIONAL === '1'

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

describe('kubectl is available', () => {
  it.skipIf(OPTIONAL && !KUBECTL)('finds kubectl on PATH (set KUBECTL_OPTIONAL=1 to skip the kubectl suite)', () => {
    expect(KUBECTL, 'kubectl is not on PATH: install it, or set KUBECTL_OPTIONAL=1 to skip the kubectl end-to-end tests').toBeTruthy()
  })
})

describe.skipIf(OPTIONAL && !KUBECTL)('kubectl against listen()', () => {
  let served: Served
  let dir: ReturnType<typeof tempDir>
  let runs = 0

  beforeAll(async () => {
    if (!KUBECTL) throw new Error('kubectl is not on PATH (set KUBECTL_OPTIONAL=1 to skip the kubectl end-to-end tests)')
    served = await serveOnLoopback(await fakeWithFixtures())
    dir = tempDir('kubectl')
  })

  afterAll(async () => {
    await served?.close()
    dir?.remove()
  })

  /** Fresh cache dir and kubeconfig for this run. */
  function kubectlArgs(args: string[]): string[] {
    const n = ++runs
    const kubeconfig = join(dir.path, `kubeconfig-${n}`)
    writeFileSync(kubeconfig, stringify(kubeconfigObject(served.url, 'demo')))
    return ['--kubeconfig', kubeconfig, '--cache-dir', join(dir.path, `cache-${n}`), ...args]
  }

  function start(args: string[]): ChildProcess {
    return spawn(KUBECTL!, kubectlArgs(args), {
      env: { PATH: process.env.PATH ?? '', HOME: dir.path, KUBECONFIG: join(dir.path, 'unused-kubeconfig') },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
  }

  /** Run kubectl asynchronously (the fake lives in this process, so never block the event loop). */
  function kubectl(args: string[], stdin?: string, timeoutMs = 30_000): Promise<Run> {
    return new Promise((resolve, reject) => {
      const child = start(args)
      let stdout = ''
      let stderr = ''
      child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()))
      child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
      const timer = setTimeout(() => {
        if (child.pid) process.kill(child.pid, 'SIGKILL')
        reject(new Error(`kubectl ${args.join(' ')} timed out\n${stdout}\n${stderr}`))
      }, timeoutMs)
      child.on('error', reject)
      child.on('close', (code) => {
        clearTimeout(timer)
        resolve({ code, stdout, stderr })
      })
      child.stdin!.end(stdin ?? '')
    })
  }

  /** Manifests are written as JSON (valid YAML, and free of YAML 1.1/1.2 scalar differences). */
  function manifest(name: string, data: unknown): string {
    const file = join(dir.path, `${name}-${runs}.yaml`)
    writeFileSync(file, typeof data === 'string' ? data : JSON.stringify(data, null, 2))
    return file
  }

  const requestsSince = (mark: number) => served.log.slice(mark)

  it('get is: server-side table with the image stream columns', async () => {
    const r = await kubectl(['get', 'is'])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const lines = r.stdout.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^NAME\s+IMAGE REPOSITORY\s+TAGS\s+UPDATED$/)
    const rows = Object.fromEntries(lines.slice(1).map((l) => [l.split(/\s+/)[0], l]))
    expect(Object.keys(rows).sort()).toEqual(['backend', 'frontend', 'postgresql'])
    expect(rows.frontend).toContain('image-registry.openshift-image-registry.svc:5000/demo/frontend')
    expect(rows.frontend).toMatch(/\slatest,staging,prod\s/)
  })

  it('get is -o yaml: a List of ImageStreams', async () => {
    const r = await kubectl(['get', 'is', '-o', 'yaml'])
    expect(r.code).toBe(0)
    const list = parseYaml(r.stdout)
    expect(list.kind).toBe('List')
    const frontend = list.items.find((i: any) => i.metadata.name === 'frontend')
    expect(frontend.kind).toBe('ImageStream')
    expect(frontend.apiVersion).toBe('image.openshift.io/v1')
    expect(frontend.spec.tags.map((t: any) => t.name)).toEqual(['prod', 'staging'])
    expect(frontend.status.tags.find((t: any) => t.tag === 'latest').items).toHaveLength(3)
  })

  it('get is -A: every namespace, with a NAMESPACE column', async () => {
    const r = await kubectl(['get', 'is', '-A'])
    expect(r.code).toBe(0)
    const lines = r.stdout.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^NAMESPACE\s+NAME\s+IMAGE REPOSITORY\s+TAGS\s+UPDATED$/)
    const pairs = lines.slice(1).map((l) => l.split(/\s+/).slice(0, 2).join('/'))
    expect(pairs).toEqual(expect.arrayContaining(['openshift/nodejs', 'openshift/python', 'openshift/httpd', 'demo/frontend', 'demo/backend']))
    expect(served.log.some((q) => q.path === '/apis/image.openshift.io/v1/imagestreams' && q.status === 200)).toBe(true)
  })

  it('get istag: one row per stream:tag with its image', async () => {
    const r = await kubectl(['get', 'istag', '-n', 'openshift'])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const lines = r.stdout.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^NAME\s+IMAGE REFERENCE\s+UPDATED$/)
    const names = lines.slice(1).map((l) => l.split(/\s+/)[0])
    expect(names).toEqual(expect.arrayContaining(['nodejs:latest', 'nodejs:20-ubi9', 'python:3.12-ubi9', 'httpd:2.4-el9']))
    // referencePolicy Local: the reference goes through the internal registry, by digest
    const nodeLatest = lines.find((l) => l.startsWith('nodejs:latest '))!
    const digest = nodeLatest.match(/@(sha256:[0-9a-f]{64})/)![1]
    expect(nodeLatest).toContain(`image-registry.openshift-image-registry.svc:5000/openshift/nodejs@${digest}`)
    expect(lines.find((l) => l.startsWith('nodejs:20-ubi9 '))).toContain(digest)
    const image = await getObject(served.api, `/apis/image.openshift.io/v1/images/${digest}`)
    expect(image.body.dockerImageReference).toBe(`registry.access.redhat.com/ubi9/nodejs-20@${digest}`)
  })

  it('get is -w: prints the list, then rows for changes made during the watch', async () => {
    const child = start(['get', 'is', '-w'])
    let out = ''
    let err = ''
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()))
    const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)))
    try {
      await eventually(() => out.includes('postgresql'), 20_000, `initial rows (stdout: ${out} stderr: ${err})`)
      const before = out
      // An update (a new tag pushed to backend's history through /status would need an import; a label is
      // enough to produce MODIFIED) and a create, both through the engine.
      const patch = await served.api.fetch(
        new Request(`http://x${IS_PATH('demo')}/backend`, {
          method: 'PATCH',
          headers: { 'content-type': 'application/merge-patch+json' },
          body: JSON.stringify({ metadata: { labels: { watched: 'yes' } } }),
        }),
      )
      expect(patch.status).toBe(200)
      const created = await served.api.fetch(
        new Request(`http://x${IS_PATH('demo')}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name: 'arrived-during-watch' } }),
        }),
      )
      expect(created.status).toBe(201)
      await eventually(() => out.slice(before.length).includes('arrived-during-watch'), 10_000, `the watch row (stdout: ${out})`)
      const added = out.slice(before.length).split('\n')
      expect(added.some((l) => /^backend\s+image-registry/.test(l))).toBe(true)
      expect(added.some((l) => /^arrived-during-watch\s+image-registry\.openshift-image-registry\.svc:5000\/demo\/arrived-during-watch/.test(l))).toBe(true)
      const watchReq = served.log.find((q) => q.query.get('watch') === 'true' && q.path === IS_PATH('demo'))
      expect(watchReq?.query.get('resourceVersion')).toMatch(/^\d+$/)
      expect(watchReq?.accept).toContain('as=Table')
    } finally {
      if (child.pid && child.exitCode === null) process.kill(child.pid, 'SIGTERM')
    }
    await exited
    await getObject(served.api, `${IS_PATH('demo')}/arrived-during-watch`)
    await served.api.fetch(new Request(`http://x${IS_PATH('demo')}/arrived-during-watch`, { method: 'DELETE' }))
  })

  it('api-resources: the image group with short names', async () => {
    const r = await kubectl(['api-resources', '--api-group=image.openshift.io'])
    expect(r.code).toBe(0)
    const lines = r.stdout.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^NAME\s+SHORTNAMES\s+APIVERSION\s+NAMESPACED\s+KIND$/)
    expect(lines).toContainEqual(expect.stringMatching(/^imagestreams\s+is\s+image\.openshift\.io\/v1\s+true\s+ImageStream$/))
    expect(lines).toContainEqual(expect.stringMatching(/^images\s+image\.openshift\.io\/v1\s+false\s+Image$/))
    expect(lines).toContainEqual(expect.stringMatching(/^imagestreamtags\s+istag\s+image\.openshift\.io\/v1\s+true\s+ImageStreamTag$/))
  })

  it('explain imagestream.spec.tags: from the OpenAPI v3 document', async () => {
    const r = await kubectl(['explain', 'imagestream.spec.tags'])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/GROUP:\s+image\.openshift\.io/)
    expect(r.stdout).toMatch(/KIND:\s+ImageStream/)
    expect(r.stdout).toMatch(/FIELD: tags <\[\]TagReference>/)
    expect(r.stdout).toMatch(/\n\s+name\s+<string> -required-/)
    expect(r.stdout).toMatch(/\n\s+from\s+<ObjectReference>/)
    expect(served.log.some((q) => q.path === '/openapi/v3/apis/image.openshift.io/v1')).toBe(true)
  })

  it('create -f: created, then AlreadyExists', async () => {
    const file = manifest('create', { apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name: 'created-by-kubectl' }, spec: { tags: [{ name: '1.0', from: { kind: 'DockerImage', name: 'quay.io/example/app:1.0' } }] } })
    const mark = served.log.length
    const r = await kubectl(['create', '-f', file])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout.trim()).toBe('imagestream.image.openshift.io/created-by-kubectl created')
    const post = requestsSince(mark).find((q) => q.method === 'POST')!
    expect(post.query.get('fieldValidation')).toBe('Strict')
    expect(post.query.get('fieldManager')).toBe('kubectl-create')
    const obj = await getObject(served.api, `${IS_PATH('demo')}/created-by-kubectl`)
    expect(obj.body.spec.tags[0].from.name).toBe('quay.io/example/app:1.0')

    const again = await kubectl(['create', '-f', file])
    expect(again.code).toBe(1)
    expect(again.stderr).toContain('Error from server (AlreadyExists): error when creating')
    expect(again.stderr).toContain('imagestreams.image.openshift.io "created-by-kubectl" already exists')
  })

  it('create -f with an unknown field: rejected by server-side strict validation', async () => {
    const file = manifest('strict', { apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name: 'strict-check' }, spec: { tagz: [] } })
    const r = await kubectl(['create', '-f', file])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/unknown field "spec\.tagz"/)
    expect((await getObject(served.api, `${IS_PATH('demo')}/strict-check`)).status).toBe(404)
  })

  it('apply -f twice: created, then configured with a PATCH', async () => {
    const doc = { apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name: 'applied', labels: { app: 'applied' } }, spec: { tags: [{ name: 'latest', from: { kind: 'DockerImage', name: 'quay.io/example/applied:1' } }] } }
    let mark = served.log.length
    const first = await kubectl(['apply', '-f', manifest('apply1', doc)])
    expect(first.stderr).toBe('')
    expect(first.code).toBe(0)
    expect(first.stdout.trim()).toBe('imagestream.image.openshift.io/applied created')
    expect(requestsSince(mark).find((q) => q.method === 'POST')?.query.get('fieldManager')).toBe('kubectl-client-side-apply')
    const created = await getObject(served.api, `${IS_PATH('demo')}/applied`)
    expect(created.body.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']).toContain('"quay.io/example/applied:1"')

    doc.spec.tags.push({ name: 'v2', from: { kind: 'DockerImage', name: 'quay.io/example/applied:2' } })
    mark = served.log.length
    const second = await kubectl(['apply', '-f', manifest('apply2', doc)])
    expect(second.stderr).toBe('')
    expect(second.code).toBe(0)
    expect(second.stdout.trim()).toBe('imagestream.image.openshift.io/applied configured')
    const patch = requestsSince(mark).filter((q) => q.method === 'PATCH')
    expect(patch).toHaveLength(1)
    expect(patch[0]!.contentType).toMatch(/^application\/(strategic-merge-patch|merge-patch)\+json/)
    expect(patch[0]!.status).toBe(200)
    expect(requestsSince(mark).some((q) => q.method === 'POST' || q.method === 'PUT')).toBe(false)
    const updated = await getObject(served.api, `${IS_PATH('demo')}/applied`)
    expect(updated.body.spec.tags.map((t: any) => t.name)).toEqual(['latest', 'v2'])
    expect(updated.body.metadata.generation).toBe(2)

    const third = await kubectl(['apply', '-f', manifest('apply3', doc)])
    expect(third.stdout.trim()).toBe('imagestream.image.openshift.io/applied unchanged')
  })

  it('apply --server-side -f: one apply PATCH, create then update, managed by kubectl', async () => {
    const doc = { apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name: 'ssa', labels: { app: 'ssa' } }, spec: { tags: [{ name: 'latest', from: { kind: 'DockerImage', name: 'quay.io/example/ssa:1' } }] } }
    let mark = served.log.length
    const first = await kubectl(['apply', '--server-side', '-f', manifest('ssa1', doc)])
    expect(first.stderr).toBe('')
    expect(first.code).toBe(0)
    expect(first.stdout.trim()).toBe('imagestream.image.openshift.io/ssa serverside-applied')
    const writes = requestsSince(mark).filter((q) => q.method !== 'GET')
    expect(writes).toHaveLength(1)
    expect(writes[0]).toMatchObject({ method: 'PATCH', contentType: 'application/apply-patch+yaml', status: 201 })
    expect(writes[0]!.query.get('fieldManager')).toBe('kubectl')

    doc.metadata.labels.app = 'ssa-2'
    mark = served.log.length
    const second = await kubectl(['apply', '--server-side', '-f', manifest('ssa2', doc)])
    expect(second.code).toBe(0)
    expect(second.stdout.trim()).toBe('imagestream.image.openshift.io/ssa serverside-applied')
    expect(requestsSince(mark).filter((q) => q.method === 'PATCH').map((q) => q.status)).toEqual([200])
    const obj = await getObject(served.api, `${IS_PATH('demo')}/ssa`)
    expect(obj.body.metadata.labels.app).toBe('ssa-2')
    expect(obj.body.metadata.managedFields.map((m: any) => [m.manager, m.operation])).toContainEqual(['kubectl', 'Apply'])
  })

  it('apply --server-side: a field another manager changed is a conflict; --force-conflicts takes it over', async () => {
    const doc = { apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name: 'owned', labels: { app: 'owned' } }, spec: { tags: [{ name: 'latest', from: { kind: 'DockerImage', name: 'quay.io/example/owned:1' } }] } }
    expect((await kubectl(['apply', '--server-side', '-f', manifest('owned1', doc)])).code).toBe(0)
    const patched = await kubectl(['patch', 'is', 'owned', '--type=merge', '-p', JSON.stringify({ metadata: { labels: { app: 'patched' } } })])
    expect(patched.code).toBe(0)
    doc.metadata.labels.app = 'applied-again'
    const conflict = await kubectl(['apply', '--server-side', '-f', manifest('owned2', doc)])
    expect(conflict.code).toBe(1)
    expect(conflict.stderr).toContain('Apply failed with 1 conflict: conflict with "kubectl-patch" using image.openshift.io/v1: .metadata.labels.app')
    expect(conflict.stderr).toContain('--force-conflicts')
    expect((await getObject(served.api, `${IS_PATH('demo')}/owned`)).body.metadata.labels.app).toBe('patched')
    const forced = await kubectl(['apply', '--server-side', '--force-conflicts', '-f', manifest('owned3', doc)])
    expect(forced.stderr).toBe('')
    expect(forced.stdout.trim()).toBe('imagestream.image.openshift.io/owned serverside-applied')
    const obj = (await getObject(served.api, `${IS_PATH('demo')}/owned`)).body
    expect(obj.metadata.labels.app).toBe('applied-again')
    expect(obj.metadata.managedFields.find((m: any) => m.manager === 'kubectl-patch')).toBeUndefined()
  })

  it('patch --type=strategic|merge|json', async () => {
    await kubectl(['create', '-f', manifest('patchme', { apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name: 'patchme' }, spec: { tags: [{ name: 'a', from: { kind: 'DockerImage', name: 'quay.io/example/p:a' } }] } })])
    let mark = served.log.length
    const smp = await kubectl(['patch', 'is', 'patchme', '--type=strategic', '-p', JSON.stringify({ spec: { tags: [{ name: 'b', from: { kind: 'DockerImage', name: 'quay.io/example/p:b' } }] } })])
    expect(smp.stderr).toBe('')
    expect(smp.stdout.trim()).toBe('imagestream.image.openshift.io/patchme patched')
    expect(requestsSince(mark).find((q) => q.method === 'PATCH')?.contentType).toBe('application/strategic-merge-patch+json')
    // strategic: tags merge by name
    expect((await getObject(served.api, `${IS_PATH('demo')}/patchme`)).body.spec.tags.map((t: any) => t.name)).toEqual(['a', 'b'])

    mark = served.log.length
    const merge = await kubectl(['patch', 'is', 'patchme', '--type=merge', '-p', JSON.stringify({ spec: { lookupPolicy: { local: true } } })])
    expect(merge.stdout.trim()).toBe('imagestream.image.openshift.io/patchme patched')
    expect(requestsSince(mark).find((q) => q.method === 'PATCH')?.contentType).toBe('application/merge-patch+json')
    expect((await getObject(served.api, `${IS_PATH('demo')}/patchme`)).body.spec.lookupPolicy.local).toBe(true)

    mark = served.log.length
    const json = await kubectl(['patch', 'is', 'patchme', '--type=json', '-p', JSON.stringify([{ op: 'remove', path: '/spec/tags/0' }])])
    expect(json.stdout.trim()).toBe('imagestream.image.openshift.io/patchme patched')
    expect(requestsSince(mark).find((q) => q.method === 'PATCH')?.contentType).toBe('application/json-patch+json')
    expect((await getObject(served.api, `${IS_PATH('demo')}/patchme`)).body.spec.tags.map((t: any) => t.name)).toEqual(['b'])

    const noop = await kubectl(['patch', 'is', 'patchme', '--type=merge', '-p', JSON.stringify({ spec: { lookupPolicy: { local: true } } })])
    expect(noop.stdout.trim()).toBe('imagestream.image.openshift.io/patchme patched (no change)')
  })

  // After the 404, kubectl GETs /api/v1/namespaces/<ns> (200 here: the fixtures have the namespace).
  it('patch of a missing stream: NotFound naming the stream', async () => {
    const missing = await kubectl(['patch', 'is', 'nope', '--type=merge', '-p', '{}'])
    expect(missing.code).toBe(1)
    expect(missing.stderr.trim()).toBe('Error from server (NotFound): imagestreams.image.openshift.io "nope" not found')
  })

  it('label and annotate', async () => {
    const l = await kubectl(['label', 'is', 'frontend', 'tier=web'])
    expect(l.stderr).toBe('')
    expect(l.stdout.trim()).toBe('imagestream.image.openshift.io/frontend labeled')
    const a = await kubectl(['annotate', 'is', 'frontend', 'owner=team-web'])
    expect(a.stdout.trim()).toBe('imagestream.image.openshift.io/frontend annotated')
    const obj = (await getObject(served.api, `${IS_PATH('demo')}/frontend`)).body
    expect(obj.metadata.labels.tier).toBe('web')
    expect(obj.metadata.annotations.owner).toBe('team-web')
    expect(served.log.filter((q) => q.method === 'PATCH' && q.path.endsWith('/frontend')).map((q) => q.query.get('fieldManager'))).toEqual(['kubectl-label', 'kubectl-annotate'])
    const sel = await kubectl(['get', 'is', '-l', 'tier=web', '-o', 'name'])
    expect(sel.stdout.trim()).toBe('imagestream.image.openshift.io/frontend')
  })

  it('replace -f: a PUT of the edited object', async () => {
    const got = await kubectl(['get', 'is', 'backend', '-o', 'json'])
    const obj = JSON.parse(got.stdout)
    obj.spec.tags.push({ name: 'v1.5.0', from: { kind: 'DockerImage', name: 'quay.io/example/backend:1.5.0' } })
    const mark = served.log.length
    const r = await kubectl(['replace', '-f', manifest('replace', obj)])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout.trim()).toBe('imagestream.image.openshift.io/backend replaced')
    expect(requestsSince(mark).find((q) => q.method === 'PUT')?.status).toBe(200)
    const after = (await getObject(served.api, `${IS_PATH('demo')}/backend`)).body
    expect(after.spec.tags.map((t: any) => t.name)).toContain('v1.5.0')
    // the resourceVersion from the file is now stale
    const stale = await kubectl(['replace', '-f', manifest('replace-stale', obj)])
    expect(stale.code).toBe(1)
    expect(stale.stderr).toContain('Error from server (Conflict)')
    expect(stale.stderr).toContain('the object has been modified; please apply your changes to the latest version and try again')
  })

  it('delete: deleted after waiting for the object to go', async () => {
    await kubectl(['create', '-f', manifest('deleteme', { apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name: 'deleteme' } })])
    const mark = served.log.length
    const r = await kubectl(['delete', 'is', 'deleteme'])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout.trim()).toBe('imagestream.image.openshift.io "deleteme" deleted')
    const seq = requestsSince(mark)
      .filter((q) => q.path.endsWith('/deleteme'))
      .map((q) => `${q.method} ${q.status}`)
    // the DELETE, then the wait: GET (or a watch) until 404
    expect(seq[0]).toBe('DELETE 200')
    expect(seq.slice(1)).toContain('GET 404')
    expect((await getObject(served.api, `${IS_PATH('demo')}/deleteme`)).status).toBe(404)

    const again = await kubectl(['delete', 'is', 'deleteme'])
    expect(again.code).toBe(1)
    expect(again.stderr.trim()).toBe('Error from server (NotFound): imagestreams.image.openshift.io "deleteme" not found')
  })

  it('create namespace and secrets (protobuf bodies), get ns -o yaml, get is in it, delete namespace: Terminating, then gone', async () => {
    const mark = served.log.length
    const ns = await kubectl(['create', 'namespace', 'pb-team'])
    expect(ns.stderr).toBe('')
    expect(ns.stdout.trim()).toBe('namespace/pb-team created')
    const generic = await kubectl(['create', 'secret', 'generic', 'app-config', '-n', 'pb-team', '--from-literal=user=admin', '--from-literal=password=s3cr3t'])
    expect(generic.stderr).toBe('')
    expect(generic.stdout.trim()).toBe('secret/app-config created')
    const pull = await kubectl(['create', 'secret', 'docker-registry', 'pull', '-n', 'pb-team', '--docker-server=quay.io', '--docker-username=robot', '--docker-password=pw'])
    expect(pull.stderr).toBe('')
    expect(pull.stdout.trim()).toBe('secret/pull created')
    // kubectl's typed clients sent protobuf, and were answered in protobuf
    const posts = requestsSince(mark).filter((q) => q.method === 'POST')
    expect(posts.map((q) => [q.path, q.contentType, q.status])).toEqual([
      ['/api/v1/namespaces', 'application/vnd.kubernetes.protobuf', 201],
      ['/api/v1/namespaces/pb-team/secrets', 'application/vnd.kubernetes.protobuf', 201],
      ['/api/v1/namespaces/pb-team/secrets', 'application/vnd.kubernetes.protobuf', 201],
    ])
    expect(posts.every((q) => q.accept?.startsWith('application/vnd.kubernetes.protobuf'))).toBe(true)
    // what the protobuf bodies carried arrived
    const stored = await getObject(served.api, '/api/v1/namespaces/pb-team/secrets/pull')
    expect(stored.body.type).toBe('kubernetes.io/dockerconfigjson')
    const config = JSON.parse(Buffer.from(stored.body.data['.dockerconfigjson'], 'base64').toString('utf8'))
    expect(config.auths['quay.io']).toMatchObject({ username: 'robot', password: 'pw' })
    const app = await getObject(served.api, '/api/v1/namespaces/pb-team/secrets/app-config')
    expect(Buffer.from(app.body.data.password, 'base64').toString('utf8')).toBe('s3cr3t')

    const yaml = await kubectl(['get', 'ns', 'pb-team', '-o', 'yaml'])
    expect(yaml.stderr).toBe('')
    const got = parseYaml(yaml.stdout)
    expect(got).toMatchObject({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'pb-team', labels: { 'kubernetes.io/metadata.name': 'pb-team' } }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } })

    await kubectl(['create', '-n', 'pb-team', '-f', manifest('pb-is', { apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name: 'app' } })])
    const is = await kubectl(['get', 'is', '-n', 'pb-team'])
    expect(is.stderr).toBe('')
    expect(is.stdout.trimEnd().split('\n').slice(1).map((l) => l.split(/\s+/)[0])).toEqual(['app'])

    // watch the namespace meanwhile: the lifecycle is Terminating (MODIFIED), then gone (DELETED)
    const abort = new AbortController()
    const watch = await served.api.fetch(
      new Request(`http://fake.local/api/v1/namespaces?watch=1&fieldSelector=metadata.name%3Dpb-team&resourceVersion=${(await getObject(served.api, '/api/v1/namespaces/pb-team')).body.metadata.resourceVersion}`, { signal: abort.signal }),
    )
    const events: Array<{ type: string; phase: string }> = []
    const reading = (async () => {
      const reader = watch.body!.pipeThrough(new TextDecoderStream()).getReader()
      let buf = ''
      while (events.length < 2) {
        const { value, done } = await reader.read()
        if (done) break
        buf += value
        for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
          const e = JSON.parse(buf.slice(0, i))
          buf = buf.slice(i + 1)
          events.push({ type: e.type, phase: e.object.status?.phase })
        }
      }
      abort.abort()
    })()
    const delMark = served.log.length
    const del = await kubectl(['delete', 'namespace', 'pb-team'])
    expect(del.stderr).toBe('')
    expect(del.code).toBe(0)
    expect(del.stdout.trim()).toBe('namespace "pb-team" deleted')
    const seq = requestsSince(delMark).filter((q) => q.path === '/api/v1/namespaces/pb-team').map((q) => `${q.method} ${q.status}`)
    expect(seq[0]).toBe('DELETE 200') // the namespace as it is then: Terminating
    await reading
    expect(events).toEqual([
      { type: 'MODIFIED', phase: 'Terminating' },
      { type: 'DELETED', phase: 'Terminating' },
    ])
    expect((await getObject(served.api, '/api/v1/namespaces/pb-team')).status).toBe(404)
    const after = await kubectl(['get', 'is', '-n', 'pb-team'])
    expect(after.stderr.trim()).toBe('No resources found in pb-team namespace.')
  })

  it('works with the kubeconfig the CLI writes (serve with the built-in fixtures)', async () => {
    const { serve, parseServeArgs } = await import('../../src/cli.js')
    const options = await parseServeArgs(['serve', '--port', '0', '--quiet', '--kubeconfig', join(dir.path, 'cli-kubeconfig')])
    const running = await serve(options, { out: () => {}, err: () => {} })
    try {
      const r = await new Promise<Run>((resolve, reject) => {
        const child = spawn(KUBECTL!, ['--cache-dir', join(dir.path, 'cli-cache'), 'get', 'is'], { env: { PATH: process.env.PATH ?? '', HOME: dir.path, KUBECONFIG: running.kubeconfigPath } })
        let stdout = ''
        let stderr = ''
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
        child.on('error', reject)
        child.on('close', (code) => resolve({ code, stdout, stderr }))
      })
      expect(r.stderr).toBe('')
      // the context's namespace is demo
      expect(r.stdout.trimEnd().split('\n').slice(1).map((l) => l.split(/\s+/)[0])).toEqual(['backend', 'frontend', 'postgresql'])
    } finally {
      await running.close()
    }
  })

  it('sends the bearer token over https (TLS listen(), insecure-skip-tls-verify kubeconfig)', async () => {
    const { execFileSync } = await import('node:child_process')
    const certDir = tempDir('tls')
    try {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(certDir.path, 'key.pem'), '-out', join(certDir.path, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' })
      const { readFileSync } = await import('node:fs')
      const tlsServed = await serveOnLoopback(createFakeImageApi({ fixtures: [{ apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name: 'secure', namespace: 'demo' } }] }), {
        cert: readFileSync(join(certDir.path, 'cert.pem'), 'utf8'),
        key: readFileSync(join(certDir.path, 'key.pem'), 'utf8'),
      })
      try {
        expect(tlsServed.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/)
        const kc = join(certDir.path, 'kubeconfig')
        writeFileSync(kc, stringify(kubeconfigObject(tlsServed.url, 'demo')))
        const r = await new Promise<Run>((resolve, reject) => {
          const child = spawn(KUBECTL!, ['--kubeconfig', kc, '--cache-dir', join(certDir.path, 'cache'), 'get', 'is', '-o', 'name'], { env: { PATH: process.env.PATH ?? '', HOME: certDir.path } })
          let stdout = ''
          let stderr = ''
          child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
          child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
          child.on('error', reject)
          child.on('close', (code) => resolve({ code, stdout, stderr }))
        })
        expect(r.stderr).toBe('')
        expect(r.stdout.trim()).toBe('imagestream.image.openshift.io/secure')
        const list = tlsServed.log.find((q) => q.path === IS_PATH('demo'))!
        expect(list.authorization).toBe('Bearer sha256~openshift-image-fake-developer-token')
      } finally {
        await tlsServed.close()
      }
    } finally {
      certDir.remove()
    }
  })
})
