// Task progress (reference more §11).
import { sendResult } from '../errors.js'
import { queryItems, single } from '../query.js'
import { instancePath, type Route } from '../routing.js'
import { describeTaskProgressList } from './service.js'

export const taskRoutes: Route[] = [
  {
    method: 'GET',
    pattern: instancePath('taskProgress'),
    handle: (c) => sendResult(c.res, describeTaskProgressList(c.ctx, c.scope, c.now, c.id, single(queryItems(c.req.originalUrl), 'taskType') || undefined)),
  },
]
