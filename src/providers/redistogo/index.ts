// Redis To Go provisioning API (seed 003): instances in JSON and XML, Basic auth, plans and plan-change rules.
import type { Request } from 'express'
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
import { redistogoDashboard } from './dashboard.js'
import { redistogoApi } from './openapi.js'

export type { RedistogoSlice } from './model.js'

// The user an Authorization header names depends on the header alone: the last one is kept (clients repeat theirs).
let lastAuthorization: string | undefined
let lastUser: string | undefined

function accountOf(req: Request): string | undefined {
  const authorization = req.get('authorization')
  if (authorization !== lastAuthorization) {
    lastUser = basicCredentials(req)?.user
    lastAuthorization = authorization
  }
  return lastUser
}

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
  accountOf,
  validateSlice,
  dashboard: redistogoDashboard,
  openapi: redistogoApi,
  banner: (ctx) => {
    const accounts = ctx.store.read<RedistogoSlice>(PROVIDER_ID).accounts
    return [
      `Basic auth accounts (user:password): ${accounts.map((a) => `${a.username}:${a.password}`).join(', ')}`,
      'JSON or XML by suffix: GET /instances.json, GET /instances.xml; POST /instances.json {"instance":{"plan":"nano"}}',
    ]
  },
}
