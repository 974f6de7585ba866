// Redis Enterprise database operations (reference-more §15, §20): their operations for the OpenAPI document.
import { z } from 'zod'
import type { Operation } from '../../../core/openapi.js'
import { UPDATE_ERRORS } from '../bdbs-openapi.js'
import { EMPTY_OK, errorsFor, uidParam } from '../openapi.js'
import { actionUidBody, blueprintBody, recoveryPlanBody } from './responses.js'
import { exportBodySchema, importBodySchema, recoverBodySchema, revampBodySchema } from './schemas.js'

const dryRun = () => z.object({ dry_run: z.string().optional().meta({ description: 'present: answer the shards blueprint, change nothing' }) })

export function operationOperations(): Operation[] {
  const pathParams = { uid: uidParam() }
  const started = { description: 'the machine started', body: actionUidBody() }
  const placement = {
    description: 'a machine started, or with dry_run the shards blueprint (header cluster-state-id)',
    body: z.union([actionUidBody(), blueprintBody()]),
    headers: { 'cluster-state-id': 'with dry_run: the cluster state the blueprint was made from (inferred: the count of machines started)' },
  }
  const resets = (['backup', 'export', 'import'] as const).map(
    (kind): Operation => ({
      method: 'put',
      path: `/v1/bdbs/{uid}/actions/${kind}_reset_status`,
      operationId: `reset${kind[0]!.toUpperCase()}${kind.slice(1)}Status`,
      summary: `Reset the database's ${kind} status to idle`,
      tag: 'operations',
      source: 'reference-more §15 (status resets; 409 while running is inferred)',
      pathParams,
      responses: { 200: EMPTY_OK, ...errorsFor('db_not_exist', 'busy') },
    }),
  )
  return [
    {
      method: 'post',
      path: '/v1/bdbs/{uid}/actions/export',
      operationId: 'exportBdb',
      summary: 'Export the dataset to a location (SMExportBDB; export_status exporting -> succeeded | failed)',
      tag: 'operations',
      source: 'reference-more §15; inferred: the 200 body names the machine',
      realRedis: 'a file:// or mount_point location gets a real RDB file of the server (SAVE, then a copy)',
      pathParams,
      body: { schema: exportBodySchema() },
      responses: { 200: started, ...errorsFor('db_not_exist', 'invalid_schema', 'unsupported_module_capabilities', 'busy') },
    },
    {
      method: 'post',
      path: '/v1/bdbs/{uid}/actions/import',
      operationId: 'importBdb',
      summary: 'Import a dataset (SMImportBDB; import-pending, import_status initializing -> importing -> succeeded | failed)',
      tag: 'operations',
      source: 'reference-more §15; inferred: an empty body reuses the stored dataset_import_sources',
      realRedis: 'file:// or mount_point RDB files are loaded into the server (its keyspace is emptied first)',
      pathParams,
      body: { schema: importBodySchema(), required: false },
      responses: { 200: started, ...errorsFor('db_not_exist', 'invalid_schema', 'unsupported_module_capabilities', 'busy') },
    },
    ...resets,
    {
      method: 'post',
      path: '/v1/bdbs/{uid}/actions/stop_traffic',
      operationId: 'stopBdbTraffic',
      summary: 'Stop client traffic (SMStopTraffic)',
      tag: 'operations',
      source: 'reference-more §20; inferred: stopping stopped traffic is 409 busy',
      realRedis: 'the server refuses clients until resume_traffic',
      pathParams,
      responses: { 200: started, ...errorsFor('db_not_exist', 'busy') },
    },
    {
      method: 'post',
      path: '/v1/bdbs/{uid}/actions/resume_traffic',
      operationId: 'resumeBdbTraffic',
      summary: 'Resume client traffic (SMResumeTraffic)',
      tag: 'operations',
      source: 'reference-more §20',
      realRedis: 'the server takes clients again',
      pathParams,
      responses: { 200: started, ...errorsFor('db_not_exist', 'busy') },
    },
    {
      method: 'put',
      path: '/v1/bdbs/{uid}/actions/rebalance',
      operationId: 'rebalanceBdb',
      summary: "Re-place the database's shards (an update machine), or with dry_run the blueprint",
      tag: 'operations',
      source: 'reference-more §20 (permission view_bdb_info as documented); inferred: shards stay where the placement policy puts them',
      pathParams,
      query: dryRun(),
      responses: { 200: placement, ...errorsFor(...UPDATE_ERRORS) },
    },
    {
      method: 'put',
      path: '/v1/bdbs/{uid}/actions/revamp',
      operationId: 'revampBdb',
      summary: 'Change memory, replication, shards and placement as one update, or with dry_run the blueprint',
      tag: 'operations',
      source: 'reference-more §20',
      realRedis: 'as PUT /v1/bdbs/{uid}: maxmemory follows memory_size',
      pathParams,
      query: dryRun(),
      body: { schema: revampBodySchema(), required: false },
      responses: { 200: placement, ...errorsFor(...UPDATE_ERRORS) },
    },
    {
      method: 'get',
      path: '/v1/bdbs/{uid}/actions/recover',
      operationId: 'getBdbRecoveryPlan',
      summary: "The database's recovery plan",
      tag: 'operations',
      source: 'reference-more §20',
      pathParams,
      responses: { 200: { description: 'one data file per master shard', body: recoveryPlanBody() }, ...errorsFor('db_not_exist') },
    },
    {
      method: 'post',
      path: '/v1/bdbs/{uid}/actions/recover',
      operationId: 'recoverBdb',
      summary: 'Recover a database in recovery state (SMRecoverBDB)',
      tag: 'operations',
      source: 'reference-more §20; inferred: 409 busy when the database is not in recovery',
      pathParams,
      body: { schema: recoverBodySchema(), required: false },
      responses: { 200: started, ...errorsFor('db_not_exist', 'invalid_schema', 'busy') },
    },
  ]
}
