// JDCloud backups, restore and the backup policy (reference-more §3, §4): the backup machine 0 -> 2 and restoring ->
// running on the frozen clock, the documented fields, preconditions and per-access-key isolation.
import { beforeEach, describe, expect, it } from 'vitest'
import { createHarness, type Harness } from '../../helpers/harness.js'
import { BASE, createInstance, jd, SECOND_ACCOUNT } from '../../helpers/jdcloud.js'

let h: Harness
let id: string
const REQUEST_ID = expect.stringMatching(/^[a-z0-9]{32}$/)
const UUID = expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
const error = (code: number, status: string, message: string) => ({ requestId: REQUEST_ID, error: { code, status, message } })
const path = (sub: string, instance = id) => `${BASE}/cacheInstance/${instance}${sub}`
const status = async () => (await jd(h, 'GET', path('')).expect(200)).body.result.cacheInstance.cacheInstanceStatus
const backups = async (query = '') => (await jd(h, 'GET', path(`/backup${query}`)).expect(200)).body.result
const BACKUP_DELAY = 'jdcloud.backup.create'

async function runningInstance(overrides: Record<string, unknown> = {}) {
  const made = await createInstance(h, overrides)
  h.clock.advance(h.emulator.delays.get('jdcloud.instance.create'))
  return made
}

async function finishedBackup(fileName = 'nightly_1'): Promise<string> {
  const res = await jd(h, 'POST', path('/backup'), { fileName, backupType: 1 }).expect(200)
  h.clock.advance(h.emulator.delays.get(BACKUP_DELAY))
  return res.body.result.baseId
}

beforeEach(async () => {
  h = await createHarness()
  id = await runningInstance()
})

describe('createBackup and describeBackups (reference-more §3)', () => {
  it('returns a uuid baseId; the backup is in progress (0), then succeeded (2) after jdcloud.backup.create', async () => {
    const res = await jd(h, 'POST', path('/backup'), { fileName: 'nightly_1', backupType: 1 })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ requestId: REQUEST_ID, result: { baseId: UUID } })
    const { baseId } = res.body.result
    const started = '2026-01-15T10:00:01Z'
    expect(await backups()).toEqual({
      backups: [
        {
          baseId,
          backupFileName: 'nightly_1',
          cacheInstanceId: id,
          backupStartTime: started,
          backupEndTime: '',
          backupType: 1,
          backupSize: 0,
          backupStatus: 0,
          backupDownloadURL: '',
        },
      ],
      totalCount: 1,
    })
    h.clock.advance(h.emulator.delays.get(BACKUP_DELAY) - 1)
    expect((await backups()).backups[0].backupStatus).toBe(0)
    h.clock.advance(1)
    expect((await backups()).backups[0]).toEqual({
      baseId,
      backupFileName: 'nightly_1',
      cacheInstanceId: id,
      backupStartTime: started,
      backupEndTime: '2026-01-15T10:00:02Z',
      backupType: 1,
      // no real server: the smallest RDB file, of an empty dataset
      backupSize: 18,
      backupStatus: 2,
      backupDownloadURL: '',
    })
  })

  it('a second backup while one is in progress -> 400 FAILED_PRECONDITION (inferred: reference-more §3)', async () => {
    await jd(h, 'POST', path('/backup'), { fileName: 'first', backupType: 1 }).expect(200)
    const res = await jd(h, 'POST', path('/backup'), { fileName: 'second', backupType: 1 })
    expect(res.status).toBe(400)
    expect(res.body).toEqual(error(400, 'FAILED_PRECONDITION', `cacheInstance ${id} has a backup in progress`))
    h.clock.advance(h.emulator.delays.get(BACKUP_DELAY))
    await jd(h, 'POST', path('/backup'), { fileName: 'second', backupType: 1 }).expect(200)
  })

  it('an instance that is not running cannot be backed up (inferred: reference-more §3)', async () => {
    const creating = await createInstance(h)
    const res = await jd(h, 'POST', path('/backup', creating), { fileName: 'early', backupType: 1 })
    expect(res.body).toEqual(error(400, 'FAILED_PRECONDITION', `cacheInstance ${creating} in status creating cannot be backed up, only running`))
  })

  it.each([
    ['backupType 0 (only manual backups can be created)', { fileName: 'auto', backupType: 0 }],
    ['no backupType', { fileName: 'auto' }],
    ['backupType as a string', { fileName: 'auto', backupType: '1' }],
    ['no fileName', { backupType: 1 }],
    ['a fileName with a dash', { fileName: 'night-1', backupType: 1 }],
    ['a fileName of 33 characters', { fileName: 'a'.repeat(33), backupType: 1 }],
  ])('%s -> 400 INVALID_ARGUMENT (reference-more §3)', async (_name, body) => {
    const res = await jd(h, 'POST', path('/backup'), body)
    expect(res.status).toBe(400)
    expect(res.body.error.status).toBe('INVALID_ARGUMENT')
    expect((await backups()).totalCount).toBe(0)
  })

  it('lists newest first, pages, filters by baseId and by start time', async () => {
    const first = await finishedBackup('one')
    h.clock.advance(60_000)
    const second = await finishedBackup('two')
    h.clock.advance(60_000)
    const third = await finishedBackup('three')
    expect((await backups()).backups.map((b: { baseId: string }) => b.baseId)).toEqual([third, second, first])
    expect((await backups(`?baseId=${second}`)).backups.map((b: { backupFileName: string }) => b.backupFileName)).toEqual(['two'])
    const window = await backups(`?startTime=${encodeURIComponent('2026-01-15T10:01:00Z')}&endTime=${encodeURIComponent('2026-01-15T10:02:00+00:00')}`)
    expect(window).toMatchObject({ totalCount: 1, backups: [{ baseId: second }] })
    expect(await backups('?pageNumber=2&pageSize=10')).toEqual({ backups: [], totalCount: 3 })
  })

  it('pageSize outside [10, 100] or a malformed time -> 400 INVALID_ARGUMENT (inferred: the describeCacheInstances rule)', async () => {
    expect((await jd(h, 'GET', path('/backup?pageSize=5'))).body.error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' })
    expect((await jd(h, 'GET', path('/backup?pageSize=101'))).status).toBe(400)
    expect((await jd(h, 'GET', path('/backup?startTime=yesterday'))).body).toEqual(error(400, 'INVALID_ARGUMENT', 'startTime yesterday is not an ISO 8601 time'))
  })

  it('deleting the instance cancels its backup in progress', async () => {
    await jd(h, 'POST', path('/backup'), { fileName: 'lost', backupType: 1 }).expect(200)
    await jd(h, 'DELETE', path('')).expect(200)
    h.clock.advance(60_000)
    expect((await jd(h, 'GET', path('/backup'))).status).toBe(404)
  })
})

describe('describeDownloadUrl (GET …/backup:describeDownloadUrl, the one colon action)', () => {
  it('one link per file, valid one hour; the colon matches raw or as %3A (reference-more §1.1)', async () => {
    const baseId = await finishedBackup()
    const expires = Math.floor((h.clock.now() + 3600_000) / 1000)
    for (const colon of [':', '%3A', '%3a']) {
      const res = await jd(h, 'GET', path(`/backup${colon}describeDownloadUrl?baseId=${baseId}`))
      expect(res.status).toBe(200)
      expect(res.body).toEqual({
        requestId: REQUEST_ID,
        result: { downloadUrls: [{ name: 'nightly_1.rdb', link: expect.stringMatching(new RegExp(`^http://redis\\.jdcloud-api\\.test/dl/${id}/${baseId}/nightly_1\\.rdb\\?expires=${expires}$`)) }] },
      })
    }
  })

  it('a cluster backup has one file per shard (reference-more §3: YAML)', async () => {
    id = await runningInstance({ cacheInstanceClass: 'redis.c.small.basic' })
    const baseId = await finishedBackup('shards')
    const res = await jd(h, 'GET', path(`/backup%3AdescribeDownloadUrl?baseId=${baseId}`)).expect(200)
    expect(res.body.result.downloadUrls.map((u: { name: string }) => u.name)).toEqual(['shards_shard0.rdb', 'shards_shard1.rdb', 'shards_shard2.rdb', 'shards_shard3.rdb'])
  })

  it('unknown baseId -> 404; in progress -> 400 FAILED_PRECONDITION; no baseId -> 400 INVALID_ARGUMENT', async () => {
    expect((await jd(h, 'GET', path('/backup%3AdescribeDownloadUrl?baseId=nope'))).body).toEqual(error(404, 'NOT_FOUND', `backup nope of cacheInstance ${id} not found`))
    const { baseId } = (await jd(h, 'POST', path('/backup'), { fileName: 'slow', backupType: 1 }).expect(200)).body.result
    expect((await jd(h, 'GET', path(`/backup%3AdescribeDownloadUrl?baseId=${baseId}`))).body).toEqual(
      error(400, 'FAILED_PRECONDITION', `backup ${baseId} is not finished (backupStatus 0), it cannot be downloaded`),
    )
    expect((await jd(h, 'GET', path('/backup%3AdescribeDownloadUrl'))).body).toEqual(error(400, 'INVALID_ARGUMENT', 'baseId is required'))
  })
})

describe('the download links (presigned: no signature)', () => {
  const download = (link: string) => {
    const { pathname, search } = new URL(link)
    return h.request('jdcloud').get(pathname + search)
  }

  it('serve the backup file for one hour on the emulator clock, then 403 HTTP_FORBIDDEN (inferred)', async () => {
    const baseId = await finishedBackup()
    const [{ link }] = (await jd(h, 'GET', path(`/backup%3AdescribeDownloadUrl?baseId=${baseId}`)).expect(200)).body.result.downloadUrls
    const res = await download(link).buffer(true).parse((r, done) => {
      const chunks: Buffer[] = []
      r.on('data', (c: Buffer) => chunks.push(c))
      r.on('end', () => done(null, Buffer.concat(chunks)))
    })
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('application/octet-stream')
    expect(res.headers['content-disposition']).toBe('attachment; filename="nightly_1.rdb"')
    // no real server: an empty RDB file, as large as describeBackups says
    expect((res.body as Buffer).subarray(0, 9).toString('latin1')).toBe('REDIS0009')
    expect((res.body as Buffer).length).toBe((await backups()).backups[0].backupSize)
    h.clock.advance(3600_000)
    const expired = await download(link)
    expect(expired.status).toBe(403)
    expect(expired.body).toEqual(error(403, 'HTTP_FORBIDDEN', `the download link of backup ${baseId} has expired`))
  })

  it('an unknown instance, backup or file name, or a missing expiry, is refused', async () => {
    const baseId = await finishedBackup()
    const expires = Math.floor(h.clock.now() / 1000) + 60
    expect((await h.request('jdcloud').get(`/dl/${id}/${baseId}/other.rdb?expires=${expires}`)).body).toEqual(error(404, 'NOT_FOUND', 'backup file other.rdb not found'))
    expect((await h.request('jdcloud').get(`/dl/redis-nosuchinst/${baseId}/nightly_1.rdb?expires=${expires}`)).status).toBe(404)
    expect((await h.request('jdcloud').get(`/dl/__proto__/${baseId}/nightly_1.rdb?expires=${expires}`)).status).toBe(404)
    expect((await h.request('jdcloud').get(`/dl/${id}/nope/nightly_1.rdb?expires=${expires}`)).status).toBe(404)
    expect((await h.request('jdcloud').get(`/dl/${id}/${baseId}/nightly_1.rdb`)).status).toBe(403)
  })
})

describe('restoreInstance (POST …/restore)', () => {
  it('running -> restoring -> running after jdcloud.instance.restore', async () => {
    const baseId = await finishedBackup()
    const res = await jd(h, 'POST', path('/restore'), { baseId })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ requestId: REQUEST_ID })
    expect(await status()).toBe('restoring')
    // a restoring instance takes no other change
    expect((await jd(h, 'POST', path('/backup'), { fileName: 'during', backupType: 1 })).body.error.status).toBe('FAILED_PRECONDITION')
    h.clock.advance(h.emulator.delays.get('jdcloud.instance.restore') - 1)
    expect(await status()).toBe('restoring')
    h.clock.advance(1)
    expect(await status()).toBe('running')
  })

  it('preconditions: unknown or another instance\'s backup -> 404, unfinished -> 400, not running -> 400, no baseId -> 400', async () => {
    const other = await runningInstance()
    const foreign = (await jd(h, 'POST', path('/backup', other), { fileName: 'other', backupType: 1 }).expect(200)).body.result.baseId
    h.clock.advance(h.emulator.delays.get(BACKUP_DELAY))
    expect((await jd(h, 'POST', path('/restore'), { baseId: foreign })).body).toEqual(error(404, 'NOT_FOUND', `backup ${foreign} of cacheInstance ${id} not found`))
    const pending = (await jd(h, 'POST', path('/backup'), { fileName: 'pending', backupType: 1 }).expect(200)).body.result.baseId
    expect((await jd(h, 'POST', path('/restore'), { baseId: pending })).body).toEqual(
      error(400, 'FAILED_PRECONDITION', `backup ${pending} is not finished (backupStatus 0), it cannot be restored`),
    )
    h.clock.advance(h.emulator.delays.get(BACKUP_DELAY))
    await jd(h, 'POST', path('/restore'), { baseId: pending }).expect(200)
    expect((await jd(h, 'POST', path('/restore'), { baseId: pending })).body).toEqual(
      error(400, 'FAILED_PRECONDITION', `cacheInstance ${id} in status restoring cannot be restored, only running`),
    )
    expect((await jd(h, 'POST', path('/restore'), {})).body.error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' })
  })
})

describe('describeBackupPolicy and modifyBackupPolicy (reference-more §4)', () => {
  it('a new instance backs up daily 01:00-02:00 +0800; nextBackupTime is the next window in UTC', async () => {
    // 2026-01-15T10:00:01Z is 18:00 in UTC+8: the next window is the 16th 01:00 +0800 = the 15th 17:00Z
    const res = await jd(h, 'GET', path('/backupPolicy')).expect(200)
    expect(res.body).toEqual({
      requestId: REQUEST_ID,
      result: {
        autoBackup: true,
        backupPeriod: 'Monday,Tuesday,Wednesday,Thursday,Friday,Saturday,Sunday',
        backupTime: '01:00-02:00 +0800',
        nextBackupTime: '2026-01-15T17:00:00Z~2026-01-15T18:00:00Z',
      },
    })
  })

  it('changes period and window; nextBackupTime follows the days in the window\'s zone; autoBackup kept when omitted', async () => {
    // 2026-01-15 is a Thursday
    await jd(h, 'PATCH', path('/backupPolicy'), { backupTime: '20:00-21:00 +0000', backupPeriod: 'Sunday' }).expect(200)
    expect((await jd(h, 'GET', path('/backupPolicy'))).body.result).toEqual({
      autoBackup: true,
      backupPeriod: 'Sunday',
      backupTime: '20:00-21:00 +0000',
      nextBackupTime: '2026-01-18T20:00:00Z~2026-01-18T21:00:00Z',
    })
    await jd(h, 'PATCH', path('/backupPolicy'), { autoBackup: false, backupTime: '23:30-00:30 -0500', backupPeriod: 'Friday,Monday' }).expect(200)
    expect((await jd(h, 'GET', path('/backupPolicy'))).body.result).toEqual({
      autoBackup: false,
      backupPeriod: 'Friday,Monday',
      backupTime: '23:30-00:30 -0500',
      // off: no next window (inferred)
      nextBackupTime: '',
    })
    await jd(h, 'PATCH', path('/backupPolicy'), { backupTime: '23:30-00:30 -0500', backupPeriod: 'Friday,Monday', autoBackup: true }).expect(200)
    // Friday 16th 23:30 -0500 = Saturday 17th 04:30Z; the window crosses midnight
    expect((await jd(h, 'GET', path('/backupPolicy'))).body.result.nextBackupTime).toBe('2026-01-17T04:30:00Z~2026-01-17T05:30:00Z')
  })

  it.each([
    ['no backupTime', { backupPeriod: 'Sunday' }],
    ['no backupPeriod', { backupTime: '01:00-02:00 +0800' }],
    ['a window without zone', { backupTime: '01:00-02:00', backupPeriod: 'Sunday' }],
    ['an hour 24', { backupTime: '24:00-01:00 +0800', backupPeriod: 'Sunday' }],
    ['a lower-case day', { backupTime: '01:00-02:00 +0800', backupPeriod: 'sunday' }],
    ['a repeated day', { backupTime: '01:00-02:00 +0800', backupPeriod: 'Sunday,Sunday' }],
    ['autoBackup as a string', { autoBackup: 'yes', backupTime: '01:00-02:00 +0800', backupPeriod: 'Sunday' }],
  ])('%s -> 400 INVALID_ARGUMENT (inferred rules: reference-more §4)', async (_name, body) => {
    const res = await jd(h, 'PATCH', path('/backupPolicy'), body)
    expect(res.status).toBe(400)
    expect(res.body.error.status).toBe('INVALID_ARGUMENT')
  })
})

describe('per-access-key isolation', () => {
  it("another account sees none of this instance's backups, policy or restore", async () => {
    const baseId = await finishedBackup()
    const other = { account: SECOND_ACCOUNT }
    const notFound = error(404, 'NOT_FOUND', `cacheInstance ${id} not found`)
    expect((await jd(h, 'GET', path('/backup'), undefined, other)).body).toEqual(notFound)
    expect((await jd(h, 'POST', path('/backup'), { fileName: 'x', backupType: 1 }, other)).body).toEqual(notFound)
    expect((await jd(h, 'GET', path(`/backup%3AdescribeDownloadUrl?baseId=${baseId}`), undefined, other)).body).toEqual(notFound)
    expect((await jd(h, 'POST', path('/restore'), { baseId }, other)).body).toEqual(notFound)
    expect((await jd(h, 'GET', path('/backupPolicy'), undefined, other)).body).toEqual(notFound)
    expect((await jd(h, 'PATCH', path('/backupPolicy'), { backupTime: '01:00-02:00 +0800', backupPeriod: 'Sunday' }, other)).body).toEqual(notFound)
    expect((await backups()).totalCount).toBe(1)
    expect(await status()).toBe('running')
  })
})
