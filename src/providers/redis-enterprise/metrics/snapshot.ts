// What one scrape reports: the figures (stats/figures.ts) of every object at the scrape's moment, shared by v1 and v2.
import { nodeAddress, placeShards, type ShardPlacement } from '../cluster.js'
import { clusterName } from '../cluster/settings.js'
import type { Bdb } from '../model.js'
import { readSlice, type Services } from '../service.js'
import { bdbFigures, endpointFigures, endpointNode, nodeFigures, shardFigures, type FigureSource, type Figures, type Span } from '../stats/figures.js'
import { lastSpan } from '../stats/intervals.js'
import { readLiveInfo } from '../stats/live-info.js'
import { pinnedOf } from '../stats/overrides.js'

// reference §2.1 / D:bdb status: the statuses whose database serves traffic and has statistics
const SERVING = new Set(['active', 'active-change-pending', 'import-pending'])

export interface ShardSnapshot {
  placement: ShardPlacement
  figures: Figures
}

export interface BdbSnapshot {
  bdb: Bdb
  serving: boolean
  figures: Figures
  endpoint: Figures
  /** the node whose proxy serves the endpoint */
  proxyNode: number
  shards: ShardSnapshot[]
}

export interface Snapshot {
  now: number
  /** seconds since the exporter's processes started, for CPU-seconds counters */
  uptime: number
  cluster: string
  softwareVersion: string
  shardsLimit: number
  span: Span
  bdbs: BdbSnapshot[]
  nodes: { uid: number; addr: string; figures: Figures }[]
  source: FigureSource
}

export async function takeSnapshot(services: Services, now: number, startedAt: number): Promise<Snapshot> {
  const slice = readSlice(services)
  const source: FigureSource = { slice, catalogue: services.catalogue, settings: services.settings, live: await readLiveInfo(services, slice) }
  // v1 values are the stats store's latest (1sec) interval (reference metrics §6: bdb_X = REST stats field X)
  const span = lastSpan({}, now)
  const nodesCount = services.settings.nodes
  const bdbs = Object.values(slice.bdbs)
    .filter((b) => b.status !== 'delete-pending')
    .sort((a, b) => a.uid - b.uid)
    .map((bdb) => ({
      bdb,
      serving: SERVING.has(bdb.status),
      figures: bdbFigures(source, bdb, span),
      endpoint: endpointFigures(source, bdb, span),
      proxyNode: endpointNode(bdb, nodesCount),
      shards: placeShards(bdb, nodesCount).map((placement) => ({ placement, figures: shardFigures(source, bdb, placement, span) })),
    }))
  const template = services.catalogue.nodeTemplate
  return {
    now,
    uptime: Math.max(0, (now - startedAt) / 1000),
    // the cluster's FQDN as GET /v1/cluster names it (the bootstrapped one, else the captured one)
    cluster: clusterName(services.catalogue, slice),
    softwareVersion: template.software_version as string,
    shardsLimit: services.settings.shardsLimit,
    span,
    bdbs,
    nodes: Array.from({ length: nodesCount }, (_, i) => ({
      uid: i + 1,
      addr: nodeAddress(i + 1),
      figures: nodeFigures(source, i + 1, span),
    })),
    source,
  }
}

/** A value pinned for the object a sample belongs to (its bdb/db label, else its node label), by the sample's name. */
export function pinnedValue(snapshot: Snapshot, name: string, labels: Record<string, string | number>): number | undefined {
  const bdb = labels.bdb ?? labels.db
  const values = bdb !== undefined ? pinnedOf(snapshot.source.slice, 'bdb', Number(bdb)) : labels.node !== undefined ? pinnedOf(snapshot.source.slice, 'node', Number(labels.node)) : undefined
  return values && Object.hasOwn(values, name) ? values[name] : undefined
}
