// Name helpers for the virtual image resources, ported from openshift/library-go
// pkg/image/imageutil (SplitImageStreamTag, ParseImageStreamTagName, DigestOrImageMatch, ...) and
// openshift-apiserver's imagesignature splitImageSignatureName.
// fidelity: helpers.names

import { goQuote } from '../../apiserver/errors.js'
import { digestHex, isValidDigest } from './reference.js'

export const DEFAULT_IMAGE_TAG = 'latest'

/**
 * Result of the strict name parsers: either the two parts, or `error` carrying the exact Go
 * error text (callers usually turn any failure into a BadRequest with their own message).
 */
export type ParseResult<K extends string> = ({ ok: true; error?: undefined } & Record<K, string>) | { ok: false; error: string }

/** Go's string `<` (byte order of the UTF-8 encoding == code point order). */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x === y) continue
    const xs = x >= 0xd800 && x <= 0xdfff
    const ys = y >= 0xd800 && y <= 0xdfff
    // a surrogate unit belongs to a supplementary code point, which is above every BMP code point
    if (xs !== ys) return xs ? 1 : -1
    return x < y ? -1 : 1
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0
}

/** SplitImageStreamTag: split on the first ':'; tag defaults to `latest`; ok when a ':' was present. */
export function splitImageStreamTag(nameAndTag: string): { name: string; tag: string; ok: boolean } {
  const i = nameAndTag.indexOf(':')
  const name = i === -1 ? nameAndTag : nameAndTag.slice(0, i)
  let tag = i === -1 ? '' : nameAndTag.slice(i + 1)
  if (tag.length === 0) tag = DEFAULT_IMAGE_TAG
  return { name, tag, ok: i !== -1 }
}

/** SplitImageStreamImage: split on the first '@'; ok when a '@' was present. */
export function splitImageStreamImage(nameAndID: string): { name: string; id: string; ok: boolean } {
  const i = nameAndID.indexOf('@')
  if (i === -1) return { name: nameAndID, id: '', ok: false }
  return { name: nameAndID.slice(0, i), id: nameAndID.slice(i + 1), ok: true }
}

/** JoinImageStreamTag: `name:tag`, tag defaulting to `latest`. */
export function joinImageStreamTag(name: string, tag: string): string {
  return `${name}:${tag.length === 0 ? DEFAULT_IMAGE_TAG : tag}`
}

/** JoinImageStreamImage: `name@id`. */
export function joinImageStreamImage(name: string, id: string): string {
  return `${name}@${id}`
}

/** strings.SplitN(s, sep, n) */
function splitN(s: string, sep: string, n: number): string[] {
  const out: string[] = []
  let rest = s
  while (out.length < n - 1) {
    const i = rest.indexOf(sep)
    if (i === -1) break
    out.push(rest.slice(0, i))
    rest = rest.slice(i + sep.length)
  }
  out.push(rest)
  return out
}

/** ParseImageStreamTagName (strict; ISTag / ImageTag names): exactly `<name>:<tag>`, no '@'. */
export function parseImageStreamTagName(istag: string): ParseResult<'name' | 'tag'> {
  if (istag.includes('@')) return { ok: false, error: `${goQuote(istag)} is an image stream image, not an image stream tag` }
  const segments = splitN(istag, ':', 3)
  if (segments.length !== 2) return { ok: false, error: `expected exactly one : delimiter in the istag ${goQuote(istag)}` }
  const [name, tag] = segments as [string, string]
  if (name.length === 0 || tag.length === 0) {
    return { ok: false, error: `image stream tag name ${goQuote(istag)} must have a name and a tag` }
  }
  return { ok: true, name, tag }
}

/** ParseImageStreamImageName (strict; ISImage names): exactly `<name>@<id>`. */
export function parseImageStreamImageName(input: string): ParseResult<'name' | 'id'> {
  const segments = splitN(input, '@', 3)
  if (segments.length !== 2) return { ok: false, error: `expected exactly one @ in the isimage name ${goQuote(input)}` }
  const [name, id] = segments as [string, string]
  if (name.length === 0 || id.length === 0) {
    return { ok: false, error: `image stream image name ${goQuote(input)} must have a name and ID` }
  }
  return { ok: true, name, id }
}

/** splitImageSignatureName: exactly one '@', `<imageName>@<signatureName>`, both non-empty. */
export function parseImageSignatureName(imageSignatureName: string): ParseResult<'imageName' | 'signatureName'> {
  const segments = imageSignatureName.split('@')
  if (segments.length !== 2) {
    return { ok: false, error: `expected exactly one @ in the image signature name ${goQuote(imageSignatureName)}` }
  }
  const [imageName, signatureName] = segments as [string, string]
  if (imageName.length === 0 || signatureName.length === 0) {
    return { ok: false, error: `image signature name ${goQuote(imageSignatureName)} must have an image name and signature name` }
  }
  return { ok: true, imageName, signatureName }
}

/**
 * DigestOrImageMatch: for a valid digest, `id` may prefix the hex part or the whole string;
 * otherwise a plain prefix match.
 */
export function digestOrImageMatch(image: string, id: string): boolean {
  if (isValidDigest(image)) return digestHex(image).startsWith(id) || image.startsWith(id)
  return image.startsWith(id)
}
