// Access-management routes (reference-more §3, §10, §19): users, roles, Redis ACLs, LDAP mappings, the cluster LDAP
// configuration and database passwords. Routes real clusters lack (§1.3: /v1/roles/builtin, /v1/users/password,
// /v1/redis_acls/validate, /v1/cluster/ldap/test ...) are left to the provider's 404.
import type { Request, Response, Router } from 'express'
import { requestNow } from '../../../core/provider.js'
import { requirePermission as can } from '../auth.js'
import { readSlice, type Services } from '../service.js'
import { requireUidParam } from '../uids.js'
import { defaultLdapConfig } from './model.js'
import {
  bdbPasswordBodySchema,
  createUserSchema,
  ldapConfigBodySchema,
  ldapMappingBodySchema,
  parseAccessBody,
  redisAclBodySchema,
  roleBodySchema,
  updateUserSchema,
} from './schemas.js'
import {
  changeBdbPasswords,
  createLdapMapping,
  createRedisAcl,
  createRole,
  deleteLdapMapping,
  deleteRedisAcl,
  deleteRole,
  findLdapMapping,
  findRedisAcl,
  findRole,
  listLdapMappings,
  listRedisAcls,
  listRoles,
  resetLdapConfig,
  updateLdapConfig,
  updateLdapMapping,
  updateRedisAcl,
  updateRole,
  type PasswordChange,
} from './service.js'
import { createUser, deleteUser, findUser, updateUser } from './users.js'

const param = (req: Request, name: string): string => String(req.params[name])
/** A `{int: uid}` segment that is not a uid matches no route (404) whatever the body holds (reference-more §1.3). */
const uidParam = (req: Request): string => String(requireUidParam(param(req, 'uid')))
const dryRun = (req: Request) => Object.hasOwn(req.query, 'dry_run')
const body = (req: Request): unknown => req.body ?? {}

/** reference-more §1.2: mutations that "return a status code" answer 200 with no body. */
function emptyOk(res: Response): void {
  res.status(200).type('application/json').end()
}

// reference-more §10.1: the documented code of each ill-typed mapping field
const MAPPING_CODES = { name: 'invalid_name_param', dn: 'invalid_dn_param', role_uids: 'invalid_role_uids_param', account_id: 'invalid_account_id_param' } as const

// reference-more §19: PUT replaces every password, POST adds one, DELETE removes one
const PASSWORD_CHANGES: Record<'put' | 'post' | 'delete', PasswordChange> = { put: 'replace', post: 'add', delete: 'remove' }

export function accessRoutes(router: Router, services: Services): void {
  const slice = () => readSlice(services)

  // users (reference §6; permissions D:permissions)
  router.get('/v1/users', can('view_all_users_info'), (_req, res) => {
    res.json(Object.values(slice().users).sort((a, b) => a.uid - b.uid))
  })
  router.get('/v1/users/:uid', can('view_user_info'), (req, res) => {
    res.json(findUser(slice(), param(req, 'uid')))
  })
  router.post('/v1/users', can('create_new_user'), async (req, res) => {
    res.json(await createUser(services, createUserSchema().parse(body(req)), requestNow(res)))
  })
  router.put('/v1/users/:uid', can('update_user'), async (req, res) => {
    const uid = uidParam(req)
    res.json(await updateUser(services, uid, updateUserSchema().parse(body(req)), requestNow(res)))
  })
  router.delete('/v1/users/:uid', can('delete_user'), async (req, res) => {
    await deleteUser(services, param(req, 'uid'), requestNow(res))
    emptyOk(res)
  })

  // roles (reference-more §3.2)
  router.get('/v1/roles', can('view_all_roles_info'), (_req, res) => {
    res.json(listRoles(slice()))
  })
  router.get('/v1/roles/:uid', can('view_role_info'), (req, res) => {
    res.json(findRole(slice(), param(req, 'uid')))
  })
  router.post('/v1/roles', can('create_role'), async (req, res) => {
    res.json(await createRole(services, parseAccessBody(roleBodySchema(), body(req)), dryRun(req), requestNow(res)))
  })
  router.put('/v1/roles/:uid', can('update_role'), async (req, res) => {
    const uid = uidParam(req)
    res.json(await updateRole(services, uid, parseAccessBody(roleBodySchema(), body(req)), dryRun(req), requestNow(res)))
  })
  router.delete('/v1/roles/:uid', can('delete_role'), async (req, res) => {
    await deleteRole(services, param(req, 'uid'), dryRun(req), requestNow(res))
    emptyOk(res)
  })

  // Redis ACLs (reference-more §3.4)
  router.get('/v1/redis_acls', can('view_all_redis_acls_info'), (_req, res) => {
    res.json(listRedisAcls(slice()))
  })
  router.get('/v1/redis_acls/:uid', can('view_redis_acl_info'), (req, res) => {
    res.json(findRedisAcl(slice(), param(req, 'uid')))
  })
  router.post('/v1/redis_acls', can('create_redis_acl'), async (req, res) => {
    res.json(await createRedisAcl(services, parseAccessBody(redisAclBodySchema(), body(req)), dryRun(req), requestNow(res)))
  })
  router.put('/v1/redis_acls/:uid', can('update_redis_acl'), async (req, res) => {
    const uid = uidParam(req)
    res.json(await updateRedisAcl(services, uid, parseAccessBody(redisAclBodySchema(), body(req)), dryRun(req), requestNow(res)))
  })
  router.delete('/v1/redis_acls/:uid', can('delete_redis_acl'), async (req, res) => {
    await deleteRedisAcl(services, param(req, 'uid'), requestNow(res))
    emptyOk(res)
  })

  // LDAP mappings (reference-more §10.1)
  router.get('/v1/ldap_mappings', can('view_all_ldap_mappings_info'), (_req, res) => {
    res.json(listLdapMappings(slice()))
  })
  router.get('/v1/ldap_mappings/:uid', can('view_ldap_mapping_info'), (req, res) => {
    res.json(findLdapMapping(slice(), param(req, 'uid')))
  })
  router.post('/v1/ldap_mappings', can('create_ldap_mapping'), async (req, res) => {
    res.json(await createLdapMapping(services, parseAccessBody(ldapMappingBodySchema(), body(req), MAPPING_CODES), requestNow(res)))
  })
  router.put('/v1/ldap_mappings/:uid', can('update_ldap_mapping'), async (req, res) => {
    const uid = uidParam(req)
    res.json(await updateLdapMapping(services, uid, parseAccessBody(ldapMappingBodySchema(), body(req), MAPPING_CODES), requestNow(res)))
  })
  router.delete('/v1/ldap_mappings/:uid', can('delete_ldap_mapping'), async (req, res) => {
    await deleteLdapMapping(services, param(req, 'uid'), requestNow(res))
    emptyOk(res)
  })

  // cluster LDAP configuration (reference-more §10.2): PUT and DELETE answer 200 with no body
  router.get('/v1/cluster/ldap', can('view_ldap_config'), (_req, res) => {
    res.json(slice().ldap)
  })
  router.put('/v1/cluster/ldap', can('config_ldap'), async (req, res) => {
    await updateLdapConfig(services, parseAccessBody(ldapConfigBodySchema(), body(req)), requestNow(res))
    emptyOk(res)
  })
  router.delete('/v1/cluster/ldap', can('config_ldap'), async (_req, res) => {
    await resetLdapConfig(services, defaultLdapConfig(), requestNow(res))
    emptyOk(res)
  })

  // default-user passwords of a database (reference-more §19; permission update_bdb)
  for (const method of ['put', 'post', 'delete'] as const) {
    router[method]('/v1/bdbs/:uid/passwords', can('update_bdb'), async (req, res) => {
      const uid = uidParam(req)
      const { password } = parseAccessBody(bdbPasswordBodySchema(), body(req), {}, 'invalid_password')
      await changeBdbPasswords(services, uid, PASSWORD_CHANGES[method], password)
      emptyOk(res)
    })
  }
}
