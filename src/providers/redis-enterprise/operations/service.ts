// Database operations (reference-more §15, §20): export, import, status resets, traffic control and recovery. Each
// long one runs a state machine (/v1/actions, /v2/actions) on the emulator clock with a named delay; with
// --real-redis, exports write a real RDB file, imports load one and stop_traffic shuts the server's door.
import { scheduleTransition } from '../../../core/lifecycle.js'
import { RdbLoadError } from '../../../core/real-redis.js'
import { reError } from '../errors.js'
import { TRANSITIONS } from '../lifecycle.js'
import { logEvent } from '../logs/service.js'
import type { Bdb, JsonObject, OperationMachineName, RedisEnterpriseSlice } from '../model.js'
import { PROVIDER_ID, findBdb, readSlice, startAction, type Services } from '../service.js'
import { noteBdbChange } from '../bdb-index.js'
import { placeShards } from '../cluster.js'
import { exportFile, exportProblem, importProblem, localPath, checkLocation } from './locations.js'
import { OPERATION_TRANSITIONS } from './lifecycle.js'
import { exportBodySchema, importBodySchema, recoverBodySchema, type Location } from './schemas.js'
import type { z } from 'zod'

export const OPERATION_DELAYS = {
  'redis-enterprise.bdb.export': 2000,
  'redis-enterprise.bdb.import': 2000,
  'redis-enterprise.bdb.traffic': 500,
  'redis-enterprise.bdb.recover': 1000,
} as const

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body ?? {})
  if (!parsed.success) throw reError('invalid_schema', parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '))
  return parsed.data
}

const IMPORT_RUNNING = new Set(['initializing', 'importing'])

/** reference-more §15/§20: 409 while the database is not active or another operation runs on it. */
function checkIdle(bdb: Bdb, what: string): void {
  if (bdb.status !== 'active') throw reError('busy', `Database ${bdb.uid} cannot ${what} now (status ${bdb.status})`)
  if (bdb.export_status === 'exporting') throw reError('busy', `Database ${bdb.uid} is being exported`)
  if (IMPORT_RUNNING.has(String(bdb.import_status))) throw reError('busy', `Database ${bdb.uid} is being imported`)
}

/** reference-more §15: 406 when a module of the database lacks the backup_restore capability. */
function checkModulesCanBackup(services: Services, bdb: Bdb): void {
  for (const module of (bdb.module_list as JsonObject[]) ?? []) {
    const known = services.catalogue.modules.find((m) => m.module_name === module.module_name)
    const capabilities = (known?.capabilities as string[] | undefined) ?? []
    if (!capabilities.includes('backup_restore')) {
      throw reError('unsupported_module_capabilities', `Module ${String(module.module_name)} does not support backup_restore`)
    }
  }
}

const hasServer = (services: Services, bdb: Bdb) => services.realRedis !== undefined && bdb.type !== 'memcached'

function failureOf(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code
  if (code === 'EACCES' || code === 'EPERM') return 'no-permission'
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'wrong-file-path'
  return 'general-error'
}

function begin(draft: RedisEnterpriseSlice, services: Services, name: OperationMachineName, bdb: Bdb, now: number, delayName: keyof typeof OPERATION_DELAYS, error?: string) {
  const action = startAction(draft, name, bdb.uid, now, services.delays.get(delayName))
  if (error !== undefined) action.error = error
  return action
}

/** POST /v1/bdbs/{uid}/actions/export. */
export async function exportBdb(services: Services, rawUid: string, body: unknown, now: number): Promise<JsonObject> {
  const { export_location: location } = parse(exportBodySchema(), body)
  const plan = (slice: RedisEnterpriseSlice) => {
    const bdb = findBdb(slice, rawUid)
    // the request is checked before the database's state (a bad body is 406 whatever the database does)
    checkLocation(location, 'export')
    checkIdle(bdb, 'export')
    checkModulesCanBackup(services, bdb)
    return bdb
  }
  const bdb = plan(readSlice(services))
  const path = localPath(location)
  let reason = ''
  if (path !== undefined) {
    const file = exportFile(path, bdb.uid, bdb.name)
    reason = exportProblem(file) ?? ''
    if (!reason && hasServer(services, bdb)) {
      try {
        await services.realRedis!.saveRdb!(String(bdb.uid), file)
      } catch (err) {
        reason = failureOf(err)
      }
    }
  }
  return services.store.mutate<RedisEnterpriseSlice, JsonObject>(PROVIDER_ID, (draft) => {
    const target = plan(draft)
    const action = begin(draft, services, 'SMExportBDB', target, now, 'redis-enterprise.bdb.export', reason ? `export failed: ${reason}` : undefined)
    // D:objects/bdb: export_status "" -> exporting -> succeeded | failed
    target.export_status = 'exporting'
    target.export_progress = 0.0
    target.export_failure_reason = ''
    scheduleTransition(draft, OPERATION_TRANSITIONS.exported, action.due_at, { uid: target.uid, action: action.action_uid, reason })
    logEvent(draft, now, 'export_started', { bdb_uid: String(target.uid), bdb_name: target.name })
    return { action_uid: action.action_uid }
  })
}

/** POST /v1/bdbs/{uid}/actions/import: replaces the dataset with the sources' (INF: the keyspace is emptied first). */
export async function importBdb(services: Services, rawUid: string, body: unknown, now: number): Promise<JsonObject> {
  const parsed = parse(importBodySchema(), body)
  const plan = (slice: RedisEnterpriseSlice) => {
    const bdb = findBdb(slice, rawUid)
    const sources = (parsed.dataset_import_sources ?? (bdb.dataset_import_sources as unknown as Location[])) ?? []
    if (sources.length === 0) throw reError('invalid_schema', 'dataset_import_sources: at least one import source is required')
    for (const source of sources) checkLocation(source, 'import')
    checkIdle(bdb, 'import')
    checkModulesCanBackup(services, bdb)
    return { bdb, sources }
  }
  const { bdb, sources } = plan(readSlice(services))
  let reason = ''
  const files = sources.map(localPath).filter((p): p is string => p !== undefined)
  for (const file of files) reason ||= importProblem(file) ?? ''
  if (!reason && files.length > 0 && hasServer(services, bdb)) {
    try {
      for (const [i, file] of files.entries()) await services.realRedis!.loadRdb!(String(bdb.uid), file, i === 0)
    } catch (err) {
      reason = err instanceof RdbLoadError ? 'file-corrupted' : 'general-error'
    }
  }
  return services.store.mutate<RedisEnterpriseSlice, JsonObject>(PROVIDER_ID, (draft) => {
    const { bdb: target, sources: used } = plan(draft)
    const action = begin(draft, services, 'SMImportBDB', target, now, 'redis-enterprise.bdb.import', reason ? `import failed: ${reason}` : undefined)
    // D:objects/bdb: import_status idle -> initializing -> importing -> succeeded | failed; the bdb is import-pending meanwhile
    target.status = 'import-pending'
    target.action_uid = action.action_uid
    target.import_status = 'initializing'
    target.import_progress = 0.0
    target.import_failure_reason = ''
    target.dataset_import_sources = used as unknown as JsonObject[]
    noteBdbChange(draft.bdbs, String(target.uid), target)
    scheduleTransition(draft, OPERATION_TRANSITIONS.importing, action.started_at + Math.floor((action.due_at - action.started_at) / 2), { uid: target.uid, action: action.action_uid })
    scheduleTransition(draft, OPERATION_TRANSITIONS.imported, action.due_at, { uid: target.uid, action: action.action_uid, reason })
    logEvent(draft, now, 'import_started', { bdb_uid: String(target.uid), bdb_name: target.name })
    return { action_uid: action.action_uid }
  })
}

export type StatusKind = 'backup' | 'export' | 'import'

/** PUT /v1/bdbs/{uid}/actions/{backup,export,import}_reset_status: back to idle, only when nothing runs (409 INF). */
export async function resetStatus(services: Services, rawUid: string, kind: StatusKind): Promise<void> {
  await services.store.mutate<RedisEnterpriseSlice>(PROVIDER_ID, (draft) => {
    const bdb = findBdb(draft, rawUid)
    const status = String(bdb[`${kind}_status`])
    if (status === 'exporting' || IMPORT_RUNNING.has(status)) throw reError('busy', `The ${kind} of database ${bdb.uid} is still running`)
    // FIX bdb_single.json: the idle values are "" and 0.0
    bdb[`${kind}_status`] = ''
    bdb[`${kind}_failure_reason`] = ''
    bdb[`${kind}_progress`] = 0.0
  })
}

/**
 * POST stop_traffic / resume_traffic (reference-more §20): `traffic_manually_disabled` flips at once (with
 * --real-redis the server refuses clients from then on), the bdb is active-change-pending until the machine ends.
 */
export async function setTraffic(services: Services, rawUid: string, stopped: boolean, now: number): Promise<JsonObject> {
  return services.store.mutate<RedisEnterpriseSlice, JsonObject>(PROVIDER_ID, (draft) => {
    const bdb = findBdb(draft, rawUid)
    checkIdle(bdb, stopped ? 'stop traffic' : 'resume traffic')
    // INF: stopping stopped traffic (or resuming running traffic) is refused like any other impossible change
    if ((bdb.traffic_manually_disabled === true) === stopped) {
      throw reError('busy', `The traffic of database ${bdb.uid} is already ${stopped ? 'stopped' : 'running'}`)
    }
    const action = begin(draft, services, stopped ? 'SMStopTraffic' : 'SMResumeTraffic', bdb, now, 'redis-enterprise.bdb.traffic')
    bdb.traffic_manually_disabled = stopped
    bdb.status = 'active-change-pending'
    bdb.action_uid = action.action_uid
    noteBdbChange(draft.bdbs, String(bdb.uid), bdb)
    scheduleTransition(draft, TRANSITIONS.updated, action.due_at, { uid: bdb.uid, action: action.action_uid })
    logEvent(draft, now, stopped ? 'bdb_traffic_stopped' : 'bdb_traffic_resumed', { bdb_uid: String(bdb.uid), bdb_name: bdb.name })
    return { action_uid: action.action_uid }
  })
}

/** GET /v1/bdbs/{uid}/actions/recover: the recovery plan (reference-more §20), one data file per master shard. */
export function recoveryPlan(services: Services, rawUid: string): JsonObject {
  const bdb = findBdb(readSlice(services), rawUid)
  const files = placeShards(bdb, services.settings.nodes)
    .filter((s) => s.role === 'master')
    .map((s) => ({
      filename: `appendonly-${s.uid}.aof`,
      last_modified: Date.parse(String(bdb.last_changed_time)) / 1000,
      node_uid: String(s.node_uid),
      shard_role: 'master',
      shard_slots: s.assigned_slots,
      shard_uid: String(s.uid),
      size: 0,
    }))
  return { data_files: files, status: 'ready' }
}

/** POST /v1/bdbs/{uid}/actions/recover: only a database in `recovery` can be recovered (409 otherwise, INF code busy). */
export async function recoverBdb(services: Services, rawUid: string, body: unknown, now: number): Promise<JsonObject> {
  parse(recoverBodySchema(), body)
  return services.store.mutate<RedisEnterpriseSlice, JsonObject>(PROVIDER_ID, (draft) => {
    const bdb = findBdb(draft, rawUid)
    if (bdb.status !== 'recovery' || bdb.action_uid !== undefined) {
      throw reError('busy', bdb.action_uid !== undefined ? `Database ${bdb.uid} is already being recovered or changed` : `Database ${bdb.uid} is not recoverable (status ${bdb.status})`)
    }
    const action = begin(draft, services, 'SMRecoverBDB', bdb, now, 'redis-enterprise.bdb.recover')
    bdb.action_uid = action.action_uid
    scheduleTransition(draft, TRANSITIONS.updated, action.due_at, { uid: bdb.uid, action: action.action_uid })
    logEvent(draft, now, 'bdb_recovery_started', { bdb_uid: String(bdb.uid), bdb_name: bdb.name })
    return { action_uid: action.action_uid }
  })
}
