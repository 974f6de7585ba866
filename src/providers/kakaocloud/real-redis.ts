// Real-Redis mode for KakaoCloud: one redis-server per cluster or instance set: its port, its DB user (the only login
// when one is set) and the flavor's memory.
import type { RealRedisBinding } from '../../core/real-redis.js'
import { ClusterStatus, type KakaocloudSlice } from './model.js'

const GIB = 1024 * 1024 * 1024
// A cluster being deleted has no server any more.
const WITH_SERVER = new Set<string>([ClusterStatus.Creating, ClusterStatus.Running, ClusterStatus.Modifying])

export const kakaocloudRealRedis: RealRedisBinding<KakaocloudSlice> = {
  servers: (slice) =>
    Object.fromEntries(
      Object.values(slice.clusters)
        .filter((cluster) => WITH_SERVER.has(cluster.status))
        .map((cluster) => {
          // seed 001: userName is "-" when no DB user is set; reference §6: the DB user logs in with its password
          const password = slice.dbUserPasswords?.[cluster.objectId]
          const hasUser = cluster.userName !== '-' && password !== undefined
          return [
            cluster.objectId,
            {
              port: cluster.port,
              password: '',
              defaultUser: !hasUser,
              users: hasUser ? { [cluster.userName]: password } : {},
              // seed 001: the flavor's memory is in GiB
              maxmemoryBytes: cluster.memory * GIB,
              // cluster mode: a one-node Redis Cluster, so cluster clients work (shards and replicas are not emulated)
              cluster: cluster.clusterEnabled,
            },
          ]
        }),
    ),
}
