// Management users of the cluster (/v1/users): log in with email + password; their role_uids name roles of /v1/roles.
import { clusterAttribute } from '../cluster/settings.js'
import { reError } from '../errors.js'
import { buildUser, wireTime, ROLES, type RedisEnterpriseSlice, type Role, type User } from '../model.js'
import { PROVIDER_ID, type Services } from '../service.js'
import { findByUid } from '../uids.js'
import type { CreateUserBody, UpdateUserBody } from './schemas.js'
import { logEvent } from '../logs/service.js'

const userFields = (user: User) => ({ user_uid: String(user.uid), user_email: user.email, user_name: user.name })

export function findUser(slice: RedisEnterpriseSlice, raw: string): User {
  return findByUid(slice.users, raw, 'user_not_exist', 'User')
}

/** The built-in role (lowest uid) with this management value. */
function builtInRoleUid(slice: RedisEnterpriseSlice, management: Role): number | undefined {
  let found: number | undefined
  for (const role of Object.values(slice.roles)) if (role.management === management && (found === undefined || role.uid < found)) found = role.uid
  return found
}

/**
 * `role` (deprecated, a management value) names the built-in role; `role_uids` names any roles of /v1/roles
 * (reference-more §3.1: the vault plugin sends the uid of a role it created). The user's `role` is the management of
 * its first role.
 */
function rolesFrom(slice: RedisEnterpriseSlice, body: { role?: Role; role_uids?: number[] }): { role: Role; role_uids: number[] } | undefined {
  if (body.role) {
    const uid = builtInRoleUid(slice, body.role)
    if (uid === undefined) throw reError('invalid_user', `No role has the management value ${body.role}`)
    return { role: body.role, role_uids: [uid] }
  }
  if (!body.role_uids) return undefined
  const unknown = body.role_uids.find((uid) => !Object.hasOwn(slice.roles, String(uid)))
  if (body.role_uids.length === 0 || unknown !== undefined) {
    throw reError('invalid_user', `role_uids must name existing roles (${Object.keys(slice.roles).join(', ')})`)
  }
  const role_uids = [...new Set(body.role_uids)]
  return { role: slice.roles[String(role_uids[0])].management, role_uids }
}

function checkEmailFree(slice: RedisEnterpriseSlice, email: string, exceptUid?: number): void {
  if (!email) return
  if (Object.values(slice.users).some((u) => u.email === email && u.uid !== exceptUid)) {
    throw reError('user_exists', `A user with the email ${email} already exists`)
  }
}

function checkPasswordLength(services: Services, slice: RedisEnterpriseSlice, password: string): void {
  // the cluster's password_min_length (8 in captures/cluster.json), as PUT /v1/cluster last set it
  const min = clusterAttribute(services, slice, 'password_min_length') as number
  if (password.length < min) throw reError('password_not_complex', `The password must be at least ${min} characters long`)
}

export async function createUser(services: Services, body: CreateUserBody, now: number): Promise<User> {
  return services.store.mutate<RedisEnterpriseSlice, User>(PROVIDER_ID, (draft) => {
    // reference-more §3.2: the vault plugin creates users with a name and no email
    if (!body.email && !body.name) throw reError('invalid_user', 'email is a required property')
    if (body.password === undefined) throw reError('invalid_user', 'password is a required property')
    const roles = rolesFrom(draft, body)
    if (!roles) throw reError('invalid_user', `role is a required property (one of ${ROLES.join(', ')})`)
    checkPasswordLength(services, draft, body.password)
    checkEmailFree(draft, body.email ?? '')
    const uid = draft.sequences.user ?? 1
    draft.sequences.user = uid + 1
    const user = buildUser(services.catalogue, {
      uid,
      email: body.email ?? '',
      name: body.name ?? '',
      role: roles.role,
      role_uids: roles.role_uids,
      password_issue_date: wireTime(now),
      email_alerts: body.email_alerts,
    })
    draft.users[String(uid)] = user
    draft.passwords[String(uid)] = body.password
    // docs "User event logs": user_created, user_updated, user_deleted
    logEvent(draft, now, 'user_created', userFields(user))
    return user
  })
}

export async function updateUser(services: Services, raw: string, body: UpdateUserBody, now: number): Promise<User> {
  return services.store.mutate<RedisEnterpriseSlice, User>(PROVIDER_ID, (draft) => {
    const user = findUser(draft, raw)
    if (body.uid !== undefined && body.uid !== user.uid) throw reError('invalid_user', 'uid cannot be changed')
    if (body.email !== undefined) {
      checkEmailFree(draft, body.email, user.uid)
      user.email = body.email
    }
    const roles = rolesFrom(draft, body)
    if (roles) {
      user.role = roles.role
      user.role_uids = roles.role_uids
    }
    if (body.name !== undefined) user.name = body.name
    if (body.email_alerts !== undefined) user.email_alerts = body.email_alerts
    if (body.status !== undefined) user.status = body.status
    if (body.password !== undefined) {
      checkPasswordLength(services, draft, body.password)
      draft.passwords[String(user.uid)] = body.password
      user.password_issue_date = wireTime(now)
    }
    logEvent(draft, now, 'user_updated', userFields(user))
    return { ...user, role_uids: [...user.role_uids] }
  })
}

export async function deleteUser(services: Services, raw: string, now: number): Promise<void> {
  await services.store.mutate<RedisEnterpriseSlice>(PROVIDER_ID, (draft) => {
    const user = findUser(draft, raw)
    logEvent(draft, now, 'user_deleted', userFields(user))
    delete draft.users[String(user.uid)]
    delete draft.passwords[String(user.uid)]
  })
}
