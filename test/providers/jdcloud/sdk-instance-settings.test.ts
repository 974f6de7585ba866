// The official Node SDK (npm jdcloud-sdk-js 1.2.202) against a running emulator, signatures verified: accounts, backups
// and restore, backup policy, IP whitelist, parameters and disabled commands (reference-more §2-§7). None of these
// operations has a `…2` variant in the SDK (reference-more Appendix A lists only analysis ones).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type RunningEmulator } from '../../../src/emulator.js'
import { DEFAULT_ACCOUNT, SECOND_ACCOUNT } from '../../helpers/jdcloud.js'
import { rejection, sdkClient } from '../../helpers/jdcloud-sdk.js'


let emulator: RunningEmulator
let id: string
const REQUEST_ID = expect.stringMatching(/^[a-z0-9]{32}$/)

function client(account = DEFAULT_ACCOUNT) {
  return sdkClient(emulator, account)
}


/** What an operation without result fields answers (reference-more §1.3): the request id only. */
const empty = (answer: Record<string, unknown>) => {
  const { responseObj: _ignored, ...body } = answer
  return body
}

beforeAll(async () => {
  // --fast: every delay is 0, each transition is seen on the next request
  emulator = await startEmulator({ inMemory: true, port: 0, fast: true })
  const created = await client().createCacheInstance({
    cacheInstance: {
      vpcId: 'vpc-sdk',
      subnetId: 'subnet-sdk',
      cacheInstanceName: 'sdk_settings',
      cacheInstanceClass: 'redis.s.small.basic',
      redisVersion: '4.0',
      azId: { master: 'cn-north-1a', slave: 'cn-north-1b' },
      password: 'Passw0rd123',
    },
  })
  id = created.result.cacheInstanceId
  await client().describeCacheInstance({ cacheInstanceId: id })
})
afterAll(async () => {
  await emulator.close()
})

describe('jdcloud-sdk-js: the instance-settings operations (reference-more §2-§7)', () => {
  it('accounts: createAccount, describeAccounts, modifyAccount, modifyAccounts, deleteAccount', async () => {
    const redis = client()
    expect(empty(await redis.createAccount({ cacheInstanceId: id, accountName: 'reporting', accountPassword: 'Report001', accountPrivilege: 'RoleReadOnly', accountDescription: 'BI' }))).toEqual({ requestId: REQUEST_ID })
    await redis.createAccount({ cacheInstanceId: id, accountName: 'writer', accountPassword: 'Writer001' })
    expect(empty(await redis.modifyAccount({ cacheInstanceId: id, accountName: 'writer', accountDescription: 'jobs' }))).toEqual({ requestId: REQUEST_ID })
    expect(empty(await redis.modifyAccounts({ cacheInstanceId: id, accounts: [{ accountName: 'reporting', accountPrivilege: 'RoleReadWrite' }] }))).toEqual({ requestId: REQUEST_ID })
    const described = await redis.describeAccounts({ cacheInstanceId: id })
    expect(described.result).toEqual({
      isSupport: true,
      accountLists: [
        { accountName: 'default', accountType: 'default', accountPrivilege: 'RoleReadWrite', accountDescription: '' },
        { accountName: 'reporting', accountType: 'normal', accountPrivilege: 'RoleReadWrite', accountDescription: 'BI' },
        { accountName: 'writer', accountType: 'normal', accountPrivilege: 'RoleReadWrite', accountDescription: 'jobs' },
      ],
    })
    // the SDK sends accountName in the query string (reference-more §2)
    expect(empty(await redis.deleteAccount({ cacheInstanceId: id, accountName: 'writer' }))).toEqual({ requestId: REQUEST_ID })
    expect((await redis.describeAccounts({ cacheInstanceId: id })).result.accountLists).toHaveLength(2)
    expect(await rejection(redis.createAccount({ cacheInstanceId: id, accountName: 'reporting', accountPassword: 'Report001' }))).toEqual({
      requestId: REQUEST_ID,
      error: { code: 409, status: 'ALREADY_EXISTS', message: `account reporting already exists in cacheInstance ${id}` },
    })
    expect((await rejection(redis.deleteAccount({ cacheInstanceId: id, accountName: 'ghost' }))).error).toMatchObject({ code: 404, status: 'NOT_FOUND' })
    // JS lets a caller leave out the array GO and PY require (reference-more §1.4)
    expect((await rejection(redis.modifyAccounts({ cacheInstanceId: id }))).error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' })
  })

  it('backups: createBackup, describeBackups, describeDownloadUrl (%3A action), restoreInstance', async () => {
    const redis = client()
    const created = await redis.createBackup({ cacheInstanceId: id, fileName: 'sdk_backup', backupType: 1 })
    const { baseId } = created.result
    expect(baseId).toMatch(/^[0-9a-f-]{36}$/)
    const listed = await redis.describeBackups({ cacheInstanceId: id, pageNumber: 1, pageSize: 10, baseId })
    expect(listed.result).toEqual({
      backups: [
        {
          baseId,
          backupFileName: 'sdk_backup',
          cacheInstanceId: id,
          backupStartTime: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
          backupEndTime: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
          backupType: 1,
          backupSize: 18,
          backupStatus: 2,
          backupDownloadURL: '',
        },
      ],
      totalCount: 1,
    })
    // RFC 3339 times with `+` arrive as %2B from this SDK (reference-more §1.2)
    const windowed = await redis.describeBackups({ cacheInstanceId: id, startTime: '2000-01-01T00:00:00+08:00', endTime: '2100-01-01T00:00:00+08:00' })
    expect(windowed.result.totalCount).toBe(1)
    const urls = await redis.describeDownloadUrl({ cacheInstanceId: id, baseId })
    expect(urls.result.downloadUrls).toEqual([{ name: 'sdk_backup.rdb', link: expect.stringContaining(`/dl/${id}/${baseId}/sdk_backup.rdb?expires=`) }])
    expect(empty(await redis.restoreInstance({ cacheInstanceId: id, baseId }))).toEqual({ requestId: REQUEST_ID })
    expect((await redis.describeCacheInstance({ cacheInstanceId: id })).result.cacheInstance.cacheInstanceStatus).toBe('running')
    expect((await rejection(redis.restoreInstance({ cacheInstanceId: id, baseId: 'nope' }))).error).toMatchObject({ code: 404, status: 'NOT_FOUND' })
    expect((await rejection(redis.createBackup({ cacheInstanceId: id, fileName: 'bad-name', backupType: 1 }))).error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' })
  })

  it('backup policy: describeBackupPolicy, modifyBackupPolicy', async () => {
    const redis = client()
    expect((await redis.describeBackupPolicy({ cacheInstanceId: id })).result).toEqual({
      autoBackup: true,
      backupPeriod: 'Monday,Tuesday,Wednesday,Thursday,Friday,Saturday,Sunday',
      backupTime: '01:00-02:00 +0800',
      nextBackupTime: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T17:00:00Z~\d{4}-\d{2}-\d{2}T18:00:00Z$/),
    })
    expect(empty(await redis.modifyBackupPolicy({ cacheInstanceId: id, backupTime: '20:00-21:00 +0000', backupPeriod: 'Sunday', autoBackup: true }))).toEqual({ requestId: REQUEST_ID })
    const policy = (await redis.describeBackupPolicy({ cacheInstanceId: id })).result
    expect(policy).toMatchObject({ autoBackup: true, backupPeriod: 'Sunday', backupTime: '20:00-21:00 +0000' })
    expect(new Date(policy.nextBackupTime.split('~')[0]).getUTCDay()).toBe(0)
  })

  it('IP whitelist: describeIpWhiteList, modifyIpWhiteList', async () => {
    const redis = client()
    expect((await redis.describeIpWhiteList({ cacheInstanceId: id })).result).toEqual({ ipWhiteList: ['0.0.0.0/0'] })
    expect(empty(await redis.modifyIpWhiteList({ cacheInstanceId: id, ipWhiteList: ['10.0.0.0/16', '192.168.1.20/32'] }))).toEqual({ requestId: REQUEST_ID })
    expect((await redis.describeIpWhiteList({ cacheInstanceId: id })).result).toEqual({ ipWhiteList: ['10.0.0.0/16', '192.168.1.20/32'] })
    expect((await rejection(redis.modifyIpWhiteList({ cacheInstanceId: id, ipWhiteList: ['10.0.0.1'] }))).error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' })
  })

  it('parameters: describeInstanceConfig, modifyInstanceConfig', async () => {
    const redis = client()
    const before = await redis.describeInstanceConfig({ cacheInstanceId: id })
    expect(before.result.unSupportConfigs).toEqual(['list-max-ziplist-entries', 'list-max-ziplist-value'])
    expect(before.result.instanceConfig[0]).toEqual({
      configName: 'maxmemory-policy',
      configValue: 'volatile-lru',
      configDefaultValue: 'volatile-lru',
      configValueType: 'string',
      configValueOptional: ['volatile-lru', 'allkeys-lru', 'volatile-lfu', 'allkeys-lfu', 'volatile-random', 'allkeys-random', 'volatile-ttl', 'noeviction'],
    })
    expect(empty(await redis.modifyInstanceConfig({ cacheInstanceId: id, instanceConfig: [{ configName: 'maxmemory-policy', configValue: 'allkeys-lfu' }] }))).toEqual({ requestId: REQUEST_ID })
    expect((await redis.describeInstanceConfig({ cacheInstanceId: id })).result.instanceConfig[0].configValue).toBe('allkeys-lfu')
    expect((await rejection(redis.modifyInstanceConfig({ cacheInstanceId: id, instanceConfig: [{ configName: 'maxmemory-policy', configValue: 'lru' }] }))).error).toMatchObject({
      code: 400,
      status: 'INVALID_ARGUMENT',
    })
  })

  it('disabled commands: getDisableCommands, setDisableCommands', async () => {
    const redis = client()
    expect((await redis.getDisableCommands({ cacheInstanceId: id })).result).toEqual({ disableCommandLists: [] })
    expect(empty(await redis.setDisableCommands({ cacheInstanceId: id, disableCommands: [{ commandName: 'flushall', isDisable: true }] }))).toEqual({ requestId: REQUEST_ID })
    expect((await redis.getDisableCommands({ cacheInstanceId: id })).result).toEqual({
      disableCommandLists: [{ commandName: 'flushall', disableTime: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/) }],
    })
    expect((await rejection(redis.setDisableCommands({ cacheInstanceId: id }))).error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' })
  })

  it('another access key gets 404 NOT_FOUND from every one of these operations', async () => {
    const other = client(SECOND_ACCOUNT)
    const calls: [string, Record<string, unknown>][] = [
      ['describeAccounts', {}],
      ['createAccount', { accountName: 'intruder', accountPassword: 'Intrude01' }],
      ['modifyAccount', { accountName: 'reporting' }],
      ['modifyAccounts', { accounts: [{ accountName: 'reporting' }] }],
      ['deleteAccount', { accountName: 'reporting' }],
      ['createBackup', { fileName: 'x', backupType: 1 }],
      ['describeBackups', {}],
      ['describeDownloadUrl', { baseId: 'x' }],
      ['restoreInstance', { baseId: 'x' }],
      ['describeBackupPolicy', {}],
      ['modifyBackupPolicy', { backupTime: '01:00-02:00 +0800', backupPeriod: 'Sunday' }],
      ['describeIpWhiteList', {}],
      ['modifyIpWhiteList', { ipWhiteList: ['10.0.0.0/8'] }],
      ['describeInstanceConfig', {}],
      ['modifyInstanceConfig', { instanceConfig: [{ configName: 'hash-max-ziplist-value', configValue: '32' }] }],
      ['getDisableCommands', {}],
      ['setDisableCommands', { disableCommands: [{ commandName: 'keys', isDisable: true }] }],
    ]
    for (const [method, opts] of calls) {
      expect(await rejection(other[method]({ cacheInstanceId: id, ...opts })), method).toEqual({
        requestId: REQUEST_ID,
        error: { code: 404, status: 'NOT_FOUND', message: `cacheInstance ${id} not found` },
      })
    }
  })
})
