// Redis To Go's instance machine (seed 003 shows `new` and `running`): POST -> new -> (delay) -> running.
import { WAIT, type LifecycleTable } from '../../core/lifecycle.js'
import { railsTime, type RedistogoSlice } from './model.js'

/** Transition kind and the name of its delay. */
export const INSTANCE_CREATE = 'redistogo.instance.create'

export const DELAY_DEFAULTS: Record<string, number> = {
  [INSTANCE_CREATE]: 1000,
}

export const redistogoLifecycle: LifecycleTable<RedistogoSlice> = {
  [INSTANCE_CREATE]: (slice, transition, { realRedis }) => {
    const instance = slice.instances[String(transition.target.id)]
    if (!instance || instance.status !== 'new') return
    // real-Redis mode: running only once the instance's server answers PING
    if (realRedis && !realRedis.ready(String(instance.id))) return WAIT
    instance.status = 'running'
    // Rails touches updated_at when the provisioning job saves the new status.
    instance.updated_at = railsTime(transition.at)
  },
}
