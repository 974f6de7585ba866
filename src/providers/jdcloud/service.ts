// The rules of the 10 JDCloud Redis interfaces (seed 000, reference §2): validation, quota, charge, state checks and
// transitions. No req/res here: callers pass the caller's scope and the request's moment.
import { cancelTransitions, scheduleTransition } from '../../core/lifecycle.js'
import type { ProviderContext } from '../../core/provider.js'
import { RealRedisFullError, type PortLease } from '../../core/real-redis.js'
import { alphabets, randomString } from '../../core/ids.js'
import { failedPrecondition, invalidArgument, jdError } from './errors.js'
import { DELAYS, TRANSITIONS } from './lifecycle.js'
import {
  connectionDomain,
  DEFAULT_REDIS_VERSION,
  instanceClassView,
  instanceVersion,
  QUOTA_NAME,
  REDIS_VERSIONS,
  wireTime,
  type CacheInstance,
  type ChargeMode,
  type JdcloudSlice,
  type RedisVersion,
  type StoredInstance,
} from './model.js'
import { matchesFilters, matchesTagFilters, sortInstances, validateFilters, validateSorts } from './listing.js'
import type { ListQuery } from './query.js'
import type { CreateCacheInstanceBody } from './schemas.js'
import { noteCreated, usedInstances } from './usage.js'
import { noteResizeStarted } from './tasks/resize.js'

const ID = 'jdcloud'
// reference §3: the instances' port
const DEFAULT_PORT = 6379

/** Who is asking, and where: each access key is its own account, instances live in one region. */
export interface Scope {
  account: string
  regionId: string
  instanceQuota: number
  whiteListed: boolean
}

export const read = (ctx: ProviderContext) => ctx.store.read<JdcloudSlice>(ID)

export function requireRegion(slice: JdcloudSlice, regionId: string) {
  // Own keys only: a regionId such as `constructor` or `__proto__` must not find Object.prototype's members.
  const region = Object.hasOwn(slice.catalogue.regions, regionId) ? slice.catalogue.regions[regionId] : undefined
  // reference §1: documented regions cn-north-1, cn-south-1, cn-east-2; anything else is a bad argument.
  if (!region) throw invalidArgument(`regionId ${regionId} is invalid`)
  return region
}

function requireRedisVersion(value: string | undefined): RedisVersion {
  const version = value ?? DEFAULT_REDIS_VERSION
  if (!(REDIS_VERSIONS as readonly string[]).includes(version)) throw invalidArgument(`redisVersion ${version} is invalid, must be 2.8 or 4.0`)
  return version as RedisVersion
}

/** A class sold in this region for this Redis version (seed 000: unknown instance class is rejected). */
function requireClass(slice: JdcloudSlice, regionId: string, code: string, redisVersion: RedisVersion) {
  const definition = Object.hasOwn(slice.catalogue.classes, code) ? slice.catalogue.classes[code] : undefined
  if (!definition || definition.redisVersion !== redisVersion || !requireRegion(slice, regionId).classes.includes(code)) {
    throw invalidArgument(`cacheInstanceClass ${code} is invalid for redisVersion ${redisVersion} in region ${regionId}`)
  }
  return definition
}

function notFound(id: string) {
  return jdError('NOT_FOUND', `cacheInstance ${id} not found`)
}

/** The caller's own instance in this region; another account's or region's is simply not found. */
export function findOwn<T extends StoredInstance>(instances: Record<string, T>, scope: Scope, id: string): T {
  const stored = Object.prototype.hasOwnProperty.call(instances, id) ? instances[id] : undefined
  if (!stored || stored.account !== scope.account || stored.regionId !== scope.regionId) throw notFound(id)
  return stored
}

function newInstanceId(slice: JdcloudSlice): string {
  // reference §3: `redis-` + 10 lowercase alphanumerics
  for (;;) {
    const id = `redis-${randomString(10, alphabets.LOWER_ALNUM)}`
    if (!slice.instances[id]) return id
  }
}

/** Order numbers are not documented; a 16-digit number keeps them plausible and unique enough. */
function newOrderNum(): string {
  return randomString(16, '0123456789')
}

interface ResolvedCharge {
  chargeMode: ChargeMode
  expiresAt?: number
}

// reference §3 ChargeSpec: default postpaid_by_duration; prepaid month 1-9 or year 1, 2, 3, the duration required.
function resolveCharge(charge: CreateCacheInstanceBody['charge'], now: number): ResolvedCharge {
  const mode = charge?.chargeMode ?? 'postpaid_by_duration'
  // The redis filters and rules know only the two by-duration modes; by-usage is not sold for Redis.
  if (mode === 'postpaid_by_usage') throw invalidArgument('chargeMode postpaid_by_usage is not supported by redis')
  if (mode === 'postpaid_by_duration') return { chargeMode: mode }
  const unit = charge?.chargeUnit ?? 'month'
  // issue 16: JDCloud's ChargeSpec makes chargeDuration required for prepaid; no default month is given.
  if (charge?.chargeDuration === undefined) throw invalidArgument('chargeDuration is required when chargeMode is prepaid_by_duration')
  const duration = charge.chargeDuration
  const allowed = unit === 'month' ? duration >= 1 && duration <= 9 : duration >= 1 && duration <= 3
  if (!allowed) throw invalidArgument(`chargeDuration ${duration} is invalid for chargeUnit ${unit}`)
  const expiry = new Date(now)
  if (unit === 'month') expiry.setUTCMonth(expiry.getUTCMonth() + duration)
  else expiry.setUTCFullYear(expiry.getUTCFullYear() + duration)
  return { chargeMode: mode, expiresAt: expiry.getTime() }
}

export async function createCacheInstance(ctx: ProviderContext, scope: Scope, now: number, body: CreateCacheInstanceBody) {
  const spec = body.cacheInstance
  const slice = read(ctx)
  const region = requireRegion(slice, scope.regionId)
  const redisVersion = requireRedisVersion(spec.redisVersion)
  const definition = requireClass(slice, scope.regionId, spec.cacheInstanceClass, redisVersion)
  for (const az of [spec.azId.master, spec.azId.slave]) {
    if (!region.azs.includes(az)) throw invalidArgument(`azId ${az} is invalid in region ${scope.regionId}`)
  }
  const charge = resolveCharge(body.charge, now)
  const orderNum = newOrderNum()
  const lease = await leaseServerPort(ctx, scope)
  try {
    return await insertInstance(ctx, scope, now, body, { definition, redisVersion, charge, orderNum, port: lease?.port })
  } finally {
    lease?.release()
  }
}

/** Real-Redis mode: a port for the instance's server (6379 when free); past the server cap, the quota error. */
async function leaseServerPort(ctx: ProviderContext, scope: Scope): Promise<PortLease | undefined> {
  try {
    return await ctx.realRedis?.lease(DEFAULT_PORT)
  } catch (err) {
    if (err instanceof RealRedisFullError) throw jdError('QUOTA_EXCEEDED', `quota exceeded: no more instances can be created in region ${scope.regionId} (${err.message})`)
    throw err
  }
}

interface Placement {
  definition: ReturnType<typeof requireClass>
  redisVersion: RedisVersion
  charge: ResolvedCharge
  orderNum: string
  /** The real server's port in real-Redis mode. */
  port?: number
}

function insertInstance(ctx: ProviderContext, scope: Scope, now: number, body: CreateCacheInstanceBody, placement: Placement) {
  const spec = body.cacheInstance
  const { definition, redisVersion, charge, orderNum } = placement
  // Counting reads the live slice: through the draft every stored instance would get a recording proxy.
  return ctx.store.mutate<JdcloudSlice, { cacheInstanceId: string; orderNum: string }>(ID, (draft, live) => {
    // seed 000 / reference §2: describeUserQuota is what createCacheInstance enforces.
    if (usedInstances(live.instances, scope.account, scope.regionId) >= scope.instanceQuota) {
      throw jdError('QUOTA_EXCEEDED', `quota exceeded: ${QUOTA_NAME} quota ${scope.instanceQuota} in region ${scope.regionId} is used up`)
    }
    const id = newInstanceId(draft)
    const password = spec.password ?? ''
    const instance: CacheInstance = {
      cacheInstanceId: id,
      cacheInstanceName: spec.cacheInstanceName,
      cacheInstanceClass: spec.cacheInstanceClass,
      cacheInstanceMemoryMB: definition.memoryMB,
      cacheInstanceStatus: 'creating',
      cacheInstanceDescription: spec.cacheInstanceDescription ?? '',
      createTime: wireTime(now),
      azId: { master: spec.azId.master, slave: spec.azId.slave },
      vpcId: spec.vpcId,
      subnetId: spec.subnetId,
      // real-Redis mode: the domain and port clients connect to are the real server's
      connectionDomain: ctx.realRedis ? ctx.realRedis.host : connectionDomain(scope.regionId, id),
      port: placement.port ?? DEFAULT_PORT,
      charge: {
        chargeMode: charge.chargeMode,
        chargeStatus: 'normal',
        chargeStartTime: wireTime(now),
        // reference §3: chargeExpiredTime only for prepaid, empty for postpaid
        chargeExpiredTime: charge.expiresAt === undefined ? '' : wireTime(charge.expiresAt),
        chargeRetireTime: '',
      },
      instanceVersion: instanceVersion(redisVersion),
      auth: password !== '',
      redisVersion,
      cacheInstanceType: definition.instanceType,
      ipv6On: spec.ipv6On ?? 0,
      tags: (spec.userTags ?? []).map((t) => ({ key: t.key, value: t.value })),
    }
    draft.instances[id] = { account: scope.account, regionId: scope.regionId, seq: draft.nextSeq++, password, instance }
    scheduleTransition(draft, TRANSITIONS.created, now + ctx.delays.get(DELAYS.create), { id })
    if (charge.expiresAt !== undefined) scheduleTransition(draft, TRANSITIONS.chargeExpired, charge.expiresAt, { id })
    // Last: nothing after this can undo the insert.
    noteCreated(live.instances, scope.account, scope.regionId)
    return { cacheInstanceId: id, orderNum }
  })
}

export function describeCacheInstance(ctx: ProviderContext, scope: Scope, id: string) {
  const slice = read(ctx)
  requireRegion(slice, scope.regionId)
  return { cacheInstance: findOwn(slice.instances, scope, id).instance }
}

export function describeCacheInstances(ctx: ProviderContext, scope: Scope, query: ListQuery) {
  const slice = read(ctx)
  requireRegion(slice, scope.regionId)
  validateFilters(query.filters)
  validateSorts(query.sorts)
  const own = Object.values(slice.instances).filter(
    (s) => s.account === scope.account && s.regionId === scope.regionId && matchesFilters(s.instance, query.filters) && matchesTagFilters(s.instance, query.tagFilters),
  )
  const sorted = sortInstances(own, query.sorts)
  const start = (query.pageNumber - 1) * query.pageSize
  return { cacheInstances: sorted.slice(start, start + query.pageSize).map((s) => s.instance), totalCount: sorted.length }
}

export async function modifyCacheInstanceAttribute(
  ctx: ProviderContext,
  scope: Scope,
  id: string,
  body: { cacheInstanceName?: string; cacheInstanceDescription?: string },
) {
  requireRegion(read(ctx), scope.regionId)
  await ctx.store.mutate<JdcloudSlice>(ID, (draft) => {
    const { instance } = findOwn(draft.instances, scope, id)
    // Docs are silent on states; an instance being deleted no longer takes changes (most likely, like every console).
    if (instance.cacheInstanceStatus === 'deleting') throw failedPrecondition(`cacheInstance ${id} is deleting`)
    if (body.cacheInstanceName !== undefined) instance.cacheInstanceName = body.cacheInstanceName
    if (body.cacheInstanceDescription !== undefined) instance.cacheInstanceDescription = body.cacheInstanceDescription
  })
}

export async function deleteCacheInstance(ctx: ProviderContext, scope: Scope, now: number, id: string) {
  requireRegion(read(ctx), scope.regionId)
  await ctx.store.mutate<JdcloudSlice>(ID, (draft) => {
    const stored = findOwn(draft.instances, scope, id)
    const { instance } = stored
    // seed 000: only instances in the running or error status can be deleted
    if (instance.cacheInstanceStatus !== 'running' && instance.cacheInstanceStatus !== 'error') {
      throw failedPrecondition(`cacheInstance ${id} in status ${instance.cacheInstanceStatus} cannot be deleted, only running or error`)
    }
    if (instance.charge.chargeMode === 'prepaid_by_duration') {
      const expired = Date.parse(instance.charge.chargeExpiredTime) <= now
      // seed 000: an unexpired Monthly Package cannot be deleted
      if (!expired) throw failedPrecondition(`cacheInstance ${id} is prepaid and not expired, it cannot be deleted`)
      // seed 000: for the White List user, an expired Monthly Package cannot be deleted either
      if (scope.whiteListed) throw failedPrecondition(`cacheInstance ${id} is prepaid and the account is on the white list, it cannot be deleted`)
    }
    instance.cacheInstanceStatus = 'deleting'
    cancelTransitions(draft, (t) => t.target.id === id)
    scheduleTransition(draft, TRANSITIONS.deleted, now + ctx.delays.get(DELAYS.delete), { id })
  })
}

export async function modifyCacheInstanceClass(ctx: ProviderContext, scope: Scope, now: number, id: string, newClass: string) {
  const slice = read(ctx)
  requireRegion(slice, scope.regionId)
  const orderNum = newOrderNum()
  await ctx.store.mutate<JdcloudSlice>(ID, (draft) => {
    const { instance } = findOwn(draft.instances, scope, id)
    // seed 000: only a running instance can change class
    if (instance.cacheInstanceStatus !== 'running') {
      throw failedPrecondition(`cacheInstance ${id} in status ${instance.cacheInstanceStatus} cannot change class, only running`)
    }
    const target = requireClass(draft, scope.regionId, newClass, instance.redisVersion)
    // seed 000: the new class must differ from the current one
    if (newClass === instance.cacheInstanceClass) throw failedPrecondition(`cacheInstanceClass ${newClass} is the current class of ${id}`)
    if (instance.charge.chargeMode === 'prepaid_by_duration') {
      const from = instance.cacheInstanceType
      const oldMemory = instance.cacheInstanceMemoryMB
      // seed 000: prepaid cluster -> master-slave needs a larger memory
      if (from === 'cluster' && target.instanceType === 'master-slave' && !(target.memoryMB > oldMemory)) {
        throw failedPrecondition(`prepaid cluster to master-slave needs more than ${oldMemory} MB, ${newClass} has ${target.memoryMB} MB`)
      }
      // seed 000: prepaid master-slave -> cluster needs a memory no smaller than the current one
      if (from === 'master-slave' && target.instanceType === 'cluster' && target.memoryMB < oldMemory) {
        throw failedPrecondition(`prepaid master-slave to cluster needs at least ${oldMemory} MB, ${newClass} has ${target.memoryMB} MB`)
      }
    }
    instance.cacheInstanceStatus = 'changing'
    const finishAt = now + ctx.delays.get(DELAYS.modifyClass)
    scheduleTransition(draft, TRANSITIONS.classChanged, finishAt, { id, cacheInstanceClass: newClass })
    noteResizeStarted(draft, id, now, finishAt)
  })
  return { orderNum }
}

export async function resetCacheInstancePassword(ctx: ProviderContext, scope: Scope, id: string, password: string | undefined) {
  requireRegion(read(ctx), scope.regionId)
  await ctx.store.mutate<JdcloudSlice>(ID, (draft) => {
    const stored = findOwn(draft.instances, scope, id)
    // Docs are silent; the console offers a password reset only on a running instance.
    if (stored.instance.cacheInstanceStatus !== 'running') {
      throw failedPrecondition(`cacheInstance ${id} in status ${stored.instance.cacheInstanceStatus} cannot reset its password, only running`)
    }
    // seed 000: the password may be null (empty or absent = password-free)
    stored.password = password ?? ''
    stored.instance.auth = stored.password !== ''
  })
}

export function describeClusterInfo(ctx: ProviderContext, scope: Scope, id: string) {
  const slice = read(ctx)
  requireRegion(slice, scope.regionId)
  const { instance } = findOwn(slice.instances, scope, id)
  const shards = slice.catalogue.classes[instance.cacheInstanceClass]?.shardNumber ?? 1
  // reference §3 ClusterInfo: arrays of {id}; a cluster has one proxy per shard, a master-slave instance no proxy.
  const proxies = instance.cacheInstanceType === 'cluster' ? shards : 0
  return {
    info: {
      proxies: Array.from({ length: proxies }, (_, i) => ({ id: `${id}-proxy-${i + 1}` })),
      shards: Array.from({ length: shards }, (_, i) => ({ id: `${id}-shard-${i + 1}` })),
    },
  }
}

export function describeInstanceClass(ctx: ProviderContext, scope: Scope, redisVersion: string | undefined) {
  const slice = read(ctx)
  const region = requireRegion(slice, scope.regionId)
  const version = requireRedisVersion(redisVersion)
  const instanceClasses = region.classes
    .filter((code) => slice.catalogue.classes[code]?.redisVersion === version)
    .map((code) => instanceClassView(code, slice.catalogue.classes[code]))
  return { instanceClasses, totalCount: instanceClasses.length }
}

export function describeUserQuota(ctx: ProviderContext, scope: Scope) {
  const slice = read(ctx)
  requireRegion(slice, scope.regionId)
  return { quota: { name: QUOTA_NAME, max: scope.instanceQuota, used: usedInstances(slice.instances, scope.account, scope.regionId) } }
}
