// What the in-process benches share: the fake's origin, the benchmark namespace's ImageStream path, and the
// ImageStream they create (one DockerImage spec tag, labelled so selectors have something to match).

export const ORIGIN = 'http://fake.bench'
export const NS = '/apis/image.openshift.io/v1/namespaces/bench/imagestreams'

export function streamBody(name: string, labels: Record<string, string> = { app: 'bench' }) {
  return {
    kind: 'ImageStream',
    apiVersion: 'image.openshift.io/v1',
    metadata: { name, namespace: 'bench', labels },
    spec: { tags: [{ name: 'latest', from: { kind: 'DockerImage', name: `quay.io/bench/${name}:1` } }] },
  }
}
