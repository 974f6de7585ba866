// Hot-key analysis (reference more §9.4, Appendix A): continuous on JDCloud (no task to start), so it is read live:
// with --real-redis from the server's LFU counters (see real-redis.ts), without it there are no hot keys.
import type { ProviderContext } from '../../../core/provider.js'
import { invalidArgument, jdError } from '../errors.js'
import { nodeIds, ownInstance, readSlice } from '../instance-access.js'
import { wireTime, type JdcloudSlice } from '../model.js'
import type { Scope } from '../service.js'
import { emptyAnalysis } from './model.js'
import { hotKeysOf, readKeys } from './real-redis.js'

const DAY_MS = 86_400_000

export interface TimeRange {
  startTime?: number
  endTime?: number
}

/** reference more §9.4: data kept 30 days, a range of at most 7 days (outside -> 400, inferred). */
function checkRange(range: TimeRange, now: number): void {
  const start = range.startTime ?? (range.endTime ?? now) - 7 * DAY_MS
  const end = range.endTime ?? now
  if (start > end) throw invalidArgument('startTime must not be after endTime')
  if (end - start > 7 * DAY_MS) throw invalidArgument('the time range must not exceed 7 days')
  if (start < now - 30 * DAY_MS) throw invalidArgument('startTime must be within the last 30 days')
}

async function hotKeys(ctx: ProviderContext, slice: JdcloudSlice, id: string) {
  const keys = ctx.realRedis ? await readKeys(ctx, id) : undefined
  return hotKeysOf(keys ?? [], (slice.analysis?.[id] ?? emptyAnalysis()).thresholds.topSize)
}

/** describeHotKeySummary (with a range) and describeHotKeyResult2: hot keys per node. */
export async function describeHotKeyNodes(ctx: ProviderContext, scope: Scope, now: number, id: string, range: TimeRange = {}) {
  const slice = readSlice(ctx)
  const stored = ownInstance(slice, scope, id)
  checkRange(range, now)
  const hot = await hotKeys(ctx, slice, id)
  // one real server stands for the instance: its keys are the first shard's
  return { hotKeyAnalysisNodesList: nodeIds(slice, stored).map((nodeId, n) => ({ nodeId, nodeRole: 'master', hotKeyNum: n === 0 ? hot.length : 0 })) }
}

/** describeHotKeyDetail and describeHotKeyDetail2: one node's hot keys, paged (the result key is `hotHeys`, sic). */
export async function describeHotKeyDetail(
  ctx: ProviderContext,
  scope: Scope,
  now: number,
  id: string,
  query: { nodeId: string; pageNumber: number; pageSize: number } & TimeRange,
) {
  const slice = readSlice(ctx)
  const stored = ownInstance(slice, scope, id)
  const nodes = nodeIds(slice, stored)
  // reference more §9.4 (inferred): an unknown nodeId is 404
  if (!nodes.includes(query.nodeId)) throw jdError('NOT_FOUND', `node ${query.nodeId} of cacheInstance ${id} not found`)
  checkRange(query, now)
  const hot = query.nodeId === nodes[0] ? await hotKeys(ctx, slice, id) : []
  const start = (query.pageNumber - 1) * query.pageSize
  return {
    // reference more §9.4: `hotHeys` is the actual key in JS, GO and PHP
    hotHeys: hot.slice(start, start + query.pageSize).map((k) => ({ key: k.name, accessTime: wireTime(now), accessCount: k.frequency ?? 0 })),
    totalCount: hot.length,
  }
}
