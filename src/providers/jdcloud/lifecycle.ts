// JDCloud instance state machine (seed 000, reference §2 rules): creating -> running, changing -> running,
// deleting -> gone, and a prepaid charge turning overdue at its chargeExpiredTime.
import { WAIT, type LifecycleTable } from '../../core/lifecycle.js'
import type { JdcloudSlice } from './model.js'
import { invalidateUsage } from './usage.js'

export const DELAYS = {
  create: 'jdcloud.instance.create',
  modifyClass: 'jdcloud.instance.modifyClass',
  delete: 'jdcloud.instance.delete',
} as const

export const TRANSITIONS = {
  created: 'jdcloud.instance.created',
  classChanged: 'jdcloud.instance.classChanged',
  deleted: 'jdcloud.instance.deleted',
  chargeExpired: 'jdcloud.charge.expired',
} as const

export const jdcloudLifecycle: LifecycleTable<JdcloudSlice> = {
  // creating -> running
  [TRANSITIONS.created]: (slice, t, { realRedis }) => {
    const stored = slice.instances[String(t.target.id)]
    if (stored?.instance.cacheInstanceStatus !== 'creating') return
    // real-Redis mode: running only once the instance's server answers PING
    if (realRedis && !realRedis.ready(String(t.target.id))) return WAIT
    stored.instance.cacheInstanceStatus = 'running'
  },
  // changing -> running, now with the new class (its memory and type)
  [TRANSITIONS.classChanged]: (slice, t) => {
    const stored = slice.instances[String(t.target.id)]
    const code = String(t.target.cacheInstanceClass)
    const definition = slice.catalogue.classes[code]
    if (!stored || stored.instance.cacheInstanceStatus !== 'changing' || !definition) return
    stored.instance.cacheInstanceClass = code
    stored.instance.cacheInstanceMemoryMB = definition.memoryMB
    stored.instance.cacheInstanceType = definition.instanceType
    stored.instance.cacheInstanceStatus = 'running'
  },
  // deleting -> gone
  [TRANSITIONS.deleted]: (slice, t) => {
    delete slice.instances[String(t.target.id)]
    invalidateUsage()
  },
  // reference §3 Charge: chargeStatus `overdue` = expired
  [TRANSITIONS.chargeExpired]: (slice, t) => {
    const stored = slice.instances[String(t.target.id)]
    if (stored) stored.instance.charge.chargeStatus = 'overdue'
  },
}
