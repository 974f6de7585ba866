// Alerts (reference-more §7; issue 15 item 2): captured shapes, settings, conditions the emulator observes and the
// control-plane route that raises or clears any documented alert.
import { beforeEach, describe, expect, it } from 'vitest'
import { capture, createActiveBdb, createReHarness, expectError, GB, RE, typeMap, type ReHarness } from '../../helpers/redis-enterprise.js'
import { applyClusterAlertSettings } from '../../../src/providers/redis-enterprise/alerts/service.js'
import type { RedisEnterpriseSlice } from '../../../src/providers/redis-enterprise/model.js'

let h: ReHarness
async function start(settings: Record<string, number | boolean | string> = {}) {
  h = await createReHarness(settings)
}
beforeEach(() => start())

const admin = () => h.as('admin')
const captured = capture<Record<string, any>>('cluster_alerts')
const raise = (body: unknown) => h.request(RE).post('/_emulator/redis-enterprise/alerts').send(body as object)

/** Keys and JSON types of an alert object and of its change_value. */
const shapeOf = (alert: any) => ({ ...typeMap(alert), change_value: typeMap(alert.change_value) })

describe('GET /v1/cluster/alerts', () => {
  it('on a one-node cluster with a 1 GB database equals the capture except change_time (same names, keys, types, values)', async () => {
    await start({ nodes: 1 })
    await createActiveBdb(h, { memory_size: GB })
    const body = (await admin().get('/v1/cluster/alerts')).body
    expect(Object.keys(body)).toEqual(Object.keys(captured))
    for (const [name, alert] of Object.entries<any>(body)) {
      expect(shapeOf(alert), name).toEqual(shapeOf(captured[name]))
      expect({ ...alert, change_time: 'x' }, name).toEqual({ ...captured[name], change_time: 'x' })
      expect(alert.change_time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/)
    }
  })

  it('a three-node cluster has an odd node count and enough nodes for replication: both off, severity INFO', async () => {
    const body = (await admin().get('/v1/cluster/alerts')).body
    expect(body.cluster_even_node_count).toMatchObject({ state: false, severity: 'INFO', change_value: { node_count: 3, state: false } })
    expect(body.cluster_too_few_nodes_for_replication.state).toBe(false)
    await start({ nodes: 2 })
    expect((await admin().get('/v1/cluster/alerts/cluster_even_node_count')).body).toMatchObject({ state: true, severity: 'WARNING' })
  })

  it('GET /v1/cluster/alerts/{alert}: one alert; an unknown name is 404; ignore_settings is accepted', async () => {
    const one = (await admin().get('/v1/cluster/alerts/cluster_ocsp_query_failed')).body
    expect(shapeOf(one)).toEqual(shapeOf(captured.cluster_ocsp_query_failed))
    expectError(await admin().get('/v1/cluster/alerts/no_such_alert'), 404, 'alert_not_exist')
    expect((await admin().get('/v1/cluster/alerts?ignore_settings')).status).toBe(200)
  })

  it('licence: cluster_license_about_to_expire is on with --license-expired, off with a valid licence', async () => {
    expect((await admin().get('/v1/cluster/alerts/cluster_license_about_to_expire')).body.state).toBe(false)
    await start({ licenseExpired: true })
    expect((await admin().get('/v1/cluster/alerts/cluster_license_about_to_expire')).body).toMatchObject({ state: true, severity: 'WARNING', enabled: true, change_value: { global_threshold: '7', state: true } })
  })

  it('cluster_ram_overcommit follows the memory the databases commit against the nodes', async () => {
    await start({ shardsLimit: 100 })
    const before = (await admin().get('/v1/cluster/alerts/cluster_ram_overcommit')).body
    expect(before.change_value.bdbs_committed_ram).toBe(0)
    await createActiveBdb(h, { memory_size: GB, replication: true })
    const after = (await admin().get('/v1/cluster/alerts/cluster_ram_overcommit')).body
    expect(after.change_value.bdbs_committed_ram).toBe(2 * GB)
  })

  it('applyClusterAlertSettings (for PUT /v1/cluster) changes enabled and global_threshold; refuses unknown names', async () => {
    await h.emulator.store.mutate<RedisEnterpriseSlice>(RE, (draft) =>
      applyClusterAlertSettings(draft, { cluster_even_node_count: true, cluster_license_about_to_expire: { enabled: true, threshold: '30' } }),
    )
    const body = (await admin().get('/v1/cluster/alerts')).body
    expect(body.cluster_even_node_count.enabled).toBe(true)
    expect(body.cluster_license_about_to_expire.change_value.global_threshold).toBe('30')
    await expect(h.emulator.store.mutate<RedisEnterpriseSlice>(RE, (draft) => applyClusterAlertSettings(draft, { bogus: true }))).rejects.toMatchObject({ status: 406, code: 'invalid_schema' })
  })
})

describe('node and database alerts', () => {
  it('GET /v1/nodes/alerts: {node uid: {alert: alert}}; /{uid} and /{uid}/{alert}; unknown node or alert 404', async () => {
    const all = (await admin().get('/v1/nodes/alerts')).body
    expect(Object.keys(all)).toEqual(['1', '2', '3'])
    const node = (await admin().get('/v1/nodes/alerts/2')).body
    expect(node).toEqual(all['2'])
    // cluster.json alert_settings: node_checks_error true, node_free_flash {enabled, threshold "70"}
    expect(node.node_checks_error).toMatchObject({ enabled: true, state: false, severity: 'INFO', change_value: { state: false } })
    expect(node.node_free_flash).toMatchObject({ enabled: true, change_value: { global_threshold: '70', state: false } })
    expect(node.node_cpu_utilization.enabled).toBe(false)
    for (const alert of Object.values<any>(node)) expect(Object.keys(alert)).toEqual(['change_time', 'change_value', 'enabled', 'severity', 'state'])
    expect((await admin().get('/v1/nodes/alerts/2/node_memory')).body).toEqual(node.node_memory)
    expectError(await admin().get('/v1/nodes/alerts/9'), 404, 'node_not_exist')
    expectError(await admin().get('/v1/nodes/alerts/1/nope'), 404, 'alert_not_exist')
  })

  it('GET /v1/bdbs/alerts and POST /v1/bdbs/alerts/{uid} (dry_run too); PUT /v1/bdbs alert_settings; refusals', async () => {
    const bdb = await createActiveBdb(h)
    expect(Object.keys((await admin().get('/v1/bdbs/alerts')).body)).toEqual([String(bdb.uid)])
    const alerts = (await admin().get(`/v1/bdbs/alerts/${bdb.uid}`)).body
    expect(alerts.bdb_size).toEqual({ change_time: expect.any(String), change_value: { state: false }, enabled: false, severity: 'INFO', state: false })
    const dry = await admin().post(`/v1/bdbs/alerts/${bdb.uid}?dry_run`, { bdb_size: { enabled: true, threshold: '80' } })
    expect(dry.status).toBe(200)
    expect(dry.body.bdb_size).toMatchObject({ enabled: true, threshold: '80' })
    expect((await admin().get(`/v1/bdbs/alerts/${bdb.uid}/bdb_size`)).body.enabled).toBe(false)
    const set = await admin().post(`/v1/bdbs/alerts/${bdb.uid}`, { bdb_size: { enabled: true, threshold: '80' }, bdb_high_latency: { enabled: true, threshold: '5' } })
    expect(set.body.bdb_size).toMatchObject({ enabled: true, threshold: '80', state: false })
    expect((await admin().get(`/v1/bdbs/alerts/${bdb.uid}/bdb_high_latency`)).body).toMatchObject({ enabled: true, threshold: '5' })
    await admin().put(`/v1/bdbs/${bdb.uid}`, { alert_settings: { bdb_size: { enabled: false } } }).expect(200)
    expect((await admin().get(`/v1/bdbs/alerts/${bdb.uid}/bdb_size`)).body).toMatchObject({ enabled: false, threshold: '80' })
    // the bdb record itself keeps its captured keys
    expect((await admin().get(`/v1/bdbs/${bdb.uid}`)).body.alert_settings).toBeUndefined()
    expectError(await admin().post(`/v1/bdbs/alerts/${bdb.uid}`, { bdb_nope: { enabled: true } }), 406, 'invalid_schema')
    expectError(await admin().post(`/v1/bdbs/alerts/${bdb.uid}`, { bdb_size: { enabled: 'yes' } }), 406, 'invalid_schema')
    expectError(await admin().post('/v1/bdbs/alerts/99', { bdb_size: { enabled: true } }), 404, 'db_not_exist')
    expectError(await admin().get('/v1/bdbs/alerts/99'), 404, 'db_not_exist')
    expectError(await admin().get(`/v1/bdbs/alerts/${bdb.uid}/nope`), 404, 'alert_not_exist')
    expectError(await admin().put(`/v1/bdbs/${bdb.uid}`, { alert_settings: { bdb_nope: {} } }), 406, 'invalid_schema')
  })
})

describe('control plane: POST /_emulator/redis-enterprise/alerts', () => {
  it('raises and clears any documented cluster, node or bdb alert by name; null hands it back to the emulator', async () => {
    const bdb = await createActiveBdb(h)
    h.clock.advance(5_000)
    const raised = await raise({ object: 'cluster', name: 'cluster_multiple_nodes_down', state: true })
    expect(raised.status).toBe(200)
    expect(raised.body).toEqual({ scope: 'cluster', name: 'cluster_multiple_nodes_down', state: true })
    const alert = (await admin().get('/v1/cluster/alerts/cluster_multiple_nodes_down')).body
    expect(alert).toMatchObject({ state: true, severity: 'WARNING', change_value: { dead_nodes: [], state: true } })
    expect(alert.change_time).toBe(new Date(h.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z'))
    await raise({ object: 'node', uid: 2, name: 'node_memory', state: true }).expect(200)
    expect((await admin().get('/v1/nodes/alerts/2/node_memory')).body.state).toBe(true)
    expect((await admin().get('/v1/nodes/alerts/1/node_memory')).body.state).toBe(false)
    await raise({ object: 'bdb', uid: bdb.uid, name: 'bdb_high_latency', state: true }).expect(200)
    expect((await admin().get(`/v1/bdbs/alerts/${bdb.uid}/bdb_high_latency`)).body).toMatchObject({ state: true, severity: 'WARNING' })
    // clear one the emulator itself has on (licence near expiry on an expired-licence cluster)
    await start({ licenseExpired: true })
    await raise({ object: 'cluster', name: 'cluster_license_about_to_expire', state: false }).expect(200)
    expect((await admin().get('/v1/cluster/alerts/cluster_license_about_to_expire')).body.state).toBe(false)
    await raise({ object: 'cluster', name: 'cluster_license_about_to_expire', state: null }).expect(200)
    expect((await admin().get('/v1/cluster/alerts/cluster_license_about_to_expire')).body.state).toBe(true)
  })

  it('refuses unknown names, a node or bdb alert without its uid, unknown uids and bad bodies', async () => {
    expect((await raise({ object: 'cluster', name: 'bdb_size', state: true })).status).toBe(404)
    expect((await raise({ object: 'node', name: 'node_memory', state: true })).status).toBe(406)
    expect((await raise({ object: 'node', uid: 9, name: 'node_memory', state: true })).status).toBe(404)
    expect((await raise({ object: 'bdb', uid: 9, name: 'bdb_size', state: true })).status).toBe(404)
    const bad = await raise({ object: 'moon', name: 'x', state: 'on' })
    expect(bad.status).toBe(406)
    expect(bad.body.error.code).toBe('invalid_schema')
  })

  it('forced states survive a state export and import; a malformed one is refused', async () => {
    await raise({ object: 'cluster', name: 'cluster_internal_bdb', state: true }).expect(200)
    const state = (await h.request(RE).get('/_emulator/state')).body
    await h.request(RE).put('/_emulator/state').send(state).expect(200)
    expect((await admin().get('/v1/cluster/alerts/cluster_internal_bdb')).body.state).toBe(true)
    state.providers[RE].alerts.raised.cluster.cluster_internal_bdb.state = 'yes'
    expect((await h.request(RE).put('/_emulator/state').send(state)).status).toBe(400)
  })
})
