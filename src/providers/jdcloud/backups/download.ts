// The backup download links that describeDownloadUrl hands out (reference-more §3): presigned, so they are served
// before the signature check, for one hour on the emulator clock. Real-Redis mode serves the RDB snapshot itself;
// otherwise the empty RDB the backup stands for. Every shard file of a cluster backup is the one server's snapshot.
import { Router } from 'express'
import { requestNow, type ProviderContext } from '../../../core/provider.js'
import { jdError } from '../errors.js'
import type { JdcloudSlice } from '../model.js'
import { read } from '../service.js'
import { BACKUP_STATUS, backupFileNames, EMPTY_RDB } from './model.js'

/** The link path describeDownloadUrl hands out (also the route the OpenAPI coverage test compares). */
export const DOWNLOAD_PATH = '/dl/:instance/:baseId/:name'

export function backupDownloads(ctx: ProviderContext): Router {
  const router = Router()
  router.get(DOWNLOAD_PATH, async (req, res) => {
    const { instance, baseId, name } = req.params
    const slice: JdcloudSlice = read(ctx)
    const stored = Object.hasOwn(slice.instances, instance) ? slice.instances[instance] : undefined
    const backup = stored?.backups?.find((b) => b.baseId === baseId && b.backupStatus === BACKUP_STATUS.succeeded)
    const shards = stored ? (slice.catalogue.classes[stored.instance.cacheInstanceClass]?.shardNumber ?? 1) : 1
    if (!stored || !backup || !backupFileNames(backup, stored.instance.cacheInstanceType === 'cluster', shards).includes(name)) {
      throw jdError('NOT_FOUND', `backup file ${name} not found`)
    }
    // reference-more §3: links are valid for one hour (INF: refused afterwards as a forbidden request)
    const expires = typeof req.query.expires === 'string' && /^\d{1,12}$/.test(req.query.expires) ? Number(req.query.expires) * 1000 : NaN
    if (!(expires > requestNow(res))) throw jdError('HTTP_FORBIDDEN', `the download link of backup ${baseId} has expired`)
    const bytes = ctx.realRedis ? await ctx.realRedis.readSnapshot(baseId) : EMPTY_RDB
    if (!bytes) throw jdError('NOT_FOUND', `the file of backup ${baseId} is no longer available (the emulator was restarted since it was taken)`)
    res.status(200).type('application/octet-stream').set('content-disposition', `attachment; filename="${name}"`).send(bytes)
  })
  return router
}
