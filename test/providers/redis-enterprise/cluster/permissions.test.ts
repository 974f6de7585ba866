// Every cluster set-up route x every management role: exactly its documented 2xx, or 403 insufficient_permissions
// (reference §1.1: user_manager holds install_new_license, update_proxy and every view_* row here except the OCSP
// ones; none holds no REST permission at all, so it gets 403 on every route).
import { describe, expect, it } from 'vitest'
import { createReHarness, expectError, ROLE_NAMES, type ReHarness, type RoleName } from '../../../helpers/redis-enterprise.js'
import { CERTS, licenseKey } from './helpers.js'

// every role but none
const ALL: RoleName[] = ['admin', 'cluster_member', 'cluster_viewer', 'db_member', 'db_viewer', 'user_manager']
const ADMIN: RoleName[] = ['admin']
// install_new_license and update_proxy (reference §1.1: A UM)
const USER_ADMINS: RoleName[] = ['admin', 'user_manager']

interface Case {
  method: 'get' | 'put' | 'post' | 'delete'
  path: string
  body?: unknown
  allowed: RoleName[]
  ok?: number
  arrange?: (h: ReHarness) => Promise<unknown>
}

const installOcspProxy = (h: ReHarness) => h.as('admin').put('/v1/cluster/certificates', { certificates: [{ name: 'proxy', ...CERTS.ocsp }] })

const CASES: Case[] = [
  { method: 'get', path: '/v1/cluster', allowed: ALL },
  { method: 'put', path: '/v1/cluster', body: { email_alerts: true }, allowed: ADMIN },
  { method: 'put', path: '/v1/cluster?dry_run', body: { email_alerts: true }, allowed: ADMIN },
  { method: 'get', path: '/v1/cluster/policy', allowed: ALL },
  { method: 'put', path: '/v1/cluster/policy', body: { default_shards_placement: 'sparse' }, allowed: ADMIN },
  { method: 'put', path: '/v1/cluster/policy/restore_default', body: {}, allowed: ADMIN },
  { method: 'get', path: '/v1/cluster/services_configuration', allowed: ALL },
  { method: 'put', path: '/v1/cluster/services_configuration', body: { stats_archiver: { operating_mode: 'enabled' } }, allowed: ADMIN },
  { method: 'get', path: '/v1/cluster/certificates', allowed: ALL },
  { method: 'put', path: '/v1/cluster/certificates', body: { certificates: [{ name: 'api', ...CERTS.plain }] }, allowed: ADMIN },
  { method: 'put', path: '/v1/cluster/update_cert', body: { name: 'api', ...CERTS.plain }, allowed: ADMIN },
  {
    method: 'delete',
    path: '/v1/cluster/certificates/ldap_client',
    allowed: ADMIN,
    arrange: (h) => h.as('admin').put('/v1/cluster/certificates', { certificates: [{ name: 'ldap_client', ...CERTS.plain }] }),
  },
  { method: 'get', path: '/v1/license', allowed: ALL },
  { method: 'put', path: '/v1/license', body: { license: licenseKey({ shards_limit: 10, expiration_date: '2030-01-01T00:00:00Z' }) }, allowed: USER_ADMINS },
  { method: 'get', path: '/v1/ocsp', allowed: ADMIN },
  { method: 'put', path: '/v1/ocsp', body: { query_frequency: 7200 }, allowed: ADMIN },
  { method: 'get', path: '/v1/ocsp/status', allowed: ADMIN, arrange: installOcspProxy },
  { method: 'post', path: '/v1/ocsp/test', body: {}, allowed: ADMIN, arrange: installOcspProxy },
  { method: 'get', path: '/v1/proxies', allowed: ALL },
  { method: 'get', path: '/v1/proxies/1', allowed: ALL },
  { method: 'put', path: '/v1/proxies/1', body: { proxy: { threads: 4 } }, allowed: USER_ADMINS },
  { method: 'put', path: '/v1/proxies', body: { proxy: { threads: 4 } }, allowed: USER_ADMINS },
  { method: 'get', path: '/v1/suffixes', allowed: ALL },
  { method: 'get', path: '/v1/suffix/docker-cluster', allowed: ALL },
  { method: 'get', path: '/v1/bootstrap', allowed: ALL },
  // a bootstrapped node refuses to bootstrap again: every role that may read the status gets the 409 (bootstrap.test.ts);
  // none is refused first (403), as on every REST call
  { method: 'post', path: '/v1/bootstrap/create_cluster', body: {}, allowed: ALL, ok: 409 },
  { method: 'post', path: '/v1/bootstrap/validate/join_cluster', body: {}, allowed: ALL, ok: 409 },
  { method: 'get', path: '/v1/nodes', allowed: ALL },
  { method: 'get', path: '/v1/nodes/1', allowed: ALL },
  { method: 'get', path: '/v1/shards', allowed: ALL },
  { method: 'get', path: '/v1/modules', allowed: ALL },
]

describe('cluster set-up routes x management roles', () => {
  it.each(CASES.map((c) => [`${c.method.toUpperCase()} ${c.path}`, c] as const))('%s', async (_name, c) => {
    const h = await createReHarness()
    for (const role of ROLE_NAMES) {
      await c.arrange?.(h)
      const agent = h.as(role)
      const res = c.method === 'get' || c.method === 'delete' ? await agent[c.method](c.path) : await agent[c.method](c.path, c.body)
      if (c.allowed.includes(role)) expect(res.status, `${role}: ${res.text}`).toBe(c.ok ?? 200)
      else expectError(res, 403, 'insufficient_permissions')
    }
  })
})
