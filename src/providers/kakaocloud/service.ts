// KakaoCloud MemStore rules (no req/res): create flows and their documented constraints, project scoping, parameter
// groups, backups and the state changes each call starts.
import type { Draft } from '../../core/store.js'
import { cancelTransitions, scheduleTransition } from '../../core/lifecycle.js'
import type { ProviderContext } from '../../core/provider.js'
import { uuid } from '../../core/ids.js'
import { RealRedisFullError, type PortLease } from '../../core/real-redis.js'
import type { Caller } from './auth.js'
import { kcError } from './errors.js'
import { clusterNameTaken, noteClusterName } from './names.js'
import {
  BackupStatus,
  ClusterStatus,
  defaultParameterGroup,
  defaultParameterGroups,
  loadCatalog,
  rfc3339,
  type BackupWire,
  type Catalog,
  type ClusterWire,
  type IdRef,
  type KakaocloudSlice,
  type ParameterGroupSyncStatus,
  type ParameterGroupWire,
  type SubnetAssignment,
} from './model.js'
import type { CreateClusterBody, CreateInstanceSetBody } from './schemas.js'
import type { z } from 'zod'
import type { createBackupBody, createParameterGroupBody, listBackupsQuery, listClustersQuery, listParameterGroupsQuery } from './schemas.js'

const ID = 'kakaocloud'

export class KakaocloudService {
  constructor(private readonly ctx: ProviderContext) {}

  private get catalog(): Catalog {
    return loadCatalog(this.ctx.fixturesDir)
  }

  private slice(): KakaocloudSlice {
    return this.ctx.store.read<KakaocloudSlice>(ID)
  }

  // ---- catalogues (seed 001) ----

  versions(): string[] {
    return this.catalog.versions
  }

  flavors(): { flavors: Catalog['flavors'] } {
    return { flavors: this.catalog.flavors }
  }

  // ---- clusters and instance sets ----

  listClusters(caller: Caller, query: z.infer<ReturnType<typeof listClustersQuery>>): { clusters: ClusterWire[] } {
    return { clusters: Object.values(this.slice().clusters).filter((c) => c.projectId === caller.projectId && matchesQuery(c, query)) }
  }

  getCluster(caller: Caller, id: string): ClusterWire {
    return findCluster(this.slice(), caller, id)
  }

  async createCluster(caller: Caller, body: CreateClusterBody, now: number): Promise<{ objectId: string }> {
    const catalog = this.catalog
    // reference §4: 5.0.6 is offered only without cluster mode.
    if (!catalog.clusterModeVersions.includes(body.version)) {
      throw kcError('BadRequest', `version ${body.version} is not available for cluster mode; available: ${catalog.clusterModeVersions.join(', ')}`)
    }
    if (body.subnetAssignments.length !== body.shardCount) {
      throw kcError('BadRequest', `subnetAssignments must have one entry per shard (${body.shardCount})`)
    }
    for (const assignment of body.subnetAssignments) {
      if (assignment.replicas.length !== body.nodeCountPerShard - 1) {
        throw kcError('BadRequest', `each subnetAssignments entry must list nodeCountPerShard - 1 (${body.nodeCountPerShard - 1}) replicas`)
      }
    }
    return this.insertCluster(caller, now, {
      name: body.name,
      clusterEnabled: true,
      // seed 001: "always true if using cluster mode".
      recoveryEnabled: true,
      shardCount: body.shardCount,
      totalNodeCount: body.shardCount * body.nodeCountPerShard,
      // seed 001 (cluster detail): backupSchedule is "Null if using cluster mode"; a given schedule is still validated.
      backupSchedule: null,
      body,
    })
  }

  async createInstanceSet(caller: Caller, body: CreateInstanceSetBody, now: number): Promise<{ objectId: string }> {
    if (!this.catalog.versions.includes(body.version)) {
      throw kcError('BadRequest', `version ${body.version} is not available; available: ${this.catalog.versions.join(', ')}`)
    }
    // High availability needs a replica to fail over to [INF].
    if (body.recoveryEnabled && body.replicas < 2) throw kcError('BadRequest', 'recoveryEnabled requires at least 2 replicas (a primary and a replica)')
    // reference §4: `replicas` is the total node count, primary included; one placement entry for the set.
    if (body.subnetAssignments.length !== 1) throw kcError('BadRequest', 'subnetAssignments must have exactly one entry for an instance set')
    if (body.subnetAssignments[0].replicas.length !== body.replicas - 1) {
      throw kcError('BadRequest', `subnetAssignments[0].replicas must list replicas - 1 (${body.replicas - 1}) subnets`)
    }
    return this.insertCluster(caller, now, {
      name: body.instanceSetName,
      clusterEnabled: false,
      recoveryEnabled: body.recoveryEnabled,
      // seed 001: "0 if cluster mode is disabled".
      shardCount: 0,
      totalNodeCount: body.replicas,
      backupSchedule: body.backupSchedule ?? null,
      body,
    })
  }

  private async insertCluster(
    caller: Caller,
    now: number,
    derived: Pick<ClusterWire, 'name' | 'clusterEnabled' | 'recoveryEnabled' | 'shardCount' | 'totalNodeCount' | 'backupSchedule'> & {
      body: CreateClusterBody | CreateInstanceSetBody
    },
  ): Promise<{ objectId: string }> {
    const { body } = derived
    const catalog = this.catalog
    const flavor = catalog.flavors.find((f) => f.id === body.flavorId)
    if (!flavor) throw kcError('BadRequest', `flavor ${body.flavorId} does not exist`)
    const subnets = onlyIds(body.subnets)
    const known = new Set(catalog.subnets.map((s) => s.id))
    for (const subnet of subnets) if (!known.has(subnet.id)) throw kcError('BadRequest', `subnet ${subnet.id} does not exist`)
    const assignments: SubnetAssignment[] = body.subnetAssignments.map((a) => ({ primary: { id: a.primary.id }, replicas: onlyIds(a.replicas) }))
    // reference §4: assignments may only use the subnets listed in `subnets`.
    const listed = new Set(subnets.map((s) => s.id))
    for (const ref of assignments.flatMap((a) => [a.primary, ...a.replicas])) {
      if (!listed.has(ref.id)) throw kcError('BadRequest', `subnetAssignments uses subnet ${ref.id}, which is not listed in subnets`)
    }
    const securityGroups = onlyIds(body.securityGroups)
    for (const group of securityGroups) {
      if (!catalog.securityGroups.some((g) => g.id === group.id)) throw kcError('BadRequest', `security group ${group.id} does not exist`)
    }
    const objectId = uuid()
    const lease = await this.leaseServerPort(body.port)
    try {
      return await this.storeCluster(caller, now, derived, { flavor, subnets, assignments, securityGroups, objectId, port: lease?.port ?? body.port })
    } finally {
      lease?.release()
    }
  }

  /**
   * Real-Redis mode: a port for the cluster's server, the requested one when it is free on this machine (else another,
   * which the cluster then reports). Past the server cap, a 400: the create call's documented client error [INF].
   */
  private async leaseServerPort(port: number): Promise<PortLease | undefined> {
    try {
      return await this.ctx.realRedis?.lease(port)
    } catch (err) {
      if (err instanceof RealRedisFullError) throw kcError('BadRequest', `quota exceeded: ${err.message}`)
      throw err
    }
  }

  private storeCluster(
    caller: Caller,
    now: number,
    derived: Pick<ClusterWire, 'name' | 'clusterEnabled' | 'recoveryEnabled' | 'shardCount' | 'totalNodeCount' | 'backupSchedule'> & {
      body: CreateClusterBody | CreateInstanceSetBody
    },
    placed: { flavor: Catalog['flavors'][number]; subnets: IdRef[]; assignments: SubnetAssignment[]; securityGroups: IdRef[]; objectId: string; port: number },
  ): Promise<{ objectId: string }> {
    const { body } = derived
    const catalog = this.catalog
    const { flavor, subnets, assignments, securityGroups, objectId } = placed
    return this.ctx.store.mutate<KakaocloudSlice, { objectId: string }>(ID, (draft, live) => {
      const group = this.visibleParameterGroup(draft, caller, body.parameterGroupId)
      if (!group) throw kcError('BadRequest', `parameter group ${body.parameterGroupId} does not exist`)
      if (group.engineVersion !== body.version || group.clusterMode !== derived.clusterEnabled) {
        throw kcError(
          'BadRequest',
          `parameter group ${group.objectId} is for Redis ${group.engineVersion} with cluster mode ${group.clusterMode ? 'on' : 'off'}`,
        )
      }
      // Names identify clusters in the console and in backups (GET /v1/backups?clusterName=): unique per project [INF].
      if (clusterNameTaken(live.clusters, caller.projectId, derived.name)) {
        throw kcError('Conflict', `a cluster named ${derived.name} already exists`)
      }
      draft.clusters[objectId] = {
        projectId: caller.projectId,
        objectId,
        name: derived.name,
        description: body.description ?? '',
        version: body.version,
        port: placed.port,
        clusterEnabled: derived.clusterEnabled,
        recoveryEnabled: derived.recoveryEnabled,
        shardCount: derived.shardCount,
        totalNodeCount: derived.totalNodeCount,
        flavorId: flavor.id,
        vcpu: flavor.vcpus,
        memory: flavor.memory,
        // seed 001: endpoints are empty strings until the cluster runs.
        endpoints: { primaryEndpoint: '', readEndpoint: '' },
        // seed 001: userName is "-" when no DB user is set.
        userName: body.user?.name ?? '-',
        subnets,
        subnetAssignments: assignments,
        securityGroups,
        backupSchedule: derived.backupSchedule,
        creator: caller.userName,
        license: catalog.license,
        status: ClusterStatus.Creating,
        parameterGroupId: group.objectId,
        parameterGroupName: group.name,
        parameterGroupSyncStatus: 'In-Sync',
        createdAt: rfc3339(now),
      }
      if (body.user) (draft.dbUserPasswords ??= {})[objectId] = body.user.password
      scheduleTransition(draft, 'kakaocloud.cluster.create', now + this.ctx.delays.get('kakaocloud.cluster.create'), { id: objectId })
      // Last: nothing after this can undo the insert.
      noteClusterName(live.clusters, caller.projectId, derived.name)
      return { objectId }
    })
  }

  /** DELETE /v1/clusters/{id} (and /v1/instance-sets/{id}): Running -> Deleting -> gone. */
  async deleteCluster(caller: Caller, id: string, now: number, onlyInstanceSets = false): Promise<{ objectId: string }> {
    return this.ctx.store.mutate<KakaocloudSlice, { objectId: string }>(ID, (draft, live) => {
      const cluster = findCluster(draft, caller, id)
      if (onlyInstanceSets && cluster.clusterEnabled) throw kcError('NotFound', `instance set ${id} does not exist`)
      // The delete page was not retrieved: a cluster mid-change cannot be deleted, as with backups' 409 [INF].
      if (cluster.status !== ClusterStatus.Running) throw kcError('Conflict', `cluster ${id} is ${cluster.status}; only a Running cluster can be deleted`)
      if (backupInProgress(draft, id)) throw kcError('Conflict', `cluster ${id} has a backup in progress`)
      cluster.status = ClusterStatus.Deleting
      if (draft.dbUserPasswords) delete draft.dbUserPasswords[id]
      cancelTransitions(draft, (t) => t.target.id === id)
      scheduleTransition(draft, 'kakaocloud.cluster.delete', now + this.ctx.delays.get('kakaocloud.cluster.delete'), { id })
      return { objectId: id }
    })
  }

  /** seed 001: retry applying the parameter group when its sync status is not normal. */
  async applyParameterGroup(caller: Caller, id: string, now: number): Promise<{ objectId: string }> {
    return this.ctx.store.mutate<KakaocloudSlice, { objectId: string }>(ID, (draft, live) => {
      const cluster = findCluster(draft, caller, id)
      // seed 001 lists 400 (no 409) for this call.
      if (cluster.status !== ClusterStatus.Running) throw kcError('BadRequest', `cluster ${id} is ${cluster.status}; the parameter group can be applied only when it is Running`)
      if (cluster.parameterGroupSyncStatus === 'In-Sync') throw kcError('BadRequest', `the parameter group of cluster ${id} is already In-Sync`)
      cluster.status = ClusterStatus.Modifying
      scheduleTransition(draft, 'kakaocloud.cluster.modify', now + this.ctx.delays.get('kakaocloud.cluster.modify'), { id })
      return { objectId: id }
    })
  }

  /** Emulator-only (README): force a sync status so that the re-apply call can be tested. */
  async forceParameterGroupSyncStatus(caller: Caller, id: string, status: ParameterGroupSyncStatus): Promise<ClusterWire> {
    return this.ctx.store.mutate<KakaocloudSlice, ClusterWire>(ID, (draft) => {
      const cluster = findCluster(draft, caller, id)
      cluster.parameterGroupSyncStatus = status
      return cluster
    })
  }

  // ---- parameter groups (reference §4) ----

  private visibleParameterGroup(slice: KakaocloudSlice | Draft<KakaocloudSlice>, caller: Caller, id: string): ParameterGroupWire | undefined {
    const builtIn = defaultParameterGroup(this.catalog, id)
    if (builtIn) return builtIn
    if (!Object.hasOwn(slice.parameterGroups, id) || slice.parameterGroupOwners[id] !== caller.projectId) return undefined
    return slice.parameterGroups[id]
  }

  listParameterGroups(caller: Caller, query: z.infer<ReturnType<typeof listParameterGroupsQuery>>): { parameterGroups: ParameterGroupWire[] } {
    return { parameterGroups: this.visibleParameterGroups(this.slice(), caller).filter((g) => matchesQuery(g, query)) }
  }

  async createParameterGroup(caller: Caller, body: z.infer<ReturnType<typeof createParameterGroupBody>>, now: number): Promise<{ objectId: string }> {
    const objectId = uuid()
    return this.ctx.store.mutate<KakaocloudSlice, { objectId: string }>(ID, (draft, live) => {
      const base = this.visibleParameterGroup(draft, caller, body.parameterGroupId)
      if (!base) throw kcError('NotFound', `parameter group ${body.parameterGroupId} does not exist`)
      if (this.visibleParameterGroups(live, caller).some((g) => g.name === body.name)) throw kcError('Conflict', `a parameter group named ${body.name} already exists`)
      // reference §4: a new group is always a copy of a base group: same engine version and cluster mode.
      draft.parameterGroups[objectId] = {
        objectId,
        name: body.name,
        description: body.description ?? '',
        engineVersion: base.engineVersion,
        clusterMode: base.clusterMode,
        parameterGroupType: 'custom',
        createdAt: rfc3339(now),
      }
      draft.parameterGroupOwners[objectId] = caller.projectId
      return { objectId }
    })
  }

  /** The default groups and the caller's project's custom ones. */
  private visibleParameterGroups(slice: KakaocloudSlice | Draft<KakaocloudSlice>, caller: Caller): ParameterGroupWire[] {
    const custom = Object.values(slice.parameterGroups).filter((g) => slice.parameterGroupOwners[g.objectId] === caller.projectId)
    return [...defaultParameterGroups(this.catalog), ...custom]
  }

  // ---- backups (reference §4) ----

  listBackups(caller: Caller, query: z.infer<ReturnType<typeof listBackupsQuery>>): { backups: BackupWire[] } {
    return { backups: Object.values(this.slice().backups).filter((b) => b.projectId === caller.projectId && matchesQuery(b, query)) }
  }

  async createBackup(caller: Caller, body: z.infer<ReturnType<typeof createBackupBody>>, now: number): Promise<{ objectId: string }> {
    const objectId = uuid()
    return this.ctx.store.mutate<KakaocloudSlice, { objectId: string }>(ID, (draft, live) => {
      const cluster = findCluster(draft, caller, body.clusterId)
      // reference §4 preconditions, each a 409: Running, at least 2 nodes with a replica, no backup in progress.
      if (cluster.status !== ClusterStatus.Running) throw kcError('Conflict', `cluster ${cluster.objectId} is ${cluster.status}; a backup needs a Running cluster`)
      if (cluster.totalNodeCount < 2 || !cluster.subnetAssignments.some((a) => a.replicas.length > 0)) {
        throw kcError('Conflict', `cluster ${cluster.objectId} needs at least 2 nodes including a replica to be backed up`)
      }
      if (backupInProgress(draft, cluster.objectId)) throw kcError('Conflict', `cluster ${cluster.objectId} already has a backup in progress`)
      // reference §4: 409 also covers a duplicate.
      if (Object.values(live.backups).some((b) => b.projectId === caller.projectId && b.name === body.name)) {
        throw kcError('Conflict', `a backup named ${body.name} already exists`)
      }
      draft.backups[objectId] = {
        id: objectId,
        name: body.name,
        projectId: caller.projectId,
        clusterName: cluster.name,
        clusterId: cluster.objectId,
        clusterMode: cluster.clusterEnabled,
        version: cluster.version,
        backupType: 'Manual',
        status: BackupStatus.Creating,
        createdAt: rfc3339(now),
      }
      scheduleTransition(draft, 'kakaocloud.backup.create', now + this.ctx.delays.get('kakaocloud.backup.create'), { id: objectId })
      return { objectId }
    })
  }
}

/** A cluster of the caller's project; another project's cluster is as absent as an unknown id (404). */
function findCluster<S extends KakaocloudSlice | Draft<KakaocloudSlice>>(slice: S, caller: Caller, id: string): S['clusters'][string] {
  const cluster = Object.hasOwn(slice.clusters, id) ? slice.clusters[id] : undefined
  if (!cluster || cluster.projectId !== caller.projectId) throw kcError('NotFound', `cluster ${id} does not exist`)
  return cluster as S['clusters'][string]
}

function backupInProgress(slice: KakaocloudSlice | Draft<KakaocloudSlice>, clusterId: string): boolean {
  return Object.values(slice.backups).some((b) => b.clusterId === clusterId && b.status === BackupStatus.Creating)
}

/** List filters name wire fields: every filter given must equal the record's field of the same name. */
function matchesQuery<T extends object>(record: T, query: { [K in keyof T]?: T[K] }): boolean {
  return Object.entries(query).every(([key, value]) => value === undefined || record[key as keyof T] === value)
}

/** Keeps only `{id}` from each reference, so extra keys a client sends never reach the wire shape. */
function onlyIds(refs: IdRef[]): IdRef[] {
  return refs.map((ref) => ({ id: ref.id }))
}
