// The REST statistics routes (reference §11, §1.4): cluster, nodes, bdbs, shards and endpoints, with their /last forms.
import type { Request, Response, Router } from 'express'
import { requestNow } from '../../../core/provider.js'
import { requirePermission as can } from '../auth.js'
import { allShards, placeShards, type ShardPlacement } from '../cluster.js'
import { reError } from '../errors.js'
import { wireTime, type Bdb, type JsonObject, type RedisEnterpriseSlice } from '../model.js'
import { findBdb, readSlice, type Services } from '../service.js'
import { requireUidParam } from '../uids.js'
import {
  BDB_STATS_KEYS,
  CLUSTER_STATS_KEYS,
  NODE_STATS_KEYS,
  SHARD_STATS_KEYS,
  bdbFigures,
  clusterFigures,
  createdAt,
  endpointFigures,
  endpointNode,
  nodeFigures,
  shardFigures,
  type FigureSource,
  type Figures,
  type Span,
} from './figures.js'
import { lastSpan, parseStatsQuery, spansFor, type StatsQuery } from './intervals.js'
import { readLiveInfo } from './live-info.js'

// reference §2.1 / D:requests/bdbs/stats: 406 "bdb isn't currently active", 503 "bdb is in recovery state"
const NOT_ACTIVE = new Set(['pending', 'creation-failed', 'delete-pending'])

/** One interval object: interval, stime, etime and the figures, keys in alphabetical order (reference §1.2). */
function intervalObject(span: Span, figures: Figures, keys: readonly string[], query: StatsQuery): JsonObject {
  const wanted = query.metrics ? keys.filter((k) => query.metrics!.includes(k)) : keys
  const entries: [string, string | number][] = [
    ['interval', span.interval],
    ['stime', wireTime(span.t0)],
    ['etime', wireTime(span.t1)],
    ...wanted.map((k): [string, string | number] => [k, figures[k]]),
  ]
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return Object.fromEntries(entries)
}

const param = (req: Request, name: string): string => String(req.params[name])

function statsBdb(slice: RedisEnterpriseSlice, raw: string): Bdb {
  const bdb = findBdb(slice, raw)
  if (bdb.status === 'recovery') throw reError('db_in_recovery', `Database ${bdb.uid} is in recovery state`)
  if (NOT_ACTIVE.has(bdb.status)) throw reError('db_not_active', `Database ${bdb.uid} isn't currently active`)
  return bdb
}

/** Databases with statistics, by uid; none stored at all is the documented 404 "No bdbs exist". */
function statsBdbs(slice: RedisEnterpriseSlice): Bdb[] {
  const all = Object.values(slice.bdbs)
  if (all.length === 0) throw reError('db_not_exist', 'No bdbs exist')
  return all.filter((b) => !NOT_ACTIVE.has(b.status) && b.status !== 'recovery').sort((a, b) => a.uid - b.uid)
}

function requireNode(services: Services, raw: string): number {
  const uid = requireUidParam(raw)
  if (uid > services.settings.nodes) throw reError('node_not_exist', `Node ${uid} does not exist`)
  return uid
}

function nodeUids(services: Services): number[] {
  return Array.from({ length: services.settings.nodes }, (_, i) => i + 1)
}

interface ShardEntry {
  bdb: Bdb
  placement: ShardPlacement
}

function shardsOf(slice: RedisEnterpriseSlice, nodes: number, parentUid?: number): ShardEntry[] {
  const placements = parentUid === undefined ? allShards(slice, nodes) : slice.bdbs[String(parentUid)] ? placeShards(slice.bdbs[String(parentUid)], nodes) : []
  return placements.map((placement) => ({ bdb: slice.bdbs[String(placement.bdb_uid)], placement })).sort((a, b) => a.placement.uid - b.placement.uid)
}

function findShard(slice: RedisEnterpriseSlice, nodes: number, raw: string): ShardEntry {
  const uid = requireUidParam(raw)
  const found = shardsOf(slice, nodes).find((s) => s.placement.uid === uid)
  if (!found) throw reError('shard_not_exist', `Shard ${uid} does not exist`)
  return found
}

/** reference §11.1: shard stats entries carry the shard's placement beside its intervals (uids as strings). */
function shardHeader(entry: ShardEntry): JsonObject {
  const { placement } = entry
  return { assigned_slots: placement.assigned_slots, node_uid: String(placement.node_uid), role: placement.role, status: 'active', uid: String(placement.uid) }
}

function parentUid(req: Request): number | undefined {
  const raw = req.query.parent_uid
  if (raw === undefined) return undefined
  if (typeof raw !== 'string' || !/^\d{1,15}$/.test(raw)) throw reError('bad_request', `Invalid parent_uid "${String(raw)}"`)
  return Number(raw)
}

export function statsRoutes(router: Router, services: Services): void {
  const slice = () => readSlice(services)
  /** The figures' inputs at this request: the slice, and the INFO of the databases asked about (real-Redis mode). */
  const source = async (current: RedisEnterpriseSlice, uids?: number[]): Promise<FigureSource> => ({
    slice: current,
    catalogue: services.catalogue,
    settings: services.settings,
    live: await readLiveInfo(services, current, uids),
  })
  const query = (req: Request) => parseStatsQuery(req.query as Record<string, unknown>)

  // ---- cluster (reference §11.1: uid is an empty string, captures/cluster_stats.json) ----
  router.get('/v1/cluster/stats', can('view_cluster_stats'), async (req, res) => {
    const q = query(req)
    const src = await source(slice())
    const spans = spansFor(q, requestNow(res), { recentSeconds: 10 })
    res.json({ intervals: spans.map((s) => intervalObject(s, clusterFigures(src, s), CLUSTER_STATS_KEYS, q)), uid: '' })
  })
  router.get('/v1/cluster/stats/last', can('view_cluster_stats'), async (req, res) => {
    const q = query(req)
    const span = lastSpan(q, requestNow(res))
    res.json(intervalObject(span, clusterFigures(await source(slice()), span), CLUSTER_STATS_KEYS, q))
  })

  // ---- nodes (captures/nodes_stats.json: uid is an integer) ----
  const nodeEntry = (src: FigureSource, uid: number, q: StatsQuery, now: number): JsonObject => ({
    intervals: spansFor(q, now, { recentSeconds: 10 }).map((s) => intervalObject(s, nodeFigures(src, uid, s), NODE_STATS_KEYS, q)),
    uid,
  })
  const nodesLast = async (res: Response, uids: number[], q: StatsQuery) => {
    const span = lastSpan(q, requestNow(res))
    const src = await source(slice())
    res.json(Object.fromEntries(uids.map((uid) => [String(uid), intervalObject(span, nodeFigures(src, uid, span), NODE_STATS_KEYS, q)])))
  }
  router.get('/v1/nodes/stats', can('view_all_nodes_stats'), async (req, res) => {
    const q = query(req)
    const src = await source(slice())
    res.json(nodeUids(services).map((uid) => nodeEntry(src, uid, q, requestNow(res))))
  })
  router.get('/v1/nodes/stats/last', can('view_all_nodes_stats'), async (req, res) => {
    await nodesLast(res, nodeUids(services), query(req))
  })
  router.get('/v1/nodes/stats/last/:uid', can('view_node_stats'), async (req, res) => {
    const uid = requireNode(services, param(req, 'uid'))
    await nodesLast(res, [uid], query(req))
  })
  router.get('/v1/nodes/stats/:uid', can('view_node_stats'), async (req, res) => {
    const uid = requireNode(services, param(req, 'uid'))
    const q = query(req)
    res.json(nodeEntry(await source(slice()), uid, q, requestNow(res)))
  })

  // ---- databases (captures/bdbs_stats.json: uid is a string; 2 recent 1sec intervals) ----
  const bdbEntry = (src: FigureSource, bdb: Bdb, q: StatsQuery, now: number): JsonObject => ({
    intervals: spansFor(q, now, { recentSeconds: 2, since: createdAt(bdb) }).map((s) => intervalObject(s, bdbFigures(src, bdb, s), BDB_STATS_KEYS, q)),
    uid: String(bdb.uid),
  })
  const bdbsLast = async (res: Response, bdbs: Bdb[], q: StatsQuery) => {
    const current = slice()
    const span = lastSpan(q, requestNow(res))
    const src = await source(current, bdbs.map((b) => b.uid))
    res.json(Object.fromEntries(bdbs.map((bdb) => [String(bdb.uid), intervalObject(span, bdbFigures(src, bdb, span), BDB_STATS_KEYS, q)])))
  }
  router.get('/v1/bdbs/stats', can('view_all_bdb_stats'), async (req, res) => {
    const q = query(req)
    const current = slice()
    const bdbs = statsBdbs(current)
    const src = await source(current, bdbs.map((b) => b.uid))
    res.json(bdbs.map((bdb) => bdbEntry(src, bdb, q, requestNow(res))))
  })
  router.get('/v1/bdbs/stats/last', can('view_all_bdb_stats'), async (req, res) => {
    await bdbsLast(res, statsBdbs(slice()), query(req))
  })
  router.get('/v1/bdbs/stats/last/:uid', can('view_bdb_stats'), async (req, res) => {
    const bdb = statsBdb(slice(), param(req, 'uid'))
    await bdbsLast(res, [bdb], query(req))
  })
  router.get('/v1/bdbs/stats/:uid', can('view_bdb_stats'), async (req, res) => {
    const q = query(req)
    const current = slice()
    const bdb = statsBdb(current, param(req, 'uid'))
    res.json(bdbEntry(await source(current, [bdb.uid]), bdb, q, requestNow(res)))
  })

  // ---- shards (reference §11.1: [{uid, status, node_uid, role, assigned_slots, intervals}]) ----
  const shardEntry = (src: FigureSource, entry: ShardEntry, q: StatsQuery, now: number): JsonObject => ({
    ...shardHeader(entry),
    intervals: spansFor(q, now, { recentSeconds: 10, since: createdAt(entry.bdb) }).map((s) =>
      intervalObject(s, shardFigures(src, entry.bdb, entry.placement, s), SHARD_STATS_KEYS, q),
    ),
  })
  const shardsLast = async (res: Response, entries: ShardEntry[], q: StatsQuery) => {
    const current = slice()
    const span = lastSpan(q, requestNow(res))
    const src = await source(current, [...new Set(entries.map((e) => e.bdb.uid))])
    res.json(
      Object.fromEntries(
        entries.map((e) => [String(e.placement.uid), intervalObject(span, shardFigures(src, e.bdb, e.placement, span), SHARD_STATS_KEYS, q)]),
      ),
    )
  }
  const listedShards = (req: Request) => {
    const entries = shardsOf(slice(), services.settings.nodes, parentUid(req))
    // reference §11.1: the list forms answer 404 when no such object exists
    if (entries.length === 0) throw reError('shard_not_exist', 'No shards exist')
    return entries
  }
  router.get('/v1/shards/stats', can('view_all_shard_stats'), async (req, res) => {
    const q = query(req)
    const entries = listedShards(req)
    const src = await source(slice(), [...new Set(entries.map((e) => e.bdb.uid))])
    res.json(entries.map((e) => shardEntry(src, e, q, requestNow(res))))
  })
  router.get('/v1/shards/stats/last', can('view_all_shard_stats'), async (req, res) => {
    await shardsLast(res, listedShards(req), query(req))
  })
  router.get('/v1/shards/stats/last/:uid', can('view_shard_stats'), async (req, res) => {
    await shardsLast(res, [findShard(slice(), services.settings.nodes, param(req, 'uid'))], query(req))
  })
  router.get('/v1/shards/stats/:uid', can('view_shard_stats'), async (req, res) => {
    const q = query(req)
    const entry = findShard(slice(), services.settings.nodes, param(req, 'uid'))
    res.json(shardEntry(await source(slice(), [entry.bdb.uid]), entry, q, requestNow(res)))
  })

  // ---- endpoints (reference §11.1, §18: uid "<bdb>:<endpoint>:<proxy>"; the only real endpoints route) ----
  router.get('/v1/endpoints/stats', can('view_endpoint_stats'), async (req, res) => {
    const q = query(req)
    const current = slice()
    const bdbs = Object.values(current.bdbs)
      .filter((b) => !NOT_ACTIVE.has(b.status) && b.status !== 'recovery')
      .sort((a, b) => a.uid - b.uid)
    const src = await source(current, bdbs.map((b) => b.uid))
    const now = requestNow(res)
    res.json(
      bdbs.flatMap((bdb) =>
        (bdb.endpoints as JsonObject[]).map((endpoint) => {
          const spans = spansFor(q, now, { recentSeconds: 10, since: createdAt(bdb) })
          return {
            intervals: spans.map((s) => {
              const figures = endpointFigures(src, bdb, s)
              return intervalObject(s, figures, Object.keys(figures), q)
            }),
            uid: `${String(endpoint.uid)}:${endpointNode(bdb, services.settings.nodes)}`,
          }
        }),
      ),
    )
  })
}
