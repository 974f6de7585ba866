// HTTP Basic auth against the slice's accounts (seed 003), failing as Rails' authenticate_or_request_with_http_basic does.
import type { RequestHandler, Response } from 'express'
import basicAuth from 'express-basic-auth'
import type { ProviderContext } from '../../core/provider.js'
import type { Account, RedistogoSlice } from './model.js'
import { PROVIDER_ID } from './service.js'

/** reference section 1: the realm string is unknown; "Application" is Rails' default. */
export const REALM = 'Application'
export const ACCESS_DENIED = 'HTTP Basic: Access denied.\n'

function findAccount(ctx: ProviderContext, username: string, password: string): Account | undefined {
  const accounts = ctx.store.read<RedistogoSlice>(PROVIDER_ID).accounts
  // Compare against every account so the time taken does not tell which usernames exist.
  let found: Account | undefined
  for (const account of accounts) {
    const matches = basicAuth.safeCompare(username, account.username) && basicAuth.safeCompare(password, account.password)
    if (matches && !found) found = account
  }
  return found
}

export function requireAccount(ctx: ProviderContext): RequestHandler {
  // The account the authorizer found: express-basic-auth calls the authorizer and then next() synchronously, so the
  // callback below reads it before any other request can run (no second pass over the accounts).
  let authorized: Account | undefined
  const challenge = basicAuth({
    authorizer: (username: string, password: string) => (authorized = findAccount(ctx, username, password)) !== undefined,
    challenge: true,
    realm: REALM,
    // reference section 1: the plain-text body "HTTP Basic: Access denied.\n", whatever format was asked for.
    unauthorizedResponse: (req: { res?: Response }) => {
      req.res?.type('text/plain')
      return ACCESS_DENIED
    },
  })
  return (req, res, next) => {
    authorized = undefined
    challenge(req, res, (err?: unknown) => {
      if (err) return next(err)
      const auth = (req as typeof req & { auth: { user: string; password: string } }).auth
      res.locals.account = authorized ?? findAccount(ctx, auth.user, auth.password)
      authorized = undefined
      next()
    })
  }
}

export function currentAccount(res: Response): Account {
  return res.locals.account as Account
}
