// The backups group's operations (reference-more §3, §4) and the presigned download link describeDownloadUrl hands out,
// for the OpenAPI document.
import { lazy } from '../../../core/lazy.js'
import type { Operation } from '../../../core/openapi.js'
import { done, failure, instanceOperation, NOT_FOUND_INSTANCE, precondition, result } from '../openapi-kit.js'
import { backupFileBody, backupPolicyResult, backupsResult, createBackupResult, downloadUrlResult } from './responses.js'
import { createBackupBody, describeBackupsQuerySchema, downloadQuerySchema, downloadUrlQuerySchema, modifyBackupPolicyBody, restoreInstanceBody } from './schemas.js'

const TAG = 'backups'
const MORE = 'reference jdcloud-redis-more.md'
// built on first use, not at import (issue #20)
const NO_BACKUP = lazy(() => failure(`${NOT_FOUND_INSTANCE}; or no backup with this baseId`))

export function backupOperations(): Operation[] {
  return [
    instanceOperation({
      method: 'post',
      sub: '/backup',
      operationId: 'createBackup',
      summary: 'Start a manual backup (backupStatus 0, then 2)',
      tag: TAG,
      source: `${MORE} §3; inferred: one backup in progress at a time`,
      realRedis: 'takes an RDB snapshot of the server when the backup starts',
      body: { schema: createBackupBody() },
      responses: { 200: result('the backup id', createBackupResult()), 400: precondition('the instance is not running, or a backup is in progress') },
    }),
    instanceOperation({
      method: 'get',
      sub: '/backup',
      operationId: 'describeBackups',
      summary: 'The backups, newest first, paged',
      tag: TAG,
      source: `${MORE} §3`,
      query: describeBackupsQuerySchema(),
      responses: { 200: result('a page of backups and the total', backupsResult()) },
    }),
    instanceOperation({
      method: 'get',
      sub: '/backup:describeDownloadUrl',
      operationId: 'describeDownloadUrl',
      summary: 'Download links of a finished backup (valid one hour)',
      tag: TAG,
      source: `${MORE} §3 (the one colon action of the group)`,
      query: downloadUrlQuerySchema(),
      responses: { 200: result('one link per file', downloadUrlResult()), 400: precondition('the backup is not finished'), 404: NO_BACKUP() },
    }),
    instanceOperation({
      method: 'post',
      sub: '/restore',
      operationId: 'restoreInstance',
      summary: 'Restore a finished backup (status restoring, then running)',
      tag: TAG,
      source: `${MORE} §3; inferred: running -> restoring -> running`,
      realRedis: 'loads the backup’s RDB snapshot into the server: keys written since are gone',
      body: { schema: restoreInstanceBody() },
      responses: {
        200: done('the restore started'),
        400: precondition('the instance is not running, the backup is not finished, or (real Redis) its file did not survive a restart'),
        404: NO_BACKUP(),
      },
    }),
    instanceOperation({
      method: 'get',
      sub: '/backupPolicy',
      operationId: 'describeBackupPolicy',
      summary: 'The automatic backup policy and the next window',
      tag: TAG,
      source: `${MORE} §4; inferred: every day 01:00-02:00 +0800 by default`,
      responses: { 200: result('the policy', backupPolicyResult()) },
    }),
    instanceOperation({
      method: 'patch',
      sub: '/backupPolicy',
      operationId: 'modifyBackupPolicy',
      summary: 'Change the automatic backup policy',
      tag: TAG,
      source: `${MORE} §4; inferred: an omitted autoBackup keeps its value`,
      body: { schema: modifyBackupPolicyBody() },
      responses: { 200: done('changed'), 400: precondition('the instance is not running') },
    }),
    {
      method: 'get',
      path: '/dl/{cacheInstanceId}/{baseId}/{fileName}',
      operationId: 'downloadBackupFile',
      summary: 'A presigned backup download link (the object-storage URL describeDownloadUrl stands for; no JDCloud signature)',
      tag: TAG,
      source: `${MORE} §3 describeDownloadUrl (links valid one hour); inferred: an expired link is 403 HTTP_FORBIDDEN`,
      realRedis: 'serves the RDB snapshot the backup took (every shard file of a cluster is the one server’s snapshot); without it, an empty RDB',
      secured: false,
      query: downloadQuerySchema(),
      responses: {
        200: { description: 'the RDB file (Content-Disposition: attachment)', body: backupFileBody(), contentTypes: ['application/octet-stream'] },
        403: failure('HTTP_FORBIDDEN: the link has expired'),
        404: failure('NOT_FOUND: no finished backup file of that name, or (real Redis) its file did not survive a restart'),
      },
    },
  ]
}
