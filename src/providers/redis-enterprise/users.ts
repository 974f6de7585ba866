// Management users of the cluster (/v1/users) and the built-in roles (/v1/roles); users log in with email + password.
import { reError } from './errors.js'
import { buildUser, roleUid, wireTime, ROLES, type Catalogue, type RedisEnterpriseSlice, type Role, type User } from './model.js'
import { PROVIDER_ID, type Services } from './service.js'
import { findByUid } from './uids.js'
import type { z } from 'zod'
import type { createUserSchema, updateUserSchema } from './schemas.js'

type CreateUserBody = z.infer<typeof createUserSchema>
type UpdateUserBody = z.infer<typeof updateUserSchema>

export function findUser(slice: RedisEnterpriseSlice, raw: string): User {
  return findByUid(slice.users, raw, 'user_not_exist', 'User')
}

/** `role` wins; otherwise the first of `role_uids` names the built-in role. */
function roleFrom(catalogue: Catalogue, body: { role?: Role; role_uids?: number[] }): Role | undefined {
  if (body.role) return body.role
  if (!body.role_uids) return undefined
  const role = catalogue.roles.find((r) => r.uid === body.role_uids![0])?.management
  if (!role || body.role_uids.length !== 1) throw reError('invalid_user', `role_uids must name one of the built-in roles: ${catalogue.roles.map((r) => r.uid).join(', ')}`)
  return role
}

function checkEmailFree(slice: RedisEnterpriseSlice, email: string, exceptUid?: number): void {
  if (Object.values(slice.users).some((u) => u.email === email && u.uid !== exceptUid)) {
    throw reError('user_exists', `A user with the email ${email} already exists`)
  }
}

function checkPasswordLength(catalogue: Catalogue, password: string): void {
  // captures/cluster.json: password_min_length 8
  const min = catalogue.cluster.password_min_length as number
  if (password.length < min) throw reError('password_not_complex', `The password must be at least ${min} characters long`)
}

export async function createUser(services: Services, body: CreateUserBody, now: number): Promise<User> {
  return services.store.mutate<RedisEnterpriseSlice, User>(PROVIDER_ID, (draft) => {
    if (!body.email) throw reError('invalid_user', 'email is a required property')
    if (body.password === undefined) throw reError('invalid_user', 'password is a required property')
    const role = roleFrom(services.catalogue, body)
    if (!role) throw reError('invalid_user', `role is a required property (one of ${ROLES.join(', ')})`)
    checkPasswordLength(services.catalogue, body.password)
    checkEmailFree(draft, body.email)
    const uid = draft.sequences.user ?? 1
    draft.sequences.user = uid + 1
    const user = buildUser(services.catalogue, {
      uid,
      email: body.email,
      name: body.name ?? '',
      role,
      password_issue_date: wireTime(now),
      email_alerts: body.email_alerts,
    })
    draft.users[String(uid)] = user
    draft.passwords[String(uid)] = body.password
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
    const role = roleFrom(services.catalogue, body)
    if (role) {
      user.role = role
      user.role_uids = [roleUid(services.catalogue, role)]
    }
    if (body.name !== undefined) user.name = body.name
    if (body.email_alerts !== undefined) user.email_alerts = body.email_alerts
    if (body.status !== undefined) user.status = body.status
    if (body.password !== undefined) {
      checkPasswordLength(services.catalogue, body.password)
      draft.passwords[String(user.uid)] = body.password
      user.password_issue_date = wireTime(now)
    }
    return { ...user, role_uids: [...user.role_uids] }
  })
}

export async function deleteUser(services: Services, raw: string): Promise<void> {
  await services.store.mutate<RedisEnterpriseSlice>(PROVIDER_ID, (draft) => {
    const user = findUser(draft, raw)
    delete draft.users[String(user.uid)]
    delete draft.passwords[String(user.uid)]
  })
}
