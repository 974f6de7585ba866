// How many instances each account has in each region (describeUserQuota's `used`, the quota createCacheInstance
// enforces), kept as a derived index so a create does not count every stored instance.
//
// The index lives outside the slice, in a WeakMap keyed by the live `instances` container: a state import, seed, reset
// or restart brings a new container, so a stale index is simply never found. An instance's account and region never
// change once stored, so only two things move a count: a create (createCacheInstance adds the instance as the last step
// of its recipe, then calls noteCreated) and the `deleted` transition (which calls invalidateUsage: it runs inside a
// settle pass that could still roll back, so it drops every index and the next count rebuilds from the slice).
import type { StoredInstance } from './model.js'

type Instances = Record<string, StoredInstance>

interface UsageIndex {
  /** invalidateUsage() generation the index was built in. */
  generation: number
  /** account -> regionId -> number of instances. */
  counts: Map<string, Map<string, number>>
}

const indexes = new WeakMap<Instances, UsageIndex>()
let generation = 0

function build(instances: Instances): UsageIndex {
  const counts = new Map<string, Map<string, number>>()
  for (const id in instances) {
    if (!Object.prototype.hasOwnProperty.call(instances, id)) continue
    const { account, regionId } = instances[id]
    let byRegion = counts.get(account)
    if (!byRegion) counts.set(account, (byRegion = new Map()))
    byRegion.set(regionId, (byRegion.get(regionId) ?? 0) + 1)
  }
  const index = { generation, counts }
  indexes.set(instances, index)
  return index
}

function indexFor(instances: Instances): UsageIndex {
  const index = indexes.get(instances)
  return index && index.generation === generation ? index : build(instances)
}

/** The number of stored instances of `account` in `regionId`. Pass the live container, never a draft. */
export function usedInstances(instances: Instances, account: string, regionId: string): number {
  return indexFor(instances).counts.get(account)?.get(regionId) ?? 0
}

/**
 * Counts an instance just stored in the live container. Call it only once nothing can undo the insert any more (the
 * last statement of the create recipe): the index must never count an instance a rollback took back.
 */
export function noteCreated(instances: Instances, account: string, regionId: string): void {
  const index = indexes.get(instances)
  // No index (or a stale one): nothing to keep up to date, the next count builds it with the new instance.
  if (!index || index.generation !== generation) return
  let byRegion = index.counts.get(account)
  if (!byRegion) index.counts.set(account, (byRegion = new Map()))
  byRegion.set(regionId, (byRegion.get(regionId) ?? 0) + 1)
}

/** Drops every index: for a removal inside a transaction that may still roll back. */
export function invalidateUsage(): void {
  generation++
}
