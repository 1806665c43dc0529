// Vendors the upstream generated.proto files the fake's protobuf support needs, trimmed to the messages it
// serves (and every message they reach), into src/apiserver/protobuf/proto/.
//
// Usage: node scripts/protobuf/vendor-protos.mjs <upstream-dir>
//   <upstream-dir> holds the untouched upstream files under their import paths, e.g. from git checkouts:
//     k8s.io/apimachinery/...        kubernetes/apimachinery v0.32.9   (git show v0.32.9:pkg/.../generated.proto)
//     k8s.io/api/{core,authorization,authentication}/v1/...
//                                    kubernetes/api v0.32.9            (git show v0.32.9:core/v1/generated.proto, …)
//     github.com/openshift/api/...   openshift/api release-4.17        (git show release-4.17:image/v1/generated.proto)
// Then run: node scripts/protobuf/gen-descriptors.mjs (regenerates src/apiserver/protobuf/descriptors.ts).

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import protobuf from 'protobufjs'

const here = dirname(fileURLToPath(import.meta.url))
const out = join(here, '../../src/apiserver/protobuf/proto')
const upstream = process.argv[2]
if (!upstream) throw new Error('usage: node scripts/protobuf/vendor-protos.mjs <upstream-dir>')

// Files read (runtime/schema, util/intstr and api/resource are imported upstream; none of their messages is reached).
const FILES = {
  'k8s.io/apimachinery/pkg/runtime/generated.proto': 'kubernetes/apimachinery v0.32.9',
  'k8s.io/apimachinery/pkg/runtime/schema/generated.proto': 'kubernetes/apimachinery v0.32.9',
  'k8s.io/apimachinery/pkg/util/intstr/generated.proto': 'kubernetes/apimachinery v0.32.9',
  'k8s.io/apimachinery/pkg/api/resource/generated.proto': 'kubernetes/apimachinery v0.32.9',
  'k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto': 'kubernetes/apimachinery v0.32.9',
  'k8s.io/api/core/v1/generated.proto': 'kubernetes/api v0.32.9',
  'k8s.io/api/authorization/v1/generated.proto': 'kubernetes/api v0.32.9',
  'k8s.io/api/authentication/v1/generated.proto': 'kubernetes/api v0.32.9',
  'github.com/openshift/api/image/v1/generated.proto': 'openshift/api release-4.17',
}

/** The messages served (kinds, list kinds, envelopes); everything they reach is kept too. */
const ROOTS = [
  'k8s.io.apimachinery.pkg.runtime.Unknown',
  'k8s.io.apimachinery.pkg.apis.meta.v1.Status',
  'k8s.io.apimachinery.pkg.apis.meta.v1.DeleteOptions',
  'k8s.io.apimachinery.pkg.apis.meta.v1.WatchEvent',
  'k8s.io.apimachinery.pkg.apis.meta.v1.PartialObjectMetadata',
  'k8s.io.apimachinery.pkg.apis.meta.v1.PartialObjectMetadataList',
  'k8s.io.api.core.v1.Namespace',
  'k8s.io.api.core.v1.NamespaceList',
  'k8s.io.api.core.v1.Secret',
  'k8s.io.api.core.v1.SecretList',
  'k8s.io.api.core.v1.Event',
  'k8s.io.api.core.v1.EventList',
  'k8s.io.api.authorization.v1.SelfSubjectAccessReview',
  'k8s.io.api.authorization.v1.SelfSubjectRulesReview',
  'k8s.io.api.authentication.v1.SelfSubjectReview',
]

const root = new protobuf.Root()
root.resolvePath = (_origin, target) => join(upstream, target)
root.loadSync(Object.keys(FILES), { keepCase: true })
root.resolveAll()
const image = root.lookup('github.com.openshift.api.image.v1')
for (const t of image.nestedArray) ROOTS.push(t.fullName.slice(1))

const keep = new Set()
function visit(type) {
  const name = type.fullName.slice(1)
  if (keep.has(name)) return
  keep.add(name)
  for (const f of type.fieldsArray) if (f.resolvedType instanceof protobuf.Type) visit(f.resolvedType)
}
for (const r of ROOTS) visit(root.lookupType(r))

/** Split a generated.proto into its preamble and top-level message blocks (with their leading comments). */
function blocks(text) {
  const lines = text.split('\n')
  const start = lines.findIndex((l) => l.startsWith('option go_package')) + 1
  const preamble = lines.slice(0, start)
  const out = []
  let pending = []
  for (let i = start; i < lines.length; i++) {
    const l = lines[i]
    if (l.startsWith('message ')) {
      const name = /^message (\w+)/.exec(l)[1]
      const body = [l]
      while (lines[i] !== '}') body.push(lines[++i])
      out.push({ name, text: [...pending, ...body].join('\n') })
      pending = []
    } else if (l.trim() === '') pending = []
    else pending.push(l)
  }
  return { preamble, messages: out }
}

for (const [file, source] of Object.entries(FILES)) {
  const text = readFileSync(join(upstream, file), 'utf8')
  const pkg = /^package ([\w.]+);/m.exec(text)[1]
  const { preamble, messages } = blocks(text)
  const kept = messages.filter((m) => keep.has(`${pkg}.${m.name}`))
  if (!kept.length) continue // nothing reached in this file (schema, intstr, resource)
  const usedImports = new Set(kept.flatMap((m) => [...m.text.matchAll(/ \.?((?:k8s|github)\.[\w.]+)\.\w+ \w+ = \d+;/g)].map((x) => x[1])))
  const importOf = (p) => `import "${p.replace(/\./g, '/').replace(/^k8s\/io/, 'k8s.io').replace(/^github\/com/, 'github.com')}/generated.proto";`
  const imports = new Set([...usedImports].map(importOf))
  const pre = preamble.filter((l) => !l.startsWith('import ') || imports.has(l))
  const header = [
    `// Vendored from ${source}: ${file.replace(/^k8s\.io\/(apimachinery|api)\//, '').replace(/^github\.com\/openshift\/api\//, '')}`,
    `// Trimmed to the messages openshift-image-fake serves as protobuf and those they reach`,
    `// (${kept.length} of ${messages.length} messages), by scripts/protobuf/vendor-protos.mjs. Message text is unchanged.`,
    '',
  ]
  const dest = join(out, file)
  mkdirSync(dirname(dest), { recursive: true })
  writeFileSync(dest, `${header.join('\n')}${pre.join('\n')}\n\n${kept.map((m) => m.text).join('\n\n')}\n`)
  console.log(`${file}: ${kept.length}/${messages.length} messages`)
}
