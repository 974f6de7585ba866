// Database operations (reference-more §15, §20; issue 15 item 4): export, import, status resets, stop/resume traffic
// and recover, each through every documented status on a frozen clock, with their refusals.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createActiveBdb, createReHarness, expectError, RE, type ReHarness } from '../../helpers/redis-enterprise.js'
import { tempDir } from '../../helpers/harness.js'

let h: ReHarness
let dir: { dir: string; cleanup: () => Promise<void> }
beforeEach(async () => {
  h = await createReHarness()
  dir = await tempDir('rce-ops-')
})
afterEach(() => dir.cleanup())

const admin = () => h.as('admin')
const delay = (name: string) => h.emulator.delays.get(`redis-enterprise.bdb.${name}`)
const bdbOf = async (uid: number) => (await admin().get(`/v1/bdbs/${uid}`)).body
const actionOf = async (uid: string) => (await admin().get(`/v1/actions/${uid}`)).body
const actionV2Of = async (uid: string) => (await admin().get(`/v2/actions/${uid}`)).body
const s3 = { type: 's3', bucket_name: 'backups', subdir: 'db', access_key_id: 'AKIA', secret_access_key: 'secret' }

describe('export (reference-more §15)', () => {
  it('export_status "" -> exporting -> succeeded, with an action pending -> active -> completed in /v1/actions and /v2/actions', async () => {
    const bdb = await createActiveBdb(h)
    expect(bdb).toMatchObject({ export_status: '', export_progress: 0.0, export_failure_reason: '' })
    const started = await admin().post(`/v1/bdbs/${bdb.uid}/actions/export`, { export_location: s3, email_notification: false })
    expect(started.status).toBe(200)
    expect(Object.keys(started.body)).toEqual(['action_uid'])
    const uid = started.body.action_uid
    expect(await bdbOf(bdb.uid)).toMatchObject({ status: 'active', export_status: 'exporting', export_progress: 0 })
    expect(await actionOf(uid)).toMatchObject({ name: 'SMExportBDB', object_name: `bdb:${bdb.uid}`, status: 'pending', progress: 0 })
    h.clock.advance(delay('export') / 2)
    expect(await actionOf(uid)).toMatchObject({ status: 'active', progress: 50 })
    expect((await bdbOf(bdb.uid)).export_status).toBe('exporting')
    h.clock.advance(delay('export') / 2)
    expect(await bdbOf(bdb.uid)).toMatchObject({ export_status: 'succeeded', export_progress: 100, export_failure_reason: '' })
    expect(await actionOf(uid)).toMatchObject({ status: 'completed', progress: 100 })
    expect(await actionV2Of(uid)).toMatchObject({ name: 'SMExportBDB', status: 'completed', additional_info: { description: 'Export database', error: '', object_uid: String(bdb.uid) } })
    expect((await admin().get('/v2/actions')).body.map((a: any) => a.action_uid)).toContain(uid)
  })

  it('a mount point that does not exist: exporting, then failed with wrong-file-path; the action ends failed', async () => {
    const bdb = await createActiveBdb(h)
    const started = await admin().post(`/v1/bdbs/${bdb.uid}/actions/export`, { export_location: { type: 'mount_point', path: `${dir.dir}/missing` } })
    expect(started.status).toBe(200)
    expect((await bdbOf(bdb.uid)).export_status).toBe('exporting')
    h.clock.advance(delay('export'))
    expect(await bdbOf(bdb.uid)).toMatchObject({ export_status: 'failed', export_failure_reason: 'wrong-file-path' })
    expect((await actionOf(started.body.action_uid)).status).toBe('failed')
    expect((await actionV2Of(started.body.action_uid)).additional_info.error).toMatch(/wrong-file-path/)
  })

  it('refusals: 409 busy while an export runs and while the bdb is not active, 404 unknown bdb, 406 bad locations and bodies', async () => {
    const bdb = await createActiveBdb(h)
    await admin().post(`/v1/bdbs/${bdb.uid}/actions/export`, { export_location: s3 }).expect(200)
    expectError(await admin().post(`/v1/bdbs/${bdb.uid}/actions/export`, { export_location: s3 }), 409, 'busy')
    expectError(await admin().post(`/v1/bdbs/${bdb.uid}/actions/import`, { dataset_import_sources: [s3] }), 409, 'busy')
    expectError(await admin().put(`/v1/bdbs/${bdb.uid}/actions/export_reset_status`), 409, 'busy')
    const pending = await admin().post('/v1/bdbs', { name: 'pending-db', memory_size: 1024 ** 3 })
    expectError(await admin().post(`/v1/bdbs/${pending.body.uid}/actions/export`, { export_location: s3 }), 409, 'busy')
    expectError(await admin().post('/v1/bdbs/999/actions/export', { export_location: s3 }), 404, 'db_not_exist')
    for (const location of [
      { type: 'url', url: 'gopher://host/x' },
      { type: 'url', url: 'not a url' },
      { type: 'mount_point', path: 'relative/dir' },
      { type: 's3', bucket_name: 'b' },
      { type: 'floppy' },
    ]) {
      expectError(await admin().post(`/v1/bdbs/${bdb.uid}/actions/export`, { export_location: location }), 406, 'invalid_schema')
    }
    // reference-more §15: redisctl's string export_location is not what the server takes
    expectError(await admin().post(`/v1/bdbs/${bdb.uid}/actions/export`, { export_location: 'ftp://x/y' }), 406, 'invalid_schema')
    expectError(await admin().post(`/v1/bdbs/${bdb.uid}/actions/export`, {}), 406, 'invalid_schema')
  })

  it('406 when a module of the database lacks backup_restore (reference-more §15)', async () => {
    const bdb = await createActiveBdb(h)
    // a module the catalogue does not list has no capabilities (a stored module entry has the four keys the API answers)
    const state = (await h.request(RE).get('/_emulator/state')).body
    state.providers[RE].bdbs[String(bdb.uid)].module_list = [{ module_id: 'no-such-module-id', module_name: 'no-such-module', module_args: '', semantic_version: '1.0.0' }]
    await h.request(RE).put('/_emulator/state').send(state).expect(200)
    expectError(await admin().post(`/v1/bdbs/${bdb.uid}/actions/export`, { export_location: s3 }), 406, 'unsupported_module_capabilities')
  })
})

describe('import (reference-more §15)', () => {
  it('import_status idle -> initializing -> importing -> succeeded; the bdb is import-pending meanwhile and refuses updates', async () => {
    const bdb = await createActiveBdb(h)
    const started = await admin().post(`/v1/bdbs/${bdb.uid}/actions/import`, { dataset_import_sources: [{ type: 'url', url: 'https://example.com/dump.rdb' }] })
    expect(started.status).toBe(200)
    const uid = started.body.action_uid
    expect(await bdbOf(bdb.uid)).toMatchObject({ status: 'import-pending', import_status: 'initializing', import_progress: 0, action_uid: uid })
    expect((await actionOf(uid)).status).toBe('pending')
    expectError(await admin().put(`/v1/bdbs/${bdb.uid}`, { max_connections: 10 }), 409, 'busy')
    expectError(await admin().put(`/v1/bdbs/${bdb.uid}/actions/import_reset_status`), 409, 'busy')
    h.clock.advance(delay('import') / 2)
    expect(await bdbOf(bdb.uid)).toMatchObject({ status: 'import-pending', import_status: 'importing', import_progress: 50 })
    expect((await actionOf(uid)).status).toBe('active')
    h.clock.advance(delay('import') / 2)
    const done = await bdbOf(bdb.uid)
    expect(done).toMatchObject({ status: 'active', import_status: 'succeeded', import_progress: 100, import_failure_reason: '' })
    expect(done.action_uid).toBeUndefined()
    expect(done.dataset_import_sources).toEqual([{ type: 'url', url: 'https://example.com/dump.rdb' }])
    expect((await actionOf(uid)).status).toBe('completed')
    // an empty body reuses the stored sources (INF from the documented Content-Length: 0 header)
    expect((await admin().post(`/v1/bdbs/${bdb.uid}/actions/import`)).status).toBe(200)
  })

  it('a local file that is missing: failed with download-error', async () => {
    const bdb = await createActiveBdb(h)
    await admin().post(`/v1/bdbs/${bdb.uid}/actions/import`, { dataset_import_sources: [{ type: 'mount_point', path: `${dir.dir}/none.rdb` }] }).expect(200)
    h.clock.advance(delay('import'))
    expect(await bdbOf(bdb.uid)).toMatchObject({ status: 'active', import_status: 'failed', import_failure_reason: 'download-error', import_progress: 0 })
  })

  it('refusals: any other key (redisctl import_location/flush), no sources at all, an unsupported scheme: 406', async () => {
    const bdb = await createActiveBdb(h)
    expectError(await admin().post(`/v1/bdbs/${bdb.uid}/actions/import`, { import_location: 'ftp://x/y.rdb', flush: true }), 406, 'invalid_schema')
    expectError(await admin().post(`/v1/bdbs/${bdb.uid}/actions/import`, {}), 406, 'invalid_schema')
    expectError(await admin().post(`/v1/bdbs/${bdb.uid}/actions/import`, { dataset_import_sources: [] }), 406, 'invalid_schema')
    expectError(await admin().post(`/v1/bdbs/${bdb.uid}/actions/import`, { dataset_import_sources: [{ type: 'url', url: 'gopher://x' }] }), 406, 'invalid_schema')
  })
})

describe('status resets (reference-more §15)', () => {
  it('export_reset_status and import_reset_status bring failed statuses back to "" and 0.0; backup_reset_status on an idle bdb', async () => {
    const bdb = await createActiveBdb(h)
    await admin().post(`/v1/bdbs/${bdb.uid}/actions/export`, { export_location: { type: 'mount_point', path: '/no/such/dir' } }).expect(200)
    await admin().post(`/v1/bdbs/${bdb.uid}/actions/import`, { dataset_import_sources: [s3] }).expect(409)
    h.clock.advance(delay('export'))
    await admin().post(`/v1/bdbs/${bdb.uid}/actions/import`, { dataset_import_sources: [{ type: 'mount_point', path: '/no/such/file.rdb' }] }).expect(200)
    h.clock.advance(delay('import'))
    expect(await bdbOf(bdb.uid)).toMatchObject({ export_status: 'failed', import_status: 'failed' })
    for (const kind of ['export', 'import', 'backup']) {
      const reset = await admin().put(`/v1/bdbs/${bdb.uid}/actions/${kind}_reset_status`)
      expect(reset.status).toBe(200)
      expect(reset.text).toBe('')
      expect(await bdbOf(bdb.uid)).toMatchObject({ [`${kind}_status`]: '', [`${kind}_failure_reason`]: '', [`${kind}_progress`]: 0 })
    }
    expectError(await admin().put('/v1/bdbs/999/actions/backup_reset_status'), 404, 'db_not_exist')
  })
})

describe('traffic control (reference-more §20)', () => {
  it('stop_traffic: action_uid, active-change-pending until done, traffic_manually_disabled; resume_traffic turns it back', async () => {
    const bdb = await createActiveBdb(h)
    expect(bdb.traffic_manually_disabled).toBeUndefined()
    const stopped = await admin().post(`/v1/bdbs/${bdb.uid}/actions/stop_traffic`)
    expect(stopped.status).toBe(200)
    expect(Object.keys(stopped.body)).toEqual(['action_uid'])
    expect(await bdbOf(bdb.uid)).toMatchObject({ status: 'active-change-pending', traffic_manually_disabled: true, action_uid: stopped.body.action_uid })
    expect(await actionOf(stopped.body.action_uid)).toMatchObject({ name: 'SMStopTraffic', status: 'pending' })
    // 409 while busy
    expectError(await admin().post(`/v1/bdbs/${bdb.uid}/actions/resume_traffic`), 409, 'busy')
    h.clock.advance(delay('traffic'))
    expect(await bdbOf(bdb.uid)).toMatchObject({ status: 'active', traffic_manually_disabled: true })
    expect((await actionOf(stopped.body.action_uid)).status).toBe('completed')
    // stopping again is refused (INF)
    expectError(await admin().post(`/v1/bdbs/${bdb.uid}/actions/stop_traffic`), 409, 'busy')
    const resumed = await admin().post(`/v1/bdbs/${bdb.uid}/actions/resume_traffic`)
    expect(resumed.status).toBe(200)
    expect(await actionOf(resumed.body.action_uid)).toMatchObject({ name: 'SMResumeTraffic', status: 'pending' })
    h.clock.advance(delay('traffic'))
    expect(await bdbOf(bdb.uid)).toMatchObject({ status: 'active', traffic_manually_disabled: false })
    expectError(await admin().post(`/v1/bdbs/${bdb.uid}/actions/resume_traffic`), 409, 'busy')
    expectError(await admin().post('/v1/bdbs/999/actions/stop_traffic'), 404, 'db_not_exist')
  })
})

describe('recover (reference-more §20)', () => {
  it('GET gives the plan; POST recovers a bdb in recovery: recovery -> active through SMRecoverBDB; refusals are 409', async () => {
    const bdb = await createActiveBdb(h, { shards_count: 2, sharding: true, oss_sharding: true })
    const plan = (await admin().get(`/v1/bdbs/${bdb.uid}/actions/recover`)).body
    expect(plan.status).toBe('ready')
    expect(plan.data_files).toHaveLength(2)
    expect(Object.keys(plan.data_files[0])).toEqual(['filename', 'last_modified', 'node_uid', 'shard_role', 'shard_slots', 'shard_uid', 'size'])
    expect(plan.data_files.map((f: any) => f.shard_slots)).toEqual(['0-8191', '8192-16383'])
    // an active database is not recoverable
    expectError(await admin().post(`/v1/bdbs/${bdb.uid}/actions/recover`), 409, 'busy')
    const state = (await h.request(RE).get('/_emulator/state')).body
    state.providers[RE].bdbs[String(bdb.uid)].status = 'recovery'
    await h.request(RE).put('/_emulator/state').send(state).expect(200)
    expectError(await admin().post(`/v1/bdbs/${bdb.uid}/actions/recover`, { bogus: 1 }), 406, 'invalid_schema')
    const started = await admin().post(`/v1/bdbs/${bdb.uid}/actions/recover`, { ignore_errors: false, recover_without_data: false })
    expect(started.status).toBe(200)
    expect(await bdbOf(bdb.uid)).toMatchObject({ status: 'recovery', action_uid: started.body.action_uid })
    expectError(await admin().post(`/v1/bdbs/${bdb.uid}/actions/recover`), 409, 'busy')
    h.clock.advance(delay('recover'))
    expect((await bdbOf(bdb.uid)).status).toBe('active')
    expect(await actionOf(started.body.action_uid)).toMatchObject({ name: 'SMRecoverBDB', status: 'completed' })
    expectError(await admin().get('/v1/bdbs/999/actions/recover'), 404, 'db_not_exist')
  })
})

describe('state', () => {
  it('an operation in flight survives a state export/import and completes on the clock', async () => {
    const bdb = await createActiveBdb(h)
    const started = await admin().post(`/v1/bdbs/${bdb.uid}/actions/import`, { dataset_import_sources: [s3] })
    const state = (await h.request(RE).get('/_emulator/state')).body
    await h.request(RE).put('/_emulator/state').send(state).expect(200)
    h.clock.advance(delay('import'))
    expect(await bdbOf(bdb.uid)).toMatchObject({ status: 'active', import_status: 'succeeded' })
    expect((await actionOf(started.body.action_uid)).status).toBe('completed')
    const broken = structuredClone(state)
    broken.providers[RE].actions[started.body.action_uid].error = 42
    expect((await h.request(RE).put('/_emulator/state').send(broken)).status).toBe(400)
  })
})

describe('rebalance and revamp (reference-more §20)', () => {
  it('rebalance: dry_run answers the shards blueprint with a cluster-state-id header; otherwise an update machine', async () => {
    const bdb = await createActiveBdb(h, { shards_count: 2, sharding: true, oss_sharding: true, replication: true })
    const dry = await admin().put(`/v1/bdbs/${bdb.uid}/actions/rebalance?dry_run`)
    expect(dry.status).toBe(200)
    expect(dry.headers['cluster-state-id']).toMatch(/^\d+$/)
    expect(dry.body).toEqual([
      { nodes: [{ node_uid: '1', role: 'master' }, { node_uid: '2', role: 'slave' }], slot_range: '0-8191' },
      { nodes: [{ node_uid: '1', role: 'master' }, { node_uid: '2', role: 'slave' }], slot_range: '8192-16383' },
    ])
    expect((await bdbOf(bdb.uid)).status).toBe('active')
    // view_bdb_info, as documented: a viewer may rebalance
    const started = await h.as('db_viewer').put(`/v1/bdbs/${bdb.uid}/actions/rebalance`)
    expect(started.status).toBe(200)
    expect(await bdbOf(bdb.uid)).toMatchObject({ status: 'active-change-pending', action_uid: started.body.action_uid })
    expectError(await admin().put(`/v1/bdbs/${bdb.uid}/actions/rebalance`), 409, 'busy')
    h.clock.advance(delay('update'))
    expect((await bdbOf(bdb.uid)).status).toBe('active')
    expect((await actionOf(started.body.action_uid)).status).toBe('completed')
    expectError(await admin().put('/v1/bdbs/999/actions/rebalance'), 404, 'db_not_exist')
  })

  it('revamp: dry_run shows the blueprint of the new shape and changes nothing; a revamp changes shards and memory', async () => {
    const bdb = await createActiveBdb(h)
    const dry = await admin().put(`/v1/bdbs/${bdb.uid}/actions/revamp?dry_run`, { shards_count: 3, shards_placement: 'sparse' })
    expect(dry.status).toBe(200)
    expect(dry.body.map((b: any) => b.nodes[0].node_uid)).toEqual(['1', '2', '3'])
    expect((await bdbOf(bdb.uid)).shards_count).toBe(1)
    const started = await admin().put(`/v1/bdbs/${bdb.uid}/actions/revamp`, { shards_count: 2, memory_size: 2 * 1024 ** 3, avoid_nodes: ['3'] })
    expect(started.status).toBe(200)
    expect(await bdbOf(bdb.uid)).toMatchObject({ status: 'active-change-pending', shards_count: 2, memory_size: 2 * 1024 ** 3 })
    h.clock.advance(delay('update'))
    expect((await bdbOf(bdb.uid)).status).toBe('active')
    expectError(await admin().put(`/v1/bdbs/${bdb.uid}/actions/revamp`, { name: 'renamed' }), 406, 'invalid_schema')
    expectError(await h.as('db_viewer').put(`/v1/bdbs/${bdb.uid}/actions/revamp`, { shards_count: 2 }), 403, 'insufficient_permissions')
  })
})
