// The access rules (reference-more §3, §10, §19): roles, Redis ACLs, LDAP mappings and configuration, the passwords
// of a database's default user, and the roles_permissions of a database checked against them.
import { logEvent } from '../logs/service.js'
import { reError } from '../errors.js'
import type { Bdb, JsonObject, RedisEnterpriseSlice, Role, User } from '../model.js'
import { findBdb, PROVIDER_ID, type Services } from '../service.js'
import { findByUid } from '../uids.js'
import { aclRuleProblem } from './acl-rules.js'
import { MANAGEMENT_ROLES, sortedKeys, type LdapConfig, type LdapMapping, type RedisAcl, type RoleRecord } from './model.js'
import { NAME_PATTERN, type LdapConfigBody, type LdapMappingBody, type RedisAclBody, type RoleBody } from './schemas.js'

type Slice = RedisEnterpriseSlice

const byUid = <T extends { uid: number }>(records: Record<string, T>): T[] => Object.values(records).sort((a, b) => a.uid - b.uid)

function nextUid(slice: Slice, sequence: string, records: Record<string, unknown>): number {
  let uid = slice.sequences[sequence] ?? 1
  while (Object.hasOwn(records, String(uid))) uid++
  return uid
}

function checkName(name: string, code: 'invalid_param' | 'invalid_name_param' = 'invalid_param'): void {
  // reference-more §3.1 (OAS pattern), §10.1 (at most 255 characters)
  if (!NAME_PATTERN.test(name) || name.length > 255) throw reError(code, `Invalid name '${name}'`)
}

function checkNameFree<T extends { uid: number; name: string }>(records: Record<string, T>, name: string, exceptUid?: number): void {
  for (const record of Object.values(records)) {
    if (record.name === name && record.uid !== exceptUid) throw reError('name_already_exists', `An object with the name '${name}' already exists`)
  }
}

// ---------------------------------------------------------------- roles (reference-more §3.1, §3.2)

export const listRoles = (slice: Slice): RoleRecord[] => byUid(slice.roles)

export function findRole(slice: Slice, raw: string): RoleRecord {
  return findByUid(slice.roles, raw, 'role_not_exist', 'Role')
}

function isBuiltInRole(services: Services, uid: number): boolean {
  return services.catalogue.roles.some((r) => r.uid === uid)
}

/** The role as the body would leave it; throws the documented error of the first broken rule. */
function planRole(slice: Slice, body: RoleBody, previous?: RoleRecord): RoleRecord {
  if (!previous) {
    if (body.name === undefined) throw reError('missing_field', 'name is a required field')
    if (body.management === undefined) throw reError('missing_field', 'management is a required field')
    if (body.uid !== undefined && Object.hasOwn(slice.roles, String(body.uid))) throw reError('uid_exists', `Role ${body.uid} already exists`)
  } else if (body.uid !== undefined && body.uid !== previous.uid) {
    throw reError('invalid_param', 'uid cannot be changed')
  }
  const name = body.name ?? previous!.name
  checkName(name)
  const management = body.management ?? previous!.management
  if (!(MANAGEMENT_ROLES as readonly string[]).includes(management)) {
    throw reError('invalid_param', `management must be one of ${MANAGEMENT_ROLES.join(', ')}`)
  }
  // reference-more §3.1: resources scope a role to databases: [{type: "db", uids: [...]}]
  const badResource = body.resources?.find((r) => r.type !== 'db')
  if (badResource) throw reError('unsupported_resource', `Unsupported resource type '${badResource.type}'`)
  checkNameFree(slice.roles, name, previous?.uid)
  const role: RoleRecord = { ...previous, ...body, name, management: management as Role, uid: previous?.uid ?? body.uid ?? nextUid(slice, 'role', slice.roles) }
  return sortedKeys(role)
}

export async function createRole(services: Services, body: RoleBody, dryRun: boolean, now: number): Promise<RoleRecord> {
  return services.store.mutate<Slice, RoleRecord>(PROVIDER_ID, (draft, snapshot) => {
    const role = planRole(snapshot, body)
    if (dryRun) return role
    draft.roles[String(role.uid)] = role
    if (body.uid === undefined) draft.sequences.role = role.uid + 1
    logEvent(draft, now, 'role_created', { role_uid: String(role.uid), role_name: role.name })
    return role
  })
}

/** Users that act as admin through a role other than `exceptRole`. */
function adminsWithout(slice: Slice, exceptRole: number): User[] {
  return Object.values(slice.users).filter(
    (u) => u.status === 'active' && u.role_uids.some((uid) => uid !== exceptRole && slice.roles[String(uid)]?.management === 'admin'),
  )
}

export async function updateRole(services: Services, raw: string, body: RoleBody, dryRun: boolean, now: number): Promise<RoleRecord> {
  return services.store.mutate<Slice, RoleRecord>(PROVIDER_ID, (draft, snapshot) => {
    const previous = findRole(snapshot, raw)
    const role = planRole(snapshot, body, previous)
    // reference-more §3.2: change_last_admin_role_not_allowed
    if (previous.management === 'admin' && role.management !== 'admin' && adminsWithout(snapshot, previous.uid).length === 0) {
      throw reError('change_last_admin_role_not_allowed', 'Changing the last role that keeps an admin user is not allowed')
    }
    if (dryRun) return role
    draft.roles[String(role.uid)] = role
    // a user's (deprecated) `role` is the management of its first role
    for (const user of Object.values(draft.users)) if (user.role_uids[0] === role.uid) user.role = role.management
    logEvent(draft, now, 'role_updated', { role_uid: String(role.uid), role_name: role.name })
    return role
  })
}

function bdbsUsing(slice: Slice, matches: (entry: { role_uid: number; redis_acl_uid: number }) => boolean): Bdb[] {
  return Object.values(slice.bdbs).filter((bdb) => rolesPermissions(bdb).some(matches))
}

function rolesPermissions(bdb: Bdb): { role_uid: number; redis_acl_uid: number }[] {
  return (bdb.roles_permissions as unknown as { role_uid: number; redis_acl_uid: number }[] | undefined) ?? []
}

export async function deleteRole(services: Services, raw: string, dryRun: boolean, now: number): Promise<void> {
  await services.store.mutate<Slice>(PROVIDER_ID, (draft, snapshot) => {
    const role = findRole(snapshot, raw)
    // INF (reference-more §3.2: 406 "not acceptable"): built-in roles and roles something still holds stay
    if (isBuiltInRole(services, role.uid)) throw reError('builtin_role', `Role ${role.uid} is a built-in role and cannot be deleted`)
    const holder = Object.values(snapshot.users).find((u) => u.role_uids.includes(role.uid))
    if (holder) throw reError('role_in_use', `Role ${role.uid} is assigned to user ${holder.uid}`)
    const mapping = Object.values(snapshot.ldap_mappings).find((m) => m.role_uids.includes(role.uid))
    if (mapping) throw reError('role_in_use', `Role ${role.uid} is used by LDAP mapping ${mapping.uid}`)
    if (dryRun) return
    delete draft.roles[String(role.uid)]
    logEvent(draft, now, 'role_deleted', { role_uid: String(role.uid), role_name: role.name })
    // reference-more §3.2: the cluster removes the role from every database's roles_permissions (the vault plugin relies on it)
    for (const bdb of bdbsUsing(snapshot, (e) => e.role_uid === role.uid)) {
      const stored = draft.bdbs[String(bdb.uid)]
      stored.roles_permissions = rolesPermissions(stored).filter((e) => e.role_uid !== role.uid) as unknown as JsonObject[]
    }
  })
}

// ---------------------------------------------------------------- Redis ACLs (reference-more §3.3, §3.4)

export const listRedisAcls = (slice: Slice): RedisAcl[] => byUid(slice.redis_acls)

export function findRedisAcl(slice: Slice, raw: string): RedisAcl {
  return findByUid(slice.redis_acls, raw, 'redis_acl_not_exist', 'Redis ACL')
}

/** reference-more §3.3: the predefined Full Access ACL cannot be edited (409 read-only object). */
function checkWritable(services: Services, acl: RedisAcl): void {
  const fullAccess = services.catalogue.redisAcls.find((a) => a.name === 'Full Access')
  if (fullAccess && fullAccess.uid === acl.uid) throw reError('read_only_object', `Redis ACL ${acl.uid} (${acl.name}) is read-only`)
}

function planRedisAcl(slice: Slice, body: RedisAclBody, previous?: RedisAcl): RedisAcl {
  if (!previous) {
    if (body.name === undefined) throw reError('missing_field', 'name is a required field')
    if (body.acl === undefined) throw reError('missing_field', 'acl is a required field')
    if (body.uid !== undefined && Object.hasOwn(slice.redis_acls, String(body.uid))) throw reError('uid_exists', `Redis ACL ${body.uid} already exists`)
  } else if (body.uid !== undefined && body.uid !== previous.uid) {
    throw reError('invalid_param', 'uid cannot be changed')
  }
  const name = body.name ?? previous!.name
  checkName(name)
  const rule = body.acl ?? previous!.acl
  const problem = aclRuleProblem(rule)
  if (problem) throw reError('invalid_param', `acl: ${problem}`)
  checkNameFree(slice.redis_acls, name, previous?.uid)
  return sortedKeys({ ...previous, ...body, name, acl: rule, uid: previous?.uid ?? body.uid ?? nextUid(slice, 'redis_acl', slice.redis_acls) })
}

export async function createRedisAcl(services: Services, body: RedisAclBody, dryRun: boolean, now: number): Promise<RedisAcl> {
  return services.store.mutate<Slice, RedisAcl>(PROVIDER_ID, (draft, snapshot) => {
    const acl = planRedisAcl(snapshot, body)
    if (dryRun) return acl
    draft.redis_acls[String(acl.uid)] = acl
    if (body.uid === undefined) draft.sequences.redis_acl = acl.uid + 1
    logEvent(draft, now, 'redis_acl_created', { redis_acl_uid: String(acl.uid), redis_acl_name: acl.name })
    return acl
  })
}

export async function updateRedisAcl(services: Services, raw: string, body: RedisAclBody, dryRun: boolean, now: number): Promise<RedisAcl> {
  return services.store.mutate<Slice, RedisAcl>(PROVIDER_ID, (draft, snapshot) => {
    const previous = findRedisAcl(snapshot, raw)
    checkWritable(services, previous)
    const acl = planRedisAcl(snapshot, body, previous)
    if (!dryRun) {
      draft.redis_acls[String(acl.uid)] = acl
      logEvent(draft, now, 'redis_acl_updated', { redis_acl_uid: String(acl.uid), redis_acl_name: acl.name })
    }
    return acl
  })
}

export async function deleteRedisAcl(services: Services, raw: string, now: number): Promise<void> {
  await services.store.mutate<Slice>(PROVIDER_ID, (draft, snapshot) => {
    const acl = findRedisAcl(snapshot, raw)
    checkWritable(services, acl)
    // INF (reference-more §3.4): an ACL a database still binds is not deleted (406)
    const user = bdbsUsing(snapshot, (e) => e.redis_acl_uid === acl.uid)[0]
    if (user) throw reError('redis_acl_in_use', `Redis ACL ${acl.uid} is used by database ${user.uid}`)
    delete draft.redis_acls[String(acl.uid)]
    logEvent(draft, now, 'redis_acl_deleted', { redis_acl_uid: String(acl.uid), redis_acl_name: acl.name })
  })
}

// ---------------------------------------------------------------- roles_permissions of a database

/**
 * Every entry names an existing role and Redis ACL, each role at most once (reference-more §3.2: the vault plugin
 * binds a role it just created to an ACL it looked up). INF: 406, the status of an invalid configuration.
 */
export function checkRolesPermissions(slice: Slice, entries: unknown): void {
  const seen = new Set<number>()
  for (const entry of (entries as { role_uid: number; redis_acl_uid: number }[] | undefined) ?? []) {
    if (!Object.hasOwn(slice.roles, String(entry.role_uid))) throw reError('invalid_roles_permissions', `roles_permissions: role ${entry.role_uid} does not exist`)
    if (!Object.hasOwn(slice.redis_acls, String(entry.redis_acl_uid))) {
      throw reError('invalid_roles_permissions', `roles_permissions: Redis ACL ${entry.redis_acl_uid} does not exist`)
    }
    if (seen.has(entry.role_uid)) throw reError('invalid_roles_permissions', `roles_permissions: role ${entry.role_uid} appears more than once`)
    seen.add(entry.role_uid)
  }
}

// ---------------------------------------------------------------- LDAP mappings (reference-more §10.1)

export const listLdapMappings = (slice: Slice): LdapMapping[] => byUid(slice.ldap_mappings)

export function findLdapMapping(slice: Slice, raw: string): LdapMapping {
  return findByUid(slice.ldap_mappings, raw, 'ldap_mapping_not_exist', 'LDAP mapping')
}

const EMAIL = /^[^\s@]+@[^\s@]+$/

function planLdapMapping(slice: Slice, body: LdapMappingBody, previous?: LdapMapping): LdapMapping {
  if (!previous) {
    for (const field of ['name', 'dn', 'role_uids'] as const) if (body[field] === undefined) throw reError('missing_field', `${field} is a required field`)
    if (body.uid !== undefined && Object.hasOwn(slice.ldap_mappings, String(body.uid))) throw reError('uid_exists', `LDAP mapping ${body.uid} already exists`)
  } else if (body.uid !== undefined && body.uid !== previous.uid) {
    throw reError('invalid_param', 'uid cannot be changed')
  }
  const merged: LdapMapping = {
    bdbs_email_alerts: [],
    cluster_email_alerts: false,
    email: '',
    email_alerts: true,
    ...previous,
    ...(body as Partial<LdapMapping>),
    uid: previous?.uid ?? body.uid ?? nextUid(slice, 'ldap_mapping', slice.ldap_mappings),
  } as LdapMapping
  checkName(merged.name, 'invalid_name_param')
  // OAS: dn is non-empty and holds a non-space character
  if (!/\S/.test(merged.dn)) throw reError('invalid_dn_param', 'dn must not be empty')
  const unknownRole = merged.role_uids.find((uid) => !Object.hasOwn(slice.roles, String(uid)))
  if (merged.role_uids.length === 0 || unknownRole !== undefined) throw reError('invalid_role_uids_param', 'role_uids must name at least one existing role')
  if (merged.email !== '' && !EMAIL.test(merged.email)) throw reError('invalid_param', `email: '${merged.email}' is not an e-mail address`)
  const alerts = merged.bdbs_email_alerts
  if (new Set(alerts).size !== alerts.length || alerts.some((uid) => !/^\d+$/.test(uid))) {
    throw reError('invalid_param', 'bdbs_email_alerts must hold unique database uids as strings')
  }
  checkNameFree(slice.ldap_mappings, merged.name, previous?.uid)
  return sortedKeys(merged)
}

export async function createLdapMapping(services: Services, body: LdapMappingBody, now: number): Promise<LdapMapping> {
  return services.store.mutate<Slice, LdapMapping>(PROVIDER_ID, (draft, snapshot) => {
    const mapping = planLdapMapping(snapshot, body)
    draft.ldap_mappings[String(mapping.uid)] = mapping
    if (body.uid === undefined) draft.sequences.ldap_mapping = mapping.uid + 1
    logEvent(draft, now, 'ldap_mapping_created', { ldap_mapping_uid: String(mapping.uid), ldap_mapping_name: mapping.name })
    return mapping
  })
}

export async function updateLdapMapping(services: Services, raw: string, body: LdapMappingBody, now: number): Promise<LdapMapping> {
  return services.store.mutate<Slice, LdapMapping>(PROVIDER_ID, (draft, snapshot) => {
    const mapping = planLdapMapping(snapshot, body, findLdapMapping(snapshot, raw))
    draft.ldap_mappings[String(mapping.uid)] = mapping
    logEvent(draft, now, 'ldap_mapping_updated', { ldap_mapping_uid: String(mapping.uid), ldap_mapping_name: mapping.name })
    return mapping
  })
}

export async function deleteLdapMapping(services: Services, raw: string, now: number): Promise<void> {
  await services.store.mutate<Slice>(PROVIDER_ID, (draft) => {
    const mapping = findLdapMapping(draft, raw)
    delete draft.ldap_mappings[String(mapping.uid)]
    logEvent(draft, now, 'ldap_mapping_deleted', { ldap_mapping_uid: String(mapping.uid), ldap_mapping_name: mapping.name })
  })
}

// ---------------------------------------------------------------- cluster LDAP configuration (reference-more §10.2)

// mutually exclusive pairs: "user_dn_template xor user_dn_query", "dn_group_attr xor dn_group_query"
const XOR_PAIRS = [
  ['user_dn_template', 'user_dn_query'],
  ['dn_group_attr', 'dn_group_query'],
] as const

const isSet = (config: LdapConfig, key: string) => config[key] !== undefined && config[key] !== ''

function planLdapConfig(previous: LdapConfig, body: LdapConfigBody): LdapConfig {
  const config: LdapConfig = { ...previous, ...(body as LdapConfig) }
  for (const pair of XOR_PAIRS) {
    if (isSet(config, pair[0]) && isSet(config, pair[1])) {
      throw reError('illegal_fields_combination', `${pair[0]} and ${pair[1]} are mutually exclusive`)
    }
    for (const key of pair) if (config[key] === '') delete config[key]
  }
  // a configuration in use (management or database logins) needs servers, a user lookup and a group lookup
  if (config.control_plane === true || config.data_plane === true) {
    const missing = (config.uris as string[]).length === 0 ? 'uris' : XOR_PAIRS.find((pair) => !pair.some((key) => isSet(config, key)))?.join(' or ')
    if (missing) throw reError('illegal_fields_combination', `LDAP for control_plane/data_plane needs ${missing}`)
  }
  return sortedKeys(config)
}

export async function updateLdapConfig(services: Services, body: LdapConfigBody, now: number): Promise<void> {
  await services.store.mutate<Slice>(PROVIDER_ID, (draft, snapshot) => {
    draft.ldap = planLdapConfig(snapshot.ldap, body)
    logEvent(draft, now, 'ldap_config_updated')
  })
}

export async function resetLdapConfig(services: Services, defaults: LdapConfig, now: number): Promise<void> {
  await services.store.mutate<Slice>(PROVIDER_ID, (draft) => {
    draft.ldap = defaults
    logEvent(draft, now, 'ldap_config_reset')
  })
}

// ---------------------------------------------------------------- default-user passwords (reference-more §19)

/** Every password the database's default user accepts (none: no password). */
export function bdbPasswords(slice: Slice, bdb: Bdb): string[] {
  const current = (bdb.authentication_redis_pass as string | undefined) ?? ''
  const kept = Object.hasOwn(slice.bdb_passwords, String(bdb.uid)) ? slice.bdb_passwords[String(bdb.uid)] : undefined
  // a list whose first entry is no longer authentication_redis_pass was replaced by a PUT of that field (or the bdb)
  if (kept && kept[0] === current) return kept
  return current ? [current] : []
}

export type PasswordChange = 'replace' | 'add' | 'remove'

export async function changeBdbPasswords(services: Services, raw: string, change: PasswordChange, password: string | undefined): Promise<void> {
  await services.store.mutate<Slice>(PROVIDER_ID, (draft, snapshot) => {
    const bdb = findBdb(snapshot, raw)
    // INF (reference-more §19): 406 for a missing password, one not in the list, or the last one
    if (!password) throw reError('invalid_password', 'password is a required field')
    const current = bdbPasswords(snapshot, bdb)
    let next: string[]
    if (change === 'replace') next = [password]
    else if (change === 'add') next = current.includes(password) ? current : [...current, password]
    else {
      if (!current.includes(password)) throw reError('invalid_password', 'The password is not one of the database passwords')
      if (current.length === 1) throw reError('invalid_password', 'The last password of the database cannot be removed')
      next = current.filter((p) => p !== password)
    }
    const stored = draft.bdbs[String(bdb.uid)]
    // reference-more §19: authentication_redis_pass (deprecated) shows the first password
    stored.authentication_redis_pass = next[0]
    if (next.length > 1) draft.bdb_passwords[String(bdb.uid)] = next
    else delete draft.bdb_passwords[String(bdb.uid)]
  })
}
