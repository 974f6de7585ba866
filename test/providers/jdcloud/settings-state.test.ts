// JDCloud instance settings in the store (issue 16 part A): accounts, backups, policy, whitelist, parameters and
// disabled commands survive a restart with their in-flight transitions; validateSlice accepts them and refuses
// malformed versions.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { jdcloud } from '../../../src/providers/jdcloud/index.js'
import { createFileHarness, createHarness, tempDir } from '../../helpers/harness.js'
import { BASE, createInstance, jd } from '../../helpers/jdcloud.js'

describe('restart', () => {
  let dir: string
  let cleanup: () => Promise<void>
  beforeEach(async () => {
    ;({ dir, cleanup } = await tempDir('rce-jdcloud-settings-'))
  })
  afterEach(async () => {
    await cleanup()
  })

  it('acknowledged settings and the in-flight backup, restore and configure transitions survive a restart', async () => {
    const first = await createFileHarness(dir)
    const ids = [await createInstance(first), await createInstance(first), await createInstance(first)]
    first.clock.advance(1000)
    const [backedUp, restoring, configuring] = ids
    const path = (id: string, sub: string) => `${BASE}/cacheInstance/${id}${sub}`
    await jd(first, 'POST', path(backedUp, '/account'), { accountName: 'reporting', accountPassword: 'Report001', accountPrivilege: 'RoleReadOnly' }).expect(200)
    await jd(first, 'PATCH', path(backedUp, '/backupPolicy'), { autoBackup: false, backupTime: '03:00-04:00 +0000', backupPeriod: 'Sunday' }).expect(200)
    await jd(first, 'PATCH', path(backedUp, '/ipWhiteList'), { ipWhiteList: ['10.0.0.0/8'] }).expect(200)
    await jd(first, 'POST', path(backedUp, '/disableCommands'), { disableCommands: [{ commandName: 'keys', isDisable: true }] }).expect(200)
    const { baseId: finished } = (await jd(first, 'POST', path(restoring, '/backup'), { fileName: 'done', backupType: 1 }).expect(200)).body.result
    first.clock.advance(1000)
    await jd(first, 'POST', path(restoring, '/restore'), { baseId: finished }).expect(200)
    await jd(first, 'POST', path(configuring, '/instanceConfig'), { instanceConfig: [{ configName: 'maxmemory-policy', configValue: 'noeviction' }] }).expect(200)
    const { baseId: pending } = (await jd(first, 'POST', path(backedUp, '/backup'), { fileName: 'pending', backupType: 1 }).expect(200)).body.result

    const second = await createFileHarness(dir)
    second.clock.set(first.clock.now())
    const get = async (id: string, sub: string) => (await jd(second, 'GET', path(id, sub)).expect(200)).body.result
    const status = async (id: string) => (await get(id, '')).cacheInstance.cacheInstanceStatus
    expect((await get(backedUp, '/account')).accountLists[1]).toEqual({ accountName: 'reporting', accountType: 'normal', accountPrivilege: 'RoleReadOnly', accountDescription: '' })
    expect(await get(backedUp, '/backupPolicy')).toEqual({ autoBackup: false, backupPeriod: 'Sunday', backupTime: '03:00-04:00 +0000', nextBackupTime: '' })
    expect(await get(backedUp, '/ipWhiteList')).toEqual({ ipWhiteList: ['10.0.0.0/8'] })
    expect((await get(backedUp, '/disableCommands')).disableCommandLists.map((c: { commandName: string }) => c.commandName)).toEqual(['keys'])
    expect((await get(backedUp, '/backup')).backups).toMatchObject([{ baseId: pending, backupStatus: 0 }])
    expect(await status(restoring)).toBe('restoring')
    expect(await status(configuring)).toBe('configuring')
    second.clock.advance(1000)
    expect((await get(backedUp, '/backup')).backups).toMatchObject([{ baseId: pending, backupStatus: 2 }])
    expect(await status(restoring)).toBe('running')
    expect(await status(configuring)).toBe('running')
    expect((await get(configuring, '/instanceConfig')).instanceConfig[0].configValue).toBe('noeviction')
  })
})

describe('validateSlice', () => {
  it('accepts the settings the API stores and refuses malformed ones', async () => {
    const h = await createHarness()
    const id = await createInstance(h)
    h.clock.advance(1000)
    const path = (sub: string) => `${BASE}/cacheInstance/${id}${sub}`
    await jd(h, 'POST', path('/account'), { accountName: 'reporting', accountPassword: 'Report001' }).expect(200)
    await jd(h, 'POST', path('/backup'), { fileName: 'one', backupType: 1 }).expect(200)
    await jd(h, 'PATCH', path('/backupPolicy'), { backupTime: '03:00-04:00 +0000', backupPeriod: 'Sunday' }).expect(200)
    await jd(h, 'PATCH', path('/ipWhiteList'), { ipWhiteList: ['10.0.0.0/8'] }).expect(200)
    await jd(h, 'POST', path('/disableCommands'), { disableCommands: [{ commandName: 'keys', isDisable: true }] }).expect(200)
    await jd(h, 'POST', path('/instanceConfig'), { instanceConfig: [{ configName: 'maxmemory-policy', configValue: 'noeviction' }] }).expect(200)
    h.clock.advance(1000)
    await jd(h, 'GET', path('')).expect(200)
    const slice = h.emulator.store.read<any>('jdcloud')
    expect(jdcloud.validateSlice!(slice)).toBeUndefined()
    const broken = (change: (stored: any) => void) => {
      const copy = structuredClone(slice)
      change(copy.instances[id])
      return jdcloud.validateSlice!(copy)
    }
    expect(broken((s) => (s.redisAccounts[0].accountPrivilege = 'RoleAdmin'))).toMatch(/^instances\.redis-\w+\.redisAccounts\.0\.accountPrivilege/)
    expect(broken((s) => (s.redisAccounts[0].accountName = 'has space'))).toMatch(/redisAccounts\.0\.accountName/)
    expect(broken((s) => (s.backups[0].backupStatus = 5))).toMatch(/backups\.0\.backupStatus/)
    expect(broken((s) => (s.backups[0].backupStartTime = 'yesterday'))).toMatch(/backups\.0\.backupStartTime/)
    expect(broken((s) => (s.backupPolicy = { autoBackup: 'yes' }))).toMatch(/backupPolicy/)
    expect(broken((s) => (s.ipWhiteList = '10.0.0.0/8'))).toMatch(/ipWhiteList/)
    expect(broken((s) => (s.instanceConfig = { maxclients: '10' }))).toMatch(/instanceConfig/)
    expect(broken((s) => (s.disabledCommands = [{ commandName: 'FLUSH ALL', disableTime: '' }]))).toMatch(/disabledCommands/)
  })
})
