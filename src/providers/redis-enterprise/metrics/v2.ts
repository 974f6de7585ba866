// The v2 (metrics stream engine) output on `/v2` and `/v2/node` (reference metrics §2.2, §5): raw counters and gauges,
// typed, with help text, families sorted; `/v2/node` leaves out the cluster and node labels.
import type { JsonObject } from '../model.js'
import { renderV2, type Family, type Labels } from './exposition.js'
import { pinnedValue, type BdbSnapshot, type Snapshot } from './snapshot.js'
import { PROXY_CPU, PROXY_THREAD_CPU, PROXY_THREADS } from './v1.js'

// reference §5.2: db_status values
const DB_STATUS: Record<string, number> = { active: 0, 'active-change-pending': 1, pending: 2, 'import-pending': 3, 'delete-pending': 4, recovery: 5 }
// reference §2.2: latency histogram bucket bounds, µs
const LATENCY_BUCKETS = [1, 2, 4, 8, 16, 33, 66, 132, 264, 528, 1056, 2113, 4227, 8454, 16908, 33816, 67633, 135266, 270532, 541056, 1.073741e6]

class Families {
  private readonly byName = new Map<string, Family>()
  constructor(
    private readonly snapshot: Snapshot,
    /** /v2/node: the answering node's series only, without cluster and node labels */
    private readonly onlyNode?: number,
  ) {}

  family(name: string, type: Family['type'], help: string): Family {
    let family = this.byName.get(name)
    if (!family) this.byName.set(name, (family = { name, type, help, samples: [] }))
    return family
  }

  add(name: string, type: Family['type'], help: string, labels: Labels, value: number, sampleName = name): void {
    const family = this.family(name, type, help)
    const full: Labels = { cluster: this.snapshot.cluster, ...labels }
    if (this.onlyNode !== undefined) {
      if (full.node !== undefined && Number(full.node) !== this.onlyNode) return
      delete full.cluster
      delete full.node
    }
    family.samples.push({ name: sampleName, labels: full, value: pinnedValue(this.snapshot, sampleName, { cluster: this.snapshot.cluster, ...labels }) ?? value })
  }

  all(): Family[] {
    return [...this.byName.values()]
  }
}

/** Cumulative endpoint counters (reference §5.1) from the shards' INFO counters; 0 for an idle emulated database. */
function endpointCounters(db: BdbSnapshot) {
  const masters = db.shards.filter((s) => s.placement.role === 'master').map((s) => s.figures)
  const sum = (key: string) => masters.reduce((acc, f) => acc + (f[key] as number), 0)
  const reads = sum('keyspace_read_hits') + sum('keyspace_read_misses')
  const total = sum('total_commands_processed')
  const connections = sum('total_connections_received')
  const conns = db.figures.conns as number
  const live = masters.length > 0 && total > 0
  return {
    reads,
    writes: Math.max(0, total - reads),
    others: 0,
    connections: Math.max(connections, conns),
    // open = connections − client disconnections − proxy disconnections (reference §5.1)
    disconnections: Math.max(0, Math.max(connections, conns) - conns),
    ingress: live ? Math.round((db.figures.ingress_bytes as number) * 1) : 0,
    egress: live ? Math.round((db.figures.egress_bytes as number) * 1) : 0,
  }
}

function endpointFamilies(f: Families, snapshot: Snapshot): void {
  for (const db of snapshot.bdbs) {
    if (!db.serving) continue
    const labels = { db: String(db.bdb.uid), exporter: 'proxy', node: String(db.proxyNode), proxy: String(db.proxyNode) }
    const c = endpointCounters(db)
    const counter = (name: string, help: string, value: number) => f.add(name, 'counter', help, labels, value)
    counter('endpoint_client_connections', 'Number of client connection establishment events', c.connections)
    counter('endpoint_client_disconnections', 'Number of client disconnections initiated by the client', c.disconnections)
    counter('endpoint_proxy_disconnections', 'Number of client disconnections initiated by the proxy', 0)
    counter('endpoint_client_establishment_failures', 'Number of client connections that failed to establish properly', 0)
    counter('endpoint_read_requests', 'Number of read requests', c.reads)
    counter('endpoint_write_requests', 'Number of write requests', c.writes)
    counter('endpoint_other_requests', 'Number of other requests', c.others)
    counter('endpoint_read_responses', 'Number of read responses', c.reads)
    counter('endpoint_write_responses', 'Number of write responses', c.writes)
    counter('endpoint_other_responses', 'Number of other responses', c.others)
    counter('endpoint_ingress', 'Number of bytes received from clients', c.ingress)
    counter('endpoint_egress', 'Number of bytes sent to clients', c.egress)
    for (const [kind, count] of [['read', c.reads], ['write', c.writes], ['other', c.others]] as const) {
      const name = `endpoint_${kind}_requests_latency_histogram`
      const help = `Latency (in µs) histogram of ${kind} commands`
      // the emulated proxy answers within a microsecond: every request lands in the first bucket
      for (const le of LATENCY_BUCKETS) f.add(name, 'histogram', help, { ...labels, le: String(le) }, count, `${name}_bucket`)
      f.add(name, 'histogram', help, { ...labels, le: '+Inf' }, count, `${name}_bucket`)
      f.add(name, 'histogram', help, labels, count, `${name}_sum`)
      f.add(name, 'histogram', help, labels, count, `${name}_count`)
    }
  }
}

function databaseFamilies(f: Families, snapshot: Snapshot): void {
  for (const db of snapshot.bdbs) {
    const labels = { db: String(db.bdb.uid) }
    const endpoint = (db.bdb.endpoints as JsonObject[])[0]
    f.add('db_config', 'gauge', 'Database configuration', { ...labels, db_name: db.bdb.name, db_port: String(endpoint?.port ?? 0), db_version: String(db.bdb.redis_version ?? '') }, 1)
    f.add('db_status', 'gauge', 'Database status: 0 active, 1 active-change-pending, 2 pending, 3 import-pending, 4 delete-pending, 5 recovery, 99 unknown', labels, DB_STATUS[db.bdb.status] ?? 99)
    f.add('db_memory_limit_bytes', 'gauge', 'Configured database memory limit', labels, db.bdb.memory_size as number)
    f.add('db_replication_factor', 'gauge', 'Database replication factor', labels, db.bdb.replication ? 2 : 1)
  }
}

/** Shard INFO gauges (reference §5.6), labels cluster, db, exporter, node, redis, role, slots, status. */
function shardFamilies(f: Families, snapshot: Snapshot): void {
  const gauge = (name: string, help: string, labels: Labels, value: number) => f.add(name, 'gauge', help, labels, value)
  for (const db of snapshot.bdbs) {
    if (!db.serving) continue
    for (const { placement, figures } of db.shards) {
      const labels = {
        db: String(db.bdb.uid),
        exporter: 'redis',
        node: String(placement.node_uid),
        redis: String(placement.uid),
        role: placement.role,
        slots: placement.assigned_slots,
        status: 'active',
      }
      const v = (key: string) => figures[key] as number
      gauge('redis_server_up', 'Shard is up and running', labels, 1)
      gauge('redis_server_used_memory', 'Memory used by shard (in bytes)', labels, v('used_memory'))
      gauge('redis_server_used_memory_peak', 'Peak memory used by shard (in bytes)', labels, v('used_memory_peak'))
      gauge('redis_server_used_memory_rss', 'Resident memory of the shard (in bytes)', labels, v('used_memory_rss'))
      gauge('redis_server_maxmemory', 'Memory limit of the shard (in bytes)', labels, v('maxmemory'))
      gauge('redis_server_mem_fragmentation_ratio', 'Memory fragmentation ratio', labels, v('mem_frag_ratio'))
      gauge('redis_server_connected_clients', 'Number of client connections to the shard', labels, v('connected_clients'))
      gauge('redis_server_blocked_clients', 'Clients blocked on a blocking call', labels, v('blocked_clients'))
      gauge('redis_server_total_commands_processed', 'Commands processed by the shard', labels, v('total_commands_processed'))
      gauge('redis_server_instantaneous_ops_per_sec', 'Operations per second processed by the shard', labels, placement.role === 'master' ? (db.figures.instantaneous_ops_per_sec as number) / Math.max(1, db.bdb.shards_count as number) : 0)
      gauge('redis_server_keyspace_read_hits', 'Read operations that found their key', labels, v('keyspace_read_hits'))
      gauge('redis_server_keyspace_read_misses', 'Read operations that did not find their key', labels, v('keyspace_read_misses'))
      gauge('redis_server_keyspace_write_hits', 'Write operations on existing keys', labels, 0)
      gauge('redis_server_keyspace_write_misses', 'Write operations on missing keys', labels, 0)
      gauge('redis_server_evicted_keys', 'Keys evicted because of maxmemory', labels, v('evicted_keys'))
      gauge('redis_server_expired_keys', 'Keys expired', labels, v('expired_keys'))
      gauge('redis_server_db_keys', 'Total number of keys', labels, v('no_of_keys'))
      gauge('redis_server_db_expires', 'Keys with an expiration', labels, v('no_of_expires'))
      gauge('redis_server_db_avg_ttl', 'Average TTL of keys with an expiration (ms)', labels, v('avg_ttl'))
      gauge('redis_server_db0_keys', 'Total number of keys in db0 (deprecated: redis_server_db_keys)', labels, v('no_of_keys'))
      gauge('redis_server_rdb_changes_since_last_save', 'Changes since the last RDB save', labels, v('rdb_changes_since_last_save'))
      if (placement.role === 'slave') {
        // reference §6: up/down/none/unknown -> 1/2/3/99
        gauge('redis_server_master_link_status', 'Replica link to its master: 1 up, 2 down, 3 none, 99 unknown', labels, 1)
      }
      // reference §5.9: the shard's process, CPU seconds by mode
      const process = { db: String(db.bdb.uid), exporter: 'process', groupname: `redis-${placement.uid}`, node: String(placement.node_uid), redis: String(placement.uid), role: placement.role }
      f.add('namedprocess_namegroup_cpu_seconds_total', 'counter', 'Cpu user usage in seconds', { ...process, mode: 'system' }, round3(v('cpu_seconds') * 0.4))
      f.add('namedprocess_namegroup_cpu_seconds_total', 'counter', 'Cpu user usage in seconds', { ...process, mode: 'user' }, round3(v('cpu_seconds') * 0.6))
    }
  }
}

const round3 = (n: number) => Math.round(n * 1000) / 1000

/** Node capacity (statsd-bridged, exporter net_store), host memory (node_exporter), node info (reference §5.3, §5.13). */
function nodeFamilies(f: Families, snapshot: Snapshot): void {
  const capacity: [string, string, string][] = [
    ['available_memory', 'node_available_memory_bytes', 'Amount of free memory in the node that is available for database provisioning'],
    ['available_memory_no_overbooking', 'node_available_memory_no_overbooking_bytes', 'Available memory without overbooking'],
    ['available_flash', 'node_available_flash_bytes', 'Available flash in the node'],
    ['available_flash_no_overbooking', 'node_available_flash_no_overbooking_bytes', 'Available flash without overbooking'],
    ['provisional_memory', 'node_provisional_memory_bytes', 'Amount of RAM that is available for provisioning to databases'],
    ['provisional_memory_no_overbooking', 'node_provisional_memory_no_overbooking_bytes', 'Provisional memory without overbooking'],
    ['provisional_flash', 'node_provisional_flash_bytes', 'Amount of flash available for new shards'],
    ['provisional_flash_no_overbooking', 'node_provisional_flash_no_overbooking_bytes', 'Provisional flash without overbooking'],
    ['ephemeral_storage_avail', 'node_ephemeral_storage_avail_bytes', 'Disk space available to RLEC processes on configured ephemeral disk'],
    ['ephemeral_storage_free', 'node_ephemeral_storage_free_bytes', 'Free disk space on configured ephemeral disk'],
    ['persistent_storage_avail', 'node_persistent_storage_avail_bytes', 'Disk space available to RLEC processes on configured persistent disk'],
    ['persistent_storage_free', 'node_persistent_storage_free_bytes', 'Free disk space on configured persistent disk'],
  ]
  const total = snapshot.source.catalogue.nodeTemplate.total_memory as number
  for (const node of snapshot.nodes) {
    const n = String(node.uid)
    for (const [key, name, help] of capacity) f.add(name, 'gauge', `${help}`, { exporter: 'net_store', node: n }, node.figures[key] as number)
    f.add('node_metrics_up', 'gauge', "Is this node's metrics endpoint accessible", { node: n }, 1)
    f.add('node_config', 'gauge', 'Node configuration', { node: n, rs_version: snapshot.softwareVersion }, 1)
    const host = { exporter: 'host', node: n }
    f.add('node_memory_MemTotal_bytes', 'gauge', 'Memory information field MemTotal_bytes.', host, total)
    f.add('node_memory_MemFree_bytes', 'gauge', 'Memory information field MemFree_bytes.', host, node.figures.free_memory as number)
    f.add('node_memory_MemAvailable_bytes', 'gauge', 'Memory information field MemAvailable_bytes.', host, node.figures.free_memory as number)
    // reference §5.9: the proxy's process group and its worker threads, the same CPU-seconds as v1's dmcproxy series
    const proxy = { exporter: 'process', groupname: 'dmcproxy', node: n }
    for (const [mode, share] of PROXY_CPU) f.add('namedprocess_namegroup_cpu_seconds_total', 'counter', 'Cpu user usage in seconds', { ...proxy, mode }, round3(snapshot.uptime * share))
    for (const threadname of PROXY_THREADS) {
      for (const [mode, share] of PROXY_THREAD_CPU) {
        f.add('namedprocess_namegroup_thread_cpu_seconds_total', 'counter', 'Cpu user/system usage in seconds', { ...proxy, mode, threadname }, round3(snapshot.uptime * share))
      }
    }
  }
  for (const shardType of ['flash', 'ram']) {
    f.add('license_shards_limit', 'gauge', 'Total shard limit by the license by shard type (ram / flash)', { shard_type: shardType }, shardType === 'ram' ? snapshot.shardsLimit : 0)
  }
}

export function renderV2Text(snapshot: Snapshot, onlyNode?: number): string {
  const f = new Families(snapshot, onlyNode)
  databaseFamilies(f, snapshot)
  endpointFamilies(f, snapshot)
  shardFamilies(f, snapshot)
  nodeFamilies(f, snapshot)
  return renderV2(f.all())
}

export type { BdbSnapshot }
