// `openshift-image-fake/nock`: serve the fake through nock 14 interceptors (Node's global fetch,
// @kubernetes/client-node 1.x, openshift-rest-client). nock itself is not a dependency: install it
// yourself (`npm install --save-dev nock@14`).
//
//   import { createFakeImageApi } from 'openshift-image-fake'
//   import { interceptWithNock } from 'openshift-image-fake/nock'
//   const api = createFakeImageApi({ fixtures })
//   const nocked = interceptWithNock(api, { baseUrl: 'https://api.example.test:6443' })
//   …
//   nocked.done()

export { interceptWithNock, type NockInterceptOptions, type NockInterception } from './adapters/nock.js'
export type { FetchHandler } from './adapters/types.js'
