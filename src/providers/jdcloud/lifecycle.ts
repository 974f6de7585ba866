// JDCloud instance state machine (seed 000, reference §2 rules): creating -> running, changing -> running,
// deleting -> gone, and a prepaid charge turning overdue at its chargeExpiredTime.
import { WAIT, type LifecycleTable } from '../../core/lifecycle.js'
import type { JdcloudSlice } from './model.js'
import { invalidateUsage } from './usage.js'
import { analysisFinished } from './analysis/lifecycle.js'
import { clearDataFinished } from './clear-data/lifecycle.js'
import { dropInstanceRecords } from './instance-records.js'
import { noteResizeFinished } from './tasks/resize.js'

export const DELAYS = {
  create: 'jdcloud.instance.create',
  modifyClass: 'jdcloud.instance.modifyClass',
  delete: 'jdcloud.instance.delete',
  clearData: 'jdcloud.cleardata',
  cacheAnalysis: 'jdcloud.analysis.cache',
  bigKeyAnalysis: 'jdcloud.analysis.bigKey',
} as const

export const TRANSITIONS = {
  created: 'jdcloud.instance.created',
  classChanged: 'jdcloud.instance.classChanged',
  deleted: 'jdcloud.instance.deleted',
  chargeExpired: 'jdcloud.charge.expired',
  clearDataFinished: 'jdcloud.cleardata.finished',
  analysisFinished: 'jdcloud.analysis.finished',
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
    noteResizeFinished(slice, String(t.target.id), t.at)
  },
  // deleting -> gone
  [TRANSITIONS.deleted]: (slice, t) => {
    delete slice.instances[String(t.target.id)]
    dropInstanceRecords(slice, String(t.target.id))
    invalidateUsage()
  },
  // reference §3 Charge: chargeStatus `overdue` = expired
  [TRANSITIONS.chargeExpired]: (slice, t) => {
    const stored = slice.instances[String(t.target.id)]
    if (stored) stored.instance.charge.chargeStatus = 'overdue'
  },
  // reference more §10: a clear-data task running -> success
  [TRANSITIONS.clearDataFinished]: clearDataFinished,
  // reference more §9: an analysis task running -> success
  [TRANSITIONS.analysisFinished]: analysisFinished,
}
