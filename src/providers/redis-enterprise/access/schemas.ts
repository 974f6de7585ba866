// zod schemas for the access group's request bodies (roles, Redis ACLs, LDAP, bdb passwords) and its slice parts.
import { z } from 'zod'
import { lazy } from '../../../core/lazy.js'
import { reError, type ErrorCode } from '../errors.js'
import { MANAGEMENT_ROLES } from './model.js'

// Every schema here is built on first use (lazy), never at import: start-up time, issue #20.
const int = lazy(() => z.number().int())
const uid = lazy(() => int().min(1))

// reference-more §3.1 (OAS): role, Redis ACL and LDAP mapping names
export const NAME_PATTERN = /^[a-zA-Z0-9_ \[\]()@,.;#-]+$/

const resources = lazy(() => z.array(z.strictObject({ type: z.string(), uids: z.array(z.string()) })))

// Every key is optional here; the services say which are required (missing_field) and check values with their codes.
export const roleBodySchema = lazy(() => z
  .strictObject({ uid: uid(), name: z.string(), management: z.string(), resources: resources(), account_id: int() })
  .partial())
export type RoleBody = z.infer<ReturnType<typeof roleBodySchema>>

export const redisAclBodySchema = lazy(() => z.strictObject({ uid: uid(), name: z.string(), acl: z.string(), account_id: int() }).partial())
export type RedisAclBody = z.infer<ReturnType<typeof redisAclBodySchema>>

export const ldapMappingBodySchema = lazy(() => z
  .strictObject({
    uid: uid(),
    name: z.string(),
    dn: z.string(),
    email: z.string(),
    role_uids: z.array(int()),
    email_alerts: z.boolean(),
    bdbs_email_alerts: z.array(z.string()),
    cluster_email_alerts: z.boolean(),
    account_id: int(),
  })
  .partial())
export type LdapMappingBody = z.infer<ReturnType<typeof ldapMappingBodySchema>>

const ldapQuery = lazy(() => z.looseObject({ base: z.string().optional(), filter: z.string().optional(), scope: z.string().optional() }))

// reference-more §10.2 (D:objects/ldap)
export const ldapConfigBodySchema = lazy(() => z
  .strictObject({
    uris: z.array(z.string().regex(/^ldaps?:\/\/[^\s/:]+(:\d{1,5})?$/, 'uris must be ldap://host:port or ldaps://host:port')),
    bind_dn: z.string(),
    bind_pass: z.string(),
    ca_cert: z.string(),
    starttls: z.boolean(),
    cache_ttl: int().min(0),
    directory_timeout_s: int().min(5).max(60),
    control_plane: z.boolean(),
    data_plane: z.boolean(),
    user_dn_template: z.string(),
    user_dn_query: ldapQuery(),
    dn_group_attr: z.string(),
    dn_group_query: ldapQuery(),
    cba: z.boolean(),
    cba_identity_source: z.enum(['subject_cn', 'subject_oid']),
    cba_identity_oid: z.string(),
  })
  .partial())
export type LdapConfigBody = z.infer<ReturnType<typeof ldapConfigBodySchema>>

const userShape = () => ({
  email: z.string().min(3).max(256),
  password: z.string().min(1).max(1024),
  name: z.string().max(256),
  role: z.enum(MANAGEMENT_ROLES),
  role_uids: z.array(int()),
  email_alerts: z.boolean(),
  auth_method: z.literal('regular'),
  status: z.enum(['active', 'locked']),
})

export const createUserSchema = lazy(() => z.strictObject(userShape()).partial())
export const updateUserSchema = lazy(() => z.strictObject({ uid: int(), ...userShape() }).partial())
export type CreateUserBody = z.infer<ReturnType<typeof createUserSchema>>
export type UpdateUserBody = z.infer<ReturnType<typeof updateUserSchema>>

// reference-more §19 (OAS BdbPasswordRequest): {"password": "<string>"}
export const bdbPasswordBodySchema = lazy(() => z.strictObject({ password: z.string() }).partial())

/**
 * The body parsed, or the documented 400: a missing or ill-typed field is a bad parameter (reference-more §3.2,
 * §3.4, §10: 400). `codes` names the specific code of a field where the reference documents one.
 */
export function parseAccessBody<T>(schema: z.ZodType<T>, input: unknown, codes: Partial<Record<string, ErrorCode>> = {}, fallback: ErrorCode = 'invalid_param'): T {
  const result = schema.safeParse(input ?? {})
  if (result.success) return result.data
  const issue = result.error.issues[0]
  const field = issue.code === 'unrecognized_keys' ? issue.keys[0] : String(issue.path[0] ?? '')
  const code = (Object.hasOwn(codes, field) ? codes[field] : undefined) ?? fallback
  throw reError(code, field ? `${field}: ${issue.message}` : issue.message)
}

// ---- slice parts, for validateSlice ----

export const storedRole = lazy(() => z.strictObject({
  account_id: int().optional(),
  management: z.enum(MANAGEMENT_ROLES),
  name: z.string().min(1),
  resources: resources().optional(),
  uid: uid(),
}))

export const storedRedisAcl = lazy(() => z.strictObject({ account_id: int().optional(), acl: z.string().min(1), name: z.string().min(1), uid: uid() }))

export const storedLdapMapping = lazy(() => z.strictObject({
  account_id: int().optional(),
  bdbs_email_alerts: z.array(z.string()),
  cluster_email_alerts: z.boolean(),
  dn: z.string().min(1),
  email: z.string(),
  email_alerts: z.boolean(),
  name: z.string().min(1),
  role_uids: z.array(int()).min(1),
  uid: uid(),
}))

export const accessSliceShape = lazy(() => ({
  roles: z.record(z.string(), storedRole()),
  redis_acls: z.record(z.string(), storedRedisAcl()),
  ldap_mappings: z.record(z.string(), z.lazy(storedLdapMapping)),
  ldap: ldapConfigBodySchema(),
  bdb_passwords: z.record(z.string(), z.array(z.string()).min(1)),
}))

/** The problem with the access parts of a parsed slice (uids must equal their keys), or undefined. */
export function accessSliceProblem(slice: { roles: Record<string, { uid: number }>; redis_acls: Record<string, { uid: number }>; ldap_mappings: Record<string, { uid: number }> }): string | undefined {
  for (const part of ['roles', 'redis_acls', 'ldap_mappings'] as const) {
    for (const [key, record] of Object.entries(slice[part])) if (String(record.uid) !== key) return `${part}.${key}: uid must equal its key`
  }
  return undefined
}
