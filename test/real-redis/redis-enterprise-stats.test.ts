// Real-Redis mode, Redis Enterprise statistics (issue 15 item 1): a database's figures come from its server's INFO.
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
