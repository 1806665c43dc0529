// `Warning` response headers, built as the real server builds them:
//   * k8s.io/apiserver/pkg/endpoints/filters/warning.go (recorder.AddWarning): empty texts are dropped, each
//     text is recorded once, and once the texts pass 4096 runes in total every warning is cut to 256 runes
//     (those already written are replayed cut; later ones that do not fit are dropped);
//   * k8s.io/apimachinery/pkg/util/net/http.go (NewWarningHeader): `299 - "<text>"` with `"` and `\` escaped
//     (makeQuotedString); a text with a control character (unicode.IsControl: U+0000–U+001F, U+007F–U+009F)
//     is refused, so the warning is silently left out.
// Go writes the header value as UTF-8 bytes. A Fetch `Headers` value is a ByteString (one char per byte), so
// the UTF-8 bytes are carried one per char: on a socket the client receives exactly the real server's bytes;
// in process `response.headers.get('warning')` holds those bytes (decode with `decodeWarningText`).
// fidelity: apiserver.warning-headers

const TRUNCATE_AT_TOTAL_RUNES = 4 * 1024
const TRUNCATE_ITEM_RUNES = 256

const encoder = new TextEncoder()

function hasControl(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return true
  }
  return false
}

/** makeQuotedString + the `299 - ` prefix, or undefined where NewWarningHeader returns an error. */
function warningHeader(text: string): string | undefined {
  if (hasControl(text)) return undefined
  return `299 - "${text.replace(/["\\]/g, '\\$&')}"`
}

/** A string as the ByteString of its UTF-8 bytes (ASCII strings are returned as they are). */
export function utf8ByteString(s: string): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(s)) return s
  const bytes = encoder.encode(s)
  let out = ''
  for (let i = 0; i < bytes.length; i += 0x8000) out += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return out
}

/** The inverse of utf8ByteString: what a Go or kubectl client reads from a `Warning` header value. */
export function decodeWarningText(headerValue: string): string {
  const bytes = Uint8Array.from(headerValue, (c) => c.charCodeAt(0) & 0xff)
  return new TextDecoder().decode(bytes)
}

const runes = (s: string): string[] => Array.from(s)

/** The `Warning` header values the recorder writes for these texts, in order, each a valid ByteString. */
export function warningHeaderValues(texts: readonly string[]): string[] {
  const recorded = new Set<string>()
  const ordered: string[] = []
  let out: string[] = []
  let written = 0
  let truncating = false
  for (const original of texts) {
    if (!original) continue
    if (written >= TRUNCATE_AT_TOTAL_RUNES && truncating) break
    if (recorded.has(original)) continue
    recorded.add(original)
    ordered.push(original)
    let text = original
    let len = runes(text).length
    if (truncating && len > TRUNCATE_ITEM_RUNES) {
      text = runes(text).slice(0, TRUNCATE_ITEM_RUNES).join('')
      len = TRUNCATE_ITEM_RUNES
    }
    const header = warningHeader(text)
    if (header === undefined) continue
    if (written + len <= TRUNCATE_AT_TOTAL_RUNES || truncating) {
      written += len
      out.push(header)
      continue
    }
    truncating = true
    written = 0
    out = []
    for (const w of ordered) {
      let t = w
      let l = runes(t).length
      if (l > TRUNCATE_ITEM_RUNES) {
        t = runes(t).slice(0, TRUNCATE_ITEM_RUNES).join('')
        l = TRUNCATE_ITEM_RUNES
      }
      const h = warningHeader(t)
      if (h !== undefined) {
        written += l
        out.push(h)
      }
    }
  }
  return out.map(utf8ByteString)
}
