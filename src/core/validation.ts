// Core (k8s.io/kubernetes/pkg/apis/core/validation) additions to the generic ObjectMeta rules: legacy
// finalizer names, config-map/secret data keys.

import { fe, type FieldError } from '../apiserver/errors.js'
import {
  DNS1123_SUBDOMAIN_MAX_LENGTH,
  isQualifiedName,
  maxLenError,
  regexError,
  toByteString,
  validateObjectMeta,
  validateObjectMetaUpdate,
  type MetaInput,
  type NameFn,
} from '../apiserver/validation.js'

const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion'])

/** validateKubeFinalizerName: a name without '/' must be one of the standard finalizers. */
export function validateKubeFinalizerName(name: string, path: string): FieldError[] {
  if (name.split('/').length === 1 && !STANDARD_FINALIZERS.has(name)) {
    return [fe.invalid(path, name, 'name is neither a standard finalizer name nor is it fully qualified')]
  }
  return []
}

/** validateFinalizerName (namespace spec.finalizers): qualified name + the legacy rule above. */
export function validateFinalizerName(name: string, path: string): FieldError[] {
  return [...isQualifiedName(name).map((m) => fe.invalid(path, name, m)), ...validateKubeFinalizerName(name, path)]
}

/** core validation.ValidateObjectMeta */
export function validateCoreObjectMeta(meta: MetaInput, namespaced: boolean, nameFn: NameFn, path = 'metadata'): FieldError[] {
  const errs = validateObjectMeta(meta, { namespaced, nameFn }, path)
  ;(meta.finalizers ?? []).forEach((f, i) => errs.push(...validateKubeFinalizerName(f, `${path}.finalizers[${i}]`)))
  return errs
}

/** core validation.ValidateObjectMetaUpdate */
export function validateCoreObjectMetaUpdate(meta: MetaInput, old: MetaInput, path = 'metadata'): FieldError[] {
  const errs = validateObjectMetaUpdate(meta, old, path)
  ;(meta.finalizers ?? []).forEach((f, i) => errs.push(...validateKubeFinalizerName(f, `${path}.finalizers[${i}]`)))
  return errs
}

const CONFIG_MAP_KEY_FMT = '[-._a-zA-Z0-9]+'
const CONFIG_MAP_KEY = new RegExp(`^${CONFIG_MAP_KEY_FMT}$`)

/** validation.IsConfigMapKey */
export function isConfigMapKey(key: string): string[] {
  const errs: string[] = []
  if (toByteString(key).length > DNS1123_SUBDOMAIN_MAX_LENGTH) errs.push(maxLenError(DNS1123_SUBDOMAIN_MAX_LENGTH))
  if (!CONFIG_MAP_KEY.test(key)) {
    errs.push(regexError("a valid config key must consist of alphanumeric characters, '-', '_' or '.'", CONFIG_MAP_KEY_FMT, 'key.name', 'KEY_NAME', 'key-name'))
  }
  if (key === '.') errs.push("must not be '.'")
  else if (key === '..') errs.push("must not be '..'")
  else if (key.startsWith('..')) errs.push("must not start with '..'")
  return errs
}

/** ValidateImmutableField */
export function validateImmutableField(next: unknown, old: unknown, path: string): FieldError[] {
  return JSON.stringify(next) === JSON.stringify(old) ? [] : [fe.invalid(path, next, 'field is immutable')]
}
