// Real-Redis mode, JDCloud issue 16 part B: the slow log and client list come from SLOWLOG GET and CLIENT LIST, clear
// data empties the live server, big-key / cache analysis scan its real keys, hot keys come from LFU counters.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { BASE, createInstance, jd } from '../helpers/jdcloud.js'
import { closeChecked, connect, createRealHarness, type RealHarness } from '../helpers/real-redis.js'

let h: RealHarness

beforeEach(async () => void (h = await createRealHarness()))
afterEach(() => closeChecked(h))

const sub = (id: string, path: string) => `${BASE}/cacheInstance/${id}/${path}`

async function runningInstance(overrides: Record<string, unknown> = {}) {
  const id = await createInstance(h, overrides)
  h.clock.advance(h.emulator.delays.get('jdcloud.instance.create'))
  const instance = (await jd(h, 'GET', `${BASE}/cacheInstance/${id}`)).body.result.cacheInstance
  expect(instance.cacheInstanceStatus).toBe('running')
  return { id, port: instance.port as number }
}

describe('diagnostics from the live server', () => {
  it('describeSlowLog: the commands SLOWLOG GET recorded, newest first, with shardId and a duration in ms', async () => {
    const { id, port } = await runningInstance()
    const client = await connect(port)
    await client.configSet('slowlog-log-slower-than', '0')
    await client.set('slow:key', 'value')
    await client.get('slow:key')
    client.destroy()
    const { result } = (await jd(h, 'GET', `${sub(id, 'slowLog')}?pageSize=100`)).body
    const commands = result.slowLogs.map((l: { command: string }) => l.command)
    expect(commands).toContain('SET slow:key value')
    expect(commands.indexOf('GET slow:key')).toBeLessThan(commands.indexOf('SET slow:key value'))
    expect(result.slowLogs[commands.indexOf('SET slow:key value')]).toEqual({
      command: 'SET slow:key value',
      startTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      executionTime: expect.stringMatching(/^\d+\.\d\dms$/),
      shardId: `${id}-shard-1`,
    })
    expect(result.totalCount).toBe(result.slowLogs.length)
    // the time filter works on the log's own (wall-clock) times
    const future = new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z')
    expect((await jd(h, 'GET', `${sub(id, 'slowLog')}?startTime=${future}`)).body.result).toEqual({ slowLogs: [], totalCount: 0 })
    expect((await jd(h, 'GET', `${sub(id, 'slowLog')}?shardId=other`)).body.result.totalCount).toBe(0)
  })

  it('describeClientList and describeClientIpDetail: the connected clients of CLIENT LIST, without the emulator\'s own', async () => {
    const { id, port } = await runningInstance()
    expect((await jd(h, 'GET', sub(id, 'clientList'))).body.result).toEqual({ ips: [] })
    const first = await connect(port)
    const second = await connect(port)
    await first.clientSetName('worker_1')
    await second.select(3)
    expect((await jd(h, 'GET', sub(id, 'clientList'))).body.result).toEqual({ ips: [{ ip: '127.0.0.1', clientCount: 2 }] })
    const { details } = (await jd(h, 'POST', sub(id, 'clientIpDetail'), { ip: '127.0.0.1' })).body.result
    expect(details).toHaveLength(2)
    const named = details.find((d: { name: string }) => d.name === 'worker_1')
    expect(named).toEqual({ name: 'worker_1', port: expect.stringMatching(/^\d+$/), age: expect.stringMatching(/^\d+$/), idle: expect.stringMatching(/^\d+$/), db: '0', lastCmd: 'client|setname' })
    expect(details.find((d: { name: string }) => d.name === '')).toMatchObject({ db: '3', lastCmd: 'select' })
    expect((await jd(h, 'POST', sub(id, 'clientIpDetail'), { ip: '10.1.2.3' })).body.result).toEqual({ details: [] })
    first.destroy()
    second.destroy()
  })
})

describe('clear data on the live server', () => {
  it('AllData empties every database (FLUSHALL) before the 2xx; effectKeys counts what went', async () => {
    const { id, port } = await runningInstance()
    const client = await connect(port)
    await client.mSet({ a: '1', b: '2', c: '3' })
    await client.select(5)
    await client.set('d', '4')
    await jd(h, 'POST', sub(id, 'startClearData'), { clearType: 'AllData' }).expect(200)
    expect(await client.dbSize()).toBe(0)
    await client.select(0)
    expect(await client.dbSize()).toBe(0)
    client.destroy()
    h.clock.advance(h.emulator.delays.get('jdcloud.cleardata'))
    expect((await jd(h, 'GET', sub(id, 'describeClearData'))).body.result).toMatchObject({ clearType: 'AllData', status: 'success', progress: 100, effectKeys: 4 })
  })

  it('SpecifiedData removes only the keys matching keyPattern and the ttl filter', async () => {
    const { id, port } = await runningInstance()
    const client = await connect(port)
    await client.set('tmp:short', '1', { EX: 30 })
    await client.set('tmp:long', '1', { EX: 3600 })
    await client.set('tmp:forever', '1')
    await client.set('keep:short', '1', { EX: 30 })
    await jd(h, 'POST', sub(id, 'startClearData'), { clearType: 'SpecifiedData', keyPattern: 'tmp:*', keyFilter: [{ filterType: 'ttl', operator: 'lt', value: 60 }] }).expect(200)
    expect((await client.keys('*')).sort()).toEqual(['keep:short', 'tmp:forever', 'tmp:long'])
    client.destroy()
    expect((await jd(h, 'GET', sub(id, 'describeClearData'))).body.result).toMatchObject({ status: 'running', effectKeys: 1, keyPattern: 'tmp:*' })
  })
})

describe('key analysis of the real keys', () => {
  async function seedKeys(port: number) {
    const client = await connect(port)
    await client.set('big:str', 'x'.repeat(20_000))
    await client.set('small:str', 'x')
    await client.rPush('big:list', Array.from({ length: 1500 }, (_, i) => String(i)))
    await client.rPush('small:list', ['a', 'b'])
    await client.select(2)
    await client.hSet('big:hash', Object.fromEntries(Array.from({ length: 1200 }, (_, i) => [`f${i}`, 'v'])))
    return client
  }

  it('createBigKeyAnalysis: SCAN + type sizes over every database; describeBigKeyDetail lists the keys over the thresholds with MEMORY USAGE bytes', async () => {
    const { id, port } = await runningInstance()
    const client = await seedKeys(port)
    client.destroy()
    const created = await jd(h, 'POST', sub(id, 'bigKey'), { stringSize: 10240, listSize: 1000, hashSize: 1000 })
    h.clock.advance(h.emulator.delays.get('jdcloud.analysis.bigKey'))
    const detail = (await jd(h, 'GET', `${sub(id, 'bigKeyDetail')}?taskId=${created.body.requestId}`)).body.result
    expect(detail.stringBigKeys).toEqual([{ name: 'big:str', db: 0, size: expect.any(Number) }])
    expect(detail.stringBigKeys[0].size).toBeGreaterThan(20_000)
    expect(detail.listBigKeys).toEqual([{ name: 'big:list', db: 0, size: expect.any(Number) }])
    expect(detail.hashBigKeys).toEqual([{ name: 'big:hash', db: 2, size: expect.any(Number) }])
    expect([detail.setBigKeys, detail.zsetBigKeys]).toEqual([[], []])
    const v2 = (await jd(h, 'GET', `${sub(id, 'bigKeyAnalysisDetail')}?taskId=${created.body.requestId}`)).body.result
    expect(v2.bigKeyAnalysisNodesList).toEqual([{ nodeId: `${id}-shard-1`, nodeRole: 'master', stringTypeNum: '1', listTypeNum: '1', setTypeNum: 0, hashTypeNum: 1, zsetTypeNum: 0 }])
  })

  it('createCacheAnalysis: big keys by STRLEN / length, type and size distributions, command statistics', async () => {
    const { id, port } = await runningInstance()
    const client = await seedKeys(port)
    client.destroy()
    const created = await jd(h, 'POST', sub(id, 'cacheAnalysis'), {})
    h.clock.advance(h.emulator.delays.get('jdcloud.analysis.cache'))
    const result = (await jd(h, 'GET', sub(id, `cacheAnalysis/${created.body.requestId}`))).body.result
    expect(result.stringBigKeys).toEqual([{ name: 'big:str', db: 0, size: 20_000, keyType: 'string' }])
    expect(result.otherBigKeys).toEqual([
      { name: 'big:list', db: 0, size: 1500, keyType: 'list' },
      { name: 'big:hash', db: 2, size: 1200, keyType: 'hash' },
    ])
    expect(result.keyTypeDistribution).toEqual({ string: 2, list: 2, hash: 1 })
    expect(Object.values(result.keySizeDistribution as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(5)
    expect(result.cmdCallTimesTop.map((c: { name: string }) => c.name)).toEqual(expect.arrayContaining(['set', 'rpush', 'hset']))
    expect(result.cmdUseCpuTop[0]).toEqual({ name: expect.any(String), data: expect.any(Number) })
    expect(result.hotKeys).toEqual([])
  })

  it('hot keys: none under an LRU policy; under allkeys-lfu the key read 2000 times is hot (OBJECT FREQ), the one read twice is not', async () => {
    const { id, port } = await runningInstance()
    const client = await connect(port)
    await client.set('hot:key', 'v')
    await client.set('cold:key', 'v')
    const summary = async () => (await jd(h, 'GET', sub(id, 'hotKeyAnalysisSummary'))).body.result.hotKeyAnalysisNodesList
    await Promise.all(Array.from({ length: 50 }, () => client.get('hot:key')))
    expect(await summary()).toEqual([{ nodeId: `${id}-shard-1`, nodeRole: 'master', hotKeyNum: 0 }])
    await client.configSet('maxmemory-policy', 'allkeys-lfu')
    await Promise.all(Array.from({ length: 2000 }, () => client.get('hot:key')))
    await client.get('cold:key')
    await client.get('cold:key')
    client.destroy()
    expect(await summary()).toEqual([{ nodeId: `${id}-shard-1`, nodeRole: 'master', hotKeyNum: 1 }])
    const detail = (await jd(h, 'GET', `${sub(id, 'hotKeyAnalysisDetail')}?nodeId=${id}-shard-1`)).body.result
    expect(detail).toEqual({ hotHeys: [{ key: 'hot:key', accessTime: '2026-01-15T10:00:01Z', accessCount: expect.any(Number) }], totalCount: 1 })
    expect(detail.hotHeys[0].accessCount).toBeGreaterThanOrEqual(10)
    expect((await jd(h, 'GET', `${sub(id, 'hotKeyDetail')}?nodeId=${id}-shard-1`)).body.result.totalCount).toBe(1)
  })
})
