// Redis Enterprise REST statistics (reference §11, §1.4): their operations for the OpenAPI document (../openapi.ts).
import { z } from 'zod'
import type { Operation, ResponseSpec } from '../../../core/openapi.js'
import type { ErrorCode } from '../errors.js'
import { errorsFor, uidParam } from '../openapi.js'
import { statsQuerySchema } from './intervals.js'
import {
  bdbIntervalBody,
  bdbStatsBody,
  clusterIntervalBody,
  clusterStatsBody,
  endpointStatsBody,
  lastByUid,
  nodeIntervalBody,
  nodeStatsBody,
  shardIntervalBody,
  shardStatsBody,
} from './responses.js'

const REAL_BDB = "a database's figures (memory, keys, connections, operations, hits and misses) come from its server's INFO"

interface StatsRoute {
  path: string
  operationId: string
  summary: string
  body: z.ZodType
  errors: ErrorCode[]
  uid?: boolean
  shardQuery?: boolean
  realRedis?: string
}

export function statsOperations(): Operation[] {
  const routes: StatsRoute[] = [
    { path: '/v1/cluster/stats', operationId: 'getClusterStats', summary: "The cluster's statistics", body: clusterStatsBody(), errors: [], realRedis: REAL_BDB },
    { path: '/v1/cluster/stats/last', operationId: 'getClusterStatsLast', summary: "The cluster's latest interval", body: clusterIntervalBody(), errors: [], realRedis: REAL_BDB },
    { path: '/v1/nodes/stats', operationId: 'getNodesStats', summary: "Every node's statistics", body: z.array(nodeStatsBody()), errors: [], realRedis: REAL_BDB },
    { path: '/v1/nodes/stats/last', operationId: 'getNodesStatsLast', summary: "Every node's latest interval, by uid", body: lastByUid(nodeIntervalBody()), errors: [], realRedis: REAL_BDB },
    { path: '/v1/nodes/stats/last/{uid}', operationId: 'getNodeStatsLast', summary: "One node's latest interval, by uid", body: lastByUid(nodeIntervalBody()), errors: ['node_not_exist'], uid: true, realRedis: REAL_BDB },
    { path: '/v1/nodes/stats/{uid}', operationId: 'getNodeStats', summary: "One node's statistics", body: nodeStatsBody(), errors: ['node_not_exist'], uid: true, realRedis: REAL_BDB },
    { path: '/v1/bdbs/stats', operationId: 'getBdbsStats', summary: "Every active database's statistics", body: z.array(bdbStatsBody()), errors: ['db_not_exist'], realRedis: REAL_BDB },
    { path: '/v1/bdbs/stats/last', operationId: 'getBdbsStatsLast', summary: "Every active database's latest interval, by uid", body: lastByUid(bdbIntervalBody()), errors: ['db_not_exist'], realRedis: REAL_BDB },
    { path: '/v1/bdbs/stats/last/{uid}', operationId: 'getBdbStatsLast', summary: "One database's latest interval, by uid", body: lastByUid(bdbIntervalBody()), errors: ['db_not_exist', 'db_not_active', 'db_in_recovery'], uid: true, realRedis: REAL_BDB },
    { path: '/v1/bdbs/stats/{uid}', operationId: 'getBdbStats', summary: "One database's statistics", body: bdbStatsBody(), errors: ['db_not_exist', 'db_not_active', 'db_in_recovery'], uid: true, realRedis: REAL_BDB },
    { path: '/v1/shards/stats', operationId: 'getShardsStats', summary: "Every shard's statistics (parent_uid: one database's)", body: z.array(shardStatsBody()), errors: ['shard_not_exist'], shardQuery: true, realRedis: REAL_BDB },
    { path: '/v1/shards/stats/last', operationId: 'getShardsStatsLast', summary: "Every shard's latest interval, by uid", body: lastByUid(shardIntervalBody()), errors: ['shard_not_exist'], shardQuery: true, realRedis: REAL_BDB },
    { path: '/v1/shards/stats/last/{uid}', operationId: 'getShardStatsLast', summary: "One shard's latest interval, by uid", body: lastByUid(shardIntervalBody()), errors: ['shard_not_exist'], uid: true, realRedis: REAL_BDB },
    { path: '/v1/shards/stats/{uid}', operationId: 'getShardStats', summary: "One shard's statistics", body: shardStatsBody(), errors: ['shard_not_exist'], uid: true, realRedis: REAL_BDB },
    { path: '/v1/endpoints/stats', operationId: 'getEndpointsStats', summary: "Every active database endpoint's statistics", body: z.array(endpointStatsBody()), errors: [], realRedis: REAL_BDB },
  ]
  return routes.map((route): Operation => {
    const query = route.shardQuery
      ? statsQuerySchema().extend({ parent_uid: z.string().regex(/^\d{1,15}$/).optional().meta({ description: "only this database's shards" }) })
      : statsQuerySchema()
    const ok: ResponseSpec = { description: 'the statistics', body: route.body }
    return {
      method: 'get',
      path: route.path,
      operationId: route.operationId,
      summary: route.summary,
      tag: 'stats',
      source: 'reference §11.1 (routes, query, 404/406/503); captures/*_stats.json (keys and types); inferred: a bad query parameter is 400 bad_request',
      realRedis: route.realRedis,
      ...(route.uid ? { pathParams: { uid: uidParam() } } : {}),
      query,
      responses: { 200: ok, ...errorsFor('bad_request', ...route.errors) },
    }
  })
}
