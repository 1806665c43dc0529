// List protocol details: the resourceVersion of a list on an empty store (an etcd revision, never "0"), the
// continue token's decoding failures worded as k8s.io/apiserver/pkg/storage/continue.go DecodeContinue
// words them, and the ImageStream spec.dockerImageRepository causes (ValidateImageStream).

import { describe, expect, it } from 'vitest'
import { call, fakeApi, IS, stream } from './helpers.js'

const b64 = (s: string) => Buffer.from(s).toString('base64url')

describe('resourceVersion of lists', () => {
  it('an empty store lists at a revision, never "0"; a watch from it sees the first write', async () => {
    const api = fakeApi()
    const list = await call(api, 'GET', IS)
    expect(list.status).toBe(200)
    expect(list.body.items).toEqual([])
    const rv = list.body.metadata.resourceVersion
    expect(rv).toMatch(/^[1-9]\d*$/)
    const nsList = await call(api, 'GET', '/api/v1/namespaces')
    expect(nsList.body.metadata.resourceVersion).toBe(rv)

    const abort = new AbortController()
    const watch = await api.fetch(new Request(`http://fake.local${IS}?watch=1&resourceVersion=${rv}`, { signal: abort.signal }))
    const reader = watch.body!.pipeThrough(new TextDecoderStream()).getReader()
    await call(api, 'POST', '/api/v1/namespaces', { kind: 'Namespace', apiVersion: 'v1', metadata: { name: 'ns' } })
    const created = await call(api, 'POST', IS, stream('first'))
    expect(Number(created.body.metadata.resourceVersion)).toBeGreaterThan(Number(rv))
    let text = ''
    while (!text.includes('\n')) text += (await reader.read()).value ?? ''
    const event = JSON.parse(text.slice(0, text.indexOf('\n')))
    expect([event.type, event.object.metadata.name]).toEqual(['ADDED', 'first'])
    abort.abort()
    await reader.cancel().catch(() => {})
  })
})

describe('continue tokens (storage.DecodeContinue)', () => {
  async function listWith(token: string) {
    const api = fakeApi()
    await call(api, 'POST', '/api/v1/namespaces', { kind: 'Namespace', apiVersion: 'v1', metadata: { name: 'ns' } })
    for (const n of ['a', 'b', 'c']) await call(api, 'POST', IS, stream(n))
    return call(api, 'GET', `${IS}?limit=1&continue=${encodeURIComponent(token)}`)
  }
  const message = async (token: string) => {
    const r = await listWith(token)
    expect(r.status).toBe(400)
    expect(r.body.reason).toBe('BadRequest')
    return r.body.message as string
  }

  it('bad base64url: encoding/base64 CorruptInputError with the offending byte', async () => {
    expect(await message('%%%')).toBe('invalid continue token: continue key is not valid: illegal base64 data at input byte 0')
    expect(await message('eyJ2Ijo=')).toBe('invalid continue token: continue key is not valid: illegal base64 data at input byte 7') // no padding in RawURLEncoding
    expect(await message('eyJ2+')).toBe('invalid continue token: continue key is not valid: illegal base64 data at input byte 4') // not the URL alphabet
    expect(await message('eyJ2I')).toBe('invalid continue token: continue key is not valid: illegal base64 data at input byte 4') // a lone final character
  })

  it('bad JSON: encoding/json syntax and type errors', async () => {
    expect(await message(b64('not json'))).toBe("invalid continue token: continue key is not valid: invalid character 'o' in literal null (expecting 'u')")
    expect(await message(b64('{"v":'))).toBe('invalid continue token: continue key is not valid: unexpected end of JSON input')
    expect(await message(b64('[1]'))).toBe('invalid continue token: continue key is not valid: json: cannot unmarshal array into Go value of type storage.continueToken')
    expect(await message(b64('{"v":"meta.k8s.io/v1","rv":"5","start":"a\\u0000"}'))).toBe(
      'invalid continue token: continue key is not valid: json: cannot unmarshal string into Go struct field continueToken.rv of type int64',
    )
    expect(await message(b64('{"v":"meta.k8s.io/v1","rv":1.5,"start":"a\\u0000"}'))).toBe(
      'invalid continue token: continue key is not valid: json: cannot unmarshal number 1.5 into Go struct field continueToken.rv of type int64',
    )
    expect(await message(b64('{"v":1,"rv":3,"start":"a"}'))).toBe(
      'invalid continue token: continue key is not valid: json: cannot unmarshal number into Go struct field continueToken.v of type string',
    )
  })

  it('wrong version, zero resourceVersion, empty or unclean start key', async () => {
    expect(await message(b64('{"v":"meta.k8s.io/v2","rv":3,"start":"a"}'))).toBe(
      'invalid continue token: continue key is not valid: server does not recognize this encoded version meta.k8s.io/v2',
    )
    expect(await message(b64('{}'))).toBe('invalid continue token: continue key is not valid: server does not recognize this encoded version ')
    expect(await message(b64('{"v":"meta.k8s.io/v1","start":"a"}'))).toBe(
      'invalid continue token: continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
    )
    expect(await message(b64('{"v":"meta.k8s.io/v1","rv":3}'))).toBe('invalid continue token: continue key is not valid: encoded start key empty (version meta.k8s.io/v1)')
    expect(await message(b64('{"v":"meta.k8s.io/v1","rv":3,"start":"../other/x"}'))).toBe('invalid continue token: continue key is not valid: ../other/x')
    expect(await message(b64('{"v":"meta.k8s.io/v1","rv":3,"start":"a//b"}'))).toBe('invalid continue token: continue key is not valid: a//b')
  })

  it('a valid hand-made token pages from its start key; field names match case-insensitively; a negative RV lists the latest', async () => {
    const first = await listWith(b64('{"V":"meta.k8s.io/v1","RV":-1,"start":"a\\u0000"}'))
    expect(first.status).toBe(200)
    expect(first.body.items.map((i: any) => i.metadata.name)).toEqual(['b'])
    const page = JSON.parse(Buffer.from(first.body.metadata.continue, 'base64url').toString())
    expect(page).toEqual({ v: 'meta.k8s.io/v1', rv: Number(first.body.metadata.resourceVersion), start: 'b\u0000' })
  })
})

describe('ImageStream spec.dockerImageRepository (ValidateImageStream)', () => {
  it('a repository with both a tag and a digest reports both causes', async () => {
    const api = fakeApi()
    await call(api, 'POST', '/api/v1/namespaces', { kind: 'Namespace', apiVersion: 'v1', metadata: { name: 'ns' } })
    const repo = `quay.io/x/y:v1@sha256:${'a'.repeat(64)}`
    const r = await call(api, 'POST', IS, stream('s', [], { spec: { dockerImageRepository: repo } }))
    expect(r.status).toBe(422)
    expect(r.body.details.causes).toEqual([
      { reason: 'FieldValueInvalid', message: `Invalid value: "${repo}": the repository name may not contain a tag`, field: 'spec.dockerImageRepository' },
      { reason: 'FieldValueInvalid', message: `Invalid value: "${repo}": the repository name may not contain an ID`, field: 'spec.dockerImageRepository' },
    ])
    expect(r.body.message).toBe(
      `ImageStream.image.openshift.io "s" is invalid: [spec.dockerImageRepository: Invalid value: "${repo}": the repository name may not contain a tag, spec.dockerImageRepository: Invalid value: "${repo}": the repository name may not contain an ID]`,
    )
  })
})
