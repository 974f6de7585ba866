// JDCloud JCS for Redis API v1 (seed 000): the 10 interfaces under /v1/regions/{regionId}/..., signed requests.
import express, { Router, type NextFunction, type Request, type Response } from 'express'
import type { Provider } from '../../core/provider.js'
import { authenticate, defaultAccessKey, SETTINGS } from './auth.js'
import { credentialAccessKey } from './signature.js'
import { validateSlice } from './schemas.js'
import { coreError, renderError } from './errors.js'
import { DELAYS, jdcloudLifecycle } from './lifecycle.js'
import { loadSlice, type JdcloudSlice } from './model.js'
import { jdcloudRealRedis } from './real-redis.js'
import { jdcloudRoutes } from './routes.js'
import { backupDownloads } from './backups/download.js'
import { jdcloudDashboard } from './dashboard.js'
import { jdcloudApi } from './openapi.js'

export type { JdcloudSlice } from './model.js'

/**
 * Keeps the raw body bytes for the signature (reference §5 step 6); JSON is parsed after auth, from these bytes.
 * req.body stays the Buffer, which the request journal decodes and redacts.
 */
function keepRawBody(req: Request, res: Response, next: NextFunction): void {
  res.locals.rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0)
  next()
}

export const jdcloud: Provider<JdcloudSlice> = {
  id: 'jdcloud',
  title: 'JDCloud JCS for Redis',
  listeners: [{ name: '', defaultPort: 7101, tls: false }],
  delays: {
    [DELAYS.create]: 1000,
    [DELAYS.modifyClass]: 1000,
    [DELAYS.delete]: 500,
    [DELAYS.clearData]: 2000,
    [DELAYS.cacheAnalysis]: 2000,
    [DELAYS.bigKeyAnalysis]: 2000,
    [DELAYS.backup]: 1000,
    [DELAYS.restore]: 1000,
    [DELAYS.configure]: 500,
  },
  flags: [
    {
      flag: 'verify-signatures',
      setting: SETTINGS.verifySignatures,
      type: 'boolean',
      description: 'verify JDCLOUD2/JDCLOUD3-HMAC-SHA256 signatures (false: the Credential access key, or the default account, identifies the caller)',
      default: true,
    },
    {
      flag: 'max-date-skew-seconds',
      setting: SETTINGS.maxDateSkewSeconds,
      type: 'integer',
      description: 'largest allowed distance between x-jdcloud-date and the real wall clock, in seconds (0: no check)',
      default: 900,
    },
    {
      flag: 'verify-nonces',
      setting: SETTINGS.verifyNonces,
      type: 'boolean',
      description: 'refuse a signed request whose x-jdcloud-nonce was already used inside the date window (false: replays are accepted)',
      default: true,
    },
  ],
  emptyState: ({ fixturesDir }) => loadSlice(fixturesDir),
  lifecycle: jdcloudLifecycle,
  bodyParsers: (limit) => [express.raw({ type: () => true, limit }), keepRawBody],
  router: (ctx) => {
    const router = Router()
    router.use(backupDownloads(ctx))
    router.use(authenticate(ctx))
    router.use(jdcloudRoutes(ctx))
    return router
  },
  coreError,
  renderError,
  // The access key in the Credential, unverified: lets test tooling (faults, journal) target one account.
  accountOf: (req) => credentialAccessKey(req.get('authorization')),
  validateSlice,
  dashboard: jdcloudDashboard,
  realRedis: jdcloudRealRedis,
  openapi: jdcloudApi,
  banner: (ctx) => {
    const slice = ctx.store.read<JdcloudSlice>('jdcloud')
    const lines = Object.values(slice.accounts).map((a) => `account ${a.name}: accessKeyId ${a.accessKey}  secretAccessKey ${a.secretKey}`)
    const verifying = ctx.settings[SETTINGS.verifySignatures] !== false
    lines.push(
      verifying
        ? 'signatures verified (JDCLOUD2/JDCLOUD3-HMAC-SHA256, service redis); --jdcloud-verify-signatures false turns this off'
        : `signatures NOT verified; callers without a Credential use account ${defaultAccessKey(slice)}`,
      'regions cn-north-1, cn-south-1, cn-east-2; SDK endpoint {host: "127.0.0.1:<port>", protocol: "http"}',
    )
    return lines
  },
}
