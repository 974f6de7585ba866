// Redis Enterprise state survives a restart (a second emulator on the same data dir), transitions in flight included.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createFileHarness, tempDir } from '../../helpers/harness.js'
import { createActiveBdb, GB, RE, withRoles } from '../../helpers/redis-enterprise.js'

let cleanup: (() => Promise<void>) | undefined
afterEach(async () => {
  await cleanup?.()
  cleanup = undefined
})

describe('restart', () => {
  it('keeps databases, users, actions and pending transitions, which complete on the restarted clock', async () => {
    const tmp = await tempDir()
    cleanup = tmp.cleanup
    const first = withRoles(await createFileHarness(tmp.dir))
    first.emulator.delays.set({ 'redis-enterprise.bdb.create': 1000, 'redis-enterprise.bdb.update': 500 })
    const active = await createActiveBdb(first, { name: 'kept' })
    const updated = await first.as('admin').put('/v1/bdbs/1', { memory_size: 2 * GB })
    const created = await first.as('admin').post('/v1/bdbs', { name: 'in-flight', memory_size: GB })
    expect(created.status).toBe(200)
    const user = await first.as('admin').post('/v1/users', { email: 'ci@example.com', password: 'ci-password', role: 'db_member' })
    expect(user.status).toBe(200)

    // a new process on the same data dir, same moment
    const second = withRoles(await createFileHarness(tmp.dir, {}, first.clock))
    second.emulator.delays.set({ 'redis-enterprise.bdb.create': 1000, 'redis-enterprise.bdb.update': 500 })
    const one = (await second.as('admin').get('/v1/bdbs/1')).body
    expect(one).toMatchObject({ name: 'kept', status: 'active-change-pending', memory_size: 2 * GB, action_uid: updated.body.action_uid })
    expect(one.authentication_admin_pass).toBe(active.authentication_admin_pass)
    expect((await second.as('admin').get('/v1/bdbs/2')).body).toMatchObject({ name: 'in-flight', status: 'pending' })
    expect((await second.request(RE).get('/v1/bdbs').auth('ci@example.com', 'ci-password')).status).toBe(200)
    expect((await second.as('admin').get(`/v1/actions/${created.body.action_uid}`)).body.status).toBe('pending')

    second.clock.advance(1000)
    expect((await second.as('admin').get('/v1/bdbs?fields=uid,status')).body).toEqual([
      { uid: 1, status: 'active' },
      { uid: 2, status: 'active' },
    ])
    expect((await second.as('admin').get(`/v1/actions/${created.body.action_uid}`)).body.status).toBe('completed')
    // sequences survive too: the next database is uid 3 on the next free port
    const third = await second.as('admin').post('/v1/bdbs', { name: 'third', memory_size: GB })
    expect(third.body.uid).toBe(3)
    expect(third.body.endpoints[0].port).toBe(12002)
  })

  // issue #20: a full event log drops its oldest event per new one, logged as a count (core/transaction.ts dropFront)
  it('a full event log that dropped its oldest events reads the same after the restart', async () => {
    const tmp = await tempDir()
    cleanup = tmp.cleanup
    const first = withRoles(await createFileHarness(tmp.dir))
    const state = (await first.request(RE).get('/_emulator/state')).body
    state.providers[RE].event_log.events = Array.from({ length: 1000 }, (_, i) => ({ time: '2026-01-01T00:00:00Z', type: 'old', severity: 'INFO', n: i }))
    await first.request(RE).put('/_emulator/state').send(state).expect(200)
    await createActiveBdb(first, { name: 'logged' })
    await first.as('admin').post('/v1/users', { email: 'ci@example.com', password: 'ci-password', role: 'db_member' }).expect(200)
    const before = (await first.as('admin').get('/v1/logs')).body
    expect(before).toHaveLength(1000)
    expect(before[0].n).toBe(2)
    expect(before.slice(-2).map((e: { type: string }) => e.type)).toEqual(['cluster_bdb_created', 'user_created'])

    const second = withRoles(await createFileHarness(tmp.dir, {}, first.clock))
    expect((await second.as('admin').get('/v1/logs')).body).toEqual(before)
  })

  it('a delete in flight completes after the restart', async () => {
    const tmp = await tempDir()
    cleanup = tmp.cleanup
    const first = withRoles(await createFileHarness(tmp.dir))
    await createActiveBdb(first)
    await first.as('admin').delete('/v1/bdbs/1')
    const second = withRoles(await createFileHarness(tmp.dir, {}, first.clock))
    expect((await second.as('admin').get('/v1/bdbs/1')).body.status).toBe('delete-pending')
    second.clock.advance(second.emulator.delays.get('redis-enterprise.bdb.delete'))
    expect((await second.as('admin').get('/v1/bdbs/1')).status).toBe(404)
  })

  it('keeps roles, Redis ACLs, bindings, LDAP mappings and configuration, and password lists (issue 14)', async () => {
    const tmp = await tempDir()
    cleanup = tmp.cleanup
    const first = withRoles(await createFileHarness(tmp.dir))
    const admin = first.as('admin')
    await admin.post('/v1/roles', { name: 'kept-role', management: 'none' }).expect(200)
    await admin.post('/v1/redis_acls', { name: 'kept-acl', acl: '+get ~*' }).expect(200)
    await createActiveBdb(first, { name: 'bound', authentication_redis_pass: 'p1-pass', roles_permissions: [{ role_uid: 8, redis_acl_uid: 4 }] })
    await admin.post('/v1/bdbs/1/passwords', { password: 'p2-pass' }).expect(200)
    await admin.post('/v1/ldap_mappings', { name: 'kept-map', dn: 'OU=x', role_uids: [8] }).expect(200)
    await admin.put('/v1/cluster/ldap', { cache_ttl: 42 }).expect(200)

    const second = withRoles(await createFileHarness(tmp.dir, {}, first.clock))
    const again = second.as('admin')
    expect((await again.get('/v1/roles/8')).body).toEqual({ management: 'none', name: 'kept-role', uid: 8 })
    expect((await again.get('/v1/redis_acls/4')).body).toEqual({ acl: '+get ~*', name: 'kept-acl', uid: 4 })
    expect((await again.get('/v1/bdbs/1')).body.roles_permissions).toEqual([{ role_uid: 8, redis_acl_uid: 4 }])
    expect((await again.get('/v1/ldap_mappings/1')).body.name).toBe('kept-map')
    expect((await again.get('/v1/cluster/ldap')).body.cache_ttl).toBe(42)
    // both passwords survived: the first can go because the second stays
    await again.delete('/v1/bdbs/1/passwords').send({ password: 'p1-pass' }).expect(200)
    // sequences survive: the next role is 9
    expect((await again.post('/v1/roles', { name: 'next-role', management: 'none' })).body.uid).toBe(9)
  })

  it('a state file written before access management existed starts with the built-in roles and ACLs', async () => {
    const tmp = await tempDir()
    cleanup = tmp.cleanup
    const first = withRoles(await createFileHarness(tmp.dir))
    await createActiveBdb(first, { name: 'old' })
    const document = (await first.request(RE).get(`/_emulator/state?provider=${RE}`)).body
    for (const part of ['roles', 'redis_acls', 'ldap_mappings', 'ldap', 'bdb_passwords']) delete document.providers[RE][part]
    const older = await tempDir()
    const previousCleanup = cleanup
    cleanup = async () => {
      await previousCleanup()
      await older.cleanup()
    }
    writeFileSync(join(older.dir, 'state.json'), JSON.stringify(document))
    const second = withRoles(await createFileHarness(older.dir, {}, first.clock))
    expect((await second.as('db_viewer').get('/v1/bdbs/1')).body.name).toBe('old')
    expect((await second.as('admin').get('/v1/roles')).body).toHaveLength(7)
    expect((await second.as('admin').get('/v1/redis_acls')).body).toHaveLength(3)
    expect((await second.as('admin').get('/v1/cluster/ldap')).status).toBe(200)
  })
})
