// The v1 exporter output (`/`, `/metrics`; reference metrics §2.1, §4): cluster-level gauges named after the REST stats
// fields, listener counters with the suffix quirk, then one untyped `# Node stats: <uid>` block per node.
import { BDB_STATS_KEYS, NODE_STATS_KEYS, type Figures } from '../stats/figures.js'
import { renderV1Family, renderV1Samples, type Family, type Labels, type Sample } from './exposition.js'
import { pinnedValue, type BdbSnapshot, type Snapshot } from './snapshot.js'

// reference §10: the bdb_* families that also have a `_max` variant
const BDB_MAX = new Set([
  'egress_bytes', 'ingress_bytes', 'evicted_objects', 'expired_objects', 'fork_cpu_system', 'fork_cpu_user', 'main_thread_cpu_system',
  'main_thread_cpu_user', 'other_req', 'other_res', 'pubsub_channels', 'pubsub_patterns', 'read_hits', 'read_misses', 'read_req', 'read_res',
  'shard_cpu_system', 'shard_cpu_user', 'total_connections_received', 'total_req', 'total_res', 'write_hits', 'write_misses', 'write_req', 'write_res',
])
// reference §2.1: latency gauges are left out while a database has no traffic; a pinned value brings them in
const BDB_LATENCIES = ['avg_latency', 'avg_read_latency', 'avg_write_latency', 'avg_other_latency']
// reference §10: node families with `_max`, `_min` and `_median`
const NODE_VARIANTS = new Set(['cpu_idle', 'cpu_system', 'cpu_user', 'cpu_iowait', 'cpu_irqs', 'cpu_nice', 'cpu_steal', 'egress_bytes', 'ingress_bytes'])
// reference §10: listener_* families (REST endpoint stats fields) and those with `_max`
const LISTENER_KEYS = [
  'acc_latency', 'acc_other_latency', 'acc_read_latency', 'acc_write_latency', 'auth_cmds', 'auth_errors', 'cmd_flush', 'cmd_get', 'cmd_set',
  'cmd_touch', 'conns', 'egress_bytes', 'ingress_bytes', 'max_connections_exceeded', 'monitor_sessions_count', 'other_req', 'other_res',
  'other_started_res', 'read_req', 'read_res', 'read_started_res', 'total_connections_received', 'total_req', 'total_res', 'total_started_res',
  'write_req', 'write_res', 'write_started_res',
]
const LISTENER_NO_MAX = new Set(['conns', 'monitor_sessions_count'])

function sample(snapshot: Snapshot, name: string, labels: Labels, value: number): Sample {
  return { name, labels, value: pinnedValue(snapshot, name, labels) ?? value }
}

function bdbFamilies(snapshot: Snapshot): Family[] {
  const families = new Map<string, Family>()
  const add = (name: string, labels: Labels, value: number, type: Family['type'] = 'gauge') => {
    let family = families.get(name)
    if (!family) families.set(name, (family = { name, type, help: '', samples: [] }))
    family.samples.push(sample(snapshot, name, labels, value))
  }
  const numeric = BDB_STATS_KEYS.filter((k) => k !== 'last_req_time' && k !== 'last_res_time')
  for (const db of snapshot.bdbs) {
    const labels = { bdb: String(db.bdb.uid), cluster: snapshot.cluster }
    // bdb_up, bdb_memory_limit, bdb_shards_used come from the database object (reference §6)
    add('bdb_up', { ...labels, status: db.bdb.status }, db.serving ? 1 : 0)
    add('bdb_memory_limit', labels, db.bdb.memory_size as number)
    add('bdb_shards_used', { ...labels, shard_type: 'ram' }, db.bdb.shard_list.length)
    if (!db.serving) continue
    for (const key of numeric) {
      add(`bdb_${key}`, labels, db.figures[key] as number)
      if (BDB_MAX.has(key)) add(`bdb_${key}_max`, labels, db.figures[key] as number)
    }
    for (const key of BDB_LATENCIES) {
      for (const name of [`bdb_${key}`, `bdb_${key}_max`]) {
        const value = pinnedValue(snapshot, name, labels)
        if (value !== undefined) add(name, labels, value)
      }
    }
  }
  return [...families.values()]
}

function listenerFamilies(snapshot: Snapshot): Family[] {
  const families: Family[] = []
  const serving = snapshot.bdbs.filter((d) => d.serving)
  for (const key of LISTENER_KEYS) {
    for (const name of LISTENER_NO_MAX.has(key) ? [key] : [key, `${key}_max`]) {
      // reference §2.1 quirk: declared `listener_X_total` counter, samples written `listener_X`
      families.push({
        name: `listener_${name}_total`,
        type: 'counter',
        help: '',
        samples: serving.map((db) => sample(snapshot, `listener_${name}`, listenerLabels(snapshot, db), db.endpoint[key] as number)),
      })
    }
  }
  return families
}

function listenerLabels(snapshot: Snapshot, db: BdbSnapshot): Labels {
  const port = (db.bdb.endpoints as { port: number }[])[0]?.port ?? 0
  return {
    bdb: String(db.bdb.uid),
    cluster: snapshot.cluster,
    endpoint: `${db.bdb.uid}:1`,
    node: String(db.proxyNode),
    port: String(port),
    proxy: `${db.bdb.uid}:1:${db.proxyNode}`,
  }
}

function nodeFamilies(snapshot: Snapshot): Family[] {
  const families: Family[] = []
  for (const key of NODE_STATS_KEYS) {
    const names = NODE_VARIANTS.has(key) ? ['', '_max', '_min', '_median'] : ['']
    for (const suffix of names) {
      const name = `node_${key}${suffix}`
      families.push({
        name,
        type: 'gauge',
        help: '',
        samples: snapshot.nodes.map((n) => sample(snapshot, name, { cluster: snapshot.cluster, node: String(n.uid) }, n.figures[key] as number)),
      })
    }
  }
  // reference §10: cluster_shards_limit from the licence
  families.push({
    name: 'cluster_shards_limit',
    type: 'gauge',
    help: '',
    samples: [
      { name: 'cluster_shards_limit', labels: { cluster: snapshot.cluster, shard_type: 'flash' }, value: 0 },
      { name: 'cluster_shards_limit', labels: { cluster: snapshot.cluster, shard_type: 'ram' }, value: snapshot.shardsLimit },
    ],
  })
  return families
}

/** The shard INFO series of one shard (reference §4.8), labels bdb, cluster, node, redis, role, slots, status. */
function shardSamples(snapshot: Snapshot, db: BdbSnapshot, nodeUid: number): Sample[] {
  const out: Sample[] = []
  for (const { placement, figures } of db.shards) {
    if (placement.node_uid !== nodeUid) continue
    const base = { bdb: String(db.bdb.uid), cluster: snapshot.cluster, node: String(nodeUid), redis: String(placement.uid), role: placement.role, slots: placement.assigned_slots }
    const labels = { ...base, status: 'active' }
    const f = (key: string) => figures[key] as number
    const info: [string, number][] = [
      ['redis_up', 1],
      ['redis_used_memory', f('used_memory')],
      ['redis_used_memory_peak', f('used_memory_peak')],
      ['redis_used_memory_rss', f('used_memory_rss')],
      ['redis_used_memory_lua', f('mem_size_lua')],
      ['redis_mem_fragmentation_ratio', f('mem_frag_ratio')],
      ['redis_maxmemory', f('maxmemory')],
      ['redis_connected_clients', f('connected_clients')],
      ['redis_blocked_clients', f('blocked_clients')],
      ['redis_total_commands_processed', f('total_commands_processed')],
      ['redis_total_connections_received', f('total_connections_received')],
      ['redis_keyspace_read_hits', f('keyspace_read_hits')],
      ['redis_keyspace_read_misses', f('keyspace_read_misses')],
      ['redis_evicted_keys', f('evicted_keys')],
      ['redis_expired_keys', f('expired_keys')],
      ['redis_rdb_changes_since_last_save', f('rdb_changes_since_last_save')],
      ['redis_db_keys', f('no_of_keys')],
    ]
    // reference §2.1: keyspace series appear once the shard has keys
    if (f('no_of_keys') > 0) info.push(['redis_db0_keys', f('no_of_keys')], ['redis_db0_expires', f('no_of_expires')], ['redis_db0_avg_ttl', f('avg_ttl')])
    // a replica's link to its master (INFO master_link_status up -> 1)
    if (placement.role === 'slave') info.push(['redis_master_link_status', 1])
    for (const [name, value] of info) out.push(sample(snapshot, name, labels, value))
    out.push(sample(snapshot, 'redis_forwarding_state', { bdb: base.bdb, cluster: base.cluster, node: base.node, redis: base.redis }, 1))
    // reference §10: process CPU without the status label
    const cpuPercent = snapshot.uptime > 0 ? Math.min(100, (f('cpu_seconds') / Math.max(1, snapshot.uptime)) * 100) : 0
    out.push(sample(snapshot, 'redis_process_cpu_usage_percent', base, Math.round(cpuPercent * 1000) / 1000))
  }
  return out
}

// the dmcproxy's worker threads (reference §8.1: AL1 reads them by threadname=~"worker-.*") and the share of a core
// the proxy and each thread burn, by mode: steady, so their CPU-seconds only grow with the clock
export const PROXY_THREADS = ['worker-0', 'worker-1', 'worker-2']
export const PROXY_CPU = [['system', 0.002], ['user', 0.004]] as const
export const PROXY_THREAD_CPU = [['system', 0.0005], ['user', 0.001]] as const

function nodeBlock(snapshot: Snapshot, node: Snapshot['nodes'][number]): string {
  const samples: Sample[] = []
  for (const db of snapshot.bdbs) if (db.serving) samples.push(...shardSamples(snapshot, db, node.uid))
  const nodeLabels = { cluster: snapshot.cluster, node: String(node.uid) }
  samples.push(sample(snapshot, 'node_up', { addr: node.addr, cluster: snapshot.cluster, cnm_version: snapshot.softwareVersion, node: String(node.uid) }, 1))
  // the proxy process: a steady sliver of a core, so its CPU-seconds only grow with the clock
  const proxyLabels = { ...nodeLabels, proxy: String(node.uid) }
  const cpu = 1 - (node.figures.cpu_idle as number)
  samples.push(sample(snapshot, 'dmcproxy_process_cpu_usage_percent', proxyLabels, Math.round(cpu * 10_000) / 100))
  for (const [mode, share] of PROXY_CPU) samples.push(sample(snapshot, `dmcproxy_process_cpu_${mode}_seconds_total`, proxyLabels, round3(snapshot.uptime * share)))
  samples.push(sample(snapshot, 'dmcproxy_process_resident_memory_bytes', proxyLabels, 52_428_800))
  for (const threadname of PROXY_THREADS) {
    for (const [mode, share] of PROXY_THREAD_CPU) {
      const labels = { ...proxyLabels, groupname: 'dmcproxy', mode, threadname }
      samples.push(sample(snapshot, 'namedprocess_namegroup_thread_cpu_seconds_total', labels, round3(snapshot.uptime * share)))
    }
  }
  return `# Node stats: ${node.uid}\n${renderV1Samples(samples)}`
}

const round3 = (n: number) => Math.round(n * 1000) / 1000

export function renderV1(snapshot: Snapshot): string {
  let out = ''
  for (const family of [...bdbFamilies(snapshot), ...listenerFamilies(snapshot), ...nodeFamilies(snapshot)]) out += renderV1Family(family)
  for (const node of snapshot.nodes) out += nodeBlock(snapshot, node)
  return out
}

export type { Figures }
