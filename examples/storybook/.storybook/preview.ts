import type { Preview } from '@storybook/react-vite'

// The msw worker comes from msw-storybook-addon (listed in main.ts `addons`); each story that needs the
// API adds a fresh fake in its `beforeEach` (see src/fake-image-api.ts).
const preview: Preview = {
  parameters: { layout: 'padded' },
}
export default preview
