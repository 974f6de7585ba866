// GET /v1/logs (reference-more §12; issue 15 item 3): events recorded on the emulator clock, stime/etime/order/limit/
// offset and their validation errors, bounded to the newest 1000.
import { beforeEach, describe, expect, it } from 'vitest'
import { createActiveBdb, createReHarness, expectError, RE, type ReHarness } from '../../helpers/redis-enterprise.js'
import { HARNESS_EPOCH } from '../../helpers/harness.js'

let h: ReHarness
beforeEach(async () => {
  h = await createReHarness()
})

const admin = () => h.as('admin')
const logs = async (query = '') => {
  const res = await admin().get(`/v1/logs${query}`)
  expect(res.status).toBe(200)
  return res.body as any[]
}
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')

describe('GET /v1/logs', () => {
  it('a new cluster has no event; every event has time, type and severity (the crate requires time and type)', async () => {
    expect(await logs()).toEqual([])
  })

  it('records database created, updated (per field, old_val/new_val) and deleted at the emulator time', async () => {
    const bdb = await createActiveBdb(h, { name: 'logged-db' })
    h.clock.advance(60_000)
    await admin().put(`/v1/bdbs/${bdb.uid}`, { name: 'renamed-db' }).expect(200)
    h.clock.advance(60_000)
    await admin().delete(`/v1/bdbs/${bdb.uid}`).expect(200)
    const events = await logs()
    // reference-more §12 DOC examples: cluster_bdb_created with bdb_uid as a string; bdb_name_updated with old_val/new_val
    expect(events).toEqual([
      { bdb_name: 'logged-db', bdb_uid: String(bdb.uid), severity: 'INFO', time: iso(HARNESS_EPOCH), type: 'cluster_bdb_created' },
      {
        bdb_name: 'renamed-db',
        bdb_uid: String(bdb.uid),
        new_val: 'renamed-db',
        old_val: 'logged-db',
        severity: 'INFO',
        time: iso(HARNESS_EPOCH + 1000 + 60_000),
        type: 'bdb_name_updated',
      },
      { bdb_name: 'renamed-db', bdb_uid: String(bdb.uid), severity: 'INFO', time: expect.any(String), type: 'cluster_bdb_deleted' },
    ].map((e) => expect.objectContaining(e)))
    for (const event of events) {
      expect(typeof event.time).toBe('string')
      expect(typeof event.type).toBe('string')
      expect(event.severity).toBe('INFO')
    }
  })

  it('records user created, updated, deleted, a failed login, and role, Redis ACL and LDAP changes', async () => {
    const user = await admin().post('/v1/users', { email: 'logged@redis.local', password: 'logged-pass', role: 'db_viewer', name: 'Logged' })
    await admin().put(`/v1/users/${user.body.uid}`, { name: 'Still logged' }).expect(200)
    await admin().delete(`/v1/users/${user.body.uid}`).expect(200)
    h.clock.advance(1000)
    const before = JSON.stringify(h.emulator.store.read(RE))
    await h.request(RE).get('/v1/bdbs').auth('admin@redis.local', 'wrong-password').expect(401)
    // a refused request leaves the stored state as it was: failed logins are kept in memory (logs/service.ts)
    expect(JSON.stringify(h.emulator.store.read(RE))).toBe(before)
    h.clock.advance(1000)
    const role = await admin().post('/v1/roles', { name: 'logged-role', management: 'db_viewer' })
    await admin().put(`/v1/roles/${role.body.uid}`, { management: 'db_member' }).expect(200)
    await admin().delete(`/v1/roles/${role.body.uid}`).expect(200)
    const acl = await admin().post('/v1/redis_acls', { name: 'logged-acl', acl: '+@read ~*' })
    await admin().put(`/v1/redis_acls/${acl.body.uid}`, { acl: '+@all ~*' }).expect(200)
    await admin().delete(`/v1/redis_acls/${acl.body.uid}`).expect(200)
    const mapping = await admin().post('/v1/ldap_mappings', { name: 'Ops', dn: 'OU=ops,DC=example,DC=com', role_uids: [1] })
    await admin().put(`/v1/ldap_mappings/${mapping.body.uid}`, { email: 'ops@example.com' }).expect(200)
    await admin().delete(`/v1/ldap_mappings/${mapping.body.uid}`).expect(200)
    await admin().put('/v1/cluster/ldap', { uris: ['ldaps://ldap.example.com:636'] }).expect(200)
    await admin().delete('/v1/cluster/ldap').expect(200)
    const types = (await logs()).map((e) => e.type)
    expect(types).toEqual([
      'user_created',
      'user_updated',
      'user_deleted',
      'login_failed',
      'role_created',
      'role_updated',
      'role_deleted',
      'redis_acl_created',
      'redis_acl_updated',
      'redis_acl_deleted',
      'ldap_mapping_created',
      'ldap_mapping_updated',
      'ldap_mapping_deleted',
      'ldap_config_updated',
      'ldap_config_reset',
    ])
    const failed = (await logs()).find((e) => e.type === 'login_failed')
    expect(failed).toMatchObject({ user_email: 'admin@redis.local', severity: 'WARNING' })
  })

  it('stime and etime select an inclusive window; order desc reverses; offset then limit page', async () => {
    for (let i = 0; i < 5; i++) {
      await admin().post('/v1/users', { email: `u${i}@redis.local`, password: 'user-pass-1', role: 'db_viewer', name: `U${i}` }).expect(200)
      h.clock.advance(60_000)
    }
    const all = await logs()
    expect(all.map((e) => e.user_email)).toEqual(['u0@redis.local', 'u1@redis.local', 'u2@redis.local', 'u3@redis.local', 'u4@redis.local'])
    expect((await logs(`?stime=${iso(HARNESS_EPOCH + 60_000)}&etime=${iso(HARNESS_EPOCH + 180_000)}`)).map((e) => e.user_email)).toEqual([
      'u1@redis.local',
      'u2@redis.local',
      'u3@redis.local',
    ])
    expect((await logs('?order=desc')).map((e) => e.user_email)[0]).toBe('u4@redis.local')
    expect((await logs('?order=asc&offset=1&limit=2')).map((e) => e.user_email)).toEqual(['u1@redis.local', 'u2@redis.local'])
    expect((await logs('?order=desc&offset=1&limit=1')).map((e) => e.user_email)).toEqual(['u3@redis.local'])
    expect(await logs('?limit=0')).toEqual([])
    expect(await logs('?offset=10')).toEqual([])
  })

  it('validation errors: 400 invalid_param (inferred: reference §12 gives no error code)', async () => {
    for (const query of ['stime=yesterday', 'etime=2026-13-45T99:00:00Z', 'order=up', 'limit=-1', 'limit=ten', 'offset=1.5', 'stime=2026-02-01T00:00:00Z&etime=2026-01-01T00:00:00Z']) {
      expectError(await admin().get(`/v1/logs?${query}`), 400, 'invalid_param')
    }
  })

  it('db_viewer may not read the log (view_logged_events: A CM CV DM UM)', async () => {
    expectError(await h.as('db_viewer').get('/v1/logs'), 403, 'insufficient_permissions')
    expectError(await h.as('none').get('/v1/logs'), 403, 'insufficient_permissions')
    for (const role of ['admin', 'cluster_member', 'cluster_viewer', 'db_member', 'user_manager'] as const) expect((await h.as(role).get('/v1/logs')).status).toBe(200)
  })

  it('keeps the newest 1000 events', async () => {
    const state = (await h.request(RE).get('/_emulator/state')).body
    state.providers[RE].event_log.events = Array.from({ length: 1000 }, (_, i) => ({ time: iso(HARNESS_EPOCH - 1000 + i), type: 'old', severity: 'INFO', n: i }))
    await h.request(RE).put('/_emulator/state').send(state).expect(200)
    await admin().post('/v1/users', { email: 'newest@redis.local', password: 'user-pass-1', role: 'db_viewer', name: 'N' }).expect(200)
    const events = await logs()
    expect(events).toHaveLength(1000)
    expect(events[0].n).toBe(1)
    expect(events.at(-1).type).toBe('user_created')
  })

  it('a malformed stored log is refused by the slice validator', async () => {
    const state = (await h.request(RE).get('/_emulator/state')).body
    state.providers[RE].event_log = { events: [{ type: 'x' }] }
    expect((await h.request(RE).put('/_emulator/state').send(state)).status).toBe(400)
  })
})
