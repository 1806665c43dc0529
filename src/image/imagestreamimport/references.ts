// Reference helpers of the importer: the normalized names the registry client is called with.

import { parseNamed, type DockerImageReference } from '../helpers/reference.js'

/** reference.ParseNormalizedNamed(s).String(): Docker Hub names get `docker.io/` and `library/`. */
export function normalizedNamed(s: string): string {
  if (/^[a-f0-9]{64}$/.test(s)) throw new Error(`invalid repository name (${s}), cannot specify 64-byte hexadecimal strings`)
  const i = s.indexOf('/')
  let domain: string
  let remainder: string
  if (i === -1 || (!/[.:]/.test(s.slice(0, i)) && s.slice(0, i) !== 'localhost' && s.slice(0, i).toLowerCase() === s.slice(0, i))) {
    domain = 'docker.io'
    remainder = s
  } else {
    domain = s.slice(0, i)
    remainder = s.slice(i + 1)
  }
  if (domain === 'index.docker.io') domain = 'docker.io'
  if (domain === 'docker.io' && !remainder.includes('/')) remainder = `library/${remainder}`
  const colon = remainder.indexOf(':')
  const remoteName = colon > -1 ? remainder.slice(0, colon) : remainder
  if (remoteName.toLowerCase() !== remoteName) throw new Error('invalid reference format: repository name must be lowercase')
  const named = parseNamed(`${domain}/${remainder}`)
  return named.name + (named.tag ? `:${named.tag}` : '') + (named.digest ? `@${named.digest}` : '')
}

/** The reference with its tag and digest replaced. */
export function refWith(ref: DockerImageReference, tag: string, id: string): DockerImageReference {
  return { ...ref, tag, id }
}
