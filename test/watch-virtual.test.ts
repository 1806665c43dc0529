import { describe, expect, it } from 'vitest'
import { BASE, call, fakeApi, IS, stream, image, DIGEST_A } from './helpers.js'
import type { FakeImageApi } from '../src/index.js'

async function firstEvents(api: FakeImageApi, path: string, n: number, act: () => Promise<unknown>) {
  const res = await api.fetch(new Request(BASE + path))
  expect(res.status).toBe(200)
  const reader = res.body!.getReader()
  const dec = new TextDecoder()
  let buf = ''
  const events: any[] = []
  await act()
  while (events.length < n) {
    const { value, done } = await reader.read()
    if (done) break
    buf += dec.decode(value, { stream: true })
    let i
    while ((i = buf.indexOf('\n')) >= 0) {
      if (i > 0) events.push(JSON.parse(buf.slice(0, i)))
      buf = buf.slice(i + 1)
    }
  }
  await reader.cancel()
  return events
}

describe('watches and virtual kinds (issue: watches)', () => {
  it('imagestreamtags and imagetags are not watchable: 405 with the real message', async () => {
    const api = fakeApi({ importController: false })
    for (const r of ['imagestreamtags', 'imagetags']) {
      const res = await call(api, 'GET', `/apis/image.openshift.io/v1/namespaces/ns/${r}?watch=true`)
      expect(res.status).toBe(405)
      expect(res.body.message).toBe(`watch is not supported on resources of kind "${r}.image.openshift.io"`)
      expect(res.body.details).toEqual({ group: 'image.openshift.io', kind: r })
    }
  })

  it('an ImageStreamTag write shows up as MODIFIED on the underlying ImageStream', async () => {
    const api = fakeApi({ importController: false })
    const s = (await call(api, 'POST', IS, stream('app'))).body
    const events = await firstEvents(api, `${IS}?watch=true&resourceVersion=${s.metadata.resourceVersion}`, 1, () =>
      call(api, 'POST', '/apis/image.openshift.io/v1/namespaces/ns/imagestreamtags', {
        kind: 'ImageStreamTag',
        apiVersion: 'image.openshift.io/v1',
        metadata: { name: 'app:v1' },
        tag: { from: { kind: 'DockerImage', name: 'quay.io/x/app:1' } },
      }),
    )
    expect(events[0].type).toBe('MODIFIED')
    expect(events[0].object.metadata.name).toBe('app')
    expect(events[0].object.spec.tags.map((t: any) => t.name)).toEqual(['v1'])
  })

  it('an ImageSignature write shows up as MODIFIED on the Image', async () => {
    const api = fakeApi({ importController: false })
    const img = (await call(api, 'POST', '/apis/image.openshift.io/v1/images', image(DIGEST_A))).body
    const events = await firstEvents(api, `/apis/image.openshift.io/v1/images?watch=true&resourceVersion=${img.metadata.resourceVersion}`, 1, () =>
      call(api, 'POST', '/apis/image.openshift.io/v1/imagesignatures', {
        kind: 'ImageSignature',
        apiVersion: 'image.openshift.io/v1',
        metadata: { name: `${DIGEST_A}@sig1` },
        type: 'AtomicImageV1',
        content: 'c2lnbmF0dXJl',
      }),
    )
    expect(events[0].type).toBe('MODIFIED')
    expect(events[0].object.signatures.map((s: any) => s.metadata.name)).toEqual([`${DIGEST_A}@sig1`])
  })
})
