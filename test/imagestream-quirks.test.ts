// Two ImageStream QUIRKs of openshift-apiserver's imagestream strategy that the fake copies, over HTTP
// (docs/fidelity.md#quirks): a main-resource update does not move tracking tags, and a spec tag that
// resolves an ImageStreamTag of the same stream writes its generation into the source tag's newest event.

import { describe, expect, it } from 'vitest'
import { call, DIGEST_A, DIGEST_B, fakeApi, IS } from './helpers.js'
import type { FakeImageApi } from '../src/index.js'

const ISM = '/apis/image.openshift.io/v1/namespaces/ns/imagestreammappings'

async function push(api: FakeImageApi, stream: string, tag: string, digest: string) {
  const r = await call(api, 'POST', ISM, {
    kind: 'ImageStreamMapping',
    apiVersion: 'image.openshift.io/v1',
    metadata: { name: stream },
    tag,
    image: { metadata: { name: digest }, dockerImageReference: `quay.io/x/y@${digest}` },
  })
  expect(r.status).toBe(201)
}

const istag = (name: string) => ({ kind: 'ImageStreamTag', name })
const statusImage = (s: any, tag: string) => s.status.tags.find((t: { tag: string }) => t.tag === tag)?.items[0]?.image

describe('ImageStream QUIRKs', () => {
  it('QUIRK: a PUT of the main resource re-points a tag but leaves the tags that track it behind; a mapping moves them', async () => {
    const api = fakeApi({ importController: false })
    expect((await call(api, 'POST', IS, { kind: 'ImageStream', apiVersion: 'image.openshift.io/v1', metadata: { name: 'web' }, spec: {} })).status).toBe(201)
    await push(api, 'web', 'latest', DIGEST_A)
    await push(api, 'web', 'other', DIGEST_B)
    // `track` follows `latest`.
    let s = (await call(api, 'GET', `${IS}/web`)).body
    s.spec.tags = [{ name: 'track', from: istag('latest') }]
    s = (await call(api, 'PUT', `${IS}/web`, s)).body
    expect(statusImage(s, 'track')).toBe(DIGEST_A)
    // A main-resource PUT re-points `latest` at `other`: latest moves, track stays (the QUIRK).
    s.spec.tags = [
      { name: 'latest', from: istag('other') },
      { name: 'track', from: istag('latest') },
    ]
    const put = await call(api, 'PUT', `${IS}/web`, s)
    expect(put.status).toBe(200)
    expect(statusImage(put.body, 'latest')).toBe(DIGEST_B)
    expect(statusImage(put.body, 'track')).toBe(DIGEST_A)
    // An internal update (a mapping pushing to latest) does move the tracking tag.
    await push(api, 'web', 'latest', DIGEST_A)
    s = (await call(api, 'GET', `${IS}/web`)).body
    expect(statusImage(s, 'latest')).toBe(DIGEST_A)
    expect(statusImage(s, 'track')).toBe(DIGEST_A)
  })

  it("QUIRK: resolving an ImageStreamTag of the same stream writes the spec tag's generation into the source tag's newest event", async () => {
    const api = fakeApi({ importController: false })
    await call(api, 'POST', IS, { kind: 'ImageStream', apiVersion: 'image.openshift.io/v1', metadata: { name: 'web' }, spec: {} })
    await push(api, 'web', 'latest', DIGEST_A)
    let s = (await call(api, 'GET', `${IS}/web`)).body
    const before = s.status.tags.find((t: { tag: string }) => t.tag === 'latest').items[0].generation
    s.spec.tags = [{ name: 'track', from: istag('latest') }]
    s = (await call(api, 'PUT', `${IS}/web`, s)).body
    const track = s.status.tags.find((t: { tag: string }) => t.tag === 'track').items[0]
    const latest = s.status.tags.find((t: { tag: string }) => t.tag === 'latest').items[0]
    expect(track.generation).toBe(s.metadata.generation)
    expect(latest.generation).toBe(track.generation)
    expect(latest.generation).not.toBe(before)
  })
})
