// Redis Enterprise /v1/bdbs and /v2/bdbs happy paths (seed 004), compared with the captured real bdb.
import { beforeEach, describe, expect, it } from 'vitest'
import { capture, createActiveBdb, createReHarness, GB, typeMap, type ReHarness } from '../../helpers/redis-enterprise.js'

const real = capture<Record<string, unknown>>('bdb_single')

let h: ReHarness
beforeEach(async () => {
  h = await createReHarness()
})

describe('POST /v1/bdbs (seed 004 "Create database v1")', () => {
  it('answers 200 with the new bdb: pending, an action_uid, uid 1 and the captured defaults', async () => {
    const res = await h.as('admin').post('/v1/bdbs', { name: 'test-database', type: 'redis', memory_size: GB })
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toMatch(/^application\/json/)
    const bdb = res.body
    expect(bdb.uid).toBe(1)
    expect(bdb.name).toBe('test-database')
    expect(bdb.status).toBe('pending')
    expect(bdb.action_uid).toMatch(/^[0-9a-f-]{36}$/)
    // same keys, same value types as the real RS 8.0 bdb, plus action_uid while the machine runs
    const { action_uid: _action, ...rest } = bdb
    expect(typeMap(rest)).toEqual(typeMap(real))
    // reference §2.1 defaults
    for (const key of ['type', 'port', 'version', 'redis_version', 'shards_count', 'sharding', 'replication', 'data_persistence', 'aof_policy', 'eviction_policy', 'proxy_policy', 'shards_placement', 'tls_mode', 'backup_interval', 'max_aof_file_size', 'hash_slots_policy', 'oss_cluster', 'default_user', 'background_op', 'crdt']) {
      expect(bdb[key], key).toEqual(real[key])
    }
    expect(bdb.module_list).toEqual([])
    expect(bdb.shard_list).toEqual([1])
    expect(bdb.authentication_admin_pass).toMatch(/^[A-Za-z0-9]{48}$/)
    expect(bdb.created_time).toBe('2026-01-15T10:00:00Z')
    expect(bdb.last_changed_time).toBe('2026-01-15T10:00:00Z')
    // port 0 on the bdb, the assigned port on the endpoint (reference §2.1, §9)
    expect(bdb.endpoints).toEqual([
      {
        addr: ['192.168.16.2'],
        addr_type: 'external',
        dns_name: 'redis-12000.docker-cluster',
        oss_cluster_api_preferred_endpoint_type: 'ip',
        oss_cluster_api_preferred_ip_type: 'internal',
        port: 12000,
        proxy_policy: 'single',
        uid: '1:1',
      },
    ])
  })

  it('once active, a bdb has exactly the captured keys and value types', async () => {
    const bdb = await createActiveBdb(h)
    expect(bdb.status).toBe('active')
    expect(Object.keys(bdb).sort()).toEqual(Object.keys(real).sort())
    expect(typeMap(bdb)).toEqual(typeMap(real))
  })

  it('assigns uids sequentially and ports from the database range', async () => {
    const first = await h.as('admin').post('/v1/bdbs', { name: 'a', memory_size: GB })
    const second = await h.as('admin').post('/v1/bdbs', { name: 'b', memory_size: GB })
    expect([first.body.uid, second.body.uid]).toEqual([1, 2])
    expect([first.body.endpoints[0].port, second.body.endpoints[0].port]).toEqual([12000, 12001])
    expect(second.body.endpoints[0].uid).toBe('2:1')
    expect(second.body.shard_list).toEqual([2])
  })

  it('keeps a uid and a port the client chose (seed 004: "If you specify the database ID")', async () => {
    const res = await h.as('admin').post('/v1/bdbs', { uid: 7, name: 'chosen', memory_size: GB, port: 15000 })
    expect(res.status).toBe(200)
    expect(res.body.uid).toBe(7)
    expect(res.body.port).toBe(15000)
    expect(res.body.endpoints[0]).toMatchObject({ port: 15000, dns_name: 'redis-15000.docker-cluster', uid: '7:1' })
    const next = await h.as('admin').post('/v1/bdbs', { name: 'auto', memory_size: GB })
    expect(next.body.uid).toBe(1)
  })

  it('applies the requested configuration: version, modules, persistence, replication, tags', async () => {
    const res = await h.as('admin').post('/v1/bdbs', {
      name: 'configured',
      memory_size: GB,
      version: '7.4',
      replication: true,
      data_persistence: 'aof',
      aof_policy: 'appendfsync-always',
      eviction_policy: 'allkeys-lru',
      module_list: [{ module_name: 'ReJSON' }, { module_name: 'search', semantic_version: '2.10.17' }],
      tags: [{ key: 'team', value: 'core' }],
    })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({
      version: '7.4.2',
      redis_version: '7.4',
      replication: true,
      data_persistence: 'aof',
      aof_policy: 'appendfsync-always',
      eviction_policy: 'allkeys-lru',
      tags: [{ key: 'team', value: 'core' }],
      shard_list: [1, 2],
    })
    // modules resolve against GET /v1/modules; module_args comes back as "" (reference §2.1)
    expect(res.body.module_list).toEqual([
      { module_args: '', module_id: '3a82b335f9fede93926e1e3504a91326', module_name: 'ReJSON', semantic_version: '2.8.10' },
      { module_args: '', module_id: 'b212cb64b206074750414b81d9fb1135', module_name: 'search', semantic_version: '2.10.17' },
    ])
  })

  it('a memcached database defaults to allkeys-lru (reference §2.1)', async () => {
    const res = await h.as('admin').post('/v1/bdbs', { name: 'cache', memory_size: GB, type: 'memcached' })
    expect(res.status).toBe(200)
    expect(res.body.eviction_policy).toBe('allkeys-lru')
  })

  it('?dry_run validates and creates nothing (seed 004)', async () => {
    const res = await h.as('admin').post('/v1/bdbs?dry_run', { name: 'dry', memory_size: GB })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ uid: 1, name: 'dry' })
    expect(res.body.action_uid).toBeUndefined()
    expect((await h.as('admin').get('/v1/bdbs')).body).toEqual([])
    expect((await h.as('admin').get('/v1/actions')).body).toEqual({ actions: [], 'state-machines': [] })
    const invalid = await h.as('admin').post('/v1/bdbs?dry_run=true', { name: 'dry' })
    expect(invalid.status).toBe(406)
    expect(invalid.body.error_code).toBe('missing_memory_size')
  })
})

describe('POST /v2/bdbs (seed 004 "Create database v2")', () => {
  it('creates from {bdb, recovery_plan} when the plan matches shards_count', async () => {
    const res = await h.as('admin').post('/v2/bdbs', {
      bdb: { name: 'test-database', type: 'redis', memory_size: GB, shards_count: 1 },
      recovery_plan: { data_files: [{ shard_slots: '0-16383', node_uid: '1', filename: 'redis-4.rdb' }] },
    })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ uid: 1, name: 'test-database', type: 'redis', memory_size: GB, shards_count: 1, status: 'pending' })
    expect((await h.as('admin').get('/v1/bdbs/1')).body.name).toBe('test-database')
  })

  it('creates without a recovery plan, and honours ?dry_run', async () => {
    const dry = await h.as('admin').post('/v2/bdbs?dry_run', { bdb: { name: 'v2', memory_size: GB } })
    expect(dry.status).toBe(200)
    expect((await h.as('admin').get('/v1/bdbs')).body).toEqual([])
    const res = await h.as('admin').post('/v2/bdbs', { bdb: { name: 'v2', memory_size: GB } })
    expect(res.status).toBe(200)
    expect(res.body.uid).toBe(1)
  })
})

describe('GET /v1/bdbs and /v1/bdbs/{uid} (seed 004)', () => {
  it('lists every database as a bare array, and ?fields= projects', async () => {
    await createActiveBdb(h, { name: 'one' })
    await createActiveBdb(h, { name: 'two' })
    const all = await h.as('db_viewer').get('/v1/bdbs')
    expect(all.status).toBe(200)
    expect(all.body.map((b: any) => b.name)).toEqual(['one', 'two'])
    const projected = await h.as('db_viewer').get('/v1/bdbs?fields=uid,name')
    expect(projected.body).toEqual([
      { uid: 1, name: 'one' },
      { uid: 2, name: 'two' },
    ])
  })

  it('gets one database, with ?fields= (unknown field names are skipped)', async () => {
    const created = await createActiveBdb(h)
    const one = await h.as('admin').get('/v1/bdbs/1')
    expect(one.status).toBe(200)
    expect(one.body).toEqual(created)
    const projected = await h.as('admin').get('/v1/bdbs/1?fields=uid,status,nonexistent')
    expect(projected.body).toEqual({ uid: 1, status: 'active' })
  })

  it('an empty cluster lists []', async () => {
    const res = await h.as('admin').get('/v1/bdbs')
    expect(res.status).toBe(200)
    expect(res.body).toEqual([])
  })
})

describe('PUT /v1/bdbs/{uid} (seed 004 "Update database configuration")', () => {
  it('answers 200 with the updated bdb in active-change-pending', async () => {
    await createActiveBdb(h)
    h.clock.advance(60_000)
    const res = await h.as('admin').put('/v1/bdbs/1', { replication: true, data_persistence: 'aof' })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ uid: 1, replication: true, data_persistence: 'aof', status: 'active-change-pending' })
    expect(res.body.action_uid).toMatch(/^[0-9a-f-]{36}$/)
    expect(res.body.last_changed_time).toBe('2026-01-15T10:01:01Z')
    expect(res.body.created_time).toBe('2026-01-15T10:00:00Z')
    // a replicated shard takes a second shard uid
    expect(res.body.shard_list).toEqual([1, 2])
  })

  it('accepts a bdb fetched with GET sent back whole (read-only keys are ignored)', async () => {
    const bdb = await createActiveBdb(h)
    const res = await h.as('admin').put('/v1/bdbs/1', { ...bdb, name: 'renamed' })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ uid: 1, name: 'renamed', status: 'active-change-pending' })
  })

  it('moves the endpoint when the port changes', async () => {
    await createActiveBdb(h)
    const res = await h.as('admin').put('/v1/bdbs/1', { port: 16000 })
    expect(res.status).toBe(200)
    expect(res.body.endpoints[0]).toMatchObject({ port: 16000, dns_name: 'redis-16000.docker-cluster' })
  })

  it('?dry_run validates against the existing database and changes nothing', async () => {
    const before = await createActiveBdb(h)
    const res = await h.as('admin').put('/v1/bdbs/1?dry_run', { memory_size: 2 * GB })
    expect(res.status).toBe(200)
    expect(res.body.memory_size).toBe(2 * GB)
    expect((await h.as('admin').get('/v1/bdbs/1')).body).toEqual(before)
    expect((await h.as('admin').get('/v2/actions')).body).toHaveLength(1)
  })
})

describe('PUT /v1/bdbs/{uid}/{action} (seed 004)', () => {
  it('reset_admin_pass updates and sets a new admin password', async () => {
    const before = await createActiveBdb(h)
    const res = await h.as('admin').put('/v1/bdbs/1/reset_admin_pass', { memory_size: 2 * GB })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ memory_size: 2 * GB, status: 'active-change-pending' })
    expect(res.body.authentication_admin_pass).toMatch(/^[A-Za-z0-9]{48}$/)
    expect(res.body.authentication_admin_pass).not.toBe(before.authentication_admin_pass)
  })

  it('flush updates the database (and has no data to flush) without a body', async () => {
    const before = await createActiveBdb(h)
    const res = await h.as('admin').put('/v1/bdbs/1/flush')
    expect(res.status).toBe(200)
    expect(res.body.status).toBe('active-change-pending')
    expect(res.body.authentication_admin_pass).toBe(before.authentication_admin_pass)
  })

  it('?dry_run on an action changes nothing', async () => {
    const before = await createActiveBdb(h)
    const res = await h.as('admin').put('/v1/bdbs/1/reset_admin_pass?dry_run', {})
    expect(res.status).toBe(200)
    expect((await h.as('admin').get('/v1/bdbs/1')).body).toEqual(before)
  })
})

describe('DELETE /v1/bdbs/{uid} (seed 004)', () => {
  it('answers 200 with an empty body; the bdb is delete-pending, then gone (404)', async () => {
    await createActiveBdb(h)
    const res = await h.as('admin').delete('/v1/bdbs/1')
    expect(res.status).toBe(200)
    expect(res.text).toBe('')
    expect((await h.as('admin').get('/v1/bdbs/1')).body.status).toBe('delete-pending')
    h.clock.advance(h.emulator.delays.get('redis-enterprise.bdb.delete'))
    const gone = await h.as('admin').get('/v1/bdbs/1')
    expect(gone.status).toBe(404)
    expect(gone.body).toEqual({ error_code: 'db_not_exist', description: 'Database 1 does not exist', message: 'Database 1 does not exist' })
    expect((await h.as('admin').get('/v1/bdbs')).body).toEqual([])
  })

  it('frees the port and shards of a deleted database', async () => {
    await createActiveBdb(h)
    await h.as('admin').delete('/v1/bdbs/1')
    h.clock.advance(h.emulator.delays.get('redis-enterprise.bdb.delete'))
    const res = await h.as('admin').post('/v1/bdbs', { name: 'again', memory_size: GB, port: 12000 })
    expect(res.status).toBe(200)
    expect(res.body.uid).toBe(2)
    expect((await h.as('admin').get('/v1/shards')).body.map((s: any) => s.bdb_uid)).toEqual([2])
  })
})
