// KakaoCloud MemStore state machines (reference §5): Creating -> Running, Modifying -> Running (parameter group
// re-applied, back In-Sync), Deleting -> gone, and a backup's Creating -> Available.
import { WAIT, type LifecycleTable } from '../../core/lifecycle.js'
import { BackupStatus, ClusterStatus, endpointsFor, type KakaocloudSlice } from './model.js'
import { forgetClusterNames } from './names.js'

export const kakaocloudLifecycle: LifecycleTable<KakaocloudSlice> = {
  'kakaocloud.cluster.create': (slice, { target }, { realRedis }) => {
    const cluster = slice.clusters[target.id]
    if (cluster?.status !== ClusterStatus.Creating) return
    // real-Redis mode: Running only once the cluster's server answers PING
    if (realRedis && !realRedis.ready(String(target.id))) return WAIT
    cluster.status = ClusterStatus.Running
    cluster.endpoints = endpointsFor(cluster, realRedis?.host)
  },
  'kakaocloud.cluster.modify': (slice, { target }) => {
    const cluster = slice.clusters[target.id]
    if (cluster?.status !== ClusterStatus.Modifying) return
    cluster.status = ClusterStatus.Running
    cluster.parameterGroupSyncStatus = 'In-Sync'
  },
  'kakaocloud.cluster.delete': (slice, { target }) => {
    if (slice.clusters[target.id]?.status !== ClusterStatus.Deleting) return
    delete slice.clusters[target.id]
    forgetClusterNames()
  },
  'kakaocloud.backup.create': (slice, { target }) => {
    const backup = slice.backups[target.id]
    if (backup?.status === BackupStatus.Creating) backup.status = BackupStatus.Available
  },
}
