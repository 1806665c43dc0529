import { describe, expect, it } from 'vitest'
import { formatTimeAgo, humanDuration, printerTagsColumn } from './duration.js'

const second = 1000
const minute = 60 * second
const hour = 60 * minute
const day = 24 * hour
const week = 7 * day
const month = 30 * day
const year = 365 * day

describe('humanDuration (go-units TestHumanDuration)', () => {
  it.each([
    ['Less than a second', 450],
    ['Less than a second', -5 * minute],
    ['1 second', 1 * second],
    ['45 seconds', 45 * second],
    ['46 seconds', 46 * second],
    ['59 seconds', 59 * second],
    ['About a minute', 60 * second],
    ['About a minute', 1 * minute],
    ['3 minutes', 3 * minute],
    ['35 minutes', 35 * minute],
    ['35 minutes', 35 * minute + 40 * second],
    ['45 minutes', 45 * minute],
    ['45 minutes', 45 * minute + 40 * second],
    ['46 minutes', 46 * minute],
    ['59 minutes', 59 * minute],
    ['About an hour', 1 * hour],
    ['About an hour', 1 * hour + 29 * minute],
    ['2 hours', 1 * hour + 30 * minute],
    ['2 hours', 1 * hour + 31 * minute],
    ['2 hours', 1 * hour + 59 * minute],
    ['3 hours', 3 * hour],
    ['3 hours', 3 * hour + 29 * minute],
    ['4 hours', 3 * hour + 31 * minute],
    ['4 hours', 3 * hour + 59 * minute],
    ['4 hours', 3 * hour + 60 * minute],
    ['24 hours', 24 * hour],
    ['36 hours', 1 * day + 12 * hour],
    ['2 days', 2 * day],
    ['7 days', 7 * day],
    ['13 days', 13 * day + 5 * hour],
    ['2 weeks', 2 * week],
    ['2 weeks', 2 * week + 4 * day],
    ['3 weeks', 3 * week],
    ['4 weeks', 4 * week],
    ['4 weeks', 4 * week + 3 * day],
    ['4 weeks', 1 * month],
    ['6 weeks', 1 * month + 2 * week],
    ['2 months', 2 * month],
    ['2 months', 2 * month + 2 * week],
    ['3 months', 3 * month],
    ['3 months', 3 * month + 1 * week],
    ['5 months', 5 * month + 2 * week],
    ['13 months', 13 * month],
    ['23 months', 23 * month],
    ['24 months', 24 * month],
    ['2 years', 24 * month + 2 * week],
    ['3 years', 3 * year + 2 * month],
  ])('%s (%d ms)', (want, ms) => {
    expect(humanDuration(ms)).toBe(want)
  })

  it('formatTimeAgo', () => {
    const now = Date.parse('2015-09-04T13:52:00Z')
    expect(formatTimeAgo('2015-09-04T13:47:00Z', now)).toBe('5 minutes ago')
    expect(formatTimeAgo('2015-09-04T13:52:00Z', now)).toBe('Less than a second ago')
  })
})

describe('printerTagsColumn (printTagsUpToWidth, width 40)', () => {
  it('joins tags that fit', () => {
    expect(printerTagsColumn([])).toBe('')
    expect(printerTagsColumn(['latest'])).toBe('latest')
    expect(printerTagsColumn(['third', 'latest', 'other'])).toBe('third,latest,other')
  })

  it('always shows the first tag', () => {
    const long = 'x'.repeat(60)
    expect(printerTagsColumn([long, 'a', 'b'])).toBe(`${long} + 2 more...`)
  })

  it('hides tags past the width', () => {
    // 9 tags of 4 chars use 45 of 40: the 9th is dropped (remaining -5: margin 10 < -5+4 is false)
    const tags = ['t001', 't002', 't003', 't004', 't005', 't006', 't007', 't008', 't009', 't010']
    expect(printerTagsColumn(tags)).toBe('t001,t002,t003,t004,t005,t006,t007,t008 + 2 more...')
  })

  it('allows a ~25% overrun when much of the width was unfilled', () => {
    // "a"(2) leaves 38; a 45-char tag makes remaining -8: margin 10 < -8+45 and 10 >= 8 -> kept
    const big = 'b'.repeat(45)
    expect(printerTagsColumn(['a', big, 'c'])).toBe(`a,${big} + 1 more...`)
    // a 47-char tag makes remaining -10: still within the margin; the next tag then overflows further
    const big47 = 'b'.repeat(47)
    expect(printerTagsColumn(['a', big47])).toBe(`a,${big47}`)
    // a 48-char tag makes remaining -11: beyond the margin -> hidden
    const big48 = 'b'.repeat(48)
    expect(printerTagsColumn(['a', big48])).toBe('a + 1 more...')
  })

  it('counts bytes, not UTF-16 units', () => {
    // 14 three-byte chars = 42 bytes: over 40 on its own, shown because it is first
    const wide = '\u20ac'.repeat(14)
    expect(printerTagsColumn([wide, 'x'])).toBe(`${wide} + 1 more...`)
    expect(printerTagsColumn(['x'.repeat(42), 'x'])).toBe(`${'x'.repeat(42)} + 1 more...`)
    // 13 euro signs = 39 bytes + 1 = 40 -> fits exactly; next tag overflows by 2: 10 < -2+1 false -> hidden
    expect(printerTagsColumn(['\u20ac'.repeat(13), 'x'])).toBe(`${'\u20ac'.repeat(13)} + 1 more...`)
  })

  it('respects a custom width', () => {
    expect(printerTagsColumn(['aa', 'bb', 'cc'], 6)).toBe('aa,bb + 1 more...')
  })
})
