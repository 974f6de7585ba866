// Alert objects as the cluster reports them (reference-more §7): settings + the conditions the emulator can see,
// unless a test forced the alert through the control plane. Computed on read, so nothing is stored per request.
import type { Draft } from '../../../core/store.js'
import { clusterMemory, memoryNeeded } from '../cluster.js'
import { buildLicense } from '../cluster/license.js'
import { clusterAttribute } from '../cluster/settings.js'
import { reError } from '../errors.js'
import { wireTime, type Bdb, type JsonObject, type RedisEnterpriseSlice } from '../model.js'
import { PROVIDER_ID, findBdb, readSlice, type Services } from '../service.js'
import { requireUidParam } from '../uids.js'
import { BDB_ALERTS, CLUSTER_ALERTS, DEFAULT_BDB_SIZE_THRESHOLD, NODE_ALERTS, emptyAlerts, type AlertSetting } from './model.js'
import { bdbAlertSettingsSchema, clusterAlertSettingsSchema, raiseAlertSchema, type BdbAlertSettingsBody } from './schemas.js'

const DAY_MS = 86_400_000

type Scope = 'cluster' | `node:${number}` | `bdb:${number}`

/** Alert-specific values of change_value besides `state` (FIX cluster_alerts.json). */
function clusterValues(name: string, services: Services, slice: RedisEnterpriseSlice): JsonObject {
  switch (name) {
    case 'cluster_certs_about_to_expire':
      return { certs_about_to_expire: [] }
    case 'cluster_even_node_count':
      return { node_count: services.settings.nodes }
    case 'cluster_flash_overcommit':
      return { bdbs_committed_flash: 0 }
    case 'cluster_internal_bdb':
      return { internal_bdb: '' }
    case 'cluster_multiple_nodes_down':
      return { dead_nodes: [] }
    case 'cluster_ram_overcommit':
      return { bdbs_committed_ram: committedRam(slice) }
    default:
      return {}
  }
}

function committedRam(slice: RedisEnterpriseSlice): number {
  let total = 0
  for (const bdb of Object.values(slice.bdbs)) total += memoryNeeded(bdb)
  return total
}

/** The conditions the emulator can observe for cluster alerts; every other one is off unless forced. */
function clusterCondition(name: string, services: Services, slice: RedisEnterpriseSlice, threshold: string | undefined, now: number): boolean {
  const { nodes } = services.settings
  switch (name) {
    // FIX cluster_alerts.json: a one-node cluster has both on; docs: "True high availability requires an odd number of nodes
    // with a minimum of three nodes", "Database replication requires at least two nodes in cluster"
    case 'cluster_even_node_count':
      return nodes % 2 === 0 || nodes < 3
    case 'cluster_too_few_nodes_for_replication':
      return nodes < 2
    case 'cluster_license_about_to_expire': {
      const expires = Date.parse(String(buildLicense(services.catalogue, slice, services.settings, now).expiration_date))
      return expires - now <= Number(threshold ?? '7') * DAY_MS
    }
    case 'cluster_ram_overcommit':
      return committedRam(slice) > clusterMemory(services.catalogue, services.settings)
    default:
      return false
  }
}

/** The setting in force for a cluster or node alert: the changed one, else cluster.json's. */
export function clusterAlertSetting(services: Services, slice: RedisEnterpriseSlice, name: string): AlertSetting | undefined {
  const changed = slice.alerts.cluster_settings
  if (Object.hasOwn(changed, name)) return changed[name]
  return clusterSettingsInForce(services, slice)[name]
}

/** The cluster's alert_settings as GET /v1/cluster shows them (PUT /v1/cluster merges changes into them). */
function clusterSettingsInForce(services: Services, slice: RedisEnterpriseSlice): Record<string, AlertSetting> {
  return (clusterAttribute(services, slice, 'alert_settings') ?? {}) as Record<string, AlertSetting>
}

/** cluster.json `alert_settings` with the changes made since, for GET /v1/cluster. */
export function clusterAlertSettings(services: Services, slice: RedisEnterpriseSlice): Record<string, AlertSetting> {
  return Object.fromEntries(
    Object.entries({ ...clusterSettingsInForce(services, slice), ...slice.alerts.cluster_settings }).sort(([a], [b]) => a.localeCompare(b)),
  )
}

const enabledOf = (setting: AlertSetting | undefined) => setting === true || (typeof setting === 'object' && setting.enabled)
const thresholdOf = (setting: AlertSetting | undefined) => (typeof setting === 'object' ? setting.threshold : undefined)

/** One alert object, keys in alphabetical order as captured. */
function alertObject(
  slice: RedisEnterpriseSlice,
  services: Services,
  scope: Scope,
  name: string,
  severity: string,
  observed: boolean,
  values: JsonObject,
  enabled: boolean,
  extra: JsonObject = {},
): JsonObject {
  const forced = slice.alerts.raised[scope]?.[name]
  const state = forced ? forced.state : observed
  return {
    change_time: forced?.change_time ?? (services.catalogue.cluster.created_time as string),
    change_value: Object.fromEntries(Object.entries({ ...values, state }).sort(([a], [b]) => a.localeCompare(b))),
    enabled,
    severity: state ? severity : 'INFO',
    state,
    ...extra,
  }
}

export function clusterAlerts(services: Services, now: number): Record<string, JsonObject> {
  const slice = readSlice(services)
  return Object.fromEntries(
    Object.entries(CLUSTER_ALERTS).map(([name, severity]) => {
      const setting = clusterAlertSetting(services, slice, name)
      const threshold = thresholdOf(setting)
      const values = { ...clusterValues(name, services, slice), ...(threshold !== undefined ? { global_threshold: threshold } : {}) }
      return [name, alertObject(slice, services, 'cluster', name, severity, clusterCondition(name, services, slice, threshold, now), values, enabledOf(setting))]
    }),
  )
}

function nodeUid(services: Services, raw: string): number {
  const uid = requireUidParam(raw)
  if (uid > services.settings.nodes) throw reError('node_not_exist', `Node ${uid} does not exist`)
  return uid
}

export function nodeAlerts(services: Services, rawUid: string): Record<string, JsonObject> {
  const slice = readSlice(services)
  const uid = nodeUid(services, rawUid)
  return Object.fromEntries(
    Object.entries(NODE_ALERTS).map(([name, severity]) => {
      const setting = clusterAlertSetting(services, slice, name)
      const threshold = thresholdOf(setting)
      return [name, alertObject(slice, services, `node:${uid}`, name, severity, false, threshold !== undefined ? { global_threshold: threshold } : {}, enabledOf(setting))]
    }),
  )
}

export function allNodeAlerts(services: Services): Record<string, Record<string, JsonObject>> {
  return Object.fromEntries(Array.from({ length: services.settings.nodes }, (_, i) => [String(i + 1), nodeAlerts(services, String(i + 1))]))
}

/** With --real-redis, the server's used_memory (INFO memory); undefined without a server. */
async function usedMemory(services: Services, bdb: Bdb): Promise<number | undefined> {
  if (!services.realRedis?.command || bdb.type === 'memcached') return undefined
  try {
    const info = await services.realRedis.command(String(bdb.uid), ['INFO', 'memory'])
    const match = typeof info === 'string' ? /^used_memory:(\d+)/m.exec(info) : null
    return match ? Number(match[1]) : undefined
  } catch {
    return undefined
  }
}

export async function bdbAlerts(services: Services, bdb: Bdb): Promise<Record<string, JsonObject>> {
  const slice = readSlice(services)
  const settings = slice.alerts.bdb_settings[String(bdb.uid)] ?? {}
  const used = await usedMemory(services, bdb)
  return Object.fromEntries(
    Object.entries(BDB_ALERTS).map(([name, severity]) => {
      const setting = settings[name]
      let observed = false
      // --real-redis: bdb_size is on when the server's used memory reaches the threshold (percent of memory_size)
      if (name === 'bdb_size' && used !== undefined && (bdb.memory_size as number) > 0) {
        observed = used >= ((bdb.memory_size as number) * Number(setting?.threshold ?? DEFAULT_BDB_SIZE_THRESHOLD)) / 100
      }
      const extra: JsonObject = setting?.threshold !== undefined ? { threshold: setting.threshold } : {}
      return [name, alertObject(slice, services, `bdb:${bdb.uid}`, name, severity, observed, {}, setting?.enabled ?? false, extra)]
    }),
  )
}

export async function allBdbAlerts(services: Services): Promise<Record<string, Record<string, JsonObject>>> {
  const bdbs = Object.values(readSlice(services).bdbs).sort((a, b) => a.uid - b.uid)
  const out: Record<string, Record<string, JsonObject>> = {}
  for (const bdb of bdbs) out[String(bdb.uid)] = await bdbAlerts(services, bdb)
  return out
}

export function pickAlert(alerts: Record<string, JsonObject>, name: string): JsonObject {
  if (!Object.hasOwn(alerts, name)) throw reError('alert_not_exist', `Alert ${name} does not exist`)
  return alerts[name]
}

/** Stores a bdb's alert settings (POST /v1/bdbs/alerts/{uid}, and the `alert_settings` of PUT /v1/bdbs/{uid}). */
export function applyBdbAlertSettings(draft: Draft<RedisEnterpriseSlice>, bdbUid: number, body: BdbAlertSettingsBody): void {
  draft.alerts ??= emptyAlerts()
  const current = (draft.alerts.bdb_settings[String(bdbUid)] ??= {})
  for (const [name, change] of Object.entries(body)) {
    if (!change) continue
    const previous = current[name] ?? { enabled: false }
    current[name] = { ...previous, ...(change.enabled !== undefined ? { enabled: change.enabled } : {}), ...(change.threshold !== undefined ? { threshold: change.threshold } : {}) }
  }
}

export function parseBdbAlertSettings(body: unknown): BdbAlertSettingsBody {
  const parsed = bdbAlertSettingsSchema().safeParse(body ?? {})
  if (!parsed.success) throw reError('invalid_schema', `alert settings: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`)
  return parsed.data
}

/** POST /v1/bdbs/alerts/{uid}[?dry_run] (reference-more §7): 200 with the database's alerts as they are (or would be) now. */
export async function updateBdbAlerts(services: Services, rawUid: string, body: unknown, dryRun: boolean): Promise<Record<string, JsonObject>> {
  const bdb = findBdb(readSlice(services), rawUid)
  const settings = parseBdbAlertSettings(body)
  if (!dryRun) await services.store.mutate<RedisEnterpriseSlice>(PROVIDER_ID, (draft) => applyBdbAlertSettings(draft, findBdb(draft, rawUid).uid, settings))
  const alerts = await bdbAlerts(services, bdb)
  if (dryRun) {
    for (const [name, change] of Object.entries(settings)) {
      if (!change) continue
      if (change.enabled !== undefined) alerts[name].enabled = change.enabled
      if (change.threshold !== undefined) alerts[name].threshold = change.threshold
    }
  }
  return alerts
}

/**
 * For PUT /v1/cluster (cluster/ folder): validates `alert_settings` and stores the changed entries; the next GET of
 * the alerts and clusterAlertSettings() show them. Throws 406 invalid_schema on an unknown name or a bad value.
 */
export function applyClusterAlertSettings(draft: Draft<RedisEnterpriseSlice>, settings: unknown): void {
  const parsed = clusterAlertSettingsSchema().safeParse(settings ?? {})
  if (!parsed.success) throw reError('invalid_schema', `alert_settings: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`)
  draft.alerts ??= emptyAlerts()
  for (const [name, setting] of Object.entries(parsed.data)) if (setting !== undefined) draft.alerts.cluster_settings[name] = setting
}

/** The control plane's raise/clear: forces a documented alert on or off, or (state null) back to what the emulator sees. */
export async function forceAlert(services: Services, body: unknown, now: number): Promise<{ scope: string; name: string; state: boolean | null }> {
  const parsed = raiseAlertSchema().safeParse(body ?? {})
  if (!parsed.success) throw reError('invalid_schema', parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '))
  const { object, uid, name, state } = parsed.data
  const names = object === 'cluster' ? CLUSTER_ALERTS : object === 'node' ? NODE_ALERTS : BDB_ALERTS
  if (!Object.hasOwn(names, name)) throw reError('alert_not_exist', `${name} is not a documented ${object} alert (${Object.keys(names).join(', ')})`)
  if (object !== 'cluster' && uid === undefined) throw reError('invalid_schema', `uid: a ${object} alert needs the ${object}'s uid`)
  let scope: Scope = 'cluster'
  if (object === 'node') scope = `node:${nodeUid(services, String(uid))}`
  if (object === 'bdb') scope = `bdb:${findBdb(readSlice(services), String(uid)).uid}`
  await services.store.mutate<RedisEnterpriseSlice>(PROVIDER_ID, (draft) => {
    draft.alerts ??= emptyAlerts()
    const forced = (draft.alerts.raised[scope] ??= {})
    if (state === null) delete forced[name]
    else forced[name] = { state, change_time: wireTime(now) }
    if (Object.keys(forced).length === 0) delete draft.alerts.raised[scope]
  })
  return { scope, name, state }
}
