// `openshift-image-fake/node`: the Node-only doors and helpers (they import node:http, node:fs, …), kept
// out of the root entry so that it still bundles for browsers.
//
//   import { createFakeImageApi } from 'openshift-image-fake'
//   import { listen, loadFixtures } from 'openshift-image-fake/node'
//   const api = createFakeImageApi({ fixtures: await loadFixtures('default') })
//   const server = await listen(api, { port: 0 })   // server.url → http://127.0.0.1:<port>

export { listen, type ListenOptions, type ListeningServer } from './adapters/node.js'
export type { FetchHandler } from './adapters/types.js'
export {
  loadFixtures,
  loadFixtureFile,
  loadFixtureDir,
  parseFixtureText,
  builtinFixtureSets,
  builtinFixtureSetsSync,
  builtinFixturesDir,
  DEFAULT_FIXTURE_SET,
  FixtureLoadError,
} from './fixtures/load.js'
export { kubeconfigFor, type KubeconfigInput } from './server/kubeconfig.js'
export type { ServeConfig, ServerApiOptions, FixtureSource } from './server/config.js'
