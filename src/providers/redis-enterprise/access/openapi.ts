// Redis Enterprise: the access group's operations for the OpenAPI document (see ../openapi.ts for what they share):
// users, roles, Redis ACLs, LDAP mappings, the cluster LDAP configuration and a database's default-user passwords.
import { z } from 'zod'
import type { Operation, ResponseSpec } from '../../../core/openapi.js'
import { EMPTY_OK, errorAnswer } from '../openapi.js'
import {
  bdbPasswordBodySchema,
  createUserSchema,
  ldapConfigBodySchema,
  ldapMappingBodySchema,
  redisAclBodySchema,
  roleBodySchema,
  storedLdapMapping,
  storedRedisAcl,
  storedRole,
  updateUserSchema,
} from './schemas.js'
import { accessAnswers } from './responses.js'

/** seed 004 `{int: uid}`: a segment that is not a positive integer matches no route (404 not_found, uids.ts). */
// (functions, not constants: no schema is built at import, issue #20)
const uidParam = () => z.int().min(1).meta({ description: 'the object uid; another segment answers 404 not_found' })
const dryRunQuery = () => z.object({ dry_run: z.string().optional().meta({ description: 'reference-more §3.2: a flag (its value is ignored): check and answer, change nothing' }) })

const notFound = (code: string): ResponseSpec => errorAnswer(`${code}: no such object; not_found: the uid segment is not a positive integer`)
const badParam = () => errorAnswer('missing_field, invalid_param, unsupported_resource: a missing or ill-typed field (reference-more §3.2, §3.4)')

const TAG = 'access'

function userOperations(): Operation[] {
  const { userAnswer } = accessAnswers()
  const user = { description: 'the user (captures/user_single.json keys)', body: userAnswer }
  const invalid = errorAnswer('invalid_user, password_not_complex (shorter than the cluster password_min_length), invalid_schema (a body breaking the schema)')
  const taken = errorAnswer('user_exists: another user has this email')
  return [
    {
      method: 'get',
      path: '/v1/users',
      operationId: 'listUsers',
      summary: 'Every management user, by uid (permission view_all_users_info)',
      tag: TAG,
      source: 'reference §6; seed 004 (permissions)',
      responses: { 200: { description: 'the users', body: z.array(userAnswer) } },
    },
    {
      method: 'get',
      path: '/v1/users/{uid}',
      operationId: 'getUser',
      summary: 'One user (permission view_user_info)',
      tag: TAG,
      source: 'reference §6',
      pathParams: { uid: uidParam() },
      responses: { 200: user, 404: notFound('user_not_exist') },
    },
    {
      method: 'post',
      path: '/v1/users',
      operationId: 'createUser',
      summary: 'Create a user with a role (deprecated management value) or role_uids (permission create_new_user)',
      tag: TAG,
      source: 'reference §6; reference-more §3.1, §3.2 (role_uids, users with a name and no email)',
      realRedis: 'a user holding a role bound by a database roles_permissions becomes an ACL user of that database',
      body: { schema: createUserSchema() },
      responses: { 200: user, 406: invalid, 409: taken },
    },
    {
      method: 'put',
      path: '/v1/users/{uid}',
      operationId: 'updateUser',
      summary: 'Change a user: email, name, password, role or role_uids, status (permission update_user)',
      tag: TAG,
      source: 'reference §6; reference-more §3.1',
      realRedis: 'the ACL users of the databases binding its roles follow (password, rules, locked users removed)',
      pathParams: { uid: uidParam() },
      body: { schema: updateUserSchema() },
      responses: { 200: user, 404: notFound('user_not_exist'), 406: invalid, 409: taken },
    },
    {
      method: 'delete',
      path: '/v1/users/{uid}',
      operationId: 'deleteUser',
      summary: 'Delete a user (permission delete_user)',
      tag: TAG,
      source: 'reference §6',
      realRedis: 'its ACL users are removed from the databases binding its roles',
      pathParams: { uid: uidParam() },
      responses: { 200: EMPTY_OK, 404: notFound('user_not_exist') },
    },
  ]
}

function roleOperations(): Operation[] {
  const role = { description: 'the role (keys alphabetical, reference-more §3.1)', body: storedRole() }
  const conflict = errorAnswer('name_already_exists, uid_exists (reference-more §3.2: 409)')
  return [
    {
      method: 'get',
      path: '/v1/roles',
      operationId: 'listRoles',
      summary: 'Every role, the built-in ones first (permission view_all_roles_info)',
      tag: TAG,
      source: 'reference-more §3.2',
      responses: { 200: { description: 'the roles', body: z.array(storedRole()) } },
    },
    {
      method: 'get',
      path: '/v1/roles/{uid}',
      operationId: 'getRole',
      summary: 'One role (permission view_role_info)',
      tag: TAG,
      source: 'reference-more §3.2',
      pathParams: { uid: uidParam() },
      responses: { 200: role, 404: notFound('role_not_exist') },
    },
    {
      method: 'post',
      path: '/v1/roles',
      operationId: 'createRole',
      summary: 'Create a role with a management value, optionally scoped to databases (permission create_role)',
      tag: TAG,
      source: 'reference-more §3.1, §3.2',
      query: dryRunQuery(),
      body: { schema: roleBodySchema() },
      responses: { 200: role, 400: badParam(), 409: conflict },
    },
    {
      method: 'put',
      path: '/v1/roles/{uid}',
      operationId: 'updateRole',
      summary: 'Change a role (permission update_role)',
      tag: TAG,
      source: 'reference-more §3.2',
      realRedis: 'the databases binding the role give its holders the bound ACL, or no longer',
      pathParams: { uid: uidParam() },
      query: dryRunQuery(),
      body: { schema: roleBodySchema() },
      responses: {
        200: role,
        400: badParam(),
        404: notFound('role_not_exist'),
        406: errorAnswer('change_last_admin_role_not_allowed (reference-more §3.2; status inferred)'),
        409: conflict,
      },
    },
    {
      method: 'delete',
      path: '/v1/roles/{uid}',
      operationId: 'deleteRole',
      summary: 'Delete a role; databases drop it from their roles_permissions (permission delete_role)',
      tag: TAG,
      source: 'reference-more §3.2',
      realRedis: 'the ACL users the role gave on each database are removed',
      pathParams: { uid: uidParam() },
      query: dryRunQuery(),
      responses: {
        200: EMPTY_OK,
        404: notFound('role_not_exist'),
        406: errorAnswer('builtin_role, role_in_use (inferred: reference-more §3.2 gives 406 "not acceptable" without a code)'),
      },
    },
  ]
}

function redisAclOperations(): Operation[] {
  const acl = { description: 'the Redis ACL (reference-more §3.3)', body: storedRedisAcl() }
  const conflict = errorAnswer('name_already_exists, uid_exists; read_only_object: the predefined Full Access ACL (reference-more §3.4)')
  return [
    {
      method: 'get',
      path: '/v1/redis_acls',
      operationId: 'listRedisAcls',
      summary: 'Every Redis ACL (permission view_all_redis_acls_info)',
      tag: TAG,
      source: 'reference-more §3.4',
      responses: { 200: { description: 'the Redis ACLs', body: z.array(storedRedisAcl()) } },
    },
    {
      method: 'get',
      path: '/v1/redis_acls/{uid}',
      operationId: 'getRedisAcl',
      summary: 'One Redis ACL (permission view_redis_acl_info)',
      tag: TAG,
      source: 'reference-more §3.4',
      pathParams: { uid: uidParam() },
      responses: { 200: acl, 404: notFound('redis_acl_not_exist') },
    },
    {
      method: 'post',
      path: '/v1/redis_acls',
      operationId: 'createRedisAcl',
      summary: 'Create a Redis ACL: command, category, key and channel rules (permission create_redis_acl)',
      tag: TAG,
      source: 'reference-more §3.3, §3.4; inferred: the rule grammar (acl-rules.ts)',
      query: dryRunQuery(),
      body: { schema: redisAclBodySchema() },
      responses: { 200: acl, 400: badParam(), 409: conflict },
    },
    {
      method: 'put',
      path: '/v1/redis_acls/{uid}',
      operationId: 'updateRedisAcl',
      summary: 'Change a Redis ACL (permission update_redis_acl)',
      tag: TAG,
      source: 'reference-more §3.4',
      realRedis: 'every ACL user the ACL gives on a database (its holders, by email and name) gets the new rules',
      pathParams: { uid: uidParam() },
      query: dryRunQuery(),
      body: { schema: redisAclBodySchema() },
      responses: { 200: acl, 400: badParam(), 404: notFound('redis_acl_not_exist'), 409: conflict },
    },
    {
      method: 'delete',
      path: '/v1/redis_acls/{uid}',
      operationId: 'deleteRedisAcl',
      summary: 'Delete a Redis ACL no database binds (permission delete_redis_acl)',
      tag: TAG,
      source: 'reference-more §3.4',
      pathParams: { uid: uidParam() },
      responses: {
        200: EMPTY_OK,
        404: notFound('redis_acl_not_exist'),
        406: errorAnswer('redis_acl_in_use (inferred: reference-more §3.4 gives 406 without a code)'),
        409: errorAnswer('read_only_object: the predefined Full Access ACL'),
      },
    },
  ]
}

function ldapOperations(): Operation[] {
  const mapping = { description: 'the LDAP mapping (reference-more §10.1)', body: storedLdapMapping() }
  const badMapping = errorAnswer('missing_field, invalid_name_param, invalid_dn_param, invalid_role_uids_param, invalid_account_id_param, invalid_param (reference-more §10.1)')
  const conflict = errorAnswer('name_already_exists, uid_exists')
  return [
    {
      method: 'get',
      path: '/v1/ldap_mappings',
      operationId: 'listLdapMappings',
      summary: 'Every LDAP mapping (permission view_all_ldap_mappings_info)',
      tag: TAG,
      source: 'reference-more §10.1',
      responses: { 200: { description: 'the LDAP mappings', body: z.array(storedLdapMapping()) } },
    },
    {
      method: 'get',
      path: '/v1/ldap_mappings/{uid}',
      operationId: 'getLdapMapping',
      summary: 'One LDAP mapping (permission view_ldap_mapping_info)',
      tag: TAG,
      source: 'reference-more §10.1',
      pathParams: { uid: uidParam() },
      responses: { 200: mapping, 404: notFound('ldap_mapping_not_exist') },
    },
    {
      method: 'post',
      path: '/v1/ldap_mappings',
      operationId: 'createLdapMapping',
      summary: 'Map an LDAP group (dn) to roles (permission create_ldap_mapping)',
      tag: TAG,
      source: 'reference-more §10.1',
      body: { schema: ldapMappingBodySchema() },
      responses: { 200: mapping, 400: badMapping, 409: conflict },
    },
    {
      method: 'put',
      path: '/v1/ldap_mappings/{uid}',
      operationId: 'updateLdapMapping',
      summary: 'Change an LDAP mapping (permission update_ldap_mapping)',
      tag: TAG,
      source: 'reference-more §10.1',
      pathParams: { uid: uidParam() },
      body: { schema: ldapMappingBodySchema() },
      responses: { 200: mapping, 400: badMapping, 404: notFound('ldap_mapping_not_exist'), 409: conflict },
    },
    {
      method: 'delete',
      path: '/v1/ldap_mappings/{uid}',
      operationId: 'deleteLdapMapping',
      summary: 'Delete an LDAP mapping (permission delete_ldap_mapping)',
      tag: TAG,
      source: 'reference-more §10.1',
      pathParams: { uid: uidParam() },
      responses: { 200: EMPTY_OK, 404: notFound('ldap_mapping_not_exist') },
    },
    {
      method: 'get',
      path: '/v1/cluster/ldap',
      operationId: 'getClusterLdap',
      summary: "The cluster's LDAP configuration (permission view_ldap_config); no directory is contacted",
      tag: TAG,
      source: 'reference-more §10.2',
      responses: { 200: { description: 'the configuration (D:objects/ldap)', body: accessAnswers().ldapConfigAnswer } },
    },
    {
      method: 'put',
      path: '/v1/cluster/ldap',
      operationId: 'updateClusterLdap',
      summary: 'Change the LDAP configuration; 200 with no body (permission config_ldap)',
      tag: TAG,
      source: 'reference-more §10.2',
      body: { schema: ldapConfigBodySchema() },
      responses: { 200: EMPTY_OK, 400: errorAnswer('invalid_param: an ill-typed field; illegal_fields_combination: both fields of an xor pair, or a configuration in use without servers or lookups') },
    },
    {
      method: 'delete',
      path: '/v1/cluster/ldap',
      operationId: 'resetClusterLdap',
      summary: 'Back to the default (unconfigured) LDAP configuration; 200 with no body (permission config_ldap)',
      tag: TAG,
      source: 'reference-more §10.2',
      responses: { 200: EMPTY_OK },
    },
  ]
}

/** reference-more §19: PUT replaces every password of the default user, POST adds one, DELETE removes one. */
function bdbPasswordOperations(): Operation[] {
  const common = {
    path: '/v1/bdbs/{uid}/passwords',
    tag: TAG,
    source: 'reference-more §19; inferred: 406 for a missing password, one not in the list, or the last one',
    pathParams: { uid: uidParam() },
    body: { schema: bdbPasswordBodySchema() },
    responses: {
      200: EMPTY_OK,
      404: notFound('db_not_exist'),
      406: errorAnswer('invalid_password: missing, ill-typed, not one of the passwords (DELETE), or the last one (DELETE)'),
    },
  }
  return [
    {
      ...common,
      method: 'put',
      operationId: 'replaceBdbPasswords',
      summary: "Replace every password of the database's default user (permission update_bdb)",
      realRedis: "the database server's default user accepts only this password",
    },
    {
      ...common,
      method: 'post',
      operationId: 'addBdbPassword',
      summary: "Add a password the database's default user accepts (permission update_bdb)",
      realRedis: "the database server's default user accepts this password too",
    },
    {
      ...common,
      method: 'delete',
      operationId: 'removeBdbPassword',
      summary: "Remove one of the default user's passwords, never the last (permission update_bdb)",
      realRedis: "the database server's default user no longer accepts this password",
    },
  ]
}

export function accessOperations(): Operation[] {
  return [...userOperations(), ...roleOperations(), ...redisAclOperations(), ...ldapOperations(), ...bdbPasswordOperations()]
}
