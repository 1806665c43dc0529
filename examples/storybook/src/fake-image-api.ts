// The Storybook pattern: every story render gets its own fake API, seeded from a fixture set, served by
// the msw worker that msw-storybook-addon started; when the story is left, the fake is reset (its watches
// end) and the addon removes its handlers. Nothing leaks from one story into the next.
//
//   export const Busy: Story = { beforeEach: withFakeImageApi({ fixtures: 'openshift-samples' }) }

import { createFakeImageApi, type FakeImageApi, type FakeImageApiOptions } from 'openshift-image-fake'
import type { SetupWorker } from 'msw/browser'
import type {} from 'msw-storybook-addon/types' // puts `msw` (the worker) on Storybook's StoryContext

/** The prefix the OpenShift console puts in front of API paths; the component below uses it too. */
export const CONSOLE_API_BASE = '/api/kubernetes'

export interface StoryFakeOptions extends FakeImageApiOptions {
  /**
   * Something to do while the story is shown (e.g. simulate imports so watches fire). Return a function
   * that stops it.
   */
  live?: (api: FakeImageApi) => () => void
}

/** A story `beforeEach`: a fresh fake for this render, torn down when the story is left. */
export function withFakeImageApi(options: StoryFakeOptions = {}) {
  const { live, ...apiOptions } = options
  return async ({ msw }: { msw: SetupWorker | undefined }) => {
    if (!msw) throw new Error('withFakeImageApi: no msw worker on the story context; add "msw-storybook-addon" to the addons in .storybook/main.ts')
    const api = createFakeImageApi({ basePaths: [CONSOLE_API_BASE], ...apiOptions })
    await api.ready // a bad fixture fails the story here, naming the object and field
    msw.use(...api.handlers)
    const stop = live?.(api)
    return async () => {
      stop?.()
      await api.reset() // ends the story's watches; the addon resets the worker's handlers
    }
  }
}
