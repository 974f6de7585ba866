// Key analysis state of an instance (reference more §9): thresholds, automatic-analysis windows and the cache and
// big-key analysis tasks with the snapshot each one took.
export type KeyType = 'string' | 'list' | 'set' | 'zset' | 'hash'
export const KEY_TYPES: readonly KeyType[] = ['string', 'list', 'set', 'zset', 'hash']

/** reference more §9.2: result field topSize, request field top. */
export interface Thresholds {
  stringSize: number
  listSize: number
  hashSize: number
  setSize: number
  zsetSize: number
  topSize: number
}

// reference more §9.2 (inferred defaults): 10240 bytes / 1000 elements each / top 100
export const DEFAULT_THRESHOLDS: Thresholds = { stringSize: 10240, listSize: 1000, hashSize: 1000, setSize: 1000, zsetSize: 1000, topSize: 100 }

/** One key as an analysis saw it on the server. */
export interface AnalysedKey {
  name: string
  db: number
  keyType: KeyType
  /** reference more §9.1 RedisKey.size: bytes for strings, length/cardinality for the other types. */
  size: number
  /** MEMORY USAGE, reference more §9.3 RedisBigKey.size (bytes). */
  bytes: number
  /** OBJECT FREQ under an LFU policy; absent otherwise. */
  frequency?: number
}

export interface RedisCmd {
  name: string
  data: number
}

/** What an analysis found; empty without --real-redis (no key exists anywhere). */
export interface AnalysisSnapshot {
  /** Keys over the task's thresholds, top N per type. */
  bigKeys: AnalysedKey[]
  hotKeys: AnalysedKey[]
  cmdCallTimesTop: RedisCmd[]
  cmdUseCpuTop: RedisCmd[]
  keyTypeDistribution: Record<string, number>
  keySizeDistribution: Record<string, number>
}

export interface AnalysisTask {
  kind: 'cache' | 'bigKey'
  /** reference more §9.1: the requestId of the create call. */
  taskId: string
  /** reference more §9 CacheAnalysis.status; `stopped` tells a manual stop apart for the v2 detail (manual_stop). */
  status: 'running' | 'success' | 'error'
  stopped: boolean
  /** RFC 3339 (wire shape). */
  startTime: string
  finishTime: string
  finishAt: number
  thresholds: Thresholds
  snapshot: AnalysisSnapshot
}

export interface InstanceAnalysis {
  /** reference more §9.1, §9.3: "-" = automatic analysis off, else "HH:mm-HH:mm <zone>". */
  cacheAnalysisTime: string
  bigKeyAnalysisTime: string
  thresholds: Thresholds
  tasks: AnalysisTask[]
}

export function emptyAnalysis(): InstanceAnalysis {
  return { cacheAnalysisTime: '-', bigKeyAnalysisTime: '-', thresholds: { ...DEFAULT_THRESHOLDS }, tasks: [] }
}

export function emptySnapshot(): AnalysisSnapshot {
  return { bigKeys: [], hotKeys: [], cmdCallTimesTop: [], cmdUseCpuTop: [], keyTypeDistribution: {}, keySizeDistribution: {} }
}
