// Redis Enterprise auth: HTTP Basic with a management user's email and password (seed 002), then per-role permissions (seed 004).
import { timingSafeEqual } from 'node:crypto'
import type { NextFunction, Request, RequestHandler, Response } from 'express'
import basicAuth from 'express-basic-auth'
import { basicCredentials } from '../../core/basic-auth.js'
import { AUTH_REALM, errorBody, reError } from './errors.js'
import type { RedisEnterpriseSlice, Role, User } from './model.js'

// reference-more §1.1 (D:permissions): every viewing permission is granted to user_manager too; `none` has no permission
const ALL_ROLES: Role[] = ['admin', 'cluster_member', 'cluster_viewer', 'db_member', 'db_viewer', 'user_manager']
const DB_WRITERS: Role[] = ['admin', 'cluster_member', 'db_member']
const ADMIN_ONLY: Role[] = ['admin']
const USER_ADMINS: Role[] = ['admin', 'user_manager']

/**
 * Permission -> roles. The bdb rows are seed 004's tables; the rest follow D:permissions ("Roles list per permission",
 * reference-more §1.1).
 */
export const PERMISSIONS = {
  view_all_bdbs_info: ALL_ROLES,
  view_bdb_info: ALL_ROLES,
  update_bdb: DB_WRITERS,
  update_bdb_with_action: DB_WRITERS,
  create_bdb: DB_WRITERS,
  delete_bdb: DB_WRITERS,
  view_status_of_cluster_action: ALL_ROLES,
  view_cluster_info: ALL_ROLES,
  view_all_nodes_info: ALL_ROLES,
  view_node_info: ALL_ROLES,
  view_bootstrap_status: ALL_ROLES,
  view_license: ALL_ROLES,
  view_cluster_modules: ALL_ROLES,
  view_all_shards_info: ALL_ROLES,
  view_all_users_info: USER_ADMINS,
  view_user_info: USER_ADMINS,
  create_new_user: USER_ADMINS,
  update_user: USER_ADMINS,
  delete_user: USER_ADMINS,
  // access management (reference-more §1.1, §3, §10)
  view_all_roles_info: ALL_ROLES,
  view_role_info: ALL_ROLES,
  create_role: USER_ADMINS,
  update_role: USER_ADMINS,
  delete_role: USER_ADMINS,
  view_all_redis_acls_info: ALL_ROLES,
  view_redis_acl_info: ALL_ROLES,
  create_redis_acl: USER_ADMINS,
  update_redis_acl: USER_ADMINS,
  delete_redis_acl: USER_ADMINS,
  view_all_ldap_mappings_info: USER_ADMINS,
  view_ldap_mapping_info: USER_ADMINS,
  create_ldap_mapping: USER_ADMINS,
  update_ldap_mapping: USER_ADMINS,
  delete_ldap_mapping: USER_ADMINS,
  view_ldap_config: USER_ADMINS,
  config_ldap: USER_ADMINS,
  // reference §1.1 (PERM): every role may read statistics
  view_cluster_stats: ALL_ROLES,
  view_all_bdb_stats: ALL_ROLES,
  view_bdb_stats: ALL_ROLES,
  view_all_nodes_stats: ALL_ROLES,
  view_node_stats: ALL_ROLES,
  view_all_shard_stats: ALL_ROLES,
  view_shard_stats: ALL_ROLES,
  view_endpoint_stats: ALL_ROLES,
  // cluster set-up (reference §1.1, §2, §4, §5, §8, §9): user_manager holds install_new_license, the proxy rows and
  // every view_* row here except the OCSP ones
  update_cluster: ADMIN_ONLY,
  install_new_license: USER_ADMINS,
  view_ocsp_config: ADMIN_ONLY,
  config_ocsp: ADMIN_ONLY,
  view_ocsp_status: ADMIN_ONLY,
  test_ocsp_status: ADMIN_ONLY,
  view_all_proxies_info: ALL_ROLES,
  view_proxy_info: ALL_ROLES,
  update_proxy: USER_ADMINS,
  // alerts, event log, database operations, Active-Active, cluster actions (reference-more §1.1, §6, §7, §12, §15, §17, §20, §21)
  view_cluster_alerts: ALL_ROLES,
  view_all_nodes_alerts: ALL_ROLES,
  view_node_alerts: ALL_ROLES,
  view_all_bdbs_alerts: ALL_ROLES,
  view_bdb_alerts: ALL_ROLES,
  update_bdb_alerts: DB_WRITERS,
  view_logged_events: ['admin', 'cluster_member', 'cluster_viewer', 'db_member', 'user_manager'],
  start_bdb_export: DB_WRITERS,
  start_bdb_import: DB_WRITERS,
  start_bdb_recovery: DB_WRITERS,
  reset_bdb_current_backup_status: DB_WRITERS,
  reset_bdb_current_export_status: DB_WRITERS,
  reset_bdb_current_import_status: DB_WRITERS,
  view_bdb_recovery_plan: ALL_ROLES,
  view_crdb_list: ALL_ROLES,
  view_crdb: ALL_ROLES,
  view_crdb_task_list: ALL_ROLES,
  view_crdb_task: ALL_ROLES,
  create_crdb: DB_WRITERS,
  start_cluster_action: ADMIN_ONLY,
  cancel_cluster_action: ADMIN_ONLY,
  // INF (reference-more §16, §17): bdb groups read like databases; services are for admins
  view_all_bdb_groups: ALL_ROLES,
  view_local_services: ADMIN_ONLY,
  view_jsonschema: ALL_ROLES,
} as const satisfies Record<string, Role[]>

export type Permission = keyof typeof PERMISSIONS

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8')
  const b = Buffer.from(expected, 'utf8')
  // compare against itself when lengths differ so the time spent does not reveal the length check
  return timingSafeEqual(a, a.length === b.length ? b : a) && a.length === b.length
}

/** The active user with this email and password, if any (emails match exactly, as the login name). */
export function authenticate(slice: RedisEnterpriseSlice, email: string, password: string): User | undefined {
  // a user created without an email (the vault plugin's) has no REST login
  if (!email) return undefined
  const user = Object.values(slice.users).find((u) => u.email === email)
  if (!user || user.status !== 'active') return undefined
  const stored = slice.passwords[String(user.uid)] ?? ''
  return sameSecret(password, stored) ? user : undefined
}

/** A verified Authorization header, reusable while its user and password stay as they were. */
interface VerifiedCredential {
  users: RedisEnterpriseSlice['users']
  user: User
  email: string
  password: string
}

const MAX_VERIFIED_CREDENTIALS = 256

/**
 * Whether the credential checked earlier still gives the same answer: the same users object (not replaced by reset,
 * seed or state import), the same user record still stored under its uid with this email and active (a deleted,
 * locked or renamed user fails), and the same password stored (a changed password fails). Emails are unique through
 * the API, and a user record changes in place, so the first user with the email is still this one.
 */
function stillValid(slice: RedisEnterpriseSlice, hit: VerifiedCredential): boolean {
  const { user } = hit
  return (
    slice.users === hit.users &&
    slice.users[String(user.uid)] === user &&
    user.email === hit.email &&
    user.status === 'active' &&
    slice.passwords[String(user.uid)] === hit.password
  )
}

/**
 * HTTP Basic on every route; a 401 carries `WWW-Authenticate: Basic` and the error envelope (reference §4).
 * `onLoginFailed`: called (and awaited) before the 401 for credentials naming a login that fails (the event log).
 */
export function basicAuthentication(readSlice: () => RedisEnterpriseSlice, onLoginFailed?: (email: string, res: Response) => Promise<void>): RequestHandler[] {
  // Authorization header -> what it proved last time; a header seen again skips the parse and the constant-time check
  const verified = new Map<string, VerifiedCredential>()
  const check = basicAuth({
    authorizer: (email: string, password: string) => authenticate(readSlice(), email, password) !== undefined,
    challenge: true,
    realm: AUTH_REALM,
    unauthorizedResponse: () => errorBody(reError('unauthorized', 'Authentication failed: missing or wrong credentials')),
  })
  const attachUser = (req: Request, res: Response) => {
    const { user: email, password } = (req as basicAuth.IBasicAuthedRequest).auth
    const slice = readSlice()
    const user = Object.values(slice.users).find((u) => u.email === email)
    res.locals.user = user
    res.locals.managements = user ? managementsOf(slice, user) : []
    const header = req.headers.authorization
    if (user && header !== undefined) {
      if (verified.size >= MAX_VERIFIED_CREDENTIALS) verified.clear()
      verified.set(header, { users: slice.users, user, email, password })
    }
  }
  const authenticateRequest = (req: Request, res: Response, next: NextFunction) => {
    const header = req.headers.authorization
    const hit = header === undefined ? undefined : verified.get(header)
    if (hit && stillValid(readSlice(), hit)) {
      // what express-basic-auth and attachUser would have set
      ;(req as basicAuth.IBasicAuthedRequest).auth = { user: hit.email, password: hit.password }
      res.locals.user = hit.user
      res.locals.managements = managementsOf(readSlice(), hit.user)
      return next()
    }
    if (hit) verified.delete(header!)
    const run = () =>
      check(req, res, (err?: unknown) => {
        if (err !== undefined) return next(err)
        attachUser(req, res)
        next()
      })
    const given = onLoginFailed ? basicCredentials(req) : undefined
    if (!given || authenticate(readSlice(), given.user, given.password)) return run()
    onLoginFailed!(given.user, res).then(run, run)
  }
  return [authenticateRequest]
}

export function currentUser(res: Response): User {
  return res.locals.user as User
}

/**
 * The management roles a user acts with: those of its role_uids (reference-more §3.1, read now, so a role changed or
 * deleted since counts at once); a user whose roles are all gone keeps none.
 */
export function managementsOf(slice: RedisEnterpriseSlice, user: User): Role[] {
  if (user.role_uids.length === 0) return [user.role]
  const found: Role[] = []
  for (const uid of user.role_uids) {
    const role = Object.hasOwn(slice.roles, String(uid)) ? slice.roles[String(uid)] : undefined
    if (role) found.push(role.management)
  }
  return found
}

/** seed 004 "Permissions": a role outside the permission's list answers 403 (a user with several roles: any of them). */
export function requirePermission(permission: Permission): RequestHandler {
  return (_req, res, next) => {
    const managements = res.locals.managements as Role[]
    const allowed = PERMISSIONS[permission] as readonly Role[]
    if (!managements.some((m) => allowed.includes(m))) {
      throw reError('insufficient_permissions', `The user's role ${managements.join(', ') || 'none'} lacks the permission ${permission}`)
    }
    next()
  }
}
