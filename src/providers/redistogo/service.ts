// Redis To Go rules (seed 003): list, show, create by plan, upgrade by plan or update other fields, destroy; by account.
import type { Draft, Store } from '../../core/store.js'
import { cancelTransitions, scheduleTransition } from '../../core/lifecycle.js'
import { nextSequence } from '../../core/ids.js'
import type { ProviderContext } from '../../core/provider.js'
import { RealRedisFullError, type PortLease } from '../../core/real-redis.js'
import { instanceNotFound, MESSAGES, validationFailed } from './errors.js'
import { INSTANCE_CREATE } from './lifecycle.js'
import {
  newInstance,
  railsTime,
  vmMaxMemory,
  type Account,
  type Instance,
  type Plan,
  type RedistogoSlice,
} from './model.js'
import { placementIndex } from './placement.js'
import { instanceAttributes, validateUpdatableAttributes, type UpdatableAttributes } from './schemas.js'

export const PROVIDER_ID = 'redistogo'

function slice(ctx: ProviderContext): RedistogoSlice {
  return ctx.store.read<RedistogoSlice>(PROVIDER_ID)
}

/** The key an id parameter is stored under; Rails' find casts the id to an integer, and nothing else can match. */
function instanceKey(idParam: string): string | undefined {
  return /^\d+$/.test(idParam) ? String(Number(idParam)) : undefined
}

/** An account's instance, or 404: another account's id is as unknown as a missing one. */
function findOwned<I extends Instance>(state: { instances: Record<string, I> }, account: Account, idParam: string): I {
  const key = instanceKey(idParam)
  const instance = key === undefined ? undefined : state.instances[key]
  if (!instance || instance.user_id !== account.user_id) throw instanceNotFound(idParam)
  return instance
}

/** Each store's lists by account, for the slice revision they were made from. */
const accountLists = new WeakMap<Store, { revision: number; byUser: Map<number, readonly Instance[]> }>()

/**
 * The account's instances by id. Kept until the slice next changes (any commit, reset or import moves its revision):
 * reading a large list again costs what it sends, not a scan and a sort of the whole store (issue #20). Shared between
 * readers, so never changed.
 */
export function listInstances(ctx: ProviderContext, account: Account): readonly Instance[] {
  const revision = ctx.store.revision(PROVIDER_ID)
  let lists = accountLists.get(ctx.store)
  if (lists?.revision !== revision) {
    lists = { revision, byUser: new Map() }
    accountLists.set(ctx.store, lists)
  }
  let list = lists.byUser.get(account.user_id)
  if (!list) {
    list = Object.values(slice(ctx).instances)
      .filter((instance) => instance.user_id === account.user_id)
      .sort((a, b) => a.id - b.id)
    lists.byUser.set(account.user_id, list)
  }
  return list
}

export function showInstance(ctx: ProviderContext, account: Account, idParam: string): Instance {
  return findOwned(slice(ctx), account, idParam)
}

/** The plan a request names, or the Rails message saying why it cannot be used. */
function requestedPlan(plans: readonly Plan[], value: unknown): Plan | string {
  if (value === undefined || value === null || value === '') return MESSAGES.planBlank
  return plans.find((p) => p.plan === value) ?? MESSAGES.planUnknown
}

function assignAttributes(instance: Draft<Instance>, values: UpdatableAttributes): void {
  Object.assign(instance, values)
}

/** seed 003: "The only parameter that needs to be supplied is the plan." 201, status new, running after a delay. */
export async function createInstance(ctx: ProviderContext, account: Account, body: unknown, now: number): Promise<Instance> {
  const attributes = instanceAttributes(body)
  const plan = requestedPlan(slice(ctx).plans, attributes.plan)
  const { values, messages } = validateUpdatableAttributes(attributes)
  if (typeof plan === 'string') messages.unshift(plan)
  if (messages.length > 0) throw validationFailed(messages)
  const chosenPlan = plan as Plan
  const lease = await leaseServerPort(ctx, chosenPlan)
  try {
    return await insertInstance(ctx, account, now, chosenPlan, values, lease?.port)
  } finally {
    lease?.release()
  }
}

// Placement: the first server (fixtures order) with room for the plan's memory.
function placeOn(live: RedistogoSlice, plan: Plan) {
  const index = placementIndex(live.instances)
  return live.servers.find((s) => index.usedMemory(s.id) + plan.memory <= s.memory_capacity)
}

/**
 * Real-Redis mode: a port for the instance's redis-server, the one Redis To Go would hand out when it is free on this
 * machine; past the server cap, the same 422 as a full server farm.
 */
async function leaseServerPort(ctx: ProviderContext, plan: Plan): Promise<PortLease | undefined> {
  if (!ctx.realRedis) return undefined
  const server = placeOn(slice(ctx), plan)
  if (!server) throw validationFailed([MESSAGES.noRoomToCreate])
  try {
    return await ctx.realRedis.lease(placementIndex(slice(ctx).instances).nextFreePort(server.id))
  } catch (err) {
    if (err instanceof RealRedisFullError) throw validationFailed([MESSAGES.noRoomToCreate])
    throw err
  }
}

function insertInstance(ctx: ProviderContext, account: Account, now: number, chosenPlan: Plan, values: UpdatableAttributes, realPort?: number) {
  // Lookups read the live slice: through the draft every record read would get a recording proxy.
  return ctx.store.mutate<RedistogoSlice, Instance>(PROVIDER_ID, (draft, live) => {
    const index = placementIndex(live.instances)
    const server = placeOn(live, chosenPlan)
    if (!server) throw validationFailed([MESSAGES.noRoomToCreate])
    // Skips ids a seed document brought in without a matching sequence.
    let id = nextSequence(draft.sequences, 'instance')
    while (live.instances[String(id)]) id = nextSequence(draft.sequences, 'instance')
    const port = realPort ?? index.nextFreePort(server.id)
    const instance = newInstance({ id, plan: chosenPlan, server, port, account, now, realHost: ctx.realRedis?.host })
    assignAttributes(instance, values)
    draft.instances[String(id)] = instance
    scheduleTransition(draft, INSTANCE_CREATE, now + ctx.delays.get(INSTANCE_CREATE), { id })
    // Last, after everything that can throw: a rolled-back recipe must leave the index as it was.
    index.add(String(id), instance)
    return instance
  })
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

/** The allow-listed fields whose value the request actually changes. */
function changedFields(instance: Instance, values: UpdatableAttributes): (keyof UpdatableAttributes)[] {
  return (Object.keys(values) as (keyof UpdatableAttributes)[]).filter((field) => !sameValue(values[field], instance[field]))
}

/**
 * seed 003: PUT upgrades the plan ("may fail if there is not enough space to upgrade the instance on the server");
 * other properties can be updated, but not together with the plan. Compared by value, because ActiveResource
 * sends every attribute back: only a plan change plus a changed other field is refused.
 */
export async function updateInstance(
  ctx: ProviderContext,
  account: Account,
  idParam: string,
  body: unknown,
  now: number,
): Promise<void> {
  const current = findOwned(slice(ctx), account, idParam) // Rails finds (404) before it validates (422)
  const attributes = instanceAttributes(body)
  const { values, messages } = validateUpdatableAttributes(attributes)
  const planChanges = 'plan' in attributes && attributes.plan !== current.plan
  const plan = planChanges ? requestedPlan(slice(ctx).plans, attributes.plan) : undefined
  if (typeof plan === 'string') messages.unshift(plan)
  if (messages.length > 0) throw validationFailed(messages)
  const changed = changedFields(current, values)
  if (plan && changed.length > 0) throw validationFailed([MESSAGES.planWithOtherFields])

  await ctx.store.mutate<RedistogoSlice>(PROVIDER_ID, (draft, live) => {
    const index = placementIndex(live.instances)
    const instance = findOwned(draft, account, idParam)
    if (plan) upgradePlan(draft, live, instance, plan as Plan)
    else if (changed.length > 0) assignAttributes(instance, values) // never memory, port or server_id (not updatable)
    else return
    instance.updated_at = railsTime(now)
    // Last, after everything that can throw: the new memory.
    if (plan) index.add(instanceKey(idParam) as string, instance)
  })
}

/**
 * Applied at once and the status stays `running`: Rails' update_attributes saves before `head :ok`, and the
 * reference (section 6) says an intermediate "upgrading" status would be invented.
 */
function upgradePlan(draft: Draft<RedistogoSlice>, live: RedistogoSlice, instance: Draft<Instance>, plan: Plan): void {
  const order = draft.plans.map((p) => p.plan)
  // reference section 4: the plans table is in upgrade order; the docs only describe upgrades.
  if (order.indexOf(plan.plan) < order.indexOf(instance.plan)) throw validationFailed([MESSAGES.planNotUpgrade])
  const server = draft.servers.find((s) => s.id === instance.server_id)
  const usedByOthers = placementIndex(live.instances).usedMemory(instance.server_id) - instance.memory
  if (!server || usedByOthers + plan.memory > server.memory_capacity) throw validationFailed([MESSAGES.noRoomToUpgrade])
  instance.plan = plan.plan
  instance.memory = plan.memory
  instance.connections = plan.connections
  instance.vm_max_memory = vmMaxMemory(plan.memory)
}

/** seed 003: "Destroy an instance"; it is gone at once (later requests answer 404). */
export async function destroyInstance(ctx: ProviderContext, account: Account, idParam: string): Promise<void> {
  findOwned(slice(ctx), account, idParam)
  await ctx.store.mutate<RedistogoSlice>(PROVIDER_ID, (draft, live) => {
    const index = placementIndex(live.instances)
    const instance = findOwned(draft, account, idParam)
    delete draft.instances[String(instance.id)]
    cancelTransitions(draft, (t) => t.target.id === instance.id)
    // Last, after everything that can throw.
    index.remove(String(instance.id))
  })
}
