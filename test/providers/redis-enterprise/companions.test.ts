// Redis Enterprise companion endpoints (reference §6) in the captured real shapes: cluster, nodes, bootstrap, licence,
// modules, shards, users and roles.
import { beforeEach, describe, expect, it } from 'vitest'
import { capture, createActiveBdb, createReHarness, expectError, GB, typeMap, type ReHarness } from '../../helpers/redis-enterprise.js'

let h: ReHarness
beforeEach(async () => {
  h = await createReHarness()
})

describe('cluster, bootstrap, modules: the captured bodies', () => {
  it('GET /v1/cluster', async () => {
    const res = await h.as('db_viewer').get('/v1/cluster')
    expect(res.status).toBe(200)
    expect(res.body).toEqual(capture('cluster'))
    expect(res.body).toMatchObject({ cnm_https_port: 9443, cnm_http_port: 8080 })
  })
  it('GET /v1/bootstrap: completed, so clients proceed', async () => {
    const res = await h.as('admin').get('/v1/bootstrap')
    expect(res.body).toEqual(capture('bootstrap_status'))
    expect(res.body.bootstrap_status.state).toBe('completed')
  })
  it('GET /v1/modules and /v2/modules', async () => {
    expect((await h.as('admin').get('/v1/modules')).body).toEqual(capture('modules_list'))
    expect((await h.as('admin').get('/v2/modules')).body).toEqual(capture('modules_list'))
  })
})

describe('nodes', () => {
  it('GET /v1/nodes lists the configured nodes (default 3) in the captured node shape', async () => {
    const res = await h.as('admin').get('/v1/nodes')
    const real = capture('node_single')
    expect(res.body).toHaveLength(3)
    for (const node of res.body) expect(typeMap(node)).toEqual(typeMap(real))
    expect(res.body.map((n: any) => [n.uid, n.addr, n.status])).toEqual([
      [1, '192.168.16.2', 'active'],
      [2, '192.168.16.3', 'active'],
      [3, '192.168.16.4', 'active'],
    ])
  })
  it('a single-node cluster answers exactly the captured node once a database has its shard', async () => {
    const single = await createReHarness({ nodes: 1 })
    await createActiveBdb(single)
    expect((await single.as('admin').get('/v1/nodes')).body).toEqual(capture('nodes_list'))
    expect((await single.as('admin').get('/v1/nodes/1')).body).toEqual(capture('node_single'))
  })
  it('nodes count the shards placed on them', async () => {
    await createActiveBdb(h, { replication: true })
    const nodes = (await h.as('admin').get('/v1/nodes')).body
    expect(nodes.map((n: any) => [n.shard_count, n.shard_list])).toEqual([
      [1, [1]],
      [1, [2]],
      [0, []],
    ])
  })
  it('an unknown node is 404 node_not_exist, a non-integer uid 404 not_found', async () => {
    expectError(await h.as('admin').get('/v1/nodes/4'), 404, 'node_not_exist')
    expectError(await h.as('admin').get('/v1/nodes/x'), 404, 'not_found')
  })
})

describe('licence and shards', () => {
  it('GET /v1/license: the captured keys and types, shards in use following the databases', async () => {
    const real = capture('license')
    const empty = (await h.as('admin').get('/v1/license')).body
    expect(typeMap(empty)).toEqual(typeMap(real))
    expect(empty).toMatchObject({ expired: false, shards_limit: 4, ram_shards_in_use: 0, features: ['trial', 'bigstore'] })
    await createActiveBdb(h, { replication: true })
    expect((await h.as('admin').get('/v1/license')).body.ram_shards_in_use).toBe(2)
  })
  it('the shards limit is a setting (--redis-enterprise-shards-limit)', async () => {
    const big = await createReHarness({ shardsLimit: 100 })
    expect((await big.as('admin').get('/v1/license')).body.shards_limit).toBe(100)
    const regex = [{ regex: '(?<tag>.*)' }]
    expect((await big.as('admin').post('/v1/bdbs', { name: 'wide', memory_size: GB, sharding: true, shards_count: 10, shard_key_regex: regex })).status).toBe(200)
  })
  it('GET /v1/shards: the captured shape; masters and replicas on different nodes; slots split', async () => {
    expect((await h.as('admin').get('/v1/shards')).body).toEqual([])
    await createActiveBdb(h)
    const single = (await h.as('admin').get('/v1/shards')).body
    expect(single).toEqual(capture('shards_list'))
    await createActiveBdb(h, { name: 'sharded', replication: true, sharding: true, shards_count: 1, oss_sharding: true })
    const all = (await h.as('admin').get('/v1/shards')).body
    expect(all.slice(1).map((s: any) => [s.uid, s.bdb_uid, s.node_uid, s.role, s.assigned_slots])).toEqual([
      ['2', 2, '2', 'master', '0-16383'],
      ['3', 2, '3', 'slave', '0-16383'],
    ])
  })
  it('sparse placement spreads masters and splits the hash slots', async () => {
    const big = await createReHarness({ shardsLimit: 10 })
    await createActiveBdb(big, { sharding: true, shards_count: 2, oss_sharding: true, shards_placement: 'sparse' })
    const shards = (await big.as('admin').get('/v1/shards')).body
    expect(shards.map((s: any) => [s.node_uid, s.assigned_slots])).toEqual([
      ['1', '0-8191'],
      ['2', '8192-16383'],
    ])
  })
})

describe('users (/v1/users) and roles (/v1/roles)', () => {
  it('GET /v1/users/1 is the captured admin user; the list has one user per role', async () => {
    expect((await h.as('admin').get('/v1/users/1')).body).toEqual(capture('user_single'))
    const list = (await h.as('admin').get('/v1/users')).body
    expect(list[0]).toEqual(capture('users_list')[0])
    expect(list.map((u: any) => [u.uid, u.email, u.role, u.role_uids])).toEqual([
      [1, 'admin@redis.local', 'admin', [1]],
      [2, 'cluster.member@redis.local', 'cluster_member', [2]],
      [3, 'cluster.viewer@redis.local', 'cluster_viewer', [3]],
      [4, 'db.member@redis.local', 'db_member', [4]],
      [5, 'db.viewer@redis.local', 'db_viewer', [5]],
      // reference-more §1.1: the user_manager and none management roles (built-in roles 7 and 6)
      [6, 'user.manager@redis.local', 'user_manager', [7]],
      [7, 'none@redis.local', 'none', [6]],
    ])
    for (const user of list) expect(typeMap(user)).toEqual(typeMap(capture('user_single')))
  })

  it('POST /v1/users creates a user (never echoing the password); role_uids can name the role', async () => {
    const res = await h.as('admin').post('/v1/users', { email: 'ops@example.com', password: 'ops-password', name: 'Ops', role_uids: [3] })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      auth_method: 'regular',
      certificate_subject_line: '',
      email: 'ops@example.com',
      email_alerts: true,
      name: 'Ops',
      password_issue_date: '2026-01-15T10:00:00Z',
      role: 'cluster_viewer',
      role_uids: [3],
      status: 'active',
      uid: 8,
    })
    expect((await h.as('admin').get('/v1/users/8')).body).toEqual(res.body)
  })

  it('POST /v1/users errors: duplicate email 409, missing fields, short password, unknown keys', async () => {
    expectError(await h.as('admin').post('/v1/users', { email: 'admin@redis.local', password: 'whatever-pass', role: 'admin' }), 409, 'user_exists')
    expectError(await h.as('admin').post('/v1/users', { password: 'whatever-pass', role: 'admin' }), 406, 'invalid_user')
    expectError(await h.as('admin').post('/v1/users', { email: 'a@b.c', role: 'admin' }), 406, 'invalid_user')
    expectError(await h.as('admin').post('/v1/users', { email: 'a@b.c', password: 'whatever-pass' }), 406, 'invalid_user')
    expectError(await h.as('admin').post('/v1/users', { email: 'a@b.c', password: 'whatever-pass', role_uids: [99] }), 406, 'invalid_user')
    // captures/cluster.json password_min_length 8
    expectError(await h.as('admin').post('/v1/users', { email: 'a@b.c', password: 'short', role: 'admin' }), 406, 'password_not_complex')
    expectError(await h.as('admin').post('/v1/users', { email: 'a@b.c', password: 'whatever-pass', role: 'root' }), 406, 'invalid_schema')
    expectError(await h.as('admin').post('/v1/users', { email: 'a@b.c', password: 'whatever-pass', role: 'admin', shoe: 1 }), 406, 'invalid_schema')
    expect((await h.as('admin').get('/v1/users')).body).toHaveLength(7)
  })

  it('POST /v1/users follows the password_min_length PUT /v1/cluster sets (reference-more §5.1)', async () => {
    expect((await h.as('admin').put('/v1/cluster', { password_min_length: 12 })).status).toBe(200)
    expectError(await h.as('admin').post('/v1/users', { email: 'a@b.c', password: 'ten-chars!', role: 'admin' }), 406, 'password_not_complex')
    expect((await h.as('admin').post('/v1/users', { email: 'a@b.c', password: 'twelve-chars', role: 'admin' })).status).toBe(200)
  })

  it('PUT /v1/users/{uid} updates; unknown uid 404; an email taken by another user 409', async () => {
    const res = await h.as('admin').put('/v1/users/3', { name: 'Viewer', email_alerts: false })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ uid: 3, name: 'Viewer', email_alerts: false, role: 'cluster_viewer' })
    expectError(await h.as('admin').put('/v1/users/42', { name: 'x' }), 404, 'user_not_exist')
    expectError(await h.as('admin').put('/v1/users/3', { email: 'admin@redis.local' }), 409, 'user_exists')
  })

  it('DELETE /v1/users/{uid}: 200 empty, then 404', async () => {
    const res = await h.as('admin').delete('/v1/users/5')
    expect(res.status).toBe(200)
    expect(res.text).toBe('')
    expectError(await h.as('admin').get('/v1/users/5'), 404, 'user_not_exist')
    expectError(await h.as('admin').delete('/v1/users/5'), 404, 'user_not_exist')
  })

  it('GET /v1/roles: the built-in roles, None and User Manager included (reference-more §3.1)', async () => {
    expect((await h.as('admin').get('/v1/roles')).body).toEqual([
      { uid: 1, name: 'Admin', management: 'admin' },
      { uid: 2, name: 'Cluster Member', management: 'cluster_member' },
      { uid: 3, name: 'Cluster Viewer', management: 'cluster_viewer' },
      { uid: 4, name: 'DB Member', management: 'db_member' },
      { uid: 5, name: 'DB Viewer', management: 'db_viewer' },
      { uid: 6, name: 'None', management: 'none' },
      // reference-more §3.1: the User Manager uid is undocumented (INF: 7)
      { uid: 7, name: 'User Manager', management: 'user_manager' },
    ])
  })
})
