// Redis Enterprise metrics exporter (issue 21, reference metrics §1–§6, §8): paths and content type, the queried
// families with their names, types and labels, agreement with the REST statistics, the clock, and the test hook.
import supertest from 'supertest'
import { beforeEach, describe, expect, it } from 'vitest'
import { goFloat, pythonFloat } from '../../../src/providers/redis-enterprise/metrics/exposition.js'
import { redisEnterprise } from '../../../src/providers/redis-enterprise/index.js'
import { createActiveBdb, createReHarness, expectError, GB, type ReHarness } from '../../helpers/redis-enterprise.js'
import { parseExposition, sampleOf, type ParsedFamily } from '../../helpers/prometheus-text.js'

let h: ReHarness
beforeEach(async () => {
  h = await createReHarness({ shardsLimit: 100 })
})

const metrics = () => supertest(h.emulator.apps.get('redis-enterprise-metrics')!)
let lastText = ''
const scrape = async (path = '/metrics') => {
  const res = await metrics().get(path)
  expect(res.status).toBe(200)
  lastText = res.text
  return parseExposition(res.text)
}
const control = () => h.request('redis-enterprise')

function expectFamily(families: Map<string, ParsedFamily>, name: string, type: string, labels: string[]) {
  const family = families.get(name)
  if (type === 'histogram') {
    // the parser drops a histogram's labels: read them from its _count lines
    expect(family?.type, `type of ${name}`).toBe('histogram')
    const lines = [...lastText.matchAll(new RegExp(`^${name}_count\\{([^}]*)\\}`, 'gm'))]
    expect(lines.length, `samples of ${name}`).toBeGreaterThan(0)
    for (const line of lines) expect(line[1].split(',').map((p) => p.split('=')[0]).sort(), `labels of ${name}`).toEqual([...labels].sort())
    return
  }
  expect(family, `family ${name}`).toBeDefined()
  expect(family!.type, `type of ${name}`).toBe(type)
  expect(family!.samples.length, `samples of ${name}`).toBeGreaterThan(0)
  for (const s of family!.samples) expect(Object.keys(s.labels).filter((l) => l !== 'le' && l !== '__kind').sort(), `labels of ${name}`).toEqual([...labels].sort())
}

const BDB = ['bdb', 'cluster']
const NODE = ['cluster', 'node']
const SHARD = ['bdb', 'cluster', 'node', 'redis', 'role', 'slots', 'status']
const LISTENER = ['bdb', 'cluster', 'endpoint', 'node', 'port', 'proxy']
const V2_SHARD = ['cluster', 'db', 'exporter', 'node', 'redis', 'role', 'slots', 'status']
const V2_ENDPOINT = ['cluster', 'db', 'exporter', 'node', 'proxy']
const V2_CAPACITY = ['cluster', 'exporter', 'node']

describe('metrics exporter: transport (reference metrics §1)', () => {
  it('v1 on /, /metrics and /prometheus_metrics, v2 on /v2 and /v2/node, text format 0.0.4; other paths 404', async () => {
    await createActiveBdb(h)
    for (const path of ['/', '/metrics', '/prometheus_metrics', '/v2', '/v2/node']) {
      const res = await metrics().get(path)
      expect(res.status, path).toBe(200)
      expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8')
      expect(res.text.endsWith('\n')).toBe(true)
      expect(res.text).not.toMatch(/ (NaN|[+-]Inf)$/m) // reference §9: never in a value
    }
    expect((await metrics().get('/')).text).toBe((await metrics().get('/metrics')).text)
    expect((await metrics().get('/v1/bdbs')).status).toBe(404)
  })

  it('no credentials needed by default (reference §1.2: metrics_auth is false)', async () => {
    expect((await metrics().get('/metrics')).status).toBe(200)
  })

  it('with the cluster\'s metrics_auth on (PUT /v1/cluster): 401 without credentials, 403 for other roles (inferred: §1.2 gives no codes; the capture omits metrics_auth while unset)', async () => {
    const admin = h.as('admin')
    expect((await admin.get('/v1/cluster')).body).not.toHaveProperty('metrics_auth')
    expectError(await admin.put('/v1/cluster', { metrics_auth: 'yes' }), 400, 'invalid_schema')
    const put = await admin.put('/v1/cluster', { metrics_auth: true })
    expect(put.status).toBe(200)
    expect(put.body.metrics_auth).toBe(true)
    expect((await admin.get('/v1/cluster')).body.metrics_auth).toBe(true)
    const bare = await metrics().get('/metrics')
    expect(bare.status).toBe(401)
    expect(bare.headers['www-authenticate']).toBe('Basic realm="Redis Enterprise"')
    expect((await metrics().get('/v2').auth('admin@redis.local', 'wrong')).status).toBe(401)
    expect((await metrics().get('/v2').auth('db.viewer@redis.local', 'db-viewer-pass')).status).toBe(403)
    expect((await metrics().get('/v2').auth('db.member@redis.local', 'db-member-pass')).status).toBe(403)
    expect((await metrics().get('/v2').auth('user.manager@redis.local', 'user-manager-pass')).status).toBe(403)
    expect((await metrics().get('/v2').auth('none@redis.local', 'none-role-pass')).status).toBe(403)
    for (const [user, pass] of [['admin@redis.local', 'admin-pass'], ['cluster.member@redis.local', 'cluster-member-pass'], ['cluster.viewer@redis.local', 'cluster-viewer-pass']]) {
      expect((await metrics().get('/metrics').auth(user, pass)).status).toBe(200)
    }
    expect((await admin.put('/v1/cluster', { metrics_auth: false })).status).toBe(200)
    expect((await metrics().get('/metrics')).status).toBe(200)
  })

  it('the cluster label is the bootstrapped cluster\'s name (reference §2: create_cluster names the cluster)', async () => {
    h = await createReHarness({ bootstrapped: false })
    const body = { action: 'create_cluster', cluster: { nodes: [], name: 'cluster.example.test' }, credentials: { username: 'ops@example.test', password: 'ops-password' } }
    expect((await supertest(h.app('redis-enterprise')).post('/v1/bootstrap/create_cluster').send(body)).status).toBe(200)
    h.clock.advance(h.emulator.delays.get('redis-enterprise.bootstrap.start'))
    h.clock.advance(h.emulator.delays.get('redis-enterprise.bootstrap.create'))
    const families = await scrape('/metrics')
    expect(families.get('node_up')?.samples.map((s) => s.labels.cluster)).toEqual(['cluster.example.test', 'cluster.example.test', 'cluster.example.test'])
  })

  it('startEmulator: the metrics listener has its own port (0 = any), HTTPS by default, in urls', async () => {
    const { startEmulator } = await import('../../../src/emulator.js')
    const running = await startEmulator({ inMemory: true, port: 0, providers: { jdcloud: { enabled: false }, kakaocloud: { enabled: false }, redistogo: { enabled: false } } })
    try {
      expect(running.urls['redis-enterprise-metrics']).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/)
      expect(running.ports['redis-enterprise-metrics']).not.toBe(running.ports['redis-enterprise'])
      const { request } = await import('node:https')
      const text = await new Promise<string>((resolve, reject) => {
        request(`${running.urls['redis-enterprise-metrics']}/v2`, { rejectUnauthorized: false }, (res) => {
          let body = ''
          res.on('data', (c) => (body += c))
          res.on('end', () => resolve(body))
        })
          .on('error', reject)
          .end()
      })
      expect(parseExposition(text).get('node_metrics_up')?.samples).toHaveLength(3)
    } finally {
      await running.close()
    }
  })
})

describe('metrics exporter: families the dashboards and alert rules query (reference §8.1, §10)', () => {
  it('v1: bdb, node, listener and per-node shard families with the documented types and labels', async () => {
    await createActiveBdb(h, { replication: true })
    const text = (await metrics().get('/metrics')).text
    const f = parseExposition(text)
    for (const name of ['bdb_used_memory', 'bdb_memory_limit', 'bdb_conns', 'bdb_total_req', 'bdb_total_req_max', 'bdb_read_hits', 'bdb_read_misses', 'bdb_evicted_objects', 'bdb_no_of_keys']) {
      expectFamily(f, name, 'gauge', BDB)
    }
    expectFamily(f, 'bdb_up', 'gauge', [...BDB, 'status'])
    expectFamily(f, 'bdb_shards_used', 'gauge', [...BDB, 'shard_type'])
    for (const name of ['node_available_memory', 'node_free_memory', 'node_cpu_idle', 'node_cpu_idle_max', 'node_cpu_idle_min', 'node_cpu_idle_median', 'node_persistent_storage_avail', 'node_persistent_storage_free', 'node_ephemeral_storage_avail', 'node_ephemeral_storage_free', 'node_provisional_memory']) {
      expectFamily(f, name, 'gauge', NODE)
    }
    expectFamily(f, 'cluster_shards_limit', 'gauge', ['cluster', 'shard_type'])
    // §2.1 quirk: declared `listener_X_total counter`, samples written without the suffix
    expect(text).toContain('# TYPE listener_total_req_total counter\nlistener_total_req{')
    expectFamily(f, 'listener_total_req', 'untyped', LISTENER)
    expectFamily(f, 'listener_conns', 'untyped', LISTENER)
    // the per-node blocks: untyped samples after `# Node stats: <uid>`
    expect(text.match(/^# Node stats: \d+$/gm)).toEqual(['# Node stats: 1', '# Node stats: 2', '# Node stats: 3'])
    for (const name of ['redis_up', 'redis_used_memory', 'redis_db_keys', 'redis_connected_clients']) expectFamily(f, name, 'untyped', SHARD)
    expectFamily(f, 'redis_master_link_status', 'untyped', SHARD)
    expect(f.get('redis_master_link_status')!.samples.every((s) => s.labels.role === 'slave')).toBe(true)
    expectFamily(f, 'redis_process_cpu_usage_percent', 'untyped', ['bdb', 'cluster', 'node', 'redis', 'role', 'slots'])
    expectFamily(f, 'node_up', 'untyped', ['addr', 'cluster', 'cnm_version', 'node'])
    expect(f.get('node_up')!.samples.map((s) => s.labels.node)).toEqual(['1', '2', '3'])
    expectFamily(f, 'dmcproxy_process_cpu_usage_percent', 'untyped', ['cluster', 'node', 'proxy'])
    expectFamily(f, 'namedprocess_namegroup_thread_cpu_seconds_total', 'untyped', ['cluster', 'groupname', 'mode', 'node', 'proxy', 'threadname'])
    // v1 values are Python float reprs; labels sorted (§2.1)
    expect(text).toMatch(/^bdb_up\{bdb="1",cluster="docker-cluster",status="active"\} 1\.0$/m)
  })

  it('v1: the health-check script regex finds bdb_used_memory, bdb_memory_limit and redis_db_keys (reference §8.1 HC)', async () => {
    await createActiveBdb(h, { memory_size: GB })
    const text = (await metrics().get('/metrics')).text
    for (const metric of ['bdb_used_memory', 'bdb_memory_limit', 'redis_db_keys']) {
      const match = new RegExp(`${metric}\\{.*?bdb="(\\d+)",.*?\\}\\s+([\\d.e+-]+)`).exec(text)
      expect(match, metric).not.toBeNull()
      expect(match![1]).toBe('1')
      expect(Number(match![2])).not.toBeNaN()
    }
    expect(Number(/^bdb_memory_limit\{[^}]*\} (\S+)$/m.exec(text)![1])).toBe(GB)
  })

  it('v2: endpoint counters and histograms, db_*, redis_server_*, node capacity and info families', async () => {
    await createActiveBdb(h, { replication: true })
    const f = await scrape('/v2')
    for (const name of ['endpoint_client_connections', 'endpoint_client_disconnections', 'endpoint_read_requests', 'endpoint_write_requests', 'endpoint_other_requests', 'endpoint_ingress', 'endpoint_egress']) {
      expectFamily(f, name, 'counter', V2_ENDPOINT)
    }
    for (const kind of ['read', 'write', 'other']) expectFamily(f, `endpoint_${kind}_requests_latency_histogram`, 'histogram', V2_ENDPOINT)
    for (const name of ['redis_server_up', 'redis_server_used_memory', 'redis_server_maxmemory', 'redis_server_keyspace_read_hits', 'redis_server_keyspace_read_misses', 'redis_server_evicted_keys', 'redis_server_db_keys', 'redis_server_connected_clients']) {
      expectFamily(f, name, 'gauge', V2_SHARD)
    }
    expectFamily(f, 'redis_server_master_link_status', 'gauge', V2_SHARD)
    expectFamily(f, 'db_status', 'gauge', ['cluster', 'db'])
    expectFamily(f, 'db_memory_limit_bytes', 'gauge', ['cluster', 'db'])
    expectFamily(f, 'db_replication_factor', 'gauge', ['cluster', 'db'])
    expectFamily(f, 'db_config', 'gauge', ['cluster', 'db', 'db_name', 'db_port', 'db_version'])
    expectFamily(f, 'node_metrics_up', 'gauge', ['cluster', 'node'])
    expectFamily(f, 'node_config', 'gauge', ['cluster', 'node', 'rs_version'])
    for (const name of ['node_available_memory_bytes', 'node_provisional_memory_bytes', 'node_persistent_storage_avail_bytes', 'node_persistent_storage_free_bytes', 'node_ephemeral_storage_avail_bytes', 'node_ephemeral_storage_free_bytes']) {
      expectFamily(f, name, 'gauge', V2_CAPACITY)
    }
    for (const name of ['node_memory_MemFree_bytes', 'node_memory_MemTotal_bytes', 'node_memory_MemAvailable_bytes']) expectFamily(f, name, 'gauge', V2_CAPACITY)
    expectFamily(f, 'license_shards_limit', 'gauge', ['cluster', 'shard_type'])
    // reference §5.9: shard groups redis-<uid> carry db, redis and role; the proxy's group does not
    const processes = f.get('namedprocess_namegroup_cpu_seconds_total')!
    expect(processes.type).toBe('counter')
    for (const s of processes.samples) {
      const expected = s.labels.groupname === 'dmcproxy' ? ['cluster', 'exporter', 'groupname', 'mode', 'node'] : ['cluster', 'db', 'exporter', 'groupname', 'mode', 'node', 'redis', 'role']
      expect(Object.keys(s.labels).sort()).toEqual(expected)
    }
    expect(processes.samples.filter((s) => s.labels.groupname === 'dmcproxy')).toHaveLength(6)
    expect(processes.samples.filter((s) => s.labels.groupname === 'redis-1')).toHaveLength(2)
    expectFamily(f, 'namedprocess_namegroup_thread_cpu_seconds_total', 'counter', ['cluster', 'exporter', 'groupname', 'mode', 'node', 'threadname'])
    // v2: families sorted, help text present, Go number formatting
    const text = (await metrics().get('/v2')).text
    const names = [...text.matchAll(/^# TYPE (\S+)/gm)].map((m) => m[1])
    expect(names).toEqual([...names].sort())
    expect(text).toMatch(/^db_memory_limit_bytes\{cluster="docker-cluster",db="1"\} 1\.073741824e\+09$/m)
  })

  it('/v2/node: the answering node only, without the cluster and node labels (reference §1.3)', async () => {
    await createActiveBdb(h)
    const f = await scrape('/v2/node')
    expect(f.get('node_metrics_up')!.samples).toEqual([{ labels: {}, value: 1 }])
    for (const family of f.values()) for (const s of family.samples) expect(Object.keys(s.labels)).not.toContain('cluster')
  })
})

describe('metrics exporter: values agree with the REST statistics and follow the objects and the clock', () => {
  it('bdb_X = REST bdb stats X, node_X = REST node stats X, at the same moment (reference §6)', async () => {
    const bdb = await createActiveBdb(h, { shards_count: 2, sharding: true, shard_key_regex: [{ regex: '.*\\{(?<tag>.*)\\}.*' }, { regex: '(?<tag>.*)' }] })
    const rest = (await h.as('admin').get(`/v1/bdbs/stats/last/${bdb.uid}`)).body[String(bdb.uid)]
    const nodes = (await h.as('admin').get('/v1/nodes/stats/last')).body
    const v1 = await scrape()
    for (const key of ['used_memory', 'no_of_keys', 'conns', 'total_req', 'mem_frag_ratio', 'main_thread_cpu_user']) {
      expect(sampleOf(v1, `bdb_${key}`, { bdb: String(bdb.uid) })!.value, key).toBe(rest[key])
    }
    for (const node of ['1', '2', '3']) {
      for (const key of ['available_memory', 'free_memory', 'cpu_idle', 'persistent_storage_free']) expect(sampleOf(v1, `node_${key}`, { node })!.value).toBe(nodes[node][key])
    }
    // Σ shards = bdb (reference §6)
    const shardsUsed = v1.get('redis_used_memory')!.samples.filter((s) => s.labels.bdb === String(bdb.uid)).reduce((a, s) => a + s.value, 0)
    expect(shardsUsed).toBe(rest.used_memory)
    const v2 = await scrape('/v2')
    expect(v2.get('redis_server_used_memory')!.samples.reduce((a, s) => a + s.value, 0)).toBe(rest.used_memory)
    expect(sampleOf(v2, 'db_memory_limit_bytes', { db: String(bdb.uid) })!.value).toBe(bdb.memory_size)
    expect(sampleOf(v2, 'node_available_memory_bytes', { node: '2' })!.value).toBe(nodes['2'].available_memory)
    expect(v2.get('redis_server_up')!.samples.map((s) => s.labels.redis).sort()).toEqual(bdb.shard_list.map(String).sort())
  })

  it('series appear with a database and disappear when it is deleted', async () => {
    expect((await scrape()).get('bdb_used_memory')).toBeUndefined()
    const bdb = await createActiveBdb(h)
    expect(sampleOf(await scrape(), 'bdb_used_memory', { bdb: String(bdb.uid) })).toBeDefined()
    expect(sampleOf(await scrape('/v2'), 'db_status', { db: String(bdb.uid) })!.value).toBe(0)
    await h.as('admin').delete(`/v1/bdbs/${bdb.uid}`).expect(200)
    h.clock.advance(h.emulator.delays.get('redis-enterprise.bdb.delete'))
    const v1 = await scrape()
    expect(v1.get('bdb_used_memory')).toBeUndefined()
    expect(v1.get('redis_up')).toBeUndefined()
    expect((await scrape('/v2')).get('db_status')).toBeUndefined()
  })

  it('a pending database reports bdb_up 0 with its status, and db_status 2 (reference §5.2)', async () => {
    const created = await h.as('admin').post('/v1/bdbs', { name: 'pending-db', memory_size: GB })
    const v1 = await scrape()
    expect(sampleOf(v1, 'bdb_up', { bdb: String(created.body.uid) })).toEqual({ labels: { bdb: String(created.body.uid), cluster: 'docker-cluster', status: 'pending' }, value: 0 })
    expect(sampleOf(await scrape('/v2'), 'db_status', { db: String(created.body.uid) })!.value).toBe(2)
  })

  it('a frozen clock holds every value still; counters only grow as it moves', async () => {
    await createActiveBdb(h)
    const first = (await metrics().get('/v2')).text
    expect((await metrics().get('/v2')).text).toBe(first)
    expect((await metrics().get('/metrics')).text).toBe((await metrics().get('/metrics')).text)
    const counters = (f: Map<string, ParsedFamily>) =>
      [...f.values()].filter((family) => family.type === 'counter').flatMap((family) => family.samples.map((s) => [`${family.name}${JSON.stringify(s.labels)}`, s.value] as const))
    let previous = new Map(counters(await scrape('/v2')))
    let grew = false
    for (let step = 0; step < 4; step++) {
      h.clock.advance(37_000)
      const now = new Map(counters(await scrape('/v2')))
      for (const [key, value] of previous) {
        expect(now.get(key), key).toBeGreaterThanOrEqual(value)
        if (now.get(key)! > value) grew = true
      }
      previous = now
    }
    expect(grew).toBe(true)
    expect((await metrics().get('/v2')).text).not.toBe(first)
  })
})

describe('metrics exporter: PUT /_emulator/metrics pins a value (issue 21 test hook)', () => {
  it('a pinned bdb metric shows in v1 and in the REST stats; value null releases it', async () => {
    const bdb = await createActiveBdb(h)
    const pin = await control().put('/_emulator/metrics').send({ object: 'bdb', uid: bdb.uid, metric: 'bdb_used_memory', value: 987654321 })
    expect(pin.status).toBe(200)
    expect(sampleOf(await scrape(), 'bdb_used_memory', { bdb: String(bdb.uid) })!.value).toBe(987654321)
    expect((await h.as('admin').get(`/v1/bdbs/stats/last/${bdb.uid}`)).body[String(bdb.uid)].used_memory).toBe(987654321)
    // a latency the exporter leaves out without traffic appears once pinned
    await control().put('/_emulator/metrics').send({ object: 'bdb', uid: bdb.uid, metric: 'bdb_avg_latency', value: 0.002 }).expect(200)
    expect(sampleOf(await scrape(), 'bdb_avg_latency', { bdb: String(bdb.uid) })!.value).toBe(0.002)
    await control().put('/_emulator/metrics').send({ object: 'bdb', uid: bdb.uid, metric: 'bdb_used_memory', value: null }).expect(200)
    expect(sampleOf(await scrape(), 'bdb_used_memory', { bdb: String(bdb.uid) })!.value).toBeLessThan(GB)
  })

  it('a pinned node metric and a v2 series of a database', async () => {
    const bdb = await createActiveBdb(h)
    await control().put('/_emulator/metrics').send({ object: 'node', uid: 2, metric: 'node_up', value: 0 }).expect(200)
    await control().put('/_emulator/metrics').send({ object: 'node', uid: 2, metric: 'node_free_memory', value: 1024 }).expect(200)
    await control().put('/_emulator/metrics').send({ object: 'bdb', uid: bdb.uid, metric: 'endpoint_read_requests', value: 5000 }).expect(200)
    const v1 = await scrape()
    expect(sampleOf(v1, 'node_up', { node: '2' })!.value).toBe(0)
    expect(sampleOf(v1, 'node_free_memory', { node: '2' })!.value).toBe(1024)
    expect((await h.as('admin').get('/v1/nodes/stats/last/2')).body['2'].free_memory).toBe(1024)
    expect(sampleOf(await scrape('/v2'), 'endpoint_read_requests', { db: String(bdb.uid) })!.value).toBe(5000)
  })

  it('bad requests are 400 with a message; the pins survive a state export/import and vanish with a reset', async () => {
    const bdb = await createActiveBdb(h)
    for (const body of [{}, { object: 'shard', uid: 1, metric: 'x', value: 1 }, { object: 'bdb', uid: 1, metric: 'not a name', value: 1 }, { object: 'bdb', uid: 1, metric: 'x', value: '1' }, { object: 'bdb', uid: 99, metric: 'x', value: 1 }, { object: 'node', uid: 4, metric: 'x', value: 1 }]) {
      const res = await control().put('/_emulator/metrics').send(body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(res.body.error.message).toEqual(expect.any(String))
    }
    await control().put('/_emulator/metrics').send({ object: 'bdb', uid: bdb.uid, metric: 'bdb_conns', value: 42 }).expect(200)
    const state = (await control().get('/_emulator/state')).body
    await control().post('/_emulator/reset').expect(200)
    await control().put('/_emulator/state').send(state).expect(200)
    expect(sampleOf(await scrape(), 'bdb_conns', { bdb: String(bdb.uid) })!.value).toBe(42)
    await control().post('/_emulator/reset').expect(200)
    expect((await scrape()).get('bdb_conns')).toBeUndefined()
  })

  it('validateSlice rejects a malformed metric_overrides', () => {
    const slice = h.emulator.store.read<any>('redis-enterprise')
    expect(redisEnterprise.validateSlice!({ ...slice, metric_overrides: { bdb: {}, node: {} } })).toBeUndefined()
    expect(redisEnterprise.validateSlice!({ ...slice, metric_overrides: { bdb: { '1': { bdb_conns: 'x' } }, node: {} } })).toMatch(/metric_overrides/)
    expect(redisEnterprise.validateSlice!({ ...slice, metric_overrides: { bdb: {} } })).toMatch(/metric_overrides/)
  })
})

describe('exposition number formats (reference metrics §2.1, §2.2)', () => {
  it('v1: prometheus_client floatToGoString', () => {
    expect([0, 1, 32, 13.25, 5e8, 1434144, 4420813535.333, 1712258672.44053, 0.002].map(pythonFloat)).toEqual([
      '0.0', '1.0', '32.0', '13.25', '5e+08', '1.434144e+06', '4.420813535333e+09', '1.71225867244053e+09', '0.002',
    ])
  })
  it('v2: Go strconv g -1', () => {
    expect([0, 1, 34, 5e8, 3750853320, 1038.0900000000001, 0.5, 2100000].map(goFloat)).toEqual(['0', '1', '34', '5e+08', '3.75085332e+09', '1038.0900000000001', '0.5', '2.1e+06'])
  })
})
