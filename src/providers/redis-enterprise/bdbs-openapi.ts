// Redis Enterprise databases (v1 and v2) and actions: their operations for the OpenAPI document (see ./openapi.ts).
import { z } from 'zod'
import type { Operation } from '../../core/openapi.js'
import type { ErrorCode } from './errors.js'
import { EMPTY_OK, errorsFor, uidParam } from './openapi.js'
import { actionsV1Body, actionV2Body, bdbBody, projectedBdbBody, stateMachineV1Body } from './responses.js'
import { createBdbSchema, createBdbV2Schema } from './schemas.js'
import { BDB_ACTIONS } from './service.js'

/** routes.ts fields(): `?fields=a,b` (seed 004), repeated or comma-separated. */
const fieldsQuery = () =>
  z.object({ fields: z.string().optional().meta({ description: 'seed 004: comma-separated bdb keys; the answer has only those (unknown names are skipped)' }) })

/** routes.ts dryRun(): the presence of `dry_run` (any value) validates and answers without changing anything. */
const dryRunQuery = () => z.object({ dry_run: z.string().optional().meta({ description: 'present: check and answer what would be, change nothing' }) })

// rules.ts checkBdbConfig and service.ts planCreate/planUpdate: the 406 "invalid configuration" codes (seed 004)
export const CONFIG_ERRORS: ErrorCode[] = [
  'invalid_schema',
  'port_unavailable',
  'invalid_sharding',
  'not_rack_aware',
  'invalid_version',
  'invalid_data_persistence',
  'invalid_proxy_policy',
  'invalid_sasl_credentials',
  'invalid_replication',
  'insufficient_resources',
  'rack_awareness_violation',
  'invalid_certificate',
  'certificate_expired',
  'duplicated_certs',
  'replication_violation',
  'eviction_policy_violation',
  'invalid_oss_cluster_configuration',
  'memcached_cannot_use_modules',
  'missing_backup_interval',
  'missing_module',
  'invalid_bdb_tags',
  'redis_acl_unsupported',
  'name_violation',
  'replication_node_violation',
  'replication_size_violation',
  'crdt_sharding_violation',
  'invalid_roles_permissions',
  'unsupported_module_capabilities',
]

/** What an update (PUT, and the operations that update: rebalance, revamp) can answer besides success. */
export const UPDATE_ERRORS: ErrorCode[] = ['db_not_exist', 'busy', 'name_already_exists', ...CONFIG_ERRORS]

const CREATE_ERRORS: ErrorCode[] = ['missing_db_name', 'missing_memory_size', ...CONFIG_ERRORS, 'uid_exists', 'name_already_exists', 'license_expired']
const REAL_CREATE =
  'starts a redis-server for the database (none for memcached) on its endpoint port: authentication_redis_pass for the default user, an "admin" ACL user with authentication_admin_pass, maxmemory from memory_size, the eviction policy, cluster mode for oss_cluster; a server that cannot start leaves the database creation-failed'

export function bdbOperations(): Operation[] {
  const uid = { uid: uidParam() }
  const bdb = { description: 'the database', body: bdbBody() }
  return [
    {
      method: 'get',
      path: '/v1/bdbs',
      operationId: 'listBdbs',
      summary: 'Every database, by uid',
      tag: 'bdbs',
      source: 'seed 004 (GET /v1/bdbs, ?fields)',
      query: fieldsQuery(),
      responses: { 200: { description: 'the databases (each projected on ?fields)', body: z.array(projectedBdbBody()) } },
    },
    {
      method: 'get',
      path: '/v1/bdbs/{uid}',
      operationId: 'getBdb',
      summary: 'One database',
      tag: 'bdbs',
      source: 'seed 004 (GET /v1/bdbs/{int: uid})',
      pathParams: uid,
      query: fieldsQuery(),
      responses: { 200: { description: 'the database (projected on ?fields)', body: projectedBdbBody() }, ...errorsFor('db_not_exist') },
    },
    {
      method: 'post',
      path: '/v1/bdbs',
      operationId: 'createBdb',
      summary: 'Create a database; it is pending until its SMCreateBDB machine completes',
      tag: 'bdbs',
      source: 'seed 004 (POST /v1/bdbs, error codes); reference §5 (state machine)',
      realRedis: REAL_CREATE,
      query: dryRunQuery(),
      body: { schema: createBdbSchema() },
      responses: { 200: { description: 'the new database, status "pending" (with dry_run: what it would be)', body: bdbBody() }, ...errorsFor(...CREATE_ERRORS) },
    },
    {
      method: 'post',
      path: '/v2/bdbs',
      operationId: 'createBdbV2',
      summary: 'Create a database, optionally from a recovery plan',
      tag: 'bdbs',
      source: 'seed 004 (POST /v2/bdbs: {bdb, recovery_plan})',
      realRedis: REAL_CREATE,
      query: dryRunQuery(),
      body: { schema: createBdbV2Schema() },
      responses: { 200: { description: 'the new database, status "pending"', body: bdbBody() }, ...errorsFor(...CREATE_ERRORS, 'invalid_recovery_plan') },
    },
    {
      method: 'put',
      path: '/v1/bdbs/{uid}',
      operationId: 'updateBdb',
      summary: 'Change a database; active-change-pending until its SMUpdateBDB machine completes',
      tag: 'bdbs',
      source: 'seed 004 (PUT /v1/bdbs/{int: uid}); reference §5',
      realRedis: 'the server follows the change: passwords and ACL users, maxmemory, eviction policy, oss_cluster; a new port moves it there (port_unavailable when this machine has that port taken)',
      pathParams: uid,
      query: dryRunQuery(),
      body: { schema: createBdbSchema() },
      responses: { 200: { description: 'the database as changed', body: bdbBody() }, ...errorsFor(...UPDATE_ERRORS) },
    },
    {
      method: 'put',
      path: '/v1/bdbs/{uid}/{action}',
      operationId: 'updateBdbWithAction',
      summary: 'Change a database and run an action: flush or reset_admin_pass',
      tag: 'bdbs',
      source: 'seed 004 (PUT /v1/bdbs/{int: uid}/{action}: "Currently supported actions are: flush, reset_admin_pass")',
      realRedis: "flush empties the database's server; reset_admin_pass changes the \"admin\" ACL user's password; the body's changes as PUT /v1/bdbs/{uid}",
      pathParams: { ...uid, action: z.enum(BDB_ACTIONS).meta({ description: 'another segment is another route or none (404 not_found)' }) },
      query: dryRunQuery(),
      body: { schema: createBdbSchema(), required: false },
      responses: {
        200: { description: 'the database as changed', body: bdbBody() },
        ...errorsFor(...UPDATE_ERRORS, 'license_expired', 'not_supported_action_on_crdt'),
      },
    },
    {
      method: 'delete',
      path: '/v1/bdbs/{uid}',
      operationId: 'deleteBdb',
      summary: 'Delete a database; delete-pending until its SMDeleteBDB machine completes',
      tag: 'bdbs',
      source: 'seed 004 (DELETE /v1/bdbs/{int: uid}: 200 empty, 403 internal, 404, 409)',
      realRedis: "stops the database's redis-server (a delete-pending database has no server)",
      pathParams: uid,
      responses: { 200: EMPTY_OK, ...errorsFor('db_not_exist', 'internal_db', 'busy') },
    },
    ...actionOperations(),
  ]
}

function actionOperations(): Operation[] {
  const actionUid = { action_uid: z.string().meta({ description: 'the action_uid a create, update or operation answered' }) }
  return [
    {
      method: 'get',
      path: '/v1/actions',
      operationId: 'listActionsV1',
      summary: 'Running and finished state machines',
      tag: 'actions',
      source: 'reference §5; captures/actions_list.json',
      responses: { 200: { description: '{actions, state-machines}', body: actionsV1Body() } },
    },
    {
      method: 'get',
      path: '/v1/actions/bdb/{uid}',
      operationId: 'listBdbActionsV1',
      summary: "One database's state machines",
      tag: 'actions',
      source: 'reference §5 (GET /v1/actions/bdb/{bdb_uid})',
      pathParams: { uid: uidParam() },
      responses: { 200: { description: "the database's machines, oldest first (none for an unknown database)", body: z.array(stateMachineV1Body()) }, ...errorsFor('not_found') },
    },
    {
      method: 'get',
      path: '/v1/actions/{action_uid}',
      operationId: 'getActionV1',
      summary: 'One state machine',
      tag: 'actions',
      source: 'reference §5',
      pathParams: actionUid,
      responses: { 200: { description: 'the machine', body: stateMachineV1Body() }, ...errorsFor('action_not_exist') },
    },
    {
      method: 'get',
      path: '/v2/actions',
      operationId: 'listActionsV2',
      summary: 'State machines (v2 shape)',
      tag: 'actions',
      source: 'reference §5 (GET /v2/actions)',
      responses: { 200: { description: 'the machines, oldest first', body: z.array(actionV2Body()) } },
    },
    {
      method: 'get',
      path: '/v2/actions/{action_uid}',
      operationId: 'getActionV2',
      summary: 'One state machine (v2 shape)',
      tag: 'actions',
      source: 'reference §5 (GET /v2/actions/{action_uid})',
      pathParams: actionUid,
      responses: { 200: { description: 'the machine', body: actionV2Body() }, ...errorsFor('action_not_exist') },
    },
  ]
}
