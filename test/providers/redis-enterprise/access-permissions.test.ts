// Every access-management route against the seven management roles (D:permissions, reference-more §1.1): exactly
// its documented 2xx or 403, and a 403 changes nothing.
import { describe, expect, it } from 'vitest'
import { createActiveBdb, createReHarness, expectError, RE, ROLE_NAMES, type ReHarness, type RoleName } from '../../helpers/redis-enterprise.js'

const VIEWERS: RoleName[] = ['admin', 'cluster_member', 'cluster_viewer', 'db_member', 'db_viewer', 'user_manager']
const DB_WRITERS: RoleName[] = ['admin', 'cluster_member', 'db_member']
const USER_ADMINS: RoleName[] = ['admin', 'user_manager']

// [method, path, body, roles allowed, permission]; the fixture has bdb 1 (two passwords), role 8, ACL 4, mapping 1, user 8
const TABLE: Array<[string, string, unknown, RoleName[], string]> = [
  ['GET', '/v1/users', undefined, USER_ADMINS, 'view_all_users_info'],
  ['GET', '/v1/users/8', undefined, USER_ADMINS, 'view_user_info'],
  ['POST', '/v1/users', { email: 'x@example.com', password: 'x-password', role: 'none' }, USER_ADMINS, 'create_new_user'],
  ['PUT', '/v1/users/8', { name: 'Renamed' }, USER_ADMINS, 'update_user'],
  ['DELETE', '/v1/users/8', undefined, USER_ADMINS, 'delete_user'],
  ['GET', '/v1/roles', undefined, VIEWERS, 'view_all_roles_info'],
  ['GET', '/v1/roles/8', undefined, VIEWERS, 'view_role_info'],
  ['POST', '/v1/roles', { name: 'new-role', management: 'none' }, USER_ADMINS, 'create_role'],
  ['PUT', '/v1/roles/8', { name: 'renamed-role' }, USER_ADMINS, 'update_role'],
  ['DELETE', '/v1/roles/9', undefined, USER_ADMINS, 'delete_role'],
  ['GET', '/v1/redis_acls', undefined, VIEWERS, 'view_all_redis_acls_info'],
  ['GET', '/v1/redis_acls/4', undefined, VIEWERS, 'view_redis_acl_info'],
  ['POST', '/v1/redis_acls', { name: 'new-acl', acl: '+@read ~*' }, USER_ADMINS, 'create_redis_acl'],
  ['PUT', '/v1/redis_acls/4', { acl: '+@write ~*' }, USER_ADMINS, 'update_redis_acl'],
  ['DELETE', '/v1/redis_acls/5', undefined, USER_ADMINS, 'delete_redis_acl'],
  ['GET', '/v1/ldap_mappings', undefined, USER_ADMINS, 'view_all_ldap_mappings_info'],
  ['GET', '/v1/ldap_mappings/1', undefined, USER_ADMINS, 'view_ldap_mapping_info'],
  ['POST', '/v1/ldap_mappings', { name: 'new-map', dn: 'OU=new', role_uids: [5] }, USER_ADMINS, 'create_ldap_mapping'],
  ['PUT', '/v1/ldap_mappings/1', { dn: 'OU=changed' }, USER_ADMINS, 'update_ldap_mapping'],
  ['DELETE', '/v1/ldap_mappings/1', undefined, USER_ADMINS, 'delete_ldap_mapping'],
  ['GET', '/v1/cluster/ldap', undefined, USER_ADMINS, 'view_ldap_config'],
  ['PUT', '/v1/cluster/ldap', { cache_ttl: 60 }, USER_ADMINS, 'config_ldap'],
  ['DELETE', '/v1/cluster/ldap', undefined, USER_ADMINS, 'config_ldap'],
  ['PUT', '/v1/bdbs/1/passwords', { password: 'replaced-pass' }, DB_WRITERS, 'update_bdb'],
  ['POST', '/v1/bdbs/1/passwords', { password: 'added-pass' }, DB_WRITERS, 'update_bdb'],
  ['DELETE', '/v1/bdbs/1/passwords', { password: 'second-pass' }, DB_WRITERS, 'update_bdb'],
]

async function fixture(): Promise<ReHarness> {
  const h = await createReHarness()
  const admin = h.as('admin')
  await createActiveBdb(h, { authentication_redis_pass: 'first-pass' })
  const made = [
    await admin.post('/v1/bdbs/1/passwords', { password: 'second-pass' }),
    await admin.post('/v1/roles', { name: 'matrix-role', management: 'db_viewer' }),
    await admin.post('/v1/roles', { name: 'spare-role', management: 'none' }),
    await admin.post('/v1/redis_acls', { name: 'matrix-acl', acl: '+@read ~*' }),
    await admin.post('/v1/redis_acls', { name: 'spare-acl', acl: '+get ~*' }),
    await admin.post('/v1/ldap_mappings', { name: 'matrix-map', dn: 'OU=matrix', role_uids: [8] }),
    await admin.post('/v1/users', { email: 'matrix@example.com', password: 'matrix-pass', role: 'db_viewer' }),
  ]
  for (const res of made) if (res.status !== 200) throw new Error(`fixture: ${res.status} ${res.text}`)
  return h
}

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
      return body === undefined ? agent.delete(path) : agent.delete(path).send(body as object)
  }
}

const state = async (h: ReHarness) => JSON.stringify((await h.request(RE).get(`/_emulator/state?provider=${RE}`)).body)

describe('access routes × the seven management roles (D:permissions)', () => {
  it('the helper knows all seven roles', () => {
    expect(ROLE_NAMES).toEqual(['admin', 'cluster_member', 'cluster_viewer', 'db_member', 'db_viewer', 'user_manager', 'none'])
  })
  for (const [method, path, body, allowed, permission] of TABLE) {
    for (const role of ROLE_NAMES) {
      const expected = allowed.includes(role) ? 200 : 403
      it(`${role} ${method} ${path} (${permission}) -> ${expected}`, async () => {
        const h = await fixture()
        const before = await state(h)
        const res = await send(h, role, method, path, body)
        if (expected === 200) {
          expect(res.status, res.text).toBe(200)
        } else {
          expectError(res, 403, 'insufficient_permissions')
          expect(await state(h)).toBe(before)
        }
      })
    }
  }
})
