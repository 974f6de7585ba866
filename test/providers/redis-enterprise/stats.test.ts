// Redis Enterprise statistics (issue 15 item 1, reference §11): routes, captured shapes, query parameters, errors,
// and figures that agree with the emulated objects and follow the emulator clock.
import { beforeEach, describe, expect, it } from 'vitest'
import { HARNESS_EPOCH } from '../../helpers/harness.js'
import { capture, createActiveBdb, createReHarness, expectError, GB, ROLE_NAMES, typeMap, type ReHarness } from '../../helpers/redis-enterprise.js'

let h: ReHarness
beforeEach(async () => {
  h = await createReHarness({ shardsLimit: 100 })
})

const get = (path: string) => h.as('admin').get(path)
const MB = 1024 * 1024

/** The captured interval's keys and JSON types (all metric values are numbers; the times are strings). */
function capturedIntervalTypes(name: string): Record<string, string> {
  const body = capture(name)
  const entry = Array.isArray(body) ? body[0] : body
  return typeMap(entry.intervals[0])
}

function expectSorted(record: Record<string, unknown>) {
  const keys = Object.keys(record)
  expect(keys).toEqual([...keys].sort())
}

const WIRE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')

describe('statistics: captured shapes (reference §11.2)', () => {
  it('GET /v1/cluster/stats: {intervals, uid: ""}, every interval with exactly the captured keys and types', async () => {
    const res = await get('/v1/cluster/stats')
    expect(res.status).toBe(200)
    expect(Object.keys(res.body).sort()).toEqual(['intervals', 'uid'])
    expect(res.body.uid).toBe('')
    const expected = capturedIntervalTypes('cluster_stats')
    expect(Object.keys(expected)).toHaveLength(27)
    for (const interval of res.body.intervals) {
      expect(typeMap(interval)).toEqual(expected)
      expectSorted(interval)
      expect(interval.stime).toMatch(WIRE_TIME)
    }
  })

  it('GET /v1/nodes/stats: one entry per node, uid an integer, the captured node interval keys (28)', async () => {
    const res = await get('/v1/nodes/stats')
    expect(res.status).toBe(200)
    expect(res.body.map((n: any) => n.uid)).toEqual([1, 2, 3])
    const expected = capturedIntervalTypes('nodes_stats')
    expect(Object.keys(expected)).toHaveLength(28)
    for (const node of res.body) {
      expect(Object.keys(node).sort()).toEqual(['intervals', 'uid'])
      for (const interval of node.intervals) expect(typeMap(interval)).toEqual(expected)
    }
  })

  it('GET /v1/bdbs/stats: [{uid: "<string>", intervals}] with the captured bdb keys (39), times as strings', async () => {
    const bdb = await createActiveBdb(h)
    h.clock.advance(10 * 60_000)
    const res = await get('/v1/bdbs/stats')
    expect(res.status).toBe(200)
    expect(res.body).toHaveLength(1)
    expect(res.body[0].uid).toBe(String(bdb.uid))
    const expected = capturedIntervalTypes('bdbs_stats')
    expect(Object.keys(expected)).toHaveLength(39)
    for (const interval of res.body[0].intervals) {
      expect(typeMap(interval)).toEqual(expected)
      expectSorted(interval)
      expect(interval.last_req_time).toBe('1970-01-01T00:00:00Z') // captures/bdbs_stats.json: idle
    }
  })

  it('without parameters: recent 1sec intervals (10 cluster/node, 2 bdb), then 30 10sec, then one 5min, as captured', async () => {
    const bdb = await createActiveBdb(h)
    h.clock.advance(10 * 60_000 + 7_300) // not on a boundary
    const now = h.clock.now()
    const shape = (intervals: any[]) => intervals.map((i) => i.interval)
    const cluster = (await get('/v1/cluster/stats')).body.intervals
    const capturedShape = shape(capture('cluster_stats').intervals)
    expect(shape(cluster)).toEqual(capturedShape)
    const db = (await get(`/v1/bdbs/stats/${bdb.uid}`)).body.intervals
    expect(shape(db)).toEqual(shape(capture('bdbs_stats')[0].intervals))
    // boundaries: the last 1sec ends at the current second, the 10sec ones at the last 10 s boundary, the 5min one
    // is the last complete 5 minutes
    const second = Math.floor(now / 1000) * 1000
    expect(cluster[9]).toMatchObject({ stime: iso(second - 1000), etime: iso(second) })
    expect(cluster[10].stime).toBe(iso(Math.floor(now / 10_000) * 10_000 - 300_000))
    expect(cluster[39].etime).toBe(iso(Math.floor(now / 10_000) * 10_000))
    const fiveMin = Math.floor(now / 300_000) * 300_000
    expect(cluster[40]).toMatchObject({ interval: '5min', stime: iso(fiveMin - 300_000), etime: iso(fiveMin) })
  })

  it('GET /v1/shards/stats: one entry per shard of /v1/shards with uid, status, node_uid, role, assigned_slots', async () => {
    await createActiveBdb(h, { name: 'a', shards_count: 2, replication: true, sharding: true, shard_key_regex: [{ regex: '.*\\{(?<tag>.*)\\}.*' }, { regex: '(?<tag>.*)' }] })
    await createActiveBdb(h, { name: 'b' })
    const shards = (await get('/v1/shards')).body
    const res = await get('/v1/shards/stats')
    expect(res.status).toBe(200)
    expect(res.body.map((s: any) => s.uid)).toEqual(shards.map((s: any) => s.uid).sort((a: string, b: string) => Number(a) - Number(b)))
    for (const entry of res.body) {
      const shard = shards.find((s: any) => s.uid === entry.uid)
      expect(entry).toMatchObject({ uid: shard.uid, node_uid: shard.node_uid, role: shard.role, assigned_slots: shard.assigned_slots, status: 'active' })
      expect(Object.keys(entry).sort()).toEqual(['assigned_slots', 'intervals', 'node_uid', 'role', 'status', 'uid'])
      for (const interval of entry.intervals) {
        expect(Object.keys(interval).sort()).toEqual(
          [
            'avg_ttl', 'blocked_clients', 'connected_clients', 'etime', 'evicted_objects', 'expired_objects', 'interval', 'last_save_time',
            'mem_size_lua', 'no_of_expires', 'no_of_keys', 'pubsub_channels', 'pubsub_patterns', 'rdb_changes_since_last_save', 'read_hits',
            'read_misses', 'stime', 'sync_full', 'sync_partial_err', 'sync_partial_ok', 'total_req', 'used_memory', 'used_memory_peak',
            'used_memory_rss', 'write_hits', 'write_misses',
          ].sort(),
        )
      }
    }
    const first = res.body[0]
    const one = await get(`/v1/shards/stats/${first.uid}`)
    expect(one.status).toBe(200)
    expect(one.body.uid).toBe(first.uid)
    // parent_uid (docs query parameter): only that database's shards
    const ofB = (await get('/v1/shards/stats?parent_uid=2')).body
    expect(ofB.map((s: any) => s.uid)).toEqual(shards.filter((s: any) => s.bdb_uid === 2).map((s: any) => s.uid))
  })

  it('the /last forms: one flat interval (cluster) or an object keyed by uid (bdbs, nodes, shards), 1sec by default', async () => {
    const bdb = await createActiveBdb(h)
    const now = h.clock.now()
    const second = Math.floor(now / 1000) * 1000
    const cluster = (await get('/v1/cluster/stats/last')).body
    expect(cluster).toMatchObject({ interval: '1sec', stime: iso(second - 1000), etime: iso(second) })
    expect(typeMap(cluster)).toEqual(capturedIntervalTypes('cluster_stats'))
    const bdbs = (await get('/v1/bdbs/stats/last')).body
    expect(Object.keys(bdbs)).toEqual([String(bdb.uid)])
    expect(typeMap(bdbs[String(bdb.uid)])).toEqual(capturedIntervalTypes('bdbs_stats'))
    expect(Object.keys((await get(`/v1/bdbs/stats/last/${bdb.uid}`)).body)).toEqual([String(bdb.uid)])
    expect(Object.keys((await get('/v1/nodes/stats/last')).body)).toEqual(['1', '2', '3'])
    const node2 = (await get('/v1/nodes/stats/last/2')).body
    expect(Object.keys(node2)).toEqual(['2'])
    expect(typeMap(node2['2'])).toEqual(capturedIntervalTypes('nodes_stats'))
    const shards = (await get('/v1/shards/stats/last')).body
    expect(Object.keys(shards)).toEqual(bdb.shard_list.map(String))
    expect(Object.keys((await get(`/v1/shards/stats/last/${bdb.shard_list[0]}`)).body)).toEqual([String(bdb.shard_list[0])])
    // docs: GET /bdbs/stats/last/1?metrics=no_of_keys,used_memory
    const filtered = (await get(`/v1/bdbs/stats/last/${bdb.uid}?metrics=no_of_keys,used_memory`)).body[String(bdb.uid)]
    expect(Object.keys(filtered).sort()).toEqual(['etime', 'interval', 'no_of_keys', 'stime', 'used_memory'])
    expect((await get('/v1/cluster/stats/last?interval=10sec')).body).toMatchObject({ interval: '10sec', etime: iso(Math.floor(now / 10_000) * 10_000) })
  })

  it('GET /v1/endpoints/stats: one entry per endpoint, uid "<bdb>:<endpoint>:<proxy>" (reference §11.1)', async () => {
    const bdb = await createActiveBdb(h)
    const res = await get('/v1/endpoints/stats')
    expect(res.status).toBe(200)
    expect(res.body).toHaveLength(1)
    expect(res.body[0].uid).toMatch(new RegExp(`^${bdb.uid}:1:[1-3]$`))
    const interval = res.body[0].intervals[0]
    for (const key of ['acc_latency', 'auth_cmds', 'cmd_get', 'conns', 'read_req', 'total_started_res', 'last_req_time']) expect(typeof interval[key]).toBe('number')
  })
})

describe('statistics: interval, stime, etime (reference §11.1)', () => {
  const LENGTHS: Record<string, number> = { '1sec': 1e3, '10sec': 1e4, '5min': 3e5, '15min': 9e5, '1hour': 3.6e6, '12hour': 4.32e7, '1week': 6.048e8 }

  it.each(Object.keys(LENGTHS))('interval=%s: only intervals of that length, aligned and contiguous, ending by now', async (name) => {
    h.clock.advance(3 * 7 * 24 * 3600_000)
    const intervals = (await get(`/v1/cluster/stats?interval=${name}`)).body.intervals
    expect(intervals.length).toBeGreaterThan(0)
    for (const [i, interval] of intervals.entries()) {
      expect(interval.interval).toBe(name)
      const t0 = Date.parse(interval.stime)
      expect(Date.parse(interval.etime) - t0).toBe(LENGTHS[name])
      expect(t0 % LENGTHS[name]).toBe(0)
      expect(Date.parse(interval.etime)).toBeLessThanOrEqual(h.clock.now())
      if (i > 0) expect(interval.stime).toBe(intervals[i - 1].etime)
    }
  })

  it('stime and etime bound the intervals returned', async () => {
    h.clock.advance(2 * 3600_000)
    const stime = iso(HARNESS_EPOCH + 600_000)
    const etime = iso(HARNESS_EPOCH + 3_600_000)
    const intervals = (await get(`/v1/nodes/stats/1?interval=5min&stime=${stime}&etime=${etime}`)).body.intervals
    expect(intervals.map((i: any) => i.stime)).toEqual(Array.from({ length: 10 }, (_, k) => iso(HARNESS_EPOCH + 600_000 + k * 300_000)))
    expect(intervals.at(-1).etime).toBe(etime)
  })

  it('a database has no intervals from before it existed', async () => {
    h.clock.advance(3600_000)
    const bdb = await createActiveBdb(h)
    const intervals = (await get(`/v1/bdbs/stats/${bdb.uid}?interval=5min&stime=${iso(HARNESS_EPOCH)}`)).body.intervals
    const created = Date.parse(bdb.created_time)
    for (const interval of intervals) expect(Date.parse(interval.etime)).toBeGreaterThan(created)
  })

  it.each([
    ['interval=2min', 'an undocumented interval'],
    ['interval=', 'an empty interval'],
    ['stime=yesterday', 'a stime that is not ISO 8601'],
    ['etime=2014-13-45T99:00:00Z', 'an impossible etime'],
    ['stime=2026-01-15T10:00:00Z&etime=2026-01-15T09:00:00Z', 'stime after etime'],
    ['interval=1sec&interval=10sec', 'a repeated parameter'],
  ])('%s (%s) is 400 bad_request (inferred: the docs give no error for a bad query parameter)', async (query) => {
    for (const path of ['/v1/cluster/stats', '/v1/cluster/stats/last', '/v1/nodes/stats', '/v1/nodes/stats/1']) {
      expectError(await get(`${path}?${query}`), 400, 'bad_request')
    }
  })
})

describe('statistics: errors (docs status codes)', () => {
  it('no database at all: /v1/bdbs/stats[/last] is 404 "No bdbs exist"; /v1/shards/stats 404 too', async () => {
    expectError(await get('/v1/bdbs/stats'), 404, 'db_not_exist')
    expectError(await get('/v1/bdbs/stats/last'), 404, 'db_not_exist')
    expectError(await get('/v1/shards/stats'), 404, 'shard_not_exist')
    expectError(await get('/v1/shards/stats/last'), 404, 'shard_not_exist')
    expect((await get('/v1/endpoints/stats')).body).toEqual([])
  })

  it('unknown database, node or shard is 404; a non-integer uid matches no route', async () => {
    await createActiveBdb(h)
    expectError(await get('/v1/bdbs/stats/99'), 404, 'db_not_exist')
    expectError(await get('/v1/bdbs/stats/last/99'), 404, 'db_not_exist')
    expectError(await get('/v1/nodes/stats/4'), 404, 'node_not_exist')
    expectError(await get('/v1/nodes/stats/last/4'), 404, 'node_not_exist')
    expectError(await get('/v1/shards/stats/99'), 404, 'shard_not_exist')
    expectError(await get('/v1/shards/stats/last/99'), 404, 'shard_not_exist')
    expectError(await get('/v1/bdbs/stats/abc'), 404, 'not_found')
  })

  it('a database still pending is 406 "isn\'t currently active" (docs), and left out of the list', async () => {
    const active = await createActiveBdb(h)
    const pending = await h.as('admin').post('/v1/bdbs', { name: 'pending-db', memory_size: GB })
    expect(pending.body.status).toBe('pending')
    expectError(await get(`/v1/bdbs/stats/${pending.body.uid}`), 406, 'db_not_active')
    expectError(await get(`/v1/bdbs/stats/last/${pending.body.uid}`), 406, 'db_not_active')
    expect((await get('/v1/bdbs/stats')).body.map((b: any) => b.uid)).toEqual([String(active.uid)])
  })

  it('the per-object forms redisctl calls are not routes of the real API (reference §11.3: 404)', async () => {
    const bdb = await createActiveBdb(h)
    expectError(await get(`/v1/bdbs/${bdb.uid}/stats`), 404, 'not_found')
    expectError(await get('/v1/nodes/1/stats'), 404, 'not_found')
    expectError(await get(`/v1/shards/${bdb.shard_list[0]}/stats`), 404, 'not_found')
  })
})

describe('statistics: figures agree with the objects and the clock', () => {
  it("a database's used_memory never exceeds its memory_size, however small", async () => {
    const tiny = await createActiveBdb(h, { name: 'tiny', memory_size: MB })
    const big = await createActiveBdb(h, { name: 'big', memory_size: GB, shards_count: 2, sharding: true, shard_key_regex: [{ regex: '.*\\{(?<tag>.*)\\}.*' }, { regex: '(?<tag>.*)' }] })
    for (const bdb of [tiny, big]) {
      for (const interval of (await get(`/v1/bdbs/stats/${bdb.uid}?interval=1sec`)).body.intervals) {
        expect(interval.used_memory).toBeGreaterThan(0)
        expect(interval.used_memory).toBeLessThanOrEqual(bdb.memory_size)
      }
    }
    // the bdb's used memory is the sum of its shards' (reference metrics §6)
    const last = (await get(`/v1/bdbs/stats/last/${big.uid}`)).body[String(big.uid)]
    const shards = (await get(`/v1/shards/stats/last?parent_uid=${big.uid}`)).body
    expect(Object.values(shards).reduce((acc: number, s: any) => acc + s.used_memory, 0)).toBe(last.used_memory)
  })

  it('cluster totals are the sum of the nodes (memory, storage, traffic)', async () => {
    await createActiveBdb(h, { name: 'a' })
    await createActiveBdb(h, { name: 'b', replication: true })
    const cluster = (await get('/v1/cluster/stats?interval=10sec')).body.intervals
    const nodes = (await get('/v1/nodes/stats?interval=10sec')).body
    for (const [i, interval] of cluster.entries()) {
      for (const key of ['available_memory', 'free_memory', 'provisional_memory', 'ephemeral_storage_free', 'persistent_storage_avail', 'conns', 'total_req', 'ingress_bytes']) {
        const total = nodes.reduce((acc: number, n: any) => acc + n.intervals[i][key], 0)
        expect(interval[key]).toBeCloseTo(total, 3)
      }
    }
  })

  it("creating a database takes its memory from the nodes that hold its shards", async () => {
    const before = (await get('/v1/nodes/stats/last')).body
    const bdb = await createActiveBdb(h, { memory_size: GB })
    const after = (await get('/v1/nodes/stats/last')).body
    const home = (await get('/v1/shards')).body.find((s: any) => s.uid === String(bdb.shard_list[0])).node_uid
    expect(before[home].available_memory - after[home].available_memory).toBeGreaterThanOrEqual(GB - 4096)
    for (const uid of ['1', '2', '3'].filter((u) => u !== home)) expect(after[uid].available_memory).toBe(before[uid].available_memory)
  })

  it('stable while the clock is frozen; new intervals and values once it moves', async () => {
    const bdb = await createActiveBdb(h)
    const first = (await get('/v1/cluster/stats')).body
    const again = (await get('/v1/cluster/stats')).body
    expect(again).toEqual(first)
    expect((await get(`/v1/bdbs/stats/${bdb.uid}`)).body).toEqual((await get(`/v1/bdbs/stats/${bdb.uid}`)).body)
    h.clock.advance(60_000)
    const later = (await get('/v1/cluster/stats')).body
    expect(later.intervals[0].stime).not.toBe(first.intervals[0].stime)
    const values = (body: any) => body.intervals.slice(0, 10).map((i: any) => [i.cpu_user, i.free_memory])
    expect(values(later)).not.toEqual(values(first))
  })
})

describe('statistics: permissions (reference §1.1: every management role may read stats; `none` has no REST access)', () => {
  it.each(ROLE_NAMES)('%s reads every stats route (none: 403 on each)', async (role) => {
    const bdb = await createActiveBdb(h)
    const paths = [
      '/v1/cluster/stats', '/v1/cluster/stats/last', '/v1/nodes/stats', '/v1/nodes/stats/1', '/v1/nodes/stats/last', '/v1/nodes/stats/last/1',
      '/v1/bdbs/stats', `/v1/bdbs/stats/${bdb.uid}`, '/v1/bdbs/stats/last', `/v1/bdbs/stats/last/${bdb.uid}`, '/v1/shards/stats',
      `/v1/shards/stats/${bdb.shard_list[0]}`, '/v1/shards/stats/last', `/v1/shards/stats/last/${bdb.shard_list[0]}`, '/v1/endpoints/stats',
    ]
    for (const path of paths) expect((await h.as(role).get(path)).status, path).toBe(role === 'none' ? 403 : 200)
  })

  it('without credentials every stats route is 401', async () => {
    const res = await h.request('redis-enterprise').get('/v1/cluster/stats')
    expectError(res, 401, 'unauthorized')
  })
})
