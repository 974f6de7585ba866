// Backup routes (reference-more §3, §4): /backup GET, POST; /backup:describeDownloadUrl (the one colon action, also as
// %3A); /restore; /backupPolicy GET, PATCH.
import { invalidArgument, sendResult } from '../errors.js'
import { instanceRoute } from '../instance-route.js'
import { integerParam, queryItems, single } from '../query.js'
import type { Route } from '../routing.js'
import { createBackupBody, modifyBackupPolicyBody, restoreInstanceBody } from './schemas.js'
import * as service from './service.js'

export const backupRoutes: Route[] = [
  instanceRoute('POST', '/backup', async (c) => {
    const { fileName } = createBackupBody().parse(c.body())
    sendResult(c.res, await service.createBackup(c.ctx, c.scope, c.now, c.id, fileName))
  }),
  instanceRoute('GET', '/backup', (c) => {
    const items = queryItems(c.req.originalUrl)
    sendResult(
      c.res,
      service.describeBackups(c.ctx, c.scope, c.id, {
        // reference-more §3: pageNumber default 1, pageSize default 10 in [10, 100]
        pageNumber: integerParam(items, 'pageNumber', 1, 1, Number.MAX_SAFE_INTEGER),
        pageSize: integerParam(items, 'pageSize', 10, 10, 100),
        startTime: single(items, 'startTime'),
        endTime: single(items, 'endTime'),
        baseId: single(items, 'baseId'),
      }),
    )
  }),
  instanceRoute('GET', '/backup:describeDownloadUrl', (c) => {
    const baseId = single(queryItems(c.req.originalUrl), 'baseId')
    // reference-more §3: baseId is required
    if (!baseId) throw invalidArgument('baseId is required')
    const origin = `${c.req.protocol}://${c.req.get('host') ?? '127.0.0.1'}`
    sendResult(c.res, service.describeDownloadUrl(c.ctx, c.scope, c.now, c.id, baseId, origin))
  }),
  instanceRoute('POST', '/restore', async (c) => {
    await service.restoreInstance(c.ctx, c.scope, c.now, c.id, restoreInstanceBody().parse(c.body()).baseId)
    sendResult(c.res)
  }),
  instanceRoute('GET', '/backupPolicy', (c) => sendResult(c.res, service.describeBackupPolicy(c.ctx, c.scope, c.now, c.id))),
  instanceRoute('PATCH', '/backupPolicy', async (c) => {
    await service.modifyBackupPolicy(c.ctx, c.scope, c.id, modifyBackupPolicyBody().parse(c.body()))
    sendResult(c.res)
  }),
]
