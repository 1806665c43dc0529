// Tag prioritisation for repository imports: library-go pkg/image/imageutil PrioritizeTags (as
// vendored by openshift-apiserver's importer), with the parts of blang/semver v4 it relies on.

import { compareStrings } from './names.js'

// --- blang/semver v4 (Parse + Compare) -----------------------------------------------------------

interface PRVersion {
  str: string
  num: bigint
  isNum: boolean
}

export interface SemVer {
  major: bigint
  minor: bigint
  patch: bigint
  pre: PRVersion[]
  build: string[]
}

const MAX_UINT64 = (1n << 64n) - 1n
const NUMBERS = /^[0-9]*$/
const ALPHANUM = /^[0-9A-Za-z-]*$/

function hasLeadingZeroes(s: string): boolean {
  return s.length > 1 && s[0] === '0'
}

/** strconv.ParseUint(s, 10, 64) for an all-digit string; undefined on empty or overflow. */
function parseUint64(s: string): bigint | undefined {
  if (s.length === 0) return undefined
  const n = BigInt(s)
  return n > MAX_UINT64 ? undefined : n
}

function parseNumberPart(s: string): bigint | undefined {
  if (!NUMBERS.test(s) || hasLeadingZeroes(s)) return undefined
  return parseUint64(s)
}

function newPRVersion(s: string): PRVersion | undefined {
  if (s.length === 0) return undefined
  if (NUMBERS.test(s)) {
    if (hasLeadingZeroes(s)) return undefined
    const num = parseUint64(s)
    if (num === undefined) return undefined
    return { str: '', num, isNum: true }
  }
  if (ALPHANUM.test(s)) return { str: s, num: 0n, isNum: false }
  return undefined
}

/** semver.Parse: a strict `MAJOR.MINOR.PATCH[-pre][+build]`, or undefined when it does not parse. */
export function parseSemver(s: string): SemVer | undefined {
  if (s.length === 0) return undefined
  const first = s.indexOf('.')
  const second = first === -1 ? -1 : s.indexOf('.', first + 1)
  if (second === -1) return undefined
  const major = parseNumberPart(s.slice(0, first))
  if (major === undefined) return undefined
  const minor = parseNumberPart(s.slice(first + 1, second))
  if (minor === undefined) return undefined

  let patchStr = s.slice(second + 1)
  let build: string[] = []
  let prerelease: string[] = []
  const buildIndex = patchStr.indexOf('+')
  if (buildIndex !== -1) {
    build = patchStr.slice(buildIndex + 1).split('.')
    patchStr = patchStr.slice(0, buildIndex)
  }
  const preIndex = patchStr.indexOf('-')
  if (preIndex !== -1) {
    prerelease = patchStr.slice(preIndex + 1).split('.')
    patchStr = patchStr.slice(0, preIndex)
  }
  const patch = parseNumberPart(patchStr)
  if (patch === undefined) return undefined

  const pre: PRVersion[] = []
  for (const p of prerelease) {
    const v = newPRVersion(p)
    if (!v) return undefined
    pre.push(v)
  }
  for (const b of build) {
    if (b.length === 0 || !ALPHANUM.test(b)) return undefined
  }
  return { major, minor, patch, pre, build }
}

function cmp<T extends bigint | string>(a: T, b: T): number {
  return a === b ? 0 : a > b ? 1 : -1
}

function comparePR(a: PRVersion, b: PRVersion): number {
  if (a.isNum && !b.isNum) return -1
  if (!a.isNum && b.isNum) return 1
  if (a.isNum && b.isNum) return cmp(a.num, b.num)
  return a.str === b.str ? 0 : compareStrings(a.str, b.str)
}

/** Version.Compare: -1, 0 or 1 (build metadata is ignored). */
export function compareSemver(v: SemVer, o: SemVer): number {
  const c = cmp(v.major, o.major) || cmp(v.minor, o.minor) || cmp(v.patch, o.patch)
  if (c !== 0) return c
  if (v.pre.length === 0 && o.pre.length === 0) return 0
  if (v.pre.length === 0) return 1
  if (o.pre.length === 0) return -1
  let i = 0
  for (; i < v.pre.length && i < o.pre.length; i++) {
    const p = comparePR(v.pre[i]!, o.pre[i]!)
    if (p !== 0) return p
  }
  if (i === v.pre.length && i === o.pre.length) return 0
  return i === v.pre.length ? -1 : 1
}

// --- PrioritizeTags ------------------------------------------------------------------------------

const Priority = { Latest: 0, Minor: 1, Full: 2, Other: 3 } as const
type Priority = (typeof Priority)[keyof typeof Priority]

interface PrioritizedTag {
  tag: string
  priority: Priority
  semver?: SemVer
  prefix: string
}

const RE_MINOR_SEMANTIC = /^[0-9]+\.[0-9]+$/
const RE_MINOR_WITH_PATCH = /^([0-9]+\.[0-9]+)-\w+$/

function prioritizeTag(tag: string): PrioritizedTag {
  if (tag === 'latest') return { tag, priority: Priority.Latest, prefix: '' }
  let short = tag
  let prefix = ''
  if (tag.startsWith('v')) {
    prefix = 'v'
    short = tag.slice(1)
  }
  // 5.1.3
  const full = parseSemver(short)
  if (full) return { tag, priority: Priority.Full, semver: full, prefix }
  // 5.1
  if (RE_MINOR_SEMANTIC.test(short)) {
    const v = parseSemver(short + '.0')
    if (v) return { tag, priority: Priority.Minor, semver: v, prefix }
  }
  // 5.1-rc1
  const m = RE_MINOR_WITH_PATCH.exec(short)
  if (m) {
    const v = parseSemver(short.replace(m[1]!, m[1]! + '.0'))
    if (v) return { tag, priority: Priority.Minor, semver: v, prefix }
  }
  return { tag, priority: Priority.Other, prefix }
}

function less(a: PrioritizedTag, b: PrioritizedTag): boolean {
  if (a.priority !== b.priority) return a.priority < b.priority
  if (a.priority === Priority.Other) return compareStrings(a.tag, b.tag) < 0
  const c = compareSemver(a.semver!, b.semver!)
  if (c > 0) return true // the newer tag has a higher priority
  return c === 0 && compareStrings(a.prefix, b.prefix) < 0
}

/**
 * PrioritizeTags: `latest` first; then minor versions (`5.1`, `v5.1`, `5.1-rc1`) newest first; then
 * full semantic versions newest first; then everything else in lexicographic order. Returns a new
 * array. (Go's sort is unstable; only tags equal up to build metadata are left in input order here.)
 */
export function prioritizeTags(tags: readonly string[]): string[] {
  return tags
    .map(prioritizeTag)
    .sort((a, b) => (less(a, b) ? -1 : less(b, a) ? 1 : 0))
    .map((t) => t.tag)
}
