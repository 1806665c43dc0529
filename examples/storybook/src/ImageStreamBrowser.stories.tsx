import type { Meta, StoryObj } from '@storybook/react-vite'
import { ImageStreamBrowser } from './ImageStreamBrowser.js'
import { withFakeImageApi } from './fake-image-api.js'
import { simulatePush } from './live.js'

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
