// Real-Redis mode, JDCloud: an instance is a live redis-server at its connectionDomain:port, with its password,
// class memory, password resets, class changes, delete, the server cap and a dying server (issue 10).
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { BASE, createBody, createInstance, jd } from '../helpers/jdcloud.js'
import { authError, closeChecked, connect, portClosed, type RealHarness, createRealHarness } from '../helpers/real-redis.js'

const MB = 1024 * 1024
let h: RealHarness

beforeEach(async () => void (h = await createRealHarness()))
afterEach(() => closeChecked(h))

const describeOne = async (id: string) => (await jd(h, 'GET', `${BASE}/cacheInstance/${id}`)).body.result.cacheInstance
const action = (id: string, name: string, body: unknown) => jd(h, 'POST', `${BASE}/cacheInstance/${id}:${name}`, body)

async function runningInstance(overrides: Record<string, unknown> = {}) {
  const id = await createInstance(h, overrides)
  h.clock.advance(h.emulator.delays.get('jdcloud.instance.create'))
  const instance = await describeOne(id)
  expect(instance.cacheInstanceStatus).toBe('running')
  return { id, instance }
}

describe('JDCloud instances on real redis-server', () => {
  it('creating starts the server; running follows PING; connectionDomain:port answers with the password and class memory', async () => {
    const id = await createInstance(h, { password: 'Passw0rd1' })
    const creating = await describeOne(id)
    expect(creating).toMatchObject({ cacheInstanceStatus: 'creating', connectionDomain: '127.0.0.1', auth: true })
    // the server is started while the instance is creating
    expect(h.emulator.realRedis!.servers()).toEqual([expect.objectContaining({ providerId: 'jdcloud', key: id, port: creating.port })])
    h.clock.advance(h.emulator.delays.get('jdcloud.instance.create'))
    const instance = await describeOne(id)
    expect(instance.cacheInstanceStatus).toBe('running')

    const client = await connect(instance.port, { password: 'Passw0rd1' })
    await client.set('greeting', 'hello')
    expect(await client.get('greeting')).toBe('hello')
    // redis.m.small.basic: 2048 MB
    expect(await client.configGet('maxmemory')).toEqual({ maxmemory: String(2048 * MB) })
    client.destroy()
    expect(await authError(instance.port, { password: 'wrong' })).toMatch(/WRONGPASS/)
    expect(await authError(instance.port)).toMatch(/NOAUTH/)
  })

  it('resetCacheInstancePassword changes AUTH on the live server; an empty password makes it password-free (seed 000)', async () => {
    const { id, instance } = await runningInstance({ password: 'First0ne' })
    await action(id, 'resetCacheInstancePassword', { password: 'Second2nd' }).expect(200)
    expect(await authError(instance.port, { password: 'First0ne' })).toMatch(/WRONGPASS/)
    expect(await authError(instance.port, { password: 'Second2nd' })).toBeUndefined()
    await action(id, 'resetCacheInstancePassword', { password: '' }).expect(200)
    expect(await authError(instance.port)).toBeUndefined()
  })

  it('modifyCacheInstanceClass sets maxmemory to the new class once it is running again', async () => {
    const { id, instance } = await runningInstance()
    await action(id, 'modifyCacheInstanceClass', { cacheInstanceClass: 'redis.m.medium.basic' }).expect(200)
    h.clock.advance(h.emulator.delays.get('jdcloud.instance.modifyClass'))
    expect((await describeOne(id)).cacheInstanceMemoryMB).toBe(4096)
    const client = await connect(instance.port)
    expect(await client.configGet('maxmemory')).toEqual({ maxmemory: String(4096 * MB) })
    client.destroy()
  })

  it('two instances get two servers on two ports; delete stops the server before it answers', async () => {
    const first = await runningInstance()
    const second = await runningInstance()
    expect(second.instance.port).not.toBe(first.instance.port)
    const client = await connect(second.instance.port)
    expect(await client.ping()).toBe('PONG')
    client.destroy()
    await jd(h, 'DELETE', `${BASE}/cacheInstance/${first.id}`).expect(200)
    expect(await portClosed(first.instance.port)).toBe(true)
    expect(await portClosed(second.instance.port)).toBe(false)
  })

  it('past --real-redis-max-servers, createCacheInstance is 429 QUOTA_EXCEEDED; a delete frees the slot', async () => {
    await h.close()
    h = await createRealHarness({ realRedisMaxServers: 1 })
    const { id } = await runningInstance()
    const over = await jd(h, 'POST', `${BASE}/cacheInstance`, createBody())
    expect(over.status).toBe(429)
    expect(over.body).toEqual({
      requestId: expect.stringMatching(/^[a-z0-9]{32}$/),
      error: {
        code: 429,
        status: 'QUOTA_EXCEEDED',
        message: 'quota exceeded: no more instances can be created in region cn-north-1 (the emulator runs at most 1 real Redis servers (--real-redis-max-servers))',
      },
    })
    await jd(h, 'DELETE', `${BASE}/cacheInstance/${id}`).expect(200)
    await runningInstance()
  })

  it('a server that dies puts the instance in `error` (reference §3), which can then be deleted', async () => {
    const { id, instance } = await runningInstance()
    const { pid } = h.emulator.realRedis!.servers()[0]
    process.kill(pid!, 'SIGKILL')
    let status = 'running'
    for (let i = 0; i < 100 && status !== 'error'; i++) {
      await new Promise((r) => setTimeout(r, 20))
      status = (await describeOne(id)).cacheInstanceStatus
    }
    expect(status).toBe('error')
    expect(await portClosed(instance.port)).toBe(true)
    expect(h.emulator.realRedis!.servers()).toEqual([])
    await jd(h, 'DELETE', `${BASE}/cacheInstance/${id}`).expect(200)
  })
})
