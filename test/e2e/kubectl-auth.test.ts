// kubectl (the real binary on PATH) against listen(): core events (`get events`, the events part of
// `describe`) and the access reviews (`auth can-i`, `auth can-i --list`, `auth whoami`), without
// authentication and with tokens + an RBAC policy over TLS (kubectl sends bearer tokens only over https).
// If kubectl is missing the suite FAILS, unless KUBECTL_OPTIONAL=1.

import { execFileSync, spawn } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KUBECTL, OPTIONAL, type Run } from './kubectl-bin.js'
import { stringify } from 'yaml'
import type { RbacObject } from '../../src/index.js'
import { fakeWithFixtures, IS_PATH, serveOnLoopback, tempDir, type Served } from './support.js'
import { kubeconfigFor } from '../../src/cli.js'

/** A kubectl runner with a fresh cache dir and kubeconfig per run (asynchronous: the fake lives in this process). */
function runner(dir: string) {
  let n = 0
  return (url: string, args: string[], token?: string): Promise<Run> => {
    const i = ++n
    const kubeconfig = join(dir, `kubeconfig-${i}`)
    writeFileSync(kubeconfig, stringify(kubeconfigFor({ url, namespace: 'demo', token })))
    return new Promise((resolve, reject) => {
      const child = spawn(KUBECTL!, ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, `cache-${i}`), ...args], {
        env: { PATH: process.env.PATH ?? '', HOME: dir, KUBECONFIG: join(dir, 'unused') },
      })
      let stdout = ''
      let stderr = ''
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
      child.on('error', reject)
      child.on('close', (code) => {
        clearTimeout(timer)
        resolve({ code, stdout, stderr })
      })
    })
  }
}

const EVENT = {
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name: 'frontend.1', namespace: 'demo' },
  involvedObject: { kind: 'ImageStream', namespace: 'demo', name: 'frontend', apiVersion: 'image.openshift.io/v1' },
  reason: 'Imported',
  message: 'imported tag latest',
  source: { component: 'e2e-test' },
  type: 'Normal',
  count: 1,
}

describe.skipIf(OPTIONAL && !KUBECTL)('kubectl: events and access reviews, no authentication', () => {
  let served: Served
  let dir: ReturnType<typeof tempDir>
  let kubectl: ReturnType<typeof runner>

  beforeAll(async () => {
    if (!KUBECTL) throw new Error('kubectl is not on PATH (set KUBECTL_OPTIONAL=1 to skip the kubectl end-to-end tests)')
    served = await serveOnLoopback(await fakeWithFixtures())
    dir = tempDir('kubectl-auth')
    kubectl = runner(dir.path)
  })

  afterAll(async () => {
    await served?.close()
    dir?.remove()
  })

  it('get events: none, then the recorded one', async () => {
    const none = await kubectl(served.url, ['get', 'events'])
    expect(none.code).toBe(0)
    expect(none.stderr.trim()).toBe('No resources found in demo namespace.')
    // kubectl describe selects by involvedObject name, namespace, kind and uid.
    const stream = served.api.db.imagestreams!.findFirst((q: any) => q.where({ metadata: { name: 'frontend', namespace: 'demo' } }))!
    await served.api.seed([{ ...EVENT, involvedObject: { ...EVENT.involvedObject, uid: stream.metadata.uid } }])
    const r = await kubectl(served.url, ['get', 'events'])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const lines = r.stdout.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$/)
    expect(lines[1]).toMatch(/\s+Normal\s+Imported\s+imagestream\/frontend\s+imported tag latest$/)
    // `kubectl events` reads the same core/v1 list
    const events = await kubectl(served.url, ['events'])
    expect(events.stderr).toBe('')
    expect(events.stdout).toMatch(/Normal\s+Imported\s+ImageStream\/frontend\s+imported tag latest/)
  })

  it('describe is: the Events section is filled from the events list (no 404s)', async () => {
    const stream = served.api.db.imagestreams!.findFirst((q: any) => q.where({ metadata: { name: 'frontend', namespace: 'demo' } }))!
    const mark = served.log.length
    const r = await kubectl(served.url, ['describe', 'is', 'frontend'])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/Events:\n\s+Type\s+Reason\s+Age\s+From\s+Message/)
    expect(r.stdout).toMatch(/Normal\s+Imported\s+\S+\s+e2e-test\s+imported tag latest/)
    const events = served.log.slice(mark).filter((q) => q.path === '/api/v1/namespaces/demo/events')
    expect(events.length).toBeGreaterThan(0)
    expect(events.every((q) => q.status === 200)).toBe(true)
    // kubectl builds the selector from a Go map: the order of the terms varies
    expect(events[0]!.query.get('fieldSelector')!.split(',').sort()).toEqual(
      ['involvedObject.kind=ImageStream', 'involvedObject.name=frontend', 'involvedObject.namespace=demo', `involvedObject.uid=${stream.metadata.uid}`].sort(),
    )
    expect(served.log.slice(mark).filter((q) => q.status === 404)).toEqual([])
  })

  it('auth can-i create imagestreams: yes (no policy configured)', async () => {
    const r = await kubectl(served.url, ['auth', 'can-i', 'create', 'imagestreams'])
    expect(r.stderr).toBe('')
    expect(r.stdout.trim()).toBe('yes')
    expect(r.code).toBe(0)
  })

  it('auth can-i --list: everything', async () => {
    const r = await kubectl(served.url, ['auth', 'can-i', '--list'])
    expect(r.code).toBe(0)
    const lines = r.stdout.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^Resources\s+Non-Resource URLs\s+Resource Names\s+Verbs$/)
    expect(lines.some((l) => /^\*\.\*\s+\[\]\s+\[\]\s+\[\*\]$/.test(l))).toBe(true)
    expect(lines.some((l) => /^\s+\[\*\]\s+\[\]\s+\[\*\]$/.test(l))).toBe(true)
  })

  it('auth whoami: system:anonymous', async () => {
    const r = await kubectl(served.url, ['auth', 'whoami'])
    expect(r.stderr).toBe('')
    expect(r.stdout).toMatch(/Username\s+system:anonymous/)
  })
})

describe.skipIf(OPTIONAL && !KUBECTL)('kubectl: tokens and an RBAC policy (https)', () => {
  let served: Served
  let dir: ReturnType<typeof tempDir>
  let kubectl: ReturnType<typeof runner>

  const policy: RbacObject[] = [
    { kind: 'RoleBinding', metadata: { name: 'viewer', namespace: 'demo' }, roleRef: { kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'User', name: 'alice' }] },
    { kind: 'RoleBinding', metadata: { name: 'editor', namespace: 'demo' }, roleRef: { kind: 'ClusterRole', name: 'edit' }, subjects: [{ kind: 'Group', name: 'developers' }] },
  ]

  beforeAll(async () => {
    if (!KUBECTL) throw new Error('kubectl is not on PATH (set KUBECTL_OPTIONAL=1 to skip the kubectl end-to-end tests)')
    dir = tempDir('kubectl-rbac')
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir.path, 'key.pem'), '-out', join(dir.path, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'],
      { stdio: 'ignore' },
    )
    const api = await fakeWithFixtures({ auth: { tokens: { 'alice-token': { user: 'alice' }, 'bob-token': { user: 'bob', groups: ['developers'] } }, policy } })
    served = await serveOnLoopback(api, { cert: readFileSync(join(dir.path, 'cert.pem'), 'utf8'), key: readFileSync(join(dir.path, 'key.pem'), 'utf8') })
    kubectl = runner(dir.path)
  })

  afterAll(async () => {
    await served?.close()
    dir?.remove()
  })

  it('auth can-i create imagestreams: no for a viewer (exit 1), yes for an editor', async () => {
    const no = await kubectl(served.url, ['auth', 'can-i', 'create', 'imagestreams'], 'alice-token')
    expect(no.stdout.trim()).toBe('no')
    expect(no.code).toBe(1)
    const get = await kubectl(served.url, ['auth', 'can-i', 'get', 'imagestreams'], 'alice-token')
    expect(get.stdout.trim()).toBe('yes')
    const yes = await kubectl(served.url, ['auth', 'can-i', 'create', 'imagestreams'], 'bob-token')
    expect(yes.stdout.trim()).toBe('yes')
    expect(yes.code).toBe(0)
    const other = await kubectl(served.url, ['auth', 'can-i', 'create', 'imagestreams', '-n', 'openshift'], 'bob-token')
    expect(other.stdout.trim()).toBe('no')
  })

  it('auth can-i --list and whoami answer for the token user', async () => {
    const list = await kubectl(served.url, ['auth', 'can-i', '--list'], 'alice-token')
    expect(list.code).toBe(0)
    expect(list.stdout).toMatch(/imagestreams\.image\.openshift\.io\s+\[\]\s+\[\]\s+\[get list watch\]/)
    const who = await kubectl(served.url, ['auth', 'whoami'], 'alice-token')
    expect(who.stdout).toMatch(/Username\s+alice/)
    expect(who.stdout).toMatch(/Groups\s+\[system:authenticated\]/)
  })

  it('a viewer reads but gets the real Forbidden on a write; a bad token is Unauthorized', async () => {
    const get = await kubectl(served.url, ['get', 'is', '-o', 'name'], 'alice-token')
    expect(get.stderr).toBe('')
    expect(get.stdout).toContain('imagestream.image.openshift.io/frontend')
    const del = await kubectl(served.url, ['delete', 'is', 'frontend', '--wait=false'], 'alice-token')
    expect(del.code).toBe(1)
    expect(del.stderr.trim()).toBe(
      'Error from server (Forbidden): imagestreams.image.openshift.io "frontend" is forbidden: User "alice" cannot delete resource "imagestreams" in API group "image.openshift.io" in the namespace "demo"',
    )
    expect(served.log.some((q) => q.method === 'DELETE' && q.path === `${IS_PATH('demo')}/frontend` && q.status === 403)).toBe(true)
    const bad = await kubectl(served.url, ['get', 'is'], 'wrong-token')
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain('error: You must be logged in to the server (the server has asked for the client to provide credentials)')
  })
})
