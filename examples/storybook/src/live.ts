// Live activity for stories: builds pushing images while the story is open (so watches fire).

import type { FakeImageApi } from 'openshift-image-fake'

/**
 * Like builds finishing: a new stream appears in the namespace while the story is open, then two builds
 * push images to it (ImageStreamMappings, as the registry does), each growing its history.
 */
export function simulatePush(api: FakeImageApi): () => void {
  const base = `${location.origin}/apis/image.openshift.io/v1/namespaces/openshift`
  const post = (path: string, body: unknown) =>
    api.fetch(new Request(`${base}/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }))
  const push = (build: number) => {
    const digest = `sha256:${build.toString(16).padStart(2, '0').repeat(32)}`
    return post('imagestreammappings', {
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStreamMapping',
      metadata: { name: 'my-app', namespace: 'openshift' },
      tag: 'latest',
      image: {
        metadata: { name: digest },
        dockerImageReference: `image-registry.openshift-image-registry.svc:5000/openshift/my-app@${digest}`,
        dockerImageMetadata: { Architecture: 'amd64', Size: 48_000_000 + build },
      },
    })
  }
  const timers = [
    setTimeout(() => void post('imagestreams', { apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name: 'my-app' } }).then(() => push(1)), 800),
    setTimeout(() => void push(2), 1600),
  ]
  return () => timers.forEach(clearTimeout)
}
