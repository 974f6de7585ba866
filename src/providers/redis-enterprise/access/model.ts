// Access-management wire objects (roles, Redis ACLs, LDAP mappings, the cluster LDAP configuration) and their defaults.
import type { JsonObject } from '../model.js'

// reference-more §3.1: the seven management values
export const MANAGEMENT_ROLES = ['admin', 'cluster_member', 'cluster_viewer', 'db_member', 'db_viewer', 'user_manager', 'none'] as const
export type Management = (typeof MANAGEMENT_ROLES)[number]

/** reference-more §3.1 (keys in alphabetical order, as every captured object has them). */
export interface RoleRecord {
  account_id?: number
  management: Management
  name: string
  resources?: { type: string; uids: string[] }[]
  uid: number
}

/** reference-more §3.3 */
export interface RedisAcl {
  account_id?: number
  acl: string
  name: string
  uid: number
}

/** reference-more §10.1 */
export interface LdapMapping {
  account_id?: number
  bdbs_email_alerts: string[]
  cluster_email_alerts: boolean
  dn: string
  email: string
  email_alerts: boolean
  name: string
  role_uids: number[]
  uid: number
}

/** reference-more §10.2 D:objects/ldap; the xor fields are present only once set. */
export type LdapConfig = JsonObject

export function defaultLdapConfig(): LdapConfig {
  return {
    bind_dn: '',
    bind_pass: '',
    ca_cert: '',
    cache_ttl: 300,
    control_plane: false,
    data_plane: false,
    directory_timeout_s: 5,
    starttls: false,
    uris: [],
  }
}

/** What the access group keeps in the Redis Enterprise slice. */
export interface AccessSlice {
  /** keyed by String(uid) */
  roles: Record<string, RoleRecord>
  /** keyed by String(uid) */
  redis_acls: Record<string, RedisAcl>
  /** keyed by String(uid) */
  ldap_mappings: Record<string, LdapMapping>
  ldap: LdapConfig
  /**
   * bdb uid -> every password the default user accepts (reference-more §19), kept only once the passwords routes
   * changed it; valid while its first entry is still the bdb's authentication_redis_pass (a PUT of that field wins).
   */
  bdb_passwords: Record<string, string[]>
}

/** The same object with its keys in alphabetical order (reference-more §1.2: the server sorts keys). */
export function sortedKeys<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) as T
}
