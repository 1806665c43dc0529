// pkg/image/apis/image/docker10: the image config blob (schema 2 / OCI) or schema 1 v1Compatibility
// entry, unmarshalled as the real server does and converted to the v1 `dockerImageMetadata`.

import type { DockerImageMetadata } from '../types.js'
import { goBool, goField, goInt, goObject, goString, goStrings, goTime } from './unmarshal.js'

type FieldKind = 'string' | 'int' | 'bool' | 'strings' | 'set' | 'labels'

/** docker10.DockerConfig fields in struct order: JSON name and type. */
const DOCKER_CONFIG_FIELDS: [string, FieldKind][] = [
  ['Hostname', 'string'],
  ['Domainname', 'string'],
  ['User', 'string'],
  ['Memory', 'int'],
  ['MemorySwap', 'int'],
  ['CpuShares', 'int'],
  ['Cpuset', 'string'],
  ['AttachStdin', 'bool'],
  ['AttachStdout', 'bool'],
  ['AttachStderr', 'bool'],
  ['PortSpecs', 'strings'],
  ['ExposedPorts', 'set'],
  ['Tty', 'bool'],
  ['OpenStdin', 'bool'],
  ['StdinOnce', 'bool'],
  ['Env', 'strings'],
  ['Cmd', 'strings'],
  ['Dns', 'strings'],
  ['Image', 'string'],
  ['Volumes', 'set'],
  ['VolumesFrom', 'string'],
  ['WorkingDir', 'string'],
  ['Entrypoint', 'strings'],
  ['NetworkDisabled', 'bool'],
  ['SecurityOpts', 'strings'],
  ['OnBuild', 'strings'],
  ['Labels', 'labels'],
]

/** Unmarshal a docker10.DockerConfig and marshal it back in its v1 JSON form (omitempty). */
export function dockerConfig(v: unknown): Record<string, unknown> {
  const o = goObject(v, 'docker10.DockerConfig') ?? {}
  const out: Record<string, unknown> = {}
  for (const [name, kind] of DOCKER_CONFIG_FIELDS) {
    const x = goField(o, name)
    switch (kind) {
      case 'string': {
        const s = goString(x)
        if (s) out[name] = s
        break
      }
      case 'int': {
        const n = goInt(x)
        if (n) out[name] = n
        break
      }
      case 'bool':
        if (goBool(x)) out[name] = true
        break
      case 'strings': {
        const l = goStrings(x)
        if (l && l.length) out[name] = l
        break
      }
      case 'set': {
        const m = goObject(x, 'map[string]struct {}')
        if (m && Object.keys(m).length) {
          const set: Record<string, object> = {}
          for (const k of Object.keys(m).sort()) set[k] = {}
          out[name] = set
        }
        break
      }
      case 'labels': {
        const m = goObject(x, 'map[string]string')
        if (m && Object.keys(m).length) {
          const labels: Record<string, string> = {}
          for (const k of Object.keys(m).sort()) labels[k] = goString(m[k])
          out[name] = labels
        }
        break
      }
    }
  }
  return out
}

/**
 * Convert_DockerImageConfig_to_image_DockerImage / Convert_DockerV1CompatibilityImage_to_image_DockerImage:
 * the v1 `dockerImageMetadata` built from an image config blob (schema 2 / OCI) or a schema 1
 * v1Compatibility entry. Replaces the whole metadata.
 */
export function dockerImageFromConfig(v: unknown): DockerImageMetadata {
  const c = goObject(v, 'docker10.DockerImageConfig') ?? {}
  const m: DockerImageMetadata = { kind: 'DockerImage', apiVersion: '1.0', Id: goString(goField(c, 'id')), Created: null }
  const parent = goString(goField(c, 'parent'))
  if (parent) m.Parent = parent
  const comment = goString(goField(c, 'comment'))
  if (comment) m.Comment = comment
  m.Created = goTime(goField(c, 'created'))
  const container = goString(goField(c, 'container'))
  if (container) m.Container = container
  m.ContainerConfig = dockerConfig(goField(c, 'container_config'))
  const dockerVersion = goString(goField(c, 'docker_version'))
  if (dockerVersion) m.DockerVersion = dockerVersion
  const author = goString(goField(c, 'author'))
  if (author) m.Author = author
  const config = goField(c, 'config')
  if (config !== undefined && config !== null) m.Config = dockerConfig(config)
  const arch = goString(goField(c, 'architecture'))
  if (arch) m.Architecture = arch
  const size = goInt(goField(c, 'size'))
  if (size) m.Size = size
  return m
}
