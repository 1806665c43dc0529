// core/v1 Secret (k8s pkg/registry/core/secret, pkg/apis/core/validation ValidateSecret): stored in v1
// wire form with `stringData` folded into `data` (base64), `type` defaulted to Opaque; names are DNS
// subdomains; data keys, size and the per-type required keys are validated; unconditional updates allowed.
// fidelity: core.secrets

import { errors, fe, type FieldError } from '../apiserver/errors.js'
import { isPlainObject, sortedMap } from '../apiserver/json.js'
import { normalizeMeta } from '../apiserver/meta.js'
import { goJsonSyntaxError } from '../apiserver/patch/go-json-scanner.js'
import { goTypeError, isJsonObject } from '../apiserver/patch/go-json.js'
import { metaFieldSet, type Strategy } from '../apiserver/strategy.js'
import { nameIsDNSSubdomain } from '../apiserver/validation.js'
import type { KubeObject } from '../image/types.js'
import { Base64Error, decodeBase64, encodeBase64 } from './base64.js'
import { age, AGE_COLUMN, NAME_COLUMN } from './printers.js'
import { isConfigMapKey, validateCoreObjectMeta, validateCoreObjectMetaUpdate, validateImmutableField } from './validation.js'
import { textOf } from '../apiserver/json.js'

export const SECRET_TYPE_OPAQUE = 'Opaque'
export const SECRET_TYPE_SERVICE_ACCOUNT_TOKEN = 'kubernetes.io/service-account-token'
export const SECRET_TYPE_DOCKERCFG = 'kubernetes.io/dockercfg'
export const SECRET_TYPE_DOCKER_CONFIG_JSON = 'kubernetes.io/dockerconfigjson'
export const SECRET_TYPE_BASIC_AUTH = 'kubernetes.io/basic-auth'
export const SECRET_TYPE_SSH_AUTH = 'kubernetes.io/ssh-auth'
export const SECRET_TYPE_TLS = 'kubernetes.io/tls'
/** core.MaxSecretSize */
export const MAX_SECRET_SIZE = 1 * 1024 * 1024

export interface Secret extends KubeObject {
  immutable?: boolean
  data?: Record<string, string>
  type: string
}

function decodeError(msg: string): Error {
  return errors.badRequest(`Secret in version "v1" cannot be handled as a Secret: ${msg}`)
}

/** Canonical v1 form (Go field order: metadata, immutable, data, type). Bad base64 → 400 as the decoder says. */
export function normalizeSecret(input: unknown): Secret {
  const o = isPlainObject(input) ? input : {}
  const out: Secret = { kind: 'Secret', apiVersion: 'v1', metadata: normalizeMeta(o.metadata) } as Secret
  if (typeof o.immutable === 'boolean') out.immutable = o.immutable
  const data: Record<string, string> = {}
  if (isPlainObject(o.data)) {
    for (const [k, v] of Object.entries(o.data)) {
      if (v === null || v === undefined) {
        data[k] = ''
        continue
      }
      if (typeof v !== 'string') throw decodeError(goTypeError(v, '[]uint8', { struct: 'Secret', field: 'data' }))
      try {
        data[k] = encodeBase64(decodeBase64(v))
      } catch (e) {
        if (e instanceof Base64Error) throw decodeError(e.message)
        throw e
      }
    }
  }
  // StringData overwrites Data (Convert_v1_Secret_To_core_Secret); it is never stored.
  if (isPlainObject(o.stringData)) {
    for (const [k, v] of Object.entries(o.stringData)) data[k] = encodeBase64(textOf(v))
  }
  if (Object.keys(data).length) out.data = sortedMap(data)
  out.type = typeof o.type === 'string' && o.type ? o.type : SECRET_TYPE_OPAQUE
  return out
}

function dataBytes(secret: Secret): Map<string, Uint8Array> {
  const m = new Map<string, Uint8Array>()
  for (const k of Object.keys(secret.data ?? {}).sort()) m.set(k, decodeBase64(secret.data![k]!))
  return m
}

/** json.Unmarshal(bytes, &map[string]interface{}{}) error text, or undefined. */
function jsonObjectError(bytes: Uint8Array): string | undefined {
  const syntax = goJsonSyntaxError(bytes)
  if (syntax) return syntax
  const v: unknown = JSON.parse(new TextDecoder().decode(bytes))
  if (v !== null && !isJsonObject(v)) return goTypeError(v, 'map[string]interface {}')
  return undefined
}

/** ValidateSecret */
export function validateSecret(secret: Secret): FieldError[] {
  const errs = validateCoreObjectMeta(secret.metadata, true, nameIsDNSSubdomain)
  const data = dataBytes(secret)
  let total = 0
  for (const [key, value] of data) {
    for (const msg of isConfigMapKey(key)) errs.push(fe.invalid(`data[${key}]`, key, msg))
    total += value.length
  }
  if (total > MAX_SECRET_SIZE) errs.push(fe.tooLong('data', MAX_SECRET_SIZE))
  const requireJSON = (key: string) => {
    const bytes = data.get(key)
    if (!bytes) {
      errs.push(fe.required(`data[${key}]`))
      return
    }
    const err = jsonObjectError(bytes)
    if (err) errs.push(fe.invalid(`data[${key}]`, '<secret contents redacted>', err))
  }
  switch (secret.type) {
    case SECRET_TYPE_SERVICE_ACCOUNT_TOKEN: {
      const key = 'kubernetes.io/service-account.name'
      if (!secret.metadata.annotations?.[key]) errs.push(fe.required(`metadata.annotations[${key}]`))
      break
    }
    case SECRET_TYPE_DOCKERCFG:
      requireJSON('.dockercfg')
      break
    case SECRET_TYPE_DOCKER_CONFIG_JSON:
      requireJSON('.dockerconfigjson')
      break
    case SECRET_TYPE_BASIC_AUTH:
      if (!data.has('username') && !data.has('password')) errs.push(fe.required('data[username]'), fe.required('data[password]'))
      break
    case SECRET_TYPE_SSH_AUTH:
      if (!data.get('ssh-privatekey')?.length) errs.push(fe.required('data[ssh-privatekey]'))
      break
    case SECRET_TYPE_TLS:
      if (!data.has('tls.crt')) errs.push(fe.required('data[tls.crt]'))
      if (!data.has('tls.key')) errs.push(fe.required('data[tls.key]'))
      break
  }
  return errs
}

/** ValidateSecretUpdate */
export function validateSecretUpdate(secret: Secret, old: Secret): FieldError[] {
  const errs = validateCoreObjectMetaUpdate(secret.metadata, old.metadata)
  errs.push(...validateImmutableField(secret.type, old.type, 'type'))
  if (old.immutable) {
    if (!secret.immutable) errs.push(fe.forbidden('immutable', 'field is immutable when `immutable` is set'))
    if (JSON.stringify(secret.data ?? {}) !== JSON.stringify(old.data ?? {})) errs.push(fe.forbidden('data', 'field is immutable when `immutable` is set'))
  }
  errs.push(...validateSecret(secret))
  return errs
}

export const SECRET_SELECTABLE_FIELDS = ['metadata.name', 'metadata.namespace', 'type']

/** The core field-label conversion error (pkg/apis/core/v1 conversion.go). */
export const fieldLabelNotSupported = (field: string): string => `field label not supported: ${field}`

export function secretStrategy(): Strategy {
  return {
    group: '',
    version: 'v1',
    resource: 'secrets',
    kind: 'Secret',
    namespaced: true,
    normalize: normalizeSecret,
    validateName: nameIsDNSSubdomain,
    prepareForCreate() {},
    validate: (obj) => validateSecret(obj as Secret),
    prepareForUpdate() {},
    validateUpdate: (obj, old) => validateSecretUpdate(obj as Secret, old as Secret),
    fieldSet: (obj) => ({ ...metaFieldSet(obj, true), type: (obj as Secret).type ?? '' }),
    selectableFields: SECRET_SELECTABLE_FIELDS,
    fieldSelectorError: fieldLabelNotSupported,
    allowUnconditionalUpdate: true,
    table: {
      columns: [
        NAME_COLUMN,
        { name: 'Type', type: 'string', format: '', description: 'Used to facilitate programmatic handling of secret data. More info: https://kubernetes.io/docs/concepts/configuration/secret/#secret-types', priority: 0 },
        {
          name: 'Data',
          type: 'string',
          format: '',
          description:
            "Data contains the secret data. Each key must consist of alphanumeric characters, '-', '_' or '.'. The serialized form of the secret data is a base64 encoded string, representing the arbitrary (possibly non-string) data value here. Described in https://tools.ietf.org/html/rfc4648#section-4",
          priority: 0,
        },
        AGE_COLUMN,
      ],
      cells: (obj, ctx) => {
        const s = obj as Secret
        return [s.metadata.name ?? '', s.type ?? '', Object.keys(s.data ?? {}).length, age(s.metadata.creationTimestamp, ctx.nowMs)]
      },
    },
    emptyObject: () => ({ kind: 'Secret', apiVersion: 'v1', metadata: {} }),
  }
}
