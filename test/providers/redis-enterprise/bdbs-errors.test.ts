// Redis Enterprise bdb error codes (seed 004) in the {"error_code","description","message"} envelope (reference §4).
import { generate } from 'selfsigned'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createFileHarness, tempDir } from '../../helpers/harness.js'
import { createActiveBdb, createReHarness, expectError, GB, withRoles, type ReHarness } from '../../helpers/redis-enterprise.js'

let h: ReHarness
beforeEach(async () => {
  h = await createReHarness()
})

const create = (body: unknown) => h.as('admin').post('/v1/bdbs', body)
const base = { name: 'db', memory_size: GB }

/** Nothing was stored by a rejected request: no bdb, no action (no half-written store). */
async function expectNothingStored(): Promise<void> {
  expect((await h.as('admin').get('/v1/bdbs')).body).toEqual([])
  expect((await h.as('admin').get('/v2/actions')).body).toEqual([])
}

describe('unknown and malformed uids', () => {
  it('an unknown integer uid is 404 db_not_exist on GET, PUT, PUT action and DELETE (seed 004)', async () => {
    expectError(await h.as('admin').get('/v1/bdbs/42'), 404, 'db_not_exist')
    expectError(await h.as('admin').put('/v1/bdbs/42', { memory_size: GB }), 404, 'db_not_exist')
    expectError(await h.as('admin').put('/v1/bdbs/42/flush', {}), 404, 'db_not_exist')
    expectError(await h.as('admin').delete('/v1/bdbs/42'), 404, 'db_not_exist')
  })

  it('a non-integer uid matches no `{int: uid}` route: 404 not_found', async () => {
    for (const uid of ['abc', '1.5', '-1', '0', '1e3', '99999999999999999999']) {
      expectError(await h.as('admin').get(`/v1/bdbs/${uid}`), 404, 'not_found')
      expectError(await h.as('admin').delete(`/v1/bdbs/${uid}`), 404, 'not_found')
    }
    expectError(await h.as('admin').put('/v1/bdbs/abc', {}), 404, 'not_found')
  })

  it('an action other than flush and reset_admin_pass is not a route: 404 (seed 004 lists the supported actions)', async () => {
    await createActiveBdb(h)
    expectError(await h.as('admin').put('/v1/bdbs/1/restart', {}), 404, 'not_found')
    expectError(await h.as('admin').put('/v1/bdbs/1/stop', {}), 404, 'not_found')
  })
})

describe('POST /v1/bdbs required fields and uid/port clashes (seed 004)', () => {
  it('missing name: 406 missing_db_name', async () => {
    expectError(await create({ memory_size: GB }), 406, 'missing_db_name')
    expectError(await create({}), 406, 'missing_db_name')
    await expectNothingStored()
  })

  it('missing memory_size: 406 missing_memory_size', async () => {
    expectError(await create({ name: 'db' }), 406, 'missing_memory_size')
    await expectNothingStored()
  })

  it('a uid in use: 409 uid_exists', async () => {
    await createActiveBdb(h)
    expectError(await create({ ...base, uid: 1 }), 409, 'uid_exists')
  })

  it('a port in use, reserved by the cluster or out of range: 406 port_unavailable', async () => {
    await createActiveBdb(h)
    expectError(await create({ ...base, port: 12000 }), 406, 'port_unavailable')
    // captures/cluster.json system_reserved_ports
    expectError(await create({ ...base, port: 9443 }), 406, 'port_unavailable')
    expectError(await create({ ...base, port: 70000 }), 406, 'port_unavailable')
    expectError(await create({ ...base, port: -5 }), 406, 'port_unavailable')
  })
})

describe('configuration rules (seed 004 error codes)', () => {
  it('invalid_sharding: several shards without sharding, or sharding without hashing rules', async () => {
    expectError(await create({ ...base, shards_count: 2 }), 406, 'invalid_sharding')
    expectError(await create({ ...base, shards_count: 2, sharding: true }), 406, 'invalid_sharding')
    const ok = await create({ ...base, shards_count: 2, sharding: true, shard_key_regex: [{ regex: '.*\\{(?<tag>.*)\\}.*' }, { regex: '(?<tag>.*)' }] })
    expect(ok.status).toBe(200)
    expect(ok.body.shard_list).toEqual([1, 2])
  })

  it('invalid_version: a version the nodes do not support', async () => {
    expectError(await create({ ...base, version: '9.9' }), 406, 'invalid_version')
    expectError(await create({ ...base, version: '1.4.17' }), 406, 'invalid_version')
    expect((await create({ ...base, type: 'memcached', version: '1.4.17' })).status).toBe(200)
  })

  it('invalid_version on update: the version only changes through an upgrade (bdb object docs)', async () => {
    await createActiveBdb(h)
    expectError(await h.as('admin').put('/v1/bdbs/1', { version: '7.4' }), 406, 'invalid_version')
    expect((await h.as('admin').put('/v1/bdbs/1', { version: '8.0' })).status).toBe(200)
  })

  it('eviction_policy_violation: LFU on a version below 4', async () => {
    expectError(await create({ ...base, version: '3.2.0', eviction_policy: 'allkeys-lfu' }), 406, 'eviction_policy_violation')
    expectError(await create({ ...base, version: '3.2.0', eviction_policy: 'volatile-lfu' }), 406, 'eviction_policy_violation')
  })

  it('missing_backup_interval: backup enabled without an interval', async () => {
    expectError(await create({ ...base, backup: true }), 406, 'missing_backup_interval')
    expect((await create({ ...base, backup: true, backup_interval: 3600 })).status).toBe(200)
  })

  it('invalid_data_persistence: an unknown mode, or persistence on memcached', async () => {
    expectError(await create({ ...base, data_persistence: 'sometimes' }), 406, 'invalid_data_persistence')
    expectError(await create({ ...base, type: 'memcached', data_persistence: 'aof' }), 406, 'invalid_data_persistence')
  })

  it('invalid_proxy_policy: a value outside single, all-master-shards, all-nodes', async () => {
    expectError(await create({ ...base, proxy_policy: 'random' }), 406, 'invalid_proxy_policy')
    expect((await create({ ...base, proxy_policy: 'all-nodes' })).body.endpoints[0].proxy_policy).toBe('all-nodes')
  })

  it('invalid_bdb_tags: two tags with the same key', async () => {
    expectError(await create({ ...base, tags: [{ key: 'a', value: '1' }, { key: 'a', value: '2' }] }), 406, 'invalid_bdb_tags')
  })

  it('insufficient_resources: more shards than the licence allows, or more memory than the cluster has', async () => {
    // captures/license.json: shards_limit 4; a replicated shard counts twice
    await createActiveBdb(h, { replication: true })
    const regex = [{ regex: '(?<tag>.*)' }]
    expectError(await create({ ...base, name: 'big', shards_count: 3, sharding: true, shard_key_regex: regex }), 406, 'insufficient_resources')
    expect((await create({ ...base, name: 'fits', shards_count: 2, sharding: true, shard_key_regex: regex })).status).toBe(200)
    const h2 = await createReHarness()
    // 3 nodes of captures/node_single.json total_memory
    expectError(await h2.as('admin').post('/v1/bdbs', { name: 'huge', memory_size: 3 * 8217473024 + 1 }), 406, 'insufficient_resources')
  })

  it('missing_module: a module the cluster does not have', async () => {
    expectError(await create({ ...base, module_list: [{ module_name: 'graph' }] }), 406, 'missing_module')
    expectError(await create({ ...base, module_list: [{ module_name: 'search', semantic_version: '0.0.1' }] }), 406, 'missing_module')
  })

  it('memcached_cannot_use_modules', async () => {
    expectError(await create({ ...base, type: 'memcached', module_list: [{ module_name: 'bf' }] }), 406, 'memcached_cannot_use_modules')
  })

  it('unsupported_module_capabilities: a CRDT database with a module lacking the crdb capability', async () => {
    // captures/modules_list.json: bf has no "crdb" capability, ReJSON has
    expectError(await create({ ...base, crdt: true, replication: true, module_list: [{ module_name: 'bf' }] }), 406, 'unsupported_module_capabilities')
    expect((await create({ ...base, crdt: true, replication: true, module_list: [{ module_name: 'ReJSON' }] })).status).toBe(200)
  })

  it('not_rack_aware: a rack-aware database on a cluster that is not (captures/cluster.json rack_aware false)', async () => {
    expectError(await create({ ...base, rack_aware: true }), 406, 'not_rack_aware')
  })

  it('invalid_sasl_credentials: half a SASL pair on memcached, or SASL on redis', async () => {
    expectError(await create({ ...base, type: 'memcached', authentication_sasl_uname: 'u' }), 406, 'invalid_sasl_credentials')
    expectError(await create({ ...base, authentication_sasl_uname: 'u', authentication_sasl_pass: 'p' }), 406, 'invalid_sasl_credentials')
    expect((await create({ ...base, type: 'memcached', authentication_sasl_uname: 'u', authentication_sasl_pass: 'p' })).status).toBe(200)
  })

  it('redis_acl_unsupported: ACL roles on memcached', async () => {
    expectError(await create({ ...base, type: 'memcached', roles_permissions: [{ role_uid: 1, redis_acl_uid: 1 }] }), 406, 'redis_acl_unsupported')
  })

  it('replication_violation: a CRDT database without replication', async () => {
    expectError(await create({ ...base, crdt: true }), 406, 'replication_violation')
  })

  it('invalid_oss_cluster_configuration: OSS cluster API with the legacy hash slots policy', async () => {
    expectError(await create({ ...base, oss_cluster: true, hash_slots_policy: 'legacy' }), 406, 'invalid_oss_cluster_configuration')
    expect((await create({ ...base, oss_cluster: true })).status).toBe(200)
  })

  it('invalid_replication on create and replication_node_violation on update, on a single-node cluster', async () => {
    const single = await createReHarness({ nodes: 1 })
    expectError(await single.as('admin').post('/v1/bdbs', { ...base, replication: true }), 406, 'invalid_replication')
    await createActiveBdb(single)
    expectError(await single.as('admin').put('/v1/bdbs/1', { replication: true }), 406, 'replication_node_violation')
  })

  it('replication_size_violation: enabling replication on a database too small for it', async () => {
    await createActiveBdb(h, { memory_size: 100 * 1024 })
    expectError(await h.as('admin').put('/v1/bdbs/1', { replication: true }), 406, 'replication_size_violation')
  })

  it('rack_awareness_violation on update', async () => {
    await createActiveBdb(h)
    expectError(await h.as('admin').put('/v1/bdbs/1', { rack_aware: true }), 406, 'rack_awareness_violation')
  })

  it('insufficient_resources on update: more shards than the licence allows', async () => {
    await createActiveBdb(h)
    const res = await h.as('admin').put('/v1/bdbs/1', { shards_count: 5, sharding: true, oss_sharding: true })
    expectError(res, 406, 'insufficient_resources')
  })
})

describe('CRDT update rules (seed 004)', () => {
  beforeEach(async () => {
    await createActiveBdb(h, { name: 'crdb', crdt: true, replication: true })
  })
  it('name_violation: a CRDT database cannot be renamed', async () => {
    expectError(await h.as('admin').put('/v1/bdbs/1', { name: 'other' }), 406, 'name_violation')
  })
  it('crdt_sharding_violation: a CRDB created without sharding cannot start sharding', async () => {
    expectError(await h.as('admin').put('/v1/bdbs/1', { sharding: true, oss_sharding: true }), 406, 'crdt_sharding_violation')
  })
  it('replication_violation: a CRDT database cannot drop replication', async () => {
    expectError(await h.as('admin').put('/v1/bdbs/1', { replication: false }), 406, 'replication_violation')
  })
  it('not_supported_action_on_crdt: reset_admin_pass on a CRDT database', async () => {
    expectError(await h.as('admin').put('/v1/bdbs/1/reset_admin_pass', {}), 406, 'not_supported_action_on_crdt')
  })
})

describe('client certificates (seed 004 invalid_certificate, certificate_expired, duplicated_certs)', () => {
  let valid: string
  let expired: string
  beforeAll(async () => {
    const attrs = [{ name: 'commonName', value: 'client' }]
    valid = (await generate(attrs, { keySize: 1024, notBeforeDate: new Date('2025-01-01T00:00:00Z'), notAfterDate: new Date('2030-01-01T00:00:00Z') })).cert
    expired = (await generate(attrs, { keySize: 1024, notBeforeDate: new Date('2024-01-01T00:00:00Z'), notAfterDate: new Date('2025-01-01T00:00:00Z') })).cert
  })

  it('accepts a valid certificate', async () => {
    const res = await create({ ...base, tls_mode: 'enabled', authentication_ssl_client_certs: [{ client_cert: valid }] })
    expect(res.status).toBe(200)
    expect(res.body.authentication_ssl_client_certs).toEqual([{ client_cert: valid }])
  })
  it('invalid_certificate: not a PEM certificate', async () => {
    expectError(await create({ ...base, authentication_ssl_client_certs: [{ client_cert: 'not a cert' }] }), 406, 'invalid_certificate')
  })
  it('certificate_expired: past its notAfter on the emulator clock', async () => {
    expectError(await create({ ...base, authentication_ssl_client_certs: [{ client_cert: expired }] }), 406, 'certificate_expired')
  })
  it('duplicated_certs: the same certificate twice', async () => {
    const certs = [{ client_cert: valid }, { client_cert: valid }]
    expectError(await create({ ...base, authentication_ssl_client_certs: certs }), 406, 'duplicated_certs')
  })
})

describe('POST /v2/bdbs recovery plan (seed 004: "must match the number of shards")', () => {
  const file = { shard_slots: '0-16383', node_uid: '1', filename: 'redis-4.rdb' }
  it('a plan with a different number of data files than shards_count is rejected', async () => {
    const res = await h.as('admin').post('/v2/bdbs', { bdb: { ...base, shards_count: 1 }, recovery_plan: { data_files: [file, file] } })
    expectError(res, 406, 'invalid_recovery_plan')
    await expectNothingStored()
  })
  it('a plan naming a node outside the cluster is rejected', async () => {
    const res = await h.as('admin').post('/v2/bdbs', { bdb: base, recovery_plan: { data_files: [{ ...file, node_uid: '9' }] } })
    expectError(res, 406, 'invalid_recovery_plan')
  })
  it('the v2 body is checked: bdb is required, unknown keys are refused, bdb rules apply', async () => {
    expectError(await h.as('admin').post('/v2/bdbs', { recovery_plan: { data_files: [] } }), 406, 'invalid_schema')
    expectError(await h.as('admin').post('/v2/bdbs', { bdb: base, extra: 1 }), 406, 'invalid_schema')
    expectError(await h.as('admin').post('/v2/bdbs', { bdb: { memory_size: GB } }), 406, 'missing_db_name')
  })
})

describe('schema violations: 406 invalid_schema (reference §2.1: unknown or ill-typed attributes are rejected)', () => {
  it.each([
    ['an unknown key', { ...base, colour: 'blue' }],
    ['a wrong type', { ...base, memory_size: '1GB' }],
    ['a float memory size', { ...base, memory_size: 1.5 }],
    ['a value beyond a safe integer', { ...base, memory_size: 1e300 }],
    ['a null', { ...base, replication: null }],
    ['a bad enum', { ...base, eviction_policy: 'most-recent' }],
    ['a bad type', { ...base, type: 'valkey' }],
    ['shards_count out of 1-512', { ...base, shards_count: 513 }],
    ['an invalid name', { ...base, name: 'bad name!' }],
    ['an array body', [base]],
    ['a module without a name', { ...base, module_list: [{ module_args: '' }] }],
  ])('%s', async (_label, body) => {
    expectError(await create(body), 406, 'invalid_schema')
    await expectNothingStored()
  })

  it('on update: an unknown key, a wrong type, or another uid', async () => {
    await createActiveBdb(h)
    expectError(await h.as('admin').put('/v1/bdbs/1', { colour: 'blue' }), 406, 'invalid_schema')
    expectError(await h.as('admin').put('/v1/bdbs/1', { replication: 'yes' }), 406, 'invalid_schema')
    expectError(await h.as('admin').put('/v1/bdbs/1', { uid: 2 }), 406, 'invalid_schema')
    expect((await h.as('admin').get('/v1/bdbs/1')).body.status).toBe('active')
  })
})

describe('licence expired (seed 004: "403 Forbidden redislabs license expired")', () => {
  it('create and update-with-action answer 403; GET /v1/license says expired', async () => {
    const expiredHarness = await createReHarness({ licenseExpired: true })
    expectError(await expiredHarness.as('admin').post('/v1/bdbs', base), 403, 'license_expired')
    expectError(await expiredHarness.as('admin').post('/v2/bdbs', { bdb: base }), 403, 'license_expired')
    expect((await expiredHarness.as('admin').get('/v1/license')).body.expired).toBe(true)
  })

  it('an existing database cannot take an action once the licence expired, a plain update still works', async () => {
    const { dir, cleanup } = await tempDir()
    try {
      const first = withRoles(await createFileHarness(dir))
      await createActiveBdb(first)
      await first.emulator.store.flush()
      const later = withRoles(await createFileHarness(dir, { providers: { 'redis-enterprise': { settings: { licenseExpired: true } } } }, first.clock))
      expectError(await later.as('admin').put('/v1/bdbs/1/flush', {}), 403, 'license_expired')
      expect((await later.as('admin').put('/v1/bdbs/1', { memory_size: 2 * GB })).status).toBe(200)
    } finally {
      await cleanup()
    }
  })
})
