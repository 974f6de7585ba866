// Redis To Go provisioning API (seed 003): instances in JSON and XML, Basic auth, plans and plan-change rules.
import { basicCredentials } from '../../core/basic-auth.js'
import type { Provider } from '../../core/provider.js'
import { redistogoBodyParsers } from './body.js'
import { coreError, renderError } from './errors.js'
import { DELAY_DEFAULTS, redistogoLifecycle } from './lifecycle.js'
import { emptyRedistogoSlice, type RedistogoSlice } from './model.js'
import { redistogoRealRedis } from './real-redis.js'
import { redistogoRouter } from './routes.js'
import { validateSlice } from './schemas.js'
import { PROVIDER_ID } from './service.js'

export type { RedistogoSlice } from './model.js'

export const redistogo: Provider<RedistogoSlice> = {
  id: PROVIDER_ID,
  title: 'Redis To Go',
  listeners: [{ name: '', defaultPort: 7103, tls: false }],
  delays: DELAY_DEFAULTS,
  emptyState: ({ fixturesDir }) => emptyRedistogoSlice(fixturesDir),
  lifecycle: redistogoLifecycle,
  bodyParsers: redistogoBodyParsers,
  router: redistogoRouter,
  coreError,
  renderError,
  realRedis: redistogoRealRedis,
  // Each Basic-auth account is its own scope (seed 003).
  accountOf: (req) => basicCredentials(req)?.user,
  validateSlice,
  banner: (ctx) => {
    const accounts = ctx.store.read<RedistogoSlice>(PROVIDER_ID).accounts
    return [
      `Basic auth accounts (user:password): ${accounts.map((a) => `${a.username}:${a.password}`).join(', ')}`,
      'JSON or XML by suffix: GET /instances.json, GET /instances.xml; POST /instances.json {"instance":{"plan":"nano"}}',
    ]
  },
}
