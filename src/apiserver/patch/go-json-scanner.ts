// A byte-for-byte port of Go's encoding/json scanner (scanner.go, as forked in sigs.k8s.io/json):
// checkValid and its syntax error texts, e.g. `invalid character 'x' looking for beginning of value`,
// `invalid character ' ' in literal true (expecting 'e')` (the scanner is fed a space at EOF),
// `unexpected end of JSON input`.

const MAX_NESTING_DEPTH = 10000

/** Go's quoteChar(c byte): the byte as a rune, quoted with single quotes. */
export function quoteChar(c: number): string {
  if (c === 0x27) return `'\\''`
  if (c === 0x22) return `'"'`
  const named: Record<number, string> = { 7: '\\a', 8: '\\b', 12: '\\f', 10: '\\n', 13: '\\r', 9: '\\t', 11: '\\v', 0x5c: '\\\\' }
  if (named[c]) return `'${named[c]}'`
  if (c < 0x20 || c === 0x7f) return `'\\x${c.toString(16).padStart(2, '0')}'`
  // strconv.Quote of runes U+0080..U+00FF: non-printable ones (C1 controls, NBSP, soft hyphen) are \u-escaped.
  if ((c >= 0x80 && c <= 0xa0) || c === 0xad) return `'\\u${c.toString(16).padStart(4, '0')}'`
  return `'${String.fromCharCode(c)}'`
}

const enum Parse {
  ObjectKey,
  ObjectValue,
  ArrayValue,
}

type Step = (c: number) => boolean // false = error

export function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46)
}

/** checkValid: returns Go's syntax error message, or undefined when `bytes` is one valid JSON value. */
export function goJsonSyntaxError(bytes: Uint8Array): string | undefined {
  const stack: Parse[] = []
  let err: string | undefined
  let endTop = false
  const fail = (c: number, context: string): boolean => {
    err = `invalid character ${quoteChar(c)} ${context}`
    step = () => false
    return false
  }
  const push = (c: number, p: Parse): boolean => {
    stack.push(p)
    return stack.length <= MAX_NESTING_DEPTH ? true : fail(c, 'exceeded max depth')
  }
  const pop = (): void => {
    stack.pop()
    if (stack.length === 0) {
      step = endTopState
      endTop = true
    } else step = endValue
  }
  const endTopState: Step = (c) => {
    if (!isSpace(c)) fail(c, 'after top-level value')
    return true // scanEnd: Go reports the error only on the next step / eof
  }
  const endValue: Step = (c) => {
    const n = stack.length
    if (n === 0) {
      step = endTopState
      endTop = true
      return endTopState(c)
    }
    if (isSpace(c)) {
      step = endValue
      return true
    }
    switch (stack[n - 1]) {
      case Parse.ObjectKey:
        if (c === 0x3a) {
          stack[n - 1] = Parse.ObjectValue
          step = beginValue
          return true
        }
        return fail(c, 'after object key')
      case Parse.ObjectValue:
        if (c === 0x2c) {
          stack[n - 1] = Parse.ObjectKey
          step = beginString
          return true
        }
        if (c === 0x7d) {
          pop()
          return true
        }
        return fail(c, 'after object key:value pair')
      default:
        if (c === 0x2c) {
          step = beginValue
          return true
        }
        if (c === 0x5d) {
          pop()
          return true
        }
        return fail(c, 'after array element')
    }
  }
  const literal = (expect: string, name: string, idx: number): Step => (c) => {
    if (c === expect.charCodeAt(idx)) {
      step = idx + 1 === expect.length ? endValue : literal(expect, name, idx + 1)
      return true
    }
    return fail(c, `in literal ${name} (expecting '${expect[idx]}')`)
  }
  const inString: Step = (c) => {
    if (c === 0x22) {
      step = endValue
      return true
    }
    if (c === 0x5c) {
      step = inStringEsc
      return true
    }
    if (c < 0x20) return fail(c, 'in string literal')
    return true
  }
  const escU = (left: number): Step => (c) => {
    if (isHex(c)) {
      step = left === 1 ? inString : escU(left - 1)
      return true
    }
    return fail(c, 'in \\u hexadecimal character escape')
  }
  const inStringEsc: Step = (c) => {
    if ([0x62, 0x66, 0x6e, 0x72, 0x74, 0x5c, 0x2f, 0x22].includes(c)) {
      step = inString
      return true
    }
    if (c === 0x75) {
      step = escU(4)
      return true
    }
    return fail(c, 'in string escape code')
  }
  const isDigit = (c: number) => c >= 0x30 && c <= 0x39
  const state0: Step = (c) => {
    if (c === 0x2e) {
      step = stateDot
      return true
    }
    if (c === 0x65 || c === 0x45) {
      step = stateE
      return true
    }
    return endValue(c)
  }
  const state1: Step = (c) => {
    if (isDigit(c)) return true
    return state0(c)
  }
  const stateNeg: Step = (c) => {
    if (c === 0x30) {
      step = state0
      return true
    }
    if (c >= 0x31 && c <= 0x39) {
      step = state1
      return true
    }
    return fail(c, 'in numeric literal')
  }
  const stateDot: Step = (c) => {
    if (isDigit(c)) {
      step = stateDot0
      return true
    }
    return fail(c, 'after decimal point in numeric literal')
  }
  const stateDot0: Step = (c) => {
    if (isDigit(c)) return true
    if (c === 0x65 || c === 0x45) {
      step = stateE
      return true
    }
    return endValue(c)
  }
  const stateESign: Step = (c) => {
    if (isDigit(c)) {
      step = stateE0
      return true
    }
    return fail(c, 'in exponent of numeric literal')
  }
  const stateE: Step = (c) => {
    if (c === 0x2b || c === 0x2d) {
      step = stateESign
      return true
    }
    return stateESign(c)
  }
  const stateE0: Step = (c) => (isDigit(c) ? true : endValue(c))
  const beginValue: Step = (c) => {
    if (isSpace(c)) return true
    switch (c) {
      case 0x7b:
        step = beginStringOrEmpty
        return push(c, Parse.ObjectKey)
      case 0x5b:
        step = beginValueOrEmpty
        return push(c, Parse.ArrayValue)
      case 0x22:
        step = inString
        return true
      case 0x2d:
        step = stateNeg
        return true
      case 0x30:
        step = state0
        return true
      case 0x74:
        step = literal('true', 'true', 1)
        return true
      case 0x66:
        step = literal('false', 'false', 1)
        return true
      case 0x6e:
        step = literal('null', 'null', 1)
        return true
    }
    if (c >= 0x31 && c <= 0x39) {
      step = state1
      return true
    }
    return fail(c, 'looking for beginning of value')
  }
  const beginValueOrEmpty: Step = (c) => {
    if (isSpace(c)) return true
    if (c === 0x5d) return endValue(c)
    return beginValue(c)
  }
  const beginString: Step = (c) => {
    if (isSpace(c)) return true
    if (c === 0x22) {
      step = inString
      return true
    }
    return fail(c, 'looking for beginning of object key string')
  }
  const beginStringOrEmpty: Step = (c) => {
    if (isSpace(c)) return true
    if (c === 0x7d) {
      stack[stack.length - 1] = Parse.ObjectValue
      return endValue(c)
    }
    return beginString(c)
  }
  let step: Step = beginValue
  for (const c of bytes) {
    if (!step(c) || err) return err
  }
  // eof()
  if (err) return err
  if (endTop) return undefined
  step(0x20)
  if (err) return err
  if (endTop) return undefined
  return 'unexpected end of JSON input'
}
