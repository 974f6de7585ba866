// The result bodies of describeInstanceConfig and getDisableCommands as service.ts builds them (reference-more §6, §7;
// model.ts configItem), for the OpenAPI document; built on first use.
import { z } from 'zod'
import { lazy } from '../../../core/lazy.js'
import { disabledCommandRecord } from '../schemas.js'

export const instanceConfigResult = lazy(() => {
  const base = { configName: z.string(), configValue: z.string(), configDefaultValue: z.string() }
  const item = z.union([
    z.strictObject({ ...base, configValueType: z.literal('int'), configValueMin: z.number().int(), configValueMax: z.number().int() }),
    z.strictObject({ ...base, configValueType: z.literal('string'), configValueOptional: z.array(z.string()) }),
  ])
  return z.strictObject({ unSupportConfigs: z.array(z.string()), instanceConfig: z.array(item) })
})

/** The stored DisableCommand records as they are. */
export const disableCommandsResult = lazy(() => z.strictObject({ disableCommandLists: z.array(disabledCommandRecord()) }))
