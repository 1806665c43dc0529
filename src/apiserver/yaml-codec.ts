// The YAML library for request bodies (application/yaml, apply-patch+yaml) and YAML responses, loaded by
// the engine before it handles the first request whose Content-Type or Accept mentions YAML: a fake that
// only ever sees JSON (most clients) never loads it.

import type * as Yaml from 'yaml'
import { lazyCodec } from './lazy-codec.js'

const yaml = lazyCodec<typeof Yaml>('YAML', /yaml/i, () => import('yaml'))

/** Load the YAML library (once). */
export const loadYaml = yaml.load
/** Whether a request may need the YAML library (its body or its response). */
export const mayNeedYaml = yaml.mayNeed
/** The YAML library; the engine has loaded it for any request that can reach this. */
export const yamlLib = yaml.get
