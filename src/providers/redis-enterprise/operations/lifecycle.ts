// Transitions of database operations (reference-more §15, D:objects/bdb): export `exporting` -> `succeeded`|`failed`;
// import `initializing` -> `importing` -> `succeeded`|`failed` (bdb `import-pending` -> `active`).
import type { LifecycleTable, PendingTransition } from '../../../core/lifecycle.js'
import type { RedisEnterpriseSlice } from '../model.js'
import { logEvent } from '../logs/service.js'

export const OPERATION_TRANSITIONS = {
  exported: 'bdb.export.done',
  importing: 'bdb.import.importing',
  imported: 'bdb.import.done',
} as const

/** The transition's failure reason ('' = success). */
const reasonOf = (t: PendingTransition) => String(t.target.reason ?? '')

export const operationLifecycle: LifecycleTable<RedisEnterpriseSlice> = {
  [OPERATION_TRANSITIONS.exported]: (slice, t, { at }) => {
    const bdb = slice.bdbs[String(t.target.uid)]
    if (!bdb || bdb.export_status !== 'exporting') return
    const reason = reasonOf(t)
    bdb.export_status = reason ? 'failed' : 'succeeded'
    bdb.export_failure_reason = reason
    bdb.export_progress = reason ? 0.0 : 100.0
    logEvent(slice, at, reason ? 'export_failed' : 'export_succeeded', { bdb_uid: String(bdb.uid), bdb_name: bdb.name, ...(reason ? { reason } : {}) }, reason ? 'ERROR' : 'INFO')
  },
  [OPERATION_TRANSITIONS.importing]: (slice, t) => {
    const bdb = slice.bdbs[String(t.target.uid)]
    if (!bdb || bdb.action_uid !== t.target.action) return
    bdb.import_status = 'importing'
    bdb.import_progress = 50.0
  },
  [OPERATION_TRANSITIONS.imported]: (slice, t, { at }) => {
    const bdb = slice.bdbs[String(t.target.uid)]
    if (!bdb || bdb.action_uid !== t.target.action) return
    const reason = reasonOf(t)
    bdb.status = 'active'
    delete bdb.action_uid
    bdb.import_status = reason ? 'failed' : 'succeeded'
    bdb.import_failure_reason = reason
    bdb.import_progress = reason ? 0.0 : 100.0
    logEvent(slice, at, reason ? 'import_failed' : 'import_succeeded', { bdb_uid: String(bdb.uid), bdb_name: bdb.name, ...(reason ? { reason } : {}) }, reason ? 'ERROR' : 'INFO')
  },
}
