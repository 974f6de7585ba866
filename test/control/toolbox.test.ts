// Toolbox on the control plane: fault injection, the request journal and state export/import (issue 7).
import { beforeEach, describe, expect, it } from 'vitest'
import { startEmulator } from '../../src/emulator.js'
import { widgets } from '../helpers/fake-provider.js'
import { createHarness, type Harness } from '../helpers/harness.js'
import { send } from '../helpers/http.js'

const registry = [widgets]

describe('faults', () => {
  let h: Harness
  beforeEach(async () => {
    h = await createHarness({}, { registry })
  })
  const addFault = (rule: object) => h.request('widgets').post('/_emulator/faults').send(rule)

  it('answers matching requests with the given status and code in the provider envelope, `times` times', async () => {
    const created = await addFault({ method: 'get', path: '/widgets/*', status: 503, code: 'unavailable', message: 'try later', times: 2 })
    expect(created.status).toBe(201)
    expect(created.body).toEqual({ id: 1, method: 'GET', path: '/widgets/*', status: 503, code: 'unavailable', message: 'try later', times: 2, matched: 0 })

    await h.request('widgets').post('/widgets').send({ name: 'w' })
    for (let i = 0; i < 2; i++) {
      const res = await h.request('widgets').get('/widgets/1')
      expect(res.status).toBe(503)
      expect(res.body).toEqual({ fail: { code: 'unavailable', message: 'try later' } })
    }
    expect((await h.request('widgets').get('/widgets/1')).status).toBe(200)
    expect((await h.request('widgets').get('/_emulator/faults')).body).toEqual({ faults: [] })
  })

  it('matches on method, path glob and provider; a rejected request changes nothing', async () => {
    await addFault({ provider: 'widgets', method: 'POST', path: '/widgets', status: 409, code: 'busy' })
    const rejected = await h.request('widgets').post('/widgets').send({ name: 'w' })
    expect(rejected.status).toBe(409)
    expect(rejected.body).toEqual({ fail: { code: 'busy', message: 'injected fault 1' } })
    expect(h.emulator.store.read<{ widgets: object }>('widgets').widgets).toEqual({})
    expect((await h.request('widgets').get('/widgets/1')).status).toBe(404)
  })

  it('`**` crosses segments, `*` does not', async () => {
    await addFault({ path: '/a/*', status: 418, code: 'one' })
    await addFault({ path: '/b/**', status: 418, code: 'many' })
    expect((await h.request('widgets').get('/a/x')).body.fail.code).toBe('one')
    expect((await h.request('widgets').get('/a/x/y')).body.fail.code).toBe('core_route_not_found')
    expect((await h.request('widgets').get('/b/x/y')).body.fail.code).toBe('many')
  })

  it('probability 1 always fires and lists how often a rule matched; DELETE clears', async () => {
    await addFault({ path: '/widgets/*', status: 500, code: 'flaky', probability: 1 })
    await h.request('widgets').get('/widgets/1')
    await h.request('widgets').get('/widgets/2')
    expect((await h.request('widgets').get('/_emulator/faults')).body.faults[0].matched).toBe(2)
    expect((await h.request('widgets').delete('/_emulator/faults')).body).toEqual({ deleted: 1 })
    expect((await h.request('widgets').get('/widgets/1')).status).toBe(404)
  })

  it('adds latency before handling the request normally', async () => {
    const emulator = await startEmulator({ inMemory: true, port: 0 }, { registry })
    try {
      await send('POST', `${emulator.urls.widgets}/_emulator/faults`, { path: '/widgets/*', latencyMs: 150 })
      const started = Date.now()
      const res = await send('GET', `${emulator.urls.widgets}/widgets/1`)
      expect(Date.now() - started).toBeGreaterThanOrEqual(140)
      expect(res.status).toBe(404)
    } finally {
      await emulator.close()
    }
  })

  it('drops the connection without an answer', async () => {
    const emulator = await startEmulator({ inMemory: true, port: 0 }, { registry })
    try {
      await send('POST', `${emulator.urls.widgets}/_emulator/faults`, { path: '/widgets', dropConnection: true, times: 1 })
      await expect(send('POST', `${emulator.urls.widgets}/widgets`, { name: 'w' })).rejects.toThrow(/socket hang up|ECONNRESET/)
      expect((await send('POST', `${emulator.urls.widgets}/widgets`, { name: 'w' })).status).toBe(201)
    } finally {
      await emulator.close()
    }
  })

  it.each([
    [{ path: '/x' }, /needs status/],
    [{ status: 503 }, /status and code go together/],
    [{ status: 200, code: 'ok' }, /status/],
    [{ dropConnection: true, status: 500, code: 'x' }, /dropConnection/],
    [{ latencyMs: 5, times: 1, probability: 0.5 }, /times or probability/],
    [{ provider: 'aws', latencyMs: 1 }, /unknown provider "aws"/],
    [{ latencyMs: 1, colour: 'red' }, /colour|unrecognized/i],
  ])('rejects the rule %j with 400', async (rule, message) => {
    const res = await addFault(rule)
    expect(res.status).toBe(400)
    expect(res.body.error.message).toMatch(message)
  })
})

describe('request journal', () => {
  let h: Harness
  beforeEach(async () => {
    h = await createHarness({}, { registry })
  })

  it('records provider requests newest first with body, status, response and duration; not control-plane calls', async () => {
    await h.request('widgets').post('/widgets?x=1').set('user-agent', 'test-agent').send({ name: 'w' })
    await h.request('widgets').get('/widgets/9')
    const res = await h.request('widgets').get('/_emulator/requests')
    expect(res.status).toBe(200)
    expect(res.body.capacity).toBe(1000)
    const [latest, first] = res.body.requests
    expect(res.body.requests).toHaveLength(2)
    expect(latest).toMatchObject({ method: 'GET', path: '/widgets/9', status: 404, responseBody: { fail: { code: 'no_widget', message: 'widget 9 not found' } } })
    expect(first).toEqual({
      id: 1,
      provider: 'widgets',
      time: '2026-01-15T10:00:00.000Z',
      method: 'POST',
      path: '/widgets',
      query: { x: '1' },
      headers: expect.objectContaining({ 'content-type': 'application/json', 'user-agent': 'test-agent' }),
      body: { name: 'w' },
      status: 201,
      responseHeaders: { 'content-type': 'application/json; charset=utf-8' },
      responseBody: { id: 1, name: 'w', status: 'building' },
      durationMs: expect.any(Number),
    })
  })

  it('redacts credentials in headers and secrets in bodies', async () => {
    await h
      .request('widgets')
      .post('/widgets')
      .set('authorization', 'Basic dXNlcjpwYXNz')
      .set('x-auth-token', 'tok-123')
      .send({ name: 'w', password: 'hunter2', nested: { authentication_admin_pass: 'x', secret: 's' } })
    const [entry] = (await h.request('widgets').get('/_emulator/requests')).body.requests
    expect(entry.headers.authorization).toBe('Basic [redacted]')
    expect(entry.headers['x-auth-token']).toBe('[redacted]')
    expect(entry.body).toEqual({ name: 'w', password: '[redacted]', nested: { authentication_admin_pass: '[redacted]', secret: '[redacted]' } })
    expect(JSON.stringify(entry)).not.toMatch(/hunter2|dXNlcjpwYXNz|tok-123/)
  })

  it('filters by provider, method, path, status and since, and limits', async () => {
    await h.request('widgets').post('/widgets').send({ name: 'a' })
    h.clock.advance(60_000)
    await h.request('widgets').get('/widgets/1')
    await h.request('widgets').get('/widgets/2')
    const q = async (query: string) => (await h.request('widgets').get(`/_emulator/requests?${query}`)).body.requests.map((r: { path: string; status: number }) => `${r.path}:${r.status}`)
    expect(await q('method=post')).toEqual(['/widgets:201'])
    expect(await q('status=404')).toEqual(['/widgets/2:404'])
    expect(await q('path=/widgets/')).toEqual(['/widgets/2:404', '/widgets/1:200'])
    expect(await q('since=2026-01-15T10:00:30Z')).toEqual(['/widgets/2:404', '/widgets/1:200'])
    expect(await q('limit=1')).toEqual(['/widgets/2:404'])
    expect(await q('provider=other')).toEqual([])
    const bad = await h.request('widgets').get('/_emulator/requests?since=yesterday')
    expect(bad.status).toBe(400)
    expect(bad.body.error.message).toMatch(/since/)
  })

  it('keeps the newest entries in order as the ring wraps several times, and after a clear', async () => {
    const small = await createHarness({ journalSize: 3 }, { registry })
    for (let i = 1; i <= 7; i++) await small.request('widgets').get(`/widgets/${i}?a=${i}&a=x`)
    const listed = async () => (await small.request('widgets').get('/_emulator/requests')).body.requests as { id: number; path: string; query: unknown }[]
    const wrapped = await listed()
    expect(wrapped.map((r) => [r.id, r.path])).toEqual([[7, '/widgets/7'], [6, '/widgets/6'], [5, '/widgets/5']])
    // repeated query parameters come back as req.query gave them
    expect(wrapped[0].query).toEqual({ a: ['7', 'x'] })
    expect((await small.request('widgets').delete('/_emulator/requests')).body).toEqual({ deleted: 3 })
    await small.request('widgets').get('/widgets/8')
    await small.request('widgets').get('/widgets/9')
    expect((await listed()).map((r) => [r.id, r.path])).toEqual([[9, '/widgets/9'], [8, '/widgets/8']])
  })

  it('notes injected faults, is bounded, and clears', async () => {
    const small = await createHarness({ journalSize: 2 }, { registry })
    await small.request('widgets').post('/_emulator/faults').send({ path: '/widgets/1', status: 500, code: 'x', times: 1 })
    await small.request('widgets').get('/widgets/1')
    await small.request('widgets').get('/widgets/2')
    await small.request('widgets').get('/widgets/3')
    const { requests } = (await small.request('widgets').get('/_emulator/requests')).body
    expect(requests.map((r: { path: string }) => r.path)).toEqual(['/widgets/3', '/widgets/2'])
    await small.request('widgets').get('/_emulator/faults')
    expect((await small.request('widgets').delete('/_emulator/requests')).body).toEqual({ deleted: 2 })
    expect((await small.request('widgets').get('/_emulator/requests')).body.requests).toEqual([])

    const faulty = await createHarness({}, { registry })
    await faulty.request('widgets').post('/_emulator/faults').send({ path: '/widgets/1', status: 500, code: 'x', times: 1 })
    await faulty.request('widgets').get('/widgets/1')
    expect((await faulty.request('widgets').get('/_emulator/requests')).body.requests[0]).toMatchObject({ status: 500, injectedFault: 1 })
  })
})

describe('state export and import', () => {
  let h: Harness
  beforeEach(async () => {
    h = await createHarness({}, { registry })
  })

  it('round-trips: export -> reset -> import gives back the same resources and pending transitions', async () => {
    await h.request('widgets').post('/widgets').send({ name: 'a' })
    await h.request('widgets').post('/widgets').send({ name: 'b' })
    const exported = (await h.request('widgets').get('/_emulator/state')).body
    expect(exported.schema).toBe(1)
    expect(exported.providers.widgets.lifecycle.pending).toHaveLength(2)

    await h.request('widgets').post('/_emulator/reset')
    expect((await h.request('widgets').get('/widgets/1')).status).toBe(404)

    const imported = await h.request('widgets').put('/_emulator/state').send(exported)
    expect(imported.status).toBe(200)
    expect(imported.body).toEqual({ replaced: ['widgets'] })
    expect((await h.request('widgets').get('/_emulator/state')).body).toEqual(exported)
    h.clock.advance(1000)
    expect((await h.request('widgets').get('/widgets/2')).body).toEqual({ id: 2, name: 'b', status: 'ready' })
  })

  it('exports and imports one provider with ?provider=', async () => {
    await h.request('widgets').post('/widgets').send({ name: 'a' })
    const one = await h.request('widgets').get('/_emulator/state?provider=widgets')
    expect(Object.keys(one.body.providers)).toEqual(['widgets'])
    const res = await h.request('widgets').put('/_emulator/state?provider=widgets').send({ schema: 1, providers: {} })
    expect(res.status).toBe(400)
    expect(res.body.error.message).toMatch(/no slice for provider "widgets"/)
  })

  it.each([
    [{ schema: 2, providers: {} }, /schema/],
    [{ providers: { widgets: { lifecycle: { pending: 'x', nextId: 1 } } } }, /lifecycle/],
    [{ providers: { widgets: { lifecycle: { pending: [{ id: 1, kind: 'explode', at: 0, target: {} }], nextId: 2 } } } }, /unknown transition kind "explode"/],
    [{ providers: { nope: {} } }, /unknown provider "nope"/],
    ['not json at all', /invalid request body|not valid JSON/],
  ])('rejects the invalid document %j with 400 and keeps the current state', async (doc, message) => {
    await h.request('widgets').post('/widgets').send({ name: 'kept' })
    const res = await h.request('widgets').put('/_emulator/state').set('content-type', 'application/json').send(typeof doc === 'string' ? doc : JSON.stringify(doc))
    expect(res.status).toBe(400)
    expect(res.body.error.message).toMatch(message)
    expect((await h.request('widgets').get('/widgets/1')).body.name).toBe('kept')
  })
})
