// Response schemas of the REST statistics routes (routes.ts intervalObject and the entries around it), for the
// OpenAPI document. An interval carries interval, stime, etime and the object's figures; with ?metrics= only some of
// them, so each figure key is optional.
import { z } from 'zod'
import { lazy } from '../../../core/lazy.js'
import { BDB_STATS_KEYS, CLUSTER_STATS_KEYS, INTERVALS, NODE_STATS_KEYS, SHARD_STATS_KEYS } from './figures.js'

// captures/bdbs_stats.json: the two time-of-last-request figures are times, every other figure a number
const STRING_FIGURES = new Set(['last_req_time', 'last_res_time'])

function intervalBody(keys: readonly string[]) {
  return z.strictObject({
    interval: z.enum(Object.keys(INTERVALS) as [string, ...string[]]),
    stime: z.string(),
    etime: z.string(),
    ...Object.fromEntries(keys.map((key) => [key, (STRING_FIGURES.has(key) ? z.string() : z.number()).optional()])),
  })
}

export const clusterIntervalBody = lazy(() => intervalBody(CLUSTER_STATS_KEYS))
export const nodeIntervalBody = lazy(() => intervalBody(NODE_STATS_KEYS))
export const bdbIntervalBody = lazy(() => intervalBody(BDB_STATS_KEYS))
export const shardIntervalBody = lazy(() => intervalBody(SHARD_STATS_KEYS))
/** figures.ts endpointFigures: the proxy's counters, all numbers (its key set is built there, not listed). */
export const endpointIntervalBody = lazy(() =>
  z.object({ interval: z.enum(Object.keys(INTERVALS) as [string, ...string[]]), stime: z.string(), etime: z.string() }).catchall(z.number()),
)

/** captures/cluster_stats.json: uid is an empty string. */
export const clusterStatsBody = lazy(() => z.strictObject({ intervals: z.array(clusterIntervalBody()), uid: z.literal('') }))
/** captures/nodes_stats.json: uid is an integer. */
export const nodeStatsBody = lazy(() => z.strictObject({ intervals: z.array(nodeIntervalBody()), uid: z.number().int().min(1) }))
/** captures/bdbs_stats.json: uid is a string. */
export const bdbStatsBody = lazy(() => z.strictObject({ intervals: z.array(bdbIntervalBody()), uid: z.string() }))
/** reference §11.1: the shard's placement beside its intervals, uids as strings. */
export const shardStatsBody = lazy(() =>
  z.strictObject({
    assigned_slots: z.string(),
    node_uid: z.string(),
    role: z.enum(['master', 'slave']),
    status: z.literal('active'),
    uid: z.string(),
    intervals: z.array(shardIntervalBody()),
  }),
)
/** reference §11.1, §18: uid "<bdb>:<endpoint>:<node>". */
export const endpointStatsBody = lazy(() => z.strictObject({ intervals: z.array(endpointIntervalBody()), uid: z.string() }))

/** The /last forms: the latest interval per object, by uid. */
export const lastByUid = (interval: z.ZodType) => z.record(z.string().regex(/^\d+$/), interval)
