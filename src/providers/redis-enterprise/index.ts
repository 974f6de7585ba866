// Redis Enterprise Software cluster REST API (seeds 002, 004): HTTPS 9443 and plain HTTP 8080, one app on both.
import { basicCredentials } from '../../core/basic-auth.js'
import type { Provider } from '../../core/provider.js'
import { settingsOf } from './settings.js'
import { coreError, renderError } from './errors.js'
import { lifecycle } from './lifecycle.js'
import { emptySlice, loadCatalogue, type RedisEnterpriseSlice } from './model.js'
import { redisEnterpriseRealRedis } from './real-redis.js'
import { buildRoutes } from './routes.js'
import { validateSlice } from './schemas.js'
import { PROVIDER_ID } from './service.js'
import { redisEnterpriseDashboard } from './dashboard.js'
import { OPERATION_DELAYS } from './operations/service.js'
import { alertControlRoutes } from './alerts/control.js'

export type { RedisEnterpriseSlice } from './model.js'

export const redisEnterprise: Provider<RedisEnterpriseSlice> = {
  id: PROVIDER_ID,
  title: 'Redis Enterprise Software',
  listeners: [
    { name: '', defaultPort: 9443, tls: true },
    { name: 'http', defaultPort: 8080, tls: false },
  ],
  delays: {
    'redis-enterprise.bdb.create': 1000,
    'redis-enterprise.bdb.update': 500,
    'redis-enterprise.bdb.delete': 500,
    ...OPERATION_DELAYS,
  },
  flags: [
    // 3 nodes: the documented minimum for a production cluster, so replication works out of the box; 1 = the captured docker cluster
    { flag: 'nodes', setting: 'nodes', type: 'integer', description: 'number of nodes in the emulated cluster', default: 3 },
    // captures/license.json: the trial licence allows 4 shards
    { flag: 'shards-limit', setting: 'shardsLimit', type: 'integer', description: 'licence shards limit (a replicated shard counts twice)', default: 4 },
    // reference §9: "Duplicate database names are rejected (M) — make it a configurable 409"
    { flag: 'unique-db-names', setting: 'uniqueDbNames', type: 'boolean', description: 'refuse a database name another database has (409 name_already_exists)', default: true },
    { flag: 'license-expired', setting: 'licenseExpired', type: 'boolean', description: 'emulate an expired licence (403 on create and update-with-action)', default: false },
  ],
  emptyState: ({ fixturesDir }) => emptySlice(fixturesDir),
  lifecycle,
  router: (ctx) => {
    return buildRoutes({ store: ctx.store, delays: ctx.delays, catalogue: loadCatalogue(ctx.fixturesDir), settings: settingsOf(ctx), realRedis: ctx.realRedis })
  },
  controlRoutes: alertControlRoutes,
  coreError,
  renderError,
  realRedis: redisEnterpriseRealRedis,
  // The account is the management user's email (seed 002: Basic auth, username is the email).
  accountOf: (req) => basicCredentials(req)?.user,
  validateSlice,
  dashboard: redisEnterpriseDashboard,
  banner: (ctx) => [
    'HTTP Basic (email:password), one default user per role:',
    ...loadCatalogue(ctx.fixturesDir).defaultUsers.map((u) => `  ${u.role.padEnd(15)} ${u.email}:${u.password}`),
  ],
}
