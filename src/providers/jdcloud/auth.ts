// JDCloud auth: verifies the request signature (reference §5) and resolves the caller's account (one per access key).
// With verification off (--jdcloud-verify-signatures false) the access key in the Credential, or the default account,
// identifies the caller.
import type { NextFunction, Request, RequestHandler, Response } from 'express'
import type { ProviderContext } from '../../core/provider.js'
import { unauthenticated } from './errors.js'
import type { JdcloudSlice } from './model.js'
import { DEFAULT_NONCE_WINDOW_MS, NonceMemory } from './nonces.js'
import type { Scope } from './service.js'
import { computeSignature, credentialAccessKey, parseAuthorization, parseJdcloudDate, signaturesMatch } from './signature.js'

export const SETTINGS = {
  verifySignatures: 'verifySignatures',
  maxDateSkewSeconds: 'maxDateSkewSeconds',
  verifyNonces: 'verifyNonces',
} as const

/** The service name in the credential scope (reference §5: service = redis). */
const SERVICE = 'redis'

export type Caller = Omit<Scope, 'regionId'>

/** The raw body bytes kept by the provider's body parser (the signature covers them, step 6). */
export function rawBody(res: Response): Buffer {
  return (res.locals.rawBody as Buffer | undefined) ?? Buffer.alloc(0)
}

export function caller(res: Response): Caller {
  return res.locals.jdcloudCaller as Caller
}

/** The regionId path segment, which the credential scope must name (SDKs sign with the path's region). */
function pathRegion(req: Request): string | undefined {
  const segment = req.path.match(/^\/v1\/regions\/([^/]+)/)?.[1]
  if (segment === undefined) return undefined
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

function callerFor(slice: JdcloudSlice, accessKey: string): Caller {
  const account = Object.prototype.hasOwnProperty.call(slice.accounts, accessKey) ? slice.accounts[accessKey] : undefined
  return { account: accessKey, instanceQuota: account?.instanceQuota ?? slice.defaultQuota, whiteListed: account?.whiteListed ?? false }
}

function verify(ctx: ProviderContext, req: Request, res: Response, nonces: NonceMemory): Caller {
  const slice = ctx.store.read<JdcloudSlice>('jdcloud')
  const header = req.get('authorization')
  if (!header) throw unauthenticated('the request has no Authorization header')
  const auth = parseAuthorization(header)
  if (!auth) throw unauthenticated('the Authorization header is malformed')
  const account = Object.prototype.hasOwnProperty.call(slice.accounts, auth.accessKey) ? slice.accounts[auth.accessKey] : undefined
  if (!account) throw unauthenticated(`the access key ${auth.accessKey} does not exist`)
  if (auth.service !== SERVICE) throw unauthenticated(`the credential scope names service ${auth.service}, expected ${SERVICE}`)
  const dateHeader = req.get('x-jdcloud-date')
  const signedAt = parseJdcloudDate(dateHeader)
  if (signedAt === undefined) throw unauthenticated('the x-jdcloud-date header is missing or malformed')
  if (!dateHeader!.startsWith(auth.scopeDate)) throw unauthenticated('the credential scope date does not match x-jdcloud-date')
  const region = pathRegion(req)
  if (region !== undefined && region !== auth.region) throw unauthenticated(`the credential scope names region ${auth.region}, the path ${region}`)
  // Compared with the real wall clock: SDKs sign with real time while tests move the emulator clock.
  const skewMs = Number(ctx.settings[SETTINGS.maxDateSkewSeconds]) * 1000
  if (skewMs > 0 && Math.abs(Date.now() - signedAt) > skewMs) throw unauthenticated('the request date x-jdcloud-date is too far from the server time')
  const expected = computeSignature(auth, account.secretKey, dateHeader!, {
    method: req.method,
    rawUrl: req.originalUrl,
    headers: req.headers,
    body: rawBody(res),
  })
  if (!signaturesMatch(expected, auth.signature)) throw unauthenticated('the request signature does not match')
  // issue 16: one signed create replayed made three instances; a nonce counts once inside the date window.
  const nonce = req.get('x-jdcloud-nonce')
  if (nonce !== undefined && ctx.settings[SETTINGS.verifyNonces] !== false) {
    if (!nonces.remember(auth.accessKey, nonce, signedAt, skewMs > 0 ? skewMs : DEFAULT_NONCE_WINDOW_MS)) {
      throw unauthenticated('the request nonce x-jdcloud-nonce has already been used')
    }
  }
  return callerFor(slice, auth.accessKey)
}

export function defaultAccessKey(slice: JdcloudSlice): string {
  return Object.keys(slice.accounts)[0]
}

export function authenticate(ctx: ProviderContext): RequestHandler {
  // One memory per provider app: replays are refused while the emulator runs (a restart forgets, as the window would).
  const nonces = new NonceMemory()
  return (req: Request, res: Response, next: NextFunction) => {
    if (ctx.settings[SETTINGS.verifySignatures] === false) {
      const slice = ctx.store.read<JdcloudSlice>('jdcloud')
      res.locals.jdcloudCaller = callerFor(slice, credentialAccessKey(req.get('authorization')) ?? defaultAccessKey(slice))
      return next()
    }
    res.locals.jdcloudCaller = verify(ctx, req, res, nonces)
    next()
  }
}
