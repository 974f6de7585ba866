// Real-Redis mode for JDCloud: one redis-server per instance (port, password, class memory), `error` when it dies.
import type { RealRedisBinding } from '../../core/real-redis.js'
import type { JdcloudSlice } from './model.js'

// An instance being deleted or in error has no server (seed 000: both are the states a delete accepts).
const SERVERLESS = new Set(['deleting', 'error'])

export const jdcloudRealRedis: RealRedisBinding<JdcloudSlice> = {
  servers: (slice) =>
    Object.fromEntries(
      Object.values(slice.instances)
        .filter((s) => !SERVERLESS.has(s.instance.cacheInstanceStatus))
        .map((s) => [
          s.instance.cacheInstanceId,
          // resetCacheInstancePassword's password is requirepass; the class memory is maxmemory
          { port: s.instance.port, password: s.password, maxmemoryBytes: s.instance.cacheInstanceMemoryMB * 1024 * 1024 },
        ]),
    ),
  // reference §3 CacheInstance.cacheInstanceStatus `error`: the documented state of a broken instance
  failed: (draft, key) => {
    const stored = draft.instances[key]
    if (stored && stored.instance.cacheInstanceStatus !== 'deleting') stored.instance.cacheInstanceStatus = 'error'
  },
}
