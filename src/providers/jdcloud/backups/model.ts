// Backups and the automatic backup policy (reference-more §3, §4): wire records, defaults and the next backup window.
import { wireTime } from '../model.js'

// reference-more §3 Backup.backupStatus
export const BACKUP_STATUS = { inProgress: 0, failed: 1, succeeded: 2 } as const
// reference-more §3 Backup.backupType
export const BACKUP_TYPE = { automatic: 0, manual: 1 } as const

/** reference-more §3 Backup, field for field (backupDownloadURL is deprecated and stays empty). */
export interface Backup {
  baseId: string
  backupFileName: string
  cacheInstanceId: string
  backupStartTime: string
  backupEndTime: string
  backupType: number
  backupSize: number
  backupStatus: number
  backupDownloadURL: string
}

/** reference-more §4: the stored policy; nextBackupTime is computed from the clock when described. */
export interface BackupPolicy {
  autoBackup: boolean
  backupPeriod: string
  backupTime: string
}

export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const

// reference-more §4 (INF): a new instance backs up every day between 01:00 and 02:00 UTC+8
export const DEFAULT_BACKUP_POLICY: BackupPolicy = {
  autoBackup: true,
  backupPeriod: 'Monday,Tuesday,Wednesday,Thursday,Friday,Saturday,Sunday',
  backupTime: '01:00-02:00 +0800',
}

// reference-more §4: "HH:mm-HH:mm <zone>"
export const BACKUP_TIME = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d) ([+-])(\d{2})([0-5]\d)$/

/**
 * What a backup taken without a real server holds: the smallest valid RDB file (version 9, no keys, end marker, a zero
 * checksum, which redis-server reads as "not computed").
 */
export const EMPTY_RDB = Buffer.concat([Buffer.from('REDIS0009', 'latin1'), Buffer.from([0xff, 0, 0, 0, 0, 0, 0, 0, 0])])

/** reference-more §3 describeDownloadUrl: one file per shard of a cluster, one file otherwise. */
export function backupFileNames(backup: Backup, cluster: boolean, shards: number): string[] {
  return cluster ? Array.from({ length: shards }, (_, i) => `${backup.backupFileName}_shard${i}.rdb`) : [`${backup.backupFileName}.rdb`]
}

/** A backup's download links last one hour (reference-more §3 describeDownloadUrl, DOC: JS). */
export const DOWNLOAD_URL_TTL_MS = 60 * 60 * 1000

const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE

/**
 * reference-more §4 nextBackupTime: the next window on one of the period's days, `start~end` in UTC. The window's days and
 * hours are those of its own zone.
 */
export function nextBackupWindow(policy: BackupPolicy, now: number): string {
  const m = BACKUP_TIME.exec(policy.backupTime)
  if (!m) return ''
  const offset = (m[5] === '-' ? -1 : 1) * (Number(m[6]) * 60 + Number(m[7])) * MINUTE
  const startMinute = Number(m[1]) * 60 + Number(m[2])
  let length = Number(m[3]) * 60 + Number(m[4]) - startMinute
  if (length <= 0) length += 24 * 60
  const days = new Set(policy.backupPeriod.split(','))
  // midnight of today in the window's zone, as a UTC instant
  const localMidnight = Math.floor((now + offset) / DAY) * DAY - offset
  for (let d = 0; d <= 7; d++) {
    const start = localMidnight + d * DAY + startMinute * MINUTE
    const weekday = WEEKDAYS[new Date(start + offset).getUTCDay()]
    if (start > now && days.has(weekday)) return `${wireTime(start)}~${wireTime(start + length * MINUTE)}`
  }
  return ''
}
