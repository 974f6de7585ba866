// Real-Redis mode: the INFO of the redis-server behind each database, read once per request, as numbers the figures use.
import type { RedisEnterpriseSlice } from '../model.js'
import type { Services } from '../service.js'

/** The INFO fields the statistics read (reference metrics §6: shard figures are INFO fields). */
export interface LiveInfo {
  used_memory: number
  used_memory_peak: number
  used_memory_rss: number
  used_memory_lua: number
  mem_fragmentation_ratio: number
  connected_clients: number
  blocked_clients: number
  total_connections_received: number
  total_commands_processed: number
  instantaneous_ops_per_sec: number
  keyspace_hits: number
  keyspace_misses: number
  evicted_keys: number
  expired_keys: number
  pubsub_channels: number
  pubsub_patterns: number
  rdb_changes_since_last_save: number
  rdb_last_save_time: number
  total_net_input_bytes: number
  total_net_output_bytes: number
  used_cpu_sys: number
  used_cpu_user: number
  uptime_in_seconds: number
  /** db0 keyspace line */
  keys: number
  expires: number
  avg_ttl: number
}

const NUMERIC_FIELDS: (keyof LiveInfo)[] = [
  'used_memory',
  'used_memory_peak',
  'used_memory_rss',
  'used_memory_lua',
  'mem_fragmentation_ratio',
  'connected_clients',
  'blocked_clients',
  'total_connections_received',
  'total_commands_processed',
  'instantaneous_ops_per_sec',
  'keyspace_hits',
  'keyspace_misses',
  'evicted_keys',
  'expired_keys',
  'pubsub_channels',
  'pubsub_patterns',
  'rdb_changes_since_last_save',
  'rdb_last_save_time',
  'total_net_input_bytes',
  'total_net_output_bytes',
  'used_cpu_sys',
  'used_cpu_user',
  'uptime_in_seconds',
]

/** Reads the `field:value` lines of INFO; db0's `keys=…,expires=…,avg_ttl=…` gives the keyspace figures. */
export function parseInfo(text: string): LiveInfo {
  const fields = new Map<string, string>()
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':')
    if (colon > 0 && !line.startsWith('#')) fields.set(line.slice(0, colon), line.slice(colon + 1).trim())
  }
  const info = { keys: 0, expires: 0, avg_ttl: 0 } as LiveInfo
  for (const name of NUMERIC_FIELDS) {
    const value = Number(fields.get(name) ?? 0)
    info[name] = Number.isFinite(value) ? value : 0
  }
  for (const part of (fields.get('db0') ?? '').split(',')) {
    const [key, value] = part.split('=')
    if (key === 'keys' || key === 'expires' || key === 'avg_ttl') info[key] = Number(value) || 0
  }
  return info
}

/** bdb uid -> INFO of its server, for the databases that have one answering now (empty when the mode is off). */
export async function readLiveInfo(services: Services, slice: RedisEnterpriseSlice, uids?: number[]): Promise<Map<number, LiveInfo>> {
  const live = new Map<number, LiveInfo>()
  const realRedis = services.realRedis
  if (!realRedis) return live
  const wanted = uids ?? Object.values(slice.bdbs).map((b) => b.uid)
  await Promise.all(
    wanted.map(async (uid) => {
      const text = await realRedis.info(String(uid))
      if (text !== undefined) live.set(uid, parseInfo(text))
    }),
  )
  return live
}
