// Parameter and disabled-command rules (reference-more §6, §7): every item checked before any applies; a parameter
// change runs through `configuring`; disabled commands are stamped when first disabled.
import { scheduleTransition } from '../../../core/lifecycle.js'
import type { ProviderContext } from '../../../core/provider.js'
import { invalidArgument } from '../errors.js'
import { ownDraftInstance, ownInstance, requireRunning } from '../instance-route.js'
import { DELAYS, TRANSITIONS } from '../lifecycle.js'
import { wireTime, type JdcloudSlice } from '../model.js'
import type { Scope } from '../service.js'
import { configItem, effectiveConfig, parameterOf, unsupportedConfigs, valueProblem } from './model.js'
import type { ConfigChange, DisableCommandChange } from './schemas.js'

const ID = 'jdcloud'

export function describeInstanceConfig(ctx: ProviderContext, scope: Scope, id: string) {
  const stored = ownInstance(ctx, scope, id)
  const version = stored.instance.redisVersion
  return {
    unSupportConfigs: unsupportedConfigs(version),
    instanceConfig: effectiveConfig(stored).map(({ parameter, value }) => configItem(parameter, value, version)),
  }
}

export async function modifyInstanceConfig(ctx: ProviderContext, scope: Scope, now: number, id: string, items: ConfigChange[]) {
  await ctx.store.mutate<JdcloudSlice>(ID, (draft) => {
    const stored = ownDraftInstance(draft, scope, id)
    requireRunning(stored, 'change its parameters')
    const version = stored.instance.redisVersion
    const changes: Record<string, string> = {}
    // reference-more §6 (INF): unknown name, name not for this version, value out of range -> 400, checked all first
    for (const { configName, configValue } of items) {
      const parameter = parameterOf(configName)
      if (!parameter) throw invalidArgument(`configName ${configName} is not a modifiable parameter`)
      if (!parameter.versions.includes(version)) throw invalidArgument(`configName ${configName} is not supported by redisVersion ${version}`)
      if (Object.hasOwn(changes, configName)) throw invalidArgument(`configName ${configName} is listed more than once`)
      const problem = valueProblem(parameter, configValue, version)
      if (problem) throw invalidArgument(`configValue ${JSON.stringify(configValue)} of ${configName} ${problem}`)
      changes[configName] = configValue
    }
    // reference-more §6 (INF): running -> configuring -> running; the values take effect when it is running again
    stored.instance.cacheInstanceStatus = 'configuring'
    scheduleTransition(draft, TRANSITIONS.configured, now + ctx.delays.get(DELAYS.configure), { id, changes: JSON.stringify(changes) })
  })
}

export function getDisableCommands(ctx: ProviderContext, scope: Scope, id: string) {
  return { disableCommandLists: ownInstance(ctx, scope, id).disabledCommands ?? [] }
}

export async function setDisableCommands(ctx: ProviderContext, scope: Scope, now: number, id: string, changes: DisableCommandChange[]) {
  await ctx.store.mutate<JdcloudSlice>(ID, (draft) => {
    const stored = ownDraftInstance(draft, scope, id)
    requireRunning(stored, 'change its disabled commands')
    const list = (stored.disabledCommands ??= [])
    // reference-more §7 (INF): per entry, in order; disableTime stamped on the first disable and kept after
    for (const { commandName, isDisable } of changes) {
      const index = list.findIndex((c) => c.commandName === commandName)
      if (isDisable && index < 0) list.push({ commandName, disableTime: wireTime(now) })
      if (!isDisable && index >= 0) list.splice(index, 1)
    }
  })
}
