import { describe, expect, it } from 'vitest'
import { createFakeImageApi } from '../src/index.js'
import { call, IS, stream } from './helpers.js'

function memoryStorage() {
  const m = new Map<string, string>()
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k), m }
}

describe('persist: the store survives a "reload"', () => {
  it('saves after writes and restores objects and the resourceVersion clock on the next start', async () => {
    const storage = memoryStorage()
    const first = createFakeImageApi({ persist: { storage, key: 'k' }, importController: false })
    const a = (await call(first, 'POST', IS, stream('kept'))).body
    await Promise.resolve()
    expect(storage.m.has('k')).toBe(true)

    const second = createFakeImageApi({ persist: { storage, key: 'k' }, importController: false, fixtures: [stream('not-seeded')] })
    const got = await call(second, 'GET', `${IS}/kept`)
    expect(got.status).toBe(200)
    expect(got.body.metadata.uid).toBe(a.metadata.uid)
    expect((await call(second, 'GET', IS)).body.items.map((i: any) => i.metadata.name)).toEqual(['kept'])
    const next = (await call(second, 'POST', IS, stream('later'))).body
    expect(Number(next.metadata.resourceVersion)).toBeGreaterThan(Number(a.metadata.resourceVersion))

    await second.reset()
    expect(storage.m.has('k')).toBe(false)
  })

  it('ignores an unreadable saved value', async () => {
    const storage = memoryStorage()
    storage.setItem('openshift-image-fake', '{not json')
    const api = createFakeImageApi({ persist: { storage }, importController: false })
    expect((await call(api, 'GET', IS)).body.items).toEqual([])
    expect(storage.m.has('openshift-image-fake')).toBe(false)
  })
})
