// Redis Enterprise auth: HTTP Basic with a management user's email and password (seed 002), then per-role permissions (seed 004).
import { timingSafeEqual } from 'node:crypto'
import type { NextFunction, Request, RequestHandler, Response } from 'express'
import basicAuth from 'express-basic-auth'
import { AUTH_REALM, errorBody, reError } from './errors.js'
import type { RedisEnterpriseSlice, Role, User } from './model.js'

const ALL_ROLES: Role[] = ['admin', 'cluster_member', 'cluster_viewer', 'db_member', 'db_viewer']
const DB_WRITERS: Role[] = ['admin', 'cluster_member', 'db_member']
const ADMIN_ONLY: Role[] = ['admin']

/**
 * Permission -> roles. The bdb rows are seed 004's tables; the rest follow the REST API reference pages of those
 * endpoints, restricted to the five built-in roles (user and role management is admin-only there).
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
  view_all_users_info: ADMIN_ONLY,
  view_user_info: ADMIN_ONLY,
  create_new_user: ADMIN_ONLY,
  update_user: ADMIN_ONLY,
  delete_user: ADMIN_ONLY,
  view_all_roles_info: ADMIN_ONLY,
  // cluster set-up (reference §1.1, §2, §4, §5, §8, §9); user_manager also holds install_new_license, the proxy rows
  // and every view_* row here except the OCSP ones
  update_cluster: ADMIN_ONLY,
  install_new_license: ADMIN_ONLY,
  view_ocsp_config: ADMIN_ONLY,
  config_ocsp: ADMIN_ONLY,
  view_ocsp_status: ADMIN_ONLY,
  test_ocsp_status: ADMIN_ONLY,
  view_all_proxies_info: ALL_ROLES,
  view_proxy_info: ALL_ROLES,
  update_proxy: ADMIN_ONLY,
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

/** HTTP Basic on every route; a 401 carries `WWW-Authenticate: Basic` and the error envelope (reference §4). */
export function basicAuthentication(readSlice: () => RedisEnterpriseSlice): RequestHandler[] {
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
      return next()
    }
    if (hit) verified.delete(header!)
    check(req, res, (err?: unknown) => {
      if (err !== undefined) return next(err)
      attachUser(req, res)
      next()
    })
  }
  return [authenticateRequest]
}

export function currentUser(res: Response): User {
  return res.locals.user as User
}

/** seed 004 "Permissions": a role outside the permission's list answers 403. */
export function requirePermission(permission: Permission): RequestHandler {
  return (_req, res, next) => {
    const role = currentUser(res).role
    if (!(PERMISSIONS[permission] as readonly Role[]).includes(role)) {
      throw reError('insufficient_permissions', `The user's role ${role} lacks the permission ${permission}`)
    }
    next()
  }
}
