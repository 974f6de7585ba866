// Issue 16 part B through the official Node SDK (npm jdcloud-sdk-js, signatures verified): slow log, client list and IP
// detail, cache / big-key / hot-key analysis with thresholds and times (and the …2 variants), clear data, task
// progress, available region / resource and spec config. No --real-redis here: logs and analyses are empty.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type RunningEmulator } from '../../../src/emulator.js'
import { DEFAULT_ACCOUNT, SECOND_ACCOUNT } from '../../helpers/jdcloud.js'
import { rejection, sdkClient } from '../../helpers/jdcloud-sdk.js'


let emulator: RunningEmulator
let id: string

function client(account = DEFAULT_ACCOUNT, regionId = 'cn-north-1') {
  return sdkClient(emulator, account, regionId)
}


const REQUEST_ID = expect.stringMatching(/^[a-z0-9]{32}$/)
const TIME = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
const errorOf = (code: number, status: string, message: string) => ({ requestId: REQUEST_ID, error: { code, status, message } })
/** A result-less answer: the SDK resolves with the body plus its responseObj. */
const noResult = (answer: Record<string, unknown>) => Object.keys(answer).filter((k) => k !== 'responseObj').sort()
const today = () => new Date().toISOString().slice(0, 10)

beforeAll(async () => {
  // --fast: every named delay is 0, so each state machine has moved on by the next request
  emulator = await startEmulator({ inMemory: true, port: 0, fast: true })
  const created = await client().createCacheInstance({
    cacheInstance: {
      vpcId: 'vpc-sdk',
      subnetId: 'subnet-sdk',
      cacheInstanceName: 'sdk_ops',
      cacheInstanceClass: 'redis.sc.small.basic',
      redisVersion: '4.0',
      azId: { master: 'cn-north-1a', slave: 'cn-north-1b' },
    },
  })
  id = created.result.cacheInstanceId
  expect((await client().describeCacheInstance({ cacheInstanceId: id })).result.cacheInstance.cacheInstanceStatus).toBe('running')
})
afterAll(async () => {
  await emulator.close()
})

describe('slow log and client connections (reference more §8)', () => {
  it('describeSlowLog: an empty page without --real-redis; pageSize outside [10, 100] is 400', async () => {
    const redis = client()
    const page = await redis.describeSlowLog({ cacheInstanceId: id, pageNumber: 1, pageSize: 10, startTime: '2026-01-01T00:00:00Z', endTime: '2026-01-02T00:00:00Z', shardId: `${id}-shard-1` })
    expect(page).toEqual({ requestId: REQUEST_ID, result: { slowLogs: [], totalCount: 0 }, responseObj: expect.anything() })
    expect(await rejection(redis.describeSlowLog({ cacheInstanceId: id, pageSize: 5 }))).toEqual(
      errorOf(400, 'INVALID_ARGUMENT', 'pageSize must be an integer in [10, 100], got "5"'),
    )
    expect(await rejection(redis.describeSlowLog({ cacheInstanceId: id, startTime: 'yesterday' }))).toEqual(
      errorOf(400, 'INVALID_ARGUMENT', 'startTime must be an ISO 8601 / RFC 3339 time, got "yesterday"'),
    )
  })

  it('describeClientList and describeClientIpDetail (a read over POST): empty without --real-redis; a malformed IP is 400 (inferred)', async () => {
    const redis = client()
    expect((await redis.describeClientList({ cacheInstanceId: id })).result).toEqual({ ips: [] })
    expect((await redis.describeClientIpDetail({ cacheInstanceId: id, ip: '10.0.0.8' })).result).toEqual({ details: [] })
    expect(await rejection(redis.describeClientIpDetail({ cacheInstanceId: id, ip: '10.0.0' }))).toEqual(errorOf(400, 'INVALID_ARGUMENT', 'ip 10.0.0 is not a valid IP address'))
  })

  it('every instance operation answers 404 NOT_FOUND for another access key\'s instance (reference more §1.5)', async () => {
    const other = client(SECOND_ACCOUNT)
    const notFound = errorOf(404, 'NOT_FOUND', `cacheInstance ${id} not found`)
    const calls: [string, Record<string, unknown>][] = [
      ['describeSlowLog', {}],
      ['describeClientList', {}],
      ['describeClientIpDetail', { ip: '10.0.0.1' }],
      ['startClearData', { clearType: 'AllData' }],
      ['stopClearData', {}],
      ['describeClearData', {}],
      ['describeTaskProgressList', {}],
      ['createCacheAnalysis', {}],
      ['describeCacheAnalysisList', { date: today() }],
      ['describeCacheAnalysisResult', { taskId: 'x' }],
      ['describeAnalysisTime', {}],
      ['modifyAnalysisTime', { analysisTime: '-' }],
      ['describeAnalysisThreshold', {}],
      ['modifyAnalysisThreshold', { top: 10 }],
      ['stopCacheAnalysis', {}],
      ['createBigKeyAnalysis', {}],
      ['describeBigKeyList', { date: today() }],
      ['describeBigKeyDetail', { taskId: 'x' }],
      ['describeBigKeyAnalysisTime', {}],
      ['modifyBigKeyAnalysisTime', { analysisTime: '-' }],
      ['describeHotKeySummary', {}],
      ['describeHotKeyDetail', { nodeId: `${id}-shard-1` }],
      ['createBigKeyAnalysis2', {}],
      ['describeBigKeyList2', {}],
      ['describeBigKeyDetail2', { taskId: 'x' }],
      ['describeBigKeyAnalysisTime2', {}],
      ['modifyBigKeyAnalysisTime2', { analysisTime: '-' }],
      ['describeAnalysisThreshold2', {}],
      ['modifyAnalysisThreshold2', {}],
      ['describeHotKeyResult2', {}],
      ['describeHotKeyDetail2', { nodeId: `${id}-shard-1` }],
    ]
    for (const [method, opts] of calls) expect(await rejection(other[method]({ cacheInstanceId: id, ...opts })), method).toEqual(notFound)
  })
})

describe('clear data and task progress (reference more §10, §11)', () => {
  it('describeClearData before any task: empty strings and zeros (inferred)', async () => {
    const fresh = await client().createCacheInstance({
      cacheInstance: { vpcId: 'v', subnetId: 's', cacheInstanceName: 'no_task', cacheInstanceClass: 'redis.m.micro.basic', azId: { master: 'cn-north-1a', slave: 'cn-north-1a' } },
    })
    const result = (await client().describeClearData({ cacheInstanceId: fresh.result.cacheInstanceId })).result
    expect(result).toEqual({ clearType: '', keyPattern: '', keyFilter: [], qpsLimit: 0, progress: 0, effectKeys: 0, status: '', message: '', lastTransitionTime: '' })
  })

  it('startClearData -> success (delay 0), shown in describeClearData and describeTaskProgressList; stopClearData without a task is 400', async () => {
    const redis = client()
    const started = await redis.startClearData({ cacheInstanceId: id, clearType: 'SpecifiedData', keyPattern: 'cache:*', keyFilter: [{ filterType: 'idle', operator: 'gt', value: 86400 }], qpsLimit: 1000 })
    expect(noResult(started)).toEqual(['requestId'])
    expect((await redis.describeClearData({ cacheInstanceId: id })).result).toEqual({
      clearType: 'SpecifiedData',
      keyPattern: 'cache:*',
      keyFilter: [{ filterType: 'idle', operator: 'gt', value: 86400 }],
      qpsLimit: 1000,
      progress: 100,
      effectKeys: 0,
      status: 'success',
      message: '',
      lastTransitionTime: TIME,
    })
    const tasks = (await redis.describeTaskProgressList({ cacheInstanceId: id, taskType: 'clearData' })).result.taskProgresses
    expect(tasks).toEqual([{ taskType: 'clearData', taskId: started.requestId, taskStatus: 'success', progressPercent: 100, elapsedTimeSecond: 0, startTime: TIME }])
    expect(await rejection(redis.stopClearData({ cacheInstanceId: id }))).toEqual(errorOf(400, 'FAILED_PRECONDITION', `cacheInstance ${id} has no running clear data task`))
    expect(await rejection(redis.startClearData({ cacheInstanceId: id, clearType: 'SomeData' }))).toMatchObject({ error: { code: 400, status: 'INVALID_ARGUMENT' } })
    expect(await rejection(redis.startClearData({ cacheInstanceId: id, clearType: 'SpecifiedData' }))).toMatchObject({
      error: { code: 400, status: 'INVALID_ARGUMENT', message: expect.stringContaining('SpecifiedData needs keyPattern or keyFilter') },
    })
  })

  it('describeTaskProgressList shows the resize task of modifyCacheInstanceClass (reference more §11)', async () => {
    const redis = client()
    await redis.modifyCacheInstanceClass({ cacheInstanceId: id, cacheInstanceClass: 'redis.sc.medium.basic' })
    const { taskProgresses } = (await redis.describeTaskProgressList({ cacheInstanceId: id, taskType: 'resize' })).result
    expect(taskProgresses).toEqual([{ taskType: 'resize', taskId: expect.stringMatching(/^[a-z0-9]{32}$/), taskStatus: 'success', progressPercent: 100, elapsedTimeSecond: 0, startTime: TIME }])
    expect((await redis.describeTaskProgressList({ cacheInstanceId: id, taskType: 'upgrade' })).result).toEqual({ taskProgresses: [] })
  })
})

describe('key analysis (reference more §9, Appendix A)', () => {
  it('cache analysis: time, create (taskId = requestId), list by day, result; thresholds; stop without a running task is 400', async () => {
    const redis = client()
    expect((await redis.describeAnalysisTime({ cacheInstanceId: id })).result).toEqual({ time: '-' })
    expect(noResult(await redis.modifyAnalysisTime({ cacheInstanceId: id, analysisTime: '01:00-02:00 +0800' }))).toEqual(['requestId'])
    expect((await redis.describeAnalysisTime({ cacheInstanceId: id })).result).toEqual({ time: '01:00-02:00 +0800' })
    expect(await rejection(redis.modifyAnalysisTime({ cacheInstanceId: id, analysisTime: '1:00-2:00' }))).toMatchObject({ error: { code: 400, status: 'INVALID_ARGUMENT' } })

    expect((await redis.describeAnalysisThreshold({ cacheInstanceId: id })).result).toEqual({ stringSize: 10240, listSize: 1000, hashSize: 1000, setSize: 1000, zsetSize: 1000, topSize: 100 })
    await redis.modifyAnalysisThreshold({ cacheInstanceId: id, stringSize: 20480, top: 50 })
    expect((await redis.describeAnalysisThreshold({ cacheInstanceId: id })).result).toEqual({ stringSize: 20480, listSize: 1000, hashSize: 1000, setSize: 1000, zsetSize: 1000, topSize: 50 })
    expect(await rejection(redis.modifyAnalysisThreshold({ cacheInstanceId: id, top: 5 }))).toMatchObject({ error: { code: 400, status: 'INVALID_ARGUMENT' } })

    const created = await redis.createCacheAnalysis({ cacheInstanceId: id })
    expect(noResult(created)).toEqual(['requestId'])
    const taskId = created.requestId
    expect((await redis.describeCacheAnalysisList({ cacheInstanceId: id, date: today() })).result).toEqual({ analyses: [{ analysisTime: TIME, taskId, status: 'success' }] })
    expect((await redis.describeCacheAnalysisList({ cacheInstanceId: id, date: '2020-01-01' })).result).toEqual({ analyses: [] })
    expect((await redis.describeCacheAnalysisResult({ cacheInstanceId: id, taskId })).result).toEqual({
      startTime: TIME,
      finishTime: TIME,
      analysisType: 0,
      stringBigKeys: [],
      otherBigKeys: [],
      hotKeys: [],
      cmdCallTimesTop: [],
      cmdUseCpuTop: [],
      keyTypeDistribution: {},
      keySizeDistribution: {},
    })
    expect(await rejection(redis.describeCacheAnalysisResult({ cacheInstanceId: id, taskId: 'unknowntask' }))).toEqual(errorOf(404, 'NOT_FOUND', 'analysis task unknowntask not found'))
    expect(await rejection(redis.describeCacheAnalysisList({ cacheInstanceId: id, date: '2026/01/01' }))).toEqual(errorOf(400, 'INVALID_ARGUMENT', 'date must be yyyy-MM-dd, got "2026/01/01"'))
    expect(await rejection(redis.stopCacheAnalysis({ cacheInstanceId: id }))).toEqual(errorOf(400, 'FAILED_PRECONDITION', `cacheInstance ${id} has no running analysis`))
  })

  it('big keys v1: auto time, create with thresholds, list by day, detail by query taskId', async () => {
    const redis = client()
    expect((await redis.describeBigKeyAnalysisTime({ cacheInstanceId: id })).result).toEqual({ time: '-' })
    await redis.modifyBigKeyAnalysisTime({ cacheInstanceId: id, analysisTime: '03:00-04:00 +0000' })
    expect((await redis.describeBigKeyAnalysisTime({ cacheInstanceId: id })).result).toEqual({ time: '03:00-04:00 +0000' })
    const created = await redis.createBigKeyAnalysis({ cacheInstanceId: id, stringSize: 4096, top: 20 })
    expect(noResult(created)).toEqual(['requestId'])
    const taskId = created.requestId
    expect((await redis.describeBigKeyList({ cacheInstanceId: id, date: today() })).result).toEqual({ analyses: [{ analysisTime: TIME, taskId, status: 'success' }] })
    expect((await redis.describeBigKeyDetail({ cacheInstanceId: id, taskId })).result).toEqual({
      startTime: TIME,
      finishTime: TIME,
      analysisType: 1,
      stringBigKeys: [],
      hashBigKeys: [],
      listBigKeys: [],
      zsetBigKeys: [],
      setBigKeys: [],
    })
    expect(await rejection(redis.createBigKeyAnalysis({ cacheInstanceId: id, top: 1001 }))).toMatchObject({ error: { code: 400, status: 'INVALID_ARGUMENT' } })
  })

  it('the …2 variants: create, paged list, per-node detail, time and thresholds (minimums 10240 / 1000)', async () => {
    const redis = client()
    const created = await redis.createBigKeyAnalysis2({ cacheInstanceId: id, stringSize: 10240, listSize: 2000 })
    expect(noResult(created)).toEqual(['requestId'])
    const listed = (await redis.describeBigKeyList2({ cacheInstanceId: id, pageNumber: 1, pageSize: 10 })).result
    expect(listed.totalCount).toBe(2)
    expect(listed.cacheAnalysisList[0]).toEqual({ analysisTime: TIME, taskId: created.requestId, analysisDuration: '0s', downloadUrl: '', status: 'success' })
    const detail = (await redis.describeBigKeyDetail2({ cacheInstanceId: id, taskId: created.requestId })).result
    expect(detail).toEqual({
      taskId: created.requestId,
      stringSize: 10240,
      listSize: 2000,
      setSize: 1000,
      hashSize: 1000,
      zsetSize: 1000,
      status: 'success',
      analysisTime: TIME,
      analysisDuration: '0s',
      bigKeyAnalysisNodesList: [1, 2, 3, 4, 5, 6, 7, 8].map((n) => ({
        nodeId: `${id}-shard-${n}`,
        nodeRole: 'master',
        stringTypeNum: '0',
        listTypeNum: '0',
        setTypeNum: 0,
        hashTypeNum: 0,
        zsetTypeNum: 0,
      })),
    })
    expect((await redis.describeBigKeyAnalysisTime2({ cacheInstanceId: id })).result).toEqual({ time: '03:00-04:00 +0000' })
    await redis.modifyBigKeyAnalysisTime2({ cacheInstanceId: id, analysisTime: '-' })
    expect((await redis.describeBigKeyAnalysisTime({ cacheInstanceId: id })).result).toEqual({ time: '-' })
    await redis.modifyAnalysisThreshold2({ cacheInstanceId: id, hashSize: 5000 })
    expect((await redis.describeAnalysisThreshold2({ cacheInstanceId: id })).result).toEqual({ stringSize: 20480, listSize: 1000, hashSize: 5000, setSize: 1000, zsetSize: 1000 })
    expect(await rejection(redis.modifyAnalysisThreshold2({ cacheInstanceId: id, stringSize: 100 }))).toMatchObject({ error: { code: 400, status: 'INVALID_ARGUMENT' } })
    expect(await rejection(redis.describeBigKeyDetail2({ cacheInstanceId: id, taskId: 'nope' }))).toEqual(errorOf(404, 'NOT_FOUND', 'analysis task nope not found'))
  })

  it('hot keys: summary and detail per node (v1 and …2); the result key is `hotHeys` (sic)', async () => {
    const redis = client()
    const nodes = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => ({ nodeId: `${id}-shard-${n}`, nodeRole: 'master', hotKeyNum: 0 }))
    expect((await redis.describeHotKeySummary({ cacheInstanceId: id })).result).toEqual({ hotKeyAnalysisNodesList: nodes })
    expect((await redis.describeHotKeyResult2({ cacheInstanceId: id })).result).toEqual({ hotKeyAnalysisNodesList: nodes })
    expect((await redis.describeHotKeyDetail({ cacheInstanceId: id, nodeId: `${id}-shard-1`, pageNumber: 1, pageSize: 10 })).result).toEqual({ hotHeys: [], totalCount: 0 })
    expect((await redis.describeHotKeyDetail2({ cacheInstanceId: id, nodeId: `${id}-shard-2` })).result).toEqual({ hotHeys: [], totalCount: 0 })
    expect(await rejection(redis.describeHotKeyDetail2({ cacheInstanceId: id, nodeId: 'node-x' }))).toEqual(errorOf(404, 'NOT_FOUND', `node node-x of cacheInstance ${id} not found`))
    const now = Date.now()
    const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
    expect(await rejection(redis.describeHotKeySummary({ cacheInstanceId: id, startTime: iso(now - 8 * 86_400_000), endTime: iso(now) }))).toEqual(
      errorOf(400, 'INVALID_ARGUMENT', 'the time range must not exceed 7 days'),
    )
  })
})

describe('available region and resources, spec config (reference more §12, §13)', () => {
  it('describeAvailableRegion: every configured region with its zones and the caller\'s quota', async () => {
    const { availableRegions } = (await client().describeAvailableRegion({})).result
    expect(availableRegions.map((r: { regionId: string }) => r.regionId)).toEqual(['cn-north-1', 'cn-south-1', 'cn-east-2'])
    expect(availableRegions[0]).toEqual({
      regionId: 'cn-north-1',
      regionName: '华北-北京',
      soldOut: false,
      quota: { max: 10, used: 2 },
      availableZones: [
        { azId: 'cn-north-1a', azName: '可用区A', soldOut: false },
        { azId: 'cn-north-1b', azName: '可用区B', soldOut: false },
        { azId: 'cn-north-1c', azName: '可用区C', soldOut: false },
      ],
    })
  })

  it('describeAvailableResource and describeAvailableResource2: architectures, engine versions, memory specs and flavors from the class catalogue', async () => {
    const first = (await client().describeAvailableResource({}, 'cn-east-2')).result
    const second = (await client().describeAvailableResource2({}, 'cn-east-2')).result
    expect(second).toEqual(first)
    expect(first.availableResources.map((r: { architectureType: string }) => r.architectureType)).toEqual(['master-slave', 'cluster'])
    const masterSlave = first.availableResources[0]
    expect(Object.keys(masterSlave).sort()).toEqual(
      ['architectureName', 'architectureType', 'availableEngineVersions', 'minAzLimitForCluster', 'recommended', 'soldOut', 'supportSmartProxy', 'supportedAzSpecifyType', 'supportedExposeType', 'supportedMaxReplicas', 'supportedMinReplicas'].sort(),
    )
    expect(masterSlave.availableEngineVersions.map((v: { version: string }) => v.version)).toEqual(['2.8', '4.0'])
    const arch = masterSlave.availableEngineVersions[0].availableCPUArchs[0]
    expect(arch).toMatchObject({ cpuArchInfo: { cpuType: 'intel', cpuName: 'Intel' }, soldOut: false, shardNumberMin: 1, shardNumberMax: 1, maxMemoryMB: 4096 })
    expect(arch.availableMemorySpecs[0]).toEqual({
      memoryGB: 1,
      soldOut: false,
      availableZones: [
        { azId: 'cn-east-2a', azName: '可用区A', soldOut: false },
        { azId: 'cn-east-2b', azName: '可用区B', soldOut: false },
      ],
      availableFlavors: [{ shardNumber: 1, ipNumber: 2, recommended: false, instanceClasses: ['redis.m.micro.basic'], detail: { cpu: 1, diskGB: 4, maxConnection: 10000, bandwidthMbps: 48 } }],
    })
  })

  it('describeSpecConfig: instanceSpec per version and type; 4.0 cluster specs carry `shard`, shardSpec maps their shard class', async () => {
    const { result } = await client().describeSpecConfig({})
    expect(result.instanceSpec.region).toBe('cn-north-1')
    expect(result.instanceSpec.instanceVersions.map((v: { redisVersion: string }) => v.redisVersion)).toEqual(['2.8', '4.0'])
    const v4cluster = result.instanceSpec.instanceVersions[1].instanceTypes.find((t: { instanceType: string }) => t.instanceType === 'cluster')
    expect(v4cluster.specs[0]).toEqual({
      memoryGB: 8,
      instanceClass: 'redis.sc.small.basic',
      cpu: 4,
      diskGB: 80,
      maxConnection: 40000,
      bandwidthMbps: 192,
      ipNumber: 8,
      azs: ['cn-north-1a', 'cn-north-1b', 'cn-north-1c'],
      shard: { defaultShardNumber: 4, defaultShardClass: 'redis.s.small.basic', shardNumberList: [4], ipNumberList: [8] },
    })
    const v28 = result.instanceSpec.instanceVersions[0].instanceTypes[0].specs[0]
    expect(v28).not.toHaveProperty('shard')
    expect(result.shardSpec['redis.s.small.basic']).toEqual({ shardClass: 'redis.s.small.basic', cpu: 1, memoryGB: 2, diskGB: 20, maxConnection: 10000, bandwidthMbps: 48, shardNumberList: [4, 8] })
    expect(await rejection(client().describeSpecConfig({}, 'cn-west-9'))).toEqual(errorOf(400, 'INVALID_ARGUMENT', 'regionId cn-west-9 is invalid'))
  })
})
