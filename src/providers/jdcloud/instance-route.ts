// What the resource-group folders (accounts/, backups/, security/, config/) share: their instance-scoped route shape,
// the owning instance lookup and the "running only" rule (reference-more §1.5).
import type { ProviderContext } from '../../core/provider.js'
import { failedPrecondition } from './errors.js'
import type { JdcloudSlice, StoredInstance } from './model.js'
import type { Call, Route } from './routing.js'
import { findOwn, read, requireRegion, type Scope } from './service.js'

/** reference-more §1.1: every group route lives below /v1/regions/{regionId}/cacheInstance/{cacheInstanceId}. */
export function instanceRoute(method: Route['method'], sub: string, handle: (call: Call) => void | Promise<void>): Route {
  const escaped = sub.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return { method, pattern: new RegExp(`^/v1/regions/([^/]+)/cacheInstance/([^/:]+)${escaped}$`), handle }
}

/** The caller's own instance in the live slice (for reads): a bad region or another account's id is refused first. */
export function ownInstance(ctx: ProviderContext, scope: Scope, id: string): StoredInstance {
  const slice = read(ctx)
  requireRegion(slice, scope.regionId)
  return findOwn(slice.instances, scope, id)
}

/** The caller's own instance in a draft, for a change: region checked, then ownership. */
export function ownDraftInstance(draft: JdcloudSlice, scope: Scope, id: string): StoredInstance {
  requireRegion(draft, scope.regionId)
  return findOwn(draft.instances, scope, id)
}

/**
 * reference-more §1.5 (INF): the operations that change an instance's data, users or settings need it `running`;
 * JDCloud documents the rule for resize only, the console offers these on a running instance only.
 */
export function requireRunning(stored: StoredInstance, action: string): void {
  const { cacheInstanceId, cacheInstanceStatus } = stored.instance
  if (cacheInstanceStatus !== 'running') {
    throw failedPrecondition(`cacheInstance ${cacheInstanceId} in status ${cacheInstanceStatus} cannot ${action}, only running`)
  }
}
