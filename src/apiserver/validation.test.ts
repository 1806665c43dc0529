// Expected values come from k8s.io/apimachinery v0.34.1 (pkg/util/validation/validation{,_test}.go,
// pkg/api/validation/{objectmeta,generic}{,_test}.go, pkg/api/validation/path/name.go,
// pkg/apis/meta/v1/validation/validation.go) and openshift-apiserver pkg/image/apis/image/validation/validation.go.
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { fieldErrorString, type FieldError } from './errors.js'
import {
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  nameIsDNSSubdomain,
  toByteString,
  validateAnnotations,
  validateFinalizers,
  validateLabels,
  validateObjectMeta,
  validateObjectMetaUpdate,
  validatePathSegmentName,
  type MetaInput,
} from './validation.js'

const strs = (errs: FieldError[]) => errs.map(fieldErrorString)

const DNS1123_LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
const DNS1123_SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
const NAME_PART_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"

describe('IsDNS1123Label / IsDNS1123Subdomain', () => {
  it.each(['a', 'ab', 'abc', 'a1', 'a-1', 'a--1--2--b', '0', '01', '012', '1a', '1-a', '1--a--b--2', 'a'.repeat(63)])('label ok %j', (v) =>
    expect(isDNS1123Label(v)).toEqual([]),
  )
  it.each(['', 'A', 'ABC', 'aBc', 'A1', '-', 'a-', '-a', '_', 'a_b', '.', 'a.', 'a.b', ' ', 'a b', 'a'.repeat(64)])('label bad %j', (v) =>
    expect(isDNS1123Label(v).length).toBeGreaterThan(0),
  )
  it('uses the exact messages', () => {
    expect(isDNS1123Label('!$')).toEqual([DNS1123_LABEL_MSG])
    expect(isDNS1123Label('a.b')).toEqual(['must not contain dots'])
    expect(isDNS1123Label('a'.repeat(64))).toEqual(['must be no more than 63 characters'])
    expect(isDNS1123Label('A'.repeat(64))).toEqual(['must be no more than 63 characters', DNS1123_LABEL_MSG])
    // Go's len() counts bytes: 62 ASCII + one 2-byte rune is 64 bytes
    expect(isDNS1123Label('a'.repeat(62) + 'é')).toEqual(['must be no more than 63 characters', DNS1123_LABEL_MSG])
  })

  it.each(['a', 'a.a', 'a--1--2--b.1', '0.1', 'a.b.c.d.e', '1.2.3.4.5', 'a'.repeat(253)])('subdomain ok %j', (v) =>
    expect(isDNS1123Subdomain(v)).toEqual([]),
  )
  it.each(['', 'A', 'a..b', '.a', 'a.', 'A.a', 'a.B.c.d.e', 'a@b', 'a,b', 'a_b', 'a:b', 'a%b', 'a'.repeat(254)])('subdomain bad %j', (v) =>
    expect(isDNS1123Subdomain(v).length).toBeGreaterThan(0),
  )
  it('uses the exact subdomain messages', () => {
    expect(isDNS1123Subdomain('Foo')).toEqual([DNS1123_SUBDOMAIN_MSG])
    expect(isDNS1123Subdomain('a'.repeat(254))).toEqual(['must be no more than 253 characters'])
  })
})

describe('IsQualifiedName / IsValidLabelValue', () => {
  it.each([
    'simple',
    'now-with-dashes',
    '1-starts-with-num',
    '1234',
    'simple/simple',
    'now.with.dots/simple',
    '1.2.3.4/5678',
    'Uppercase_Is_OK_123',
    'example.com/Uppercase_Is_OK_123',
    'a'.repeat(63),
    'a'.repeat(253) + '/' + 'b'.repeat(63),
  ])('qualified ok %j', (v) => expect(isQualifiedName(v)).toEqual([]))
  it.each(['nospecialchars%^=@', 'cantendwithadash-', '-cantstartwithadash-', 'only/one/slash', 'Example.com/abc', 'example_com/abc', 'example.com/', '/simple', 'a'.repeat(64), 'a'.repeat(254) + '/abc'])(
    'qualified bad %j',
    (v) => expect(isQualifiedName(v).length).toBeGreaterThan(0),
  )
  it('builds prefixed messages', () => {
    expect(isQualifiedName('-bad')).toEqual([NAME_PART_MSG])
    expect(isQualifiedName('example.com/')).toEqual(['name part must be non-empty', NAME_PART_MSG])
    expect(isQualifiedName('/simple')).toEqual(['prefix part must be non-empty'])
    expect(isQualifiedName('Example.com/abc')).toEqual(['prefix part ' + DNS1123_SUBDOMAIN_MSG])
    expect(isQualifiedName('a'.repeat(64))).toEqual(['name part must be no more than 63 characters'])
  })

  it.each(['simple', 'end-with-num-1', '1234', 'a'.repeat(63), ''])('label value ok %j', (v) => expect(isValidLabelValue(v)).toEqual([]))
  it.each(['nospecialchars%^=@', 'Tama-nui-te-rā.is.Māori.sun', '\\backslashes\\are\\bad', '-starts-with-dash', 'ends.with.dot.', 'a'.repeat(64)])(
    'label value bad %j',
    (v) => expect(isValidLabelValue(v).length).toBeGreaterThan(0),
  )
  it('label value message', () => expect(isValidLabelValue('-x')).toEqual([LABEL_VALUE_MSG]))
})

describe('name functions', () => {
  it('ValidatePathSegmentName', () => {
    expect(validatePathSegmentName('.', false)).toEqual(["may not be '.'"])
    expect(validatePathSegmentName('..', false)).toEqual(["may not be '..'"])
    expect(validatePathSegmentName('.', true)).toEqual([])
    expect(validatePathSegmentName('a/b%c', false)).toEqual(["may not contain '/'", "may not contain '%'"])
    expect(validatePathSegmentName('a%', true)).toEqual(["may not contain '%'"])
    expect(validatePathSegmentName('Any_Thing:ok', false)).toEqual([])
  })

  it('NameIsDNSSubdomain masks a trailing dash in prefix mode (maskTrailingDash)', () => {
    expect(nameIsDNSSubdomain('foo-', true)).toEqual([])
    expect(nameIsDNSSubdomain('foo-', false)).toEqual([DNS1123_SUBDOMAIN_MSG])
    expect(nameIsDNSSubdomain('-', true)).toEqual([DNS1123_SUBDOMAIN_MSG]) // length 1: not masked
    // name[:len(name)-2] + "a": the character before the dash is replaced too, so "a.-" is checked as "aa"
    expect(nameIsDNSSubdomain('a.-', true)).toEqual([])
    expect(nameIsDNSSubdomain('a'.repeat(253) + '-', true)).toEqual([])
  })

  it('property: any valid subdomain + "-" is a valid prefix', () => {
    const sub = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,20}[a-z0-9])?(\.[a-z0-9]([-a-z0-9]{0,10}[a-z0-9])?){0,3}$/)
    fc.assert(
      fc.property(sub, (s) => {
        expect(isDNS1123Subdomain(s)).toEqual([])
        expect(nameIsDNSSubdomain(s + '-', true)).toEqual([])
      }),
    )
  })

  it('property: toByteString has Go byte length', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(toByteString(s).length).toBe(new TextEncoder().encode(s).length)
      }),
    )
  })
})

describe('validateObjectMeta', () => {
  const any = () => [] as string[]
  const ns = { namespaced: true, nameFn: nameIsDNSSubdomain }

  it('requires name and namespace', () => {
    expect(strs(validateObjectMeta({}, ns))).toEqual([
      'metadata.name: Required value: name or generateName is required',
      'metadata.namespace: Required value',
    ])
  })

  it('validates generateName with the name function in prefix mode', () => {
    const nameFn = (s: string, prefix: boolean) => (s === 'test' ? [] : [`name-gen ${prefix}`])
    expect(strs(validateObjectMeta({ name: 'test', generateName: 'foo' }, { namespaced: false, nameFn }, 'field'))).toEqual([
      'field.generateName: Invalid value: "foo": name-gen true',
    ])
    expect(validateObjectMeta({ name: 'test', generateName: 'foo-' }, { namespaced: false, nameFn: nameIsDNSSubdomain })).toEqual([])
  })

  it('checks the namespace as a DNS-1123 label', () => {
    expect(strs(validateObjectMeta({ name: 'x', namespace: '!$' }, ns))).toEqual([`metadata.namespace: Invalid value: "!$": ${DNS1123_LABEL_MSG}`])
    expect(strs(validateObjectMeta({ name: 'x', namespace: 'foo.bar' }, ns))).toEqual(['metadata.namespace: Invalid value: "foo.bar": must not contain dots'])
    expect(validateObjectMeta({ name: 'x', namespace: 'A'.repeat(64) }, ns)).toHaveLength(2)
    expect(strs(validateObjectMeta({ name: 'x', namespace: 'ns' }, { namespaced: false, nameFn: any }))).toEqual([
      'metadata.namespace: Forbidden: not allowed on this type',
    ])
  })

  it('checks generation, labels, annotations, ownerReferences, finalizers, managedFields in Go order', () => {
    const meta: MetaInput = {
      name: 'Bad_Name',
      namespace: 'ns',
      generation: -1,
      labels: { '-bad': 'ok', good: '-bad' },
      annotations: { 'a/b/c': 'x', UpperCase123: 'ok' },
      ownerReferences: [{ apiVersion: 'v1', kind: 'Event', name: 'name', uid: '1' }],
      finalizers: ['orphan', 'foregroundDeletion'],
      managedFields: [{ manager: 'kube\tctl', operation: 'Foo', fieldsType: 'FieldsV2' }],
    }
    expect(strs(validateObjectMeta(meta, ns))).toEqual([
      `metadata.name: Invalid value: "Bad_Name": ${DNS1123_SUBDOMAIN_MSG}`,
      'metadata.generation: Invalid value: -1: must be greater than or equal to 0',
      `metadata.labels: Invalid value: "-bad": ${NAME_PART_MSG}`,
      `metadata.labels: Invalid value: "-bad": ${LABEL_VALUE_MSG}`,
      `metadata.annotations: Invalid value: "a/b/c": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
      'metadata.ownerReferences: Invalid value: {"apiVersion":"v1","kind":"Event","name":"name","uid":"1"}: /v1, Kind=Event is disallowed from being an owner',
      'metadata.finalizers: Invalid value: ["orphan","foregroundDeletion"]: finalizer orphan and foregroundDeletion cannot be both set',
      'metadata.managedFields[0].operation: Invalid value: "Foo": must be `Apply` or `Update`',
      'metadata.managedFields[0].fieldsType: Invalid value: "FieldsV2": must be `FieldsV1`',
      'metadata.managedFields[0].manager: Invalid value: "kube\\tctl": invalid character U+0009 (at position 4)',
    ])
  })

  it('limits the total annotation size to 256 KiB', () => {
    expect(validateAnnotations({ a: 'b'.repeat(262144 - 2) }, 'metadata.annotations')).toEqual([])
    expect(validateAnnotations({ a: 'b'.repeat(262144 / 2 - 1), c: 'd'.repeat(262144 / 2 - 1) }, 'x')).toEqual([])
    expect(strs(validateAnnotations({ a: 'b'.repeat(262144) }, 'metadata.annotations'))).toEqual([
      'metadata.annotations: Too long: may not be more than 262144 bytes',
    ])
    expect(validateAnnotations({ a: 'b'.repeat(262144 / 2), c: 'd'.repeat(262144 / 2) }, 'x')).toHaveLength(1)
    expect(strs(validateAnnotations({ ['a'.repeat(254)]: 'bar' }, 'f'))).toEqual([`f: Invalid value: "${'a'.repeat(254)}": name part must be no more than 63 characters`])
  })

  it('validates owner references', () => {
    expect(strs(validateObjectMeta({ name: 'x', ownerReferences: [{}] }, { namespaced: false, nameFn: any }))).toEqual([
      'metadata.ownerReferences.apiVersion: Invalid value: "": version must not be empty',
      'metadata.ownerReferences.kind: Invalid value: "": must not be empty',
      'metadata.ownerReferences.name: Invalid value: "": must not be empty',
      'metadata.ownerReferences.uid: Invalid value: "": must not be empty',
    ])
    const ref = (kind: string, uid: string, controller?: boolean) => ({ apiVersion: 'customresourceVersion', kind, name: 'name', uid, controller })
    const refs = [ref('customresourceKind1', '1', false), ref('customresourceKind2', '2', true), ref('customresourceKind3', '3', true), ref('customresourceKind4', '4')]
    const errs = strs(validateObjectMeta({ name: 'x', ownerReferences: refs }, { namespaced: false, nameFn: any }))
    expect(errs).toHaveLength(1)
    expect(errs[0]).toContain(
      'Only one reference can have Controller set to true. Found "true" in references for customresourceKind2/name and customresourceKind3/name',
    )
    expect(errs[0]).toMatch(/^metadata\.ownerReferences: Invalid value: \[\{"apiVersion":"customresourceVersion","kind":"customresourceKind1","name":"name","uid":"1","controller":false\},/)
  })

  it('validates finalizer names and labels', () => {
    expect(strs(validateFinalizers(['x/a', 'a/b/c'], 'metadata.finalizers'))).toHaveLength(1)
    expect(validateLabels({ 'example.com/Key_1': 'v.1', k: '' }, 'metadata.labels')).toEqual([])
  })
})

describe('validateObjectMetaUpdate', () => {
  const base = { name: 'test', resourceVersion: '1' }
  const now = '1970-01-01T00:16:40Z'
  const later = '1970-01-01T00:33:20Z'
  const upd = (n: MetaInput, o: MetaInput) => strs(validateObjectMetaUpdate({ ...base, ...n }, { ...base, ...o }, 'field'))

  it('keeps deletion fields immutable (TestValidateObjectMetaUpdatePreventsDeletionFieldMutation)', () => {
    expect(upd({}, {})).toEqual([])
    expect(upd({ deletionTimestamp: now, deletionGracePeriodSeconds: 30 }, { deletionTimestamp: now, deletionGracePeriodSeconds: 30 })).toEqual([])
    expect(upd({ deletionTimestamp: now }, {})).toEqual([`field.deletionTimestamp: Invalid value: "${now}": field is immutable`])
    expect(upd({}, { deletionTimestamp: now })).toEqual(['field.deletionTimestamp: Invalid value: null: field is immutable'])
    expect(upd({ deletionTimestamp: later }, { deletionTimestamp: now })).toEqual([`field.deletionTimestamp: Invalid value: "${later}": field is immutable`])
    expect(upd({ deletionGracePeriodSeconds: 30 }, {})).toEqual(['field.deletionGracePeriodSeconds: Invalid value: 30: field is immutable'])
    expect(upd({}, { deletionGracePeriodSeconds: 30 })).toEqual(['field.deletionGracePeriodSeconds: Invalid value: null: field is immutable'])
    expect(upd({ deletionGracePeriodSeconds: 40 }, { deletionGracePeriodSeconds: 30 })).toEqual([
      'field.deletionGracePeriodSeconds: Invalid value: 40: field is immutable',
    ])
  })

  it('compares timestamps as instants and prints them as RFC 3339 UTC seconds', () => {
    expect(upd({ creationTimestamp: '1970-01-01T00:00:10Z' }, {})).toEqual(['field.creationTimestamp: Invalid value: "1970-01-01T00:00:10Z": field is immutable'])
    expect(upd({}, { creationTimestamp: '1970-01-01T00:00:10Z' })).toEqual(['field.creationTimestamp: Invalid value: null: field is immutable'])
    expect(upd({ creationTimestamp: '1970-01-01T00:00:10Z' }, { creationTimestamp: '1970-01-01T00:00:11Z' })).toHaveLength(1)
    expect(upd({ creationTimestamp: '1970-01-01T01:00:10+01:00' }, { creationTimestamp: '1970-01-01T00:00:10Z' })).toEqual([])
  })

  it('rejects decremented generation and immutable identity fields', () => {
    expect(upd({ generation: 4 }, { generation: 5 })).toEqual(['field.generation: Invalid value: 4: must not be decremented'])
    expect(upd({ generation: 2 }, { generation: 1 })).toEqual([])
    expect(upd({ name: 'b', namespace: 'n2', uid: 'u2' }, { namespace: 'n1', uid: 'u1' })).toEqual([
      'field.name: Invalid value: "b": field is immutable',
      'field.namespace: Invalid value: "n2": field is immutable',
      'field.uid: Invalid value: "u2": field is immutable',
    ])
    expect(upd({ resourceVersion: '' }, {})).toEqual(['field.resourceVersion: Invalid value: "": must be specified for an update'])
  })

  it('forbids new finalizers while deleting (TestValidateFinalizersUpdate)', () => {
    const d = { deletionTimestamp: now }
    expect(upd({ ...d, finalizers: ['x/a', 'y/b'] }, { ...d, finalizers: ['x/a'] })).toEqual([
      'field.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"y/b"}',
    ])
    expect(upd({ ...d, finalizers: ['x/b'] }, { ...d, finalizers: ['x/a'] })[0]).toContain('x/b')
    expect(upd({ ...d, finalizers: ['x/a'] }, { ...d, finalizers: ['x/a', 'y/b'] })).toEqual([])
    expect(upd({ finalizers: ['x/a', 'y/b'] }, { finalizers: ['x/a'] })).toEqual([])
    expect(
      strs(validateObjectMetaUpdate({ ...base, ...d, finalizers: ['x'] }, { ...base, ...d }, 'metadata'))[0],
    ).toBe('metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"x"}')
    expect(upd({ ...d, finalizers: ['z', 'b', 'z'] }, { ...d })[0]).toContain('found new finalizers []string{"b", "z"}')
  })

  it('re-validates labels, annotations, ownerReferences and managedFields but not finalizer names', () => {
    expect(upd({ labels: { '-a': 'b' }, annotations: { '-c': 'd' }, ownerReferences: [{ apiVersion: 'v1', kind: 'K', name: 'n' }], managedFields: [{ operation: 'Apply', manager: 'm' }], finalizers: ['a/b/c'] }, {})).toEqual([
      `field.labels: Invalid value: "-a": ${NAME_PART_MSG}`,
      `field.annotations: Invalid value: "-c": ${NAME_PART_MSG}`,
      'field.ownerReferences.uid: Invalid value: "": must not be empty',
    ])
  })
})
