// Real-Redis mode, Redis Enterprise access (issue 14 item 8): Redis ACLs bound to roles through roles_permissions are
// ACL users on the database's server; a /v1/users user logs in with its email (or name) and password and gets exactly
// its ACL's rights; deleting the user or the binding removes the access; the passwords routes change the default user.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { GB, withRoles, type ReHarness } from '../helpers/redis-enterprise.js'
import { authError, closeChecked, connect, createRealHarness, type RealHarness } from '../helpers/real-redis.js'

let h: RealHarness & ReHarness

beforeEach(async () => {
  const real = await createRealHarness()
  h = Object.assign(withRoles(real), { close: real.close })
})
afterEach(() => closeChecked(h))

const admin = () => h.as('admin')

async function activeBdb(body: Record<string, unknown> = {}) {
  const created = await admin().post('/v1/bdbs', { name: 'acl-db', memory_size: GB, ...body })
  expect(created.status, created.text).toBe(200)
  h.clock.advance(h.emulator.delays.get('redis-enterprise.bdb.create'))
  const bdb = (await admin().get(`/v1/bdbs/${created.body.uid}`)).body
  expect(bdb.status).toBe('active')
  return bdb
}

async function settle(uid: number) {
  h.clock.advance(h.emulator.delays.get('redis-enterprise.bdb.update'))
  expect((await admin().get(`/v1/bdbs/${uid}`)).body.status).toBe('active')
}

/** The reply error of a command, or undefined when it succeeded. */
async function refusal(run: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await run()
    return undefined
  } catch (err) {
    return (err as Error).message
  }
}

describe('Redis Enterprise access on real redis-server', () => {
  it('the vault flow: a user of a role bound to Read Only reads but cannot write; deleting the user ends its access', async () => {
    const bdb = await activeBdb({ authentication_redis_pass: 'default-pass' })
    const port = bdb.endpoints[0].port
    const seed = await connect(port, { password: 'default-pass' })
    await seed.set('k', 'v')
    seed.destroy()

    const role = await admin().post('/v1/roles', { name: 'acl-db-reader', management: 'db_member' })
    await admin().put(`/v1/bdbs/${bdb.uid}`, { roles_permissions: [{ role_uid: role.body.uid, redis_acl_uid: 2 }] }).expect(200)
    const user = await admin().post('/v1/users', { email: 'reader@example.com', name: 'reader', password: 'reader-password', role_uids: [role.body.uid] })
    expect(user.status).toBe(200)

    for (const username of ['reader@example.com', 'reader']) {
      const client = await connect(port, { username, password: 'reader-password' })
      expect(await client.get('k')).toBe('v')
      expect(await refusal(() => client.set('k', 'other'))).toMatch(/NOPERM/)
      expect(await refusal(() => client.sendCommand(['FLUSHALL']))).toMatch(/NOPERM/)
      client.destroy()
    }
    expect(await authError(port, { username: 'reader@example.com', password: 'wrong-password' })).toMatch(/WRONGPASS/)

    await admin().delete(`/v1/users/${user.body.uid}`).expect(200)
    expect(await authError(port, { username: 'reader@example.com', password: 'reader-password' })).toMatch(/WRONGPASS/)
    await admin().delete(`/v1/roles/${role.body.uid}`).expect(200)
    expect(await authError(port, { password: 'default-pass' })).toBeUndefined()
  })

  it('an ACL limited to commands and keys gives exactly those rights; changing the ACL changes them', async () => {
    const acl = await admin().post('/v1/redis_acls', { name: 'cache-rw', acl: '+get +set ~cache:*' })
    const role = await admin().post('/v1/roles', { name: 'cache-users', management: 'none' })
    const bdb = await activeBdb({ roles_permissions: [{ role_uid: role.body.uid, redis_acl_uid: acl.body.uid }] })
    await admin().post('/v1/users', { email: 'app@example.com', password: 'app-password', role_uids: [role.body.uid] }).expect(200)
    const port = bdb.endpoints[0].port
    const client = await connect(port, { username: 'app@example.com', password: 'app-password' })
    expect(await client.set('cache:a', '1')).toBe('OK')
    expect(await client.get('cache:a')).toBe('1')
    expect(await refusal(() => client.set('orders:1', 'x'))).toMatch(/NOPERM/)
    expect(await refusal(() => client.del('cache:a'))).toMatch(/NOPERM/)
    client.destroy()

    await admin().put(`/v1/redis_acls/${acl.body.uid}`, { acl: '+get +set +del ~cache:*' }).expect(200)
    const after = await connect(port, { username: 'app@example.com', password: 'app-password' })
    expect(await after.del('cache:a')).toBe(1)
    after.destroy()
    // a none user has no REST access at all, only its data access
    expect((await h.request('redis-enterprise').get('/v1/bdbs').auth('app@example.com', 'app-password')).status).toBe(403)
  })

  it('removing the binding, or the user losing the role, removes the access; a new password replaces the old one', async () => {
    const role = await admin().post('/v1/roles', { name: 'writers', management: 'none' })
    const bdb = await activeBdb({ roles_permissions: [{ role_uid: role.body.uid, redis_acl_uid: 1 }] })
    const port = bdb.endpoints[0].port
    const user = await admin().post('/v1/users', { email: 'w@example.com', password: 'w-password-1', role_uids: [role.body.uid] })
    expect(await authError(port, { username: 'w@example.com', password: 'w-password-1' })).toBeUndefined()

    await admin().put(`/v1/users/${user.body.uid}`, { password: 'w-password-2' }).expect(200)
    expect(await authError(port, { username: 'w@example.com', password: 'w-password-1' })).toMatch(/WRONGPASS/)
    expect(await authError(port, { username: 'w@example.com', password: 'w-password-2' })).toBeUndefined()

    await admin().put(`/v1/users/${user.body.uid}`, { role_uids: [6] }).expect(200)
    expect(await authError(port, { username: 'w@example.com', password: 'w-password-2' })).toMatch(/WRONGPASS/)
    await admin().put(`/v1/users/${user.body.uid}`, { role_uids: [role.body.uid] }).expect(200)
    expect(await authError(port, { username: 'w@example.com', password: 'w-password-2' })).toBeUndefined()

    await admin().put(`/v1/bdbs/${bdb.uid}`, { roles_permissions: [] }).expect(200)
    expect(await authError(port, { username: 'w@example.com', password: 'w-password-2' })).toMatch(/WRONGPASS/)
    await settle(bdb.uid)
  })

  it('/v1/bdbs/{uid}/passwords changes what the default user accepts (reference-more §19)', async () => {
    const bdb = await activeBdb({ authentication_redis_pass: 'first-pass' })
    const port = bdb.endpoints[0].port
    const url = `/v1/bdbs/${bdb.uid}/passwords`
    await admin().post(url, { password: 'second-pass' }).expect(200)
    expect(await authError(port, { password: 'first-pass' })).toBeUndefined()
    expect(await authError(port, { password: 'second-pass' })).toBeUndefined()
    await admin().delete(url).send({ password: 'first-pass' }).expect(200)
    expect(await authError(port, { password: 'first-pass' })).toMatch(/WRONGPASS/)
    expect(await authError(port, { password: 'second-pass' })).toBeUndefined()
    await admin().put(url, { password: 'third-pass' }).expect(200)
    expect(await authError(port, { password: 'second-pass' })).toMatch(/WRONGPASS/)
    expect(await authError(port, { password: 'third-pass' })).toBeUndefined()
    expect((await admin().get(`/v1/bdbs/${bdb.uid}`)).body.authentication_redis_pass).toBe('third-pass')
  })
})
