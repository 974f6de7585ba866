// Bootstrap (reference §2, D:requests/bootstrap): the unbootstrapped start mode, the create/join/recover machine through
// each documented state, validate/*, and the sequences real tools send, replayed call by call.
import { describe, expect, it } from 'vitest'
import { capture, createReHarness, expectError, GB, withRoles, ROLE_NAMES } from '../../../helpers/redis-enterprise.js'
import { anonymous, BOOTSTRAP_CREATE, BOOTSTRAP_START, finishBootstrap, freshNode, licenseKey } from './helpers.js'

const CREATE = {
  action: 'create_cluster',
  cluster: { nodes: [], name: 'cluster.example.test' },
  credentials: { username: 'ops@example.test', password: 'ops-password' },
}

describe('an unbootstrapped node (--redis-enterprise-bootstrapped false)', () => {
  it('GET /v1/bootstrap answers idle without credentials, in the captured shape minus the times', async () => {
    const h = await freshNode()
    const res = await anonymous(h).get('/v1/bootstrap')
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ bootstrap_status: { state: 'idle' }, local_node_info: capture('bootstrap_status').local_node_info })
  })
  it('every other route answers 503, with or without credentials (inferred: reference §2 gives no error_code)', async () => {
    const h = await freshNode()
    for (const path of ['/v1/bdbs', '/v1/cluster', '/v1/users', '/v1/license', '/v1/nodes', '/v1/no-such-route']) {
      expectError(await anonymous(h).get(path), 503, 'cluster_not_bootstrapped')
      expectError(await h.as('admin').get(path), 503, 'cluster_not_bootstrapped')
    }
    expectError(await anonymous(h).post('/v1/bdbs').send({ name: 'x', memory_size: GB }), 503, 'cluster_not_bootstrapped')
    // not bootstrap actions
    expectError(await anonymous(h).post('/v1/bootstrap/make_coffee').send({}), 503, 'cluster_not_bootstrapped')
    expectError(await anonymous(h).post('/v1/bootstrap').send({}), 503, 'cluster_not_bootstrapped')
  })
  it('a reset (POST /_emulator/reset) brings a bootstrapped fresh node back to idle', async () => {
    const h = await freshNode()
    await anonymous(h).post('/v1/bootstrap/create_cluster').send(CREATE)
    finishBootstrap(h)
    expect((await anonymous(h).get('/v1/cluster').auth('ops@example.test', 'ops-password')).status).toBe(200)
    expect((await anonymous(h).post('/_emulator/reset?provider=redis-enterprise')).status).toBe(200)
    expect((await anonymous(h).get('/v1/bootstrap')).body.bootstrap_status).toEqual({ state: 'idle' })
    expectError(await anonymous(h).get('/v1/cluster').auth('ops@example.test', 'ops-password'), 503, 'cluster_not_bootstrapped')
  })
  it('the default start mode stays a ready cluster', async () => {
    const h = await createReHarness()
    expect((await h.as('admin').get('/v1/bootstrap')).body).toEqual(capture('bootstrap_status'))
    expect((await anonymous(h).get('/v1/bootstrap')).status).toBe(401)
  })
})

describe('POST /v1/bootstrap/create_cluster: idle -> initiated -> creating_cluster -> completed', () => {
  it('walks every state on the clock, then the named admin is the only user', async () => {
    const h = await freshNode()
    const start = h.clock.now()
    const post = await anonymous(h).post('/v1/bootstrap/create_cluster').send(CREATE)
    expect(post.status).toBe(200)
    expect(post.text).toBe('')
    const status = async () => (await anonymous(h).get('/v1/bootstrap')).body.bootstrap_status
    expect(await status()).toEqual({ start_time: '2026-01-15T10:00:00Z', state: 'initiated' })
    // D:requests/bootstrap: a POST while one runs is 409
    expectError(await anonymous(h).post('/v1/bootstrap/create_cluster').send(CREATE), 409, 'bootstrap_in_progress')
    h.clock.advance(h.emulator.delays.get(BOOTSTRAP_START) - 1)
    expect((await status()).state).toBe('initiated')
    h.clock.advance(1)
    expect(await status()).toEqual({ start_time: '2026-01-15T10:00:00Z', state: 'creating_cluster' })
    expectError(await anonymous(h).post('/v1/bootstrap/join_cluster').send({}), 409, 'bootstrap_in_progress')
    expectError(await anonymous(h).get('/v1/cluster'), 503, 'cluster_not_bootstrapped')
    h.clock.advance(h.emulator.delays.get(BOOTSTRAP_CREATE))
    const end = new Date(start + 10_000).toISOString().replace('.000Z', 'Z')
    // completed: the status now needs credentials (D:requests/bootstrap)
    expect((await anonymous(h).get('/v1/bootstrap')).status).toBe(401)
    const ops = (path: string) => anonymous(h).get(path).auth('ops@example.test', 'ops-password')
    const done = await ops('/v1/bootstrap')
    expect(done.status).toBe(200)
    expect(done.body.bootstrap_status).toEqual({ end_time: end, start_time: '2026-01-15T10:00:00Z', state: 'completed' })
    const users = (await ops('/v1/users')).body
    expect(users).toEqual([{ ...capture('user_single'), email: 'ops@example.test', password_issue_date: '2026-01-15T10:00:00Z' }])
    // the default users of the ready start mode do not exist on a bootstrapped fresh node
    expect((await h.as('admin').get('/v1/bdbs')).status).toBe(401)
    const cluster = (await ops('/v1/cluster')).body
    expect(cluster).toMatchObject({ name: 'cluster.example.test', created_time: '2026-01-15T10:00:00Z' })
    // the trial licence: 30 days from the bootstrap, the captured keys
    const license = (await ops('/v1/license')).body
    expect(Object.keys(license)).toEqual(Object.keys(capture('license')))
    expect(license).toMatchObject({ activation_date: '2026-01-15T10:00:00Z', expiration_date: '2026-02-14T10:00:00Z', expired: false, key: '', shards_limit: 4, features: ['trial', 'bigstore'] })
    expect((await ops('/v1/suffixes')).body).toEqual([{ default: true, internal: false, mdns: false, name: 'cluster.example.test', slaves: [], use_aaaa_ns: false }])
    // bootstrapping again is refused
    expectError(await anonymous(h).post('/v1/bootstrap/create_cluster').send(CREATE).auth('ops@example.test', 'ops-password'), 409, 'bootstrap_in_progress')
  })
  it('the trial licence expires 30 days after the bootstrap: then creates are 403 license_expired', async () => {
    const h = await freshNode()
    await anonymous(h).post('/v1/bootstrap/create_cluster').send(CREATE)
    finishBootstrap(h)
    h.clock.advance(30 * 24 * 3600 * 1000)
    const res = await anonymous(h).post('/v1/bdbs').auth('ops@example.test', 'ops-password').send({ name: 'late', memory_size: GB })
    expectError(res, 403, 'license_expired')
    expect((await anonymous(h).get('/v1/license').auth('ops@example.test', 'ops-password')).body.expired).toBe(true)
  })
  it('the node identity, paths, rack awareness, DNS suffixes and licence of the request show where they are read', async () => {
    const h = await freshNode({ nodes: 1 })
    const key = licenseKey({ shards_limit: 50, expiration_date: '2030-01-01T00:00:00Z', owner: 'Example', cluster_name: 'cluster.example.test' })
    const body = {
      ...CREATE,
      node: {
        bigstore_enabled: true,
        paths: { persistent_path: '/data/persistent', ephemeral_path: '/data/temp', bigstore_path: '/data/flash' },
        identity: { addr: '10.0.0.5', external_addr: ['203.0.113.5'], rack_id: 'zone-a' },
      },
      policy: { rack_aware: true },
      dns_suffixes: [
        { name: 'db.example.test', cluster_default: true },
        { name: 'internal.db.example.test', use_internal_addr: true },
      ],
      license: key,
    }
    expect((await anonymous(h).post('/v1/bootstrap/create_cluster').send(body)).status).toBe(200)
    finishBootstrap(h)
    const ops = (path: string) => anonymous(h).get(path).auth('ops@example.test', 'ops-password')
    expect((await ops('/v1/nodes/1')).body).toMatchObject({
      addr: '10.0.0.5',
      external_addr: ['203.0.113.5'],
      rack_id: 'zone-a',
      bigstore_enabled: true,
      persistent_storage_path: '/data/persistent',
      ephemeral_storage_path: '/data/temp',
      bigredis_storage_path: '/data/flash',
    })
    expect((await ops('/v1/cluster')).body.rack_aware).toBe(true)
    expect((await ops('/v1/cluster/policy')).body.rack_aware).toBe(true)
    expect((await ops('/v1/suffixes')).body.map((s: any) => [s.name, s.default, s.internal])).toEqual([
      ['db.example.test', true, false],
      ['internal.db.example.test', false, true],
    ])
    expect((await ops('/v1/license')).body).toMatchObject({ shards_limit: 50, owner: 'Example', key, license: key, expired: false })
    // endpoints are named in the default suffix (redis-enterprise.md §2.3); a rack-aware cluster takes rack-aware dbs
    const bdb = await anonymous(h).post('/v1/bdbs').auth('ops@example.test', 'ops-password').send({ name: 'db1', memory_size: GB, rack_aware: true })
    expect(bdb.status).toBe(200)
    expect(bdb.body.endpoints[0].dns_name).toBe(`redis-${bdb.body.endpoints[0].port}.db.example.test`)
  })
})

describe('a bad configuration is accepted, then ends in the error state (D:requests/bootstrap error codes)', () => {
  const cases: [string, string, unknown, string][] = [
    ['no credentials', 'create_cluster', { action: 'create_cluster', cluster: { name: 'c.example.test' } }, 'config_error'],
    ['a username with <', 'create_cluster', { ...CREATE, credentials: { username: 'a<b', password: 'ops-password' } }, 'config_error'],
    ['a name that is not an FQDN', 'create_cluster', { ...CREATE, cluster: { name: 'not a name!' } }, 'config_error'],
    ['an action that is not the path', 'create_cluster', { ...CREATE, action: 'join_cluster' }, 'config_error'],
    ['a mistyped field', 'create_cluster', { ...CREATE, cluster: { name: 7 } }, 'config_error'],
    ['a join without node addresses', 'join_cluster', { ...CREATE, action: 'join_cluster', cluster: { nodes: [] } }, 'connect_error'],
    ['a join to something that is not an address', 'join_cluster', { ...CREATE, action: 'join_cluster', cluster: { nodes: ['nowhere'] } }, 'connect_error'],
    ['a relative path', 'create_cluster', { ...CREATE, node: { paths: { persistent_path: 'data' } } }, 'path_error'],
    ['a corrupted licence', 'create_cluster', { ...CREATE, license: 'not a licence' }, 'invalid_license'],
    ['a recovery without its file', 'recover_cluster', { ...CREATE, action: 'recover_cluster' }, 'config_error'],
  ]
  it.each(cases)('%s (%s): validate/* answers 406 with the bootstrap status; the POST ends in the error state', async (_name, action, body, code) => {
    const h = await freshNode()
    const validate = await anonymous(h).post(`/v1/bootstrap/validate/${action}`).send(body as object)
    expect(validate.status).toBe(406)
    expect(validate.body).toEqual({ error_code: code, error_details: { message: expect.any(String) }, state: 'error' })
    expect((await anonymous(h).post(`/v1/bootstrap/${action}`).send(body as object)).status).toBe(200)
    h.clock.advance(h.emulator.delays.get(BOOTSTRAP_START))
    const status = (await anonymous(h).get('/v1/bootstrap')).body.bootstrap_status
    expect(status).toEqual({ end_time: '2026-01-15T10:00:01Z', error_code: code, error_details: { message: expect.any(String) }, start_time: '2026-01-15T10:00:00Z', state: 'error' })
    // still not a cluster
    expectError(await anonymous(h).get('/v1/cluster'), 503, 'cluster_not_bootstrapped')
  })
  it('from error, a corrected request restarts the process and completes', async () => {
    const h = await freshNode()
    await anonymous(h).post('/v1/bootstrap/create_cluster').send({ action: 'create_cluster' })
    h.clock.advance(h.emulator.delays.get(BOOTSTRAP_START))
    expect((await anonymous(h).get('/v1/bootstrap')).body.bootstrap_status.state).toBe('error')
    expect((await anonymous(h).post('/v1/bootstrap/create_cluster').send(CREATE)).status).toBe(200)
    const status = (await anonymous(h).get('/v1/bootstrap')).body.bootstrap_status
    expect(status).toEqual({ start_time: '2026-01-15T10:00:01Z', state: 'initiated' })
    finishBootstrap(h)
    expect((await anonymous(h).get('/v1/cluster').auth('ops@example.test', 'ops-password')).status).toBe(200)
  })
  it('validate/* of a good request is 200 with no body and changes nothing', async () => {
    const h = await freshNode()
    const res = await anonymous(h).post('/v1/bootstrap/validate/create_cluster').send(CREATE)
    expect(res.status).toBe(200)
    expect(res.text).toBe('')
    expect((await anonymous(h).get('/v1/bootstrap')).body.bootstrap_status).toEqual({ state: 'idle' })
  })
  it('malformed JSON is a 400 in the error envelope', async () => {
    const h = await freshNode()
    expectError(await anonymous(h).post('/v1/bootstrap/create_cluster').set('content-type', 'application/json').send('{"action":'), 400, 'bad_request')
  })
})

describe('join_cluster and recover_cluster', () => {
  it('join: joining_cluster, then completed; the credentials log in', async () => {
    const h = await freshNode()
    const body = { action: 'join_cluster', cluster: { nodes: ['10.0.0.2'] }, node: { identity: { addr: '10.0.0.3' } }, credentials: { username: 'ops@example.test', password: 'ops-password' } }
    expect((await anonymous(h).post('/v1/bootstrap/join_cluster').send(body)).status).toBe(200)
    h.clock.advance(h.emulator.delays.get(BOOTSTRAP_START))
    expect((await anonymous(h).get('/v1/bootstrap')).body.bootstrap_status.state).toBe('joining_cluster')
    h.clock.advance(h.emulator.delays.get(BOOTSTRAP_CREATE))
    const res = await anonymous(h).get('/v1/bootstrap').auth('ops@example.test', 'ops-password')
    expect(res.body.bootstrap_status.state).toBe('completed')
    // joined, not created: the cluster keeps its name (inferred: the cluster joined is the emulated one)
    expect((await anonymous(h).get('/v1/cluster').auth('ops@example.test', 'ops-password')).body.name).toBe('docker-cluster')
  })
  it('recover: recovering_cluster, then completed', async () => {
    const h = await freshNode()
    const body = { ...CREATE, action: 'recover_cluster', recovery_filename: '/var/opt/redislabs/persist/ccs/ccs-redis.rdb' }
    expect((await anonymous(h).post('/v1/bootstrap/recover_cluster').send(body)).status).toBe(200)
    h.clock.advance(h.emulator.delays.get(BOOTSTRAP_START))
    expect((await anonymous(h).get('/v1/bootstrap')).body.bootstrap_status.state).toBe('recovering_cluster')
    h.clock.advance(h.emulator.delays.get(BOOTSTRAP_CREATE))
    expect((await anonymous(h).get('/v1/bootstrap').auth('ops@example.test', 'ops-password')).body.bootstrap_status.state).toBe('completed')
  })
})

describe('on a bootstrapped cluster (the default start mode)', () => {
  it('the bootstrap POSTs need credentials, then answer 409 for every role but none, which gets 403 (inferred: reference §2 "answer 409", §1.1 none: 403 on every REST call)', async () => {
    const h = withRoles(await createReHarness())
    expect((await anonymous(h).post('/v1/bootstrap/create_cluster').send(CREATE)).status).toBe(401)
    for (const role of ROLE_NAMES) {
      const [status, code] = role === 'none' ? [403, 'insufficient_permissions'] : [409, 'bootstrap_in_progress']
      expectError(await h.as(role).post('/v1/bootstrap/create_cluster', CREATE), status, code)
      expectError(await h.as(role).post('/v1/bootstrap/join_cluster', CREATE), status, code)
      expectError(await h.as(role).post('/v1/bootstrap/validate/create_cluster', CREATE), status, code)
    }
    // reference §1.3: POST and DELETE /v1/bootstrap are not routes; nor is an unknown action
    expectError(await h.as('admin').post('/v1/bootstrap', CREATE), 404, 'not_found')
    expectError(await h.as('admin').delete('/v1/bootstrap'), 404, 'not_found')
    expectError(await h.as('admin').post('/v1/bootstrap/make_coffee', CREATE), 404, 'not_found')
  })
})

describe('sequences real tools send, replayed call by call', () => {
  it('Terraform create_cluster.sh (reference §2): wait for idle, bootstrap, poll with credentials, licence, database, proxy threads', async () => {
    const h = await freshNode()
    const user = 'tf-admin@example.test'
    const password = 'tf-password-1'
    // 1. unauthenticated wait for "idle"
    expect((await anonymous(h).get('/v1/bootstrap')).body.bootstrap_status.state).toBe('idle')
    // 2. the module's body, verbatim in shape
    const body = {
      action: 'create_cluster',
      cluster: { name: 'redis.example.test', nodes: [] },
      node: {
        bigstore_enabled: true,
        paths: { persistent_path: '/data/persistent', ephemeral_path: '/data/temp', bigstore_path: '/data/flash' },
        identity: { addr: '10.1.0.10', external_addr: ['198.51.100.10'], rack_id: 'us-east-1a' },
      },
      policy: { rack_aware: true },
      dns_suffixes: [
        { name: 'redis.example.test', cluster_default: true },
        { name: 'internal.redis.example.test', use_internal_addr: true },
      ],
      credentials: { username: user, password },
      license: '',
    }
    const post = await anonymous(h).post('/v1/bootstrap/create_cluster').send(body)
    expect(post.status).toBe(200)
    // 3. polls with basic auth until completed (the credentials are ignored until the node is a cluster)
    const poll = () => anonymous(h).get('/v1/bootstrap').auth(user, password)
    const seen: string[] = []
    for (let i = 0; i < 20; i++) {
      const res = await poll()
      expect(res.status).toBe(200)
      const state = res.body.bootstrap_status.state
      if (seen.at(-1) !== state) seen.push(state)
      if (state === 'completed' || state === 'error') break
      h.clock.advance(1000)
    }
    expect(seen).toEqual(['initiated', 'creating_cluster', 'completed'])
    const as = (req: any) => req.auth(user, password)
    // 4. licence upload (PUT /v1/license, 200 with no body)
    const key = licenseKey({ shards_limit: 100, expiration_date: '2031-01-01T00:00:00Z', owner: 'Example Corp', cluster_name: 'redis.example.test', features: ['bigstore'] })
    const lic = await as(anonymous(h).put('/v1/license')).send({ license: key })
    expect(lic.status).toBe(200)
    expect(lic.text).toBe('')
    expect((await as(anonymous(h).get('/v1/license'))).body).toMatchObject({ shards_limit: 100, owner: 'Example Corp', cluster_name: 'redis.example.test', expired: false })
    // 5. database create (6 shards: over the trial's 4, within the uploaded licence)
    const bdb = await as(anonymous(h).post('/v1/bdbs')).send({ name: 'tf-db', memory_size: GB, sharding: true, shards_count: 3, replication: true, shard_key_regex: [{ regex: '.*\\{(?<tag>.*)\\}.*' }, { regex: '(?<tag>.*)' }] })
    expect(bdb.status, bdb.text).toBe(200)
    expect(bdb.body.endpoints[0].dns_name).toBe(`redis-${bdb.body.endpoints[0].port}.redis.example.test`)
    h.clock.advance(h.emulator.delays.get('redis-enterprise.bdb.create'))
    expect((await as(anonymous(h).get(`/v1/bdbs/${bdb.body.uid}`))).body.status).toBe('active')
    expect((await as(anonymous(h).get('/v1/license'))).body.ram_shards_in_use).toBe(6)
    // 6. database/main.tf: PUT /v1/proxies/{uid} {"proxy":{"threads":8}}
    expect((await as(anonymous(h).put('/v1/proxies/1')).send({ proxy: { threads: 8 } })).status).toBe(200)
    expect((await as(anonymous(h).get('/v1/proxies/1'))).body.threads).toBe(8)
  })
  it('redisctl workflow init-cluster (reference §2): empty credentials, no action_uid, then a database after its 15 s wait', async () => {
    const h = await freshNode()
    const body = { action: 'create_cluster', cluster: { name: 'ctl.example.test' }, credentials: { username: 'admin@ctl.example.test', password: 'ctl-password' }, flash_enabled: false }
    const post = await anonymous(h).post('/v1/bootstrap/create_cluster').auth('', '').send(body)
    expect(post.status).toBe(200)
    expect(post.text).toBe('') // no action_uid: it sleeps 5 s + 10 s
    h.clock.advance(15_000)
    const bdb = await anonymous(h).post('/v1/bdbs').auth('admin@ctl.example.test', 'ctl-password').send({ name: 'default-db', memory_size: 100 * 1024 * 1024 })
    expect(bdb.status, bdb.text).toBe(200)
    expect(bdb.body).toMatchObject({ name: 'default-db', status: 'pending' })
  })
  it('the Vault plugin test harness (redis-setup.sh): wait for GET /v1/bootstrap 200, bootstrap as "admin", then its calls work', async () => {
    const h = await freshNode()
    expect((await anonymous(h).get('/v1/bootstrap')).status).toBe(200)
    const body = { action: 'create_cluster', cluster: { nodes: [], name: 'host.docker.internal' }, credentials: { username: 'admin', password: 'xyzzyxyzzy' } }
    expect((await anonymous(h).post('/v1/bootstrap/create_cluster').set('content-type', 'application/json;charset=utf-8').send(JSON.stringify(body))).status).toBe(200)
    finishBootstrap(h)
    const admin = (path: string) => anonymous(h).get(path).auth('admin', 'xyzzyxyzzy').set('accept', 'application/json')
    expect((await admin('/v1/cluster')).body.name).toBe('host.docker.internal')
    expect((await admin('/v1/users')).body.map((u: any) => [u.uid, u.email, u.role])).toEqual([[1, 'admin', 'admin']])
  })
})

describe('the start-mode flag', () => {
  it('--redis-enterprise-bootstrapped false reaches the provider settings', async () => {
    const { buildCommand, optionsFromCommand } = await import('../../../../src/cli.js')
    const parse = (args: string[]) => optionsFromCommand(buildCommand().parse(['node', 'cli', ...args]).opts())
    expect(parse(['--redis-enterprise-bootstrapped', 'false']).providers?.['redis-enterprise']?.settings).toEqual({ bootstrapped: false })
    expect(parse([]).providers?.['redis-enterprise']?.settings?.bootstrapped).toBeUndefined()
  })
})
