// fidelity: imagestream.cross-namespace-authorization
// openshift-apiserver pkg/image/apiserver/registry/imagestream/strategy.go (TagVerifier.Verify, called from
// Strategy.validateTagsAndLimits on create and update): a spec tag whose `from.namespace` names another
// namespace (new or changed since `old`) needs a SubjectAccessReview — may the user `get imagestreams/layers`
// there? — and fails with `spec.tags[t].from: Forbidden: ...` otherwise. The fake makes no such review:
// without `auth` every user is allowed anyway (as with an AlwaysAllow authorizer), so only a fake with
// authorization on is affected; in strict mode such a write answers 501.

import { fidelityGate } from '../../apiserver/fidelity.js'
import type { RequestContext } from '../../apiserver/types.js'
import { findSpecTag, tagRefChanged } from '../helpers/tag-events.js'
import type { ImageStream } from '../types.js'

export function verifyCrossNamespaceTags(ctx: RequestContext, old: ImageStream | undefined, stream: ImageStream): void {
  if (!ctx.strict || !ctx.authorizing) return
  const ns = stream.metadata.namespace ?? ''
  for (const ref of stream.spec.tags ?? []) {
    const from = ref.from
    if (!from?.namespace || from.namespace === ns) continue
    const prev = old ? findSpecTag(old, ref.name) : undefined
    if (prev && !tagRefChanged(prev, ref, ns)) continue
    fidelityGate(ctx, 'imagestream.cross-namespace-authorization', `spec tag ${JSON.stringify(ref.name)} referring to namespace ${JSON.stringify(from.namespace)} (authorization of cross-namespace tag references)`)
  }
}
