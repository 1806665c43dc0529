// Printer helpers: docker/go-units HumanDuration and openshift-apiserver
// pkg/image/printers/internalversion printTagsUpToWidth / formatRelativeTime.

const MS_PER_SECOND = 1000
const MS_PER_MINUTE = 60 * MS_PER_SECOND
const MS_PER_HOUR = 60 * MS_PER_MINUTE

/** time.Duration.Seconds/Minutes/Hours: whole units plus the remainder as a fraction. */
function inUnits(ms: number, unit: number): number {
  const whole = Math.trunc(ms / unit)
  return whole + (ms - whole * unit) / unit
}

/**
 * units.HumanDuration for a duration in milliseconds: "Less than a second", "1 second",
 * "N seconds", "About a minute", "N minutes", "About an hour", "N hours", "N days", "N weeks",
 * "N months", "N years".
 */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(inUnits(ms, MS_PER_SECOND))
  if (seconds < 1) return 'Less than a second'
  if (seconds === 1) return '1 second'
  if (seconds < 60) return `${seconds} seconds`
  const minutes = Math.trunc(inUnits(ms, MS_PER_MINUTE))
  if (minutes === 1) return 'About a minute'
  if (minutes < 60) return `${minutes} minutes`
  const hours = Math.trunc(inUnits(ms, MS_PER_HOUR) + 0.5)
  if (hours === 1) return 'About an hour'
  if (hours < 48) return `${hours} hours`
  if (hours < 24 * 7 * 2) return `${Math.trunc(hours / 24)} days`
  if (hours < 24 * 30 * 2) return `${Math.trunc(Math.trunc(hours / 24) / 7)} weeks`
  if (hours < 24 * 365 * 2) return `${Math.trunc(Math.trunc(hours / 24) / 30)} months`
  return `${Math.trunc(Math.trunc(Math.trunc(inUnits(ms, MS_PER_HOUR)) / 24) / 365)} years`
}

/**
 * formatRelativeTime + " ago" as printed in the UPDATED columns: `humanDuration(now - time) + " ago"`.
 * `time` is an RFC3339 timestamp; `now` is epoch milliseconds (injectable).
 */
export function formatTimeAgo(time: string, now: number): string {
  return `${humanDuration(now - Date.parse(time))} ago`
}

/** len() of a Go string: the UTF-8 byte length. */
function utf8Length(s: string): number {
  let n = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x80) n += 1
    else if (c < 0x800) n += 2
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4
      i++
    } else n += 3
  }
  return n
}

/**
 * printTagsUpToWidth: the TAGS column of `oc get is`. `tagNames` must already be ordered
 * (SortStatusTags, see tag-events.ts). Shows at least one tag, fits the rest into `preferredWidth`
 * (allowing up to ~25% overrun) and appends ` + <n> more...` for hidden tags.
 */
export function printerTagsColumn(tagNames: readonly string[], preferredWidth = 40): string {
  let tags = [...tagNames]
  let remaining = preferredWidth
  for (let i = 0; i < tags.length; i++) {
    const len = utf8Length(tags[i]!)
    remaining -= len + 1
    if (remaining >= 0) continue
    if (i === 0) {
      tags = tags.slice(0, 1)
      break
    }
    // if we've left more than 25% of the width unfilled, and adding the current tag would be
    // less than 125% of the preferred width, keep going to make the edges less ragged
    const margin = Math.trunc(preferredWidth / 4)
    if (margin < remaining + len && margin >= -remaining) continue
    tags = tags.slice(0, i)
    break
  }
  const hidden = tagNames.length - tags.length
  if (hidden > 0) return `${tags.join(',')} + ${hidden} more...`
  return tags.join(',')
}
