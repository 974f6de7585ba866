// The /_emulator control plane: on every provider port, before provider auth, JSON in and out, 400 on bad input.
import { fileURLToPath } from 'node:url'
import { beforeEach, describe, expect, it } from 'vitest'
import { providers } from '../../src/providers/index.js'
import { VERSION } from '../../src/emulator.js'
import { widgets } from '../helpers/fake-provider.js'
import { createHarness, HARNESS_EPOCH, type Harness } from '../helpers/harness.js'

const testFixtures = fileURLToPath(new URL('../fixtures', import.meta.url))
const providerIds = providers.map((p) => p.id)

describe('control plane on every provider port', () => {
  let h: Harness
  beforeEach(async () => {
    h = await createHarness()
  })

  it.each(providerIds)('%s: GET /_emulator/health names the provider, version and uptime without credentials', async (id) => {
    const res = await h.request(id).get('/_emulator/health')
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toMatch(/^application\/json/)
    expect(res.body).toEqual({
      status: 'ok',
      provider: id,
      version: VERSION,
      uptimeMs: expect.any(Number),
      providers: providerIds,
    })
  })

  it.each(providerIds)('%s: clock and delays are readable and settable', async (id) => {
    expect((await h.request(id).get('/_emulator/clock')).body).toEqual({
      now: new Date(HARNESS_EPOCH).toISOString(),
      nowMs: HARNESS_EPOCH,
      frozen: true,
    })
    const advanced = await h.request(id).post('/_emulator/clock').send({ advanceMs: 1500 })
    expect(advanced.status).toBe(200)
    expect(advanced.body.nowMs).toBe(HARNESS_EPOCH + 1500)

    const delays = await h.request(id).get('/_emulator/delays')
    expect(delays.status).toBe(200)
    const names = Object.keys(delays.body)
    expect(names.some((n) => n.startsWith(`${id}.`))).toBe(true)
    const first = names.find((n) => n.startsWith(`${id}.`))!
    const put = await h.request(id).put('/_emulator/delays').send({ [first]: 0 })
    expect(put.status).toBe(200)
    expect(put.body[first]).toBe(0)
  })

  it.each(providerIds)('%s: unknown control routes and malformed bodies are JSON 4xx', async (id) => {
    const unknown = await h.request(id).get('/_emulator/nope')
    expect(unknown.status).toBe(404)
    expect(unknown.body).toEqual({ error: { message: 'no control route GET /_emulator/nope' } })
    const malformed = await h.request(id).post('/_emulator/clock').set('content-type', 'application/json').send('{"advanceMs":')
    expect(malformed.status).toBe(400)
    expect(malformed.body).toEqual({ error: { message: 'the request body is not valid JSON' } })
  })

  it('resets one provider or all of them', async () => {
    await h.emulator.store.mutate<{ marker?: number }>('jdcloud', (d) => void (d.marker = 1))
    await h.emulator.store.mutate<{ marker?: number }>('redistogo', (d) => void (d.marker = 2))
    const one = await h.request('kakaocloud').post('/_emulator/reset?provider=jdcloud')
    expect(one.status).toBe(200)
    expect(one.body).toEqual({ reset: ['jdcloud'] })
    expect(h.emulator.store.read<{ marker?: number }>('jdcloud').marker).toBeUndefined()
    expect(h.emulator.store.read<{ marker?: number }>('redistogo').marker).toBe(2)
    const all = await h.request('kakaocloud').post('/_emulator/reset')
    expect(all.body).toEqual({ reset: providerIds })
    expect(h.emulator.store.read<{ marker?: number }>('redistogo').marker).toBeUndefined()
  })

  it('rejects reset of an unknown provider with 400', async () => {
    const res = await h.request('jdcloud').post('/_emulator/reset?provider=aws')
    expect(res.status).toBe(400)
    expect(res.body.error.message).toMatch(/unknown provider "aws"/)
  })
})

describe('clock control', () => {
  let h: Harness
  beforeEach(async () => {
    h = await createHarness({}, { registry: [widgets] })
  })
  const post = (body: unknown) => h.request('widgets').post('/_emulator/clock').send(body as object)

  it('sets by ISO time or epoch ms, unfreezes and freezes', async () => {
    expect((await post({ set: '2030-01-01T00:00:00Z' })).body.now).toBe('2030-01-01T00:00:00.000Z')
    expect((await post({ set: 0 })).body.nowMs).toBe(0)
    const unfrozen = await post({ unfreeze: true })
    expect(unfrozen.body.frozen).toBe(false)
    const frozen = await post({ freeze: true })
    expect(frozen.body.frozen).toBe(true)
  })

  it.each([
    [{ advanceMs: -1 }, /advanceMs/],
    [{ advanceMs: 1.5 }, /advanceMs/],
    [{ set: 'yesterday' }, /set/],
    [{ freeze: true, unfreeze: true }, /cannot both be set/],
    [{ speed: 2 }, /speed|unrecognized/i],
    [[1, 2], /expected object/],
  ])('rejects %j with a 400 that says why', async (body, message) => {
    const res = await post(body)
    expect(res.status).toBe(400)
    expect(res.body.error.message).toMatch(message)
  })

  it('drives a state machine: advanceMs moves a resource to its next state', async () => {
    await h.request('widgets').post('/widgets').send({ name: 'w' })
    await post({ advanceMs: 1000 })
    expect((await h.request('widgets').get('/widgets/1')).body.status).toBe('ready')
  })
})

describe('delays control', () => {
  it('rejects unknown names and bad values, all or nothing', async () => {
    const h = await createHarness({}, { registry: [widgets] })
    const unknown = await h.request('widgets').put('/_emulator/delays').send({ 'widgets.widget.build': 5, 'widgets.nope': 1 })
    expect(unknown.status).toBe(400)
    expect(unknown.body.error.message).toMatch(/unknown delay "widgets.nope"/)
    const negative = await h.request('widgets').put('/_emulator/delays').send({ 'widgets.widget.build': -5 })
    expect(negative.status).toBe(400)
    expect((await h.request('widgets').get('/_emulator/delays')).body).toEqual({ 'widgets.widget.build': 1000, 'widgets.widget.polish': 500 })
  })
})

describe('seed', () => {
  let h: Harness
  beforeEach(async () => {
    h = await createHarness({}, { registry: [widgets], fixturesDir: testFixtures })
  })

  it('loads a named seed from fixtures/seeds and fills missing slice keys with defaults', async () => {
    const res = await h.request('widgets').post('/_emulator/seed').send({ name: 'two-widgets' })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ seeded: ['widgets'] })
    expect((await h.request('widgets').get('/widgets/2')).body).toEqual({ id: 2, name: 'seeded-two', status: 'polished' })
    expect(h.emulator.store.read<{ lifecycle: unknown }>('widgets').lifecycle).toEqual({ pending: [], nextId: 1 })
  })

  it('loads a posted document', async () => {
    const res = await h
      .request('widgets')
      .post('/_emulator/seed')
      .send({ providers: { widgets: { widgets: { 5: { id: 5, name: 'posted', status: 'ready' } }, nextId: 6 } } })
    expect(res.status).toBe(200)
    expect((await h.request('widgets').get('/widgets/5')).body.name).toBe('posted')
    expect((await h.request('widgets').post('/widgets').send({ name: 'next' })).body.id).toBe(6)
  })

  it.each([
    [{ name: 'missing-seed' }, /no seed named "missing-seed"/],
    [{ name: '../../package' }, /seed name/],
    [{ providers: { aws: {} } }, /unknown provider "aws"/],
    [{ providers: { widgets: [] } }, /providers.widgets/],
    [{}, /invalid request body/],
  ])('rejects %j with 400', async (body, message) => {
    const res = await h.request('widgets').post('/_emulator/seed').send(body)
    expect(res.status).toBe(400)
    expect(res.body.error.message).toMatch(message)
  })
})

describe('control token', () => {
  it('requires X-Emulator-Token (or a Bearer token) on /_emulator when set', async () => {
    const h = await createHarness({ controlToken: 's3cret' }, { registry: [widgets] })
    const none = await h.request('widgets').get('/_emulator/health')
    expect(none.status).toBe(401)
    expect(none.body).toEqual({ error: { message: 'the control plane needs the X-Emulator-Token header' } })
    expect((await h.request('widgets').get('/_emulator/health').set('x-emulator-token', 'wrong')).status).toBe(401)
    expect((await h.request('widgets').get('/_emulator/health').set('x-emulator-token', 's3cret')).status).toBe(200)
    expect((await h.request('widgets').get('/_emulator/health').set('authorization', 'Bearer s3cret')).status).toBe(200)
  })
})

