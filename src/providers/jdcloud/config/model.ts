// Instance configuration parameters and disabled commands (reference-more §6, §7): the documented parameter catalogue
// per engine version, its validation and the wire views.
import type { RedisVersion, StoredInstance } from '../model.js'

export interface DisabledCommand {
  commandName: string
  disableTime: string
}

interface ParameterBase {
  name: string
  versions: RedisVersion[]
  defaultValue: string
  /** false: redis-server 3.2+ has no such parameter (2.8's ziplist lists became quicklists); stored only. */
  onServer: boolean
}
type Parameter =
  | (ParameterBase & { type: 'int'; min: number; max: number })
  | (ParameterBase & { type: 'string'; options: (version: RedisVersion) => string[] })
  | (ParameterBase & { type: 'flags'; letters: string })

const BOTH: RedisVersion[] = ['2.8', '4.0']
const int = (name: string, versions: RedisVersion[], defaultValue: number, min: number, max: number): Parameter => ({
  name,
  versions,
  defaultValue: String(defaultValue),
  onServer: true,
  type: 'int',
  min,
  max,
})

const POLICIES_28 = ['volatile-lru', 'allkeys-lru', 'volatile-random', 'allkeys-random', 'volatile-ttl', 'noeviction']

/** reference-more §6 table, in its order: names, engine versions, defaults, ranges. */
export const PARAMETERS: Parameter[] = [
  {
    name: 'maxmemory-policy',
    versions: BOTH,
    defaultValue: 'volatile-lru',
    onServer: true,
    type: 'string',
    // 4.0 adds the LFU policies
    options: (version) => (version === '2.8' ? POLICIES_28 : ['volatile-lru', 'allkeys-lru', 'volatile-lfu', 'allkeys-lfu', ...POLICIES_28.slice(2)]),
  },
  int('hash-max-ziplist-entries', BOTH, 512, 0, 10000),
  int('hash-max-ziplist-value', BOTH, 64, 0, 10000),
  { ...int('list-max-ziplist-entries', ['2.8'], 512, 0, 10000), onServer: false },
  { ...int('list-max-ziplist-value', ['2.8'], 64, 0, 10000), onServer: false },
  int('list-max-ziplist-size', ['4.0'], -2, -5, 10000),
  int('list-compress-depth', ['4.0'], 0, 0, 10000),
  int('set-max-intset-entries', BOTH, 512, 0, 10000),
  int('zset-max-ziplist-entries', BOTH, 128, 0, 10000),
  int('zset-max-ziplist-value', BOTH, 64, 0, 10000),
  // reference-more §6: 0-10000 as published, in microseconds
  int('slowlog-log-slower-than', BOTH, 10000, 0, 10000),
  // reference-more §6: any combination of K E g $ l s h z x e A, or empty
  { name: 'notify-keyspace-events', versions: ['4.0'], defaultValue: '', onServer: true, type: 'flags', letters: 'KEg$lshzxeA' },
]

const byName = new Map(PARAMETERS.map((p) => [p.name, p]))

export function parameterOf(name: string): Parameter | undefined {
  return byName.get(name)
}

/** The reason a value is refused, or undefined when it is allowed (reference-more §6 ranges). */
export function valueProblem(parameter: Parameter, value: string, version: RedisVersion): string | undefined {
  switch (parameter.type) {
    case 'int': {
      const n = /^-?\d{1,6}$/.test(value) ? Number(value) : NaN
      return Number.isInteger(n) && n >= parameter.min && n <= parameter.max ? undefined : `must be an integer in [${parameter.min}, ${parameter.max}]`
    }
    case 'string':
      return parameter.options(version).includes(value) ? undefined : `must be one of ${parameter.options(version).join(', ')}`
    case 'flags':
      return [...value].every((c) => parameter.letters.includes(c)) && new Set(value).size === value.length
        ? undefined
        : `must be a combination of the letters ${parameter.letters.split('').join(' ')}, or empty`
  }
}

/** Every parameter's value now: the stored changes over the defaults. */
export function effectiveConfig(stored: StoredInstance): { parameter: Parameter; value: string }[] {
  return PARAMETERS.filter((p) => p.versions.includes(stored.instance.redisVersion)).map((parameter) => ({
    parameter,
    value: stored.instanceConfig?.[parameter.name] ?? parameter.defaultValue,
  }))
}

/** reference-more §6 ConfigItem as describeInstanceConfig sends it, with the optional fields for its type. */
export function configItem(parameter: Parameter, value: string, version: RedisVersion) {
  const base = { configName: parameter.name, configValue: value, configDefaultValue: parameter.defaultValue }
  switch (parameter.type) {
    case 'int':
      return { ...base, configValueType: 'int', configValueMin: parameter.min, configValueMax: parameter.max }
    case 'string':
      return { ...base, configValueType: 'string', configValueOptional: parameter.options(version) }
    case 'flags':
      // INF: the letters are the allowed values of a string parameter
      return { ...base, configValueType: 'string', configValueOptional: parameter.letters.split('') }
  }
}

/** reference-more §6 unSupportConfigs (INF): the documented parameters that do not apply to this engine version. */
export function unsupportedConfigs(version: RedisVersion): string[] {
  return PARAMETERS.filter((p) => !p.versions.includes(version)).map((p) => p.name)
}

/** Real-Redis mode: the parameters CONFIG SET applies on the instance's server. */
export function serverConfig(stored: StoredInstance): Record<string, string> {
  return Object.fromEntries(effectiveConfig(stored).filter(({ parameter }) => parameter.onServer).map(({ parameter, value }) => [parameter.name, value]))
}
