// Slow log and client connections (reference more §8).
import { sendResult } from '../errors.js'
import { queryItems } from '../query.js'
import { instancePath, type Route } from '../routing.js'
import { clientIpDetailBody, slowLogQuery } from './schemas.js'
import * as diagnostics from './service.js'

export const diagnosticsRoutes: Route[] = [
  {
    method: 'GET',
    pattern: instancePath('slowLog'),
    handle: async (c) => sendResult(c.res, await diagnostics.describeSlowLog(c.ctx, c.scope, c.id, slowLogQuery(queryItems(c.req.originalUrl)))),
  },
  { method: 'GET', pattern: instancePath('clientList'), handle: async (c) => sendResult(c.res, await diagnostics.describeClientList(c.ctx, c.scope, c.id)) },
  {
    // reference more §8: a read that uses POST, body {ip}
    method: 'POST',
    pattern: instancePath('clientIpDetail'),
    handle: async (c) => sendResult(c.res, await diagnostics.describeClientIpDetail(c.ctx, c.scope, c.id, clientIpDetailBody().parse(c.body()).ip)),
  },
]
