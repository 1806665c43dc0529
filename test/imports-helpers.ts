// Shared helpers for the ImageStreamImport tests.

import { buildImage, type BuiltImage } from '../src/fixtures/image.js'
import { manifestList, type ManifestListFixture } from '../src/fixtures/manifest-list.js'
import type { FakeImageApiOptions } from '../src/index.js'
import type { RemoteRegistryOptions } from '../src/image/remote-registry/types.js'
import { call, fakeApi, type Reply } from './helpers.js'
import type { FakeImageApi } from '../src/index.js'

export const ISI = '/apis/image.openshift.io/v1/namespaces/ns/imagestreamimports'
export const SECRETS = '/api/v1/namespaces/ns/secrets'

export function isi(name: string, spec: Record<string, unknown>, metadata: Record<string, unknown> = {}): Record<string, unknown> {
  return { kind: 'ImageStreamImport', apiVersion: 'image.openshift.io/v1', metadata: { name, ...metadata }, spec }
}

export function from(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { from: { kind: 'DockerImage', name }, ...extra }
}

/** A test registry: quay.io/team/app with a few tags, a multi-arch repository, and failure cases. */
export const APP_1 = buildImage({ seed: 'app 1', config: { Cmd: ['/app'], Labels: { version: '1' } } })
export const APP_2 = buildImage({ seed: 'app 2', config: { Cmd: ['/app'], Labels: { version: '2' } } })
export const APP_OCI = buildImage({ seed: 'app oci', mediaType: 'oci' })
export const MULTI: ManifestListFixture = manifestList({
  children: [{ arch: 'amd64', seed: 'multi' }, { arch: 'arm64', variant: 'v8', seed: 'multi' }, { arch: 'ppc64le', seed: 'multi' }],
})
export const NO_AMD: ManifestListFixture = manifestList({ children: [{ arch: 's390x', seed: 'noamd' }, { arch: 'arm64', seed: 'noamd' }], mediaType: 'oci' })
export const PRIVATE = buildImage({ seed: 'private' })

export function testRegistry(): RemoteRegistryOptions {
  return {
    defaults: false,
    registries: {
      'quay.io': {
        repositories: {
          'team/app': { tags: { '1': APP_1, '2': APP_2, latest: APP_2, oci: APP_OCI, broken: { error: 'received unexpected HTTP status: 500 Internal Server Error' }, denied: { error: 'unauthorized' } } },
          'team/multi': { tags: { latest: MULTI, noamd: NO_AMD } },
          'team/private': { auth: { username: 'robot', password: 's3cret' }, tags: { latest: PRIVATE } },
          'team/down': { error: 'net/http: TLS handshake timeout', tags: { latest: APP_1 } },
        },
      },
      'plain.example.com:5000': { httpOnly: true, repositories: { 'team/tool': { tags: { '1': APP_1 } } } },
      'tolerated.example.com': { httpOnly: true, insecure: true, repositories: { 'team/tool': { tags: { '1': APP_1 } } } },
      'old.example.com': { notV2: true, repositories: { 'team/tool': { tags: { '1': APP_1 } } } },
      'blocked.example.com': { blocked: true, repositories: { 'team/tool': { tags: { '1': APP_1 } } } },
      'refused.example.com': { error: 'Get "https://refused.example.com/v2/": dial tcp 127.0.0.1:443: connect: connection refused' },
      'locked.example.com': { auth: { username: 'u', password: 'p' }, repositories: { 'team/tool': { tags: { '1': APP_1 } } } },
    },
  }
}

export function importApi(extra: FakeImageApiOptions = {}): FakeImageApi {
  return fakeApi({ importController: false, remoteRegistry: testRegistry(), ...extra })
}

export async function post(api: FakeImageApi, body: Record<string, unknown>, query = ''): Promise<Reply> {
  return call(api, 'POST', ISI + query, body)
}

export function digestRef(repo: string, b: BuiltImage | ManifestListFixture): string {
  return `${repo}@${b.digest}`
}

export const S2 = 'application/vnd.docker.distribution.manifest.v2+json'
export const LIST = 'application/vnd.docker.distribution.manifest.list.v2+json'
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json'
