import { describe, expect, it } from 'vitest'
import { matchRoute, splitRepository } from './routes.js'

describe('matchRoute', () => {
  it('routes the v2 URL space', () => {
    expect(matchRoute('/v2/')).toEqual({ kind: 'base' })
    expect(matchRoute('/v2')).toEqual({ kind: 'base' })
    expect(matchRoute('/v2/_catalog')).toEqual({ kind: 'catalog' })
    expect(matchRoute('/v2/demo/app/tags/list')).toEqual({ kind: 'tags', repo: 'demo/app' })
    expect(matchRoute('/v2/demo/app/manifests/1.0')).toEqual({ kind: 'manifest', repo: 'demo/app', reference: '1.0' })
    const d = `sha256:${'a'.repeat(64)}`
    expect(matchRoute(`/v2/demo/app/manifests/${d}`)).toEqual({ kind: 'manifest', repo: 'demo/app', reference: d })
    expect(matchRoute(`/v2/demo/app/blobs/${d}`)).toEqual({ kind: 'blob', repo: 'demo/app', digest: d })
    expect(matchRoute('/v2/demo/app/blobs/uploads/')).toEqual({ kind: 'uploads', repo: 'demo/app' })
    expect(matchRoute('/v2/demo/app/blobs/uploads/0b6e-41')).toEqual({ kind: 'upload', repo: 'demo/app', uuid: '0b6e-41' })
    expect(matchRoute('/v2/Demo/app/tags/list')).toBeUndefined()
    expect(matchRoute('/v2/demo/app/blobs/not-a-digest')).toBeUndefined()
    expect(matchRoute('/apis/image.openshift.io/v1')).toBeUndefined()
  })

  it('long names with many separators match at once (a whole-path NameRegexp backtracked exponentially)', () => {
    const uuid = '5f6dad64-e2c9-4333-8f03-57e90b390ca7-5f6dad64-e2c9-4333-8f03-57e90b390ca7'
    // A backtracking matcher never returns here (the test times out): no timing assertion needed.
    expect(matchRoute(`/v2/a-b-c-d-e-f-g-h/i-j-k-l-m-n-o-p/blobs/uploads/${uuid}`)).toEqual({ kind: 'upload', repo: 'a-b-c-d-e-f-g-h/i-j-k-l-m-n-o-p', uuid })
    expect(matchRoute(`/v2/${'a-'.repeat(40)}b/blobs/uploads/${uuid}/x`)).toBeUndefined()
  })

  it('splitRepository: <ns>/<stream> only', () => {
    expect(splitRepository('demo/app')).toEqual({ namespace: 'demo', name: 'app' })
    expect(splitRepository('app')).toBeUndefined()
    expect(splitRepository('a/b/c')).toBeUndefined()
  })
})
