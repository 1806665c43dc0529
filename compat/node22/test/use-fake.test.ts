// `useFakeImageApi()` (openshift-image-fake/testing) on msw 3: requests the fake does not serve must fail
// the test (msw 3 reads `onUnhandledFrame`; msw 2's `onUnhandledRequest` alone is ignored), and the fake
// answers as through setupServer directly.

import { describe, expect, it } from 'vitest'
import { useFakeImageApi } from '../../../src/testing/index.js'
import { closedPort, imageStream, IS_PATH } from './support.js'

const port = await closedPort()
const baseUrl = `http://127.0.0.1:${port}`

describe('useFakeImageApi on msw 3', () => {
  const fake = useFakeImageApi({ baseUrl, fixtures: [imageStream('ruby', [], { namespace: 'demo' })] })

  it('serves the API under the base URL', async () => {
    const res = await fetch(`${baseUrl}${IS_PATH('demo')}/ruby`)
    expect(res.status).toBe(200)
    expect(((await res.json()) as { metadata: { name: string } }).metadata.name).toBe('ruby')
    expect(fake.requests.at(-1)).toMatchObject({ method: 'GET', verb: 'get', resource: 'imagestreams', status: 200 })
  })

  it('fails closed: an unhandled request errors instead of going out to the network', async () => {
    const err = await fetch(`${baseUrl}/not-an-api-path`).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(TypeError)
    // msw's 'error' strategy names the request; the network (a closed port) would say ECONNREFUSED instead.
    expect(String((err as TypeError).cause ?? (err as Error).message)).not.toMatch(/ECONNREFUSED/)
  })
})
