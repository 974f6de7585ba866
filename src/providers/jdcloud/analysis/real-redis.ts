// Key analysis on the instance's live server (real-Redis mode): SCAN every database, then per key TYPE, MEMORY USAGE,
// the length by type and OBJECT FREQ; command statistics from INFO commandstats.
//
// Hot keys: Redis keeps a per-key access frequency only under an LFU maxmemory-policy (allkeys-lfu/volatile-lfu, which
// 4.0 instances can choose); OBJECT FREQ reads it, the way `redis-cli --hotkeys` does. Under any other policy OBJECT
// FREQ is an error and no key counts as hot (real JDCloud counts accesses in its proxy, which a bare server lacks).
// The counter is logarithmic (lfu-log-factor 10): 10 means about 100 recent accesses, which is what "hot" means here.
import type { ProviderContext } from '../../../core/provider.js'
import { RespError } from '../../../core/resp.js'
import { databasesWithKeys, ok, onServer, scanKeys } from '../real-redis-reads.js'
import { emptySnapshot, KEY_TYPES, type AnalysedKey, type AnalysisSnapshot, type KeyType, type RedisCmd, type Thresholds } from './model.js'

/** A bound on one analysis (keys looked at); local instances hold far fewer. */
const MAX_KEYS = 100_000
const BATCH = 200
/** LFU counter from which a key is hot (initial value 5; about 100 accesses reach 10 with lfu-log-factor 10). */
export const HOT_FREQUENCY = 10
const LENGTH_COMMAND: Record<KeyType, string> = { string: 'STRLEN', list: 'LLEN', set: 'SCARD', zset: 'ZCARD', hash: 'HLEN' }
const KB = 1024
const MB = 1024 * KB

async function keysOf(ctx: ProviderContext, id: string, db: number, keys: string[]): Promise<AnalysedKey[]> {
  const found: AnalysedKey[] = []
  for (let i = 0; i < keys.length; i += BATCH) {
    const batch = keys.slice(i, i + BATCH)
    const perKey = (k: string) => [['TYPE', k], ['MEMORY', 'USAGE', k], ['OBJECT', 'FREQ', k], ...KEY_TYPES.map((t) => [LENGTH_COMMAND[t], k])]
    const width = 3 + KEY_TYPES.length
    const replies = await onServer(ctx, id, [['SELECT', String(db)], ...batch.flatMap(perKey)])
    if (!replies) return found
    batch.forEach((name, n) => {
      const at = 1 + n * width
      const keyType = replies[at] as string
      if (!KEY_TYPES.includes(keyType as KeyType)) return // gone meanwhile, or a stream/module type the API does not report
      const frequency = replies[at + 2]
      const size = replies[at + 3 + KEY_TYPES.indexOf(keyType as KeyType)]
      found.push({
        name,
        db,
        keyType: keyType as KeyType,
        size: typeof size === 'number' ? size : 0,
        bytes: typeof replies[at + 1] === 'number' ? (replies[at + 1] as number) : 0,
        ...(frequency instanceof RespError || typeof frequency !== 'number' ? {} : { frequency }),
      })
    })
  }
  return found
}

/** Every key of every database (at most MAX_KEYS), or undefined without a ready server. */
export async function readKeys(ctx: ProviderContext, id: string): Promise<AnalysedKey[] | undefined> {
  const dbs = await databasesWithKeys(ctx, id)
  if (!dbs) return undefined
  const all: AnalysedKey[] = []
  for (const db of dbs) {
    if (all.length >= MAX_KEYS) break
    all.push(...(await keysOf(ctx, id, db, await scanKeys(ctx, id, db, MAX_KEYS - all.length))))
  }
  return all
}

export function hotKeysOf(keys: AnalysedKey[], top: number): AnalysedKey[] {
  return keys
    .filter((k) => (k.frequency ?? 0) >= HOT_FREQUENCY)
    .sort((a, b) => (b.frequency ?? 0) - (a.frequency ?? 0) || a.name.localeCompare(b.name))
    .slice(0, top)
}

async function commandStats(ctx: ProviderContext, id: string, top: number): Promise<{ calls: RedisCmd[]; cpu: RedisCmd[] }> {
  const replies = await onServer(ctx, id, [['INFO', 'commandstats']])
  if (!replies) return { calls: [], cpu: [] }
  const stats = [...ok<string>(replies[0]).matchAll(/^cmdstat_([^:]+):calls=(\d+),usec=(\d+)/gm)].map((m) => ({ name: m[1], calls: Number(m[2]), usec: Number(m[3]) }))
  return {
    calls: stats.sort((a, b) => b.calls - a.calls).slice(0, top).map((s) => ({ name: s.name, data: s.calls })),
    // reference more §9.1 RedisCmd.data: CPU milliseconds
    cpu: stats.sort((a, b) => b.usec - a.usec).slice(0, top).map((s) => ({ name: s.name, data: Math.round(s.usec / 1000) })),
  }
}

function sizeBucket(bytes: number): string {
  if (bytes < KB) return '0-1KB'
  return bytes < MB ? '1KB-1MB' : '1MB+'
}

const THRESHOLD_OF: Record<KeyType, keyof Thresholds> = { string: 'stringSize', list: 'listSize', set: 'setSize', zset: 'zsetSize', hash: 'hashSize' }

/** Keys at or over their type's threshold (string bytes, element counts otherwise), biggest first, top N per type. */
export function bigKeysOf(keys: AnalysedKey[], thresholds: Thresholds): AnalysedKey[] {
  return KEY_TYPES.flatMap((type) =>
    keys
      .filter((k) => k.keyType === type && k.size >= thresholds[THRESHOLD_OF[type]])
      .sort((a, b) => b.size - a.size || a.name.localeCompare(b.name))
      .slice(0, thresholds.topSize),
  )
}

/** What an analysis started now finds on the server (an empty snapshot without one); only big and hot keys are kept. */
export async function takeSnapshot(ctx: ProviderContext, id: string, thresholds: Thresholds): Promise<AnalysisSnapshot> {
  const keys = await readKeys(ctx, id)
  if (!keys) return emptySnapshot()
  const top = thresholds.topSize
  const { calls, cpu } = await commandStats(ctx, id, top)
  const keyTypeDistribution: Record<string, number> = {}
  const keySizeDistribution: Record<string, number> = {}
  for (const k of keys) {
    keyTypeDistribution[k.keyType] = (keyTypeDistribution[k.keyType] ?? 0) + 1
    keySizeDistribution[sizeBucket(k.bytes)] = (keySizeDistribution[sizeBucket(k.bytes)] ?? 0) + 1
  }
  return { bigKeys: bigKeysOf(keys, thresholds), hotKeys: hotKeysOf(keys, top), cmdCallTimesTop: calls, cmdUseCpuTop: cpu, keyTypeDistribution, keySizeDistribution }
}
