// JDCloud with the control plane: state export/import checked by validateSlice, faults per account (accountOf),
// and reset back to the fixtures.
import { beforeEach, describe, expect, it } from 'vitest'
import { createHarness, type Harness } from '../../helpers/harness.js'
import { BASE, createInstance, DEFAULT_ACCOUNT, jd, SECOND_ACCOUNT } from '../../helpers/jdcloud.js'

let h: Harness
beforeEach(async () => {
  h = await createHarness({ fast: true })
})

describe('state export and import', () => {
  it('an exported jdcloud slice imports back, instances and all', async () => {
    const id = await createInstance(h)
    const exported = (await h.request('jdcloud').get('/_emulator/state?provider=jdcloud')).body
    await h.request('jdcloud').post('/_emulator/reset?provider=jdcloud').expect(200)
    expect((await jd(h, 'GET', `${BASE}/cacheInstance/${id}`)).status).toBe(404)
    await h.request('jdcloud').put('/_emulator/state?provider=jdcloud').send(exported).expect(200)
    expect((await jd(h, 'GET', `${BASE}/cacheInstance/${id}`)).body.result.cacheInstance.cacheInstanceId).toBe(id)
  })

  it.each([
    [{ instances: { 'redis-x': { account: 'a' } } }, /^providers\.jdcloud: instances\.redis-x\.regionId: /],
    [{ defaultQuota: -1 }, /^providers\.jdcloud: defaultQuota: /],
    [{ accounts: { AK: { accessKey: 'OTHER', secretKey: 's', name: 'n', instanceQuota: 1, whiteListed: false } } }, /accounts\.AK: accessKey must equal its key/],
  ])('a slice that would break requests is 400 before anything changes: %j', async (slice, message) => {
    const res = await h.request('jdcloud').post('/_emulator/seed').send({ providers: { jdcloud: slice } })
    expect(res.status).toBe(400)
    expect(res.body.error.message).toMatch(message)
    expect((await jd(h, 'GET', `${BASE}/quota`)).status).toBe(200)
  })

  it('a catalogue class with an absurd shard count is 400 (describeClusterInfo would build 10^9 shards; found by the state-import suite)', async () => {
    const { catalogue } = (await h.request('jdcloud').get('/_emulator/state?provider=jdcloud')).body.providers.jdcloud
    catalogue.classes['redis.m.small.basic'].shardNumber = 986518099
    const res = await h.request('jdcloud').post('/_emulator/seed').send({ providers: { jdcloud: { catalogue } } })
    expect(res.status).toBe(400)
    expect(res.body.error.message).toMatch(/catalogue\.classes\.redis\.m\.small\.basic\.shardNumber/)
  })

  it('a seed may add an account of its own', async () => {
    const account = { accessKey: 'SEEDEDAK', secretKey: 'SEEDEDSK', name: 'seeded', instanceQuota: 1, whiteListed: false }
    const accounts = { [DEFAULT_ACCOUNT.accessKey]: { ...DEFAULT_ACCOUNT, name: 'default', instanceQuota: 10, whiteListed: false }, SEEDEDAK: account }
    await h.request('jdcloud').post('/_emulator/seed').send({ providers: { jdcloud: { accounts } } }).expect(200)
    const res = await jd(h, 'GET', `${BASE}/quota`, undefined, { account })
    expect(res.body.result.quota).toEqual({ name: 'instance', max: 1, used: 0 })
    expect((await jd(h, 'GET', `${BASE}/quota`, undefined, { account: SECOND_ACCOUNT })).status).toBe(401)
  })
})

describe('faults', () => {
  it('a fault for one access key answers in the JDCloud envelope; other accounts are untouched', async () => {
    await h
      .request('jdcloud')
      .post('/_emulator/faults')
      .send({ provider: 'jdcloud', account: SECOND_ACCOUNT.accessKey, status: 503, code: 'UNAVAILABLE', message: 'try later', times: 1 })
      .expect((r) => expect(r.status).toBeLessThan(300))
    const hit = await jd(h, 'GET', `${BASE}/quota`, undefined, { account: SECOND_ACCOUNT })
    expect(hit.status).toBe(503)
    expect(hit.body).toEqual({ requestId: expect.stringMatching(/^[a-z0-9]{32}$/), error: { code: 503, status: 'UNAVAILABLE', message: 'try later' } })
    expect((await jd(h, 'GET', `${BASE}/quota`)).status).toBe(200)
  })
})

describe('request journal', () => {
  it('records a jdcloud request with its JSON body, the password and the signature redacted', async () => {
    await createInstance(h, { password: 'Secret12345' })
    const res = await h.request('jdcloud').get('/_emulator/requests?provider=jdcloud&method=POST')
    const [entry] = res.body.requests
    expect(entry.body.cacheInstance).toMatchObject({ cacheInstanceName: 'demo_cache', password: '[redacted]' })
    expect(JSON.stringify(entry)).not.toContain('Secret12345')
    expect(entry.headers.authorization).toBe('JDCLOUD2-HMAC-SHA256 [redacted]')
  })
})
