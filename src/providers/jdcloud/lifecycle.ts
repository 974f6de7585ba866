// JDCloud instance state machine (seed 000, reference §2 rules): creating -> running, changing -> running,
// deleting -> gone, and a prepaid charge turning overdue at its chargeExpiredTime; a backup in progress -> succeeded,
// restoring -> running, configuring -> running with the new parameters (reference-more §3, §6).
import { WAIT, type LifecycleTable } from '../../core/lifecycle.js'
import { wireTime, type JdcloudSlice } from './model.js'
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
  backup: 'jdcloud.backup.create',
  restore: 'jdcloud.instance.restore',
  configure: 'jdcloud.instance.configure',
} as const

export const TRANSITIONS = {
  created: 'jdcloud.instance.created',
  classChanged: 'jdcloud.instance.classChanged',
  deleted: 'jdcloud.instance.deleted',
  chargeExpired: 'jdcloud.charge.expired',
  clearDataFinished: 'jdcloud.cleardata.finished',
  analysisFinished: 'jdcloud.analysis.finished',
  backupDone: 'jdcloud.backup.done',
  restored: 'jdcloud.instance.restored',
  configured: 'jdcloud.instance.configured',
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
  // reference-more §3: backupStatus 0 (in progress) -> 2 (succeeded), with its end time and size
  [TRANSITIONS.backupDone]: (slice, t, { at }) => {
    const backup = slice.instances[String(t.target.id)]?.backups?.find((b) => b.baseId === t.target.baseId)
    if (backup?.backupStatus !== 0) return
    backup.backupStatus = 2
    backup.backupEndTime = wireTime(at)
    backup.backupSize = Number(t.target.size)
  },
  // reference-more §3 restoreInstance (INF): restoring -> running
  [TRANSITIONS.restored]: (slice, t) => {
    const stored = slice.instances[String(t.target.id)]
    if (stored?.instance.cacheInstanceStatus === 'restoring') stored.instance.cacheInstanceStatus = 'running'
  },
  // reference-more §6 modifyInstanceConfig (INF): configuring -> running, the parameters now in force
  [TRANSITIONS.configured]: (slice, t) => {
    const stored = slice.instances[String(t.target.id)]
    if (stored?.instance.cacheInstanceStatus !== 'configuring') return
    stored.instanceConfig = { ...stored.instanceConfig, ...(JSON.parse(String(t.target.changes)) as Record<string, string>) }
    stored.instance.cacheInstanceStatus = 'running'
  },
}
