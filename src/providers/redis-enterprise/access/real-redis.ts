// Real-Redis mode, access: the ACL users a database's server has for its roles_permissions (reference-more §3.2:
// a role bound to a Redis ACL gives every user holding the role that ACL's rights on the database), and the passwords
// its default user accepts (§19).
import type { RestrictedUser } from '../../../core/redis-server.js'
import type { Bdb, RedisEnterpriseSlice, User } from '../model.js'
import { aclRuleTokens } from './acl-rules.js'

// names the server keeps for itself: its default user, the bdb admin user (real-redis.ts), the emulator's own user
const RESERVED_NAMES = new Set(['default', 'admin', 'emulator-admin'])

/** Role uid -> the active users holding it, computed once per reconcile. */
export function holdersByRole(slice: RedisEnterpriseSlice): Map<number, User[]> {
  const holders = new Map<number, User[]>()
  for (const user of Object.values(slice.users)) {
    if (user.status !== 'active') continue
    for (const uid of user.role_uids) {
      const list = holders.get(uid) ?? []
      list.push(user)
      holders.set(uid, list)
    }
  }
  return holders
}

/**
 * The names a user logs in to databases with: its email and its name (INF: the reference names no data-plane user
 * name; the vault plugin creates users with a name and no email and hands that name out). A name that ACL users
 * cannot have (spaces) or that the server keeps is left out.
 */
function loginNames(user: User): string[] {
  return [...new Set([user.email, user.name])].filter((n) => n && !/\s/.test(n) && !RESERVED_NAMES.has(n))
}

/** The ACL users of one database: each holder of a bound role, with the rules of every ACL bound to its roles. */
export function aclUsersOf(slice: RedisEnterpriseSlice, bdb: Bdb, holders: Map<number, User[]>): Record<string, RestrictedUser> {
  const users: Record<string, RestrictedUser> = {}
  const entries = (bdb.roles_permissions as unknown as { role_uid: number; redis_acl_uid: number }[] | undefined) ?? []
  for (const entry of entries) {
    const acl = slice.redis_acls[String(entry.redis_acl_uid)]
    if (!acl) continue
    for (const user of holders.get(entry.role_uid) ?? []) {
      const password = slice.passwords[String(user.uid)] ?? ''
      for (const name of loginNames(user)) {
        const current = users[name] ?? { passwords: password ? [password] : [], rules: [] }
        // a user holding several bound roles gets the rules of every ACL, one after another (the union of their grants)
        current.rules.push(...aclRuleTokens(acl.acl))
        users[name] = current
      }
    }
  }
  return users
}
