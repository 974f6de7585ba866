// JDCloud bad input (always the JDCloud envelope and a 4xx, nothing half-written) and restart with transitions in flight.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createFileHarness, createHarness, tempDir, type Harness } from '../../helpers/harness.js'
import { BASE, createBody, createInstance, jd, signHeaders } from '../../helpers/jdcloud.js'

const REQUEST_ID = expect.stringMatching(/^[a-z0-9]{32}$/)
const invalid = (message: string) => ({ requestId: REQUEST_ID, error: { code: 400, status: 'INVALID_ARGUMENT', message } })

describe('bad input', () => {
  let h: Harness
  beforeEach(async () => {
    h = await createHarness()
  })

  async function nothingStored() {
    const list = await jd(h, 'GET', `${BASE}/cacheInstance`)
    expect(list.body.result).toEqual({ cacheInstances: [], totalCount: 0 })
    expect((await jd(h, 'GET', `${BASE}/quota`)).body.result.quota.used).toBe(0)
  }

  it.each([
    ['malformed JSON', '{"cacheInstance": ', 'the request body is not valid JSON'],
    ['a JSON array', '[1,2]', 'the request body must be a JSON object'],
    ['a JSON string', '"cacheInstance"', 'the request body must be a JSON object'],
    ['a JSON number', '42', 'the request body must be a JSON object'],
  ])('%s -> 400 INVALID_ARGUMENT, nothing stored', async (_name, raw, message) => {
    const res = await jd(h, 'POST', `${BASE}/cacheInstance`, raw)
    expect(res.status).toBe(400)
    expect(res.body).toEqual(invalid(message))
    await nothingStored()
  })

  it.each([
    ['cacheInstance as a string', { cacheInstance: 'x' }],
    ['azId as an array', createBody({ azId: ['cn-north-1a'] })],
    ['userTags with a bad tag', createBody({ userTags: [{ key: '', value: 'x' }] })],
    ['chargeDuration as a string', createBody({}, { chargeMode: 'prepaid_by_duration', chargeDuration: '2' })],
    ['an unknown chargeMode', createBody({}, { chargeMode: 'free' })],
    ['a 100 000-character name', createBody({ cacheInstanceName: 'n'.repeat(100_000) })],
  ])('wrong types and huge values: %s -> 400 INVALID_ARGUMENT, nothing stored', async (_name, body) => {
    const res = await jd(h, 'POST', `${BASE}/cacheInstance`, body)
    expect(res.status).toBe(400)
    expect(res.body.error.status).toBe('INVALID_ARGUMENT')
    expect(res.body.requestId).toEqual(res.headers['x-jdcloud-request-id'])
    await nothingStored()
  })

  it('a body over the limit -> 413 in the JDCloud envelope', async () => {
    const raw = JSON.stringify(createBody({ cacheInstanceDescription: 'x'.repeat(2 * 1024 * 1024) }))
    const res = await jd(h, 'POST', `${BASE}/cacheInstance`, raw)
    expect(res.status).toBe(413)
    expect(res.body).toEqual({ requestId: REQUEST_ID, error: { code: 413, status: 'INVALID_ARGUMENT', message: 'the request body is too large' } })
    await nothingStored()
  })

  it('unknown fields are ignored (the Python SDK sends path params in the body, reference §1)', async () => {
    const res = await jd(h, 'POST', `${BASE}/cacheInstance`, { ...createBody({ extra: { deep: [1] } }), cacheInstanceId: 'x', unknown: true })
    expect(res.status).toBe(200)
  })

  it('a failure inside a change leaves the store untouched (quota check in the same change as the insert)', async () => {
    await h.emulator.store.mutate<any>('jdcloud', (d) => {
      d.accounts['EMUJDC0000000000000000000000AK01'].instanceQuota = 1
    })
    await createInstance(h)
    const before = JSON.stringify(h.emulator.store.read('jdcloud'))
    expect((await jd(h, 'POST', `${BASE}/cacheInstance`, createBody())).status).toBe(429)
    expect(JSON.stringify(h.emulator.store.read('jdcloud'))).toBe(before)
  })

  it('a bad percent-escape in the path is 400 INVALID_ARGUMENT, never a 500', async () => {
    h = await createHarness({ providers: { jdcloud: { settings: { verifySignatures: false } } } })
    const res = await h.request('jdcloud').get(`${BASE}/cacheInstance/%E0%A4%A`)
    expect(res.status).toBe(400)
    expect(res.body).toEqual(invalid('path parameter %E0%A4%A is not valid percent-encoding'))
  })

  it('a signed request with a bad percent-escape still gets an answer in the envelope', async () => {
    const url = `${BASE}/cacheInstance/%ZZ`
    const headers = signHeaders({ method: 'GET', url: `${BASE}/cacheInstance/x` })
    const res = await h.request('jdcloud').get(url).set(headers)
    expect(res.status).toBe(401)
    expect(res.body.error.status).toBe('UNAUTHENTICATED')
  })

  it('a regionId or class naming an Object.prototype member is 400 INVALID_ARGUMENT (found by the bad-input suite)', async () => {
    for (const region of ['constructor', '__proto__', 'toString']) {
      const res = await jd(h, 'GET', `/v1/regions/${region}/quota`)
      expect(res.status).toBe(400)
      expect(res.body.error).toEqual({ code: 400, status: 'INVALID_ARGUMENT', message: `regionId ${region} is invalid` })
    }
    const res = await jd(h, 'POST', `${BASE}/cacheInstance`, createBody({ cacheInstanceClass: 'constructor' }))
    expect(res.status).toBe(400)
    expect(res.body.error.status).toBe('INVALID_ARGUMENT')
  })

  it('methods a path does not take are 404 NOT_FOUND in the envelope', async () => {
    const res = await jd(h, 'PATCH', `${BASE}/quota`, { a: 1 })
    expect(res.status).toBe(404)
    expect(res.body).toEqual({ requestId: REQUEST_ID, error: { code: 404, status: 'NOT_FOUND', message: `no route for PATCH ${BASE}/quota` } })
  })
})

describe('restart (file store)', () => {
  let dir: string
  let cleanup: () => Promise<void>
  beforeEach(async () => {
    ;({ dir, cleanup } = await tempDir('rce-jdcloud-'))
  })
  afterEach(async () => {
    await cleanup()
  })

  it('acknowledged instances and in-flight transitions survive a restart', async () => {
    const first = await createFileHarness(dir)
    const kept = await createInstance(first)
    const prepaid = await createInstance(first, { cacheInstanceName: 'prepaid_one' }, { chargeMode: 'prepaid_by_duration', chargeDuration: 1 })
    const deleting = await createInstance(first, { cacheInstanceName: 'short_lived' })
    first.clock.advance(1000)
    // t = 1000: all three running; start a class change (due 2000), a delete (due 1500) and a new create (due 2000)
    await jd(first, 'POST', `${BASE}/cacheInstance/${prepaid}%3AmodifyCacheInstanceClass`, { cacheInstanceClass: 'redis.m.medium.basic' }).expect(200)
    await jd(first, 'DELETE', `${BASE}/cacheInstance/${deleting}`).expect(200)
    await jd(first, 'PATCH', `${BASE}/cacheInstance/${kept}`, { cacheInstanceDescription: 'kept' }).expect(200)
    const creating = await createInstance(first, { cacheInstanceName: 'late_one' })

    // restart: a new emulator on the same data dir; time has not moved
    const second = await createFileHarness(dir)
    second.clock.set(first.clock.now())
    const describe = async (id: string) => (await jd(second, 'GET', `${BASE}/cacheInstance/${id}`)).body
    expect((await describe(kept)).result.cacheInstance).toMatchObject({ cacheInstanceStatus: 'running', cacheInstanceDescription: 'kept' })
    expect((await describe(prepaid)).result.cacheInstance).toMatchObject({ cacheInstanceStatus: 'changing', cacheInstanceClass: 'redis.m.small.basic' })
    expect((await describe(deleting)).result.cacheInstance.cacheInstanceStatus).toBe('deleting')
    expect((await describe(creating)).result.cacheInstance.cacheInstanceStatus).toBe('creating')
    second.clock.advance(500)
    expect((await describe(deleting)).error.status).toBe('NOT_FOUND')
    expect((await describe(prepaid)).result.cacheInstance.cacheInstanceStatus).toBe('changing')
    second.clock.advance(500)
    expect((await describe(prepaid)).result.cacheInstance).toMatchObject({ cacheInstanceStatus: 'running', cacheInstanceClass: 'redis.m.medium.basic' })
    expect((await describe(creating)).result.cacheInstance.cacheInstanceStatus).toBe('running')
    second.clock.set(Date.parse('2026-02-15T10:00:00Z'))
    expect((await describe(prepaid)).result.cacheInstance.charge.chargeStatus).toBe('overdue')
  })
})
