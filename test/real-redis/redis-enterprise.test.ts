// Real-Redis mode, Redis Enterprise: a bdb is a live redis-server at its endpoint, with authentication_redis_pass,
// the admin password, memory_size, eviction_policy, flush, delete and the server cap (issue 10).
import { createServer } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { GB, withRoles, type ReHarness } from '../helpers/redis-enterprise.js'
import { authError, closeChecked, connect, createRealHarness, expectClusterWorks, portClosed, type RealHarness } from '../helpers/real-redis.js'

let h: RealHarness & ReHarness

async function start(options = {}) {
  const real = await createRealHarness(options)
  h = Object.assign(withRoles(real), { close: real.close })
}
beforeEach(() => start())
afterEach(() => closeChecked(h))

const admin = () => h.as('admin')

async function activeBdb(body: Record<string, unknown> = {}) {
  const created = await admin().post('/v1/bdbs', { name: 'real-db', memory_size: GB, ...body })
  expect(created.status).toBe(200)
  h.clock.advance(h.emulator.delays.get('redis-enterprise.bdb.create'))
  const bdb = (await admin().get(`/v1/bdbs/${created.body.uid}`)).body
  expect(bdb.status).toBe('active')
  return bdb
}

/** Lets an update's state machine finish, so the next change is accepted (seed 004: 409 while busy). */
async function settleUpdate(uid: number) {
  h.clock.advance(h.emulator.delays.get('redis-enterprise.bdb.update'))
  expect((await admin().get(`/v1/bdbs/${uid}`)).body.status).toBe('active')
}

describe('Redis Enterprise databases on real redis-server', () => {
  it('pending until the server answers, then active; endpoints[0] is 127.0.0.1:<port>; memory_size and eviction_policy apply', async () => {
    const created = await admin().post('/v1/bdbs', { name: 'real-db', memory_size: GB, eviction_policy: 'allkeys-lru', authentication_redis_pass: 'redis-pass' })
    expect(created.body.status).toBe('pending')
    expect(created.body.endpoints[0]).toMatchObject({ addr: ['127.0.0.1'], dns_name: '127.0.0.1', port: expect.any(Number) })
    const bdb = await activeBdb({ name: 'other-db' }) // a second database: another server, another port
    expect(bdb.endpoints[0].port).not.toBe(created.body.endpoints[0].port)
    const { port } = created.body.endpoints[0]
    const client = await connect(port, { password: 'redis-pass' })
    await client.set('k', 'v')
    expect(await client.get('k')).toBe('v')
    expect(await client.configGet('maxmemory')).toEqual({ maxmemory: String(GB) })
    expect(await client.configGet('maxmemory-policy')).toEqual({ 'maxmemory-policy': 'allkeys-lru' })
    client.destroy()
    expect(await authError(port, { password: 'nope' })).toMatch(/WRONGPASS/)
  })

  it('PUT authentication_redis_pass changes AUTH on the live server; memory_size and eviction_policy follow a PUT', async () => {
    const bdb = await activeBdb()
    const { port } = bdb.endpoints[0]
    expect(await authError(port)).toBeUndefined() // reference §2.1: "" = no password
    await admin().put(`/v1/bdbs/${bdb.uid}`, { authentication_redis_pass: 's3cret', memory_size: 2 * GB, eviction_policy: 'volatile-ttl' }).expect(200)
    expect(await authError(port)).toMatch(/NOAUTH/)
    const client = await connect(port, { password: 's3cret' })
    expect(await client.configGet('maxmemory')).toEqual({ maxmemory: String(2 * GB) })
    expect(await client.configGet('maxmemory-policy')).toEqual({ 'maxmemory-policy': 'volatile-ttl' })
    client.destroy()
  })

  it('reset_admin_pass replaces the admin user password on the server (seed 004 action)', async () => {
    const bdb = await activeBdb()
    const { port } = bdb.endpoints[0]
    expect(await authError(port, { username: 'admin', password: bdb.authentication_admin_pass })).toBeUndefined()
    const reset = await admin().put(`/v1/bdbs/${bdb.uid}/reset_admin_pass`, {})
    expect(reset.status).toBe(200)
    expect(reset.body.authentication_admin_pass).not.toBe(bdb.authentication_admin_pass)
    expect(await authError(port, { username: 'admin', password: bdb.authentication_admin_pass })).toMatch(/WRONGPASS/)
    expect(await authError(port, { username: 'admin', password: reset.body.authentication_admin_pass })).toBeUndefined()
  })

  it('the flush action empties the database (seed 004)', async () => {
    const bdb = await activeBdb()
    const client = await connect(bdb.endpoints[0].port)
    await client.mSet({ a: '1', b: '2' })
    expect(await client.dbSize()).toBe(2)
    await admin().put(`/v1/bdbs/${bdb.uid}/flush`, {}).expect(200)
    expect(await client.dbSize()).toBe(0)
    client.destroy()
    await settleUpdate(bdb.uid)
  })

  it('oss_cluster: true is a one-node Redis Cluster that a cluster client can use (reference §2.1)', async () => {
    const bdb = await activeBdb({ oss_cluster: true, authentication_redis_pass: 'cl-pass' })
    await expectClusterWorks(bdb.endpoints[0].port, { password: 'cl-pass' })
  })

  it('delete stops the server: the port is closed when the 200 arrives (seed 004: delete-pending)', async () => {
    const bdb = await activeBdb()
    await admin().delete(`/v1/bdbs/${bdb.uid}`).expect(200)
    expect(await portClosed(bdb.endpoints[0].port)).toBe(true)
  })

  it('a requested port is used as asked, and one taken on this machine is port_unavailable (seed 004)', async () => {
    const blocker = createServer()
    const taken = await new Promise<number>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as { port: number }).port)))
    try {
      const res = await admin().post('/v1/bdbs', { name: 'taken', memory_size: GB, port: taken })
      expect(res.status).toBe(406)
      expect(res.body).toEqual({ error_code: 'port_unavailable', description: `Port ${taken} is not available`, message: `Port ${taken} is not available` })
    } finally {
      blocker.close()
    }
    const asked = await activeBdb({ port: taken })
    expect(asked.endpoints[0].port).toBe(taken)
    expect(await portClosed(taken)).toBe(false)
  })

  it('a database whose server dies before it is active is creation-failed (reference §2.1) and has no server', async () => {
    const created = (await admin().post('/v1/bdbs', { name: 'doomed', memory_size: GB })).body
    await h.emulator.realRedis!.whenStarted()
    const [{ pid }] = h.emulator.realRedis!.servers()
    process.kill(pid!, 'SIGKILL')
    let status = 'pending'
    for (let i = 0; i < 100 && status === 'pending'; i++) {
      await new Promise((r) => setTimeout(r, 20))
      status = (await admin().get(`/v1/bdbs/${created.uid}`)).body.status
    }
    expect(status).toBe('creation-failed')
    h.clock.advance(h.emulator.delays.get('redis-enterprise.bdb.create'))
    expect((await admin().get(`/v1/bdbs/${created.uid}`)).body.status).toBe('creation-failed')
    expect(h.emulator.realRedis!.servers()).toEqual([])
  })

  it('a PUT with a new port moves the server there (a taken one is port_unavailable)', async () => {
    const bdb = await activeBdb()
    const oldPort = bdb.endpoints[0].port
    const blocker = createServer()
    const taken = await new Promise<number>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as { port: number }).port)))
    const refused = await admin().put(`/v1/bdbs/${bdb.uid}`, { port: taken })
    blocker.close()
    expect(refused.status).toBe(406)
    expect(refused.body.error_code).toBe('port_unavailable')
    const moved = await admin().put(`/v1/bdbs/${bdb.uid}`, { port: taken })
    expect(moved.status).toBe(200)
    expect(moved.body.endpoints[0].port).toBe(taken)
    expect(await portClosed(oldPort)).toBe(true)
    expect(await authError(taken)).toBeUndefined()
  })

  it('past --real-redis-max-servers, create is 406 insufficient_resources (seed 004); memcached databases need no server', async () => {
    await h.close()
    await start({ realRedisMaxServers: 1 })
    await activeBdb()
    const over = await admin().post('/v1/bdbs', { name: 'second', memory_size: GB })
    expect(over.status).toBe(406)
    expect(over.body.error_code).toBe('insufficient_resources')
    const memcached = await activeBdb({ name: 'mc', type: 'memcached' })
    expect(memcached.status).toBe('active')
    expect(h.emulator.realRedis!.servers()).toHaveLength(1)
  })
})
