// Backup and restore rules (reference-more §3, §4): one manual backup at a time, restore from a finished backup of the
// same instance, the policy's window. Real-Redis mode: a backup is an RDB snapshot, a restore loads it back.
import { scheduleTransition } from '../../../core/lifecycle.js'
import type { ProviderContext } from '../../../core/provider.js'
import { uuid } from '../../../core/ids.js'
import { failedPrecondition, invalidArgument, jdError } from '../errors.js'
import { ownDraftInstance, ownInstance, requireRunning } from '../instance-route.js'
import { DELAYS, TRANSITIONS } from '../lifecycle.js'
import { wireTime, type JdcloudSlice, type StoredInstance } from '../model.js'
import { read, type Scope } from '../service.js'
import {
  BACKUP_STATUS,
  BACKUP_TYPE,
  DEFAULT_BACKUP_POLICY,
  backupFileNames,
  DOWNLOAD_URL_TTL_MS,
  EMPTY_RDB,
  nextBackupWindow,
  type Backup,
} from './model.js'
import type { ModifyBackupPolicyBody } from './schemas.js'

const ID = 'jdcloud'

function backupNotFound(id: string, baseId: string) {
  return jdError('NOT_FOUND', `backup ${baseId} of cacheInstance ${id} not found`)
}

/** Checks that must hold both before the snapshot and in the transaction that records the backup. */
function checkCanBackUp(stored: StoredInstance): void {
  requireRunning(stored, 'be backed up')
  // reference-more §3 (INF): a second backup while one is in progress is refused
  if ((stored.backups ?? []).some((b) => b.backupStatus === BACKUP_STATUS.inProgress)) {
    throw failedPrecondition(`cacheInstance ${stored.instance.cacheInstanceId} has a backup in progress`)
  }
}

export async function createBackup(ctx: ProviderContext, scope: Scope, now: number, id: string, fileName: string) {
  checkCanBackUp(ownInstance(ctx, scope, id))
  const baseId = uuid()
  // real-Redis mode: the data as it is now, when the backup starts
  const size = (await ctx.realRedis?.snapshot(id, baseId)) ?? EMPTY_RDB.length
  await ctx.store.mutate<JdcloudSlice>(ID, (draft) => {
    const stored = ownDraftInstance(draft, scope, id)
    checkCanBackUp(stored)
    const backup: Backup = {
      baseId,
      backupFileName: fileName,
      cacheInstanceId: id,
      backupStartTime: wireTime(now),
      backupEndTime: '',
      backupType: BACKUP_TYPE.manual,
      backupSize: 0,
      backupStatus: BACKUP_STATUS.inProgress,
      backupDownloadURL: '',
    }
    ;(stored.backups ??= []).push(backup)
    scheduleTransition(draft, TRANSITIONS.backupDone, now + ctx.delays.get(DELAYS.backup), { id, baseId, size })
  })
  // reference-more §3: the new task's id
  return { baseId }
}

export interface BackupQuery {
  pageNumber: number
  pageSize: number
  startTime?: string
  endTime?: string
  baseId?: string
}

/** reference-more §1.6 (INF): an ISO 8601 / RFC 3339 instant. */
function instant(name: string, value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined
  const ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(value) ? Date.parse(value) : NaN
  if (Number.isNaN(ms)) throw invalidArgument(`${name} ${value} is not an ISO 8601 time`)
  return ms
}

export function describeBackups(ctx: ProviderContext, scope: Scope, id: string, query: BackupQuery) {
  const stored = ownInstance(ctx, scope, id)
  const from = instant('startTime', query.startTime)
  const to = instant('endTime', query.endTime)
  // reference-more §3 (INF): backupStartTime within [startTime, endTime], newest first
  const matching = (stored.backups ?? [])
    .filter((b) => {
      const started = Date.parse(b.backupStartTime)
      return (from === undefined || started >= from) && (to === undefined || started <= to) && (!query.baseId || b.baseId === query.baseId)
    })
    .reverse()
  const start = (query.pageNumber - 1) * query.pageSize
  return { backups: matching.slice(start, start + query.pageSize), totalCount: matching.length }
}

function findBackup(stored: StoredInstance, baseId: string): Backup {
  const backup = (stored.backups ?? []).find((b) => b.baseId === baseId)
  if (!backup) throw backupNotFound(stored.instance.cacheInstanceId, baseId)
  return backup
}

function requireSucceeded(backup: Backup, action: string): void {
  if (backup.backupStatus !== BACKUP_STATUS.succeeded) {
    throw failedPrecondition(`backup ${backup.baseId} is not finished (backupStatus ${backup.backupStatus}), it cannot ${action}`)
  }
}

/** reference-more §3 describeDownloadUrl: one file per shard, links valid one hour. */
export function describeDownloadUrl(ctx: ProviderContext, scope: Scope, now: number, id: string, baseId: string, origin: string) {
  const stored = ownInstance(ctx, scope, id)
  const backup = findBackup(stored, baseId)
  requireSucceeded(backup, 'be downloaded')
  const shards = read(ctx).catalogue.classes[stored.instance.cacheInstanceClass]?.shardNumber ?? 1
  const expires = Math.floor((now + DOWNLOAD_URL_TTL_MS) / 1000)
  const names = backupFileNames(backup, stored.instance.cacheInstanceType === 'cluster', shards)
  // the link is presigned (no JDCloud signature needed), like the object-storage links it stands for
  return {
    downloadUrls: names.map((name) => ({ name, link: `${origin}/dl/${id}/${backup.baseId}/${encodeURIComponent(name)}?expires=${expires}` })),
  }
}

export async function restoreInstance(ctx: ProviderContext, scope: Scope, now: number, id: string, baseId: string) {
  const check = (stored: StoredInstance) => {
    requireRunning(stored, 'be restored')
    requireSucceeded(findBackup(stored, baseId), 'be restored')
  }
  check(ownInstance(ctx, scope, id))
  // real-Redis mode: the snapshot lives as long as the servers' data (both end with the emulator process)
  if (ctx.realRedis && !ctx.realRedis.hasSnapshot(baseId)) {
    throw failedPrecondition(`the file of backup ${baseId} is no longer available (the emulator was restarted since it was taken)`)
  }
  await ctx.store.mutate<JdcloudSlice>(ID, (draft) => {
    const stored = ownDraftInstance(draft, scope, id)
    check(stored)
    // reference-more §3 (INF): running -> restoring -> running
    stored.instance.cacheInstanceStatus = 'restoring'
    scheduleTransition(draft, TRANSITIONS.restored, now + ctx.delays.get(DELAYS.restore), { id, baseId })
  })
  // real-Redis mode: the keys become the backup's; keys written since are gone
  await ctx.realRedis?.restore(id, baseId)
}

export function describeBackupPolicy(ctx: ProviderContext, scope: Scope, now: number, id: string) {
  const policy = ownInstance(ctx, scope, id).backupPolicy ?? DEFAULT_BACKUP_POLICY
  // reference-more §4: with automatic backup off there is no next window (INF: the stored window is still shown)
  return { ...policy, nextBackupTime: policy.autoBackup ? nextBackupWindow(policy, now) : '' }
}

export async function modifyBackupPolicy(ctx: ProviderContext, scope: Scope, id: string, body: ModifyBackupPolicyBody) {
  await ctx.store.mutate<JdcloudSlice>(ID, (draft) => {
    const stored = ownDraftInstance(draft, scope, id)
    requireRunning(stored, 'change its backup policy')
    const current = stored.backupPolicy ?? DEFAULT_BACKUP_POLICY
    // reference-more §4 (INF): an omitted autoBackup keeps the current value
    stored.backupPolicy = { autoBackup: body.autoBackup ?? current.autoBackup, backupPeriod: body.backupPeriod, backupTime: body.backupTime }
  })
}
