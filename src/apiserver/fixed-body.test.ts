// Responses the engine builds in full (./fixed-body.ts): a write's answer hands its bytes over without a
// copy, and that must never let two readers share (or change) one buffer.
import { describe, expect, it } from 'vitest'
import { createFakeImageApi } from '../index.js'

const ORIGIN = 'http://fake.test'
const NS = `${ORIGIN}/apis/image.openshift.io/v1/namespaces/team/imagestreams`
const create = (name: string) =>
  new Request(NS, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'ImageStream', apiVersion: 'image.openshift.io/v1', metadata: { name } }) })

describe('engine responses', () => {
  it('a write answer read once, as bytes, is the object; a second read is refused as Fetch does', async () => {
    const api = createFakeImageApi({ baseUrl: ORIGIN })
    const res = await api.fetch(create('a'))
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect(JSON.parse(new TextDecoder().decode(bytes)).metadata.name).toBe('a')
    expect(res.bodyUsed).toBe(true)
    await expect(res.text()).rejects.toThrow(TypeError)
  })

  it('a clone of a write answer and the answer read separate copies', async () => {
    const api = createFakeImageApi({ baseUrl: ORIGIN })
    const res = await api.fetch(create('b'))
    const copy = res.clone()
    const one = new Uint8Array(await res.arrayBuffer())
    const two = new Uint8Array(await copy.arrayBuffer())
    expect(one).toEqual(two)
    expect(one.buffer).not.toBe(two.buffer)
    one.fill(0)
    expect(JSON.parse(new TextDecoder().decode(two)).metadata.name).toBe('b')
  })

  it('changing the bytes of a read answer changes nothing the next reads get', async () => {
    const api = createFakeImageApi({ baseUrl: ORIGIN })
    const created = new Uint8Array(await (await api.fetch(create('c'))).arrayBuffer())
    created.fill(0x20)
    const get1 = new Uint8Array(await (await api.fetch(new Request(`${NS}/c`))).arrayBuffer())
    get1.fill(0x20)
    const get2 = await (await api.fetch(new Request(`${NS}/c`))).json()
    expect((get2 as { metadata: { name: string } }).metadata.name).toBe('c')
    const body = (await api.fetch(new Request(`${NS}/c`))).body!
    const chunk = (await body.getReader().read()).value!
    chunk.fill(0x20)
    expect(((await (await api.fetch(new Request(`${NS}/c`))).json()) as { metadata: { name: string } }).metadata.name).toBe('c')
  })
})
