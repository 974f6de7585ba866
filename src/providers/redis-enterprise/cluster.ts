// The emulated cluster's topology: nodes, shard placement, ports, license and capacity, derived from the stored bdbs.
import type { Bdb, Catalogue, JsonObject, RedisEnterpriseSlice } from './model.js'

/** Provider settings that shape the cluster (flags in index.ts). */
export interface ClusterSettings {
  nodes: number
  shardsLimit: number
  licenseExpired: boolean
  /** reference §9: a second database with an existing name is refused (409) */
  uniqueDbNames: boolean
}

export const HASH_SLOTS = 16384
// reference §9: database ports live in 10000-19999; the first auto-assigned one follows the reference's example.
export const FIRST_AUTO_PORT = 12000
export const LAST_AUTO_PORT = 19999

export function nodeAddress(nodeUid: number): string {
  // captures/node_single.json: the single node answers on 192.168.16.2; further nodes follow it.
  return `192.168.16.${nodeUid + 1}`
}

export interface ShardPlacement {
  uid: number
  bdb_uid: number
  node_uid: number
  role: 'master' | 'slave'
  assigned_slots: string
}

function slotRange(index: number, masters: number): string {
  const start = Math.floor((index * HASH_SLOTS) / masters)
  const end = Math.floor(((index + 1) * HASH_SLOTS) / masters) - 1
  return `${start}-${end}`
}

/** Masters first in shard_list, then replicas; dense keeps masters on one node, sparse spreads them. */
export function placeShards(bdb: Bdb, nodes: number): ShardPlacement[] {
  const masters = bdb.shards_count as number
  const home = ((bdb.uid - 1) % nodes) + 1
  const nodeFor = (offset: number) => ((home - 1 + offset) % nodes) + 1
  return bdb.shard_list.map((uid, i) => {
    const isMaster = i < masters
    const index = isMaster ? i : i - masters
    const masterNode = bdb.shards_placement === 'sparse' ? nodeFor(index) : home
    return {
      uid,
      bdb_uid: bdb.uid,
      node_uid: isMaster ? masterNode : ((masterNode % nodes) + 1),
      role: isMaster ? 'master' : 'slave',
      assigned_slots: slotRange(index, masters),
    }
  })
}

export function shardsNeeded(config: Record<string, unknown>): number {
  return (config.shards_count as number) * (config.replication ? 2 : 1)
}

export function memoryNeeded(config: Record<string, unknown>): number {
  return (config.memory_size as number) * (config.replication ? 2 : 1)
}

export function allShards(slice: RedisEnterpriseSlice, nodes: number): ShardPlacement[] {
  return Object.values(slice.bdbs).flatMap((bdb) => placeShards(bdb, nodes))
}

export function clusterMemory(catalogue: Catalogue, settings: ClusterSettings): number {
  return (catalogue.nodeTemplate.total_memory as number) * settings.nodes
}

export function clusterName(catalogue: Catalogue): string {
  return catalogue.cluster.name as string
}

const reservedByCatalogue = new WeakMap<Catalogue, Set<number>>()

/** Ports no database may take: the cluster's reserved lists (captures/cluster.json). Read-only, shared. */
export function reservedPorts(catalogue: Catalogue): Set<number> {
  let reserved = reservedByCatalogue.get(catalogue)
  if (!reserved) {
    reserved = new Set([...(catalogue.cluster.system_reserved_ports as number[]), ...(catalogue.cluster.reserved_ports as number[])])
    reservedByCatalogue.set(catalogue, reserved)
  }
  return reserved
}

export function usedPorts(slice: RedisEnterpriseSlice, exceptUid?: number): Set<number> {
  const ports = new Set<number>()
  for (const bdb of Object.values(slice.bdbs)) {
    if (bdb.uid === exceptUid) continue
    for (const endpoint of bdb.endpoints as JsonObject[]) ports.add(endpoint.port as number)
  }
  return ports
}

export function buildNode(catalogue: Catalogue, slice: RedisEnterpriseSlice, settings: ClusterSettings, uid: number): JsonObject {
  const shards = allShards(slice, settings.nodes).filter((s) => s.node_uid === uid)
  return {
    ...catalogue.nodeTemplate,
    addr: nodeAddress(uid),
    ram_shard_count: shards.length,
    shard_count: shards.length,
    shard_list: shards.map((s) => s.uid),
    uid,
  }
}

export function buildShard(catalogue: Catalogue, placement: ShardPlacement, status: string): JsonObject {
  // captures/shards_list.json: uid and node_uid are strings, bdb_uid a number.
  return {
    ...catalogue.shardTemplate,
    assigned_slots: placement.assigned_slots,
    bdb_uid: placement.bdb_uid,
    node_uid: String(placement.node_uid),
    role: placement.role,
    status,
    uid: String(placement.uid),
  }
}

export function buildLicense(catalogue: Catalogue, slice: RedisEnterpriseSlice, settings: ClusterSettings): JsonObject {
  const inUse = allShards(slice, settings.nodes).length
  return {
    ...catalogue.license,
    // The captured trial licence expired a month after capture; the emulated one stays valid unless the
    // license-expired flag says otherwise (then the captured dates are kept).
    expiration_date: settings.licenseExpired ? catalogue.license.expiration_date : '2099-12-31T00:00:00Z',
    expired: settings.licenseExpired,
    ram_shards_in_use: inUse,
    shards_limit: settings.shardsLimit,
  }
}
