// Real-Redis mode, JDCloud instance settings (issue 16 part A): accounts are ACL users, parameters are CONFIG SET, disabled
// commands are refused by the server, a backup is an RDB snapshot and a restore loads it back. Each effect is proven
// with a Redis client.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { BASE, createInstance, jd } from '../helpers/jdcloud.js'
import { authError, closeChecked, connect, createRealHarness, type RealHarness, type RedisConnection } from '../helpers/real-redis.js'

let h: RealHarness
let id: string
let port: number
const PASSWORD = 'Instance01'
const path = (sub: string) => `${BASE}/cacheInstance/${id}${sub}`
const describeOne = async () => (await jd(h, 'GET', path('')).expect(200)).body.result.cacheInstance

beforeEach(async () => {
  h = await createRealHarness()
  id = await createInstance(h, { password: PASSWORD, redisVersion: '4.0', cacheInstanceClass: 'redis.s.small.basic' })
  h.clock.advance(h.emulator.delays.get('jdcloud.instance.create'))
  const instance = await describeOne()
  expect(instance.cacheInstanceStatus).toBe('running')
  port = instance.port
})
afterEach(() => closeChecked(h))

async function refusal(client: RedisConnection, command: string[]): Promise<string> {
  try {
    await client.sendCommand(command)
  } catch (err) {
    return (err as Error).message
  }
  return 'accepted'
}

describe('JDCloud accounts on the real server (reference-more §2)', () => {
  it('createAccount makes an ACL user: RoleReadOnly reads but cannot write, RoleReadWrite writes', async () => {
    await jd(h, 'POST', path('/account'), { accountName: 'reporting', accountPassword: 'Report001', accountPrivilege: 'RoleReadOnly' }).expect(200)
    await jd(h, 'POST', path('/account'), { accountName: 'writer', accountPassword: 'Writer001' }).expect(200)
    const writer = await connect(port, { username: 'writer', password: 'Writer001' })
    await writer.set('report:1', 'ready')
    const reader = await connect(port, { username: 'reporting', password: 'Report001' })
    expect(await reader.get('report:1')).toBe('ready')
    expect(await refusal(reader, ['SET', 'report:1', 'changed'])).toMatch(/NOPERM/)
    expect(await authError(port, { username: 'reporting', password: 'Wrong0001' })).toMatch(/WRONGPASS/)
    writer.destroy()
    reader.destroy()
  })

  it('modifyAccount and modifyAccounts change the user\'s password and rights; deleteAccount removes the user', async () => {
    await jd(h, 'POST', path('/account'), { accountName: 'reporting', accountPassword: 'Report001', accountPrivilege: 'RoleReadOnly' }).expect(200)
    await jd(h, 'PATCH', path('/account'), { accountName: 'reporting', accountPassword: 'Report002' }).expect(200)
    expect(await authError(port, { username: 'reporting', password: 'Report001' })).toMatch(/WRONGPASS/)
    await jd(h, 'PATCH', path('/accounts'), { accounts: [{ accountName: 'reporting', accountPrivilege: 'RoleReadWrite' }] }).expect(200)
    const promoted = await connect(port, { username: 'reporting', password: 'Report002' })
    expect(await promoted.set('written', 'yes')).toBe('OK')
    promoted.destroy()
    await jd(h, 'DELETE', path('/account?accountName=reporting')).expect(200)
    expect(await authError(port, { username: 'reporting', password: 'Report002' })).toMatch(/WRONGPASS/)
  })

  it('the default account is the default user: a new password through modifyAccount is AUTH\'s', async () => {
    await jd(h, 'PATCH', path('/account'), { accountName: 'default', accountPassword: 'NewDefault1' }).expect(200)
    expect(await authError(port, { password: PASSWORD })).toMatch(/WRONGPASS/)
    expect(await authError(port, { password: 'NewDefault1' })).toBeUndefined()
  })
})

describe('JDCloud disabled commands on the real server (reference-more §7)', () => {
  it('a disabled command is refused to the default user and to every account; re-enabled it works again', async () => {
    await jd(h, 'POST', path('/account'), { accountName: 'writer', accountPassword: 'Writer001' }).expect(200)
    await jd(h, 'POST', path('/disableCommands'), { disableCommands: [{ commandName: 'FLUSHALL', isDisable: true }, { commandName: 'keys', isDisable: true }] }).expect(200)
    const owner = await connect(port, { password: PASSWORD })
    const writer = await connect(port, { username: 'writer', password: 'Writer001' })
    await owner.set('kept', '1')
    expect(await refusal(owner, ['FLUSHALL'])).toMatch(/NOPERM/)
    expect(await refusal(writer, ['FLUSHALL'])).toMatch(/NOPERM/)
    expect(await refusal(writer, ['KEYS', '*'])).toMatch(/NOPERM/)
    expect(await owner.get('kept')).toBe('1')
    // an account created later is refused too
    await jd(h, 'POST', path('/account'), { accountName: 'late', accountPassword: 'Latecomer1' }).expect(200)
    const late = await connect(port, { username: 'late', password: 'Latecomer1' })
    expect(await refusal(late, ['FLUSHALL'])).toMatch(/NOPERM/)
    await jd(h, 'POST', path('/disableCommands'), { disableCommands: [{ commandName: 'flushall', isDisable: false }] }).expect(200)
    expect(await refusal(writer, ['FLUSHALL'])).toBe('accepted')
    expect(await refusal(owner, ['KEYS', '*'])).toMatch(/NOPERM/)
    for (const c of [owner, writer, late]) c.destroy()
  })

  it('a name the server does not know is listed but breaks nothing', async () => {
    await jd(h, 'POST', path('/disableCommands'), { disableCommands: [{ commandName: 'nosuchcommand', isDisable: true }, { commandName: 'flushdb', isDisable: true }] }).expect(200)
    const owner = await connect(port, { password: PASSWORD })
    expect(await refusal(owner, ['FLUSHDB'])).toMatch(/NOPERM/)
    expect(await owner.ping()).toBe('PONG')
    owner.destroy()
  })
})

describe('JDCloud parameters on the real server (reference-more §6)', () => {
  it('the defaults are in force; a change reaches CONFIG GET once configuring is over', async () => {
    const owner = await connect(port, { password: PASSWORD })
    expect(await owner.configGet('maxmemory-policy')).toEqual({ 'maxmemory-policy': 'volatile-lru' })
    await jd(h, 'POST', path('/instanceConfig'), {
      instanceConfig: [
        { configName: 'maxmemory-policy', configValue: 'allkeys-lfu' },
        { configName: 'hash-max-ziplist-entries', configValue: '256' },
        { configName: 'slowlog-log-slower-than', configValue: '2000' },
        { configName: 'notify-keyspace-events', configValue: 'Ex' },
      ],
    }).expect(200)
    expect((await describeOne()).cacheInstanceStatus).toBe('configuring')
    expect(await owner.configGet('maxmemory-policy')).toEqual({ 'maxmemory-policy': 'volatile-lru' })
    h.clock.advance(h.emulator.delays.get('jdcloud.instance.configure'))
    expect((await describeOne()).cacheInstanceStatus).toBe('running')
    expect(await owner.configGet('maxmemory-policy')).toEqual({ 'maxmemory-policy': 'allkeys-lfu' })
    expect(await owner.configGet('hash-max-ziplist-entries')).toEqual({ 'hash-max-ziplist-entries': '256' })
    expect(await owner.configGet('slowlog-log-slower-than')).toEqual({ 'slowlog-log-slower-than': '2000' })
    expect([...(await owner.configGet('notify-keyspace-events'))['notify-keyspace-events']].sort()).toEqual(['E', 'x'])
    owner.destroy()
  })
})

describe('JDCloud backups on the real server (reference-more §3)', () => {
  it('a backup is an RDB snapshot taken when it starts; restoreInstance loads it back (keys written since are gone)', async () => {
    const owner = await connect(port, { password: PASSWORD })
    await owner.set('before', 'kept')
    await owner.hSet('profile', { name: 'ada' })
    const { baseId } = (await jd(h, 'POST', path('/backup'), { fileName: 'snapshot_1', backupType: 1 }).expect(200)).body.result
    await owner.set('after', 'lost')
    h.clock.advance(h.emulator.delays.get('jdcloud.backup.create'))
    const [backup] = (await jd(h, 'GET', path('/backup')).expect(200)).body.result.backups
    expect(backup).toMatchObject({ baseId, backupStatus: 2 })
    // the real RDB file, served by describeDownloadUrl's link
    const [{ link }] = (await jd(h, 'GET', path(`/backup%3AdescribeDownloadUrl?baseId=${baseId}`)).expect(200)).body.result.downloadUrls
    const { pathname, search } = new URL(link)
    const downloaded = await h
      .request('jdcloud')
      .get(pathname + search)
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = []
        r.on('data', (c: Buffer) => chunks.push(c))
        r.on('end', () => done(null, Buffer.concat(chunks)))
      })
    expect(downloaded.status).toBe(200)
    const file = downloaded.body as Buffer
    expect(file.length).toBe(backup.backupSize)
    expect(file.subarray(0, 5).toString('latin1')).toBe('REDIS')
    expect(file.includes(Buffer.from('before'))).toBe(true)
    expect(file.includes(Buffer.from('after'))).toBe(false)
    await owner.del('before')

    await jd(h, 'POST', path('/restore'), { baseId }).expect(200)
    expect((await describeOne()).cacheInstanceStatus).toBe('restoring')
    h.clock.advance(h.emulator.delays.get('jdcloud.instance.restore'))
    expect((await describeOne()).cacheInstanceStatus).toBe('running')
    const after = await connect(port, { password: PASSWORD })
    expect(await after.get('before')).toBe('kept')
    expect(await after.hGetAll('profile')).toEqual({ name: 'ada' })
    expect(await after.get('after')).toBeNull()
    expect((await after.keys('*')).sort()).toEqual(['before', 'profile'])
    owner.destroy()
    after.destroy()
  })

  it('users, passwords and parameters stay as they are after a restore (they are not in the RDB)', async () => {
    await jd(h, 'POST', path('/account'), { accountName: 'writer', accountPassword: 'Writer001' }).expect(200)
    const { baseId } = (await jd(h, 'POST', path('/backup'), { fileName: 'empty', backupType: 1 }).expect(200)).body.result
    h.clock.advance(h.emulator.delays.get('jdcloud.backup.create'))
    await jd(h, 'POST', path('/instanceConfig'), { instanceConfig: [{ configName: 'maxmemory-policy', configValue: 'noeviction' }] }).expect(200)
    h.clock.advance(h.emulator.delays.get('jdcloud.instance.configure'))
    await jd(h, 'POST', path('/restore'), { baseId }).expect(200)
    h.clock.advance(h.emulator.delays.get('jdcloud.instance.restore'))
    const writer = await connect(port, { username: 'writer', password: 'Writer001' })
    expect(await writer.configGet('maxmemory-policy')).toEqual({ 'maxmemory-policy': 'noeviction' })
    expect(await writer.dbSize()).toBe(0)
    writer.destroy()
    // clients cannot use DEBUG, which the emulator keeps for loading snapshots
    const owner = await connect(port, { password: PASSWORD })
    expect(await refusal(owner, ['DEBUG', 'RELOAD'])).toMatch(/NOPERM/)
    owner.destroy()
  })
})
