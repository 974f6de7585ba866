// Redis Enterprise error catalog and envelope: {"error_code", "description", "message"} (reference §4, seed 004).
import type { Request, Response } from 'express'
import { ProviderError, type CoreFailure } from '../../core/errors.js'

/**
 * Every error_code the emulator sends, with its HTTP status. Codes listed in seed 004 keep the seed's spelling; the
 * few the seed does not name (marked L) follow reference §4.
 */
export const ERRORS = {
  // seed 004 (create/update error codes); 406 is the documented "invalid configuration" status
  uid_exists: 409,
  missing_db_name: 406,
  missing_memory_size: 406,
  missing_module: 406,
  port_unavailable: 406,
  invalid_sharding: 406,
  bad_shards_blueprint: 406,
  not_rack_aware: 406,
  invalid_version: 406,
  busy: 409,
  invalid_data_persistence: 406,
  invalid_proxy_policy: 406,
  invalid_sasl_credentials: 406,
  invalid_replication: 406,
  insufficient_resources: 406,
  rack_awareness_violation: 406,
  invalid_certificate: 406,
  certificate_expired: 406,
  duplicated_certs: 406,
  replication_violation: 406,
  eviction_policy_violation: 406,
  invalid_oss_cluster_configuration: 406,
  memcached_cannot_use_modules: 406,
  missing_backup_interval: 406,
  invalid_bdb_tags: 406,
  unsupported_module_capabilities: 406,
  redis_acl_unsupported: 406,
  not_supported_action_on_crdt: 406,
  name_violation: 406,
  replication_node_violation: 406,
  replication_size_violation: 406,
  crdt_sharding_violation: 406,
  // L: a body that breaks the bdb JSON schema (unknown key, wrong type, bad enum); seed 004 documents 406 for
  // "invalid configuration parameters provided", so a schema violation is a 406 too.
  invalid_schema: 406,
  // L: the recovery plan of POST /v2/bdbs does not match the requested shards (seed 004 "must match").
  invalid_recovery_plan: 406,
  // L (reference §4): unknown database / user / action / node
  db_not_exist: 404,
  user_not_exist: 404,
  action_not_exist: 404,
  node_not_exist: 404,
  // L (reference §11.1 stats routes): an unknown shard; a database that is not active (406) or in recovery (503)
  shard_not_exist: 404,
  db_not_active: 406,
  db_in_recovery: 503,
  // L (reference-more §7: "404 unknown alert"), §6 crdb, §16 bdb group, §21 cluster action
  alert_not_exist: 404,
  crdb_not_exist: 404,
  crdb_task_not_exist: 404,
  bdb_group_not_exist: 404,
  cluster_action_not_exist: 404,
  // reference-more §14: 406 invalid object
  invalid_object: 406,
  // INF (reference-more §6: POST /v1/crdbs answers 400/406): no Active-Active peer can be reached from this cluster
  crdb_peer_unreachable: 406,
  // L: users
  user_exists: 409,
  invalid_user: 406,
  password_not_complex: 406,
  // access management (reference-more §3, §10, §19); statuses the reference marks INF say so here
  missing_field: 400,
  invalid_param: 400,
  unsupported_resource: 400,
  // reference-more §3.2: OAS maps a duplicate name to 409; also a second database with the same name (reference §9)
  name_already_exists: 409,
  // L: unknown role / Redis ACL (reference-more §3.2: 404); ldap_mapping_not_exist is documented (§10.1)
  role_not_exist: 404,
  redis_acl_not_exist: 404,
  ldap_mapping_not_exist: 404,
  // reference-more §3.4: "409 read-only object" (the Full Access ACL)
  read_only_object: 409,
  // reference-more §3.2: documented code, status 406 INF
  change_last_admin_role_not_allowed: 406,
  // INF (reference-more §3.2, §3.4: 406 "not acceptable"): a built-in role, or a role/ACL something still uses
  builtin_role: 406,
  role_in_use: 406,
  redis_acl_in_use: 406,
  // INF: roles_permissions naming a role or Redis ACL that does not exist (406 = invalid configuration, seed 004)
  invalid_roles_permissions: 406,
  invalid_dn_param: 400,
  invalid_name_param: 400,
  invalid_role_uids_param: 400,
  invalid_account_id_param: 400,
  // reference-more §10.2
  illegal_fields_combination: 400,
  // INF (reference-more §19): a missing password, one not in the list, or the last one
  invalid_password: 406,
  // seed 004: "403 Forbidden Attempting to delete an internal database." (code L)
  internal_db: 403,
  // auth (reference §4)
  unauthorized: 401,
  insufficient_permissions: 403,
  // L: seed 004 "403 Forbidden redislabs license expired"
  license_expired: 403,
  // transport
  bad_request: 400,
  not_found: 404,
  request_too_large: 413,
  unsupported_api_version: 505,
  internal_error: 500,
} as const

export type ErrorCode = keyof typeof ERRORS

export function reError(code: ErrorCode, description: string): ProviderError {
  return new ProviderError(ERRORS[code], code, description)
}

export function coreError(kind: CoreFailure, message: string): ProviderError {
  switch (kind) {
    case 'malformed_body':
    case 'unsupported_media_type':
      return reError('bad_request', message)
    case 'invalid_request':
      return reError('invalid_schema', message)
    case 'body_too_large':
      return reError('request_too_large', message)
    case 'route_not_found':
      return reError('not_found', message)
    case 'internal':
      return reError('internal_error', message)
  }
}

// reference §4: real servers send "description"; the docs prose and the 6.2.4 spec say "message": send both.
export function errorBody(err: ProviderError): Record<string, unknown> {
  return { error_code: err.code, description: err.message, message: err.message, ...err.extras }
}

export function renderError(err: ProviderError, _req: Request, res: Response): void {
  if (err.status === 401) res.set('WWW-Authenticate', `Basic realm="${AUTH_REALM}"`)
  res.status(err.status).json(errorBody(err))
}

export const AUTH_REALM = 'Redis Enterprise'
