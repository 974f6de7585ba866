// JDCloud route table (reference §2): the 10 interfaces under /v1/regions/{regionId}/..., action paths matched whether
// the colon arrives raw (Python) or as %3A (Node, Go).
import { Router } from 'express'
import { requestNow, type ProviderContext } from '../../core/provider.js'
import { caller, rawBody } from './auth.js'
import { invalidArgument, sendResult } from './errors.js'
import { parseListQuery, queryItems, single } from './query.js'
import {
  createCacheInstanceBody,
  modifyCacheInstanceAttributeBody,
  modifyCacheInstanceClassBody,
  parseJsonBody,
  resetCacheInstancePasswordBody,
} from './schemas.js'
import * as service from './service.js'
import { INSTANCE_PATH, type Route } from './routing.js'
import { analysisRoutes } from './analysis/routes.js'
import { catalogueRoutes } from './catalogue/routes.js'
import { clearDataRoutes } from './clear-data/routes.js'
import { diagnosticsRoutes } from './diagnostics/routes.js'
import { taskRoutes } from './tasks/routes.js'
import { accountRoutes } from './accounts/routes.js'
import { backupRoutes } from './backups/routes.js'
import { configRoutes } from './config/routes.js'
import { securityRoutes } from './security/routes.js'

const instance = INSTANCE_PATH

const CORE_ROUTES: Route[] = [
  {
    method: 'POST',
    pattern: /^\/v1\/regions\/([^/]+)\/cacheInstance$/,
    handle: async (c) => sendResult(c.res, await service.createCacheInstance(c.ctx, c.scope, c.now, createCacheInstanceBody().parse(c.body()))),
  },
  {
    method: 'GET',
    pattern: /^\/v1\/regions\/([^/]+)\/cacheInstance$/,
    handle: (c) => sendResult(c.res, service.describeCacheInstances(c.ctx, c.scope, parseListQuery(c.req.originalUrl))),
  },
  {
    method: 'GET',
    pattern: new RegExp(`${instance}$`),
    handle: (c) => sendResult(c.res, service.describeCacheInstance(c.ctx, c.scope, c.id)),
  },
  {
    method: 'PATCH',
    pattern: new RegExp(`${instance}$`),
    handle: async (c) => {
      await service.modifyCacheInstanceAttribute(c.ctx, c.scope, c.id, modifyCacheInstanceAttributeBody().parse(c.body()))
      sendResult(c.res)
    },
  },
  {
    method: 'DELETE',
    pattern: new RegExp(`${instance}$`),
    handle: async (c) => {
      await service.deleteCacheInstance(c.ctx, c.scope, c.now, c.id)
      sendResult(c.res)
    },
  },
  {
    method: 'POST',
    pattern: new RegExp(`${instance}:modifyCacheInstanceClass$`),
    handle: async (c) => {
      const { cacheInstanceClass } = modifyCacheInstanceClassBody().parse(c.body())
      sendResult(c.res, await service.modifyCacheInstanceClass(c.ctx, c.scope, c.now, c.id, cacheInstanceClass))
    },
  },
  {
    method: 'POST',
    pattern: new RegExp(`${instance}:resetCacheInstancePassword$`),
    handle: async (c) => {
      const { password } = resetCacheInstancePasswordBody().parse(c.body())
      await service.resetCacheInstancePassword(c.ctx, c.scope, c.id, password)
      sendResult(c.res)
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`${instance}/clusterInfo$`),
    handle: (c) => sendResult(c.res, service.describeClusterInfo(c.ctx, c.scope, c.id)),
  },
  {
    method: 'GET',
    pattern: /^\/v1\/regions\/([^/]+)\/instanceClass$/,
    handle: (c) => sendResult(c.res, service.describeInstanceClass(c.ctx, c.scope, single(queryItems(c.req.originalUrl), 'redisVersion'))),
  },
  {
    method: 'GET',
    pattern: /^\/v1\/regions\/([^/]+)\/quota$/,
    handle: (c) => sendResult(c.res, service.describeUserQuota(c.ctx, c.scope)),
  },
]

// Issue 16 groups, each with its own route table (reference jdcloud-redis-more.md).
/** Every JDCloud operation the emulator answers, in matching order (also read by the OpenAPI coverage test). */
export const ROUTES: Route[] = [
  ...CORE_ROUTES,
  ...catalogueRoutes,
  ...diagnosticsRoutes,
  ...clearDataRoutes,
  ...analysisRoutes,
  ...taskRoutes,
  ...accountRoutes,
  ...backupRoutes,
  ...securityRoutes,
  ...configRoutes,
]

function decodeParam(value: string | undefined): string {
  if (value === undefined) return ''
  try {
    return decodeURIComponent(value)
  } catch {
    throw invalidArgument(`path parameter ${value} is not valid percent-encoding`)
  }
}

export function jdcloudRoutes(ctx: ProviderContext): Router {
  const router = Router()
  router.use(async (req, res, next) => {
    // reference §1: Node and Go send the action colon as %3A, Python raw; route on one spelling.
    const path = req.path.replace(/%3A/gi, ':')
    for (const route of ROUTES) {
      if (route.method !== req.method) continue
      const m = path.match(route.pattern)
      if (!m) continue
      const raw = rawBody(res)
      await route.handle({
        ctx,
        scope: { ...caller(res), regionId: decodeParam(m[1]) },
        now: requestNow(res),
        id: decodeParam(m[2]),
        params: m.slice(3).map(decodeParam),
        req,
        res,
        body: () => parseJsonBody(raw),
      })
      return
    }
    next()
  })
  return router
}
