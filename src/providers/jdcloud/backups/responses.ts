// The result bodies of the backup operations as service.ts builds them (reference-more §3, §4), for the OpenAPI
// document; built on first use. describeBackups sends the stored Backup records as they are (schemas.ts backupRecord).
import { z } from 'zod'
import { lazy } from '../../../core/lazy.js'
import { backupRecord } from '../schemas.js'

export const createBackupResult = lazy(() => z.strictObject({ baseId: z.uuid().meta({ description: 'the backup task id (uuid v4)' }) }))

export const backupsResult = lazy(() => z.strictObject({ backups: z.array(backupRecord()), totalCount: z.number().int().min(0) }))

export const downloadUrlResult = lazy(() =>
  z.strictObject({ downloadUrls: z.array(z.strictObject({ name: z.string().meta({ description: 'one file per shard of a cluster' }), link: z.string() })) }),
)

export const backupPolicyResult = lazy(() =>
  z.strictObject({
    autoBackup: z.boolean(),
    backupPeriod: z.string().meta({ description: 'comma-separated day names' }),
    backupTime: z.string().meta({ description: '"HH:mm-HH:mm <zone>"' }),
    nextBackupTime: z.string().meta({ description: 'the next window, `start~end` in UTC; empty when automatic backup is off' }),
  }),
)

/** The file behind a download link: RDB bytes. */
export const backupFileBody = lazy(() => z.string().meta({ description: 'an RDB file', contentMediaType: 'application/octet-stream' }))
