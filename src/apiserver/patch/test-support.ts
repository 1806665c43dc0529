// Shared by the patch unit tests.

import { isStatusError, type StatusError } from '../errors.js'

/** The StatusError `fn` throws (any other outcome fails the test). */
export function statusOf(fn: () => unknown): StatusError {
  try {
    fn()
  } catch (e) {
    if (isStatusError(e)) return e
    throw e
  }
  throw new Error('expected a StatusError')
}
