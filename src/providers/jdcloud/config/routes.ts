// Parameter and disabled-command routes (reference-more §6, §7): /instanceConfig GET, POST; /disableCommands GET, POST.
import { sendResult } from '../errors.js'
import { instanceRoute } from '../instance-route.js'
import type { Route } from '../routing.js'
import { modifyInstanceConfigBody, setDisableCommandsBody } from './schemas.js'
import * as service from './service.js'

export const configRoutes: Route[] = [
  instanceRoute('GET', '/instanceConfig', (c) => sendResult(c.res, service.describeInstanceConfig(c.ctx, c.scope, c.id))),
  instanceRoute('POST', '/instanceConfig', async (c) => {
    await service.modifyInstanceConfig(c.ctx, c.scope, c.now, c.id, modifyInstanceConfigBody().parse(c.body()).instanceConfig)
    sendResult(c.res)
  }),
  instanceRoute('GET', '/disableCommands', (c) => sendResult(c.res, service.getDisableCommands(c.ctx, c.scope, c.id))),
  instanceRoute('POST', '/disableCommands', async (c) => {
    await service.setDisableCommands(c.ctx, c.scope, c.now, c.id, setDisableCommandsBody().parse(c.body()).disableCommands)
    sendResult(c.res)
  }),
]
