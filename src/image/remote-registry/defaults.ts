// The built-in remote registries, so that imports work out of the box: a few well-known public images
// (Docker Hub nginx and busybox, UBI 9), every DockerImage tag the built-in fixture sets reference, and
// the registries behind the `import-failures` set (a private registry that needs credentials, an
// HTTP-only one). Everything is built with the fixture builders, so digests are real and stable across
// runs. `remoteRegistry: { defaults: false }` starts from an empty registry instead.

import { buildImage, type BuiltImage, type ImageOptions } from '../../fixtures/image.js'
import { manifestList, type ManifestListFixture } from '../../fixtures/manifest-list.js'
import type { RegistryFixture, TagSpec } from './types.js'

const UBI_CREATED = '2025-09-30T10:11:12Z'

interface Flavour {
  /** Repository, for the seed and the `name` label. */
  repo: string
  version: string
  summary: string
  env?: string[]
  cmd?: string[]
  user?: string
  workingDir?: string
  ports?: string[]
  created?: string
  base?: 'ubi8' | 'ubi9' | 'debian' | 'busybox'
}

/** Shared base layers per base image (so images of one base share layer digests, as real ones do). */
function baseLayers(base: string): { content: string }[] {
  return [{ content: `openshift-image-fake base layer ${base}` }]
}

function image(f: Flavour, platform: { arch?: string; variant?: string } = {}): ImageOptions {
  const labels: Record<string, string> = {
    name: f.repo,
    summary: f.summary,
    version: f.version,
  }
  if (f.base === 'ubi8' || f.base === 'ubi9') {
    labels.vendor = 'Red Hat, Inc.'
    labels['io.k8s.display-name'] = f.summary
    labels['com.redhat.component'] = `${f.repo.split('/').pop()}-container`
  }
  const ports: Record<string, Record<string, never>> = {}
  for (const p of f.ports ?? []) ports[p] = {}
  return {
    arch: platform.arch ?? 'amd64',
    ...(platform.variant ? { variant: platform.variant } : {}),
    created: f.created ?? UBI_CREATED,
    layers: [...baseLayers(f.base ?? 'ubi9'), { content: `openshift-image-fake ${f.repo}:${f.version} ${platform.arch ?? 'amd64'}${platform.variant ?? ''}` }],
    config: {
      ...(f.user ? { User: f.user } : {}),
      ...(f.ports?.length ? { ExposedPorts: ports } : {}),
      Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', ...(f.env ?? [])],
      ...(f.cmd ? { Cmd: f.cmd } : {}),
      ...(f.workingDir ? { WorkingDir: f.workingDir } : {}),
      Labels: labels,
    },
  }
}

function single(f: Flavour): BuiltImage {
  return buildImage(image(f))
}

function multi(f: Flavour, platforms: { arch: string; variant?: string }[], oci = false): ManifestListFixture {
  return manifestList({ mediaType: oci ? 'oci' : 'schema2', children: platforms.map((p) => ({ ...image(f, p), mediaType: oci ? 'oci' : 'schema2' })) })
}

const AMD_ARM = [{ arch: 'amd64' }, { arch: 'arm64', variant: 'v8' }]
const ALL_ARCHES = [{ arch: 'amd64' }, { arch: 'arm64', variant: 'v8' }, { arch: 'ppc64le' }, { arch: 's390x' }]

function s2i(repo: string, version: string, summary: string, base: 'ubi8' | 'ubi9', env: string[] = []): Flavour {
  return {
    repo,
    version,
    summary,
    base,
    user: '1001',
    workingDir: '/opt/app-root/src',
    ports: ['8080/tcp'],
    env: ['APP_ROOT=/opt/app-root', 'HOME=/opt/app-root/src', `PLATFORM=el${base.slice(3)}`, ...env],
    cmd: ['/bin/sh', '-c', '$STI_SCRIPTS_PATH/usage'],
  }
}

let cache: Record<string, RegistryFixture> | undefined

function build(): Record<string, RegistryFixture> {
  const nginx127 = single({ repo: 'library/nginx', version: '1.27.2', summary: 'nginx', base: 'debian', ports: ['80/tcp'], cmd: ['nginx', '-g', 'daemon off;'], env: ['NGINX_VERSION=1.27.2'] })
  const nginx126 = single({ repo: 'library/nginx', version: '1.26.2', summary: 'nginx', base: 'debian', ports: ['80/tcp'], cmd: ['nginx', '-g', 'daemon off;'], env: ['NGINX_VERSION=1.26.2'] })
  const busybox137 = multi({ repo: 'library/busybox', version: '1.37.0', summary: 'busybox', base: 'busybox', cmd: ['sh'] }, ALL_ARCHES)
  const busybox136 = multi({ repo: 'library/busybox', version: '1.36.1', summary: 'busybox', base: 'busybox', cmd: ['sh'] }, AMD_ARM, true)
  const ubi95 = single({ repo: 'ubi9/ubi', version: '9.5', summary: 'Red Hat Universal Base Image 9', base: 'ubi9', cmd: ['/bin/bash'] })
  const ubi94 = single({ repo: 'ubi9/ubi', version: '9.4', summary: 'Red Hat Universal Base Image 9', base: 'ubi9', cmd: ['/bin/bash'], created: '2025-03-01T08:00:00Z' })
  const ubiMinimal = single({ repo: 'ubi9/ubi-minimal', version: '9.5', summary: 'Red Hat Universal Base Image 9 Minimal', base: 'ubi9', cmd: ['/bin/bash'] })
  const go121 = single(s2i('ubi9/go-toolset', '1.21', 'Go 1.21', 'ubi9', ['GO_MAJOR_VERSION=1', 'GO_MINOR_VERSION=21']))
  const go122 = multi(s2i('ubi9/go-toolset', '1.22', 'Go 1.22', 'ubi9', ['GO_MAJOR_VERSION=1', 'GO_MINOR_VERSION=22']), ALL_ARCHES)

  const rhRepos: Record<string, { tags: Record<string, TagSpec> }> = {
    'ubi9/ubi': { tags: { latest: ubi95, '9.5': ubi95, '9.4': ubi94 } },
    'ubi9/ubi-minimal': { tags: { latest: ubiMinimal, '9.5': ubiMinimal } },
    'ubi9/go-toolset': { tags: { latest: go122, '1.22': go122, '1.21': go121 } },
  }
  const samples: [string, string, string, 'ubi8' | 'ubi9', string[], boolean][] = [
    ['ubi8/nodejs-18', '18', 'Node.js 18', 'ubi8', ['NODEJS_VERSION=18'], false],
    ['ubi8/nodejs-20', '20', 'Node.js 20', 'ubi8', ['NODEJS_VERSION=20'], false],
    ['ubi9/nodejs-20', '20', 'Node.js 20', 'ubi9', ['NODEJS_VERSION=20'], true],
    ['ubi9/nodejs-22', '22', 'Node.js 22', 'ubi9', ['NODEJS_VERSION=22'], true],
    ['ubi8/python-39', '3.9', 'Python 3.9', 'ubi8', ['PYTHON_VERSION=3.9'], false],
    ['ubi9/python-311', '3.11', 'Python 3.11', 'ubi9', ['PYTHON_VERSION=3.11'], false],
    ['ubi9/python-312', '3.12', 'Python 3.12', 'ubi9', ['PYTHON_VERSION=3.12'], true],
    ['ubi9/ruby-31', '3.1', 'Ruby 3.1', 'ubi9', ['RUBY_VERSION=3.1'], false],
    ['ubi9/ruby-33', '3.3', 'Ruby 3.3', 'ubi9', ['RUBY_VERSION=3.3'], false],
    ['ubi8/httpd-24', '2.4', 'Apache httpd 2.4', 'ubi8', ['HTTPD_VERSION=2.4'], false],
    ['ubi9/httpd-24', '2.4', 'Apache httpd 2.4', 'ubi9', ['HTTPD_VERSION=2.4'], false],
    ['ubi9/nginx-122', '1.22', 'nginx 1.22', 'ubi9', ['NGINX_VERSION=1.22'], false],
    ['ubi9/nginx-124', '1.24', 'nginx 1.24', 'ubi9', ['NGINX_VERSION=1.24'], true],
  ]
  for (const [repo, version, summary, base, env, multiArch] of samples) {
    const f = s2i(repo, version, summary, base, env)
    const img = multiArch ? multi(f, AMD_ARM) : single(f)
    rhRepos[repo] = { tags: { latest: img, [version]: img } }
  }

  return {
    'docker.io': {
      repositories: {
        'library/nginx': { tags: { latest: nginx127, '1.27': nginx127, '1.27.2': nginx127, stable: nginx126, '1.26': nginx126, '1.26.2': nginx126 } },
        'library/busybox': { tags: { latest: busybox137, '1.37': busybox137, '1.37.0': busybox137, '1.36': busybox136, '1.36.1': busybox136 } },
      },
    },
    'registry.access.redhat.com': { repositories: rhRepos },
    'quay.io': {
      repositories: {
        'sclorg/postgresql-16-c9s': { tags: { latest: single({ repo: 'sclorg/postgresql-16-c9s', version: '16', summary: 'PostgreSQL 16', base: 'ubi9', user: '26', ports: ['5432/tcp'], cmd: ['run-postgresql'], env: ['POSTGRESQL_VERSION=16'] }) } },
        'acme/legacy-app': { tags: { '1.0': single({ repo: 'acme/legacy-app', version: '1.0', summary: 'Legacy app', base: 'ubi8', ports: ['8080/tcp'], cmd: ['/usr/bin/legacy-app'] }) } },
        'acme/ok-app': {
          tags: {
            '2.4.1': single({ repo: 'acme/ok-app', version: '2.4.1', summary: 'OK app', base: 'ubi9', ports: ['8080/tcp'], cmd: ['/usr/bin/ok-app'] }),
            '2.4.0': single({ repo: 'acme/ok-app', version: '2.4.0', summary: 'OK app', base: 'ubi9', ports: ['8080/tcp'], cmd: ['/usr/bin/ok-app'], created: '2025-06-01T12:00:00Z' }),
          },
        },
      },
    },
    // A private registry: pulling needs a pull secret for registry.example.com (robot / fake-token).
    'registry.example.com': {
      repositories: {
        'private/api': {
          auth: { username: 'robot', password: 'fake-token' },
          tags: { latest: single({ repo: 'private/api', version: '3.2', summary: 'Private API', base: 'ubi9', ports: ['8443/tcp'], cmd: ['/usr/bin/api'] }) },
        },
      },
    },
    // A registry that only speaks plain HTTP: imports need importPolicy.insecure.
    'registry.internal.example:5000': {
      httpOnly: true,
      repositories: {
        'team-a/tool': { tags: { '1.2': single({ repo: 'team-a/tool', version: '1.2', summary: 'Internal tool', base: 'ubi9', cmd: ['/usr/bin/tool'] }) } },
      },
    },
  }
}

/** The built-in registries (built once; the built manifests are immutable and shared). */
export function defaultRegistries(): Record<string, RegistryFixture> {
  cache ??= build()
  return cache
}
