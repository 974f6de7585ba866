// The one source of Redis Enterprise statistics: per cluster, node, database, shard and endpoint, for a time span.
// The REST stats routes and the metrics exporter both read these figures, so they always agree.
//
// Without --real-redis the figures describe idle databases (no keys, no requests, as captures/bdbs_stats.json shows
// for an idle one) whose memory, CPU and fragmentation wobble a little: a deterministic function of the object's uid
// and the span's start, so a frozen clock gives the same figures and a moving one changes them. With --real-redis a
// database's shards report its server's INFO (memory, keys, connections, operations, hits and misses).
import { allShards, placeShards, type ClusterSettings, type ShardPlacement } from '../cluster.js'
import { wireTime, type Bdb, type Catalogue, type JsonObject, type RedisEnterpriseSlice } from '../model.js'
import type { LiveInfo } from './live-info.js'
import { pinnedOf } from './overrides.js'

/** What the figures are computed from. */
export interface FigureSource {
  slice: RedisEnterpriseSlice
  catalogue: Catalogue
  settings: ClusterSettings
  /** bdb uid -> INFO of its real server (real-Redis mode) */
  live: Map<number, LiveInfo>
}

export type Figures = Record<string, number | string>

// ---- deterministic wobble ----

/** FNV-1a of the text, as a fraction in [0, 1). */
function wobble(...parts: (string | number)[]): number {
  let hash = 0x811c9dc5
  const text = parts.join(':')
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash / 0x1_0000_0000
}

const round3 = (n: number) => Math.round(n * 1000) / 1000
const round2 = (n: number) => Math.round(n * 100) / 100
const pageAligned = (n: number) => Math.max(0, Math.floor(n / 4096) * 4096)

// captures/bdbs_stats.json: an idle shard of the captured database
const IDLE_SHARD_MEMORY = 1_434_112
const IDLE_LUA_MEMORY = 31_744
const IDLE_FRAG_RATIO = 13.25
// captures/nodes_stats.json against captures/node_single.json total_memory: the OS and the cluster's own processes
const FREE_SHARE = 0.698
const AVAILABLE_SHARE = 0.5677
const PROVISIONAL_SHARE = 0.3877
const STORAGE_AVAIL_SHARE = 0.8389
const STORAGE_FREE_SHARE = 0.8898

// ---- time ----

export const INTERVALS = {
  '1sec': 1_000,
  '10sec': 10_000,
  '5min': 300_000,
  '15min': 900_000,
  '1hour': 3_600_000,
  '12hour': 43_200_000,
  '1week': 604_800_000,
} as const
export type IntervalName = keyof typeof INTERVALS

export interface Span {
  interval: IntervalName
  t0: number
  t1: number
}

/** When a database came into being (its shards and endpoint too). */
export function createdAt(bdb: Bdb): number {
  const at = Date.parse(String(bdb.created_time ?? ''))
  return Number.isFinite(at) ? at : 0
}

// ---- shards ----

/** Counters of a real server as a per-second average over its uptime: INFO keeps no history to take a rate from. */
function perSecond(live: LiveInfo, counter: number): number {
  return round3(counter / Math.max(1, live.uptime_in_seconds))
}

function masterIndex(bdb: Bdb, shard: ShardPlacement): number {
  const index = bdb.shard_list.indexOf(shard.uid)
  const masters = bdb.shards_count as number
  return index < masters ? index : index - masters
}

/** A share of a whole split over the master shards (the first ones take the remainder), so shares sum to it. */
function share(total: number, masters: number, index: number): number {
  const base = Math.floor(total / masters)
  return base + (index < total - base * masters ? 1 : 0)
}

function shardCount(bdb: Bdb): number {
  return bdb.shard_list.length
}

/** Each shard's ceiling: the database's memory_size split over its shards (reference: used_memory ≤ memory_size). */
function shardMemoryCap(bdb: Bdb): number {
  const limit = bdb.memory_size as number
  return limit > 0 ? Math.floor(limit / Math.max(1, shardCount(bdb))) : Number.POSITIVE_INFINITY
}

/** Shard stats keys (reference §11.2, the docs' shard-metrics example), plus the INFO-named extras the exporter needs. */
export function shardFigures(source: FigureSource, bdb: Bdb, shard: ShardPlacement, span: Span): Figures {
  const live = source.live.get(bdb.uid)
  const masters = bdb.shards_count as number
  const index = masterIndex(bdb, shard)
  const cap = shardMemoryCap(bdb)
  const created = Math.floor(createdAt(bdb) / 1000)
  if (live) {
    const used = Math.min(cap, share(live.used_memory, masters, index))
    const hits = perSecond(live, share(live.keyspace_hits, masters, index))
    const misses = perSecond(live, share(live.keyspace_misses, masters, index))
    const total = perSecond(live, share(live.total_commands_processed, masters, index))
    const isMaster = shard.role === 'master'
    return {
      avg_ttl: live.avg_ttl,
      blocked_clients: isMaster ? share(live.blocked_clients, masters, index) : 0,
      // the emulator's own INFO connection is not a client of the database
      connected_clients: isMaster ? share(Math.max(0, live.connected_clients - 1), masters, index) : 0,
      evicted_objects: isMaster ? perSecond(live, share(live.evicted_keys, masters, index)) : 0,
      expired_objects: isMaster ? perSecond(live, share(live.expired_keys, masters, index)) : 0,
      last_save_time: live.rdb_last_save_time,
      used_memory: used,
      used_memory_peak: Math.min(cap, Math.max(used, share(live.used_memory_peak, masters, index))),
      used_memory_rss: share(live.used_memory_rss, masters, index),
      mem_size_lua: live.used_memory_lua,
      mem_frag_ratio: round2(live.mem_fragmentation_ratio),
      no_of_expires: share(live.expires, masters, index),
      no_of_keys: share(live.keys, masters, index),
      pubsub_channels: isMaster ? live.pubsub_channels : 0,
      pubsub_patterns: isMaster ? live.pubsub_patterns : 0,
      rdb_changes_since_last_save: share(live.rdb_changes_since_last_save, masters, index),
      read_hits: isMaster ? hits : 0,
      read_misses: isMaster ? misses : 0,
      sync_full: 0,
      sync_partial_err: 0,
      sync_partial_ok: 0,
      total_req: isMaster ? total : 0,
      write_hits: 0,
      write_misses: 0,
      // cumulative INFO counters, for the exporter's counters
      total_commands_processed: share(live.total_commands_processed, masters, index),
      keyspace_read_hits: share(live.keyspace_hits, masters, index),
      keyspace_read_misses: share(live.keyspace_misses, masters, index),
      evicted_keys: share(live.evicted_keys, masters, index),
      expired_keys: share(live.expired_keys, masters, index),
      total_connections_received: share(live.total_connections_received, masters, index),
      cpu_seconds: round3((live.used_cpu_sys + live.used_cpu_user) / masters),
      maxmemory: cap === Number.POSITIVE_INFINITY ? 0 : cap,
    }
  }
  const used = Math.min(cap, IDLE_SHARD_MEMORY + Math.floor(wobble('shard', shard.uid, span.t0, span.interval) * 64) * 8)
  const uptime = Math.max(0, span.t1 / 1000 - created)
  return {
    avg_ttl: 0,
    blocked_clients: 0,
    connected_clients: 0,
    evicted_objects: 0,
    expired_objects: 0,
    last_save_time: created,
    used_memory: used,
    used_memory_peak: Math.min(cap, IDLE_SHARD_MEMORY + 512),
    used_memory_rss: pageAligned(used * IDLE_FRAG_RATIO),
    mem_size_lua: IDLE_LUA_MEMORY,
    mem_frag_ratio: round2(IDLE_FRAG_RATIO + wobble('frag', shard.uid, span.t0, span.interval) * 0.2),
    no_of_expires: 0,
    no_of_keys: 0,
    pubsub_channels: 0,
    pubsub_patterns: 0,
    rdb_changes_since_last_save: 0,
    read_hits: 0,
    read_misses: 0,
    sync_full: 0,
    sync_partial_err: 0,
    sync_partial_ok: 0,
    total_req: 0,
    write_hits: 0,
    write_misses: 0,
    total_commands_processed: 0,
    keyspace_read_hits: 0,
    keyspace_read_misses: 0,
    evicted_keys: 0,
    expired_keys: 0,
    total_connections_received: 0,
    // an idle redis-server burns about a thousandth of a core (captures/bdbs_stats.json shard_cpu_user)
    cpu_seconds: round3(uptime * 0.001),
    maxmemory: cap === Number.POSITIVE_INFINITY ? 0 : cap,
  }
}

/** The REST shard stats keys (the docs' example); the other shardFigures keys are for the exporter. */
export const SHARD_STATS_KEYS = [
  'avg_ttl',
  'blocked_clients',
  'connected_clients',
  'evicted_objects',
  'expired_objects',
  'last_save_time',
  'mem_size_lua',
  'no_of_expires',
  'no_of_keys',
  'pubsub_channels',
  'pubsub_patterns',
  'rdb_changes_since_last_save',
  'read_hits',
  'read_misses',
  'sync_full',
  'sync_partial_err',
  'sync_partial_ok',
  'total_req',
  'used_memory',
  'used_memory_peak',
  'used_memory_rss',
  'write_hits',
  'write_misses',
] as const

// ---- databases ----

/** captures/bdbs_stats.json interval keys, without interval/stime/etime. */
export const BDB_STATS_KEYS = [
  'conns',
  'egress_bytes',
  'evicted_objects',
  'expired_objects',
  'fork_cpu_system',
  'fork_cpu_user',
  'ingress_bytes',
  'instantaneous_ops_per_sec',
  'last_req_time',
  'last_res_time',
  'main_thread_cpu_system',
  'main_thread_cpu_user',
  'mem_frag_ratio',
  'mem_not_counted_for_evict',
  'mem_size_lua',
  'monitor_sessions_count',
  'no_of_expires',
  'no_of_keys',
  'other_req',
  'other_res',
  'pubsub_channels',
  'pubsub_patterns',
  'read_hits',
  'read_misses',
  'read_req',
  'read_res',
  'shard_cpu_system',
  'shard_cpu_user',
  'total_connections_received',
  'total_req',
  'total_res',
  'used_memory',
  'write_hits',
  'write_misses',
  'write_req',
  'write_res',
] as const

const sum = (list: Figures[], key: string) => list.reduce((acc, f) => acc + (f[key] as number), 0)

/**
 * A database's figures for the span (captures/bdbs_stats.json keys). Reference metrics §6 (TP): used_memory = Σ all
 * shards, no_of_keys / no_of_expires = Σ master shards, mem_frag_ratio = average of shards. A value pinned through the
 * control plane as `bdb_<key>` replaces the computed one.
 */
export function bdbFigures(source: FigureSource, bdb: Bdb, span: Span): Figures {
  const placements = placeShards(bdb, source.settings.nodes)
  const shards = placements.map((p) => shardFigures(source, bdb, p, span))
  const masters = shards.filter((_, i) => placements[i].role === 'master')
  const live = source.live.get(bdb.uid)
  const totalReq = round3(sum(masters, 'total_req'))
  const readReq = round3(sum(masters, 'read_hits') + sum(masters, 'read_misses'))
  const writeReq = round3(Math.max(0, totalReq - readReq))
  const active = totalReq > 0
  const cpu = (name: string, scale: number) => round3(wobble(name, bdb.uid, span.t0, span.interval) * scale)
  const figures: Figures = {
    conns: sum(masters, 'connected_clients'),
    egress_bytes: live ? perSecond(live, live.total_net_output_bytes) : 0,
    evicted_objects: round3(sum(masters, 'evicted_objects')),
    expired_objects: round3(sum(masters, 'expired_objects')),
    fork_cpu_system: 0,
    fork_cpu_user: 0,
    ingress_bytes: live ? perSecond(live, live.total_net_input_bytes) : 0,
    // captures/bdbs_stats.json: an idle database reports one operation per second (the cluster's own health pings)
    instantaneous_ops_per_sec: live ? Math.max(1, live.instantaneous_ops_per_sec) : 1,
    last_req_time: active ? wireTime(span.t1 - 1000) : '1970-01-01T00:00:00Z',
    last_res_time: active ? wireTime(span.t1 - 1000) : '1970-01-01T00:00:00Z',
    main_thread_cpu_system: cpu('mts', 0.002),
    main_thread_cpu_user: cpu('mtu', 0.003),
    mem_frag_ratio: round2(sum(shards, 'mem_frag_ratio') / Math.max(1, shards.length)),
    mem_not_counted_for_evict: 0,
    mem_size_lua: live ? live.used_memory_lua : IDLE_LUA_MEMORY,
    monitor_sessions_count: 0,
    no_of_expires: sum(masters, 'no_of_expires'),
    no_of_keys: sum(masters, 'no_of_keys'),
    other_req: 0,
    other_res: 0,
    pubsub_channels: sum(masters, 'pubsub_channels'),
    pubsub_patterns: sum(masters, 'pubsub_patterns'),
    read_hits: round3(sum(masters, 'read_hits')),
    read_misses: round3(sum(masters, 'read_misses')),
    read_req: readReq,
    read_res: readReq,
    shard_cpu_system: cpu('scs', 0.002),
    shard_cpu_user: cpu('scu', 0.003),
    total_connections_received: live ? perSecond(live, Math.max(0, live.total_connections_received)) : 0,
    total_req: totalReq,
    total_res: totalReq,
    used_memory: sum(shards, 'used_memory'),
    write_hits: 0,
    write_misses: 0,
    write_req: writeReq,
    write_res: writeReq,
  }
  return withPinned(figures, pinnedOf(source.slice, 'bdb', bdb.uid), 'bdb_')
}

/** Values pinned as `<prefix><key>` replace the figure of that key (the exporter name of a stats field). */
function withPinned(figures: Figures, pinnedValues: Record<string, number>, prefix: string): Figures {
  for (const [metric, value] of Object.entries(pinnedValues)) {
    if (!metric.startsWith(prefix)) continue
    const key = metric.slice(prefix.length)
    if (Object.hasOwn(figures, key) && typeof figures[key] === 'number') figures[key] = value
  }
  return figures
}

// ---- endpoints ----

/** One proxy per endpoint (proxy_policy single): the node holding the first master shard. */
export function endpointNode(bdb: Bdb, nodes: number): number {
  return placeShards(bdb, nodes)[0]?.node_uid ?? ((bdb.uid - 1) % nodes) + 1
}

/** The docs' endpoint stats example keys (reference §11.2). */
export function endpointFigures(source: FigureSource, bdb: Bdb, span: Span): Figures {
  const db = bdbFigures(source, bdb, span)
  const total = db.total_req as number
  return {
    acc_latency: 0,
    acc_other_latency: 0,
    acc_read_latency: 0,
    acc_write_latency: 0,
    auth_cmds: 0,
    auth_errors: 0,
    cmd_flush: 0,
    cmd_get: 0,
    cmd_set: 0,
    cmd_touch: 0,
    conns: db.conns,
    egress_bytes: db.egress_bytes,
    ingress_bytes: db.ingress_bytes,
    last_req_time: total > 0 ? Math.floor(span.t1 / 1000) - 1 : 0,
    last_res_time: total > 0 ? Math.floor(span.t1 / 1000) - 1 : 0,
    max_connections_exceeded: 0,
    monitor_sessions_count: db.monitor_sessions_count,
    other_req: db.other_req,
    other_res: db.other_res,
    other_started_res: db.other_res,
    read_req: db.read_req,
    read_res: db.read_res,
    read_started_res: db.read_res,
    total_connections_received: db.total_connections_received,
    total_req: db.total_req,
    total_res: db.total_res,
    total_started_res: db.total_res,
    write_req: db.write_req,
    write_res: db.write_res,
    write_started_res: db.write_res,
  }
}

// ---- nodes and cluster ----

/** captures/nodes_stats.json interval keys, without interval/stime/etime. */
export const NODE_STATS_KEYS = [
  'available_flash',
  'available_flash_no_overbooking',
  'available_memory',
  'available_memory_no_overbooking',
  'conns',
  'cpu_idle',
  'cpu_iowait',
  'cpu_irqs',
  'cpu_nice',
  'cpu_steal',
  'cpu_system',
  'cpu_user',
  'cur_aof_rewrites',
  'egress_bytes',
  'ephemeral_storage_avail',
  'ephemeral_storage_free',
  'free_memory',
  'ingress_bytes',
  'persistent_storage_avail',
  'persistent_storage_free',
  'provisional_flash',
  'provisional_flash_no_overbooking',
  'provisional_memory',
  'provisional_memory_no_overbooking',
  'total_req',
] as const

/** captures/cluster_stats.json: the node keys without cur_aof_rewrites. */
export const CLUSTER_STATS_KEYS = NODE_STATS_KEYS.filter((k) => k !== 'cur_aof_rewrites')

/** Fractions of the CPU: averaged, not summed, over nodes for the cluster. */
const CPU_KEYS = new Set(['cpu_idle', 'cpu_iowait', 'cpu_irqs', 'cpu_nice', 'cpu_steal', 'cpu_system', 'cpu_user'])

export function nodeTotalMemory(source: FigureSource): number {
  return source.catalogue.nodeTemplate.total_memory as number
}

/**
 * A node's figures: memory follows the shards placed on it (used memory, the memory_size they reserve), traffic
 * follows the endpoints whose proxy runs on it. A value pinned as `node_<key>` replaces the computed one.
 */
export function nodeFigures(source: FigureSource, nodeUid: number, span: Span): Figures {
  const { slice, settings } = source
  const total = nodeTotalMemory(source)
  let usedByShards = 0
  let reserved = 0
  for (const placement of allShards(slice, settings.nodes)) {
    if (placement.node_uid !== nodeUid) continue
    const bdb = slice.bdbs[String(placement.bdb_uid)]
    usedByShards += shardFigures(source, bdb, placement, span).used_memory as number
    reserved += (bdb.memory_size as number) / Math.max(1, shardCount(bdb))
  }
  let conns = 0
  let ingress = 0
  let egress = 0
  let requests = 0
  for (const bdb of Object.values(slice.bdbs)) {
    if (endpointNode(bdb, settings.nodes) !== nodeUid) continue
    const db = bdbFigures(source, bdb, span)
    conns += db.conns as number
    ingress += db.ingress_bytes as number
    egress += db.egress_bytes as number
    requests += db.total_req as number
  }
  const w = (name: string) => wobble(name, nodeUid, span.t0, span.interval)
  const cpuUser = round3(0.003 + w('user') * 0.005)
  const cpuSystem = round3(0.001 + w('system') * 0.004)
  const cpuIrqs = round3(0.001 + w('irqs') * 0.002)
  const available = pageAligned(total * AVAILABLE_SHARE - reserved)
  const provisional = pageAligned(total * PROVISIONAL_SHARE - reserved)
  const ephemeral = source.catalogue.nodeTemplate.ephemeral_storage_size as number
  const persistent = source.catalogue.nodeTemplate.persistent_storage_size as number
  const figures: Figures = {
    available_flash: 0,
    available_flash_no_overbooking: 0,
    available_memory: available,
    available_memory_no_overbooking: available,
    conns,
    cpu_idle: round3(1 - cpuUser - cpuSystem - cpuIrqs),
    cpu_iowait: 0,
    cpu_irqs: cpuIrqs,
    cpu_nice: 0,
    cpu_steal: 0,
    cpu_system: cpuSystem,
    cpu_user: cpuUser,
    cur_aof_rewrites: 0,
    egress_bytes: round3(egress),
    ephemeral_storage_avail: pageAligned(ephemeral * STORAGE_AVAIL_SHARE),
    ephemeral_storage_free: pageAligned(ephemeral * STORAGE_FREE_SHARE),
    free_memory: pageAligned(total * FREE_SHARE - usedByShards - w('free') * 8 * 1024 * 1024),
    ingress_bytes: round3(ingress),
    persistent_storage_avail: pageAligned(persistent * STORAGE_AVAIL_SHARE),
    persistent_storage_free: pageAligned(persistent * STORAGE_FREE_SHARE),
    provisional_flash: 0,
    provisional_flash_no_overbooking: 0,
    provisional_memory: provisional,
    provisional_memory_no_overbooking: provisional,
    total_req: round3(requests),
  }
  return withPinned(figures, pinnedOf(source.slice, 'node', nodeUid), 'node_')
}

/** The cluster: every additive figure is the sum over nodes; CPU fractions are the nodes' average. */
export function clusterFigures(source: FigureSource, span: Span): Figures {
  const nodes = Array.from({ length: source.settings.nodes }, (_, i) => nodeFigures(source, i + 1, span))
  const figures: Figures = {}
  for (const key of CLUSTER_STATS_KEYS) {
    const total = sum(nodes, key)
    figures[key] = CPU_KEYS.has(key) ? round3(total / nodes.length) : round3(total)
  }
  return figures
}

/** The live parts of a bdb the exporter labels series with. */
export function bdbPort(bdb: Bdb): number {
  return ((bdb.endpoints as JsonObject[])[0]?.port as number) ?? 0
}
