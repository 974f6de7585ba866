// The bootstrap state machine (D:requests/bootstrap): initiated -> creating/joining/recovering_cluster -> completed | error.
import type { LifecycleTable } from '../../../core/lifecycle.js'
import { wireTime, type RedisEnterpriseSlice } from '../model.js'
import type { BootstrapAction, BootstrapState } from './state.js'

export const BOOTSTRAP_DELAYS = {
  // initiated -> creating_cluster | joining_cluster | recovering_cluster (or error)
  start: 'redis-enterprise.bootstrap.start',
  // creating_cluster | ... -> completed
  create: 'redis-enterprise.bootstrap.create',
} as const

export const BOOTSTRAP_TRANSITIONS = { started: 'bootstrap.started', finished: 'bootstrap.finished' } as const

const RUNNING: Record<BootstrapAction, BootstrapState> = {
  create_cluster: 'creating_cluster',
  join_cluster: 'joining_cluster',
  recover_cluster: 'recovering_cluster',
}

/** The machine: initiated -> creating/joining/recovering (or error) -> completed. */
export const bootstrapLifecycle: LifecycleTable<RedisEnterpriseSlice> = {
  [BOOTSTRAP_TRANSITIONS.started]: (slice, t, ctx) => {
    const record = slice.cluster?.bootstrap
    if (!record || record.attempt !== t.target.attempt || record.state !== 'initiated') return
    if (record.failure) {
      record.state = 'error'
      record.error_code = record.failure.error_code
      record.error_details = { message: record.failure.message }
      record.end_time = wireTime(ctx.at)
      delete record.failure
      return
    }
    record.state = RUNNING[record.action!]
    ctx.schedule(BOOTSTRAP_TRANSITIONS.finished, ctx.delay(BOOTSTRAP_DELAYS.create), { attempt: record.attempt })
  },
  [BOOTSTRAP_TRANSITIONS.finished]: (slice, t, ctx) => {
    const cluster = slice.cluster
    const record = cluster?.bootstrap
    if (!cluster || !record?.outcome || record.attempt !== t.target.attempt) return
    const { admin, password, license, suffixes, node, policy } = record.outcome
    // an unbootstrapped node has no users: the one the request named is the cluster's first (and only) user
    slice.users = { [String(admin.uid)]: admin }
    slice.passwords = { [String(admin.uid)]: password }
    slice.sequences.user = admin.uid + 1
    Object.assign(cluster.cluster, record.outcome.cluster)
    Object.assign(cluster.policy, policy)
    Object.assign(cluster.node, node)
    cluster.license = license
    cluster.suffixes = suffixes
    record.state = 'completed'
    record.end_time = wireTime(ctx.at)
    delete record.outcome
  },
}

