// core/v1 events: empty unless something records one; list/watch/get/create/update/delete with the
// real field selectors (k8s pkg/registry/core/event/strategy.go) and table columns (printers.go printEvent).

import { describe, expect, it } from 'vitest'
import { call, fakeApi, TABLE_ACCEPT } from './helpers.js'

const EVENTS = '/api/v1/namespaces/demo/events'

const event = (name: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name },
  involvedObject: { kind: 'ImageStream', namespace: 'demo', name: 'ruby', apiVersion: 'image.openshift.io/v1' },
  reason: 'Tagged',
  message: 'tagged latest ',
  source: { component: 'test' },
  firstTimestamp: '2026-01-01T00:00:00Z',
  lastTimestamp: '2026-01-01T00:00:00Z',
  count: 2,
  type: 'Normal',
  ...extra,
})

describe('events', () => {
  it('are empty until something records one, in a namespace and across all', async () => {
    const api = fakeApi({ fixtures: 'default' })
    await api.ready
    await api.settle()
    for (const path of [EVENTS, '/api/v1/events']) {
      const r = await call(api, 'GET', path)
      expect(r.status).toBe(200)
      expect(r.body.kind).toBe('EventList')
      expect(r.body.items).toEqual([])
    }
  })

  it('create, get, list by involvedObject field selectors (as kubectl describe asks), delete', async () => {
    const api = fakeApi()
    const created = await call(api, 'POST', EVENTS, event('ruby.1'))
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({
      kind: 'Event',
      apiVersion: 'v1',
      involvedObject: { kind: 'ImageStream', namespace: 'demo', name: 'ruby', apiVersion: 'image.openshift.io/v1' },
      reason: 'Tagged',
      source: { component: 'test' },
      count: 2,
      type: 'Normal',
      eventTime: null,
      reportingComponent: '',
      reportingInstance: '',
    })
    await call(api, 'POST', EVENTS, event('other.1', { involvedObject: { kind: 'ImageStream', namespace: 'demo', name: 'other' } }))
    const q = '?fieldSelector=' + encodeURIComponent('involvedObject.name=ruby,involvedObject.namespace=demo,involvedObject.kind=ImageStream') + '&limit=500'
    const listed = await call(api, 'GET', EVENTS + q)
    expect(listed.body.items.map((e: { metadata: { name: string } }) => e.metadata.name)).toEqual(['ruby.1'])
    const bad = await call(api, 'GET', `${EVENTS}?fieldSelector=spec.x%3Dy`)
    expect(bad.status).toBe(400)
    expect(bad.body.message).toBe('field label not supported: spec.x')
    expect((await call(api, 'GET', `${EVENTS}/ruby.1`)).body.reason).toBe('Tagged')
    expect((await call(api, 'DELETE', `${EVENTS}/ruby.1`)).status).toBe(200)
    expect((await call(api, 'GET', `${EVENTS}/ruby.1`)).body.message).toBe('events "ruby.1" not found')
  })

  it('validation: the involved object namespace must match the event namespace', async () => {
    const api = fakeApi()
    const r = await call(api, 'POST', EVENTS, event('x', { involvedObject: { kind: 'ImageStream', namespace: 'elsewhere', name: 'ruby' } }))
    expect(r.status).toBe(422)
    expect(r.body.message).toBe('Event "x" is invalid: involvedObject.namespace: Invalid value: "elsewhere": does not match event.namespace')
  })

  it('server-side table: the kubectl get events columns', async () => {
    const api = fakeApi()
    await call(api, 'POST', EVENTS, event('ruby.1'))
    const r = await call(api, 'GET', EVENTS, undefined, { headers: { accept: TABLE_ACCEPT } })
    expect(r.body.kind).toBe('Table')
    expect(r.body.columnDefinitions.map((c: { name: string; priority: number }) => `${c.name}:${c.priority}`)).toEqual([
      'Last Seen:0',
      'Type:0',
      'Reason:0',
      'Object:0',
      'Subobject:1',
      'Source:1',
      'Message:0',
      'First Seen:1',
      'Count:1',
      'Name:1',
    ])
    const cells = r.body.rows[0].cells
    expect(cells.slice(1)).toEqual(['Normal', 'Tagged', 'imagestream/ruby', '', 'test', 'tagged latest', cells[7], 2, 'ruby.1'])
  })

  it('are watchable and go away with their namespace', async () => {
    const api = fakeApi()
    await call(api, 'POST', '/api/v1/namespaces', { metadata: { name: 'demo' } })
    const list = await call(api, 'GET', EVENTS)
    const ac = new AbortController()
    const res = await api.fetch(new Request(`http://x${EVENTS}?watch=true&resourceVersion=${list.body.metadata.resourceVersion}`, { signal: ac.signal }))
    const reader = res.body!.getReader()
    await call(api, 'POST', EVENTS, event('ruby.1'))
    let text = ''
    while (!text.includes('\n')) {
      const { value, done } = await reader.read()
      if (done) break
      text += new TextDecoder().decode(value)
    }
    const line = JSON.parse(text.split('\n')[0]!)
    expect(line.type).toBe('ADDED')
    expect(line.object.metadata.name).toBe('ruby.1')
    ac.abort()
    await reader.cancel().catch(() => {})
    expect((await call(api, 'DELETE', '/api/v1/namespaces/demo')).status).toBe(200)
    expect((await call(api, 'GET', '/api/v1/events')).body.items).toEqual([])
  })

  it('can be seeded', async () => {
    const api = fakeApi()
    await api.seed([{ ...event('seeded'), metadata: { name: 'seeded', namespace: 'demo' } }])
    expect((await call(api, 'GET', `${EVENTS}/seeded`)).status).toBe(200)
  })
})
