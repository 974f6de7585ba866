// Emulator settings: storage, host and ports, TLS, delays, control token, per-provider settings.
// Checked here by hand, not with zod: they are read at every start, and loading zod and building its first schemas
// cost about 20 ms of a 200 ms start (issue #20); providers build their zod schemas when a request first needs them.

export interface ProviderOptions {
  enabled?: boolean
  /** The provider's main listener. */
  port?: number
  /** Extra listeners by name, e.g. { http: 8080 } for redis-enterprise. */
  ports?: Record<string, number>
  /** TLS on the listeners that use it by default (redis-enterprise 9443). */
  tls?: boolean
  settings?: Record<string, boolean | number | string>
}

export interface EmulatorOptions {
  host?: string
  dataDir?: string
  inMemory?: boolean
  /** Every named delay 0 (explicit `delays` still win). */
  fast?: boolean
  delays?: Record<string, number>
  /** 0: every listener on a random free port (for test suites). */
  port?: 0
  controlToken?: string
  seedFile?: string
  bodyLimitBytes?: number
  /** How many requests GET /_emulator/requests keeps (oldest dropped first). */
  journalSize?: number
  /** Most bytes of each journalled request and response body; longer bodies are cut (and marked as cut). */
  journalMaxBodyBytes?: number
  /** Most bytes the whole journal retains (oldest entries dropped first). */
  journalMaxBytes?: number
  providers?: Record<string, ProviderOptions>
  /** Back every created database with a real redis-server on 127.0.0.1. */
  realRedis?: boolean
  /** At most this many real servers at once; creating more answers each provider's quota/resources error. */
  realRedisMaxServers?: number
  /** The redis-server to run (default: the one on PATH). */
  redisServerPath?: string
}

type OptionalKeys = 'port' | 'controlToken' | 'seedFile' | 'redisServerPath'
export type EmulatorConfig = Required<Omit<EmulatorOptions, OptionalKeys>> & Pick<EmulatorOptions, OptionalKeys>

export class ConfigError extends Error {}

/** What a value is, in an error message. */
function kind(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'number' && Number.isNaN(value)) return 'NaN'
  return typeof value
}

/** A check answers what is wrong with a value, or undefined. */
type Check = (value: unknown) => string | undefined

const text: Check = (value) =>
  typeof value !== 'string' ? `expected a string, got ${kind(value)}` : value.length === 0 ? 'expected a non-empty string' : undefined

const flag: Check = (value) => (typeof value === 'boolean' ? undefined : `expected a boolean, got ${kind(value)}`)

function wholeNumber(min: number, max = Number.MAX_SAFE_INTEGER): Check {
  return (value) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) return `expected a number, got ${kind(value)}`
    if (!Number.isSafeInteger(value)) return 'expected a whole number'
    if (value < min) return `expected a number >= ${min}`
    if (value > max) return `expected a number <= ${max}`
    return undefined
  }
}

const port = wholeNumber(0, 65535)
const settingValue: Check = (value) =>
  ['boolean', 'number', 'string'].includes(typeof value) && !Number.isNaN(value) ? undefined : `expected a boolean, number or string, got ${kind(value)}`

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Collects every problem as `path: message`, as one ConfigError reports them. */
class Problems {
  readonly list: string[] = []
  add(path: string, message: string | undefined): void {
    if (message) this.list.push(`${path}: ${message}`)
  }
}

/** The keys of `value` outside `known`: an unknown option is refused, not ignored (a typo would otherwise pass). */
function unknownKeys(value: Record<string, unknown>, known: readonly string[], path: string, problems: Problems): void {
  for (const key of Object.keys(value)) if (!known.includes(key)) problems.add(path, `unknown option "${key}"`)
}

function record<T>(value: unknown, path: string, problems: Problems, entry: (item: unknown, itemPath: string) => T | undefined): Record<string, T> | undefined {
  if (!isPlainObject(value)) {
    problems.add(path, `expected an object, got ${kind(value)}`)
    return undefined
  }
  const out: Record<string, T> = {}
  for (const [key, item] of Object.entries(value)) {
    const checked = entry(item, `${path}.${key}`)
    if (checked !== undefined) out[key] = checked
  }
  return out
}

function checked<T>(value: unknown, check: Check, path: string, problems: Problems): T | undefined {
  const problem = check(value)
  problems.add(path, problem)
  return problem ? undefined : (value as T)
}

const PROVIDER_KEYS = ['enabled', 'port', 'ports', 'tls', 'settings'] as const

function providerOptions(value: unknown, path: string, problems: Problems): ProviderOptions | undefined {
  if (!isPlainObject(value)) {
    problems.add(path, `expected an object, got ${kind(value)}`)
    return undefined
  }
  unknownKeys(value, PROVIDER_KEYS, path, problems)
  const out: ProviderOptions = {}
  if (value.enabled !== undefined) out.enabled = checked(value.enabled, flag, `${path}.enabled`, problems)
  if (value.port !== undefined) out.port = checked(value.port, port, `${path}.port`, problems)
  if (value.ports !== undefined) out.ports = record(value.ports, `${path}.ports`, problems, (item, p) => checked<number>(item, port, p, problems))
  if (value.tls !== undefined) out.tls = checked(value.tls, flag, `${path}.tls`, problems)
  if (value.settings !== undefined) {
    out.settings = record(value.settings, `${path}.settings`, problems, (item, p) => checked<boolean | number | string>(item, settingValue, p, problems))
  }
  return out
}

/** Reads one option at `path`: its value when right, else undefined and a problem noted. */
type Reader = (value: unknown, path: string, problems: Problems) => unknown
const plain =
  (check: Check): Reader =>
  (value, path, problems) =>
    checked(value, check, path, problems)

/** Each option: how it is read, and the value it takes when absent (none: it stays absent). */
const OPTIONS: Record<keyof EmulatorOptions, { read: Reader; absent?: () => unknown }> = {
  host: { read: plain(text), absent: () => '127.0.0.1' },
  dataDir: { read: plain(text), absent: () => './.emulator-data' },
  inMemory: { read: plain(flag), absent: () => false },
  fast: { read: plain(flag), absent: () => false },
  delays: { read: (value, path, problems) => record(value, path, problems, (ms, p) => checked<number>(ms, wholeNumber(0), p, problems)), absent: () => ({}) },
  port: { read: plain((value) => (value === 0 ? undefined : `expected 0, got ${kind(value)} ${String(value)}`)) },
  controlToken: { read: plain(text) },
  seedFile: { read: plain(text) },
  bodyLimitBytes: { read: plain(wholeNumber(1024)), absent: () => 1024 * 1024 },
  journalSize: { read: plain(wholeNumber(0, 100_000)), absent: () => 1000 },
  journalMaxBodyBytes: { read: plain(wholeNumber(0, 16 * 1024 * 1024)), absent: () => 64 * 1024 },
  journalMaxBytes: { read: plain(wholeNumber(0, 4 * 1024 * 1024 * 1024)), absent: () => 32 * 1024 * 1024 },
  providers: { read: (value, path, problems) => record(value, path, problems, (item, p) => providerOptions(item, p, problems)), absent: () => ({}) },
  realRedis: { read: plain(flag), absent: () => false },
  realRedisMaxServers: { read: plain(wholeNumber(1, 1000)), absent: () => 16 },
  redisServerPath: { read: plain(text) },
}

/** The options with their defaults filled in; a ConfigError lists every option that is wrong. */
export function parseConfig(options: unknown): EmulatorConfig {
  const given = options ?? {}
  if (!isPlainObject(given)) throw new ConfigError(`invalid emulator options: options: expected an object, got ${kind(given)}`)
  const problems = new Problems()
  unknownKeys(given, Object.keys(OPTIONS), 'options', problems)
  const config: Record<string, unknown> = {}
  for (const [key, { read, absent }] of Object.entries(OPTIONS)) {
    if (given[key] !== undefined) config[key] = read(given[key], key, problems)
    else if (absent) config[key] = absent()
  }
  if (problems.list.length) throw new ConfigError(`invalid emulator options: ${problems.list.join('; ')}`)
  return config as EmulatorConfig
}
