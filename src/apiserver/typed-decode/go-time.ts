// time.Parse(time.RFC3339, s) as metav1.Time.UnmarshalJSON calls it (k8s.io/apimachinery/pkg/apis/meta/v1/time.go),
// or time.Parse(metav1.RFC3339Micro, s) for metav1.MicroTime (micro_time.go: "2006-01-02T15:04:05.000000Z07:00"),
// reduced to what the decoder needs: undefined when Go accepts the string, else the *time.ParseError text, e.g.
// `parsing time "x" as "2006-01-02T15:04:05Z07:00": cannot parse "x" as "2006"`. A port of the layout walk
// in Go's src/time/format.go (parse, skip, getnum, atoi, parseNanoseconds) for the one layout
// "2006-01-02T15:04:05Z07:00".

import { RecentSet } from '../recent.js'

const LAYOUT = '2006-01-02T15:04:05Z07:00'
const MICRO_LAYOUT = '2006-01-02T15:04:05.000000Z07:00'

/** Layout chunks: literal prefix, element. */
const CHUNKS: ReadonlyArray<readonly [string, string]> = [
  ['', '2006'],
  ['-', '01'],
  ['-', '02'],
  ['T', '15'],
  [':', '04'],
  [':', '05'],
  ['', 'Z07:00'],
]
const MICRO_CHUNKS: ReadonlyArray<readonly [string, string]> = [...CHUNKS.slice(0, 6), ['', '.000000'], ['', 'Z07:00']]

/** time.quote: a double-quoted Go string with \xNN escapes for control and invalid bytes. */
function quote(s: string): string {
  let out = '"'
  for (const ch of s) {
    const c = ch.codePointAt(0)!
    if (ch === '"' || ch === '\\') out += `\\${ch}`
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`
    else out += ch
  }
  return `${out}"`
}

const isDigit = (s: string, i: number): boolean => i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57

/** getnum: one or two digits (exactly two when fixed). */
function getnum(s: string, fixed: boolean): [number, string] | undefined {
  if (!isDigit(s, 0)) return undefined
  if (!isDigit(s, 1)) {
    if (fixed) return undefined
    return [s.charCodeAt(0) - 48, s.slice(1)]
  }
  return [(s.charCodeAt(0) - 48) * 10 + (s.charCodeAt(1) - 48), s.slice(2)]
}

function daysIn(month: number, year: number): number {
  if (month === 2) return (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) ? 29 : 28
  return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!
}

const FAST = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:[.,]\d+)?(?:Z|[+-](?:[01]\d|2[0-4]):[0-5]\d)$/

const FAST_MICRO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})[.,]\d{6}(?:Z|[+-](?:[01]\d|2[0-4]):[0-5]\d)$/

// Times that parse, remembered (writes check the same stored timestamps again and again).
const goodTimes = new RecentSet()
const goodMicroTimes = new RecentSet()

export function rfc3339Error(value: string, micro = false): string | undefined {
  const good = micro ? goodMicroTimes : goodTimes
  if (good.has(value)) return undefined
  // The common case (what the server writes) without the walk.
  const m = (micro ? FAST_MICRO : FAST).exec(value)
  if (m) {
    const month = Number(m[2])
    const day = Number(m[3])
    if (month >= 1 && month <= 12 && day >= 1 && day <= daysIn(month, Number(m[1])) && Number(m[4]) < 24 && Number(m[5]) < 60 && Number(m[6]) < 60) {
      good.add(value)
      return undefined
    }
  }
  const layout = micro ? MICRO_LAYOUT : LAYOUT
  const fail = (elem: string, rest: string) => `parsing time ${quote(value)} as ${quote(layout)}: cannot parse ${quote(rest)} as ${quote(elem)}`
  const range = (what: string) => `parsing time ${quote(value)}: ${what} out of range`
  let v = value
  let year = 0
  let month = 0
  let day = 0
  for (const [prefix, elem] of micro ? MICRO_CHUNKS : CHUNKS) {
    for (const p of prefix) {
      if (!v.length || v[0] !== p) return fail(prefix, v)
      v = v.slice(1)
    }
    const hold = v
    switch (elem) {
      case '2006': {
        if (v.length < 4 || !isDigit(v, 0)) return fail(elem, hold)
        const p = v.slice(0, 4)
        v = v.slice(4)
        if (!/^\d{4}$/.test(p)) return fail(elem, hold)
        year = Number(p)
        break
      }
      case '01':
      case '02':
      case '04':
      case '05':
      case '15': {
        const r = getnum(v, elem !== '15')
        if (!r) return fail(elem, hold)
        const [n, rest] = r
        v = rest
        if (elem === '01') {
          if (n <= 0 || n > 12) return range('month')
          month = n
        } else if (elem === '02') day = n
        else if (elem === '15' && n >= 24) return range('hour')
        else if ((elem === '04' || elem === '05') && n >= 60) return range(elem === '04' ? 'minute' : 'second')
        // A fraction the layout does not spell out is skipped (the MicroTime layout has its own element).
        if (elem === '05' && !micro && v.length >= 2 && (v[0] === '.' || v[0] === ',') && isDigit(v, 1)) {
          let n2 = 2
          while (isDigit(v, n2)) n2++
          v = v.slice(n2) // parseNanoseconds keeps 9 digits and ignores the rest
        }
        break
      }
      case '.000000': {
        // stdFracSecond0: exactly as many digits as the layout, after '.' or ','.
        if (v.length < 7 || (v[0] !== '.' && v[0] !== ',') || !/^\d{6}$/.test(v.slice(1, 7))) return fail(elem, hold)
        v = v.slice(7)
        break
      }
      case 'Z07:00': {
        if (v.length >= 1 && v[0] === 'Z') {
          v = v.slice(1)
          break
        }
        if (v.length < 6 || v[3] !== ':') return fail(elem, hold)
        const sign = v[0]
        const hh = getnum(v.slice(1, 3), true)
        const mm = getnum(v.slice(4, 6), true)
        // The range is checked before the parse error (offsets up to 24h / 60m are allowed).
        if (hh && hh[0] > 24) return range('time zone offset hour')
        if (hh && mm && mm[0] > 60) return range('time zone offset minute')
        if (!hh || !mm || (sign !== '+' && sign !== '-')) return fail(elem, hold)
        v = v.slice(6)
        break
      }
    }
  }
  if (v.length) return `parsing time ${quote(value)}: extra text: ${quote(v)}`
  if (day < 1 || day > daysIn(month, year)) return range('day')
  return undefined
}
