import { describe, expect, it } from 'vitest'
import {
  compareStrings,
  digestOrImageMatch,
  joinImageStreamImage,
  joinImageStreamTag,
  parseImageSignatureName,
  parseImageStreamImageName,
  parseImageStreamTagName,
  splitImageStreamImage,
  splitImageStreamTag,
} from './names.js'

describe('splitImageStreamTag', () => {
  it.each([
    ['foo:bar', 'foo', 'bar', true],
    ['foo:', 'foo', 'latest', true],
    ['foo', 'foo', 'latest', false],
    ['a:b:c', 'a', 'b:c', true],
    [':x', '', 'x', true],
    ['', '', 'latest', false],
  ])('%j', (input, name, tag, ok) => {
    expect(splitImageStreamTag(input)).toEqual({ name, tag, ok })
  })
})

describe('splitImageStreamImage', () => {
  it('splits on the first @', () => {
    expect(splitImageStreamImage('a@b@c')).toEqual({ name: 'a', id: 'b@c', ok: true })
    expect(splitImageStreamImage('a')).toEqual({ name: 'a', id: '', ok: false })
  })
})

describe('join', () => {
  it('joinImageStreamTag (library-go TestJoinImageStreamTag)', () => {
    expect(joinImageStreamTag('foo', 'bar')).toBe('foo:bar')
    expect(joinImageStreamTag('foo', '')).toBe('foo:latest')
  })
  it('joinImageStreamImage', () => {
    expect(joinImageStreamImage('foo', 'sha256:abc')).toBe('foo@sha256:abc')
  })
})

describe('parseImageStreamTagName (library-go TestParseImageStreamTagName)', () => {
  it.each([
    ['', 'expected exactly one : delimiter in the istag ""'],
    ['hello', 'expected exactly one : delimiter in the istag "hello"'],
    ['a:b:c', 'expected exactly one : delimiter in the istag "a:b:c"'],
    [':tag', 'image stream tag name ":tag" must have a name and a tag'],
    ['name:', 'image stream tag name "name:" must have a name and a tag'],
    ['name@sha256:abc', '"name@sha256:abc" is an image stream image, not an image stream tag'],
  ])('%j fails', (input, error) => {
    expect(parseImageStreamTagName(input)).toEqual({ ok: false, error })
  })
  it('happy path', () => {
    expect(parseImageStreamTagName('name:tag')).toEqual({ ok: true, name: 'name', tag: 'tag' })
  })
})

describe('parseImageStreamImageName (library-go TestParseImageStreamImageName)', () => {
  it.each([
    ['', 'expected exactly one @ in the isimage name ""'],
    ['a', 'expected exactly one @ in the isimage name "a"'],
    ['a@b@c', 'expected exactly one @ in the isimage name "a@b@c"'],
    ['@id', 'image stream image name "@id" must have a name and ID'],
    ['name@', 'image stream image name "name@" must have a name and ID'],
  ])('%j fails', (input, error) => {
    expect(parseImageStreamImageName(input)).toEqual({ ok: false, error })
  })
  it('valid input', () => {
    expect(parseImageStreamImageName('repo@id')).toEqual({ ok: true, name: 'repo', id: 'id' })
    expect(parseImageStreamImageName('repo:x@id')).toEqual({ ok: true, name: 'repo:x', id: 'id' })
  })
})

describe('parseImageSignatureName', () => {
  it.each([
    ['', 'expected exactly one @ in the image signature name ""'],
    ['a@b@c', 'expected exactly one @ in the image signature name "a@b@c"'],
    ['@sig', 'image signature name "@sig" must have an image name and signature name'],
    ['img@', 'image signature name "img@" must have an image name and signature name'],
  ])('%j fails', (input, error) => {
    expect(parseImageSignatureName(input)).toEqual({ ok: false, error })
  })
  it('valid', () => {
    expect(parseImageSignatureName('sha256:abc@sig1')).toEqual({ ok: true, imageName: 'sha256:abc', signatureName: 'sig1' })
  })
})

describe('digestOrImageMatch', () => {
  const img = 'sha256:ff46b78279f2a5ae1a4d6b93a2fec0f33bbb0f0d2f8f7bc8b1b3c9b5c1bd2b7c'
  it.each([
    [img, 'ff46b782', true],
    [img, 'sha256:ff46b782', true],
    [img, '', true],
    [img, 'ff46b783', false],
    [img, 'sha256:00', false],
    ['mytag', 'my', true],
    ['mytag', 'tag', false],
    // not a valid digest (short): only a plain prefix match
    ['sha256:abcd', 'abcd', false],
    ['sha256:abcd', 'sha256:ab', true],
  ])('%s / %s', (image, id, want) => {
    expect(digestOrImageMatch(image, id)).toBe(want)
  })
})

describe('compareStrings (Go byte order)', () => {
  it('orders like UTF-8 bytes', () => {
    const list = ['b', 'a', 'B', '\uffff', '\u{1F600}', 'ab', '']
    expect([...list].sort(compareStrings)).toEqual(['', 'B', 'a', 'ab', 'b', '\uffff', '\u{1F600}'])
    expect(compareStrings('x', 'x')).toBe(0)
  })
})
