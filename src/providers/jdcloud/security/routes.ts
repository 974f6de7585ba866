// IP whitelist routes (reference-more §5): /ipWhiteList GET, PATCH.
import { sendResult } from '../errors.js'
import { instanceRoute } from '../instance-route.js'
import type { Route } from '../routing.js'
import { modifyIpWhiteListBody } from './schemas.js'
import * as service from './service.js'

export const securityRoutes: Route[] = [
  instanceRoute('GET', '/ipWhiteList', (c) => sendResult(c.res, service.describeIpWhiteList(c.ctx, c.scope, c.id))),
  instanceRoute('PATCH', '/ipWhiteList', async (c) => {
    await service.modifyIpWhiteList(c.ctx, c.scope, c.id, modifyIpWhiteListBody().parse(c.body()).ipWhiteList)
    sendResult(c.res)
  }),
]
