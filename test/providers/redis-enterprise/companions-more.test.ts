// Issue 15 item 5 (reference-more §6, §14, §16, §17, §21): crdbs, bdb_groups, jsonschema, cluster actions and local
// services, and the permissions of every route issue 15 adds, for all seven management roles.
import { beforeEach, describe, expect, it } from 'vitest'
import { capture, createActiveBdb, createReHarness, expectError, ROLE_NAMES, type ReHarness, type RoleName } from '../../helpers/redis-enterprise.js'

let h: ReHarness
beforeEach(async () => {
  h = await createReHarness()
})
const admin = () => h.as('admin')

describe('Active-Active and database groups on a cluster without them', () => {
  it('GET /v1/crdbs and /v1/bdb_groups answer the captured wrappers, key for key', async () => {
    expect((await admin().get('/v1/crdbs')).body).toEqual(capture('crdbs_list'))
    expect((await admin().get('/v1/bdb_groups')).body).toEqual(capture('bdb_groups_list'))
    expectError(await admin().get('/v1/crdbs/5a8e5d0c-1111-2222-3333-444455556666'), 404, 'crdb_not_exist')
    expectError(await admin().get('/v1/bdb_groups/1'), 404, 'bdb_group_not_exist')
    expect((await admin().get('/v1/crdb_tasks')).body).toEqual([])
    expectError(await admin().get('/v1/crdb_tasks/t-1'), 404, 'crdb_task_not_exist')
  })

  it('POST /v1/crdbs: a malformed body is 400; a well-formed one is refused 406 (inferred: no Active-Active peer to reach)', async () => {
    expectError(await admin().post('/v1/crdbs', { name: 'x' }), 400, 'bad_request')
    const body = {
      default_db_config: { name: 'sample-crdb', memory_size: 214748365 },
      instances: [
        { cluster: { url: 'http://cluster1.local:9443', credentials: { username: 'u', password: 'p' }, name: 'cluster-1' }, compression: 6 },
        { cluster: { url: 'http://cluster2.local:9443', credentials: { username: 'u', password: 'p' }, name: 'cluster-2' }, compression: 6 },
      ],
      name: 'sample-crdb',
    }
    expectError(await admin().post('/v1/crdbs', body), 406, 'crdb_peer_unreachable')
    expect((await admin().get('/v1/crdbs')).body).toEqual({ crdbs: [] })
  })
})

describe('GET /v1/jsonschema (reference-more §14)', () => {
  it('?object=bdb gives an object schema with the bdb properties; backup_location lists the location types; 406 unknown', async () => {
    const bdb = (await admin().get('/v1/jsonschema?object=bdb')).body
    expect(bdb.type).toBe('object')
    expect(Object.keys(bdb.properties)).toEqual(expect.arrayContaining(['name', 'memory_size', 'eviction_policy', 'export_status']))
    const location = JSON.stringify((await admin().get('/v1/jsonschema?object=backup_location')).body)
    for (const type of ['url', 'sftp', 's3', 'gs', 'abs', 'mount_point']) expect(location).toContain(`"${type}"`)
    const node = (await admin().get('/v1/jsonschema?object=node')).body
    expect(node.properties.uid).toEqual({ type: 'integer' })
    const all = (await admin().get('/v1/jsonschema')).body
    expect(Object.keys(all)).toEqual(expect.arrayContaining(['bdb', 'cluster', 'node', 'user', 'backup_location', 'dataset_import_sources']))
    expectError(await admin().get('/v1/jsonschema?object=spaceship'), 406, 'invalid_object')
  })
})

describe('cluster actions and local services', () => {
  it('GET /v1/cluster/actions on an idle cluster is {"actions": []}; one action without a status is 404', async () => {
    expect((await admin().get('/v1/cluster/actions')).body).toEqual({ actions: [] })
    expectError(await admin().get('/v1/cluster/actions/change_master'), 404, 'cluster_action_not_exist')
    expectError(await admin().delete('/v1/cluster/actions/change_master'), 404, 'cluster_action_not_exist')
  })

  it('GET /v1/local/services: every service RUNNING with start_time and uptime; POST operates known services', async () => {
    h.clock.set(Date.parse('2025-10-17T01:00:05Z'))
    const body = (await admin().get('/v1/local/services')).body
    expect(body.cm_server).toEqual({ start_time: '2025-10-14T00:01:06Z', status: 'RUNNING', uptime: '3 days, 0:58:59' })
    for (const service of Object.values<any>(body)) expect(Object.keys(service)).toEqual(['start_time', 'status', 'uptime'])
    const done = await admin().post('/v1/local/services', { operation_type: 'restart', services: ['alert_mgr', 'nope'] })
    expect(done.body).toEqual({ alert_mgr: true, nope: false })
    expect((await admin().post('/v1/services', { operation_type: 'stop', services: ['cm_server'] })).body).toEqual({ cm_server: true })
    expectError(await admin().post('/v1/services', { operation_type: 'explode', services: ['cm_server'] }), 400, 'bad_request')
  })
})

const VIEWERS: RoleName[] = ['admin', 'cluster_member', 'cluster_viewer', 'db_member', 'db_viewer', 'user_manager']
const DB_WRITERS: RoleName[] = ['admin', 'cluster_member', 'db_member']
const LOG_READERS: RoleName[] = ['admin', 'cluster_member', 'cluster_viewer', 'db_member', 'user_manager']
const ADMIN: RoleName[] = ['admin']

// reference-more §1.1 (PERM): permission per route; INF where the reference lists none (services: admin)
const ROUTES: [string, string, RoleName[], unknown?][] = [
  ['GET', '/v1/cluster/alerts', VIEWERS],
  ['GET', '/v1/cluster/alerts/cluster_even_node_count', VIEWERS],
  ['GET', '/v1/nodes/alerts', VIEWERS],
  ['GET', '/v1/nodes/alerts/1', VIEWERS],
  ['GET', '/v1/nodes/alerts/1/node_memory', VIEWERS],
  ['GET', '/v1/bdbs/alerts', VIEWERS],
  ['GET', '/v1/bdbs/alerts/{bdb}', VIEWERS],
  ['GET', '/v1/bdbs/alerts/{bdb}/bdb_size', VIEWERS],
  ['POST', '/v1/bdbs/alerts/{bdb}', DB_WRITERS, { bdb_size: { enabled: true } }],
  ['GET', '/v1/logs', LOG_READERS],
  ['POST', '/v1/bdbs/{bdb}/actions/export', DB_WRITERS, { export_location: { type: 'mount_point', path: '/tmp' } }],
  ['POST', '/v1/bdbs/{bdb}/actions/import', DB_WRITERS, { dataset_import_sources: [{ type: 'url', url: 'https://example.com/x.rdb' }] }],
  ['PUT', '/v1/bdbs/{bdb}/actions/backup_reset_status', DB_WRITERS],
  ['PUT', '/v1/bdbs/{bdb}/actions/export_reset_status', DB_WRITERS],
  ['PUT', '/v1/bdbs/{bdb}/actions/import_reset_status', DB_WRITERS],
  ['POST', '/v1/bdbs/{bdb}/actions/stop_traffic', DB_WRITERS],
  ['POST', '/v1/bdbs/{bdb}/actions/resume_traffic', DB_WRITERS],
  ['GET', '/v1/bdbs/{bdb}/actions/recover', VIEWERS],
  ['PUT', '/v1/bdbs/{bdb}/actions/rebalance?dry_run', VIEWERS],
  ['PUT', '/v1/bdbs/{bdb}/actions/revamp?dry_run', DB_WRITERS, { memory_size: 200 * 1024 * 1024 }],
  ['POST', '/v1/bdbs/{bdb}/actions/recover', DB_WRITERS],
  ['GET', '/v1/crdbs', VIEWERS],
  ['GET', '/v1/crdbs/x', VIEWERS],
  ['POST', '/v1/crdbs', DB_WRITERS, {}],
  ['GET', '/v1/crdb_tasks', VIEWERS],
  ['GET', '/v1/crdb_tasks/t-1', VIEWERS],
  ['GET', '/v1/bdb_groups', VIEWERS],
  ['GET', '/v1/bdb_groups/1', VIEWERS],
  ['GET', '/v1/jsonschema', VIEWERS],
  ['GET', '/v1/cluster/actions', VIEWERS],
  ['GET', '/v1/cluster/actions/change_master', VIEWERS],
  ['DELETE', '/v1/cluster/actions/change_master', ADMIN],
  ['GET', '/v1/local/services', ADMIN],
  ['POST', '/v1/local/services', ADMIN, { operation_type: 'restart', services: ['alert_mgr'] }],
  ['POST', '/v1/services', ADMIN, { operation_type: 'restart', services: ['alert_mgr'] }],
]

describe('permissions of the issue-15 routes, all seven roles', () => {
  it('a role outside the permission gets 403 insufficient_permissions; a role inside never does; none gets 403 everywhere', async () => {
    const bdb = await createActiveBdb(h)
    for (const [method, template, allowed, body] of ROUTES) {
      const path = template.replace('{bdb}', String(bdb.uid))
      for (const role of ROLE_NAMES) {
        const as = h.as(role)
        const res = method === 'GET' ? await as.get(path) : method === 'POST' ? await as.post(path, body) : method === 'PUT' ? await as.put(path, body) : await as.delete(path)
        const label = `${role} ${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`
        if (allowed.includes(role)) expect(res.status, label).not.toBe(403)
        else {
          expect(res.status, label).toBe(403)
          expect(res.body.error_code, label).toBe('insufficient_permissions')
        }
      }
    }
  })
})
