import { setupServer } from 'msw/node'
import { it } from 'vitest'
import { createFakeImageApi } from '../src/index.js'
const IS = '/apis/image.openshift.io/v1/namespaces/ns/imagestreams'
it('probe', async () => {
  const api = createFakeImageApi({ baseUrl: 'http://127.0.0.1:18099' })
  const server = setupServer(...api.handlers)
  server.listen()
  const URL_ = `http://127.0.0.1:18099${IS}`
  const res2 = await fetch(`${URL_}?watch=true`)
  console.log('got res2', api.server.watchers.size)
  await Promise.race([res2.body!.cancel(), new Promise((r) => setTimeout(r, 500))])
  console.log('after cancel', api.server.watchers.size)
  const res3 = await fetch(`${URL_}?watch=true&allowWatchBookmarks=true`)
  console.log('got res3', api.server.watchers.size)
  for await (const _chunk of res3.body as any) { console.log('chunk', _chunk.length); break }
  console.log('after break', api.server.watchers.size)
  server.close()
})
