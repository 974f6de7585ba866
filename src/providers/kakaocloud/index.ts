// KakaoCloud Advanced Managed Redis (MemStore) API (seed 001) and its IAM token endpoint, on one port.
import type { Request } from 'express'
import type { Provider, ProviderContext } from '../../core/provider.js'
import { accountOf } from './auth.js'
import { coreError, renderError } from './errors.js'
import { kakaocloudLifecycle } from './lifecycle.js'
import { emptySlice, loadCredentials, type KakaocloudSlice } from './model.js'
import { kakaocloudRealRedis } from './real-redis.js'
import { kakaocloudRouter } from './routes.js'
import { validateSlice } from './schemas.js'
import { kakaocloudDashboard } from './dashboard.js'
import { kakaocloudApi } from './openapi.js'

export type { KakaocloudSlice } from './model.js'

/** The two optional hooks are spelled out so the definition type-checks with or without them in the core contract. */
type KakaocloudProvider = Provider<KakaocloudSlice> & {
  accountOf(req: Request, ctx: ProviderContext): string | undefined
  validateSlice(slice: unknown): string | undefined
}

export const kakaocloud: KakaocloudProvider = {
  id: 'kakaocloud',
  title: 'KakaoCloud Advanced Managed Redis',
  listeners: [{ name: '', defaultPort: 7102, tls: false }],
  delays: {
    'kakaocloud.cluster.create': 1000,
    'kakaocloud.cluster.modify': 500,
    'kakaocloud.cluster.delete': 500,
    'kakaocloud.backup.create': 500,
  },
  emptyState: ({ fixturesDir }) => emptySlice(fixturesDir),
  lifecycle: kakaocloudLifecycle,
  router: kakaocloudRouter,
  coreError,
  renderError,
  accountOf,
  validateSlice,
  dashboard: kakaocloudDashboard,
  realRedis: kakaocloudRealRedis,
  openapi: kakaocloudApi,
  banner: (ctx) => {
    const credentials = loadCredentials(ctx.fixturesDir)
    const key = credentials.applicationCredentials[0]
    return [
      `IAM: POST /identity/v3/auth/tokens with application credential id ${key.id} and secret ${key.secret}`,
      `ready-made token (X-Auth-Token, valid until ${credentials.readyMadeToken.expiresAt}): ${credentials.readyMadeToken.id}`,
    ]
  },
}
