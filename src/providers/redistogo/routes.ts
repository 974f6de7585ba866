// Redis To Go route table (seed 003): /instances(.:format) and /instances/:id(.:format), after Basic auth.
import { Router, type Request, type Response } from 'express'
import { requestNow, type ProviderContext } from '../../core/provider.js'
import { currentAccount, requireAccount } from './auth.js'
import { coreError, rtgError } from './errors.js'
import { negotiateFormat, sendHeadOk, sendInstance, sendInstanceList, type Format } from './format.js'
import { createInstance, destroyInstance, listInstances, showInstance, updateInstance } from './service.js'

/** Rails' respond_to answers 406 to a format it does not know; checked before the action so nothing changes. */
function requireFormat(req: Request): Format {
  const format = negotiateFormat(req)
  if (!format) throw rtgError('not_acceptable', `format not acceptable: ${req.path}`)
  return format
}

function idParam(req: Request): string {
  return String(req.params.id)
}

/** Rails' `instance_url(@instance)`: the host the request came to, no format suffix. */
function instanceUrl(req: Request, id: number): string {
  return `${req.protocol}://${req.get('host')}/instances/${id}`
}

export function redistogoRouter(ctx: ProviderContext): Router {
  // Rails routes are case sensitive: /Instances is a 404.
  const router = Router({ caseSensitive: true })
  router.use(requireAccount(ctx))

  router.get('/instances{.:format}', (req: Request, res: Response) => {
    const format = requireFormat(req)
    sendInstanceList(res, format, listInstances(ctx, currentAccount(res)))
  })

  router.post('/instances{.:format}', async (req: Request, res: Response) => {
    const format = requireFormat(req)
    const instance = await createInstance(ctx, currentAccount(res), req.body, requestNow(res))
    res.location(instanceUrl(req, instance.id))
    sendInstance(res, format, 201, instance)
  })

  router.get('/instances/:id{.:format}', (req: Request, res: Response) => {
    const format = requireFormat(req)
    sendInstance(res, format, 200, showInstance(ctx, currentAccount(res), idParam(req)))
  })

  router.put('/instances/:id{.:format}', async (req: Request, res: Response) => {
    const format = requireFormat(req)
    await updateInstance(ctx, currentAccount(res), idParam(req), req.body, requestNow(res))
    sendHeadOk(res, format)
  })

  router.delete('/instances/:id{.:format}', async (req: Request, res: Response) => {
    const format = requireFormat(req)
    await destroyInstance(ctx, currentAccount(res), idParam(req))
    sendHeadOk(res, format)
  })

  // Express would answer OPTIONS itself with an Allow list; Rails' router has no such route, so it is a 404.
  router.options(/.*/, (req: Request) => {
    throw coreError('route_not_found', `no route for ${req.method} ${req.path}`)
  })

  return router
}
