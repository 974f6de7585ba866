// Real-Redis mode for Redis To Go: one redis-server per instance: its port, password, the plan's memory and `databases`.
import type { RealRedisBinding } from '../../core/real-redis.js'
import type { RedistogoSlice } from './model.js'

export const redistogoRealRedis: RealRedisBinding<RedistogoSlice> = {
  servers: (slice) =>
    Object.fromEntries(
      Object.values(slice.instances).map((instance) => [
        String(instance.id),
        // reference §3: password is the redis AUTH password; memory the plan's bytes; databases the server setting
        { port: instance.port, password: instance.password, maxmemoryBytes: instance.memory, databases: instance.databases },
      ]),
    ),
}
