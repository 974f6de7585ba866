// Real-Redis mode for Redis Enterprise: one redis-server per (non-memcached) database: endpoint port, the redis and
// admin passwords, memory_size and eviction_policy; a database whose server cannot start is `creation-failed`.
import type { RealRedisBinding, RedisServerSpec } from '../../core/real-redis.js'
import type { Bdb, JsonObject, RedisEnterpriseSlice, User } from './model.js'
import { aclUsersOf, holdersByRole } from './access/real-redis.js'
import { bdbPasswords } from './access/service.js'

/** The ACL user that holds authentication_admin_pass, so reset_admin_pass changes something a client can see. */
export const ADMIN_USER = 'admin'

// reference §2.1: a database being deleted or whose creation failed has no shard to connect to
const SERVERLESS = new Set(['delete-pending', 'creation-failed'])

function serverSpec(slice: RedisEnterpriseSlice, bdb: Bdb, holders: Map<number, User[]>): RedisServerSpec {
  // reference §2.1: authentication_redis_pass is the default user's password ("" = none); reference-more §19: the
  // passwords routes give it more
  const [password = '', ...morePasswords] = bdbPasswords(slice, bdb)
  return {
    port: (bdb.endpoints as JsonObject[])[0].port as number,
    password,
    ...(morePasswords.length ? { morePasswords } : {}),
    users: { ...aclUsersOf(slice, bdb, holders), [ADMIN_USER]: (bdb.authentication_admin_pass as string | undefined) ?? '' },
    maxmemoryBytes: bdb.memory_size as number,
    maxmemoryPolicy: bdb.eviction_policy as string | undefined,
    // reference §2.1 oss_cluster: the OSS Cluster API; a one-node Redis Cluster answers it
    cluster: bdb.oss_cluster === true,
    // reference-more §20: stop_traffic until resume_traffic
    ...(bdb.traffic_manually_disabled === true ? { trafficStopped: true } : {}),
  }
}

export const redisEnterpriseRealRedis: RealRedisBinding<RedisEnterpriseSlice> = {
  servers: (slice) => {
    const holders = holdersByRole(slice)
    return Object.fromEntries(
      Object.values(slice.bdbs)
        // a memcached database speaks the memcached protocol, which redis-server does not
        .filter((bdb) => bdb.type !== 'memcached' && !SERVERLESS.has(bdb.status) && (bdb.endpoints as JsonObject[]).length > 0)
        .map((bdb) => [String(bdb.uid), serverSpec(slice, bdb, holders)]),
    )
  },
  failed: (draft, key) => {
    const bdb = draft.bdbs[key]
    if (bdb?.status !== 'pending') return
    bdb.status = 'creation-failed'
    delete bdb.action_uid
  },
}
