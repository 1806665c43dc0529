// ImageSignature (openshift-apiserver pkg/image/apiserver/registry/imagesignature/rest.go): create and delete only.
// Signatures are not stored objects: they live in `Image.signatures[]`, so both verbs update the Image
// (its resourceVersion moves) through the normal Image update rules, as the real server does with its
// loopback client.
// fidelity: imagesignature.rest

import { errors } from '../../apiserver/errors.js'
import type { GenericStore } from '../../apiserver/generic-store.js'
import type { DeleteResult, RequestContext, Storage, Transaction, WriteOptions } from '../../apiserver/types.js'
import { Base64Error, decodeBase64, encodeBase64 } from '../../core/base64.js'
import { parseImageSignatureName } from '../helpers/names.js'
import { normalizeSignature } from '../image/normalize.js'
import { validateImageSignature } from '../image/validation.js'
import { GROUP, GROUP_VERSION, type Image, type ImageSignature, type KubeObject } from '../types.js'

/** The resource name the real server uses in its errors (note the camel case). */
const SIGNATURE_RESOURCE = 'imageSignatures'

/** The real server updates the Image through a loopback client; its User-Agent names the field manager. */
const LOOPBACK_FIELD_MANAGER = 'openshift-apiserver'

function decodeContent(v: unknown): string {
  if (v === undefined || v === null) return ''
  if (typeof v !== 'string') return ''
  try {
    return encodeBase64(decodeBase64(v))
  } catch (e) {
    if (e instanceof Base64Error) {
      throw errors.badRequest(`ImageSignature in version "v1" cannot be handled as a ImageSignature: ${e.message}`)
    }
    throw e
  }
}

function loopbackOptions(opts: WriteOptions): WriteOptions {
  return { dryRun: opts.dryRun, fieldManager: LOOPBACK_FIELD_MANAGER, operation: 'Update' }
}

/** Create the signature inside `tx`; returns it as the server answers (kind ImageSignature). */
export function createSignatureIn(tx: Transaction, ctx: RequestContext, input: KubeObject, opts: WriteOptions, images: GenericStore): ImageSignature {
  const content = decodeContent(input.content)
  const sig = normalizeSignature({ ...input, content }) as ImageSignature
  const meta = sig.metadata
  // rest.FillObjectMetaSystemFields + BeforeCreate (cluster-scoped: a body namespace is dropped)
  meta.uid = ctx.random.uid()
  meta.creationTimestamp = ctx.now
  delete meta.namespace
  delete meta.deletionTimestamp
  delete meta.deletionGracePeriodSeconds
  // PrepareForCreate: server-owned fields are cleared.
  delete sig.conditions
  delete sig.imageIdentity
  delete sig.signedClaims
  delete sig.created
  delete sig.issuedBy
  delete sig.issuedTo
  // GenerateName(base) returns base for signatures.
  if (meta.generateName && !meta.name) meta.name = meta.generateName
  const name = meta.name ?? ''
  const errs = validateImageSignature(sig, '')
  if (errs.length) throw errors.invalid(GROUP, 'ImageSignature', name, errs)
  const parsed = parseImageSignatureName(name)
  if (!parsed.ok) throw errors.badRequest(parsed.error)

  const image = tx.get('images', parsed.imageName) as Image | undefined
  if (!image) throw errors.notFound(GROUP, 'images', parsed.imageName)
  const sigs = image.signatures ?? []
  if (sigs.some((s) => s.metadata.name === name) || sigs.some((s) => s.type === sig.type && s.content === sig.content)) {
    throw errors.alreadyExists(GROUP, SIGNATURE_RESOURCE, name)
  }
  const r = images.updateIn(
    tx,
    ctx,
    parsed.imageName,
    (old) => {
      const img = old as Image
      img.signatures = [...(img.signatures ?? []), sig]
      return img
    },
    loopbackOptions(opts),
  )
  const stored = ((r.object as Image).signatures ?? []).find((s) => s.metadata.name === name)
  if (!stored) throw errors.internal('failed to store given signature')
  return { kind: 'ImageSignature', apiVersion: GROUP_VERSION, ...structuredClone(stored) } as ImageSignature
}

/** Delete the signature `<imageName>@<signatureName>` inside `tx`. */
export function deleteSignatureIn(tx: Transaction, ctx: RequestContext, name: string, opts: WriteOptions, images: GenericStore): DeleteResult {
  const parsed = parseImageSignatureName(name)
  if (!parsed.ok) throw errors.badRequest('ImageSignatures must be accessed with <imageName>@<signatureName>')
  const image = tx.get('images', parsed.imageName) as Image | undefined
  if (!image) throw errors.notFound(GROUP, 'images', parsed.imageName)
  const index = (image.signatures ?? []).findIndex((s) => s.metadata.name === name)
  if (index < 0) throw errors.notFound(GROUP, SIGNATURE_RESOURCE, name)
  images.updateIn(
    tx,
    ctx,
    parsed.imageName,
    (old) => {
      const img = old as Image
      img.signatures = (img.signatures ?? []).filter((_, i) => i !== index)
      if (!img.signatures.length) delete img.signatures
      return img
    },
    loopbackOptions(opts),
  )
  return { status: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success' } }
}

export function imageSignatureStorage(images: GenericStore): Storage {
  return {
    async create(ctx, input, opts) {
      return ctx.store.transaction(async (tx) => {
        tx.dryRun = opts.dryRun
        return createSignatureIn(tx, ctx, input, opts, images)
      })
    },
    async delete(ctx, name, opts) {
      return ctx.store.transaction(async (tx) => {
        tx.dryRun = opts.dryRun
        return deleteSignatureIn(tx, ctx, name, opts, images)
      })
    },
  }
}
