// JDCloud IP whitelist, configuration parameters and disabled commands (reference-more §5, §6, §7): defaults, full
// replacement, validation, the configuring machine on the frozen clock, preconditions and per-access-key isolation.
import { beforeEach, describe, expect, it } from 'vitest'
import { createHarness, type Harness } from '../../helpers/harness.js'
import { BASE, createInstance, jd, SECOND_ACCOUNT } from '../../helpers/jdcloud.js'

let h: Harness
let id: string
const REQUEST_ID = expect.stringMatching(/^[a-z0-9]{32}$/)
const error = (code: number, status: string, message: string) => ({ requestId: REQUEST_ID, error: { code, status, message } })
const path = (sub: string, instance = id) => `${BASE}/cacheInstance/${instance}${sub}`
const status = async () => (await jd(h, 'GET', path('')).expect(200)).body.result.cacheInstance.cacheInstanceStatus
const result = async (sub: string) => (await jd(h, 'GET', path(sub)).expect(200)).body.result

async function runningInstance(overrides: Record<string, unknown> = {}) {
  const made = await createInstance(h, overrides)
  h.clock.advance(h.emulator.delays.get('jdcloud.instance.create'))
  return made
}

beforeEach(async () => {
  h = await createHarness()
  id = await runningInstance()
})

describe('IP whitelist (reference-more §5)', () => {
  it('a new instance allows any address; modify replaces the whole list, duplicates kept once', async () => {
    expect((await jd(h, 'GET', path('/ipWhiteList'))).body).toEqual({ requestId: REQUEST_ID, result: { ipWhiteList: ['0.0.0.0/0'] } })
    const res = await jd(h, 'PATCH', path('/ipWhiteList'), { ipWhiteList: ['10.0.0.0/16', '192.168.1.20/32', '10.0.0.0/16'] })
    expect(res.body).toEqual({ requestId: REQUEST_ID })
    expect(await result('/ipWhiteList')).toEqual({ ipWhiteList: ['10.0.0.0/16', '192.168.1.20/32'] })
    await jd(h, 'PATCH', path('/ipWhiteList'), { ipWhiteList: ['172.16.0.0/12'] }).expect(200)
    expect(await result('/ipWhiteList')).toEqual({ ipWhiteList: ['172.16.0.0/12'] })
  })

  it.each([
    ['no list (JS marks it optional, GO/PY required: reference-more §1.4)', {}],
    ['an empty list', { ipWhiteList: [] }],
    ['a bare address', { ipWhiteList: ['10.0.0.1'] }],
    ['a prefix of 33', { ipWhiteList: ['10.0.0.0/33'] }],
    ['an octet of 256', { ipWhiteList: ['10.0.256.0/24'] }],
    ['an IPv6 block', { ipWhiteList: ['2001:db8::/32'] }],
    ['a string instead of a list', { ipWhiteList: '10.0.0.0/8' }],
  ])('%s -> 400 INVALID_ARGUMENT (inferred: reference-more §5)', async (_name, body) => {
    const res = await jd(h, 'PATCH', path('/ipWhiteList'), body)
    expect(res.status).toBe(400)
    expect(res.body.error.status).toBe('INVALID_ARGUMENT')
    expect(await result('/ipWhiteList')).toEqual({ ipWhiteList: ['0.0.0.0/0'] })
  })

  it('not running -> 400 FAILED_PRECONDITION (inferred)', async () => {
    const creating = await createInstance(h)
    expect((await jd(h, 'PATCH', path('/ipWhiteList', creating), { ipWhiteList: ['10.0.0.0/8'] })).body).toEqual(
      error(400, 'FAILED_PRECONDITION', `cacheInstance ${creating} in status creating cannot change its IP whitelist, only running`),
    )
  })
})

describe('instance configuration parameters (reference-more §6)', () => {
  it('2.8: the documented parameters with their defaults, ranges and the 4.0-only names as unSupportConfigs', async () => {
    const res = await jd(h, 'GET', path('/instanceConfig')).expect(200)
    expect(res.body.result.unSupportConfigs).toEqual(['list-max-ziplist-size', 'list-compress-depth', 'notify-keyspace-events'])
    expect(res.body.result.instanceConfig).toEqual([
      {
        configName: 'maxmemory-policy',
        configValue: 'volatile-lru',
        configDefaultValue: 'volatile-lru',
        configValueType: 'string',
        configValueOptional: ['volatile-lru', 'allkeys-lru', 'volatile-random', 'allkeys-random', 'volatile-ttl', 'noeviction'],
      },
      { configName: 'hash-max-ziplist-entries', configValue: '512', configDefaultValue: '512', configValueType: 'int', configValueMin: 0, configValueMax: 10000 },
      { configName: 'hash-max-ziplist-value', configValue: '64', configDefaultValue: '64', configValueType: 'int', configValueMin: 0, configValueMax: 10000 },
      { configName: 'list-max-ziplist-entries', configValue: '512', configDefaultValue: '512', configValueType: 'int', configValueMin: 0, configValueMax: 10000 },
      { configName: 'list-max-ziplist-value', configValue: '64', configDefaultValue: '64', configValueType: 'int', configValueMin: 0, configValueMax: 10000 },
      { configName: 'set-max-intset-entries', configValue: '512', configDefaultValue: '512', configValueType: 'int', configValueMin: 0, configValueMax: 10000 },
      { configName: 'zset-max-ziplist-entries', configValue: '128', configDefaultValue: '128', configValueType: 'int', configValueMin: 0, configValueMax: 10000 },
      { configName: 'zset-max-ziplist-value', configValue: '64', configDefaultValue: '64', configValueType: 'int', configValueMin: 0, configValueMax: 10000 },
      { configName: 'slowlog-log-slower-than', configValue: '10000', configDefaultValue: '10000', configValueType: 'int', configValueMin: 0, configValueMax: 10000 },
    ])
  })

  it('4.0: the LFU policies, list-max-ziplist-size, list-compress-depth and notify-keyspace-events', async () => {
    id = await runningInstance({ redisVersion: '4.0', cacheInstanceClass: 'redis.s.small.basic' })
    const { unSupportConfigs, instanceConfig } = await result('/instanceConfig')
    expect(unSupportConfigs).toEqual(['list-max-ziplist-entries', 'list-max-ziplist-value'])
    const names = instanceConfig.map((c: { configName: string }) => c.configName)
    expect(names).toEqual([
      'maxmemory-policy',
      'hash-max-ziplist-entries',
      'hash-max-ziplist-value',
      'list-max-ziplist-size',
      'list-compress-depth',
      'set-max-intset-entries',
      'zset-max-ziplist-entries',
      'zset-max-ziplist-value',
      'slowlog-log-slower-than',
      'notify-keyspace-events',
    ])
    expect(instanceConfig[0].configValueOptional).toEqual(['volatile-lru', 'allkeys-lru', 'volatile-lfu', 'allkeys-lfu', 'volatile-random', 'allkeys-random', 'volatile-ttl', 'noeviction'])
    expect(instanceConfig[3]).toEqual({ configName: 'list-max-ziplist-size', configValue: '-2', configDefaultValue: '-2', configValueType: 'int', configValueMin: -5, configValueMax: 10000 })
    expect(instanceConfig[9]).toMatchObject({ configName: 'notify-keyspace-events', configValue: '', configDefaultValue: '' })
  })

  it('modify: running -> configuring -> running after jdcloud.instance.configure; the values apply when it is running again', async () => {
    const res = await jd(h, 'POST', path('/instanceConfig'), {
      instanceConfig: [
        { configName: 'maxmemory-policy', configValue: 'allkeys-lru' },
        { configName: 'slowlog-log-slower-than', configValue: '5000' },
      ],
    })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ requestId: REQUEST_ID })
    expect(await status()).toBe('configuring')
    // a configuring instance takes no second change
    expect((await jd(h, 'POST', path('/instanceConfig'), { instanceConfig: [{ configName: 'hash-max-ziplist-value', configValue: '1' }] })).body).toEqual(
      error(400, 'FAILED_PRECONDITION', `cacheInstance ${id} in status configuring cannot change its parameters, only running`),
    )
    h.clock.advance(h.emulator.delays.get('jdcloud.instance.configure') - 1)
    expect(await status()).toBe('configuring')
    expect((await result('/instanceConfig')).instanceConfig[0].configValue).toBe('volatile-lru')
    h.clock.advance(1)
    expect(await status()).toBe('running')
    const items = (await result('/instanceConfig')).instanceConfig
    expect(items.find((c: { configName: string }) => c.configName === 'maxmemory-policy')).toMatchObject({ configValue: 'allkeys-lru', configDefaultValue: 'volatile-lru' })
    expect(items.find((c: { configName: string }) => c.configName === 'slowlog-log-slower-than').configValue).toBe('5000')
  })

  it.each([
    ['an unknown parameter', [{ configName: 'maxclients', configValue: '10' }], 'configName maxclients is not a modifiable parameter'],
    ['a 4.0-only parameter on 2.8', [{ configName: 'notify-keyspace-events', configValue: 'Ex' }], 'configName notify-keyspace-events is not supported by redisVersion 2.8'],
    ['an LFU policy on 2.8', [{ configName: 'maxmemory-policy', configValue: 'allkeys-lfu' }], 'configValue "allkeys-lfu" of maxmemory-policy must be one of volatile-lru, allkeys-lru, volatile-random, allkeys-random, volatile-ttl, noeviction'],
    ['a value above the range', [{ configName: 'hash-max-ziplist-entries', configValue: '10001' }], 'configValue "10001" of hash-max-ziplist-entries must be an integer in [0, 10000]'],
    ['a value that is not a number', [{ configName: 'hash-max-ziplist-entries', configValue: '5k' }], 'configValue "5k" of hash-max-ziplist-entries must be an integer in [0, 10000]'],
    ['one good and one bad item (nothing applies)', [{ configName: 'hash-max-ziplist-entries', configValue: '100' }, { configName: 'set-max-intset-entries', configValue: '-1' }], 'configValue "-1" of set-max-intset-entries must be an integer in [0, 10000]'],
    ['the same name twice', [{ configName: 'hash-max-ziplist-entries', configValue: '100' }, { configName: 'hash-max-ziplist-entries', configValue: '200' }], 'configName hash-max-ziplist-entries is listed more than once'],
  ])('%s -> 400 INVALID_ARGUMENT (inferred: reference-more §6)', async (_name, instanceConfig, message) => {
    const res = await jd(h, 'POST', path('/instanceConfig'), { instanceConfig })
    expect(res.body).toEqual(error(400, 'INVALID_ARGUMENT', message))
    expect(await status()).toBe('running')
    expect((await result('/instanceConfig')).instanceConfig[1].configValue).toBe('512')
  })

  it('a missing or empty list, or a number as configValue -> 400 INVALID_ARGUMENT', async () => {
    for (const body of [{}, { instanceConfig: [] }, { instanceConfig: [{ configName: 'hash-max-ziplist-entries', configValue: 100 }] }]) {
      const res = await jd(h, 'POST', path('/instanceConfig'), body)
      expect(res.status).toBe(400)
      expect(res.body.error.status).toBe('INVALID_ARGUMENT')
    }
  })

  it('4.0 notify-keyspace-events takes the documented letters only', async () => {
    id = await runningInstance({ redisVersion: '4.0', cacheInstanceClass: 'redis.s.small.basic' })
    expect((await jd(h, 'POST', path('/instanceConfig'), { instanceConfig: [{ configName: 'notify-keyspace-events', configValue: 'Kt' }] })).status).toBe(400)
    await jd(h, 'POST', path('/instanceConfig'), { instanceConfig: [{ configName: 'notify-keyspace-events', configValue: 'Ex' }] }).expect(200)
    h.clock.advance(h.emulator.delays.get('jdcloud.instance.configure'))
    expect((await result('/instanceConfig')).instanceConfig[9].configValue).toBe('Ex')
  })
})

describe('disabled commands (reference-more §7)', () => {
  it('none by default; isDisable true adds (stamped once, lower-cased), false removes', async () => {
    expect((await jd(h, 'GET', path('/disableCommands'))).body).toEqual({ requestId: REQUEST_ID, result: { disableCommandLists: [] } })
    const res = await jd(h, 'POST', path('/disableCommands'), { disableCommands: [{ commandName: 'FLUSHALL', isDisable: true }, { commandName: 'keys', isDisable: true }] })
    expect(res.body).toEqual({ requestId: REQUEST_ID })
    expect(await result('/disableCommands')).toEqual({
      disableCommandLists: [
        { commandName: 'flushall', disableTime: '2026-01-15T10:00:01Z' },
        { commandName: 'keys', disableTime: '2026-01-15T10:00:01Z' },
      ],
    })
    h.clock.advance(5000)
    await jd(h, 'POST', path('/disableCommands'), { disableCommands: [{ commandName: 'flushall', isDisable: true }, { commandName: 'keys', isDisable: false }, { commandName: 'eval', isDisable: false }] }).expect(200)
    expect(await result('/disableCommands')).toEqual({ disableCommandLists: [{ commandName: 'flushall', disableTime: '2026-01-15T10:00:01Z' }] })
  })

  it.each([
    ['no list (reference-more §1.4)', {}],
    ['an empty list', { disableCommands: [] }],
    ['an empty name', { disableCommands: [{ commandName: '', isDisable: true }] }],
    ['no isDisable', { disableCommands: [{ commandName: 'keys' }] }],
    ['a name with a space', { disableCommands: [{ commandName: 'flush all', isDisable: true }] }],
  ])('%s -> 400 INVALID_ARGUMENT (inferred: reference-more §7)', async (_name, body) => {
    const res = await jd(h, 'POST', path('/disableCommands'), body)
    expect(res.status).toBe(400)
    expect(res.body.error.status).toBe('INVALID_ARGUMENT')
  })

  it('not running -> 400 FAILED_PRECONDITION (inferred)', async () => {
    await jd(h, 'POST', path('/instanceConfig'), { instanceConfig: [{ configName: 'hash-max-ziplist-value', configValue: '32' }] }).expect(200)
    expect((await jd(h, 'POST', path('/disableCommands'), { disableCommands: [{ commandName: 'keys', isDisable: true }] })).body).toEqual(
      error(400, 'FAILED_PRECONDITION', `cacheInstance ${id} in status configuring cannot change its disabled commands, only running`),
    )
  })
})

describe('per-access-key isolation', () => {
  it("another account reaches none of this instance's whitelist, parameters or disabled commands", async () => {
    const other = { account: SECOND_ACCOUNT }
    const notFound = error(404, 'NOT_FOUND', `cacheInstance ${id} not found`)
    expect((await jd(h, 'GET', path('/ipWhiteList'), undefined, other)).body).toEqual(notFound)
    expect((await jd(h, 'PATCH', path('/ipWhiteList'), { ipWhiteList: ['10.0.0.0/8'] }, other)).body).toEqual(notFound)
    expect((await jd(h, 'GET', path('/instanceConfig'), undefined, other)).body).toEqual(notFound)
    expect((await jd(h, 'POST', path('/instanceConfig'), { instanceConfig: [{ configName: 'hash-max-ziplist-value', configValue: '32' }] }, other)).body).toEqual(notFound)
    expect((await jd(h, 'GET', path('/disableCommands'), undefined, other)).body).toEqual(notFound)
    expect((await jd(h, 'POST', path('/disableCommands'), { disableCommands: [{ commandName: 'keys', isDisable: true }] }, other)).body).toEqual(notFound)
    expect(await status()).toBe('running')
    expect(await result('/ipWhiteList')).toEqual({ ipWhiteList: ['0.0.0.0/0'] })
    expect(await result('/disableCommands')).toEqual({ disableCommandLists: [] })
  })
})
