// Real-Redis mode, KakaoCloud: an instance set or cluster is a live redis-server at its endpoints and port, its DB
// user the only login; delete and the server cap (issue 10).
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { FLAVOR_2, READY_TOKEN, clusterBody, create, getCluster, instanceSetBody } from '../helpers/kakaocloud.js'
import { authError, closeChecked, connect, createRealHarness, expectClusterWorks, portClosed, type RealHarness } from '../helpers/real-redis.js'

const GIB = 1024 * 1024 * 1024
let h: RealHarness

beforeEach(async () => void (h = await createRealHarness()))
afterEach(() => closeChecked(h))

/** A port in the documented 2000-50000 that nothing listens on right now. */
async function freePortInRange(): Promise<number> {
  for (let port = 20000 + (process.pid % 20000); ; port++) if (await portClosed(port)) return port
}

async function running(kind: 'clusters' | 'instance-sets', body: Record<string, unknown>) {
  const id = await create(h, kind, body)
  expect((await getCluster(h, id)).body).toMatchObject({ status: 'Creating', endpoints: { primaryEndpoint: '', readEndpoint: '' } })
  h.clock.advance(h.emulator.delays.get('kakaocloud.cluster.create'))
  const cluster = (await getCluster(h, id)).body
  expect(cluster.status).toBe('Running')
  return cluster
}

describe('KakaoCloud clusters on real redis-server', () => {
  it('an instance set is Running once its server answers; primary and read endpoints are 127.0.0.1:<port>; the DB user logs in', async () => {
    const port = await freePortInRange()
    const set = await running('instance-sets', instanceSetBody({ port, user: { name: 'appuser', password: 'app-pass' } }))
    // a requested port that is free on this machine is the server's port
    expect(set.port).toBe(port)
    expect(set.endpoints).toEqual({ primaryEndpoint: '127.0.0.1', readEndpoint: '127.0.0.1' })
    const client = await connect(set.port, { username: 'appuser', password: 'app-pass' })
    await client.set('k', 'v')
    expect(await client.get('k')).toBe('v')
    // seed 001: flavor memory in GiB
    expect(await client.configGet('maxmemory')).toEqual({ maxmemory: String(FLAVOR_2.memory * GIB) })
    client.destroy()
    expect(await authError(set.port, { username: 'appuser', password: 'wrong' })).toMatch(/WRONGPASS/)
    // with a DB user, the default user is off: no password-free access
    expect(await authError(set.port)).toMatch(/NOAUTH|WRONGPASS/)
  })

  it('two instance sets asking for the same port get two servers; the second reports the port it really got', async () => {
    const first = await running('instance-sets', instanceSetBody({ instanceSetName: 'first', user: undefined }))
    const second = await running('instance-sets', instanceSetBody({ instanceSetName: 'second', user: undefined }))
    expect(second.port).not.toBe(first.port)
    // seed 001: userName "-" (no DB user): no password
    expect(second.userName).toBe('-')
    expect(await authError(first.port)).toBeUndefined()
    expect(await authError(second.port)).toBeUndefined()
  })

  it('cluster mode is a one-node Redis Cluster: a cluster client reaches every slot through the primary endpoint', async () => {
    const cluster = await running('clusters', clusterBody({ name: 'sharded', user: { name: 'cuser', password: 'c-pass' } }))
    // seed 001: no read endpoint in cluster mode
    expect(cluster.endpoints).toEqual({ primaryEndpoint: '127.0.0.1', readEndpoint: '' })
    await expectClusterWorks(cluster.port, { username: 'cuser', password: 'c-pass' })
  })

  it('delete stops the server', async () => {
    const set = await running('instance-sets', instanceSetBody({ user: undefined }))
    const res = await h.request('kakaocloud').delete(`/v1/instance-sets/${set.objectId}`).set('X-Auth-Token', READY_TOKEN)
    expect(res.status).toBe(200)
    expect(await portClosed(set.port)).toBe(true)
  })

  it('past --real-redis-max-servers, create is a 400 in the MemStore envelope', async () => {
    await h.close()
    h = await createRealHarness({ realRedisMaxServers: 1 })
    await running('instance-sets', instanceSetBody())
    const res = await h.request('kakaocloud').post('/v1/instance-sets').set('X-Auth-Token', READY_TOKEN).send(instanceSetBody({ instanceSetName: 'second-set' }))
    expect(res.status).toBe(400)
    expect(res.body).toEqual({
      error: { code: 'BadRequest', message: 'quota exceeded: the emulator runs at most 1 real Redis servers (--real-redis-max-servers)' },
    })
  })
})
