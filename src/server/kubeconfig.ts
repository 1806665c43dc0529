// The kubeconfig `serve` writes, and the small texts it prints about its fixtures.

export interface KubeconfigInput {
  url: string
  namespace: string
  /** Context, cluster and user name (default `openshift-image-fake`). */
  name?: string
  token?: string
}

/**
 * A kubeconfig for the fake. `insecure-skip-tls-verify` is always set: kubectl needs it to accept a
 * self-signed certificate, and @kubernetes/client-node refuses `http://` servers without it.
 * (kubectl sends the token only over https; the fake does not check it anyway.)
 */
export function kubeconfigFor(input: KubeconfigInput): Record<string, unknown> {
  const name = input.name ?? 'openshift-image-fake'
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster: { server: input.url, 'insecure-skip-tls-verify': true } }],
    users: [{ name: 'developer', user: { token: input.token ?? 'sha256~openshift-image-fake-developer-token' } }],
    contexts: [{ name, context: { cluster: name, user: 'developer', namespace: input.namespace } }],
    'current-context': name,
    preferences: {},
  }
}

/** The namespace the kubeconfig context defaults to, from the fixtures. */
export function defaultNamespace(objects: Array<{ kind?: string; metadata?: { name?: string; namespace?: string } }>): string {
  const used = new Set<string>()
  for (const o of objects) {
    if (o.kind === 'Namespace' && o.metadata?.name) used.add(o.metadata.name)
    if (o.metadata?.namespace) used.add(o.metadata.namespace)
  }
  if (used.has('demo')) return 'demo'
  for (const o of objects) if (o.metadata?.namespace && o.metadata.namespace !== 'openshift') return o.metadata.namespace
  return used.values().next().value ?? 'default'
}

/** "2 namespaces, 20 images, 7 image streams" */
export function summarize(objects: Array<{ kind?: string }>): string {
  const plural: Record<string, string> = { Namespace: 'namespaces', Image: 'images', ImageStream: 'image streams', Secret: 'secrets' }
  const counts = new Map<string, number>()
  for (const o of objects) counts.set(o.kind ?? '?', (counts.get(o.kind ?? '?') ?? 0) + 1)
  if (!counts.size) return 'no objects'
  return [...counts].map(([k, n]) => `${n} ${n === 1 ? k : (plural[k] ?? `${k} objects`)}`).join(', ')
}
