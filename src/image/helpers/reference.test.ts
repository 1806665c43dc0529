import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  asRepository,
  asV2,
  daemonMinimal,
  digestError,
  dockerClientDefaults,
  dockerImageReferenceError,
  equalReferences,
  exact,
  ImageReferenceError,
  isValidDigest,
  minimal,
  mostSpecific,
  parseDockerImageReference,
  parseNamed,
  referenceString,
  repositoryName,
  splitHostname,
  type DockerImageReference,
} from './reference.js'

const SHA = 'sha256:3c87c572822935df60f0f5d3665bd376841a7fcfeb806b5f212de6a00e9a7b25'
const FF = 'sha256:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff'

function ref(p: Partial<DockerImageReference>): DockerImageReference {
  return { registry: '', namespace: '', name: '', tag: '', id: '', ...p }
}

describe('parseDockerImageReference (library-go reference_test.go TestParse)', () => {
  const ok: Array<[string, Partial<DockerImageReference>]> = [
    ['foo', { name: 'foo' }],
    ['foo:tag', { name: 'foo', tag: 'tag' }],
    [SHA, { name: 'sha256', tag: SHA.slice(7) }],
    [`foo@${SHA}`, { name: 'foo', id: SHA }],
    ['bar/foo', { namespace: 'bar', name: 'foo' }],
    ['bar/foo:tag', { namespace: 'bar', name: 'foo', tag: 'tag' }],
    [`bar/foo@${SHA}`, { namespace: 'bar', name: 'foo', id: SHA }],
    ['bar/foo/baz', { namespace: 'bar', name: 'foo/baz' }],
    ['bar/library/baz', { namespace: 'bar', name: 'library/baz' }],
    ['bar/foo/baz:tag', { namespace: 'bar', name: 'foo/baz', tag: 'tag' }],
    [`bar/foo/baz@${SHA}`, { namespace: 'bar', name: 'foo/baz', id: SHA }],
    ['bar:5000/foo/baz', { registry: 'bar:5000', namespace: 'foo', name: 'baz' }],
    ['bar:5000/library/baz', { registry: 'bar:5000', namespace: 'library', name: 'baz' }],
    ['bar:5000/baz', { registry: 'bar:5000', name: 'baz' }],
    ['bar:5000/foo/baz:tag', { registry: 'bar:5000', namespace: 'foo', name: 'baz', tag: 'tag' }],
    [`bar:5000/foo/baz@${SHA}`, { registry: 'bar:5000', namespace: 'foo', name: 'baz', id: SHA }],
    ['myregistry.io/foo', { registry: 'myregistry.io', name: 'foo' }],
    ['localhost/bar', { registry: 'localhost', name: 'bar' }],
    ['docker.io/library/myapp', { registry: 'docker.io', namespace: 'library', name: 'myapp' }],
    ['docker.io/myapp', { registry: 'docker.io', name: 'myapp' }],
    ['docker.io/user/myapp', { registry: 'docker.io', namespace: 'user', name: 'myapp' }],
    ['docker.io/user/project/myapp', { registry: 'docker.io', namespace: 'user', name: 'project/myapp' }],
    ['index.docker.io/bar', { registry: 'index.docker.io', name: 'bar' }],
    [
      `bar:5000/${'a'.repeat(63)}/${'b'.repeat(182)}:tag`,
      { registry: 'bar:5000', namespace: 'a'.repeat(63), name: 'b'.repeat(182), tag: 'tag' },
    ],
    [`docker.io/library/${'b'.repeat(231)}:tag`, { registry: 'docker.io', namespace: 'library', name: 'b'.repeat(231), tag: 'tag' }],
    [`docker.io/${'b'.repeat(231)}:tag`, { registry: 'docker.io', name: 'b'.repeat(231), tag: 'tag' }],
    ['quay.io', { registry: 'quay.io' }],
    ['quay.io/org', { registry: 'quay.io', name: 'org' }],
    ['localhost:5000', { registry: 'localhost:5000' }],
    ['localhost:5000/org', { registry: 'localhost:5000', name: 'org' }],
    ['wildfly:15.0', { name: 'wildfly', tag: '15.0' }],
    ['bar/foo/baz/biz', { namespace: 'bar', name: 'foo/baz/biz' }],
    // spec examples
    ['abc', { name: 'abc' }],
    ['a/b:tag', { namespace: 'a', name: 'b', tag: 'tag' }],
    [`registry:5000/ns/name@${SHA}`, { registry: 'registry:5000', namespace: 'ns', name: 'name', id: SHA }],
    ['a/b/c/d', { namespace: 'a', name: 'b/c/d' }],
    // a registry-only reference keeps its tag/digest in Registry (library-go uses namedRef.String())
    [`quay.io@${SHA}`, { registry: `quay.io@${SHA}`, id: SHA }],
    ['localhostfoo', { registry: 'localhostfoo' }],
  ]
  it.each(ok)('%s', (input, want) => {
    expect(parseDockerImageReference(input)).toEqual(ref(want))
  })

  const bad = [
    `bar:5000/${'a'.repeat(63)}/${'b'.repeat(183)}:tag`,
    `docker.io/${'b'.repeat(246)}:tag`,
    'registry.io/foo/bar/:Tag',
    'https://bar:5000/foo/baz',
    `http://bar:5000/foo/baz@${SHA}`,
    'registry:3000/integration/imageStream:success',
    'registry:5000/integration/test-image-stream@sha256:00000000000000000000000000000001',
    'abc@badid',
    'index.docker.io/mysql@sha256:bad',
    `@${SHA}`,
    ':tag',
    'bar/foo/baz////biz',
    '//foo/baz/biz',
    'ftp://baz/baz/biz',
    '',
  ]
  it.each(bad)('rejects %j', (input) => {
    expect(() => parseDockerImageReference(input)).toThrow(ImageReferenceError)
  })
})

describe('error messages', () => {
  const cases: Array<[string, string]> = [
    ['', 'repository name must have at least one component'],
    [':justtag', 'invalid reference format'],
    [`@${FF}`, 'invalid reference format'],
    ['repo@sha256:ffffffffffffffffffffffffffffffffff', 'invalid checksum digest length'],
    [`validname@invaliddigest:${FF.slice(7)}`, 'unsupported digest algorithm'],
    ['Uppercase:tag', 'repository name must be lowercase'],
    ['test:5000/Uppercase/lowercase:tag', 'repository name must be lowercase'],
    [`${'a/'.repeat(128)}a:tag`, 'repository name must not be more than 255 characters'],
    ['aa/asdf$$^/aa', 'invalid reference format'],
    ['a-|///bbb', 'invalid reference format'],
    ['a/b@sha256:something', 'invalid reference format'],
    ['abc@badid', 'invalid reference format'],
    ['registry:3000/integration/imageStream:success', 'repository name must be lowercase'],
    ['registry:5000/x@sha256:00000000000000000000000000000001', 'invalid checksum digest length'],
    ['x@sha384:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff', 'invalid checksum digest length'],
    ['abc\n', 'invalid reference format'],
    // Go's ToLower maps U+0130 to plain 'i'
    ['\u0130mage', 'repository name must be lowercase'],
  ]
  it.each(cases)('%j -> %s', (input, message) => {
    expect(dockerImageReferenceError(input)).toBe(message)
    try {
      parseDockerImageReference(input)
      expect.unreachable()
    } catch (e) {
      expect(e).toBeInstanceOf(ImageReferenceError)
      expect(e).toBeInstanceOf(Error)
      expect((e as Error).message).toBe(message)
    }
  })

  it('uppercase registry hostnames are allowed', () => {
    expect(parseDockerImageReference('Uppercase/lowercase:tag')).toEqual(ref({ namespace: 'Uppercase', name: 'lowercase', tag: 'tag' }))
  })

  it('does not backtrack catastrophically on long invalid input', () => {
    const start = Date.now()
    expect(dockerImageReferenceError('a'.repeat(5000) + '!')).toBe('invalid reference format')
    expect(dockerImageReferenceError('a-'.repeat(3000) + '/')).toBe('invalid reference format')
    expect(dockerImageReferenceError('a.'.repeat(3000) + ':/')).toBe('invalid reference format')
    expect(dockerImageReferenceError(('ab_'.repeat(1000) + '/').repeat(2) + '$')).toBe('invalid reference format')
    expect(Date.now() - start).toBeLessThan(2000)
  })
})

describe('parseNamed (distribution reference_test.go TestReferenceParse)', () => {
  const cases: Array<[string, string, string, string, string]> = [
    // input, name, hostname, tag, digest
    ['test_com', 'test_com', '', '', ''],
    ['test.com:tag', 'test.com', '', 'tag', ''],
    ['test.com:5000', 'test.com', '', '5000', ''],
    ['test.com/repo:tag', 'test.com/repo', 'test.com', 'tag', ''],
    ['test:5000/repo', 'test:5000/repo', 'test:5000', '', ''],
    ['test:5000/repo:tag', 'test:5000/repo', 'test:5000', 'tag', ''],
    [`test:5000/repo@${FF}`, 'test:5000/repo', 'test:5000', '', FF],
    [`test:5000/repo:tag@${FF}`, 'test:5000/repo', 'test:5000', 'tag', FF],
    ['lowercase:Uppercase', 'lowercase', '', 'Uppercase', ''],
    [`${'a/'.repeat(127)}a:tag-puts-this-over-max`, `${'a/'.repeat(127)}a`, 'a', 'tag-puts-this-over-max', ''],
    ['sub-dom1.foo.com/bar/baz/quux', 'sub-dom1.foo.com/bar/baz/quux', 'sub-dom1.foo.com', '', ''],
    ['sub-dom1.foo.com/bar/baz/quux:some-long-tag', 'sub-dom1.foo.com/bar/baz/quux', 'sub-dom1.foo.com', 'some-long-tag', ''],
    ['b.gcr.io/test.example.com/my-app:test.example.com', 'b.gcr.io/test.example.com/my-app', 'b.gcr.io', 'test.example.com', ''],
    ['xn--n3h.com/myimage:xn--n3h.com', 'xn--n3h.com/myimage', 'xn--n3h.com', 'xn--n3h.com', ''],
    [
      `xn--7o8h.com/myimage:xn--7o8h.com@sha512:${'f'.repeat(128)}`,
      'xn--7o8h.com/myimage',
      'xn--7o8h.com',
      'xn--7o8h.com',
      `sha512:${'f'.repeat(128)}`,
    ],
    ['foo_bar.com:8080', 'foo_bar.com', '', '8080', ''],
    ['foo/foo_bar.com:8080', 'foo/foo_bar.com', 'foo', '8080', ''],
    ['a__b---c.d/e', 'a__b---c.d/e', '', '', ''],
  ]
  it.each(cases)('%s', (input, name, hostname, tag, digest) => {
    const r = parseNamed(input)
    expect(r).toEqual({ name, tag, digest })
    expect(splitHostname(r.name)[0]).toBe(hostname)
  })

  it('rejects bad separators and tags', () => {
    for (const s of ['a___b', 'a..b', 'a._b', '-a', 'a-', 'a/', 'a:' + 'x'.repeat(129), 'a:-x', 'a:.x']) {
      expect(() => parseNamed(s), s).toThrow('invalid reference format')
    }
    expect(parseNamed('a:' + 'x'.repeat(128)).tag).toHaveLength(128)
    expect(parseNamed('a:_x').tag).toBe('_x')
  })
})

describe('digests', () => {
  it.each([
    ['sha256:e58fcf7418d4390dec8e8fb69d88c06ec07039d651fedd3aa72af9972e7d046b', null],
    ['sha384:d3fc7881460b7e22e3d172954463dddd7866d17597e7248453c48b3e9d26d9596bf9c4a9cf8072c9d5bad76e19af801d', null],
    [`sha512:${'A'.repeat(128)}`, null],
    ['e58fcf7418d4390dec8e8fb69d88c06ec07039d651fedd3aa72af9972e7d046b', 'invalid checksum digest format'],
    ['sha256:e58fcf7418d4390dec8e8fb69d88c06ec07039d651fedd3aa72af9972e7d046', 'invalid checksum digest length'],
    ['foo:d41d8cd98f00b204e9800998ecf8427e', 'unsupported digest algorithm'],
    ['sha256+b64:LCa0a2j_xo_5m0U8HTBBNBNCLXBkg7-g-YpeiGJm564', 'invalid checksum digest format'],
    ['sha256:', 'invalid checksum digest format'],
    ['', 'invalid checksum digest format'],
    ['mytag', 'invalid checksum digest format'],
    ['sha-256:abcd', 'unsupported digest algorithm'],
  ])('%j', (d, err) => {
    expect(digestError(d)).toBe(err)
    expect(isValidDigest(d)).toBe(err === null)
  })
})

describe('rendering', () => {
  it('exact', () => {
    expect(exact(ref({ registry: 'r:5000', namespace: 'ns', name: 'n', tag: 't' }))).toBe('r:5000/ns/n:t')
    expect(exact(ref({ registry: 'r:5000', namespace: 'ns', name: 'n', tag: 't', id: SHA }))).toBe(`r:5000/ns/n@${SHA}`)
    expect(exact(ref({ name: 'n', tag: 't', id: 'notadigest' }))).toBe('n:notadigest')
    expect(exact(ref({ registry: 'quay.io' }))).toBe('')
    expect(exact(ref({ name: 'n' }))).toBe('n')
    expect(exact(ref({ registry: 'docker.io', name: 'n' }))).toBe('docker.io/n')
  })

  it('referenceString inserts library for Docker Hub only', () => {
    for (const reg of ['docker.io', 'index.docker.io', 'registry-1.docker.io']) {
      expect(referenceString(ref({ registry: reg, name: 'mysql', tag: '5' }))).toBe(`${reg}/library/mysql:5`)
    }
    expect(referenceString(ref({ registry: 'quay.io', name: 'mysql' }))).toBe('quay.io/mysql')
    expect(referenceString(ref({ name: 'mysql' }))).toBe('mysql')
    expect(referenceString(ref({ registry: 'docker.io', namespace: 'u', name: 'x' }))).toBe('docker.io/u/x')
  })

  it('round-trips through exact', () => {
    for (const s of ['foo', 'a/b:c', `r:5000/ns/n@${SHA}`, 'docker.io/x/y/z:1', 'localhost:5000/org']) {
      expect(exact(parseDockerImageReference(s))).toBe(s)
    }
  })

  it('mostSpecific', () => {
    expect(mostSpecific(ref({ name: 'n', tag: 't', id: SHA }))).toEqual(ref({ name: 'n', id: SHA }))
    expect(mostSpecific(ref({ name: 'n', id: 'abc' }))).toEqual(ref({ name: 'n', tag: 'abc' }))
    expect(mostSpecific(ref({ name: 'n', tag: 't', id: 'abc' }))).toEqual(ref({ name: 'n', tag: 't', id: 'abc' }))
    expect(mostSpecific(ref({ name: 'n', tag: 't' }))).toEqual(ref({ name: 'n', tag: 't' }))
  })

  it('defaults and minimal forms', () => {
    const r = parseDockerImageReference('mysql')
    expect(dockerClientDefaults(r)).toEqual(ref({ registry: 'docker.io', namespace: 'library', name: 'mysql', tag: 'latest' }))
    expect(daemonMinimal(parseDockerImageReference('index.docker.io/library/mysql:latest'))).toEqual(ref({ registry: 'docker.io', name: 'mysql' }))
    expect(minimal(ref({ name: 'x', tag: 'latest' }))).toEqual(ref({ name: 'x' }))
    expect(asV2(ref({ registry: 'docker.io', name: 'x' })).registry).toBe('registry-1.docker.io')
    expect(asRepository(ref({ name: 'x', tag: 't', id: SHA }))).toEqual(ref({ name: 'x' }))
    expect(repositoryName(parseDockerImageReference(`r:5000/ns/n@${SHA}`))).toBe('ns/n')
    expect(equalReferences(parseDockerImageReference('foobar'), parseDockerImageReference('docker.io/library/foobar:latest'))).toBe(true)
    expect(equalReferences(parseDockerImageReference('foobar'), parseDockerImageReference('quay.io/foobar'))).toBe(false)
  })

  it('does not mutate its input', () => {
    const r = ref({ registry: 'docker.io', name: 'x', tag: 'latest' })
    referenceString(r)
    daemonMinimal(r)
    dockerClientDefaults(r)
    expect(r).toEqual(ref({ registry: 'docker.io', name: 'x', tag: 'latest' }))
  })
})

describe('grammar rewrite is equivalent to the literal Go expression', () => {
  // The literal docker/distribution expression (as built by regexp.go); only safe for short inputs.
  const alnum = '[a-z0-9]+'
  const sep = '(?:[._]|__|[-]*)'
  const comp = `${alnum}(?:(?:${sep}${alnum})+)?`
  const hostComp = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])'
  const host = `${hostComp}(?:(?:\\.${hostComp})+)?(?::[0-9]+)?`
  const name = `(?:${host}/)?${comp}(?:(?:/${comp})+)?`
  const literal = new RegExp(`^(${name})(?::([\\w][\\w.-]{0,127}))?(?:@([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}))?$`)

  it('agrees on random short strings', () => {
    const chars = ['a', 'b', '0', 'A', '.', '_', '-', '/', ':', '@', '5', 'Z', '$']
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...chars), { maxLength: 14 }), (arr) => {
        const s = arr.join('')
        const m = literal.exec(s)
        let got: ReturnType<typeof parseNamed> | string
        try {
          got = parseNamed(s)
        } catch (e) {
          got = (e as Error).message
        }
        if (m) expect(got).toEqual({ name: m[1], tag: m[2] ?? '', digest: '' })
        else expect(typeof got).toBe('string')
      }),
      { numRuns: 20000 },
    )
  })
})
