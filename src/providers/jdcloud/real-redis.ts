// Real-Redis mode for JDCloud: one redis-server per instance (port, password, class memory), `error` when it dies; its
// accounts are ACL users, its parameters are CONFIG SET, its disabled commands are refused by ACL (reference-more §2, §6, §7).
import type { RealRedisBinding, RedisServerSpec } from '../../core/real-redis.js'
import { READ_ONLY_RULES } from './accounts/model.js'
import { serverConfig } from './config/model.js'
import type { JdcloudSlice, StoredInstance } from './model.js'

// An instance being deleted or in error has no server (seed 000: both are the states a delete accepts).
const SERVERLESS = new Set(['deleting', 'error'])

function serverSpec(s: StoredInstance): RedisServerSpec {
  const accounts = s.redisAccounts ?? []
  return {
    port: s.instance.port,
    // resetCacheInstancePassword's password (the default account's) is requirepass; the class memory is maxmemory
    password: s.password,
    maxmemoryBytes: s.instance.cacheInstanceMemoryMB * 1024 * 1024,
    users: Object.fromEntries(accounts.map((a) => [a.accountName, a.password])),
    userRules: Object.fromEntries(accounts.filter((a) => a.accountPrivilege === 'RoleReadOnly').map((a) => [a.accountName, READ_ONLY_RULES])),
    disabledCommands: (s.disabledCommands ?? []).map((c) => c.commandName),
    config: serverConfig(s),
  }
}

export const jdcloudRealRedis: RealRedisBinding<JdcloudSlice> = {
  servers: (slice) =>
    Object.fromEntries(
      Object.values(slice.instances)
        .filter((s) => !SERVERLESS.has(s.instance.cacheInstanceStatus))
        .map((s) => [s.instance.cacheInstanceId, serverSpec(s)]),
    ),
  // reference §3 CacheInstance.cacheInstanceStatus `error`: the documented state of a broken instance
  failed: (draft, key) => {
    const stored = draft.instances[key]
    if (stored && stored.instance.cacheInstanceStatus !== 'deleting') stored.instance.cacheInstanceStatus = 'error'
  },
}
