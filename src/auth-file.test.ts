import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { loadAuthFile } from './auth-file.js'
import { parseArgs, serve, parseServeArgs } from './cli.js'
import { createFakeImageApi } from './index.js'

const dir = mkdtempSync(join(tmpdir(), 'oif-auth-file-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function file(name: string, text: string): string {
  const p = join(dir, name)
  writeFileSync(p, text)
  return p
}

const YAML = `
tokens:
  viewer-token: { user: alice, groups: [qa] }
policy:
  - apiVersion: rbac.authorization.k8s.io/v1
    kind: RoleBinding
    metadata: { name: viewers, namespace: demo }
    roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view }
    subjects:
      - { apiGroup: rbac.authorization.k8s.io, kind: Group, name: qa }
`

describe('--auth-file', () => {
  it('loads YAML (and JSON) into the auth option', async () => {
    const opts = await loadAuthFile(file('auth.yaml', YAML))
    expect(opts.tokens).toEqual({ 'viewer-token': { user: 'alice', groups: ['qa'] } })
    expect(opts.policy?.[0]).toMatchObject({ kind: 'RoleBinding', roleRef: { kind: 'ClusterRole', name: 'view' } })
    const json = await loadAuthFile(file('auth.json', JSON.stringify({ tokens: { t: { user: 'u' } } })))
    expect(json).toEqual({ tokens: { t: { user: 'u' } } })
  })

  it('refuses unknown keys and bad shapes, naming the key', async () => {
    const cases: Array<[string, string]> = [
      ['tokens: {}\npolicies: []\n', 'auth: policies: unknown key (expected one of tokens, anonymous, policy, bootstrapPolicy)'],
      ['tokens: { t: { name: x } }\n', 'auth: tokens["t"].name: unknown key (expected one of user, uid, groups, extra)'],
      ['tokens: { t: { user: "" } }\n', 'auth: tokens["t"].user: must be a non-empty string'],
      ['policy:\n  - kind: Role\n    metadata: { name: r }\n', 'auth: policy[0].metadata.namespace: must be a non-empty string'],
      ['policy:\n  - kind: ClusterRole\n    metadata: { name: r }\n    rules: [{ verbs: [get], resources: [imagestreams] }]\n', 'auth: policy[0].rules[0].apiGroups: is required with resources (use [""] for the core group)'],
      ['policy:\n  - kind: ClusterRoleBinding\n    metadata: { name: b }\n    roleRef: { kind: Role, name: r }\n', 'auth: policy[0].roleRef.kind: must be ClusterRole'],
      ['policy:\n  - kind: Pod\n', 'auth: policy[0].kind: must be one of ClusterRole, Role, ClusterRoleBinding, RoleBinding'],
      ['anonymous: yes please\n', 'auth: anonymous: must be true or false'],
    ]
    for (const [text, message] of cases) {
      const p = file('bad.yaml', text)
      await expect(loadAuthFile(p)).rejects.toThrow(`--auth-file ${p}: ${message}`)
    }
    await expect(loadAuthFile(join(dir, 'missing.yaml'))).rejects.toThrow('no such file')
  })

  it('createFakeImageApi checks the option the same way', () => {
    expect(() => createFakeImageApi({ auth: { tokens: { t: { user: 'u', group: ['x'] } } } as never })).toThrow('auth: tokens["t"].group: unknown key')
  })

  it('serve --auth-file: requests need a token; the kubeconfig carries the first one', async () => {
    const options = await parseServeArgs(['serve', '--port', '0', '--empty', '--quiet', '--auth-file', file('serve.yaml', YAML), '--kubeconfig', join(dir, 'kc')])
    expect(options.authFile).toBe(join(dir, 'serve.yaml'))
    expect(Object.keys(options.api.auth?.tokens ?? {})).toContain('viewer-token')
    const errs: string[] = []
    const running = await serve(options, { out: () => {}, err: (l) => errs.push(l) })
    try {
      expect(errs).toEqual(['warning: --auth-file without --tls-cert/--tls-key: kubectl and client-go send bearer tokens only over https'])
      const path = `${running.url}/apis/image.openshift.io/v1/namespaces/demo/imagestreams`
      expect((await fetch(path)).status).toBe(401)
      expect((await fetch(path, { headers: { authorization: 'Bearer viewer-token' } })).status).toBe(200)
      const post = await fetch(path, { method: 'POST', headers: { authorization: 'Bearer viewer-token', 'content-type': 'application/json' }, body: '{"metadata":{"name":"x"}}' })
      expect(post.status).toBe(403)
      const { readFileSync } = await import('node:fs')
      expect(readFileSync(join(dir, 'kc'), 'utf8')).toContain('token: viewer-token')
    } finally {
      await running.close()
    }
    expect(() => parseArgs(['serve', '--auth-file', ''])).toThrow('--auth-file must not be empty')
    // A bad file stops the start like a bad config key (exit 2), naming the file and the key.
    const bad = file('bad-serve.yaml', 'tokens: { t: { name: x } }\n')
    await expect(parseServeArgs(['serve', '--auth-file', bad])).rejects.toThrow(`--auth-file ${bad}: auth: tokens["t"].name: unknown key`)
  })
})
