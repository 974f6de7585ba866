// Real-Redis mode, Redis To Go: an instance is a live redis-server at hostname:port (and `url`), with its password,
// the plan's memory and `databases`; delete and the server cap (issue 10).
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createClient } from 'redis'
import { createInstance, rtg } from '../helpers/redistogo.js'
import { authError, closeChecked, connect, createRealHarness, portClosed, type RealHarness } from '../helpers/real-redis.js'

let h: RealHarness

beforeEach(async () => void (h = await createRealHarness()))
afterEach(() => closeChecked(h))

async function runningInstance(plan = 'nano') {
  const created = await createInstance(h, plan)
  h.clock.advance(h.emulator.delays.get('redistogo.instance.create'))
  const instance = (await rtg(h, 'get', `/instances/${created.id}.json`)).body
  expect(instance.status).toBe('running')
  return instance
}

describe('Redis To Go instances on real redis-server', () => {
  it('new until the server answers, then running; `url` connects as is (seed 003: redis://user:password@host:port/)', async () => {
    const created = await createInstance(h, 'nano')
    expect(created).toMatchObject({ status: 'new', hostname: '127.0.0.1', label: `cod-${created.port}` })
    expect(created.url).toBe(`redis://redistogo:${created.password}@127.0.0.1:${created.port}/`)
    h.clock.advance(h.emulator.delays.get('redistogo.instance.create'))
    expect((await rtg(h, 'get', `/instances/${created.id}.json`)).body.status).toBe('running')

    const client = createClient({ url: created.url, socket: { reconnectStrategy: false } })
    client.on('error', () => {})
    await client.connect()
    await client.set('plan', 'nano')
    expect(await client.get('plan')).toBe('nano')
    // nano: 5 MB (fixtures/redistogo/plans.json)
    expect(await client.configGet('maxmemory')).toEqual({ maxmemory: String(5 * 1024 * 1024) })
    client.destroy()
    // the password alone (AUTH <password>, as Redis 2 clients send it) works too
    expect(await authError(created.port, { password: created.password })).toBeUndefined()
    expect(await authError(created.port)).toMatch(/NOAUTH/)
    expect(await authError(created.port, { password: 'not-it' })).toMatch(/WRONGPASS/)
  })

  it('a plan upgrade raises maxmemory; a new `databases` value restarts the server with that many databases', async () => {
    const instance = await runningInstance('nano')
    await rtg(h, 'put', `/instances/${instance.id}.json`).send({ plan: 'small' }).expect(200)
    let client = await connect(instance.port, { password: instance.password })
    expect(await client.configGet('maxmemory')).toEqual({ maxmemory: String(104857600) })
    expect(await client.configGet('databases')).toEqual({ databases: '1' })
    client.destroy()
    await rtg(h, 'put', `/instances/${instance.id}.json`).send({ databases: 4 }).expect(200)
    client = await connect(instance.port, { password: instance.password })
    expect(await client.configGet('databases')).toEqual({ databases: '4' })
    await client.select(3)
    client.destroy()
  })

  it('delete stops the server (seed 003: gone at once)', async () => {
    const instance = await runningInstance()
    await rtg(h, 'delete', `/instances/${instance.id}.json`).expect(200)
    expect(await portClosed(instance.port)).toBe(true)
  })

  it('past --real-redis-max-servers, create is the 422 of a full server farm', async () => {
    await h.close()
    h = await createRealHarness({ realRedisMaxServers: 2 })
    await runningInstance()
    await runningInstance()
    const over = await rtg(h, 'post', '/instances.json').send({ instance: { plan: 'nano' } })
    expect(over.status).toBe(422)
    expect(over.body).toEqual({ errors: ['There is not enough space on any server to create this instance'] })
  })
})
