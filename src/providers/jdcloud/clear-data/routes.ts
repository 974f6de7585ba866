// Clear data (reference more §10): plain path segments that read like verbs, not colon actions.
import { responseRequestId, sendResult } from '../errors.js'
import { instancePath, type Route } from '../routing.js'
import { noParams } from '../analysis/schemas.js'
import { startClearDataBody } from './schemas.js'
import * as clearData from './service.js'

export const clearDataRoutes: Route[] = [
  {
    method: 'POST',
    pattern: instancePath('startClearData'),
    handle: async (c) => {
      await clearData.startClearData(c.ctx, c.scope, c.now, c.id, startClearDataBody().parse(c.body()), responseRequestId(c.res))
      sendResult(c.res)
    },
  },
  {
    // the Node SDK sends the body {}
    method: 'POST',
    pattern: instancePath('stopClearData'),
    handle: async (c) => {
      noParams().parse(c.body())
      await clearData.stopClearData(c.ctx, c.scope, c.now, c.id)
      sendResult(c.res)
    },
  },
  // GET since 2.6.12 (reference more §1.7)
  { method: 'GET', pattern: instancePath('describeClearData'), handle: (c) => sendResult(c.res, clearData.describeClearData(c.ctx, c.scope, c.now, c.id)) },
]
