// The official Node SDK (npm jdcloud-sdk-js) against a running emulator with signatures verified: all 10 interfaces.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type RunningEmulator } from '../../../src/emulator.js'
import { DEFAULT_ACCOUNT, SECOND_ACCOUNT } from '../../helpers/jdcloud.js'
import { rejection, sdkClient } from '../../helpers/jdcloud-sdk.js'

// The package is CommonJS without types; reference §6 gives the client configuration.

let emulator: RunningEmulator

function client(account = DEFAULT_ACCOUNT, regionId = 'cn-north-1') {
  return sdkClient(emulator, account, regionId)
}


beforeAll(async () => {
  emulator = await startEmulator({ inMemory: true, port: 0, fast: true })
})
afterAll(async () => {
  await emulator.close()
})

describe('jdcloud-sdk-js 1.2.202 against the emulator (signatures verified, reference §6)', () => {
  it('drives all 10 interfaces', async () => {
    const redis = client()

    const classes = await redis.describeInstanceClass({ redisVersion: '2.8' })
    expect(classes.result.totalCount).toBe(10)
    expect(classes.result.instanceClasses[0]).toEqual({
      instanceClass: 'redis.m.micro.basic',
      instanceType: 'master-slave',
      cpu: 1,
      memoryMB: 1024,
      diskGB: 4,
      maxConnection: 10000,
      bandwidthMbps: 48,
    })
    expect(classes.requestId).toMatch(/^[a-z0-9]{32}$/)

    const quota = await redis.describeUserQuota({})
    expect(quota.result).toEqual({ quota: { name: 'instance', max: 10, used: 0 } })

    const created = await redis.createCacheInstance({
      cacheInstance: {
        vpcId: 'vpc-sdk',
        subnetId: 'subnet-sdk',
        cacheInstanceName: 'sdk_cache',
        cacheInstanceClass: 'redis.c.small.basic',
        azId: { master: 'cn-north-1a', slave: 'cn-north-1b' },
        password: 'Passw0rd123',
        cacheInstanceDescription: 'made by the official SDK',
        userTags: [{ key: 'env', value: 'ci' }],
      },
      charge: { chargeMode: 'postpaid_by_duration' },
    })
    const id = created.result.cacheInstanceId as string
    expect(id).toMatch(/^redis-[a-z0-9]{10}$/)
    expect(created.result.orderNum).toMatch(/^\d{16}$/)

    // --fast: creating -> running on the next request
    const described = await redis.describeCacheInstance({ cacheInstanceId: id })
    expect(described.result.cacheInstance).toMatchObject({
      cacheInstanceId: id,
      cacheInstanceName: 'sdk_cache',
      cacheInstanceStatus: 'running',
      cacheInstanceType: 'cluster',
      cacheInstanceMemoryMB: 8192,
      auth: true,
      tags: [{ key: 'env', value: 'ci' }],
    })

    // The SDK's numbered query form: filters, tagFilters, sorts, paging
    const listed = await redis.describeCacheInstances({
      pageNumber: 1,
      pageSize: 10,
      filters: [
        { name: 'cacheInstanceStatus', values: ['running', 'error'] },
        { name: 'cacheInstanceName', values: ['sdk cache', 'sdk_'] },
      ],
      tagFilters: [{ key: 'env', values: ['ci'] }],
      sorts: [{ name: 'createTime', direction: 'desc' }],
    })
    expect(listed.result.totalCount).toBe(1)
    expect(listed.result.cacheInstances.map((i: { cacheInstanceId: string }) => i.cacheInstanceId)).toEqual([id])

    const info = await redis.describeClusterInfo({ cacheInstanceId: id })
    expect(info.result.info.shards).toHaveLength(4)
    expect(info.result.info.proxies).toHaveLength(4)

    const renamed = await redis.modifyCacheInstanceAttribute({ cacheInstanceId: id, cacheInstanceName: 'renamed_by_sdk' })
    expect(Object.keys(renamed).sort()).toEqual(['requestId', 'responseObj'])

    // the colon of the action arrives as %3A from this SDK (reference §1)
    const resized = await redis.modifyCacheInstanceClass({ cacheInstanceId: id, cacheInstanceClass: 'redis.c.medium.basic' })
    expect(resized.result.orderNum).toMatch(/^\d{16}$/)

    await redis.resetCacheInstancePassword({ cacheInstanceId: id })
    const after = await redis.describeCacheInstance({ cacheInstanceId: id })
    expect(after.result.cacheInstance).toMatchObject({
      cacheInstanceName: 'renamed_by_sdk',
      cacheInstanceClass: 'redis.c.medium.basic',
      cacheInstanceMemoryMB: 16384,
      auth: false,
    })

    await redis.deleteCacheInstance({ cacheInstanceId: id })
    expect(await rejection(redis.describeCacheInstance({ cacheInstanceId: id }))).toEqual({
      requestId: expect.stringMatching(/^[a-z0-9]{32}$/),
      error: { code: 404, status: 'NOT_FOUND', message: `cacheInstance ${id} not found` },
    })
  })

  it('rejects a wrong secret key with the 401 envelope', async () => {
    const wrong = client({ accessKey: DEFAULT_ACCOUNT.accessKey, secretKey: 'not-the-secret' })
    expect(await rejection(wrong.describeUserQuota({}))).toEqual({
      requestId: expect.any(String),
      error: { code: 401, status: 'UNAUTHENTICATED', message: 'the request signature does not match' },
    })
  })

  it('keeps accounts apart: one access key cannot see another one\'s instance', async () => {
    const first = client()
    const other = client(SECOND_ACCOUNT)
    const { result } = await first.createCacheInstance({
      cacheInstance: {
        vpcId: 'vpc-a',
        subnetId: 'subnet-a',
        cacheInstanceName: 'isolated',
        cacheInstanceClass: 'redis.m.micro.basic',
        azId: { master: 'cn-north-1a', slave: 'cn-north-1a' },
      },
    })
    expect((await rejection(other.describeCacheInstance({ cacheInstanceId: result.cacheInstanceId }))).error.status).toBe('NOT_FOUND')
    expect((await other.describeCacheInstances({})).result).toEqual({ cacheInstances: [], totalCount: 0 })
  })
})
