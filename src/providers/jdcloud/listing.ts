// describeCacheInstances filtering and sorting (reference §2 "Filters for describeCacheInstances"): the documented
// filter names and values, tag filters and the createTime (and later totalMemory) sorts.
import { invalidArgument } from './errors.js'
import { CACHE_INSTANCE_STATUSES, CHARGE_MODES, REDIS_VERSIONS, type CacheInstance, type StoredInstance } from './model.js'
import type { Filter, Sort, TagFilter } from './query.js'

// reference §2: instanceType filter values differ from cacheInstanceType: redis = master-slave, redis_cluster = cluster
const INSTANCE_TYPE_FILTER: Record<string, CacheInstance['cacheInstanceType']> = { redis: 'master-slave', redis_cluster: 'cluster' }

interface FilterRule {
  /** Allowed values; undefined = free text. */
  allowed?: readonly string[]
  matches(instance: CacheInstance, value: string): boolean
}

const FILTERS: Record<string, FilterRule> = {
  cacheInstanceId: { matches: (i, v) => i.cacheInstanceId === v },
  // reference §2: cacheInstanceName is a fuzzy (substring) match
  cacheInstanceName: { matches: (i, v) => i.cacheInstanceName.includes(v) },
  cacheInstanceStatus: { allowed: CACHE_INSTANCE_STATUSES, matches: (i, v) => i.cacheInstanceStatus === v },
  redisVersion: { allowed: REDIS_VERSIONS, matches: (i, v) => i.redisVersion === v },
  instanceType: { allowed: Object.keys(INSTANCE_TYPE_FILTER), matches: (i, v) => i.cacheInstanceType === INSTANCE_TYPE_FILTER[v] },
  chargeMode: { allowed: CHARGE_MODES, matches: (i, v) => i.charge.chargeMode === v },
}

// reference §2: operator defaults to eq; `in` is the multi-value spelling JDCloud filters also accept.
const OPERATORS = ['eq', 'in']

// reference §2: createTime asc/desc; later revisions add totalMemory.
const SORT_KEYS: Record<string, (s: StoredInstance) => number> = {
  createTime: (s) => Date.parse(s.instance.createTime),
  totalMemory: (s) => s.instance.cacheInstanceMemoryMB,
}

export function validateFilters(filters: Filter[]): void {
  for (const filter of filters) {
    const rule = Object.prototype.hasOwnProperty.call(FILTERS, filter.name) ? FILTERS[filter.name] : undefined
    if (!rule) throw invalidArgument(`filter name ${filter.name} is invalid, must be one of ${Object.keys(FILTERS).join(', ')}`)
    if (!OPERATORS.includes(filter.operator)) throw invalidArgument(`filter operator ${filter.operator} is invalid`)
    for (const value of filter.values) {
      if (rule.allowed && !rule.allowed.includes(value)) throw invalidArgument(`filter ${filter.name} value ${value} is invalid`)
    }
  }
}

export function validateSorts(sorts: Sort[]): void {
  for (const sort of sorts) {
    if (!Object.prototype.hasOwnProperty.call(SORT_KEYS, sort.name)) throw invalidArgument(`sort name ${sort.name} is invalid`)
    if (sort.direction !== 'asc' && sort.direction !== 'desc') throw invalidArgument(`sort direction ${sort.direction} is invalid, must be asc or desc`)
  }
}

/** Every filter must match (AND); within a filter any value may match (OR). */
export function matchesFilters(instance: CacheInstance, filters: Filter[]): boolean {
  return filters.every((f) => f.values.some((v) => FILTERS[f.name].matches(instance, v)))
}

/** A tag filter matches an instance carrying the key with one of the values (parseListQuery requires at least one). */
export function matchesTagFilters(instance: CacheInstance, tagFilters: TagFilter[]): boolean {
  return tagFilters.every((f) => instance.tags.some((t) => t.key === f.key && f.values.includes(t.value)))
}

/**
 * The requested sorts in order (totalMemory, when given, first: reference §2 says it takes priority), then newest
 * first, the listing's order when no sort is given; creation order breaks ties so paging is stable.
 */
export function sortInstances(instances: StoredInstance[], sorts: Sort[]): StoredInstance[] {
  const ordered = [...sorts].sort((a, b) => Number(b.name === 'totalMemory') - Number(a.name === 'totalMemory'))
  const keys = [...ordered, { name: 'createTime', direction: 'desc' }]
  return [...instances].sort((a, b) => {
    for (const sort of keys) {
      const diff = SORT_KEYS[sort.name](a) - SORT_KEYS[sort.name](b)
      if (diff !== 0) return sort.direction === 'desc' ? -diff : diff
    }
    const lastDirection = ordered.find((s) => s.name === 'createTime')?.direction ?? 'desc'
    return lastDirection === 'desc' ? b.seq - a.seq : a.seq - b.seq
  })
}
