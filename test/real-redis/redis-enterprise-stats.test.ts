// Real-Redis mode, Redis Enterprise statistics (issue 15 item 1): a database's figures come from its server's INFO.
import supertest from 'supertest'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { GB, withRoles, type ReHarness } from '../helpers/redis-enterprise.js'
import { closeChecked, connect, createRealHarness, type RealHarness } from '../helpers/real-redis.js'

let h: RealHarness & ReHarness
beforeEach(async () => {
  const real = await createRealHarness()
  h = Object.assign(withRoles(real), { close: real.close })
})
afterEach(() => closeChecked(h))

const admin = () => h.as('admin')

async function activeBdb(body: Record<string, unknown> = {}) {
  const created = await admin().post('/v1/bdbs', { name: 'stats-db', memory_size: GB, ...body })
  expect(created.status).toBe(200)
  h.clock.advance(h.emulator.delays.get('redis-enterprise.bdb.create'))
  const bdb = (await admin().get(`/v1/bdbs/${created.body.uid}`)).body
  expect(bdb.status).toBe('active')
  return bdb
}

describe('Redis Enterprise statistics on real redis-server', () => {
  it('writing keys grows no_of_keys and used_memory; an open client shows in conns; shards agree with the bdb', async () => {
    const bdb = await activeBdb()
    const last = async () => (await admin().get(`/v1/bdbs/stats/last/${bdb.uid}`)).body[String(bdb.uid)]
    const before = await last()
    expect(before.no_of_keys).toBe(0)
    const client = await connect(bdb.endpoints[0].port)
    const value = 'x'.repeat(1000)
    for (let i = 0; i < 200; i++) await client.set(`key:${i}`, value)
    await client.set('ttl-key', 'v', { EX: 600 })
    await client.get('key:1') // a hit
    await client.get('missing') // a miss
    const after = await last()
    expect(after.no_of_keys).toBe(201)
    expect(after.no_of_expires).toBe(1)
    expect(after.used_memory).toBeGreaterThan(before.used_memory + 150_000)
    expect(after.used_memory).toBeLessThanOrEqual(GB)
    expect(after.conns).toBe(1)
    expect(after.total_req).toBeGreaterThan(0)
    expect(after.last_req_time).not.toBe('1970-01-01T00:00:00Z')
    // the history form reads the same server
    const intervals = (await admin().get(`/v1/bdbs/stats/${bdb.uid}?interval=1sec`)).body.intervals
    expect(intervals.at(-1).no_of_keys).toBe(201)
    // shards: keys of the master shard(s) sum to the database's
    const shards = (await admin().get(`/v1/shards/stats/last?parent_uid=${bdb.uid}`)).body
    expect(Object.values(shards).reduce((acc: number, s: any) => acc + s.no_of_keys, 0)).toBe(201)
    client.destroy()
  })
})

describe('Redis Enterprise metrics exporter on real redis-server (issue 21)', () => {
  it('writing keys moves bdb_used_memory, bdb_no_of_keys, redis_db_keys and redis_server_db_keys; INFO counters feed v2', async () => {
    const bdb = await activeBdb()
    const scrape = async (path: string) => (await supertest(h.emulator.apps.get('redis-enterprise-metrics')!).get(path)).text
    const value = (text: string, metric: string) => Number(new RegExp(`^${metric}\\{[^}]*(?:bdb|db)="${bdb.uid}"[^}]*\\} (\\S+)$`, 'm').exec(text)?.[1])
    const before = await scrape('/metrics')
    expect(value(before, 'bdb_no_of_keys')).toBe(0)
    const client = await connect(bdb.endpoints[0].port)
    for (let i = 0; i < 100; i++) await client.set(`key:${i}`, 'y'.repeat(2000))
    await client.get('key:0')
    await client.get('nope')
    const after = await scrape('/metrics')
    expect(value(after, 'bdb_no_of_keys')).toBe(100)
    expect(value(after, 'redis_db_keys')).toBe(100)
    expect(value(after, 'bdb_used_memory')).toBeGreaterThan(value(before, 'bdb_used_memory') + 150_000)
    const v2 = await scrape('/v2')
    expect(value(v2, 'redis_server_db_keys')).toBe(100)
    expect(value(v2, 'redis_server_keyspace_read_hits')).toBeGreaterThanOrEqual(1)
    expect(value(v2, 'redis_server_keyspace_read_misses')).toBeGreaterThanOrEqual(1)
    expect(value(v2, 'endpoint_read_requests')).toBeGreaterThanOrEqual(2)
    expect(value(v2, 'endpoint_write_requests')).toBeGreaterThanOrEqual(100)
    // the REST statistics say the same
    const rest = (await admin().get(`/v1/bdbs/stats/last/${bdb.uid}`)).body[String(bdb.uid)]
    expect(rest.no_of_keys).toBe(100)
    client.destroy()
  })
})
