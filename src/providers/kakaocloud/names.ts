// The cluster names taken in each project (names are unique per project), kept as a derived index so a create does not
// compare its name with every stored cluster.
//
// The index lives outside the slice, in a WeakMap keyed by the live `clusters` container: a state import, seed, reset
// or restart brings a new container, so a stale index is simply never found. A cluster's name and project never change
// once stored, so only two things change the index: a create (storeCluster adds the cluster as the last step of its
// recipe, then calls noteClusterName) and the delete transition (which calls forgetClusterNames: it runs inside a
// settle pass that could still roll back, so it drops every index and the next lookup rebuilds from the slice).
import type { ClusterWire } from './model.js'

type Clusters = Record<string, ClusterWire>

interface NameIndex {
  /** forgetClusterNames() generation the index was built in. */
  generation: number
  /** projectId -> names of its clusters. */
  names: Map<string, Set<string>>
}

const indexes = new WeakMap<Clusters, NameIndex>()
let generation = 0

function build(clusters: Clusters): NameIndex {
  const names = new Map<string, Set<string>>()
  for (const id in clusters) {
    if (!Object.prototype.hasOwnProperty.call(clusters, id)) continue
    const { projectId, name } = clusters[id]
    let taken = names.get(projectId)
    if (!taken) names.set(projectId, (taken = new Set()))
    taken.add(name)
  }
  const index = { generation, names }
  indexes.set(clusters, index)
  return index
}

/** Whether a cluster of `projectId` is named `name`. Pass the live container, never a draft. */
export function clusterNameTaken(clusters: Clusters, projectId: string, name: string): boolean {
  const cached = indexes.get(clusters)
  const index = cached && cached.generation === generation ? cached : build(clusters)
  return index.names.get(projectId)?.has(name) ?? false
}

/**
 * Records the name of a cluster just stored in the live container. Call it only once nothing can undo the insert any
 * more (the last statement of the create recipe): the index must never hold a name a rollback took back.
 */
export function noteClusterName(clusters: Clusters, projectId: string, name: string): void {
  const index = indexes.get(clusters)
  // No index (or a stale one): nothing to keep up to date, the next lookup builds it with the new cluster.
  if (!index || index.generation !== generation) return
  let taken = index.names.get(projectId)
  if (!taken) index.names.set(projectId, (taken = new Set()))
  taken.add(name)
}

/** Drops every index: for a removal inside a transaction that may still roll back. */
export function forgetClusterNames(): void {
  generation++
}
