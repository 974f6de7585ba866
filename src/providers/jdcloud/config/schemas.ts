// zod schemas of the parameter and disabled-command bodies (reference-more §6, §7).
import { z } from 'zod'
import { lazy } from '../../../core/lazy.js'

// Schemas are built on first use (lazy()), not at import: start-up time (issue #20).

// reference-more §6: each item needs configName and configValue (ConfigItem's other fields are ignored)
export const modifyInstanceConfigBody = lazy(() => z.object({
  instanceConfig: z
    .array(z.object({ configName: z.string().min(1, 'configName is required'), configValue: z.string({ message: 'configValue must be a string' }) }), {
      message: 'instanceConfig is required',
    })
    .min(1, 'instanceConfig must list at least one parameter'),
}))

// reference-more §7 (INF): any non-empty command name, compared case-insensitively; a plausible command spelling
// (letters, digits, `-`, `_`, and `|` for a subcommand as in ACL rules)
const commandName = lazy(() => z
  .string()
  .transform((name) => name.toLowerCase())
  .pipe(z.string().regex(/^[a-z][a-z0-9_-]{0,63}(\|[a-z0-9_-]{1,64})?$/, 'commandName must be a Redis command name')))

// reference-more §1.4: required per GO/PY; an empty list is refused (INF)
export const setDisableCommandsBody = lazy(() => z.object({
  disableCommands: z
    .array(z.object({ commandName: commandName(), isDisable: z.boolean({ message: 'isDisable must be true or false' }) }), { message: 'disableCommands is required' })
    .min(1, 'disableCommands must list at least one command'),
}))

export type ConfigChange = z.infer<ReturnType<typeof modifyInstanceConfigBody>>['instanceConfig'][number]
export type DisableCommandChange = z.infer<ReturnType<typeof setDisableCommandsBody>>['disableCommands'][number]
