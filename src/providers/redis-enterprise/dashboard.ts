// What the dashboard shows of the Redis Enterprise cluster: databases, users and actions, its error codes, snippets.
import type { DashboardSpec } from '../../core/provider.js'
import { ERRORS } from './errors.js'
import type { RedisEnterpriseSlice } from './model.js'

export const redisEnterpriseDashboard: DashboardSpec<RedisEnterpriseSlice> = {
  collections: [
    // GET /v1/bdbs/{uid} answers the stored bdb as it is (seed 004)
    { collection: 'bdbs', kind: 'database', openapiTag: 'bdbs', name: (bdb) => bdb.name, status: (bdb) => bdb.status, body: (bdb) => bdb },
    { collection: 'users', kind: 'user', openapiTag: 'access', name: (user) => user.email, status: (user) => user.status, body: (user) => user },
    // access management (reference-more §3, §10): GET /v1/roles/{uid}, /v1/redis_acls/{uid}, /v1/ldap_mappings/{uid}
    { collection: 'roles', kind: 'role', openapiTag: 'access', name: (role) => role.name, body: (role) => role },
    { collection: 'redis_acls', kind: 'Redis ACL', openapiTag: 'access', name: (acl) => acl.name, body: (acl) => acl },
    { collection: 'ldap_mappings', kind: 'LDAP mapping', openapiTag: 'access', name: (mapping) => mapping.name, body: (mapping) => mapping },
    { collection: 'actions', kind: 'action', openapiTag: 'actions', name: (action) => action.name ?? action.action_uid, status: (action) => action.status, body: (action) => action },
  ],
  errorCodes: ERRORS,
  // fixtures' default credentials
  credentials: () => ({ Authorization: `Basic ${Buffer.from('admin@redis.local:admin-pass').toString('base64')}` }),
  snippets: (url) => [
    { title: 'curl: list databases', code: `curl -k -u admin@redis.local:admin-pass ${url}/v1/bdbs` },
    {
      title: 'curl: create a database',
      code: `curl -k -u admin@redis.local:admin-pass -H 'Content-Type: application/json' -d '{"name":"cache","memory_size":104857600}' ${url}/v1/bdbs`,
    },
  ],
}
