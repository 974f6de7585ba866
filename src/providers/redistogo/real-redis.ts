// Real-Redis mode for Redis To Go: one redis-server per instance: its port, password, the plan's memory and `databases`.
import type { RealRedisBinding } from '../../core/real-redis.js'
import type { RedistogoSlice } from './model.js'

export const redistogoRealRedis: RealRedisBinding<RedistogoSlice> = {
  servers: (slice) =>
    Object.fromEntries(
      Object.values(slice.instances).map((instance) => {
        // seed 003: url is redis://<account username>:<password>@host:port/. Redis 2 ignored that user name, clients of
        // Redis 6+ send it with AUTH: an ACL user of that name with the same password lets the url work as given.
        const username = slice.accounts.find((a) => a.user_id === instance.user_id)?.username
        return [
          String(instance.id),
          // reference §3: password is the redis AUTH password; memory the plan's bytes; databases the server setting
          {
            port: instance.port,
            password: instance.password,
            users: username && username !== 'default' ? { [username]: instance.password } : {},
            maxmemoryBytes: instance.memory,
            databases: instance.databases,
          },
        ]
      }),
    ),
}
