// Redis Enterprise for the hardening suites: the cluster routes, the seven management roles, {error_code, description, message}.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { basicAuth, jsonRequest as json, parseJson, type Answer, type Outgoing } from '../client.js'
import { headReading, MB, readJsonError } from './shared.js'
import type { Fixture, Profile, RouteSpec } from './types.js'
import type { Client } from '../client.js'

// fixtures/redis-enterprise/default-users.json
const USERS = {
  admin: ['admin@redis.local', 'admin-pass'],
  cluster_member: ['cluster.member@redis.local', 'cluster-member-pass'],
  cluster_viewer: ['cluster.viewer@redis.local', 'cluster-viewer-pass'],
  db_member: ['db.member@redis.local', 'db-member-pass'],
  db_viewer: ['db.viewer@redis.local', 'db-viewer-pass'],
  user_manager: ['user.manager@redis.local', 'user-manager-pass'],
  none: ['none@redis.local', 'none-role-pass'],
} as const

// src/providers/redis-enterprise/auth.ts PERMISSIONS (seed 004's tables, D:permissions): `none` has no permission
const VIEWERS = ['admin', 'cluster_member', 'cluster_viewer', 'db_member', 'db_viewer', 'user_manager']
const DB_WRITERS = ['admin', 'cluster_member', 'db_member']
const USER_ADMINS = ['admin', 'user_manager']
const LOG_READERS = ['admin', 'cluster_member', 'cluster_viewer', 'db_member', 'user_manager']
const ADMIN = ['admin']

// test/fixtures/redis-enterprise/certificates.json: self-signed pairs; `ocsp` names an OCSP responder
const CERTS = JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/redis-enterprise/certificates.json'), 'utf-8'))
// cluster/license.ts: the emulator's licence key format (the real framing around base64 of the terms)
const LICENSE = `----- LICENSE START -----\n${Buffer.from(JSON.stringify({ shards_limit: 1000, expiration_date: '2099-01-01T00:00:00Z' })).toString('base64')}\n----- LICENSE END -----\n`

const envelope = z.strictObject({ error_code: z.string().min(1), description: z.string().min(1), message: z.string().min(1) })

const read = (name: string, path: string, extra: Partial<RouteSpec> = {}): RouteSpec => ({ name, method: 'GET', path, ok: 200, writes: false, scope: 'open', roles: VIEWERS, ...extra })
const write = (name: string, method: RouteSpec['method'], path: string, roles: string[], body?: () => unknown, extra: Partial<RouteSpec> = {}): RouteSpec => ({
  name,
  method,
  path,
  body,
  ok: 200,
  writes: true,
  roles,
  scope: 'open',
  ...extra,
})

/** OCSP status and test need a proxy certificate that names a responder (reference §8). */
async function installOcspProxy(client: Client, f: Fixture): Promise<void> {
  await client.send(json('PUT', '/v1/cluster/certificates', { certificates: [{ name: 'proxy', ...CERTS.ocsp }] }), f.a)
}

const routes: RouteSpec[] = [
  read('list bdbs', '/v1/bdbs', { query: 'fields=uid,name' }),
  read('get bdb', '/v1/bdbs/{bdb}'),
  { name: 'create bdb', method: 'POST', path: '/v1/bdbs', body: () => ({ name: 'new-db', memory_size: 100 * MB }), ok: 200, writes: true, roles: DB_WRITERS, scope: 'open' },
  { name: 'create bdb v2', method: 'POST', path: '/v2/bdbs', body: () => ({ bdb: { name: 'new-db-v2', memory_size: 100 * MB } }), ok: 200, writes: true, roles: DB_WRITERS, scope: 'open' },
  { name: 'update bdb', method: 'PUT', path: '/v1/bdbs/{bdb}', body: () => ({ name: 'renamed-db', max_connections: 100 }), ok: 200, writes: true, roles: DB_WRITERS, scope: 'open' },
  { name: 'flush bdb', method: 'PUT', path: '/v1/bdbs/{bdb}/flush', body: () => ({}), ok: 200, writes: true, roles: DB_WRITERS, scope: 'open' },
  { name: 'reset admin pass', method: 'PUT', path: '/v1/bdbs/{bdb}/reset_admin_pass', body: () => ({}), ok: 200, writes: true, roles: DB_WRITERS, scope: 'open' },
  { name: 'delete bdb', method: 'DELETE', path: '/v1/bdbs/{bdb}', ok: 200, writes: true, roles: DB_WRITERS, scope: 'open' },
  read('list actions', '/v1/actions'),
  read('bdb actions', '/v1/actions/bdb/{bdb}'),
  read('get action', '/v1/actions/{action}'),
  read('list actions v2', '/v2/actions'),
  read('get action v2', '/v2/actions/{action}'),
  read('cluster', '/v1/cluster'),
  { name: 'update cluster', method: 'PUT', path: '/v1/cluster', body: () => ({ email_alerts: true }), ok: 200, writes: true, roles: ADMIN, scope: 'open' },
  read('cluster policy', '/v1/cluster/policy'),
  { name: 'update cluster policy', method: 'PUT', path: '/v1/cluster/policy', body: () => ({ default_shards_placement: 'sparse' }), ok: 200, writes: true, roles: ADMIN, scope: 'open' },
  { name: 'restore default policy', method: 'PUT', path: '/v1/cluster/policy/restore_default', body: () => ({}), ok: 200, writes: true, roles: ADMIN, scope: 'open' },
  read('services configuration', '/v1/cluster/services_configuration'),
  {
    name: 'update services configuration',
    method: 'PUT',
    path: '/v1/cluster/services_configuration',
    body: () => ({ stats_archiver: { operating_mode: 'enabled' } }),
    ok: 200,
    writes: true,
    roles: ADMIN,
    scope: 'open',
  },
  read('cluster certificates', '/v1/cluster/certificates'),
  {
    name: 'update cluster certificates',
    method: 'PUT',
    path: '/v1/cluster/certificates',
    body: () => ({ certificates: [{ name: 'api', ...CERTS.plain }] }),
    ok: 200,
    writes: true,
    roles: ADMIN,
    scope: 'open',
  },
  { name: 'update cert (deprecated)', method: 'PUT', path: '/v1/cluster/update_cert', body: () => ({ name: 'api', ...CERTS.plain }), ok: 200, writes: true, roles: ADMIN, scope: 'open' },
  {
    name: 'delete cluster certificate',
    method: 'DELETE',
    path: '/v1/cluster/certificates/ldap_client',
    ok: 200,
    writes: true,
    roles: ADMIN,
    scope: 'open',
    arrange: async (client, f) => {
      await client.send(json('PUT', '/v1/cluster/certificates', { certificates: [{ name: 'ldap_client', ...CERTS.plain }] }), f.a)
    },
  },
  read('bootstrap', '/v1/bootstrap'),
  // a bootstrapped node refuses to bootstrap again (reference §2, INF): 409 for every role that may read the bootstrap
  // status, never a 2xx; none is refused first with 403, as on every REST call (reference-more §1.1)
  { name: 'bootstrap create cluster', method: 'POST', path: '/v1/bootstrap/create_cluster', body: () => ({ action: 'create_cluster' }), ok: 409, writes: false, roles: VIEWERS, scope: 'open' },
  { name: 'bootstrap join cluster', method: 'POST', path: '/v1/bootstrap/join_cluster', body: () => ({ action: 'join_cluster' }), ok: 409, writes: false, roles: VIEWERS, scope: 'open' },
  { name: 'bootstrap recover cluster', method: 'POST', path: '/v1/bootstrap/recover_cluster', body: () => ({ action: 'recover_cluster' }), ok: 409, writes: false, roles: VIEWERS, scope: 'open' },
  { name: 'bootstrap validate', method: 'POST', path: '/v1/bootstrap/validate/create_cluster', body: () => ({ action: 'create_cluster' }), ok: 409, writes: false, roles: VIEWERS, scope: 'open' },
  read('nodes', '/v1/nodes'),
  read('node', '/v1/nodes/{node}'),
  read('license', '/v1/license'),
  { name: 'install license', method: 'PUT', path: '/v1/license', body: () => ({ license: LICENSE }), ok: 200, writes: true, roles: USER_ADMINS, scope: 'open' },
  read('ocsp', '/v1/ocsp', { roles: ADMIN }),
  { name: 'update ocsp', method: 'PUT', path: '/v1/ocsp', body: () => ({ query_frequency: 7200 }), ok: 200, writes: true, roles: ADMIN, scope: 'open' },
  read('ocsp status', '/v1/ocsp/status', { roles: ADMIN, arrange: installOcspProxy }),
  { name: 'ocsp test', method: 'POST', path: '/v1/ocsp/test', body: () => ({}), ok: 200, writes: true, roles: ADMIN, scope: 'open', arrange: installOcspProxy },
  read('proxies', '/v1/proxies'),
  read('proxy', '/v1/proxies/{node}'),
  { name: 'update proxy', method: 'PUT', path: '/v1/proxies/{node}', body: () => ({ proxy: { threads: 4 } }), ok: 200, writes: true, roles: USER_ADMINS, scope: 'open' },
  { name: 'update all proxies', method: 'PUT', path: '/v1/proxies', body: () => ({ proxy: { threads: 4 } }), ok: 200, writes: true, roles: USER_ADMINS, scope: 'open' },
  read('suffixes', '/v1/suffixes'),
  read('suffix', '/v1/suffix/docker-cluster'),
  read('modules', '/v1/modules'),
  read('modules v2', '/v2/modules'),
  read('shards', '/v1/shards'),
  read('list users', '/v1/users', { roles: USER_ADMINS }),
  read('get user', '/v1/users/{user}', { roles: USER_ADMINS }),
  write('create user', 'POST', '/v1/users', USER_ADMINS, () => ({ email: 'new.user@redis.local', password: 'new-user-pass', role: 'db_viewer', name: 'New' })),
  write('update user', 'PUT', '/v1/users/{user}', USER_ADMINS, () => ({ name: 'Renamed' })),
  write('delete user', 'DELETE', '/v1/users/{user}', USER_ADMINS),
  // access management (reference-more §3, §10, §19)
  read('roles', '/v1/roles'),
  read('get role', '/v1/roles/{role}'),
  write('create role', 'POST', '/v1/roles', USER_ADMINS, () => ({ name: 'new-role', management: 'db_viewer' })),
  write('create role dry run', 'POST', '/v1/roles', USER_ADMINS, () => ({ name: 'dry-role', management: 'none' }), { query: 'dry_run' }),
  write('update role', 'PUT', '/v1/roles/{role}', USER_ADMINS, () => ({ management: 'db_member' })),
  write('delete role', 'DELETE', '/v1/roles/{role}', USER_ADMINS),
  read('redis acls', '/v1/redis_acls'),
  read('get redis acl', '/v1/redis_acls/{acl}'),
  write('create redis acl', 'POST', '/v1/redis_acls', USER_ADMINS, () => ({ name: 'new-acl', acl: '+@read ~cache:*' })),
  write('update redis acl', 'PUT', '/v1/redis_acls/{acl}', USER_ADMINS, () => ({ acl: '~* +@geo -@dangerous' })),
  write('delete redis acl', 'DELETE', '/v1/redis_acls/{acl}', USER_ADMINS),
  read('ldap mappings', '/v1/ldap_mappings', { roles: USER_ADMINS }),
  read('get ldap mapping', '/v1/ldap_mappings/{mapping}', { roles: USER_ADMINS }),
  write('create ldap mapping', 'POST', '/v1/ldap_mappings', USER_ADMINS, () => ({ name: 'Ops', dn: 'OU=ops,DC=example,DC=com', role_uids: [1] })),
  write('update ldap mapping', 'PUT', '/v1/ldap_mappings/{mapping}', USER_ADMINS, () => ({ email: 'ops@example.com' })),
  write('delete ldap mapping', 'DELETE', '/v1/ldap_mappings/{mapping}', USER_ADMINS),
  read('cluster ldap', '/v1/cluster/ldap', { roles: USER_ADMINS }),
  write('configure cluster ldap', 'PUT', '/v1/cluster/ldap', USER_ADMINS, () => ({ uris: ['ldaps://ldap.example.com:636'], cache_ttl: 600 })),
  write('reset cluster ldap', 'DELETE', '/v1/cluster/ldap', USER_ADMINS),
  write('replace bdb passwords', 'PUT', '/v1/bdbs/{bdb}/passwords', DB_WRITERS, () => ({ password: 'replaced-pass' })),
  write('add bdb password', 'POST', '/v1/bdbs/{bdb}/passwords', DB_WRITERS, () => ({ password: 'added-pass' })),
  write('remove bdb password', 'DELETE', '/v1/bdbs/{bdb}/passwords', DB_WRITERS, () => ({ password: 'second-pass' }), {
    // a password can go only while another one stays (reference-more §19)
    arrange: async (client, f) => {
      for (const password of ['first-pass', 'second-pass']) {
        const added = await client.send(json('POST', `/v1/bdbs/${f.params.bdb}/passwords`, { password }), f.a)
        if (added.status !== 200) throw new Error(`arrange: ${added.status} ${added.text}`)
      }
    },
  }),
  // statistics (reference §11.1; every role, reference §1.1)
  read('cluster stats', '/v1/cluster/stats', { query: 'interval=10sec' }),
  read('cluster stats last', '/v1/cluster/stats/last'),
  read('nodes stats', '/v1/nodes/stats'),
  read('node stats', '/v1/nodes/stats/{node}', { query: 'interval=5min' }),
  read('nodes stats last', '/v1/nodes/stats/last'),
  read('node stats last', '/v1/nodes/stats/last/{node}'),
  read('bdbs stats', '/v1/bdbs/stats'),
  read('bdb stats', '/v1/bdbs/stats/{bdb}', { query: 'interval=1hour&stime=2026-01-01T00:00:00Z' }),
  read('bdbs stats last', '/v1/bdbs/stats/last'),
  read('bdb stats last', '/v1/bdbs/stats/last/{bdb}', { query: 'metrics=no_of_keys,used_memory' }),
  read('shards stats', '/v1/shards/stats'),
  read('shard stats', '/v1/shards/stats/{shard}'),
  read('shards stats last', '/v1/shards/stats/last'),
  read('shard stats last', '/v1/shards/stats/last/{shard}'),
  read('endpoints stats', '/v1/endpoints/stats'),
  // issue 15: alerts (reference-more §7), event log (§12), database operations (§15, §20), companions (§6, §14, §16, §17, §21)
  read('cluster alerts', '/v1/cluster/alerts'),
  read('cluster alert', '/v1/cluster/alerts/cluster_even_node_count'),
  read('nodes alerts', '/v1/nodes/alerts'),
  read('node alerts', '/v1/nodes/alerts/{node}'),
  read('node alert', '/v1/nodes/alerts/{node}/node_memory'),
  read('bdbs alerts', '/v1/bdbs/alerts'),
  read('bdb alerts', '/v1/bdbs/alerts/{bdb}'),
  read('bdb alert', '/v1/bdbs/alerts/{bdb}/bdb_size'),
  write('update bdb alerts', 'POST', '/v1/bdbs/alerts/{bdb}', DB_WRITERS, () => ({ bdb_size: { enabled: true, threshold: '80' } })),
  read('event log', '/v1/logs', { roles: LOG_READERS, query: 'order=desc&limit=10' }),
  write('export bdb', 'POST', '/v1/bdbs/{bdb}/actions/export', DB_WRITERS, () => ({ export_location: { type: 's3', bucket_name: 'b', access_key_id: 'k', secret_access_key: 's' } })),
  write('import bdb', 'POST', '/v1/bdbs/{bdb}/actions/import', DB_WRITERS, () => ({ dataset_import_sources: [{ type: 'url', url: 'https://example.com/dump.rdb' }] })),
  write('reset backup status', 'PUT', '/v1/bdbs/{bdb}/actions/backup_reset_status', DB_WRITERS),
  write('reset export status', 'PUT', '/v1/bdbs/{bdb}/actions/export_reset_status', DB_WRITERS),
  write('reset import status', 'PUT', '/v1/bdbs/{bdb}/actions/import_reset_status', DB_WRITERS),
  write('stop traffic', 'POST', '/v1/bdbs/{bdb}/actions/stop_traffic', DB_WRITERS),
  write('resume traffic', 'POST', '/v1/bdbs/{bdb}/actions/resume_traffic', DB_WRITERS, undefined, {
    // traffic must be stopped, and the stop's machine over (reference-more §20: 409 while busy)
    arrange: async (client, f) => {
      const stopped = await client.send(json('POST', `/v1/bdbs/${f.params.bdb}/actions/stop_traffic`), f.a)
      if (stopped.status !== 200) throw new Error(`arrange: ${stopped.status} ${stopped.text}`)
      await client.send(json('POST', '/_emulator/clock', { advanceMs: 60_000 }))
    },
  }),
  read('recovery plan', '/v1/bdbs/{bdb}/actions/recover'),
  // reference-more §20: rebalance needs view_bdb_info, as documented; it starts an update machine
  write('rebalance bdb', 'PUT', '/v1/bdbs/{bdb}/actions/rebalance', VIEWERS),
  read('rebalance bdb dry run', '/v1/bdbs/{bdb}/actions/rebalance', { method: 'PUT', query: 'dry_run' }),
  write('revamp bdb', 'PUT', '/v1/bdbs/{bdb}/actions/revamp', DB_WRITERS, () => ({ memory_size: 200 * MB })),
  write('recover bdb', 'POST', '/v1/bdbs/{bdb}/actions/recover', DB_WRITERS, undefined, {
    // only a database in `recovery` can be recovered; the API never puts one there, the state import does
    arrange: async (client, f) => {
      const state = parseJson(await client.send({ method: 'GET', path: '/_emulator/state' }))
      state.providers['redis-enterprise'].bdbs[f.params.bdb].status = 'recovery'
      const put = await client.send(json('PUT', '/_emulator/state', state))
      if (put.status !== 200) throw new Error(`arrange: ${put.status} ${put.text}`)
    },
  }),
  read('crdbs', '/v1/crdbs'),
  // reference-more §6: without Active-Active peers a well-formed create is refused (inferred 406)
  { name: 'create crdb', method: 'POST', path: '/v1/crdbs', body: () => ({ name: 'aa', default_db_config: { name: 'aa', memory_size: 100 * MB }, instances: [{ cluster: { url: 'http://peer:9443', name: 'peer' } }] }), ok: 406, writes: false, roles: DB_WRITERS, scope: 'open' },
  read('crdb tasks', '/v1/crdb_tasks'),
  read('bdb groups', '/v1/bdb_groups'),
  read('jsonschema', '/v1/jsonschema', { query: 'object=bdb' }),
  read('cluster actions', '/v1/cluster/actions'),
  read('local services', '/v1/local/services', { roles: ADMIN }),
  write('operate local services', 'POST', '/v1/local/services', ADMIN, () => ({ operation_type: 'restart', services: ['alert_mgr'] })),
  write('operate services', 'POST', '/v1/services', ADMIN, () => ({ operation_type: 'restart', services: ['alert_mgr'] })),
]


// none of them the captured default (volatile-lru), so a lost update that reverts the field is visible
const EVICTION = ['allkeys-lru', 'noeviction', 'allkeys-lfu', 'volatile-ttl']

export const redisEnterpriseProfile: Profile = {
  id: 'redis-enterprise',
  listener: 'redis-enterprise-http',
  // 50 concurrent creates need more shards than the trial licence's 4.
  options: { 'redis-enterprise': { settings: { shardsLimit: 1000 } } },
  async prepare(client, emulator) {
    const admin = basicAuth(...USERS.admin)
    const bdb = await client.send(json('POST', '/v1/bdbs', { name: 'fixture-db', memory_size: 100 * MB }), admin)
    const user = await client.send(json('POST', '/v1/users', { email: 'fixture.user@redis.local', password: 'fixture-pass', role: 'db_viewer' }), admin)
    const role = await client.send(json('POST', '/v1/roles', { name: 'fixture-role', management: 'db_viewer' }), admin)
    const acl = await client.send(json('POST', '/v1/redis_acls', { name: 'fixture-acl', acl: '+@read ~*' }), admin)
    const mapping = await client.send(json('POST', '/v1/ldap_mappings', { name: 'fixture-mapping', dn: 'OU=fixture,DC=example,DC=com', role_uids: [5] }), admin)
    for (const made of [bdb, user, role, acl, mapping]) if (made.status !== 200) throw new Error(`prepare: ${made.status} ${made.text}`)
    emulator.clock.advance(60_000)
    await client.send({ method: 'GET', path: '/v1/bdbs' }, admin)
    const roles = Object.fromEntries(Object.entries(USERS).map(([role, [email, pass]]) => [role, basicAuth(email, pass)]))
    return {
      params: {
        bdb: String(parseJson(bdb).uid),
        user: String(parseJson(user).uid),
        node: '1',
        action: parseJson(bdb).action_uid,
        role: String(parseJson(role).uid),
        acl: String(parseJson(acl).uid),
        mapping: String(parseJson(mapping).uid),
        shard: String(parseJson(bdb).shard_list[0]),
      },
      values: {},
      a: admin,
      wrong: {
        'wrong password': basicAuth(USERS.admin[0], 'not-the-password'),
        'unknown user': basicAuth('nobody@redis.local', 'admin-pass'),
        'empty password': basicAuth(USERS.admin[0], ''),
        'malformed Basic': () => ({ authorization: 'Basic !!!not-base64' }),
        'bearer token': () => ({ authorization: 'Bearer admin-pass' }),
      },
      roles,
    } satisfies Fixture
  },
  routes,
  // seed 002: "505 An unsupported X-API-Version was used"
  documented5xx: [{ status: 505, code: 'unsupported_api_version', when: (request) => request.headers?.['x-api-version'] !== undefined }],
  readError(request: Outgoing, answer: Answer) {
    const head = headReading(request)
    if (head) return head
    // reference §4: a 401 challenges for Basic credentials
    if (answer.status === 401 && answer.headers['www-authenticate'] !== 'Basic realm="Redis Enterprise"') {
      return { problem: `401 without the Basic challenge: ${String(answer.headers['www-authenticate'])}` }
    }
    const read = readJsonError(answer, envelope)
    if ('problem' in read) return read
    if (read.value.message !== read.value.description) return { problem: 'message and description differ' }
    return { code: read.value.error_code }
  },
  codes: { unauthenticated: () => 'unauthorized', forbidden: 'insufficient_permissions', notFound: () => 'db_not_exist', tooLarge: () => 'request_too_large' },
  concurrency: {
    create: (i) => json('POST', '/v1/bdbs', { name: `conc-${i}`, memory_size: 100 * MB }),
    createdId: (a) => String(parseJson(a).uid),
    uniques: (a) => [`port ${parseJson(a).endpoints[0].port}`],
    list: () => ({ method: 'GET', path: '/v1/bdbs?fields=uid' }),
    listedIds: (a) => parseJson(a).map((b: { uid: number }) => String(b.uid)),
    update: (i, f) => {
      const field = ['name', 'max_connections', 'eviction_policy', 'memory_size'][i % 4]
      const value = field === 'name' ? `w-${i}` : field === 'max_connections' ? 1000 + i : field === 'eviction_policy' ? EVICTION[i % EVICTION.length] : (200 + i) * MB
      return { request: json('PUT', `/v1/bdbs/${f.params.bdb}`, { [field]: value }), field, value }
    },
    read: (f) => ({ method: 'GET', path: `/v1/bdbs/${f.params.bdb}` }),
    fieldOf: (a, field) => parseJson(a)[field],
    // reference §5: every update runs its own SMUpdateBDB state machine, listed under /v1/actions/bdb/{uid}
    traced: {
      trace: (a) => parseJson(a).action_uid,
      list: (f) => ({ method: 'GET', path: `/v1/actions/bdb/${f.params.bdb}` }),
      listed: (a) => parseJson(a).map((m: { action_uid: string }) => m.action_uid),
    },
    // seed 004: a bdb with a pending change answers 409 busy
    busy: { status: 409, code: 'busy' },
    remove: (f) => ({ method: 'DELETE', path: `/v1/bdbs/${f.params.bdb}` }),
    // seed 004: uid_exists (409) when the requested uid is taken
    duplicate: { create: (i) => json('POST', '/v1/bdbs', { uid: 77, name: `dup-${i}`, memory_size: 100 * MB }), status: 409, code: 'uid_exists' },
  },
}
