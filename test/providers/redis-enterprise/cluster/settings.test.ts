// Cluster settings (reference §5.1, §5.2, §5.4): PUT /v1/cluster with dry_run, the policy, services_configuration.
import { beforeEach, describe, expect, it } from 'vitest'
import { capture, createReHarness, expectError, GB, typeMap, type ReHarness } from '../../../helpers/redis-enterprise.js'

let h: ReHarness
beforeEach(async () => {
  h = await createReHarness()
})

describe('PUT /v1/cluster', () => {
  it('answers the full updated object, which GET /v1/cluster then reads back; keys and types stay the captured ones', async () => {
    const body = { email_alerts: true, alert_settings: { node_failed: true, node_memory: { enabled: true, threshold: '80' } }, cm_session_timeout_minutes: 30 }
    const res = await h.as('admin').put('/v1/cluster', body)
    expect(res.status).toBe(200)
    const real = capture('cluster')
    expect(res.body).toEqual({
      ...real,
      email_alerts: true,
      cm_session_timeout_minutes: 30,
      alert_settings: { ...real.alert_settings, node_failed: true, node_memory: { enabled: true, threshold: '80' } },
    })
    expect((await h.as('db_viewer').get('/v1/cluster')).body).toEqual(res.body)
    expect(typeMap(res.body)).toEqual(typeMap(real))
  })
  it('?dry_run answers the would-be object and changes nothing', async () => {
    const res = await h.as('admin').put('/v1/cluster?dry_run', { email_alerts: true })
    expect(res.status).toBe(200)
    expect(res.body.email_alerts).toBe(true)
    expect((await h.as('admin').get('/v1/cluster')).body).toEqual(capture('cluster'))
    expectError(await h.as('admin').put('/v1/cluster?dry_run=1', { email_alerts: 'yes' }), 400, 'invalid_schema')
  })
  it('the object a GET returned goes back unchanged (read-only keys echoed with their value are accepted)', async () => {
    const current = (await h.as('admin').get('/v1/cluster')).body
    const res = await h.as('admin').put('/v1/cluster', current)
    expect(res.status).toBe(200)
    expect(res.body).toEqual(current)
  })
  it('unknown keys, wrong types, read-only keys, bad alerts: 400 invalid_schema, nothing changed', async () => {
    const bad = [
      { no_such_setting: 1 },
      { email_alerts: 'true' },
      { cm_port: 'x' },
      { name: 'renamed.example.test' },
      { created_time: '2020-01-01T00:00:00Z' },
      // reference §5.1: redisctl's alerts settings-update puts keys that are not alert names
      { alert_settings: { cluster_alerts_enabled: true } },
      { alert_settings: { node_memory: { enabled: true, threshold: 80 } } },
      { alert_settings: 'on' },
    ]
    for (const body of bad) expectError(await h.as('admin').put('/v1/cluster', body), 400, 'invalid_schema')
    expectError(await h.as('admin').put('/v1/cluster', [1]), 400, 'invalid_schema')
    expect((await h.as('admin').get('/v1/cluster')).body).toEqual(capture('cluster'))
  })
  it('rack_aware is the policy setting: PUT /v1/cluster changes both, and rack-aware databases become possible', async () => {
    expectError(await h.as('admin').post('/v1/bdbs', { name: 'ra', memory_size: GB, rack_aware: true, replication: true }), 406, 'not_rack_aware')
    expect((await h.as('admin').put('/v1/cluster', { rack_aware: true })).body.rack_aware).toBe(true)
    expect((await h.as('admin').get('/v1/cluster/policy')).body.rack_aware).toBe(true)
    expect((await h.as('admin').post('/v1/bdbs', { name: 'ra', memory_size: GB, rack_aware: true, replication: true })).status).toBe(200)
  })
})

describe('GET/PUT /v1/cluster/policy', () => {
  it('GET: the documented defaults (reference §5.2)', async () => {
    const res = await h.as('db_viewer').get('/v1/cluster/policy')
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({
      redis_upgrade_policy: 'major',
      default_shards_placement: 'dense',
      default_sharded_proxy_policy: 'single',
      default_non_sharded_proxy_policy: 'single',
      default_oss_cluster: false,
      default_oss_sharding: false,
      rack_aware: false,
      db_conns_auditing: false,
      auto_recovery: false,
      default_recovery_wait_time: -1,
      repl_diskless: true,
      resp3_default: true,
      max_simultaneous_backups: 4,
    })
    expect(Object.keys(res.body)).toEqual(Object.keys(res.body).sort())
  })
  it('PUT changes what GET reads back and answers the updated object', async () => {
    const res = await h.as('admin').put('/v1/cluster/policy', { default_shards_placement: 'sparse', default_sharded_proxy_policy: 'all-nodes', db_conns_auditing: true })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ default_shards_placement: 'sparse', default_sharded_proxy_policy: 'all-nodes', db_conns_auditing: true })
    expect((await h.as('admin').get('/v1/cluster/policy')).body).toEqual(res.body)
  })
  it('an unknown key, a wrong type or a value outside the enum: 400 invalid_schema (inferred: the page says "failed to set parameters")', async () => {
    for (const body of [{ shards_placement: 'sparse' }, { default_shards_placement: 'scattered' }, { rack_aware: 'yes' }, { max_simultaneous_backups: 1.5 }]) {
      expectError(await h.as('admin').put('/v1/cluster/policy', body), 400, 'invalid_schema')
    }
    expect((await h.as('admin').get('/v1/cluster/policy')).body.default_shards_placement).toBe('dense')
  })
  it('PUT /v1/cluster/policy/restore_default brings back the defaults (inferred: reference §1.3 gives no body)', async () => {
    const defaults = (await h.as('admin').get('/v1/cluster/policy')).body
    await h.as('admin').put('/v1/cluster/policy', { default_shards_placement: 'sparse', rack_aware: true })
    const res = await h.as('admin').put('/v1/cluster/policy/restore_default', {})
    expect(res.status).toBe(200)
    expect(res.body).toEqual(defaults)
    expect((await h.as('admin').get('/v1/cluster')).body.rack_aware).toBe(false)
  })
  it('reference §5.2: /v1/cluster/policies (what redisctl retries) is not a route', async () => {
    expectError(await h.as('admin').get('/v1/cluster/policies'), 404, 'not_found')
    expectError(await h.as('admin').put('/v1/cluster/policies', {}), 404, 'not_found')
  })
})

describe('GET/PUT /v1/cluster/services_configuration', () => {
  it('every optional service with its operating mode; PUT changes one and answers the whole object', async () => {
    const before = (await h.as('cluster_viewer').get('/v1/cluster/services_configuration')).body
    expect(Object.keys(before)).toEqual([
      'alert_mgr',
      'call_home_agent',
      'cm_server',
      'crdb_coordinator',
      'crdb_worker',
      'entraid_agent_mgr',
      'ldap_agent_mgr',
      'mdns_server',
      'pdns_server',
      'sentinel_service',
      'stats_archiver',
    ])
    for (const value of Object.values(before)) expect(value).toEqual({ operating_mode: expect.stringMatching(/^(enabled|disabled)$/) })
    const res = await h.as('admin').put('/v1/cluster/services_configuration', { stats_archiver: { operating_mode: 'enabled' }, mdns_server: { operating_mode: 'disabled' } })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ ...before, stats_archiver: { operating_mode: 'enabled' }, mdns_server: { operating_mode: 'disabled' } })
    expect((await h.as('admin').get('/v1/cluster/services_configuration')).body).toEqual(res.body)
  })
  it('an unknown service or mode: 400 invalid_schema', async () => {
    for (const body of [{ ccs: { operating_mode: 'disabled' } }, { cm_server: { operating_mode: 'off' } }, { cm_server: 'disabled' }, { cm_server: { operating_mode: 'enabled', extra: 1 } }]) {
      expectError(await h.as('admin').put('/v1/cluster/services_configuration', body), 400, 'invalid_schema')
    }
  })
})

describe('reference §1.3: cluster routes real clusters do not have', () => {
  it.each([
    ['GET', '/v1/cluster/settings'],
    ['GET', '/v1/cluster/topology'],
    ['GET', '/v1/cluster/license'],
    ['GET', '/v1/cluster/suffixes'],
    ['GET', '/v1/license/usage'],
    ['POST', '/v1/license/validate'],
    ['GET', '/v1/proxies/1/stats'],
    ['POST', '/v1/proxies/1/actions/reload'],
    ['GET', '/v1/nodes/1/proxies'],
    ['POST', '/v1/suffix'],
    ['POST', '/v1/ocsp/query'],
    ['DELETE', '/v1/ocsp/cache'],
    ['GET', '/v1/ocsp/test'],
  ])('%s %s -> 404', async (method, path) => {
    const admin = h.as('admin')
    const res = method === 'GET' ? await admin.get(path) : method === 'POST' ? await admin.post(path, {}) : await admin.delete(path)
    expectError(res, 404, 'not_found')
  })
})

describe('the policy\'s database defaults (D:objects/cluster_settings)', () => {
  it('a new database takes default_shards_placement and the sharded / non-sharded proxy policy the body leaves out', async () => {
    await h.as('admin').put('/v1/cluster/policy', { default_shards_placement: 'sparse', default_sharded_proxy_policy: 'all-master-shards', default_non_sharded_proxy_policy: 'all-nodes' })
    const single = (await h.as('admin').post('/v1/bdbs', { name: 'single', memory_size: GB })).body
    expect([single.shards_placement, single.proxy_policy, single.endpoints[0].proxy_policy]).toEqual(['sparse', 'all-nodes', 'all-nodes'])
    const regex = [{ regex: '(?<tag>.*)' }]
    const sharded = (await h.as('admin').post('/v1/bdbs', { name: 'sharded', memory_size: GB, sharding: true, shards_count: 2, shard_key_regex: regex })).body
    expect([sharded.shards_placement, sharded.proxy_policy]).toEqual(['sparse', 'all-master-shards'])
    const explicit = (await h.as('admin').post('/v1/bdbs', { name: 'explicit', memory_size: GB, shards_placement: 'dense', proxy_policy: 'single' })).body
    expect([explicit.shards_placement, explicit.proxy_policy]).toEqual(['dense', 'single'])
  })
})
