// The Storybook pattern: every story render gets its own fake API (its own world: fixtures, clock, seed,
// faults), served by the msw worker that msw-storybook-addon started; when the story is left, the fake is
// reset (its watches end) and the addon removes its handlers. Nothing leaks from one story into the next.
//
// One world per render, even side by side: on a Docs page several stories render at once in one page
// and one service worker. Each render's fake is served under its own path prefix
// (`/__stories/<render>/api/kubernetes`), and the story's component is given that prefix as its API base
// (`storyApiBase(context)` in the story's `render`), so each story's requests and WebSocket watches reach
// its own fake only. (The addon resets every handler of the worker when any one story is torn down —
// a Docs page remounts its stories — so the handlers of the worlds still shown are put back.)
//
//   export const Busy: Story = {
//     beforeEach: withFakeImageApi({ fixtures: 'openshift-samples', clock: 'virtual', seed: 'busy' }),
//     render: (args, context) => <ImageStreamBrowser {...args} apiBase={storyApiBase(context)} />,
//   }

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

/** What a render's context carries once `withFakeImageApi` has run (in `context.loaded`). */
interface FakeLoaded {
  fakeImageApi?: { api: FakeImageApi; apiBase: string }
}

let renders = 0
/** The worlds of the renders currently shown, and the worker they are served by. */
const live = new Map<string, FakeImageApi>()

/** Put every live world's handlers back after the addon's `resetHandlers()` (it runs after our cleanup). */
function reinstall(msw: SetupWorker): void {
  setTimeout(() => {
    for (const api of live.values()) msw.use(...api.handlers)
  }, 0)
}

/** A story `beforeEach`: a fresh fake for this render, under its own path prefix, torn down when the story is left. */
export function withFakeImageApi(options: StoryFakeOptions = {}) {
  const { live: activity, ...apiOptions } = options
  return async (context: { msw: SetupWorker | undefined; loaded: Record<string, unknown> }) => {
    const { msw } = context
    if (!msw) throw new Error('withFakeImageApi: no msw worker on the story context; add "msw-storybook-addon" to the addons in .storybook/main.ts')
    const prefix = `/__stories/${++renders}`
    const apiBase = `${prefix}${CONSOLE_API_BASE}`
    // The console's prefix too, for stories whose component keeps the default apiBase (one story per page).
    const api = createFakeImageApi({ basePaths: [apiBase, CONSOLE_API_BASE], ...apiOptions })
    await api.ready // a bad fixture fails the story here, naming the object and field
    msw.use(...api.handlers)
    live.set(prefix, api)
    ;(context.loaded as FakeLoaded).fakeImageApi = { api, apiBase }
    const stop = activity?.(api)
    return async () => {
      stop?.()
      live.delete(prefix)
      await api.reset() // ends the story's watches; the addon resets the worker's handlers
      reinstall(msw)
    }
  }
}

/** The API base path of this render's own fake (for the story's component). */
export function storyApiBase(context: { loaded: Record<string, unknown> }): string {
  const f = (context.loaded as FakeLoaded).fakeImageApi
  if (!f) throw new Error('storyApiBase: this story has no fake; add beforeEach: withFakeImageApi(...)')
  return f.apiBase
}
