// Redis Enterprise auth: HTTP Basic with the user's email (seed 002) and seed 004's permission table per role.
import { beforeEach, describe, expect, it } from 'vitest'
import { createActiveBdb, createReHarness, CREDENTIALS, expectError, GB, RE, ROLE_NAMES, type ReHarness, type RoleName } from '../../helpers/redis-enterprise.js'

// D:permissions (reference-more §1.1): every viewing permission includes user_manager; `none` has none at all
const ALL: RoleName[] = ['admin', 'cluster_member', 'cluster_viewer', 'db_member', 'db_viewer', 'user_manager']
const DB_WRITERS: RoleName[] = ['admin', 'cluster_member', 'db_member']
const USER_ADMINS: RoleName[] = ['admin', 'user_manager']

// [method, path, body, roles allowed]; the bdb rows are seed 004's "Permissions" tables
const TABLE: Array<[string, string, unknown, RoleName[]]> = [
  ['GET', '/v1/bdbs', undefined, ALL], // view_all_bdbs_info
  ['GET', '/v1/bdbs/1', undefined, ALL], // view_bdb_info
  ['POST', '/v1/bdbs', { name: 'new', memory_size: GB }, DB_WRITERS], // create_bdb
  ['POST', '/v2/bdbs', { bdb: { name: 'new', memory_size: GB } }, DB_WRITERS], // create_bdb
  ['PUT', '/v1/bdbs/1', { memory_size: 2 * GB }, DB_WRITERS], // update_bdb
  ['PUT', '/v1/bdbs/1/flush', {}, DB_WRITERS], // update_bdb_with_action
  ['DELETE', '/v1/bdbs/1', undefined, DB_WRITERS], // delete_bdb
  ['GET', '/v1/actions', undefined, ALL],
  ['GET', '/v2/actions', undefined, ALL],
  ['GET', '/v1/cluster', undefined, ALL],
  ['GET', '/v1/nodes', undefined, ALL],
  ['GET', '/v1/nodes/1', undefined, ALL],
  ['GET', '/v1/bootstrap', undefined, ALL],
  ['GET', '/v1/license', undefined, ALL],
  ['GET', '/v1/modules', undefined, ALL],
  ['GET', '/v1/shards', undefined, ALL],
  ['GET', '/v1/users', undefined, USER_ADMINS],
  ['GET', '/v1/users/1', undefined, USER_ADMINS],
  ['POST', '/v1/users', { email: 'new@redis.local', password: 'new-password', role: 'db_viewer' }, USER_ADMINS],
  ['PUT', '/v1/users/5', { name: 'Renamed' }, USER_ADMINS],
  ['DELETE', '/v1/users/5', undefined, USER_ADMINS],
  ['GET', '/v1/roles', undefined, ALL],
]

function send(h: ReHarness, role: RoleName, method: string, path: string, body: unknown) {
  const agent = h.as(role)
  switch (method) {
    case 'GET':
      return agent.get(path)
    case 'POST':
      return agent.post(path, body)
    case 'PUT':
      return agent.put(path, body)
    default:
      return agent.delete(path)
  }
}

describe('seed 004 permission table: every role against every endpoint', () => {
  for (const [method, path, body, allowed] of TABLE) {
    for (const role of ROLE_NAMES) {
      const expected = allowed.includes(role) ? 200 : 403
      it(`${role} ${method} ${path} -> ${expected}`, async () => {
        const h = await createReHarness()
        await createActiveBdb(h)
        const res = await send(h, role, method, path, body)
        if (expected === 403) expectError(res, 403, 'insufficient_permissions')
        else expect(res.status, JSON.stringify(res.body)).toBe(200)
      })
    }
  }

  it('a 403 changes nothing: a db_viewer cannot create, update or delete', async () => {
    const h = await createReHarness()
    const before = await createActiveBdb(h)
    expectError(await h.as('db_viewer').post('/v1/bdbs', { name: 'x', memory_size: GB }), 403, 'insufficient_permissions')
    expectError(await h.as('db_viewer').put('/v1/bdbs/1', { memory_size: 2 * GB }), 403, 'insufficient_permissions')
    expectError(await h.as('db_viewer').delete('/v1/bdbs/1'), 403, 'insufficient_permissions')
    expect((await h.as('db_viewer').get('/v1/bdbs')).body).toEqual([before])
  })
})

describe('401 without or with wrong credentials (seed 002: Basic Auth, username is the email)', () => {
  let h: ReHarness
  beforeEach(async () => {
    h = await createReHarness()
  })

  function expect401(res: any): void {
    expectError(res, 401, 'unauthorized')
    expect(res.headers['www-authenticate']).toBe('Basic realm="Redis Enterprise"')
  }

  it('no Authorization header', async () => {
    expect401(await h.request(RE).get('/v1/bdbs'))
    expect401(await h.request(RE).post('/v1/bdbs').send({ name: 'x', memory_size: GB }))
  })
  it('a wrong password, an unknown email, a wrong case in the password', async () => {
    expect401(await h.request(RE).get('/v1/bdbs').auth('admin@redis.local', 'wrong'))
    expect401(await h.request(RE).get('/v1/bdbs').auth('nobody@redis.local', 'admin-pass'))
    expect401(await h.request(RE).get('/v1/bdbs').auth('admin@redis.local', 'ADMIN-PASS'))
    expect401(await h.request(RE).get('/v1/bdbs').auth('admin@redis.local', ''))
  })
  it('a malformed or non-Basic Authorization header', async () => {
    expect401(await h.request(RE).get('/v1/bdbs').set('Authorization', 'Basic !!!'))
    expect401(await h.request(RE).get('/v1/bdbs').set('Authorization', 'Bearer abc'))
  })
  it('unknown routes ask for credentials first', async () => {
    expect401(await h.request(RE).get('/v1/nothing'))
  })
  it('nothing is created by an unauthenticated request', async () => {
    await h.request(RE).post('/v1/bdbs').send({ name: 'x', memory_size: GB })
    expect((await h.as('admin').get('/v1/bdbs')).body).toEqual([])
  })
  it('every default user logs in (fixtures/redis-enterprise/default-users.json); the none user is then refused (403, not 401)', async () => {
    for (const [role, [user, pass]] of Object.entries(CREDENTIALS)) {
      expect((await h.request(RE).get('/v1/bdbs').auth(user, pass)).status, role).toBe(role === 'none' ? 403 : 200)
    }
  })
})

describe('users managed by /v1/users log in with their email and password', () => {
  let h: ReHarness
  beforeEach(async () => {
    h = await createReHarness()
  })

  it('a new user logs in with its role; a password change retires the old password', async () => {
    const created = await h.as('admin').post('/v1/users', { email: 'dev@example.com', password: 'dev-password', name: 'Dev', role: 'db_member' })
    expect(created.status).toBe(200)
    const login = () => h.request(RE).post('/v1/bdbs').auth('dev@example.com', 'dev-password').send({ name: 'dev', memory_size: GB })
    expect((await login()).status).toBe(200)
    expectError(await h.request(RE).get('/v1/users').auth('dev@example.com', 'dev-password'), 403, 'insufficient_permissions')
    await h.as('admin').put(`/v1/users/${created.body.uid}`, { password: 'new-password' })
    expectError(await h.request(RE).get('/v1/bdbs').auth('dev@example.com', 'dev-password'), 401, 'unauthorized')
    expect((await h.request(RE).get('/v1/bdbs').auth('dev@example.com', 'new-password')).status).toBe(200)
  })

  it('a role change applies to the next request', async () => {
    await h.as('admin').put('/v1/users/5', { role: 'db_member' })
    expect((await h.as('db_viewer').post('/v1/bdbs', { name: 'x', memory_size: GB })).status).toBe(200)
  })

  it('a deleted or locked user gets 401', async () => {
    await h.as('admin').delete('/v1/users/5')
    expectError(await h.as('db_viewer').get('/v1/bdbs'), 401, 'unauthorized')
    await h.as('admin').put('/v1/users/4', { status: 'locked' })
    expectError(await h.as('db_member').get('/v1/bdbs'), 401, 'unauthorized')
  })
})
