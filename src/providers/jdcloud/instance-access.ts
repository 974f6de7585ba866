// The caller's own instance for the per-instance operations of issue 16's groups: region check, ownership, and the
// "running only" precondition (reference more §1.5).
import type { ProviderContext } from '../../core/provider.js'
import { failedPrecondition } from './errors.js'
import type { JdcloudSlice, StoredInstance } from './model.js'
import { findOwn, requireRegion, type Scope } from './service.js'

export const readSlice = (ctx: ProviderContext) => ctx.store.read<JdcloudSlice>('jdcloud')

/** The caller's instance in this region (404 NOT_FOUND otherwise, reference more §1.5), from any slice or draft. */
export function ownInstance<S extends JdcloudSlice>(slice: S, scope: Scope, id: string): StoredInstance {
  requireRegion(slice, scope.regionId)
  return findOwn(slice.instances, scope, id)
}

/** reference more §1.5: mutating operations on an instance that is not `running` -> 400 FAILED_PRECONDITION. */
export function requireRunning(stored: StoredInstance, operation: string): void {
  const { cacheInstanceId, cacheInstanceStatus } = stored.instance
  if (cacheInstanceStatus !== 'running') {
    throw failedPrecondition(`cacheInstance ${cacheInstanceId} in status ${cacheInstanceStatus} cannot ${operation}, only running`)
  }
}

/** The shard node ids of an instance, as describeClusterInfo names them (one for master-slave). */
export function nodeIds(slice: JdcloudSlice, stored: StoredInstance): string[] {
  const shards = slice.catalogue.classes[stored.instance.cacheInstanceClass]?.shardNumber ?? 1
  return Array.from({ length: shards }, (_, i) => `${stored.instance.cacheInstanceId}-shard-${i + 1}`)
}
