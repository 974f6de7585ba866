// rebalance and revamp (reference-more §20): re-place a database's shards through an update machine, or (dry_run)
// answer the shards blueprint with a `cluster-state-id`.
import { placeShards, shardsNeeded } from '../cluster.js'
import type { Bdb, JsonObject, RedisEnterpriseSlice } from '../model.js'
import { findBdb, readSlice, updateBdb, type Services } from '../service.js'
import { parseBdbBody } from '../schemas.js'
import { reError } from '../errors.js'
import { revampBodySchema } from './schemas.js'

/** DOC blueprint element: {"nodes":[{"node_uid":"3","role":"master"},{"node_uid":"1","role":"slave"}],"slot_range":"5461-10922"} */
export function blueprint(bdb: Bdb, nodes: number): JsonObject[] {
  // a dry-run plan keeps the old shard_list; the blueprint needs only as many shards as the new shape has
  const needed = shardsNeeded(bdb)
  const shaped = bdb.shard_list.length === needed ? bdb : { ...bdb, shard_list: Array.from({ length: needed }, (_, i) => i + 1) }
  const shards = placeShards(shaped, nodes)
  const masters = shards.filter((s) => s.role === 'master')
  const replicas = shards.filter((s) => s.role === 'slave')
  return masters.map((master, i) => ({
    nodes: [
      { node_uid: String(master.node_uid), role: 'master' },
      ...(replicas[i] ? [{ node_uid: String(replicas[i].node_uid), role: 'slave' }] : []),
    ],
    slot_range: master.assigned_slots,
  }))
}

/** INF: the cluster-state-id header names the state the blueprint was made from; the number of machines started. */
export function clusterStateId(slice: RedisEnterpriseSlice): string {
  return String(slice.sequences.action ?? 1)
}

export interface PlacementAnswer {
  body: JsonObject | JsonObject[]
  stateId?: string
}

/** PUT /v1/bdbs/{uid}/actions/rebalance[?dry_run]: the shards stay where the placement policy puts them (INF). */
export async function rebalanceBdb(services: Services, rawUid: string, dryRun: boolean, now: number): Promise<PlacementAnswer> {
  const slice = readSlice(services)
  const bdb = findBdb(slice, rawUid)
  if (dryRun) return { body: blueprint(bdb, services.settings.nodes), stateId: clusterStateId(slice) }
  const updated = await updateBdb(services, rawUid, {}, { dryRun: false, now })
  return { body: { action_uid: updated.action_uid as string } }
}

/** PUT /v1/bdbs/{uid}/actions/revamp[?dry_run]: memory, replication, shards and placement changed as one update. */
export async function revampBdb(services: Services, rawUid: string, body: unknown, dryRun: boolean, now: number): Promise<PlacementAnswer> {
  const parsed = revampBodySchema().safeParse(body ?? {})
  if (!parsed.success) throw reError('invalid_schema', parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '))
  // avoid_nodes and bigstore_ram_size only steer placement and Flash; the emulated placement ignores them
  const { avoid_nodes: _avoid, bigstore_ram_size: _flash, ...fields } = parsed.data
  const change = parseBdbBody(fields)
  // a database with more than one shard needs sharding on (rules.ts); revamp turns it on as needed (INF)
  if ((change.shards_count ?? 1) > 1) {
    const bdb = findBdb(readSlice(services), rawUid)
    if (!bdb.sharding) Object.assign(change, { sharding: true, oss_sharding: true })
  }
  const updated = await updateBdb(services, rawUid, change, { dryRun, now })
  if (dryRun) return { body: blueprint(updated, services.settings.nodes), stateId: clusterStateId(readSlice(services)) }
  return { body: { action_uid: updated.action_uid as string } }
}
