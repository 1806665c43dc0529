import type { Meta, StoryObj } from '@storybook/react-vite'
import type { FakeImageApi } from 'openshift-image-fake'
import { ImageStreamBrowser } from './ImageStreamBrowser.js'
import { withFakeImageApi } from './fake-image-api.js'

const meta = {
  title: 'ImageStreamBrowser',
  component: ImageStreamBrowser,
} satisfies Meta<typeof ImageStreamBrowser>
export default meta
type Story = StoryObj<typeof meta>

/** A new project: nothing to list. */
export const EmptyProject: Story = {
  args: { namespace: 'my-project' },
  beforeEach: withFakeImageApi({ fixtures: 'empty-project' }),
}

/** The samples' builder streams; a build pushes a new stream a moment later (watch → live update). */
export const BusyProject: Story = {
  args: { namespace: 'openshift', initialStream: 'nodejs' },
  beforeEach: withFakeImageApi({ fixtures: 'openshift-samples', live: simulatePush }),
}

/** Streams whose imports failed: NotFound, Unauthorized, InternalError, BadRequest, Forbidden. */
export const ImportFailures: Story = {
  args: { namespace: 'team-a', initialStream: 'legacy-app' },
  beforeEach: withFakeImageApi({ fixtures: 'import-failures' }),
}

/** A manifest list: golang 1.22 for linux/amd64, arm64, ppc64le and s390x. */
export const MultiArchImage: Story = {
  args: { namespace: 'openshift', initialStream: 'golang', initialTag: '1.22-ubi9' },
  beforeEach: withFakeImageApi({ fixtures: 'openshift-samples' }),
}

/** The list request fails (an injected 500): the component shows the Status message. */
export const ServerError: Story = {
  args: { namespace: 'openshift' },
  beforeEach: withFakeImageApi({
    fixtures: 'openshift-samples',
    live: (api) => {
      const fault = api.inject({ match: { verb: 'list', resource: 'imagestreams' }, status: 500, message: 'etcdserver: leader changed' })
      return () => fault.remove()
    },
  }),
}

/**
 * Signed in as a viewer (a bearer token bound to the `view` role in `openshift`): the list and the watch
 * work, but creating a stream is refused with the server's 403 Forbidden message.
 */
export const AsViewer: Story = {
  args: { namespace: 'openshift', token: 'viewer-token' },
  beforeEach: withFakeImageApi({
    fixtures: 'openshift-samples',
    auth: {
      tokens: { 'viewer-token': { user: 'viewer' } },
      policy: [
        {
          kind: 'RoleBinding',
          metadata: { name: 'viewer-view', namespace: 'openshift' },
          roleRef: { kind: 'ClusterRole', name: 'view' },
          subjects: [{ kind: 'User', name: 'viewer' }],
        },
      ],
    },
  }),
}

/**
 * Like builds finishing: a new stream appears in the namespace while the story is open, then two builds
 * push images to it (ImageStreamMappings, as the registry does), each growing its history.
 */
function simulatePush(api: FakeImageApi): () => void {
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
