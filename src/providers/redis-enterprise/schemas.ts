// zod schemas for Redis Enterprise request bodies; a failure is a 406 invalid_schema (errors.ts explains the status).
import { z } from 'zod'
import { lazy } from '../../core/lazy.js'
import { PARSE_ONCE } from '../../core/parse-once.js'
import { ROLES } from './model.js'
import { bdbBody } from './responses.js'
import { accessSliceProblem, accessSliceShape } from './access/schemas.js'
import { metricOverridesSchema } from './stats/overrides.js'
import { clusterRecordSchema } from './cluster/schemas.js'
import { eventLogSchema } from './logs/schemas.js'
import { alertsSliceSchema, bdbAlertSettingsSchema } from './alerts/schemas.js'

// reference §2.1: the real server validates bodies against its JSON schema and rejects unknown or ill-typed
// attributes, so every object here is strict. Fields whose bad values have their own seed-004 error code
// (data_persistence, proxy_policy, version) are only typed here; service.ts checks their values.
// Built on first use (lazy), like every schema here: start-up time, issue #20.
const int = lazy(() => z.number().int())
const nonNegativeInt = lazy(() => int().min(0))
const objectList = lazy(() => z.array(z.record(z.string(), z.unknown())))
const syncState = lazy(() => z.enum(['enabled', 'disabled', 'paused', 'stopped']))

/** Keys a client may set on create (and, except uid, on update). */
const writableBdbShape = lazy(() => ({
  name: z.string(),
  memory_size: nonNegativeInt(),
  type: z.enum(['redis', 'memcached']),
  version: z.string(),
  port: int(),
  shards_count: int().min(1).max(512),
  sharding: z.boolean(),
  shard_key_regex: z.array(z.strictObject({ regex: z.string() })),
  oss_sharding: z.boolean(),
  oss_cluster: z.boolean(),
  oss_cluster_api_preferred_ip_type: z.enum(['internal', 'external']),
  oss_cluster_api_preferred_endpoint_type: z.enum(['ip', 'hostname']),
  hash_slots_policy: z.enum(['legacy', '16k']),
  replication: z.boolean(),
  data_persistence: z.string(),
  aof_policy: z.enum(['appendfsync-every-sec', 'appendfsync-always']),
  snapshot_policy: z.array(z.strictObject({ secs: nonNegativeInt(), writes: nonNegativeInt() })),
  eviction_policy: z.enum([
    'volatile-lru',
    'volatile-ttl',
    'volatile-random',
    'allkeys-lru',
    'allkeys-random',
    'noeviction',
    'volatile-lfu',
    'allkeys-lfu',
  ]),
  proxy_policy: z.string(),
  shards_placement: z.enum(['dense', 'sparse']),
  rack_aware: z.boolean(),
  tls_mode: z.enum(['enabled', 'disabled', 'replica_ssl']),
  ssl: z.boolean(),
  enforce_client_authentication: z.enum(['enabled', 'disabled']),
  client_cert_subject_validation_type: z.enum(['disabled', 'san_cn', 'full_subject']),
  authentication_redis_pass: z.string(),
  authentication_admin_pass: z.string(),
  authentication_sasl_uname: z.string(),
  authentication_sasl_pass: z.string(),
  authentication_ssl_client_certs: z.array(z.strictObject({ client_cert: z.string() })),
  authentication_ssl_crdt_certs: z.array(z.strictObject({ client_cert: z.string() })),
  authorized_subjects: objectList(),
  default_user: z.boolean(),
  roles_permissions: z.array(z.strictObject({ role_uid: int(), redis_acl_uid: int() })),
  module_list: z.array(
    z.strictObject({
      module_name: z.string(),
      module_args: z.string().optional(),
      module_id: z.string().optional(),
      semantic_version: z.string().optional(),
    }),
  ),
  backup: z.boolean(),
  backup_interval: int().min(1),
  backup_history: nonNegativeInt(),
  crdt: z.boolean(),
  crdt_sync: syncState(),
  crdt_sources: objectList(),
  replica_sources: objectList(),
  replica_sync: syncState(),
  sync: syncState(),
  sync_sources: objectList(),
  dataset_import_sources: objectList(),
  max_connections: nonNegativeInt(),
  max_aof_file_size: nonNegativeInt(),
  max_aof_load_time: nonNegativeInt(),
  bigstore: z.boolean(),
  bigstore_ram_size: nonNegativeInt(),
  slave_ha: z.boolean(),
  slave_ha_priority: nonNegativeInt(),
  repl_backlog_size: z.string(),
  crdt_repl_backlog_size: z.string(),
  slave_buffer: z.string(),
  recovery_wait_time: int(),
  mkms: z.boolean(),
  wait_command: z.boolean(),
  resp3: z.boolean(),
  shard_block_foreign_keys: z.boolean(),
  shard_block_crossslot_keys: z.boolean(),
  implicit_shard_key: z.boolean(),
  email_alerts: z.boolean(),
  activedefrag: z.enum(['yes', 'no']),
  active_defrag_cycle_max: nonNegativeInt(),
  active_defrag_cycle_min: nonNegativeInt(),
  active_defrag_ignore_bytes: z.string(),
  active_defrag_max_scan_fields: nonNegativeInt(),
  active_defrag_threshold_lower: nonNegativeInt(),
  active_defrag_threshold_upper: nonNegativeInt(),
  tags: z.array(z.strictObject({ key: z.string(), value: z.string() })),
  auto_upgrade: z.boolean(),
  data_internode_encryption: z.boolean(),
  db_conns_auditing: z.boolean(),
  maxclients: nonNegativeInt(),
  conns: nonNegativeInt(),
  conns_type: z.enum(['per-thread', 'per-shard']),
  skip_import_analyze: z.enum(['enabled', 'disabled']),
  syncer_mode: z.enum(['distributed', 'centralized']),
  gradual_src_mode: z.enum(['enabled', 'disabled']),
  gradual_sync_mode: z.enum(['enabled', 'disabled', 'auto']),
  metrics_export_all: z.boolean(),
  tracking_table_max_keys: nonNegativeInt(),
  acl: objectList(),
  bigstore_max_ram_ratio: nonNegativeInt(),
  bigstore_version: nonNegativeInt(),
  compare_key_hslot: z.boolean(),
  crdt_causal_consistency: z.boolean(),
  crdt_sync_connection_alarm_timeout_seconds: nonNegativeInt(),
  crdt_sync_dist: z.boolean(),
  crdt_syncer_auto_oom_unlatch: z.boolean(),
  crdt_xadd_id_uniqueness_mode: z.enum(['liberal', 'semi-strict', 'strict']),
  dns_address_master: z.string(),
  flush_on_fullsync: z.boolean(),
  generate_text_monitor: z.boolean(),
  gradual_src_max_sources: nonNegativeInt(),
  gradual_sync_max_shards_per_source: nonNegativeInt(),
  master_persistence: z.boolean(),
  max_client_pipeline: nonNegativeInt(),
  max_pipelined: nonNegativeInt(),
  mtls_allow_outdated_certs: z.boolean(),
  mtls_allow_weak_hashing: z.boolean(),
  multi_commands_opt: z.string(),
  replica_read_only: z.boolean(),
  replica_sync_connection_alarm_timeout_seconds: nonNegativeInt(),
  replica_sync_dist: z.boolean(),
  sched_policy: z.string(),
  support_syncer_reconf: z.boolean(),
  sync_dedicated_threads: nonNegativeInt(),
  syncer_log_level: z.string(),
  use_selective_flush: z.boolean(),
  // D:objects/bdb alert_settings (D:objects/db_alerts_settings); kept with the alerts (alerts/service.ts)
  alert_settings: z.lazy(() => bdbAlertSettingsSchema()),
}))

/**
 * Read-only keys a client may echo back from a GET (a fetched object sent back as an update); typed like the real
 * object and then ignored, never applied. Docs silent on echoing them; rejecting them would break round-trips.
 */
const readOnlyBdbShape = lazy(() => ({
  status: z.string(),
  endpoints: objectList(),
  created_time: z.string(),
  last_changed_time: z.string(),
  shard_list: z.array(int()),
  redis_version: z.string(),
  action_uid: z.string(),
  background_op: objectList(),
  backup_status: z.string(),
  backup_progress: z.number(),
  backup_failure_reason: z.string(),
  export_status: z.string(),
  export_progress: z.number(),
  export_failure_reason: z.string(),
  import_status: z.string(),
  import_progress: z.number(),
  import_failure_reason: z.string(),
  topology_epoch: int(),
  internal: z.boolean(),
  crdt_guid: z.string(),
  crdt_replica_id: int(),
  crdt_config_version: int(),
  crdt_ghost_replica_ids: z.string(),
  crdt_replicas: z.string(),
  crdt_modules: z.string(),
  dns_suffixes: z.array(z.unknown()),
  group_uid: int(),
  redis_cluster_enabled: z.boolean(),
  throughput_ingress: z.number(),
}))

export const readOnlyBdbKeys = lazy(() => Object.keys(readOnlyBdbShape()))

export const createBdbSchema = lazy(() => z.strictObject({ uid: int().min(1), ...writableBdbShape(), ...readOnlyBdbShape() }).partial())
export type CreateBdbBody = z.infer<ReturnType<typeof createBdbSchema>>

const bdbSchemasByKeys = new Map<string, z.ZodType<CreateBdbBody>>()
const MAX_CACHED_KEY_SETS = 512
const bdbKeyOrder = lazy(() => new Map(Object.keys(createBdbSchema().shape).map((key, i) => [key, i])))

/**
 * createBdbSchema.parse, with the schema cut down to the keys the body has (kept in the schema's order): every key of
 * it is optional, so the absent ones check nothing, and the cut-down schema gives the same value and the same errors,
 * in the same order, without ~140 optional-key checks per request. A body that is not an object, or has a key the
 * schema lacks, is parsed by the whole schema.
 */
export function parseBdbBody(input: unknown): CreateBdbBody {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return createBdbSchema().parse(input)
  const keys = Object.keys(input)
  for (const key of keys) if (!bdbKeyOrder().has(key)) return createBdbSchema().parse(input)
  keys.sort((a, b) => bdbKeyOrder().get(a)! - bdbKeyOrder().get(b)!)
  const signature = keys.join(',')
  let schema = bdbSchemasByKeys.get(signature)
  if (!schema) {
    if (bdbSchemasByKeys.size >= MAX_CACHED_KEY_SETS) return createBdbSchema().parse(input)
    schema = createBdbSchema().pick(Object.fromEntries(keys.map((key) => [key, true])) as Record<keyof CreateBdbBody, true>)
    bdbSchemasByKeys.set(signature, schema)
  }
  return schema.parse(input)
}

// The uid of an existing bdb cannot change; echoing it back is accepted when it names the same bdb (service.ts).
export const updateBdbSchema = createBdbSchema
export type UpdateBdbBody = CreateBdbBody

// seed 004 POST /v2/bdbs: {"bdb": {...}, "recovery_plan": {"data_files": [{shard_slots, node_uid, filename}]}}
export const createBdbV2Schema = lazy(() => z.strictObject({
  bdb: createBdbSchema(),
  recovery_plan: z
    .strictObject({
      data_files: z.array(z.strictObject({ shard_slots: z.string(), node_uid: z.string(), filename: z.string().min(1) })),
    })
    .optional(),
}))

// ---- a whole slice given to POST /_emulator/seed or PUT /_emulator/state: checked so that a hand-written document
// cannot make later requests fail. A stored bdb has every key of the captured real bdb (the rules read them all, a
// missing one would be a 500 later), typed as on the wire; only the keys the capture lacks stay optional. ----

// A stored bdb is exactly what GET /v1/bdbs/{uid} answers (records are stored in wire shape): the response schema of
// the OpenAPI document (responses.ts), so an imported record can never be answered in a shape the document refuses.
const storedBdb = lazy(() => bdbBody())

const storedUser = lazy(() => z.strictObject({
  auth_method: z.string(),
  certificate_subject_line: z.string(),
  email: z.string(),
  email_alerts: z.boolean(),
  name: z.string(),
  password_issue_date: z.string(),
  role: z.enum(ROLES),
  role_uids: z.array(int()),
  status: z.enum(['active', 'locked']),
  uid: int().min(1),
}))

const storedAction = lazy(() => z.strictObject({
  seq: int(),
  action_uid: z.string().min(1),
  name: z.enum(['SMCreateBDB', 'SMUpdateBDB', 'SMDeleteBDB', 'SMExportBDB', 'SMImportBDB', 'SMStopTraffic', 'SMResumeTraffic', 'SMRecoverBDB']),
  bdb_uid: int(),
  started_at: z.number(),
  due_at: z.number(),
  error: z.string().optional(),
}))

const sliceSchema = lazy(() => z.looseObject({
  // z.lazy: the 140-key bdb schema is built only for a slice that has databases (start-up time, issue #20)
  bdbs: z.record(z.string(), z.lazy(storedBdb)),
  users: z.record(z.string(), storedUser()),
  passwords: z.record(z.string(), z.string()),
  actions: z.record(z.string(), z.lazy(storedAction)),
  sequences: z.record(z.string(), int().min(1)),
  ...accessSliceShape(),
  // values pinned by PUT /_emulator/metrics (stats/overrides.ts)
  metric_overrides: metricOverridesSchema().optional(),
  cluster: clusterRecordSchema().optional(),
  event_log: eventLogSchema(),
  alerts: alertsSliceSchema(),
}))

/** The problem with a slice given as state, or undefined when it is usable. */
export function validateSlice(slice: unknown): string | undefined {
  const result = sliceSchema().safeParse(slice, PARSE_ONCE)
  if (!result.success) {
    const issue = result.error.issues[0]
    return `${issue.path.join('.') || '(slice)'}: ${issue.message}`
  }
  const { bdbs, users, actions } = result.data
  for (const [key, bdb] of Object.entries(bdbs)) if (String(bdb.uid) !== key) return `bdbs.${key}: uid must equal its key`
  for (const [key, user] of Object.entries(users)) if (String(user.uid) !== key) return `users.${key}: uid must equal its key`
  for (const [key, action] of Object.entries(actions)) if (action.action_uid !== key) return `actions.${key}: action_uid must equal its key`
  return accessSliceProblem(result.data)
}
