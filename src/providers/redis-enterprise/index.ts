// Redis Enterprise Software cluster REST API (seeds 002, 004): HTTPS 9443 and plain HTTP 8080, one app on both.
import { basicCredentials } from '../../core/basic-auth.js'
import type { Provider, ProviderContext } from '../../core/provider.js'
import { settingsOf } from './settings.js'
import { coreError, renderError } from './errors.js'
import { lifecycle } from './lifecycle.js'
import { emptySlice, loadCatalogue, type RedisEnterpriseSlice } from './model.js'
import { redisEnterpriseRealRedis } from './real-redis.js'
import { buildRoutes } from './routes.js'
import { validateSlice } from './schemas.js'
import { createMetricsApp } from './metrics/app.js'
import { setMetric } from './metrics/hook.js'
import { PROVIDER_ID, type Services } from './service.js'
import { redisEnterpriseDashboard } from './dashboard.js'
import { redisEnterpriseApi } from './openapi.js'
import { OPERATION_DELAYS } from './operations/service.js'
import { alertControlRoutes } from './alerts/control.js'

export type { RedisEnterpriseSlice } from './model.js'

function servicesOf(ctx: ProviderContext): Services {
  const settings = settingsOf(ctx)
  return { store: ctx.store, delays: ctx.delays, catalogue: loadCatalogue(ctx.fixturesDir), settings, realRedis: ctx.realRedis }
}

export const redisEnterprise: Provider<RedisEnterpriseSlice> = {
  id: PROVIDER_ID,
  title: 'Redis Enterprise Software',
  listeners: [
    { name: '', defaultPort: 9443, tls: true },
    { name: 'http', defaultPort: 8080, tls: false },
    // reference metrics §1.1: the Prometheus exporter, HTTPS on 8070
    { name: 'metrics', defaultPort: 8070, tls: true, serve: (ctx) => createMetricsApp(servicesOf(ctx), ctx.clock) },
  ],
  delays: {
    'redis-enterprise.bdb.create': 1000,
    'redis-enterprise.bdb.update': 500,
    'redis-enterprise.bdb.delete': 500,
    // cluster/bootstrap.ts: initiated -> creating_cluster, then -> completed; 10 s in all, within the 15 s redisctl's
    // init-cluster waits before its first POST /v1/bdbs (reference §2; the captured bootstrap took 16 s)
    'redis-enterprise.bootstrap.start': 1000,
    'redis-enterprise.bootstrap.create': 9000,
    ...OPERATION_DELAYS,
  },
  flags: [
    // 3 nodes: the documented minimum for a production cluster, so replication works out of the box; 1 = the captured docker cluster
    { flag: 'nodes', setting: 'nodes', type: 'integer', description: 'number of nodes in the emulated cluster', default: 3 },
    // captures/license.json: the trial licence allows 4 shards
    { flag: 'shards-limit', setting: 'shardsLimit', type: 'integer', description: 'licence shards limit (a replicated shard counts twice)', default: 4 },
    // reference §9: "Duplicate database names are rejected (M) — make it a configurable 409"
    { flag: 'unique-db-names', setting: 'uniqueDbNames', type: 'boolean', description: 'refuse a database name another database has (409 name_already_exists)', default: true },
    // reference §2: false starts an unbootstrapped node (GET /v1/bootstrap idle, POST /v1/bootstrap/create_cluster)
    { flag: 'bootstrapped', setting: 'bootstrapped', type: 'boolean', description: 'start as a bootstrapped cluster (false: a fresh node waiting for POST /v1/bootstrap/create_cluster)', default: true },
    { flag: 'license-expired', setting: 'licenseExpired', type: 'boolean', description: 'emulate an expired licence (403 on create and update-with-action)', default: false },
  ],
  emptyState: ({ fixturesDir }) => emptySlice(fixturesDir),
  lifecycle,
  router: (ctx) => buildRoutes(servicesOf(ctx)),
  setMetric: (ctx, request) => setMetric(servicesOf(ctx), request),
  controlRoutes: alertControlRoutes,
  coreError,
  renderError,
  realRedis: redisEnterpriseRealRedis,
  // The account is the management user's email (seed 002: Basic auth, username is the email).
  accountOf: (req) => basicCredentials(req)?.user,
  validateSlice,
  dashboard: redisEnterpriseDashboard,
  openapi: redisEnterpriseApi,
  banner: (ctx) =>
    ctx.settings.bootstrapped === false
      ? ['unbootstrapped node: no users until POST /v1/bootstrap/create_cluster names one (GET /v1/bootstrap needs no auth)']
      : [
          'HTTP Basic (email:password), one default user per role:',
          ...loadCatalogue(ctx.fixturesDir).defaultUsers.map((u) => `  ${u.role.padEnd(15)} ${u.email}:${u.password}`),
          'Metrics exporter (Prometheus): the "metrics" url above, v1 on / and /metrics, v2 on /v2; no auth',
        ],
}
