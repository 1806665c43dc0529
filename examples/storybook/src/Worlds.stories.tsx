// One world per story, even side by side: this file's Docs page (autodocs) renders all three stories at
// once, in one page and one msw service worker. Each render has its own fake — its own fixtures, virtual
// clock, seed and faults — under its own API path prefix, so each shows its own state and its own live
// watch. Every story runs on a virtual clock with a seed: it renders the same bytes on every run and
// every day.

import type { Meta, StoryObj } from '@storybook/react-vite'
import { Description, Stories, Title } from '@storybook/addon-docs/blocks'
import { ImageStreamBrowser } from './ImageStreamBrowser.js'
import { storyApiBase, withFakeImageApi } from './fake-image-api.js'
import { simulatePush } from './live.js'

const meta = {
  title: 'Worlds',
  component: ImageStreamBrowser,
  tags: ['autodocs'],
  args: { namespace: 'openshift', initialStream: 'my-app' },
  render: (args, context) => <ImageStreamBrowser {...args} apiBase={storyApiBase(context)} />,
  // The Docs page: every story once, side by side (the default page would show the first one twice).
  parameters: {
    docs: {
      page: () => (
        <>
          <Title />
          <Description />
          <Stories title="Three worlds on one page" includePrimary />
        </>
      ),
    },
  },
} satisfies Meta<typeof ImageStreamBrowser>
export default meta
type Story = StoryObj<typeof meta>

/** Builds push `my-app` twice; the fake's clock stands at 2026-01-01, so the history is stamped with it. */
export const BuildsIn2026: Story = {
  beforeEach: withFakeImageApi({ fixtures: 'openshift-samples', clock: { start: '2026-01-01T00:00:00Z' }, seed: 'builds-2026', live: simulatePush }),
}

/** The same builds in another world whose clock stands at 2030-05-01 09:00: its own two history entries. */
export const BuildsIn2030: Story = {
  beforeEach: withFakeImageApi({ fixtures: 'openshift-samples', clock: { start: '2030-05-01T09:00:00Z' }, seed: 'builds-2030', live: simulatePush }),
}

/** A world whose list requests fail (an injected 500); the worlds beside it are not affected. */
export const ListFails: Story = {
  beforeEach: withFakeImageApi({
    fixtures: 'openshift-samples',
    clock: 'virtual',
    seed: 'list-fails',
    live: (api) => {
      const fault = api.inject({ match: { verb: 'list', resource: 'imagestreams' }, status: 500, message: 'etcdserver: leader changed' })
      return () => fault.remove()
    },
  }),
}
