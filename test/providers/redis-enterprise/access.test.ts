// Redis Enterprise access management (reference-more §1, §3, §10, §19): roles, Redis ACLs, database access through
// roles_permissions, database passwords, internal and uniquely named databases, LDAP mappings and configuration.
import { beforeEach, describe, expect, it } from 'vitest'
import { capture, createActiveBdb, createReHarness, expectError, GB, RE, typeMap, type ReHarness } from '../../helpers/redis-enterprise.js'

let h: ReHarness
beforeEach(async () => {
  h = await createReHarness()
})
const admin = () => h.as('admin')

/** A 200 with no body (reference-more §1.2: mutations that "return a status code"). */
function expectEmptyOk(res: { status: number; text: string; body: unknown }): void {
  expect(res.status, res.text).toBe(200)
  expect(res.text).toBe('')
}

/** Lets an update's state machine finish (seed 004: 409 busy while it runs). */
async function settle(uid: number) {
  h.clock.advance(h.emulator.delays.get('redis-enterprise.bdb.update'))
  expect((await admin().get(`/v1/bdbs/${uid}`)).body.status).toBe('active')
}

const BUILT_IN_ROLES = [
  { management: 'admin', name: 'Admin', uid: 1 },
  { management: 'cluster_member', name: 'Cluster Member', uid: 2 },
  { management: 'cluster_viewer', name: 'Cluster Viewer', uid: 3 },
  { management: 'db_member', name: 'DB Member', uid: 4 },
  { management: 'db_viewer', name: 'DB Viewer', uid: 5 },
  { management: 'none', name: 'None', uid: 6 },
  { management: 'user_manager', name: 'User Manager', uid: 7 },
]

const BUILT_IN_ACLS = [
  { acl: '+@all ~*', name: 'Full Access', uid: 1 },
  { acl: '+@read ~*', name: 'Read Only', uid: 2 },
  { acl: '+@all -@dangerous ~*', name: 'Not Dangerous', uid: 3 },
]

describe('roles (reference-more §3.1, §3.2)', () => {
  it('GET /v1/roles and /v1/roles/{uid}: the built-in roles of a new cluster, keys in alphabetical order', async () => {
    const list = await h.as('db_viewer').get('/v1/roles')
    expect(list.status).toBe(200)
    expect(list.body).toEqual(BUILT_IN_ROLES)
    expect(list.text).toContain('{"management":"admin","name":"Admin","uid":1}')
    expect((await h.as('cluster_viewer').get('/v1/roles/4')).body).toEqual(BUILT_IN_ROLES[3])
    expectError(await admin().get('/v1/roles/99'), 404, 'role_not_exist')
  })

  it('POST creates a role with the next uid; dry_run validates without creating', async () => {
    const dry = await h.as('user_manager').post('/v1/roles?dry_run', { name: 'app-readers', management: 'db_viewer' })
    expect(dry.status).toBe(200)
    expect(dry.body).toEqual({ management: 'db_viewer', name: 'app-readers', uid: 8 })
    expectError(await admin().get('/v1/roles/8'), 404, 'role_not_exist')
    const created = await h.as('user_manager').post('/v1/roles', { name: 'app-readers', management: 'db_viewer' })
    expect(created.status).toBe(200)
    expect(created.text).toBe('{"management":"db_viewer","name":"app-readers","uid":8}')
    expect((await admin().get('/v1/roles/8')).body).toEqual(created.body)
    const scoped = await admin().post('/v1/roles', { name: 'scoped', management: 'db_member', resources: [{ type: 'db', uids: ['1'] }] })
    expect(scoped.body).toEqual({ management: 'db_member', name: 'scoped', resources: [{ type: 'db', uids: ['1'] }], uid: 9 })
  })

  it('POST errors: missing fields, bad values, duplicate names and uids (inferred: 409 name_already_exists, the OAS status)', async () => {
    expectError(await admin().post('/v1/roles', { management: 'db_viewer' }), 400, 'missing_field')
    expectError(await admin().post('/v1/roles', { name: 'x' }), 400, 'missing_field')
    expectError(await admin().post('/v1/roles', { name: 'x', management: 'root' }), 400, 'invalid_param')
    expectError(await admin().post('/v1/roles', { name: 'bad/name', management: 'none' }), 400, 'invalid_param')
    expectError(await admin().post('/v1/roles', { name: 'x', management: 'none', colour: 'red' }), 400, 'invalid_param')
    expectError(await admin().post('/v1/roles', { name: 42, management: 'none' }), 400, 'invalid_param')
    expectError(await admin().post('/v1/roles', { name: 'x', management: 'none', resources: [{ type: 'node', uids: ['1'] }] }), 400, 'unsupported_resource')
    expectError(await admin().post('/v1/roles', { name: 'DB Member', management: 'db_member' }), 409, 'name_already_exists')
    expectError(await admin().post('/v1/roles', { uid: 3, name: 'y', management: 'none' }), 409, 'uid_exists')
    expect((await admin().get('/v1/roles')).body).toEqual(BUILT_IN_ROLES)
  })

  it('PUT updates any subset; dry_run changes nothing; a user takes the new management value at once', async () => {
    await admin().post('/v1/roles', { name: 'ops', management: 'db_viewer' })
    const user = await admin().post('/v1/users', { email: 'ops@example.com', password: 'ops-password', role_uids: [8] })
    expect(user.body).toMatchObject({ role: 'db_viewer', role_uids: [8] })
    const ops = () => h.request(RE).post('/v1/bdbs').auth('ops@example.com', 'ops-password')
    expectError(await ops().send({ name: 'by-ops', memory_size: GB }), 403, 'insufficient_permissions')
    const dry = await admin().put('/v1/roles/8?dry_run', { management: 'db_member' })
    expect(dry.body).toEqual({ management: 'db_member', name: 'ops', uid: 8 })
    expect((await admin().get('/v1/roles/8')).body.management).toBe('db_viewer')
    const updated = await admin().put('/v1/roles/8', { management: 'db_member', name: 'operators' })
    expect(updated.body).toEqual({ management: 'db_member', name: 'operators', uid: 8 })
    expect((await admin().get(`/v1/users/${user.body.uid}`)).body.role).toBe('db_member')
    expect((await ops().send({ name: 'by-ops', memory_size: GB })).status).toBe(200)
    expectError(await admin().put('/v1/roles/8', { name: 'Admin' }), 409, 'name_already_exists')
    expectError(await admin().put('/v1/roles/8', { uid: 9 }), 400, 'invalid_param')
    expectError(await admin().put('/v1/roles/99', { name: 'x' }), 404, 'role_not_exist')
  })

  it('the last role keeping an admin cannot lose admin (change_last_admin_role_not_allowed; inferred: 406)', async () => {
    expectError(await admin().put('/v1/roles/1', { management: 'cluster_member' }), 406, 'change_last_admin_role_not_allowed')
    // with a second admin role held by an active user, the built-in Admin role may change
    await admin().post('/v1/roles', { name: 'Second Admin', management: 'admin' })
    await admin().post('/v1/users', { email: 'root2@example.com', password: 'root2-password', role_uids: [8] })
    expect((await admin().put('/v1/roles/1', { management: 'cluster_member' })).status).toBe(200)
    // admin@redis.local acted through role 1 and is a cluster member now; root2 is the last admin
    expectError(await admin().put('/v1/roles/8', { management: 'db_member' }), 403, 'insufficient_permissions')
    const root2 = h.request(RE).put('/v1/roles/8').auth('root2@example.com', 'root2-password')
    expectError(await root2.send({ management: 'db_member' }), 406, 'change_last_admin_role_not_allowed')
  })

  it('DELETE: 200 empty; dry_run keeps it; built-in or held roles are refused (inferred: 406)', async () => {
    await admin().post('/v1/roles', { name: 'temp', management: 'none' })
    expectEmptyOk(await admin().delete('/v1/roles/8?dry_run'))
    expect((await admin().get('/v1/roles/8')).status).toBe(200)
    await admin().post('/v1/users', { email: 't@example.com', password: 'temp-password', role_uids: [8] })
    expectError(await admin().delete('/v1/roles/8'), 406, 'role_in_use')
    await admin().delete('/v1/users/8')
    expectEmptyOk(await h.as('user_manager').delete('/v1/roles/8'))
    expectError(await admin().get('/v1/roles/8'), 404, 'role_not_exist')
    expectError(await admin().delete('/v1/roles/8'), 404, 'role_not_exist')
    expectError(await admin().delete('/v1/roles/4'), 406, 'builtin_role')
  })
})

describe('Redis ACLs (reference-more §3.3, §3.4)', () => {
  it('GET lists the built-in ACLs; GET one; unknown is 404', async () => {
    expect((await h.as('db_viewer').get('/v1/redis_acls')).body).toEqual(BUILT_IN_ACLS)
    expect((await h.as('db_viewer').get('/v1/redis_acls/3')).text).toBe('{"acl":"+@all -@dangerous ~*","name":"Not Dangerous","uid":3}')
    expectError(await admin().get('/v1/redis_acls/9'), 404, 'redis_acl_not_exist')
  })

  it('POST creates (dry_run does not); PUT changes the rule; DELETE removes', async () => {
    const dry = await admin().post('/v1/redis_acls?dry_run', { name: 'geo', acl: '~* +@geo' })
    expect(dry.body).toEqual({ acl: '~* +@geo', name: 'geo', uid: 4 })
    expect((await admin().get('/v1/redis_acls')).body).toHaveLength(3)
    const created = await h.as('user_manager').post('/v1/redis_acls', { name: 'geo', acl: '~* +@geo' })
    expect(created.body).toEqual({ acl: '~* +@geo', name: 'geo', uid: 4 })
    const updated = await admin().put('/v1/redis_acls/4', { acl: '~* +@geo -@dangerous' })
    expect(updated.body).toEqual({ acl: '~* +@geo -@dangerous', name: 'geo', uid: 4 })
    expect((await admin().put('/v1/redis_acls/4?dry_run', { acl: '+get ~cache:*' })).body.acl).toBe('+get ~cache:*')
    expect((await admin().get('/v1/redis_acls/4')).body.acl).toBe('~* +@geo -@dangerous')
    expectEmptyOk(await admin().delete('/v1/redis_acls/4'))
    expectError(await admin().get('/v1/redis_acls/4'), 404, 'redis_acl_not_exist')
  })

  it('the rule text is checked (inferred: 400 invalid_param; passwords, on/off and reset belong to the cluster)', async () => {
    for (const acl of ['', '   ', '+@nosuchcategory ~*', 'on +@all ~*', '>secret +@all', 'nopass', 'reset', '+@all ~', '(+get ~x)']) {
      expectError(await admin().post('/v1/redis_acls', { name: 'bad', acl }), 400, 'invalid_param')
    }
    for (const acl of ['+@all ~*', '+get +set ~cache:*', '%R~app:* +@read', '+@all -flushall &* allkeys', '+client|list ~*']) {
      expect((await admin().post('/v1/redis_acls?dry_run', { name: 'good', acl })).status, acl).toBe(200)
    }
  })

  it('errors: missing fields, duplicate names, unknown keys (redisctl --description), the read-only Full Access', async () => {
    expectError(await admin().post('/v1/redis_acls', { acl: '+@all ~*' }), 400, 'missing_field')
    expectError(await admin().post('/v1/redis_acls', { name: 'x' }), 400, 'missing_field')
    expectError(await admin().post('/v1/redis_acls', { name: 'Read Only', acl: '+@read ~*' }), 409, 'name_already_exists')
    // reference-more §3.4: `redisctl acl create --description` adds a key the object does not have (inferred: refused)
    expectError(await admin().post('/v1/redis_acls', { name: 'x', acl: '+@read ~*', description: 'reads' }), 400, 'invalid_param')
    expectError(await admin().put('/v1/redis_acls/1', { acl: '+@read ~*' }), 409, 'read_only_object')
    expectError(await admin().delete('/v1/redis_acls/1'), 409, 'read_only_object')
    expectError(await admin().put('/v1/redis_acls/2', { name: 'Not Dangerous' }), 409, 'name_already_exists')
  })

  it('an ACL a database binds cannot be deleted (inferred: 406 redis_acl_in_use)', async () => {
    await createActiveBdb(h, { roles_permissions: [{ role_uid: 4, redis_acl_uid: 2 }] })
    expectError(await admin().delete('/v1/redis_acls/2'), 406, 'redis_acl_in_use')
    expect((await admin().get('/v1/redis_acls/2')).status).toBe(200)
  })
})

describe('the vault database plugin, call by call (reference-more §3.2, VAULT:new_user.go, delete_user.go)', () => {
  it('ACL statement: find the ACL, create a role, bind it, create the user; revoke: delete the user, then the role', async () => {
    const bdb = await createActiveBdb(h, { name: 'mydb' })
    // new user
    const acls = await admin().get('/v1/redis_acls')
    expect(acls.status).toBe(200)
    const acl = acls.body.find((a: any) => a.name === 'Read Only')
    const role = await admin().post('/v1/roles', { name: 'mydb-v-token-readonly-1700000000', management: 'db_member' })
    expect(role.status).toBe(200)
    expect(role.body).toEqual({ management: 'db_member', name: 'mydb-v-token-readonly-1700000000', uid: 8 })
    const bdbs = await admin().get('/v1/bdbs')
    const found = bdbs.body.find((b: any) => b.name === 'mydb')
    const bound = await admin().put(`/v1/bdbs/${found.uid}`, { roles_permissions: [...found.roles_permissions, { role_uid: role.body.uid, redis_acl_uid: acl.uid }] })
    expect(bound.status).toBe(200)
    expect(bound.body.roles_permissions).toEqual([{ role_uid: 8, redis_acl_uid: 2 }])
    const user = await admin().post('/v1/users', {
      name: 'v-token-readonly-1700000000',
      password: 'A1a-generated-password',
      role_uids: [role.body.uid],
      email_alerts: false,
      auth_method: 'regular',
    })
    expect(user.status).toBe(200)
    expect(user.body).toEqual({
      auth_method: 'regular',
      certificate_subject_line: '',
      email: '',
      email_alerts: false,
      name: 'v-token-readonly-1700000000',
      // createActiveBdb moved the clock past the create delay (1 s)
      password_issue_date: '2026-01-15T10:00:01Z',
      role: 'db_member',
      role_uids: [8],
      status: 'active',
      uid: 8,
    })
    // the same keys and types as the captured real user (captures/user_single.json)
    expect(typeMap(user.body)).toEqual(typeMap(capture('user_single')))
    await settle(bdb.uid)
    // revocation
    const users = await admin().get('/v1/users')
    const created = users.body.find((u: any) => u.name === 'v-token-readonly-1700000000')
    expectEmptyOk(await admin().delete(`/v1/users/${created.uid}`))
    const roles = await admin().get('/v1/roles')
    const named = roles.body.find((r: any) => r.name === 'mydb-v-token-readonly-1700000000')
    expectEmptyOk(await admin().delete(`/v1/roles/${named.uid}`))
    // the cluster dropped the role from every database's roles_permissions; the bdb stays active
    const after = await admin().get(`/v1/bdbs/${bdb.uid}`)
    expect(after.body.roles_permissions).toEqual([])
    expect(after.body.status).toBe('active')
  })

  it('deleting a role drops it from every database and keeps the other bindings', async () => {
    await admin().post('/v1/roles', { name: 'shared', management: 'none' })
    const one = await createActiveBdb(h, { name: 'db-one', roles_permissions: [{ role_uid: 8, redis_acl_uid: 2 }, { role_uid: 4, redis_acl_uid: 3 }] })
    const two = await createActiveBdb(h, { name: 'db-two', roles_permissions: [{ role_uid: 8, redis_acl_uid: 1 }] })
    expectEmptyOk(await admin().delete('/v1/roles/8'))
    expect((await admin().get(`/v1/bdbs/${one.uid}`)).body.roles_permissions).toEqual([{ role_uid: 4, redis_acl_uid: 3 }])
    expect((await admin().get(`/v1/bdbs/${two.uid}`)).body.roles_permissions).toEqual([])
  })

  it('role statement: the harness binds DB Member to Not Dangerous at create; the user gets the DB Member role', async () => {
    const roles = (await admin().get('/v1/roles')).body
    const acls = (await admin().get('/v1/redis_acls')).body
    const dbMember = roles.find((r: any) => r.name === 'DB Member').uid
    const notDangerous = acls.find((a: any) => a.name === 'Not Dangerous').uid
    const created = await admin().post('/v1/bdbs', { name: 'vault-db', memory_size: GB, roles_permissions: [{ role_uid: dbMember, redis_acl_uid: notDangerous }] })
    expect(created.status).toBe(200)
    expect(created.body.roles_permissions).toEqual([{ role_uid: 4, redis_acl_uid: 3 }])
    const user = await admin().post('/v1/users', { name: 'v-role-user', password: 'generated-pass-1', role_uids: [dbMember], email_alerts: false, auth_method: 'regular' })
    expect(user.body).toMatchObject({ role: 'db_member', role_uids: [4], email: '' })
  })
})

describe('roles_permissions on a database (reference-more §3.2)', () => {
  it('unknown roles or ACLs, or a role bound twice, are refused on create and update (inferred: 406)', async () => {
    const bad = [
      [{ role_uid: 99, redis_acl_uid: 1 }],
      [{ role_uid: 4, redis_acl_uid: 99 }],
      [
        { role_uid: 4, redis_acl_uid: 1 },
        { role_uid: 4, redis_acl_uid: 2 },
      ],
    ]
    for (const roles_permissions of bad) {
      expectError(await admin().post('/v1/bdbs', { name: 'rp-db', memory_size: GB, roles_permissions }), 406, 'invalid_roles_permissions')
    }
    const bdb = await createActiveBdb(h)
    for (const roles_permissions of bad) {
      expectError(await admin().put(`/v1/bdbs/${bdb.uid}`, { roles_permissions }), 406, 'invalid_roles_permissions')
    }
    expectError(await admin().put(`/v1/bdbs/${bdb.uid}`, { roles_permissions: [{ role_uid: 'x', redis_acl_uid: 1 }] }), 406, 'invalid_schema')
    expect((await admin().get(`/v1/bdbs/${bdb.uid}`)).body.roles_permissions).toEqual([])
  })
})

describe('internal databases and unique names (seed 004, reference §9)', () => {
  it('internal: true is kept; deleting an internal database is 403 and leaves it', async () => {
    const bdb = await createActiveBdb(h, { internal: true })
    expect(bdb.internal).toBe(true)
    expectError(await admin().delete(`/v1/bdbs/${bdb.uid}`), 403, 'internal_db')
    expect((await admin().get(`/v1/bdbs/${bdb.uid}`)).body.status).toBe('active')
    // a PUT echoing internal: false does not clear it (a read-only key, ignored)
    await admin().put(`/v1/bdbs/${bdb.uid}`, { internal: false, max_connections: 5 }).expect(200)
    await settle(bdb.uid)
    expect((await admin().get(`/v1/bdbs/${bdb.uid}`)).body.internal).toBe(true)
    const plain = await createActiveBdb(h, { name: 'plain-db' })
    expect(plain.internal).toBe(false)
  })

  it('a second database with a taken name, or a rename onto one, is 409 name_already_exists (inferred code)', async () => {
    const first = await createActiveBdb(h, { name: 'orders' })
    expectError(await admin().post('/v1/bdbs', { name: 'orders', memory_size: GB }), 409, 'name_already_exists')
    expectError(await admin().post('/v1/bdbs?dry_run', { name: 'orders', memory_size: GB }), 409, 'name_already_exists')
    const second = await createActiveBdb(h, { name: 'carts' })
    expectError(await admin().put(`/v1/bdbs/${second.uid}`, { name: 'orders' }), 409, 'name_already_exists')
    // keeping its own name is no clash
    expect((await admin().put(`/v1/bdbs/${first.uid}`, { name: 'orders' })).status).toBe(200)
    // once a database is gone its name is free again
    await settle(first.uid)
    await admin().delete(`/v1/bdbs/${first.uid}`).expect(200)
    h.clock.advance(h.emulator.delays.get('redis-enterprise.bdb.delete'))
    expect((await admin().post('/v1/bdbs', { name: 'orders', memory_size: GB })).status).toBe(200)
  })

  it('the unique-db-names setting turns the rule off', async () => {
    const relaxed = await createReHarness({ uniqueDbNames: false })
    await createActiveBdb(relaxed, { name: 'twin' })
    expect((await relaxed.as('admin').post('/v1/bdbs', { name: 'twin', memory_size: GB })).status).toBe(200)
  })
})

describe('database passwords: /v1/bdbs/{uid}/passwords (reference-more §19)', () => {
  it('POST adds, PUT replaces all, DELETE removes; authentication_redis_pass shows the first', async () => {
    const bdb = await createActiveBdb(h, { authentication_redis_pass: 'first-pass' })
    const pass = async () => (await admin().get(`/v1/bdbs/${bdb.uid}`)).body.authentication_redis_pass
    expectEmptyOk(await admin().post(`/v1/bdbs/${bdb.uid}/passwords`, { password: 'second-pass' }))
    expect(await pass()).toBe('first-pass')
    expectEmptyOk(await h.as('db_member').delete(`/v1/bdbs/${bdb.uid}/passwords`).send({ password: 'first-pass' }))
    expect(await pass()).toBe('second-pass')
    expectEmptyOk(await admin().put(`/v1/bdbs/${bdb.uid}/passwords`, { password: 'only-pass' }))
    expect(await pass()).toBe('only-pass')
    expect((await admin().get(`/v1/bdbs/${bdb.uid}`)).body.status).toBe('active')
  })

  it('errors (inferred: 406 invalid_password): missing, not in the list, the last one; unknown bdb 404', async () => {
    const bdb = await createActiveBdb(h, { authentication_redis_pass: 'first-pass' })
    const url = `/v1/bdbs/${bdb.uid}/passwords`
    expectError(await admin().post(url, {}), 406, 'invalid_password')
    expectError(await admin().put(url, { password: '' }), 406, 'invalid_password')
    expectError(await admin().put(url, { password: 7 }), 406, 'invalid_password')
    expectError(await admin().delete(url).send({ password: 'never-set' }), 406, 'invalid_password')
    expectError(await admin().delete(url).send({ password: 'first-pass' }), 406, 'invalid_password')
    expectError(await admin().put('/v1/bdbs/99/passwords', { password: 'x-pass' }), 404, 'db_not_exist')
    expectError(await h.as('db_viewer').put(url, { password: 'x-pass' }), 403, 'insufficient_permissions')
    expect((await admin().get(`/v1/bdbs/${bdb.uid}`)).body.authentication_redis_pass).toBe('first-pass')
  })

  it('a PUT of authentication_redis_pass replaces the list the passwords routes made', async () => {
    const bdb = await createActiveBdb(h, { authentication_redis_pass: 'first-pass' })
    await admin().post(`/v1/bdbs/${bdb.uid}/passwords`, { password: 'second-pass' }).expect(200)
    await admin().put(`/v1/bdbs/${bdb.uid}`, { authentication_redis_pass: 'new-pass' }).expect(200)
    await settle(bdb.uid)
    // only new-pass is left: removing it would remove the last one
    expectError(await admin().delete(`/v1/bdbs/${bdb.uid}/passwords`).send({ password: 'new-pass' }), 406, 'invalid_password')
    expectError(await admin().delete(`/v1/bdbs/${bdb.uid}/passwords`).send({ password: 'second-pass' }), 406, 'invalid_password')
  })
})

describe('LDAP mappings (reference-more §10.1)', () => {
  const ADMINS = { name: 'Admins', dn: 'OU=ops.group,DC=redislabs,DC=com', email: 'ops.group@redislabs.com', role_uids: [1], email_alerts: true, bdbs_email_alerts: ['1', '2'], cluster_email_alerts: true }

  it('CRUD with the documented example object', async () => {
    expect((await admin().get('/v1/ldap_mappings')).body).toEqual([])
    const created = await h.as('user_manager').post('/v1/ldap_mappings', ADMINS)
    expect(created.status).toBe(200)
    expect(created.text).toBe(
      '{"bdbs_email_alerts":["1","2"],"cluster_email_alerts":true,"dn":"OU=ops.group,DC=redislabs,DC=com","email":"ops.group@redislabs.com","email_alerts":true,"name":"Admins","role_uids":[1],"uid":1}',
    )
    const minimal = await admin().post('/v1/ldap_mappings', { name: 'Viewers', dn: 'OU=viewers,DC=x', role_uids: [5] })
    expect(minimal.body).toEqual({ bdbs_email_alerts: [], cluster_email_alerts: false, dn: 'OU=viewers,DC=x', email: '', email_alerts: true, name: 'Viewers', role_uids: [5], uid: 2 })
    expect((await admin().get('/v1/ldap_mappings/1')).body).toEqual(created.body)
    const updated = await admin().put('/v1/ldap_mappings/2', { role_uids: [3, 5], email_alerts: false })
    expect(updated.body).toMatchObject({ uid: 2, role_uids: [3, 5], email_alerts: false, name: 'Viewers' })
    expectEmptyOk(await admin().delete('/v1/ldap_mappings/2'))
    expect((await admin().get('/v1/ldap_mappings')).body.map((m: any) => m.uid)).toEqual([1])
    expectError(await admin().get('/v1/ldap_mappings/2'), 404, 'ldap_mapping_not_exist')
    expectError(await admin().delete('/v1/ldap_mappings/2'), 404, 'ldap_mapping_not_exist')
  })

  it('errors with the documented codes', async () => {
    const post = (body: object) => admin().post('/v1/ldap_mappings', body)
    expectError(await post({ dn: 'x', role_uids: [1] }), 400, 'missing_field')
    expectError(await post({ name: 'x', role_uids: [1] }), 400, 'missing_field')
    expectError(await post({ name: 'x', dn: 'y' }), 400, 'missing_field')
    expectError(await post({ name: 'x', dn: '   ', role_uids: [1] }), 400, 'invalid_dn_param')
    expectError(await post({ name: 'x', dn: 7, role_uids: [1] }), 400, 'invalid_dn_param')
    expectError(await post({ name: 'bad/name', dn: 'y', role_uids: [1] }), 400, 'invalid_name_param')
    expectError(await post({ name: 'x', dn: 'y', role_uids: [] }), 400, 'invalid_role_uids_param')
    expectError(await post({ name: 'x', dn: 'y', role_uids: [42] }), 400, 'invalid_role_uids_param')
    expectError(await post({ name: 'x', dn: 'y', role_uids: [1], account_id: 'a' }), 400, 'invalid_account_id_param')
    expectError(await post({ name: 'x', dn: 'y', role_uids: [1], email: 'not-an-email' }), 400, 'invalid_param')
    expectError(await post({ name: 'x', dn: 'y', role_uids: [1], bdbs_email_alerts: ['1', '1'] }), 400, 'invalid_param')
    await post(ADMINS).expect(200)
    expectError(await post({ ...ADMINS, dn: 'OU=other' }), 409, 'name_already_exists')
    expectError(await admin().put('/v1/ldap_mappings/9', { dn: 'x' }), 404, 'ldap_mapping_not_exist')
    // a role a mapping uses stays (inferred: 406 role_in_use)
    await admin().post('/v1/roles', { name: 'ldap-role', management: 'db_viewer' })
    await admin().put('/v1/ldap_mappings/1', { role_uids: [8] }).expect(200)
    expectError(await admin().delete('/v1/roles/8'), 406, 'role_in_use')
  })
})

describe('cluster LDAP configuration: /v1/cluster/ldap (reference-more §10.2)', () => {
  const DEFAULTS = { bind_dn: '', bind_pass: '', ca_cert: '', cache_ttl: 300, control_plane: false, data_plane: false, directory_timeout_s: 5, starttls: false, uris: [] }

  it('GET the defaults; PUT answers 200 with no body and GET reads it back; DELETE restores the defaults', async () => {
    expect((await h.as('user_manager').get('/v1/cluster/ldap')).body).toEqual(DEFAULTS)
    const config = {
      uris: ['ldaps://ldap.example.com:636'],
      bind_dn: 'cn=admin,dc=example,dc=com',
      bind_pass: 'secret',
      control_plane: true,
      user_dn_template: 'cn=%u,ou=users,dc=example,dc=com',
      dn_group_query: { base: 'ou=groups,dc=example,dc=com', filter: '(member=%D)', scope: 'subtree' },
      directory_timeout_s: 30,
    }
    expectEmptyOk(await admin().put('/v1/cluster/ldap', config))
    const read = await admin().get('/v1/cluster/ldap')
    expect(read.body).toEqual({ ...DEFAULTS, ...config })
    expect(Object.keys(read.body)).toEqual(Object.keys(read.body).sort())
    expectEmptyOk(await admin().put('/v1/cluster/ldap', { cache_ttl: 60 }))
    expect((await admin().get('/v1/cluster/ldap')).body).toMatchObject({ cache_ttl: 60, control_plane: true })
    expectEmptyOk(await admin().delete('/v1/cluster/ldap'))
    expect((await admin().get('/v1/cluster/ldap')).body).toEqual(DEFAULTS)
  })

  it('mutually exclusive fields, missing lookups and bad values are 400 (illegal_fields_combination, invalid_param)', async () => {
    expectError(await admin().put('/v1/cluster/ldap', { user_dn_template: 'cn=%u', user_dn_query: { base: 'ou=x' } }), 400, 'illegal_fields_combination')
    expectError(await admin().put('/v1/cluster/ldap', { dn_group_attr: 'memberOf', dn_group_query: { base: 'ou=g' } }), 400, 'illegal_fields_combination')
    expectError(await admin().put('/v1/cluster/ldap', { data_plane: true, uris: ['ldap://h:389'] }), 400, 'illegal_fields_combination')
    expectError(await admin().put('/v1/cluster/ldap', { control_plane: true }), 400, 'illegal_fields_combination')
    expectError(await admin().put('/v1/cluster/ldap', { uris: ['http://ldap.example.com'] }), 400, 'invalid_param')
    expectError(await admin().put('/v1/cluster/ldap', { directory_timeout_s: 61 }), 400, 'invalid_param')
    expectError(await admin().put('/v1/cluster/ldap', { enabled: true }), 400, 'invalid_param')
    expect((await admin().get('/v1/cluster/ldap')).body).toEqual(DEFAULTS)
    // switching from one lookup to the other: the old one is cleared with ""
    await admin().put('/v1/cluster/ldap', { user_dn_template: 'cn=%u' }).expect(200)
    await admin().put('/v1/cluster/ldap', { user_dn_template: '', user_dn_query: { base: 'ou=u' } }).expect(200)
    const read = (await admin().get('/v1/cluster/ldap')).body
    expect(read.user_dn_query).toEqual({ base: 'ou=u' })
    expect(read).not.toHaveProperty('user_dn_template')
  })
})

describe('the user_manager and none management roles (reference-more §1.1)', () => {
  it('a none user exists only for data access: 403 on every REST call', async () => {
    for (const path of ['/v1/bdbs', '/v1/cluster', '/v1/roles', '/v1/redis_acls', '/v1/users', '/v1/license', '/v1/nodes', '/v1/actions']) {
      expectError(await h.as('none').get(path), 403, 'insufficient_permissions')
    }
    expectError(await h.as('none').post('/v1/bdbs', { name: 'x', memory_size: GB }), 403, 'insufficient_permissions')
  })

  it('a user_manager manages users and reads the rest, but does not manage databases', async () => {
    const user = await h.as('user_manager').post('/v1/users', { email: 'new@example.com', password: 'new-password', role: 'db_viewer' })
    expect(user.body).toMatchObject({ role: 'db_viewer', role_uids: [5] })
    expect((await h.as('user_manager').get('/v1/bdbs')).status).toBe(200)
    expectError(await h.as('user_manager').post('/v1/bdbs', { name: 'x', memory_size: GB }), 403, 'insufficient_permissions')
    // `role` names the built-in role of that management; role_uids may name any role
    expect((await admin().post('/v1/users', { email: 'n@example.com', password: 'none-password', role: 'none' })).body.role_uids).toEqual([6])
    expect((await admin().post('/v1/users', { email: 'm@example.com', password: 'mgr-password', role_uids: [7] })).body.role).toBe('user_manager')
  })

  it('a user whose role is deleted keeps no permission (reference-more §3.1: role_uids are read at each call)', async () => {
    await admin().post('/v1/roles', { name: 'viewers', management: 'db_viewer' })
    await admin().post('/v1/users', { email: 'v@example.com', password: 'viewer-password', role_uids: [8, 6] })
    const asViewer = () => h.request(RE).get('/v1/bdbs').auth('v@example.com', 'viewer-password')
    expect((await asViewer()).status).toBe(200)
    await admin().put('/v1/users/8', { role_uids: [6] }).expect(200)
    expectError(await asViewer(), 403, 'insufficient_permissions')
  })
})

describe('routes real clusters do not have answer 404 (reference-more §1.3, §3.4, §10.2)', () => {
  it.each([
    ['GET', '/v1/roles/builtin'],
    ['GET', '/v1/roles/1/users'],
    ['POST', '/v1/users/password'],
    ['PUT', '/v1/users/password'],
    ['DELETE', '/v1/users/password'],
    ['GET', '/v1/users/permissions'],
    ['GET', '/v1/users/permissions/admin'],
    ['POST', '/v1/redis_acls/validate'],
    ['POST', '/v1/redis_acls/test'],
    ['POST', '/v1/cluster/ldap/test'],
    ['POST', '/v1/cluster/ldap/sync'],
    ['POST', '/v1/bdbs/1/actions/reset_password'],
  ])('%s %s', async (method, path) => {
    await createActiveBdb(h)
    const agent = h.request(RE)
    const req = method === 'GET' ? agent.get(path) : method === 'POST' ? agent.post(path) : method === 'PUT' ? agent.put(path) : agent.delete(path)
    expectError(await req.auth('admin@redis.local', 'admin-pass').send({ password: 'whatever-pass', name: 'x', acl: '+@all ~*' }), 404, 'not_found')
  })
})

describe('redisctl enterprise role / acl / ldap / ldap-mappings commands (reference-more §3, §10, CTL:rbac_impl.rs, ldap.rs)', () => {
  it('role list|get|create|update|delete', async () => {
    expect((await admin().get('/v1/roles')).status).toBe(200)
    const created = await admin().post('/v1/roles', { name: 'custom-role', management: 'db_member' })
    expect(created.body).toEqual({ management: 'db_member', name: 'custom-role', uid: 8 })
    expect((await admin().get('/v1/roles/8')).body).toEqual(created.body)
    expect((await admin().put('/v1/roles/8', { management: 'db_viewer' })).body.management).toBe('db_viewer')
    expectEmptyOk(await admin().delete('/v1/roles/8'))
  })

  it('acl list|get|create|update|delete; `acl test` posts to a route that does not exist', async () => {
    expect((await admin().get('/v1/redis_acls')).body).toHaveLength(3)
    const created = await admin().post('/v1/redis_acls', { name: 'readonly', acl: '+@read ~*' })
    expect(created.body).toEqual({ acl: '+@read ~*', name: 'readonly', uid: 4 })
    const writer = await admin().post('/v1/redis_acls', { name: 'app-writer', acl: '+@write ~app:*' })
    expect(writer.body.uid).toBe(5)
    expect((await admin().get('/v1/redis_acls/4')).body).toEqual(created.body)
    expect((await admin().put('/v1/redis_acls/4', { acl: '+@read -@dangerous ~*' })).body.acl).toBe('+@read -@dangerous ~*')
    expectEmptyOk(await admin().delete('/v1/redis_acls/4'))
    expectError(await admin().post('/v1/redis_acls/test', { acl: '+@read ~*' }), 404, 'not_found')
  })

  it('ldap get|update; ldap-mappings list|get|create|update|delete', async () => {
    expect((await admin().get('/v1/cluster/ldap')).status).toBe(200)
    expectEmptyOk(await admin().put('/v1/cluster/ldap', { uris: ['ldap://ldap.example.com:389'], bind_dn: 'cn=admin' }))
    expect((await admin().get('/v1/ldap_mappings')).body).toEqual([])
    const mapping = await admin().post('/v1/ldap_mappings', { name: 'devs', dn: 'CN=devs,OU=groups,DC=example,DC=com', role_uids: [4] })
    expect((await admin().get(`/v1/ldap_mappings/${mapping.body.uid}`)).body).toEqual(mapping.body)
    expect((await admin().put(`/v1/ldap_mappings/${mapping.body.uid}`, { role_uids: [5] })).body.role_uids).toEqual([5])
    expectEmptyOk(await admin().delete(`/v1/ldap_mappings/${mapping.body.uid}`))
  })
})

describe('acknowledged access state survives a state export and import', () => {
  it('roles, ACLs, mappings, LDAP configuration and password lists come back unchanged', async () => {
    const bdb = await createActiveBdb(h, { authentication_redis_pass: 'p1-pass' })
    await admin().post('/v1/roles', { name: 'kept', management: 'none' })
    await admin().post('/v1/redis_acls', { name: 'kept-acl', acl: '+get ~*' })
    await admin().post('/v1/ldap_mappings', { name: 'kept-map', dn: 'OU=x', role_uids: [8] })
    await admin().put('/v1/cluster/ldap', { cache_ttl: 42 })
    await admin().post(`/v1/bdbs/${bdb.uid}/passwords`, { password: 'p2-pass' })
    const document = (await h.request(RE).get(`/_emulator/state?provider=${RE}`)).body
    await h.request(RE).post(`/_emulator/reset?provider=${RE}`).expect((r) => expect(r.status).toBeLessThan(300))
    expectError(await admin().get('/v1/roles/8'), 404, 'role_not_exist')
    expect((await h.request(RE).put(`/_emulator/state?provider=${RE}`).send(document)).status).toBe(200)
    expect((await admin().get('/v1/roles/8')).body.name).toBe('kept')
    expect((await admin().get('/v1/redis_acls/4')).body.acl).toBe('+get ~*')
    expect((await admin().get('/v1/ldap_mappings/1')).body.name).toBe('kept-map')
    expect((await admin().get('/v1/cluster/ldap')).body.cache_ttl).toBe(42)
    expectEmptyOk(await admin().delete(`/v1/bdbs/${bdb.uid}/passwords`).send({ password: 'p1-pass' }))
  })
})
