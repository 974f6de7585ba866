// Cluster settings (reference §5.1, §5.2, §5.4): GET/PUT /v1/cluster, GET/PUT /v1/cluster/policy, services_configuration.
import type { Router } from 'express'
import { requirePermission as can } from '../auth.js'
import type { Catalogue, Json, JsonObject, RedisEnterpriseSlice } from '../model.js'
import { PROVIDER_ID, readSlice, type Services } from '../service.js'
import { certificateOf } from './certificates.js'
import { clusterError } from './errors.js'
import { dryRun } from './http.js'
import { clusterRecord, draftClusterRecord, sortedKeys } from './state.js'
import { logEvent } from '../logs/service.js'
import { requestNow } from '../../../core/provider.js'

/** The cluster's name (FQDN): the bootstrapped one, else the captured one. */
export function clusterName(catalogue: Catalogue, slice: RedisEnterpriseSlice): string {
  return (clusterRecord(slice).cluster.name as string | undefined) ?? (catalogue.cluster.name as string)
}

// D:objects/cluster_settings with the defaults the docs give (reference §5.2); the rest are INF, from a fresh 8.0 cluster's
// documented behaviour (thresholds in bytes / percent, lockout per the security docs).
const DEFAULT_POLICY: JsonObject = {
  acl_pubsub_default: 'resetchannels',
  auto_recovery: false,
  bigstore_migrate_node_threshold: 0,
  bigstore_migrate_node_threshold_p: 0,
  bigstore_provision_node_threshold: 0,
  bigstore_provision_node_threshold_p: 0,
  data_internode_encryption: false,
  db_conns_auditing: false,
  default_concurrent_restore_actions: 10,
  default_fork_evict_ram: false,
  default_non_sharded_proxy_policy: 'single',
  default_oss_cluster: false,
  default_oss_sharding: false,
  default_provisioned_redis_version: '8.0',
  default_recovery_wait_time: -1,
  default_sharded_proxy_policy: 'single',
  default_shards_placement: 'dense',
  endpoint_rebind_propagation_grace_time: 15,
  failure_detection_sensitivity: 'high',
  login_lockout_counter_reset_after: 900,
  login_lockout_duration: 1800,
  login_lockout_threshold: 5,
  max_saved_events_per_type: 100,
  max_simultaneous_backups: 4,
  parallel_shards_upgrade: 0,
  persistence_cleanup_scan_interval: '0 1 * * *',
  persistent_node_removal: false,
  rack_aware: false,
  redis_migrate_node_threshold: 0,
  redis_migrate_node_threshold_p: 0,
  redis_provision_node_threshold: 0,
  redis_provision_node_threshold_p: 0,
  redis_upgrade_policy: 'major',
  repl_diskless: true,
  resp3_default: true,
  shards_overbooking: false,
  show_internals: false,
  slave_ha: true,
  slave_ha_bdb_cooldown_period: 7200,
  slave_ha_cooldown_period: 3600,
  slave_ha_grace_period: 600,
  use_librdb: false,
}

// D:objects/cluster_settings enums
const POLICY_ENUMS: Record<string, readonly string[]> = {
  acl_pubsub_default: ['resetchannels', 'allchannels'],
  default_non_sharded_proxy_policy: ['single', 'all-master-shards', 'all-nodes'],
  default_sharded_proxy_policy: ['single', 'all-master-shards', 'all-nodes'],
  default_shards_placement: ['dense', 'sparse'],
  failure_detection_sensitivity: ['high', 'low'],
  redis_upgrade_policy: ['major', 'latest'],
}

// D:objects/services_configuration (+ call_home_agent, sentinel_service from reference §5.4); which ones a fresh
// cluster runs is INF: the optional agents for Entra ID and the stats archiver start disabled.
const DEFAULT_SERVICES: Record<string, 'enabled' | 'disabled'> = {
  alert_mgr: 'enabled',
  call_home_agent: 'enabled',
  cm_server: 'enabled',
  crdb_coordinator: 'enabled',
  crdb_worker: 'enabled',
  entraid_agent_mgr: 'disabled',
  ldap_agent_mgr: 'enabled',
  mdns_server: 'enabled',
  pdns_server: 'enabled',
  sentinel_service: 'enabled',
  stats_archiver: 'disabled',
}

// D:objects/cluster: fields a client cannot set through PUT /v1/cluster (echoing the current value back is accepted)
const READ_ONLY_CLUSTER_KEYS = new Set([
  'name',
  'created_time',
  'cluster_ssh_public_key',
  'cm_server_version',
  'crdt_supported_featureset_version',
  'crdt_supported_protocol_versions',
  'proxy_certificate',
  'syncer_certificate',
  'system_reserved_ports',
  'upgrade_in_progress',
])

// D:objects/cluster attributes the capture (an older build) does not list, with their defaults: a PUT may set them, and
// GET /v1/cluster lists them once set (INF). metrics_auth: reference metrics §1.2 (RN802, CLU), boolean, default false.
const UNCAPTURED_CLUSTER_DEFAULTS: JsonObject = { metrics_auth: false }

/** One attribute of the cluster object, with the documented default for one the capture does not list. */
export function clusterAttribute(services: Services, slice: RedisEnterpriseSlice, key: string): Json | undefined {
  const cluster = buildCluster(services, slice)
  if (Object.hasOwn(cluster, key)) return cluster[key]
  return Object.hasOwn(UNCAPTURED_CLUSTER_DEFAULTS, key) ? UNCAPTURED_CLUSTER_DEFAULTS[key] : undefined
}

/** The cluster policy as GET /v1/cluster/policy answers it. */
export function buildPolicy(slice: RedisEnterpriseSlice): JsonObject {
  return { ...DEFAULT_POLICY, ...clusterRecord(slice).policy }
}

/** GET /v1/cluster: the captured object with what bootstrap and PUT changed; rack_aware is the policy's. */
export function buildCluster(services: Services, slice: RedisEnterpriseSlice): JsonObject {
  const { catalogue } = services
  return {
    ...catalogue.cluster,
    ...clusterRecord(slice).cluster,
    proxy_certificate: certificateOf(services, slice, 'proxy').certificate,
    rack_aware: buildPolicy(slice).rack_aware,
    syncer_certificate: certificateOf(services, slice, 'syncer').certificate,
  }
}

/**
 * D:objects/cluster_settings: the policy's defaults for a new database, for the keys the create body leaves out
 * (default_shards_placement; default_sharded/non_sharded_proxy_policy by whether it has more than one shard).
 */
export function policyDefaults(slice: RedisEnterpriseSlice, body: Record<string, unknown>, config: JsonObject): JsonObject {
  const policy = buildPolicy(slice)
  const out: JsonObject = {}
  if (body.shards_placement === undefined) out.shards_placement = policy.default_shards_placement
  if (body.proxy_policy === undefined) {
    out.proxy_policy = (config.shards_count as number) > 1 ? policy.default_sharded_proxy_policy : policy.default_non_sharded_proxy_policy
  }
  return out
}

export function buildServicesConfiguration(slice: RedisEnterpriseSlice): JsonObject {
  const changed = clusterRecord(slice).services
  return Object.fromEntries(Object.entries(DEFAULT_SERVICES).map(([name, mode]) => [name, changed[name] ?? { operating_mode: mode }]))
}

function jsonKind(value: Json | undefined): string {
  if (Array.isArray(value)) return 'array'
  if (value === null) return 'null'
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number'
  return typeof value
}

function sameKind(expected: Json, given: Json): boolean {
  const e = jsonKind(expected)
  const g = jsonKind(given)
  // a float field may be sent as an integer; null fields take any value the docs allow (INF: typed by the capture)
  return e === g || (e === 'number' && g === 'integer') || e === 'null'
}

function requireObject(body: unknown, what: string): Record<string, Json> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw clusterError('invalid_schema', `${what} must be a JSON object`)
  return body as Record<string, Json>
}

// D:objects/cluster/alert_settings: the cluster and node alerts; each is a boolean or {enabled, threshold (string)}
const ALERT_NAMES = new Set([
  'cluster_ca_cert_about_to_expire',
  'cluster_certs_about_to_expire',
  'cluster_license_about_to_expire',
  'cluster_node_operation_failed',
  'cluster_ocsp_query_failed',
  'cluster_ocsp_status_revoked',
  'node_aof_slow_disk_io',
  'node_checks_error',
  'node_cpu_utilization',
  'node_ephemeral_storage',
  'node_failed',
  'node_free_flash',
  'node_insufficient_disk_aofrw',
  'node_internal_certs_about_to_expire',
  'node_memory',
  'node_net_throughput',
  'node_persistent_storage',
])

function checkAlertSettings(value: Json): JsonObject {
  const alerts = requireObject(value, 'alert_settings')
  for (const [name, setting] of Object.entries(alerts)) {
    if (!ALERT_NAMES.has(name)) throw clusterError('invalid_schema', `alert_settings: unknown alert ${name}`)
    if (typeof setting === 'boolean') continue
    const s = requireObject(setting, `alert_settings.${name}`)
    for (const [k, v] of Object.entries(s)) {
      // reference §5.1: thresholds are strings
      const ok = (k === 'enabled' && typeof v === 'boolean') || (k === 'threshold' && typeof v === 'string' && /^\d+(\.\d+)?$/.test(v))
      if (!ok) throw clusterError('invalid_schema', `alert_settings.${name}.${k}: invalid value ${JSON.stringify(v)}`)
    }
  }
  return alerts
}

/** The cluster object a PUT body makes (reference §5.1); throws 400 invalid_schema on a key or type the object lacks. */
function plannedCluster(services: Services, slice: RedisEnterpriseSlice, body: unknown): { changes: JsonObject; rackAware?: boolean } {
  const current = buildCluster(services, slice)
  const changes: JsonObject = {}
  let rackAware: boolean | undefined
  for (const [key, value] of Object.entries(requireObject(body, 'The cluster update'))) {
    const known = Object.hasOwn(current, key) ? current[key] : Object.hasOwn(UNCAPTURED_CLUSTER_DEFAULTS, key) ? UNCAPTURED_CLUSTER_DEFAULTS[key] : undefined
    if (known === undefined) throw clusterError('invalid_schema', `${key}: not a cluster attribute`)
    if (READ_ONLY_CLUSTER_KEYS.has(key)) {
      if (JSON.stringify(value) === JSON.stringify(known)) continue
      throw clusterError('invalid_schema', `${key}: a read-only attribute`)
    }
    if (!sameKind(known, value)) throw clusterError('invalid_schema', `${key}: expected ${jsonKind(known)}, got ${jsonKind(value)}`)
    if (key === 'alert_settings') {
      changes.alert_settings = { ...(current.alert_settings as JsonObject), ...checkAlertSettings(value) }
    } else if (key === 'rack_aware') {
      rackAware = value as boolean
    } else {
      changes[key] = value
    }
  }
  return { changes, rackAware }
}

function plannedPolicy(slice: RedisEnterpriseSlice, body: unknown): JsonObject {
  const current = buildPolicy(slice)
  const changes: JsonObject = {}
  for (const [key, value] of Object.entries(requireObject(body, 'The policy'))) {
    // D:requests/cluster/policy: "400 failed to set parameters"
    if (!Object.hasOwn(DEFAULT_POLICY, key)) throw clusterError('invalid_schema', `${key}: not a cluster policy attribute`)
    if (!sameKind(current[key], value)) throw clusterError('invalid_schema', `${key}: expected ${jsonKind(current[key])}, got ${jsonKind(value)}`)
    if (POLICY_ENUMS[key] && !POLICY_ENUMS[key].includes(value as string)) {
      throw clusterError('invalid_schema', `${key}: must be one of ${POLICY_ENUMS[key].join(', ')}`)
    }
    changes[key] = value
  }
  return changes
}

function plannedServices(body: unknown): Record<string, JsonObject> {
  const changes: Record<string, JsonObject> = {}
  for (const [name, value] of Object.entries(requireObject(body, 'The services configuration'))) {
    if (!Object.hasOwn(DEFAULT_SERVICES, name)) throw clusterError('invalid_schema', `${name}: not an optional cluster service`)
    const setting = requireObject(value, name)
    const keys = Object.keys(setting)
    if (keys.length !== 1 || keys[0] !== 'operating_mode' || !['enabled', 'disabled'].includes(setting.operating_mode as string)) {
      throw clusterError('invalid_schema', `${name}: expected {"operating_mode": "enabled" | "disabled"}`)
    }
    changes[name] = { operating_mode: setting.operating_mode }
  }
  return changes
}

export function settingsRoutes(router: Router, services: Services): void {
  const slice = () => readSlice(services)
  router.get('/v1/cluster', can('view_cluster_info'), (_req, res) => {
    res.json(buildCluster(services, slice()))
  })
  // reference §5.1: 200 with the full updated cluster object; ?dry_run checks and answers the would-be object
  router.put('/v1/cluster', can('update_cluster'), async (req, res) => {
    if (dryRun(req)) {
      const current = slice()
      const { changes, rackAware } = plannedCluster(services, current, req.body ?? {})
      return res.json({ ...buildCluster(services, current), ...changes, ...(rackAware === undefined ? {} : { rack_aware: rackAware }) })
    }
    const updated = await services.store.mutate<RedisEnterpriseSlice, JsonObject>(PROVIDER_ID, (draft) => {
      const { changes, rackAware } = plannedCluster(services, draft, req.body ?? {})
      const record = draftClusterRecord(draft)
      Object.assign(record.cluster, changes)
      if (rackAware !== undefined) record.policy.rack_aware = rackAware
      // reference-more §12: the event log records a cluster update
      logEvent(draft, requestNow(res), 'cluster_updated')
      return buildCluster(services, draft)
    })
    res.json(updated)
  })
  router.get('/v1/cluster/policy', can('view_cluster_info'), (_req, res) => {
    res.json(buildPolicy(slice()))
  })
  // reference §5.2: the page gives only the status; the updated object is answered (INF, redisctl parses JSON)
  router.put('/v1/cluster/policy', can('update_cluster'), async (req, res) => {
    const updated = await services.store.mutate<RedisEnterpriseSlice, JsonObject>(PROVIDER_ID, (draft) => {
      Object.assign(draftClusterRecord(draft).policy, plannedPolicy(draft, req.body ?? {}))
      return buildPolicy(draft)
    })
    res.json(updated)
  })
  // reference §1.3: present on every probed version, body and answer undocumented; back to the defaults, answered (INF)
  router.put('/v1/cluster/policy/restore_default', can('update_cluster'), async (_req, res) => {
    const restored = await services.store.mutate<RedisEnterpriseSlice, JsonObject>(PROVIDER_ID, (draft) => {
      draftClusterRecord(draft).policy = {}
      return buildPolicy(draft)
    })
    res.json(restored)
  })
  router.get('/v1/cluster/services_configuration', can('view_cluster_info'), (_req, res) => {
    res.json(buildServicesConfiguration(slice()))
  })
  // reference §5.4: PUT returns the updated object
  router.put('/v1/cluster/services_configuration', can('update_cluster'), async (req, res) => {
    const updated = await services.store.mutate<RedisEnterpriseSlice, JsonObject>(PROVIDER_ID, (draft) => {
      Object.assign(draftClusterRecord(draft).services, plannedServices(req.body ?? {}))
      return buildServicesConfiguration(draft)
    })
    res.json(sortedKeys(updated))
  })
}
