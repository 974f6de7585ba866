// zod schemas of the backup bodies (reference-more §3, §4).
import { z } from 'zod'
import { lazy } from '../../../core/lazy.js'
import { pageQueryShape, timeQuery } from '../openapi-kit.js'
import { BACKUP_TIME, WEEKDAYS } from './model.js'

// Schemas are built on first use (lazy()), not at import: start-up time (issue #20).

export const createBackupBody = lazy(() => z.object({
  // reference-more §3: English letters, digits and `_` only; at most 32 characters
  fileName: z.string().regex(/^[A-Za-z0-9_]{1,32}$/, 'fileName must be 1-32 English letters, digits or underscores'),
  // reference-more §3: required, and only manual backups (1) can be created
  backupType: z.number({ message: 'backupType is required' }).int().refine((t) => t === 1, 'backupType must be 1 (manual)'),
}))

export const restoreInstanceBody = lazy(() => z.object({ baseId: z.string().min(1, 'baseId is required') }))

// reference-more §4 (INF): each period token one of the seven English day names, case-sensitive, no duplicates
const backupPeriod = lazy(() => z.string().refine((period) => {
  const days = period.split(',')
  return days.every((d) => (WEEKDAYS as readonly string[]).includes(d)) && new Set(days).size === days.length
}, 'backupPeriod must be comma-separated distinct day names, Monday to Sunday'))

export const modifyBackupPolicyBody = lazy(() => z.object({
  autoBackup: z.boolean().optional(),
  backupTime: z.string().regex(BACKUP_TIME, 'backupTime must look like "01:00-02:00 +0800"'),
  backupPeriod: backupPeriod(),
}))

export type ModifyBackupPolicyBody = z.infer<ReturnType<typeof modifyBackupPolicyBody>>

// ---- the query parameters the routes read by hand, for the OpenAPI document ----

/** describeBackups (reference-more §3): paging, a backupStartTime window and one baseId. */
export const describeBackupsQuerySchema = lazy(() =>
  z.object({
    ...pageQueryShape(),
    startTime: timeQuery('backups started at or after this time (ISO 8601, inferred)'),
    endTime: timeQuery('backups started at or before this time'),
    baseId: z.string().optional().meta({ description: 'one backup' }),
  }),
)

/** describeDownloadUrl (reference-more §3: baseId required). */
export const downloadUrlQuerySchema = lazy(() => z.object({ baseId: z.string().min(1).meta({ description: 'the backup (required)' }) }))

/** The presigned link's expiry (download.ts). */
export const downloadQuerySchema = lazy(() => z.object({ expires: z.string().regex(/^\d{1,12}$/).meta({ description: 'unix seconds; the link is refused after it' }) }))
