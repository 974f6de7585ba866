// Region-scoped catalogue routes (reference more §12, §13, Appendix A describeAvailableResource2).
import { sendResult } from '../errors.js'
import { regionPath, type Route } from '../routing.js'
import * as catalogue from './service.js'

export const catalogueRoutes: Route[] = [
  { method: 'GET', pattern: regionPath('availableRegion'), handle: (c) => sendResult(c.res, catalogue.describeAvailableRegion(c.ctx, c.scope)) },
  { method: 'GET', pattern: regionPath('availableResource'), handle: (c) => sendResult(c.res, catalogue.describeAvailableResource(c.ctx, c.scope)) },
  // Appendix A: same result shape as availableResource
  { method: 'GET', pattern: regionPath('availableResource2'), handle: (c) => sendResult(c.res, catalogue.describeAvailableResource(c.ctx, c.scope)) },
  { method: 'GET', pattern: regionPath('specConfig'), handle: (c) => sendResult(c.res, catalogue.describeSpecConfig(c.ctx, c.scope)) },
]
