// fast-check arbitraries for the fuzz suite: valid bodies of every kind, and the ways to break them.

import fc from 'fast-check'
import { stringify as yamlStringify } from 'yaml'
import { DIGEST, IMAGES_PATH, IS_PATH, NS } from './support.js'

const REF = `quay.io/x/y@${DIGEST}`
const DIGEST_B = `sha256:${'b'.repeat(64)}`

export interface Target {
  method: 'POST' | 'PUT' | 'PATCH'
  path: string
  contentType: string
  body: unknown
  /** Serialise as YAML when the value allows it. */
  yaml?: boolean
}

const stream = { apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name: 'new-is', labels: { a: 'b' } }, spec: { lookupPolicy: { local: false }, tags: [{ name: 't', from: { kind: 'DockerImage', name: REF }, importPolicy: { scheduled: false }, referencePolicy: { type: 'Source' } }] } }
const current = { apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name: 'is', namespace: NS, labels: { app: 'a' } }, spec: { tags: [{ name: 'latest', from: { kind: 'DockerImage', name: REF } }] } }

/** One valid body per door into the store: every kind, every body content type, every patch type. */
export const TARGETS: Target[] = [
  { method: 'POST', path: IS_PATH, contentType: 'application/json', body: stream },
  { method: 'POST', path: IS_PATH, contentType: 'application/yaml', body: stream, yaml: true },
  { method: 'PUT', path: `${IS_PATH}/is`, contentType: 'application/json', body: current },
  { method: 'POST', path: IMAGES_PATH, contentType: 'application/json', body: { apiVersion: 'image.openshift.io/v1', kind: 'Image', metadata: { name: DIGEST_B }, dockerImageReference: `quay.io/x/y@${DIGEST_B}` } },
  { method: 'POST', path: `/apis/image.openshift.io/v1/namespaces/${NS}/imagestreamtags`, contentType: 'application/json', body: { apiVersion: 'image.openshift.io/v1', kind: 'ImageStreamTag', metadata: { name: 'is:v2' }, tag: { name: 'v2', from: { kind: 'DockerImage', name: REF } } } },
  { method: 'POST', path: `/apis/image.openshift.io/v1/namespaces/${NS}/imagetags`, contentType: 'application/json', body: { apiVersion: 'image.openshift.io/v1', kind: 'ImageTag', metadata: { name: 'is:v3' }, spec: { name: 'v3', from: { kind: 'DockerImage', name: REF } } } },
  { method: 'POST', path: `/apis/image.openshift.io/v1/namespaces/${NS}/imagestreammappings`, contentType: 'application/json', body: { apiVersion: 'image.openshift.io/v1', kind: 'ImageStreamMapping', metadata: { name: 'is' }, image: { metadata: { name: DIGEST_B }, dockerImageReference: `quay.io/x/y@${DIGEST_B}` }, tag: 'mapped' } },
  { method: 'POST', path: `/apis/image.openshift.io/v1/namespaces/${NS}/imagestreamimports`, contentType: 'application/json', body: { apiVersion: 'image.openshift.io/v1', kind: 'ImageStreamImport', metadata: { name: 'is' }, spec: { import: false, images: [{ from: { kind: 'DockerImage', name: REF }, to: { name: 'imp' } }] } } },
  { method: 'POST', path: `/api/v1/namespaces/${NS}/secrets`, contentType: 'application/json', body: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's2' }, type: 'Opaque', data: { a: 'YQ==' }, stringData: { b: 'c' } } },
  { method: 'POST', path: '/api/v1/namespaces', contentType: 'application/json', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n2' } } },
  { method: 'PATCH', path: `${IS_PATH}/is`, contentType: 'application/merge-patch+json', body: { metadata: { labels: { b: 'c' } }, spec: { tags: [{ name: 'x', from: { kind: 'DockerImage', name: REF } }] } } },
  { method: 'PATCH', path: `${IS_PATH}/is`, contentType: 'application/strategic-merge-patch+json', body: { metadata: { annotations: { k: 'v' } }, spec: { tags: [{ name: 'y', from: { kind: 'DockerImage', name: REF } }] } } },
  { method: 'PATCH', path: `${IS_PATH}/is`, contentType: 'application/json-patch+json', body: [{ op: 'add', path: '/metadata/labels/z', value: 'w' }, { op: 'replace', path: '/spec/tags/0/name', value: 'latest' }] },
  { method: 'PATCH', path: `${IS_PATH}/is?fieldManager=fuzz`, contentType: 'application/apply-patch+yaml', body: { apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name: 'is' }, spec: { tags: [{ name: 'applied', from: { kind: 'DockerImage', name: REF } }] } }, yaml: true },
  { method: 'PATCH', path: `${IMAGES_PATH}/${DIGEST}`, contentType: 'application/merge-patch+json', body: { metadata: { labels: { a: 'b' } }, dockerImageMetadata: { Architecture: 'amd64' } } },
  { method: 'PATCH', path: `/api/v1/namespaces/${NS}/secrets/s`, contentType: 'application/strategic-merge-patch+json', body: { data: { b: 'Yg==' } } },
]

// Raw tokens that no JS value serialises to (huge numbers, duplicate keys), spliced into the text by a marker.
const RAW = '\u0000RAW:'
const raw = (text: string): string => `${RAW}${text}\u0000`

const nastyKey = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '', ' ', 'x😀', 'a\r\nb', 'é', '\u0085', '\u2028', 'kind', 'apiVersion', 'metadata', 'name', 'spec', 'tags', 'labels', 'managedFields', '$patch', '$retainKeys', '$setElementOrder/tags', '$deleteFromPrimitiveList/finalizers'),
  fc.string({ maxLength: 12, unit: 'binary' }),
)

const hugeNumber = fc.tuple(fc.integer({ min: 300, max: 3000 }), fc.constantFrom('', '-', '0.', '1e')).map(([n, form]) =>
  raw(form === '0.' ? `0.${'1'.repeat(n)}` : form === '1e' ? `1e${'9'.repeat(Math.min(n, 30))}` : `${form}${'1'.repeat(n)}`),
)
const deepNesting = fc.tuple(fc.integer({ min: 50, max: 12_000 }), fc.constantFrom('[', '{"a":', '{"__proto__":')).map(([n, open]) => {
  const close = open === '[' ? ']' : '}'
  return raw(`${open.repeat(n)}${open === '[' ? '' : '1'}${close.repeat(n)}`)
})
const hugeString = fc.tuple(fc.integer({ min: 1_000, max: 100_000 }), fc.constantFrom('a', 'é', '😀', '\\n', '"')).map(([n, ch]) => (ch === '\\n' || ch === '"' ? raw(JSON.stringify(ch === '"' ? '"'.repeat(n) : '\n'.repeat(n))) : ch.repeat(n)))
const duplicateKeys = nastyKey.map((k) => raw(`{${JSON.stringify(k)}:1,${JSON.stringify(k)}:{"polluted":true}}`))
const protoObject = fc.constantFrom('__proto__', 'constructor', 'prototype').map((k) => raw(`{${JSON.stringify(k)}:{"polluted":true,"prototype":{"polluted":true}}}`))

/** A value to put somewhere in a body: any JSON value, or something built to hurt. */
export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom(null, true, 0, -1, 1.5, 2 ** 63, -(2 ** 63), 1e308, 5e-324, '', 'x', [], {}, [null], { '': '' }) },
  { weight: 1, arbitrary: hugeNumber },
  { weight: 1, arbitrary: deepNesting },
  { weight: 1, arbitrary: hugeString },
  { weight: 1, arbitrary: duplicateKeys },
  { weight: 1, arbitrary: protoObject },
  { weight: 1, arbitrary: fc.dictionary(nastyKey, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }) },
)

export type Mutation =
  | { kind: 'set'; path: number[]; key: string; value: unknown }
  | { kind: 'delete'; path: number[] }
  | { kind: 'replace'; path: number[]; value: unknown }

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('set' as const), path: fc.array(fc.nat(), { maxLength: 5 }), key: nastyKey, value: nastyValue }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), path: fc.array(fc.nat(), { minLength: 1, maxLength: 5 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('replace' as const), path: fc.array(fc.nat(), { maxLength: 5 }), value: nastyValue }) },
)

/** Apply a mutation to a deep copy: `path` picks children by index (mod the number of children). */
export function mutate(body: unknown, m: Mutation): unknown {
  const root = { v: structuredClone(body) as unknown }
  let parent: Record<string, unknown> | unknown[] = root as Record<string, unknown>
  let key: string | number = 'v'
  for (const step of m.path) {
    const cur = (parent as Record<string | number, unknown>)[key]
    if (cur === null || typeof cur !== 'object') break
    const keys: Array<string | number> = Array.isArray(cur) ? cur.map((_, i) => i) : Object.keys(cur)
    if (!keys.length) break
    parent = cur as Record<string, unknown>
    key = keys[step % keys.length]!
  }
  const target = (parent as Record<string | number, unknown>)[key]
  if (m.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(key), 1)
    else delete (parent as Record<string, unknown>)[key as string]
  } else if (m.kind === 'replace') {
    ;(parent as Record<string | number, unknown>)[key] = m.value
  } else if (target !== null && typeof target === 'object' && !Array.isArray(target)) {
    Object.defineProperty(target, m.key, { value: m.value, enumerable: true, writable: true, configurable: true })
  } else if (Array.isArray(target)) target.push(m.value)
  else (parent as Record<string | number, unknown>)[key] = { [m.key]: m.value }
  return root.v
}

/** JSON text of a value, raw tokens spliced in; YAML when asked for and nothing raw is inside. */
export function serialise(value: unknown, yaml: boolean): string {
  if (value === undefined) return ''
  const json = JSON.stringify(value) ?? 'null'
  if (yaml && !json.includes('\\u0000RAW:')) return String(yamlStringify(value))
  return json.replace(/"\\u0000RAW:((?:[^"\\]|\\.)*)\\u0000"/g, (_, inner: string) => JSON.parse(`"${inner}"`) as string)
}

export type TextDamage = { kind: 'none' } | { kind: 'truncate'; at: number } | { kind: 'insert'; at: number; text: string } | { kind: 'duplicate-first-key' }

export const textDamage: fc.Arbitrary<TextDamage> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ kind: 'none' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.string({ maxLength: 4, unit: 'binary' }), fc.constantFrom('\u0000', '\ufeff', '\ud800', ',', '}', ']', '"', ':', '\\', '- ', '\n  x: [', '&a *a', '!!binary')) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'duplicate-first-key' as const }) },
)

export function damage(text: string, d: TextDamage): string {
  switch (d.kind) {
    case 'none':
      return text
    case 'truncate':
      return text.slice(0, d.at % (text.length + 1))
    case 'insert': {
      const at = d.at % (text.length + 1)
      return text.slice(0, at) + d.text + text.slice(at)
    }
    case 'duplicate-first-key':
      return text.startsWith('{"') ? text.replace(/^\{("(?:[^"\\]|\\.)*"):/, '{$1:null,$1:') : text
  }
}
