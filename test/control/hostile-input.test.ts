// Hostile control-plane input (issue #17 items 3-5): deep documents, prototype keys and fault rules built to
// backtrack or to be huge, all answered with the control plane's 400 {"error":{"message"}} and nothing half-loaded.
import { beforeEach, describe, expect, it } from 'vitest'
import { MAX_FAULT_PATH_CHARS, MAX_FAULT_RULES } from '../../src/control/faults.js'
import { MAX_NESTING_DEPTH } from '../../src/core/json-shape.js'
import { createHarness, type Harness } from '../helpers/harness.js'

const RE = 'redis-enterprise'

function nested(depth: number): string {
  return `${'{"a":'.repeat(depth - 1)}{}${'}'.repeat(depth - 1)}`
}

describe('control plane: hostile input', () => {
  let h: Harness
  beforeEach(async () => {
    h = await createHarness({})
  })
  const control = () => h.request(RE)
  const exported = async () => (await control().get('/_emulator/state')).body

  it('refuses a 12 KB seed nested 6,000 deep with 400; nothing is loaded and the state still exports', async () => {
    const before = await exported()
    const deep = `{"providers":{"jdcloud":{"x":${nested(6000)}}}}`
    const res = await control().post('/_emulator/seed').set('content-type', 'application/json').send(deep)
    expect(res.status).toBe(400)
    expect(res.body).toEqual({ error: { message: `invalid document: nested deeper than ${MAX_NESTING_DEPTH} levels` } })
    expect(await exported()).toEqual(before)
  })

  it('refuses a state import one level past the depth limit, and accepts one at the limit', async () => {
    const before = await exported()
    // the document (1) . providers (2) . jdcloud (3) . x (4 ...): its deepest container exactly at the limit, then one past
    const at = `{"providers":{"jdcloud":{"x":${nested(MAX_NESTING_DEPTH - 3)}}}}`
    const past = `{"providers":{"jdcloud":{"x":${nested(MAX_NESTING_DEPTH - 2)}}}}`
    const refused = await control().put('/_emulator/state?provider=jdcloud').set('content-type', 'application/json').send(past)
    expect(refused.status).toBe(400)
    expect(refused.body.error.message).toMatch(/nested deeper than 64 levels/)
    expect(await exported()).toEqual(before)
    // at the limit the shape check passes: what decides then is the provider's own validator
    const atLimit = await control().put('/_emulator/state?provider=jdcloud').set('content-type', 'application/json').send(at)
    expect(atLimit.body.error?.message ?? '').not.toMatch(/nested deeper/)
  })

  it.each([
    ['__proto__', '{"schema":1,"providers":{"redis-enterprise":{"users":{"__proto__":{"uid":99,"email":"evil@x","role":"admin","status":"active"}}}}}'],
    ['__proto__ at the top of a slice', '{"providers":{"redis-enterprise":{"__proto__":{"users":{}}}}}'],
    ['constructor', '{"providers":{"jdcloud":{"accounts":{"constructor":{"prototype":{"admin":true}}}}}}'],
    ['prototype', '{"providers":{"kakaocloud":{"x":[{"prototype":1}]}}}'],
  ])('refuses "%s" keys at any depth in state import and seed; nothing loads, no login appears', async (key, document) => {
    const before = await exported()
    for (const [method, path] of [['put', '/_emulator/state'], ['post', '/_emulator/seed']] as const) {
      const res = await control()[method](path).set('content-type', 'application/json').send(document)
      expect(res.status, res.text).toBe(400)
      expect(res.body.error.message).toMatch(new RegExp(`the key "${key.split(' ')[0]}" is not accepted`))
    }
    expect(await exported()).toEqual(before)
    expect(({} as Record<string, unknown>).admin).toBeUndefined()
    const login = await h.request(RE).get('/v1/bdbs').auth('evil@x', '')
    expect(login.status).toBe(401)
  })

  it(`refuses a fault path over ${MAX_FAULT_PATH_CHARS} characters and a rule past ${MAX_FAULT_RULES}, with 400`, async () => {
    const long = await control().post('/_emulator/faults').send({ path: `/${'a'.repeat(100_000)}`, latencyMs: 1 })
    expect(long.status).toBe(400)
    expect(long.body.error.message).toMatch(/path: .*512/)
    for (let i = 0; i < MAX_FAULT_RULES; i++) {
      expect((await control().post('/_emulator/faults').send({ path: `/nothing/${i}`, latencyMs: 1 })).status).toBe(201)
    }
    const extra = await control().post('/_emulator/faults').send({ path: '/one/more', latencyMs: 1 })
    expect(extra).toMatchObject({ status: 400, body: { error: { message: expect.stringMatching(/too many fault rules: at most 100/) } } })
    // every provider still answers normally with 100 rules that do not match
    expect((await h.request('jdcloud').get('/_emulator/health')).status).toBe(200)
    expect((await h.request(RE).get('/v1/cluster').auth('admin@redis.local', 'admin-pass')).status).toBe(200)
  })

  it('matches the issue\'s backtracking glob in linear time: a long ordinary path answers at once', async () => {
    expect((await control().post('/_emulator/faults').send({ path: '/********************X', latencyMs: 1 })).status).toBe(201)
    expect((await control().post('/_emulator/faults').send({ path: `/${'*'.repeat(500)}X`, status: 503, code: 'x' })).status).toBe(201)
    const started = performance.now()
    const res = await h.request(RE).get(`/v1/${'a'.repeat(4000)}`).auth('admin@redis.local', 'admin-pass')
    expect(res.status).toBe(404)
    expect(performance.now() - started).toBeLessThan(1000)
  })
})
