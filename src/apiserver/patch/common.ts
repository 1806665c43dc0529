// Shared types for the patch appliers.

/** The `fieldValidation` directive of the request; the apiserver treats an absent one as `Warn`. */
export type FieldValidation = 'Ignore' | 'Warn' | 'Strict'

export interface PatchOptions {
  /** Decides which decoder reads the patch body (strict for Warn/Strict), hence the 400 texts. Default `Warn`. */
  fieldValidation?: FieldValidation
}

export interface PatchOutcome {
  /** The patched document (a fresh value; the inputs are never mutated). */
  object: unknown
  /**
   * Strict-decoding problems found in the patch body itself (empty with `Ignore`), e.g.
   * `duplicate field "metadata.name"` or, for JSON patch, `json patch unknown field "[0].foo"`.
   * The apiserver adds them to the unknown-field problems of the patched object: warnings with
   * `Warn`, a 422 `strict decoding error: …` with `Strict`.
   */
  strictErrors: string[]
}

export function fieldValidationOf(opts: PatchOptions | undefined): FieldValidation {
  return opts?.fieldValidation ?? 'Warn'
}

export function hasOwn(o: object, k: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, k)
}
