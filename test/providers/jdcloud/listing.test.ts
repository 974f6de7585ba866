// describeCacheInstances (reference §2): paging with totalCount, the documented filters, sorts and tag filters in the
// numbered query form the SDKs send, and INVALID_ARGUMENT for bad page or filter values.
import { beforeAll, describe, expect, it } from 'vitest'
import { createHarness, type Harness } from '../../helpers/harness.js'
import { BASE, createInstance, DEFAULT_ACCOUNT, jd } from '../../helpers/jdcloud.js'

let h: Harness
const ids: string[] = []

// Twelve instances, one second apart: even ones master-slave 2 GB, odd ones cluster 4 GB, every third prepaid,
// the last three Redis 4.0; tags env=ci on even ones and team=core on every fourth.
beforeAll(async () => {
  h = await createHarness({ fast: true })
  // the default account's quota is 10 (fixtures/jdcloud/accounts.json); this listing needs 12
  await h.emulator.store.mutate<any>('jdcloud', (d) => {
    d.accounts[DEFAULT_ACCOUNT.accessKey].instanceQuota = 20
  })
  for (let i = 0; i < 12; i++) {
    const v4 = i >= 9
    const cluster = i % 2 === 1
    const cacheInstanceClass = v4 ? (cluster ? 'redis.sc.small.basic' : 'redis.s.small.basic') : cluster ? 'redis.c.micro.basic' : 'redis.m.small.basic'
    const userTags = [...(i % 2 === 0 ? [{ key: 'env', value: 'ci' }] : [{ key: 'env', value: 'prod' }]), ...(i % 4 === 0 ? [{ key: 'team', value: 'core' }] : [])]
    ids.push(
      await createInstance(
        h,
        { cacheInstanceName: `cache_${String(i).padStart(2, '0')}`, cacheInstanceClass, redisVersion: v4 ? '4.0' : '2.8', userTags },
        i % 3 === 0 ? { chargeMode: 'prepaid_by_duration', chargeDuration: 1 } : undefined,
      ),
    )
    h.clock.advance(1000)
  }
  // statuses other than running come from the back end; the store stands in for it
  await h.emulator.store.mutate<any>('jdcloud', (d) => {
    d.instances[ids[1]].instance.cacheInstanceStatus = 'error'
    d.instances[ids[2]].instance.cacheInstanceStatus = 'configuring'
  })
})

async function list(query: string) {
  const res = await jd(h, 'GET', `${BASE}/cacheInstance${query ? `?${query}` : ''}`)
  return res
}

async function listIds(query: string): Promise<{ ids: number[]; totalCount: number }> {
  const res = await list(query)
  expect(res.status).toBe(200)
  return { ids: res.body.result.cacheInstances.map((c: { cacheInstanceId: string }) => ids.indexOf(c.cacheInstanceId)), totalCount: res.body.result.totalCount }
}

const newestFirst = [11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0]

describe('paging (pageNumber >= 1 default 1, pageSize 10..100 default 10)', () => {
  it('defaults to page 1 of 10, newest first, with totalCount', async () => {
    expect(await listIds('')).toEqual({ ids: newestFirst.slice(0, 10), totalCount: 12 })
  })

  it('page 2 holds the rest, a page past the end is empty with the totalCount', async () => {
    expect(await listIds('pageNumber=2')).toEqual({ ids: [1, 0], totalCount: 12 })
    expect(await listIds('pageNumber=3&pageSize=10')).toEqual({ ids: [], totalCount: 12 })
    expect(await listIds('pageSize=100')).toEqual({ ids: newestFirst, totalCount: 12 })
    expect(await listIds('pageNumber=2&pageSize=11')).toEqual({ ids: [0], totalCount: 12 })
  })

  it.each([
    ['pageSize=9', 'pageSize must be an integer in [10, 100], got "9"'],
    ['pageSize=101', 'pageSize must be an integer in [10, 100], got "101"'],
    ['pageSize=10.5', 'pageSize must be an integer in [10, 100], got "10.5"'],
    ['pageNumber=0', 'pageNumber must be an integer in [1, ∞], got "0"'],
    ['pageNumber=-1', 'pageNumber must be an integer in [1, ∞], got "-1"'],
    ['pageNumber=abc', 'pageNumber must be an integer in [1, ∞], got "abc"'],
    ['pageNumber=99999999999999999999', 'pageNumber must be an integer in [1, ∞], got "99999999999999999999"'],
    ['pageNumber=1&pageNumber=2', 'pageNumber must be given once'],
  ])('%s -> 400 INVALID_ARGUMENT', async (query, message) => {
    const res = await list(query)
    expect(res.status).toBe(400)
    expect(res.body).toEqual({ requestId: expect.any(String), error: { code: 400, status: 'INVALID_ARGUMENT', message } })
  })
})

describe('sorts', () => {
  it('createTime asc and desc', async () => {
    expect((await listIds('pageSize=100&sorts.1.name=createTime&sorts.1.direction=asc')).ids).toEqual([...newestFirst].reverse())
    expect((await listIds('pageSize=100&sorts.1.name=createTime&sorts.1.direction=desc')).ids).toEqual(newestFirst)
  })

  it('totalMemory (later revisions) takes priority over createTime', async () => {
    const { ids: got } = await listIds('pageSize=100&sorts.1.name=createTime&sorts.1.direction=asc&sorts.2.name=totalMemory&sorts.2.direction=desc')
    // the 8 GB 4.0 clusters oldest first, then the 4 GB clusters, then the 2 GB master-slave ones
    expect(got).toEqual([9, 11, 1, 3, 5, 7, 0, 2, 4, 6, 8, 10])
  })

  it.each([
    ['sorts.1.name=cacheInstanceName&sorts.1.direction=asc', 'sort name cacheInstanceName is invalid'],
    ['sorts.1.name=createTime&sorts.1.direction=up', 'sort direction up is invalid, must be asc or desc'],
    ['sorts.1.direction=asc', 'sorts.1.name is required'],
  ])('%s -> 400 INVALID_ARGUMENT', async (query, message) => {
    expect((await list(query)).body.error).toEqual({ code: 400, status: 'INVALID_ARGUMENT', message })
  })
})

describe('filters (reference §2 filter table)', () => {
  it('cacheInstanceId: exact, several values', async () => {
    expect(await listIds(`filters.1.name=cacheInstanceId&filters.1.values.1=${ids[3]}&filters.1.values.2=${ids[5]}`)).toEqual({ ids: [5, 3], totalCount: 2 })
    expect(await listIds(`filters.1.name=cacheInstanceId&filters.1.values.1=${ids[3].slice(0, 8)}`)).toEqual({ ids: [], totalCount: 0 })
  })

  it('cacheInstanceName: fuzzy', async () => {
    expect(await listIds('filters.1.name=cacheInstanceName&filters.1.values.1=he_1')).toEqual({ ids: [11, 10], totalCount: 2 })
    expect((await listIds('filters.1.name=cacheInstanceName&filters.1.values.1=cache')).totalCount).toBe(12)
  })

  it('cacheInstanceStatus: exact, several values', async () => {
    expect(await listIds('filters.1.name=cacheInstanceStatus&filters.1.values.1=error&filters.1.values.2=configuring')).toEqual({ ids: [2, 1], totalCount: 2 })
    expect((await listIds('filters.1.name=cacheInstanceStatus&filters.1.values.1=running&pageSize=100')).totalCount).toBe(10)
    expect((await listIds('filters.1.name=cacheInstanceStatus&filters.1.values.1=deleting')).totalCount).toBe(0)
  })

  it('redisVersion, instanceType (redis = master-slave, redis_cluster = cluster) and chargeMode', async () => {
    expect(await listIds('filters.1.name=redisVersion&filters.1.values.1=4.0')).toEqual({ ids: [11, 10, 9], totalCount: 3 })
    expect(await listIds('filters.1.name=instanceType&filters.1.values.1=redis_cluster&pageSize=100')).toEqual({ ids: [11, 9, 7, 5, 3, 1], totalCount: 6 })
    expect(await listIds('filters.1.name=instanceType&filters.1.values.1=redis&pageSize=100')).toEqual({ ids: [10, 8, 6, 4, 2, 0], totalCount: 6 })
    expect(await listIds('filters.1.name=chargeMode&filters.1.values.1=prepaid_by_duration')).toEqual({ ids: [9, 6, 3, 0], totalCount: 4 })
    expect((await listIds('filters.1.name=chargeMode&filters.1.values.1=postpaid_by_duration')).totalCount).toBe(8)
  })

  it('several filters AND together, with an explicit operator, and page with the filtered totalCount', async () => {
    const q = 'filters.1.name=instanceType&filters.1.values.1=redis_cluster&filters.2.name=redisVersion&filters.2.operator=eq&filters.2.values.1=2.8'
    expect(await listIds(q)).toEqual({ ids: [7, 5, 3, 1], totalCount: 4 })
    expect(await listIds(`${q}&pageNumber=2`)).toEqual({ ids: [], totalCount: 4 })
    expect(await listIds(`filters.2.name=instanceType&filters.2.values.1=redis_cluster&filters.1.name=chargeMode&filters.1.values.1=prepaid_by_duration`)).toEqual({ ids: [9, 3], totalCount: 2 })
  })

  it.each([
    ['filters.1.name=vpcId&filters.1.values.1=vpc-1', 'filter name vpcId is invalid, must be one of cacheInstanceId, cacheInstanceName, cacheInstanceStatus, redisVersion, instanceType, chargeMode'],
    ['filters.1.name=cacheInstanceStatus&filters.1.values.1=stopped', 'filter cacheInstanceStatus value stopped is invalid'],
    ['filters.1.name=instanceType&filters.1.values.1=cluster', 'filter instanceType value cluster is invalid'],
    ['filters.1.name=redisVersion&filters.1.values.1=5.0', 'filter redisVersion value 5.0 is invalid'],
    ['filters.1.name=chargeMode&filters.1.values.1=free', 'filter chargeMode value free is invalid'],
    ['filters.1.name=cacheInstanceName&filters.1.operator=like&filters.1.values.1=a', 'filter operator like is invalid'],
    ['filters.1.name=cacheInstanceName', 'filters.1.values is required'],
    ['filters.1.values.1=running', 'filters.1.name is required'],
    ['filters.x.name=cacheInstanceName', 'unknown query parameter filters.x.name'],
    ['filters.0.name=cacheInstanceName&filters.0.values.1=a', 'unknown query parameter filters.0.name'],
    ['filters.1.nmae=cacheInstanceName', 'unknown query parameter filters.1.nmae'],
    ['filters.1.name=a&filters.1.name=b&filters.1.values.1=c', 'filters.1.name must be given once'],
  ])('%s -> 400 INVALID_ARGUMENT', async (query, message) => {
    const res = await list(query)
    expect(res.status).toBe(400)
    expect(res.body.error).toEqual({ code: 400, status: 'INVALID_ARGUMENT', message })
  })
})

describe('tagFilters', () => {
  it('a key with values, several values, and two tag filters together', async () => {
    expect((await listIds('tagFilters.1.key=env&tagFilters.1.values.1=ci&pageSize=100')).ids).toEqual([10, 8, 6, 4, 2, 0])
    expect((await listIds('tagFilters.1.key=env&tagFilters.1.values.1=ci&tagFilters.1.values.2=prod&pageSize=100')).totalCount).toBe(12)
    expect((await listIds('tagFilters.1.key=team&tagFilters.1.values.1=core')).ids).toEqual([8, 4, 0])
    expect((await listIds('tagFilters.1.key=team&tagFilters.1.values.1=core&tagFilters.2.key=env&tagFilters.2.values.1=prod')).ids).toEqual([])
    expect((await listIds('tagFilters.1.key=owner&tagFilters.1.values.1=me')).totalCount).toBe(0)
  })

  it('a tag filter with a key but no values is 400 INVALID_ARGUMENT, like a filter without values (issue 16)', async () => {
    expect((await list('tagFilters.1.key=team')).body.error).toEqual({ code: 400, status: 'INVALID_ARGUMENT', message: 'tagFilters.1.values is required' })
    expect((await list('filters.1.name=chargeMode')).body.error).toEqual({ code: 400, status: 'INVALID_ARGUMENT', message: 'filters.1.values is required' })
  })

  it('tag filters combine with filters and sorts', async () => {
    expect((await listIds('tagFilters.1.key=team&tagFilters.1.values.1=core&filters.1.name=chargeMode&filters.1.values.1=prepaid_by_duration&sorts.1.name=createTime&sorts.1.direction=asc')).ids).toEqual([0])
  })

  it('a tag filter without a key is 400 INVALID_ARGUMENT', async () => {
    expect((await list('tagFilters.1.values.1=ci')).body.error).toEqual({ code: 400, status: 'INVALID_ARGUMENT', message: 'tagFilters.1.key is required' })
  })

  it('later revisions\' resourceGroupIds are accepted and ignored', async () => {
    expect((await listIds('resourceGroupIds.1=rg-1')).totalCount).toBe(12)
  })
})
