// Strict mode (`createFakeImageApi({ strict: true })`, CLI `--strict`): where the fake would give an
// approximate answer, or where the request reaches a rule the fake does not model, it answers
// `501 NotImplemented` instead, so a test suite can prove it does not lean on the fake's approximations.
// Each gated rule has an entry in docs/fidelity.md (the generated check test/fidelity-ledger.test.ts
// keeps the ids below and the ledger in step: every id here is a ledger entry marked approximated or not
// modelled, and every such entry that is gated names one of these ids).
//
// The answer is a Status the fake makes up (the real server never answers this): code 501, reason
// `NotImplemented`, the rule id as `details.name`, `details.kind: "FidelityRule"`, and one cause
// `{ reason: "FidelityRule", message: "docs/fidelity.md#<id>", field: "<id>" }`.

import { statusBody, StatusError } from './errors.js'

/** The rules strict mode refuses, with the ledger status of each. */
export const STRICT_RULES = {
  /** DELETE with propagationPolicy Foreground/Orphan (or orphanDependents): there is no garbage collector. */
  'delete.garbage-collection': 'approximated',
  /** ImageStreamImport with dryRun: the fake writes nothing; openshift-apiserver imports anyway. */
  'imagestreamimport.dry-run': 'approximated',
  /** An empty ImageStreamTag/ImageTag list: the fake writes `items: []`, the real server `items: null`. */
  'imagestreamtag.list-null-items': 'approximated',
  /** A spec tag pointing at another namespace while authorization is on: no SubjectAccessReview is made. */
  'imagestream.cross-namespace-authorization': 'not modelled',
} as const satisfies Record<string, 'approximated' | 'not modelled'>

export type StrictRuleId = keyof typeof STRICT_RULES

/** The ledger link of a rule. */
export function ledgerLink(id: string): string {
  return `docs/fidelity.md#${id}`
}

/** The 501 a strict fake answers for `id`; `what` says what in the request touched the rule. */
export function notImplemented(id: StrictRuleId, what: string): StatusError {
  const status = STRICT_RULES[id]
  const message = `strict mode: ${what} is ${status} by openshift-image-fake (fidelity rule ${id}, see ${ledgerLink(id)})`
  return new StatusError(
    501,
    statusBody({
      message,
      reason: 'NotImplemented',
      details: { name: id, kind: 'FidelityRule', causes: [{ reason: 'FidelityRule', message: ledgerLink(id), field: id }] },
      code: 501,
    }),
  )
}

/** Throw the 501 of `id` when the request runs in strict mode; otherwise do nothing. */
export function fidelityGate(ctx: { strict?: boolean }, id: StrictRuleId, what: string): void {
  if (ctx.strict) throw notImplemented(id, what)
}
