// The YAML library for request bodies (application/yaml, apply-patch+yaml) and YAML responses, loaded by
// the engine before it handles the first request whose Content-Type or Accept mentions YAML: a fake that
// only ever sees JSON (most clients) never loads it.

import type * as Yaml from 'yaml'

let yaml: typeof Yaml | undefined
let loading: Promise<typeof Yaml> | undefined

/** Load the YAML library (once). */
export function loadYaml(): Promise<typeof Yaml> {
  return (loading ??= import('yaml').then((m) => (yaml = m)))
}

/** Whether a request may need the YAML library (its body or its response). */
export function mayNeedYaml(headers: Headers): boolean {
  if (yaml) return false
  const ct = headers.get('content-type')
  const accept = headers.get('accept')
  return (ct !== null && /yaml/i.test(ct)) || (accept !== null && /yaml/i.test(accept))
}

/** The YAML library; the engine has loaded it for any request that can reach this. */
export function yamlLib(): typeof Yaml {
  if (!yaml) throw new Error('internal error: YAML used before it was loaded')
  return yaml
}
