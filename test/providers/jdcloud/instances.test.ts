// JDCloud cache instances: every interface, the seed's rules and every state-machine transition on the frozen clock.
import { beforeEach, describe, expect, it } from 'vitest'
import { createHarness, type Harness } from '../../helpers/harness.js'
import { BASE, createBody, createInstance, DEFAULT_ACCOUNT, jd, SECOND_ACCOUNT, WHITE_LIST_ACCOUNT } from '../../helpers/jdcloud.js'

let h: Harness
beforeEach(async () => {
  h = await createHarness()
})

const REQUEST_ID = expect.stringMatching(/^[a-z0-9]{32}$/)
const describeOne = (id: string, account = DEFAULT_ACCOUNT) => jd(h, 'GET', `${BASE}/cacheInstance/${id}`, undefined, { account })
const status = async (id: string) => (await describeOne(id)).body.result.cacheInstance.cacheInstanceStatus as string
const action = (id: string, name: string, body: unknown, account = DEFAULT_ACCOUNT) =>
  jd(h, 'POST', `${BASE}/cacheInstance/${id}%3A${name}`, body, { account })

function errorBody(code: number, statusText: string, message: string) {
  return { requestId: REQUEST_ID, error: { code, status: statusText, message } }
}

describe('createCacheInstance (seed 000, reference §2)', () => {
  it('returns the id and order number, then the instance is creating with every documented field', async () => {
    const res = await jd(h, 'POST', `${BASE}/cacheInstance`, createBody({ password: 'Abcdefgh1', cacheInstanceDescription: 'demo', ipv6On: 1 }))
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ requestId: REQUEST_ID, result: { cacheInstanceId: expect.stringMatching(/^redis-[a-z0-9]{10}$/), orderNum: expect.stringMatching(/^\d{16}$/) } })
    expect(res.headers['x-jdcloud-request-id']).toBe(res.body.requestId)
    const id = res.body.result.cacheInstanceId
    const described = await describeOne(id)
    expect(described.body).toEqual({
      requestId: REQUEST_ID,
      result: {
        cacheInstance: {
          cacheInstanceId: id,
          cacheInstanceName: 'demo_cache',
          cacheInstanceClass: 'redis.m.small.basic',
          cacheInstanceMemoryMB: 2048,
          cacheInstanceStatus: 'creating',
          cacheInstanceDescription: 'demo',
          createTime: '2026-01-15T10:00:00Z',
          azId: { master: 'cn-north-1a', slave: 'cn-north-1b' },
          vpcId: 'vpc-emu0001',
          subnetId: 'subnet-emu0001',
          connectionDomain: `jredis-cn-north-1-prod-${id}.jdcloud.com`,
          port: 6379,
          charge: {
            chargeMode: 'postpaid_by_duration',
            chargeStatus: 'normal',
            chargeStartTime: '2026-01-15T10:00:00Z',
            chargeExpiredTime: '',
            chargeRetireTime: '',
          },
          instanceVersion: '2.8-1.0',
          auth: true,
          redisVersion: '2.8',
          cacheInstanceType: 'master-slave',
          ipv6On: 1,
          tags: [],
        },
      },
    })
  })

  it('creating -> running after jdcloud.instance.create (default 1000 ms)', async () => {
    const id = await createInstance(h)
    h.clock.advance(999)
    expect(await status(id)).toBe('creating')
    h.clock.advance(1)
    expect(await status(id)).toBe('running')
  })

  it('a 0 delay means the next request sees running', async () => {
    h.emulator.delays.set({ 'jdcloud.instance.create': 0 })
    const id = await createInstance(h)
    expect(await status(id)).toBe('running')
  })

  it('prepaid: chargeExpiredTime is start + duration on the emulator clock (reference §3 ChargeSpec)', async () => {
    const month = await createInstance(h, {}, { chargeMode: 'prepaid_by_duration', chargeUnit: 'month', chargeDuration: 2 })
    const year = await createInstance(h, {}, { chargeMode: 'prepaid_by_duration', chargeUnit: 'year', chargeDuration: 3 })
    const oneMonth = await createInstance(h, {}, { chargeMode: 'prepaid_by_duration', chargeDuration: 1 })
    const charge = async (id: string) => (await describeOne(id)).body.result.cacheInstance.charge
    expect(await charge(month)).toEqual({
      chargeMode: 'prepaid_by_duration',
      chargeStatus: 'normal',
      chargeStartTime: '2026-01-15T10:00:00Z',
      chargeExpiredTime: '2026-03-15T10:00:00Z',
      chargeRetireTime: '',
    })
    expect((await charge(year)).chargeExpiredTime).toBe('2029-01-15T10:00:00Z')
    expect((await charge(oneMonth)).chargeExpiredTime).toBe('2026-02-15T10:00:00Z')
  })

  it('a prepaid charge turns overdue when chargeExpiredTime passes (reference §3 Charge)', async () => {
    const id = await createInstance(h, {}, { chargeMode: 'prepaid_by_duration', chargeDuration: 1 })
    h.clock.set(Date.parse('2026-02-15T09:59:59Z'))
    expect((await describeOne(id)).body.result.cacheInstance.charge.chargeStatus).toBe('normal')
    h.clock.advance(1000)
    expect((await describeOne(id)).body.result.cacheInstance.charge.chargeStatus).toBe('overdue')
  })

  it('4.0 instances use 4.0 classes; a 2.8 class with redisVersion 4.0 is an unknown class (seed 000)', async () => {
    const id = await createInstance(h, { redisVersion: '4.0', cacheInstanceClass: 'redis.sc.small.basic' })
    expect((await describeOne(id)).body.result.cacheInstance).toMatchObject({ redisVersion: '4.0', instanceVersion: '4.0-1.0', cacheInstanceType: 'cluster' })
    const res = await jd(h, 'POST', `${BASE}/cacheInstance`, createBody({ redisVersion: '4.0', cacheInstanceClass: 'redis.m.small.basic' }))
    expect(res.status).toBe(400)
    expect(res.body).toEqual(errorBody(400, 'INVALID_ARGUMENT', 'cacheInstanceClass redis.m.small.basic is invalid for redisVersion 4.0 in region cn-north-1'))
  })

  it.each([
    ['an unknown class', { cacheInstanceClass: 'redis.nope' }, 'cacheInstanceClass redis.nope is invalid for redisVersion 2.8 in region cn-north-1'],
    ['an unknown redisVersion', { redisVersion: '5.0' }, 'redisVersion 5.0 is invalid, must be 2.8 or 4.0'],
    ['an az of another region', { azId: { master: 'cn-south-1a', slave: 'cn-north-1a' } }, 'azId cn-south-1a is invalid in region cn-north-1'],
  ])('rejects %s with 400 INVALID_ARGUMENT', async (_name, overrides, message) => {
    const res = await jd(h, 'POST', `${BASE}/cacheInstance`, createBody(overrides))
    expect(res.status).toBe(400)
    expect(res.body).toEqual(errorBody(400, 'INVALID_ARGUMENT', message))
  })

  it('rejects a class not sold in the region (catalogue per region)', async () => {
    const res = await jd(h, 'POST', '/v1/regions/cn-east-2/cacheInstance', createBody({ cacheInstanceClass: 'redis.m.large.basic', azId: { master: 'cn-east-2a', slave: 'cn-east-2b' } }))
    expect(res.body).toEqual(errorBody(400, 'INVALID_ARGUMENT', 'cacheInstanceClass redis.m.large.basic is invalid for redisVersion 2.8 in region cn-east-2'))
  })

  it('rejects an unknown region (seed 000)', async () => {
    const res = await jd(h, 'POST', '/v1/regions/mars-1/cacheInstance', createBody())
    expect(res.status).toBe(400)
    expect(res.body).toEqual(errorBody(400, 'INVALID_ARGUMENT', 'regionId mars-1 is invalid'))
  })

  it.each([
    ['a one-character name', { cacheInstanceName: 'a' }, 'cacheInstance.cacheInstanceName'],
    ['a 33-character name', { cacheInstanceName: 'a'.repeat(33) }, 'cacheInstance.cacheInstanceName'],
    ['a name with a dash', { cacheInstanceName: 'my-cache' }, 'cacheInstance.cacheInstanceName'],
    ['a 257-character description', { cacheInstanceDescription: 'd'.repeat(257) }, 'cacheInstance.cacheInstanceDescription'],
    ['a 7-character password', { password: 'Abc1234' }, 'cacheInstance.password'],
    ['a password with a symbol', { password: 'Abcd1234!' }, 'cacheInstance.password'],
    ['a 17-character password', { password: 'A'.repeat(17) }, 'cacheInstance.password'],
    ['a missing vpcId', { vpcId: undefined }, 'cacheInstance.vpcId'],
    ['a missing azId', { azId: undefined }, 'cacheInstance.azId'],
    ['a numeric class', { cacheInstanceClass: 42 }, 'cacheInstance.cacheInstanceClass'],
    ['ipv6On 2', { ipv6On: 2 }, 'cacheInstance.ipv6On'],
  ])('rejects %s with 400 INVALID_ARGUMENT naming the field (reference §2 Names/Password)', async (_name, overrides, field) => {
    const res = await jd(h, 'POST', `${BASE}/cacheInstance`, createBody(overrides))
    expect(res.status).toBe(400)
    expect(res.body.error.status).toBe('INVALID_ARGUMENT')
    expect(res.body.error.message).toContain(field)
  })

  it('accepts a Chinese name and an empty password (password-free, auth false)', async () => {
    const id = await createInstance(h, { cacheInstanceName: '缓存_1', password: '' })
    expect((await describeOne(id)).body.result.cacheInstance).toMatchObject({ cacheInstanceName: '缓存_1', auth: false })
  })

  it('requires the cacheInstance spec', async () => {
    const res = await jd(h, 'POST', `${BASE}/cacheInstance`, { charge: { chargeMode: 'postpaid_by_duration' } })
    expect(res.status).toBe(400)
    expect(res.body.error.message).toContain('cacheInstance')
  })

  it.each([
    [{ chargeMode: 'prepaid_by_duration', chargeUnit: 'month', chargeDuration: 10 }, 'chargeDuration 10 is invalid for chargeUnit month'],
    [{ chargeMode: 'prepaid_by_duration', chargeUnit: 'year', chargeDuration: 4 }, 'chargeDuration 4 is invalid for chargeUnit year'],
    [{ chargeMode: 'prepaid_by_duration', chargeDuration: 0 }, 'chargeDuration 0 is invalid for chargeUnit month'],
    [{ chargeMode: 'postpaid_by_usage' }, 'chargeMode postpaid_by_usage is not supported by redis'],
    // issue 16: prepaid without chargeDuration was given one month; JDCloud's docs make it required
    [{ chargeMode: 'prepaid_by_duration' }, 'chargeDuration is required when chargeMode is prepaid_by_duration'],
    [{ chargeMode: 'prepaid_by_duration', chargeUnit: 'year' }, 'chargeDuration is required when chargeMode is prepaid_by_duration'],
  ])('rejects charge %j (reference §3 ChargeSpec)', async (charge, message) => {
    const res = await jd(h, 'POST', `${BASE}/cacheInstance`, createBody({}, charge))
    expect(res.body).toEqual(errorBody(400, 'INVALID_ARGUMENT', message))
  })

  it('accepts the Python SDK body: path params and null optionals in the body, unknown keys ignored (reference §1)', async () => {
    const body = {
      regionId: 'cn-north-1',
      cacheInstance: { ...createBody().cacheInstance, password: null, cacheInstanceDescription: null, redisVersion: null, ipv6On: null, shardNumber: null, slaveAZs: null },
      charge: null,
    }
    const res = await jd(h, 'POST', `${BASE}/cacheInstance`, body)
    expect(res.status).toBe(200)
    expect((await describeOne(res.body.result.cacheInstanceId)).body.result.cacheInstance).toMatchObject({ auth: false, cacheInstanceDescription: '', redisVersion: '2.8', ipv6On: 0 })
  })

  it('enforces describeUserQuota: past the quota -> 429 QUOTA_EXCEEDED, and deleting frees a slot (seed 000)', async () => {
    h.emulator.delays.set({ 'jdcloud.instance.create': 0, 'jdcloud.instance.delete': 0 })
    const quota = () => jd(h, 'GET', `${BASE}/quota`, undefined, { account: SECOND_ACCOUNT })
    expect((await quota()).body).toEqual({ requestId: REQUEST_ID, result: { quota: { name: 'instance', max: 3, used: 0 } } })
    const ids = [] as string[]
    for (let i = 0; i < 3; i++) ids.push(await createInstance(h, {}, undefined, SECOND_ACCOUNT))
    expect((await quota()).body.result.quota).toEqual({ name: 'instance', max: 3, used: 3 })
    const over = await jd(h, 'POST', `${BASE}/cacheInstance`, createBody(), { account: SECOND_ACCOUNT })
    expect(over.status).toBe(429)
    expect(over.body).toEqual(errorBody(429, 'QUOTA_EXCEEDED', 'quota exceeded: instance quota 3 in region cn-north-1 is used up'))
    // the quota is per region: another region still has room
    const south = await jd(h, 'POST', '/v1/regions/cn-south-1/cacheInstance', createBody({ azId: { master: 'cn-south-1a', slave: 'cn-south-1b' } }), { account: SECOND_ACCOUNT })
    expect(south.status).toBe(200)
    expect((await jd(h, 'DELETE', `${BASE}/cacheInstance/${ids[0]}`, undefined, { account: SECOND_ACCOUNT })).status).toBe(200)
    expect((await quota()).body.result.quota.used).toBe(2)
    expect((await jd(h, 'POST', `${BASE}/cacheInstance`, createBody(), { account: SECOND_ACCOUNT })).status).toBe(200)
  })
})

describe('deleteCacheInstance (seed 000)', () => {
  it('running -> deleting -> gone after jdcloud.instance.delete, then 404', async () => {
    const id = await createInstance(h)
    h.clock.advance(1000)
    const res = await jd(h, 'DELETE', `${BASE}/cacheInstance/${id}`)
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ requestId: REQUEST_ID })
    expect(await status(id)).toBe('deleting')
    h.clock.advance(499)
    expect(await status(id)).toBe('deleting')
    h.clock.advance(1)
    const gone = await describeOne(id)
    expect(gone.status).toBe(404)
    expect(gone.body).toEqual(errorBody(404, 'NOT_FOUND', `cacheInstance ${id} not found`))
    expect((await jd(h, 'DELETE', `${BASE}/cacheInstance/${id}`)).status).toBe(404)
  })

  it('only running or error: creating and deleting are 400 FAILED_PRECONDITION', async () => {
    const id = await createInstance(h)
    const creating = await jd(h, 'DELETE', `${BASE}/cacheInstance/${id}`)
    expect(creating.status).toBe(400)
    expect(creating.body).toEqual(errorBody(400, 'FAILED_PRECONDITION', `cacheInstance ${id} in status creating cannot be deleted, only running or error`))
    h.clock.advance(1000)
    await jd(h, 'DELETE', `${BASE}/cacheInstance/${id}`).expect(200)
    const again = await jd(h, 'DELETE', `${BASE}/cacheInstance/${id}`)
    expect(again.body.error).toEqual({ code: 400, status: 'FAILED_PRECONDITION', message: `cacheInstance ${id} in status deleting cannot be deleted, only running or error` })
  })

  it('changing cannot be deleted', async () => {
    const id = await createInstance(h)
    h.clock.advance(1000)
    await action(id, 'modifyCacheInstanceClass', { cacheInstanceClass: 'redis.m.medium.basic' }).expect(200)
    expect((await jd(h, 'DELETE', `${BASE}/cacheInstance/${id}`)).body.error.status).toBe('FAILED_PRECONDITION')
  })

  it('an instance in error can be deleted', async () => {
    const id = await createInstance(h)
    // No API drives an instance into error; the store does, as the provider's back end would.
    await h.emulator.store.mutate<any>('jdcloud', (d) => {
      d.instances[id].instance.cacheInstanceStatus = 'error'
    })
    await jd(h, 'DELETE', `${BASE}/cacheInstance/${id}`).expect(200)
    expect(await status(id)).toBe('deleting')
  })

  it('prepaid (monthly package): not deletable before chargeExpiredTime, deletable after', async () => {
    const id = await createInstance(h, {}, { chargeMode: 'prepaid_by_duration', chargeUnit: 'month', chargeDuration: 1 })
    h.clock.advance(1000)
    const early = await jd(h, 'DELETE', `${BASE}/cacheInstance/${id}`)
    expect(early.status).toBe(400)
    expect(early.body).toEqual(errorBody(400, 'FAILED_PRECONDITION', `cacheInstance ${id} is prepaid and not expired, it cannot be deleted`))
    h.clock.set(Date.parse('2026-02-15T10:00:00Z'))
    await jd(h, 'DELETE', `${BASE}/cacheInstance/${id}`).expect(200)
    expect(await status(id)).toBe('deleting')
  })

  it('prepaid for the White List user: even an expired instance cannot be deleted', async () => {
    const id = await createInstance(h, {}, { chargeMode: 'prepaid_by_duration', chargeUnit: 'month', chargeDuration: 1 }, WHITE_LIST_ACCOUNT)
    h.clock.set(Date.parse('2026-03-01T00:00:00Z'))
    const res = await jd(h, 'DELETE', `${BASE}/cacheInstance/${id}`, undefined, { account: WHITE_LIST_ACCOUNT })
    expect(res.body).toEqual(errorBody(400, 'FAILED_PRECONDITION', `cacheInstance ${id} is prepaid and the account is on the white list, it cannot be deleted`))
    // a pay-by-configuration instance of the same user is deletable
    const postpaid = await createInstance(h, {}, undefined, WHITE_LIST_ACCOUNT)
    h.clock.advance(1000)
    await jd(h, 'DELETE', `${BASE}/cacheInstance/${postpaid}`, undefined, { account: WHITE_LIST_ACCOUNT }).expect(200)
  })
})

describe('modifyCacheInstanceClass (seed 000)', () => {
  async function running(overrides: Record<string, unknown> = {}, charge?: Record<string, unknown>) {
    const id = await createInstance(h, overrides, charge)
    h.clock.advance(1000)
    return id
  }

  it('running -> changing -> running with the new class, memory and type after jdcloud.instance.modifyClass', async () => {
    const id = await running()
    const res = await action(id, 'modifyCacheInstanceClass', { cacheInstanceClass: 'redis.c.micro.basic' })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ requestId: REQUEST_ID, result: { orderNum: expect.stringMatching(/^\d{16}$/) } })
    expect((await describeOne(id)).body.result.cacheInstance).toMatchObject({
      cacheInstanceStatus: 'changing',
      cacheInstanceClass: 'redis.m.small.basic',
      cacheInstanceMemoryMB: 2048,
    })
    h.clock.advance(999)
    expect(await status(id)).toBe('changing')
    h.clock.advance(1)
    expect((await describeOne(id)).body.result.cacheInstance).toMatchObject({
      cacheInstanceStatus: 'running',
      cacheInstanceClass: 'redis.c.micro.basic',
      cacheInstanceMemoryMB: 4096,
      cacheInstanceType: 'cluster',
    })
  })

  it('matches the action whether the colon arrives raw or as %3A (reference §1)', async () => {
    const id = await running()
    await jd(h, 'POST', `${BASE}/cacheInstance/${id}:modifyCacheInstanceClass`, { cacheInstanceClass: 'redis.m.medium.basic' }).expect(200)
    h.clock.advance(1000)
    await jd(h, 'POST', `${BASE}/cacheInstance/${id}%3amodifyCacheInstanceClass`, { cacheInstanceClass: 'redis.m.large.basic' }).expect(200)
    h.clock.advance(1000)
    expect((await describeOne(id)).body.result.cacheInstance.cacheInstanceClass).toBe('redis.m.large.basic')
  })

  it('only a running instance: creating and changing are 400 FAILED_PRECONDITION', async () => {
    const id = await createInstance(h)
    const creating = await action(id, 'modifyCacheInstanceClass', { cacheInstanceClass: 'redis.m.medium.basic' })
    expect(creating.body).toEqual(errorBody(400, 'FAILED_PRECONDITION', `cacheInstance ${id} in status creating cannot change class, only running`))
    h.clock.advance(1000)
    await action(id, 'modifyCacheInstanceClass', { cacheInstanceClass: 'redis.m.medium.basic' }).expect(200)
    const changing = await action(id, 'modifyCacheInstanceClass', { cacheInstanceClass: 'redis.m.large.basic' })
    expect(changing.body.error.message).toBe(`cacheInstance ${id} in status changing cannot change class, only running`)
  })

  it('the new class must differ from the current one', async () => {
    const id = await running()
    const res = await action(id, 'modifyCacheInstanceClass', { cacheInstanceClass: 'redis.m.small.basic' })
    expect(res.body).toEqual(errorBody(400, 'FAILED_PRECONDITION', `cacheInstanceClass redis.m.small.basic is the current class of ${id}`))
  })

  it('an unknown class, or one of the other Redis version, is 400 INVALID_ARGUMENT; a missing class too', async () => {
    const id = await running()
    expect((await action(id, 'modifyCacheInstanceClass', { cacheInstanceClass: 'redis.s.small.basic' })).body).toEqual(
      errorBody(400, 'INVALID_ARGUMENT', 'cacheInstanceClass redis.s.small.basic is invalid for redisVersion 2.8 in region cn-north-1'),
    )
    const missing = await action(id, 'modifyCacheInstanceClass', {})
    expect(missing.status).toBe(400)
    expect(missing.body.error.message).toContain('cacheInstanceClass')
  })

  it('prepaid cluster -> master-slave needs a larger memory', async () => {
    const id = await running({ cacheInstanceClass: 'redis.c.small.basic' }, { chargeMode: 'prepaid_by_duration', chargeDuration: 1 })
    const same = await action(id, 'modifyCacheInstanceClass', { cacheInstanceClass: 'redis.m.large.basic' })
    expect(same.body).toEqual(errorBody(400, 'FAILED_PRECONDITION', 'prepaid cluster to master-slave needs more than 8192 MB, redis.m.large.basic has 8192 MB'))
    await action(id, 'modifyCacheInstanceClass', { cacheInstanceClass: 'redis.m.xlarge.basic' }).expect(200)
  })

  it('prepaid master-slave -> cluster needs a memory no smaller than the current one', async () => {
    const id = await running({ cacheInstanceClass: 'redis.m.large.basic' }, { chargeMode: 'prepaid_by_duration', chargeDuration: 1 })
    const smaller = await action(id, 'modifyCacheInstanceClass', { cacheInstanceClass: 'redis.c.micro.basic' })
    expect(smaller.body).toEqual(errorBody(400, 'FAILED_PRECONDITION', 'prepaid master-slave to cluster needs at least 8192 MB, redis.c.micro.basic has 4096 MB'))
    await action(id, 'modifyCacheInstanceClass', { cacheInstanceClass: 'redis.c.small.basic' }).expect(200)
  })

  it('pay-by-configuration instances may go to a smaller class of the other type', async () => {
    const id = await running({ cacheInstanceClass: 'redis.c.small.basic' })
    await action(id, 'modifyCacheInstanceClass', { cacheInstanceClass: 'redis.m.micro.basic' }).expect(200)
  })
})

describe('modifyCacheInstanceAttribute, resetCacheInstancePassword, describeClusterInfo', () => {
  it('renames and re-describes; at least one field is required (reference §2)', async () => {
    const id = await createInstance(h)
    const res = await jd(h, 'PATCH', `${BASE}/cacheInstance/${id}`, { cacheInstanceName: 'renamed', cacheInstanceDescription: 'new text' })
    expect(res.body).toEqual({ requestId: REQUEST_ID })
    expect((await describeOne(id)).body.result.cacheInstance).toMatchObject({ cacheInstanceName: 'renamed', cacheInstanceDescription: 'new text' })
    await jd(h, 'PATCH', `${BASE}/cacheInstance/${id}`, { cacheInstanceDescription: '' }).expect(200)
    expect((await describeOne(id)).body.result.cacheInstance).toMatchObject({ cacheInstanceName: 'renamed', cacheInstanceDescription: '' })
    const empty = await jd(h, 'PATCH', `${BASE}/cacheInstance/${id}`, { cacheInstanceName: null })
    expect(empty.body).toEqual(errorBody(400, 'INVALID_ARGUMENT', 'one of cacheInstanceName and cacheInstanceDescription is required'))
    const bad = await jd(h, 'PATCH', `${BASE}/cacheInstance/${id}`, { cacheInstanceName: 'x' })
    expect(bad.body.error.status).toBe('INVALID_ARGUMENT')
  })

  it('a deleting instance takes no attribute change (docs silent: most likely)', async () => {
    const id = await createInstance(h)
    h.clock.advance(1000)
    await jd(h, 'DELETE', `${BASE}/cacheInstance/${id}`).expect(200)
    expect((await jd(h, 'PATCH', `${BASE}/cacheInstance/${id}`, { cacheInstanceName: 'late' })).body).toEqual(
      errorBody(400, 'FAILED_PRECONDITION', `cacheInstance ${id} is deleting`),
    )
  })

  it('resets the password; empty, null or absent means password-free (seed 000: may be null)', async () => {
    const id = await createInstance(h)
    h.clock.advance(1000)
    const auth = async () => (await describeOne(id)).body.result.cacheInstance.auth
    expect(await auth()).toBe(false)
    expect((await action(id, 'resetCacheInstancePassword', { password: 'NewPassw0rd' })).body).toEqual({ requestId: REQUEST_ID })
    expect(await auth()).toBe(true)
    await action(id, 'resetCacheInstancePassword', { password: null }).expect(200)
    expect(await auth()).toBe(false)
    await action(id, 'resetCacheInstancePassword', { password: 'NewPassw0rd' }).expect(200)
    await action(id, 'resetCacheInstancePassword', { password: '' }).expect(200)
    expect(await auth()).toBe(false)
    await action(id, 'resetCacheInstancePassword', { password: 'NewPassw0rd' }).expect(200)
    await action(id, 'resetCacheInstancePassword', undefined).expect(200)
    expect(await auth()).toBe(false)
    const bad = await action(id, 'resetCacheInstancePassword', { password: 'short' })
    expect(bad.status).toBe(400)
    expect(bad.body.error.status).toBe('INVALID_ARGUMENT')
  })

  it('resetting the password of an instance that is not running is 400 FAILED_PRECONDITION (docs silent)', async () => {
    const id = await createInstance(h)
    expect((await action(id, 'resetCacheInstancePassword', { password: 'NewPassw0rd' })).body).toEqual(
      errorBody(400, 'FAILED_PRECONDITION', `cacheInstance ${id} in status creating cannot reset its password, only running`),
    )
  })

  it('describeClusterInfo: shards and proxies of a cluster, one shard of a master-slave instance', async () => {
    const cluster = await createInstance(h, { cacheInstanceClass: 'redis.c.micro.basic' })
    expect((await jd(h, 'GET', `${BASE}/cacheInstance/${cluster}/clusterInfo`)).body).toEqual({
      requestId: REQUEST_ID,
      result: {
        info: {
          proxies: [{ id: `${cluster}-proxy-1` }, { id: `${cluster}-proxy-2` }],
          shards: [{ id: `${cluster}-shard-1` }, { id: `${cluster}-shard-2` }],
        },
      },
    })
    const ms = await createInstance(h)
    expect((await jd(h, 'GET', `${BASE}/cacheInstance/${ms}/clusterInfo`)).body.result).toEqual({ info: { proxies: [], shards: [{ id: `${ms}-shard-1` }] } })
    expect((await jd(h, 'GET', `${BASE}/cacheInstance/redis-unknown000/clusterInfo`)).body).toEqual(errorBody(404, 'NOT_FOUND', 'cacheInstance redis-unknown000 not found'))
  })

  it('unknown ids are 404 NOT_FOUND on every instance interface', async () => {
    const id = 'redis-0000000000'
    const expected = errorBody(404, 'NOT_FOUND', `cacheInstance ${id} not found`)
    expect((await describeOne(id)).body).toEqual(expected)
    expect((await jd(h, 'PATCH', `${BASE}/cacheInstance/${id}`, { cacheInstanceName: 'abc' })).body).toEqual(expected)
    expect((await jd(h, 'DELETE', `${BASE}/cacheInstance/${id}`)).body).toEqual(expected)
    expect((await action(id, 'modifyCacheInstanceClass', { cacheInstanceClass: 'redis.m.medium.basic' })).body).toEqual(expected)
    expect((await action(id, 'resetCacheInstancePassword', {})).body).toEqual(expected)
  })
})

describe('describeInstanceClass and describeUserQuota', () => {
  it('lists the region catalogue for 2.8 by default and for 4.0', async () => {
    const res = await jd(h, 'GET', `${BASE}/instanceClass`)
    expect(res.status).toBe(200)
    expect(res.body.result.totalCount).toBe(10)
    expect(res.body.result.instanceClasses.map((c: { instanceClass: string }) => c.instanceClass)).toEqual([
      'redis.m.micro.basic',
      'redis.m.small.basic',
      'redis.m.medium.basic',
      'redis.m.large.basic',
      'redis.m.xlarge.basic',
      'redis.m.2xlarge.basic',
      'redis.c.micro.basic',
      'redis.c.small.basic',
      'redis.c.medium.basic',
      'redis.c.large.basic',
    ])
    const v4 = await jd(h, 'GET', '/v1/regions/cn-east-2/instanceClass?redisVersion=4.0')
    expect(v4.body).toEqual({
      requestId: REQUEST_ID,
      result: {
        instanceClasses: [
          { instanceClass: 'redis.s.micro.basic', instanceType: 'master-slave', cpu: 1, memoryMB: 1024, diskGB: 20, maxConnection: 10000, bandwidthMbps: 48 },
          { instanceClass: 'redis.s.small.basic', instanceType: 'master-slave', cpu: 1, memoryMB: 2048, diskGB: 20, maxConnection: 10000, bandwidthMbps: 48 },
        ],
        totalCount: 2,
      },
    })
  })

  it('rejects an unknown redisVersion and an unknown region', async () => {
    expect((await jd(h, 'GET', `${BASE}/instanceClass?redisVersion=3.2`)).body).toEqual(errorBody(400, 'INVALID_ARGUMENT', 'redisVersion 3.2 is invalid, must be 2.8 or 4.0'))
    expect((await jd(h, 'GET', '/v1/regions/cn-nowhere/instanceClass')).body).toEqual(errorBody(400, 'INVALID_ARGUMENT', 'regionId cn-nowhere is invalid'))
    expect((await jd(h, 'GET', '/v1/regions/cn-nowhere/quota')).status).toBe(400)
  })

  it('counts the account\'s instances in the region, deleting ones included until gone', async () => {
    const id = await createInstance(h)
    expect((await jd(h, 'GET', `${BASE}/quota`)).body.result.quota).toEqual({ name: 'instance', max: 10, used: 1 })
    h.clock.advance(1000)
    await jd(h, 'DELETE', `${BASE}/cacheInstance/${id}`).expect(200)
    expect((await jd(h, 'GET', `${BASE}/quota`)).body.result.quota.used).toBe(1)
    h.clock.advance(500)
    expect((await jd(h, 'GET', `${BASE}/quota`)).body.result.quota.used).toBe(0)
  })
})

describe('account and region isolation', () => {
  it('another access key sees 404 and an empty list; the owner in another region too', async () => {
    const id = await createInstance(h)
    h.clock.advance(1000)
    const other = { account: SECOND_ACCOUNT }
    expect((await describeOne(id, SECOND_ACCOUNT)).status).toBe(404)
    expect((await jd(h, 'DELETE', `${BASE}/cacheInstance/${id}`, undefined, other)).status).toBe(404)
    expect((await jd(h, 'PATCH', `${BASE}/cacheInstance/${id}`, { cacheInstanceName: 'stolen' }, other)).status).toBe(404)
    expect((await jd(h, 'GET', `${BASE}/cacheInstance`, undefined, other)).body.result).toEqual({ cacheInstances: [], totalCount: 0 })
    expect((await jd(h, 'GET', `${BASE}/quota`, undefined, other)).body.result.quota.used).toBe(0)
    expect((await jd(h, 'GET', `/v1/regions/cn-south-1/cacheInstance/${id}`)).status).toBe(404)
    expect((await describeOne(id)).body.result.cacheInstance.cacheInstanceName).toBe('demo_cache')
  })
})
