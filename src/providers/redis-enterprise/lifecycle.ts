// Redis Enterprise bdb state machines (seed 004, reference §9): the transition applied when each one's delay is over.
import { WAIT, type LifecycleTable, type PendingTransition } from '../../core/lifecycle.js'
import type { RedisEnterpriseSlice } from './model.js'
import { noteBdbChange } from './bdb-index.js'
import { bootstrapLifecycle } from './cluster/bootstrap-machine.js'
import { operationLifecycle } from './operations/lifecycle.js'

export const TRANSITIONS = {
  // pending -> active (delay redis-enterprise.bdb.create)
  created: 'bdb.created',
  // active-change-pending -> active (delay redis-enterprise.bdb.update)
  updated: 'bdb.updated',
  // delete-pending -> gone (delay redis-enterprise.bdb.delete)
  deleted: 'bdb.deleted',
} as const

/** The machine's bdb, if it still runs this machine (action_uid is only present while a machine runs). */
function bdbOf(slice: RedisEnterpriseSlice, t: PendingTransition) {
  const bdb = slice.bdbs[String(t.target.uid)]
  return bdb && bdb.action_uid === t.target.action ? bdb : undefined
}

function becomeActive(slice: RedisEnterpriseSlice, t: PendingTransition): void {
  const bdb = bdbOf(slice, t)
  if (!bdb) return
  bdb.status = 'active'
  delete bdb.action_uid
}

export const lifecycle: LifecycleTable<RedisEnterpriseSlice> = {
  ...bootstrapLifecycle,
  ...operationLifecycle,
  [TRANSITIONS.created]: (slice, t, { realRedis }) => {
    // real-Redis mode: active only once the database's server answers PING
    if (realRedis && bdbOf(slice, t) && !realRedis.ready(String(t.target.uid))) return WAIT
    becomeActive(slice, t)
  },
  [TRANSITIONS.updated]: becomeActive,
  [TRANSITIONS.deleted]: (slice, t) => {
    if (!bdbOf(slice, t)) return
    delete slice.bdbs[String(t.target.uid)]
    noteBdbChange(slice.bdbs, String(t.target.uid), undefined)
    delete slice.bdb_passwords[String(t.target.uid)]
  },
}
