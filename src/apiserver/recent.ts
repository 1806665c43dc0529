// Memos for the checks writes repeat with the same few strings again and again (timestamps, label keys and
// values, manager names, field names). Each forgets everything once it holds `limit` entries, so no stream
// of distinct inputs makes it grow without bound.

/** `fn` (a pure function of a string) with its recent answers remembered. */
export function memoize<V>(fn: (key: string) => V, limit = 512): (key: string) => V {
  const answers = new Map<string, V>()
  return (key) => {
    if (answers.has(key)) return answers.get(key)!
    const v = fn(key)
    if (answers.size >= limit) answers.clear()
    answers.set(key, v)
    return v
  }
}

/** Strings a check found good lately. */
export class RecentSet {
  readonly #items = new Set<string>()
  constructor(private readonly limit = 512) {}
  has(s: string): boolean {
    return this.#items.has(s)
  }
  add(s: string): void {
    if (this.#items.size >= this.limit) this.#items.clear()
    this.#items.add(s)
  }
}
