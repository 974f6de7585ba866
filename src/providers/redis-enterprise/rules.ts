// The documented bdb configuration rules (seed 004 error codes) checked against the emulated cluster; throws on the first.
import { X509Certificate } from 'node:crypto'
import { memoryNeeded, reservedPorts, shardsNeeded, clusterMemory, type ClusterSettings } from './cluster.js'
import { memoryInUse, portInUse, shardsInUse } from './bdb-index.js'
import { shardsLimit } from './cluster/index.js'
import { buildPolicy } from './cluster/settings.js'
import { reError } from './errors.js'
import type { Bdb, Catalogue, JsonObject, RedisEnterpriseSlice } from './model.js'
import type { CreateBdbBody } from './schemas.js'

export interface RuleContext {
  mode: 'create' | 'update'
  /** the request body as sent (to know which keys the client gave) */
  body: CreateBdbBody
  /** the bdb before the change (update only) */
  previous?: Bdb
  slice: RedisEnterpriseSlice
  catalogue: Catalogue
  settings: ClusterSettings
  now: number
}

// reference §2.1 enums with their own error codes in seed 004
const DATA_PERSISTENCE = ['disabled', 'snapshot', 'aof']
const PROXY_POLICIES = ['single', 'all-master-shards', 'all-nodes']
// L: docs give no threshold for "Database limit too small for replication"; 1 MiB per master shard is assumed.
export const MIN_REPLICATED_SHARD_BYTES = 1024 * 1024

interface SupportedVersion {
  db_type: string
  version: string
  redis_version?: string
}

/** The full and major.minor versions a requested version resolves to, from the nodes' supported_database_versions. */
export function resolveVersion(catalogue: Catalogue, type: string, requested: string): SupportedVersion | undefined {
  const supported = catalogue.nodeTemplate.supported_database_versions as unknown as SupportedVersion[]
  return supported.find((v) => v.db_type === type && (v.version === requested || v.redis_version === requested))
}

export interface ModuleEntry {
  module_args: string
  module_id: string
  module_name: string
  semantic_version: string
}

/** seed 004 missing_module: module names resolve against GET /v1/modules; the version compatible with the db wins. */
export function resolveModules(catalogue: Catalogue, requested: JsonObject[], redisVersion: string): ModuleEntry[] {
  return requested.map((m) => {
    const candidates = catalogue.modules.filter((c) => (c.module_name as string).toLowerCase() === String(m.module_name).toLowerCase())
    const chosen = m.semantic_version
      ? candidates.find((c) => c.semantic_version === m.semantic_version)
      : (candidates.find((c) => c.compatible_redis_version === redisVersion) ?? candidates[0])
    if (!chosen) throw reError('missing_module', `Module ${String(m.module_name)} is missing from the cluster`)
    return {
      module_args: typeof m.module_args === 'string' ? m.module_args : '',
      module_id: chosen.uid as string,
      module_name: chosen.module_name as string,
      semantic_version: chosen.semantic_version as string,
    }
  })
}

function moduleCapabilitiesNeeded(config: Bdb): string[] {
  const needed: string[] = []
  if (config.sharding) needed.push('clustering')
  if (config.replication) needed.push('failover_migrate')
  if (config.data_persistence === 'aof') needed.push('persistence_aof')
  if (config.data_persistence === 'snapshot') needed.push('persistence_rdb')
  if (config.backup) needed.push('backup_restore')
  if (config.crdt) needed.push('crdb')
  if (config.bigstore) needed.push('flash')
  if ((config.replica_sources as unknown[]).length > 0) needed.push('replica_of')
  return needed
}

function checkModules(config: Bdb, ctx: RuleContext): void {
  const modules = config.module_list as unknown as ModuleEntry[]
  if (modules.length === 0) return
  if (config.type === 'memcached') throw reError('memcached_cannot_use_modules', 'Cannot create a memcached database with modules')
  const needed = moduleCapabilitiesNeeded(config)
  for (const m of modules) {
    const found = ctx.catalogue.modules.find((c) => c.uid === m.module_id)
    const capabilities = (found?.capabilities as string[] | undefined) ?? []
    const missing = needed.filter((c) => !capabilities.includes(c))
    if (missing.length) {
      throw reError(
        'unsupported_module_capabilities',
        `Module ${m.module_name} does not support the capabilities needed by the database configuration: ${missing.join(', ')}`,
      )
    }
  }
}

function checkCertificates(config: Bdb, now: number): void {
  for (const key of ['authentication_ssl_client_certs', 'authentication_ssl_crdt_certs']) {
    const seen = new Set<string>()
    for (const entry of config[key] as JsonObject[]) {
      const pem = String(entry.client_cert)
      let cert: X509Certificate
      try {
        cert = new X509Certificate(pem)
      } catch {
        throw reError('invalid_certificate', 'SSL client certificate is missing or malformed')
      }
      if (Date.parse(cert.validTo) < now) throw reError('certificate_expired', 'SSL client certificate has expired')
      if (seen.has(cert.fingerprint256)) throw reError('duplicated_certs', 'An SSL client certificate appears more than once')
      seen.add(cert.fingerprint256)
    }
  }
}

function checkVersion(config: Bdb, ctx: RuleContext): void {
  if (ctx.body.version === undefined) return
  const requested = ctx.body.version
  // seed 004: "LFU eviction policy is not supported on bdb version<4" (checked before the version's existence)
  const major = Number.parseInt(requested, 10)
  if (String(config.eviction_policy).endsWith('-lfu') && Number.isFinite(major) && major < 4) {
    throw reError('eviction_policy_violation', 'LFU eviction policy is not supported on bdb version<4')
  }
  if (!resolveVersion(ctx.catalogue, config.type as string, requested)) {
    throw reError('invalid_version', `An invalid database version was requested: ${requested}`)
  }
}

function checkSharding(config: Bdb): void {
  const regexes = config.shard_key_regex as unknown[]
  if ((config.shards_count as number) > 1 && !config.sharding) {
    throw reError('invalid_sharding', 'Invalid sharding configuration: shards_count > 1 requires sharding')
  }
  // bdb object docs: "When true, shard hashing rules must be provided by either oss_sharding or shard_key_regex"
  if (config.sharding && !config.oss_sharding && regexes.length === 0) {
    throw reError('invalid_sharding', 'Invalid sharding configuration: sharding requires oss_sharding or shard_key_regex')
  }
}

function checkPort(config: Bdb, ctx: RuleContext): void {
  const port = config.port as number
  if (port === 0) return
  const taken = portInUse(ctx.slice, port, ctx.previous?.uid)
  if (port < 1 || port > 65535 || reservedPorts(ctx.catalogue).has(port) || taken) {
    throw reError('port_unavailable', `The specified database port ${port} is reserved or already in use`)
  }
}

function checkResources(config: Bdb, ctx: RuleContext): void {
  // the shards and memory of every other database (bdb-index.ts)
  const shards = shardsInUse(ctx.slice, ctx.settings.nodes, ctx.previous?.uid)
  const limit = shardsLimit(ctx.settings, ctx.slice)
  if (shards + shardsNeeded(config) > limit) {
    throw reError('insufficient_resources', `Shards count exceeds the cluster's shards limit (${limit})`)
  }
  if (memoryInUse(ctx.slice, ctx.previous?.uid) + memoryNeeded(config) > clusterMemory(ctx.catalogue, ctx.settings)) {
    throw reError('insufficient_resources', 'Not enough memory in the cluster to host the database')
  }
}

function checkReplication(config: Bdb, ctx: RuleContext): void {
  if (config.crdt && !config.replication) throw reError('replication_violation', 'CRDT database must use replication')
  if (!config.replication) return
  if (ctx.settings.nodes < 2) {
    // seed 004: create says invalid_replication, update says replication_node_violation
    throw ctx.mode === 'create'
      ? reError('invalid_replication', 'Not enough nodes to perform replication')
      : reError('replication_node_violation', 'Not enough nodes for replication')
  }
  const perShard = (config.memory_size as number) / (config.shards_count as number)
  if (ctx.mode === 'update' && (config.memory_size as number) > 0 && perShard < MIN_REPLICATED_SHARD_BYTES) {
    throw reError('replication_size_violation', 'Database limit too small for replication')
  }
}

function checkCrdtUpdate(config: Bdb, ctx: RuleContext): void {
  const previous = ctx.previous
  if (!previous?.crdt) return
  if (config.name !== previous.name) throw reError('name_violation', 'CRDT database name cannot be changed')
  if (!previous.sharding && config.sharding) {
    throw reError('crdt_sharding_violation', 'CRDB created without sharding cannot be changed to use sharding')
  }
}

function checkMemcachedOnly(config: Bdb): void {
  const uname = config.authentication_sasl_uname as string
  const pass = config.authentication_sasl_pass as string
  if (config.type === 'memcached') {
    if (Boolean(uname) !== Boolean(pass)) throw reError('invalid_sasl_credentials', 'SASL credentials are missing or invalid')
    if ((config.roles_permissions as unknown[]).length > 0) throw reError('redis_acl_unsupported', 'Redis ACL is not supported for this database')
  } else if (uname || pass) {
    throw reError('invalid_sasl_credentials', 'SASL credentials are only valid for memcached databases')
  }
}

/** Every seed-004 rule the emulated cluster can decide, in the order the seed lists them. */
export function checkBdbConfig(config: Bdb, ctx: RuleContext): void {
  checkPort(config, ctx)
  checkSharding(config)
  if (config.rack_aware && !buildPolicy(ctx.slice).rack_aware) {
    throw ctx.mode === 'create'
      ? reError('not_rack_aware', 'Cluster is not rack-aware and a rack-aware database was requested')
      : reError('rack_awareness_violation', 'Non rack-aware cluster')
  }
  checkVersion(config, ctx)
  if (!DATA_PERSISTENCE.includes(config.data_persistence as string)) {
    throw reError('invalid_data_persistence', `Invalid data persistence configuration: ${String(config.data_persistence)}`)
  }
  if (config.type === 'memcached' && config.data_persistence !== 'disabled') {
    throw reError('invalid_data_persistence', 'Invalid data persistence configuration: memcached databases have no persistence')
  }
  if (!PROXY_POLICIES.includes(config.proxy_policy as string)) {
    throw reError('invalid_proxy_policy', `Invalid proxy_policy value: ${String(config.proxy_policy)}`)
  }
  checkMemcachedOnly(config)
  checkReplication(config, ctx)
  checkCrdtUpdate(config, ctx)
  checkCertificates(config, ctx.now)
  // bdb object docs: OSS Cluster mode "cannot be enabled with hash_slots_policy legacy"
  if (config.oss_cluster && (config.hash_slots_policy === 'legacy' || config.type === 'memcached')) {
    throw reError('invalid_oss_cluster_configuration', 'BDB configuration does not meet the requirements for OSS cluster mode')
  }
  const backupTurnedOn = ctx.body.backup === true && !(ctx.mode === 'update' && ctx.previous?.backup)
  if (backupTurnedOn && ctx.body.backup_interval === undefined) {
    throw reError('missing_backup_interval', 'BDB backup is enabled but backup interval is missing')
  }
  const tagKeys = (config.tags as JsonObject[] | undefined)?.map((t) => t.key) ?? []
  if (new Set(tagKeys).size !== tagKeys.length) {
    throw reError('invalid_bdb_tags', 'Tag objects with the same key parameter were passed')
  }
  checkModules(config, ctx)
  checkResources(config, ctx)
}
