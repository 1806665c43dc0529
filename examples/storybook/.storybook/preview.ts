import type { Preview } from '@storybook/react-vite'
import { createPreviewAnnotations } from 'msw-storybook-addon/preview'
import { isCommonAssetRequest } from 'msw'
import { setupWorker, type SetupWorker } from 'msw/browser'

// One msw worker for the whole preview, shared by every story (each story that needs the API adds a fresh
// fake in its `beforeEach`, see src/fake-image-api.ts). The addon's default setup starts a worker per
// story that renders before the first one has started — on a Docs page, where several stories render at
// once, that made several workers that each knew one story's handlers — so the start is shared here.
let worker: Promise<SetupWorker> | undefined
const startWorker = (): Promise<SetupWorker> =>
  (worker ??= (async () => {
    const w = setupWorker()
    await w.start({
      quiet: true,
      onUnhandledRequest(request, print) {
        if (isCommonAssetRequest(request) || /\.mdx$|sb-common-assets|iframe\.html|\/virtual:|\.stories\./.test(request.url)) return
        print.warning()
      },
    })
    return w
  })())

const preview: Preview = {
  // `context.msw` is the worker; the addon resets its handlers after every story.
  ...(createPreviewAnnotations(startWorker) as Pick<Preview, 'beforeEach'>),
  parameters: { layout: 'padded' },
}
export default preview
