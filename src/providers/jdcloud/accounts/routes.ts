// Account routes (reference-more §2): /account GET, POST, PATCH, DELETE?accountName= and PATCH /accounts.
import { invalidArgument, sendResult } from '../errors.js'
import { instanceRoute } from '../instance-route.js'
import { queryItems, single } from '../query.js'
import type { Route } from '../routing.js'
import { createAccountBody, modifyAccount, modifyAccountsBody } from './schemas.js'
import * as service from './service.js'

export const accountRoutes: Route[] = [
  instanceRoute('GET', '/account', (c) => sendResult(c.res, service.describeAccounts(c.ctx, c.scope, c.id))),
  instanceRoute('POST', '/account', async (c) => {
    await service.createAccount(c.ctx, c.scope, c.id, createAccountBody().parse(c.body()))
    sendResult(c.res)
  }),
  instanceRoute('PATCH', '/account', async (c) => {
    await service.modifyAccount(c.ctx, c.scope, c.id, modifyAccount().parse(c.body()))
    sendResult(c.res)
  }),
  instanceRoute('DELETE', '/account', async (c) => {
    // reference-more §2: accountName is a required query parameter
    const accountName = single(queryItems(c.req.originalUrl), 'accountName')
    if (!accountName) throw invalidArgument('accountName is required')
    await service.deleteAccount(c.ctx, c.scope, c.id, accountName)
    sendResult(c.res)
  }),
  instanceRoute('PATCH', '/accounts', async (c) => {
    await service.modifyAccounts(c.ctx, c.scope, c.id, modifyAccountsBody().parse(c.body()).accounts)
    sendResult(c.res)
  }),
]
